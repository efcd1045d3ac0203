"""The shared policy bases of core.policies, asked through the apps that name them: each
app's policy must answer exactly as the base it subclasses, so that sharing the base did
not change who may do what."""

import pytest

from gongkai.core.models import Role, User
from gongkai.leadership.policies import LeadershipPolicy
from gongkai.social_evaluation.policies import SocialEvaluationPolicy
from gongkai.training.policies import TrainingPolicy
from tests.factories import MembershipFactory

ADMINISTERED = [LeadershipPolicy, TrainingPolicy, SocialEvaluationPolicy]


def _holder(role, agency):
    """An account holding ``role`` (no password: hashing one would only cost time)."""
    user = User.objects.create(username=f"u-{role}", is_staff=role not in {
        Role.EVALUATOR, Role.HOTLINE_INTEGRATION})
    MembershipFactory(user=user, role=role,
                      agency=None if role == Role.PLATFORM_ADMIN else agency)
    return user


@pytest.mark.django_db
def test_only_administrators_manage_and_only_their_agency(agency, other_agency):
    holders = {role: _holder(role, agency) for role in Role.values}
    admin, platform = holders.pop(Role.AGENCY_ADMIN), holders.pop(Role.PLATFORM_ADMIN)
    for policy in ADMINISTERED:
        name = policy.__name__
        assert policy.can_manage(admin, agency) and policy.can_manage(admin, agency.pk), name
        assert not policy.can_manage(admin, other_agency), name
        assert policy.agencies_managed(admin) == [agency.pk], name
        assert policy.may_manage_any(admin), name

        assert policy.can_manage(platform, other_agency), name
        assert policy.agencies_managed(platform) is None and policy.may_manage_any(platform)

        # Every other staff role of the agency, and both non-staff roles, manage nothing.
        for role, user in holders.items():
            assert not policy.can_manage(user, agency), (name, role)
            assert policy.agencies_managed(user) == [], (name, role)
            assert not policy.may_manage_any(user), (name, role)
