"""Organisers' messages on AWS: the queue (encrypted, its dead-letter queue after MAX_RECEIVES, invisible for six
times the handler's timeout), the notifications handler's SQS mapping (partial-batch failures, bounded
concurrency), and who may do what with it: the registration API sends, the handler consumes and counts."""

from __future__ import annotations

from typing import Any

import pytest
from infra_support import Synth
from test_stack import STAGES, actions, functions, resources, role_statements

from eventreg.domain.broadcasts import MAX_RECEIVES

Match = pytest.importorskip("aws_cdk.assertions").Match


def queue_ids(synth: Synth, stage: str) -> tuple[str, str]:
    """The logical ids of the messages' queue and of its dead-letter queue."""
    queues = resources(synth, stage, "AWS::SQS::Queue")
    (main,) = [k for k, q in queues.items() if "RedrivePolicy" in q["Properties"]]
    return main, queues[main]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]


@pytest.mark.parametrize("stage", STAGES)
def test_the_messages_queue_has_a_dead_letter_queue_and_a_mapping_with_partial_failures(
        synth: Synth, stage: str) -> None:
    main, dead = queue_ids(synth, stage)
    props = resources(synth, stage, "AWS::SQS::Queue")[main]["Properties"]
    assert props["RedrivePolicy"]["maxReceiveCount"] == MAX_RECEIVES
    assert props["VisibilityTimeout"] == 6 * functions(synth, stage)[("notifications", "on_message_job")]["Timeout"]
    assert "KmsMasterKeyId" in props and "KmsMasterKeyId" in resources(synth, stage, "AWS::SQS::Queue")[dead][
        "Properties"]
    (mapping,) = [m["Properties"] for m in resources(synth, stage, "AWS::Lambda::EventSourceMapping").values()
                  if m["Properties"]["EventSourceArn"] == {"Fn::GetAtt": [main, "Arn"]}]
    by_id: dict[str, Any] = synth.raw(stage)["Resources"]
    target = by_id[mapping["FunctionName"]["Fn::GetAtt"][0]]["Properties"]
    assert target["Handler"] == "app.on_message_job"
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert mapping["BatchSize"] == 10 and mapping["ScalingConfig"] == {"MaximumConcurrency": 2}
    assert all(e["Type"] != "SQS" for e in (target.get("Events") or {}).values())  # Chalice's own trigger: gone
    alarmed = [a["Properties"] for a in resources(synth, stage, "AWS::CloudWatch::Alarm").values()
               if a["Properties"].get("MetricName") == "ApproximateNumberOfMessagesVisible"]
    assert any(d["Value"] == {"Fn::GetAtt": [dead, "QueueName"]} for a in alarmed for d in a["Dimensions"])


def test_the_api_sends_jobs_and_only_the_handler_consumes_them_and_counts(synth: Synth) -> None:
    main, _ = queue_ids(synth, "prod")
    arn = {"Fn::GetAtt": [main, "Arn"]}
    found = functions(synth, "prod")

    def on_queue(key: tuple[str, str]) -> set[str]:
        return {a for s in role_statements(synth, "prod", found[key]) if s["Resource"] == arn for a in actions(s)}

    assert on_queue(("registration", "app")) == {"sqs:SendMessage"}
    assert on_queue(("notifications", "on_message_job")) == {
        "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}
    assert all(not on_queue(key) for key in found if key not in (("registration", "app"),
                                                                ("notifications", "on_message_job")))
    assert found[("registration", "app")]["Environment"]["Variables"]["EVENTREG_MESSAGES_QUEUE_URL"] == {"Ref": main}
    counts = [s for s in role_statements(synth, "prod", found[("notifications", "on_message_job")])
              if "dynamodb:UpdateItem" in actions(s)]
    (scoped,) = counts
    assert scoped["Condition"]["ForAllValues:StringEquals"]["dynamodb:Attributes"] == [
        "PK", "SK", "sent", "failed", "pages_done"]
