"""One page of a list: the page number from the request, and the page's rows with the total."""

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from consult.extensions import db

PER_PAGE = 25
#: A page number is 1 to 9 ASCII digits; anything else (and any page past the end) is page 1.
_PAGE_RE = re.compile(r"[1-9][0-9]{0,8}")


def page_number(value):
    """The page asked for in ``?page=``, or 1 for anything that is not a positive number."""
    return int(value) if isinstance(value, str) and _PAGE_RE.fullmatch(value) else 1


@dataclass(frozen=True)
class Page:
    items: list
    number: int
    total: int
    per_page: int

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.pages


def paginate(stmt, page, per_page=PER_PAGE, rows=False):
    """One page of ``stmt`` (two statements: the count, then the rows). A page past the end
    gives the first page. ``rows=True`` returns tuples rather than single objects."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    number = page if (page - 1) * per_page < total else 1
    limited = stmt.limit(per_page).offset((number - 1) * per_page)
    items = db.session.execute(limited).all() if rows else db.session.scalars(limited).all()
    return Page(list(items), number, total, per_page)
