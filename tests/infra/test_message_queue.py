"""Organisers' messages and the certificates of attendance on AWS: each its queue (encrypted, its dead-letter queue
after MAX_RECEIVES, invisible for six times the handler's timeout), its handler's SQS mapping (notifications' for
messages, reports' for certificates; partial-batch failures, bounded concurrency), and who may do what with it:
the registration API sends, the handler consumes and counts."""

from __future__ import annotations

from typing import Any

import pytest
from infra_support import Synth
from test_stack import STAGES, actions, functions, resources, role_statements

from eventreg.domain.broadcasts import MAX_RECEIVES

Match = pytest.importorskip("aws_cdk.assertions").Match


# Each broadcast queue (its construct's name) and the function that consumes it, and the variable naming it.
QUEUES = {"Messages": (("notifications", "on_message_job"), "EVENTREG_MESSAGES_QUEUE_URL"),
          "Certificates": (("reports", "on_certificate_job"), "EVENTREG_CERTIFICATES_QUEUE_URL")}


def queue_ids(synth: Synth, stage: str, name: str) -> tuple[str, str]:
    """The logical ids of a broadcast queue and of its dead-letter queue."""
    queues = resources(synth, stage, "AWS::SQS::Queue")
    (main,) = [k for k, q in queues.items() if "RedrivePolicy" in q["Properties"] and k.startswith(name)]
    return main, queues[main]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]


@pytest.mark.parametrize("name", QUEUES)
@pytest.mark.parametrize("stage", STAGES)
def test_each_queue_has_a_dead_letter_queue_and_a_mapping_with_partial_failures(
        synth: Synth, stage: str, name: str) -> None:
    main, dead = queue_ids(synth, stage, name)
    consumer, _ = QUEUES[name]
    props = resources(synth, stage, "AWS::SQS::Queue")[main]["Properties"]
    assert props["RedrivePolicy"]["maxReceiveCount"] == MAX_RECEIVES
    assert props["VisibilityTimeout"] == 6 * functions(synth, stage)[consumer]["Timeout"]
    assert "KmsMasterKeyId" in props and "KmsMasterKeyId" in resources(synth, stage, "AWS::SQS::Queue")[dead][
        "Properties"]
    (mapping,) = [m["Properties"] for m in resources(synth, stage, "AWS::Lambda::EventSourceMapping").values()
                  if m["Properties"]["EventSourceArn"] == {"Fn::GetAtt": [main, "Arn"]}]
    by_id: dict[str, Any] = synth.raw(stage)["Resources"]
    target = by_id[mapping["FunctionName"]["Fn::GetAtt"][0]]["Properties"]
    assert target["Handler"] == f"app.{consumer[1]}"
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BatchSize"] == 10 and mapping["ScalingConfig"] == {"MaximumConcurrency": 2}
    assert all(e["Type"] != "SQS" for e in (target.get("Events") or {}).values())  # Chalice's own trigger: gone
    alarmed = [a["Properties"] for a in resources(synth, stage, "AWS::CloudWatch::Alarm").values()
               if a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"]
    assert any(d["Value"] == {"Fn::GetAtt": [dead, "QueueName"]} for a in alarmed for d in a["Dimensions"])


@pytest.mark.parametrize("name", QUEUES)
def test_the_api_sends_jobs_and_only_the_handler_consumes_them_and_counts(synth: Synth, name: str) -> None:
    main, _ = queue_ids(synth, "prod", name)
    consumer, variable = QUEUES[name]
    arn = {"Fn::GetAtt": [main, "Arn"]}
    found = functions(synth, "prod")

    def on_queue(key: tuple[str, str]) -> set[str]:
        return {a for s in role_statements(synth, "prod", found[key]) if s["Resource"] == arn for a in actions(s)}

    assert on_queue(("registration", "app")) == {"sqs:SendMessage"}
    assert on_queue(consumer) == {
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}
    assert all(not on_queue(key) for key in found if key not in (("registration", "app"), consumer))
    assert found[("registration", "app")]["Environment"]["Variables"][variable] == {"Ref": main}
    counts = [s for s in role_statements(synth, "prod", found[consumer])
              if "dynamodb:UpdateItem" in actions(s)]
    (scoped,) = counts
    assert scoped["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"] == [
        "PK", "SK", "sent", "failed", "pages_done"]
