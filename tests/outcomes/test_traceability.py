"""What became of input: a proposal's page shows its disposition and reason, and the measure
it changed; a participant's account page lists their proposals and comments with their fate."""

import pytest

from consult.feedback import operations as feedback
from consult.outcomes import operations as ops
from tests.conftest import sign_in


@pytest.fixture
def disposed(app, review, make_proposal, make_user, moderator):
    """A proposal by Amira, accepted with a reason."""
    author = make_user(display_name="Amira")
    proposal = make_proposal(review, author=author, title="Interpreters in clinics")
    with app.test_request_context("/en/"):
        ops.dispose(proposal, moderator, "accepted", "The city hires **two** interpreters.")
    return author, proposal


def test_the_proposal_page_shows_its_disposition_and_reason(client, disposed):
    _author, proposal = disposed
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "What happened to it" in html
    assert "Accepted" in html
    assert "The city hires <strong>two</strong> interpreters." in html


def test_a_proposal_without_a_disposition_says_nothing_of_it(client, review, make_proposal):
    proposal = make_proposal(review)
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "What happened to it" not in html


def test_the_proposal_page_shows_the_measure_it_changed(client, disposed, admin, publish_revision):
    _author, proposal = disposed
    plan, revision, version = publish_revision(admin, [("proposals", proposal.id)])
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "In the Action Plan" in html
    assert f'href="/en/plan/{plan.id}/measures/1"' in html
    assert "Measure 1.1" in html
    assert "Interpreters in every clinic" in html
    assert f'href="/en/revisions/{revision.id}"' in html
    assert f"Changed in version {version.number} of the plan" in html


def test_the_outcome_page_shows_what_each_proposal_led_to(
    app, client, review, disposed, admin, moderator, publish_revision
):
    _author, proposal = disposed
    plan, _revision, _version = publish_revision(admin, [("proposals", proposal.id)])
    with app.test_request_context("/en/"):
        ops.write(review, moderator, "Done.")
        ops.publish(review, moderator)
    html = client.get(f"/en/consultations/{review.id}/outcome").get_data(as_text=True)
    assert f'href="/en/plan/{plan.id}/measures/1"' in html
    body = client.get(f"/en/consultations/{review.id}/outcome.json").get_json()
    assert body["dispositions"][0]["amendments"][0]["measure"] == "1.1"


def test_the_account_page_tells_what_became_of_proposals_and_comments(
    app, review, make_consultation, make_proposal, disposed, admin, publish_revision
):
    author, proposal = disposed
    waiting = make_proposal(review, author=author, title="Night buses")
    # A comment of hers, written while comments were open, that an amendment cites.
    open_consultation = make_consultation(phase="proposals")
    other = make_proposal(open_consultation)
    with app.test_request_context("/en/"):
        comment = feedback.post(feedback.discussion_of(other), author, "Clinics need it too.")
    publish_revision(admin, [("proposals", proposal.id), ("comments", comment.id)])
    client = app.test_client()
    sign_in(client, author)
    html = client.get("/en/account").get_data(as_text=True)
    assert "What became of your input" in html
    assert "Interpreters in clinics" in html
    assert "The city hires <strong>two</strong> interpreters." in html
    assert "Night buses" in html
    assert "The moderators have not given it a disposition yet." in html
    assert f'href="/en/proposals/{waiting.id}"' in html
    assert "Your comments cited in the Action Plan" in html
    assert f'href="/en/comments/{comment.id}"' in html
    assert html.count("Measure 1.1") == 2


def test_someone_who_took_no_part_sees_no_such_section(app, make_user):
    client = app.test_client()
    sign_in(client, make_user())
    assert "What became of your input" not in client.get("/en/account").get_data(as_text=True)


def test_the_account_page_runs_as_many_statements_for_many_proposals(
    app, review, make_proposal, make_user, moderator, count_queries
):
    def statements(n):
        author = make_user()
        with app.test_request_context("/en/"):
            for _ in range(n):
                ops.dispose(make_proposal(review, author=author), moderator, "accepted", "Yes.")
        client = app.test_client()
        sign_in(client, author)
        client.get("/en/account")
        with count_queries() as counter:
            client.get("/en/account")
        return counter.count

    assert statements(2) == statements(12)
