#!/usr/bin/env bash
# Benchmarks print figures; they are not tests. Needs Debian's wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench: install wrk (apt-get install wrk)" >&2; exit 1; }
.venv/bin/python bench/http_bench.py "$@"
