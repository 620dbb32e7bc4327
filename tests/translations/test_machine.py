"""Machine translation over the real HTTP path: the LibreTranslate client talks to a small local
server (tests/translations/libretranslate.py), jobs run through ``core.jobs``.

Off by default; when on, what readers see is queued once, translated into every configured
language the server knows (never over a person's translation), labelled on the pages with a
way to the original. A server down, slow or answering garbage makes the job fail, retried with
backoff until its attempts run out; nothing is half-written and the pages show the original.
"""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext
from markupsafe import escape

from consult.consultations import operations as consultations
from consult.core import jobs
from consult.core.history import utcnow
from consult.core.languages import language_name
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.moderation import operations as moderation
from consult.proposals import operations as proposals
from consult.translations import machine
from consult.translations import operations as translations
from consult.translations.models import ContentTranslation
from tests.translations.libretranslate import (  # noqa: F401 (fixtures)
    API_KEY,
    libretranslate_fixture,
    libretranslate_server,
)

#: What the fake server translates into, of tests.translations.libretranslate.TARGETS: "so" is
#: configured but the server does not know it; English is the originals' language.
TRANSLATED = ("el", "ar", "fa", "fr", "uk")
MACHINE_LABEL = "Machine translation from %(language)s, not yet checked by a person."


# Helpers ----------------------------------------------------------------------------------------


def rows(obj):
    """``{(field, locale): ContentTranslation}`` of ``obj``."""
    db.session.expire_all()
    return {
        (row.field, row.locale): row
        for row in db.session.scalars(
            sa.select(ContentTranslation).where(
                ContentTranslation.object_type == obj.__tablename__,
                ContentTranslation.object_id == obj.id,
            )
        )
    }


def jobs_of(obj):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(jobs.Job)
        .where(jobs.Job.key == f"mt:{obj.__tablename__}:{obj.id}")
        .order_by(jobs.Job.id)
    ).all()


def all_jobs():
    db.session.expire_all()
    return db.session.scalars(sa.select(jobs.Job).order_by(jobs.Job.id)).all()


def machine_label(app, lang, original_lang="en"):
    """The label a page in ``lang`` gives a machine translation, as the catalog says it."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        text = gettext(MACHINE_LABEL, language=language_name(original_lang, lang))
    return str(escape(text))


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def assert_machine_translated(obj, fields, targets=TRANSLATED):
    found = rows(obj)
    for field in fields:
        original = getattr(obj, field)
        for target in targets:
            row = found.get((field, target))
            assert row is not None, (field, target)
            assert row.text == f"{target}: {original}"
            assert (row.origin, row.review_state, row.translator_id) == (
                "machine",
                "unreviewed",
                None,
            )
        assert (field, "en") not in found  # the original's own language
        assert (field, "so") not in found  # a language the server does not know
    return found


class World:
    pass


@pytest.fixture
def world(app, make_user, make_consultation, make_proposal):
    w = World()
    w.app = app
    w.consultation = make_consultation(phase="proposals")
    w.author = make_user(display_name="Author")
    w.moderator = make_user(roles=("moderator",), display_name="Moderator")
    w.admin = make_user(roles=("admin",), display_name="Admin")
    w.draft = make_proposal(w.consultation, w.author, state="draft", title="Benches in the park")
    return w


@pytest.fixture
def op(app):
    """``with op(): …`` runs operations in a request context (pages are fetched outside it)."""
    return lambda: app.test_request_context("/en/")


def publish(world, op):
    with op():
        proposals.publish(world.draft, world.author)
    return world.draft


# Off by default ---------------------------------------------------------------------------------


def test_off_by_default(app, world, op):
    assert app.config["MT_URL"] is None
    with op():
        assert machine.provider() is None
        proposal = publish(world, op)
        assert jobs_of(proposal) == []
        assert machine.request_translation(proposal) is None
        assert jobs.run_pending() == 0
        assert rows(proposal) == {}


def test_the_client_refuses_an_address_that_is_not_http():
    with pytest.raises(ValueError, match="MT_URL"):
        machine.LibreTranslate("file:///etc/passwd")


# On -------------------------------------------------------------------------------------------


def test_publishing_queues_one_job_and_running_it_stores_labelled_machine_translations(
    app, world, op, client, libretranslate
):
    proposal = publish(world, op)
    [job] = jobs_of(proposal)
    assert (job.kind, job.state, job.attempts) == ("machine_translation", "queued", 0)
    assert job.payload == {"kind": "proposal", "id": proposal.id}
    # Edited while the job waits: still one job.
    with op():
        assert proposals.update(
            proposal, world.author, "Benches in the big park", proposal.body, None, "en"
        )
    assert [j.id for j in jobs_of(proposal)] == [job.id]
    assert libretranslate.requests == []  # nothing asked before the job runs

    with op():
        assert jobs.run_pending() == 1
    [job] = jobs_of(proposal)
    assert (job.state, job.attempts, job.last_error) == ("done", 1, None)
    assert job.finished_at is not None
    found = assert_machine_translated(proposal, ("title", "body"))
    assert ("answer", "ar") not in found
    assert len(found) == 2 * len(TRANSLATED)
    assert found["title", "ar"].text == "ar: Benches in the big park"

    # The server was asked properly, with the API key, for the languages it knows.
    asked = libretranslate.translations()
    assert len(asked) == 2 * len(TRANSLATED)
    assert all(body["api_key"] == API_KEY for body in asked)
    assert all(body["format"] == "text" and body["source"] == "en" for body in asked)
    assert {(body["q"], body["target"]) for body in asked} == {
        (text, target)
        for text in ("Benches in the big park", proposal.body)
        for target in TRANSLATED
    }
    assert any(r.method == "GET" and r.path == "/languages" for r in libretranslate.requests)

    # The page in Arabic shows the machine translation, labelled, with the way to the original.
    html = page(client, f"/ar/proposals/{proposal.id}")
    assert "ar: Benches in the big park" in html
    assert machine_label(app, "ar") in html
    assert f"/ar/proposals/{proposal.id}?original=1" in html
    original = page(client, f"/ar/proposals/{proposal.id}?original=1")
    assert "Benches in the big park" in original
    assert "ar: Benches in the big park" not in original
    assert machine_label(app, "ar") not in original
    # In the original's language there is nothing to label.
    english = page(client, f"/en/proposals/{proposal.id}")
    assert "Benches in the big park" in english
    assert machine_label(app, "en") not in english


def test_a_job_runs_again_for_new_text_and_keeps_what_it_translated(world, op, libretranslate):
    proposal = publish(world, op)
    with op():
        jobs.run_pending()
        before = rows(proposal)
        libretranslate.reset()
        proposals.update(proposal, world.author, "A new title", proposal.body, None, "en")
        jobs.run_pending()
    after = rows(proposal)
    # Only the changed title was asked for again; the body's translations are the same rows.
    assert {body["q"] for body in libretranslate.translations()} == {"A new title"}
    assert after["title", "fr"].text == "fr: A new title"
    assert after["body", "fr"].id == before["body", "fr"].id


def test_text_changed_while_the_server_answered_is_not_stored_translated(world, op, libretranslate):
    """The author edits the title while the job waits for the server: the job does not store
    the translations of the old title (the edit queued another job, which translates the new
    one); those of the unchanged body it keeps."""
    from consult.proposals.models import Proposal

    proposal = publish(world, op)

    def edited_meanwhile(_body):
        db.session.execute(
            sa.update(Proposal).where(Proposal.id == proposal.id).values(title="Edited title")
        )

    libretranslate.on_translate = edited_meanwhile
    with op():
        assert jobs.run_pending() == 1
    assert libretranslate.hook_errors == []
    found = rows(proposal)
    assert not any(field == "title" for field, _locale in found)
    assert_machine_translated(proposal, ("body",))
    with op():
        machine.request_translation(proposal)
        db.session.commit()
        jobs.run_pending()
    assert rows(proposal)["title", "el"].text == "el: Edited title"


def test_a_person_s_translation_is_never_overwritten(world, op, make_user, libretranslate):
    translator = make_user(display_name="Translator")
    proposal = publish(world, op)
    with op():
        translations.save(proposal, "title", "ar", "مقاعد في الحديقة", translator, origin="human")
        db.session.commit()
        jobs.run_pending()
    found = rows(proposal)
    kept = found["title", "ar"]
    assert (kept.text, kept.origin, kept.translator_id) == (
        "مقاعد في الحديقة",
        "human",
        translator.id,
    )
    assert found["body", "ar"].origin == "machine"
    assert_machine_translated(proposal, ("title",), [t for t in TRANSLATED if t != "ar"])
    assert_machine_translated(proposal, ("body",))
    asked = {(body["q"], body["target"]) for body in libretranslate.translations()}
    assert (proposal.title, "ar") not in asked


def test_a_machine_translation_never_replaces_a_person_s(world, op, make_user):
    """The last guard, for a person's translation saved while a job was running."""
    translator = make_user()
    proposal = publish(world, op)
    with op():
        translations.save(proposal, "title", "fr", "Des bancs", translator, origin="human")
        with pytest.raises(translations.TranslationError) as refused:
            translations.save(proposal, "title", "fr", "fr: x", None, origin="machine")
    assert refused.value.code == "human_exists"
    assert rows(proposal)["title", "fr"].text == "Des bancs"


# What is translated ---------------------------------------------------------------------------


def test_comments_answers_summaries_and_consultations_are_translated(world, op, libretranslate):
    proposal = publish(world, op)
    with op():
        discussion = feedback.discussion_of(proposal)
        comment = feedback.post(discussion, world.author, "I sit there every day.", language="en")
        assert len(jobs_of(comment)) == 1
        jobs.run_pending()
        assert_machine_translated(comment, ("body",))

        proposals.answer(proposal, world.moderator, None, "The city will add benches.", "en")
        assert len(jobs_of(proposal)) == 2  # the first one is done
        thread = feedback.summarise(feedback.discussion_of(proposal), world.moderator,
                                    "Everyone wants benches.", "en")  # fmt: skip
        assert len(jobs_of(thread)) == 1
        consultation = world.consultation
        consultations.update(consultation, world.admin, summary="Where to sit in the park.")
        assert len(jobs_of(consultation)) == 1
        assert jobs.run_pending() == 3

    assert_machine_translated(proposal, ("title", "body", "answer"))
    assert_machine_translated(thread, ("summary",))
    found = assert_machine_translated(consultation, ("summary",))
    # Fields not changed were translated too (nobody had).
    assert_machine_translated(consultation, ("title", "body"))
    assert found["summary", "uk"].text == "uk: Where to sit in the park."


def test_an_answer_in_another_language_is_translated_from_it(world, op, libretranslate):
    proposal = publish(world, op)
    with op():
        proposals.answer(proposal, world.moderator, None, "Θα βάλουμε παγκάκια.", "el")
        jobs.run_pending()
    found = rows(proposal)
    assert found["answer", "en"].text == "en: Θα βάλουμε παγκάκια."
    assert ("answer", "el") not in found
    assert found["answer", "fr"].origin == "machine"
    assert {body["source"] for body in libretranslate.translations() if body["q"] ==
            "Θα βάλουμε παγκάκια."} == {"el"}  # fmt: skip


def test_a_consultation_is_translated_when_published(world, op, make_consultation, libretranslate):
    draft = make_consultation(phase="future", state="draft", title="Trees on the avenue")
    with op():
        consultations.update(draft, world.admin, summary="Which trees, and where.")
        jobs.run_pending()
        assert rows(draft) == {}  # a draft is not translated
        consultations.transition(draft, "publish", world.admin)
        assert [j.state for j in jobs_of(draft)] == ["done", "queued"]
        jobs.run_pending()
    assert_machine_translated(draft, ("title", "summary", "body"))


def test_hidden_content_and_drafts_are_not_translated(
    world, op, make_user, make_proposal, libretranslate
):
    other = make_proposal(world.consultation, world.author)
    with op():
        # A draft changed by its author.
        proposals.update(world.draft, world.author, "Draft title", "Draft body", None, "en")
        # A comment hidden before its job runs.
        comment = feedback.post(
            feedback.discussion_of(other), make_user(), "Buy my benches", language="en"
        )
        moderation.decide([comment], world.moderator, "hide", "spam")
        # A proposal hidden after it was edited.
        proposals.update(other, world.author, "Other title", other.body, None, "en")
        moderation.decide([other], world.moderator, "hide", "spam")
        ran = jobs.run_pending()
    assert ran == 3
    assert all(job.state == "done" for job in all_jobs())
    assert rows(world.draft) == rows(comment) == rows(other) == {}
    assert libretranslate.translations() == []

    # Restored by the moderators: translated then.
    with op():
        moderation.decide([other], world.moderator, "restore", "no_breach")
        assert jobs.run_pending() == 1
    assert_machine_translated(other, ("title", "body"))


# Failures -------------------------------------------------------------------------------------


def _down(server, _app):
    server.down()


def _slow(server, _app):
    server.mode = "slow"


def _garbage(mode):
    def misbehave(server, _app):
        server.mode = mode
        server.fail_after = 3  # some translations come back before it goes wrong

    return misbehave


def _languages_garbage(server, _app):
    server.languages_mode = "not_list"


def _wrong_key(_server, app):
    app.config["MT_API_KEY"] = "not-the-key"


FAILURES = {
    "down": (_down, "unreachable"),
    "slow": (_slow, "unreachable: timed out"),
    "not_json": (_garbage("not_json"), "not JSON from /translate"),
    "no_translated_text": (_garbage("no_text"), "no translatedText"),
    "http_500": (_garbage("http_500"), "HTTP 500 from /translate"),
    "not_http": (_garbage("not_http"), "no HTTP answer from /translate"),
    "truncated": (_garbage("truncated"), "not JSON from /translate"),
    "invalid_api_key": (_wrong_key, "HTTP 403 from /translate"),
    "languages_garbage": (_languages_garbage, "unexpected answer from /languages"),
}


def close_to(moment, expected, slack=timedelta(seconds=5)):
    return expected - slack <= moment <= expected + slack


@pytest.mark.parametrize("failure", FAILURES, ids=list(FAILURES))
def test_a_failing_server_fails_the_job_which_is_retried_with_backoff(
    app, world, op, client, libretranslate, failure
):
    misbehave, error = FAILURES[failure]
    proposal = publish(world, op)
    misbehave(libretranslate, app)

    with op():
        before = utcnow()
        assert jobs.run_pending() == 1
    [job] = jobs_of(proposal)
    assert (job.state, job.attempts) == ("queued", 1)
    assert error in job.last_error
    assert job.last_error.startswith("MachineTranslationError: ")
    assert close_to(job.run_after, before + timedelta(seconds=jobs.BACKOFF_SECONDS))
    # Nothing half-written (the garbage came after some good answers).
    assert rows(proposal) == {}
    if failure in ("not_json", "no_translated_text", "http_500", "not_http", "truncated"):
        assert len(libretranslate.translations()) > 3

    # The pages show the original, unlabelled.
    html = page(client, f"/ar/proposals/{proposal.id}")
    assert "Benches in the park" in html
    assert "ar: Benches in the park" not in html
    assert machine_label(app, "ar") not in html

    # Not again before its time; then once per run, each wait twice the one before.
    with op():
        for attempt in range(2, jobs.MAX_ATTEMPTS + 1):
            due = job.run_after
            assert jobs.run_pending(now=due - timedelta(seconds=1)) == 0
            assert jobs.run_pending(now=due) == 1
            [job] = jobs_of(proposal)
            assert job.attempts == attempt
            assert error in job.last_error
            if attempt < jobs.MAX_ATTEMPTS:
                assert job.state == "queued"
                assert close_to(job.run_after, due + jobs.backoff(attempt))
        assert job.state == "failed"
        assert job.finished_at is not None
        assert jobs.run_pending(now=utcnow() + timedelta(days=30)) == 0
    assert rows(proposal) == {}
    assert "ar: Benches in the park" not in page(client, f"/ar/proposals/{proposal.id}")

    # An admin queues it again; the server is well again; it completes.
    app.config["MT_API_KEY"] = API_KEY
    libretranslate.up()
    libretranslate.reset()
    with op():
        assert jobs.retry(job)
        [job] = jobs_of(proposal)
        assert (job.state, job.attempts, job.finished_at) == ("queued", 0, None)
        assert not jobs.retry(job)  # only a failed job
        assert jobs.run_pending() == 1
    [job] = jobs_of(proposal)
    assert (job.state, job.attempts, job.last_error) == ("done", 1, None)
    assert_machine_translated(proposal, ("title", "body"))
    assert machine_label(app, "ar") in page(client, f"/ar/proposals/{proposal.id}")


def test_a_run_does_not_retry_the_job_it_just_failed(app, world, op, libretranslate):
    """``run_pending(now)`` with a clock ahead (tests, a catching-up worker): the job that just
    failed waits its backoff from that clock, not from the wall clock."""
    proposal = publish(world, op)
    libretranslate.down()
    later = utcnow() + timedelta(hours=1)
    with op():
        assert jobs.run_pending(now=later) == 1
    [job] = jobs_of(proposal)
    assert (job.state, job.attempts) == ("queued", 1)
    assert close_to(job.run_after, later + timedelta(seconds=jobs.BACKOFF_SECONDS))


# Commands -------------------------------------------------------------------------------------


def test_flask_translations_machine_refuses_when_off(app, world):
    result = app.test_cli_runner().invoke(args=["translations", "machine"])
    assert result.exit_code != 0
    assert "Machine translation is off: set MT_URL first." in result.output
    assert all_jobs() == []


def test_flask_translations_machine_queues_what_readers_see_and_jobs_run_runs_it(
    app, world, make_proposal, make_user, op, libretranslate
):
    visible = make_proposal(world.consultation, world.author, title="Shade for the playground")
    hidden = make_proposal(world.consultation, world.author, moderation="hidden")
    with op():
        comment = feedback.post(feedback.discussion_of(visible), make_user(), "Yes please.",
                                language="en")  # fmt: skip
        jobs.run_pending()  # the comment's
    assert rows(comment)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["translations", "machine"])
    assert result.exit_code == 0, result.output
    queued = [job for job in all_jobs() if job.state == "queued"]
    assert result.output.strip() == f"{len(queued)} job(s) queued."
    keys = {job.key for job in queued}
    assert {f"mt:proposals:{visible.id}", f"mt:consultations:{world.consultation.id}",
            f"mt:comments:{comment.id}"} <= keys  # fmt: skip
    assert f"mt:proposals:{hidden.id}" not in keys
    assert f"mt:proposals:{world.draft.id}" not in keys
    # Asked again while they wait: nothing more.
    again = runner.invoke(args=["translations", "machine"])
    assert again.output.strip() == "0 job(s) queued."

    libretranslate.reset()
    result = runner.invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{len(queued)} job(s) run."
    assert_machine_translated(visible, ("title", "body"))
    assert_machine_translated(world.consultation, ("title", "summary", "body"))
    # The comment had its translations already: not asked again.
    assert "Yes please." not in {body["q"] for body in libretranslate.translations()}
    assert rows(hidden) == {}
    assert runner.invoke(args=["jobs", "run"]).output.strip() == "0 job(s) run."
