"""Factories for the directory's tests (valid licence numbers and credit codes)."""

from __future__ import annotations

import factory

from gongkai.directory.credit_code import check_character
from gongkai.directory.models import Entity, EntityKind, LicenceStatus
from tests.factories import AgencyFactory


def credit_code(n: int) -> str:
    """A valid GB 32100 code: law-firm prefix 3131 (justice registration, Shanghai)."""
    first17 = f"31310000{n:09d}"
    return first17 + check_character(first17)


def lawyer_licence(n: int) -> str:
    return f"131012018{n:08d}"


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    agency = factory.SubFactory(AgencyFactory)
    kind = EntityKind.LAW_FIRM
    name = factory.Sequence(lambda n: f"测试律师事务所{n}")
    district = "黄浦区"
    licence_number = factory.Sequence(lambda n: credit_code(n + 1))
    licence_status = LicenceStatus.VALID
    phone = "021-63000000"


class LawyerFactory(EntityFactory):
    kind = EntityKind.LAWYER
    name = factory.Sequence(lambda n: f"测试律师{n}")
    licence_number = factory.Sequence(lambda n: lawyer_licence(n + 1))
