"""Organisations: create, rename, and decide who belongs, with a message next to the field
whenever something cannot be done."""

import pytest
from sqlalchemy import func, select

from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationMembership
from tests.admin.conftest import field_error, flashes, history
from tests.conftest import post


def organisations():
    return db.session.scalars(select(Organisation).order_by(Organisation.id)).all()


def member_ids(org):
    return set(
        db.session.scalars(
            select(OrganisationMembership.user_id).where(
                OrganisationMembership.organisation_id == org.id
            )
        )
    )


def page_after(client, response):
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_creating_an_organisation(admin_client, admin):
    response = post(
        admin_client,
        "/en/admin/organisations/new",
        {"name": "  Arsis  Thessaloniki ", "description": "Social support\nfor youth."},
    )
    [org] = organisations()
    assert response.headers["Location"] == f"/en/admin/organisations/{org.id}"
    html = page_after(admin_client, response)
    assert flashes(html) == ["The organisation has been created. Now add its members."]
    assert "<h1><bdi>Arsis Thessaloniki</bdi></h1>" in html
    assert "Social support\nfor youth." in html
    assert org.name == "Arsis Thessaloniki"
    [entry] = history("organisation.created", object_id=org.id)
    assert entry.actor_id == admin.id
    listing = admin_client.get("/en/admin/organisations").get_data(as_text=True)
    assert "<bdi>Arsis Thessaloniki</bdi>" in listing
    assert "1 organisation" in listing


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the name of the organisation."),
        ({"name": "X"}, "name", "Use between 2 and 120 characters."),
        ({"name": "N" * 121}, "name", "Use between 2 and 120 characters."),
        ({"name": "Fake\u202eNGO"}, "name", "no control or direction-changing characters"),
        (
            {"name": "Fine name", "description": "d" * 2001},
            "description",
            "Use at most 2000 characters.",
        ),
        (
            {"name": "Fine name", "description": "nul\x00byte"},
            "description",
            "Remove the invisible control characters from this text.",
        ),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(admin_client, data, field, message):
    response = post(admin_client, "/en/admin/organisations/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in field_error(html, field)
    assert organisations() == []


def test_what_was_typed_is_kept_when_something_is_wrong(admin_client):
    response = post(
        admin_client, "/en/admin/organisations/new", {"name": "X", "description": "Our work"}
    )
    html = response.get_data(as_text=True)
    assert 'value="X"' in html
    assert "Our work</textarea>" in html


def test_a_name_already_taken_gets_a_message_not_an_error(admin_client, make_organisation):
    make_organisation("Solidarity Now")
    response = post(admin_client, "/en/admin/organisations/new", {"name": "SOLIDARITY now"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "An organisation with this name already exists." in field_error(html, "name")
    assert 'value="SOLIDARITY now"' in html
    assert len(organisations()) == 1


def test_editing_an_organisation(admin_client, admin, make_organisation):
    org = make_organisation("Old name", "Old words")
    form = admin_client.get(f"/en/admin/organisations/{org.id}/edit").get_data(as_text=True)
    assert 'value="Old name"' in form and "Old words</textarea>" in form
    response = post(
        admin_client,
        f"/en/admin/organisations/{org.id}/edit",
        {"name": "New name", "description": "New words"},
    )
    html = page_after(admin_client, response)
    assert flashes(html) == ["The organisation has been saved."]
    db.session.refresh(org)
    assert (org.name, org.description) == ("New name", "New words")
    [entry] = history("organisation.updated", object_id=org.id)
    assert entry.actor_id == admin.id


def test_renaming_to_a_taken_name_gets_a_message(admin_client, make_organisation):
    make_organisation("Taken")
    org = make_organisation("Mine")
    response = post(admin_client, f"/en/admin/organisations/{org.id}/edit", {"name": "taken"})
    assert response.status_code == 422
    assert "already exists" in field_error(response.get_data(as_text=True), "name")
    db.session.refresh(org)
    assert org.name == "Mine"


def test_adding_a_member_by_email(admin_client, admin, make_user, make_organisation):
    org = make_organisation("Solidarity Now")
    person = make_user(email="amal@example.org", display_name="Amal")
    response = post(
        admin_client, f"/en/admin/organisations/{org.id}/members", {"email": "AMAL@example.org"}
    )
    html = page_after(admin_client, response)
    assert flashes(html) == ["The account has been added to the members."]
    assert "<bdi>Amal</bdi>" in html and "1 member" in html
    assert member_ids(org) == {person.id}
    [entry] = history("organisation.member_added", object_id=org.id)
    assert entry.actor_id == admin.id and entry.details == {"user_id": person.id}
    # The person's account page in the admin area lists the organisation too.
    user_page = admin_client.get(f"/en/admin/users/{person.id}").get_data(as_text=True)
    assert "<bdi>Solidarity Now</bdi>" in user_page


def test_adding_the_same_member_twice_is_harmless(admin_client, make_user, make_organisation):
    person = make_user(email="amal@example.org")
    org = make_organisation("Solidarity Now", members=[person])
    admin_client.get(f"/en/admin/organisations/{org.id}")
    response = post(
        admin_client, f"/en/admin/organisations/{org.id}/members", {"email": "amal@example.org"}
    )
    html = page_after(admin_client, response)
    assert flashes(html) == ["This account is already a member."]
    assert member_ids(org) == {person.id}
    assert len(history("organisation.member_added", object_id=org.id)) == 1


def test_an_unknown_email_gets_a_message_next_to_the_field(admin_client, make_organisation):
    org = make_organisation("Solidarity Now")
    response = post(
        admin_client, f"/en/admin/organisations/{org.id}/members", {"email": "nobody@example.org"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "No account uses this email address." in field_error(html, "email")
    assert 'value="nobody@example.org"' in html
    assert member_ids(org) == set()


def test_a_malformed_email_gets_a_message(admin_client, make_organisation):
    org = make_organisation("Solidarity Now")
    response = post(
        admin_client, f"/en/admin/organisations/{org.id}/members", {"email": "not-an-email"}
    )
    assert response.status_code == 422
    assert "Enter an email address like name@example.org." in field_error(
        response.get_data(as_text=True), "email"
    )


def test_removing_a_member(admin_client, admin, make_user, make_organisation):
    person = make_user(display_name="Amal")
    org = make_organisation("Solidarity Now", members=[person])
    response = post(admin_client, f"/en/admin/organisations/{org.id}/members/{person.id}/remove")
    html = page_after(admin_client, response)
    assert flashes(html) == ["The account has been removed from the members."]
    assert "<bdi>Amal</bdi>" not in html
    assert "This organisation has no members yet." in html
    assert member_ids(org) == set()
    [entry] = history("organisation.member_removed", object_id=org.id)
    assert entry.actor_id == admin.id
    again = post(admin_client, f"/en/admin/organisations/{org.id}/members/{person.id}/remove")
    assert flashes(page_after(admin_client, again)) == ["This account was not a member."]


def test_the_list_counts_members_and_comes_in_pages(admin_client, make_user, make_organisation):
    people = [make_user() for _ in range(3)]
    for n in range(26):
        make_organisation(f"Org {n:02d}", members=people[: n % 4])
    first = admin_client.get("/en/admin/organisations").get_data(as_text=True)
    second = admin_client.get("/en/admin/organisations?page=2").get_data(as_text=True)
    assert "26 organisations" in first and "Page 1 of 2" in first
    assert "<bdi>Org 03</bdi></a></th>\n      <td>3</td>" in first
    assert "<bdi>Org 25</bdi>" in second and "<bdi>Org 24</bdi>" not in second
    assert admin_client.get("/en/admin/organisations?page=x").status_code == 200


def test_a_name_with_html_is_shown_as_text_inside_bdi(admin_client, make_organisation):
    org = make_organisation("<b>Bold</b> NGO")
    for url in (
        "/en/admin/organisations",
        f"/en/admin/organisations/{org.id}",
        "/en/admin/history",
    ):
        html = admin_client.get(url).get_data(as_text=True)
        assert "<b>Bold</b>" not in html.split("<main", 1)[1], url
        assert "<bdi>&lt;b&gt;Bold&lt;/b&gt; NGO</bdi>" in html, url


def test_organisation_pages_are_right_to_left_in_arabic(admin_client, make_organisation):
    org = make_organisation("جمعية")
    html = admin_client.get(f"/ar/admin/organisations/{org.id}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1><bdi>جمعية</bdi></h1>" in html
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
