"""What the author sees of their hidden content on their account page, and nobody else."""

from tests.conftest import post


def test_nothing_hidden_no_section(place, signed_in):
    html = signed_in(place.author).get("/en/account").get_data(as_text=True)
    assert 'id="moderation"' not in html


def test_the_author_sees_what_was_hidden_why_and_may_appeal(place, decide, moderator, signed_in):
    decide([place.proposal], moderator, "hide", "misinformation", "The <b>dates</b> are wrong")
    client = signed_in(place.author)
    html = client.get("/en/account").get_data(as_text=True)
    assert 'id="moderation"' in html
    assert "Open the library on Sundays" in html
    assert "Misinformation" in html
    assert "The &lt;b&gt;dates&lt;/b&gt; are wrong" in html
    appeal_url = f"/en/appeal/proposal/{place.proposal.id}"
    assert appeal_url in html
    post(client, appeal_url, {"text": "They are right"})
    html = client.get("/en/account").get_data(as_text=True)
    assert "Waiting for a moderator" in html
    assert f'href="{appeal_url}"' not in html


def test_a_pending_item_is_waiting_for_review(place, flag, make_user, signed_in):
    flag(place.comment, make_user(), "personal_info")
    html = signed_in(place.commenter).get("/en/account").get_data(as_text=True)
    assert "Personal information exposed" in html and "waiting for review" in html
    assert f"#comment-{place.comment.id}" in html
    assert "/en/appeal/comment/" not in html


def test_a_blocked_person_sees_the_block(place, moderator, signed_in):
    post(signed_in(moderator), f"/en/moderation/users/{place.author.id}/block", {"reason": "spam"})
    html = signed_in(place.author).get("/en/account").get_data(as_text=True)
    assert "The moderators have stopped you from posting." in html
    assert "Until the moderators lift it." in html
    assert "The author is blocked" in html
    assert "/en/appeal/proposal/" not in html


def test_other_people_never_see_hidden_items(
    place, decide, moderator, make_user, signed_in, client
):
    decide([place.proposal, place.comment], moderator, "hide", "spam")
    for viewer in (signed_in(make_user()), client):
        html = viewer.get(f"/en/consultations/{place.consultation.id}/proposals/").get_data(
            as_text=True
        )
        assert "Open the library on Sundays" not in html
        assert viewer.get(f"/en/proposals/{place.proposal.id}").status_code == 404
    html = signed_in(make_user()).get("/en/account").get_data(as_text=True)
    assert 'id="moderation"' not in html
