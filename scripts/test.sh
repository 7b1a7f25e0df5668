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
# Many tests start `sealbook` in a subprocess; where the environment forbids writing
# bytecode (PYTHONDONTWRITEBYTECODE), each of them would compile every module again.
$py -m compileall -q sealbook tests >/dev/null

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

# The suite runs as parallel streams (much of its time is waiting on real servers,
# browsers and killed processes, not CPU), each printed whole when all have ended:
#   - mypy;
#   - SQLite: the browser tests (they serve their own SQLite practice and use no Django
#     test database, so they run once, here, whatever the backend);
#   - SQLite and PostgreSQL, each in four parts: the command-line tests, the backup and
#     attack tests (each makes its own databases), the web apps' tests, and the rest. Each
#     PostgreSQL part has its own test database. The framework-free core does not touch Django's database: the
#     PostgreSQL run leaves it out, and the tests marked backend_independent.
# SEALBOOK_TEST_SERIAL=1 runs the streams one after another.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
names=()
pids=()
start() {
  local name=$1
  shift
  names+=("$name")
  if [ "${SEALBOOK_TEST_SERIAL:-0}" = 1 ]; then
    echo "== $name"
    "$@" && echo 0 >"$logs/$name.rc" || echo $? >"$logs/$name.rc"
  else
    (
      local began=$SECONDS
      # The browser tests wait on what they drive (pages, media, servers) with short
      # timeouts; the other streams are mostly work to get through, and give way to them a
      # little. Only a little: at niceness 10 the eight of them got so little CPU while the
      # browser tests ran that a `sealbook demo` of theirs outlasted its 180 s.
      [[ $name == *browser* ]] || renice -n 4 -p "$BASHPID" >/dev/null
      "$@" >"$logs/$name.log" 2>&1 && echo 0 >"$logs/$name.rc" || echo $? >"$logs/$name.rc"
      echo "$((SECONDS - began))" >"$logs/$name.seconds"
      # The CPU the stream's processes used (the run is CPU-bound): the second line of
      # `times`, user and system. Not in a pipe: a pipe's subshell has no children.
      times >"$logs/$name.cpu"
    ) &
    pids+=($!)
  fi
}
# On PostgreSQL, only what touches the database: a test marked backend_independent (HTTP
# headers, argument parsing, a served page's limits) would pass or fail there as here, and
# one marked queries_repeated runs no query a sibling case does not run there too.
with_postgres() {
  local database=$1
  shift
  # A test database is thrown away: durability of each commit buys nothing but fsyncs.
  SEALBOOK_DATABASE_URL="${pg_url%/*}/$database" PGOPTIONS="-c synchronous_commit=off" \
    .venv/bin/pytest \
    -m "not browser and not backend_independent and not queries_repeated" "$@"
}

on_sqlite() {
  env -u SEALBOOK_DATABASE_URL .venv/bin/pytest "$@"
}
# The tests that run `sealbook` in subprocesses, in two parts of each backend's run (the
# slowest streams: split, the last of them to end shares the two cores with another).
commands=("tests/cli")
backups_attacks=("tests/backup" "tests/attack")
# Every browser test is in tests/browser (tests/conftest.py refuses one elsewhere).
not_commands=(--ignore=tests/browser)
for path in "${commands[@]}" "${backups_attacks[@]}"; do not_commands+=("--ignore=$path"); done
# The rest, in two parts of about the same CPU: the web apps' tests, and everything else.
web_apps=("tests/access" "tests/staff" "tests/portal" "tests/records" "tests/web")
not_web=("${not_commands[@]}" --ignore=tests/core)
for path in "${web_apps[@]}"; do not_web+=("--ignore=$path"); done

began=$SECONDS
start "mypy --strict sealbook" .venv/bin/mypy --strict sealbook
start "pytest on SQLite: browser tests" on_sqlite -m browser tests/browser "$@"
start "pytest on SQLite: commands" on_sqlite "${commands[@]}" "$@"
start "pytest on SQLite: backups, attacks" on_sqlite "${backups_attacks[@]}" "$@"
start "pytest on SQLite: web apps, core" on_sqlite -m "not browser" "${web_apps[@]}" tests/core "$@"
start "pytest on SQLite: the rest" on_sqlite -m "not browser" "${not_web[@]}" "$@"
pg_status=skipped
if postgres_up; then
  pg_status=ran
  pg_base="${pg_url##*/}"
  start "pytest on PostgreSQL: commands" \
    with_postgres "${pg_base}_commands" "${commands[@]}" "$@"
  start "pytest on PostgreSQL: backups, attacks" \
    with_postgres "${pg_base}_backups" "${backups_attacks[@]}" "$@"
  start "pytest on PostgreSQL: web apps" \
    with_postgres "${pg_base}_web" "${web_apps[@]}" "$@"
  start "pytest on PostgreSQL: the rest" \
    with_postgres "$pg_base" "${not_web[@]}" "$@"
else
  echo "== PostgreSQL is not reachable at $pg_url: the PostgreSQL run was SKIPPED"
fi
[ ${#pids[@]} -gt 0 ] && echo "== running ${#pids[@]} streams side by side: ${names[*]}"
for pid in "${pids[@]}"; do wait "$pid" || true; done
echo "== the streams took $((SECONDS - began)) s"

failed=()
for name in "${names[@]}"; do
  if [ -f "$logs/$name.log" ]; then
    echo "== $name ($(cat "$logs/$name.seconds" 2>/dev/null || echo '?') s;" \
      "CPU user, system: $(tail -1 "$logs/$name.cpu" 2>/dev/null || echo '?'))"
    cat "$logs/$name.log"
  fi
  [ "$(cat "$logs/$name.rc")" = 0 ] || failed+=("$name")
done

ran=()
[[ " ${failed[*]} " == *" pytest on SQLite"* ]] || ran+=("sqlite")
[ "$pg_status" = ran ] && [[ " ${failed[*]} " != *"PostgreSQL"* ]] && ran+=("postgresql")
echo "== backends that passed the suite: ${ran[*]:-none}"
if [ ${#failed[@]} -gt 0 ]; then
  printf '== FAILED: %s\n' "${failed[@]}"
  exit 1
fi
