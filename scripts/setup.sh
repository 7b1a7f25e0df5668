#!/usr/bin/env bash
# Install what Sealbook needs on a fresh Debian machine, idempotently:
#   - Debian packages (as root, or with sudo): chromium for the browser tests,
#     softhsm2 for the HSM tests (only with --test);
#   - a virtualenv in .venv with Sealbook and, with --test, its test tools.
# Nothing here downloads anything but packages from Debian and PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
if [ "$mode" = "--test" ]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else sudo="none"; fi
    if [ "$sudo" = none ]; then
      echo "setup: cannot install ${missing[*]} (not root, no sudo); the tests that need them will be skipped" >&2
    else
      echo "setup: installing Debian packages: ${missing[*]}"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
  fi
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating the virtualenv in .venv"
  python3 -m venv .venv
fi
extras=""
[ "$mode" = "--test" ] && extras="[dev]"
# Reinstall only when pyproject.toml changed since the last install.
stamp=".venv/.sealbook-installed$([ -n "$extras" ] && echo -dev)"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Sealbook${extras} into .venv"
  .venv/bin/pip install -q --disable-pip-version-check -e ".${extras}"
  touch "$stamp"
fi
