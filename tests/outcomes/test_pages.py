"""The outcome pages through the browser's eyes: managing dispositions, the public "you said,
we did" page, the consultation page's links and refusals, exports and the printable view."""

import csv
import io
import json

import pytest

from consult.outcomes import operations as ops
from consult.outcomes import queries
from tests.conftest import post


def manage_url(consultation):
    return f"/en/consultations/{consultation.id}/outcome/manage"


def outcome_url(consultation, suffix=""):
    return f"/en/consultations/{consultation.id}/outcome{suffix}"


def published_outcome(app, consultation, moderator, proposals, summary="What we heard."):
    with app.test_request_context("/en/"):
        for proposal in proposals:
            ops.dispose(proposal, moderator, "accepted", f"Yes to {proposal.id}.")
        ops.write(consultation, moderator, summary)
        return ops.publish(consultation, moderator)


# Managing -------------------------------------------------------------------------------------


def test_only_curators_reach_the_manage_page(
    client, review, make_proposal, member, local_moderator, signed_in
):
    proposal = make_proposal(review, title="Interpreters")
    assert client.get(manage_url(review)).status_code == 302
    assert signed_in(member).get(manage_url(review)).status_code == 403
    response = signed_in(local_moderator).get(manage_url(review))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Interpreters" in html
    assert "No disposition yet" in html
    assert "1 published proposal still needs a disposition." in html
    assert f'action="/en/proposals/{proposal.id}/disposition"' in html


def test_a_curator_gives_a_disposition(review, make_proposal, moderator, signed_in):
    proposal = make_proposal(review)
    client = signed_in(moderator)
    response = post(
        client,
        f"/en/proposals/{proposal.id}/disposition",
        {
            f"p{proposal.id}-disposition": "partly_accepted",
            f"p{proposal.id}-reason": "Part of it, from 2027.",
            f"p{proposal.id}-language": "en",
        },
    )
    assert response.status_code == 302
    assert response.location.endswith(f"{manage_url(review)}#proposal-{proposal.id}")
    row = queries.disposition_of(proposal)
    assert (row.disposition, row.reason) == ("partly_accepted", "Part of it, from 2027.")
    html = client.get(manage_url(review)).get_data(as_text=True)
    assert "Partly accepted" in html
    assert "Every published proposal has its disposition." in html


def test_a_member_may_not_post_a_disposition(review, make_proposal, member, signed_in):
    proposal = make_proposal(review)
    response = post(
        signed_in(member),
        f"/en/proposals/{proposal.id}/disposition",
        {f"p{proposal.id}-disposition": "accepted", f"p{proposal.id}-reason": "Yes."},
    )
    assert response.status_code == 403
    assert queries.disposition_of(proposal) is None


@pytest.mark.parametrize(
    ("disposition", "reason", "language", "message"),
    [
        ("", "Kept text", "en", "Choose a disposition from the list."),
        ("maybe", "Kept text", "en", "Choose a disposition from the list."),
        ("accepted", "", "en", "Say why, in a few words."),
        ("accepted", "Kept text", "xx", "Choose a language from the list."),
    ],
)
def test_a_refused_disposition_is_explained_next_to_its_field(
    review, make_proposal, moderator, signed_in, disposition, reason, language, message
):
    proposal = make_proposal(review)
    prefix = f"p{proposal.id}-"
    response = post(
        signed_in(moderator),
        f"/en/proposals/{proposal.id}/disposition",
        {prefix + "disposition": disposition, prefix + "reason": reason,
         prefix + "language": language},
    )  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'class="error-summary"' in html
    if reason:
        assert "Kept text</textarea>" in html
    assert queries.disposition_of(proposal) is None


def test_outside_review_the_page_says_when(make_consultation, make_proposal, moderator, signed_in):
    consultation = make_consultation(phase="voting")
    proposal = make_proposal(consultation)
    client = signed_in(moderator)
    html = client.get(manage_url(consultation)).get_data(as_text=True)
    assert "Dispositions are given in the review phase" in html
    assert "/disposition" not in html
    prefix = f"p{proposal.id}-"
    response = post(
        client,
        f"/en/proposals/{proposal.id}/disposition",
        {prefix + "disposition": "accepted", prefix + "reason": "Yes.", prefix + "language": "en"},
    )
    assert response.status_code == 422
    assert "Dispositions are given in the review phase" in response.get_data(as_text=True)
    assert queries.disposition_of(proposal) is None


def test_publishing_is_refused_while_proposals_lack_a_disposition(
    app, review, make_proposal, moderator, signed_in
):
    first, second, third = (make_proposal(review) for _ in range(3))
    with app.test_request_context("/en/"):
        ops.dispose(first, moderator, "accepted", "Yes.")
    client = signed_in(moderator)
    response = post(client, manage_url(review).replace("manage", "summary"), {"summary": ""})
    assert response.status_code == 422
    assert "Write the summary of the outcome first." in response.get_data(as_text=True)
    response = post(
        client,
        manage_url(review).replace("manage", "summary"),
        {"summary": "We heard you.", "language": "en"},
    )
    assert response.status_code == 302
    response = post(client, manage_url(review).replace("manage", "publish"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2 published proposals still need a disposition." in html
    assert queries.outcome_of(review).state == "draft"

    with app.test_request_context("/en/"):
        for proposal in (second, third):
            ops.dispose(proposal, moderator, "rejected", "No.")
    response = post(client, manage_url(review).replace("manage", "publish"))
    assert response.status_code == 302
    assert response.location.endswith(outcome_url(review))
    assert queries.outcome_of(review).state == "published"


# The public page ------------------------------------------------------------------------------


def test_a_draft_outcome_is_seen_by_curators_only(
    app, client, review, make_proposal, moderator, member, signed_in
):
    make_proposal(review)
    assert client.get(outcome_url(review)).status_code == 404
    with app.test_request_context("/en/"):
        ops.write(review, moderator, "Draft words.")
    for suffix in ("", ".json", ".csv", "/print"):
        assert client.get(outcome_url(review, suffix)).status_code == 404
        assert signed_in(member).get(outcome_url(review, suffix)).status_code == 404
    html = signed_in(moderator).get(outcome_url(review)).get_data(as_text=True)
    assert "Draft: not published yet." in html
    assert "Draft words." in html


def test_the_published_outcome_says_you_said_we_did(
    app, client, make_consultation, make_proposal, moderator
):
    consultation = make_consultation(phase="review")
    greek = make_proposal(consultation, language="el", title="Διερμηνείς")
    english = make_proposal(consultation, title="Night buses")
    published_outcome(app, consultation, moderator, [greek, english], "**Thank you** all.")
    html = client.get(outcome_url(consultation)).get_data(as_text=True)
    assert "You said, we did" in html
    assert "<strong>Thank you</strong>" in html
    assert "Greek" in html and "English" in html
    assert f'href="/en/proposals/{greek.id}"' in html
    assert f"Yes to {greek.id}." in html
    assert 'class="table-wrap"' in html
    assert '<span lang="el" dir="ltr">Διερμηνείς</span>' in html
    # The consultation page points to it.
    html = client.get(f"/en/consultations/{consultation.id}").get_data(as_text=True)
    assert f'href="{outcome_url(consultation)}"' in html


def test_a_reason_is_read_in_the_readers_language_with_its_origin(
    app, client, review, make_proposal, moderator
):
    from consult.translations import operations as translations

    proposal = make_proposal(review)
    published_outcome(app, review, moderator, [proposal])
    with app.test_request_context("/en/"):
        row = queries.disposition_of(proposal)
        translations.save(row, "reason", "ar", "نعم.", moderator)
        from consult.extensions import db

        db.session.commit()
    html = client.get(outcome_url(review).replace("/en/", "/ar/")).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html and "نعم." in html
    assert "Moderator Nikos" in html  # who translated it


def test_the_consultation_page_links_curators_to_the_outcome_in_review(
    client, review, moderator, signed_in
):
    html = signed_in(moderator).get(f"/en/consultations/{review.id}").get_data(as_text=True)
    assert f'href="{manage_url(review)}"' in html
    assert manage_url(review) not in client.get(f"/en/consultations/{review.id}").get_data(
        as_text=True
    )


def test_conclude_is_refused_on_the_consultation_page_while_dispositions_are_missing(
    app, make_consultation, make_proposal, admin, moderator, signed_in
):
    consultation = make_consultation(phase="review", state="closed")
    proposal = make_proposal(consultation)
    client = signed_in(admin)
    html = client.get(f"/en/consultations/{consultation.id}").get_data(as_text=True)
    assert "1 published proposal still needs a disposition." in html
    response = post(client, f"/en/consultations/{consultation.id}/transition/conclude")
    assert response.status_code == 302
    html = client.get(response.location).get_data(as_text=True)
    assert "1 published proposal still needs a disposition." in html
    assert "The consultation can be concluded once each has one." in html
    assert consultation.state == "closed"
    with app.test_request_context("/en/"):
        ops.dispose(proposal, moderator, "accepted", "Yes.")
    response = post(client, f"/en/consultations/{consultation.id}/transition/conclude")
    assert consultation.state == "concluded"


# Exports --------------------------------------------------------------------------------------


def test_the_csv_export_is_an_attachment_safe_from_formulas(
    app, client, review, make_proposal, moderator
):
    proposal = make_proposal(review, title='=HYPERLINK("http://evil")')
    with app.test_request_context("/en/"):
        ops.dispose(proposal, moderator, "rejected", "+1 is not a reason")
        ops.write(review, moderator, "Done.")
        ops.publish(review, moderator)
    response = client.get(outcome_url(review, ".csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:5] == ["proposal", "title", "language", "disposition", "reason"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][3] == "rejected"
    assert rows[1][4] == "'+1 is not a reason"


def test_the_json_export_holds_summary_figures_and_dispositions(
    app, client, review, make_proposal, moderator
):
    proposal = make_proposal(review, title="Interpreters")
    published_outcome(app, review, moderator, [proposal], "Σας ακούσαμε.")
    response = client.get(outcome_url(review, ".json"))
    body = json.loads(response.get_data(as_text=True))
    assert response.mimetype == "application/json"
    assert body["state"] == "published"
    assert body["summary"] == "Σας ακούσαμε."
    assert body["figures"]["proposals"] == 1
    assert body["dispositions"] == [
        {
            "proposal": proposal.id,
            "title": "Interpreters",
            "language": "en",
            "url": f"http://localhost/en/proposals/{proposal.id}",
            "disposition": "accepted",
            "reason": f"Yes to {proposal.id}.",
            "reason_language": "en",
            "amendments": [],
        }
    ]


def test_the_printable_view_has_a_print_stylesheet_and_no_menus(
    app, client, review, make_proposal, moderator
):
    proposal = make_proposal(review, title="Interpreters")
    published_outcome(app, review, moderator, [proposal])
    html = client.get(outcome_url(review, "/print")).get_data(as_text=True)
    assert 'media="print"' in html
    assert "site-header" not in html
    assert "Interpreters" in html
    assert f"http://localhost/en/proposals/{proposal.id}" in html


def test_the_outcome_page_runs_as_many_statements_for_30_proposals_as_for_5(
    app, client, make_consultation, make_proposal, moderator, count_queries
):
    def statements(n):
        consultation = make_consultation(phase="review")
        proposals = [make_proposal(consultation) for _ in range(n)]
        published_outcome(app, consultation, moderator, proposals)
        client.get(outcome_url(consultation))
        with count_queries() as counter:
            assert client.get(outcome_url(consultation)).status_code == 200
        return counter.count

    assert statements(5) == statements(30)
