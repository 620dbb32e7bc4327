"""The list and a proposal's page run as many SQL statements for thirty proposals, translations,
answers and history entries as for three; nothing loads itself row by row."""

import pytest

from consult.proposals import operations as ops
from consult.translations import operations as translations
from tests.proposals.conftest import fresh_session


def fill(app, consultation, make_proposal, make_user, moderator, add_translation, n):
    """``n`` proposals by ``n`` authors, each translated, answered and with a history."""
    made = []
    for i in range(n):
        proposal = make_proposal(consultation, author=make_user(), category="Housing")
        add_translation(proposal, "title", "ar", f"عنوان {i}")
        add_translation(proposal, "body", "ar", f"نص {i}")
        with app.test_request_context("/en/"):
            ops.answer(proposal, moderator, "evaluating", f"Answer {i}", "el")
        add_translation(proposal, "answer", "ar", f"جواب {i}")
        made.append(proposal)
    return made


def count(client, count_queries, path):
    fresh_session()
    with count_queries() as counted:
        response = client.get(path)
    assert response.status_code == 200, path
    return counted.count


@pytest.mark.parametrize("who", ["anonymous", "author", "moderator"])
def test_the_list_runs_a_constant_number_of_statements(
    app,
    client_for,
    consultation,
    make_consultation,
    make_proposal,
    make_user,
    moderator,
    add_translation,
    count_queries,
    who,
):
    other = make_consultation(categories=["Housing"])
    fill(app, consultation, make_proposal, make_user, moderator, add_translation, 3)
    many = fill(app, other, make_proposal, make_user, moderator, add_translation, 30)
    viewer = {"anonymous": None, "author": make_user(), "moderator": moderator}[who]
    if who == "author":
        make_proposal(consultation, author=viewer, state="draft")
        for _ in range(5):
            make_proposal(other, author=viewer, state="draft")
    client = client_for(viewer)
    small_url = f"/ar/consultations/{consultation.id}/proposals/"
    large_url = f"/ar/consultations/{other.id}/proposals/"
    assert len(many) == 30
    for args in ("", "?sort=random", "?language=ar&category=Housing&sort=supported"):
        small = count(client, count_queries, small_url + args)
        large = count(client, count_queries, large_url + args)
        assert small == large, (args, small, large)


@pytest.mark.parametrize("who", ["anonymous", "author", "moderator"])
def test_a_proposals_page_runs_a_constant_number_of_statements(
    app,
    client_for,
    consultation,
    make_proposal,
    make_user,
    moderator,
    add_translation,
    count_queries,
    who,
):
    author = make_user()
    with app.test_request_context("/en/"):
        plain = ops.create(consultation, author, "Plain", "A plain proposal.", None, "en")
        ops.publish(plain, author)
        translations.submit(plain, "title", "ar", "عادي", author)
    busy = make_proposal(consultation, author=author)
    add_translation(busy, "title", "ar", "عنوان")
    add_translation(busy, "body", "ar", "نص")
    target = make_proposal(consultation)
    with app.test_request_context("/en/"):
        for i in range(30):
            translations.submit(busy, "title", "ar", f"عنوان {i}", author)
        ops.answer(busy, moderator, "evaluating", "An answer.", "el")
        ops.merge(busy, target, moderator, "Same idea.")
    add_translation(busy, "answer", "ar", "جواب")
    client = client_for({"anonymous": None, "author": author, "moderator": moderator}[who])
    plain_url, busy_url = f"/ar/proposals/{plain.id}", f"/ar/proposals/{busy.id}"
    # A visitor's first look counts a read (one write); the pages are compared after it.
    for url in (plain_url, busy_url):
        client.get(url)
    small = count(client, count_queries, plain_url)
    large = count(client, count_queries, busy_url)
    assert small == large, (small, large)
    assert count(client, count_queries, busy_url + "?original=1") == large


def test_the_list_stays_small_in_statements(client, consultation, make_proposal, count_queries):
    for _ in range(3):
        make_proposal(consultation)
    url = f"/en/consultations/{consultation.id}/proposals/"
    # The consultation, the count, the page with its authors, the authors' roles, the
    # translations (and the test's savepoint).
    assert count(client, count_queries, url) <= 6
