"""Dispositions, the outcome's summary and its publication, without HTTP: who may, when, every
refusal with nothing written, the frozen figures, and the conclude condition."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.consultations import operations as consultations
from consult.core.history import HistoryEntry, utcnow
from consult.core.workflow import WorkflowError
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.outcomes import operations as ops
from consult.outcomes import queries
from consult.outcomes.models import REASON_MAX, SUMMARY_MAX, Disposition, Outcome
from consult.supports.models import Support

pytestmark = pytest.mark.usefixtures("ops_ctx")


def counts():
    """What the refusals must leave as it was."""
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(Disposition)),
        db.session.scalar(sa.select(sa.func.count()).select_from(Outcome)),
        db.session.scalar(sa.select(sa.func.count()).select_from(HistoryEntry)),
    )


def to_review(consultation):
    """Move a consultation's dates so that it is in its review phase now."""
    now = utcnow()
    consultation.opens_at = now - timedelta(days=30)
    consultation.proposals_start = now - timedelta(days=29)
    consultation.proposals_end = now - timedelta(days=20)
    consultation.voting_start = now - timedelta(days=15)
    consultation.voting_end = now - timedelta(days=5)
    consultation.closes_at = now - timedelta(days=1)
    db.session.commit()


def test_curators_give_dispositions_in_review(review, make_proposal, moderator, local_moderator):
    proposal = make_proposal(review)
    row = ops.dispose(proposal, local_moderator, "accepted", "We will do it.")
    assert (row.disposition, row.reason, row.language) == ("accepted", "We will do it.", "en")
    row = ops.dispose(proposal, moderator, "partly_accepted", "In part.", "en")
    assert queries.disposition_of(proposal).disposition == "partly_accepted"
    assert queries.undisposed_count(review.id) == 0


def test_a_member_may_not_give_a_disposition(review, make_proposal, member):
    proposal = make_proposal(review)
    before = counts()
    with pytest.raises(ops.OutcomeError) as refused:
        ops.dispose(proposal, member, "accepted", "Yes.")
    assert refused.value.code == "forbidden"
    assert counts() == before


def test_outside_review_dispositions_are_refused(make_consultation, make_proposal, moderator):
    proposal = make_proposal(make_consultation(phase="voting"))
    before = counts()
    with pytest.raises(ops.OutcomeError) as refused:
        ops.dispose(proposal, moderator, "accepted", "Yes.")
    assert refused.value.code == "not_in_review"
    assert counts() == before


@pytest.mark.parametrize(
    ("arguments", "code", "field"),
    [
        (("maybe", "Why."), "unknown_disposition", "disposition"),
        (("accepted", "   "), "reason_required", "reason"),
        (("accepted", "x" * (REASON_MAX + 1)), "reason_too_long", "reason"),
        (("accepted", "Why.", "xx"), "unknown_language", "language"),
    ],
)
def test_bad_dispositions_are_refused_with_nothing_written(
    review, make_proposal, moderator, arguments, code, field
):
    proposal = make_proposal(review)
    before = counts()
    with pytest.raises(ops.OutcomeError) as refused:
        ops.dispose(proposal, moderator, *arguments)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert counts() == before


def test_only_published_visible_proposals_get_a_disposition(review, make_proposal, moderator):
    draft = make_proposal(review, state="draft")
    hidden = make_proposal(review, moderation="hidden")
    before = counts()
    for proposal in (draft, hidden):
        with pytest.raises(ops.OutcomeError) as refused:
            ops.dispose(proposal, moderator, "accepted", "Yes.")
        assert refused.value.code == "not_published"
    assert counts() == before


@pytest.mark.parametrize(
    ("summary", "language", "code"),
    [
        ("  ", None, "summary_required"),
        ("x" * (SUMMARY_MAX + 1), None, "summary_too_long"),
        ("Fine.", "xx", "unknown_language"),
    ],
)
def test_bad_summaries_are_refused_with_nothing_written(review, moderator, summary, language, code):
    before = counts()
    with pytest.raises(ops.OutcomeError) as refused:
        ops.write(review, moderator, summary, language)
    assert refused.value.code == code
    assert counts() == before


def test_a_member_may_neither_write_nor_publish(review, member):
    before = counts()
    for attempt in (lambda: ops.write(review, member, "Hi."), lambda: ops.publish(review, member)):
        with pytest.raises(ops.OutcomeError) as refused:
            attempt()
        assert refused.value.code == "forbidden"
    assert counts() == before


def test_publishing_needs_a_summary_and_the_review_phase(review, make_consultation, moderator):
    with pytest.raises(ops.OutcomeError) as refused:
        ops.publish(review, moderator)
    assert refused.value.code == "summary_required"
    early = make_consultation(phase="voting")
    ops.write(early, moderator, "Drafted early.")
    before = counts()
    with pytest.raises(ops.OutcomeError) as refused:
        ops.publish(early, moderator)
    assert refused.value.code == "not_in_review"
    assert counts() == before


def test_publishing_waits_for_every_disposition_then_freezes_the_figures(
    make_consultation, make_proposal, make_user, moderator
):
    consultation = make_consultation(phase="proposals")
    authors = [make_user(), make_user(), make_user()]
    greek = make_proposal(consultation, author=authors[0], language="el", title="Διερμηνείς")
    arabic = make_proposal(consultation, author=authors[1], language="ar", title="مترجمون")
    hidden = make_proposal(consultation, author=authors[2], moderation="hidden")
    commenter, hidden_commenter, supporter = make_user(), make_user(), make_user()
    feedback.post(feedback.discussion_of(greek), commenter, "Yes, please.", language="uk")
    hidden_comment = feedback.post(feedback.discussion_of(greek), hidden_commenter, "Rude words")
    hidden_comment.moderation = "hidden"
    for proposal, user in ((greek, supporter), (arabic, supporter), (hidden, commenter)):
        db.session.add(
            Support(proposal_id=proposal.id, user_id=user.id, consultation_id=consultation.id)
        )
    db.session.commit()
    to_review(consultation)

    ops.dispose(greek, moderator, "accepted", "Yes.")
    ops.write(consultation, moderator, "What we heard.")
    before = counts()
    with pytest.raises(WorkflowError) as refused:
        ops.publish(consultation, moderator)
    assert refused.value.code == "proposals_without_disposition"
    assert counts() == before
    assert queries.outcome_of(consultation).state == "draft"

    ops.dispose(arabic, moderator, "out_of_scope", "Not the city's.")
    outcome = ops.publish(consultation, moderator)
    assert outcome.state == "published" and outcome.published_at is not None
    assert outcome.figures == {
        # Two authors, a commenter and a supporter; not the hidden proposal's author, nor the
        # hidden comment's.
        "people": 4,
        "proposals": 2,
        # Not the support of the hidden proposal.
        "supports": 2,
        "comments": 1,
        "languages": ["ar", "el", "uk"],
    }
    # Frozen: what happens later does not change them, and the outcome no longer changes.
    db.session.add(
        Support(proposal_id=arabic.id, user_id=make_user().id, consultation_id=consultation.id)
    )
    db.session.commit()
    assert queries.figures(consultation.id)["supports"] == 3
    assert queries.outcome_of(consultation).figures["supports"] == 2
    for attempt, code in (
        (lambda: ops.write(consultation, moderator, "Again."), "outcome_published"),
        (lambda: ops.dispose(greek, moderator, "rejected", "No."), "outcome_published"),
    ):
        with pytest.raises(ops.OutcomeError) as refused:
            attempt()
        assert refused.value.code == code
    with pytest.raises(WorkflowError) as refused:
        ops.publish(consultation, moderator)
    assert refused.value.code == "wrong_state"


def test_concluding_waits_for_every_disposition(make_consultation, make_proposal, admin, moderator):
    consultation = make_consultation(phase="review", state="closed")
    proposal = make_proposal(consultation)
    with pytest.raises(WorkflowError) as refused:
        consultations.transition(consultation, "conclude", admin)
    assert refused.value.code == "proposals_without_disposition"
    assert consultation.state == "closed"
    ops.dispose(proposal, moderator, "rejected", "Not now.")
    consultations.transition(consultation, "conclude", admin)
    assert consultation.state == "concluded"


def test_a_changed_disposition_keeps_the_translations_of_an_unchanged_reason(
    review, make_proposal, moderator
):
    from consult.translations import operations as translations
    from consult.translations.models import ContentTranslation

    proposal = make_proposal(review)
    row = ops.dispose(proposal, moderator, "accepted", "Because.")
    translations.save(row, "reason", "el", "Επειδή.", moderator)
    db.session.commit()
    ops.dispose(proposal, moderator, "partly_accepted", "Because.")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContentTranslation)) == 1
    ops.dispose(proposal, moderator, "partly_accepted", "Because, in part.")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContentTranslation)) == 0
