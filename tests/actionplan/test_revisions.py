"""The revision workflow through the operations: draft → public review → approved → published
as the next version, and every refusal with nothing half-written."""

import pytest
import sqlalchemy as sa

from consult.actionplan import operations as ops
from consult.actionplan import queries
from consult.actionplan.models import (
    Amendment,
    Citation,
    Measure,
    PlanSection,
    PlanVersion,
    PublishedIsFinal,
    Revision,
)
from consult.core.history import HistoryEntry
from consult.core.permissions import can
from consult.core.workflow import WorkflowError
from consult.extensions import db
from consult.feedback import operations as feedback


@pytest.fixture
def owner(make_user, make_plan, admin, app):
    user = make_user()
    return user


@pytest.fixture
def plan(make_plan, owner, admin, ctx):
    plan = make_plan()
    ops.grant_owner(plan, owner, admin)
    return plan


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _snapshot():
    return tuple(
        _count(m) for m in (Revision, Amendment, Citation, PlanVersion, Measure, PlanSection)
    )


def _refused(code, call, *args, **kwargs):
    before = _snapshot()
    with pytest.raises((ops.PlanError, WorkflowError)) as info:
        call(*args, **kwargs)
    assert info.value.code == code
    db.session.rollback()
    assert _snapshot() == before
    return info.value


def _draft(plan, actor, title="Housing revision"):
    return ops.open_revision(plan, actor, title, "After the consultation.", "en")


def _retire(revision, actor, key, **kwargs):
    return ops.amend(revision, actor, "retire", measure_key=key, reason="Done.",
                     initiated_by_city=True, **kwargs)  # fmt: skip


# The whole workflow ---------------------------------------------------------------------------


def test_a_revision_goes_from_draft_through_review_to_the_next_version(
    plan, owner, admin, make_consultation, make_proposal
):
    from consult.actionplan.models import ConsultationLink
    from consult.translations import operations as translations

    consultation = make_consultation(phase="review")
    db.session.add(ConsultationLink(consultation_id=consultation.id, plan_id=plan.id,
                                    kind="section", key=1))  # fmt: skip
    db.session.commit()
    proposal = make_proposal(consultation)
    base = queries.current_version(plan.id)
    contents = queries.contents(base)
    shelter = contents.measure(2)
    translations.save(shelter, "title", "el", "Δίκτυο φιλοξενίας", admin)
    db.session.commit()
    revision = _draft(plan, owner)
    assert revision.state == "draft"
    added = ops.amend(revision, owner, "add", section_key=1, title="Housing advice",
                      description="Advice in every language.", reason="People asked.",
                      citations=[("proposals", proposal.id)])  # fmt: skip
    changed = ops.amend(revision, owner, "change", measure_key=1, title="Affordable housing",
                        description="Rent support for every family.",
                        responsible_body="Housing department", indicators="Families housed",
                        reason="Wider.", initiated_by_city=True)  # fmt: skip
    retired = _retire(revision, owner, 3)

    ops.transition(revision, "open_review", owner)
    assert revision.state == "public_review"
    ops.transition(revision, "approve", admin, "Good")
    assert revision.state == "approved"
    version = ops.publish(revision, owner)

    assert version.number == base.number + 1
    assert revision.state == "published" and revision.published_version_id == version.id
    new = queries.contents(version)
    assert [s.key for s in new.sections] == [s.key for s in contents.sections]
    by_code = {m.code: m for ms in new.measures.values() for m in ms}
    assert by_code["1.3"].title == "Housing advice"
    assert by_code["1.3"].amendment_id == added.id
    assert db.session.get(Amendment, added.id).measure_key == by_code["1.3"].key
    assert by_code["1.1"].description == "Rent support for every family."
    assert by_code["1.1"].amendment_id == changed.id
    assert by_code["2.1"].is_retired and by_code["2.1"].amendment_id == retired.id
    assert by_code["1.2"].amendment_id is None
    # The unchanged measure keeps its translation in the new version.
    from consult.translations.models import ContentTranslation as Translation

    carried = db.session.scalars(
        sa.select(Translation).where(
            Translation.object_type == "plan_measures", Translation.object_id == by_code["1.2"].id
        )
    ).all()
    assert [t.locale for t in carried] == ["el"]
    actions = db.session.scalars(
        sa.select(HistoryEntry.action).where(
            HistoryEntry.object_type == "plan_revisions", HistoryEntry.object_id == revision.id
        )
    ).all()
    assert {"revision.opened", "revision.amended", "revision.open_review",
            "revision.approve", "revision.publish"} <= set(actions)  # fmt: skip


def test_a_published_version_cannot_be_changed_by_anyone(plan, owner, admin):
    version = queries.current_version(plan.id)
    contents = queries.contents(version)
    for obj, name, value in (
        (version, "summary", "Changed"),
        (contents.sections[0], "title", "Changed"),
        (contents.measure(1), "title", "Changed"),
    ):
        setattr(obj, name, value)
        with pytest.raises(PublishedIsFinal):
            db.session.flush()
        db.session.rollback()


def test_only_admins_approve_and_owners_amend_and_publish(plan, owner, admin, make_user):
    member = make_user()
    revision = _draft(plan, owner)
    assert not can(member, "revision.view", revision)
    assert can(owner, "revision.view", revision) and can(admin, "revision.view", revision)
    _refused("forbidden", _retire, revision, member, 3)
    _refused("forbidden", ops.open_revision, plan, member, "Mine", "", "en")
    _retire(revision, owner, 3)
    _refused("forbidden", ops.transition, revision, "approve", owner)
    _refused("forbidden", ops.transition, revision, "open_review", member)
    ops.transition(revision, "approve", admin)
    _refused("forbidden", ops.publish, revision, member)
    ops.publish(revision, owner)


def test_a_draft_cannot_be_amended_once_it_is_open_for_feedback(plan, owner):
    revision = _draft(plan, owner)
    _retire(revision, owner, 3)
    ops.transition(revision, "open_review", owner)
    _refused("forbidden", _retire, revision, owner, 2)


# Bad input ------------------------------------------------------------------------------------


def test_no_amendments_cannot_be_reviewed_approved_or_published(plan, owner, admin):
    revision = _draft(plan, owner)
    _refused("no_amendments", ops.transition, revision, "open_review", owner)
    _refused("no_amendments", ops.transition, revision, "approve", admin)
    # Approved with an amendment that is then gone (not possible through the pages, but the
    # publication checks again).
    amendment = _retire(revision, owner, 3)
    ops.transition(revision, "approve", admin)
    db.session.execute(sa.delete(Amendment).where(Amendment.id == amendment.id))
    db.session.commit()
    _refused("no_amendments", ops.publish, revision, owner)
    assert revision.state == "approved"


def test_a_retired_measure_cannot_be_amended(plan, owner, revise):
    revise(plan, [{"kind": "retire", "measure_key": 3}])
    revision = _draft(plan, owner)
    _refused("measure_retired", _retire, revision, owner, 3)
    _refused("measure_retired", ops.amend, revision, owner, "change", measure_key=3,
             title="Back", reason="Why", initiated_by_city=True)  # fmt: skip


def test_hidden_and_draft_content_cannot_be_cited(
    plan, owner, make_consultation, make_proposal, make_user
):
    consultation = make_consultation()
    draft = make_proposal(consultation, state="draft")
    hidden = make_proposal(consultation, moderation="hidden")
    visible = make_proposal(consultation)
    comment = feedback.post(feedback.discussion_of(visible), make_user(), "Please do")
    comment.moderation = "hidden"
    db.session.commit()
    revision = _draft(plan, owner)
    for pair in (("proposals", draft.id), ("proposals", hidden.id), ("comments", comment.id),
                 ("proposals", 2_000_000), ("consultation_outcomes", 1)):  # fmt: skip
        error = _refused("cannot_cite", _retire, revision, owner, 3, citations=[pair])
        assert error.details == [pair]


def test_an_amendment_cites_something_or_says_the_city_initiated_it(plan, owner):
    revision = _draft(plan, owner)
    _refused("needs_citation", ops.amend, revision, owner, "retire", measure_key=3,
             reason="Done.")  # fmt: skip
    _refused("text_required", ops.amend, revision, owner, "retire", measure_key=3,
             initiated_by_city=True)  # fmt: skip


def test_one_amendment_per_measure_in_a_revision(plan, owner):
    revision = _draft(plan, owner)
    _retire(revision, owner, 3)
    _refused("measure_already_amended", ops.amend, revision, owner, "change", measure_key=3,
             title="New", reason="Why", initiated_by_city=True)  # fmt: skip
    # The database itself refuses it.
    db.session.add(Amendment(revision_id=revision.id, kind="retire", measure_key=3,
                             reason="Twice", language="en"))  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_second_revision_of_a_base_is_rebased_first(plan, owner, admin):
    first, second = _draft(plan, owner, "First"), _draft(plan, owner, "Second")
    _retire(first, owner, 3)
    ops.amend(second, owner, "change", measure_key=1, title="Affordable homes",
              reason="Clearer.", initiated_by_city=True)  # fmt: skip
    for revision in (first, second):
        ops.transition(revision, "approve", admin)
    ops.publish(first, owner)
    version = _refused("rebase_needed", ops.publish, second, owner)
    assert version is not None and second.state == "approved"


def test_a_draft_rebases_onto_the_new_version(plan, owner, admin):
    first, second = _draft(plan, owner, "First"), _draft(plan, owner, "Second")
    _retire(first, owner, 3)
    ops.amend(second, owner, "change", measure_key=1, title="Affordable homes",
              reason="Clearer.", initiated_by_city=True)  # fmt: skip
    ops.transition(first, "approve", admin)
    v2 = ops.publish(first, owner)
    assert ops.rebase(second, owner) is True
    assert second.base_version_id == v2.id
    ops.transition(second, "approve", admin)
    v3 = ops.publish(second, owner)
    assert v3.number == 3
    measures = {m.key: m for ms in queries.contents(v3).measures.values() for m in ms}
    assert measures[1].title == "Affordable homes" and measures[3].is_retired


def test_a_rebase_is_refused_naming_the_amendments_that_no_longer_apply(plan, owner, admin):
    first, second = _draft(plan, owner, "First"), _draft(plan, owner, "Second")
    _retire(first, owner, 3)
    stale = ops.amend(second, owner, "change", measure_key=3, title="Better courses",
                      reason="Clearer.", initiated_by_city=True)  # fmt: skip
    ops.transition(first, "approve", admin)
    ops.publish(first, owner)
    error = _refused("amendments_no_longer_apply", ops.rebase, second, owner)
    assert error.details == [stale.id]
    ops.remove_amendment(stale, owner)
    _retire(second, owner, 2)
    assert ops.rebase(second, owner) is True


def test_publishing_twice_is_refused(plan, owner, admin):
    revision = _draft(plan, owner)
    _retire(revision, owner, 3)
    ops.transition(revision, "approve", admin)
    ops.publish(revision, owner)
    error = _refused("wrong_state", ops.publish, revision, owner)
    assert error.state == "published"


def test_two_publications_of_the_same_base_cannot_both_land(plan, owner, admin):
    """The unique version number refuses the second even when the check came too late."""
    first, second = _draft(plan, owner, "First"), _draft(plan, owner, "Second")
    _retire(first, owner, 3)
    _retire(second, owner, 2)
    for revision in (first, second):
        ops.transition(revision, "approve", admin)
    base = queries.current_version(plan.id)
    ops.publish(first, owner)
    # As if the second publication had read the current version before the first committed.
    import consult.actionplan.operations as module

    original = module.queries.current_version
    module.queries.current_version = lambda plan_id: base
    try:
        _refused("already_published", ops.publish, second, owner)
    finally:
        module.queries.current_version = original
    assert second.state == "approved"


# Threads --------------------------------------------------------------------------------------


def test_threads_on_a_revision_and_its_amendments_only_while_open_for_feedback(
    plan, owner, admin, make_user
):
    member = make_user()
    revision = _draft(plan, owner)
    amendment = _retire(revision, owner, 3)
    for subject in (revision, amendment):
        with pytest.raises(feedback.FeedbackError):
            feedback.post(feedback.discussion_of(subject), member, "Too early")
    ops.transition(revision, "open_review", owner)
    for subject in (revision, amendment):
        comment = feedback.post(feedback.discussion_of(subject), member, "I agree")
        assert comment.consultation_id is None
    ops.transition(revision, "approve", admin)
    for subject in (revision, amendment):
        with pytest.raises(feedback.FeedbackError):
            feedback.post(feedback.discussion_of(subject), member, "Too late")
