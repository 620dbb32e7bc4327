"""One page of a list: the page number from the request, and the page's rows with the total."""

import re
from dataclasses import dataclass

from sqlalchemy import func

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
    #: Query arguments the link to the next page carries besides its number (a keyset cursor
    #: that saves the next page an OFFSET scan), or None.
    next_args: dict | None = None

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
    """One page of ``stmt`` with the total number of rows, in one statement (the total is a
    ``count(*) over ()`` column, so no separate count runs). A page past the end gives the first
    page (at the cost of a second statement). ``rows=True`` returns tuples rather than single
    objects."""
    counted = stmt.add_columns(func.count().over().label("page_total"))
    number = page
    while True:
        limited = counted.limit(per_page)
        if number > 1:
            limited = limited.offset((number - 1) * per_page)
        frozen = db.session.execute(limited).freeze()
        found = frozen().all()
        if found or number == 1:
            break
        number = 1
    total = found[0][-1] if found else 0
    width = len(found[0]) - 1 if found else 0
    if rows:
        items = frozen().columns(*range(width)).all() if found else []
    else:
        items = [row[0] for row in found]
    return Page(list(items), number, total, per_page)
