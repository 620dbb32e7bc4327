"""Finding accounts: search by email address or public name, pages of 25, a constant number of
SQL statements, names shown safely in every direction."""

import re

import pytest

from tests.admin.conftest import fresh_session
from tests.conftest import sign_in


def names_listed(html):
    """The public names in the table of accounts, in order."""
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r"<bdi>([^<]*)</bdi></a></th>", table)


def test_search_finds_accounts_by_part_of_the_email_address_ignoring_case(admin_client, make_user):
    make_user(email="amal.haddad@example.org", display_name="Amal")
    make_user(email="nikos@example.org", display_name="Nikos")
    html = admin_client.get("/en/admin/users?q=HADDAD@Example").get_data(as_text=True)
    assert names_listed(html) == ["Amal"]
    assert "1 account found" in html
    assert "<bdi>amal.haddad@example.org</bdi>" in html
    assert 'value="HADDAD@Example"' in html  # what was typed stays in the box


@pytest.mark.parametrize("query", ["ελένη", "ΕΛΈΝΗ", "eleni", "ЮЛІЯ", "papa"])
def test_search_finds_accounts_by_part_of_the_public_name_in_any_alphabet(
    admin_client, make_user, query
):
    make_user(display_name="Ελένη Παπαδοπούλου", email="e1@example.org")
    make_user(display_name="Eleni Papadopoulou", email="e2@example.org")
    make_user(display_name="Юлія", email="u1@example.org")
    make_user(display_name="Someone Else", email="s@example.org")
    names = names_listed(admin_client.get(f"/en/admin/users?q={query}").get_data(as_text=True))
    expected = {
        "ελένη": ["Ελένη Παπαδοπούλου"],
        "ΕΛΈΝΗ": ["Ελένη Παπαδοπούλου"],
        "eleni": ["Admin Eleni", "Eleni Papadopoulou"],
        "ЮЛІЯ": ["Юлія"],
        "papa": ["Eleni Papadopoulou"],
    }
    assert names == expected[query]


def test_search_keeps_the_zero_width_non_joiner_of_persian_names(admin_client, make_user):
    make_user(display_name="مهر‌ناز", email="m@example.org")
    make_user(display_name="مهرناز", email="n@example.org")
    html = admin_client.get("/fa/admin/users", query_string={"q": "مهر‌ن"}).get_data(as_text=True)
    assert names_listed(html) == ["مهر‌ناز"]


def test_search_treats_wildcards_as_plain_characters(admin_client, make_user):
    make_user(display_name="Percent", email="percent@example.org")
    for query in ("%", "_", "\\"):
        html = admin_client.get("/en/admin/users", query_string={"q": query}).get_data(as_text=True)
        assert names_listed(html) == [], query
        assert "0 accounts found" in html


def test_a_search_with_no_match_says_so(admin_client):
    html = admin_client.get("/en/admin/users?q=nobody-like-this").get_data(as_text=True)
    assert "0 accounts found" in html
    assert "<tbody>" not in html


def test_control_characters_in_a_search_are_ignored_not_an_error(admin_client, admin):
    response = admin_client.get("/en/admin/users", query_string={"q": "Admin\x00 Eleni"})
    assert response.status_code == 200
    assert names_listed(response.get_data(as_text=True)) == ["Admin Eleni"]


def test_the_list_shows_roles_and_blocked_accounts(admin_client, make_user):
    make_user(display_name="Mod Maria", roles=("moderator",))
    html = admin_client.get("/en/admin/users?q=maria").get_data(as_text=True)
    row = html.split("<tbody>", 1)[1]
    assert "Moderator" in row and "Active" in row


@pytest.fixture
def thirty_people(make_user, admin):
    # With the admin: 31 accounts, so 25 on the first page and 6 on the second.
    return [make_user(display_name=f"Zed {n:02d}") for n in range(30)]


def test_accounts_come_25_to_a_page(admin_client, thirty_people):
    first = admin_client.get("/en/admin/users").get_data(as_text=True)
    second = admin_client.get("/en/admin/users?page=2").get_data(as_text=True)
    assert "31 accounts found" in first
    assert len(names_listed(first)) == 25
    assert names_listed(first)[0] == "Admin Eleni"
    assert names_listed(second) == [f"Zed {n:02d}" for n in range(24, 30)]
    assert "Page 1 of 2" in first and 'rel="next" href="/en/admin/users?page=2"' in first
    assert "Page 2 of 2" in second and 'rel="prev" href="/en/admin/users?page=1"' in second


def test_the_search_is_kept_from_page_to_page(admin_client, thirty_people):
    html = admin_client.get("/en/admin/users?q=zed").get_data(as_text=True)
    assert "30 accounts found" in html
    assert 'rel="next" href="/en/admin/users?page=2&amp;q=zed"' in html
    second = admin_client.get("/en/admin/users?page=2&q=zed").get_data(as_text=True)
    assert names_listed(second) == [f"Zed {n:02d}" for n in range(25, 30)]


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "1.5", "", "2x", "%00", "99999999999999999999999", "1e3", "999"]
)
def test_a_bad_page_number_shows_the_first_page(admin_client, thirty_people, page):
    response = admin_client.get(f"/en/admin/users?page={page}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Page 1 of 2" in html
    assert names_listed(html)[0] == "Admin Eleni"


def test_the_list_runs_as_many_queries_for_30_accounts_as_for_3(
    admin_client, make_user, count_queries
):
    for n in range(2):
        make_user(display_name=f"Few {n}", roles=("moderator",))
    admin_client.get("/en/admin/users")  # warm up
    fresh_session()
    with count_queries() as few:
        html = admin_client.get("/en/admin/users").get_data(as_text=True)
    assert len(names_listed(html)) == 3
    for n in range(27):
        make_user(display_name=f"Many {n}", roles=("moderator",) if n % 2 else ())
    fresh_session()
    with count_queries() as many:
        html = admin_client.get("/en/admin/users").get_data(as_text=True)
    assert len(names_listed(html)) == 25
    assert many.count == few.count
    # The savepoint, the admin and their roles, the count, the page and the page's roles.
    assert few.count <= 6


def test_a_name_with_html_is_shown_as_text_inside_bdi(admin_client, make_user):
    user = make_user(display_name="<script>alert(1)</script>")
    for url in ("/en/admin/users", f"/en/admin/users/{user.id}", "/en/admin/history"):
        html = admin_client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html, url
        assert "<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>" in html, url


def test_admin_pages_in_arabic_are_right_to_left(app, make_user):
    client = app.test_client()
    sign_in(client, make_user(roles=("admin",), locale="ar", display_name="أمل"), lang="ar")
    for url in ("/ar/admin/", "/ar/admin/users", "/ar/admin/history"):
        html = client.get(url).get_data(as_text=True)
        assert re.search(r"<html[^>]*>", html).group(0) == '<html lang="ar" dir="rtl">', url
    assert "<bdi>أمل</bdi>" in client.get("/ar/admin/users").get_data(as_text=True)


def test_the_users_page_in_farsi_is_right_to_left(admin_client):
    html = admin_client.get("/fa/admin/users").get_data(as_text=True)
    assert '<html lang="fa" dir="rtl">' in html
