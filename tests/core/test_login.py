"""Staff sign-in: success, logout, and lockout after repeated failures."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
def test_login_and_logout(client, editor):
    response = client.post(reverse("staff:login"), {"username": "editor1", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("staff:workspace")
    page = client.get(reverse("staff:workspace")).content.decode()
    assert "信息编辑" in page and "上海市司法局" in page
    response = client.post(reverse("staff:logout"))
    assert response.status_code == 302
    assert client.get(reverse("staff:workspace")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused_with_message(client, editor):
    response = client.post(reverse("staff:login"), {"username": "editor1", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode() or "正确" in response.content.decode()


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("staff:login"), {"username": "editor1", "password": "wrong"})
    response = client.post(reverse("staff:login"), {"username": "editor1", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert client.get(reverse("staff:workspace")).status_code == 302


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_hardened(client, editor, settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    response = client.post(reverse("staff:login"), {"username": "editor1", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_csrf_is_enforced_on_login(editor):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("staff:login"), {"username": "editor1", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.django_db
def test_lockout_uses_the_forwarded_client_behind_a_trusted_proxy(client, editor, settings):
    """Behind one trusted proxy, one client's failures do not lock out another client."""
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("staff:login"), {"username": "editor1", "password": "wrong"},
                    REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    locked = client.post(reverse("staff:login"), {"username": "editor1", "password": PASSWORD},
                         REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    other = client.post(reverse("staff:login"), {"username": "editor1", "password": PASSWORD},
                        REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 302
