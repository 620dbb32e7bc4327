"""Fixtures for the admin area: an admin, their signed-in client, organisations, and helpers that
read what a person sees on the page."""

import re

import pytest
from sqlalchemy import func, select

from consult.core.history import HistoryEntry
from consult.extensions import db
from consult.organisations import operations as organisations
from tests.conftest import sign_in


@pytest.fixture
def admin(make_user):
    return make_user(roles=("admin",), display_name="Admin Eleni")


@pytest.fixture
def admin_client(app, admin):
    client = app.test_client()
    sign_in(client, admin)
    return client


@pytest.fixture
def make_organisation(app):
    """``make_organisation("Name", members=[user, …])`` creates an organisation and returns it."""

    def make(name, description="", members=()):
        with app.test_request_context("/en/"):
            org = organisations.create(None, name, description)
            for user in members:
                organisations.add_member(org, user, None)
            return org

    return make


def field_error(html, field_id):
    """The message shown next to the field ``field_id``, or None when there is none."""
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else None


def flashes(html):
    """The messages shown at the top of the page after a change."""
    return re.findall(r'<li class="(?:success|info|error)">(.*?)</li>', html, re.S)


def history(action=None, **where):
    """History entries (optionally of one action), oldest first."""
    stmt = select(HistoryEntry).order_by(HistoryEntry.id)
    if action:
        stmt = stmt.where(HistoryEntry.action == action)
    for name, value in where.items():
        stmt = stmt.where(getattr(HistoryEntry, name) == value)
    return db.session.scalars(stmt).all()


def history_count():
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


def fresh_session():
    """End the test's transaction step and forget every loaded object, so that the next request
    starts as a request does in production: nothing loaded, a transaction to begin."""
    db.session.commit()
    db.session.expunge_all()
