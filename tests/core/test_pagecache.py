"""Visitors' pages kept ready-made (consult/core/pagecache.py): the next visitor gets the page
without a query, nobody ever gets someone else's page, and no change waits for a page to
expire — a comment a moderator hides is gone for the very next visitor."""

import pytest

from consult import create_app
from consult.core.reads import ContentRead
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.moderation.operations import decide
from tests import conftest
from tests.conftest import csrf_token, sign_in


@pytest.fixture
def kept(app):
    """An app on the tests' database that keeps visitors' pages (in its process's memory)."""
    keeping = create_app(
        {**conftest.testing_config(), "PAGE_CACHE_SECONDS": 60, "CACHE_TYPE": "SimpleCache"}
    )
    with keeping.app_context():
        from consult.core.pagecache import cache

        cache.clear()
    return keeping


@pytest.fixture
def visitor(kept):
    return kept.test_client


def test_the_next_visitor_gets_the_page_without_a_query(
    kept, visitor, make_consultation, make_proposal, count_queries
):
    proposal = make_proposal(make_consultation(), title="Evening classes in Greek")
    url = f"/en/proposals/{proposal.id}"
    first = visitor().get(url)
    assert first.status_code == 200
    # A new visitor: only their read is counted (the tests' savepoints stand for the
    # transaction, which costs no statement of its own in production).
    with count_queries() as n:
        second = visitor().get(url)
    assert second.get_data() == first.get_data()
    seen = [statement for statement in n.statements if "SAVEPOINT" not in statement]
    assert len(seen) == 1 and seen[0].startswith("INSERT INTO content_reads")
    same_visitor = visitor()
    same_visitor.get("/en/consultations/")
    with count_queries() as n:
        again = same_visitor.get("/en/consultations/")
    assert n.count == 0
    assert again.status_code == 200
    assert "Evening classes in Greek" in second.get_data(as_text=True)
    assert again.headers["Cache-Control"] == "private, no-cache" and "ETag" in again.headers
    assert (
        same_visitor.get(
            "/en/consultations/", headers={"If-None-Match": again.headers["ETag"]}
        ).status_code
        == 304
    )


def test_each_visitor_served_a_kept_page_is_counted_as_a_reader(
    kept, visitor, make_consultation, make_proposal
):
    proposal = make_proposal(make_consultation())
    url, key = f"/en/proposals/{proposal.id}", ("proposals", proposal.id)
    for _ in range(3):
        client = visitor()
        client.get(url)
        client.get(url)  # a reload is not a reader
    assert db.session.get(ContentRead, key).reads == 3


def test_a_change_shows_to_the_very_next_visitor(
    kept, visitor, make_user, make_consultation, make_proposal
):
    consultation = make_consultation()
    proposal = make_proposal(consultation)
    author, moderator = make_user(), make_user(roles=("moderator",))
    with kept.test_request_context("/en/"):
        comment = feedback.post(
            feedback.discussion_of(proposal), author, "My phone number is 6900000000"
        )
    url = f"/en/proposals/{proposal.id}"
    assert "6900000000" in visitor().get(url).get_data(as_text=True)
    assert "6900000000" in visitor().get(url).get_data(as_text=True)

    with kept.test_request_context("/en/"):
        decide([comment], moderator, "hide", "personal_info")
    assert "6900000000" not in visitor().get(url).get_data(as_text=True)

    make_proposal(consultation, title="A library in Kalamaria")
    assert "A library in Kalamaria" in visitor().get(
        f"/en/consultations/{consultation.id}/proposals/"
    ).get_data(as_text=True)


def test_a_member_never_gets_a_visitors_page_nor_a_visitor_a_members(
    kept, visitor, make_user, make_consultation, make_proposal
):
    proposal = make_proposal(make_consultation())
    url = f"/en/proposals/{proposal.id}"
    visitor().get(url)
    member = visitor()
    sign_in(member, make_user(display_name="Amira Haddad"))
    page = member.get(url).get_data(as_text=True)
    assert "Amira Haddad" in page and "Sign out" in page
    assert page.count('name="csrf_token"') >= 2  # the support button and sign-out form
    for _ in range(2):
        shown = visitor().get(url).get_data(as_text=True)
        assert "Amira Haddad" not in shown and "Sign out" not in shown
        assert "Sign in" in shown


def test_a_page_with_a_form_is_built_for_each_visitor(kept, visitor):
    first, second = visitor(), visitor()
    assert csrf_token(first, "/en/sign-in") != csrf_token(second, "/en/sign-in")


def test_a_message_for_a_visitor_is_theirs_alone(kept, visitor, make_user):
    url = "/en/consultations/"
    visitor().get(url)
    member = visitor()
    sign_in(member, make_user())
    member.post("/en/sign-out", data={"csrf_token": csrf_token(member)})
    # "You have signed out." waits for their next page: that page is theirs, not the kept one,
    # and it is not kept for the next visitor either.
    assert "You have signed out." in member.get(url).get_data(as_text=True)
    assert "You have signed out." not in member.get(url).get_data(as_text=True)
    assert "You have signed out." not in visitor().get(url).get_data(as_text=True)


def test_a_random_order_stays_each_visitors_own(kept, visitor, make_consultation, make_proposal):
    consultation = make_consultation()
    for _ in range(12):
        make_proposal(consultation)
    url = f"/en/consultations/{consultation.id}/proposals/?sort=random"
    orders = set()
    for _ in range(6):
        client = visitor()
        page = client.get(url).get_data(as_text=True)
        assert client.get(url).get_data(as_text=True) == page  # their order, kept in session
        orders.add(page)
    assert len(orders) > 1


def test_a_store_out_of_reach_costs_the_visitor_nothing(
    kept, visitor, make_consultation, make_proposal, monkeypatch, caplog
):
    from consult.core.pagecache import cache

    proposal = make_proposal(make_consultation(), title="Evening classes in Greek")

    def unreachable(*_args, **_kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(cache, "get_many", unreachable)
    monkeypatch.setattr(cache, "set", unreachable)
    for _ in range(2):
        page = visitor().get(f"/en/proposals/{proposal.id}")
        assert page.status_code == 200
        assert "Evening classes in Greek" in page.get_data(as_text=True)
    assert "The page cache failed to get many." in caplog.text
