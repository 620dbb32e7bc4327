"""Counting what people read, so that translators start with what is read most.

A page of content counts once per visitor session (a reload is not a reader), in one
``INSERT … ON CONFLICT DO UPDATE`` on SQLite and PostgreSQL alike."""

import sqlalchemy as sa
from flask import session
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Mapped, mapped_column

from consult.core.pagecache import count_on_serving
from consult.extensions import db

SESSION_KEY = "read"
#: How many pages a session remembers having counted (the oldest are forgotten).
REMEMBERED = 100


class ContentRead(db.Model):
    """How often a page of content was opened (once per visitor session), so that translators
    start with what is read most."""

    __tablename__ = "content_reads"
    __table_args__ = (sa.CheckConstraint("reads >= 0", name="reads_not_negative"),)

    object_type: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    object_id: Mapped[int] = mapped_column(primary_key=True)
    reads: Mapped[int] = mapped_column(sa.BigInteger, default=0)


def count_read(obj):
    """Count a read of ``obj``'s page, unless this session has counted it already (and again
    for each visitor the page is served to ready-made: :mod:`consult.core.pagecache`)."""
    count_on_serving(obj)
    return count_read_of(obj.__tablename__, obj.id)


def count_read_of(object_type, object_id):
    """:func:`count_read` by the object's table and id."""
    key = f"{object_type}:{object_id}"
    seen = session.get(SESSION_KEY)
    seen = list(seen) if isinstance(seen, list) else []
    if key in seen:
        return False
    session[SESSION_KEY] = [*seen[-(REMEMBERED - 1) :], key]
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    try:
        db.session.execute(
            insert(ContentRead)
            .values(object_type=object_type, object_id=object_id, reads=1)
            .on_conflict_do_update(
                index_elements=["object_type", "object_id"],
                set_={"reads": ContentRead.reads + 1},
            )
        )
        db.session.commit()
    except OperationalError:
        # A count is not worth an error page: when the database is too busy to take the
        # write (SQLite under many concurrent readers), this read goes uncounted.
        db.session.rollback()
        return False
    return True
