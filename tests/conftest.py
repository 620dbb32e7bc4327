"""Test harness: the schema is built once per session by the migrations, and each test runs
inside a transaction that is rolled back afterwards. ``TEST_DATABASE_URL`` selects PostgreSQL;
without it the suite runs on a SQLite file."""

import os
import re
import tempfile
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask_sqlalchemy.session import Session as FlaskSession

from consult import create_app
from consult.accounts import operations as accounts
from consult.extensions import db, limiter

PASSWORD = "correct horse battery"
_instance = tempfile.mkdtemp(prefix="consult-test-")
os.environ["CONSULT_INSTANCE_PATH"] = _instance
for _name in ("DATABASE_URL", "SECRET_KEY", "CONSULT_ENV", "REDIS_URL", "MAIL_URL"):
    os.environ.pop(_name, None)


def database_url():
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{Path(_instance) / 'test.sqlite3'}"


def testing_config():
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url(),
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
        # Tests run jobs themselves (core.jobs.run_pending), not in a background thread.
        "JOBS": "off",
        # Pages are built for each request; tests/core/test_pagecache.py keeps them.
        "PAGE_CACHE_SECONDS": 0,
    }


def reset_database(engine):
    """An empty database to migrate from."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        else:
            tables = (
                conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
                .scalars()
                .all()
            )
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for table in tables:
                conn.exec_driver_sql(f'DROP TABLE "{table}"')


@pytest.fixture(scope="session")
def app():
    app = create_app(testing_config())
    with app.app_context():
        reset_database(db.engine)
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


class _BoundSession(FlaskSession):
    """Flask-SQLAlchemy's session asks the engine; this one stays on the test's connection."""

    def get_bind(self, *args, **kwargs):
        return self.bind


class _TestScopedSession(sa.orm.scoped_session):
    """One session for the whole test, shared by the test's own code and every request it makes.
    Flask-SQLAlchemy removes the session when each app context ends; here the test's end does."""

    def remove(self):
        pass

    def end(self):
        super().remove()


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Every test runs in a transaction rolled back at its end (commits become savepoints).

    No application context stays pushed during the test: each client request gets its own, as
    in production (a shared one would leak ``g`` from one request to the next)."""
    if "no_transaction" in request.keywords:
        yield
        return
    with app.app_context():
        engine = db.engine
    connection = engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = _TestScopedSession(
        sa.orm.sessionmaker(
            class_=_BoundSession,
            db=db,
            bind=connection,
            join_transaction_mode="create_savepoint",
            query_cls=db.Query,
        ),
        scopefunc=lambda: "test",
    )
    with app.app_context():
        limiter.reset()
    try:
        yield
    finally:
        db.session.end()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture(autouse=True)
def _quick_password_hashing(monkeypatch):
    """Argon2 at its real cost takes a fifth of a second a hash and the tests make hundreds of
    accounts: here it hashes cheaply (argon2 still; verifying reads the cost from the hash)."""
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def ctx(app):
    """A request context, for calling operations directly (not for tests that use a client)."""
    with app.test_request_context("/en/"):
        yield


@pytest.fixture
def client(app):
    return app.test_client()


_counter = iter(range(1, 10**9))


@pytest.fixture
def make_user(app):
    """``make_user(roles=("admin",), locale="ar", …)`` creates an account and returns it."""

    def make(email=None, display_name=None, password=PASSWORD, locale="en", roles=()):
        n = next(_counter)
        with app.test_request_context("/en/"):
            user = accounts.register(
                email or f"person{n}@example.org",
                password,
                display_name or f"Person {n}",
                locale,
                accepted_terms=True,
            )
            for role in roles:
                accounts.grant_role(user, role, None)
            return user

    return make


CSRF_RE = re.compile(r'name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client, url=None):
    """The CSRF token of the client's session, read from a page's form (by default the sign-in
    page, or the home page's sign-out button when signed in)."""
    for page in [url] if url else ["/en/", "/en/sign-in"]:
        match = CSRF_RE.search(client.get(page).get_data(as_text=True))
        if match:
            return match.group(1)
    raise AssertionError(f"no CSRF token on {url or 'the home or sign-in page'}")


def sign_in(client, user, password=PASSWORD, lang="en"):
    token = csrf_token(client, f"/{lang}/sign-in")
    response = client.post(
        f"/{lang}/sign-in", data={"email": user.email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def post(client, url, data=None, **kwargs):
    """POST a form as a browser would: with the session's CSRF token."""
    data = {"csrf_token": csrf_token(client), **(data or {})}
    return client.post(url, data=data, **kwargs)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as n: …`` then ``n.count`` is the number of SQL statements run
    and ``n.statements`` their text."""
    from contextlib import contextmanager

    class Counter:
        def __init__(self):
            self.count, self.statements = 0, []

    @contextmanager
    def counting():
        counter = Counter()

        def on_execute(_conn, _cursor, statement, *_args):
            counter.count += 1
            counter.statements.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", on_execute)

    return counting


def pytest_sessionstart(session):
    """Compile the catalogs, so that a bare ``pytest`` sees the translations too."""
    from babel.messages.frontend import CommandLineInterface

    root = Path(__file__).resolve().parent.parent
    CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(root / "translations")])


PHASE_OFFSETS = {
    # phase the consultation is in now -> (opens, proposals start/end, voting start/end, closes)
    # as days from now.
    "information": (-1, 2, 10, 12, 20, 21),
    "proposals": (-5, -4, 10, 12, 20, 21),
    "voting": (-20, -19, -10, -2, 5, 6),
    "review": (-30, -29, -20, -15, -5, -1),
    "future": (3, 4, 10, 12, 20, 21),
}


@pytest.fixture
def make_consultation(app):
    """``make_consultation(phase="proposals", state="open", language="el", **fields)``: a
    consultation whose dates put it in ``phase`` now, stored directly (no workflow)."""
    from datetime import timedelta

    from consult.consultations.models import Consultation
    from consult.core.history import utcnow

    def make(phase="proposals", state="open", language="en", **fields):
        now = utcnow()
        offsets = PHASE_OFFSETS[phase]
        names = (
            "opens_at",
            "proposals_start",
            "proposals_end",
            "voting_start",
            "voting_end",
            "closes_at",
        )
        dates = {name: now + timedelta(days=d) for name, d in zip(names, offsets, strict=True)}
        n = next(_counter)
        consultation = Consultation(
            language=language,
            title=fields.pop("title", f"Consultation {n}"),
            summary=fields.pop("summary", f"What consultation {n} is about."),
            body=fields.pop("body", "The **body** of the consultation."),
            state=state,
            **{**dates, **fields},
        )
        db.session.add(consultation)
        db.session.commit()
        return consultation

    return make


@pytest.fixture
def make_proposal(app, make_user):
    """``make_proposal(consultation, author=None, state="published", **fields)``, stored
    directly (no workflow), with the consultation's counter kept right."""
    from consult.core.history import utcnow
    from consult.proposals.models import VISIBLE_STATES, Proposal

    def make(consultation, author=None, state="published", language="en", **fields):
        n = next(_counter)
        author = author or make_user()
        proposal = Proposal(
            consultation_id=consultation.id,
            author_id=author.id,
            language=language,
            title=fields.pop("title", f"Proposal {n}"),
            body=fields.pop("body", f"Why proposal {n} matters."),
            state=state,
            published_at=None if state == "draft" else utcnow(),
            **fields,
        )
        db.session.add(proposal)
        if state in VISIBLE_STATES:
            consultation.proposals_count += 1
        db.session.commit()
        return proposal

    return make
