"""Reporting a proposal or a comment through the form."""

from consult.moderation.models import Flag
from tests.conftest import post
from tests.moderation.conftest import (
    alerts,
    count,
    field_error,
    flashes,
    fresh,
    record_counts,
)


def test_a_member_reports_a_proposal_and_is_sent_back_to_it(place, make_user, signed_in):
    client = signed_in(make_user())
    url = f"/en/flag/proposal/{place.proposal.id}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Personal information exposed" in page.get_data(as_text=True)
    response = post(client, url, {"reason": "spam", "details": "Selling things"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/en/proposals/{place.proposal.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "it is reported" in " ".join(flashes(html))
    assert count(Flag, object_id=place.proposal.id, reason="spam") == 1
    fresh(place.proposal)
    assert place.proposal.moderation == "visible"


def test_a_member_reports_a_comment(place, make_user, signed_in):
    client = signed_in(make_user())
    response = post(client, f"/en/flag/comment/{place.comment.id}", {"reason": "hate"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/en/proposals/{place.proposal.id}#comment-{place.comment.id}"
    )
    assert count(Flag, object_type="comments", object_id=place.comment.id) == 1


def test_personal_information_hides_at_the_first_report(place, make_user, signed_in):
    client = signed_in(make_user())
    response = post(client, f"/en/flag/comment/{place.comment.id}", {"reason": "personal_info"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "hidden until a moderator reviews it" in " ".join(flashes(html))
    fresh(place.comment)
    assert (place.comment.moderation, place.comment.hidden_reason) == ("pending", "personal_info")


def test_own_content_is_refused_with_a_message_and_nothing_written(place, signed_in):
    client = signed_in(place.author)
    url = f"/en/flag/proposal/{place.proposal.id}"
    page = client.get(url).get_data(as_text=True)
    assert "You cannot report what you wrote yourself." in alerts(page)
    before = record_counts()
    response = post(client, url, {"reason": "spam"})
    assert response.status_code == 409
    assert "You cannot report what you wrote yourself." in alerts(response.get_data(as_text=True))
    assert record_counts() == before


def test_reporting_twice_is_refused(place, make_user, signed_in):
    client = signed_in(make_user())
    url = f"/en/flag/proposal/{place.proposal.id}"
    assert post(client, url, {"reason": "spam"}).status_code == 302
    before = record_counts()
    response = post(client, url, {"reason": "hate"})
    assert response.status_code == 409
    assert "You have already reported this." in alerts(response.get_data(as_text=True))
    assert record_counts() == before


def test_other_needs_details_and_the_typed_text_is_kept(place, make_user, signed_in):
    client = signed_in(make_user())
    url = f"/en/flag/proposal/{place.proposal.id}"
    response = post(client, url, {"reason": "other", "details": "   "})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "details") == (
        "Error: Say what is wrong: you chose “Other”."
    )
    response = post(client, url, {"reason": "nonsense", "details": "kept <b>text</b>"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "kept &lt;b&gt;text&lt;/b&gt;" in html
    assert field_error(html, "reason") == "Error: Choose a reason from the list."
    response = post(client, url, {"reason": "other", "details": "x" * 1001})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "details") == (
        "Error: Use at most 1000 characters."
    )
    assert count(Flag) == 0


def test_visitors_are_sent_to_sign_in_and_cannot_post(place, client):
    url = f"/en/flag/proposal/{place.proposal.id}"
    response = client.get(url)
    assert response.status_code == 302
    assert "/en/sign-in" in response.headers["Location"]
    assert client.post(url, data={"reason": "spam"}).status_code in (400, 403)


def test_unknown_kinds_and_items_are_not_found(place, make_user, signed_in):
    client = signed_in(make_user())
    assert client.get(f"/en/flag/users/{place.author.id}").status_code == 404
    assert client.get("/en/flag/proposal/2147483647").status_code == 404
    assert client.get("/en/flag/comment/2147483647").status_code == 404


def test_hidden_items_cannot_be_reported_by_those_who_cannot_see_them(
    place, make_user, signed_in, flag
):
    flag(place.proposal, make_user(), "personal_info")
    client = signed_in(make_user())
    assert client.get(f"/en/flag/proposal/{place.proposal.id}").status_code == 404


def test_enough_distinct_reports_hide_an_item_pending_review(
    place, make_user, signed_in, make_consultation, make_proposal
):
    consultation = make_consultation(phase="proposals", state="open", flags_to_hide=2)
    proposal = make_proposal(consultation)
    url = f"/en/flag/proposal/{proposal.id}"
    post(signed_in(make_user()), url, {"reason": "spam"})
    fresh(proposal)
    assert proposal.moderation == "visible"
    post(signed_in(make_user()), url, {"reason": "off_topic"})
    fresh(proposal)
    assert (proposal.moderation, proposal.hidden_reason) == ("pending", "flagged")


def test_the_default_is_three_reports_for_a_comment(place, make_user, signed_in):
    url = f"/en/flag/comment/{place.comment.id}"
    for n in range(3):
        fresh(place.comment)
        assert place.comment.moderation == "visible", n
        post(signed_in(make_user()), url, {"reason": "spam"})
    fresh(place.comment)
    assert place.comment.moderation == "pending"
