"""The delegation trip report: content (pure), texts (its words), docx_file (Word), pages (HTTP).
Nothing is imported here."""
