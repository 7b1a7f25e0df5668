"""The web server's spool files: a large upload never reaches the disk in plaintext.

Waitress reads a whole request body, spooling anything over 512 KiB to a
temporary file, before Django (and so the encrypting upload handler) sees it.
`sealbook serve` makes those files `EphemeralSpool`s.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import random
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from waitress import buffers

from sealbook.cli.serve import encrypt_spooled_bodies
from sealbook.core.crypto.stream import EphemeralSpool
from tests.backup.test_backup_cli import tool
from tests.backup.test_crash import CSRF, free_port, start_server
from tests.cli.conftest import cli  # noqa: F401

MARKER = b"Synthetic session of Riley Synthwood. "


def test_a_spool_reads_back_what_was_written_at_any_offset_and_stores_only_ciphertext():
    with tempfile.TemporaryFile("w+b") as raw:
        spool = EphemeralSpool(raw)
        model = bytearray()
        rng = random.Random(7)
        for _ in range(200):
            piece = MARKER * rng.randint(0, 40)
            spool.seek(0, io.SEEK_END)
            spool.write(piece)
            model += piece
            start, length = rng.randint(0, len(model)), rng.randint(0, 5000)
            spool.seek(start)
            assert spool.read(length) == bytes(model[start : start + length])
        spool.seek(0)
        assert spool.read() == bytes(model)
        raw.seek(0)
        on_disk = raw.read()
        assert len(on_disk) == len(model) and MARKER[:16] not in on_disk
        spool.close()
        assert raw.closed


def test_two_spools_of_the_same_bytes_differ_on_disk():
    on_disk = []
    for _ in range(2):
        with tempfile.TemporaryFile("w+b") as raw:
            spool = EphemeralSpool(raw)
            spool.write(MARKER * 100)
            raw.seek(0)
            on_disk.append(raw.read())
            spool.close()
    assert on_disk[0] != on_disk[1] and len(on_disk[0]) == len(MARKER) * 100


def test_waitress_overflowing_buffers_go_through_the_spool(monkeypatch):
    monkeypatch.setattr(buffers.TempfileBasedBuffer, "newfile", buffers.TempfileBasedBuffer.newfile)
    encrypt_spooled_bodies()
    buffer = buffers.OverflowableBuffer(64 * 1024)
    for _ in range(5000):
        buffer.append(MARKER)
    assert buffer.overflowed and isinstance(buffer.getfile(), EphemeralSpool)
    assert buffer.get(len(MARKER) * 3, skip=True) == MARKER * 3
    assert buffer.getfile().read() == MARKER * 4997
    buffer.close()


def spool_files(pid: int, folder: Path) -> list[Path]:
    """The open files of process `pid` that live in `folder` (deleted temporary files included)."""
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(folder)):
            found.append(fd)
    return found


@pytest.mark.slow
def test_a_large_upload_is_never_on_the_server_s_disk_in_plaintext(cli, tmp_path):  # noqa: F811
    cli.initialised()
    tool(cli, "populate", "1")
    login = json.loads(tool(cli, "session"))
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    cli.env["TMPDIR"] = str(spool_dir)
    port = free_port()
    server = start_server(cli, port)
    try:
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f'{CSRF}\r\n--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
            f'Session\r\n--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n'
            f'document\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="s.wav"\r\nContent-Type: audio/wav\r\n\r\n'
        ).encode()
        data = MARKER * (3 * 1024 * 1024 // len(MARKER))
        tail = f"\r\n--{boundary}--\r\n".encode()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.putrequest("POST", f"/clients/{login['client']}/documents/new/")
        for name, value in {
            "Cookie": f"sessionid={login['session']}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(head) + len(data) + len(tail)),
        }.items():
            conn.putheader(name, value)
        conn.endheaders()
        # Send two thirds of the body, then look at what the server has spooled.
        sent = 2 * len(data) // 3
        conn.send(head + data[:sent])
        deadline = time.monotonic() + 30
        spooled = b""
        while time.monotonic() < deadline:
            files = spool_files(server.pid, spool_dir)
            spooled = b"".join(fd.read_bytes() for fd in files)
            if len(spooled) >= sent:
                break
            time.sleep(0.1)
        assert len(spooled) >= sent, "the server spooled nothing to its temporary folder"
        assert MARKER[:20] not in spooled
        conn.send(data[sent:] + tail)
        response = conn.getresponse()
        response.read()
        assert response.status == 302
        # The download (its response spooled the same way when the reader is slow) is exact.
        document = json.loads(tool(cli, "dump"))["documents"]
        [(document_id, _)] = [(d, v) for d, v in document.items() if v[0] == "Session"]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", f"/documents/{document_id}/file/",
                     headers={"Cookie": f"sessionid={login['session']}"})  # fmt: skip
        response = conn.getresponse()
        time.sleep(1)  # let waitress queue (and spool) the body before it is read
        assert response.status == 200 and response.read() == data
    finally:
        server.terminate()
        server.wait()
