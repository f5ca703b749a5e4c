"""Attendee lists: columns → presets → filters → listing (pure), the CSV/XLSX writers, downloads (HTTP),
export jobs and the frozen final list. Nothing is imported here."""
