"""A streamed upload to S3: a writable file object whose bytes go out as multipart-upload parts while
they are produced, so a large export never sits whole in a Lambda's memory or /tmp.

    with MultipartUpload(client, bucket, key, "text/csv") as upload:
        upload.write(b"...")          # parts of PART_SIZE go out as the buffer fills
    upload.size                       # completed on a clean exit, aborted on an exception
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

PART_SIZE = 8 * 1024 * 1024  # S3 wants at least 5 MiB for every part but the last


class MultipartUpload:
    def __init__(self, client: S3Client, bucket: str, key: str, content_type: str,
                 part_size: int = PART_SIZE) -> None:
        self.client = client
        self.bucket = bucket
        self.key = key
        self.content_type = content_type
        self.part_size = part_size
        self.size = 0
        self._buffer = bytearray()
        self._parts: list[dict[str, Any]] = []
        self._upload_id: str | None = None

    def __enter__(self) -> MultipartUpload:
        answer = self.client.create_multipart_upload(Bucket=self.bucket, Key=self.key, ContentType=self.content_type)
        self._upload_id = answer["UploadId"]
        return self

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._buffer += data
        self.size += len(data)
        while len(self._buffer) >= self.part_size:
            self._send(bytes(self._buffer[: self.part_size]))
            del self._buffer[: self.part_size]
        return len(data)

    def flush(self) -> None:
        """Parts go out when full; nothing to do before that (zipfile calls flush)."""

    def _send(self, data: bytes) -> None:
        number = len(self._parts) + 1
        answer = self.client.upload_part(Bucket=self.bucket, Key=self.key, UploadId=self._upload_id or "",
                                         PartNumber=number, Body=data)
        self._parts.append({"PartNumber": number, "ETag": answer["ETag"]})

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self._upload_id or "")
            return
        if self._buffer or not self._parts:
            self._send(bytes(self._buffer))
            self._buffer.clear()
        self.client.complete_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self._upload_id or "",
                                              MultipartUpload={"Parts": self._parts})  # type: ignore[typeddict-item]
