"""Adding and changing translations of content. The original is never overwritten."""

from sqlalchemy import select

from consult.core.history import record, utcnow
from consult.core.languages import CONTENT_LANGUAGES
from consult.extensions import db
from consult.translations.models import ContentTranslation


class TranslationError(Exception):
    def __init__(self, code, field=None):
        super().__init__(code)
        self.code = code
        self.field = field


def find(obj, field, locale):
    return db.session.scalar(
        select(ContentTranslation).where(
            ContentTranslation.object_type == obj.__tablename__,
            ContentTranslation.object_id == obj.id,
            ContentTranslation.field == field,
            ContentTranslation.locale == locale,
        )
    )


def save(obj, field, locale, text, actor, *, origin="human", max_length=None, source_lang=None):
    """Store ``text`` as the ``locale`` translation of ``obj.field`` and return it.

    A translation into the original's own language, an empty one or one over ``max_length`` is
    refused; a machine translation never replaces a human one. The caller commits."""
    text = (text or "").strip()
    source_lang = source_lang or obj.language
    if locale not in CONTENT_LANGUAGES:
        raise TranslationError("unknown_language", "locale")
    if locale == source_lang:
        raise TranslationError("same_language", "locale")
    if not text:
        raise TranslationError("empty", field)
    if max_length is not None and len(text) > max_length:
        raise TranslationError("too_long", field)
    existing = find(obj, field, locale)
    if existing is not None and origin == "machine" and existing.origin != "machine":
        raise TranslationError("human_exists", field)
    translator_id = actor.id if actor is not None and origin != "machine" else None
    if existing is None:
        existing = ContentTranslation(
            object_type=obj.__tablename__, object_id=obj.id, field=field, locale=locale
        )
        db.session.add(existing)
    existing.text = text
    existing.origin = origin
    existing.translator_id = translator_id
    existing.review_state = "unreviewed"
    existing.reviewed_by_id = None
    existing.updated_at = utcnow()
    db.session.flush()
    record("translation.saved", obj, actor, field=field, locale=locale, origin=origin)
    return existing


def remove_all(obj, field=None):
    """Drop the translations of ``obj`` (of one ``field``): they no longer match a changed
    original. The caller commits."""
    stmt = select(ContentTranslation).where(
        ContentTranslation.object_type == obj.__tablename__,
        ContentTranslation.object_id == obj.id,
    )
    if field is not None:
        stmt = stmt.where(ContentTranslation.field == field)
    for row in db.session.scalars(stmt):
        db.session.delete(row)
