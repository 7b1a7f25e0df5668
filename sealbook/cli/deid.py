"""`sealbook deid` and `sealbook leak-check`: de-identify text, or check it before it leaves.

Both read FILE, or standard input when no FILE is given, as UTF-8 text, in
chunks cut at paragraph or line breaks, so large inputs stream. The practice
roster comes from a loader the web side installs with `set_roster_loader`
(it reads the vault while the practice is unsealed); without a loader, or with
`--no-roster`, only the general detectors run. When the loader cannot give a
roster here (no practice, or a sealed one and no secret configured) it raises
`RosterUnavailable`, and the command runs without it and says so in one line
on stderr; any other error of the loader ends the command (exit 2).

Exit codes: 0 done (leak-check: clean), 1 leak-check found something,
2 bad input (unreadable file, not UTF-8, unknown policy or operator).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import itertools
import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

from sealbook.core.errors import SealbookError

# The engine (its word lists and patterns, about 8 MiB) is imported by the two commands
# that run it, not here: `sealbook/cli/main.py` registers every subcommand, `serve`
# included, and none of the others needs it.
if TYPE_CHECKING:
    from sealbook.core.deid import CompiledRoster, Label, Operator, Packet, Roster, Span

EXIT_LEAK = 1
EXIT_ERROR = 2
# A chunk is analysed on its own, with the names of the chunks before it (`Packet.seeds`).
# At 128 KiB a 1 MB file is eight chunks, shared more evenly by the child processes than
# four were, and the chain of chunks waiting for the names of the one before is shorter.
# (The cuts matter a little: a name found in a chunk is looked for before it in that chunk
# too. On bench/deid's speed text, the state code "DE" is no longer taken for a name, and
# one name is replaced as a relative's; nothing else changes.)
CHUNK_CHARS = 128 * 1024
READ_BYTES = 64 * 1024
PROGRESS_MIN_BYTES = 1024 * 1024
# A file this large is analysed on every core (see `_analysed`); a smaller one in this process.
PARALLEL_MIN_BYTES = 2 * CHUNK_CHARS
MAX_ANALYSING_PROCESSES = 4

RosterLoader = Callable[[], "Roster | CompiledRoster | None"]
# The names of sealbook.core.deid.POLICIES, for --help (a test keeps the two equal).
POLICY_NAMES = ("safe-harbor", "disguise", "limited-data-set")
_roster_loader: RosterLoader | None = None


def set_roster_loader(loader: RosterLoader | None) -> None:
    """Install the function that returns the practice roster (None: no roster available).

    It is called once per command, only when the roster is wanted; it may raise
    a `SealbookError` (for instance when the practice is sealed), which ends the
    command with that message rather than silently checking without a roster.
    """
    global _roster_loader
    _roster_loader = loader


class InputError(SealbookError):
    """The input could not be read as UTF-8 text."""


class RosterUnavailable(SealbookError):
    """There is no roster to be had here; the command goes on without it, and says why."""


def register(subparsers: Any) -> None:
    """Add the `deid` and `leak-check` subcommands to an argparse subparsers object."""
    deid = subparsers.add_parser(
        "deid",
        help="de-identify a text file or standard input",
        description="De-identify FILE (or standard input) and print the result.",
    )
    deid.add_argument(
        "--policy",
        default="safe-harbor",
        metavar="NAME",
        help=f"what to remove: {', '.join(POLICY_NAMES)} (default: safe-harbor)",
    )
    deid.add_argument(
        "--operator",
        default="redact",
        metavar="OPERATOR",
        help="redact (typed placeholders, the default) or pseudonym (surrogate names, "
        "shifted dates, generalised ages, cities and ZIP codes)",
    )
    deid.add_argument(
        "--json",
        action="store_true",
        help='print {"text": ..., "spans": [{"start", "end", "label", "text", "detector", '
        '"reason"}]} with offsets into the input',
    )
    deid.add_argument(
        "--explain",
        action="store_true",
        help="instead of the text, print one line per finding: offsets, kind, the text found, "
        "and why (what found it and the evidence), tab-separated",
    )
    deid.add_argument("--no-roster", action="store_true", help="do not use the practice roster")
    deid.add_argument("file", nargs="?", metavar="FILE", help="input file (default: stdin)")
    # It keeps no state: the process may end without the interpreter's teardown (main.py).
    deid.set_defaults(handler=run_deid, exit_at_once=True)

    leak = subparsers.add_parser(
        "leak-check",
        help="check outgoing text for identifiers of the practice's clients",
        description="Exit 1 and list each finding when the text contains a direct identifier "
        "or identifies a client on the practice roster; exit 0 when clean.",
    )
    leak.add_argument("--no-roster", action="store_true", help="do not use the practice roster")
    leak.add_argument("file", nargs="?", metavar="FILE", help="input file (default: stdin)")
    leak.set_defaults(handler=run_leak_check, exit_at_once=True)


def _fail(message: str) -> int:
    print(f"sealbook: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def _load_roster(args: argparse.Namespace) -> tuple[CompiledRoster | None, str]:
    """The roster, or None and the reason to tell the user ("" after --no-roster)."""
    from sealbook.core.deid import Roster

    if args.no_roster:
        return None, ""
    if _roster_loader is None:
        return None, "no practice roster"
    try:
        roster = _roster_loader()
    except RosterUnavailable as exc:
        return None, str(exc)
    if roster is None:
        return None, "no practice roster"
    return (roster.compile() if isinstance(roster, Roster) else roster), ""


def _note_without_roster(reason: str, doing: str) -> None:
    if reason:
        print(f"sealbook: note: {reason}; {doing}", file=sys.stderr)


def _open_input(path: str | None) -> tuple[IO[bytes], int, str]:
    """The byte stream to read, its size if known (for the progress bar), and its name.

    The caller closes the stream unless it is standard input.
    """
    if path is None or path == "-":
        return sys.stdin.buffer, 0, "standard input"
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller
        size = os.fstat(stream.fileno()).st_size
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or 'unreadable'}") from None
    if not os.path.isfile(path):
        stream.close()
        raise InputError(f"cannot read {path}: not a regular file")
    return stream, size, path


def _validate_utf8(stream: IO[bytes], name: str) -> None:
    """Check a whole file before any output, so a bad byte late on leaves no partial result."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := stream.read(READ_BYTES):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text") from None
    stream.seek(0)


def read_chunks(stream: IO[bytes], name: str, progress: Progress | None = None) -> Iterator[str]:
    """Decode `stream` as UTF-8 and yield pieces of about CHUNK_CHARS, cut at a break."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    pending = ""
    done = False
    while not done:
        block = stream.read(READ_BYTES)
        done = not block
        try:
            pending += decoder.decode(block, final=done)
        except UnicodeDecodeError:
            raise InputError(f"{name} is not UTF-8 text") from None
        if progress is not None:
            progress.advance(len(block))
        while len(pending) >= CHUNK_CHARS or (done and pending):
            cut = len(pending) if done and len(pending) < CHUNK_CHARS else _cut(pending)
            yield pending[:cut]
            pending = pending[cut:]


def _cut(text: str) -> int:
    """Where to end a chunk: after a blank line, else a line, else a space, near CHUNK_CHARS."""
    window_start = CHUNK_CHARS // 2
    for sep in ("\n\n", "\n", " "):
        at = text.rfind(sep, window_start, CHUNK_CHARS)
        if at >= 0:
            return at + len(sep)
    return CHUNK_CHARS


class Progress:
    """A one-line progress bar on stderr, shown only on a terminal for large inputs."""

    def __init__(self, total: int, stream: IO[str]) -> None:
        self.total = total
        self.seen = 0
        self.stream = stream
        self.shown = -1

    def advance(self, count: int) -> None:
        self.seen += count
        percent = min(100, self.seen * 100 // max(1, self.total))
        if percent != self.shown:
            self.shown = percent
            bar = "#" * (percent // 5)
            self.stream.write(f"\rsealbook: [{bar:<20}] {percent:3d}%")
            self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * 40 + "\r")
        self.stream.flush()


def _progress_for(size: int) -> Progress | None:
    if size >= PROGRESS_MIN_BYTES and sys.stderr.isatty():
        return Progress(size, sys.stderr)
    return None


def run_deid(args: argparse.Namespace) -> int:
    from sealbook.core.deid import Packet, get_policy
    from sealbook.core.deid.engine import preload

    # Word lists and detectors load now, from the shipped snapshot, not when input arrives.
    preload()
    try:
        policy = get_policy(args.policy)
        operator = _operator(args.operator)
        stream, size, name = _open_input(args.file)
    except SealbookError as exc:
        return _fail(str(exc))
    try:
        roster, missing = _load_roster(args)
    except SealbookError as exc:
        _close(stream, args.file)
        return _fail(str(exc))
    packet = Packet(policy, operator, roster)
    progress = _progress_for(size)
    out = sys.stdout
    try:
        if args.file not in (None, "-"):
            _validate_utf8(stream, name)
        if args.json and not args.explain:
            out.write('{"text": "')
        spans: list[dict[str, object]] = []
        offset = 0
        chunks = read_chunks(stream, name, progress)
        parallel = args.file not in (None, "-") and size >= PARALLEL_MIN_BYTES
        with _analysed(chunks, packet, parallel) as pairs:
            for chunk, analysed in pairs:
                result = packet.deidentify(chunk, analysed=analysed)
                if args.explain:
                    out.writelines(_explain_line(chunk, s, offset) for s in result.spans)
                elif args.json:
                    out.write(json.dumps(result.text, ensure_ascii=False)[1:-1])
                    spans.extend(_span_json(chunk, s, offset) for s in result.spans)
                else:
                    out.write(result.text)
                offset += len(chunk)
        if args.json and not args.explain:
            out.write('", "spans": ' + json.dumps(spans, ensure_ascii=False) + "}\n")
        out.flush()
        # Said after the output, so that a failure mid-stream stays a one-line error.
        _note_without_roster(missing, "de-identified without the practice roster")
    except SealbookError as exc:
        return _fail(str(exc))
    finally:
        if progress is not None:
            progress.close()
        if args.file not in (None, "-"):
            stream.close()
    return 0


@contextmanager
def _analysed(
    chunks: Iterator[str], packet: Packet, parallel: bool
) -> Iterator[Iterator[tuple[str, list[Span] | None]]]:
    """Each chunk with its analysis (`Packet.analyse`'s `analysed`), or with None (the
    packet analyses it).

    On a large file, child processes (one per core, forked once the engine is loaded)
    analyse the chunks, in turn. A chunk's analysis needs the names found in the chunks
    before it (`Packet.seeds`), which are known only once this process has finished
    them: a child runs the detectors first (most of the work, and it needs no seeds),
    then waits for the seeds, then finds the later mentions, affiliations and overlaps with
    the words it has just read, so the output is the same as one process's. This
    process only replaces and writes. The file was checked to be UTF-8 before, so reading
    ahead fails on nothing.
    """
    processes = min(os.cpu_count() or 1, MAX_ANALYSING_PROCESSES)
    if not parallel or processes < 2 or not hasattr(os, "fork"):
        yield ((chunk, None) for chunk in chunks)
        return
    try:
        children = _Children(packet.roster, processes)
    except OSError:  # no process to be had (a limit reached): this one does it all
        yield ((chunk, None) for chunk in chunks)
        return
    try:
        yield children.analysed(chunks, packet.seeds)
    finally:
        children.close()


class _Children:
    """The analysing child processes of `_analysed`, each reached through two pipes.

    Forked directly, with pickles on the pipes: `multiprocessing`, with the modules it
    loads, would add a fiftieth of a second to the command's start.
    """

    def __init__(self, roster: CompiledRoster | None, count: int) -> None:
        import gc

        # What is loaded now (the engine's word lists above all) is shared with the
        # children, unchanged: the collector need not walk it, which would copy its pages.
        gc.freeze()
        self.children: list[_Child] = []
        try:
            for _ in range(count):
                self.children.append(_Child.fork(roster, self.children))
        except BaseException:
            self.close()
            raise

    def analysed(
        self, chunks: Iterator[str], seeds: Mapping[str, Label]
    ) -> Iterator[tuple[str, list[Span]]]:
        """The chunks in order, each with its analysis; each resumption of this generator
        means the chunk before is done (its seeds are in `seeds`)."""
        ahead: deque[tuple[str, _Child]] = deque()
        for child in self.children:
            chunk = next(chunks, None)
            if chunk is None:
                break
            child.send(chunk)
            ahead.append((chunk, child))
        while ahead:
            chunk, child = ahead.popleft()
            following = next(chunks, None)
            # The seeds found since this child's last chunk, and its next chunk, in one message.
            child.send((list(itertools.islice(seeds.items(), child.seeds_given, None)), following))
            child.seeds_given = len(seeds)
            if following is None:
                child.told_to_end = True
            else:
                ahead.append((following, child))
            yield chunk, _unpacked(child.receive())

    def close(self) -> None:
        import gc

        for child in self.children:
            child.close()
        gc.unfreeze()


class _Child:
    """One analysing child process (`_analyse_in_child`) and the parent's ends of its pipes."""

    def __init__(self, pid: int, to_child: IO[bytes], from_child: IO[bytes]) -> None:
        self.pid = pid
        self.to_child = to_child
        self.from_child = from_child
        self.seeds_given = 0  # how many of the packet's seeds it has
        self.told_to_end = False  # sent its last chunk, after which it ends by itself
        self.done = False

    @classmethod
    def fork(cls, roster: CompiledRoster | None, siblings: list[_Child]) -> _Child:
        down_read, down_write = os.pipe()
        up_read, up_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_read, down_write, up_read, up_write):
                os.close(fd)
            raise
        if pid == 0:  # the child: it never returns from here, nor runs the parent's exit code
            code = 1
            try:
                for fd in (down_write, up_read, *(f for s in siblings for f in s.fds())):
                    os.close(fd)
                with open(down_read, "rb") as down, open(up_write, "wb") as up:
                    _analyse_in_child(down, up, roster)
                code = 0
            finally:
                os._exit(code)
        os.close(down_read)
        os.close(up_write)
        return cls(pid, open(down_write, "wb"), open(up_read, "rb"))

    def fds(self) -> tuple[int, int]:
        return self.to_child.fileno(), self.from_child.fileno()

    def send(self, message: object) -> None:
        import pickle

        pickle.dump(message, self.to_child, pickle.HIGHEST_PROTOCOL)
        self.to_child.flush()

    def receive(self) -> list[_PackedSpan] | _ChildFailed:
        try:
            message: list[_PackedSpan] | _ChildFailed = _load(self.from_child)
        except EOFError:
            raise RuntimeError("a child process analysing the input ended early") from None
        return message

    def close(self) -> None:
        """Wait for the child to end after its last chunk, or end it (the command failed)."""
        import signal

        if self.done:
            return
        self.done = True
        for stream in (self.to_child, self.from_child):
            with contextlib.suppress(OSError):
                stream.close()
        if not self.told_to_end:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _analyse_in_child(
    from_parent: IO[bytes], to_parent: IO[bytes], roster: CompiledRoster | None
) -> None:
    """A child of `_Children`: analyse each chunk sent, once the seeds for it arrive.

    Sends back the spans packed as tuples (`_packed`), or a `_ChildFailed`.
    """
    import gc
    import pickle

    from sealbook.core.deid.engine import analyse, detect

    # The analysis makes many objects and no cycles; the collector would walk them for nothing.
    gc.disable()
    seeds: dict[str, Label] = {}
    try:
        text = _load(from_parent)
        while text is not None:
            found = detect(text, roster)
            new_seeds, following = _load(from_parent)
            seeds.update(new_seeds)  # (in the packet's order: the analysis is the same)
            # The detectors just read `text` here, and its words are still at hand.
            spans = analyse(text, roster, seeds=seeds, detected=found, scanned=True)
            pickle.dump([_packed(s) for s in spans], to_parent, pickle.HIGHEST_PROTOCOL)
            to_parent.flush()
            text = following
    except EOFError:
        return  # the parent stopped early
    except BaseException as exc:  # (reported to the parent, which raises it)
        with contextlib.suppress(OSError):  # (unless the parent has gone)
            pickle.dump(_ChildFailed(f"{type(exc).__name__}: {exc}"), to_parent)
            to_parent.flush()


def _load(stream: IO[bytes]) -> Any:
    import pickle

    # Written by this command's other process, on a pipe only the two of them hold.
    return pickle.load(stream)  # noqa: S301


class _ChildFailed:
    """What a child sends instead of spans when its analysis failed."""

    def __init__(self, message: str) -> None:
        self.message = message


# A span as a tuple: a list of tuples of ints and shared strings pickles and loads several
# times faster than the frozen dataclasses themselves.
_PackedSpan = tuple[int, int, str, str, str, float, tuple[str, ...], str]


def _packed(span: Span) -> _PackedSpan:
    return (span.start, span.end, span.label.value, span.detector, span.reason, span.score,
            span.client_refs, span.entity)  # fmt: skip


def _unpacked(message: list[_PackedSpan] | _ChildFailed) -> list[Span]:
    from sealbook.core.deid import Label, Span

    if isinstance(message, _ChildFailed):
        raise RuntimeError(f"a child process analysing the input failed: {message.message}")
    labels = {label.value: label for label in Label}
    return [
        Span(start, end, labels[label], detector, reason, score, refs, entity)
        for start, end, label, detector, reason, score, refs, entity in message
    ]


def _operator(name: str) -> Operator:
    from sealbook.core.deid import Operator

    try:
        return Operator(name)
    except ValueError:
        choices = ", ".join(o.value for o in Operator)
        raise SealbookError(f"unknown operator {name!r} (choose one of: {choices})") from None


def _span_json(chunk: str, span: Span, offset: int) -> dict[str, object]:
    return {
        "start": span.start + offset,
        "end": span.end + offset,
        "label": span.label.value,
        "text": chunk[span.start : span.end],
        "detector": span.detector,
        "reason": span.reason,
    }


def _explain_line(chunk: str, span: Span, offset: int) -> str:
    """One finding for `--explain`: offsets, kind in words, the text, and why."""
    found = " ".join(chunk[span.start : span.end].split())
    return f"{span.start + offset}-{span.end + offset}\t{span.kind}\t{found}\t{span.why}\n"


def _close(stream: IO[bytes], path: str | None) -> None:
    if path not in (None, "-"):
        stream.close()


def run_leak_check(args: argparse.Namespace) -> int:
    from sealbook.core.deid import leak_check

    try:
        stream, size, name = _open_input(args.file)
    except SealbookError as exc:
        return _fail(str(exc))
    try:
        roster, missing = _load_roster(args)
    except SealbookError as exc:
        _close(stream, args.file)
        return _fail(str(exc))
    progress = _progress_for(size)
    findings: list[str] = []
    try:
        offset = 0
        for chunk in read_chunks(stream, name, progress):
            findings.extend(_describe(span, offset) for span in leak_check(chunk, roster))
            offset += len(chunk)
    except SealbookError as exc:
        return _fail(str(exc))
    finally:
        if progress is not None:
            progress.close()
        if args.file not in (None, "-"):
            stream.close()
    for line in findings:
        print(line)
    _note_without_roster(missing, "checked for direct identifiers only, without the roster")
    if findings:
        print(f"sealbook: {len(findings)} finding(s); do not send this text as it is",
              file=sys.stderr)  # fmt: skip
        return EXIT_LEAK
    return 0


def _describe(span: Span, offset: int) -> str:
    """One finding, without the identifying text itself: kind, offsets, client reference."""
    line = f"{span.label.value}\t{span.start + offset}-{span.end + offset}\t{span.reason}"
    if span.client_refs:
        line += "\tclient " + ",".join(span.client_refs)
    return line


__all__ = ["RosterUnavailable", "register", "set_roster_loader"]
