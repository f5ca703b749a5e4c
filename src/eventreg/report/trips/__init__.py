"""The delegation trip report: content (pure), docx_file (Word), pages (HTTP).
Nothing is imported here."""
