"""Granting and removing roles, blocking and unblocking: each changes the account, is recorded
with who did it, and is refused to an admin acting on their own account."""

import pytest

from consult.extensions import db
from tests.admin.conftest import field_error, flashes, history, history_count
from tests.conftest import PASSWORD, post, sign_in


@pytest.fixture
def person(make_user):
    return make_user(email="nadia@example.org", display_name="Nadia")


def act(client, person, action, data=None):
    return post(client, f"/en/admin/users/{person.id}/{action}", data or {})


def page_after(client, response):
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_granting_a_role_gives_it_and_records_who(admin_client, admin, person):
    response = act(admin_client, person, "roles/grant", {"role": "moderator"})
    assert response.headers["Location"] == f"/en/admin/users/{person.id}"
    html = page_after(admin_client, response)
    assert flashes(html) == ["Role granted: Moderator."]
    db.session.refresh(person)
    assert person.role_names == {"moderator"}
    [entry] = history("user.role_granted", object_id=person.id)
    assert entry.actor_id == admin.id and entry.details == {"role": "moderator"}
    assert "Remove the role Moderator" in html


def test_granting_a_role_twice_is_harmless(admin_client, person):
    act(admin_client, person, "roles/grant", {"role": "moderator"})
    html = page_after(admin_client, act(admin_client, person, "roles/grant", {"role": "moderator"}))
    assert flashes(html) == ["This account already has the role Moderator."]
    assert len(history("user.role_granted", object_id=person.id)) == 1


def test_the_grant_form_offers_only_roles_the_account_lacks(admin_client, make_user):
    moderator = make_user(roles=("moderator",))
    html = admin_client.get(f"/en/admin/users/{moderator.id}").get_data(as_text=True)
    select = html.split("<select", 1)[1].split("</select>", 1)[0]
    assert 'value="admin"' in select and 'value="moderator"' not in select


@pytest.mark.parametrize("role", ["superuser", ""])
def test_an_unknown_role_gets_a_message_next_to_the_list(admin_client, person, role):
    before = history_count()
    response = act(admin_client, person, "roles/grant", {"role": role})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "role") == (
        '<span class="visually-hidden">Error:</span> Choose a role from the list.'
    )
    db.session.refresh(person)
    assert person.role_names == set()
    assert history_count() == before


def test_removing_a_role_takes_it_away_and_records_who(admin_client, admin, make_user):
    moderator = make_user(roles=("moderator",))
    response = act(admin_client, moderator, "roles/revoke", {"role": "moderator"})
    html = page_after(admin_client, response)
    assert flashes(html) == ["Role removed: Moderator."]
    db.session.refresh(moderator)
    assert moderator.role_names == set()
    [entry] = history("user.role_revoked", object_id=moderator.id)
    assert entry.actor_id == admin.id


def test_an_admin_whose_role_is_removed_loses_access_at_once(app, admin_client, make_user):
    other_admin = make_user(roles=("admin",))
    their_client = app.test_client()
    sign_in(their_client, other_admin)
    assert their_client.get("/en/admin/").status_code == 200
    act(admin_client, other_admin, "roles/revoke", {"role": "admin"})
    assert their_client.get("/en/admin/").status_code == 403


def test_blocking_needs_a_reason(admin_client, person):
    before = history_count()
    response = act(admin_client, person, "block", {"reason": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Say why, so the decision can be reviewed." in field_error(html, "reason")
    assert '<a href="#reason">Say why' in html  # and in the summary above the forms
    db.session.refresh(person)
    assert person.blocked_at is None
    assert history_count() == before


def test_a_too_long_reason_is_kept_with_a_message(admin_client, person):
    reason = "spam " * 101
    response = act(admin_client, person, "block", {"reason": reason})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use at most 500 characters." in field_error(html, "reason")
    assert f'value="{reason}"' in html
    db.session.refresh(person)
    assert person.blocked_at is None


def test_blocking_ends_the_session_and_stops_sign_in(app, admin_client, admin, person):
    their_client = app.test_client()
    sign_in(their_client, person)
    assert their_client.get("/en/account").status_code == 200

    html = page_after(admin_client, act(admin_client, person, "block", {"reason": "Spam links"}))
    assert flashes(html) == ["The account is blocked and has been signed out everywhere."]
    assert "<bdi>Spam links</bdi>" in html
    db.session.refresh(person)
    assert person.blocked_at is not None and person.block_reason == "Spam links"
    [entry] = history("user.blocked", object_id=person.id)
    assert entry.actor_id == admin.id and entry.comment == "Spam links"

    # Their open session is over ...
    response = their_client.get("/en/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/sign-in")
    # ... and they cannot start a new one.
    fresh = app.test_client()
    response = post(fresh, "/en/sign-in", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 422
    assert "This account is blocked" in response.get_data(as_text=True)


def test_unblocking_lets_the_person_sign_in_again(app, admin_client, admin, person):
    act(admin_client, person, "block", {"reason": "Spam"})
    html = page_after(admin_client, act(admin_client, person, "unblock", {"reason": "Appeal"}))
    assert flashes(html) == ["The account is unblocked. Its owner can sign in again."]
    db.session.refresh(person)
    assert person.blocked_at is None and person.block_reason is None
    [entry] = history("user.unblocked", object_id=person.id)
    assert entry.actor_id == admin.id and entry.comment == "Appeal"
    sign_in(app.test_client(), person)


def test_blocking_twice_or_unblocking_an_open_account_is_harmless(admin_client, person):
    html = page_after(admin_client, act(admin_client, person, "unblock"))
    assert flashes(html) == ["This account was not blocked."]
    act(admin_client, person, "block", {"reason": "Spam"})
    html = page_after(admin_client, act(admin_client, person, "block", {"reason": "Again"}))
    assert flashes(html) == ["This account was already blocked."]
    assert len(history("user.blocked", object_id=person.id)) == 1
    assert history("user.unblocked", object_id=person.id) == []


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("roles/revoke", {"role": "admin"}),
        ("roles/grant", {"role": "moderator"}),
        ("block", {"reason": "I quit"}),
    ],
)
def test_an_admin_cannot_change_their_own_roles_or_block_themselves(
    admin_client, admin, action, data
):
    before = history_count()
    response = act(admin_client, admin, action, data)
    assert response.status_code == 403
    db.session.refresh(admin)
    assert admin.role_names == {"admin"} and admin.blocked_at is None
    assert history_count() == before
    assert admin_client.get("/en/admin/").status_code == 200


def test_their_own_page_says_why_there_are_no_buttons(admin_client, admin):
    html = admin_client.get(f"/en/admin/users/{admin.id}").get_data(as_text=True)
    assert "You cannot change your own roles. Another administrator can." in html
    assert "You cannot block your own account." in html
    assert "/roles/revoke" not in html and "/block" not in html


def test_the_account_page_shows_its_organisations_and_history_newest_first(
    admin_client, person, make_organisation
):
    make_organisation("Refugee Support Network", members=[person])
    act(admin_client, person, "roles/grant", {"role": "moderator"})
    act(admin_client, person, "roles/revoke", {"role": "moderator"})
    html = admin_client.get(f"/en/admin/users/{person.id}").get_data(as_text=True)
    assert "<bdi>Refugee Support Network</bdi>" in html
    section = html.split('id="history"', 1)[1]
    order = [section.index(label) for label in ("Role removed", "Role granted", "Account created")]
    assert order == sorted(order)
    assert "<bdi>Admin Eleni</bdi>" in section
