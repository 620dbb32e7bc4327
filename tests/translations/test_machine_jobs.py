"""The jobs machine translation runs on (``core.jobs``): queued once per key, claimed by one
worker only (a stale claim is taken again), unknown kinds refused; and the in-process worker
thread, which runs a job committed by a request within moments and stops cleanly."""

import threading
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import delete

from consult import create_app
from consult.consultations.models import Consultation
from consult.core import jobs
from consult.core.history import HistoryEntry, utcnow
from consult.extensions import db
from consult.translations import machine
from consult.translations.models import ContentTranslation
from tests import conftest
from tests.translations.libretranslate import (  # noqa: F401 (fixtures)
    libretranslate_fixture,
    libretranslate_server,
)

KIND = "test_job"


@pytest.fixture
def handled():
    """A job kind of the tests' own: its handler records the payloads (and raises when the
    payload says so)."""
    seen = []

    def handle(payload):
        seen.append((payload, threading.current_thread().name))
        if payload.get("fail"):
            raise RuntimeError(payload["fail"])

    jobs._HANDLERS[KIND] = handle
    try:
        yield seen
    finally:
        jobs._HANDLERS.pop(KIND, None)


def fresh(job_id):
    db.session.expire_all()
    return db.session.get(jobs.Job, job_id)


def queued(key):
    return db.session.scalars(
        sa.select(jobs.Job).where(jobs.Job.key == key, jobs.Job.state == "queued")
    ).all()


# Queueing -------------------------------------------------------------------------------------


def test_enqueue_dedupes_by_key_while_queued(ctx, handled):
    first = jobs.enqueue(KIND, "k:1", {"n": 1})
    assert first is not None
    assert jobs.enqueue(KIND, "k:1", {"n": 2}) is None
    other = jobs.enqueue(KIND, "k:2", {"n": 3})
    db.session.commit()
    assert [j.id for j in queued("k:1")] == [first.id]
    assert fresh(first.id).payload == {"n": 1}

    # While it runs, the same work may queue again (a change made meanwhile is not missed).
    db.session.execute(
        sa.update(jobs.Job)
        .where(jobs.Job.id == first.id)
        .values(state="running", started_at=utcnow())
    )
    db.session.commit()
    again = jobs.enqueue(KIND, "k:1", {"n": 4})
    assert again is not None and again.id != first.id
    db.session.commit()
    assert jobs.run_pending() == 2  # k:2 and the new k:1; the running one is not stale
    assert [p for p, _thread in handled] == [{"n": 3}, {"n": 4}]
    assert fresh(other.id).state == "done"


def test_a_refused_duplicate_leaves_the_caller_s_transaction_alone(ctx, handled, make_user):
    jobs.enqueue(KIND, "k:same", {})
    user = make_user()
    user.display_name = "Changed before"
    assert jobs.enqueue(KIND, "k:same", {}) is None
    user.locale = "fr"
    db.session.commit()
    db.session.expire_all()
    assert (user.display_name, user.locale) == ("Changed before", "fr")
    assert len(queued("k:same")) == 1


def test_unknown_kinds_are_refused(ctx):
    with pytest.raises(LookupError):
        jobs.enqueue("no_such_kind", "k", {})
    with pytest.raises(ValueError, match="registered twice"):
        jobs.handler(machine.JOB)(lambda payload: None)


def test_backoff_doubles():
    assert [jobs.backoff(n).total_seconds() for n in range(1, 5)] == [
        jobs.BACKOFF_SECONDS * f for f in (1, 2, 4, 8)
    ]


def test_a_failing_handler_is_retried_then_failed_with_its_error(ctx, handled):
    job = jobs.enqueue(KIND, "k:fail", {"fail": "boom"})
    db.session.commit()
    now = utcnow()
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        assert jobs.run_pending(now=now) == 1
        job = fresh(job.id)
        assert job.attempts == attempt
        assert job.last_error == "RuntimeError: boom"
        now = job.run_after
    assert job.state == "failed"
    assert len(handled) == jobs.MAX_ATTEMPTS
    assert jobs.retry(job)
    assert (fresh(job.id).state, fresh(job.id).attempts) == ("queued", 0)


def test_a_job_failing_while_its_work_was_queued_again_leaves_it_to_that_job(ctx, handled):
    """The content changed while its job ran (the same key queued again), then the job failed:
    the queued one does the work (with the current text); the failed one is not queued twice."""
    job = jobs.enqueue(KIND, "k:changed", {"fail": "server down"})
    db.session.commit()

    def edited_meanwhile(payload):
        jobs.enqueue(KIND, "k:changed", {"n": "after the edit"})
        db.session.commit()
        raise RuntimeError(payload["fail"])

    jobs._HANDLERS[KIND] = edited_meanwhile
    assert jobs.run_one() is not None
    job = fresh(job.id)
    assert job.state == "done" and job.last_error == "RuntimeError: server down"
    [successor] = queued("k:changed")
    assert successor.payload == {"n": "after the edit"}


def test_retrying_a_failed_job_whose_work_is_queued_again_changes_nothing(ctx, handled):
    job = jobs.enqueue(KIND, "k:retry", {"fail": "boom"})
    db.session.commit()
    db.session.execute(
        sa.update(jobs.Job).where(jobs.Job.id == job.id).values(state="failed", attempts=5)
    )
    db.session.commit()
    successor = jobs.enqueue(KIND, "k:retry", {})
    db.session.commit()
    job = fresh(job.id)
    assert not jobs.retry(job)
    assert fresh(job.id).state == "failed"
    assert [j.id for j in queued("k:retry")] == [successor.id]


# Claiming -------------------------------------------------------------------------------------


def test_a_running_job_is_not_claimed_again_until_it_is_stale(ctx, handled):
    job = jobs.enqueue(KIND, "k:claim", {})
    db.session.commit()
    now = utcnow()
    claimed = jobs._claim(now)
    assert claimed.id == job.id
    assert (claimed.state, claimed.attempts, claimed.started_at) == ("running", 1, now)
    # Another worker, now or a while later: nothing to take.
    assert jobs._claim(now) is None
    assert jobs._claim(now + jobs.STALE_AFTER - timedelta(seconds=1)) is None
    assert jobs.run_pending(now=now + timedelta(minutes=1)) == 0
    # Its worker died: once stale, it is taken again (and counted as another attempt).
    later = now + jobs.STALE_AFTER
    again = jobs._claim(later)
    assert again.id == job.id
    assert (again.state, again.attempts, again.started_at) == ("running", 2, later)


def test_the_claim_is_won_by_one_worker_only(ctx, handled):
    """Two workers see the same due job; the other one's UPDATE lands between this one's
    SELECT and UPDATE: this one's conditional UPDATE changes nothing and it takes nothing."""
    job = jobs.enqueue(KIND, "k:race", {})
    db.session.commit()
    now = utcnow()
    session = db.session()
    raced = []

    def other_worker_first(state):
        if state.is_update and not raced:
            raced.append(True)
            state.session.connection().execute(
                sa.update(jobs.Job)
                .where(jobs.Job.id == job.id)
                .values(state="running", started_at=now, attempts=1)
            )

    sa.event.listen(session, "do_orm_execute", other_worker_first)
    try:
        assert jobs._claim(now) is None
    finally:
        sa.event.remove(session, "do_orm_execute", other_worker_first)
    assert raced
    job = fresh(job.id)
    assert (job.state, job.attempts) == ("running", 1)  # the other worker's claim, once


# The in-process worker ------------------------------------------------------------------------


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def worker_app():
    """An app that runs jobs in process (``JOBS=inprocess``), on the tests' database; its
    worker is stopped and its committed jobs deleted afterwards."""
    # One worker thread a process: one another app started (the browser tests' live server)
    # stops first, and starts again with that app's next request.
    assert jobs.stop_worker()
    app = create_app({**conftest.testing_config(), "JOBS": "inprocess"})
    made = {"jobs": [], "consultations": []}
    try:
        yield app, made
    finally:
        assert jobs.stop_worker()
        assert jobs._worker["thread"] is None
        with app.app_context():
            ids = made["consultations"]
            db.session.execute(
                delete(ContentTranslation).where(
                    ContentTranslation.object_type == "consultations",
                    ContentTranslation.object_id.in_(ids),
                )
            )
            db.session.execute(
                delete(HistoryEntry).where(
                    HistoryEntry.object_type == "consultations", HistoryEntry.object_id.in_(ids)
                )
            )
            db.session.execute(
                delete(jobs.Job).where(
                    sa.or_(
                        jobs.Job.id.in_(made["jobs"]),
                        jobs.Job.key.in_([f"mt:consultations:{i}" for i in ids]),
                    )
                )
            )
            db.session.execute(delete(Consultation).where(Consultation.id.in_(ids)))
            db.session.commit()
            db.engine.dispose()


def job_state(app, job_id):
    with app.app_context():
        job = db.session.get(jobs.Job, job_id)
        return None if job is None else (job.state, job.attempts, job.last_error)


@pytest.mark.no_transaction
def test_the_worker_starts_with_the_first_request_and_runs_a_committed_job(worker_app, handled):
    app, made = worker_app
    assert jobs._worker["thread"] is None
    assert app.test_client().get("/en/").status_code == 200
    thread = jobs._worker["thread"]
    assert thread is not None and thread.is_alive() and thread.daemon
    # Later requests keep the one thread.
    app.test_client().get("/en/")
    assert jobs._worker["thread"] is thread

    with app.app_context():
        job = jobs.enqueue(KIND, "k:worker", {"n": 1})
        db.session.commit()  # wakes the worker
        made["jobs"].append(job.id)
    assert wait_for(lambda: job_state(app, job.id) == ("done", 1, None)), job_state(app, job.id)
    assert handled == [({"n": 1}, "consult-jobs")]

    assert jobs.stop_worker()
    assert not thread.is_alive()
    assert jobs._worker["thread"] is None


@pytest.mark.no_transaction
def test_the_worker_translates_over_http(worker_app, libretranslate):
    app, made = worker_app
    now = utcnow()
    with app.app_context():
        app.config.update({k: v for k, v in libretranslate_settings(libretranslate).items()})
        consultation = Consultation(
            language="en", title="Worker title", summary="Worker summary", body="Worker body",
            state="open", opens_at=now - timedelta(days=1), proposals_start=now,
            proposals_end=now + timedelta(days=1), voting_start=now + timedelta(days=2),
            voting_end=now + timedelta(days=3), closes_at=now + timedelta(days=4),
        )  # fmt: skip
        db.session.add(consultation)
        db.session.commit()
        made["consultations"].append(consultation.id)
        jobs.start_worker(app)
        job = machine.request_translation(consultation)
        db.session.commit()
        job_id, consultation_id = job.id, consultation.id
    assert wait_for(lambda: job_state(app, job_id) == ("done", 1, None)), job_state(app, job_id)
    with app.app_context():
        found = {
            (row.field, row.locale): row.text
            for row in db.session.scalars(
                sa.select(ContentTranslation).where(
                    ContentTranslation.object_type == "consultations",
                    ContentTranslation.object_id == consultation_id,
                )
            )
        }
    assert found["title", "ar"] == "ar: Worker title"
    assert found["body", "uk"] == "uk: Worker body"
    assert len(found) == 3 * 5


def libretranslate_settings(server):
    from tests.translations.libretranslate import API_KEY, TARGETS, TIMEOUT

    return {"MT_URL": server.url, "MT_API_KEY": API_KEY, "MT_TARGETS": TARGETS,
            "MT_TIMEOUT": TIMEOUT}  # fmt: skip
