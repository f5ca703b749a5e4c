"""The registration service's routes, as Chalice blueprints, one module per room; services/registration/app.py
registers them, in this order (the order of its route table):
public                the event pages, the registration API, the attendees' own links, the API's description
sign_in               the back-office's door: signing in and out, its home page
organisers_api        the organisers' JSON API (and the pages a browser gets at the same paths)
office_events         creating and editing an event, its status
office_registrations  an event's registrations, on the attendees' behalf, the waiting lists
checkin_desk          the check-in desk
office_messages       messages to an event's registrants
office_files          the downloads page and the event's documents
office_programme      the programme: sessions, import from CSV/XLSX
guards                what guards an organisers' route (identified, recorded, errors as pages)
Each module's `routes(wired)` makes a new blueprint on the service's wiring, so that loading the app again (a new
local stack, a test) gets new routes on the new wiring. Nothing is imported here.
"""
