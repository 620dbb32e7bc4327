"""Fixtures for proposals: an open consultation in its proposals phase, people in every role,
their signed-in clients, and helpers that read what a person sees on the page."""

import re

import pytest
from sqlalchemy import func, select

from consult.accounts.models import LocalRole
from consult.core.history import HistoryEntry
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.translations.models import ContentTranslation
from tests.conftest import sign_in


@pytest.fixture
def consultation(make_consultation):
    return make_consultation(categories=["Housing", "Work", "Education"])


@pytest.fixture
def author(make_user):
    return make_user(display_name="Amira")


@pytest.fixture
def member(make_user):
    return make_user(display_name="Marta")


@pytest.fixture
def moderator(make_user):
    return make_user(roles=("moderator",), display_name="Moderator Nikos")


@pytest.fixture
def admin(make_user):
    return make_user(roles=("admin",), display_name="Admin Eleni")


@pytest.fixture
def make_local_moderator(make_user):
    """``make_local_moderator(consultation)``: a member who moderates just that consultation."""

    def make(consultation, **kwargs):
        user = make_user(**kwargs)
        db.session.add(
            LocalRole(
                user_id=user.id,
                role="moderator",
                object_type="consultations",
                object_id=consultation.id,
            )
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def local_moderator(make_local_moderator, consultation):
    return make_local_moderator(consultation, display_name="Local Sofia")


@pytest.fixture
def client_for(app):
    """``client_for(user)``: a test client signed in as ``user`` (None: anonymous)."""

    def make(user=None):
        client = app.test_client()
        if user is not None:
            sign_in(client, user)
        return client

    return make


@pytest.fixture
def add_translation():
    """``add_translation(obj, field, locale, text)`` stores a translation directly."""

    def add(obj, field, locale, text, origin="human"):
        row = ContentTranslation(
            object_type=obj.__tablename__,
            object_id=obj.id,
            field=field,
            locale=locale,
            text=text,
            origin=origin,
        )
        db.session.add(row)
        db.session.commit()
        return row

    return add


def refresh(obj):
    db.session.refresh(obj)
    return obj


def proposal_count():
    return db.session.scalar(select(func.count()).select_from(Proposal))


def history_of(obj, action=None):
    stmt = (
        select(HistoryEntry)
        .where(HistoryEntry.object_type == obj.__tablename__, HistoryEntry.object_id == obj.id)
        .order_by(HistoryEntry.id)
    )
    if action:
        stmt = stmt.where(HistoryEntry.action == action)
    return db.session.scalars(stmt).all()


def fresh_session():
    """Forget every loaded object, so that the next request starts as in production."""
    db.session.commit()
    db.session.expunge_all()


def field_error(html, field_id):
    """The message shown next to the field ``field_id``, or None when there is none."""
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else None


def flashes(html):
    return re.findall(r'<li class="(?:success|info|error)">(.*?)</li>', html, re.S)


def listed_ids(html):
    """The ids of the proposals on a list page, in order."""
    block = html.split('<ol class="proposal-list">', 1)
    if len(block) < 2:
        return []
    return [int(n) for n in re.findall(r'href="/\w+/proposals/(\d+)"', block[1].split("</ol>")[0])]
