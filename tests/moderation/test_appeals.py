"""The author appeals once; another moderator decides."""

from consult.moderation.models import Appeal, Decision
from tests.conftest import post
from tests.moderation.conftest import alerts, count, field_error, flashes, fresh, record_counts


def hide_proposal(place, decide, moderator):
    decide([place.proposal], moderator, "hide", "off_topic", "Not about the library")


def test_the_author_appeals_once(place, decide, moderator, signed_in):
    hide_proposal(place, decide, moderator)
    client = signed_in(place.author)
    url = f"/en/appeal/proposal/{place.proposal.id}"
    html = client.get(url).get_data(as_text=True)
    assert "Not about the library" in html and "Off-topic" in html
    response = post(client, url, {"text": "   "})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "text") == "Error: Write a few words."
    response = post(client, url, {"text": "It is about the library's hours."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/account#moderation")
    assert count(Appeal, state="open") == 1
    before = record_counts()
    response = post(client, url, {"text": "Again"})
    assert response.status_code == 409
    assert "You have already appealed." in alerts(response.get_data(as_text=True))
    assert record_counts() == before


def test_only_the_author_may_appeal(place, decide, moderator, make_user, signed_in):
    hide_proposal(place, decide, moderator)
    url = f"/en/appeal/proposal/{place.proposal.id}"
    assert signed_in(make_user()).get(url).status_code == 404
    assert signed_in(moderator).get(url).status_code == 404
    assert post(signed_in(make_user()), url, {"text": "mine"}).status_code == 404


def test_nothing_to_appeal_while_visible_or_pending(place, flag, make_user, signed_in):
    client = signed_in(place.author)
    url = f"/en/appeal/proposal/{place.proposal.id}"
    assert "This is not hidden" in alerts(client.get(url).get_data(as_text=True))
    flag(place.proposal, make_user(), "personal_info")
    html = client.get(url).get_data(as_text=True)
    assert "No moderator has decided about this yet" in alerts(html)
    assert post(client, url, {"text": "Please"}).status_code == 409
    assert count(Appeal) == 0


def test_the_moderator_who_hid_it_may_not_decide_the_appeal(
    place, decide, moderator, second_moderator, signed_in
):
    hide_proposal(place, decide, moderator)
    post(signed_in(place.author), f"/en/appeal/proposal/{place.proposal.id}", {"text": "Unfair"})
    appeal = Appeal.query.one()
    client = signed_in(moderator)
    html = client.get("/en/moderation/appeals").get_data(as_text=True)
    assert "another moderator must decide the appeal" in html
    assert f"/en/moderation/appeals/{appeal.id}" not in html
    before = record_counts()
    response = post(
        client,
        f"/en/moderation/appeals/{appeal.id}",
        {f"appeal-{appeal.id}-decision": "grant", f"appeal-{appeal.id}-reason": "no_breach"},
    )
    assert response.status_code == 422
    assert "another moderator must decide the appeal" in alerts(response.get_data(as_text=True))
    assert record_counts() == before
    fresh(place.proposal)
    assert place.proposal.moderation == "hidden"
    # Another moderator sees the form.
    html = signed_in(second_moderator).get("/en/moderation/appeals").get_data(as_text=True)
    assert "Unfair" in html and "<bdi>Moderator Maria</bdi>" in html
    assert f'action="/en/moderation/appeals/{appeal.id}"' in html


def test_another_moderator_grants_the_appeal(place, decide, moderator, second_moderator, signed_in):
    hide_proposal(place, decide, moderator)
    post(signed_in(place.author), f"/en/appeal/proposal/{place.proposal.id}", {"text": "Unfair"})
    appeal = Appeal.query.one()
    client = signed_in(second_moderator)
    response = post(
        client,
        f"/en/moderation/appeals/{appeal.id}",
        {f"appeal-{appeal.id}-decision": "grant", f"appeal-{appeal.id}-reason": "no_breach"},
    )
    assert response.status_code == 302
    assert "The appeal is granted" in " ".join(flashes(client.get("/en/").get_data(as_text=True)))
    fresh(place.proposal, appeal, place.consultation)
    assert place.proposal.moderation == "visible"
    assert appeal.state == "granted" and appeal.decided_by_id == second_moderator.id
    assert place.consultation.proposals_count == 1


def test_another_moderator_refuses_the_appeal(
    place, decide, moderator, second_moderator, signed_in
):
    hide_proposal(place, decide, moderator)
    post(signed_in(place.author), f"/en/appeal/proposal/{place.proposal.id}", {"text": "Unfair"})
    appeal = Appeal.query.one()
    client = signed_in(second_moderator)
    prefix = f"appeal-{appeal.id}-"
    response = post(
        client,
        f"/en/moderation/appeals/{appeal.id}",
        {prefix + "decision": "refuse", prefix + "reason": "no_breach"},
    )
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), prefix + "reason") == (
        "Error: To hide something, choose the rule it breaks."
    )
    response = post(
        client,
        f"/en/moderation/appeals/{appeal.id}",
        {prefix + "decision": "refuse", prefix + "reason": "off_topic", prefix + "text": "Still"},
    )
    assert response.status_code == 302
    fresh(place.proposal, appeal)
    assert place.proposal.moderation == "hidden" and appeal.state == "refused"
    assert count(Decision, action="uphold") == 1
    html = signed_in(place.author).get("/en/account").get_data(as_text=True)
    assert "Refused: the item stays hidden" in html


def test_a_decided_appeal_cannot_be_decided_again(
    place, decide, moderator, second_moderator, make_user, signed_in
):
    hide_proposal(place, decide, moderator)
    post(signed_in(place.author), f"/en/appeal/proposal/{place.proposal.id}", {"text": "Unfair"})
    appeal = Appeal.query.one()
    data = {f"appeal-{appeal.id}-decision": "grant", f"appeal-{appeal.id}-reason": "no_breach"}
    assert (
        post(signed_in(second_moderator), f"/en/moderation/appeals/{appeal.id}", data).status_code
        == 302
    )
    third = make_user(roles=("moderator",))
    client = signed_in(third)
    before = record_counts()
    response = post(client, f"/en/moderation/appeals/{appeal.id}", data)
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This appeal has already been decided." in flashes(html)
    assert record_counts() == before
