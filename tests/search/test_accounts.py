"""The admin's list of accounts: public names and email addresses found whatever the accents and
case, in every alphabet."""

import re

import pytest

from tests.search.conftest import listed


def names(html):
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return sorted(re.findall(r"<bdi>([^<]*)</bdi></a></th>", table))


@pytest.fixture
def people(make_user):
    make_user(display_name="Ελένη Παπαδοπούλου", email="eleni@example.org")
    make_user(display_name="ΑΘΗΝΑ Κ.", email="athina@example.org")
    make_user(display_name="Οδυσσέας", email="odysseas@example.org")
    make_user(display_name="Hélène Dubois", email="helene@example.org")
    make_user(display_name="José", email="jose.muñoz@example.org")
    make_user(display_name="أمل", email="amal@example.org")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ελενη", ["Ελένη Παπαδοπούλου"]),
        ("ΕΛΕΝΗ", ["Ελένη Παπαδοπούλου"]),
        ("Ελένη", ["Ελένη Παπαδοπούλου"]),
        ("παπαδοπουλου", ["Ελένη Παπαδοπούλου"]),
        ("Αθήνα", ["ΑΘΗΝΑ Κ."]),
        ("αθηνα", ["ΑΘΗΝΑ Κ."]),
        ("οδυσσεας", ["Οδυσσέας"]),
        ("ΟΔΥΣΣΕΑΣ", ["Οδυσσέας"]),
        ("helene", ["Hélène Dubois"]),
        ("HÉLÈNE", ["Hélène Dubois"]),
        ("munoz", ["José"]),
        ("MUÑOZ", ["José"]),
        ("أمل", ["أمل"]),
        ("امل", ["أمل"]),
    ],
)
def test_names_and_addresses_are_found_whatever_the_accents_and_case(
    admin_client, people, q, expected
):
    assert names(listed(admin_client, "/en/admin/users", q=q)) == expected


@pytest.mark.parametrize("q", ["%", "_", "\\", "x" * 10_000, "ελ\x00ενη"])
def test_wildcards_are_literal_and_any_query_is_answered(admin_client, people, q):
    assert names(listed(admin_client, "/en/admin/users", q=q)) == []


@pytest.mark.parametrize("q", ["\x00\x01", "\u202e", "  "])
def test_a_query_of_nothing_but_control_characters_lists_everyone(admin_client, people, q):
    assert len(names(listed(admin_client, "/en/admin/users", q=q))) == 7
