"""Changing consultations without HTTP: creating, editing, the workflow and its dates, local
moderators and translations. Every change leaves a history entry; a refusal changes nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.accounts.models import LocalRole
from consult.consultations import operations as ops
from consult.core.history import utcnow
from consult.core.permissions import can
from consult.core.workflow import WorkflowError
from consult.extensions import db
from consult.translations import operations as translations
from consult.translations.models import ContentTranslation
from tests.consultations.conftest import consultation_fields, dates, history


def fields(**overrides):
    return consultation_fields(**overrides)


def translations_of(consultation):
    return {
        (t.field, t.locale): t
        for t in db.session.scalars(
            select(ContentTranslation).where(
                ContentTranslation.object_type == "consultations",
                ContentTranslation.object_id == consultation.id,
            )
        )
    }


# Creating and editing ------------------------------------------------------------------------


def test_create_makes_a_draft_and_records_it(ctx, admin):
    consultation = ops.create(
        admin,
        **fields(title="  Housing ", categories=["Housing ", "", "Work", "Housing"]),
    )
    assert consultation.state == "draft" and consultation.created_by_id == admin.id
    assert consultation.title == "Housing"
    assert consultation.categories == ["Housing", "Work"]
    assert consultation.who_may_propose == "members" and consultation.supports_per_person == 0
    [entry] = history(consultation)
    assert (entry.action, entry.actor_id, entry.to_state) == (
        "consultation.created",
        admin.id,
        "draft",
    )


@pytest.mark.parametrize(
    ("days", "problems"),
    [
        ((3, 2, 10, 12, 20, 21), [("proposals_start", "proposals_before_opening")]),
        ((1, 2, 2, 12, 20, 21), [("proposals_end", "proposals_end_first")]),
        ((1, 5, 10, 4, 20, 21), [("voting_start", "voting_before_proposals")]),
        ((1, 2, 10, 12, 11, 21), [("voting_end", "voting_end_first")]),
        (
            (1, 2, 10, 12, 20, 9),
            [
                ("closes_at", "closes_before_proposals_end"),
                ("closes_at", "closes_before_voting_end"),
            ],
        ),
    ],
)
def test_create_refuses_dates_out_of_order_field_by_field(ctx, admin, days, problems):
    with pytest.raises(ops.ConsultationError) as refused:
        ops.create(admin, **fields(**dates(*days)))
    assert refused.value.problems == problems


def test_a_drafts_dates_may_be_in_the_past(ctx, admin):
    consultation = ops.create(admin, **fields(**dates(-30, -29, -20, -15, -10, -5)))
    assert consultation.state == "draft"


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"title": "x" * 201}, ("title", "too_long")),
        ({"title": "   "}, ("title", "empty")),
        ({"body": "x" * 20001}, ("body", "too_long")),
        ({"language": "xx"}, ("language", "unknown_language")),
        ({"who_may_propose": "everyone"}, ("who_may_propose", "unknown_audience")),
        ({"supports_per_person": -1}, ("supports_per_person", "supports_out_of_range")),
        ({"categories": [f"c{n}" for n in range(21)]}, ("categories", "too_many_categories")),
        ({"categories": ["x" * 81]}, ("categories", "category_too_long")),
    ],
)
def test_create_refuses_what_the_database_would(ctx, admin, overrides, problem):
    with pytest.raises(ops.ConsultationError) as refused:
        ops.create(admin, **fields(**overrides))
    assert refused.value.problems == [problem]


def test_update_records_what_changed_and_nothing_when_nothing_did(ctx, admin):
    consultation = ops.create(admin, **fields())
    assert ops.update(consultation, admin, title="Προσιτή στέγαση", supports_per_person=0) == []
    changed = ops.update(consultation, admin, title="Στέγαση για όλους", supports_per_person=3)
    assert changed == ["title", "supports_per_person"]
    assert consultation.title == "Στέγαση για όλους" and consultation.supports_per_person == 3
    entries = history(consultation, "consultation.updated")
    assert len(entries) == 1 and entries[0].details == {"fields": changed}


def test_a_changed_text_drops_its_translations_and_only_its_own(ctx, admin):
    consultation = ops.create(admin, **fields())
    translations.submit(consultation, "title", "en", "Housing", admin)
    translations.submit(consultation, "summary", "en", "How can the city help?", admin)
    ops.update(consultation, admin, title="Στέγαση για όλους")
    assert set(translations_of(consultation)) == {("summary", "en")}


def test_the_same_minute_is_the_same_date(ctx, admin, make_consultation):
    consultation = make_consultation(state="open")  # dates to the microsecond
    rounded = {
        n: getattr(consultation, n).replace(second=0, microsecond=0) for n in ops.DATE_FIELDS
    }
    assert ops.update(consultation, admin, **rounded) == []


def test_once_open_the_opening_date_is_history(ctx, admin, make_consultation):
    consultation = make_consultation(state="open")
    with pytest.raises(ops.ConsultationError) as refused:
        ops.update(consultation, admin, opens_at=consultation.opens_at - timedelta(days=1))
    assert refused.value.problems == [("opens_at", "opening_fixed")]
    # Its end may still move (later, or earlier to close it sooner).
    later = consultation.closes_at + timedelta(days=7)
    assert ops.update(consultation, admin, closes_at=later) == ["closes_at"]


def test_once_closed_no_date_changes(ctx, admin, make_consultation):
    consultation = make_consultation(phase="review", state="closed")
    with pytest.raises(ops.ConsultationError) as refused:
        ops.update(consultation, admin, closes_at=utcnow() + timedelta(days=30))
    assert refused.value.problems == [("closes_at", "dates_fixed")]
    assert ops.update(consultation, admin, title="Renamed") == ["title"]


def test_an_archived_consultation_no_longer_changes(ctx, admin, make_consultation):
    consultation = make_consultation(phase="review", state="archived")
    with pytest.raises(ops.ConsultationError) as refused:
        ops.update(consultation, admin, title="Renamed")
    assert refused.value.code == "archived"


# The workflow --------------------------------------------------------------------------------


def test_publish_then_unpublish_records_each_step(ctx, admin):
    consultation = ops.create(admin, **fields())
    ops.transition(consultation, "publish", admin, "  Ready  ")
    assert consultation.state == "published"
    ops.transition(consultation, "unpublish", admin)
    assert consultation.state == "draft"
    steps = [(e.action, e.from_state, e.to_state, e.comment) for e in history(consultation)[1:]]
    assert steps == [
        ("consultation.publish", "draft", "published", "Ready"),
        ("consultation.unpublish", "published", "draft", None),
    ]


def test_a_transition_from_the_wrong_state_raises_and_changes_nothing(
    ctx, admin, make_consultation
):
    consultation = make_consultation(state="open")
    for name in ("publish", "conclude", "archive", "unpublish"):
        with pytest.raises(WorkflowError) as refused:
            ops.transition(consultation, name, admin)
        assert refused.value.code == "wrong_state"
    assert consultation.state == "open" and history(consultation) == []


@pytest.mark.parametrize("roles", [(), ("moderator",)])
def test_only_admins_move_a_consultation(ctx, make_user, make_consultation, roles):
    consultation = make_consultation(state="draft")
    with pytest.raises(WorkflowError) as refused:
        ops.transition(consultation, "publish", make_user(roles=roles))
    assert refused.value.code == "forbidden"
    assert consultation.state == "draft" and history(consultation) == []


@pytest.mark.parametrize(("state", "name"), [("published", "open"), ("open", "close")])
def test_opening_and_closing_are_for_the_system_only(ctx, admin, make_consultation, state, name):
    consultation = make_consultation(phase="future", state=state)
    with pytest.raises(WorkflowError) as refused:
        ops.transition(consultation, name, admin)
    assert refused.value.code == "forbidden"
    assert consultation.state == state


def test_an_archived_consultation_cannot_move(ctx, admin, make_consultation):
    consultation = make_consultation(phase="review", state="archived")
    assert consultation.workflow.available(admin, consultation) == []


def test_no_going_back_to_draft_once_the_opening_date_has_come(ctx, admin, make_consultation):
    consultation = make_consultation(phase="proposals", state="published")  # opened by its date
    assert [t.name for t in consultation.workflow.available(admin, consultation)] == []
    with pytest.raises(WorkflowError):
        ops.transition(consultation, "unpublish", admin)
    assert consultation.state == "published" and history(consultation) == []


def test_a_transition_starts_from_the_state_the_dates_say(ctx, admin, make_consultation):
    """Closed by its date, not yet by the tick: it can be concluded all the same."""
    consultation = make_consultation(phase="review", state="open")
    ops.transition(consultation, "conclude", admin, "Outcome published")
    assert consultation.state == "concluded"
    steps = [(e.action, e.actor_id) for e in history(consultation)]
    assert steps == [("consultation.close", None), ("consultation.conclude", admin.id)]


def test_tick_opens_and_closes_by_the_dates(ctx, make_consultation):
    coming = make_consultation(phase="future", state="published")
    opening = make_consultation(phase="information", state="published")
    closing = make_consultation(phase="review", state="open")
    missed = make_consultation(phase="review", state="published")  # opened and closed unseen
    draft = make_consultation(phase="review", state="draft")
    result = ops.tick()
    assert result.opened == [opening]
    assert result.closed == [closing, missed]
    assert (coming.state, opening.state, closing.state) == ("published", "open", "closed")
    assert (missed.state, draft.state) == ("closed", "draft")
    assert [(e.action, e.from_state, e.to_state, e.actor_id) for e in history(missed)] == [
        ("consultation.open", "published", "open", None),
        ("consultation.close", "open", "closed", None),
    ]
    assert not ops.tick()


def test_tick_at_a_given_moment(ctx, make_consultation):
    consultation = make_consultation(phase="future", state="published")
    assert not ops.tick(now=consultation.opens_at - timedelta(seconds=1))
    assert ops.tick(now=consultation.opens_at).opened == [consultation]
    assert ops.tick(now=consultation.closes_at).closed == [consultation]


# Local moderators ----------------------------------------------------------------------------


def test_grant_and_revoke_a_local_moderator(app, admin, make_user, make_consultation):
    consultation = make_consultation(state="draft")
    person = make_user()
    with app.test_request_context("/en/"):
        assert not can(person, "consultation.moderate", consultation)
    with app.test_request_context("/en/"):
        assert ops.grant_local_moderator(consultation, person, admin) is True
        assert ops.grant_local_moderator(consultation, person, admin) is False  # harmless
    with app.test_request_context("/en/"):
        assert can(person, "consultation.moderate", consultation)
        assert can(person, "consultation.view", consultation)  # its draft too
    role = db.session.get(LocalRole, (person.id, "moderator", "consultations", consultation.id))
    assert role.granted_by_id == admin.id
    with app.test_request_context("/en/"):
        assert ops.revoke_local_moderator(consultation, person, admin) is True
        assert ops.revoke_local_moderator(consultation, person, admin) is False
    with app.test_request_context("/en/"):
        assert not can(person, "consultation.moderate", consultation)
    assert [(e.action, e.actor_id, e.details) for e in history(consultation)] == [
        ("consultation.moderator_added", admin.id, {"user_id": person.id}),
        ("consultation.moderator_removed", admin.id, {"user_id": person.id}),
    ]


def test_a_duplicate_grant_keeps_what_else_the_request_did(ctx, admin, make_user):
    consultation = ops.create(admin, **fields())
    person = make_user()
    ops.grant_local_moderator(consultation, person, admin)
    consultation.title = "Changed in the same request"
    assert ops.grant_local_moderator(consultation, person, admin) is False
    db.session.commit()
    db.session.expire_all()
    assert consultation.title == "Changed in the same request"


# Translations --------------------------------------------------------------------------------


def test_save_a_translation(ctx, admin, make_user, make_consultation):
    consultation = make_consultation(state="open", language="el")
    translations.submit(consultation, "title", "ar", "  السكن  ", admin)
    saved = translations_of(consultation)["title", "ar"]
    assert (saved.text, saved.origin, saved.translator_id) == ("السكن", "human", admin.id)
    [entry] = history(consultation, "translation.saved")
    assert entry.details == {"field": "title", "locale": "ar", "origin": "human"}
    # The same text again changes nothing.
    assert translations.submit(consultation, "title", "ar", "السكن", admin) is saved
    assert len(history(consultation, "translation.saved")) == 1


def test_the_consultations_author_translates_as_its_author(ctx, admin):
    consultation = ops.create(admin, **fields())
    translations.submit(consultation, "summary", "en", "How can the city help?", admin)
    assert translations_of(consultation)["summary", "en"].origin == "author"


@pytest.mark.parametrize(
    ("name", "locale", "text", "code"),
    [
        ("title", "el", "Στέγαση", "same_language"),
        ("title", "en", "   ", "empty"),
        ("title", "en", "x" * 201, "too_long"),
        ("summary", "en", "x" * 501, "too_long"),
        ("body", "en", "x" * 20001, "too_long"),
        ("title", "xx", "Housing", "unknown_language"),
        ("state", "en", "open", "unknown_field"),
    ],
)
def test_a_translation_is_refused_and_nothing_is_written(
    ctx, admin, make_consultation, name, locale, text, code
):
    consultation = make_consultation(state="open", language="el")
    with pytest.raises(translations.TranslationError) as refused:
        translations.submit(consultation, name, locale, text, admin)
    assert refused.value.code == code
    assert translations_of(consultation) == {}
    assert history(consultation) == []


def test_only_admins_and_translators_translate_a_consultation(ctx, make_user, make_consultation):
    consultation = make_consultation(state="open", language="el")
    for person in (make_user(), make_user(roles=("moderator",))):
        with pytest.raises(translations.TranslationError) as refused:
            translations.submit(consultation, "title", "en", "Housing", person)
        assert refused.value.code == "forbidden"
    assert translations_of(consultation) == {}
    translator = make_user(roles=("translator",))
    translations.declare_languages(translator, ["en"])
    saved = translations.submit(consultation, "title", "en", "Housing", translator)
    assert (saved.origin, saved.translator_id) == ("human", translator.id)
