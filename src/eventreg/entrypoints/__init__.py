"""Entry points: what the services' app.py call. http/ answers the registration service's routes, streams/ and
jobs.py hand stream batches and schedules to the flows, bootstrap/ builds the adapters and wires them in (one
module per service)."""
