"""The public pages of the Action Plan: a version, a measure with its history and discussion,
the diff, the exports and the printable page, and consultations pointing at the plan."""

import csv
import io
import json
import re

from consult.actionplan import queries
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.feedback.models import Thread
from consult.outcomes.models import Disposition
from consult.translations import operations as translations
from tests.conftest import post, sign_in

HOUSING = {"title": "Affordable housing", "description": "Rent support for families.",
           "responsible_body": "Housing department", "indicators": "Families housed"}  # fmt: skip


def changed(**fields):
    return {"kind": "change", "measure_key": 1, **HOUSING, **fields}


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# A version ------------------------------------------------------------------------------------


def test_the_version_page_numbers_sections_and_measures_and_strikes_the_retired(
    client, make_plan, revise
):
    plan = make_plan()
    revise(plan, [{"kind": "retire", "measure_key": 2}])
    html = client.get(f"/en/plan/{plan.id}/").get_data(as_text=True)
    assert "Version 2, the current text" in text(html)
    assert '<span class="section-number">1.</span>' in html
    assert '<span class="section-number">2.</span>' in html
    assert re.search(r'measure-code">1\.1</span>\s*<a href="/en/plan/\d+/measures/1">', html)
    retired = html.split('id="measure-2"')[1].split("</li>")[0]
    assert '<s class="measure-retired">' in retired and "Retired in version 2" in retired
    assert f'href="/en/plan/{plan.id}/diff?from=1&amp;to=2"' in html
    old = client.get(f"/en/plan/{plan.id}/v1").get_data(as_text=True)
    assert "measure-retired" not in old and "Read the current version" in old
    assert client.get(f"/en/plan/{plan.id}/v3").status_code == 404
    assert client.get("/en/plan/").status_code == 200


def test_the_version_page_shows_translations_with_their_origin_and_the_original(
    app, client, make_plan, admin
):
    plan = make_plan()
    measure = queries.first_row(plan.id, 1)
    with app.test_request_context("/en/"):
        translations.submit(measure, "title", "el", "Προσιτή στέγαση", admin)
    html = client.get(f"/el/plan/{plan.id}/v1").get_data(as_text=True)
    assert '<span lang="el" dir="ltr">Προσιτή στέγαση</span>' in html
    original = client.get(f"/el/plan/{plan.id}/v1?original=1").get_data(as_text=True)
    assert "Προσιτή στέγαση" not in original and "Affordable housing" in original


def test_the_version_page_runs_as_many_statements_for_40_measures_as_for_5(
    client, make_plan, count_queries
):
    def measures(n):
        return [{"title": f"Measure {i}"} for i in range(n)]

    small = make_plan([("One", "", measures(3)), ("Two", "", measures(2))])
    large = make_plan([("One", "", measures(20)), ("Two", "", measures(20))])
    counts = []
    for plan in (small, large):
        client.get(f"/en/plan/{plan.id}/")
        with count_queries() as n:
            assert client.get(f"/en/plan/{plan.id}/").status_code == 200
        counts.append(n.count)
    assert counts[0] == counts[1]


# A measure ------------------------------------------------------------------------------------


def test_the_measure_page_traces_the_chain_from_proposal_to_amendment(
    app, client, make_plan, revise, make_consultation, make_proposal, admin
):
    plan = make_plan()
    consultation = make_consultation(phase="review", state="closed")
    proposal = make_proposal(consultation, title="Cheaper rents please")
    db.session.add(
        Disposition(proposal_id=proposal.id, consultation_id=consultation.id,
                    disposition="accepted", reason="Good idea.", language="en")
    )  # fmt: skip
    db.session.commit()
    revision, [amendment], _version = revise(
        plan,
        [changed(title="Affordable social housing", citations=[("proposals", proposal.id)],
                 initiated_by_city=False, reason="Residents asked for it.")],
    )  # fmt: skip
    html = client.get(f"/en/plan/{plan.id}/measures/1").get_data(as_text=True)
    assert "Measure 1.1" in html and "Affordable social housing" in html
    assert "Housing department" in html and "Families housed" in html
    chain = html.split('id="history"')[1].split("</section>")[0]
    assert f'id="amendment-{amendment.id}"' in chain and "Residents asked for it." in chain
    assert f'href="/en/proposals/{proposal.id}"' in chain and "Cheaper rents please" in chain
    assert "Accepted" in chain
    # As it was in version 1: before the amendment.
    old = client.get(f"/en/plan/{plan.id}/measures/1?version=1").get_data(as_text=True)
    assert "as it was in version 1" in old and "has not been amended since version 1" in old
    assert client.get(f"/en/plan/{plan.id}/measures/99").status_code == 404
    assert client.get(f"/en/plan/{plan.id}/measures/1?version=x").status_code == 404


def test_the_measure_thread_hangs_on_its_first_row_and_survives_new_versions(
    app, client, make_plan, revise, make_user
):
    plan = make_plan()
    member = make_user()
    first = queries.first_row(plan.id, 1)
    with app.test_request_context("/en/"):
        feedback.post(feedback.discussion_of(first), member, "Please add more homes.")
    revise(plan, [changed(title="More affordable housing")])
    thread = db.session.scalars(db.select(Thread)).one()
    assert (thread.object_type, thread.object_id) == ("plan_measures", first.id)
    html = client.get(f"/en/plan/{plan.id}/measures/1").get_data(as_text=True)
    assert "More affordable housing" in html and "Please add more homes." in html
    # Commenting from the page, signed in, comes back to the measure.
    sign_in(client, member)
    response = post(
        client,
        f"/en/discuss/measure/{first.id}/comments/new",
        {"body": "And faster.", "alignment": "neutral", "language": "en"},
    )
    assert response.status_code == 302
    follow = client.get(response.headers["Location"])
    assert follow.status_code == 302
    assert follow.headers["Location"].startswith(f"/en/plan/{plan.id}/measures/1")
    assert "And faster." in client.get(follow.headers["Location"]).get_data(as_text=True)


# The diff -------------------------------------------------------------------------------------


def test_the_diff_shows_added_retired_and_changed_words(client, make_plan, revise):
    plan = make_plan()
    revision, amendments, _version = revise(
        plan,
        [
            changed(title="Affordable social housing"),
            {"kind": "retire", "measure_key": 2},
            {"kind": "add", "section_key": 2, "title": "Language courses"},
        ],
    )
    html = client.get(f"/en/plan/{plan.id}/diff").get_data(as_text=True)
    assert "What changed from version 1 to version 2" in html
    assert '<ins><span class="visually-hidden">[added: </span>social ' in html
    assert "Added" in html and "Retired" in html and "Changed" in html
    assert "Language courses" in html and "Shelter network" in html
    assert f"#amendment-{amendments[0].id}" in html or "The amendment behind this change" in html
    assert "Initiated by the municipality." in html
    same = client.get(f"/en/plan/{plan.id}/diff?from=2&to=2").get_data(as_text=True)
    assert "No measure changed" in same
    assert client.get(f"/en/plan/{plan.id}/diff?from=1&to=7").status_code == 404


def test_the_diff_compares_translations_when_both_versions_have_one(
    app, client, make_plan, revise, admin
):
    plan = make_plan()
    old = queries.first_row(plan.id, 1)
    with app.test_request_context("/en/"):
        translations.submit(old, "title", "el", "Προσιτή στέγαση", admin)
        translations.submit(old, "description", "el", "Επίδομα ενοικίου.", admin)
    _revision, _amendments, version = revise(
        plan, [changed(title="Affordable social housing", description="Rent support for all.")]
    )
    new = queries.contents(version).measure(1)
    with app.test_request_context("/en/"):
        translations.submit(new, "title", "el", "Προσιτή κοινωνική στέγαση", admin)
    html = client.get(f"/el/plan/{plan.id}/diff").get_data(as_text=True)
    # The title in Greek (both versions have it); the description in the original.
    assert "κοινωνική" in html and "social" not in html.split("<main")[1].split("Περιγραφή")[0]
    assert "<ins>" in html and "all." in html
    english = client.get(f"/en/plan/{plan.id}/diff").get_data(as_text=True)
    assert "κοινωνική" not in english and "social" in english


# Exports and the printable page ---------------------------------------------------------------


def test_the_csv_guards_against_formulas_and_the_json_is_valid(client, make_plan):
    plan = make_plan([("Στέγαση", "", [{"title": '=HYPERLINK("x")', "indicators": "+1"}])])
    response = client.get(f"/en/plan/{plan.id}/v1.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, row = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header[:4] == ["code", "key", "section_number", "section_title"]
    assert row[0] == "1.1" and row[3] == "Στέγαση"
    assert row[4] == '\'=HYPERLINK("x")' and row[7] == "'+1"
    response = client.get(f"/en/plan/{plan.id}/v1.json")
    body = json.loads(response.get_data(as_text=True))
    assert "Στέγαση" in response.get_data(as_text=True)  # not escaped
    assert body["version"]["number"] == 1
    assert body["sections"][0]["measures"][0]["code"] == "1.1"


def test_the_printable_page_has_no_navigation(client, make_plan, revise):
    plan = make_plan()
    revise(plan, [{"kind": "retire", "measure_key": 2}])
    html = client.get(f"/en/plan/{plan.id}/v2/print").get_data(as_text=True)
    assert "css/print.css" in html and "<nav" not in html and "site-header" not in html
    assert "1.1" in html and "Affordable housing" in html and "Retired in version 2" in html
    page = client.get(f"/en/plan/{plan.id}/").get_data(as_text=True)
    assert 'css/print.css" media="print"' in page


# Consultations about the plan -----------------------------------------------------------------


def test_consultations_point_at_measures_and_both_sides_show_it(
    app, make_plan, make_consultation, admin
):
    plan = make_plan()
    consultation = make_consultation(title="Housing consultation")
    client = app.test_client()
    sign_in(client, admin)
    edit = f"/en/consultations/{consultation.id}/edit"
    html = client.get(edit).get_data(as_text=True)
    assert f'value="{plan.id}:measure:1"' in html and f'value="{plan.id}:section:2"' in html
    values = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', html))
    selects = {"language": "en", "who_may_propose": "members", "who_may_comment": "members",
               "who_may_support": "members", "supports_per_person": "0",
               "flags_to_hide": "3"}  # fmt: skip
    data = {
        **{k: v for k, v in values.items() if k != "csrf_token"},
        **selects,
        "summary": consultation.summary,
        "body": consultation.body,
        "plan_targets": [f"{plan.id}:measure:1", f"{plan.id}:section:2"],
    }
    response = post(client, edit, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert sorted(queries.links_of(consultation.id)) == [
        (plan.id, "measure", 1),
        (plan.id, "section", 2),
    ]
    page = client.get(f"/en/consultations/{consultation.id}").get_data(as_text=True)
    assert f'href="/en/plan/{plan.id}/measures/1">Measure 1.1:' in page
    assert "Section 2:" in page
    measure = client.get(f"/en/plan/{plan.id}/measures/1").get_data(as_text=True)
    assert "Housing consultation" in measure
    version = client.get(f"/en/plan/{plan.id}/").get_data(as_text=True)
    assert version.count("Housing consultation") == 2  # measure 1.1 and section 2
    # Something not offered is refused next to the field, nothing changed.
    response = post(client, edit, {**data, "plan_targets": [f"{plan.id}:measure:99"]})
    assert response.status_code == 422
    assert 'id="plan_targets-error"' in response.get_data(as_text=True)
    assert len(queries.links_of(consultation.id)) == 2
