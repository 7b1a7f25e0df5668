#!/usr/bin/env bash
# The fast check while working: ruff, mypy, and pytest on SQLite over the tests of the apps that a
# change touches (against BASE, default main, plus uncommitted changes), with the checks that
# span every app (tests/test_*.py: docs, layers, writes in actions) and the view table.
#
#   bash scripts/test-changed.sh [BASE] [-- extra pytest arguments]
#
# A change to sealbook/<app>/ runs tests/<app>/; a change to tests/<dir>/ runs that folder;
# a change to sealbook/core/<part>/ runs tests/core/<part>/. Browser tests run only when
# templates, static files or tests/browser changed. The whole suite stays `bash scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
base=main
if [ $# -gt 0 ] && [ "$1" != "--" ]; then base=$1; shift; fi
[ "${1:-}" = "--" ] && shift
[ -x .venv/bin/pytest ] || bash scripts/setup.sh --test

changed=$( (git diff --name-only "$base"...HEAD; git diff --name-only HEAD; git ls-files --others --exclude-standard) | sort -u)
targets=(tests/test_docs.py tests/test_layers.py tests/test_actions_only.py tests/access/test_every_view.py)
browser=0
while IFS= read -r path; do
  [ -n "$path" ] || continue
  case "$path" in
    sealbook/core/*/*) part=$(echo "$path" | cut -d/ -f3); [ -d "tests/core/$part" ] && targets+=("tests/core/$part") ;;
    sealbook/*/templates/* | sealbook/*/static/*) browser=1 ;;&
    sealbook/*/*) app=$(echo "$path" | cut -d/ -f2); [ -d "tests/$app" ] && targets+=("tests/$app") ;;
    tests/browser/*) browser=1 ;;
    tests/*/*) dir=$(echo "$path" | cut -d/ -f1-2); [ -d "$dir" ] && targets+=("$dir") ;;
  esac
done <<< "$changed"
[ "$browser" = 1 ] && targets+=(tests/browser)
mapfile -t targets < <(printf '%s\n' "${targets[@]}" | sort -u)

echo "== ruff"
.venv/bin/ruff check sealbook tests bench
echo "== mypy --strict sealbook (cached: about a second)"
.venv/bin/mypy --strict sealbook
echo "== pytest on SQLite: ${targets[*]}"
env -u SEALBOOK_DATABASE_URL .venv/bin/pytest -q "${targets[@]}" "$@"
