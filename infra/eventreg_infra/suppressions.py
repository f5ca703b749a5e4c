"""checkov findings that are accepted, each with its reason, written into the template as resource
metadata (Metadata.checkov.skip), where checkov reads them and a reviewer sees them."""

from __future__ import annotations

from typing import Any

Skips = dict[str, str]

SYNCHRONOUS: Skips = {
    "CKV_AWS_116": "Invoked synchronously (API Gateway) or by a stream mapping, which has its own "
                   "SQS on-failure destination: a function dead-letter queue would never receive anything.",
}

UNRESERVED: Skips = {
    "CKV_AWS_115": "No reserved concurrency: API Gateway stage throttling bounds the API functions, the stream "
                   "mappings bound the consumers, and reserving concurrency would only cap registration bursts "
                   "(the scheduled singleton jobs do reserve 1).",
}

FUNCTION: Skips = {
    "CKV_AWS_117": "No VPC: the functions reach only AWS APIs (DynamoDB, SES, S3) and the JWKS URL over HTTPS; a "
                   "VPC would add NAT gateway cost and cold-start latency without protecting anything.",
    "CKV_AWS_173": "Environment variables are encrypted at rest with Lambda's key; they hold names, URLs and "
                   "ARNs only: the keys are read from Secrets Manager (stage CMK) at runtime.",
}

BUCKET: Skips = {
    "CKV_AWS_18": "No server access logs: objects are reached only through short-lived presigned URLs that the "
                  "(logged) API hands out to authorised callers; CloudTrail data events can be enabled per account.",
}

API: Skips = {
    "CKV_AWS_120": "No API cache: registration answers depend on live capacity, organiser answers on the caller.",
}

DISTRIBUTION: Skips = {
    "CKV_AWS_68": "No WAF web ACL (from ~$5 a month plus rules and requests): API Gateway's stage throttling bounds "
                  "the request rate and the apps validate every input; attach one if abuse shows in the metrics.",
    "CKV_AWS_86": "No CloudFront access logs: every request reaches an API whose access log (without IP or path "
                  "values: no personal data) is kept; edge logs would add the viewers' IP addresses.",
    "CKV_AWS_174": "Without a custom domain the distribution has CloudFront's default *.cloudfront.net certificate, "
                   "whose TLS policy CloudFront sets; with a domain (-c domain_name) there is no distribution and "
                   "API Gateway's domain enforces TLS 1.2.",
}

def skip(resource: Any, skips: Skips) -> None:
    """Add checkov skips (id + reason) to a CfnResource's metadata, keeping any that are there."""
    metadata = resource.get_metadata("checkov") or {}
    listed = {entry["id"] for entry in metadata.get("skip", [])}
    entries = list(metadata.get("skip", [])) + [
        {"id": check, "comment": reason} for check, reason in skips.items() if check not in listed]
    resource.add_metadata("checkov", {"skip": entries})
