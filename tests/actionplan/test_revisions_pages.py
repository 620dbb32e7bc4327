"""The revision pages: opening a revision, amending it (and every refusal next to its field,
the typed text kept), the workflow buttons, the threads, and naming the plan's owners."""

import pytest
import sqlalchemy as sa

from consult.actionplan import operations as ops
from consult.actionplan import queries
from consult.actionplan.models import Amendment, ConsultationLink, Revision
from consult.extensions import db
from consult.feedback import operations as feedback
from tests.conftest import post, sign_in


@pytest.fixture
def owner(make_user):
    return make_user()


@pytest.fixture
def plan(app, make_plan, owner, admin):
    plan = make_plan()
    with app.test_request_context("/en/"):
        ops.grant_owner(plan, owner, admin)
    return plan


@pytest.fixture
def draft(app, plan, owner):
    with app.test_request_context("/en/"):
        return ops.open_revision(plan, owner, "Housing revision", "After the *consultation*.", "en")


@pytest.fixture
def as_owner(client, owner):
    sign_in(client, owner)
    return client


def _amend(app, revision, actor, key=3):
    with app.test_request_context("/en/"):
        return ops.amend(revision, actor, "retire", measure_key=key, reason="Done.",
                         initiated_by_city=True)  # fmt: skip


def _amendments(revision):
    query = sa.select(Amendment).where(Amendment.revision_id == revision.id)
    return db.session.scalars(query).all()


def test_owners_open_a_revision_from_the_plans_revisions(as_owner, plan):
    page = as_owner.get(f"/en/plan/{plan.id}/revisions/")
    assert page.status_code == 200 and "Open a revision" in page.get_data(as_text=True)
    response = post(as_owner, f"/en/plan/{plan.id}/revisions/",
                    {"title": "Spring", "summary": "Why", "language": "en"})  # fmt: skip
    assert response.status_code == 302
    revision = db.session.scalar(sa.select(Revision).where(Revision.plan_id == plan.id))
    assert revision.title == "Spring" and revision.state == "draft"
    refused = post(as_owner, f"/en/plan/{plan.id}/revisions/", {"title": "", "language": "en"})
    assert refused.status_code == 422
    assert "Give it a title." in refused.get_data(as_text=True)


def test_drafts_are_seen_by_owners_and_admins_only(app, client, draft, plan, make_user, admin):
    anonymous = app.test_client()
    assert anonymous.get(f"/en/revisions/{draft.id}").status_code == 404
    assert "Housing revision" not in anonymous.get(f"/en/plan/{plan.id}/revisions/").get_data(
        as_text=True
    )
    sign_in(client, make_user())
    assert client.get(f"/en/revisions/{draft.id}").status_code == 404
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    assert admin_client.get(f"/en/revisions/{draft.id}").status_code == 200
    assert "Owners of the plan" in admin_client.get(f"/en/plan/{plan.id}/revisions/").get_data(
        as_text=True
    )


def test_the_revision_page_shows_each_amendment_with_its_diff_and_citations(
    app, as_owner, draft, owner, make_consultation, make_proposal, plan
):
    consultation = make_consultation(phase="review")
    db.session.add(ConsultationLink(consultation_id=consultation.id, plan_id=plan.id,
                                    kind="section", key=1))  # fmt: skip
    db.session.commit()
    proposal = make_proposal(consultation, title="More homes please")
    with app.test_request_context("/en/"):
        change = ops.amend(draft, owner, "change", measure_key=1, title="Affordable housing",
                           description="Rent support for every family.", reason="Wider.",
                           responsible_body="Housing department", indicators="Families housed",
                           citations=[("proposals", proposal.id)])  # fmt: skip
        retire = ops.amend(draft, owner, "retire", measure_key=3, reason="Done.",
                           initiated_by_city=True)  # fmt: skip
    html = as_owner.get(f"/en/revisions/{draft.id}").get_data(as_text=True)
    assert f'id="amendment-{change.id}"' in html and f'id="amendment-{retire.id}"' in html
    assert "<ins>" in html and "every" in html and "<del>" in html
    assert "More homes please" in html and f"/en/proposals/{proposal.id}" in html
    assert "Initiated by the municipality" in html
    assert "Open for public feedback" in html


def test_amending_through_the_form(app, as_owner, draft, plan, make_consultation, make_proposal):
    consultation = make_consultation(phase="review")
    db.session.add(ConsultationLink(consultation_id=consultation.id, plan_id=plan.id,
                                    kind="section", key=1))  # fmt: skip
    db.session.commit()
    popular = make_proposal(consultation, title="Popular idea", supports_count=9)
    make_proposal(consultation, title="Quiet idea")
    hidden = make_proposal(consultation, title="Hidden idea", moderation="hidden")
    url = f"/en/revisions/{draft.id}/amendments/new"
    form = as_owner.get(f"{url}?kind=add").get_data(as_text=True)
    assert form.index("Popular idea") < form.index("Quiet idea")
    assert "Hidden idea" not in form
    # Change: the measure first, then its texts to change.
    step = as_owner.get(f"{url}?kind=change&measure=1").get_data(as_text=True)
    assert "Rent support for families." in step
    response = post(as_owner, f"{url}?kind=add", {
        "section": "1", "title": "Housing advice", "description": "In every language.",
        "reason": "People asked.", "proposals": [str(popular.id)],
    })  # fmt: skip
    assert response.status_code == 302
    (added,) = _amendments(draft)
    assert added.kind == "add" and added.section_key == 1
    assert queries.citations_of([added.id])[added.id] == [("proposals", popular.id)]
    # Refusals next to their fields, the text kept, nothing written.
    for data, message in (
        ({"measure": "3", "reason": "Why", "proposals": [str(hidden.id)]},
         f"proposal {hidden.id} cannot be cited"),
        ({"measure": "3", "reason": "Why"}, "or say that the municipality initiated it"),
        ({"measure": "3", "reason": "Why", "comment_ids": "12, x"}, "separated by commas"),
        ({"measure": "999", "reason": "Why", "initiated_by_city": "y"},
         "Choose a measure of the plan from the list."),
        ({"measure": "3", "initiated_by_city": "y"}, "Say why, in a few words."),
    ):  # fmt: skip
        refused = post(as_owner, f"{url}?kind=retire", data)
        assert refused.status_code == 422, data
        html = refused.get_data(as_text=True)
        assert message in html, data
        if "reason" in data:
            assert data["reason"] in html
    assert len(_amendments(draft)) == 1
    assert as_owner.get(f"{url}?kind=other").status_code == 404


def test_a_retired_measure_is_not_offered_and_refused_when_forged(app, as_owner, plan, owner,
                                                                   revise):  # fmt: skip
    revise(plan, [{"kind": "retire", "measure_key": 3}])
    with app.test_request_context("/en/"):
        revision = ops.open_revision(plan, owner, "Next", "", "en")
    url = f"/en/revisions/{revision.id}/amendments/new?kind=retire"
    assert 'value="3"' not in as_owner.get(url).get_data(as_text=True)
    refused = post(as_owner, url, {"measure": "3", "reason": "Again", "initiated_by_city": "y"})
    assert refused.status_code == 422
    assert "This measure is retired" in refused.get_data(as_text=True)
    assert _amendments(revision) == []


def test_a_second_amendment_on_the_same_measure_is_refused(app, as_owner, draft, owner):
    _amend(app, draft, owner, 3)
    refused = post(as_owner, f"/en/revisions/{draft.id}/amendments/new?kind=change", {
        "measure": "3", "title": "New", "reason": "Why", "initiated_by_city": "y"})  # fmt: skip
    assert refused.status_code == 422
    assert "already amends this measure" in refused.get_data(as_text=True)


def test_the_workflow_buttons(app, as_owner, draft, owner, admin):
    base = f"/en/revisions/{draft.id}"
    response = post(as_owner, f"{base}/transition/open_review", follow_redirects=True)
    assert "no amendments yet" in response.get_data(as_text=True)
    assert db.session.get(Revision, draft.id).state == "draft"
    amendment = _amend(app, draft, owner)
    assert post(as_owner, f"{base}/transition/approve").status_code == 403
    assert post(as_owner, f"{base}/transition/open_review").status_code == 302
    assert db.session.get(Revision, draft.id).state == "public_review"
    # Open for feedback: the amendment can no longer be removed.
    post(as_owner, f"/en/amendments/{amendment.id}/remove")
    assert len(_amendments(draft)) == 1
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    refused = post(admin_client, f"{base}/transition/reject", {"comment": ""})
    assert refused.status_code == 422 and "Say why" in refused.get_data(as_text=True)
    assert post(admin_client, f"{base}/transition/approve").status_code == 302
    assert db.session.get(Revision, draft.id).state == "approved"
    assert post(as_owner, f"{base}/publish").status_code == 302
    assert db.session.get(Revision, draft.id).state == "published"
    again = post(as_owner, f"{base}/publish", follow_redirects=True)
    assert "already published" in again.get_data(as_text=True)
    assert len(queries.versions_of(draft.plan_id)) == 2
    assert post(as_owner, f"{base}/transition/nothing").status_code == 404


def test_members_press_no_button(app, client, draft, owner, make_user):
    _amend(app, draft, owner)
    with app.test_request_context("/en/"):
        ops.transition(draft, "open_review", owner)
    sign_in(client, make_user())
    base = f"/en/revisions/{draft.id}"
    html = client.get(base).get_data(as_text=True)
    assert "Publish as" not in html and "Remove this amendment" not in html
    for path in ("/transition/approve", "/publish", "/rebase"):
        assert post(client, base + path).status_code == 403


def test_rebase_from_the_page_names_the_conflicts(app, as_owner, plan, owner, admin):
    with app.test_request_context("/en/"):
        first = ops.open_revision(plan, owner, "First", "", "en")
        second = ops.open_revision(plan, owner, "Second", "", "en")
    _amend(app, first, owner, 3)
    stale = _amend(app, second, owner, 3)
    with app.test_request_context("/en/"):
        ops.transition(first, "approve", admin)
        ops.publish(first, owner)
    page = as_owner.get(f"/en/revisions/{second.id}").get_data(as_text=True)
    assert f'href="#amendment-{stale.id}"' in page
    response = post(as_owner, f"/en/revisions/{second.id}/rebase", follow_redirects=True)
    assert f"amendment {stale.id}" in response.get_data(as_text=True)
    assert post(as_owner, f"/en/amendments/{stale.id}/remove").status_code == 302
    _amend(app, second, owner, 2)
    response = post(as_owner, f"/en/revisions/{second.id}/rebase", follow_redirects=True)
    assert "now amends the current version" in response.get_data(as_text=True)


def test_threads_only_while_open_for_feedback(app, client, draft, owner, admin, make_user):
    amendment = _amend(app, draft, owner)
    member = make_user()
    sign_in(client, member)
    compose = f"/en/discuss/amendment/{amendment.id}/comments/new"

    def write(body, alignment="neutral"):
        return post(client, compose, {"body": body, "alignment": alignment, "language": "en"})

    assert write("Early").status_code == 404
    with app.test_request_context("/en/"):
        ops.transition(draft, "open_review", owner)
    page = client.get(f"/en/revisions/{draft.id}").get_data(as_text=True)
    assert 'id="comments"' in page and "Discuss this amendment" in page
    assert client.get(f"/en/amendments/{amendment.id}").status_code == 200
    assert write("Good idea", "in_favour").status_code == 302
    response = post(client, f"/en/discuss/revision/{draft.id}/comments/new",
                    {"body": "Fine", "alignment": "neutral", "language": "en"})  # fmt: skip
    assert response.status_code == 302
    assert "Good idea" in client.get(f"/en/amendments/{amendment.id}").get_data(as_text=True)
    with app.test_request_context("/en/"):
        ops.transition(db.session.get(Revision, draft.id), "approve", admin)
        with pytest.raises(feedback.FeedbackError):
            feedback.post(feedback.discussion_of(amendment), member, "Late")
    assert write("Late").status_code == 403


def test_admins_name_plan_owners(app, client, plan, admin, make_user):
    newcomer = make_user(email="newcomer@example.org")
    sign_in(client, admin)
    url = f"/en/plan/{plan.id}/owners"
    assert post(client, url, {"email": "nobody@example.org"}).status_code == 422
    assert post(client, url, {"email": "newcomer@example.org"}).status_code == 302
    page = client.get(f"/en/plan/{plan.id}/revisions/").get_data(as_text=True)
    assert newcomer.display_name in page
    member = app.test_client()
    sign_in(member, newcomer)
    assert post(member, url, {"email": "newcomer@example.org"}).status_code == 403
    assert "Open a revision" in member.get(f"/en/plan/{plan.id}/revisions/").get_data(as_text=True)


def test_no_page_offers_to_edit_a_published_version(app, client, plan, admin, owner, revise):
    revision, _made, version = revise(plan, [{"kind": "retire", "measure_key": 3}])
    sign_in(client, admin)
    html = client.get(f"/en/revisions/{revision.id}").get_data(as_text=True)
    assert "Remove this amendment" not in html and "Add an amendment" not in html
    assert f"/en/plan/{plan.id}/v{version.number}" in html
    rules = [r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("actionplan.")]
    assert not any("edit" in rule for rule in rules)


def test_the_pages_have_unique_ids_in_every_state(app, client, draft, owner, admin, plan):
    import re

    amendment = _amend(app, draft, owner)
    sign_in(client, admin)
    urls = (f"/en/revisions/{draft.id}", f"/en/amendments/{amendment.id}",
            f"/en/plan/{plan.id}/revisions/",
            f"/en/revisions/{draft.id}/amendments/new?kind=add",
            f"/en/revisions/{draft.id}/amendments/new?kind=change&measure=1",
            f"/en/revisions/{draft.id}/amendments/new?kind=retire")  # fmt: skip
    for step in (None, "open_review", "approve"):
        if step:
            with app.test_request_context("/en/"):
                ops.transition(db.session.get(Revision, draft.id), step, admin)
        for url in urls[:3] if step else urls:
            response = client.get(url)
            assert response.status_code == 200, url
            ids = re.findall(r'\sid="([^"]+)"', response.get_data(as_text=True))
            assert len(ids) == len(set(ids)), (url, sorted(i for i in ids if ids.count(i) > 1))
