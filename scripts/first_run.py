"""Run the README's first command on a fresh clone, as a newcomer would, and log in.

CI runs this (`.ci/run`) before the test suite, so the command every newcomer
runs first cannot break unnoticed. The command is read from the README itself
(the first line of its first code block, without the comment), so the README
and this check cannot drift apart. Standard library only: it runs before any
virtualenv exists.

    python3 scripts/first_run.py [--keep]

Exit 0 when the demo answered HTTP and one printed login was accepted; exit 1
with one line saying what failed otherwise.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETUP_SECONDS = 900  # a fresh clone installs its virtualenv (and Debian packages) first
LOGIN_LINE = re.compile(r"^(?P<role>[a-z_]+) (?P<email>\S+@\S+) (?P<password>\S+)$")


class FirstRunFailed(Exception):
    pass


def readme_first_command(readme: Path) -> str:
    """The first line of the README's first fenced code block, comment removed."""
    in_block = False
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if in_block:
                break
            in_block = True
            continue
        if in_block and line.strip():
            return line.split("#", 1)[0].strip()
    raise FirstRunFailed("the README has no code block with a first command")


def port_of(command: str) -> int:
    match = re.search(r"--port[ =](\d+)", command)
    return int(match.group(1)) if match else 8000


def clone(into: Path) -> Path:
    target = into / "sealbook"
    subprocess.run(
        ["git", "clone", "--quiet", str(REPO), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # CI clones beside ../shared; a newcomer's clone needs nothing beside it.
    return target


def wait_for_logins(demo: subprocess.Popen[str], port: int, output: list[str]) -> list[str]:
    """Read the demo's output until it prints its logins and answers HTTP."""
    assert demo.stdout is not None
    logins: list[str] = []
    deadline = time.monotonic() + SETUP_SECONDS
    os.set_blocking(demo.stdout.fileno(), False)
    while time.monotonic() < deadline:
        line = demo.stdout.readline()
        if line:
            output.append(line.rstrip("\n"))
            if LOGIN_LINE.match(line.strip()):
                logins.append(line.strip())
            continue
        if demo.poll() is not None:
            raise FirstRunFailed(f"the demo command exited with {demo.returncode} before serving")
        if logins and answers_http(port):
            return logins
        time.sleep(0.5)
    raise FirstRunFailed(f"the demo did not answer on port {port} within {SETUP_SECONDS} s")


def answers_http(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as reply:  # noqa: S310
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def log_in(port: int, login: str) -> None:
    """Log in through the login form, with its CSRF token, as a browser would."""
    match = LOGIN_LINE.match(login)
    assert match is not None
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    with opener.open(f"{base}/login/", timeout=10) as reply:
        page = reply.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise FirstRunFailed("the login page has no CSRF token")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "email": match["email"],
            "password": match["password"],
        }
    ).encode()
    request = urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": f"{base}/login/"})
    try:
        with opener.open(request, timeout=30) as reply:
            landed = urllib.parse.urlsplit(reply.geturl()).path
            status = reply.status
    except urllib.error.HTTPError as error:
        raise FirstRunFailed(f"logging in as {match['role']} answered HTTP {error.code}") from None
    if status != 200 or landed.startswith("/login"):
        raise FirstRunFailed(f"logging in as {match['role']} did not leave the login page")
    print(f"first run: logged in as the {match['role']} and landed on {landed}")


def stop(demo: subprocess.Popen[str]) -> None:
    if demo.poll() is None:
        os.killpg(demo.pid, signal.SIGTERM)
        try:
            demo.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(demo.pid, signal.SIGKILL)
            demo.wait()


def main() -> int:
    keep = "--keep" in sys.argv[1:]
    workdir = Path(tempfile.mkdtemp(prefix="sealbook-first-run-"))
    output: list[str] = []
    demo = None
    try:
        command = readme_first_command(REPO / "README.md")
        port = port_of(command)
        if answers_http(port):
            raise FirstRunFailed(f"port {port} is already taken: stop what serves it first")
        checkout = clone(workdir)
        print(f"first run: in a fresh clone, running the README's first command: {command}")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
        # Only so that the printed logins reach this check before the server starts.
        env["PYTHONUNBUFFERED"] = "1"
        demo = subprocess.Popen(  # noqa: S602 - the README's own command, run as written
            command,
            shell=True,
            cwd=checkout,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        logins = wait_for_logins(demo, port, output)
        # The clinician is the login a newcomer tries first; any printed login proves the path.
        chosen = next((line for line in logins if line.startswith("clinician ")), logins[0])
        log_in(port, chosen)
        print(f"first run: passed ({len(logins)} logins printed)")
        return 0
    except (FirstRunFailed, subprocess.CalledProcessError, OSError) as error:
        for line in output[-30:]:
            print(f"  | {line}", file=sys.stderr)
        print(f"first run: FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if demo is not None:
            stop(demo)
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
