"""Fixtures for consultations: signed-in clients for each kind of visitor, and helpers that
read what a person sees on a page."""

import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from consult.accounts.models import LocalRole
from consult.consultations.models import Consultation
from consult.consultations.operations import DATE_FIELDS
from consult.core.history import HistoryEntry, utcnow
from consult.extensions import db
from tests.conftest import sign_in

#: Who visits, in the tests over roles: anonymous, a member, a moderator of the consultation in
#: question, a moderator of another consultation, a moderator everywhere, an admin.
VISITORS = ("anonymous", "member", "local_moderator", "other_local_moderator", "moderator", "admin")


def dates(*days, start=None):
    """The six dates, ``days`` from now to the minute (default: opening tomorrow, closing in
    three weeks)."""
    start = start or utcnow().replace(second=0, microsecond=0)
    days = days or (1, 2, 10, 12, 20, 21)
    return {name: start + timedelta(days=d) for name, d in zip(DATE_FIELDS, days, strict=True)}


def consultation_fields(**overrides):
    """What ``operations.create`` needs, in Greek."""
    return {
        "language": "el",
        "title": "Προσιτή στέγαση",
        "summary": "Πώς μπορεί η πόλη να βοηθήσει;",
        "body": "Το **σχέδιο** για τη στέγαση.",
        **dates(),
        **overrides,
    }


@pytest.fixture
def admin(make_user):
    return make_user(roles=("admin",), display_name="Admin Eleni")


@pytest.fixture
def make_plan(app, admin):
    """``make_plan(axis_title="Axis 2")``: a plan whose version 1 has "1. Axis 1" (measure 1.1,
    key 1) and "2. <axis_title>" (measures 2.1 to 2.3, keys 2 to 4)."""
    from consult.actionplan import operations as plan_ops

    def make(axis_title="Axis 2"):
        sections = [
            ("Axis 1", "", [{"title": "Information in many languages"}]),
            (axis_title, "", [{"title": "Rent support"}, {"title": "Shelters"},
                              {"title": "Affordable housing"}]),
        ]  # fmt: skip
        with app.test_request_context("/en/"):
            return plan_ops.create_plan(admin, "Action Plan", "en", "", sections)

    return make


def link(app, consultation, plan, targets, actor):
    from consult.actionplan import operations as plan_ops

    with app.test_request_context("/en/"):
        plan_ops.link_consultation(consultation, plan, targets, actor)


@pytest.fixture
def admin_client(app, admin):
    client = app.test_client()
    sign_in(client, admin)
    return client


def make_local_moderator(user, consultation):
    db.session.add(
        LocalRole(
            user_id=user.id,
            role="moderator",
            object_type="consultations",
            object_id=consultation.id,
        )
    )
    db.session.commit()


@pytest.fixture
def visitor(app, make_user, make_consultation):
    """``visitor(who, consultation)``: the account (None for anonymous) of one of VISITORS."""

    def make(who, consultation):
        if who == "anonymous":
            return None
        roles = {"moderator": ("moderator",), "admin": ("admin",)}.get(who, ())
        user = make_user(roles=roles)
        if who == "local_moderator":
            make_local_moderator(user, consultation)
        elif who == "other_local_moderator":
            make_local_moderator(user, make_consultation(state="draft"))
        return user

    return make


@pytest.fixture
def client_for(app, visitor):
    """``client_for(who, consultation)``: a test client signed in as one of VISITORS."""

    def make(who, consultation):
        client = app.test_client()
        user = visitor(who, consultation)
        if user is not None:
            sign_in(client, user)
        return client

    return make


def field_error(html, field_id):
    """The message shown next to the field ``field_id``, or None when there is none."""
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip() if match else None


def flashes(html):
    return re.findall(r'<li class="(?:success|info|error)">(.*?)</li>', html, re.S)


def history(consultation, action=None):
    stmt = (
        select(HistoryEntry)
        .where(
            HistoryEntry.object_type == "consultations", HistoryEntry.object_id == consultation.id
        )
        .order_by(HistoryEntry.id)
    )
    if action:
        stmt = stmt.where(HistoryEntry.action == action)
    return db.session.scalars(stmt).all()


def history_count():
    return db.session.scalar(select(func.count()).select_from(HistoryEntry))


def fresh_session():
    """Forget every loaded object, so that the next request starts as one does in production."""
    db.session.commit()
    db.session.expunge_all()


def main(html):
    """The page's main content, without the header, language picker and footer."""
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


CITY = ZoneInfo("Europe/Athens")


def in_city_time(stored):
    """A stored (UTC) date as the form shows it: in the city's time zone, to the minute."""
    return stored.replace(tzinfo=UTC).astimezone(CITY).strftime("%Y-%m-%dT%H:%M")


def form_dates(*days):
    """The six dates as a browser sends them (in the city's time zone), ``days`` from now."""
    start = utcnow().replace(second=0, microsecond=0)
    names = ("opens_at", "proposals_start", "proposals_end", "voting_start", "voting_end")
    names += ("closes_at",)
    days = days or (1, 2, 10, 12, 20, 21)
    return {
        name: in_city_time(start + timedelta(days=d)) for name, d in zip(names, days, strict=True)
    }


def form_data(**overrides):
    """What the create and edit form sends, all valid (in Greek)."""
    return {
        "language": "el",
        "title": "Προσιτή στέγαση",
        "summary": "Πώς μπορεί η πόλη να βοηθήσει;",
        "body": "Το **σχέδιο**.",
        "who_may_propose": "members",
        "who_may_comment": "verified",
        "supports_per_person": "3",
        "who_may_support": "verified",
        "support_threshold": "50",
        "authors_may_support": "y",
        "categories": "Housing\n\nRent  support\n",
        **form_dates(),
        **overrides,
    }


def consultations_count():
    return db.session.scalar(select(func.count()).select_from(Consultation))


def reload(consultation):
    """The consultation as stored now."""
    db.session.expire_all()
    return db.session.get(Consultation, consultation.id)
