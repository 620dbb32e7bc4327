"""Adding and changing translations of content. The original is never overwritten."""

from sqlalchemy import select

from consult.core.history import record, utcnow
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.permissions import can
from consult.core.text import clean_text, normalise_name
from consult.extensions import db
from consult.translations.kinds import kind_of, kinds
from consult.translations.models import ContentTranslation, TranslatorLanguage
from consult.translations.permissions import Target


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
    existing.reviewed_at = None
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


# The workflow: translators, submitting, reviewing ----------------------------------------------


def _require(actor, permission, obj):
    if not can(actor, permission, obj):
        raise TranslationError("forbidden")


def declare_languages(user, locales):
    """``user`` (a translator) says which languages they translate into."""
    _require(user, "translation.declare", None)
    wanted = set(locales)
    if not wanted <= set(CONTENT_LANGUAGES):
        raise TranslationError("unknown_language", "locales")
    current = set(
        db.session.scalars(
            select(TranslatorLanguage.locale).where(TranslatorLanguage.user_id == user.id)
        )
    )
    for locale in current - wanted:
        db.session.execute(
            TranslatorLanguage.__table__.delete().where(
                TranslatorLanguage.user_id == user.id, TranslatorLanguage.locale == locale
            )
        )
    for locale in sorted(wanted - current):
        db.session.add(TranslatorLanguage(user_id=user.id, locale=locale))
    if current != wanted:
        record("user.translator_languages", user, user, locales=sorted(wanted))
    db.session.commit()
    return current != wanted


def submit(obj, field, locale, text, actor):
    """``actor`` translates ``obj``'s ``field`` into ``locale`` (their own text replaces a
    machine translation or an earlier one; it then waits for another person's review). The
    content's author translating it is marked as the author's translation. The text of the
    person's translation already stored changes nothing (no history, its review kept)."""
    kind = kind_of(obj)
    if field not in kind.fields:
        raise TranslationError("unknown_field", field)
    if locale not in CONTENT_LANGUAGES:
        raise TranslationError("unknown_language", "locale")
    _require(actor, "translation.submit", Target(obj, field, locale))
    if not getattr(obj, field):
        raise TranslationError("no_original", field)
    # A consultation's author is the admin who created it.
    author_id = getattr(obj, "author_id", getattr(obj, "created_by_id", None))
    origin = "author" if author_id == actor.id else "human"
    clean = normalise_name(text) if field == "title" else clean_text(text)
    existing = find(obj, field, locale)
    if (
        existing is not None
        and existing.origin != "machine"
        and existing.text == (clean or "").strip()
    ):
        return existing
    saved = save(
        obj,
        field,
        locale,
        clean,
        actor,
        origin=origin,
        max_length=kind.fields[field],
        source_lang=kind.source_lang(obj, field),
    )
    db.session.commit()
    return saved


def review(translation, actor):
    """Another translator into its language, or a moderator, confirms a translation (a
    person's, or a machine's): it is then shown as reviewed."""
    _require(actor, "translation.review", translation)
    if translation.review_state == "reviewed":
        return False
    translation.review_state = "reviewed"
    translation.reviewed_by_id = actor.id
    translation.reviewed_at = utcnow()
    obj = kinds_by_table()[translation.object_type].load(translation.object_id)
    record(
        "translation.reviewed",
        obj,
        actor,
        field=translation.field,
        locale=translation.locale,
        origin=translation.origin,
    )
    db.session.commit()
    return True


def remove(obj, field, locale, actor):
    """Drop the ``locale`` translation of ``field`` (who may translate it may remove it);
    returns whether there was one."""
    _require(actor, "translation.submit", Target(obj, field, locale))
    existing = find(obj, field, locale)
    if existing is None:
        return False
    db.session.delete(existing)
    record("translation.removed", obj, actor, field=field, locale=locale)
    db.session.commit()
    return True


def kinds_by_table():
    return {kind.model.__tablename__: kind for kind in kinds().values()}


def copy_all(source, target):
    """Give ``target`` (a new row with the same texts, e.g. a measure in the next version of the
    plan) the translations ``source`` has, as they are. The caller commits."""
    rows = db.session.scalars(
        select(ContentTranslation).where(
            ContentTranslation.object_type == source.__tablename__,
            ContentTranslation.object_id == source.id,
        )
    ).all()
    for row in rows:
        db.session.add(
            ContentTranslation(
                object_type=target.__tablename__,
                object_id=target.id,
                **{
                    name: getattr(row, name)
                    for name in ("field", "locale", "text", "origin", "translator_id",
                                 "review_state", "reviewed_by_id", "reviewed_at")
                },
            )
        )  # fmt: skip
