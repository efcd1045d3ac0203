"""A real HTTP server on loopback standing in for 智慧公证 / 智慧司鉴 in tests.

The number asked for decides the answer: ``GOOD…`` a well-formed status, ``GARB…`` an HTML
page, ``SHAPE…`` JSON of the wrong shape, ``SLOW…`` an answer after ``SLOW_SECONDS``,
``FAIL…`` a 500, ``FLAKY…`` a 500 on the first request and a good answer after, ``GONE…``
a 404 and ``HUGE…`` a body larger than the connector accepts. Each request is counted.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SLOW_SECONDS = 1.5


class FakeSystem:
    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.paths: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                parts = urlsplit(self.path)
                number = parse_qs(parts.query).get("number", [""])[0]
                fake.paths.append(parts.path)
                fake.hits[number] += 1
                if number.startswith("GOOD") or (number.startswith("FLAKY")
                                                 and fake.hits[number] > 1):
                    self._send(200, json.dumps({
                        "number": number, "status": "issued", "status_label": "已出证",
                        "updated_at": "2026-11-30 10:00",
                        "steps": [{"label": "受理", "on": "2026-11-20"},
                                  {"label": "出证", "on": "2026-11-30"}]}).encode())
                elif number.startswith("GARB"):
                    self._send(200, b"<html><body>Service Unavailable</body></html>",
                               "text/html")
                elif number.startswith("SHAPE"):
                    self._send(200, json.dumps(["issued"]).encode())
                elif number.startswith("SLOW"):
                    time.sleep(SLOW_SECONDS)
                    self._send(200, b"{}")
                elif number.startswith("GONE"):
                    self._send(404, b"{}")
                elif number.startswith("HUGE"):
                    self._send(200, b'{"status": "' + b"x" * 200_000 + b'"}')
                else:  # FAIL…, FLAKY… first time
                    self._send(500, b"internal error", "text/plain")

            def _send(self, status, body, content_type="application/json"):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the connector gave up first (the slow case)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def __enter__(self) -> FakeSystem:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
