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
