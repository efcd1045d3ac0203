"""The short API fuzz run (docs/hardening.md, "API fuzzing"): schemathesis over the live
OpenAPI schema of a real server, every operation, public ones anonymously and staff ones with
the platform administrator's bearer token. No 5xx, responses as documented, documented status
codes only. ``make fuzz`` (bench/fuzz.py) is the long run with the same setup.

Deterministic: a fixed seed, no example database, a fresh database seeded the same way.
"""

from __future__ import annotations

import pytest

from bench import fuzz
from tests import live

pytestmark = pytest.mark.live

SEED = 20261128
EXAMPLES = 5  # per operation; the long run uses hundreds


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with live.live_database() as database_url, fuzz.running_server(
            tmp_path_factory.mktemp("fuzz-data"), database_url) as running:
        yield running


def test_every_operation_documents_its_errors(server):
    """The schema the fuzzer reads declares the shared error statuses (422 wherever input is
    validated, 404 with a path parameter, 401 and 403 on staff operations) with the error
    envelope; the status-code check below holds every response to these declarations."""
    schema = fuzz.load_schema(server)
    envelope = {"$ref": "#/components/schemas/ErrorOut"}
    count = {"public": 0, "staff": 0}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            expected = set()
            if operation.get("parameters") or operation.get("requestBody"):
                expected.add("422")
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                expected.add("404")
            if operation.get("security"):
                expected |= {"401", "403"}
            label = f"{method.upper()} {path}"
            assert expected <= set(responses), (label, sorted(responses))
            for status in expected:
                assert responses[status]["content"]["application/json"]["schema"] == envelope
            count["staff" if operation.get("security") else "public"] += 1
    assert count["public"] >= 20 and count["staff"] >= 20, count


def test_fuzz_every_operation(server, tmp_path):
    public, staff = fuzz.operations(server)
    result = fuzz.fuzz(server, examples=EXAMPLES, seed=SEED, phases="fuzzing",
                       report_dir=tmp_path / "reports", workers=2)
    summary = (f"seed {SEED}, {result.examples} examples over {result.operations_tested} "
               f"operations in {result.seconds:.0f} s; reproduce with the curl lines below, or "
               f"`.venv/bin/python bench/fuzz.py --phases fuzzing --examples {EXAMPLES} "
               f"--seed {SEED}`\n")
    assert result.ok, summary + result.failure_report()
    assert result.operations_tested == len(public) + len(staff), summary + result.output[-3000:]
    # The token really reached the staff side (else staff operations only ever saw 401).
    for label in ("GET /api/v1/me", "GET /api/v1/staff/applications"):
        assert result.per_operation.get(label, {}).get(200, 0) > 0, result.table()
