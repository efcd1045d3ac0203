#!/usr/bin/env bash
# The whole suite: lint, migrations complete, then pytest on SQLite and, when reachable,
# on PostgreSQL (with Redis for the cache tests when reachable). Says what it skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${GONGKAI_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/gongkai}
REDIS=${GONGKAI_TEST_REDIS_URL:-redis://127.0.0.1:6379/15}
export GONGKAI_ENV=test
unset DATABASE_URL REDIS_URL DEBUG || true

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

echo "== ruff"
$BIN/ruff check gongkai tests bench
echo "== mypy"
GONGKAI_DATA_DIR="$workdir/mypy" $BIN/mypy gongkai
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

marker=()
if [ "$redis_ok" = 1 ]; then
  export GONGKAI_TEST_REDIS_URL="$REDIS"
else
  echo "NOTE: Redis is not reachable at $REDIS: the Redis cache tests are not run." >&2
  echo "      Install and start redis-server to run them." >&2
  marker=(-m "not redis")
fi

status=0
echo "== pytest on SQLite"
GONGKAI_DATA_DIR="$workdir/sqlite" $BIN/pytest "${marker[@]}" "$@" || status=$?

if [ "$pg_ok" = 1 ]; then
  echo "== pytest on PostgreSQL ($PG_URL)"
  GONGKAI_DATA_DIR="$workdir/pg" DATABASE_URL="$PG_URL" $BIN/pytest "${marker[@]}" "$@" \
    || status=$?
else
  echo "NOTE: PostgreSQL is not reachable at $PG_URL: the suite ran on SQLite only." >&2
  echo "      Start PostgreSQL (or set GONGKAI_TEST_POSTGRES_URL) to run it on both." >&2
fi
exit $status
