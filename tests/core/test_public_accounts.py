import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEvent
from gongkai.core.intake import rate_for
from gongkai.core.models import User

GOOD = {"username": "zhangsan", "email": "zs@example.org",
        "password1": "a-long-passphrase-7", "password2": "a-long-passphrase-7"}


@pytest.mark.django_db
@pytest.mark.argon2
def test_register_creates_a_public_user_and_signs_in(client, agency):
    response = client.post(reverse("accounts:register"), GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    user = User.objects.get(username="zhangsan")
    assert user.is_staff is False and user.password.startswith("argon2")
    assert AuditEvent.objects.filter(verb="user.create", object_id=str(user.pk)).exists()
    assert "zhangsan" in client.get(reverse("accounts:home")).content.decode()
    assert client.get(reverse("staff:workspace")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"username": "a b"}, "用户名只能包含"),
        ({"password2": "different-one-1"}, "两次输入的密码不一致"),
        ({"password1": "1234567890", "password2": "1234567890"}, "密码"),
        ({"email": "not-an-email"}, "有效"),
    ],
)
def test_bad_registration_is_explained_and_creates_nothing(client, agency, change, message):
    response = client.post(reverse("accounts:register"), {**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username=GOOD["username"]).exists()


@pytest.mark.django_db
def test_duplicate_username_is_refused(client, agency):
    client.post(reverse("accounts:register"), GOOD)
    client.post(reverse("accounts:logout"))
    response = client.post(reverse("accounts:register"), GOOD)
    assert "已被使用" in response.content.decode()


@pytest.mark.django_db
def test_registration_is_rate_limited_per_address(client, agency):
    limit = int(rate_for("accounts.register").split("/")[0])
    for i in range(limit):
        client.post(reverse("accounts:register"), {**GOOD, "username": f"u{i}", "password2": "x"})
    response = client.post(reverse("accounts:register"), {**GOOD, "username": "late"})
    assert response.status_code == 429
    assert not User.objects.filter(username="late").exists()


@pytest.mark.django_db
def test_account_page_needs_sign_in(client, agency):
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
