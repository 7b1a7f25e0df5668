"""The de-identification engine compiled to C (with mypyc), used only when it was built
from exactly the sources beside it.

Why: the engine's cost is spread over hundreds of small rules, each a few calls and
look-ups, so no one rule is worth rewriting and the interpreter's own cost of running them
is most of the time. The same modules compiled by mypyc run about a fifth faster
(bench/RESULTS.md, "compiled engine"), with no change to what they find: the compiled and
the interpreted engine give the same spans (a test compares them on the corpora).

How: `python -m sealbook.core.deid.native build` (run by scripts/setup.sh) compiles the
engine's modules into a directory named by a digest of their sources and of this Python's
build, under the user's cache (`SEALBOOK_DEID_NATIVE_CACHE` to choose another). When
`sealbook.core.deid` is imported, `install` works out the digest of the sources as they
are now and, if a build of that digest exists, puts a finder on `sys.meta_path` that loads
the compiled modules from it. A source edited since the build changes the digest, so the
engine then runs as Python: a build can be missing or old, never stale.
`SEALBOOK_DEID_NATIVE=0` runs the engine as Python whatever is built.

Not compiled: the packages' `__init__` (this module is installed from one), this module,
the two modules run as scripts that find their data beside their own file (`lexicon`,
`patterns`), and `packet`, whose few steps per document cost little and whose tests watch
what it calls (a compiled module calls another's functions directly, past any stand-in).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import pathlib
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

PACKAGE = "sealbook.core.deid"
_HERE = pathlib.Path(__file__).resolve().parent
# The directory that holds the `sealbook` package: module names are paths below it.
_ROOT = _HERE.parents[2]
_NOT_COMPILED = frozenset({"native.py", "lexicon.py", "patterns.py", "packet.py"})
# The name of the shared library that holds every compiled module (mypyc's "group").
GROUP = "sealbook_deid"
_GROUP_LIBRARY = f"{GROUP}__mypyc"
_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
_ENABLED = "SEALBOOK_DEID_NATIVE"
_CACHE = "SEALBOOK_DEID_NATIVE_CACHE"


class NativeBuildError(Exception):
    """The compiled engine could not be built (the engine still runs as Python)."""


def compiled_sources(package: pathlib.Path = _HERE) -> list[pathlib.Path]:
    """The modules of the engine in `package` (this one) that are compiled, in a fixed order."""
    return sorted(
        path
        for path in package.rglob("*.py")
        if path.name != "__init__.py"
        and not (path.parent == package and path.name in _NOT_COMPILED)
        and "__pycache__" not in path.parts
    )


def module_name(path: pathlib.Path) -> str:
    return ".".join(path.relative_to(_ROOT).with_suffix("").parts)


def digest(package: pathlib.Path = _HERE) -> str:
    """The digest that names a build of the engine in `package`: every compiled source's
    path and bytes, this module's (it says how they are compiled), and the Python build
    that can load it (its extension suffix names the version and ABI)."""
    root = package.parents[2]
    hasher = hashlib.sha256(f"{_SUFFIX}\0".encode())
    hasher.update((package / "native.py").read_bytes())
    for path in compiled_sources(package):
        hasher.update(str(path.relative_to(root)).encode() + b"\0")
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


def cache_root() -> pathlib.Path:
    chosen = os.environ.get(_CACHE)
    if chosen:
        return pathlib.Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return pathlib.Path(base) / "sealbook" / "deid-native"


def _library_files(build: pathlib.Path, names: Sequence[str]) -> dict[str, str]:
    """Each compiled module's file in `build`, and the group's shared library."""
    files = {name: str(build.joinpath(*name.split(".")).with_suffix("")) + _SUFFIX
             for name in names}  # fmt: skip
    files[_GROUP_LIBRARY] = str(build / f"{_GROUP_LIBRARY}{_SUFFIX}")
    return files


class _CompiledEngine:
    """Finds the engine's compiled modules in one build (see the module's docstring).

    A finder on `sys.meta_path` needs only `find_spec`; not derived from
    `importlib.abc.MetaPathFinder`, whose module (with `importlib.resources`, which it
    imports) was a twentieth of `sealbook deid`'s start."""

    def __init__(self, files: dict[str, str]) -> None:
        self.files = files

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(fullname)
        if file is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, file)
        return importlib.util.spec_from_file_location(fullname, file, loader=loader)


_installed: _CompiledEngine | None = None


def install() -> bool:
    """Load the engine's modules from a build of the present sources, if there is one and
    `SEALBOOK_DEID_NATIVE` is not "0"; True if so. Called before any of them is imported."""
    global _installed
    if _installed is not None:
        return True
    if os.environ.get(_ENABLED, "1") == "0":
        return False
    try:
        build = cache_root() / digest()
        names = [module_name(path) for path in compiled_sources()]
        files = _library_files(build, names)
        if not (build / "COMPLETE").is_file() or not os.path.isfile(files[_GROUP_LIBRARY]):
            return False
        if not (_trusted(build) and _trusted(build.parent)):
            return False
    except OSError:
        return False  # (an unreadable cache is no build: the engine runs as Python)
    _installed = _CompiledEngine(files)
    sys.meta_path.insert(0, _installed)
    return True


def _trusted(directory: pathlib.Path) -> bool:
    """May code be loaded from `directory`? Only if this user (or root) owns it and no one
    else may write in it: a build is code run inside Sealbook, and a cache put somewhere
    others can write (`SEALBOOK_DEID_NATIVE_CACHE=/tmp/...`) must not let them plant one
    under the digest it will look for. (A build is made in a directory only its owner can
    open, and renamed into place whole.)"""
    status = directory.stat()
    return status.st_uid in (os.getuid(), 0) and not status.st_mode & 0o022


def active() -> bool:
    """Is the engine running compiled? (Its first module was loaded from a build.)"""
    module = sys.modules.get(f"{PACKAGE}.tokens")
    return module is not None and str(getattr(module, "__file__", "")).endswith(_SUFFIX)


def build() -> pathlib.Path:
    """Compile the engine for the present sources, unless built already; the build's
    directory. Built in a temporary directory beside it and renamed into place whole, so
    an interrupted build leaves nothing that `install` would load."""
    sources = compiled_sources()
    name = digest()
    target = cache_root() / name
    if (target / "COMPLETE").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    import tempfile  # (here: only a build needs it, and it costs the start of every command)

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".building-") as tmp:
        work = pathlib.Path(tmp)
        _compile(sources, work)
        names = [module_name(p) for p in sources]
        made = work / "out"
        for module, file in _library_files(made, names).items():
            if not pathlib.Path(file).is_file():
                raise NativeBuildError(f"the build made no library for {module}")
        (made / "COMPLETE").write_text(name + "\n", encoding="utf-8")
        if digest() != name:
            raise NativeBuildError("the sources changed during the build; build again")
        try:
            os.rename(made, target)
        except OSError:
            if not (target / "COMPLETE").is_file():  # (else another build won the race)
                raise
    _forget_old_builds(target.parent)
    return target


# Each version of the sources built leaves a build (about 12 MB): the newest few are kept,
# for the checkouts of other versions on this machine.
KEPT_BUILDS = 3


def _forget_old_builds(cache: pathlib.Path) -> None:
    import shutil

    builds = [p for p in cache.iterdir() if (p / "COMPLETE").is_file()]
    builds.sort(key=lambda p: (p / "COMPLETE").stat().st_mtime, reverse=True)
    for old in builds[KEPT_BUILDS:]:
        shutil.rmtree(old, ignore_errors=True)


def _compile(sources: Sequence[pathlib.Path], work: pathlib.Path) -> None:
    """mypyc and the C compiler, run on `sources`; the libraries land in `work / "out"`."""
    try:
        from mypyc.build import mypycify
        from setuptools import Distribution  # type: ignore[import-untyped,unused-ignore]
    except ImportError as error:
        raise NativeBuildError(f"mypyc is not installed ({error.name})") from None
    # A configuration of its own: the project's (pyproject.toml) loads the django-stubs
    # plugin, which the engine does not need and a plain install does not have.
    config = work / "mypy.ini"
    config.write_text("[mypy]\npython_version = 3.11\nignore_missing_imports = True\n"
                      f"cache_dir = {work / 'mypy-cache'}\n", encoding="utf-8")  # fmt: skip
    here = os.getcwd()
    os.chdir(_ROOT)  # (mypyc names modules by their paths from here)
    try:
        extensions = mypycify(
            ["--config-file", str(config), *(str(p.relative_to(_ROOT)) for p in sources)],
            opt_level="3",
            debug_level="0",
            multi_file=False,
            target_dir=str(work / "c"),
            group_name=GROUP,
        )
        distribution = Distribution({"name": "sealbook-deid-native", "ext_modules": extensions})
        command = _parallel_build_ext()(distribution)
        command.build_lib = str(work / "out")
        command.build_temp = str(work / "objects")
        command.ensure_finalized()
        command.run()
    except (SystemExit, Exception) as error:
        raise NativeBuildError(f"compiling failed: {error}") from error
    finally:
        os.chdir(here)


def _parallel_build_ext() -> type[Any]:
    """setuptools' `build_ext`, compiling an extension's C files on every core at once."""
    from setuptools.command.build_ext import build_ext  # type: ignore[import-untyped,unused-ignore]

    class ParallelBuildExt(build_ext):  # type: ignore[misc]
        """`build_ext` that compiles an extension's C files on every core at once: mypyc
        writes one file per module, and one at a time took minutes."""

        def build_extension(self, ext: Any) -> None:
            from concurrent.futures import ThreadPoolExecutor

            compile_one = self.compiler.compile

            def compile_all(sources: list[str], *args: Any, **kwargs: Any) -> list[str]:
                # The first alone: it makes the directories the others' objects go in.
                first: list[str] = compile_one(sources[:1], *args, **kwargs)
                workers = max(1, min(len(sources) - 1, os.cpu_count() or 1))
                with ThreadPoolExecutor(workers) as pool:  # (gcc runs outside the GIL)
                    rest = pool.map(lambda s: compile_one([s], *args, **kwargs), sources[1:])
                    return first + [obj for objects in rest for obj in objects]

            self.compiler.compile = compile_all
            try:
                super().build_extension(ext)
            finally:
                self.compiler.compile = compile_one

    return ParallelBuildExt


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["build"]:
        try:
            where = build()
        except NativeBuildError as error:
            print(f"sealbook deid native: {error}", file=sys.stderr)
            return 1
        except OSError as error:  # (a cache it may not write in: the engine runs as Python)
            print(f"sealbook deid native: cannot write the build in {cache_root()}: "
                  f"{error.strerror or error}", file=sys.stderr)  # fmt: skip
            return 1
        print(f"sealbook deid native: built in {where}")
        return 0
    if args == ["status"]:
        where = cache_root() / digest()
        built = (where / "COMPLETE").is_file()
        state = "built" if built else "not built"
        print(f"sealbook deid native: {state} for these sources ({where})")
        return 0 if built else 1
    print("usage: python -m sealbook.core.deid.native build|status", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
