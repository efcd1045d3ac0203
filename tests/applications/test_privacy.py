"""Applicants' personal data reach no public page, feed, sitemap, search or API response,
and no staff member of another agency (built like tests/catalogue/test_no_leaks.py).

One agency holds applications in many states (online and registered; corrected, in
consultation, replied with a published record, partly disclosed, withdrawn, archived), all
from one applicant whose name, ID number, phone, e-mail and address are unusual strings;
then every public channel is read, including the applicant's own status page and the
public status API, and another agency's officer tries the staff pages and the staff API.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.catalogue.services import record_approve, record_create, record_submit
from tests.factories import record_fields

pytestmark = pytest.mark.django_db

NAME = "隐私测试赵六"
ID_NUMBER = "110105194912310038"
PHONE = "13987654321"
EMAIL = "zhaoliu-private@example.com"
ADDRESS = "上海市隐私路99弄7号"
CREDIT_CODE = "91110000802100433B"
CONTACT = "隐私联系人钱七"
SECRETS = (NAME, ID_NUMBER, PHONE, EMAIL, ADDRESS, CREDIT_CODE, CONTACT, "赵六", "钱七",
           "隐私路")
DAY = dt.date(2020, 4, 23)


def travel(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10)), tick=False)


def personal(**overrides):
    fields = {"applicant_type": "natural_person", "applicant_name": NAME, "id_type": "resident_id",
              "id_number": ID_NUMBER, "phone": PHONE, "email": EMAIL, "address": ADDRESS,
              "description": "请公开本局2019年法律援助经费使用情况", "receipt_method": "email"}
    fields.update(overrides)
    return fields


def organisation():
    return personal(applicant_type="organisation", organisation_category="commercial",
                    applicant_name="隐私测试赵六有限公司", id_type="", id_number="",
                    credit_code=CREDIT_CODE, contact_name=CONTACT)


@pytest.fixture
def world(agency, other_agency, officer, head, send_reply):
    """Cases in many states, a published record one of them was answered with, and the
    online applicant's browser (a client that proved the access code)."""
    record = record_create(actor=None, agency=agency, **record_fields(
        title="2019年法律援助经费使用情况", document_number="沪司发〔2020〕19号"))
    record_submit(actor=None, record=record)
    record = record_approve(actor=None, record=record)
    applicant = Client()
    with travel(DAY):
        response = applicant.post(reverse("applications:apply", kwargs={"agency": agency.slug}), {
            **personal(), "delivery_form": "electronic", "idempotency_key": "privacy-1",
            "id_number": ID_NUMBER, "website": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
        receipt = applicant.get(response["Location"]).content.decode()
        code = re.search(r'data-testid="access-code">([^<]+)<', receipt).group(1)
        online = Application.objects.get(channel="online")
        cases = {"online": online}
        for n, fields in enumerate([personal(), organisation(), personal(), personal(),
                                    personal()]):
            cases[f"reg{n}"] = services.register(
                actor=officer, agency=agency, channel="post", received_on=DAY,
                **fields).application
        services.request_correction(actor=officer, application=cases["reg0"],
                                    what_to_correct="请写明年份")
        services.third_party_consultation_start(actor=officer, application=cases["reg1"], kind="third_party",
                                    party_name="隐私测试第三方公司")
        services.reply(actor=officer, application=cases["reg2"], reply_type="disclosed",
                       reply_type_reason="already_public", records=[record])
        send_reply(actor=officer, application=cases["reg3"], reply_type="partially_disclosed",
                       files=[("可公开部分.txt", b"ok")],
                       withheld=[{"description": "第3页联系方式", "reason": "third_party"}])
        services.withdraw(actor=officer, application=cases["reg4"], reason="来电撤回")
        services.archive(actor=officer, application=cases["reg4"])
    return {"agency": agency, "other": other_agency, "cases": cases, "record": record,
            "applicant": applicant, "code": code}


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig", errors="replace")
    return response.content.decode("utf-8", errors="replace")


def test_no_public_page_feed_sitemap_or_search_shows_applicant_data(world):
    agency = world["agency"]
    slug = agency.slug
    visitor = Client()
    pages = [
        reverse("portal:home"), reverse("portal:agency_home", kwargs={"agency": slug}),
        reverse("portal:agency_profile", kwargs={"agency": slug}),
        reverse("portal:sitemap"), reverse("catalogue:index", kwargs={"agency": slug}),
        reverse("catalogue:record", kwargs={"agency": slug, "pk": world["record"].pk}),
        reverse("catalogue:feed_rss", kwargs={"agency": slug}),
        reverse("catalogue:feed_atom", kwargs={"agency": slug}),
        reverse("catalogue:data_csv", kwargs={"agency": slug}),
        reverse("catalogue:data_json", kwargs={"agency": slug}),
        reverse("applications:index", kwargs={"agency": slug}),
        reverse("applications:apply", kwargs={"agency": slug}),
        reverse("applications:status", kwargs={"agency": slug}),
    ]
    for path in pages:
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert_clean(body(response), path)
    for q in (NAME, ID_NUMBER, PHONE, "法律援助经费"):
        for path in (reverse("catalogue:index", kwargs={"agency": slug}),
                     reverse("applications:suggest", kwargs={"agency": slug})):
            assert_clean(body(visitor.get(path, {"q": q})).replace(q, ""), f"{path}?q={q}")
        search = visitor.get(f"/{slug}/search/", {"q": q})
        if search.status_code == 200:
            assert_clean(body(search).replace(q, ""), f"search?q={q}")
    for case in world["cases"].values():
        # A case number alone opens nothing.
        status = visitor.get(reverse("applications:case_status",
                                     kwargs={"agency": slug, "case_number": case.case_number}))
        assert status.status_code == 302
        assert_clean(body(status), "status without code")


def test_applicant_status_page_and_api_show_no_personal_data(world):
    case = world["cases"]["online"]
    slug = world["agency"].slug
    applicant = Client()
    found = applicant.post(reverse("applications:status", kwargs={"agency": slug}),
                           {"case_number": case.case_number, "access_code": world["code"]})
    assert found.status_code == 302
    page = applicant.get(found["Location"])
    assert page.status_code == 200 and case.case_number in body(page)
    assert_clean(body(page), "the applicant's own status page")
    api = Client().get(f"/api/v1/applications/{case.case_number}",
                       HTTP_X_ACCESS_CODE=world["code"])
    assert api.status_code == 200, body(api)
    assert_clean(body(api), "public status API")
    wrong = Client().get(f"/api/v1/applications/{case.case_number}", HTTP_X_ACCESS_CODE="NOPE")
    assert wrong.status_code == 404 and case.case_number not in body(wrong)
    created = Client().post("/api/v1/applications", json.dumps({
        "agency": world["agency"].organisation_code,
        "applicant": {"type": "natural_person", "name": NAME, "id_type": "resident_id",
                      "id_number": ID_NUMBER, "phone": PHONE, "email": EMAIL,
                      "address": ADDRESS},
        "description": "另一项信息", "idempotency_key": "api-privacy"}),
        content_type="application/json")
    assert created.status_code in (200, 201), body(created)
    assert_clean(body(created), "public submit API response")


def test_consultation_letters_are_not_shown_to_the_applicant(world):
    case = world["cases"]["reg1"]
    assert case.notices.filter(kind="third_party_consultation_letter", visible_to_applicant=False).exists()
    from gongkai.applications.selectors import public_status

    assert all(n.kind != "third_party_consultation_letter" for n in public_status(case).notices)


def test_staff_of_another_agency_see_nothing(world):
    from gongkai.core.models import Role
    from tests.factories import staff

    stranger = Client()
    stranger.force_login(staff(Role.AGENCY_ADMIN, world["other"], "other-admin"))
    for queue in ("open", "closed", "new", "waiting_applicant", "waiting_third_party"):
        html = body(stranger.get(reverse("staff:applications_queue"), {"queue": queue}))
        assert_clean(html, f"other agency queue {queue}")
        for case in world["cases"].values():
            assert case.case_number not in html
    for case in world["cases"].values():
        for name in ("applications_case", "applications_export", "applications_applicant_export"):
            response = stranger.get(reverse(f"staff:{name}", kwargs={"pk": case.pk}))
            assert response.status_code == 404, name
    api = stranger.get("/api/v1/staff/applications", {"queue": "all"})
    assert api.status_code == 200
    assert_clean(body(api), "staff API of another agency")
    assert json.loads(body(api)) in ([], {"items": [], "count": 0}) or not any(
        c.case_number in body(api) for c in world["cases"].values())
