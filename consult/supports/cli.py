"""``flask supports recount``: every counter recomputed from the rows, in set-based SQL."""

import time

import click
from flask.cli import AppGroup
from sqlalchemy import text

from consult.extensions import db

supports = AppGroup("supports", help="Supports (votes): counters.")

#: Proposals whose counter differs from their rows: (id, stored, counted).
PROPOSAL_DRIFT = """
SELECT p.id, p.supports_count, COALESCE(s.n, 0)
FROM proposals p
LEFT JOIN (SELECT proposal_id, COUNT(*) AS n FROM supports GROUP BY proposal_id) s
  ON s.proposal_id = p.id
WHERE p.supports_count <> COALESCE(s.n, 0)
ORDER BY p.id
"""
#: Participations whose counter differs from the rows, and the rows that have none (stored is
#: NULL): one pass over supports and one over participations.
PARTICIPATION_DRIFT = """
SELECT COALESCE(s.consultation_id, pa.consultation_id), COALESCE(s.user_id, pa.user_id),
       pa.supports_used, COALESCE(s.n, 0)
FROM (
  SELECT consultation_id, user_id, COUNT(*) AS n FROM supports GROUP BY consultation_id, user_id
) s
FULL OUTER JOIN participations pa
  ON pa.consultation_id = s.consultation_id AND pa.user_id = s.user_id
WHERE pa.supports_used IS NULL OR pa.supports_used <> COALESCE(s.n, 0)
"""


def recount():
    """Set every proposal's ``supports_count`` and every participation's ``supports_used`` to
    what the rows say (adding missing participations); return ``(proposal_drift,
    participation_drift)`` as lists of ``(key, stored, counted)`` (stored None: the row was
    missing). Commits. On PostgreSQL, supports are locked against writes for the (short)
    duration, so the counts hold, and the aggregates get the memory to stay off disk."""
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        session.execute(text("LOCK TABLE supports IN SHARE MODE"))
    proposals = [(row[0], row[1], row[2]) for row in session.execute(text(PROPOSAL_DRIFT))]
    for chunk in _chunks(proposals):
        session.execute(
            text("UPDATE proposals SET supports_count = :n WHERE id = :id"),
            [{"id": pid, "n": counted} for pid, _stored, counted in chunk],
        )
    people = [((r[0], r[1]), r[2], r[3]) for r in session.execute(text(PARTICIPATION_DRIFT))]
    missing = [entry for entry in people if entry[1] is None]
    for chunk in _chunks(missing):
        session.execute(
            text(
                "INSERT INTO participations (consultation_id, user_id, supports_used, created_at)"
                " VALUES (:c, :u, :n, CURRENT_TIMESTAMP)"
            ),
            [{"c": key[0], "u": key[1], "n": counted} for key, _stored, counted in chunk],
        )
    for chunk in _chunks([entry for entry in people if entry[1] is not None]):
        session.execute(
            text(
                "UPDATE participations SET supports_used = :n"
                " WHERE consultation_id = :c AND user_id = :u"
            ),
            [{"c": key[0], "u": key[1], "n": counted} for key, _stored, counted in chunk],
        )
    session.commit()
    return proposals, people


def _chunks(rows, size=1000):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@supports.command("recount")
@click.option("--show", default=50, show_default=True, help="Corrections to list one by one.")
def recount_command(show):
    """Recompute the supports counters from the rows and report the drift corrected."""
    started = time.perf_counter()
    proposals, people = recount()
    elapsed = time.perf_counter() - started
    click.echo(f"Proposals corrected: {len(proposals)}")
    for pid, stored, counted in proposals[:show]:
        click.echo(f"  proposal {pid}: {stored} -> {counted} ({counted - stored:+d})")
    click.echo(f"Participations corrected: {len(people)}")
    for (cid, uid), stored, counted in people[:show]:
        click.echo(
            f"  consultation {cid}, participant {uid}: {stored} -> {counted} "
            f"({counted - (stored or 0):+d})"
        )
    click.echo(f"Done in {elapsed:.2f} s.")
