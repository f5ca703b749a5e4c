"""The reports flow: what organisers (and delegations) take away from an event, one folder per feature,
each read as content (pure), then its formats, then its request handling (views/pages/downloads); their
words come from the gettext catalogs (eventreg.locale.catalog):

attendees/   attendee lists: columns, presets, filters, listing; cells, csv_file, xlsx_file;
             downloads (HTTP), export_jobs (large lists to S3), final_list (frozen when registration closes)
agenda/      content (the programme as an agenda), ics, pdf (with its fonts/), views
statistics/  content (the figures), charts (SVG geometry), views
trips/       content (the delegation trip report), docx_file, pages
service      what the reports service works with: table, export items, S3, limits
stream       the service's stream handler: new export jobs, final lists frozen and superseded

The privacy officers' routes that the same service serves live in eventreg.privacy.
Nothing is imported here: each route loads only its own feature (the PDF's fpdf2 only for the PDF).
"""
