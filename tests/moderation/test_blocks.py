"""Stopping a person from posting, with an end date or until lifted."""

from datetime import date, timedelta

from consult.feedback.models import Comment
from consult.moderation.models import Block, Flag
from consult.proposals.models import Proposal
from tests.conftest import post
from tests.moderation.conftest import count, field_error, flashes, fresh, record_counts


def block_url(user):
    return f"/en/moderation/users/{user.id}/block"


def test_a_block_hides_everything_and_stops_posting_proposals_comments_and_reports(
    place, moderator, signed_in, make_proposal, make_user
):
    other = make_proposal(place.consultation)
    client = signed_in(moderator)
    response = post(client, block_url(place.author), {"reason": "spam", "text": "Adverts"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "can no longer post" in " ".join(flashes(html))
    assert "until the moderators lift it" in html
    fresh(place.proposal, place.consultation)
    assert (place.proposal.moderation, place.proposal.hidden_reason) == ("hidden", "author_blocked")
    assert place.consultation.proposals_count == 1

    blocked = signed_in(place.author)
    page = blocked.get(f"/en/consultations/{place.consultation.id}/proposals/new")
    assert "stopped you from posting" in page.get_data(as_text=True)
    proposals = count(Proposal)
    response = post(
        blocked,
        f"/en/consultations/{place.consultation.id}/proposals/new",
        {"title": "Again", "body": "More adverts", "language": "en"},
    )
    assert response.status_code == 403
    assert count(Proposal) == proposals

    comments = count(Comment)
    response = post(
        blocked,
        f"/en/discuss/proposal/{other.id}/comments/new",
        {"body": "Buy now", "alignment": "neutral"},
    )
    assert response.status_code != 302
    assert count(Comment) == comments

    before = record_counts()
    response = post(blocked, f"/en/flag/proposal/{other.id}", {"reason": "spam"})
    assert response.status_code == 409
    assert "stopped you from posting" in response.get_data(as_text=True)
    assert record_counts() == before
    assert count(Flag) == 0


def test_a_block_with_an_end_date(place, moderator, signed_in, app):
    client = signed_in(moderator)
    end = date.today() + timedelta(days=10)
    response = post(client, block_url(place.author), {"reason": "hate", "ends_on": end.isoformat()})
    assert response.status_code == 302
    block = Block.query.one()
    assert block.ends_at is not None and block.ends_at.date() in (end, end - timedelta(days=1))
    html = signed_in(place.author).get("/en/account").get_data(as_text=True)
    assert "You can post again from" in html


def test_the_end_date_must_be_in_the_future_and_the_reason_known(place, moderator, signed_in):
    client = signed_in(moderator)
    before = record_counts()
    response = post(
        client,
        block_url(place.author),
        {"reason": "spam", "ends_on": (date.today() - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "ends_on") == (
        "Error: Choose a date after today, or leave it empty."
    )
    response = post(client, block_url(place.author), {"reason": "spam", "ends_on": "soon"})
    assert field_error(response.get_data(as_text=True), "ends_on") == (
        "Error: Enter a date, like 2026-03-31."
    )
    response = post(client, block_url(place.author), {"reason": "no_breach"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "reason") == (
        "Error: Choose a reason from the list."
    )
    assert record_counts() == before


def test_unblocking_restores_what_the_block_hid(place, moderator, second_moderator, signed_in):
    post(signed_in(moderator), block_url(place.author), {"reason": "spam"})
    client = signed_in(second_moderator)
    response = post(client, f"/en/moderation/users/{place.author.id}/unblock", {"text": "Sorry"})
    assert response.status_code == 302
    assert "The block is lifted" in " ".join(
        flashes(client.get(response.headers["Location"]).get_data(as_text=True))
    )
    fresh(place.proposal, place.consultation)
    assert place.proposal.moderation == "visible"
    assert place.consultation.proposals_count == 1
    # Lifting it again says there is nothing to lift.
    response = post(client, f"/en/moderation/users/{place.author.id}/unblock", {})
    assert "not stopped from posting" in " ".join(
        flashes(client.get(response.headers["Location"]).get_data(as_text=True))
    )


def test_who_may_block(place, local_moderator, make_user, moderator, signed_in, client):
    url = block_url(place.author)
    assert client.get(url).status_code == 302
    assert signed_in(make_user()).get(url).status_code == 403
    assert signed_in(local_moderator(place.consultation)).get(url).status_code == 403
    assert signed_in(moderator).get(url).status_code == 200
    # Not oneself, not an admin.
    assert signed_in(moderator).get(block_url(moderator)).status_code == 403
    admin = make_user(roles=("admin",))
    assert signed_in(moderator).get(block_url(admin)).status_code == 403


def test_the_admin_user_page_links_to_the_block_and_shows_it(
    place, make_user, moderator, signed_in
):
    admin = signed_in(make_user(roles=("admin",)))
    html = admin.get(f"/en/admin/users/{place.author.id}").get_data(as_text=True)
    assert block_url(place.author) in html and "This person may post." in html
    post(signed_in(moderator), block_url(place.author), {"reason": "hate"})
    html = admin.get(f"/en/admin/users/{place.author.id}").get_data(as_text=True)
    assert "The moderators have stopped this person from posting." in html
    assert "Hate or harassment" in html
