import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.core.models import Role
from gongkai.core.policies import PermissionDeniedError
from gongkai.services import selectors, services
from gongkai.services.models import ChangeKind, Power, PowerType, PowerVersion
from tests.factories import DepartmentFactory, staff
from tests.services.factories import LAWYERS, law, library

D1, D2, D3 = dt.date(2025, 1, 1), dt.date(2025, 6, 1), dt.date(2026, 1, 1)


@pytest.fixture
def laws(db):
    return library()


def _create(agency, code="QL-001", **kw):
    fields = {"power_type": PowerType.LICENSING, "name": "律师执业许可",
              "basis": [{"law": "律师法", "article": "6"}], "effective_on": D1,
              "reason": "初始清单", **kw}
    return services.power_create(actor=None, agency=agency, code=code, **fields)


def test_create_normalises_the_basis_to_the_library(agency, laws):
    power = _create(agency)
    version = power.versions.get()
    assert version.basis == [{"law": LAWYERS, "article": "第六条", "law_version": "2017-09-01"}]
    assert version.change_kind == ChangeKind.ADD
    assert AuditEvent.objects.filter(verb="services.power_create", object_id=str(power.pk)).exists()


def test_unknown_law_and_missing_article_are_refused(agency, laws):
    with pytest.raises(ValidationError) as err:
        _create(agency, basis=[{"law": "不存在法", "article": "第一条"},
                               {"law": LAWYERS, "article": "第九十九条"}])
    assert err.value.message_dict["basis"] == ["《不存在法》不在法律法规库中。",
                                               f"《{LAWYERS}》现行版本中没有第九十九条。"]
    assert not Power.objects.exists()


def test_duplicate_code_and_bad_type_are_refused(agency, laws):
    _create(agency)
    with pytest.raises(ValidationError) as err:
        _create(agency, power_type="permit")
    assert set(err.value.message_dict) == {"code", "power_type"}


def test_the_list_of_any_date_and_the_change_log(agency, laws):
    power = _create(agency)
    _create(agency, code="QL-002", name="律师事务所设立许可")
    services.power_change(actor=None, power=power, effective_on=D2, reason="名称规范化",
                          name="律师执业许可（含兼职）")
    services.power_remove(actor=None, power=Power.objects.get(code="QL-002"), effective_on=D3,
                          reason="职能调整")

    def names(on):
        return [v.name for v in selectors.powers_on(agency_id=agency.pk, on=on)]

    assert names(D1) == ["律师执业许可", "律师事务所设立许可"]
    assert names(D2) == ["律师执业许可（含兼职）", "律师事务所设立许可"]
    assert names(D3) == ["律师执业许可（含兼职）"]
    assert names(dt.date(2024, 12, 31)) == []
    change = PowerVersion.objects.get(power=power, number=2)
    assert change.changed_fields == ["事项名称"] and change.change_reason == "名称规范化"
    log = [(c.power.code, c.change_kind) for c in selectors.power_changes(agency_id=agency.pk)]
    assert log[0] == ("QL-002", ChangeKind.REMOVE)


def test_change_without_reason_nothing_changed_or_backdated_is_refused(agency, laws):
    power = _create(agency)
    services.power_change(actor=None, power=power, effective_on=D2, reason="调整",
                          power_type=PowerType.CONFIRMATION)
    with pytest.raises(ValidationError) as err:
        services.power_change(actor=None, power=power, effective_on=D1, reason="",
                              name="新名称")
    assert set(err.value.message_dict) == {"reason", "effective_on"}
    with pytest.raises(ValidationError) as err:
        services.power_change(actor=None, power=power, effective_on=D3, reason="无变化",
                              power_type=PowerType.CONFIRMATION)
    assert "没有任何内容发生变化。" in err.value.messages
    assert power.versions.count() == 2


def test_a_cancelled_power_cannot_change(agency, laws):
    power = _create(agency)
    services.power_remove(actor=None, power=power, effective_on=D2, reason="取消")
    with pytest.raises(ValidationError):
        services.power_change(actor=None, power=power, effective_on=D3, reason="x", name="y")
    with pytest.raises(ValidationError):
        services.power_remove(actor=None, power=power, effective_on=D3, reason="again")


def test_department_of_another_agency_is_refused(agency, other_agency, laws):
    with pytest.raises(ValidationError) as err:
        _create(agency, department=DepartmentFactory(agency=other_agency))
    assert "department" in err.value.message_dict


def test_permissions(agency, other_agency, laws):
    reviewer = staff(Role.REVIEWER, agency)
    outsider = staff(Role.EDITOR, other_agency)
    for actor in (reviewer, outsider):
        with pytest.raises(PermissionDeniedError):
            services.power_create(actor=actor, agency=agency, code="X",
                                  power_type=PowerType.OTHER, name="x", basis=[],
                                  effective_on=D1, reason="r")
    editor = staff(Role.EDITOR, agency)
    assert services.power_create(actor=editor, agency=agency, code="X", power_type="other",
                                 name="x", basis=[], effective_on=D1, reason="r")


def test_basis_flags_amended_renumbered_and_repealed(agency, laws):
    power = _create(agency, basis=[{"law": LAWYERS, "article": "第六条"},
                                   {"law": "法律援助法", "article": "第三十一条"}])
    assert selectors.basis_flags(selectors.powers_latest(agency_id=agency.pk)) == []
    # A new version of the Lawyers Law renumbers: 第六条 is gone.
    laws["lawyers"].in_force = False
    laws["lawyers"].save()
    law(LAWYERS, "2027-01-01", {"第五条": "…", "第七条": "申请律师执业…"})
    # The Legal Aid Law is repealed without a successor.
    laws["aid"].in_force = False
    laws["aid"].save()
    flags = {(f.code, f.resolved.article): f.resolved.flag
             for f in selectors.basis_flags(selectors.powers_latest(agency_id=agency.pk))}
    assert flags == {(power.code, "第六条"): "article_missing",
                     (power.code, "第三十一条"): "repealed"}


def test_basis_flag_amended_when_article_still_there(agency, laws):
    _create(agency)
    laws["lawyers"].in_force = False
    laws["lawyers"].save()
    law(LAWYERS, "2027-01-01", {"第六条": "修改后的条文"})
    [flag] = selectors.basis_flags(selectors.powers_latest(agency_id=agency.pk))
    assert flag.resolved.flag == "amended" and flag.resolved.in_force
