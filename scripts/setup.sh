#!/usr/bin/env bash
# Install what Sealbook needs on a fresh Debian machine, idempotently:
#   - Debian packages (as root, or with sudo): the fonts the PDFs embed; with
#     --test also chromium for the browser tests and softhsm2 for the HSM tests;
#   - a virtualenv in .venv with Sealbook and, with --test, its test tools;
#   - with --test, axe-core (from npm) for the accessibility checks of the browser tests.
# Nothing here downloads anything but packages from Debian, PyPI and npm.
#
# Every failure prints one line saying what failed and what to do, then exits 1:
# a newcomer must never see a silent exit.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "setup: $1" >&2
  exit 1
}
trap 'fail "line $LINENO failed (exit $?); re-run with bash -x scripts/setup.sh $* to see why"' ERR

mode=${1:-}
case "$mode" in
  "" | --test) ;;
  *) fail "unknown option '$mode' (use no option, or --test)" ;;
esac

command -v python3 >/dev/null 2>&1 || fail "python3 is not installed: install Python 3.11 (Debian: apt-get install python3 python3-venv)"
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || fail "Python 3.11 or newer is needed, found $(python3 -V 2>&1)"

# Debian packages: fonts-noto-core and fonts-noto-cjk give the PDFs glyphs for every
# script a client's name may be written in (see sealbook/export/fonts.py).
# janus and coturn are the media server and TURN relay of video sessions (docs/telehealth.md),
# which `sealbook serve` and `sealbook demo` start; the two libjs packages hold the browser side.
wanted=(fonts-noto-core fonts-noto-cjk janus coturn libjs-janus-gateway libjs-webrtc-adapter)
# The video browser test puts a client in its own network namespace (ip, from iproute2) and
# forwards the practice's page into it (socat).
if [ "$mode" = "--test" ]; then
  wanted+=(chromium softhsm2 caddy iproute2 socat)
fi
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
# npm may come with another Node.js build than Debian's: only ask for Debian's when there is none.
if [ "$mode" = "--test" ] && ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" = none ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: cannot install ${missing[*]} (needs apt-get as root or sudo); what needs them will be skipped or refused" >&2
  else
    echo "setup: installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq >/dev/null || fail "apt-get update failed: check the network or the apt sources, then re-run"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || fail "apt-get install ${missing[*]} failed: install them by hand, then re-run"
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtualenv in .venv"
  python3 -m venv .venv || fail "python3 -m venv failed: install python3-venv (Debian: apt-get install python3-venv), delete .venv, re-run"
fi

extras="[native]"
stamp=".venv/.sealbook-installed"
if [ "$mode" = "--test" ]; then
  extras="[dev,native]"
  stamp=".venv/.sealbook-installed-dev"
fi
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Sealbook${extras} into .venv"
  .venv/bin/pip install -q --disable-pip-version-check -e ".${extras}" \
    || fail "pip could not install Sealbook${extras} into .venv: read pip's message above, then re-run"
  touch "$stamp"
fi

# The de-identification engine compiled to C (sealbook/core/deid/native.py), a fifth
# faster: built once for each version of its sources (a few minutes) into the user's
# cache, where every checkout of that version finds it. Without a C compiler the engine
# runs as Python, slower, and says nothing else.
native='import sys; from sealbook.core.deid import native; sys.exit(native.main(sys.argv[1:]))'
if ! .venv/bin/python -c "$native" status >/dev/null 2>&1; then
  echo "setup: compiling the de-identification engine to C (a few minutes, once per version of it)"
  native_log=$(mktemp)
  if ! .venv/bin/python -c "$native" build >"$native_log" 2>&1; then
    echo "setup: the de-identification engine was not compiled, so it runs as Python ($(tail -n 1 "$native_log")); gcc and the Python headers compile it" >&2
  fi
  rm -f "$native_log"
fi

# Bytecode for the package, written now: where PYTHONDONTWRITEBYTECODE is set (as on some
# machines) Python never writes it itself, and each `sealbook` command then compiled the
# modules the engine does not hold compiled (0.01 s more for `sealbook deid`, and more for
# the commands that load Django).
.venv/bin/python -m compileall -q sealbook >/dev/null

if [ "$mode" = "--test" ]; then
  # axe-core, the accessibility engine the browser tests inject into each page.
  axe=tests/browser/node_modules/axe-core/axe.min.js
  if [ ! -f "$axe" ] && command -v npm >/dev/null 2>&1; then
    echo "setup: installing axe-core from npm into tests/browser/node_modules"
    npm install --silent --no-audit --no-fund --prefix tests/browser >/dev/null \
      || fail "npm install in tests/browser failed: check that the npm registry is reachable, then re-run"
  fi
fi
