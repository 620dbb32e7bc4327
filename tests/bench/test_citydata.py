"""The city data set (bench/citydata.py) at a tiny scale: the rows the scale asks for, every
counter equal to its rows, one support per person and proposal, every check constraint kept
(the database refuses the rows otherwise)."""

import os

import pytest
import sqlalchemy as sa

from bench import citydata
from tests.conftest import database_url

pytestmark = pytest.mark.no_transaction

#: 1,000 people, 300 proposals, 20,000 supports, 2,500 comments: seconds on SQLite.
SCALE = 0.01


def assert_consistent(result, database, scale):
    planned = citydata.plan(scale)
    counts = result["counts"]
    assert counts == result["written"]
    for table in ("users", "consultations", "proposals", "supports", "comments"):
        assert counts[table] == planned[table], table
    assert counts["comment_supports"] == planned["comment_supports"]
    assert counts["flags"] > 0 and counts["moderation_decisions"] > 0
    assert counts["content_translations"] > 0
    assert result["checks"] and not any(result["checks"].values()), result["checks"]
    engine = sa.create_engine(database)
    with engine.connect() as conn:
        one = conn.scalar
        # The counters, summed, against the rows (beside the per-row checks of generate()).
        supports = one(sa.text("SELECT COUNT(*) FROM supports"))
        assert one(sa.text("SELECT SUM(supports_count) FROM proposals")) == supports
        assert one(sa.text("SELECT SUM(supports_used) FROM participations")) == supports
        distinct = one(
            sa.text("SELECT COUNT(*) FROM (SELECT DISTINCT proposal_id, user_id FROM supports) d")
        )
        assert distinct == supports
        visible = one(
            sa.text(
                "SELECT COUNT(*) FROM comments WHERE state = 'published' AND moderation = 'visible'"
            )
        )
        assert one(sa.text("SELECT SUM(comments_count) FROM threads")) == visible
        assert one(sa.text("SELECT SUM(comments_count) FROM proposals")) == visible
        assert visible < counts["comments"]  # some deleted, hidden or held for review
        hidden = one(sa.text("SELECT COUNT(*) FROM comments WHERE moderation <> 'visible'"))
        assert hidden > 0
        assert one(sa.text("SELECT MAX(depth) FROM comments")) == 3
        origins = {
            row[0] for row in conn.execute(sa.text("SELECT origin FROM content_translations"))
        }
        assert {"human", "machine"} <= origins
        locales = {
            row[0] for row in conn.execute(sa.text("SELECT locale FROM content_translations"))
        }
        assert set(citydata.TRANSLATED_INTO) <= locales
        assert one(sa.text("SELECT COUNT(*) FROM proposals WHERE search_text = ''")) == 0
    engine.dispose()


def test_generates_a_consistent_city_on_sqlite(tmp_path):
    database = f"sqlite:///{tmp_path / 'city.sqlite3'}"
    result = citydata.generate(database, SCALE, report=lambda _line: None)
    assert_consistent(result, database, SCALE)


@pytest.mark.postgres_only
@pytest.mark.skipif(
    not database_url().startswith("postgresql"),
    reason="needs PostgreSQL; the PostgreSQL run executes it",
)
def test_generates_a_consistent_city_on_postgresql():
    """Into a database of its own (created by the generator), dropped afterwards."""
    url = sa.engine.make_url(os.environ["TEST_DATABASE_URL"])
    url = url.set(drivername="postgresql+psycopg", database="consult_citydata_test")
    database = url.render_as_string(hide_password=False)
    try:
        result = citydata.generate(database, SCALE, report=lambda _line: None)
        assert_consistent(result, database, SCALE)
    finally:
        server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.exec_driver_sql("DROP DATABASE IF EXISTS consult_citydata_test WITH (FORCE)")
        server.dispose()


def test_a_city_has_consultations_in_every_phase():
    """Twenty consultations (in memory, nothing written) cover every state and phase."""
    city = citydata.City(0.001)
    city.counts["consultations"] = 20
    city.build()
    states = {c["state"] for c in city.consultations}
    assert states == {"draft", "published", "open", "closed", "concluded", "archived"}
    phases = {c["phase"] for c in city.consultations}
    assert phases == {"draft", "future", "information", "proposals", "voting", "review", "outcome"}
    assert any(c["supports_per_person"] for c in city.consultations)
    assert any(c["supports_in_proposals_phase"] for c in city.consultations)
    verified = {user[0] for user in city.users if user[citydata.USER_VERIFIED] is not None}
    only_verified = [
        p["id"] for p in city.proposals if p["consultation"]["who_may_support"] == "verified"
    ]
    assert any(city.supporters.get(pid) for pid in only_verified)
    for pid in only_verified:
        assert set(city.supporters.get(pid, ())) <= verified


def test_plan_scales_every_count_to_at_least_one():
    assert citydata.plan(1.0) == citydata.CITY
    tiny = citydata.plan(1e-7)
    assert set(tiny.values()) == {1}
    assert citydata.plan(0.1)["supports"] == 200_000


def test_allocate_keeps_the_total_and_the_caps():
    parts = citydata.allocate(100, [5, 1, 1, 1], caps=[40, 100, 100, 100])
    assert sum(parts) == 100 and parts[0] == 40
    assert citydata.allocate(7, [1, 1, 1]) in ([3, 2, 2], [2, 3, 2], [2, 2, 3])
    assert sum(citydata.allocate(10, [1, 1], caps=[3, 3])) == 6  # the caps cannot hold more
