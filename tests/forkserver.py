"""A warm start for the `sealbook` commands the tests run (`Cli.run`, tests/cli/conftest.py).

Every `python -m sealbook` spends about 0.3 s of CPU importing Django's framework and the
libraries (psycopg, cryptography, Argon2) before it reads anything of the practice, and the
suite runs several hundred commands on each backend: that import was the largest share of
the command-line streams' CPU. This server imports those modules once, then forks one child
per command, and the child runs `sealbook/__main__.py` as `python -m sealbook` does, with
the test's environment, working folder, arguments and standard streams (files the test
made). Nothing of Sealbook and no Django set-up happens before the fork: settings, apps and
models are made in the child from its own environment, exactly as in a new interpreter.

What differs from a new interpreter: the framework modules are already imported, and the
hash seed is the server's. A command whose PYTHON*, locale or TZ variables differ from the
server's, or
any command when SEALBOOK_TEST_WARM_START=0, runs as a new process instead; so do the
tests that are about starting a process (tests/cli/test_start_up.py, the demo, `serve`).

Each request is served by a reaper forked for it, which forks the command, sends its pid,
waits for it and sends the exit status (the server itself stays single-threaded and never
waits, so commands may run side by side).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import locale
import os
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# Imported before the fork: framework and libraries only, none of which reads the
# environment or a setting when imported (what Django builds from settings, it builds
# in `django.setup()`, in the child).
WARM_MODULES = (
    "django.db.models", "django.http", "django.urls", "django.forms", "django.template",
    "django.core.serializers.json", "django.contrib.auth.hashers", "django.core.management",
    "django.db.backends.sqlite3.base", "django.db.backends.postgresql.base", "psycopg",
    "cryptography.hazmat.primitives.ciphers.aead",
    "cryptography.hazmat.primitives.asymmetric.ed25519", "argon2", "sqlparse",
    "multiprocessing", "email.message", "email.utils", "ssl", "urllib.request", "html.parser",
    "http.cookies", "logging.handlers",
)  # fmt: skip
_MAX_HEADER = 1 << 20


def _start_settings(env: dict[str, str]) -> dict[str, str]:
    """What an interpreter reads once, at its start: the warm one must have had the same."""
    return {k: v for k, v in env.items() if k.startswith(("PYTHON", "LC_", "LANG", "TZ"))}


class WarmStarter:
    """The client: runs `sealbook ARGS` through the server, or as a new process."""

    def __init__(self, env: dict[str, str]) -> None:
        self._env = env
        self._process: subprocess.Popen[bytes] | None = None
        self._socket: str | None = None

    def run(
        self, command: list[str], env: dict[str, str], stdin: str, timeout: float
    ) -> subprocess.CompletedProcess[str]:
        if not self._usable(env):
            return subprocess.run(
                command, env=env, input=stdin, capture_output=True, text=True,
                timeout=timeout, check=False,
            )  # fmt: skip
        with contextlib.ExitStack() as files:
            given, out, err = (files.enter_context(tempfile.TemporaryFile()) for _ in range(3))
            given.write(stdin.encode(locale.getpreferredencoding(False)))
            given.seek(0)
            header = {"argv": command[3:], "env": env, "cwd": os.getcwd()}
            returncode = self._ask(header, [given.fileno(), out.fileno(), err.fileno()], timeout)
            return subprocess.CompletedProcess(command, returncode, _text(out), _text(err))

    def _usable(self, env: dict[str, str]) -> bool:
        if os.environ.get("SEALBOOK_TEST_WARM_START", "1") == "0":
            return False
        if _start_settings(env) != _start_settings(self._env):
            return False
        return self._started()

    def _started(self) -> bool:
        if self._process is not None:
            if self._process.poll() is not None:
                raise RuntimeError("the warm start's server has died: see its error above")
            return True
        folder = tempfile.mkdtemp(prefix="sealbook-warm-")
        self._socket = os.path.join(folder, "socket")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.forkserver", self._socket],
            env=self._env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
        atexit.register(self._stop, folder)
        ready = Path(self._socket + ".ready")
        for _ in range(600):
            if ready.exists() or self._process.poll() is not None:
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(0.05)
        if not (ready.exists() and self._process.poll() is None):
            # Not a quiet fall back to new interpreters: a warm start that never works
            # passes every test and costs the run minutes (it happened: a module it
            # imported was a benchmark requirement only).
            raise RuntimeError("the warm start's server did not start: see its error above")
        return True

    def _ask(self, header: dict[str, Any], fds: list[int], timeout: float) -> int:
        assert self._socket is not None
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(self._socket)
            conn.settimeout(timeout)
            socket.send_fds(conn, [json.dumps(header).encode()], fds)
            answers = conn.makefile("r")
            pid = int(answers.readline())
            try:
                return int(answers.readline())
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                raise subprocess.TimeoutExpired(header["argv"], timeout) from None

    def _stop(self, folder: str) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


def _text(stream: Any) -> str:
    """What `subprocess.run(text=True)` gives for the bytes written to `stream`."""
    stream.seek(0)
    data = stream.read().decode(locale.getpreferredencoding(False))
    return data.replace("\r\n", "\n").replace("\r", "\n")


def serve(path: str) -> None:
    for name in WARM_MODULES:
        importlib.import_module(name)  # one missing fails the server: the test says so
    # What the server holds lives as long as every command forked from it: frozen, no
    # collection in a command walks it (nor touches, so copies, its pages). A command cost
    # 0.34 s with this, 0.40 to 0.47 s without (`audit verify`, ten in a row, twice each).
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the reapers are reaped by the kernel
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(path)
        listener.listen(16)
        Path(path + ".ready").touch()
        while True:
            conn, _ = listener.accept()
            data, fds, _, _ = socket.recv_fds(conn, _MAX_HEADER, 3)
            sys.stdout.flush()
            sys.stderr.flush()
            if os.fork() == 0:
                listener.close()
                _reap(conn, json.loads(data), fds)
            conn.close()
            for fd in fds:
                os.close(fd)


def _reap(conn: socket.socket, header: dict[str, Any], fds: list[int]) -> None:
    """In the reaper: fork the command, report its pid and then its exit status."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    pid = os.fork()
    if pid == 0:
        conn.close()
        _command(header, fds)
    for fd in fds:
        os.close(fd)
    conn.sendall(f"{pid}\n".encode())
    _, status = os.waitpid(pid, 0)
    conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
    os._exit(0)


def _command(header: dict[str, Any], fds: list[int]) -> None:
    """In the command's process: become `python -m sealbook ARGV`. Its `sys.exit` (or an
    uncaught exception) then ends this process as it ends a new interpreter: through the
    interpreter's own shutdown (threads joined, exit functions run, objects finalised)."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(header["cwd"])
    os.environ.clear()
    os.environ.update(header["env"])
    sys.argv = ["-m", *header["argv"]]  # runpy puts the module's path first, as `-m` does
    import runpy

    runpy.run_module("sealbook", run_name="__main__", alter_sys=True)
    raise SystemExit(0)


if __name__ == "__main__":
    serve(sys.argv[1])
