"""The translation workflow's operations and queries: who may translate and review, what the
worklist holds and in which order, and how readers fall back from one language to another."""

import pytest

from consult.core.history import HistoryEntry
from consult.core.reads import ContentRead
from consult.core.text import fold
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.moderation import operations as moderation
from consult.translations import operations as translations
from consult.translations import queries
from consult.translations.display import Localized, load_translations, reading_chain
from consult.translations.models import ContentTranslation, TranslatorLanguage


@pytest.fixture
def translator(ctx, make_user):
    person = make_user(roles=("translator",))
    translations.declare_languages(person, ["ar", "fa"])
    return person


def _count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_translator_declares_languages_and_only_a_translator_may(ctx, make_user, translator):
    assert queries.languages_of(translator) == {"ar", "fa"}
    assert translations.declare_languages(translator, ["ar"]) is True
    db.session.expire_all()
    assert set(db.session.scalars(db.select(TranslatorLanguage.locale))) == {"ar"}
    with pytest.raises(translations.TranslationError) as refused:
        translations.declare_languages(make_user(), ["ar"])
    assert refused.value.code == "forbidden"
    with pytest.raises(translations.TranslationError):
        translations.declare_languages(translator, ["xx"])


def test_a_translator_translates_into_a_declared_language_only(
    ctx, make_consultation, make_proposal, translator
):
    proposal = make_proposal(make_consultation(), language="el", title="Στέγη", body="Κείμενο")
    saved = translations.submit(proposal, "title", "ar", "  سكن  ", translator)
    assert (saved.text, saved.origin, saved.translator_id) == ("سكن", "human", translator.id)
    assert saved.search_text == fold("سكن")
    with pytest.raises(translations.TranslationError) as refused:
        translations.submit(proposal, "title", "uk", "Житло", translator)
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize(
    ("locale", "text", "code"),
    [("el", "Στέγη", "same_language"), ("ar", "   ", "empty"), ("ar", "س" * 151, "too_long")],
)
def test_bad_translations_are_refused_and_nothing_is_written(
    ctx, make_consultation, make_proposal, make_user, locale, text, code
):
    author = make_user()
    proposal = make_proposal(make_consultation(), author=author, language="el", title="Στέγη")
    before = _count(ContentTranslation)
    with pytest.raises(translations.TranslationError) as refused:
        translations.submit(proposal, "title", locale, text, author)
    assert refused.value.code == code
    db.session.rollback()
    assert _count(ContentTranslation) == before


def test_an_author_translates_their_own_proposal_and_it_says_so(
    ctx, make_consultation, make_proposal, make_user
):
    author = make_user()
    proposal = make_proposal(make_consultation(), author=author, language="fa")
    saved = translations.submit(proposal, "body", "el", "Μετάφραση", author)
    assert saved.origin == "author"
    with pytest.raises(translations.TranslationError):
        translations.submit(proposal, "body", "el", "Άλλη", make_user())


def test_nobody_reviews_their_own_translation_another_translator_does(
    ctx, make_consultation, make_proposal, make_user, translator
):
    proposal = make_proposal(make_consultation(), language="en")
    saved = translations.submit(proposal, "title", "ar", "عنوان", translator)
    with pytest.raises(translations.TranslationError) as refused:
        translations.review(saved, translator)
    assert refused.value.code == "forbidden"
    assert saved.review_state == "unreviewed"
    colleague = make_user(roles=("translator",))
    translations.declare_languages(colleague, ["ar"])
    assert translations.review(saved, colleague) is True
    assert (saved.review_state, saved.reviewed_by_id) == ("reviewed", colleague.id)
    assert saved.reviewed_at is not None
    # A new text from anyone needs a new review.
    translations.submit(proposal, "title", "ar", "عنوان آخر", colleague)
    assert (saved.review_state, saved.reviewed_by_id, saved.reviewed_at) == (
        "unreviewed",
        None,
        None,
    )
    moderator = make_user(roles=("moderator",))
    assert translations.review(saved, moderator) is True


def test_the_same_text_again_changes_nothing_but_a_person_takes_over_a_machine_s(
    ctx, make_consultation, make_proposal, make_user, translator
):
    author = make_user()
    proposal = make_proposal(make_consultation(), author=author, language="en")
    saved = translations.submit(proposal, "title", "ar", "عنوان", translator)
    translations.review(saved, make_user(roles=("moderator",)))
    # Unchanged (once trimmed), from anyone who may translate it: the review stays.
    assert translations.submit(proposal, "title", "ar", " عنوان ", author) is saved
    assert (saved.translator_id, saved.review_state) == (translator.id, "reviewed")
    machine = translations.save(proposal, "body", "ar", "نص", None, origin="machine")
    assert translations.submit(proposal, "body", "ar", "نص", translator) is machine
    assert (machine.origin, machine.translator_id) == ("human", translator.id)
    entries = db.session.scalars(
        db.select(HistoryEntry.action).where(HistoryEntry.object_id == proposal.id,
                                             HistoryEntry.object_type == "proposals")
    ).all()  # fmt: skip
    assert entries.count("translation.saved") == 3


def test_the_worklist_holds_what_readers_see_and_lacks_a_settled_translation(
    ctx, make_consultation, make_proposal, make_user, translator
):
    consultation = make_consultation(language="el")
    read_most = make_proposal(consultation, language="el")
    read_less = make_proposal(consultation, language="el")
    translated = make_proposal(consultation, language="el")
    machine = make_proposal(consultation, language="el")
    draft = make_proposal(consultation, language="el", state="draft")
    in_arabic = make_proposal(consultation, language="ar")
    hidden = make_proposal(consultation, language="el")
    moderation.decide([hidden], make_user(roles=("moderator",)), "hide", "spam")
    db.session.add_all(
        [
            ContentRead(object_type="proposals", object_id=read_most.id, reads=50),
            ContentRead(object_type="proposals", object_id=read_less.id, reads=5),
        ]
    )
    db.session.commit()
    for field in ("title", "body"):
        translations.submit(translated, field, "ar", "ترجمة", translator)
        translations.save(machine, field, "ar", "آلي", None, origin="machine")
    db.session.commit()
    page = queries.worklist_page("ar", 1, "proposal")
    rows = [(item.object_id, item.field, item.machine) for item in page.items]
    assert rows[:4] == [
        (read_most.id, "body", False),
        (read_most.id, "title", False),
        (read_less.id, "body", False),
        (read_less.id, "title", False),
    ]
    ids = {item.object_id for item in page.items}
    assert machine.id in ids and {(machine.id, "title", True)} <= set(rows)
    assert not ids & {translated.id, draft.id, in_arabic.id, hidden.id}
    assert all(item.obj is not None for item in page.items)


def test_comments_and_summaries_are_in_the_worklist_ordered_by_their_subject_s_reads(
    ctx, make_consultation, make_proposal, make_user, translator
):
    consultation = make_consultation(language="el")
    popular, quiet = make_proposal(consultation), make_proposal(consultation)
    db.session.add(ContentRead(object_type="proposals", object_id=popular.id, reads=9))
    db.session.commit()
    author = make_user()
    on_quiet = feedback.post(feedback.discussion_of(quiet), author, "Quiet thread", language="en")
    on_popular = feedback.post(
        feedback.discussion_of(popular), author, "Busy thread", language="en"
    )
    page = queries.worklist_page("ar", 1, "comment")
    assert [item.object_id for item in page.items] == [on_popular.id, on_quiet.id]
    assert page.items[0].reads == 9


def test_a_dari_reader_falls_back_to_farsi_then_english(
    ctx, make_consultation, make_proposal, make_user, translator
):
    proposal = make_proposal(make_consultation(), language="el", title="Στέγη")
    reader = make_user()
    assert reading_chain("fa-AF", reader) == ("fa-AF", "fa", "en")
    translations.save(proposal, "title", "en", "Housing", None, origin="machine")
    rows = load_translations([proposal], reading_chain("fa-AF", reader))
    shown = Localized(proposal, reading_chain("fa-AF", reader), rows[("proposals", proposal.id)],
                      {"title": None}).title  # fmt: skip
    assert (shown.text, shown.lang) == ("Housing", "en")
    translations.submit(proposal, "title", "fa", "مسکن", translator)
    rows = load_translations([proposal], reading_chain("fa-AF", reader))
    shown = Localized(proposal, reading_chain("fa-AF", reader), rows[("proposals", proposal.id)],
                      {"title": None}).title  # fmt: skip
    assert (shown.text, shown.lang) == ("مسکن", "fa")
    assert shown.translation.translator.id == translator.id


def test_declared_reading_languages_come_before_the_usual_fallbacks(ctx, make_user):
    reader = make_user()
    reader.reading_languages = ["fr", "ar"]
    assert reading_chain("ti", reader) == ("ti", "fr", "ar", "en")
    reader.reading_languages = ["nonsense"]
    assert reading_chain("el", reader) == ("el", "en")


def test_a_reader_of_the_original_s_language_sees_the_original(
    ctx, make_consultation, make_proposal, make_user
):
    proposal = make_proposal(make_consultation(), language="fa", title="مسکن")
    translations.save(proposal, "title", "en", "Housing", None, origin="machine")
    chain = reading_chain("fa-AF", make_user())
    rows = load_translations([proposal], chain)
    shown = Localized(proposal, chain, rows[("proposals", proposal.id)], {"title": None}).title
    assert (shown.text, shown.is_original) == ("مسکن", True)


def test_folding_makes_greek_accent_and_case_free():
    assert fold("ΑΘΗΝΑ") == fold("Αθήνα") == fold("αθηνά") == "αθηνα"
    assert fold("ΟΔΟΣ") == fold("οδός")
    assert fold("Ελληνικά") == "ελληνικα"
    assert fold("مَدْرَسَة") == "مدرسة"
