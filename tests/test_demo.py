import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.audit.selectors import audit_chain_verify
from gongkai.core.models import Agency, Department, Membership, Role, User


@pytest.mark.django_db
def test_demo_loads_two_agencies_and_every_role_and_is_idempotent(client):
    call_command("demo")
    _assert_search_and_qa_are_ready()
    counts = (Agency.objects.count(), Department.objects.count(), User.objects.count(),
              Membership.objects.count(), AuditEvent.objects.count())
    bureau = Agency.objects.get(organisation_code="002420455M")
    assert bureau.name == "上海市司法局"
    assert {m.role for m in Membership.objects.all()} == set(Role.values)
    call_command("demo")
    assert counts == (Agency.objects.count(), Department.objects.count(), User.objects.count(),
                      Membership.objects.count(), AuditEvent.objects.count())
    assert audit_chain_verify().ok
    # The bureau's home page: a block with content for every app that has something to show.
    home = client.get(f"/{bureau.slug}/").content.decode()
    for key in ("disclosure", "application", "consultation", "interaction", "participation",
                "enforcement", "proposal", "legal", "qa"):
        block = home.split(f'data-block="{key}"')[1].split("</section>")[0]
        assert "<li>" in block, f"the {key} block is empty"
    # The evaluation dashboard carries every capability app's figures for the demo year.
    import datetime as dt

    from gongkai.reports.dashboard import evaluate

    others = dict(evaluate(bureau, dt.date(2026, 1, 1), dt.date(2026, 12, 31)).others)
    assert {"决策公开与征求意见", "互动交流（信箱与热线）", "政策解读", "年度工作要点",
            "建议提案办理"} <= set(others), sorted(others)
    response = client.post("/staff/login/", {"username": "admin", "password": "gongkai-demo"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_demo_is_refused_in_production(settings):
    from django.core.management.base import CommandError

    settings.GONGKAI_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("demo")


def _assert_search_and_qa_are_ready():
    """`make run` serves as soon as `gongkai demo` returns: by then the laws are in the
    search index and embedded for Q&A, and no index work waits in the queue (issue 13)."""
    from gongkai.jobs.models import JobRun, JobStatus
    from gongkai.laws.models import LawArticle
    from gongkai.qa.answering import answer_question
    from gongkai.qa.models import Embedding
    from gongkai.search.models import SearchDocument
    from gongkai.search.selectors import search

    articles = LawArticle.objects.count()
    assert articles and SearchDocument.objects.filter(kind="law_article").count() == articles
    assert Embedding.objects.filter(kind="law_article").count() == articles
    assert search("律师执业", kinds=["law_article"]).total > 0
    waiting = set(JobRun.objects.filter(status=JobStatus.ENQUEUED).values_list("name", flat=True))
    assert not waiting & {"search.rebuild", "laws.index", "qa.embed_laws"}
    result = answer_question("申请法律援助需要什么条件", agency=Agency.objects.get(slug="sfj"))
    assert result.confident and result.best.source.title == "申请法律援助需要符合什么条件?"
