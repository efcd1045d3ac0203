"""A loopback fake 12345 hotline: an http.server in a thread that pushes a batch of work
orders to the platform's API over real HTTP, receives the replies the platform pushes
back, and pulls them as well."""

import json
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gongkai.core.models import Role
from gongkai.core.services import api_token_create
from gongkai.interaction import hotline, services
from gongkai.interaction.models import Message
from tests.factories import staff


class FakeHotline:
    """The hotline's side: its own server (receives replies) and its client (pushes orders,
    pulls replies)."""

    def __init__(self, platform_url: str, token: str):
        self.platform_url, self.token = platform_url, token
        self.received: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                if self.path != "/replies" or self.headers.get("Authorization") != "Bearer hotline-secret":
                    self.send_response(403)
                    self.end_headers()
                    return
                outer.received.extend(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _call(self, method: str, path: str, body=None) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.platform_url}/api/v1{path}", data=data, method=method,
                                         headers={"Authorization": f"Bearer {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())

    def push(self, orders: list[dict]) -> tuple[int, object]:
        return self._call("POST", "/hotline/orders", orders)

    def pull(self, since: str = "") -> list[dict]:
        return self._call("GET", "/hotline/replies" + (f"?since={since}" if since else ""))[1]  # type: ignore[return-value]


@pytest.mark.django_db(transaction=True)
def test_batch_in_replies_out(live_server, agency):
    bot = staff(Role.AGENCY_ADMIN, agency, "hotline-12345")
    token = api_token_create(actor=None, user=bot, name="12345")[1]
    officer = staff(Role.DISCLOSURE_OFFICER, agency, "handler")
    orders = [{"service_request_id": f"2026030200{n}", "service_name": "法律咨询",
               "description": f"来电咨询遗嘱公证事项（{n}）", "hotline": "12348",
               "requested_datetime": "2026-03-02T09:00:00+08:00", "agency": agency.slug}
              for n in range(3)]
    orders.append({"service_request_id": "bad", "description": ""})
    with FakeHotline(live_server.url, token) as fake:
        status, out = fake.push(orders)
        assert status == 201 and out["created"] == 3 and out["rejected"] == 1
        status, out = fake.push(orders[:1])  # the hotline retries: no duplicate
        assert status == 200 and out["existing"] == 1
        assert Message.objects.count() == 3
        for message in Message.objects.order_by("external_id")[:2]:
            services.message_answer(actor=officer, message=message, reply=f"已答复{message.external_id}")
        sent = hotline.push_replies(f"{fake.url}/replies", token="hotline-secret")
        assert sent == 2 and sorted(r["service_request_id"] for r in fake.received) == [
            "20260302000", "20260302001"]
        assert hotline.push_replies(f"{fake.url}/replies", token="hotline-secret") == 0
        pulled = fake.pull()
        assert [r["status_notes"] for r in pulled] == ["已答复20260302000", "已答复20260302001"]
        assert fake.pull(since=pulled[-1]["updated_datetime"].replace("+", "%2B")) == []
        last = Message.objects.get(external_id="20260302002")
        services.message_answer(actor=officer, message=last, reply="第三条答复")
        with pytest.raises(urllib.error.HTTPError):  # the hotline refuses: nothing is lost
            hotline.push_replies(f"{fake.url}/replies", token="wrong")
        assert Message.objects.get(pk=last.pk).reply_exported_at is None
        assert hotline.push_replies(f"{fake.url}/replies", token="hotline-secret") == 1
        assert len(fake.received) == 3
