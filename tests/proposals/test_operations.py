"""The proposal operations, without HTTP: what they change, what they refuse (writing nothing),
and the history they leave."""

from datetime import timedelta

import pytest

from consult.core import signals
from consult.core.history import utcnow
from consult.core.workflow import WorkflowError
from consult.proposals import operations as ops
from consult.translations import operations as translations
from consult.translations.operations import find
from tests.proposals.conftest import history_of, proposal_count, refresh

pytestmark = pytest.mark.usefixtures("ctx")


# Creating -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("Περισσότερες θέσεις στους παιδικούς σταθμούς", "Οι οικογένειες περιμένουν μήνες.", "el"),
        ("More interpreters at the hospital", "People wait for hours without help.", "en"),
        ("مترجمون في المستشفى", "ينتظر الناس ساعات طويلة دون مساعدة في المستشفى.", "ar"),
        ("مترجم فارسی در بیمارستان", "مردم ساعت‌ها بدون کمک در بیمارستان منتظر می‌مانند.", "fa"),
    ],
)
def test_a_new_proposal_is_a_draft_in_the_language_it_is_written_in(
    consultation, author, title, body, expected
):
    proposal = ops.create(consultation, author, title, body, "Housing")
    assert proposal.state == "draft"
    assert proposal.language == expected
    assert proposal.published_at is None
    assert (proposal.title, proposal.body, proposal.category) == (title, body, "Housing")
    (entry,) = history_of(proposal)
    assert entry.action == "proposal.created" and entry.actor_id == author.id
    assert entry.details == {"language": expected, "detected": True}
    # A draft is not counted.
    assert refresh(consultation).proposals_count == 0


def test_the_author_corrects_the_detected_language(consultation, author):
    # Dari reads like Persian to the detector: the author says which it is.
    proposal = ops.create(
        consultation, author, "مترجم در بیمارستان", "کمک لازم است.", None, "fa-AF"
    )
    assert proposal.language == "fa-AF"
    assert ops.update(proposal, author, proposal.title, proposal.body, None, "fa")
    assert refresh(proposal).language == "fa"


def test_too_little_text_to_tell_takes_the_consultations_language(make_consultation, author):
    consultation = make_consultation(language="el")
    proposal = ops.create(consultation, author, "OK", "ok", None)
    assert proposal.language == "el"


@pytest.mark.parametrize(
    ("phase", "state", "code", "when"),
    [
        ("information", "open", "proposals_not_open_yet", "proposals_start"),
        ("future", "published", "proposals_not_open_yet", "proposals_start"),
        ("voting", "open", "proposals_closed", "proposals_end"),
        ("review", "open", "consultation_closed", "proposals_end"),
        ("review", "closed", "consultation_closed", "proposals_end"),
    ],
)
def test_proposing_outside_the_proposals_phase_is_refused_saying_when(
    make_consultation, author, phase, state, code, when
):
    consultation = make_consultation(phase=phase, state=state)
    before = proposal_count()
    with pytest.raises(ops.ProposalError) as refused:
        ops.create(consultation, author, "An idea", "Its reasons.", None)
    assert refused.value.code == code
    assert refused.value.when == getattr(consultation, when)
    assert proposal_count() == before


def test_only_verified_participants_propose_where_the_consultation_says_so(
    make_consultation, author
):
    consultation = make_consultation(who_may_propose="verified")
    with pytest.raises(ops.ProposalError) as refused:
        ops.create(consultation, author, "An idea", "Its reasons.", None)
    assert refused.value.code == "not_in_audience"
    assert proposal_count() == 0


@pytest.mark.parametrize(
    ("title", "body", "category", "language", "code", "field"),
    [
        ("", "Body", None, None, "title_required", "title"),
        ("   ", "Body", None, None, "title_required", "title"),
        ("x" * 151, "Body", None, None, "title_too_long", "title"),
        ("Title", "", None, None, "body_required", "body"),
        ("Title", "x" * 5001, None, None, "body_too_long", "body"),
        ("Title", "Body", "Not a category", None, "unknown_category", "category"),
        ("Title", "Body", None, "xx", "unknown_language", "language"),
    ],
)
def test_bad_content_is_refused_next_to_its_field(
    consultation, author, title, body, category, language, code, field
):
    with pytest.raises(ops.ProposalError) as refused:
        ops.create(consultation, author, title, body, category, language)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert proposal_count() == 0


def test_a_title_of_exactly_the_limit_is_kept_whole(consultation, author):
    proposal = ops.create(consultation, author, "λ" * 150, "σ" * 5000, None, "el")
    assert len(proposal.title) == 150 and len(proposal.body) == 5000


# Editing --------------------------------------------------------------------------------------


def test_editing_drops_the_translations_of_what_changed(
    consultation, author, make_proposal, add_translation
):
    proposal = make_proposal(consultation, author=author)
    add_translation(proposal, "title", "el", "Τίτλος")
    add_translation(proposal, "body", "el", "Κείμενο")
    assert ops.update(proposal, author, "A better title", proposal.body, "Work", "en")
    assert find(proposal, "title", "el") is None
    assert find(proposal, "body", "el") is not None
    (entry,) = history_of(proposal, "proposal.edited")
    assert entry.details == {"fields": ["title", "category"]}


def test_changing_the_language_drops_every_translation(
    consultation, author, make_proposal, add_translation
):
    proposal = make_proposal(consultation, author=author)
    add_translation(proposal, "body", "el", "Κείμενο")
    ops.update(proposal, author, proposal.title, proposal.body, None, "fr")
    assert find(proposal, "body", "el") is None


def test_saving_the_same_text_changes_nothing(consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    assert not ops.update(proposal, author, proposal.title, proposal.body, None, "en")
    assert history_of(proposal) == []


def test_a_supported_proposal_can_no_longer_be_edited(consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author, supports_count=1)
    with pytest.raises(ops.ProposalError) as refused:
        ops.update(proposal, author, "New", "New body", None, "en")
    assert refused.value.code == "forbidden"
    assert refresh(proposal).title != "New"


def test_nobody_else_edits(consultation, author, member, moderator, make_proposal):
    proposal = make_proposal(consultation, author=author)
    for person in (member, moderator):
        with pytest.raises(ops.ProposalError):
            ops.update(proposal, person, "New", "New body", None, "en")


# Publishing and withdrawing -------------------------------------------------------------------


def test_publishing_counts_the_proposal_and_records_it(consultation, author):
    proposal = ops.create(consultation, author, "An idea", "Its reasons.", None, "en")
    ops.publish(proposal, author)
    assert refresh(proposal).state == "published"
    assert proposal.published_at is not None
    assert refresh(consultation).proposals_count == 1
    entry = history_of(proposal, "proposal.publish")[0]
    assert (entry.from_state, entry.to_state, entry.actor_id) == ("draft", "published", author.id)


def test_only_the_author_publishes(consultation, author, moderator, make_proposal):
    proposal = make_proposal(consultation, author=author, state="draft")
    with pytest.raises(WorkflowError) as refused:
        ops.publish(proposal, moderator)
    assert refused.value.code == "forbidden"
    assert refresh(proposal).state == "draft"


def test_a_draft_cannot_be_published_once_proposals_closed(
    make_consultation, author, make_proposal
):
    consultation = make_consultation(phase="voting")
    proposal = make_proposal(consultation, author=author, state="draft")
    with pytest.raises(ops.ProposalError) as refused:
        ops.publish(proposal, author)
    assert refused.value.code == "proposals_closed"
    assert refresh(proposal).state == "draft"
    assert refresh(consultation).proposals_count == 0


def test_publishing_twice_is_refused(consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    with pytest.raises(WorkflowError) as refused:
        ops.publish(proposal, author)
    assert refused.value.code == "wrong_state"
    assert refresh(consultation).proposals_count == 1


def test_withdrawing_needs_a_reason_and_leaves_the_count(consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    with pytest.raises(ops.ProposalError) as refused:
        ops.withdraw(proposal, author, "  ")
    assert (refused.value.code, refused.value.field) == ("reason_required", "reason")
    assert refresh(proposal).state == "published"
    ops.withdraw(proposal, author, "Someone else proposed it better.")
    assert refresh(proposal).state == "withdrawn"
    assert refresh(consultation).proposals_count == 0
    (entry,) = history_of(proposal, "proposal.withdraw")
    assert entry.comment == "Someone else proposed it better."


def test_withdrawing_a_draft_leaves_the_count_alone(consultation, author, make_proposal):
    make_proposal(consultation)
    draft = make_proposal(consultation, author=author, state="draft")
    ops.withdraw(draft, author, "Changed my mind.")
    assert refresh(consultation).proposals_count == 1


def test_only_the_author_withdraws(consultation, author, moderator, make_proposal):
    proposal = make_proposal(consultation, author=author)
    with pytest.raises(WorkflowError):
        ops.withdraw(proposal, moderator, "No.")
    assert refresh(proposal).state == "published"


# Answering ------------------------------------------------------------------------------------


def test_a_moderator_answers_and_accepts(consultation, moderator, make_proposal):
    proposal = make_proposal(consultation)
    ops.answer(proposal, moderator, "accepted", "We will do it in 2026.", "en")
    proposal = refresh(proposal)
    assert proposal.state == "accepted"
    assert proposal.answer == "We will do it in 2026."
    assert proposal.answer_language == "en"
    assert proposal.answered_by_id == moderator.id
    assert proposal.answered_at > utcnow() - timedelta(minutes=1)
    actions = [e.action for e in history_of(proposal)]
    assert actions == ["proposal.answered", "proposal.accept"]


def test_the_answer_has_its_own_language(consultation, moderator, make_proposal):
    proposal = make_proposal(consultation, language="ar")
    ops.answer(proposal, moderator, None, "Θα το εξετάσουμε με τις υπηρεσίες του Δήμου.")
    assert refresh(proposal).answer_language == "el"
    assert proposal.state == "published"


def test_a_rejection_needs_an_answer(consultation, moderator, make_proposal):
    proposal = make_proposal(consultation)
    with pytest.raises(ops.ProposalError) as refused:
        ops.answer(proposal, moderator, "rejected", "", "en")
    assert (refused.value.code, refused.value.field) == ("answer_required", "text")
    assert refresh(proposal).state == "published"
    ops.answer(proposal, moderator, "rejected", "The law does not allow it.", "en")
    entry = history_of(proposal, "proposal.reject")[0]
    assert entry.comment == "The law does not allow it."


def test_an_answer_moves_only_where_the_workflow_goes(consultation, moderator, make_proposal):
    proposal = make_proposal(consultation, state="accepted")
    with pytest.raises(ops.ProposalError) as refused:
        ops.answer(proposal, moderator, "evaluating", "", "en")
    assert (refused.value.code, refused.value.field) == ("wrong_state", "state")
    with pytest.raises(ops.ProposalError) as refused:
        ops.answer(proposal, moderator, "withdrawn", "x", "en")
    assert refused.value.code == "unknown_state"
    with pytest.raises(ops.ProposalError) as refused:
        ops.answer(proposal, moderator, None, "", "en")
    assert refused.value.code == "nothing_to_do"
    assert refresh(proposal).state == "accepted" and proposal.answer is None


def test_a_new_answer_drops_the_old_ones_translations(
    consultation, moderator, make_proposal, add_translation
):
    proposal = make_proposal(consultation)
    ops.answer(proposal, moderator, "evaluating", "We are looking into it.", "en")
    add_translation(proposal, "answer", "ar", "نحن ندرس ذلك.")
    ops.answer(proposal, moderator, "accepted", "We will do it.", "en")
    assert find(proposal, "answer", "ar") is None


@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_only_visible_proposals_are_answered(consultation, moderator, make_proposal, state):
    proposal = make_proposal(consultation, state=state)
    with pytest.raises(ops.ProposalError) as refused:
        ops.answer(proposal, moderator, None, "An answer.", "en")
    assert refused.value.code == "not_answerable"


def test_members_and_other_consultations_moderators_do_not_answer(
    consultation, make_consultation, member, make_local_moderator, local_moderator, make_proposal
):
    elsewhere = make_local_moderator(make_consultation())
    proposal = make_proposal(consultation)
    for person in (member, elsewhere):
        with pytest.raises(ops.ProposalError) as refused:
            ops.answer(proposal, person, "accepted", "Yes.", "en")
        assert refused.value.code == "forbidden"
    ops.answer(proposal, local_moderator, "accepted", "Yes.", "en")
    assert refresh(proposal).state == "accepted"


# Merging --------------------------------------------------------------------------------------


def test_merging_points_to_the_target_and_tells_the_other_domains(
    app, consultation, moderator, make_proposal
):
    duplicate = make_proposal(consultation)
    target = make_proposal(consultation)
    heard = []

    def listener(sender, **kwargs):
        heard.append((sender, kwargs))

    signals.proposal_merged.connect(listener)
    try:
        ops.merge(duplicate, target, moderator, "The same idea.")
    finally:
        signals.proposal_merged.disconnect(listener)
    duplicate = refresh(duplicate)
    assert duplicate.state == "merged" and duplicate.merged_into_id == target.id
    assert refresh(consultation).proposals_count == 1
    assert heard == [(app, {"proposal": duplicate, "target": target, "actor": moderator})]
    (entry,) = history_of(duplicate, "proposal.merge")
    assert (entry.from_state, entry.to_state, entry.comment) == (
        "published",
        "merged",
        "The same idea.",
    )
    (entry,) = history_of(target, "proposal.merged_in")
    assert entry.details == {"proposal_id": duplicate.id}


def test_merge_targets_must_be_visible_others_of_the_same_consultation(
    consultation, make_consultation, moderator, make_proposal
):
    proposal = make_proposal(consultation)
    elsewhere = make_proposal(make_consultation())
    draft = make_proposal(consultation, state="draft")
    withdrawn = make_proposal(consultation, state="withdrawn")
    merged = make_proposal(consultation)
    merged_target = make_proposal(consultation)
    ops.merge(merged, merged_target, moderator, "Same.")
    for target, code in [
        (None, "no_target"),
        (proposal, "same_proposal"),
        (elsewhere, "other_consultation"),
        (draft, "target_not_visible"),
        (withdrawn, "target_not_visible"),
        (refresh(merged), "target_not_visible"),
    ]:
        with pytest.raises(ops.ProposalError) as refused:
            ops.merge(proposal, target, moderator, "Same.")
        assert (refused.value.code, refused.value.field) == (code, "target")
    assert refresh(proposal).state == "published" and proposal.merged_into_id is None


def test_merging_needs_a_reason_a_curator_and_the_right_state(
    consultation, author, moderator, make_proposal
):
    target = make_proposal(consultation)
    proposal = make_proposal(consultation, author=author)
    with pytest.raises(ops.ProposalError) as refused:
        ops.merge(proposal, target, moderator, "")
    assert refused.value.code == "reason_required"
    with pytest.raises(ops.ProposalError) as refused:
        ops.merge(proposal, target, author, "Mine is the same.")
    assert refused.value.code == "forbidden"
    accepted = make_proposal(consultation, state="accepted")
    with pytest.raises(WorkflowError) as refused:
        ops.merge(accepted, target, moderator, "Same.")
    assert refused.value.code == "wrong_state"
    assert refresh(accepted).merged_into_id is None
    assert refresh(proposal).state == "published"


# Translating ----------------------------------------------------------------------------------


def test_the_author_translates_their_proposal(consultation, author, make_proposal):
    proposal = make_proposal(consultation, author=author)
    saved = translations.submit(proposal, "title", "ar", "  فكرة جيدة  ", author)
    assert (saved.text, saved.origin, saved.translator_id) == ("فكرة جيدة", "author", author.id)
    (entry,) = history_of(proposal, "translation.saved")
    assert entry.details == {"field": "title", "locale": "ar", "origin": "author"}


def test_translations_keep_to_the_limits_and_languages(
    consultation, author, moderator, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    for person, field, locale, text, code in [
        (author, "title", "ar", "ع" * 151, "too_long"),
        (author, "body", "ar", "ع" * 5001, "too_long"),
        (author, "title", "en", "Same language", "same_language"),
        (author, "title", "xx", "Unknown", "unknown_language"),
        (author, "title", "ar", "   ", "empty"),
        (author, "summary", "ar", "Not a field", "unknown_field"),
        (moderator, "answer", "ar", "No answer yet", "no_original"),
    ]:
        with pytest.raises(translations.TranslationError) as refused:
            translations.submit(proposal, field, locale, text, person)
        assert refused.value.code == code, (field, locale)
    assert history_of(proposal) == []


def test_the_official_answer_is_translated_by_curators_from_its_own_language(
    consultation, author, moderator, admin, make_proposal
):
    proposal = make_proposal(consultation, author=author)
    ops.answer(proposal, moderator, "evaluating", "Το εξετάζουμε.", "el")
    with pytest.raises(translations.TranslationError) as refused:
        translations.submit(proposal, "answer", "ar", "ندرسه", author)
    assert refused.value.code == "forbidden"
    with pytest.raises(translations.TranslationError) as refused:
        translations.submit(proposal, "answer", "el", "Το εξετάζουμε.", moderator)
    assert refused.value.code == "same_language"
    # English is the proposal's language but not the answer's: it can be translated into.
    saved = translations.submit(proposal, "answer", "en", "We are looking into it.", admin)
    assert saved.origin == "human"


def test_others_do_not_translate(consultation, member, make_proposal):
    proposal = make_proposal(consultation)
    with pytest.raises(translations.TranslationError) as refused:
        translations.submit(proposal, "title", "ar", "عنوان", member)
    assert refused.value.code == "forbidden"


def test_removing_a_translation(consultation, author, make_proposal, add_translation):
    proposal = make_proposal(consultation, author=author)
    add_translation(proposal, "title", "ar", "عنوان")
    assert translations.remove(proposal, "title", "ar", author)
    assert find(proposal, "title", "ar") is None
    assert not translations.remove(proposal, "title", "ar", author)
