"""The statistics report: content (the figures), charts (SVG geometry), views (JSON or HTML).
Nothing is imported here."""
