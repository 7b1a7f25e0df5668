"""`sealbook deid` and `sealbook leak-check`, driven through register() as the main CLI does."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sealbook.cli import deid as deid_cli
from sealbook.core.deid import Roster, RosterClient
from sealbook.core.deid import packet as packet_module

CLIENT = "5e1f0c2a-4444-4444-8444-000000000001"
NOTE = "Kate Moore called from (617) 555-0142 on 3/4/21 about her sister Dana."


@pytest.fixture(autouse=True)
def no_roster_loader() -> Iterator[None]:
    deid_cli.set_roster_loader(None)
    yield
    deid_cli.set_roster_loader(None)


def run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, stdin: bytes = b""
) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="sealbook")
    deid_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    code = args.handler(args)
    return code, out.getvalue(), err.getvalue()


def test_deid_redacts_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["deid"], monkeypatch, NOTE.encode())
    assert code == 0
    assert out == "[NAME] called from [PHONE] on [DATE] about her sister [RELATIVE]."


def test_deid_json_gives_spans_with_offsets_into_the_input(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    code, out, _ = run(["deid", "--json", str(path)], monkeypatch)
    result = json.loads(out)
    assert code == 0
    assert result["text"].startswith("[NAME] called")
    for span in result["spans"]:
        assert NOTE[span["start"] : span["end"]] == span["text"]
    assert [s["label"] for s in result["spans"]] == ["NAME", "PHONE", "DATE", "RELATIVE"]


def test_deid_streams_a_large_input_in_chunks_with_offsets_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deid_cli, "CHUNK_CHARS", 200)
    text = "\n".join(f"Line {i}: Kate Moore called on 3/4/21." for i in range(40))
    code, out, _ = run(["deid", "--json"], monkeypatch, text.encode())
    result = json.loads(out)
    assert code == 0
    assert "Kate" not in result["text"]
    assert len(result["spans"]) == 80
    for span in result["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize("operator", ["redact", "pseudonym"])
def test_a_large_file_read_on_several_cores_gives_what_one_process_gives(
    operator: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A name found in one chunk ("her sister Dana") is found again in the chunks after it
    # ("Dana"), whose detectors ran in another process before that chunk was finished.
    monkeypatch.setattr(deid_cli, "CHUNK_CHARS", 300)
    lines = [
        f"Line {i}: her sister Dana called on 3/4/21."
        if i % 7 == 0
        else f"Line {i}: Dana and Kate Moore talked about Ilse Ødegård."
        for i in range(60)
    ]
    path = tmp_path / "notes.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    argv = ["deid", "--json", "--operator", operator, str(path)]
    # One secret for both runs, so the pseudonyms are the same.
    monkeypatch.setattr(packet_module.secrets, "token_bytes", lambda n: b"k" * n)
    monkeypatch.setattr(deid_cli, "PARALLEL_MIN_BYTES", 10**9)
    code, one, _ = run(argv, monkeypatch)
    assert code == 0
    forks: list[bool] = []
    real = deid_cli._analysed

    def watched(chunks, packet, parallel):  # type: ignore[no-untyped-def]
        forks.append(parallel)
        return real(chunks, packet, parallel)

    monkeypatch.setattr(deid_cli, "_analysed", watched)
    monkeypatch.setattr(deid_cli, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(deid_cli.os, "cpu_count", lambda: 2)
    code, several, _ = run(argv, monkeypatch)
    assert code == 0 and forks == [True]
    assert several == one
    assert "Dana" not in json.loads(several)["text"]


def test_deid_pseudonym_operator_replaces_names_with_surrogates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(["deid", "--operator", "pseudonym"], monkeypatch, b"Dr. Okafor and Okafor")
    surrogate = out.split()[1]
    assert code == 0
    assert surrogate != "Okafor" and out == f"Dr. {surrogate} and {surrogate}"


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["deid", "--policy", "anything-goes"], b"x", "unknown policy"),
        (["deid", "--operator", "scramble"], b"x", "unknown operator"),
        (["deid"], b"\xff\xfe bad", "standard input is not UTF-8 text"),
        (["deid", "/nonexistent/note.txt"], b"", "cannot read /nonexistent/note.txt"),
        (["leak-check", "/nonexistent/note.txt"], b"", "cannot read"),
    ],
)
def test_bad_input_is_one_line_error_with_exit_2(
    argv: list[str], stdin: bytes, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(argv, monkeypatch, stdin)
    assert code == 2
    assert err.startswith("sealbook: error: ") and message in err
    assert err.count("\n") == 1
    assert out == ""


def test_deid_refuses_a_file_that_is_not_utf8_before_printing_anything(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Kate " * 100000 + "caf\u00e9".encode("latin-1"))
    code, out, err = run(["deid", str(path)], monkeypatch)
    assert (code, out) == (2, "")
    assert "is not UTF-8 text" in err


def test_leak_check_exits_0_on_clean_text(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["leak-check"], monkeypatch, b"How do you handle frequent no-shows?")
    assert (code, out) == (0, "")


def test_leak_check_exits_1_and_lists_kind_and_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(["leak-check"], monkeypatch, b"Call me at (617) 555-0142.")
    assert code == 1
    assert out.startswith("PHONE\t11-25\t")


def test_leak_check_names_the_client_a_roster_hit_points_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    roster = Roster((RosterClient(CLIENT, names=("Oluwaseun Adeyemi",), nicknames=("Seun",)),))
    deid_cli.set_roster_loader(lambda: roster)
    code, out, _ = run(["leak-check"], monkeypatch, b"Any advice about seun's panic?")
    assert code == 1
    assert out.strip().endswith(f"client {CLIENT}")
    assert "seun" not in out.lower()  # the finding is described, not quoted


def test_no_roster_flag_skips_the_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    def loader() -> Roster:
        raise AssertionError("the roster must not be loaded")

    deid_cli.set_roster_loader(loader)
    code, _, _ = run(["leak-check", "--no-roster"], monkeypatch, b"nothing here")
    assert code == 0


def test_the_help_lists_every_policy() -> None:
    from sealbook.core.deid import POLICIES

    assert tuple(POLICIES) == deid_cli.POLICY_NAMES


def test_loading_the_commands_does_not_load_the_engine() -> None:
    # In a fresh interpreter: this one has the engine loaded already.
    code = (
        "import sys, sealbook.cli.main; "
        "print(sorted(m for m in sys.modules if m.startswith('sealbook.core.deid')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_deid_explain_names_the_detector_and_evidence_of_every_span(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(["deid", "--explain"], monkeypatch, NOTE.encode())
    assert code == 0
    lines = [line.split("\t") for line in out.splitlines()]
    assert [(where, kind, found) for where, kind, found, _ in lines] == [
        ("0-10", "a person's name", "Kate Moore"),
        ("23-37", "a phone number", "(617) 555-0142"),
        ("41-47", "a date", "3/4/21"),
        ("65-69", "a relative's name", "Dana"),
    ]
    assert lines[3][3] == "A word for a relative or a role before it: a name after 'sister'"
    assert all(": " in why and "_" not in why.split(":")[0] for *_, why in lines)


def test_every_detector_has_words_for_the_why_column() -> None:
    from sealbook.core.deid.detectors import REGISTRY
    from sealbook.core.deid.spans import DETECTOR_WORDS, LABEL_WORDS, Label

    assert sorted(set(REGISTRY) - set(DETECTOR_WORDS)) == []
    assert sorted(set(Label) - set(LABEL_WORDS)) == []


def _notes(count: int) -> str:
    """Synthetic notes, each naming people (some again in later notes) and identifiers."""
    given = ["Dana", "Ilse", "Kofi", "Marta", "Teodor", "Wren", "Sione", "Agnieszka"]
    family = ["Moore", "Ødegård", "Mensah", "Kowalczyk", "Halloran", "Tupou"]
    notes = []
    for i in range(count):
        name = f"{given[i % len(given)]} {family[i % len(family)]}"
        notes.append(
            f"Session {i}: {name} called from (617) 555-{i % 10_000:04d} on 3/{i % 28 + 1}/21. "
            f"Her sister {given[(i + 3) % len(given)]} came along; "
            f"{given[i % len(given)]} said the week was hard.\n\n"
            f"Later {given[(i + 5) % len(given)]} wrote about the move to 12 Elm St, Springfield."
            f"\n\n"
        )
    return "".join(notes)


def test_a_file_large_enough_for_the_child_processes_gives_what_one_process_gives(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # At the real chunk size: names found in one chunk are carried to the chunks after it,
    # which the children analyse while this process is still replacing the chunk before;
    # and the surrogates it wrote are not taken for names (the pseudonym operator).
    text = _notes(1500)
    assert len(text.encode()) >= deid_cli.PARALLEL_MIN_BYTES
    assert len(text) > 2 * deid_cli.CHUNK_CHARS  # three chunks: a child gets a second one
    path = tmp_path / "notes.txt"
    path.write_text(text, encoding="utf-8")
    argv = ["deid", "--json", "--operator", "pseudonym", str(path)]
    monkeypatch.setattr(packet_module.secrets, "token_bytes", lambda n: b"k" * n)
    monkeypatch.setattr(deid_cli.os, "cpu_count", lambda: 1)
    code, one, _ = run(argv, monkeypatch)
    assert code == 0
    forked: list[int] = []
    real_fork = deid_cli._Child.fork

    def fork(roster, siblings):  # type: ignore[no-untyped-def]
        forked.append(len(siblings))
        return real_fork(roster, siblings)

    monkeypatch.setattr(deid_cli._Child, "fork", fork)
    monkeypatch.setattr(deid_cli.os, "cpu_count", lambda: 2)
    code, several, _ = run(argv, monkeypatch)
    assert code == 0 and forked == [0, 1]
    assert several == one
    result = json.loads(several)
    assert "Kofi" not in result["text"] and "555-" not in result["text"]
    assert all(text[s["start"] : s["end"]] == s["text"] for s in result["spans"])


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.fixture
def notes_read_in_parallel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file of notes that the command reads in small chunks on two child processes."""
    path = tmp_path / "notes.txt"
    path.write_text(_notes(60), encoding="utf-8")
    monkeypatch.setattr(deid_cli, "CHUNK_CHARS", 300)
    monkeypatch.setattr(deid_cli, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(deid_cli.os, "cpu_count", lambda: 2)
    return path


def test_a_child_that_fails_ends_the_command_and_the_other_children(
    monkeypatch: pytest.MonkeyPatch, notes_read_in_parallel: Path
) -> None:
    path = notes_read_in_parallel

    def broken(span):  # type: ignore[no-untyped-def]  # (runs in the children)
        raise ValueError("a detector failed")

    monkeypatch.setattr(deid_cli, "_packed", broken)
    with pytest.raises(RuntimeError, match="ValueError: a detector failed"):
        run(["deid", str(path)], monkeypatch)
    assert _no_children_left()


def test_a_command_that_fails_midway_ends_its_children(
    monkeypatch: pytest.MonkeyPatch, notes_read_in_parallel: Path
) -> None:
    path = notes_read_in_parallel
    calls: list[int] = []
    real = packet_module.Packet.deidentify

    def deidentify(self, text, detected=None, analysed=None):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise OSError("the output went away")
        return real(self, text, detected, analysed)

    monkeypatch.setattr(packet_module.Packet, "deidentify", deidentify)
    with pytest.raises(OSError, match="the output went away"):
        run(["deid", str(path)], monkeypatch)
    assert _no_children_left()


@pytest.mark.parametrize(
    ("argv", "content", "expected_code", "expected_out"),
    [
        (["deid", "--no-roster"], NOTE.encode(),
         0, "[NAME] called from [PHONE] on [DATE] about her sister [RELATIVE]."),
        (["leak-check", "--no-roster"], NOTE.encode(), 1, "NAME\t0-10\t"),
        (["leak-check", "--no-roster"], b"Seen today.", 0, ""),
        (["deid", "--no-roster"], b"caf\xe9 au lait", 2, ""),
    ],
)  # fmt: skip
def test_the_command_run_as_a_program_ends_with_its_output_and_exit_code(
    argv: list[str], content: bytes, expected_code: int, expected_out: str, tmp_path: Path
) -> None:
    # `deid` and `leak-check` end the process without the interpreter's teardown: what
    # they printed must be out, and the exit code the command's own.
    path = tmp_path / "note.txt"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "sealbook", *argv, str(path)],
        capture_output=True, text=True, check=False, cwd=Path(deid_cli.__file__).parents[2],
    )  # fmt: skip
    assert result.returncode == expected_code
    assert result.stdout.startswith(expected_out)
    if expected_code == 2:
        assert result.stdout == "" and result.stderr.count("\n") == 1


def test_when_no_child_process_can_be_started_this_one_analyses_every_chunk(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(_notes(60), encoding="utf-8")
    monkeypatch.setattr(deid_cli, "CHUNK_CHARS", 300)
    monkeypatch.setattr(packet_module.secrets, "token_bytes", lambda n: b"k" * n)
    monkeypatch.setattr(deid_cli.os, "cpu_count", lambda: 1)
    code, one, _ = run(["deid", "--json", str(path)], monkeypatch)
    assert code == 0

    def no_fork() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(deid_cli.os, "fork", no_fork)
    monkeypatch.setattr(deid_cli.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(deid_cli, "PARALLEL_MIN_BYTES", 0)
    code, alone, _ = run(["deid", "--json", str(path)], monkeypatch)
    assert (code, alone) == (0, one)
    assert _no_children_left()
