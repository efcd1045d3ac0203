"""Resident memory of a web worker (issue 24): a fresh process loads what a gunicorn worker
loads — Django, every app, the URLconf with every view, the templates of the key pages —
and then the Q&A sentence encoder; the resident set size (VmRSS) is read from /proc after
each step. Each measurement runs in its own fresh process, three times; the median is
printed.

    .venv/bin/python bench/worker_memory.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]

STEP = r"""
import json, os
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
out = {"python": rss()}
import django
django.setup()
out["django_setup"] = rss()
from django.urls import get_resolver
resolver = get_resolver()
resolver._populate()
from django.template.loader import get_template
for name in ("base.html", "portal/agency_home.html", "catalogue/public/record.html",
             "catalogue/public/index.html", "search/index.html", "qa/public/ask.html"):
    try:
        get_template(name)
    except Exception:
        pass
out["urls_and_templates"] = rss()
from django.conf import settings
from gongkai.qa.encoders import get_encoder
get_encoder().encode(["申请法律援助需要什么条件"])
out["encoder"] = rss()
out["encoder_name"] = settings.GONGKAI_QA_ENCODER
print(json.dumps(out))
"""


def main() -> None:
    runs = []
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "GONGKAI_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "gongkai.settings",
               "GONGKAI_ENV": "development"}
        for _ in range(3):
            run = subprocess.run([sys.executable, "-c", STEP], cwd=PROJECT, env=env,
                                 capture_output=True, text=True, timeout=600, check=True)
            runs.append(json.loads(run.stdout.strip().splitlines()[-1]))
    print(f"encoder: {runs[0]['encoder_name']}; resident set size (VmRSS), median of 3 fresh processes")
    steps = (("python", "bare Python"), ("django_setup", "after django.setup()"),
             ("urls_and_templates", "+ URLconf and key templates (a worker before its first request)"),
             ("encoder", "+ the Q&A encoder loaded and used once"))
    for key, label in steps:
        print(f"  {label:<66} {statistics.median(r[key] for r in runs):7.1f} MiB")
    grown = statistics.median(r["encoder"] - r["urls_and_templates"] for r in runs)
    print(f"  {'the encoder alone':<66} {grown:7.1f} MiB")


if __name__ == "__main__":
    main()
