"""Background jobs: work that must not hold up a request (machine translation, for now).

Jobs are rows, so they survive restarts and every app server sees them. By default each app
process runs them itself, in one daemon thread that wakes when a job is queued and polls now
and then (``JOBS=inprocess``: no extra service needed); ``JOBS=off`` leaves them to
``flask jobs run`` (a worker process or cron). A job that raises is retried with exponential
backoff until its attempts run out; then it stays ``failed``, with its error, for the admins.

A handler is registered by name with :func:`handler` and receives the job's payload.
"""

import logging
import threading
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.history import utcnow
from consult.extensions import db

log = logging.getLogger(__name__)

STATES = ("queued", "running", "done", "failed")
MAX_ATTEMPTS = 5
#: Seconds before the first retry; each further retry waits twice as long.
BACKOFF_SECONDS = 30
#: A job running longer than this is taken to have died with its process and runs again.
STALE_AFTER = timedelta(minutes=15)
POLL_SECONDS = 30


class Job(db.Model):
    __tablename__ = "jobs"
    __table_args__ = (
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="known_state"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_jobs_due", "state", "run_after"),
        # One queued job per key: asking twice for the same work queues it once (while one
        # runs, another may queue, so that a change made meanwhile is not missed).
        sa.Index(
            "uq_jobs_pending_key",
            "key",
            unique=True,
            sqlite_where=sa.text("state = 'queued'"),
            postgresql_where=sa.text("state = 'queued'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    #: What the work is about, e.g. ``translate:proposals:12:ar``.
    key: Mapped[str] = mapped_column(sa.String(160))
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    state: Mapped[str] = mapped_column(sa.String(8), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()


_HANDLERS = {}


def handler(kind):
    """Register the decorated ``function(payload)`` as the handler of jobs of ``kind``."""

    def register(function):
        if kind in _HANDLERS:
            raise ValueError(f"job kind {kind!r} is registered twice")
        _HANDLERS[kind] = function
        return function

    return register


def enqueue(kind, key, payload, delay=0):
    """Queue a job (in the caller's transaction) unless one with ``key`` is already queued.
    Returns the job, or None when it was already there."""
    if kind not in _HANDLERS:
        raise LookupError(f"no handler for job kind {kind!r}")
    try:
        with db.session.begin_nested():
            job = Job(
                kind=kind,
                key=key,
                payload=payload,
                run_after=utcnow() + timedelta(seconds=delay),
            )
            db.session.add(job)
    except sa.exc.IntegrityError:
        return None
    # Woken once the caller commits (before that, the worker would not see the job).
    db.session.info["wake_jobs"] = True
    return job


def backoff(attempts):
    """How long to wait after the ``attempts``-th failed try."""
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** max(attempts - 1, 0))


def _claim(now):
    """Take the next due job (or one left running by a dead process): an UPDATE that only one
    process can win, so two workers never run the same job."""
    candidates = db.session.scalars(
        sa.select(Job.id)
        .where(
            sa.or_(
                sa.and_(Job.state == "queued", Job.run_after <= now),
                sa.and_(Job.state == "running", Job.started_at <= now - STALE_AFTER),
            )
        )
        .order_by(Job.run_after, Job.id)
        .limit(5)
    ).all()
    for job_id in candidates:
        won = db.session.execute(
            sa.update(Job)
            .where(
                Job.id == job_id,
                sa.or_(
                    Job.state == "queued",
                    sa.and_(Job.state == "running", Job.started_at <= now - STALE_AFTER),
                ),
            )
            .values(state="running", started_at=now, attempts=Job.attempts + 1)
        ).rowcount
        db.session.commit()
        if won:
            return db.session.get(Job, job_id)
    return None


def run_one(now=None):
    """Run the next due job, if any; returns it (None when nothing was due)."""
    now = now or utcnow()
    job = _claim(now)
    if job is None:
        return None
    try:
        _HANDLERS[job.kind](job.payload)
    except Exception as error:  # noqa: BLE001 (any failure of the work is recorded, retried)
        db.session.rollback()
        job = db.session.get(Job, job.id)
        job.last_error = f"{type(error).__name__}: {error}"[:2000]
        if job.attempts >= MAX_ATTEMPTS:
            job.state = "failed"
            job.finished_at = utcnow()
            log.warning("job %s (%s) failed for good: %s", job.id, job.key, job.last_error)
        elif _queued_again(job):
            # Asked for again while it ran (its content changed): the queued job does the work
            # and retries it; this one ends here, its error kept.
            job.state = "done"
            job.finished_at = utcnow()
        else:
            job.state = "queued"
            # From the clock the run goes by (``now`` may be ahead: ``run_pending(now)``), or
            # a run in that same loop would retry the job it just failed.
            job.run_after = max(now, utcnow()) + backoff(job.attempts)
        db.session.commit()
        return job
    job = db.session.get(Job, job.id)
    job.state = "done"
    job.finished_at = utcnow()
    job.last_error = None
    db.session.commit()
    return job


def run_pending(now=None, limit=1000):
    """Run every job due now (``flask jobs run``; tests); returns how many ran."""
    ran = 0
    while ran < limit and run_one(now) is not None:
        ran += 1
    return ran


def _queued_again(job):
    """Is the same work (``job.key``) queued already, by another job?"""
    return (
        db.session.scalar(
            sa.select(Job.id).where(Job.key == job.key, Job.state == "queued", Job.id != job.id)
        )
        is not None
    )


def retry(job):
    """Queue a failed job again, now, with fresh attempts (an admin's decision); nothing to do
    when the same work is queued already."""
    if job.state != "failed" or _queued_again(job):
        return False
    job.state = "queued"
    job.attempts = 0
    job.run_after = utcnow()
    job.finished_at = None
    db.session.commit()
    _wake()
    return True


# The in-process worker ------------------------------------------------------------------------

_worker = {"thread": None, "event": threading.Event(), "stop": None}
_worker_lock = threading.Lock()


def _wake():
    _worker["event"].set()


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _wake_after_commit(session):
    if session.info.pop("wake_jobs", False):
        _wake()


def _loop(app, stop):
    event = _worker["event"]
    while not stop.is_set():
        event.wait(POLL_SECONDS)
        event.clear()
        if stop.is_set():
            break
        with app.app_context():
            try:
                while not stop.is_set() and run_one() is not None:
                    pass
            except Exception:  # noqa: BLE001 (the worker must outlive a broken database)
                log.exception("the job worker failed; it tries again")
            finally:
                db.session.remove()


def start_worker(app):
    """Start this process's worker thread unless it runs already; returns it."""
    with _worker_lock:
        thread = _worker["thread"]
        if thread is None or not thread.is_alive():
            stop = threading.Event()
            thread = threading.Thread(
                target=_loop, args=(app, stop), name="consult-jobs", daemon=True
            )
            _worker.update(thread=thread, stop=stop)
            thread.start()
        return thread


def stop_worker(timeout=10):
    """Stop the worker thread once the job in hand is done (tests; an orderly shutdown);
    returns whether it has stopped."""
    with _worker_lock:
        thread, stop = _worker["thread"], _worker["stop"]
        if thread is None:
            return True
        stop.set()
        _wake()
        thread.join(timeout)
        if thread.is_alive():
            return False
        _worker.update(thread=None, stop=None)
        return True


def init_app(app):
    """Start the in-process worker on the first request of each process (so that gunicorn's
    forked workers each get their own thread), unless ``JOBS`` says otherwise."""
    if app.config.get("JOBS", "inprocess") != "inprocess":
        return

    @app.before_request
    def _start_worker():
        thread = _worker["thread"]
        if thread is None or not thread.is_alive():
            start_worker(app)


# ``flask jobs …`` -------------------------------------------------------------------------------


def cli():
    import click
    from flask.cli import AppGroup

    group = AppGroup("jobs", help="Background jobs (machine translation).")

    @group.command("run")
    @click.option("--forever", is_flag=True, help="Keep running, as a worker process.")
    def run(forever):
        """Run the jobs that are due (with --forever, keep waiting for more)."""
        import time

        while True:
            ran = run_pending()
            click.echo(f"{ran} job(s) run.")
            if not forever:
                return
            db.session.remove()
            time.sleep(POLL_SECONDS)

    return group
