"""Supporting and withdrawing, without HTTP: every refusal, the limit, the counters."""

import pytest
from sqlalchemy import func, select

from consult.accounts import operations as accounts
from consult.core.history import HistoryEntry
from consult.extensions import db
from consult.proposals import operations as proposals
from consult.supports import operations as ops
from consult.supports.models import Participation, Support
from tests.supports.conftest import assert_counters_match, rows_for, verify


def refused(code, call, *args, **kwargs):
    before = db.session.scalar(select(func.count()).select_from(Support))
    with pytest.raises(ops.SupportError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    assert db.session.scalar(select(func.count()).select_from(Support)) == before
    return caught.value


def test_a_member_supports_and_withdraws(ctx, proposal, member):
    tally = ops.support(member, proposal)
    assert (tally.supports_count, tally.supports_used, tally.supports_left) == (1, 1, None)
    assert proposal.supports_count == 1 and rows_for(proposal) == 1
    row = db.session.scalars(select(Support)).one()
    assert (row.user_id, row.consultation_id, row.assisted_by_id) == (
        member.id,
        proposal.consultation_id,
        None,
    )
    assert_counters_match()
    tally = ops.withdraw(member, proposal)
    assert (tally.supports_count, tally.supports_used, tally.supported) == (0, 0, False)
    assert rows_for(proposal) == 0
    assert_counters_match()


def test_supporting_twice_is_refused(ctx, proposal, member):
    ops.support(member, proposal)
    refused("already_supported", ops.support, member, proposal)
    assert_counters_match()


def test_withdrawing_what_one_does_not_support_is_refused(ctx, proposal, member):
    refused("not_supported", ops.withdraw, member, proposal)
    assert_counters_match()


def test_a_visitor_and_a_blocked_member_are_refused(ctx, proposal, member, make_user):
    from flask_login import AnonymousUserMixin

    refused("not_signed_in", ops.support, AnonymousUserMixin(), proposal)
    admin = make_user(roles=("admin",))
    accounts.block(member, admin, "spam")
    refused("blocked", ops.support, member, proposal)


@pytest.mark.parametrize("state", ["draft", "withdrawn", "accepted", "rejected"])
def test_proposals_outside_published_and_evaluating_take_no_supports(
    ctx, voting, make_proposal, member, state
):
    proposal = make_proposal(voting, state=state)
    refused("proposal_not_supportable", ops.support, member, proposal)


def test_an_evaluated_proposal_takes_supports(ctx, voting, make_proposal, member):
    proposal = make_proposal(voting, state="evaluating")
    assert ops.support(member, proposal).supports_count == 1


@pytest.mark.parametrize("phase", ["information", "proposals", "review", "future"])
def test_supports_are_taken_only_while_voting(ctx, make_consultation, make_proposal, member, phase):
    consultation = make_consultation(phase=phase)
    proposal = make_proposal(consultation)
    error = refused("phase_closed", ops.support, member, proposal)
    assert (error.starts, error.ends) == (consultation.voting_start, consultation.voting_end)


def test_a_consultation_may_take_supports_in_its_proposals_phase(
    ctx, make_consultation, make_proposal, member
):
    consultation = make_consultation(phase="proposals", supports_in_proposals_phase=True)
    proposal = make_proposal(consultation)
    assert ops.support(member, proposal).supports_count == 1
    assert ops.withdraw(member, proposal).supports_count == 0


def test_a_closed_consultation_takes_no_supports_nor_withdrawals(
    ctx, make_consultation, make_proposal, member
):
    consultation = make_consultation(phase="voting")
    proposal = make_proposal(consultation)
    ops.support(member, proposal)
    consultation.state = "closed"
    db.session.commit()
    refused("phase_closed", ops.withdraw, member, proposal)
    refused("phase_closed", ops.support, member, proposal)
    assert rows_for(proposal) == 1


def test_authors_support_their_own_proposals_unless_the_consultation_says_no(
    ctx, make_consultation, make_proposal, member
):
    allowing = make_consultation(phase="voting")
    assert ops.support(member, make_proposal(allowing, author=member)).supports_count == 1
    strict = make_consultation(phase="voting", authors_may_support=False)
    refused("own_proposal", ops.support, member, make_proposal(strict, author=member))


def test_verified_only_consultations(ctx, make_consultation, make_proposal, member):
    consultation = make_consultation(phase="voting", who_may_support="verified")
    proposal = make_proposal(consultation)
    refused("not_verified", ops.support, member, proposal)
    verify(member)
    assert ops.support(member, proposal).supports_count == 1
    verify(member, days=-1)  # expired
    refused("not_verified", ops.support, member, make_proposal(consultation))


def test_the_limit_per_person(ctx, make_consultation, make_proposal, member):
    consultation = make_consultation(phase="voting", supports_per_person=2)
    first, second, third = (make_proposal(consultation) for _ in range(3))
    assert ops.support(member, first).supports_left == 1
    assert ops.support(member, second).supports_left == 0
    refused("limit_reached", ops.support, member, third)
    # Withdrawing gives the support back.
    assert ops.withdraw(member, first).supports_left == 1
    assert ops.support(member, third).supports_left == 0
    assert_counters_match()


def test_the_limit_counts_per_consultation(ctx, make_consultation, make_proposal, member):
    one = make_consultation(phase="voting", supports_per_person=1)
    other = make_consultation(phase="voting", supports_per_person=1)
    ops.support(member, make_proposal(one))
    ops.support(member, make_proposal(other))
    refused("limit_reached", ops.support, member, make_proposal(one))


def test_already_supported_is_said_before_the_limit(ctx, make_consultation, make_proposal, member):
    consultation = make_consultation(phase="voting", supports_per_person=1)
    proposal = make_proposal(consultation)
    ops.support(member, proposal)
    refused("already_supported", ops.support, member, proposal)


def test_many_people_keep_the_counter_right(ctx, proposal, make_user):
    people = [make_user() for _ in range(5)]
    for person in people:
        ops.support(person, proposal)
    ops.withdraw(people[0], proposal)
    assert proposal.supports_count == 4 == rows_for(proposal)
    assert db.session.scalar(select(func.count()).select_from(Participation)) == 5
    assert_counters_match()


def test_ordinary_supports_leave_no_history_and_assisted_ones_do(ctx, proposal, member, make_user):
    verifier = make_user(roles=("verifier",))
    ops.support(member, proposal)
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(HistoryEntry)
            .where(HistoryEntry.action.like("support%"))
        )
        == 0
    )
    other = make_user()
    ops.support(other, proposal, assisted_by=verifier)
    row = db.session.scalars(select(Support).where(Support.user_id == other.id)).one()
    assert row.assisted_by_id == verifier.id
    entry = db.session.scalars(
        select(HistoryEntry).where(HistoryEntry.action == "support.assisted")
    ).one()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (verifier.id, "supports", row.id)
    assert entry.details["proposal_id"] == proposal.id
    assert proposal.supports_count == 2


def test_merging_moves_supports_to_the_target(ctx, voting, make_proposal, make_user):
    moderator = make_user(roles=("moderator",))
    duplicate, target = make_proposal(voting), make_proposal(voting)
    both, only_duplicate, only_target = make_user(), make_user(), make_user()
    for person in (both, only_duplicate):
        ops.support(person, duplicate)
    for person in (both, only_target):
        ops.support(person, target)
    proposals.merge(duplicate, target, moderator, "Same idea")
    db.session.expire_all()
    assert duplicate.supports_count == 0 and rows_for(duplicate) == 0
    assert target.supports_count == 3 == rows_for(target)
    supporters = set(
        db.session.scalars(select(Support.user_id).where(Support.proposal_id == target.id))
    )
    assert supporters == {both.id, only_duplicate.id, only_target.id}
    assert_counters_match()


def test_recount_fixes_drift_and_reports_it(ctx, proposal, member, make_user):
    from consult.supports.cli import recount

    ops.support(member, proposal)
    ops.support(make_user(), proposal)
    proposal.supports_count = 7
    db.session.execute(
        Participation.__table__.update()
        .where(Participation.user_id == member.id)
        .values(supports_used=5)
    )
    db.session.commit()
    fixed_proposals, fixed_people = recount()
    assert fixed_proposals == [(proposal.id, 7, 2)]
    assert fixed_people == [((proposal.consultation_id, member.id), 5, 1)]
    assert_counters_match()
    assert recount() == ([], [])


def test_recount_command_reports(app, ctx, proposal, member):
    ops.support(member, proposal)
    proposal.supports_count = 3
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["supports", "recount"])
    assert result.exit_code == 0, result.output
    assert f"proposal {proposal.id}: 3 -> 1 (-2)" in result.output
    assert "Proposals corrected: 1" in result.output


def test_recount_adds_missing_participations(ctx, proposal, member):
    from consult.supports.cli import recount

    ops.support(member, proposal)
    db.session.execute(Participation.__table__.delete())
    db.session.commit()
    _proposals, people = recount()
    assert people == [((proposal.consultation_id, member.id), None, 1)]
    assert_counters_match()
