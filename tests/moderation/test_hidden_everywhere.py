"""A hidden proposal is gone from every list, count, result and export, except for its author and
its moderators, who see it marked hidden with the reason."""

import json

import pytest

from tests.moderation.conftest import fresh

TITLE = "Open the library on Sundays"


@pytest.fixture(params=["decided", "pending"])
def hidden(request, place, decide, flag, moderator, make_user):
    if request.param == "decided":
        decide([place.proposal], moderator, "hide", "spam")
    else:
        flag(place.proposal, make_user(), "personal_info")
    return place


def test_absent_from_lists_results_exports_and_counts(hidden, signed_in, make_user, client):
    c = hidden.consultation.id
    for viewer in (client, signed_in(make_user())):
        for url in (
            f"/en/consultations/{c}/proposals/",
            f"/en/consultations/{c}/results",
            f"/en/consultations/{c}/results.csv",
        ):
            assert TITLE not in viewer.get(url).get_data(as_text=True), url
        body = json.loads(viewer.get(f"/en/consultations/{c}/results.json").get_data(as_text=True))
        assert [p["id"] for p in body["proposals"]] == []
    fresh(hidden.consultation)
    assert hidden.consultation.proposals_count == 0


def test_seen_by_its_author_and_its_moderators_with_the_notice(
    hidden, signed_in, moderator, local_moderator, make_user
):
    url = f"/en/proposals/{hidden.proposal.id}"
    for user in (hidden.author, moderator, local_moderator(hidden.consultation)):
        response = signed_in(user).get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert TITLE in html
        assert 'class="notice notice--hidden"' in html
    assert signed_in(make_user()).get(url).status_code == 404
