"""The embedded default: the whole system on one machine, no AWS account.

DynamoDB Local for the table (with its stream), a moto server for SES and S3, the three Chalice apps
on one HTTP origin, one reader of the stream feeding its two consumers (notifications, reports), the demo event.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from pathlib import Path
from typing import IO, Any

from devstack.apps import load_service
from devstack.dead_letters import DeadLetters
from devstack.dispatcher import Consumer, StreamDispatcher
from devstack.engines import LOOPBACK, DynamoDBLocal, MotoServer, free_port, project_root
from devstack.gateway import LocalHTTPServer, Mount, Router, chalice_handler
from devstack.outbox import SesOutbox, tools_app
from devstack.queue_poller import QueuePoller, create_queue
from devstack.scheduler import Scheduler
from devstack.seed import DEMO_EVENT_ID, DEMO_ORGANISER, PRIVACY_OFFICER, demo_event, other_event
from devstack.stream_filter import RecordFilter
from eventreg import auth
from eventreg.adapters import clients, jwt
from eventreg.adapters.dynamodb.stream_filters import NOTIFY_RECORDS, REPORT_RECORDS
from eventreg.config import settings
from eventreg.domain.broadcasts import MAX_RECEIVES
from eventreg.entrypoints.bootstrap import repository
from eventreg.schema import create_table_kwargs

log = logging.getLogger(__name__)

NOTIFICATIONS, REPORTS = "eventreg-notifications", "eventreg-reports"  # the stream's consumers (function names)
STREAM_CONSUMERS = (NOTIFICATIONS, REPORTS)


class LocalStack:
    def __init__(
        self,
        port: int = 8000,
        state_dir: Path | None = None,
        seed: bool = True,
        dispatch: bool = True,
        table: str = "eventreg-local",
        schedule_seconds: float = 30.0,
    ) -> None:
        self.requested_port = port
        self.state_dir = state_dir or project_root() / ".local"
        self.seed = seed
        self.dispatch = dispatch
        self.table = table
        self.dynamodb: DynamoDBLocal | None = None
        self.moto: MotoServer | None = None
        self.http: LocalHTTPServer | None = None
        self.dispatcher: StreamDispatcher | None = None  # the stream's one reader, for both consumers
        self.dead_letters: dict[str, DeadLetters] = {}  # consumer's function name -> its dead-letter queue
        self.schedule_seconds = schedule_seconds  # 0: jobs run only on demand
        self.scheduler: Scheduler | None = None
        self.message_poller: QueuePoller | None = None  # organisers' messages, a page of recipients per job
        self.certificate_poller: QueuePoller | None = None  # certificates of attendance, a page of attendees per job
        self._logs: list[IO[bytes]] = []
        self.info: dict[str, Any] = {}

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> LocalStack:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.dynamodb = DynamoDBLocal(log=self._log("dynamodb-local.log"))
        self.moto = MotoServer(log=self._log("moto.log"))
        self.dynamodb.start()
        self.moto.start()
        port = self.requested_port or free_port()
        url = f"http://{LOOPBACK}:{port}"
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": "local",
                "AWS_SECRET_ACCESS_KEY": "local",
                "AWS_DEFAULT_REGION": os.environ.get("AWS_DEFAULT_REGION", "eu-west-1"),
                "EVENTREG_TABLE": self.table,
                "EVENTREG_DYNAMODB_ENDPOINT": self.dynamodb.endpoint,
                "EVENTREG_AWS_ENDPOINT": self.moto.endpoint,
                "EVENTREG_JWT_SECRET": secrets.token_urlsafe(32),
                "EVENTREG_LINK_KEY": secrets.token_urlsafe(32),
                "EVENTREG_PUBLIC_URL": url,
            }
        )
        os.environ.pop("AWS_REGION", None)
        clients.reset()
        config = settings()
        stream_arn = self._create_table()
        clients.sesv2().create_email_identity(EmailIdentity=config.mail_from)
        location: Any = {"LocationConstraint": config.region}
        clients.s3().create_bucket(Bucket=config.bucket, CreateBucketConfiguration=location)
        # As on AWS, a dead-letter queue per stream consumer (its mapping's on-failure destination).
        self.dead_letters = {name: DeadLetters.create(clients.sqs(), f"{name}-dlq") for name in STREAM_CONSUMERS}
        os.environ["EVENTREG_STREAM_ARN"] = stream_arn
        # Organisers' messages (notifications) and certificates of attendance (reports): a queue each, with its
        # dead-letter queue.
        for name, variable in (("eventreg-messages", "EVENTREG_MESSAGES_QUEUE_URL"),
                               ("eventreg-certificates", "EVENTREG_CERTIFICATES_QUEUE_URL")):
            dlq = DeadLetters.create(clients.sqs(), f"{name}-dlq")
            dlq_arn = clients.sqs().get_queue_attributes(
                QueueUrl=dlq.url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            os.environ[variable] = create_queue(clients.sqs(), name, dlq_arn, MAX_RECEIVES)
        settings.cache_clear()  # the queue URL is known only now; the clients stay as they are
        if self.seed:
            repository().put_event(*demo_event())
            repository().put_event(*other_event())

        registration_service = load_service("registration", fresh=True)
        notifications = load_service("notifications", fresh=True)
        reports_service = load_service("reports", fresh=True)
        reports = reports_service.app
        self.scheduler = Scheduler({"close-registrations": registration_service.close_registrations,
                                    "send-reminders": notifications.send_event_reminders,
                                    "anonymise-expired-events": reports_service.anonymise_expired_events},
                                   every_seconds=self.schedule_seconds)
        router = Router(
            [
                Mount("", chalice_handler(registration_service.app)),
                Mount("/reports", chalice_handler(reports)),
                Mount("/_local", chalice_handler(
                    tools_app(SesOutbox(self.moto.endpoint), self.scheduler, self.dead_letters,
                              replay=self.replay_dead_letters))),
            ]
        )
        self.http = LocalHTTPServer((LOOPBACK, port), router)
        self.http.start()
        if self.schedule_seconds > 0:
            self.scheduler.start()
        if self.dispatch:
            # As on AWS (infra/docs/stream.md): two consumers, each with its filter, retries and dead letters; the
            # stream is read once for both.
            self.dispatcher = StreamDispatcher(clients.dynamodb_streams(), stream_arn, [
                self._consumer(NOTIFICATIONS, notifications, "on_table_change", NOTIFY_RECORDS),
                self._consumer(REPORTS, reports_service, "on_table_change", REPORT_RECORDS),
            ], region=config.region).start()
            # As on AWS, the notifications function's SQS event source mapping on the messages' queue.
            self.message_poller = QueuePoller(clients.sqs(), os.environ["EVENTREG_MESSAGES_QUEUE_URL"],
                                              notifications.on_message_job, "eventreg-notifications-messages",
                                              region=config.region).start()
            # And the reports function's on the certificates' queue.
            self.certificate_poller = QueuePoller(clients.sqs(), os.environ["EVENTREG_CERTIFICATES_QUEUE_URL"],
                                                  reports_service.on_certificate_job, "eventreg-reports-certificates",
                                                  region=config.region).start()

        token = jwt.issue_token(config.jwt_secret or "", DEMO_ORGANISER)
        privacy_token = jwt.issue_token(config.jwt_secret or "", PRIVACY_OFFICER, groups=[auth.PRIVACY_OFFICERS])
        self.info = {
            "url": url,
            "event_url": f"{url}/events/{DEMO_EVENT_ID}/register",
            "event_api_url": f"{url}/events/{DEMO_EVENT_ID}",
            "outbox_url": f"{url}/_local/outbox",
            "jobs_url": f"{url}/_local/jobs",
            "dead_letters_url": f"{url}/_local/dead-letters",
            "attendees_csv_url": f"{url}/reports/events/{DEMO_EVENT_ID}/attendees.csv",
            "agenda_url": f"{url}/reports/events/{DEMO_EVENT_ID}/agenda.html",
            "statistics_url": f"{url}/reports/events/{DEMO_EVENT_ID}/statistics.html",
            "back_office_url": f"{url}/organiser/",
            "sign_in_url": f"{url}/_local/sign-in",
            "demo_event_id": DEMO_EVENT_ID,
            "organiser_id": DEMO_ORGANISER,
            "organiser_token": token,
            # POST {url}/reports/privacy/erasures {"email": ...} -> 202; GET its Location for the outcome
            "privacy_officer_token": privacy_token,
            "table": self.table,
            "stream_arn": stream_arn,
            "dynamodb_endpoint": self.dynamodb.endpoint,
            "aws_endpoint": self.moto.endpoint,
            "pids": {"stack": os.getpid(), "dynamodb_local": self.dynamodb.pid, "moto_server": self.moto.pid},
        }
        self.stack_file.write_text(json.dumps(self.info, indent=2) + "\n")

    @property
    def stack_file(self) -> Path:
        return self.state_dir / "stack.json"

    def stop(self) -> None:
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
            self.http = None
        if self.dispatcher is not None:
            self.dispatcher.stop()
            self.dispatcher = None
        if self.message_poller is not None:
            self.message_poller.stop()
            self.message_poller = None
        if self.certificate_poller is not None:
            self.certificate_poller.stop()
            self.certificate_poller = None
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler = None
        for engine in (self.moto, self.dynamodb):
            if engine is not None:
                engine.stop()
        self.moto = self.dynamodb = None
        for handle in self._logs:
            handle.close()
        self._logs.clear()
        self.stack_file.unlink(missing_ok=True)

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers --------------------------------------------------------------------------------
    def _consumer(self, name: str, service: Any, handler: str, filters: tuple[str, ...] = ()) -> Consumer:
        """A stream handler of a loaded service, with its batch size from its decorator (as its mapping has it)."""
        (batch_size,) = [s.batch_size for s in service.app.event_sources if s.name == handler]
        return Consumer(name, getattr(service, handler), RecordFilter.of(filters),
                        on_give_up=self.dead_letters[name].put, batch_size=batch_size)

    def replay_dead_letters(self, discard_expired: bool = False) -> dict[str, Any]:
        """Each consumer's dead letters replayed into its handler, in this process (tools/replay_dead_letters.py
        asks for it through POST /_local/dead-letters/replay)."""
        from devstack.replay import LocalConsumer, replay

        if self.dispatcher is None:
            return {"error": "the stack runs without its stream reader (dispatch=False)"}
        return {consumer.function_name: replay(self.dead_letters[consumer.function_name], clients.dynamodb_streams(),
                                               LocalConsumer(consumer), settings().region,
                                               discard_expired=discard_expired).as_dict()
                for consumer in self.dispatcher.consumers}

    def _log(self, name: str) -> IO[bytes]:
        handle = (self.state_dir / name).open("wb")
        self._logs.append(handle)
        return handle

    def _create_table(self) -> str:
        client = clients.dynamodb()
        client.create_table(**create_table_kwargs(self.table))
        for _ in range(100):
            table = client.describe_table(TableName=self.table)["Table"]
            if table["TableStatus"] == "ACTIVE":
                return table["LatestStreamArn"]
            time.sleep(0.1)
        raise RuntimeError("the table did not become ACTIVE")
