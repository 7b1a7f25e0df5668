#!/usr/bin/env bash
# Build the practice that the previous release leaves behind, for test_previous_release.py.
#
#   bash tests/upgrade/build_release_fixture.sh COMMIT NAME
#
# checks out COMMIT (the previous release) beside this checkout, makes a demo practice
# with it plus one of each other kind of record, and records what it holds
# (tests/upgrade/dump.py, digests only) in tests/upgrade/NAME/. Run it once per release;
# the result is committed, so the test never needs the old code.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
commit=$1
name=$2
out="$here/tests/upgrade/$name"
old=$(mktemp -d)
trap 'git -C "$here" worktree remove --force "$old" >/dev/null 2>&1 || true' EXIT
git -C "$here" worktree add --detach "$old" "$commit" >/dev/null
rm -rf "$out"
mkdir -p "$out"
export SEALBOOK_HOME="$out/home"
export SEALBOOK_PASSPHRASE_FILE="$SEALBOOK_HOME/demo-passphrase"
unset SEALBOOK_DATABASE_URL
cd "$old"
# The old code is imported from the old checkout (python -m puts it first on sys.path).
PYTHONPATH="$old" "$here/.venv/bin/python" -m sealbook demo --no-serve --clients 3 >/dev/null
PYTHONPATH="$old" "$here/.venv/bin/python" "$here/tests/upgrade/make_release_practice.py"
PYTHONPATH="$old" "$here/.venv/bin/python" "$here/tests/upgrade/dump.py" "$out/expected.json"
echo "$commit" > "$out/COMMIT"
echo "built $out from $commit"
