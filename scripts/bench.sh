#!/usr/bin/env bash
# Benchmarks print figures; they are not tests. Needs Debian's wrk.
#   make bench                      home page vs trivial view, then the catalogue at 100k
#   BENCH_RECORDS=1000000 make bench  the catalogue at a million records
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }
.venv/bin/python bench/http_bench.py
.venv/bin/python bench/catalogue_bench.py --records "${BENCH_RECORDS:-100000}"
