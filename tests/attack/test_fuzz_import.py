"""The CSV importer (`sealbook import`), given random and hostile files: all or nothing, one line.

Random bytes, and well-formed CSV with hostile headers and cells (unknown
and repeated columns, ragged rows, NUL and control characters, formulas,
huge cells), go through `import_clients`, the function the command calls.
It either imports every row or refuses with one `SealbookError` line, and a
refusal leaves no client, contact or search token behind.
"""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sealbook.core.errors import SealbookError
from sealbook.records.importing import COLUMNS, import_clients
from sealbook.records.models import Client, Contact, SearchToken
from tests.attack.hostile import hostile_text
from tests.cli.conftest import assert_one_line_error

GOOD_ROW = {"first_name": "Rowan", "last_name": "Fakeley", "date_of_birth": "1990-04-03"}


def stored() -> tuple[int, int, int]:
    return Client.objects.count(), Contact.objects.count(), SearchToken.objects.count()


def try_import(raw: bytes, cast) -> None:
    before = stored()
    try:
        result = import_clients(raw, actor=None, care_team=[cast.casey])
    except SealbookError as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message
        assert stored() == before, "a refused import left rows behind"
    else:
        assert stored()[0] == before[0] + result.clients


header = st.lists(st.one_of(st.sampled_from(COLUMNS), hostile_text), min_size=0, max_size=8).map(
    lambda cols: list(GOOD_ROW) + cols
)


@st.composite
def hostile_csv(draw: st.DrawFn) -> bytes:
    columns = draw(header)
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        width = draw(st.sampled_from([len(columns), len(columns) - 1, len(columns) + 1]))
        row = [GOOD_ROW.get(c, "") for c in columns][: max(width, 0)]
        row += [""] * (width - len(row))
        for i in range(len(row)):
            if draw(st.booleans()):
                row[i] = draw(hostile_text)
        rows.append(row)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes_are_refused_in_one_line_or_imported_whole(cast, raw):
    try_import(raw, cast)


@FUZZ
@given(raw=hostile_csv())
def test_hostile_csv_is_refused_in_one_line_or_imported_whole(cast, raw):
    try_import(raw, cast)


def test_the_command_refuses_a_hostile_file_in_one_line(cli_practice):
    cli = cli_practice
    bad = cli.file("clients.csv", "first_name,last_name,date_of_birth\nA,B,1990-13-45\n")
    assert_one_line_error(cli.run("import", bad, env=cli.unsealed()))
    not_text = cli.file("not-text.csv", b"\xff\xfe\x00")
    assert_one_line_error(cli.run("import", not_text, env=cli.unsealed()))
