#!/usr/bin/env bash
# The load test (bench/load.py, docs/hardening.md "Load"): the realistic mix stepped up
# until p99 reaches 500 ms or errors appear, on SQLite and, when PostgreSQL answers on
# 127.0.0.1:5432, on a fresh database created for the run and dropped afterwards.
# Figures, not a test. Extra arguments go to bench/load.py on both databases, e.g.
#   make load                                     # 30 s per step, 4 gunicorn workers
#   scripts/load.sh --duration 10 --steps 1,2,4   # shorter
# LOAD_POSTGRES_ADMIN_URL names another PostgreSQL server (loopback only).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_ADMIN=${LOAD_POSTGRES_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}

echo "== load on SQLite"
$BIN/python bench/load.py "$@"

if $BIN/python - "$PG_ADMIN" <<'PY' 2>/dev/null; then
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
  # A fresh database each run; bench/load.py creates it and drops it on exit.
  name="gk_load_$(od -An -N5 -tx1 /dev/urandom | tr -d ' \n')"
  echo
  echo "== load on PostgreSQL (database $name)"
  $BIN/python bench/load.py --database-url "${PG_ADMIN%/*}/$name" "$@"
else
  echo "NOTE: PostgreSQL is not reachable at $PG_ADMIN: the load ran on SQLite only." >&2
fi
