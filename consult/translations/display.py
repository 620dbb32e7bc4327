"""Showing content in the reader's language: the translation when there is one, else the
original, marked with its language. List pages load every translation they show at once."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select, tuple_

from consult.core.languages import direction
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


class Localized:
    """An object's translatable fields in one locale: ``Localized(p, "ar", rows).title``."""

    def __init__(self, obj, locale, translations, fields):
        self.obj = obj
        self.locale = locale
        self._fields = fields
        self._translations = translations

    def __getattr__(self, name):
        if name.startswith("_") or name not in self._fields:
            raise AttributeError(name)
        original = getattr(self.obj, name)
        source_lang = self._fields[name](self.obj) if callable(self._fields[name]) else None
        lang = source_lang or self.obj.language
        if self.locale != lang and original:
            translation = self._translations.get((name, self.locale))
            if translation is not None:
                return Shown(translation.text, self.locale, lang, translation)
        return Shown(original or "", lang, lang)

    @property
    def is_translated(self):
        """True when at least one field is shown in a translation."""
        return any(not getattr(self, f).is_original for f in self._fields)

    @property
    def language(self):
        return self.obj.language


def load_translations(objects, locale):
    """``{(object_type, id): {(field, locale): ContentTranslation}}`` for ``objects`` in
    ``locale``, in one query whatever their number."""
    keys = {(obj.__tablename__, obj.id) for obj in objects}
    found = defaultdict(dict)
    if not keys:
        return found
    rows = db.session.scalars(
        select(ContentTranslation).where(
            tuple_(ContentTranslation.object_type, ContentTranslation.object_id).in_(list(keys)),
            ContentTranslation.locale == locale,
        )
    )
    for row in rows:
        found[row.object_type, row.object_id][row.field, row.locale] = row
    return found


def localize_all(objects, locale, fields):
    """Each of ``objects`` as :class:`Localized` in ``locale`` (one query for all of them).

    ``fields`` maps a field name to None (written in ``obj.language``) or to a function giving
    the language it was written in (an official answer has its own)."""
    translations = load_translations(objects, locale)
    return [
        Localized(obj, locale, translations.get((obj.__tablename__, obj.id), {}), fields)
        for obj in objects
    ]


def localize(obj, locale, fields):
    return localize_all([obj], locale, fields)[0]
