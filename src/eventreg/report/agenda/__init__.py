"""The agenda: content (the programme as days and slots), then ics, pdf (fonts/ ship with it) and views
(HTML, PDF, .ics over HTTP). Nothing is imported here: views loads pdf only for a PDF."""
