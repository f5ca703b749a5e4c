"""`python -m devstack` (what `make run` starts): the whole system on one machine until Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from devstack.engines import EngineError
from devstack.stack import LocalStack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="devstack", description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")),
                        help="HTTP port on 127.0.0.1 (env PORT; 0 picks a free one). Default 8000.")
    parser.add_argument("--state-dir", type=Path, default=os.environ.get("EVENTREG_STATE_DIR"),
                        help="where stack.json and the engine logs go (default .local/)")
    parser.add_argument("--no-seed", action="store_true", help="start without the demo event")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    stack = LocalStack(port=args.port, state_dir=args.state_dir, seed=not args.no_seed)
    try:
        print("eventreg: starting DynamoDB Local, moto server and the three services…", flush=True)
        stack.start()
        info = stack.info
        print(
            "\n".join(
                [
                    "",
                    f"eventreg is running at {info['url']}",
                    f"  back-office:           {info['back_office_url']}  (sign in: {info['sign_in_url']})",
                    f"  register (demo event): {info['event_url']}",
                    f"  event API:             {info['event_api_url']}",
                    f"  outbox (sent mail):    {info['outbox_url']}",
                    f"  run a job now:         curl -X POST {info['jobs_url']}/close-registrations",
                    f"  attendee list (CSV):   {info['attendees_csv_url']}",
                    f"  agenda (public):       {info['agenda_url']}  (also .pdf, .ics)",
                    f"  organiser token:       {info['organiser_token']}",
                    f"  e.g. curl -H 'Authorization: Bearer {info['organiser_token']}' "
                    f"{info['attendees_csv_url']}",
                    f"  details in {stack.stack_file}",
                    "Press Ctrl-C to stop everything.",
                ]
            ),
            flush=True,
        )
        stopping.wait()
    except EngineError as error:
        print(f"eventreg: {error}", file=sys.stderr)
        return 2
    finally:
        stack.stop()
        print("eventreg: stopped; nothing left running.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
