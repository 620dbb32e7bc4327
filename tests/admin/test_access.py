"""Only admins enter the admin area: anonymous visitors are sent to sign in, members and
moderators are refused, on every page and every action."""

from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationMembership
from tests.admin.conftest import history_count
from tests.conftest import PASSWORD, post, sign_in

PAGES = [
    "/en/admin/",
    "/en/admin/users",
    "/en/admin/users/{user}",
    "/en/admin/organisations",
    "/en/admin/organisations/new",
    "/en/admin/organisations/{org}",
    "/en/admin/organisations/{org}/edit",
    "/en/admin/history",
]

ACTIONS = [
    ("/en/admin/users/{user}/roles/grant", {"role": "moderator"}),
    ("/en/admin/users/{user}/roles/revoke", {"role": "moderator"}),
    ("/en/admin/users/{user}/block", {"reason": "spam"}),
    ("/en/admin/users/{user}/unblock", {}),
    ("/en/admin/organisations/new", {"name": "Sneaky NGO"}),
    ("/en/admin/organisations/{org}/edit", {"name": "Renamed"}),
    ("/en/admin/organisations/{org}/members", {"email": "someone@example.org"}),
    ("/en/admin/organisations/{org}/members/{user}/remove", {}),
]


@pytest.fixture
def target(make_user, make_organisation):
    user = make_user(email="someone@example.org", display_name="Target", roles=("moderator",))
    org = make_organisation("Solidarity Now", members=[user])
    return {"user": user.id, "org": org.id}


def visitor(app, make_user, who):
    client = app.test_client()
    if who != "anonymous":
        roles = {"member": (), "moderator": ("moderator",), "admin": ("admin",)}[who]
        sign_in(client, make_user(roles=roles))
    return client


def test_anonymous_visitors_are_sent_to_sign_in_and_back(app, target):
    client = app.test_client()
    for page in PAGES:
        url = page.format(**target)
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == f"/en/sign-in?next={quote(url)}"


def test_an_admin_who_signs_in_from_there_comes_back_to_the_page(app, admin):
    client = app.test_client()
    sign_in_url = client.get("/en/admin/users?q=amal").headers["Location"]
    response = post(
        client,
        sign_in_url,
        {"email": admin.email, "password": PASSWORD, "next": "/en/admin/users?q=amal"},
    )
    assert response.headers["Location"] == "/en/admin/users?q=amal"
    assert client.get("/en/admin/users?q=amal").status_code == 200


@pytest.mark.parametrize("who", ["member", "moderator"])
def test_members_and_moderators_may_not_see_admin_pages(app, make_user, target, who):
    client = visitor(app, make_user, who)
    for page in PAGES:
        response = client.get(page.format(**target))
        assert response.status_code == 403, page
        assert "Your account does not have permission" in response.get_data(as_text=True)


def test_admins_see_every_admin_page_with_one_heading(app, make_user, target):
    client = visitor(app, make_user, "admin")
    for page in PAGES:
        response = client.get(page.format(**target))
        assert response.status_code == 200, page
        assert response.get_data(as_text=True).count("<h1") == 1, page


def _state():
    memberships = db.session.scalar(select(func.count()).select_from(OrganisationMembership))
    names = db.session.scalars(select(Organisation.name)).all()
    return history_count(), memberships, sorted(names)


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
def test_only_admins_may_act(app, make_user, target, who):
    client = visitor(app, make_user, who)
    before = _state()
    for action, data in ACTIONS:
        response = post(client, action.format(**target), data)
        assert response.status_code == 403, action
    assert _state() == before


def test_the_header_links_to_the_admin_area_only_for_admins(app, make_user):
    assert "/en/admin/" not in visitor(app, make_user, "moderator").get("/en/").get_data(
        as_text=True
    )
    assert '<a href="/en/admin/">Administration</a>' in visitor(app, make_user, "admin").get(
        "/en/"
    ).get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/users/999999",
        "/en/admin/users/99999999999999999999999",
        "/en/admin/organisations/999999",
        "/en/admin/organisations/99999999999999999999999/edit",
        "/en/admin/users/-1",
    ],
)
def test_unknown_objects_are_a_404(admin_client, url):
    assert admin_client.get(url).status_code == 404


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(admin_client, target):
    before = _state()
    for action, data in ACTIONS:
        response = admin_client.post(action.format(**target), data=data)
        assert response.status_code == 400, action
        assert "The form may have expired" in response.get_data(as_text=True)
    forged = admin_client.post(
        "/en/admin/users/{user}/block".format(**target), data={"reason": "x", "csrf_token": "x"}
    )
    assert forged.status_code == 400
    assert _state() == before
