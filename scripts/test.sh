#!/usr/bin/env bash
# The whole suite: lint, import contracts, migrations complete, then pytest on SQLite and,
# when reachable, on PostgreSQL (with Redis for the cache tests when reachable), the two
# side by side: each writes its own log, shown whole (pytest's summary lines included)
# once both are done. Says what it skipped. GONGKAI_TEST_PARALLEL=0 runs them one after
# the other, as before.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/gongkai}
REDIS=${GONGKAI_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
PARALLEL=${GONGKAI_TEST_PARALLEL:-1}
PYTEST_ARGS=("$@")
export GONGKAI_ENV=test
unset DATABASE_URL REDIS_URL DEBUG || true

workdir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
started=$SECONDS

echo "== ruff"
$BIN/ruff check gongkai tests bench
echo "== mypy"
GONGKAI_DATA_DIR="$workdir/mypy" $BIN/mypy gongkai
echo "== import contracts"
$BIN/lint-imports --no-cache
echo "== migrations complete"
GONGKAI_DATA_DIR="$workdir/mig" $BIN/gongkai makemigrations --check --dry-run >/dev/null

redis_ok=0
if $BIN/python - "$REDIS" <<'PY' 2>/dev/null; then redis_ok=1; fi
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()
PY
pg_ok=0
if $BIN/python - "$PG_URL" <<'PY' 2>/dev/null; then pg_ok=1; fi
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
psycopg.connect(url, connect_timeout=3).close()
PY

deselect=()
if [ "$redis_ok" = 1 ]; then
  export GONGKAI_TEST_REDIS_URL="$REDIS"
else
  echo "NOTE: Redis is not reachable at $REDIS: the Redis cache tests are not run." >&2
  echo "      Install and start redis-server to run them." >&2
  deselect+=("not redis")
fi
if ! command -v java >/dev/null 2>&1; then
  echo "NOTE: Java is not installed: the Nu HTML checker test (marker nu) is not run." >&2
  echo "      Install a Java runtime (Debian: default-jre-headless) to run it." >&2
  deselect+=("not nu")
fi
marker=()
if [ ${#deselect[@]} -gt 0 ]; then
  expr="${deselect[0]}"
  for d in "${deselect[@]:1}"; do expr="$expr and $d"; done
  marker=(-m "$expr")
fi

# One suite: pytest in its own data directory, output to its own log, exit code to a file.
# Its own process group (set -m), so an interrupted run stops the suites it started.
suite() {  # name, then extra environment assignments
  local name=$1; shift
  set -m
  (
    set +e
    env GONGKAI_DATA_DIR="$workdir/$name" "$@" $BIN/pytest "${marker[@]}" "${PYTEST_ARGS[@]}" \
      >"$workdir/$name.log" 2>&1
    echo $? >"$workdir/$name.rc"
  ) &
  pids+=($!)
  set +m
}

# The last "[ NN%]" pytest printed in a log, for the progress line.
percent() {
  local p
  p=$(grep -o '\[ *[0-9]*%\]' "$workdir/$1.log" 2>/dev/null | tail -n1 | tr -dc '0-9' || true)
  echo "${p:-0}%"
}

wait_all() {  # names; a progress line every 10 s (overwritten on a terminal), else each minute
  local names=("$@") running line tick=0
  while :; do
    running=0
    for name in "${names[@]}"; do [ -f "$workdir/$name.rc" ] || running=1; done
    line=""
    for name in "${names[@]}"; do
      if [ -f "$workdir/$name.rc" ]; then line+="$name done  "; else line+="$name $(percent "$name")  "; fi
    done
    line+="($(( (SECONDS - started) / 60 ))m$(( (SECONDS - started) % 60 ))s)"
    if [ -t 1 ]; then
      [ $((tick % 5)) = 0 ] || [ $running = 0 ] && printf '\r%s ' "$line"
    elif [ $((tick % 30)) = 0 ] || [ $running = 0 ]; then
      echo "   $line"
    fi
    [ $running = 0 ] && break
    tick=$((tick + 1))
    sleep 2
  done
  if [ -t 1 ]; then echo; fi
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  pids=()
}

names=(sqlite)
if [ "$pg_ok" = 1 ]; then names+=(postgresql); fi
status=0
tests_started=$SECONDS
if [ "$PARALLEL" = 1 ] && [ "${#names[@]}" = 2 ]; then
  echo "== pytest on SQLite and on PostgreSQL ($PG_URL), side by side"
  suite sqlite
  suite postgresql DATABASE_URL="$PG_URL"
  wait_all sqlite postgresql
else
  for name in "${names[@]}"; do
    echo "== running pytest on $name"
    if [ "$name" = sqlite ]; then suite sqlite; else suite postgresql DATABASE_URL="$PG_URL"; fi
    wait_all "$name"
  done
fi
tests_took=$((SECONDS - tests_started))
for name in "${names[@]}"; do
  if [ "$name" = sqlite ]; then echo "== pytest on SQLite"; else echo "== pytest on PostgreSQL ($PG_URL)"; fi
  cat "$workdir/$name.log"
  rc=$(cat "$workdir/$name.rc")
  [ "$rc" = 0 ] || { echo "== pytest on $name failed (exit $rc)"; status=$rc; }
done

if [ "$pg_ok" = 1 ]; then
  echo "NOTE: the visual regression and Nu HTML checks (markers visual, nu) run in the SQLite suite only, the real-replica test (marker replica) in the PostgreSQL suite only."
fi
if [ "$pg_ok" != 1 ]; then
  echo "NOTE: PostgreSQL is not reachable at $PG_URL: the suite ran on SQLite only." >&2
  echo "      Start PostgreSQL (or set GONGKAI_TEST_POSTGRES_URL) to run it on both." >&2
fi
echo "== pytest took $((tests_took / 60))m$((tests_took % 60))s; all checks $(( (SECONDS - started) / 60 ))m$(( (SECONDS - started) % 60 ))s"
exit $status
