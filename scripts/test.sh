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
echo "== mypy --strict sealbook/core"
.venv/bin/mypy --strict sealbook/core

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

ran=()
echo "== pytest on SQLite"
env -u SEALBOOK_DATABASE_URL .venv/bin/pytest "$@"
ran+=("sqlite")

if postgres_up; then
  echo "== pytest on PostgreSQL ($pg_url)"
  # The framework-free core and the browser tests (which serve their own
  # SQLite practice) do not touch Django's database: once is enough.
  SEALBOOK_DATABASE_URL="$pg_url" .venv/bin/pytest -m "not browser" --ignore=tests/core "$@"
  ran+=("postgresql")
else
  echo "== PostgreSQL is not reachable at $pg_url: the PostgreSQL run was SKIPPED"
fi
echo "== backends that ran the suite: ${ran[*]}"
