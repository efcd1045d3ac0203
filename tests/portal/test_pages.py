import pytest
from django.db import OperationalError
from django.urls import reverse

from gongkai.portal.middleware import ELDER_COOKIE


@pytest.mark.django_db
def test_home_shows_default_agency_with_footer_identity(client, agency, other_agency):
    agency.site_code = "3100000099"
    agency.icp_number = "沪ICP备00000000号"
    agency.police_number = "沪公网安备31000000000000号"
    agency.save()
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>上海市司法局</title>" in page
    assert 'lang="zh-CN"' in page
    for text in ["主办单位", "3100000099", "沪ICP备00000000号", "沪公网安备31000000000000号",
                 "无障碍声明", other_agency.name]:
        assert text in page
    assert f'rel="canonical" href="/{agency.slug}/"' in page


@pytest.mark.django_db
def test_default_agency_setting_chooses_home(client, agency, other_agency, settings):
    settings.GONGKAI_DEFAULT_AGENCY = other_agency.slug
    assert f"<title>{other_agency.name}</title>" in client.get("/").content.decode()


@pytest.mark.django_db
def test_each_agency_has_its_own_pages(client, agency, other_agency):
    page = client.get(f"/{other_agency.slug}/").content.decode()
    assert f"<h1>{other_agency.name}</h1>" in page
    profile = client.get(f"/{other_agency.slug}/profile/")
    assert profile.status_code == 200
    assert other_agency.organisation_code in profile.content.decode()


@pytest.mark.django_db
def test_unknown_agency_is_404_page(client, agency):
    response = client.get("/nosuchbureau/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.django_db
def test_empty_platform_says_what_to_do(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "gongkai demo" in response.content.decode()


@pytest.mark.django_db
def test_every_navigation_link_works(client, agency):
    import re

    page = client.get("/").content.decode()
    nav = page.split('aria-label="主导航"')[1].split("</nav>")[0]
    links = re.findall(r'href="([^"]+)"', nav)
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.django_db
def test_elder_mode_toggles_and_persists_without_javascript(client, agency):
    assert 'class="elder"' not in client.get("/").content.decode()
    response = client.post(reverse("portal:elder_mode"), {"on": "1", "next": "/sfj/profile/"})
    assert response.status_code == 302 and response["Location"] == "/sfj/profile/"
    assert response.cookies[ELDER_COOKIE].value == "1"
    for path in ["/", "/sfj/profile/", "/accessibility/"]:
        assert 'class="elder"' in client.get(path).content.decode()
    client.post(reverse("portal:elder_mode"), {"on": "0", "next": "/"})
    assert 'class="elder"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_elder_mode_refuses_offsite_redirect(client, agency):
    response = client.post(reverse("portal:elder_mode"), {"on": "1",
                                                          "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_english_is_available(client, agency):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Skip to main content" in page


@pytest.mark.django_db
def test_robots_and_sitemap(client, agency, other_agency):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /staff/" in robots and "sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/{agency.slug}/</loc>" in sitemap and f"/{other_agency.slug}/profile/</loc>" in sitemap
    assert "/staff/" not in sitemap


@pytest.mark.django_db
def test_sitemap_reaches_laws_faqs_reports_and_the_verification_pages(client, agency):
    from gongkai.laws.demo import FIXTURES
    from gongkai.laws.models import Law
    from gongkai.laws.services import laws_import
    from gongkai.qa.services import faq_create
    from gongkai.reports.models import AnnualReport

    laws_import(FIXTURES, index_async=False)
    law = Law.objects.filter(in_force=True).first()
    repealed = Law.objects.filter(in_force=False).first()
    faq = faq_create(actor=None, agency=agency, question="站点地图测试问题?", answer="答。",
                     published=True)
    hidden = faq_create(actor=None, agency=agency, question="未发布问题?", answer="答。",
                        published=False)
    AnnualReport.objects.create(agency=agency, year=2024, status="published")
    AnnualReport.objects.create(agency=agency, year=2025, status="draft")
    sitemap = client.get("/sitemap.xml").content.decode()
    a = agency.slug
    for path in (f"/{a}/laws/", f"/{a}/laws/{law.pk}/", f"/{a}/qa/", f"/{a}/qa/faq/",
                 f"/{a}/qa/faq/{faq.pk}/", f"/{a}/reports/", f"/{a}/reports/2024/",
                 "/transparency/", "/verify/"):
        assert f"{path}</loc>" in sitemap, path
    for path in (f"/{a}/laws/{repealed.pk}/", f"/{a}/qa/faq/{hidden.pk}/", f"/{a}/reports/2025/"):
        assert f"{path}</loc>" not in sitemap, path


@pytest.mark.django_db
def test_favicon_is_served_and_linked(client, agency):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/vnd.microsoft.icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO header, not an HTML error page
    page = client.get(f"/{agency.slug}/").content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page


@pytest.mark.django_db
def test_home_page_query_count_is_small(client, agency, other_agency, django_assert_max_num_queries):
    # The page's own six, plus one or two per home block (eleven apps give one; the
    # catalogue two, participation three). Constant in the number of records: caching the
    # whole page is issue 24's.
    with django_assert_max_num_queries(22):
        client.get(f"/{agency.slug}/")


@pytest.mark.django_db
def test_home_page_blocks_show_latest_information_and_entry_points(client, agency, editor):
    """Every section has a body: the latest records, policy documents, entry points for an
    application, Q&A, and a search box that leads everywhere (issue 15)."""
    from gongkai.catalogue.services import (
        genre_get_or_create,
        record_approve,
        record_create,
        record_submit,
    )
    from gongkai.qa.services import faq_create
    from tests.factories import record_fields

    titles = []
    for i in range(10):
        record = record_create(actor=None, agency=agency, **record_fields(title=f"首页测试信息{i:02d}"))
        record_submit(actor=None, record=record)
        record_approve(actor=None, record=record)
        titles.append(record.title)
    normative = genre_get_or_create(code="home-normative", name="首页规范", is_normative=True)
    policy = record_create(actor=None, agency=agency, **record_fields(
        title="首页测试规范性文件", genre=normative))
    record_submit(actor=None, record=policy)
    record_approve(actor=None, record=policy)
    faq_create(actor=None, agency=agency, question="首页测试常见问题?", answer="答。",
               published=True)
    body = client.get(f"/{agency.slug}/").content.decode()
    blocks = body.split('data-testid="home-blocks"')[1]
    latest = blocks.split('data-block="disclosure"')[1].split("</section>")[0]
    assert "首页测试规范性文件" in latest and titles[-1] in latest and titles[0] not in latest
    assert 'class="card card-wide"' in body
    policies = blocks.split('data-block="disclosure"')[2].split("</section>")[0]
    assert "首页测试规范性文件" in policies and titles[-1] not in policies
    assert f"/{agency.slug}/applications/apply/" in blocks
    assert f"/{agency.slug}/applications/status/" in blocks
    assert "首页测试常见问题?" in blocks and f"/{agency.slug}/qa/" in blocks
    assert 'role="search"' in body and f'action="/{agency.slug}/search/"' in body


@pytest.mark.django_db
def test_database_down_gives_friendly_503(client, agency, monkeypatch):
    from gongkai.portal import views

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(views, "agency_get_public", broken)
    response = client.get(f"/{agency.slug}/profile/")
    assert response.status_code == 503
    assert "服务暂时不可用" in response.content.decode()


@pytest.mark.django_db
def test_html_is_escaped(client, agency):
    agency.description = "<script>alert(1)</script>"
    agency.save()
    page = client.get(f"/{agency.slug}/profile/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.django_db
def test_security_headers(client, agency):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
