"""Counting reads is best effort: a database too busy to take the write never costs the reader
the page."""

from types import SimpleNamespace

from sqlalchemy.exc import OperationalError

from consult.core import reads
from consult.core.reads import ContentRead
from consult.extensions import db


def test_a_read_is_counted_once_per_session(client, make_consultation, make_proposal):
    proposal = make_proposal(make_consultation())
    for _ in range(3):
        assert client.get(f"/en/proposals/{proposal.id}").status_code == 200
    row = db.session.get(ContentRead, ("proposals", proposal.id))
    assert row.reads == 1


def test_a_busy_database_leaves_the_read_uncounted_not_the_page_broken(
    client, make_consultation, make_proposal, monkeypatch
):
    proposal = make_proposal(make_consultation())

    def busy(_table):
        raise OperationalError("INSERT INTO content_reads …", {}, Exception("database is locked"))

    for dialect in ("sqlite", "postgresql"):
        monkeypatch.setattr(reads, dialect, SimpleNamespace(insert=busy))
    response = client.get(f"/en/proposals/{proposal.id}")
    assert response.status_code == 200
    monkeypatch.undo()
    assert db.session.get(ContentRead, ("proposals", proposal.id)) is None
