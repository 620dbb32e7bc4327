"""Read-only queries of the translation workflow: a translator's languages, the worklist of a
language (most read first), an object's translations, the failed machine-translation jobs."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.orm.attributes import set_committed_value

from consult.accounts.models import User
from consult.core.pagination import Page, paginate
from consult.core.reads import ContentRead
from consult.extensions import db
from consult.translations.kinds import kinds
from consult.translations.models import ContentTranslation, TranslatorLanguage

WORKLIST_PER_PAGE = 30


def languages_of(user):
    """The languages ``user`` declared they translate into (one query per request)."""
    cache = g.setdefault("_translator_languages", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = frozenset(
            db.session.scalars(
                sa.select(TranslatorLanguage.locale).where(TranslatorLanguage.user_id == user.id)
            )
        )
    return cache[user.id]


def has_translated(user):
    """Whether ``user`` has translated anything (one statement)."""
    found = db.session.scalar(
        sa.select(ContentTranslation.id).where(ContentTranslation.translator_id == user.id).limit(1)
    )
    return found is not None


@dataclass(frozen=True)
class WorkItem:
    kind: str
    object_id: int
    field: str
    reads: int
    #: True when a machine translation waits for a person's review; False when nothing is
    #: there yet.
    machine: bool
    obj: object = None


def _missing(kind, name, locale):
    """The ``kind`` rows readers see whose ``name`` lacks a person's (or a reviewed machine)
    translation into ``locale``, with how often their page was read."""
    model = kind.model
    ct = ContentTranslation
    text = getattr(model, name)
    language = getattr(model, kind.languages.get(name, "language"))
    page_type, page_id = kind.page(model)
    translation = sa.and_(
        ct.object_type == model.__tablename__,
        ct.object_id == model.id,
        ct.field == name,
        ct.locale == locale,
    )
    settled = sa.exists().where(
        translation, sa.or_(ct.origin != "machine", ct.review_state == "reviewed")
    )
    machine = sa.exists().where(translation)
    reads = (
        sa.select(ContentRead.reads)
        .where(ContentRead.object_type == page_type, ContentRead.object_id == page_id)
        .scalar_subquery()
    )
    return sa.select(
        sa.literal(kind.name, sa.String).label("kind"),
        model.id.label("object_id"),
        sa.literal(name, sa.String).label("field"),
        sa.func.coalesce(reads, 0).label("reads"),
        sa.case((machine, 1), else_=0).label("machine"),
    ).where(kind.public(model), text.is_not(None), text != "", language != locale, ~settled)


def worklist_page(locale, page, kind_name=None):
    """What awaits a translation into ``locale`` (or a review of its machine translation),
    most read first, one row per field; the rows' objects loaded (one statement per kind)."""
    selects = [
        _missing(kind, name, locale)
        for kind in kinds().values()
        if kind_name in (None, kind.name)
        for name in kind.fields
    ]
    union = sa.union_all(*selects).subquery()
    stmt = sa.select(union).order_by(
        union.c.reads.desc(), union.c.kind, union.c.object_id, union.c.field
    )
    result = paginate(stmt, page, per_page=WORKLIST_PER_PAGE, rows=True)
    wanted = {}
    for row in result.items:
        wanted.setdefault(row.kind, set()).add(row.object_id)
    objects = {}
    for name, ids in wanted.items():
        model = kinds()[name].model
        for obj in db.session.scalars(sa.select(model).where(model.id.in_(ids))):
            objects[(name, obj.id)] = obj
    items = [
        WorkItem(row.kind, row.object_id, row.field, row.reads, bool(row.machine),
                 objects.get((row.kind, row.object_id)))
        for row in result.items
    ]  # fmt: skip
    return Page(items, result.number, result.total, WORKLIST_PER_PAGE)


def translations_of(obj):
    """``{(field, locale): ContentTranslation}`` of ``obj``, with translators and reviewers
    loaded (one statement)."""
    reviewer = sa.orm.aliased(User)
    rows = db.session.execute(
        sa.select(ContentTranslation, User, reviewer)
        .outerjoin(User, ContentTranslation.translator_id == User.id)
        .outerjoin(reviewer, ContentTranslation.reviewed_by_id == reviewer.id)
        .where(
            ContentTranslation.object_type == obj.__tablename__,
            ContentTranslation.object_id == obj.id,
        )
    )
    found = {}
    for row, translator, reviewed_by in rows:
        set_committed_value(row, "translator", translator)
        set_committed_value(row, "reviewer", reviewed_by)
        found[(row.field, row.locale)] = row
    return found


def failed_jobs_page(page):
    """The background jobs that failed for good (machine translation), the latest first."""
    from consult.core.jobs import Job

    stmt = sa.select(Job).where(Job.state == "failed").order_by(Job.finished_at.desc(), Job.id)
    return paginate(stmt, page)


def queued_jobs():
    """How many background jobs wait to run."""
    from consult.core.jobs import Job

    return db.session.scalar(sa.select(sa.func.count()).where(Job.state == "queued"))
