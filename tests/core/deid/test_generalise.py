"""Issue 13: mechanisms that make de-identification hold on text it has never seen.

Every sentence here is written for these tests (synthetic names and places).
"""

from __future__ import annotations

from sealbook.core.deid import Packet, analyse
from sealbook.core.deid import packet as packet_module
from sealbook.core.deid.lexicon import SNAPSHOT, build_snapshot, source_key

SECRET = b"s" * 32


def _found(text: str) -> list[str]:
    return [text[s.start : s.end] for s in analyse(text)]


# --- one analysis per text -------------------------------------------------------------


def test_the_shipped_word_list_snapshot_is_built_from_the_present_sources() -> None:
    import importlib.resources
    import marshal
    import zlib

    folder = importlib.resources.files("sealbook.core.deid").joinpath("data")
    shipped = marshal.loads(zlib.decompress(folder.joinpath(SNAPSHOT).read_bytes()))  # noqa: S302
    assert shipped["source_key"] == source_key()
    fresh = marshal.loads(zlib.decompress(build_snapshot()))  # noqa: S302
    assert shipped == fresh  # rebuild: python -m sealbook.core.deid.lexicon


def test_deidentify_analyses_its_input_once_when_no_replacement_is_glued(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    real = packet_module.analyse

    def counting(text: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(packet_module, "analyse", counting)
    out = Packet("safe-harbor", "redact", secret=SECRET).deidentify(
        "Dr. Velmora Quist saw her on 3/4/2025 at 12 Alder Lane."
    )
    assert "Velmora" not in out.text and "3/4/2025" not in out.text
    assert len(calls) == 1


def test_a_replacement_glued_to_a_word_is_checked_again_in_a_small_window() -> None:
    far = " word" * 20
    text = f"{far} [NAME]son{far}"
    at = text.index("[")
    ((lo, hi),) = packet_module._glued_windows(text, [(at, at + 6)])
    assert lo < at and hi > at + 9 and hi - lo < 2 * packet_module.GLUE_CONTEXT + 20
    assert text[lo - 1] == " " and text[hi] == " "
    assert packet_module._glued_windows(f"{far} [NAME] son", [(at, at + 6)]) == []


def test_a_placeholder_is_never_an_identifier() -> None:
    assert _found("Seen by [NAME] from [IP] on [DATE].") == []
