"""`audit verify` on a live practice: it reads one snapshot and never holds up the server's writes.

On SQLite, Django's transactions begin IMMEDIATE, taking the write lock at
once; verifying inside one would make every write of a running server wait
for the whole verification. This runs the real `verify()` in a process of
its own on the practice's database file, and while it is reading (from a
sealed-table check, which runs inside verification) writes from another
connection that will not wait at all.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = r"""
import os, sqlite3, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "sealbook.settings"
import django
django.setup()
from sealbook.audit import verification
from sealbook.cli.bootstrap import open_practice

open_practice(unseal=False)
writer = sqlite3.connect(sys.argv[1], timeout=0)  # a locked database fails at once
writes = []

def write_meanwhile():
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("ROLLBACK")
    writes.append(True)

verification.register_sealed_table(write_meanwhile)
report = verification.verify()
print(f"verified {report.size} entries; writes while verifying: {len(writes)}")
"""


@pytest.fixture
def practice(cli):
    if "SEALBOOK_DATABASE_URL" in cli.env:
        pytest.skip("PostgreSQL readers never block writers (MVCC); this is SQLite's lock")
    cli.initialised()
    return cli


def test_a_write_goes_through_while_the_log_is_being_verified(practice):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(practice.home / "sealbook.sqlite3")],
        env=practice.env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "writes while verifying: 1" in done.stdout
