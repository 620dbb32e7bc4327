"""Finding by text, accents and case aside (ά is α, ς is σ, Ä is a), the same way on SQLite and
PostgreSQL: the text is compared in its folded form (``core.text.fold``), kept in a
``search_text`` column where the model has one, with ``LIKE`` and its wildcards escaped."""

import unicodedata

from sqlalchemy import and_, exists, or_

from consult.core.text import fold

#: Search text beyond this length is ignored: no title is searched by more.
QUERY_MAX = 100
#: At most this many words are looked for (each must be found).
WORDS_MAX = 8
#: The joiners that Persian and Sorani words need stay in a query; other format characters go.
JOINERS = "\u200c\u200d"


def clean_query(value, limit=QUERY_MAX):
    """Search text as typed, capped at ``limit`` characters, with control and format characters
    (which no database wants, and which nobody means to look for) as spaces. Never fails: anything
    that is not a string is no query."""
    if not isinstance(value, str):
        return ""
    kept = []
    for ch in value[: limit * 4]:
        category = unicodedata.category(ch)
        bad = category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and ch not in JOINERS)
        kept.append(" " if bad else ch)
    return " ".join("".join(kept).split())[:limit].strip()


def escape_like(text, escape="\\"):
    """``text`` with the ``LIKE`` wildcards (and the escape character) taken literally."""
    return text.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")


def contains_folded(column, folded):
    """SQL: the folded ``column`` holds the folded text ``folded`` anywhere."""
    return column.like(f"%{escape_like(folded)}%", escape="\\")


def words(query):
    """The folded words of ``query`` (at most :data:`WORDS_MAX`, no repeats)."""
    found = []
    for word in fold(query).split():
        if word not in found:
            found.append(word)
    return found[:WORDS_MAX]


def text_matches(model, query, fields):
    """SQL: every word of ``query`` is in ``model.search_text`` or in the ``search_text`` of one
    of the object's translations of ``fields`` (into any language). None when there is no word
    to look for."""
    from consult.translations.models import ContentTranslation as T

    conditions = []
    for word in words(query):
        translated = exists().where(
            T.object_type == model.__tablename__,
            T.object_id == model.id,
            T.field.in_(tuple(fields)),
            contains_folded(T.search_text, word),
        )
        conditions.append(or_(contains_folded(model.search_text, word), translated))
    return and_(*conditions) if conditions else None
