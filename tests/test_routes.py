"""Every route × who asks: anonymous, member, local moderator (of this consultation),
moderator, admin — and the status each gets. A route the table does not list fails the test, so
every new page must say who may use it."""

import pytest

from consult.consultations import operations as consultations
from consult.feedback import operations as feedback
from tests.conftest import post, sign_in

WHO = ("anonymous", "member", "local_moderator", "moderator", "admin")
ALL = dict.fromkeys(WHO)


def everyone(status):
    return dict.fromkeys(WHO, status)


def signed_in(anonymous, others):
    return {"anonymous": anonymous, **dict.fromkeys(WHO[1:], others)}


def admins(anonymous, others, admin):
    return {**dict.fromkeys(WHO, others), "anonymous": anonymous, "admin": admin}


def curators(anonymous, member, curator):
    return {"anonymous": anonymous, "member": member,
            **dict.fromkeys(("local_moderator", "moderator", "admin"), curator)}  # fmt: skip


#: (endpoint, method, path, {who: status}); {c} the open consultation, {p} a published proposal
#: by someone else, {u} another member, {o} an organisation. POSTs send an empty form.
ROUTES = [
    ("site.root", "GET", "/", everyone(302)),
    ("site.home", "GET", "/en/", everyone(200)),
    ("accounts.register", "GET", "/en/register", signed_in(200, 302)),
    ("accounts.register", "POST", "/en/register", signed_in(422, 302)),
    ("accounts.sign_in", "GET", "/en/sign-in", signed_in(200, 302)),
    ("accounts.sign_in", "POST", "/en/sign-in", signed_in(422, 302)),
    ("accounts.sign_out", "POST", "/en/sign-out", everyone(302)),
    ("accounts.forgot_password", "GET", "/en/password/forgot", everyone(200)),
    ("accounts.forgot_password", "POST", "/en/password/forgot", everyone(422)),
    ("accounts.reset_password", "GET", "/en/password/reset/not-a-token", everyone(410)),
    ("accounts.reset_password", "POST", "/en/password/reset/not-a-token", everyone(410)),
    ("accounts.account", "GET", "/en/account", signed_in(302, 200)),
    ("accounts.update_profile", "POST", "/en/account/profile", signed_in(403, 422)),
    ("accounts.change_password", "POST", "/en/account/password", signed_in(403, 422)),
    # An empty form chooses no language (a browser sends the three, empty or not).
    ("accounts.reading_languages", "POST", "/en/account/reading-languages", signed_in(403, 422)),
    ("admin.index", "GET", "/en/admin/", admins(302, 403, 200)),
    ("admin.users", "GET", "/en/admin/users", admins(302, 403, 200)),
    ("admin.user", "GET", "/en/admin/users/{u}", admins(302, 403, 200)),
    ("admin.grant_role", "POST", "/en/admin/users/{u}/roles/grant", admins(403, 403, 422)),
    ("admin.revoke_role", "POST", "/en/admin/users/{u}/roles/revoke", admins(403, 403, 422)),
    ("admin.block", "POST", "/en/admin/users/{u}/block", admins(403, 403, 422)),
    ("admin.unblock", "POST", "/en/admin/users/{u}/unblock", admins(403, 403, 302)),
    ("admin.history", "GET", "/en/admin/history", admins(302, 403, 200)),
    ("admin.jobs", "GET", "/en/admin/jobs", admins(302, 403, 200)),
    ("admin.retry_job", "POST", "/en/admin/jobs/2147483647/retry", admins(403, 403, 404)),
    ("admin.organisations_list", "GET", "/en/admin/organisations", admins(302, 403, 200)),
    ("admin.create_organisation", "GET", "/en/admin/organisations/new", admins(302, 403, 200)),
    ("admin.create_organisation", "POST", "/en/admin/organisations/new", admins(403, 403, 422)),
    ("admin.organisation", "GET", "/en/admin/organisations/{o}", admins(302, 403, 200)),
    ("admin.edit_organisation", "GET", "/en/admin/organisations/{o}/edit", admins(302, 403, 200)),
    # An empty form sends no field: nothing changes ("Nothing was changed").
    ("admin.edit_organisation", "POST", "/en/admin/organisations/{o}/edit",
     admins(403, 403, 302)),
    ("admin.add_member", "POST", "/en/admin/organisations/{o}/members", admins(403, 403, 422)),
    ("admin.remove_member", "POST", "/en/admin/organisations/{o}/members/{u}/remove",
     admins(403, 403, 302)),
    ("consultations.index", "GET", "/en/consultations/", everyone(200)),
    ("consultations.detail", "GET", "/en/consultations/{c}", everyone(200)),
    ("consultations.history", "GET", "/en/consultations/{c}/history", everyone(200)),
    ("consultations.new", "GET", "/en/consultations/new", admins(302, 403, 200)),
    ("consultations.new", "POST", "/en/consultations/new", admins(403, 403, 422)),
    ("consultations.edit", "GET", "/en/consultations/{c}/edit", admins(302, 403, 200)),
    ("consultations.edit", "POST", "/en/consultations/{c}/edit", admins(403, 403, 422)),
    ("consultations.transition", "POST", "/en/consultations/{c}/transition/conclude",
     admins(403, 403, 302)),
    ("consultations.moderators", "POST", "/en/consultations/{c}/moderators",
     admins(403, 403, 422)),
    ("proposals.index", "GET", "/en/consultations/{c}/proposals/", everyone(200)),
    ("proposals.new", "GET", "/en/consultations/{c}/proposals/new", signed_in(302, 200)),
    ("proposals.new", "POST", "/en/consultations/{c}/proposals/new", signed_in(403, 422)),
    ("proposals.detail", "GET", "/en/proposals/{p}", everyone(200)),
    ("proposals.edit", "GET", "/en/proposals/{p}/edit", signed_in(302, 403)),
    ("proposals.edit", "POST", "/en/proposals/{p}/edit", signed_in(403, 403)),
    ("proposals.transition", "POST", "/en/proposals/{p}/transition/evaluate",
     curators(403, 403, 302)),
    ("proposals.answer", "GET", "/en/proposals/{p}/answer", curators(302, 403, 200)),
    ("proposals.answer", "POST", "/en/proposals/{p}/answer", curators(403, 403, 422)),
    ("proposals.merge", "GET", "/en/proposals/{p}/merge", curators(302, 403, 200)),
    ("proposals.merge", "POST", "/en/proposals/{p}/merge", curators(403, 403, 422)),
    # The consultation is in its proposals phase: supports are refused with a message.
    ("supports.support", "POST", "/en/proposals/{p}/support", signed_in(403, 302)),
    ("supports.unsupport", "POST", "/en/proposals/{p}/unsupport", signed_in(403, 302)),
    ("supports.results", "GET", "/en/consultations/{c}/results", everyone(200)),
    ("supports.results_csv", "GET", "/en/consultations/{c}/results.csv", everyone(200)),
    ("supports.results_json", "GET", "/en/consultations/{c}/results.json", everyone(200)),
    ("verification.redeem", "GET", "/en/verify", signed_in(302, 200)),
    ("verification.redeem", "POST", "/en/verify", signed_in(403, 422)),
    ("verification.codes", "GET", "/en/verification/codes", admins(302, 403, 200)),
    ("verification.issue", "GET", "/en/verification/codes/new", admins(302, 403, 200)),
    ("verification.issue", "POST", "/en/verification/codes/new", admins(403, 403, 422)),
    # No such code: only those who may issue codes learn that.
    ("verification.revoke", "POST", "/en/verification/codes/2147483647/revoke",
     admins(403, 403, 404)),
    # Verifiers only (tests/verification/ covers them): nobody in this table is one.
    ("verification.assist", "GET", "/en/verification/assist", signed_in(302, 403)),
    ("verification.assist", "POST", "/en/verification/assist", signed_in(403, 403)),
    ("verification.assisted", "GET", "/en/verification/assisted",
     {**curators(302, 403, 200), "local_moderator": 403}),
    # Feedback: {m} a comment by another member on {p}; the thread has no summary yet.
    ("feedback.compose", "GET", "/en/discuss/proposal/{p}/comments/new", signed_in(302, 200)),
    ("feedback.compose", "POST", "/en/discuss/proposal/{p}/comments/new", signed_in(403, 422)),
    ("feedback.show", "GET", "/en/comments/{m}", everyone(200)),
    ("feedback.history", "GET", "/en/comments/{m}/history", everyone(200)),
    ("feedback.edit", "GET", "/en/comments/{m}/edit", signed_in(302, 403)),
    ("feedback.edit", "POST", "/en/comments/{m}/edit", signed_in(403, 403)),
    ("feedback.delete", "POST", "/en/comments/{m}/delete", signed_in(403, 403)),
    ("feedback.support", "POST", "/en/comments/{m}/support", signed_in(403, 302)),
    ("feedback.unsupport", "POST", "/en/comments/{m}/unsupport", signed_in(403, 302)),
    ("feedback.highlight", "POST", "/en/comments/{m}/highlight", curators(403, 403, 422)),
    ("feedback.lock", "POST", "/en/discuss/proposal/{p}/lock", curators(403, 403, 422)),
    ("feedback.summary", "GET", "/en/discuss/proposal/{p}/summary", curators(302, 403, 200)),
    ("feedback.summary", "POST", "/en/discuss/proposal/{p}/summary", curators(403, 403, 302)),
    # Moderation. {p} is someone else's proposal: anyone signed in may report it; only its
    # author may appeal (404 for everyone else). Appeal 2147483647 does not exist.
    ("moderation.flag", "GET", "/en/flag/proposal/{p}", signed_in(302, 200)),
    ("moderation.flag", "POST", "/en/flag/proposal/{p}", signed_in(403, 422)),
    ("moderation.queue", "GET", "/en/moderation/", curators(302, 403, 200)),
    ("moderation.decide", "POST", "/en/moderation/decide", curators(403, 403, 422)),
    ("moderation.item", "GET", "/en/moderation/items/proposal/{p}", curators(302, 403, 200)),
    ("moderation.appeals", "GET", "/en/moderation/appeals", curators(302, 403, 200)),
    ("moderation.decide_appeal", "POST", "/en/moderation/appeals/2147483647",
     curators(403, 403, 404)),
    ("moderation.log", "GET", "/en/moderation/log",
     {**curators(302, 403, 200), "local_moderator": 403}),
    ("moderation.block", "GET", "/en/moderation/users/{u}/block",
     {**curators(302, 403, 200), "local_moderator": 403}),
    ("moderation.block", "POST", "/en/moderation/users/{u}/block",
     {**curators(403, 403, 422), "local_moderator": 403}),
    # {u} is not blocked: the page says so.
    ("moderation.unblock", "POST", "/en/moderation/users/{u}/unblock",
     {**curators(403, 403, 302), "local_moderator": 403}),
    ("moderation.appeal", "GET", "/en/appeal/proposal/{p}", signed_in(302, 404)),
    ("moderation.appeal", "POST", "/en/appeal/proposal/{p}", signed_in(403, 404)),
    ("moderation.report", "GET", "/en/consultations/{c}/moderation-report", everyone(200)),
    # Translations. Nobody in this table is a translator (tests/translations/ covers them);
    # moderators translate official answers and summaries, and {p} has neither. The POST sends
    # no field to translate.
    ("translations.index", "GET", "/en/translate/",
     {**curators(302, 403, 200), "local_moderator": 403}),
    ("translations.worklist", "GET", "/en/translate/ar/",
     {**curators(302, 403, 200), "local_moderator": 403}),
    ("translations.translate", "GET", "/en/translate/ar/proposal/{p}", admins(302, 403, 200)),
    ("translations.translate", "POST", "/en/translate/ar/proposal/{p}", admins(403, 403, 422)),
    ("translations.review", "POST", "/en/translations/2147483647/review", everyone(404)),
    ("translations.languages", "POST", "/en/account/translator-languages",
     signed_in(403, 403)),
    # Outcomes. {c} is in its proposals phase and has no outcome yet: the public pages are
    # 404; curators see the managing page, and empty forms are refused.
    ("outcomes.manage", "GET", "/en/consultations/{c}/outcome/manage", curators(302, 403, 200)),
    ("outcomes.dispose", "POST", "/en/proposals/{p}/disposition", curators(403, 403, 422)),
    ("outcomes.write", "POST", "/en/consultations/{c}/outcome/summary",
     curators(403, 403, 422)),
    ("outcomes.publish", "POST", "/en/consultations/{c}/outcome/publish",
     curators(403, 403, 422)),
    ("outcomes.outcome", "GET", "/en/consultations/{c}/outcome", everyone(404)),
    ("outcomes.outcome_json", "GET", "/en/consultations/{c}/outcome.json", everyone(404)),
    ("outcomes.outcome_csv", "GET", "/en/consultations/{c}/outcome.csv", everyone(404)),
    ("outcomes.outcome_print", "GET", "/en/consultations/{c}/outcome/print", everyone(404)),
    # The Action Plan's public pages: {pl} a plan with one version, {mr} its measure 1.1's row.
    ("actionplan.index", "GET", "/en/plan/", everyone(200)),
    ("actionplan.current", "GET", "/en/plan/{pl}/", everyone(200)),
    ("actionplan.version", "GET", "/en/plan/{pl}/v1", everyone(200)),
    ("actionplan.measure", "GET", "/en/plan/{pl}/measures/1", everyone(200)),
    ("actionplan.measure_row", "GET", "/en/plan/measures/{mr}", everyone(302)),
    ("actionplan.diff", "GET", "/en/plan/{pl}/diff", everyone(200)),
    ("actionplan.version_json", "GET", "/en/plan/{pl}/v1.json", everyone(200)),
    ("actionplan.version_csv", "GET", "/en/plan/{pl}/v1.csv", everyone(200)),
    ("actionplan.version_print", "GET", "/en/plan/{pl}/v1/print", everyone(200)),
    # Revisions: {rd} a draft revision of {pl} by an admin, with one amendment {am}. Drafts are
    # seen by the plan's owners and admins only (nobody else in this table owns the plan).
    ("actionplan.revisions", "GET", "/en/plan/{pl}/revisions/", everyone(200)),
    ("actionplan.open_revision", "POST", "/en/plan/{pl}/revisions/", admins(403, 403, 422)),
    ("actionplan.owners", "POST", "/en/plan/{pl}/owners", admins(403, 403, 422)),
    ("actionplan.revision", "GET", "/en/revisions/{rd}", admins(404, 404, 200)),
    ("actionplan.amendment", "GET", "/en/amendments/{am}", admins(404, 404, 200)),
    ("actionplan.amend", "GET", "/en/revisions/{rd}/amendments/new?kind=add",
     admins(404, 404, 200)),
    ("actionplan.amend", "POST", "/en/revisions/{rd}/amendments/new?kind=add",
     admins(404, 404, 422)),
    ("actionplan.remove_amendment", "POST", "/en/amendments/{am}/remove",
     admins(404, 404, 302)),
    ("actionplan.revision_transition", "POST", "/en/revisions/{rd}/transition/approve",
     admins(404, 404, 302)),
    # A draft is not published (refused with a message); it already amends the current version.
    ("actionplan.publish_revision", "POST", "/en/revisions/{rd}/publish", admins(404, 404, 302)),
    ("actionplan.rebase_revision", "POST", "/en/revisions/{rd}/rebase", admins(404, 404, 302)),
]  # fmt: skip


@pytest.fixture
def world(app, make_user, make_consultation, make_proposal):
    """An open consultation in its proposals phase, a published proposal by someone else,
    another member, an organisation, and one signed-in client per kind of visitor."""
    from consult.organisations import operations as organisations

    consultation = make_consultation(phase="proposals", state="open")
    proposal = make_proposal(consultation)
    make_proposal(consultation)  # something to merge into
    people = {
        "member": make_user(),
        "local_moderator": make_user(),
        "moderator": make_user(roles=("moderator",)),
        "admin": make_user(roles=("admin",)),
    }
    other = make_user()
    with app.test_request_context("/en/"):
        consultations.grant_local_moderator(consultation, people["local_moderator"], None)
        org = organisations.create(None, "Route Walkers", "")
        comment = feedback.post(feedback.discussion_of(proposal), other, "A comment")
    clients = {"anonymous": app.test_client()}
    for who, user in people.items():
        clients[who] = app.test_client()
        sign_in(clients[who], user)
    ids = {"c": consultation.id, "p": proposal.id, "u": other.id, "o": org.id}
    ids["m"] = comment.id
    ids["pl"], ids["mr"] = _plan(app, people["admin"])
    ids["rd"], ids["am"] = _revision(app, people["admin"], ids["pl"])
    return clients, ids


def _plan(app, admin):
    """A plan with one version (one section, one measure): its id and its measure's row id."""
    from consult.actionplan import operations as plans
    from consult.actionplan import queries

    with app.test_request_context("/en/"):
        plan = plans.create_plan(admin, "Plan", "en", "", [("Housing", "", [{"title": "Homes"}])])
        return plan.id, queries.first_row(plan.id, 1).id


def _revision(app, admin, plan_id):
    """A draft revision of the plan with one amendment: their ids."""
    from consult.actionplan import operations as plans
    from consult.actionplan.models import ActionPlan
    from consult.extensions import db

    with app.test_request_context("/en/"):
        plan = db.session.get(ActionPlan, plan_id)
        revision = plans.open_revision(plan, admin, "Revision", "", "en")
        amendment = plans.amend(revision, admin, "retire", measure_key=1, reason="Done.",
                                initiated_by_city=True)  # fmt: skip
        return revision.id, amendment.id


def test_the_table_lists_every_route(app):
    listed = {(endpoint, method) for endpoint, method, _path, _who in ROUTES}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes - listed == set(), "add these routes to ROUTES"
    assert listed - routes == set(), "ROUTES lists routes that no longer exist"


@pytest.mark.parametrize(
    ("endpoint", "method", "path", "expected"),
    ROUTES,
    ids=[f"{method} {endpoint}" for endpoint, method, *_ in ROUTES],
)
def test_every_route_for_everyone(world, endpoint, method, path, expected):
    clients, ids = world
    url = path.format(**ids)
    seen = {}
    for who in WHO:
        client = clients[who]
        response = client.get(url) if method == "GET" else post(client, url, {})
        seen[who] = response.status_code
    assert seen == expected
