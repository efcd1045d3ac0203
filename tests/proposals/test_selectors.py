"""The yearly summary of handling figures, counted from stored dates."""

import datetime as dt

import pytest

from gongkai.proposals import selectors
from tests.proposals.factories import ProposalFactory, ProposalReplyFactory

D = dt.date
pytestmark = pytest.mark.django_db


def test_yearly_summary_counts_kinds_outcomes_and_timeliness(agency, other_agency,
                                                             django_assert_num_queries):
    a = ProposalFactory(agency=agency, status="closed")
    ProposalReplyFactory(proposal=a, outcome="A", satisfaction="satisfied",
                         published_on=D(2020, 5, 20))                      # on time, both
    b = ProposalFactory(agency=agency, kind="cppcc_proposal", status="closed")
    ProposalReplyFactory(proposal=b, outcome="C", replied_on=D(2020, 5, 2),  # late answer
                         satisfaction="dissatisfied", published_on=D(2020, 6, 1))  # late pub
    ProposalReplyFactory(proposal=b, round=2, outcome="B", due_on=D(2020, 9, 1),
                         replied_on=D(2020, 8, 1), satisfaction="basically_satisfied")
    ProposalFactory(agency=agency, status="assigned", due_on=D(2020, 3, 1))  # open, overdue
    ProposalFactory(agency=agency, status="registered")
    ProposalFactory(agency=agency, year=2021)
    ProposalFactory(agency=other_agency)
    with django_assert_num_queries(2):
        s = selectors.yearly_summary(agency_id=agency.pk, year=2020, today=D(2020, 12, 31))
    assert s.total == 4
    assert s.by_kind == {"deputy_suggestion": 3, "cppcc_proposal": 1}
    assert s.by_outcome == {"A": 1, "B": 1}  # the last answer of each case
    assert s.by_satisfaction == {"satisfied": 1, "basically_satisfied": 1}
    assert (s.replied, s.replied_on_time, s.replied_late, s.redo) == (3, 2, 1, 1)
    assert (s.published, s.published_on_time, s.published_late) == (2, 1, 1)
    assert s.open_overdue == 1


def test_public_lists_show_only_published_replies(agency):
    shown = ProposalReplyFactory(proposal=ProposalFactory(agency=agency),
                                 published_on=D(2020, 5, 1), published_text="公开文本")
    ProposalReplyFactory(proposal=ProposalFactory(agency=agency))  # replied, not published
    assert list(selectors.published_replies(agency_id=agency.pk)) == [shown]
    assert [p.pk for p in selectors.public_proposals(agency_id=agency.pk)] == [shown.proposal_id]
    assert selectors.years_published(agency_id=agency.pk) == [2020]
