"""The public results: ranking, counts, threshold, participants, live or final; the exports."""

import csv
import io

from consult.extensions import db
from consult.supports import operations as ops
from tests.conftest import sign_in


def support_many(proposal, make_user, n):
    for _ in range(n):
        ops.support(make_user(), proposal)


def test_the_ranking_counts_and_threshold(client, ctx, make_consultation, make_proposal, make_user):
    consultation = make_consultation(phase="voting", support_threshold=2)
    low = make_proposal(consultation, title="Low")
    high = make_proposal(consultation, title="High")
    make_proposal(consultation, state="withdrawn", title="Gone")
    support_many(high, make_user, 3)
    support_many(low, make_user, 1)
    html = client.get(f"/en/consultations/{consultation.id}/results").get_data(as_text=True)
    assert html.count("<h1") == 1
    assert html.index("High") < html.index("Low") and "Gone" not in html
    assert "Live results" in html
    assert "4 people have supported proposals." in html
    assert html.count('class="threshold-reached"') == 1


def test_results_are_final_once_voting_closed(client, make_consultation):
    consultation = make_consultation(phase="review")
    html = client.get(f"/en/consultations/{consultation.id}/results").get_data(as_text=True)
    assert "Final results" in html


def test_a_participant_sees_what_they_supported_and_what_is_left(
    client, make_consultation, make_proposal, make_user
):
    consultation = make_consultation(phase="voting", supports_per_person=5)
    proposal = make_proposal(consultation)
    person = make_user()
    with client.application.test_request_context("/en/"):
        ops.support(person, proposal)
    sign_in(client, person)
    html = client.get(f"/en/consultations/{consultation.id}/results").get_data(as_text=True)
    assert "You have 4 supports left." in html and "You support it." in html


def test_the_exports_have_tallies_and_no_identities(
    client, ctx, make_consultation, make_proposal, make_user
):
    consultation = make_consultation(phase="voting", support_threshold=1)
    tricky = make_proposal(consultation, title='=HYPERLINK("x"), "quoted"')
    plain = make_proposal(consultation, title="Plain, with a comma")
    voter = make_user(display_name="Secret Voter", email="secret@example.org")
    ops.support(voter, tricky)
    response = client.get(f"/en/consultations/{consultation.id}/results.csv")
    assert response.mimetype == "text/csv"
    body = response.get_data(as_text=True)
    assert "Secret Voter" not in body and "secret@example.org" not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["id"] for row in rows] == [str(tricky.id), str(plain.id)]
    assert rows[0]["title"] == "'" + tricky.title  # not a formula in a spreadsheet
    assert rows[1]["title"] == "Plain, with a comma"
    assert (rows[0]["supports"], rows[0]["threshold_reached"]) == ("1", "True")
    data = client.get(f"/en/consultations/{consultation.id}/results.json").get_json()
    assert data["participants"] == 1 and data["final"] is False
    assert data["proposals"][0] == {
        "rank": 1,
        "id": tricky.id,
        "title": tricky.title,
        "language": "en",
        "state": "published",
        "supports": 1,
        "threshold_reached": True,
    }
    assert "Secret" not in response.get_data(as_text=True)


def test_a_draft_consultation_has_no_public_results(client, make_consultation):
    consultation = make_consultation(phase="future", state="draft")
    assert client.get(f"/en/consultations/{consultation.id}/results").status_code == 404
    assert client.get(f"/en/consultations/{consultation.id}/results.csv").status_code == 404


def test_the_results_page_runs_the_same_queries_whatever_its_size(
    client, make_consultation, make_proposal, make_user, count_queries
):
    def queries_for(n):
        consultation = make_consultation(phase="voting", supports_per_person=0)
        people = [make_user() for _ in range(2)]
        with client.application.test_request_context("/en/"):
            for _ in range(n):
                proposal = make_proposal(consultation)
                for person in people:
                    ops.support(person, proposal)
        url = f"/en/consultations/{consultation.id}/results"
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    sign_in(client, make_user())
    assert queries_for(2) == queries_for(12)
    db.session.rollback()
