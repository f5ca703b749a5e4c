"""Entry points: what the services' app.py call. http/ answers the registration service's routes, streams.py and
jobs.py hand stream batches and schedules to the flows, bootstrap.py builds the adapters and wires them in."""
