"""The registration service's HTTP side: pages (event, form, registration, delegations, documents, privacy),
manage (the signed self-service links), organisers (the organisers' JSON API), public (what the public sees of
an event), forms (form posts into the models' shape); routes/: the service's routes, a Chalice blueprint per room."""
