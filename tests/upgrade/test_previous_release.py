"""A practice made by the previous release upgrades, and every record reads back identically.

The practice in `release-2026-11-26/` was made by the previous release
(`build_release_fixture.sh`, the commit in its COMMIT file): the demo's
clients, sessions and notes, a consent signature, an authorization, two
disclosures, an attachment and their audit entries. Its `expected.json` holds
digests of what that release read back. Here `sealbook upgrade` runs on a copy
with this release's code, and `dump.py` reads it back the same way.

Columns this release encrypts (`ENCRYPTED_SINCE`) cannot stay byte-identical:
their rows must be unchanged in every other column, and each value must
decrypt to exactly what the previous release stored in the clear.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
RELEASE = HERE / "release-2026-11-26"
# Columns stored in the clear by the previous release and encrypted since.
ENCRYPTED_SINCE = {
    "records_session": "service",
    "consent_confidentialityevent": "kind",
    "disclosure_disclosure": "basis",
}
OPENED = ["--opened", *(f"{t}.{c}" for t, c in ENCRYPTED_SINCE.items())]

pytestmark = pytest.mark.skipif(
    os.environ.get("SEALBOOK_DATABASE_URL", "").startswith("postgres"),
    reason="the previous release's practice is a SQLite one; the SQLite run upgrades it",
)


def run(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SEALBOOK_", "DJANGO_SETTINGS"))
    }
    env |= {
        "SEALBOOK_HOME": str(home),
        "SEALBOOK_PASSPHRASE_FILE": str(home / "demo-passphrase"),
        "PYTHONPATH": str(HERE.parent.parent),
    }
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    home = tmp_path_factory.mktemp("previous-release") / "home"
    shutil.copytree(RELEASE / "home", home)
    os.chmod(home, 0o700)
    earlier = str(RELEASE / "expected.json")
    raw = home.parent / "before-raw.json"
    dump = run([str(HERE / "dump.py"), str(raw), earlier, "--raw-only", *OPENED], home)
    assert dump.returncode == 0, dump.stderr
    refused = run(["-m", "sealbook", "audit", "verify"], home)
    upgrade = run(["-m", "sealbook", "upgrade"], home)
    verify = run(["-m", "sealbook", "audit", "verify"], home)
    out = home.parent / "after.json"
    dump = run([str(HERE / "dump.py"), str(out), earlier, *OPENED], home)
    assert dump.returncode == 0, dump.stderr
    return {
        "home": home,
        "refused": refused,
        "upgrade": upgrade,
        "verify": verify,
        "before": json.loads((RELEASE / "expected.json").read_text()),
        "before_raw": json.loads(raw.read_text()),
        "after": json.loads(out.read_text()),
    }


def test_this_release_asks_for_the_upgrade_before_anything_else(upgraded):
    refused = upgraded["refused"]
    assert refused.returncode != 0
    assert "sealbook upgrade" in refused.stderr


def test_the_upgrade_succeeds_and_the_audit_log_still_verifies(upgraded):
    assert upgraded["upgrade"].returncode == 0, upgraded["upgrade"].stderr
    assert upgraded["verify"].returncode == 0, upgraded["verify"].stdout + upgraded["verify"].stderr


def test_every_stored_row_of_the_previous_release_is_still_there_unchanged(upgraded):
    before, after = upgraded["before"]["tables"], upgraded["after"]["tables"]
    raw = upgraded["before_raw"]["tables"]
    # The raw read before the upgrade is of the very practice expected.json describes.
    assert {t: v["rows"] for t, v in raw.items()} == {t: v["rows"] for t, v in before.items()}
    lost = {}
    for table, rows in before.items():
        # The log's head moves on with every entry the upgrade appends; `audit verify` checks it.
        if not rows["rows"] or table == "audit_audithead":
            continue
        # An encrypted-since column is compared decrypted (below); every other column here.
        kind = "without" if table in ENCRYPTED_SINCE else "rows"
        earlier = raw[table][kind]
        missing = Counter(earlier) - Counter(after.get(table, {}).get(kind, []))
        if missing:
            lost[table] = sum(missing.values())
    assert lost == {}, "rows changed or gone after the upgrade (table: how many)"
    # The fixture really holds each kind of record the upgrade must keep.
    for table in (
        "records_client",
        "records_progressnote",
        "consent_consentsignature",
        "disclosure_authorization",
        "disclosure_disclosure",
        "documents_document",
        "audit_auditentry",
    ):
        assert before[table]["rows"], f"the fixture has no {table} row"


def test_every_encrypted_field_decrypts_to_what_the_previous_release_read(upgraded):
    before, after = upgraded["before"]["decrypted"], upgraded["after"]["decrypted"]
    differs = {
        table: [pk for pk, digest in rows.items() if after.get(table, {}).get(pk) != digest]
        for table, rows in before.items()
    }
    assert {t: pks for t, pks in differs.items() if pks} == {}
    assert sum(len(rows) for rows in before.values()) > 20


def test_every_newly_encrypted_column_decrypts_to_what_the_previous_release_stored(upgraded):
    raw, after = upgraded["before_raw"]["tables"], upgraded["after"]["tables"]
    for table in ENCRYPTED_SINCE:
        assert after[table]["plain"] == raw[table]["plain"], table
    assert raw["records_session"]["plain"] and raw["disclosure_disclosure"]["plain"]


def test_the_newly_encrypted_columns_hold_no_plaintext_after_the_upgrade(upgraded):
    import sqlite3

    db = sqlite3.connect(upgraded["home"] / "sealbook.sqlite3")
    try:
        for table, column in ENCRYPTED_SINCE.items():
            kinds = {r[0] for r in db.execute(f"SELECT typeof({column}) FROM {table}")}  # noqa: S608
            assert kinds <= {"blob", "null"}, table
    finally:
        db.close()


def test_every_attachment_reads_back_byte_for_byte(upgraded):
    assert upgraded["before"]["documents"]
    assert upgraded["after"]["documents"] == upgraded["before"]["documents"]
