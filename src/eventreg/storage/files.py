"""S3 adapter for files: organisers' documents and large exports, reached through presigned URLs
(short-lived, so a link that leaks stops working)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

UPLOAD_SECONDS = 15 * 60
DOWNLOAD_SECONDS = 5 * 60


class FileStore:
    def __init__(self, client: S3Client, bucket: str) -> None:
        self.client = client
        self.bucket = bucket

    def upload_url(self, key: str, content_type: str) -> str:
        return self.client.generate_presigned_url(
            "put_object",
            Params={"Bucket": self.bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=UPLOAD_SECONDS,
        )

    def download_url(self, key: str, filename: str) -> str:
        safe = "".join(c for c in filename if c.isalnum() or c in "._- ") or "download"
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": key,
                    "ResponseContentDisposition": f'attachment; filename="{safe}"'},
            ExpiresIn=DOWNLOAD_SECONDS,
        )


def file_store() -> FileStore:
    from eventreg.config import settings
    from eventreg.storage import clients

    return FileStore(clients.s3(), settings().bucket)
