"""The proposal list's deep pages follow a cursor (``?after=``) for the newest and most
supported orders: the same proposals as ``?page=N``, without an OFFSET (the first pages keep
plain page numbers)."""

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult.core.history import utcnow
from consult.extensions import db


def ids(page_html):
    return [int(n) for n in re.findall(r'href="/en/proposals/(\d+)"', page_html)]


def next_link(page_html):
    match = re.search(r'<a rel="next" href="([^"]+)"', page_html)
    return html.unescape(match.group(1)) if match else None


@pytest.fixture
def listed(make_consultation, make_proposal):
    consultation = make_consultation()
    now = utcnow()
    for i in range(45):
        proposal = make_proposal(consultation, supports_count=i % 4)
        # Some share a publication time, so that ties fall back to the id.
        proposal.published_at = now - timedelta(minutes=i // 2)
    db.session.commit()
    return consultation


@pytest.mark.parametrize("sort", ["", "?sort=supported"])
def test_next_pages_follow_a_cursor_to_the_same_proposals(app, client, listed, sort):
    base = f"/en/consultations/{listed.id}/proposals/{sort}"
    joiner = "&" if sort else "?"
    url, seen, statements = base, [], []

    def on_execute(_conn, _cursor, statement, parameters, *_args):
        # SQLite writes "OFFSET ?" after every LIMIT: an offset of 0 skips nothing.
        if "FROM proposals" in statement and "OFFSET" in statement:
            statements.append(list(parameters)[-1])

    with app.app_context():
        engine = db.engine
    for number in (1, 2, 3):
        by_number = client.get(f"{base}{joiner}page={number}").get_data(as_text=True)
        sa.event.listen(engine, "before_cursor_execute", on_execute)
        try:
            followed = client.get(url).get_data(as_text=True)
        finally:
            sa.event.remove(engine, "before_cursor_execute", on_execute)
        assert ids(followed) == ids(by_number)
        assert f"Page {number} of 3" in followed
        seen += ids(followed)
        if number == 2:
            assert "after=" not in url  # the first pages are plain page numbers
        if number == 3:
            assert "after=" in url
            assert not any(statements), statements
        statements.clear()
        url = next_link(followed)
    assert url is None
    assert len(seen) == len(set(seen)) == 45


def test_a_cursor_that_does_not_parse_falls_back_to_the_page_number(client, listed):
    base = f"/en/consultations/{listed.id}/proposals/"
    by_number = client.get(f"{base}?page=2").get_data(as_text=True)
    for bad in ("x", "2020-01-01T00:00:00,abc", "1,2,3", "9" * 100):
        response = client.get(f"{base}?page=2&after={bad}")
        assert response.status_code == 200
        assert ids(response.get_data(as_text=True)) == ids(by_number)
