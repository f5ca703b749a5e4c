"""The synthesized stacks (aws_cdk.assertions): the table from the schema, triggers, schedules, least
privilege, throttling and alarms."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fixtures import load_event
from infra_support import Synth, function_id

from devstack.apps import SERVICES, load_service
from devstack.stream_filter import RecordFilter
from eventreg import schema
from eventreg.adapters.dynamodb.stream_filters import NOTIFY_RECORDS, REPORT_RECORDS

Match = pytest.importorskip("aws_cdk.assertions").Match

STAGES = ("dev", "prod")


def resources(synth: Synth, stage: str, kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in synth.raw(stage)["Resources"].items() if v["Type"] == kind}


def functions(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    """Chalice handler name (per service) -> the function's properties."""
    found = {}
    for props in (r["Properties"] for r in resources(synth, stage, "AWS::Serverless::Function").values()):
        service = props["FunctionName"].split("-")[2]
        found[(service, props["Handler"].removeprefix("app."))] = props
    return found


def role_statements(synth: Synth, stage: str, function: dict[str, Any]) -> list[dict[str, Any]]:
    role_id = function["Role"]["Fn::GetAtt"][0]
    role = synth.raw(stage)["Resources"][role_id]["Properties"]
    return [s for policy in role.get("Policies", []) for s in policy["PolicyDocument"]["Statement"]]


def actions(statement: dict[str, Any]) -> list[str]:
    listed = statement["Action"]
    return [listed] if isinstance(listed, str) else list(listed)


def partitions(statement: dict[str, Any]) -> list[str] | None:
    """The partition-key patterns a statement is limited to (dynamodb:LeadingKeys), None if it is not."""
    found = statement.get("Condition", {}).get("ForAllValues:StringLike", {}).get("dynamodb:LeadingKeys")
    return None if found is None else list(found)


def event_sources(kind: str) -> set[tuple[str, str]]:
    """(service, handler) of every Chalice event source of a kind in the services' app.py files."""
    found = set()
    for service in SERVICES:
        app = load_service(service).app
        for source in app.event_sources:
            if type(source).__name__ == kind:
                found.add((service, source.name))
    return found


@pytest.mark.parametrize("stage", STAGES)
def test_the_table_is_the_schema(synth: Synth, stage: str) -> None:
    expected = schema.create_table_kwargs("ignored")
    table = synth.templates[stage]
    table.has_resource_properties("AWS::DynamoDB::Table", {
        "KeySchema": expected["KeySchema"],
        "AttributeDefinitions": Match.array_equals(expected["AttributeDefinitions"]),
        "BillingMode": "PAY_PER_REQUEST",
        "StreamSpecification": {"StreamViewType": schema.TABLE.stream_view},
        "TimeToLiveSpecification": {"AttributeName": schema.TABLE.ttl_attribute, "Enabled": True},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": stage == "prod",
        "SSESpecification": Match.object_like({"SSEEnabled": True, "SSEType": "KMS"}),
    })
    (props,) = (r["Properties"] for r in resources(synth, stage, "AWS::DynamoDB::Table").values())
    indexes = {i["IndexName"]: i for i in props["GlobalSecondaryIndexes"]}
    assert indexes.keys() == {index.name for index in schema.TABLE.indexes}
    for wanted in expected["GlobalSecondaryIndexes"]:
        assert indexes[wanted["IndexName"]]["KeySchema"] == wanted["KeySchema"]
        assert indexes[wanted["IndexName"]]["Projection"] == wanted["Projection"]


def test_prod_keeps_its_data_and_dev_can_be_torn_down(synth: Synth) -> None:
    for stage, policy in (("prod", "Retain"), ("dev", "Delete")):
        for kind in ("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::KMS::Key"):
            assert {r["DeletionPolicy"] for r in resources(synth, stage, kind).values()} == {policy}, (stage, kind)


def test_the_bucket_is_private_encrypted_and_expires_exports(synth: Synth) -> None:
    synth.templates["prod"].has_resource_properties("AWS::S3::Bucket", {
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                           "IgnorePublicAcls": True, "RestrictPublicBuckets": True},
        "BucketEncryption": {"ServerSideEncryptionConfiguration": [Match.object_like(
            {"ServerSideEncryptionByDefault": Match.object_like({"SSEAlgorithm": "aws:kms"})})]},
        "LifecycleConfiguration": {"Rules": Match.array_with([
            Match.object_like({"Prefix": "exports/", "ExpirationInDays": 7, "Status": "Enabled"}),
            # erased people's data in a rewritten or deleted final list goes within a day
            Match.object_like({"Prefix": "final-lists/", "Status": "Enabled",
                               "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}),
        ])},
        "VersioningConfiguration": {"Status": "Enabled"},
    })
    synth.templates["prod"].has_resource_properties("AWS::S3::BucketPolicy", {"PolicyDocument": {
        "Statement": Match.array_with([Match.object_like(
            {"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}})])}})


def test_ses_publishes_bounces_and_complaints_to_the_topic_the_handler_reads(synth: Synth) -> None:
    template = synth.templates["prod"]
    template.has_resource_properties("AWS::SES::ConfigurationSetEventDestination", {"EventDestination": {
        "Enabled": True, "MatchingEventTypes": ["bounce", "complaint"],
        "SnsDestination": {"TopicARN": {"Ref": Match.string_like_regexp("SesEvents")}}}})
    template.resource_count_is("AWS::SES::EmailIdentity", 1)
    (handler,) = [f for (service, name), f in functions(synth, "prod").items()
                  if (service, name) == ("notifications", "on_ses_event")]
    assert "Events" not in handler or not any(e["Type"] == "SNS" for e in handler["Events"].values())
    template.has_resource_properties("AWS::SNS::Subscription", {
        "Protocol": "lambda", "TopicArn": {"Ref": Match.string_like_regexp("SesEvents")},
        "Endpoint": {"Fn::GetAtt": [Match.string_like_regexp("OnSesEvent"), "Arn"]}})
    template.has_resource_properties("AWS::Lambda::Permission", {
        "Principal": "sns.amazonaws.com",
        "FunctionName": {"Fn::GetAtt": [Match.string_like_regexp("OnSesEvent"), "Arn"]}})


@pytest.mark.parametrize("stage", STAGES)
def test_every_stream_handler_gets_a_mapping_with_partial_failures_and_a_dead_letter_queue(
        synth: Synth, stage: str) -> None:
    """At most two readers of the table's stream (AWS throttles a shard's third Lambda reader), each with its
    own dead-letter queue, partial-batch failures, bisect, retries and a maximum record age."""
    handlers = event_sources("DynamoDBEventConfig")
    assert handlers == {("notifications", "on_table_change"), ("reports", "on_table_change")}
    table_id = next(iter(resources(synth, stage, "AWS::DynamoDB::Table")))
    mappings = [m for m in resources(synth, stage, "AWS::Lambda::EventSourceMapping").values()
                if "StreamArn" in json.dumps(m["Properties"]["EventSourceArn"])]  # the queue's mapping: below
    assert len(mappings) == len(handlers) <= 2
    queues = {json.dumps(m["Properties"]["DestinationConfig"]["OnFailure"]["Destination"]) for m in mappings}
    assert len(queues) == len(mappings)  # a dead-letter queue each: one consumer's replay never takes another's
    by_id = {k: v for k, v in synth.raw(stage)["Resources"].items()}
    mapped = set()
    for mapping in mappings:
        props = mapping["Properties"]
        assert props["EventSourceArn"] == {"Fn::GetAtt": [table_id, "StreamArn"]}
        assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert props["BisectBatchOnFunctionError"] is True
        assert props["MaximumRetryAttempts"] == 3
        assert props["MaximumRecordAgeInSeconds"] == 86400
        assert props["StartingPosition"] == "TRIM_HORIZON"
        queue = props["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
        assert by_id[queue]["Type"] == "AWS::SQS::Queue"
        target = by_id[function_id(props["FunctionName"])]["Properties"]
        mapped.add((target["FunctionName"].split("-")[2], target["Handler"].removeprefix("app.")))
    assert mapped == handlers
    # Chalice's own trigger (on its placeholder stream ARN) is gone from every function.
    for function in functions(synth, stage).values():
        assert all(e["Type"] != "DynamoDB" for e in (function.get("Events") or {}).values())


@pytest.mark.parametrize("stage", STAGES)
def test_the_schedules_are_those_of_the_apps(synth: Synth, stage: str) -> None:
    scheduled = {(service, name): props["Events"] for (service, name), props in functions(synth, stage).items()
                 if any(e["Type"] == "Schedule" for e in (props.get("Events") or {}).values())}
    assert set(scheduled) == event_sources("ScheduledEventConfig") | event_sources("CloudWatchEventConfig")
    assert {("registration", "close_registrations"), ("notifications", "send_event_reminders")} <= set(scheduled)
    rates = {key: [e["Properties"]["Schedule"] for e in events.values()] for key, events in scheduled.items()}
    assert rates[("registration", "close_registrations")] == ["rate(1 minute)"]
    assert rates[("notifications", "send_event_reminders")] == ["rate(1 hour)"]


@pytest.mark.parametrize("stage", STAGES)
def test_every_function_runs_python_312_with_its_own_role(synth: Synth, stage: str) -> None:
    found = functions(synth, stage)
    roles = [f["Role"]["Fn::GetAtt"][0] for f in found.values()]
    assert len(set(roles)) == len(roles)
    for function in found.values():
        assert function["Runtime"] == "python3.12"
        assert function["Architectures"] == ["x86_64"]
        assert function["FunctionName"].startswith(f"eventreg-{stage}-")


def test_only_the_mailers_may_send_mail(synth: Synth) -> None:
    """The notifications service's, and the reports function that sends the certificates (it renders the PDFs)."""
    senders = {key for key, function in functions(synth, "prod").items()
               if any(a.startswith("ses:") for s in role_statements(synth, "prod", function) for a in actions(s))}
    assert senders == {("notifications", "on_table_change"), ("notifications", "send_event_reminders"),
                       ("notifications", "on_message_job"), ("reports", "on_certificate_job")}


def test_unscoped_item_writes_only_where_the_job_must_change_items(synth: Synth) -> None:
    """Update/Delete/Put without a dynamodb:Attributes condition: the registration API (its job), retention
    (anonymise and erase), erasure requests (cancel, promote, anonymise), the reports service's export jobs (no
    delete), the mail senders' send-log release."""
    unscoped: dict[tuple[str, str], set[str]] = {}
    for key, function in functions(synth, "prod").items():
        for statement in role_statements(synth, "prod", function):
            writes = {a for a in actions(statement) if a in (
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem")}
            if writes and "ForAllValues:StringEquals" not in statement.get("Condition", {}) and \
                    partitions(statement) is None:
                unscoped.setdefault(key, set()).update(writes)
    assert unscoped.pop(("registration", "app")) == {"dynamodb:PutItem", "dynamodb:UpdateItem",
                                                     "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
    assert unscoped.pop(("notifications", "on_table_change")) == {"dynamodb:DeleteItem"}
    assert unscoped.pop(("notifications", "send_event_reminders")) == {"dynamodb:DeleteItem"}
    assert unscoped.pop(("notifications", "on_message_job")) == {"dynamodb:DeleteItem"}
    assert unscoped.pop(("reports", "on_certificate_job")) == {"dynamodb:DeleteItem"}  # its send-log release too
    assert unscoped.pop(("reports", "app")) == {"dynamodb:PutItem", "dynamodb:UpdateItem"}
    # export jobs, and erasure requests carried out (cancel, promote, anonymise)
    assert unscoped.pop(("reports", "on_table_change")) == {"dynamodb:PutItem", "dynamodb:UpdateItem",
                                                            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
    retention = {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
    assert unscoped.pop(("reports", "anonymise_expired_events"), retention) == retention
    assert unscoped == {}


def test_the_reports_api_reads_registrations_and_only_the_stream_handler_changes_them(synth: Synth) -> None:
    """Issue #6: the report routes read but do not change registrations. An erasure request is recorded by the
    API (PutItem) and carried out by the stream handler on_table_change, the one reports function that may
    cancel (DynamoDB authorises a TransactWriteItems per part: Put/Update/Delete/ConditionCheck; there is no IAM
    action for the transaction itself)."""
    found = functions(synth, "prod")

    def dynamodb_rights(key: tuple[str, str]) -> set[str]:
        # The back-office's session items aside (test_only_the_back_office_changes_session_items).
        return {a for s in role_statements(synth, "prod", found[key]) for a in actions(s)
                if a.startswith("dynamodb:") and partitions(s) is None}

    api = dynamodb_rights(("reports", "app"))
    assert api == {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"}
    assert not api & {"dynamodb:TransactWriteItems", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                      "dynamodb:ConditionCheckItem", "dynamodb:*"}
    eraser = dynamodb_rights(("reports", "on_table_change"))
    assert {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem",
            "dynamodb:BatchWriteItem", "dynamodb:GetItem", "dynamodb:Query", "dynamodb:GetRecords"} <= eraser
    assert "dynamodb:Scan" not in eraser and "dynamodb:*" not in eraser
    # It mails nobody (the promoted hear from notifications); it signs the check-in codes of badge exports (#15).
    environment = found[("reports", "on_table_change")]["Environment"]["Variables"]
    assert "EVENTREG_LINK_KEY_ARN" in environment
    # The reports API checks the delegation lead's signed trip-report links.
    assert "EVENTREG_LINK_KEY_ARN" in found[("reports", "app")]["Environment"]["Variables"]


def test_only_the_back_office_changes_session_items_and_only_those(synth: Synth) -> None:
    """The back-office's sessions are items of partitions of their own (OFFICE#…): the two APIs that serve the
    back-office get their rights on those partitions only (dynamodb:LeadingKeys), the registration API signing
    in and out, the reports API opening and checking sessions; no other function may touch them by that grant."""
    granted: dict[tuple[str, str], dict[str, set[str]]] = {}
    for key, function in functions(synth, "prod").items():
        for statement in role_statements(synth, "prod", function):
            if (found := partitions(statement)) is not None:
                assert "index" not in json.dumps(statement["Resource"])  # the table's items, not its indexes
                for pattern in found:
                    granted.setdefault(key, {}).setdefault(pattern, set()).update(actions(statement))
    assert granted == {
        ("registration", "app"): {
            "OFFICE#SESSION#*": {"dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:PutItem"},
            "OFFICE#SIGN-IN#*": {"dynamodb:PutItem", "dynamodb:DeleteItem"}},
        ("reports", "app"): {
            "OFFICE#SESSION#*": {"dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}},
    }
    # The key that signs the cookies is read by those two alone.
    readers = {key for key, function in functions(synth, "prod").items()
               if "EVENTREG_SESSION_KEY_ARN" in function.get("Environment", {}).get("Variables", {})}
    assert readers == {("registration", "app"), ("reports", "app")}


@pytest.mark.parametrize("stage", STAGES)
def test_only_the_records_each_consumer_acts_on_reach_its_stream_handler(synth: Synth, stage: str) -> None:
    by_id = synth.raw(stage)["Resources"]
    filters = {}
    for mapping in resources(synth, stage, "AWS::Lambda::EventSourceMapping").values():
        target = by_id[function_id(mapping["Properties"]["FunctionName"])]["Properties"]
        service = target["FunctionName"].split("-")[2]
        filters[(service, target["Handler"].removeprefix("app."))] = mapping["Properties"].get("FilterCriteria")
    mailed = [f["Pattern"] for f in filters.pop(("notifications", "on_table_change"))["Filters"]]
    assert mailed == list(NOTIFY_RECORDS)  # registrations and events: never the back-office's sessions
    patterns = [f["Pattern"] for f in filters.pop(("reports", "on_table_change"))["Filters"]]
    assert patterns == list(REPORT_RECORDS) and len(patterns) <= 5  # Lambda's default quota of filters
    assert set(filters.values()) == {None}  # the messages' queue
    # The patterns let the erasure request's INSERT and an event's closing through (as Lambda delivers them),
    # not a registration, nor an erasure request's later changes.
    reports = RecordFilter.of(patterns)
    (request,) = load_event("dynamodb_stream_insert_erasure_request")["Records"]
    (closed,) = load_event("dynamodb_stream_event_closed")["Records"]
    assert reports(request) and reports(closed)
    others = load_event("dynamodb_stream_insert_registration")["Records"] + [{**request, "eventName": "MODIFY"}]
    assert not any(reports(other) for other in others)
    notifications = RecordFilter.of(mailed)
    assert notifications(others[0]) and notifications(closed) and not notifications(request)


def test_scoped_writes_name_only_their_attributes(synth: Synth) -> None:
    found = functions(synth, "prod")

    def scoped(key: tuple[str, str], action: str) -> list[str]:
        for statement in role_statements(synth, "prod", found[key]):
            if action in actions(statement) and "Condition" in statement:
                assert statement["Condition"]["StringEqualsIfExists"] == {"dynamodb:ReturnValues": "NONE"}
                return list(statement["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"])
        raise AssertionError(f"{key} has no scoped {action}")

    assert scoped(("notifications", "on_ses_event"), "dynamodb:UpdateItem") == [
        "PK", "SK", "email_status", "email_status_at"]
    assert scoped(("notifications", "on_table_change"), "dynamodb:PutItem") == ["PK", "SK", "type", "sent_at"]
    assert scoped(("registration", "close_registrations"), "dynamodb:UpdateItem") == [
        "PK", "SK", "status", "OPEN_PK", "closes_at"]
    # The bounce handler reads nothing and writes nothing else.
    rights = {a for s in role_statements(synth, "prod", found[("notifications", "on_ses_event")]) for a in actions(s)
              if a.startswith("dynamodb:")}
    assert rights == {"dynamodb:UpdateItem"}


def test_the_apis_are_throttled_and_log_no_personal_data(synth: Synth) -> None:
    apis = resources(synth, "prod", "AWS::Serverless::Api")
    assert len(apis) == 2
    for api in apis.values():
        (settings,) = api["Properties"]["MethodSettings"]
        assert settings["ThrottlingRateLimit"] == 200 and settings["ThrottlingBurstLimit"] == 400
        access_format = api["Properties"]["AccessLogSetting"]["Format"]
        assert "sourceIp" not in access_format and "$context.path" not in access_format
    dev = next(iter(resources(synth, "dev", "AWS::Serverless::Api").values()))
    assert dev["Properties"]["MethodSettings"][0]["ThrottlingRateLimit"] == 20


def test_alarms_watch_errors_throttles_dead_letters_and_5xx(synth: Synth) -> None:
    alarms = list(resources(synth, "prod", "AWS::CloudWatch::Alarm").values())
    watched = {(a["Properties"]["MetricName"], tuple(d["Value"] if isinstance(d["Value"], str) else "ref"
                                                     for d in a["Properties"].get("Dimensions", [])))
               for a in alarms}
    for function in functions(synth, "prod").values():
        assert ("Errors", (function["FunctionName"],)) in watched
        assert ("Throttles", (function["FunctionName"],)) in watched
    # Every dead-letter queue: all queues but the messages' work queue (the one with a redrive policy).
    queues = {k: q for k, q in resources(synth, "prod", "AWS::SQS::Queue").items()
              if "RedrivePolicy" not in q["Properties"]}
    depth = [a for a in alarms if a["Properties"]["MetricName"] == "ApproximateNumberOfMessagesVisible"]
    assert len(depth) == len(queues)
    assert all(a["Properties"]["Threshold"] == 1 and a["Properties"]["ComparisonOperator"] ==
               "GreaterThanOrEqualToThreshold" for a in depth)
    assert {a["Properties"]["Dimensions"][0]["Value"] for a in alarms if a["Properties"]["MetricName"] == "5XXError"
            } == {"eventreg-prod-registration", "eventreg-prod-reports"}
    topic = next(k for k in resources(synth, "prod", "AWS::SNS::Topic") if k.startswith("Alarms"))
    assert all(a["Properties"]["AlarmActions"] == [{"Ref": topic}] for a in alarms)


def test_files_made_from_registrations_are_written_by_the_reports_and_deleted_only_by_retention(
    synth: Synth,
) -> None:
    """Frozen final lists and export files hold personal data: the reports write them, the retention job
    deletes them with the registrations, and nobody deletes organisers' documents."""
    found = functions(synth, "prod")

    def s3_rights(key: tuple[str, str]) -> dict[str, str]:
        rights: dict[str, str] = {}
        for statement in role_statements(synth, "prod", found[key]):
            for action in actions(statement):
                if action.startswith("s3:"):
                    rights[action] = rights.get(action, "") + json.dumps(statement.get("Resource"))
        return rights

    writer = s3_rights(("reports", "on_table_change"))
    assert "final-lists/*" in writer["s3:PutObject"] and "exports/*" in writer["s3:PutObject"]
    assert "s3:DeleteObject" not in writer
    retention = s3_rights(("reports", "anonymise_expired_events"))
    assert "final-lists/*" in retention["s3:DeleteObject"] and "exports/*" in retention["s3:DeleteObject"]
    assert "documents/*" not in retention["s3:DeleteObject"]
    deleters = [key for key in found if "s3:DeleteObject" in s3_rights(key)]
    assert deleters == [("reports", "anonymise_expired_events")]


@pytest.mark.parametrize("stage", STAGES)
def test_api_gateways_own_answers_follow_the_error_contract(synth: Synth, stage: str) -> None:
    """An unknown path (API Gateway's 403 "Missing Authentication Token", or its SigV4 text when an
    Authorization header is sent) is the documented 404 not_found JSON; every other answer of API Gateway
    itself is the JSON error shape, typed, with the headers the apps give every answer."""
    apis = resources(synth, stage, "AWS::Serverless::Api")
    assert len(apis) == 2  # registration and reports
    for api in apis.values():
        responses = api["Properties"]["GatewayResponses"]
        assert {"MISSING_AUTHENTICATION_TOKEN", "DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED",
                "ACCESS_DENIED", "THROTTLED"} <= set(responses)
        missing = responses["MISSING_AUTHENTICATION_TOKEN"]
        assert missing["StatusCode"] == "404"
        assert json.loads(missing["ResponseTemplates"]["application/json"])["error"]["code"] == "not_found"
        for kind, response in responses.items():
            headers = response["ResponseParameters"]["Headers"]
            assert headers["Content-Type"] == "'application/json'", kind
            assert headers["X-Content-Type-Options"] == "'nosniff'", kind
            assert headers["Referrer-Policy"] == "'no-referrer'", kind
            (template,) = response["ResponseTemplates"].values()
            shown = template.replace("$context.error.messageString", '"API Gateway\'s message"')
            error = json.loads(shown)["error"]
            assert set(error) == {"code", "message"}, kind
            assert error["code"].islower() and error["code"].replace("_", "").isalpha(), kind
        assert responses["DEFAULT_5XX"]["ResponseTemplates"]["application/json"].count("internal_error") == 1
        assert "StatusCode" not in responses["DEFAULT_4XX"]  # API Gateway's own status is kept
