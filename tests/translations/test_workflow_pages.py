"""The translation workflow through its pages: translators declare their languages, work through
the worklist (most read first), translate and review each other; authors and moderators
translate what is theirs; readers see where every translation came from."""

import re

import pytest
from sqlalchemy import func, select

from consult.core import jobs
from consult.core.history import HistoryEntry
from consult.core.reads import ContentRead
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.proposals import operations as proposals
from consult.translations import operations as translations
from consult.translations import queries
from consult.translations.display import Localized, load_translations, reading_chain
from consult.translations.models import ContentTranslation
from tests.conftest import post, sign_in


@pytest.fixture
def client_for(app):
    def make(user):
        client = app.test_client()
        sign_in(client, user)
        return client

    return make


@pytest.fixture
def consultation(make_consultation):
    return make_consultation(language="el", title="Στέγαση", summary="Περίληψη", body="Κείμενο")


def translator_into(app, make_user, *locales, name=None):
    person = make_user(roles=("translator",), display_name=name)
    with app.test_request_context("/en/"):
        translations.declare_languages(person, list(locales))
    return person


def translate_url(kind, obj, locale, lang="en"):
    return f"/{lang}/translate/{locale}/{kind}/{obj.id}"


def stored(obj, field, locale):
    return db.session.scalar(
        select(ContentTranslation).where(
            ContentTranslation.object_type == obj.__tablename__,
            ContentTranslation.object_id == obj.id,
            ContentTranslation.field == field,
            ContentTranslation.locale == locale,
        )
    )


def field_error(html, field_id):
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip() if match else None


def read(obj, times):
    db.session.add(ContentRead(object_type=obj.__tablename__, object_id=obj.id, reads=times))
    db.session.commit()


def history_count(action):
    return db.session.scalar(
        select(func.count()).select_from(HistoryEntry).where(HistoryEntry.action == action)
    )


# A translator's day ---------------------------------------------------------------------------


def test_a_translator_declares_a_language_and_sees_its_worklist_most_read_first(
    app, client_for, make_user, make_proposal, consultation
):
    person = make_user(roles=("translator",))
    client = client_for(person)
    account = client.get("/en/account").get_data(as_text=True)
    assert 'action="/en/account/translator-languages"' in account
    assert client.get("/en/translate/ar/").status_code == 403
    assert post(client, "/en/account/translator-languages", {"locales": ["ar"]}).status_code == 302
    assert queries.languages_of(person) == {"ar"}
    assert 'href="/en/translate/"' in client.get("/en/").get_data(as_text=True)
    index = client.get("/en/translate/").get_data(as_text=True)
    assert 'href="/en/translate/ar/"' in index and 'href="/en/translate/fa/"' not in index

    little = make_proposal(consultation, language="el", title="Λίγο διαβασμένη")
    much = make_proposal(consultation, language="el", title="Πολύ διαβασμένη")
    make_proposal(consultation, language="el", title="Πρόχειρη", state="draft")
    make_proposal(consultation, language="el", title="Κρυμμένη", moderation="hidden")
    machine = make_proposal(consultation, language="el", title="Μηχανική")
    read(little, 2)
    read(much, 40)
    read(machine, 1)
    with app.test_request_context("/en/"):
        translations.save(machine, "title", "ar", "آلي", None, origin="machine")
        db.session.commit()

    html = client.get("/en/translate/ar/").get_data(as_text=True)
    assert html.index("Πολύ διαβασμένη") < html.index("Λίγο διαβασμένη")
    assert "Πρόχειρη" not in html and "Κρυμμένη" not in html
    (row,) = [r for r in html.split("<tr>") if "Μηχανική" in r and "<td>Title</td>" in r]
    assert "Machine translation to review" in row
    (row,) = [r for r in html.split("<tr>") if "Πολύ διαβασμένη" in r and "<td>Title</td>" in r]
    assert "Not translated" in row and "40 times" in row
    assert f'href="/en/translate/ar/proposal/{much.id}#translation-title"' in row
    # Filtered by kind.
    html = client.get("/en/translate/ar/?kind=consultation").get_data(as_text=True)
    assert "Στέγαση" in html and "Πολύ διαβασμένη" not in html


def test_only_translators_of_the_language_and_curators_see_a_worklist(
    app, client, client_for, make_user
):
    assert client.get("/en/translate/ar/").status_code == 302
    assert client_for(make_user()).get("/en/translate/ar/").status_code == 403
    fa = client_for(translator_into(app, make_user, "fa"))
    assert fa.get("/en/translate/ar/").status_code == 403
    assert fa.get("/en/translate/fa/").status_code == 200
    assert client_for(make_user(roles=("moderator",))).get("/en/translate/ar/").status_code == 200
    assert client_for(make_user()).get("/en/translate/").status_code == 403


def test_a_translator_translates_and_another_reviews(
    app, client_for, make_user, make_proposal, consultation
):
    proposal = make_proposal(consultation, language="el", title="Στέγη", body="Κείμενο")
    first = translator_into(app, make_user, "ar", name="Layla Translates")
    second = translator_into(app, make_user, "ar")
    url = translate_url("proposal", proposal, "ar")
    client = client_for(first)
    html = client.get(url).get_data(as_text=True)
    assert '<p lang="el" dir="ltr">Στέγη</p>' in html
    assert f'href="/en/proposals/{proposal.id}"' in html
    response = post(client, url, {"field": "title", "title": "سكن"})
    assert response.status_code == 302
    saved = stored(proposal, "title", "ar")
    assert (saved.text, saved.origin, saved.translator_id) == ("سكن", "human", first.id)
    html = client.get(url).get_data(as_text=True)
    assert "Translated by <bdi>Layla Translates</bdi>. Not yet reviewed." in html
    # Nobody reviews their own translation.
    assert f'action="/en/translations/{saved.id}/review"' not in html
    before = history_count("translation.reviewed")
    response = post(client, f"/en/translations/{saved.id}/review")
    assert response.status_code == 403
    assert "another person must review it" in response.get_data(as_text=True)
    db.session.refresh(saved)
    assert saved.review_state == "unreviewed" and history_count("translation.reviewed") == before
    # Another translator does.
    other = client_for(second)
    assert f'action="/en/translations/{saved.id}/review"' in other.get(url).get_data(as_text=True)
    assert post(other, f"/en/translations/{saved.id}/review").status_code == 302
    db.session.refresh(saved)
    assert (saved.review_state, saved.reviewed_by_id) == ("reviewed", second.id)
    html = other.get(url).get_data(as_text=True)
    assert f"Reviewed by <bdi>{second.display_name}</bdi>." in html
    # A member who does not translate into Arabic cannot review.
    assert post(client_for(make_user()), f"/en/translations/{saved.id}/review").status_code == 403


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write the translation."),
        ("   ", "Write the translation."),
        ("س" * 151, "Use at most 150 characters."),
    ],
)
def test_bad_translations_are_refused_next_to_the_field_and_kept(
    app, client_for, make_user, make_proposal, consultation, text, message
):
    proposal = make_proposal(consultation, language="el", title="Στέγη")
    client = client_for(translator_into(app, make_user, "ar", "el"))
    response = post(
        client, translate_url("proposal", proposal, "ar"), {"field": "title", "title": text}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "title") == message
    if text.strip():
        assert f"{text}</textarea>" in html
    assert stored(proposal, "title", "ar") is None


def test_a_translation_into_the_originals_language_is_refused(
    app, client_for, make_user, make_proposal, consultation
):
    proposal = make_proposal(consultation, language="el", title="Στέγη")
    client = client_for(translator_into(app, make_user, "el"))
    url = translate_url("proposal", proposal, "el")
    assert "nothing to translate" in client.get(url).get_data(as_text=True)
    response = post(client, url, {"field": "title", "title": "Σπίτι"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "title") == (
        "This is the language the text is written in: nothing to translate."
    )
    assert "Σπίτι</textarea>" in html
    assert stored(proposal, "title", "el") is None


def test_what_a_reader_may_not_see_is_not_found(
    app, client, client_for, make_user, make_proposal, consultation
):
    draft = make_proposal(consultation, language="el", state="draft")
    client = client_for(translator_into(app, make_user, "ar"))
    assert client.get(translate_url("proposal", draft, "ar")).status_code == 404
    assert client.get("/en/translate/ar/proposal/2147483647").status_code == 404
    assert client.get(f"/en/translate/ar/outcome/{draft.id}").status_code == 404


# Authors and moderators ------------------------------------------------------------------------


def test_an_author_translates_their_own_proposal_and_comment(
    app, client_for, make_user, make_proposal, consultation
):
    author = make_user()
    proposal = make_proposal(consultation, author=author, language="el", title="Στέγη")
    with app.test_request_context("/en/"):
        comment = feedback.post(
            feedback.discussion_of(proposal), author, "Χρειαζόμαστε διερμηνείς.", language="el"
        )
    client = client_for(author)
    response = post(
        client, translate_url("proposal", proposal, "en"), {"field": "title", "title": "Housing"}
    )
    assert response.status_code == 302
    assert stored(proposal, "title", "en").origin == "author"
    url = translate_url("comment", comment, "en")
    original = f'href="/en/proposals/{proposal.id}#comment-{comment.id}"'
    assert original in client.get(url).get_data(as_text=True)
    response = post(client, url, {"field": "body", "body": "We need interpreters."})
    assert response.status_code == 302
    assert stored(comment, "body", "en").origin == "author"
    # Someone else's comment is not theirs to translate.
    other = make_user()
    assert client_for(other).get(url).status_code == 403


def test_a_moderator_translates_a_summary_and_an_official_answer(
    app, client_for, make_user, make_proposal, consultation
):
    moderator = make_user(roles=("moderator",))
    proposal = make_proposal(consultation, language="el")
    with app.test_request_context("/en/"):
        proposals.answer(proposal, moderator, "evaluating", "Το εξετάζουμε.", "el")
        discussion = feedback.discussion_of(proposal)
        feedback.post(discussion, make_user(), "Σχόλιο", language="el")
        feedback.summarise(feedback.discussion_of(proposal), moderator, "Όλοι συμφωνούν.", "el")
    thread = feedback.discussion_of(proposal).thread
    client = client_for(moderator)
    html = client.get(translate_url("proposal", proposal, "ar")).get_data(as_text=True)
    assert 'name="answer"' in html and 'name="title"' not in html
    response = post(
        client, translate_url("proposal", proposal, "ar"), {"field": "answer", "answer": "ندرسه"}
    )
    assert response.status_code == 302
    assert stored(proposal, "answer", "ar").origin == "human"
    url = translate_url("summary", thread, "ar")
    assert f'href="/en/proposals/{proposal.id}#summary"' in client.get(url).get_data(as_text=True)
    assert post(client, url, {"field": "summary", "summary": "الجميع متفقون."}).status_code == 302
    assert stored(thread, "summary", "ar").text == "الجميع متفقون."
    # A member may not.
    assert client_for(make_user()).get(url).status_code == 403


# What readers see ------------------------------------------------------------------------------


def provenance_of(html):
    return [
        re.sub(r"\s+", " ", line).strip()
        for line in re.findall(r'<p class="provenance">(.*?)</p>', html, re.S)
    ]


@pytest.mark.parametrize(
    ("origin", "reviewed", "line"),
    [
        ("human", False, "Translated from Greek by <bdi>Sam Translates</bdi>."),
        ("author", False, "Translated from Greek by its author."),
        ("machine", False, "Machine translation from Greek, not yet checked by a person."),
        ("machine", True, "Machine translation from Greek, checked by a person."),
    ],
)
def test_the_proposal_page_says_where_its_translation_came_from(
    app, client, make_user, make_proposal, consultation, origin, reviewed, line
):
    author = make_user()
    proposal = make_proposal(consultation, author=author, language="el", title="Στέγη")
    sam = make_user(display_name="Sam Translates")
    actor = {"human": sam, "author": author, "machine": None}[origin]
    with app.test_request_context("/en/"):
        saved = translations.save(proposal, "title", "en", "Housing", actor, origin=origin)
        if reviewed:
            saved.review_state = "reviewed"
        db.session.commit()
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    lines = provenance_of(html)
    assert any(
        text.startswith(line)
        and f'<a href="/en/proposals/{proposal.id}?original=1">Show the original</a>' in text
        for text in lines
    ), lines


def test_a_translated_comment_offers_its_original(
    app, client, make_user, make_proposal, consultation
):
    proposal = make_proposal(consultation, language="el")
    with app.test_request_context("/en/"):
        comment = feedback.post(
            feedback.discussion_of(proposal), make_user(), "Χρειαζόμαστε διερμηνείς.", language="el"
        )
        translations.save(comment, "body", "en", "We need interpreters.", None, origin="machine")
        db.session.commit()
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "We need interpreters." in html
    assert f'href="/en/proposals/{proposal.id}?original=1#comment-{comment.id}"' in html
    html = client.get(f"/en/proposals/{proposal.id}?original=1").get_data(as_text=True)
    assert "Χρειαζόμαστε διερμηνείς." in html and "We need interpreters." not in html


def test_reading_a_page_counts_once_per_visitor(client, make_proposal, consultation):
    proposal = make_proposal(consultation)
    for _ in range(3):
        assert client.get(f"/en/proposals/{proposal.id}").status_code == 200
    assert client.get(f"/en/consultations/{consultation.id}").status_code == 200
    reads = dict(db.session.execute(select(ContentRead.object_type, ContentRead.reads)).all())
    assert reads == {"proposals": 1, "consultations": 1}


def test_a_dari_reader_falls_back_to_farsi_then_english(
    app, client_for, make_user, make_proposal, consultation
):
    reader = make_user()
    client = client_for(reader)
    response = post(
        client,
        "/en/account/reading-languages",
        {"reading-first": "fa", "reading-second": "en", "reading-third": ""},
    )
    assert response.status_code == 302
    db.session.refresh(reader)
    assert reader.reading_languages == ["fa", "en"]
    assert reading_chain("fa-AF", reader)[:3] == ("fa-AF", "fa", "en")
    proposal = make_proposal(consultation, language="el", title="Στέγη")
    with app.test_request_context("/en/"):
        translations.save(proposal, "title", "en", "Housing", reader)
        translations.save(proposal, "title", "fa", "مسکن", reader)
        db.session.commit()

    def title_for(chain):
        rows = load_translations([proposal], chain)[proposal.__tablename__, proposal.id]
        return Localized(proposal, chain, rows, {"title": None}).title

    shown = title_for(reading_chain("fa-AF", reader))
    assert (shown.text, shown.lang) == ("مسکن", "fa")
    db.session.delete(stored(proposal, "title", "fa"))
    db.session.commit()
    shown = title_for(reading_chain("fa-AF", reader))
    assert (shown.text, shown.lang) == ("Housing", "en")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reading-first": "fa", "reading-second": "fa"}, "Choose each language once."),
        ({"reading-first": "xx"}, "Choose a language from the list."),
    ],
)
def test_reading_languages_are_checked(client_for, make_user, data, message):
    reader = make_user()
    empty = {"reading-first": "", "reading-second": "", "reading-third": ""}
    response = post(client_for(reader), "/en/account/reading-languages", {**empty, **data})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(reader)
    assert reader.reading_languages == []


# Machine translation failures -----------------------------------------------------------------


def test_admins_see_failed_jobs_and_retry_them(app, client_for, make_user):
    job = jobs.Job(
        kind="machine_translation",
        key="mt:proposals:7",
        payload={"kind": "proposal", "id": 7},
        state="failed",
        attempts=5,
        last_error="MachineTranslationError: unreachable",
    )
    db.session.add(job)
    db.session.commit()
    admin = client_for(make_user(roles=("admin",)))
    html = admin.get("/en/admin/jobs").get_data(as_text=True)
    assert "mt:proposals:7" in html and "MachineTranslationError: unreachable" in html
    assert f'action="/en/admin/jobs/{job.id}/retry"' in html
    assert post(admin, f"/en/admin/jobs/{job.id}/retry").status_code == 302
    db.session.refresh(job)
    assert (job.state, job.attempts) == ("queued", 0)
    assert "1 job waits to run." in admin.get("/en/admin/jobs").get_data(as_text=True)
    assert client_for(make_user()).get("/en/admin/jobs").status_code == 403


# Constant queries -----------------------------------------------------------------------------


def test_the_worklist_runs_as_many_statements_for_3_items_as_for_30(
    app, client_for, make_user, make_consultation, make_proposal, count_queries
):
    client = client_for(translator_into(app, make_user, "ar"))
    # Written in Arabic: only the proposals wait.
    consultation = make_consultation(language="ar")
    counts = []
    for wanted in (3, 30):
        while len(queries.worklist_page("ar", 1).items) < wanted:
            make_proposal(consultation, language="el")
        client.get("/en/translate/ar/")
        with count_queries() as n:
            assert client.get("/en/translate/ar/").status_code == 200
        counts.append(n.count)
    assert counts[0] == counts[1]
