"""A member a moderator has blocked from posting is told so on the new-proposal page and when
publishing a draft; nothing is written."""

from datetime import timedelta

from consult.core.history import utcnow
from consult.moderation import operations as mod
from consult.proposals import operations as ops
from consult.proposals.models import Proposal
from tests.conftest import post
from tests.proposals.conftest import flashes, proposal_count, refresh

BLOCKED = "A moderator has stopped you from posting: you cannot propose or publish for now."


def test_a_blocked_member_cannot_propose_and_is_told_why(
    app, client_for, consultation, author, moderator
):
    with app.test_request_context("/en/"):
        mod.block(author, moderator, "spam", "Adverts", utcnow() + timedelta(days=2))
    client = client_for(author)
    response = client.get(f"/en/consultations/{consultation.id}/proposals/new")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert BLOCKED in html
    assert 'name="title"' not in html
    before = proposal_count()
    response = post(
        client,
        f"/en/consultations/{consultation.id}/proposals/new",
        {"title": "Adverts", "body": "Buy now", "language": "en"},
    )
    assert response.status_code == 403
    assert BLOCKED in response.get_data(as_text=True)
    assert proposal_count() == before


def test_a_blocked_author_cannot_publish_a_draft_and_is_told_why(
    app, client_for, consultation, author, moderator
):
    with app.test_request_context("/en/"):
        draft = ops.create(consultation, author, "Interpreters", "At the hospital.", None, "en")
        mod.block(author, moderator, "spam", "Adverts")
    client = client_for(author)
    html = client.get(f"/en/proposals/{draft.id}").get_data(as_text=True)
    assert BLOCKED in html
    response = post(client, f"/en/proposals/{draft.id}/transition/publish", follow_redirects=True)
    assert BLOCKED in flashes(response.get_data(as_text=True))
    assert refresh(draft).state == "draft"
    assert isinstance(draft, Proposal)
