"""The moderation queue, decisions (single and bulk) and who may take them."""

import re

import pytest

from consult.moderation.models import Decision, Flag
from tests.conftest import post
from tests.moderation.conftest import alerts, count, field_error, flashes, fresh, record_counts


def queue_keys(html):
    """The items in the queue, in order, as "kind:id"."""
    return re.findall(r'name="items" value="([a-z]+:\d+)"', html)


@pytest.fixture
def flagged(place, make_user, flag, make_proposal):
    """The comment reported first (spam, hate), then the proposal (off-topic), then a proposal
    of another consultation."""
    flag(place.comment, make_user(display_name="Flagger Eva"), "spam", "Buy <script>x</script>")
    flag(place.comment, make_user(), "hate")
    flag(place.proposal, make_user(), "off_topic")
    return place


def test_the_queue_groups_by_item_oldest_first_with_reasons_and_details(
    flagged, moderator, signed_in
):
    client = signed_in(moderator)
    response = client.get("/en/moderation/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert queue_keys(html) == [f"comment:{flagged.comment.id}", f"proposal:{flagged.proposal.id}"]
    assert "Spam or advertising: 1" in html and "Hate or harassment: 1" in html
    assert "<bdi>Flagger Eva</bdi>" in html
    assert "Buy &lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert "<bdi>Commenter Kostas</bdi>" in html and "<bdi>Author Amal</bdi>" in html
    assert "<strong>fine</strong>" in html  # the comment, through the sanitiser
    assert "Open the library on Sundays" in html
    assert "2 items wait for review." in html
    assert "0 open appeals" in html


def test_the_queue_filters_by_reason_and_consultation(
    flagged, moderator, signed_in, make_consultation, make_proposal, make_user, flag
):
    other = make_consultation(phase="proposals", state="open")
    elsewhere = make_proposal(other)
    flag(elsewhere, make_user(), "hate")
    client = signed_in(moderator)
    html = client.get("/en/moderation/?reason=hate").get_data(as_text=True)
    assert queue_keys(html) == [f"comment:{flagged.comment.id}", f"proposal:{elsewhere.id}"]
    html = client.get(f"/en/moderation/?consultation={other.id}").get_data(as_text=True)
    assert queue_keys(html) == [f"proposal:{elsewhere.id}"]
    # Anything else is ignored.
    html = client.get("/en/moderation/?reason=nope&consultation=x").get_data(as_text=True)
    assert len(queue_keys(html)) == 3


def test_members_may_not_see_the_queue_and_visitors_sign_in(flagged, make_user, signed_in, client):
    assert signed_in(make_user()).get("/en/moderation/").status_code == 403
    assert client.get("/en/moderation/").status_code == 302


def test_a_local_moderator_sees_and_decides_only_their_consultations(
    flagged, local_moderator, signed_in, make_consultation, make_proposal, make_user, flag
):
    other = make_consultation(phase="proposals", state="open")
    elsewhere = make_proposal(other)
    flag(elsewhere, make_user(), "hate")
    client = signed_in(local_moderator(flagged.consultation))
    html = client.get("/en/moderation/").get_data(as_text=True)
    assert f"proposal:{elsewhere.id}" not in queue_keys(html)
    assert len(queue_keys(html)) == 2
    assert client.get(f"/en/moderation/?consultation={other.id}").status_code == 403
    before = record_counts()
    response = post(
        client,
        "/en/moderation/decide",
        {"items": [f"proposal:{elsewhere.id}"], "action": "hide", "reason": "hate"},
    )
    assert response.status_code == 403
    assert record_counts() == before
    # One of theirs and one of another consultation's: nothing at all.
    response = post(
        client,
        "/en/moderation/decide",
        {
            "items": [f"proposal:{flagged.proposal.id}", f"proposal:{elsewhere.id}"],
            "action": "hide",
            "reason": "hate",
        },
    )
    assert response.status_code == 403
    assert record_counts() == before
    fresh(flagged.proposal)
    assert flagged.proposal.moderation == "visible"


def test_a_bulk_decision_hides_every_chosen_item_and_resolves_their_flags(
    flagged, moderator, signed_in
):
    client = signed_in(moderator)
    response = post(
        client,
        "/en/moderation/decide",
        {
            "items": [f"comment:{flagged.comment.id}", f"proposal:{flagged.proposal.id}"],
            "action": "hide",
            "reason": "spam",
            "text": "Advertising",
        },
    )
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 items are hidden." in flashes(html)
    assert queue_keys(html) == []
    fresh(flagged.comment, flagged.proposal)
    assert flagged.comment.moderation == flagged.proposal.moderation == "hidden"
    assert count(Flag, decision_id=None) == 0
    assert count(Decision, action="hide", text="Advertising") == 2


def test_a_refused_bulk_decision_changes_nothing_and_says_why(flagged, moderator, signed_in):
    client = signed_in(moderator)
    before = record_counts()
    items = [f"comment:{flagged.comment.id}", f"proposal:{flagged.proposal.id}"]
    response = post(
        client,
        "/en/moderation/decide",
        {"items": items, "action": "hide", "reason": "no_breach", "text": "typed"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "reason") == "Error: To hide something, choose the rule it breaks."
    assert len(re.findall(r'value="[a-z]+:\d+" id="item-\d+" checked', html)) == 2
    assert "typed</textarea>" in html
    response = post(client, "/en/moderation/decide", {"action": "hide", "reason": "spam"})
    assert response.status_code == 422
    assert "Choose at least one item." in alerts(response.get_data(as_text=True))
    assert record_counts() == before
    fresh(flagged.comment, flagged.proposal)
    assert flagged.comment.moderation == flagged.proposal.moderation == "visible"


def test_nonsense_items_are_not_found(flagged, moderator, signed_in):
    client = signed_in(moderator)
    for value in ("proposal:abc", "users:1", "proposal:2147483647", "comment:99999999999"):
        response = post(
            client, "/en/moderation/decide", {"items": [value], "action": "hide", "reason": "spam"}
        )
        assert response.status_code == 404, value


def test_dismissing_restores_a_pending_item(place, make_user, flag, moderator, signed_in):
    flag(place.proposal, make_user(), "personal_info")
    client = signed_in(moderator)
    response = post(
        client,
        "/en/moderation/decide?from=item",
        {"items": [f"proposal:{place.proposal.id}"], "action": "dismiss", "reason": "no_breach"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/en/moderation/items/proposal/{place.proposal.id}"
    )
    fresh(place.proposal, place.consultation)
    assert place.proposal.moderation == "visible"
    assert place.consultation.proposals_count == 1


def test_the_item_page_shows_its_whole_record(flagged, moderator, signed_in, decide):
    decide([flagged.comment], moderator, "hide", "hate", "Insults")
    client = signed_in(moderator)
    html = client.get(f"/en/moderation/items/comment/{flagged.comment.id}").get_data(as_text=True)
    assert "<bdi>Flagger Eva</bdi>" in html
    assert "<bdi>Moderator Maria</bdi>" in html and "Insults" in html
    assert f"/en/moderation/users/{flagged.commenter.id}/block" in html
    assert "Hidden by the moderators" in html


def test_the_queue_runs_the_same_statements_for_3_and_20_items(
    place, make_proposal, make_user, flag, moderator, signed_in, count_queries
):
    client = signed_in(moderator)
    flaggers = [make_user() for _ in range(2)]

    def add(n):
        for _ in range(n):
            proposal = make_proposal(place.consultation)
            flag(proposal, flaggers[0], "spam")
            flag(proposal, flaggers[1], "hate", "why")

    def statements():
        fresh()
        with count_queries() as counter:
            assert client.get("/en/moderation/").status_code == 200
        return counter.count

    add(1)
    flag(place.comment, flaggers[0], "spam")
    flag(place.comment, flaggers[1], "spam")
    add(1)
    three = statements()
    add(17)
    assert statements() == three
