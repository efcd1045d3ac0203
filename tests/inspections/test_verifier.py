"""The standalone verifier (standard library only) against honest and tampered draws."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.inspections import services, verifier
from tests.inspections.helpers import drawn

pytestmark = pytest.mark.django_db
VERIFIER = Path(verifier.__file__)


@pytest.fixture
def document(agency):
    return services.draw_document(drawn(agency, entities=60, inspectors=5, share_bp=1000,
                                        ties={0: [1, 2, 3]}))


def _run(tmp_path, document) -> subprocess.CompletedProcess:
    path = tmp_path / "DRAW.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    # -I -S: no site-packages, no PYTHONPATH: the verifier needs nothing but the stdlib.
    return subprocess.run([sys.executable, "-I", "-S", str(VERIFIER), str(path)],
                          capture_output=True, text=True, timeout=60)


def test_an_honest_draw_verifies_offline(tmp_path, document):
    done = _run(tmp_path, document)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK" in done.stdout and len(document["result"]) == 6


def test_the_module_form_verifies_too(tmp_path, document):
    path = tmp_path / "DRAW.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert verifier.main([str(path)]) == 0


@pytest.mark.parametrize("tamper", [
    "pool_entity_renamed", "pool_entity_added", "inspector_dropped", "seed", "public_value",
    "result_swapped", "result_inspector", "recusal_removed", "share"])
def test_tampering_fails(tmp_path, document, tamper):
    bad = copy.deepcopy(document)
    committed, result = bad["committed"], bad["result"]
    if tamper == "pool_entity_renamed":
        committed["entities"][0][1] = "改名的事务所"
    elif tamper == "pool_entity_added":
        committed["entities"].append(["91310000ZZZZZZZZZZ", "后加的事务所"])
    elif tamper == "inspector_dropped":
        committed["inspectors"].pop()
    elif tamper == "seed":
        bad["revealed"]["seed"] = "0" * 64
    elif tamper == "public_value":
        bad["revealed"]["public_value"] = "3341.97"
    elif tamper == "result_swapped":
        result[0]["credit_code"], result[1]["credit_code"] = (result[1]["credit_code"],
                                                              result[0]["credit_code"])
    elif tamper == "result_inspector":
        result[0]["inspectors"] = list(reversed(result[0]["inspectors"]))
    elif tamper == "recusal_removed":
        committed["recusals"] = []
    elif tamper == "share":
        committed["plan"]["share_bp"] = 2000
    done = _run(tmp_path, bad)
    assert done.returncode == 1, done.stdout
    assert "FAILED" in done.stdout


def test_an_unreadable_file_is_exit_2(tmp_path):
    path = tmp_path / "DRAW.json"
    path.write_text("{not json", encoding="utf-8")
    done = subprocess.run([sys.executable, "-I", "-S", str(VERIFIER), str(path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2


def test_recusal_and_two_distinct_inspectors(document):
    ties = {(cert, code) for cert, code in document["committed"]["recusals"]}
    assert ties  # inspector 0 is tied to three entities
    for row in document["result"]:
        assert len(row["inspectors"]) == 2 and len(set(row["inspectors"])) == 2
        assert not any((cert, row["credit_code"]) in ties for cert in row["inspectors"])


def test_the_draw_is_uniform_enough_and_deterministic():
    committed = {"algorithm": verifier.ALGORITHM,
                 "plan": {"share_bp": 1000, "inspectors_per_entity": 2},
                 "entities": [[f"{n:018d}", f"e{n}"] for n in range(100)],
                 "inspectors": [[f"c{n:03d}", f"i{n}", "f"] for n in range(10)],
                 "recusals": [], "seed_sha256": verifier.seed_digest("s")}
    commitment = verifier.commitment_of(committed)
    first = verifier.draw(committed, commitment, "s", "1")
    assert first == verifier.draw(committed, commitment, "s", "1")
    assert first != verifier.draw(committed, commitment, "s", "2")
    counts = [0] * 100
    for value in range(300):
        for row in verifier.draw(committed, commitment, "s", str(value)):
            counts[int(row["credit_code"])] += 1
    # 300 draws × 10 of 100: each entity expected 30 times; none absent, none dominant.
    assert min(counts) >= 10 and max(counts) <= 55


def test_too_few_eligible_inspectors_is_a_draw_error():
    committed = {"algorithm": verifier.ALGORITHM,
                 "plan": {"share_bp": 10000, "inspectors_per_entity": 2},
                 "entities": [["A", "a"]], "inspectors": [["c1", "i", "f"], ["c2", "j", "f"]],
                 "recusals": [["c1", "A"]], "seed_sha256": ""}
    with pytest.raises(verifier.DrawError):
        verifier.draw(committed, "x", "s", "1")


def test_only_inspectors_of_the_plans_field_are_drawn():
    committed = {"algorithm": verifier.ALGORITHM,
                 "plan": {"share_bp": 10000, "inspectors_per_entity": 2,
                          "inspector_field": "公证"},
                 "entities": [[f"{n:018d}", f"e{n}"] for n in range(20)],
                 "inspectors": [["c1", "甲", "律师监督"], ["c2", "乙", "公证监督"],
                                ["c3", "丙", "律师、公证监督"], ["c4", "丁", "公证监督"]],
                 "recusals": [["c2", f"{0:018d}"]], "seed_sha256": ""}
    result = verifier.draw(committed, "x", "s", "1")
    assert {c for row in result for c in row["inspectors"]} == {"c2", "c3", "c4"}
    assert "c2" not in result[[r["credit_code"] for r in result].index(f"{0:018d}")]["inspectors"]
    committed["plan"]["inspector_field"] = "司法鉴定"
    with pytest.raises(verifier.DrawError):
        verifier.draw(committed, "x", "s", "1")
