"""Who may do what: one declarative table of each Lambda function's rights, keyed by its Chalice handler.

IAM cannot scope DynamoDB writes by sort key (dynamodb:LeadingKeys only sees the partition key, here
EVENT#<id>), so where a function may write only certain items, its writes are scoped by the
attributes they may name (dynamodb:Attributes, which lists the attributes a request names, keys
included). Items with partitions of their own can be granted by partition key: the back-office's sessions
(OFFICE#SESSION#…, OFFICE#SIGN-IN#…) are. Where even that cannot be expressed, the table says so in a comment:
infra/README.md lists what each function can do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from eventreg.adapters.dynamodb.broadcasts import PROGRESS_ATTRIBUTES
from eventreg.adapters.dynamodb.office_sessions import SESSION_PREFIX, SIGN_IN_PREFIX
from eventreg.adapters.dynamodb.stream_filters import NOTIFY_RECORDS, REPORT_RECORDS
from eventreg.schema import PK, SK


class Grant(Enum):
    # Reads of the table and its indexes (GetItem, Query; never Scan).
    READ = "read"
    # The registration API: registrations, events, sessions, uniqueness and idempotency items, written in
    # transactions. Its whole job is to change them.
    REGISTER = "register"
    # Deadline closure: UpdateItem of an event's status and its sparse OpenByCutoff key, nothing else.
    CLOSE_EVENTS = "close_events"
    # Notifications' send log (SENT#… items): PutItem naming only the log's attributes. DeleteItem (to release
    # a claim whose send failed) cannot be scoped below "any item of the table": IAM sees no sort key.
    SEND_LOG = "send_log"
    # SES bounces/complaints: UpdateItem naming only the delivery status attributes.
    DELIVERY_STATUS = "delivery_status"
    # The reminder job marks an event reminded: UpdateItem naming only the reminder attributes.
    REMINDER_MARK = "reminder_mark"
    # ses:SendEmail/SendRawEmail from the stage's identity through its configuration set.
    SEND_MAIL = "send_mail"
    # Export job items (EXPORT#…) of the reports service: PutItem/UpdateItem, no DeleteItem. IAM cannot tell
    # an EXPORT# item from a registration, so this is "may put or update any item"; only the code limits it.
    EXPORT_JOBS = "export_jobs"
    # Retention: anonymise (UpdateItem) and erase (DeleteItem) registrations of events past retention.
    RETENTION = "retention"
    # S3: organisers' documents (documents/…) read and written through presigned URLs.
    DOCUMENTS = "documents"
    # S3: exports (exports/…) and frozen final lists (final-lists/…) read and written.
    EXPORTS = "exports"
    # S3: delete an event's exports and final lists, which hold personal data (retention).
    ERASE_FILES = "erase_files"
    # The table's stream, read by Lambda's event source mapping under the function's role, and its DLQ.
    STREAM = "stream"
    # The HMAC key of attendees' signed links: secretsmanager:GetSecretValue on its secret (its ARN in the
    # environment; read at runtime) and kms:Decrypt of the stage key through Secrets Manager.
    LINK_KEY = "link_key"
    # The key that signs the back-office's session cookies and CSRF tokens, likewise (the functions that open
    # sessions).
    SESSION_KEY = "session_key"
    # The back-office's sessions (OFFICE#SESSION#… items): GetItem, UpdateItem (the hourly check) and DeleteItem (a
    # session the provider no longer vouches for), only on items whose partition key is a session's
    # (dynamodb:LeadingKeys): whoever serves back-office pages or downloads opens sessions.
    SESSIONS = "sessions"
    # Signing in and out: PutItem and DeleteItem of sessions and of sign-ins under way (OFFICE#SIGN-IN#…, taken with
    # DeleteItem returning the item), on those partitions only.
    SIGN_IN = "sign_in"
    # The rotation of both keys: DescribeSecret, GetSecretValue, PutSecretValue, UpdateSecretVersionStage on the two
    # secrets only (Secrets Manager invokes the function; nothing else does).
    ROTATE_KEYS = "rotate_keys"
    # ssm:GetParameter of the stage's identity parameter: which user pool and back-office client to trust
    # (eventreg_infra.identity). Nothing secret in it.
    IDENTITY = "identity"
    # Organisers' messages to their registrants: sqs:SendMessage to the messages' queue (the registration API
    # queues a page of recipients per job).
    QUEUE_MESSAGES = "queue_messages"
    # The messages' queue read by Lambda's SQS event source mapping under the function's role.
    MESSAGE_JOBS = "message_jobs"
    # Certificates of attendance (#15): sqs:SendMessage to the certificates' queue (the back-office queues a page of
    # attendees per job), and that queue read by the reports function's mapping (it renders the PDFs).
    QUEUE_CERTIFICATES = "queue_certificates"
    CERTIFICATE_JOBS = "certificate_jobs"
    # A message's progress: UpdateItem (ADD) naming only its counters.
    MESSAGE_PROGRESS = "message_progress"
    # ssm:GetParameter of the stage's public URL (eventreg_infra.origin): every function, since any may make a
    # link (mails, Location headers, the manage URL); the URL is public, the grant is that one parameter.
    PUBLIC_URL = "public_url"


@dataclass(frozen=True)
class FunctionSpec:
    grants: frozenset[Grant]
    memory_mb: int = 512
    timeout_s: int = 30
    why: str = ""
    # Lambda event filtering on a stream handler's mapping (FilterCriteria patterns, JSON): records that
    # match none are dropped before the function is invoked. Empty: every record.
    stream_filters: tuple[str, ...] = ()


def spec(*grants: Grant, memory_mb: int = 512, timeout_s: int = 30, why: str = "",
         stream_filters: tuple[str, ...] = (), links: bool = True) -> FunctionSpec:
    """`links`: the function may write absolute links, so it reads the stage's public origin (PUBLIC_URL)."""
    public = {Grant.PUBLIC_URL} if links else set()
    return FunctionSpec(frozenset(grants) | public, memory_mb, timeout_s, why, stream_filters)


# Attributes each scoped write may name (see eventreg.adapters.dynamodb.repository).
SEND_LOG_ATTRIBUTES = (PK, SK, "type", "sent_at")
DELIVERY_STATUS_ATTRIBUTES = (PK, SK, "email_status", "email_status_at")
REMINDER_ATTRIBUTES = (PK, SK, "reminder_sent", "UPCOMING_PK", "starts_key")
# close_event: SET status, REMOVE OPEN_PK, under a condition on status and closes_at.
CLOSE_ATTRIBUTES = (PK, SK, "status", "OPEN_PK", "closes_at")
# Delivery counts a message's progress (eventreg.adapters.dynamodb.broadcasts.PROGRESS_ATTRIBUTES).
MESSAGE_PROGRESS_ATTRIBUTES = (PK, SK, *PROGRESS_ATTRIBUTES)
# The partitions of the back-office's items (adapters/dynamodb/office_sessions), as dynamodb:LeadingKeys patterns.
SESSION_PARTITIONS = (f"{SESSION_PREFIX}*",)
SIGN_IN_PARTITIONS = (f"{SESSION_PREFIX}*", f"{SIGN_IN_PREFIX}*")

API = "app"  # Chalice's handler name of the REST API's function (app.app)

# (service, Chalice handler name) -> rights. A function that Chalice generates and that is not listed
# here gets READ only, and synth warns about it (tests/infra fails on it), so a new handler never
# silently inherits write rights.
FUNCTIONS: dict[tuple[str, str], FunctionSpec] = {
    # SESSIONS and SIGN_IN add nothing to REGISTER's table-wide writes today; they say what the back-office needs,
    # so that the grants stay right if REGISTER is ever narrowed.
    ("registration", API): spec(Grant.READ, Grant.REGISTER, Grant.DOCUMENTS, Grant.LINK_KEY, Grant.SESSION_KEY,
                                Grant.SESSIONS, Grant.SIGN_IN, Grant.IDENTITY, Grant.QUEUE_MESSAGES,
                                Grant.QUEUE_CERTIFICATES,
                                why="public registration, self-service, the back-office and organiser API"),
    ("registration", "close_registrations"): spec(Grant.READ, Grant.CLOSE_EVENTS, timeout_s=60),
    # Its mapping's filter lets through registrations' and events' changes only: the back-office's session items
    # (a Cognito refresh token in their images) never reach it.
    ("notifications", "on_table_change"): spec(Grant.STREAM, Grant.READ, Grant.SEND_LOG, Grant.SEND_MAIL,
                                               Grant.LINK_KEY, timeout_s=120, stream_filters=NOTIFY_RECORDS),
    # Organisers' messages, a page of recipients per queued job: reads registrations, claims each in the send log,
    # sends, counts on the message item.
    ("notifications", "on_message_job"): spec(Grant.MESSAGE_JOBS, Grant.READ, Grant.SEND_LOG, Grant.SEND_MAIL,
                                              Grant.MESSAGE_PROGRESS, Grant.LINK_KEY, timeout_s=120,
                                              why="sends organisers' messages from their queue"),
    # Certificates of attendance, a page of attendees per queued job: reads registrations and check-ins, claims each
    # in the send log, renders the PDF, sends, counts on the message item.
    ("reports", "on_certificate_job"): spec(Grant.CERTIFICATE_JOBS, Grant.READ, Grant.SEND_LOG, Grant.SEND_MAIL,
                                            Grant.MESSAGE_PROGRESS, Grant.LINK_KEY, timeout_s=120,
                                            why="sends the certificates of attendance from their queue"),
    ("notifications", "on_ses_event"): spec(Grant.DELIVERY_STATUS, memory_mb=256),
    # Invoked by Secrets Manager only (a rotation schedule on each key, eventreg_infra.keys); no table, no mail.
    # It writes no link: not even the public origin's parameter.
    ("notifications", "rotate_key"): spec(Grant.ROTATE_KEYS, memory_mb=256, links=False,
                                          why="rotates the link and session keys (Secrets Manager's four steps)"),
    ("notifications", "send_event_reminders"): spec(Grant.READ, Grant.SEND_LOG, Grant.REMINDER_MARK,
                                                    Grant.SEND_MAIL, Grant.LINK_KEY, timeout_s=900),
    # LINK_KEY: the delegation lead's trip report is opened through a signed link, checked here.
    # IDENTITY: organisers' routes verify tokens and sessions in the function (no API Gateway authorizer).
    # SESSION_KEY, SESSIONS: the organisers' downloads open the back-office's sessions (sign-in and sign-out are the
    # registration service's).
    ("reports", API): spec(Grant.READ, Grant.EXPORT_JOBS, Grant.EXPORTS, Grant.LINK_KEY, Grant.SESSION_KEY,
                           Grant.SESSIONS, Grant.IDENTITY, memory_mb=1024, timeout_s=29,
                           why="organiser downloads; reads registrations, records export jobs"),
    # The reports service's one stream consumer (AWS throttles more than two readers per shard; notifications is the
    # other, infra/docs/stream.md): export jobs, frozen final lists, and erasure requests (issues #5, #6). The API
    # only records an erasure request (one PutItem, under EXPORT_JOBS); this handler carries it out, so it alone of
    # the reports service may change registrations: REGISTER for Manager.cancel's transactions (registration,
    # counters, waiting-list promotions: Put/Update/Delete/ConditionCheck; IAM has no TransactWriteItems action, a
    # transaction needs each of its parts) and for the anonymising writes. RETENTION is not listed: REGISTER already
    # holds all it would add. LINK_KEY: a badge export (#15) signs each person's check-in code for the QR; it signs no
    # other link and sends no mail (the promoted hear from notifications). 900 s: a badge export of an EWRC-sized event
    # takes minutes (bench/badges.py), within the export job's 15-minute lease.
    # Its mapping's filter (adapters/dynamodb/stream_filters) lets only those records through.
    ("reports", "on_table_change"): spec(Grant.STREAM, Grant.READ, Grant.EXPORT_JOBS, Grant.EXPORTS, Grant.REGISTER,
                                         Grant.LINK_KEY, memory_mb=1024, timeout_s=900, stream_filters=REPORT_RECORDS,
                                         why="export jobs, final lists and erasure requests, from the stream"),
    ("reports", "anonymise_expired_events"): spec(Grant.READ, Grant.RETENTION, Grant.ERASE_FILES,
                                                  memory_mb=512, timeout_s=900),
}

UNLISTED = spec(Grant.READ)


def function_spec(service: str, handler: str) -> FunctionSpec | None:
    return FUNCTIONS.get((service, handler))
