"""S3 adapter for files: organisers' documents and large exports, reached through presigned URLs
(short-lived, so a link that leaks stops working)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from botocore.exceptions import ClientError

from eventreg.adapters.s3.uploads import MultipartUpload
from eventreg.ports import PresignedPost, StoredFile

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import ObjectIdentifierTypeDef

UPLOAD_SECONDS = 15 * 60
DOWNLOAD_SECONDS = 5 * 60


class FileStore:
    """A report.ports.ReportFiles and an office_ports.DocumentFiles (and so a ports.FileStore) on one bucket."""

    download_seconds = DOWNLOAD_SECONDS

    def __init__(self, client: S3Client, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def upload_url(self, key: str, content_type: str) -> str:
        return self.client.generate_presigned_url(
            "put_object",
            Params={"Bucket": self.bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=UPLOAD_SECONDS,
        )

    def presigned_post(self, key: str, content_type: str, max_bytes: int, redirect: str) -> PresignedPost:
        """A browser form straight to S3. Every field the form carries is pinned by a condition in the signed
        policy, so the browser can change neither the key, nor the type, nor where S3 sends it afterwards,
        and S3 itself refuses a file over `max_bytes` (EntityTooLarge) or an empty one."""
        fields = {"Content-Type": content_type, "success_action_redirect": redirect}
        answer = self.client.generate_presigned_post(
            self.bucket, key, Fields=fields,
            Conditions=[["content-length-range", 1, max_bytes], {"Content-Type": content_type},
                        {"success_action_redirect": redirect}],
            ExpiresIn=UPLOAD_SECONDS,
        )
        return PresignedPost(url=answer["url"], fields={name: str(value) for name, value in answer["fields"].items()})

    def head(self, key: str) -> StoredFile | None:
        try:
            found = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return StoredFile(size=found["ContentLength"], content_type=found.get("ContentType", ""))

    def download_url(self, key: str, filename: str) -> str:
        safe = "".join(c for c in filename if c.isalnum() or c in "._- ") or "download"
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key,
                    "ResponseContentDisposition": f'attachment; filename="{safe}"'},
            ExpiresIn=DOWNLOAD_SECONDS,
        )

    def upload(self, key: str, content_type: str) -> MultipartUpload:
        return MultipartUpload(self.client, self.bucket, key, content_type)

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under `prefix` (a paginated listing, 1,000 keys per DeleteObjects); the count."""
        deleted = 0
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
            found: list[ObjectIdentifierTypeDef] = [{"Key": entry["Key"]} for entry in page.get("Contents", [])]
            if found:
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": found, "Quiet": True})
                deleted += len(found)
        return deleted
