"""The history (audit) log: every change, newest first, saying who, when, what, on which object
and why, with the actors loaded together rather than one query a row."""

import re

from tests.admin.conftest import fresh_session
from tests.conftest import post


def rows(html):
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in body.split("</tr>")[:-1]
    ]


def test_the_history_says_who_did_what_to_what_and_why(admin_client, make_user):
    person = make_user(display_name="Nadia")
    post(admin_client, f"/en/admin/users/{person.id}/block", {"reason": "Spam links"})
    post(admin_client, "/en/admin/organisations/new", {"name": "Solidarity Now"})
    html = admin_client.get("/en/admin/history").get_data(as_text=True)
    assert 'aria-current="page">History</a>' in html
    newest, blocked, *older = rows(html)
    assert newest.endswith("Admin Eleni Organisation created Organisation: Solidarity Now")
    assert blocked.endswith("Admin Eleni Account blocked Account: Nadia Spam links")
    # The admin's own role came from the command line: no person did it.
    assert any(
        row.endswith("system Role granted Administrator Account: Admin Eleni") for row in older
    )
    assert any(row.endswith("Nadia Account created Account: Nadia") for row in older)
    assert "<bdi>Spam links</bdi>" in html
    assert '<a href="/en/admin/users/' in html and "<bdi>Admin Eleni</bdi>" in html


def test_every_action_has_a_label_not_its_code(admin_client, admin, make_user):
    person = make_user(display_name="Nadia")
    post(admin_client, f"/en/admin/users/{person.id}/roles/grant", {"role": "moderator"})
    post(admin_client, f"/en/admin/users/{person.id}/roles/revoke", {"role": "moderator"})
    post(admin_client, f"/en/admin/users/{person.id}/block", {"reason": "x"})
    post(admin_client, f"/en/admin/users/{person.id}/unblock", {})
    response = post(admin_client, "/en/admin/organisations/new", {"name": "Org"})
    org_url = response.headers["Location"]
    post(admin_client, f"{org_url}/edit", {"name": "Org 2"})
    post(admin_client, f"{org_url}/members", {"email": person.email})
    post(admin_client, f"{org_url}/members/{person.id}/remove")
    html = admin_client.get("/en/admin/history").get_data(as_text=True)
    for label in (
        "Account created",
        "Role granted",
        "Role removed",
        "Account blocked",
        "Account unblocked",
        "Organisation created",
        "Organisation changed",
        "Member added",
        "Member removed",
    ):
        assert f"<td>{label}" in html, label
    assert not re.search(r"(user|organisation)\.[a-z_]+", html.split("<main", 1)[1])
    # The member an entry is about is named too.
    member_row = next(row for row in rows(html) if "Member added" in row)
    assert "Member added Nadia Organisation: Org 2" in member_row


def test_the_history_comes_in_pages_newest_first(admin_client, make_user):
    for n in range(30):
        make_user(display_name=f"Person {n:02d}")
    # 31 accounts created and the admin's role: 32 entries, 25 then 7.
    first = admin_client.get("/en/admin/history").get_data(as_text=True)
    second = admin_client.get("/en/admin/history?page=2").get_data(as_text=True)
    assert "Page 1 of 2" in first and len(rows(first)) == 25
    assert rows(first)[0].endswith("Person 29 Account created Account: Person 29")
    assert len(rows(second)) == 7
    assert rows(second)[-1].endswith("Admin Eleni Account created Account: Admin Eleni")
    assert rows(admin_client.get("/en/admin/history?page=-3").get_data(as_text=True)) == rows(first)


def test_the_history_runs_as_many_queries_for_many_actors_as_for_few(
    admin_client, admin, make_user, make_organisation, count_queries
):
    make_organisation("Few", members=[admin])
    admin_client.get("/en/admin/history")
    fresh_session()
    with count_queries() as few:
        admin_client.get("/en/admin/history")
    people = [make_user() for _ in range(20)]
    make_organisation("Org", members=people[:4])
    fresh_session()
    with count_queries() as many:
        html = admin_client.get("/en/admin/history").get_data(as_text=True)
    assert len(rows(html)) == 25
    assert many.count == few.count
    # The savepoint, the admin and their roles, the count, the entries, the people named and
    # their roles, the organisations named.
    assert few.count <= 8
