"""Showing content in the reader's language: the translation when there is one, else the
original, marked with its language. List pages load every translation they show at once."""

from collections import defaultdict
from dataclasses import dataclass

from flask import g, has_request_context
from flask_login import current_user
from sqlalchemy import event, select, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from consult.accounts.models import User
from consult.core.languages import CONTENT_LANGUAGES, direction
from consult.extensions import db
from consult.translations.models import ContentTranslation


@dataclass(frozen=True)
class Shown:
    """One field as a reader sees it."""

    text: str
    #: The language of ``text`` (for the ``lang`` attribute).
    lang: str
    #: The language the content was written in.
    original_lang: str
    #: None when ``text`` is the original, else the translation shown.
    translation: ContentTranslation | None = None

    @property
    def dir(self):
        return direction(self.lang)

    @property
    def is_original(self):
        return self.translation is None

    def __str__(self):
        return self.text

    def __html__(self):
        # Escaped like any string when put into a template.
        from markupsafe import escape

        return str(escape(self.text))


#: Where a reader of a language turns when content exists neither in it nor in the languages
#: they said they read: Dari and Farsi readers read each other, Pashto readers often read Dari,
#: Sorani and Kurmanji readers each other; English comes last for everyone.
FALLBACKS = {
    "fa-AF": ("fa",),
    "fa": ("fa-AF",),
    "ps": ("fa-AF", "fa"),
    "ckb": ("ku",),
    "ku": ("ckb",),
}
LAST_RESORT = "en"


def reading_chain(locale, user=None):
    """The languages a reader reads, best first: ``locale``, the languages they declared, the
    usual fallbacks of ``locale``, then English. ``user`` defaults to the signed-in person."""
    if user is None and has_request_context():
        user = current_user
    declared = tuple(getattr(user, "reading_languages", None) or ()) if user else ()
    chain = (locale, *declared, *FALLBACKS.get(locale, ()), LAST_RESORT)
    return tuple(dict.fromkeys(code for code in chain if code in CONTENT_LANGUAGES))


class Localized:
    """An object's translatable fields for a reader: ``Localized(p, "ar", rows).title`` is the
    title in the first language of the reader's chain (see :func:`reading_chain`) that the
    original is written in or has a translation into; else the original."""

    def __init__(self, obj, locale, translations, fields):
        self.obj = obj
        self.chain = (locale,) if isinstance(locale, str) else tuple(locale)
        self.locale = self.chain[0]
        self._fields = fields
        self._translations = translations

    def __getattr__(self, name):
        if name.startswith("_") or name not in self._fields:
            raise AttributeError(name)
        original = getattr(self.obj, name)
        source_lang = self._fields[name](self.obj) if callable(self._fields[name]) else None
        lang = source_lang or self.obj.language
        if original:
            for code in self.chain:
                if code == lang:
                    break
                translation = self._translations.get((name, code))
                if translation is not None:
                    return Shown(translation.text, code, lang, translation)
        return Shown(original or "", lang, lang)

    @property
    def is_translated(self):
        """True when at least one field is shown in a translation."""
        return self.first_translated is not None

    @property
    def first_translated(self):
        """The first field shown in a translation (for the line that says where it came
        from), or None."""
        for name in self._fields:
            shown = getattr(self, name)
            if not shown.is_original:
                return shown
        return None

    @property
    def language(self):
        return self.obj.language


def load_translations(objects, locale):
    """``{(object_type, id): {(field, locale): ContentTranslation}}`` for ``objects`` in
    ``locale`` (a code, or a reader's chain of codes), each with its translator loaded: one
    query whatever their number.

    Within a request the answers are kept (until the next write), and the objects
    :func:`translate_later` named are loaded with the next query: a page with several parts
    loads the translations of all of them in one statement."""
    locales = [locale] if isinstance(locale, str) else list(locale)
    keys = {(obj.__tablename__, obj.id) for obj in objects}
    found = defaultdict(dict)
    if not keys:
        return found
    cache = _cache().setdefault(tuple(locales), {}) if has_request_context() else {}
    missing = keys - cache.keys()
    if missing:
        missing |= _pending() - cache.keys()
        fetched = defaultdict(dict)
        rows = db.session.execute(
            select(ContentTranslation, User)
            .outerjoin(User, ContentTranslation.translator_id == User.id)
            .where(
                tuple_(ContentTranslation.object_type, ContentTranslation.object_id).in_(
                    sorted(missing)
                ),
                ContentTranslation.locale.in_(locales),
            )
        )
        for row, translator in rows:
            set_committed_value(row, "translator", translator)
            fetched[row.object_type, row.object_id][row.field, row.locale] = row
        for key in missing:
            cache[key] = fetched.get(key, {})
        _pending().clear()
    for key in keys:
        if cache[key]:
            found[key] = cache[key]
    return found


def translate_later(objects):
    """Load the translations of ``objects`` with the next :func:`load_translations` of this
    request (whatever it is for), so that asking for them later runs no statement."""
    if has_request_context():
        _pending().update(
            (obj.__tablename__, obj.id) for obj in objects if obj is not None and obj.id is not None
        )


def _cache():
    return g.setdefault("_translations", {})


def _pending():
    return g.setdefault("_translations_pending", set()) if has_request_context() else set()


def forget_translations():
    """Forget what this request loaded (something was written)."""
    if has_request_context():
        g.pop("_translations", None)


@event.listens_for(Session, "after_flush")
def _after_flush(_session, _context):
    forget_translations()


@event.listens_for(Session, "do_orm_execute")
def _after_write(state):
    if not state.is_select:
        forget_translations()


def localize_all(objects, locale, fields):
    """Each of ``objects`` as :class:`Localized` for a reader of ``locale`` (one query for all
    of them).

    ``fields`` maps a field name to None (written in ``obj.language``) or to a function giving
    the language it was written in (an official answer has its own)."""
    chain = reading_chain(locale)
    translations = load_translations(objects, chain)
    return [
        Localized(obj, chain, translations.get((obj.__tablename__, obj.id), {}), fields)
        for obj in objects
    ]


def localize(obj, locale, fields):
    return localize_all([obj], locale, fields)[0]
