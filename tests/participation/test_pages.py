import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.participation import services
from gongkai.participation.models import (
    Idea,
    Registration,
    RegistrationStatus,
    Survey,
    SurveyResponse,
)
from tests.factories import AgencyFactory, staff
from tests.participation.factories import open_day, questions, survey_with_questions

pytestmark = pytest.mark.django_db


def _url(name, agency, **kw):
    return reverse(f"participation:{name}", kwargs={"agency": agency.slug, **kw})


def _post_answers(qs, bus=True, **extra):
    q1, q2, q3, q4, q5 = qs
    data = {f"q{q1.pk}": "0" if bus else "1", f"q{q3.pk}": "5", f"q{q4.pk}_r0": "1",
            f"q{q5.pk}": "=HYPERLINK(\"x\")", "idempotency_key": extra.pop("key", "")}
    if bus:
        data[f"q{q2.pk}"] = ["0", "1"]
    data.update(extra)
    return data


def test_index_lists_public_items_only(client, agency, editor):
    published = survey_with_questions(agency, editor, title="公开的调查")
    survey_with_questions(agency, editor, title="草稿调查", publish=False)
    response = client.get(_url("index", agency))
    body = response.content.decode()
    assert response.status_code == 200
    assert published.title in body and "草稿调查" not in body


def test_survey_answered_without_javascript(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    page = client.get(_url("survey", agency, number=survey.number)).content.decode()
    assert "如第1题选择“是”，请回答本题" in page  # the conditional label, no script needed
    response = client.post(_url("survey", agency, number=survey.number), _post_answers(qs))
    assert response.status_code == 302
    assert response["Location"] == _url("survey_thanks", agency, number=survey.number)
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_survey_errors_summary_and_nothing_stored(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    response = client.post(_url("survey", agency, number=survey.number), {f"q{qs[0].pk}": "0"})
    body = response.content.decode()
    assert response.status_code == 400
    assert f'href="#q{qs[2].pk}"' in body and "此题必答。" in body
    assert SurveyResponse.objects.count() == 0


def test_closed_survey_refused_clearly(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    with time_machine.travel(survey.closes_at + dt.timedelta(minutes=5)):
        response = client.post(_url("survey", agency, number=survey.number), _post_answers(qs))
    assert response.status_code == 409
    assert "已结束" in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_honeypot_stores_nothing(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    response = client.post(_url("survey", agency, number=survey.number),
                           _post_answers(questions(survey), website="http://spam"))
    assert response.status_code == 400 and SurveyResponse.objects.count() == 0


def test_rate_limit(client, agency, editor, settings):
    settings.GONGKAI_RATELIMIT_RATES = {"participation.respond": "2/h"}
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    codes = [client.post(_url("survey", agency, number=survey.number), _post_answers(qs)).status_code
             for _ in range(3)]
    assert codes == [302, 302, 429]


def test_one_per_person_needs_sign_in(client, agency, editor, public_user):
    survey = survey_with_questions(agency, editor, one_per_person=True)
    qs = questions(survey)
    url = _url("survey", agency, number=survey.number)
    assert "请先登录" in client.get(url).content.decode()
    client.force_login(public_user)
    assert client.post(url, _post_answers(qs)).status_code == 302
    assert "您已参加过本次调查" in client.get(url).content.decode()
    assert client.post(url, _post_answers(qs)).status_code == 409
    assert SurveyResponse.objects.count() == 1


def _closed_with_results(agency, editor, n=3):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    for i in range(n):
        raw = {qs[0].pk: "0" if i % 3 else "1", qs[2].pk: "4",
               qs[3].pk: {"0": "0", "1": "1"}, qs[4].pk: f"建议{i}"}
        if i % 3:
            raw[qs[1].pk] = ["2"]
        services.response_submit(survey=survey, answers=raw)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    survey.refresh_from_db()
    return survey, qs


def test_public_results_chart_with_data_table(client, agency, editor, django_assert_max_num_queries):
    survey, qs = _closed_with_results(agency, editor)
    url = _url("survey_results", agency, number=survey.number)
    assert client.get(url).status_code == 404  # not published yet
    services.survey_results_publish(actor=editor, survey=survey,
                                    question_ids=[qs[0].pk, qs[3].pk, qs[4].pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") == 3  # question 1 and the two matrix rows
    assert 'role="img"' in body and "<table" in body and "数据表" in body
    assert "总体满意度" not in body  # not chosen for publication
    assert "建议1" not in body  # free text never published one by one


def test_staff_export_csv_and_excel_blank_when_not_shown(client, agency, editor):
    survey, qs = _closed_with_results(agency, editor)
    client.force_login(editor)
    url = reverse("staff:participation_survey_export", kwargs={"pk": survey.pk})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    header = rows[0]
    first_route = header.index("Q2 您常乘坐哪些线路?:1路")
    assert [r[first_route] for r in rows[1:]] == ["", "0", "0"]  # not shown: blank, not 0
    assert [r[first_route + 2] for r in rows[1:]] == ["", "1", "1"]
    xlsx = client.get(url + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(header)
    assert values[1][first_route] in (None, "")


def test_export_neutralises_formulas(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    qs = questions(survey)
    client.post(_url("survey", agency, number=survey.number), _post_answers(qs))
    client.force_login(editor)
    text = client.get(reverse("staff:participation_survey_export", kwargs={"pk": survey.pk})
                      ).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_staff_builds_a_survey(client, agency, editor):
    client.force_login(editor)
    now = timezone.localtime()
    response = client.post(reverse("staff:participation_survey_new"), {
        "agency": agency.pk, "title": "新调查", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"), "anonymous": "on"})
    survey = Survey.objects.get(title="新调查")
    assert response.status_code == 302
    add = reverse("staff:participation_question_add", kwargs={"pk": survey.pk})
    client.post(add, {"kind": "single", "text": "是否满意?", "required": "on",
                      "options": "是\n否", "scale_min": 1, "scale_max": 5})
    first = survey.questions.get()
    response = client.post(add, {"kind": "text", "text": "为什么不满意?", "scale_min": 1,
                                 "scale_max": 5, "show_if": first.pk, "show_if_option": 1})
    assert response.status_code == 302
    second = survey.questions.get(text="为什么不满意?")
    assert second.show_if_id == first.pk and second.show_if_option == 1
    bad = client.post(add, {"kind": "single", "text": "缺选项", "options": "一个",
                            "scale_min": 1, "scale_max": 5})
    assert bad.status_code == 400 and "至少填写两个选项" in bad.content.decode()
    client.post(reverse("staff:participation_survey_publish", kwargs={"pk": survey.pk}))
    survey.refresh_from_db()
    assert survey.status == "published"


def test_staff_of_other_agency_gets_404(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    outsider = staff("agency_admin", AgencyFactory())
    client.force_login(outsider)
    assert client.get(reverse("staff:participation_survey", kwargs={"pk": survey.pk})).status_code == 404
    index = client.get(reverse("staff:participation_index")).content.decode()
    assert survey.title not in index


def test_solicitation_idea_flow(client, agency, editor):
    now = timezone.now()
    item = services.solicitation_create(actor=editor, agency=agency, title="建言征集",
                                        description="说明", opens_at=now - dt.timedelta(hours=1),
                                        closes_at=now + dt.timedelta(days=3))
    services.solicitation_publish(actor=editor, solicitation=item)
    url = _url("solicitation", agency, number=item.number)
    response = client.post(url, {"title": "多建停车场", "text": "小区停车难。", "name": "王五",
                                 "email": "wang@example.org", "idempotency_key": "k"})
    body = response.content.decode()
    idea = Idea.objects.get()
    assert response.status_code == 200 and idea.case_number in body
    assert "no-store" in response["Cache-Control"]
    code = body.split('data-testid="access-code">')[1].split("<")[0]
    status = client.post(_url("idea_status", agency),
                         {"case_number": idea.case_number, "access_code": code})
    assert "已收到" in status.content.decode()
    wrong = client.post(_url("idea_status", agency),
                        {"case_number": idea.case_number, "access_code": "WRONGCODE2"})
    assert wrong.status_code == 400
    client.force_login(editor)
    client.post(reverse("staff:participation_idea_answer", kwargs={"pk": idea.pk}),
                {"answer": "已转交交通部门研究。"})
    client.logout()
    public = client.get(url).content.decode()
    assert "已转交交通部门研究。" in public and "小区停车难" in public
    assert "王五" not in public and "wang@example.org" not in public


def test_open_day_register_waitlist_cancel_checkin(client, agency, editor):
    od = open_day(agency, editor, capacity=1)
    url = _url("open_day", agency, number=od.number)
    first = client.post(url, {"name": "赵六", "phone": "13800000006"})
    assert first.status_code == 200 and "报名成功" in first.content.decode()
    code = first.content.decode().split('data-testid="checkin-code">')[1].split("<")[0]
    second = client.post(url, {"name": "钱七", "phone": "13800000007"})
    assert "候补第 1 位" in second.content.decode()
    again = client.post(url, {"name": "钱七", "phone": "13800000007"})
    assert again.status_code == 400 and "请勿重复报名" in again.content.decode()
    page = client.get(url).content.decode()
    assert "赵六" not in page and "13800000006" not in page
    qr = client.get(_url("checkin_qr", agency, code=code, fmt="svg"))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert client.get(_url("checkin_qr", agency, code=code, fmt="png")).content[:4] == b"\x89PNG"
    assert client.get(_url("checkin_qr", agency, code="bad!", fmt="svg")).status_code == 404
    cancel = client.post(_url("open_day_cancel", agency, number=od.number), {"code": code})
    assert cancel.status_code == 200
    promoted = Registration.objects.get(name="钱七")
    assert promoted.status == RegistrationStatus.CONFIRMED
    checkin = reverse("staff:participation_checkin")
    with time_machine.travel(od.starts_at + dt.timedelta(minutes=1)):
        client.force_login(editor)  # staff sessions expire when idle: sign in on the day
        refused = client.post(checkin, {"code": code})  # the cancelled one
        assert refused.status_code == 409 and "已取消" in refused.content.decode()
        forged = client.post(checkin, {"code": "ZZZZZZZZ"})
        assert forged.status_code == 409 and "签到码无效" in forged.content.decode()


def test_staff_dashboard_warns_when_behind(client, agency, editor):
    client.force_login(editor)
    with time_machine.travel(dt.datetime(2026, 10, 1, 2, tzinfo=dt.UTC)):
        body = client.get(reverse("staff:participation_index")).content.decode()
    assert 'data-testid="target-warning"' in body


def test_open_day_record_published_with_photo(client, agency, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    od = open_day(agency, editor)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "MarkerCamera"  # Make
    Image.new("RGB", (4, 4), "red").save(buffer, "JPEG", exif=exif.tobytes())
    assert b"MarkerCamera" in buffer.getvalue()
    with time_machine.travel(od.ends_at + dt.timedelta(hours=2)):
        client.force_login(editor)
        response = client.post(reverse("staff:participation_open_day_record", kwargs={"pk": od.pk}), {
            "summary": "来访市民参观了调解中心。", "photo_caption": "市民参观调解中心",
            "photo": SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg")})
        assert response.status_code == 302
        client.logout()
        page = client.get(_url("open_day", agency, number=od.number)).content.decode()
    assert "来访市民参观了调解中心。" in page and 'alt="市民参观调解中心"' in page
    stored = od.photos.get().image.read()
    assert b"MarkerCamera" not in stored and stored[:2] == b"\xff\xd8"  # re-encoded, no EXIF


def test_check_in_by_hand_from_the_list(client, agency, editor):
    od = open_day(agency, editor)
    result = services.registration_create(open_day=od, name="孙八", phone="13800000008")
    url = reverse("staff:participation_registration_checkin", kwargs={"pk": result.registration.pk})
    with time_machine.travel(od.starts_at + dt.timedelta(minutes=1)):
        client.force_login(editor)
        page = client.get(reverse("staff:participation_open_day", kwargs={"pk": od.pk}))
        assert "手动签到(孙八)" in page.content.decode()
        assert client.post(url).status_code == 302
        assert Registration.objects.get(pk=result.registration.pk).checked_in_at is not None
        client.post(url)
        page = client.get(reverse("staff:participation_open_day", kwargs={"pk": od.pk}))
        assert "使用过" in page.content.decode()
        sheet = client.get(reverse("staff:participation_open_day_registrations",
                                   kwargs={"pk": od.pk})).content.decode("utf-8-sig")
        assert sheet.splitlines()[1].startswith("孙八,13800000008,,已报名,")
    outsider = staff("agency_admin", AgencyFactory())
    client.force_login(outsider)
    assert client.post(url).status_code == 404


def test_staff_extends_a_published_survey(client, agency, editor):
    survey = survey_with_questions(agency, editor)
    client.force_login(editor)
    url = reverse("staff:participation_survey_edit", kwargs={"pk": survey.pk})
    assert client.get(url).status_code == 200
    opens = timezone.localtime(survey.opens_at).strftime("%Y-%m-%dT%H:%M")
    later = timezone.localtime(survey.closes_at + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    data = {"agency": agency.pk, "title": survey.title, "opens_at": opens, "closes_at": later}
    assert client.post(url, {**data, "anonymous": "on"}).status_code == 302
    survey.refresh_from_db()
    assert timezone.localtime(survey.closes_at).strftime("%Y-%m-%dT%H:%M") == later
    refused = client.post(url, {**data, "anonymous": "on", "title": "换个标题"})
    assert refused.status_code == 400 and "只能修改说明和截止时间" in refused.content.decode()


def test_one_per_person_by_email_confirmation(client, agency, editor, mailoutbox,
                                              django_capture_on_commit_callbacks):
    from gongkai.participation.models import PendingResponse, SurveyBallot

    survey = survey_with_questions(agency, editor, one_per_person=True)
    qs = questions(survey)
    url = _url("survey", agency, number=survey.number)
    missing = client.post(url, _post_answers(qs))
    assert missing.status_code == 400 and 'href="#c-confirm-email"' in missing.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, _post_answers(qs, confirm_email="Voter@Example.org"))
    assert sent.status_code == 200 and "请查收确认邮件" in sent.content.decode()
    assert SurveyResponse.objects.count() == 0
    pending = PendingResponse.objects.get()
    assert "example.org" not in str(pending.payload) and len(pending.voter_hash) == 64
    link = [line for line in mailoutbox[0].body.splitlines() if "/confirm/" in line][0]
    path = link[link.index("/" + agency.slug + "/"):]
    assert client.get(path).status_code == 200  # a GET (mail scanner) stores nothing
    assert SurveyResponse.objects.count() == 0
    assert client.post(path).status_code == 302
    assert SurveyResponse.objects.count() == 1 and SurveyBallot.objects.count() == 1
    assert not PendingResponse.objects.exists()
    again = client.post(path)
    assert again.status_code == 409 and "无效或已过期" in again.content.decode()
    twice = client.post(url, _post_answers(qs, confirm_email="voter@example.org"))
    assert twice.status_code == 409 and "每人限答一次" in twice.content.decode()


def test_unconfirmed_answers_expire(agency, editor):
    from gongkai.participation.models import PendingResponse

    survey = survey_with_questions(agency, editor, one_per_person=True)
    raw = {q.pk: v for q, v in zip(questions(survey), ["0", ["1"], "3", {}, ""], strict=True)}
    services.response_request_confirmation(survey=survey, answers=raw, email="a@example.org",
                                           confirm_url=lambda token: token)
    assert services.purge_pending() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(hours=49)):
        assert services.purge_pending() == 1
    assert not PendingResponse.objects.exists()


def test_public_index_queries_do_not_grow(client, agency, editor, django_assert_max_num_queries):
    for _ in range(3):
        survey_with_questions(agency, editor)
        open_day(agency, editor)
    with django_assert_max_num_queries(15):
        assert client.get(_url("index", agency)).status_code == 200


def test_ideas_waiting_selector(agency, editor):
    from gongkai.participation import selectors

    now = timezone.now()
    item = services.solicitation_create(actor=editor, agency=agency, title="征集",
                                        description="说明", opens_at=now - dt.timedelta(hours=1),
                                        closes_at=now + dt.timedelta(days=3))
    services.solicitation_publish(actor=editor, solicitation=item)
    first, _c, _n = services.idea_submit(solicitation=item, title="一", text="一")
    second, _c, _n = services.idea_submit(solicitation=item, title="二", text="二")
    services.idea_answer(actor=editor, idea=first, answer="答")
    assert list(selectors.ideas_waiting([agency.pk])) == [second]
    assert list(selectors.ideas_waiting([agency.pk + 999])) == []


def test_registrant_looks_up_waitlist_place_with_the_code(client, agency, editor):
    od = open_day(agency, editor, capacity=1)
    services.registration_create(open_day=od, name="甲", phone="13800000001")
    waiting = services.registration_create(open_day=od, name="乙", phone="13800000002")
    url = _url("registration_lookup", agency, number=od.number)
    assert client.get(url).status_code == 200
    found = client.post(url, {"code": waiting.checkin_code.lower()})
    body = found.content.decode()
    assert found.status_code == 200 and "候补第 1 位" in body and "乙" not in body
    assert "no-store" in found["Cache-Control"]
    assert client.post(url, {"code": "ZZZZZZZZ"}).status_code == 400
