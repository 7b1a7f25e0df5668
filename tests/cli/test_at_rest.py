"""Nothing identifying is stored in the clear: not in any file of the home, not in PostgreSQL.

The practice is built as a user would (`sealbook demo`, `sealbook import`, then
a note written through the record actions in a separate process), with marker
strings that cannot occur by chance. Then every byte at rest is searched for
them, and for every demo client's name, date of birth, phone and note text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.cli.conftest import Cli, fresh_cli

CSV = (
    "first_name,last_name,preferred_name,date_of_birth,phone,email,street,city,state,zip,"
    "contact_name,contact_relationship,contact_phone\n"
    "Xylophant,Quorvidge,Xyl,1911-11-13,555-0177-3141,xylophant.q@client.example.net,"
    "77 Zarquon Crescent,Blorptown,OR,97999,Vexilla Quorvidge,sister,555-0177-2718\n"
)
NOTE_SENTENCE = "Xylophant described the zarquonian dread again"
AMENDMENT = "Quorvidge amended detail about the blorptown move"

WRITE_NOTE = f"""
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "sealbook.settings"
django.setup()
from sealbook.cli import unsealing
from sealbook.accounts.models import User
from sealbook.records import actions
from sealbook.records.models import Client, ProgressNote, Contact
unsealing.unseal_from_environment(prompt=False)
casey = User.objects.get(username="clinician@demo.example.org")
client = next(c for c in Client.objects.all() if c.legal_last_name == "Quorvidge")
from sealbook.records.models import CareTeamMembership
CareTeamMembership.objects.get_or_create(client=client, user=casey)
note = actions.create_note(casey, client, note_format="soap",
                           sections={{"subjective": "{NOTE_SENTENCE}", "plan": "Continue."}})
actions.sign_note(casey, note)
actions.amend_note(casey, note, text="{AMENDMENT}", reason="correction")
secrets = []
for c in Client.objects.all():
    secrets += [c.legal_first_name, c.legal_last_name, c.phone, c.email, c.street,
                c.date_of_birth.isoformat(), c.date_of_birth.strftime("%m/%d/%Y")]
for n in ProgressNote.objects.all():
    secrets += [v for v in n.sections.values() if v]
for c in Contact.objects.all():
    secrets += [c.name]
print(json.dumps(secrets))
"""

MARKERS = [
    "Xylophant", "Quorvidge", "1911-11-13", "11/13/1911", "555-0177-3141", "5550177314",
    "xylophant.q@client", "Zarquon Crescent", "Blorptown", "Vexilla", "555-0177-2718",
    "zarquonian dread", "blorptown move",
]  # fmt: skip


def build_practice(cli):
    assert cli.run("demo", "--no-serve", "--clients", "8").returncode == 0
    unsealed = {"SEALBOOK_PASSPHRASE_FILE": str(cli.home / "demo-passphrase")}
    imported = cli.run("import", cli.file("clients.csv", CSV), env=unsealed)
    assert imported.returncode == 0, imported.stderr
    result = subprocess.run(
        [sys.executable, "-c", WRITE_NOTE],
        env={**cli.env, **unsealed},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    plaintexts = json.loads(result.stdout)
    assert NOTE_SENTENCE in plaintexts  # the data really is there, decryptable by the app
    return [m for m in set(plaintexts) | set(MARKERS) if len(m) >= 6]


def stored_blobs(cli):
    """Every file under the home, and every value of every row when on PostgreSQL."""
    for path in cli.home.rglob("*"):
        if path.is_file():
            yield str(path.relative_to(cli.home)), path.read_bytes()
    url = cli.env.get("SEALBOOK_DATABASE_URL")
    if url:
        import psycopg

        parts = urlsplit(url)
        with psycopg.connect(
            host=parts.hostname, port=parts.port, user=parts.username, dbname=parts.path[1:]
        ) as conn:
            tables = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            ).fetchall()
            for (table,) in tables:
                for row in conn.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - catalogue names
                    for value in row:
                        raw = (
                            bytes(value)
                            if isinstance(value, bytes | memoryview)
                            else str(value).encode()
                        )
                        yield f"postgresql:{table}", raw


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cli, list[str]]]:
    """One practice for the module (each build is a demo, an import and a note: about 9 s
    of CPU); the tests only read it."""
    for cli in fresh_cli(tmp_path_factory.mktemp("at-rest") / "home"):
        yield cli, build_practice(cli)


def test_no_identifying_text_is_stored_in_the_clear(built):
    cli, secrets = built
    assert len(secrets) > 50
    leaks = []
    for where, blob in stored_blobs(cli):
        lowered = blob.lower()
        leaks += [(where, s) for s in secrets if s.lower().encode() in lowered]
    assert leaks == []


def test_the_demo_passphrase_file_is_the_only_secret_in_the_home(built):
    cli, _ = built
    names = sorted(str(p.relative_to(cli.home)) for p in cli.home.rglob("*") if p.is_file())
    assert "demo-passphrase" in names
    assert not [n for n in names if n.endswith((".key", ".pem"))]
