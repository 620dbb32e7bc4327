"""The support button through HTTP: forms, flashes, where it leads back, JSON for the script."""

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.supports.models import Support
from tests.conftest import csrf_token, post, sign_in
from tests.supports.conftest import assert_counters_match, rows_for


def flashes(client, url):
    return client.get(url).get_data(as_text=True)


@pytest.fixture
def member_client(client, member):
    sign_in(client, member)
    return client


def test_supporting_through_the_form_comes_back_with_a_message(member_client, proposal):
    response = post(member_client, f"/en/proposals/{proposal.id}/support")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/en/proposals/{proposal.id}"
    html = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your support is counted." in html
    assert "Withdraw my support" in html and "You support it." in html
    assert rows_for(proposal) == 1
    response = post(member_client, f"/en/proposals/{proposal.id}/unsupport")
    html = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your support is withdrawn." in html
    assert rows_for(proposal) == 0
    assert_counters_match()


def test_the_message_is_in_the_persons_language(member_client, proposal):
    response = post(member_client, f"/ar/proposals/{proposal.id}/support")
    assert response.headers["Location"] == f"/ar/proposals/{proposal.id}"
    html = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'lang="ar"' in html


def test_without_csrf_nothing_is_written(member_client, proposal):
    response = member_client.post(f"/en/proposals/{proposal.id}/support", data={})
    assert response.status_code == 400
    assert rows_for(proposal) == 0


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/en/consultations/", "/en/consultations/"),
        ("//evil.example/", None),
        ("https://evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
    ],
)
def test_next_leads_back_only_on_this_site(member_client, proposal, target, expected):
    response = post(member_client, f"/en/proposals/{proposal.id}/support", {"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == (expected or f"/en/proposals/{proposal.id}")


def test_refusals_are_flashed_not_errors(member_client, proposal):
    post(member_client, f"/en/proposals/{proposal.id}/support")
    response = post(member_client, f"/en/proposals/{proposal.id}/support")
    assert response.status_code == 302
    html = member_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You already support this proposal." in html
    assert rows_for(proposal) == 1


def test_outside_the_phase_the_message_gives_the_dates(
    client, make_user, make_consultation, make_proposal
):
    consultation = make_consultation(phase="proposals")
    proposal = make_proposal(consultation)
    sign_in(client, make_user())
    response = post(client, f"/en/proposals/{proposal.id}/support")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Supports are taken from" in html
    assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_a_visitor_is_sent_to_sign_in(client, proposal):
    token = csrf_token(client)
    response = client.post(f"/en/proposals/{proposal.id}/support", data={"csrf_token": token})
    assert response.status_code in (302, 403)
    assert rows_for(proposal) == 0


@pytest.mark.parametrize(
    "path", ["/en/proposals/2147483647/support", "/en/proposals/99999999999/support"]
)
def test_unknown_proposals_are_404(member_client, path):
    assert post(member_client, path).status_code == 404


def test_the_script_gets_json(member_client, proposal):
    token = csrf_token(member_client)
    response = member_client.post(
        f"/en/proposals/{proposal.id}/support",
        headers={"Accept": "application/json", "X-CSRFToken": token},
    )
    assert response.status_code == 200
    data = response.get_json()
    assert data["supported"] is True and data["count"] == 1
    assert data["count_text"] == "1 support" and data["message"] == "Your support is counted."
    again = member_client.post(
        f"/en/proposals/{proposal.id}/support",
        headers={"Accept": "application/json", "X-CSRFToken": token},
    )
    assert again.status_code == 409
    assert again.get_json()["error"] == "You already support this proposal."
    assert again.get_json()["supported"] is True


def test_json_without_csrf_is_refused(member_client, proposal):
    response = member_client.post(
        f"/en/proposals/{proposal.id}/support", headers={"Accept": "application/json"}
    )
    assert response.status_code == 400
    assert rows_for(proposal) == 0


def test_the_list_and_the_page_show_the_button_and_what_is_left(
    client, make_user, make_consultation, make_proposal
):
    consultation = make_consultation(phase="voting", supports_per_person=3)
    proposal = make_proposal(consultation)
    sign_in(client, make_user())
    post(client, f"/en/proposals/{proposal.id}/support")
    listing = client.get(f"/en/consultations/{consultation.id}/proposals/").get_data(as_text=True)
    assert "You have 2 supports left." in listing
    assert f'action="/en/proposals/{proposal.id}/unsupport"' in listing
    assert "/static/js/support.js" in listing
    page = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "You have 2 supports left." in page and "1 support" in page


def test_a_visitor_sees_the_count_and_a_way_to_sign_in(client, proposal):
    html = client.get(f"/en/proposals/{proposal.id}").get_data(as_text=True)
    assert "0 supports" in html and "Sign in to support" in html
    assert 'name="csrf_token"' not in html.split('class="support-form')[1].split("</form>")[0]
