"""Fixtures for moderation: an open consultation with a proposal and a comment, people in every
role with their signed-in clients, and helpers that flag, read pages and count rows."""

import re

import pytest
from sqlalchemy import func, select

from consult.consultations import operations as consultations
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.moderation import operations as moderation
from consult.moderation.models import Appeal, Block, Decision, Flag
from tests.conftest import sign_in


@pytest.fixture
def place(app, make_user, make_consultation, make_proposal):
    """An open consultation in its proposals phase, a published proposal by its author, and a
    comment on it by a commenter."""

    class Place:
        pass

    place = Place()
    place.consultation = make_consultation(phase="proposals", state="open")
    place.author = make_user(display_name="Author Amal")
    place.proposal = make_proposal(
        place.consultation, author=place.author, title="Open the library on Sundays"
    )
    place.commenter = make_user(display_name="Commenter Kostas")
    with app.test_request_context("/en/"):
        place.comment = feedback.post(
            feedback.discussion_of(place.proposal), place.commenter, "A **fine** idea", "in_favour"
        )
    return place


@pytest.fixture
def moderator(make_user):
    return make_user(roles=("moderator",), display_name="Moderator Maria")


@pytest.fixture
def second_moderator(make_user):
    return make_user(roles=("moderator",), display_name="Moderator Nikos")


@pytest.fixture
def signed_in(app):
    """``signed_in(user)``: a client signed in as ``user``."""

    def make(user):
        client = app.test_client()
        sign_in(client, user)
        return client

    return make


@pytest.fixture
def local_moderator(app, make_user):
    """``local_moderator(consultation)``: a moderator of that consultation only."""

    def make(consultation, **kwargs):
        user = make_user(**kwargs)
        with app.test_request_context("/en/"):
            consultations.grant_local_moderator(consultation, user, None)
        return user

    return make


@pytest.fixture
def flag(app):
    """``flag(item, user, reason="spam", details="")`` through the operation."""

    def do(item, user, reason="spam", details=""):
        with app.test_request_context("/en/"):
            moderation.flag(item, user, reason, details)

    return do


@pytest.fixture
def decide(app):
    def do(items, moderator, action="hide", reason="spam", text=""):
        with app.test_request_context("/en/"):
            return moderation.decide(items, moderator, action, reason, text)

    return do


def count(model, **where):
    stmt = select(func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return db.session.scalar(stmt)


def record_counts():
    """How many flags, decisions, appeals and blocks there are (to see that nothing was
    written)."""
    return tuple(count(model) for model in (Flag, Decision, Appeal, Block))


def fresh(*objects):
    """Commit the test's step and reload ``objects`` as the database has them."""
    db.session.commit()
    for obj in objects:
        db.session.refresh(obj)


def field_error(html, field_id):
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else None


def flashes(html):
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r'<li class="(?:success|info|error)">(.*?)</li>', html, re.S)
    ]


def alerts(html):
    """The error summary's and refusal notices' text."""
    found = re.findall(r'role="alert"[^>]*>(.*?)</(?:div|p)>', html, re.S)
    return " ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m)) for m in found)
