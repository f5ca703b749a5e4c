"""Registration service: public event pages and the registration API, the organisers' back-office. Its routes are
Chalice blueprints, one per room (eventreg.entrypoints.http.routes), registered here in order; rules live in
eventreg."""

from __future__ import annotations

import gc

gc.disable()  # cold start: no collections while the app loads (see the end of this file)

from typing import Any

from chalice import Chalice, Rate

from eventreg.entrypoints import jobs, snapshot
from eventreg.entrypoints.bootstrap.registration import Registration
from eventreg.entrypoints.http.multipart import MULTIPART
from eventreg.entrypoints.http.routes import (
    checkin_desk,
    office_events,
    office_files,
    office_messages,
    office_programme,
    office_registrations,
    organisers_api,
    public,
    sign_in,
)
from eventreg.entrypoints.observability import observe
from eventreg.http import WASM, install

app = install(observe(Chalice(app_name="eventreg-registration")))
app.api.binary_types.append(MULTIPART)  # a form with a file (the programme import): its bytes as sent
app.api.binary_types.append(WASM)  # the check-in desk's QR decoder
wired = Registration()  # built on first use, once per container

app.register_blueprint(public.routes(wired))
app.register_blueprint(sign_in.routes(wired))
app.register_blueprint(organisers_api.routes(wired))
app.register_blueprint(office_events.routes(wired))
app.register_blueprint(office_registrations.routes(wired))
app.register_blueprint(checkin_desk.routes(wired))
app.register_blueprint(office_messages.routes(wired))
app.register_blueprint(office_files.routes(wired))
app.register_blueprint(office_programme.routes(wired))


# -- jobs ---------------------------------------------------------------------------------------------
@app.schedule(Rate(1, unit=Rate.MINUTES))
def close_registrations(event: Any) -> None:
    jobs.close_registrations()


# Lambda SnapStart, where infra turns it on (eventreg_infra.releases.SNAPSTARTED): what the first invocations would
# still load is loaded before the snapshot (eventreg.entrypoints.snapshot). Off Lambda this registers nothing.
snapshot.register(modules=("eventreg.register.registering", "email_validator", "aws_xray_sdk.core"),
                  clients=("dynamodb", "sqs", "s3", "secretsmanager"))

# Cold start: loading the app builds ~50,000 objects that live as long as the container, and the collector,
# run every 700 allocations, scanned them again and again (~100 ms of registration's import on this machine,
# one full collection included). Collection was off while loading; the loaded objects are now moved out of its
# sight (gc.freeze), so neither this nor later collections during requests scan them, and collection resumes.
gc.freeze()
gc.enable()
