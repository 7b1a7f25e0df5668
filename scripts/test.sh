#!/usr/bin/env bash
# Set up, then run the whole test suite: lint, types, and pytest on SQLite and,
# when PostgreSQL is reachable (it is started here if it is installed), on
# PostgreSQL too. Prints which backends ran. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

py=.venv/bin/python
echo "== ruff"
.venv/bin/ruff check sealbook tests bench
echo "== mypy --strict sealbook"
.venv/bin/mypy --strict sealbook

pg_url="${SEALBOOK_TEST_POSTGRES_URL:-postgresql://root@127.0.0.1:5432/sealbook}"
postgres_up() {
  $py - "$pg_url" <<'PY' >/dev/null 2>&1
import sys, psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, dbname="postgres", connect_timeout=3).close()
PY
}
if ! postgres_up && [ "$(id -u)" = 0 ] && [ -d /etc/postgresql ]; then
  echo "== starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do postgres_up && break; sleep 1; done
fi

# The two backends run side by side, one per core, unless SEALBOOK_TEST_SERIAL=1;
# the PostgreSQL run's output is printed when it ends, so the two do not interleave.
# The framework-free core and the browser tests (which serve their own SQLite
# practice) do not touch Django's database: the PostgreSQL run leaves them out.
ran=()
pg_status=skipped
pg_log=$(mktemp)
trap 'rm -f "$pg_log"' EXIT
run_postgres() {
  SEALBOOK_DATABASE_URL="$pg_url" .venv/bin/pytest -m "not browser" --ignore=tests/core "$@"
}
if postgres_up; then
  if [ "${SEALBOOK_TEST_SERIAL:-0}" = 1 ]; then
    pg_status=serial
  else
    echo "== pytest on PostgreSQL ($pg_url), in the background"
    run_postgres "$@" >"$pg_log" 2>&1 &
    pg_pid=$!
    pg_status=background
  fi
else
  echo "== PostgreSQL is not reachable at $pg_url: the PostgreSQL run was SKIPPED"
fi

echo "== pytest on SQLite"
sqlite_rc=0
env -u SEALBOOK_DATABASE_URL .venv/bin/pytest "$@" || sqlite_rc=$?
[ "$sqlite_rc" = 0 ] && ran+=("sqlite")

pg_rc=0
case "$pg_status" in
  background)
    wait "$pg_pid" || pg_rc=$?
    echo "== pytest on PostgreSQL ($pg_url)"
    cat "$pg_log"
    ;;
  serial)
    echo "== pytest on PostgreSQL ($pg_url)"
    run_postgres "$@" || pg_rc=$?
    ;;
esac
[ "$pg_status" != skipped ] && [ "$pg_rc" = 0 ] && ran+=("postgresql")

echo "== backends that passed the suite: ${ran[*]:-none}"
if [ "$sqlite_rc" != 0 ] || [ "$pg_rc" != 0 ]; then
  echo "== FAILED: SQLite exit $sqlite_rc, PostgreSQL exit $pg_rc ($pg_status)"
  exit 1
fi
