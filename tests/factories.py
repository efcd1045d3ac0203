"""factory_boy factories for the foundation's models."""

import factory

from gongkai.core.models import Agency, Department, Membership, Role, User

PASSWORD = "correct-horse-battery"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"agency{n}")
    name = factory.Sequence(lambda n: f"测试区司法局{n}")
    short_name = factory.Sequence(lambda n: f"测试局{n}")
    organisation_code = factory.Sequence(lambda n: f"00000{n:04d}X")
    address = "上海市测试路1号"
    phone = "021-00000000"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"处室{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR
    agency = factory.SubFactory(AgencyFactory)
    department = None


def staff(role: str, agency: Agency | None, username: str | None = None) -> User:
    user = UserFactory(**({"username": username} if username else {}))
    MembershipFactory(user=user, role=role, agency=agency if role != Role.PLATFORM_ADMIN else None)
    return user


def record_fields(**overrides):
    """Valid fields for catalogue.services.record_create."""
    import datetime as dt

    from gongkai.catalogue.services import genre_get_or_create, topic_get_or_create

    # get_or_create: transactional tests empty the tables the data migration filled.
    fields = {
        "title": "关于印发《上海市司法局2020年政务公开工作要点》的通知",
        "summary": "印发本局2020年政务公开工作要点。",
        "body": "局机关各处室:经局领导同意,现将工作要点印发给你们,请认真贯彻落实。",
        "document_number": "沪司办〔2020〕6号",
        "formed_on": dt.date(2020, 4, 23),
        "topic": topic_get_or_create(code="general", name="综合政务"),
        "genre": genre_get_or_create(code="notice", name="通知"),
    }
    fields.update(overrides)
    return fields
