"""The case-file ZIP: application, every notice (signed PDF), reply, information provided,
event log as JSON and CSV, with a manifest of hashes; audited; staff of the case's agency
only."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest

from gongkai.applications import archive, jobs, services
from gongkai.applications.models import Notice
from gongkai.audit.models import AuditEvent
from gongkai.core.policies import PermissionDeniedError
from tests.applications.conftest import VALID_ID

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(make_case, officer, head, at, send_reply):
    application = make_case(dt.date(2020, 4, 23))
    with at(dt.date(2020, 4, 24)):
        services.request_correction(actor=officer, application=application,
                                    what_to_correct="请写明年份")
        services.receive_correction(actor=officer, application=application,
                                    received_on=dt.date(2020, 4, 24))
        services.extension_request(actor=officer, application=application, working_days=10,
                                   reason="需调取档案")
        services.extension_approve(actor=head, application=application)
        services.note_add(actor=officer, application=application, text="内部备注:已调档")
        application = send_reply(
            actor=officer, application=application, reply_type="partially_disclosed",
            files=[("可公开部分.txt", "公开内容".encode())],
            withheld=[{"description": "第3页联系方式", "reason": "third_party"}])
        application = services.archive(actor=officer, application=application)
    return application


def test_zip_holds_the_whole_case_file(closed_case, officer):
    for notice in Notice.objects.filter(application=closed_case):
        jobs.render_notice(notice.pk)
    data = archive.case_zip(actor=officer, application=closed_case)
    root = closed_case.case_number
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        read = {name.removeprefix(root + "/"): z.read(name) for name in names}
    kinds = ["acknowledgement", "correction_request", "extension_notice", "reply_letter"]
    for n, kind in enumerate(kinds, start=1):
        pdf = read[f"notices/{n:02d}-{kind}.pdf"]
        assert pdf.startswith(b"%PDF") and b"/ByteRange" in pdf
    application = json.loads(read["application.json"])
    assert application["id_number"] == VALID_ID and application["status"] == "archived"
    reply = json.loads(read["reply.json"])
    assert reply["reply_type"] == "partially_disclosed"
    assert reply["withheld"][0]["legal_basis"].endswith("第十五条")
    provided = [k for k in read if k.startswith("provided/")]
    assert len(provided) == 1 and provided[0].endswith("可公开部分.txt")
    assert read[provided[0]].decode() == "公开内容"
    events = json.loads(read["events.json"])
    verbs = [e["verb"] for e in events]
    for verb in ("register", "request_correction", "receive_correction", "extension_request",
                 "extension_approve", "note_add", "reply_submit_for_review", "reply_review_approve",
                 "archive"):
        assert verb in verbs
    rows = list(csv.DictReader(io.StringIO(read["events.csv"].decode("utf-8-sig"))))
    assert [r["verb"] for r in rows] == verbs
    assert "内部备注:已调档" in read["notes.json"].decode()
    manifest = json.loads(read["manifest.json"])
    assert set(manifest["files"]) == set(read) - {"manifest.json"}
    for path, digest in manifest["files"].items():
        assert hashlib.sha256(read[path]).hexdigest() == digest


def test_export_is_audited_and_refused_to_other_agencies(closed_case, officer, other_officer):
    archive.case_zip(actor=officer, application=closed_case)
    assert AuditEvent.objects.filter(verb="application.export_zip").count() == 1
    with pytest.raises(PermissionDeniedError):
        archive.case_zip(actor=other_officer, application=closed_case)


def test_staff_page_downloads_the_zip(client, closed_case, officer):
    client.force_login(officer)
    from django.urls import reverse

    response = client.get(reverse("staff:applications_export", kwargs={"pk": closed_case.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_letter_missing_its_pdf_goes_in_as_html(make_case, officer):
    application = make_case(dt.date(2020, 4, 23))
    data = archive.build_zip(application)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        html = z.read(f"{application.case_number}/notices/01-acknowledgement.html").decode()
    assert "政府信息公开申请受理回执" in html
