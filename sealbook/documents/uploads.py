"""A Django upload handler that encrypts a file while it is still arriving.

Django's own handlers keep uploads in memory or in a plaintext temporary
file; this one hands each piece of the request body to a `StreamWriter`, so
the plaintext of a recording exists only one chunk at a time, and only in
memory. Only the field named "file" is accepted, and only one file.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

from sealbook import conf
from sealbook.documents.actions import EncryptedUpload, UploadEncryptor


def max_upload_bytes() -> int:
    """The largest file a web upload may carry (SEALBOOK_MAX_UPLOAD_MB)."""
    return conf.env_int("SEALBOOK_MAX_UPLOAD_MB", 16 * 1024, minimum=1) * 1024 * 1024


# UploadedFile is generic (over str or bytes) only in django-stubs, not at run time.
class EncryptedUploadedFile(UploadedFile):  # type: ignore[type-arg]
    """What lands in request.FILES: a handle on the encrypted file, never its content."""

    def __init__(self, upload: EncryptedUpload) -> None:
        super().__init__(file=None, name="upload", content_type="", size=upload.size)
        self.upload = upload


class EncryptingUploadHandler(FileUploadHandler):
    chunk_size = 64 * 1024

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self._encryptor: UploadEncryptor | None = None
        self._done = False
        self._limit = max_upload_bytes()

    def new_file(self, field_name: str, file_name: str, content_type: str, *args: Any,
                 **kwargs: Any) -> None:  # fmt: skip
        super().new_file(field_name, file_name, content_type, *args, **kwargs)
        if field_name != "file" or self._done or self._encryptor is not None:
            raise SkipFile()
        self._encryptor = UploadEncryptor(file_name or "", content_type or "")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self._encryptor is None:
            return None
        if start + len(raw_data) > self._limit:
            self.upload_interrupted()
            raise StopUpload(connection_reset=True)
        self._encryptor.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> EncryptedUploadedFile | None:
        if self._encryptor is None:
            return None
        upload = self._encryptor.finish()
        self._encryptor = None
        self._done = True
        return EncryptedUploadedFile(upload)

    def upload_interrupted(self) -> None:
        if self._encryptor is not None:
            self._encryptor.discard()
            self._encryptor = None
