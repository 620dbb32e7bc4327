"""Assisted participation: a verifier records a support for a verified participant present with
them; moderators audit every such support."""

import re

import pytest
from sqlalchemy import select

from consult.accounts import operations as accounts
from consult.core.history import HistoryEntry
from consult.extensions import db
from consult.supports.models import Support
from consult.verification import operations as ops
from tests.conftest import post, sign_in


@pytest.fixture
def verifier_client(app, verifier):
    client = app.test_client()
    sign_in(client, verifier)
    return client


@pytest.fixture
def participant(app, make_user, verifier, issue):
    user = make_user(display_name="Salma")
    (code,) = issue(verifier)
    with app.test_request_context("/en/"):
        ops.redeem(user, code, "10.0.0.1")
    return user


@pytest.fixture
def voting(make_consultation, make_proposal):
    consultation = make_consultation(phase="voting", title="Housing now")
    return consultation, make_proposal(consultation, title="More social housing")


def _error(html, field_id):
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else None


def test_finding_the_participant_offers_the_proposals_taking_supports(
    verifier_client, participant, voting, make_consultation, make_proposal
):
    _consultation, proposal = voting
    closed = make_proposal(make_consultation(phase="review"), title="Too late")
    response = post(verifier_client, "/en/verification/assist", {"participant": "salma"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<bdi>Salma</bdi>" in html
    assert f'value="{proposal.id}"' in html and "More social housing" in html
    assert f'value="{closed.id}"' not in html
    assert '<optgroup label="Housing now">' in html


def test_recording_a_support(verifier_client, verifier, participant, voting):
    _consultation, proposal = voting
    response = post(
        verifier_client,
        "/en/verification/assist",
        {"participant": participant.email, "proposal": str(proposal.id)},
    )
    assert response.status_code == 302
    assert "is recorded" in verifier_client.get(response.location).get_data(as_text=True)
    support = db.session.scalar(select(Support))
    assert (support.user_id, support.assisted_by_id) == (participant.id, verifier.id)
    db.session.refresh(proposal)
    assert proposal.supports_count == 1
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.object_type == "supports"))
    assert entry.actor_id == verifier.id


@pytest.mark.parametrize(
    ("who", "message"),
    [("unverified", "not a verified participant"), ("blocked", "blocked"),
     ("nobody", "No account has"), ("self", "for yourself")],
)  # fmt: skip
def test_who_cannot_be_assisted(app, verifier_client, verifier, make_user, issue, voting, who,
                                message):  # fmt: skip
    _consultation, proposal = voting
    user = make_user()
    if who == "blocked":
        (code,) = issue(verifier)
        with app.test_request_context("/en/"):
            ops.redeem(user, code, "10.0.0.1")
            accounts.block(user, None, "abuse")
    typed = {"nobody": "nobody@example.org", "self": verifier.email}.get(who, user.email)
    for data in ({"participant": typed}, {"participant": typed, "proposal": str(proposal.id)}):
        response = post(verifier_client, "/en/verification/assist", data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert message in _error(html, "participant")
        assert f'value="{typed}"' in html
    assert db.session.scalar(select(Support.id)) is None


def test_refusals_from_the_support_rules_show_next_to_the_proposal(
    verifier_client, participant, voting
):
    _consultation, proposal = voting
    data = {"participant": "Salma", "proposal": str(proposal.id)}
    assert post(verifier_client, "/en/verification/assist", data).status_code == 302
    response = post(verifier_client, "/en/verification/assist", data)
    assert response.status_code == 422
    assert "already supports" in _error(response.get_data(as_text=True), "proposal")
    assert db.session.scalar(select(db.func.count(Support.id))) == 1


@pytest.mark.parametrize("value", ["", "abc", "999999999", "-1", "99999999999999999999"])
def test_a_proposal_not_on_the_list_is_refused(verifier_client, participant, voting, value):
    response = post(
        verifier_client, "/en/verification/assist", {"participant": "Salma", "proposal": value}
    )
    assert response.status_code == 422
    assert "Choose a proposal" in _error(response.get_data(as_text=True), "proposal")


@pytest.mark.parametrize(
    "data", [{}, {"participant": ""}, {"participant": "x" * 3000}, {"participant": "\x00"},
             {"participant": "a@"}, {"participant": "@"}, {"proposal": "1"}],
)  # fmt: skip
def test_no_input_breaks_the_assistance_page(verifier_client, data):
    assert post(verifier_client, "/en/verification/assist", data).status_code == 422


def test_assisting_needs_the_csrf_token(verifier_client, participant, voting):
    _consultation, proposal = voting
    response = verifier_client.post(
        "/en/verification/assist", data={"participant": "Salma", "proposal": str(proposal.id)}
    )
    assert response.status_code == 400
    assert db.session.scalar(select(Support.id)) is None


def test_only_verifiers_assist(app, make_user, participant, voting):
    _consultation, proposal = voting
    client = app.test_client()
    sign_in(client, make_user(roles=("admin", "moderator")))
    data = {"participant": "Salma", "proposal": str(proposal.id)}
    assert post(client, "/en/verification/assist", data).status_code == 403
    assert db.session.scalar(select(Support.id)) is None


# The audit view -------------------------------------------------------------------------------


@pytest.fixture
def moderator_client(app, make_user):
    client = app.test_client()
    sign_in(client, make_user(roles=("moderator",)))
    return client


def _assist(app, participant, proposal, verifier):
    from consult.supports.operations import support

    with app.test_request_context("/en/"):
        support(participant, proposal, assisted_by=verifier)


def test_the_audit_view_lists_assisted_supports(
    app, moderator_client, verifier, participant, voting, make_user
):
    _consultation, proposal = voting
    _assist(app, participant, proposal, verifier)
    with app.test_request_context("/en/"):
        from consult.supports.operations import support

        support(make_user(), proposal)  # an ordinary support is not listed
    html = moderator_client.get("/en/verification/assisted").get_data(as_text=True)
    assert "1 assisted support" in html
    assert "<bdi>Salma</bdi>" in html and f"<bdi>{verifier.display_name}</bdi>" in html
    assert "More social housing" in html
    assert participant.email not in html


def test_the_audit_view_filters_by_consultation(
    app, moderator_client, verifier, participant, voting, make_consultation, make_proposal
):
    _consultation, proposal = voting
    other = make_proposal(make_consultation(phase="voting", title="Jobs"), title="Job fairs")
    _assist(app, participant, proposal, verifier)
    _assist(app, participant, other, verifier)
    html = moderator_client.get("/en/verification/assisted").get_data(as_text=True)
    assert "More social housing" in html and "Job fairs" in html
    html = moderator_client.get(
        f"/en/verification/assisted?consultation={other.consultation_id}"
    ).get_data(as_text=True)
    assert "Job fairs" in html and "More social housing" not in html
    for junk in ("abc", "99999999999999", "", "-1"):
        response = moderator_client.get(f"/en/verification/assisted?consultation={junk}&page=x")
        assert response.status_code == 200


def test_the_audit_view_takes_the_same_queries_whatever_it_holds(
    app, moderator_client, verifier, voting, make_user, make_proposal, issue, count_queries
):
    consultation, proposal = voting
    codes = issue(verifier, count=6)
    people = []
    with app.test_request_context("/en/"):
        for code in codes:
            person = make_user()
            ops.redeem(person, code, "10.0.0.1")
            people.append(person)
    _assist(app, people[0], proposal, verifier)
    with count_queries() as few:
        assert moderator_client.get("/en/verification/assisted").status_code == 200
    for person in people[1:]:
        _assist(app, person, make_proposal(consultation), verifier)
    with count_queries() as many:
        assert moderator_client.get("/en/verification/assisted").status_code == 200
    assert many.count == few.count


def test_members_and_verifiers_do_not_audit(app, make_user, verifier_client):
    client = app.test_client()
    sign_in(client, make_user())
    assert client.get("/en/verification/assisted").status_code == 403
    assert verifier_client.get("/en/verification/assisted").status_code == 403
