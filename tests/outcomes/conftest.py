"""Fixtures for outcomes: a consultation in its review phase with published proposals, its
curators, and a published Action Plan revision citing a proposal."""

import pytest

from consult.consultations import operations as consultations
from tests.conftest import sign_in


@pytest.fixture
def review(make_consultation):
    return make_consultation(phase="review")


@pytest.fixture
def moderator(make_user):
    return make_user(roles=("moderator",), display_name="Moderator Nikos")


@pytest.fixture
def admin(make_user):
    return make_user(roles=("admin",), display_name="Admin Eleni")


@pytest.fixture
def member(make_user):
    return make_user(display_name="Marta")


@pytest.fixture
def local_moderator(app, make_user, review):
    user = make_user(display_name="Local Lina")
    with app.test_request_context("/en/"):
        consultations.grant_local_moderator(review, user, None)
    return user


@pytest.fixture
def signed_in(app):
    """``signed_in(user)``: a test client signed in as ``user``."""

    def make(user):
        client = app.test_client()
        sign_in(client, user)
        return client

    return make


@pytest.fixture
def ops_ctx(app):
    """A request context for calling operations directly."""
    with app.test_request_context("/en/"):
        yield


@pytest.fixture
def publish_revision(app):
    """``publish_revision(admin, citations, measure_title=…)``: a plan whose measure 1.1 a
    published revision changed, citing ``citations``; returns ``(plan, revision, version)``."""
    from consult.actionplan import operations as plans

    def make(admin, citations, new_title="Interpreters in every clinic"):
        with app.test_request_context("/en/"):
            plan = plans.create_plan(
                admin,
                "Inclusion Action Plan",
                "en",
                "The plan.",
                [("Health", "Care for all.", [{"title": "Interpreters at the hospital"}])],
            )
            revision = plans.open_revision(plan, admin, "After the consultation", "Why.", "en")
            plans.amend(
                revision,
                admin,
                "change",
                measure_key=1,
                title=new_title,
                reason="People asked for it.",
                citations=citations,
            )
            plans.transition(revision, "approve", admin)
            version = plans.publish(revision, admin)
            return plan, revision, version

    return make
