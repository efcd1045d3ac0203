"""The transition table: every action in every state is either allowed or refused."""

import pytest

from gongkai.applications import workflow
from gongkai.applications.models import ApplicationStatus as S


def test_every_state_has_a_row():
    assert set(workflow.TRANSITIONS) == set(S.values)


def test_archived_is_final_and_closed_states_do_not_reopen():
    assert workflow.TRANSITIONS[S.ARCHIVED] == frozenset()
    for state in (S.REPLIED, S.WITHDRAWN):
        assert workflow.TRANSITIONS[state] == {S.ARCHIVED}


@pytest.mark.parametrize("action", sorted(workflow.ACTIONS))
@pytest.mark.parametrize("state", S.values)
def test_action_table(state, action):
    allowed, target = workflow.ACTIONS[action]
    if state in allowed:
        assert workflow.check_action(state, action) == (target or state)
    else:
        with pytest.raises(workflow.InvalidTransition) as err:
            workflow.check_action(state, action)
        assert str(S(state).label) in err.value.message


def test_action_targets_respect_transitions():
    for action, (allowed, target) in workflow.ACTIONS.items():
        for state in allowed:
            if target is not None and target != state:
                assert target in workflow.TRANSITIONS[state], (action, state)


def test_waiting_states_are_open():
    assert workflow.WAITING_FOR_APPLICANT <= workflow.OPEN_STATES
    assert workflow.WAITING_FOR_THIRD_PARTY <= workflow.OPEN_STATES
    assert not (workflow.OPEN_STATES & workflow.CLOSED_STATES)
