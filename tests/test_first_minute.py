"""A fresh demo is usable when it first answers /healthz (issue 13): set up as `make run`
does (migrate, demo), then real gunicorn and the task worker; right after /healthz a law
search finds articles and Q&A answers from the demo FAQs. Timings: bench/first_minute.py.
"""

import json
import urllib.parse
import urllib.request

import pytest

from tests import live

pytestmark = pytest.mark.live


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback only)
        assert response.status == 200
        return json.loads(response.read().decode())


def test_a_fresh_demo_answers_a_law_search_and_a_question_right_after_healthz(tmp_path):
    with live.live_database() as database_url:
        env = live.environment(tmp_path / "data", database_url, GONGKAI_QA_WARM_UP="1")
        (tmp_path / "data").mkdir()
        live.prepare(env, demo=True)
        port = live.free_port()
        web = live.start_web(env, port, log=tmp_path / "web.log")
        worker = live.start_worker(env, log=tmp_path / "worker.log")
        base = f"http://127.0.0.1:{port}"
        try:
            live.wait_http(base + "/healthz", timeout=180, proc=web)
            laws = get_json(base + "/api/v1/search?kind=law_article&q="
                            + urllib.parse.quote("律师执业"))
            answer = get_json(base + "/api/v1/qa?q=" + urllib.parse.quote("申请法律援助需要什么条件"))
        finally:
            live.stop(web)
            live.stop(worker)
    assert laws["total"] > 0, laws
    assert answer["confident"], answer
    assert answer["answers"][0]["source"]["title"] == "申请法律援助需要符合什么条件?"
    log = (tmp_path / "web.log").read_text(errors="replace")
    assert "qa: warmed up" in log, "each web worker loads the encoder before it serves"
