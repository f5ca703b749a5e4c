"""The streamed S3 upload: parts go out as the buffer fills, the last one at the end; aborted on error."""

from __future__ import annotations

from typing import Any

import pytest

from eventreg.adapters.s3.uploads import MultipartUpload


class FakeS3:
    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def create_multipart_upload(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("create", kwargs["ContentType"]))
        return {"UploadId": "up-1"}

    def upload_part(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("part", (kwargs["PartNumber"], kwargs["Body"])))
        return {"ETag": f"etag-{kwargs['PartNumber']}"}

    def complete_multipart_upload(self, **kwargs: Any) -> None:
        self.calls.append(("complete", kwargs["MultipartUpload"]["Parts"]))

    def abort_multipart_upload(self, **kwargs: Any) -> None:
        self.calls.append(("abort", kwargs["UploadId"]))


def upload(client: FakeS3, part_size: int = 4) -> MultipartUpload:
    return MultipartUpload(client, "bucket", "exports/x.csv", "text/csv", part_size=part_size)  # type: ignore[arg-type]


def test_parts_go_out_as_they_fill() -> None:
    client = FakeS3()
    with upload(client) as stream:
        stream.write(b"abc")
        assert [c for c in client.calls if c[0] == "part"] == []
        stream.write(b"defghij")  # 10 bytes: two full parts of 4, 2 left
        assert [c[1] for c in client.calls if c[0] == "part"] == [(1, b"abcd"), (2, b"efgh")]
    assert client.calls[-2] == ("part", (3, b"ij"))
    assert client.calls[-1] == ("complete", [{"PartNumber": n, "ETag": f"etag-{n}"} for n in (1, 2, 3)])
    assert stream.size == 10


def test_an_empty_file_is_one_empty_part() -> None:
    client = FakeS3()
    with upload(client):
        pass
    assert client.calls == [("create", "text/csv"), ("part", (1, b"")),
                            ("complete", [{"PartNumber": 1, "ETag": "etag-1"}])]


def test_an_error_aborts_the_upload() -> None:
    client = FakeS3()
    with pytest.raises(RuntimeError), upload(client) as stream:
        stream.write(b"abcdef")
        raise RuntimeError("the export failed")
    assert client.calls[-1] == ("abort", "up-1")
    assert not any(c[0] == "complete" for c in client.calls)
