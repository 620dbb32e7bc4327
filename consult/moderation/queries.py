"""Read-only queries of moderation: blocks in force, thresholds, the queue, the appeals, the log,
what a person sees of their own hidden content, and the public report. Each runs a constant
number of statements whatever the data holds."""

from collections import defaultdict
from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import and_, event, func, select, tuple_
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from consult.accounts.models import User
from consult.core.history import utcnow
from consult.core.moderated import MODERATED
from consult.core.pagination import Page, paginate
from consult.extensions import db
from consult.moderation.models import FLAG_REASONS, Appeal, Block, Decision, Flag

QUEUE_PER_PAGE = 25
LOG_PER_PAGE = 50
DEFAULT_FLAGS_TO_HIDE = 3


def posting_block(user, now=None):
    """The block in force that stops ``user`` from posting, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    known = g.get("_posting_blocks", {}) if now is None and has_request_context() else {}
    if user.id in known:
        return known[user.id]
    return db.session.scalar(select(Block).where(Block.user_id == user.id, in_force(now)))


def in_force(now=None):
    """The condition of a block in force now."""
    now = now or utcnow()
    return and_(Block.lifted_at.is_(None), (Block.ends_at.is_(None)) | (Block.ends_at > now))


def remember_posting_block(user, block):
    """The block in force on ``user`` (or None), loaded with something else: this request's
    :func:`posting_block` takes it from here (until something is written)."""
    if has_request_context():
        g.setdefault("_posting_blocks", {})[user.id] = block


@event.listens_for(Session, "after_flush")
def _forget_blocks(_session, _context):
    if has_request_context():
        g.pop("_posting_blocks", None)


def flags_to_hide(item):
    """The open flags that hide ``item`` until reviewed: its consultation's setting."""
    from consult.consultations.models import Consultation

    if item.consultation_id is None:
        return DEFAULT_FLAGS_TO_HIDE
    return db.session.scalar(
        select(Consultation.flags_to_hide).where(Consultation.id == item.consultation_id)
    )


def latest_decision(item, actions):
    """The latest decision of one of ``actions`` about ``item``, or None."""
    return db.session.scalar(
        select(Decision)
        .where(
            Decision.object_type == item.__tablename__,
            Decision.object_id == item.id,
            Decision.action.in_(actions),
        )
        .order_by(Decision.created_at.desc(), Decision.id.desc())
        .limit(1)
    )


def load_items(keys):
    """``{(object_type, id): item}`` for ``keys``, one statement per content type, with
    authors loaded."""
    wanted = defaultdict(set)
    for object_type, object_id in keys:
        wanted[object_type].add(object_id)
    found = {}
    for object_type, ids in wanted.items():
        model = MODERATED.get(object_type)
        if model is None:
            continue
        rows = db.session.execute(
            select(model, User).join(User, model.author_id == User.id).where(model.id.in_(ids))
        )
        for item, author in rows:
            set_committed_value(item, "author", author)
            found[(object_type, item.id)] = item
    return found


# The queue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueEntry:
    """One flagged item with its open flags (oldest first)."""

    object_type: str
    object_id: int
    item: object
    flags: list
    first_flagged_at: object

    @property
    def key(self):
        return f"{self.object_type}:{self.object_id}"

    @property
    def reasons(self):
        """``{reason: count}`` of the open flags."""
        counts = defaultdict(int)
        for flag in self.flags:
            counts[flag.reason] += 1
        return dict(counts)


def _scope(stmt, column, consultation_ids):
    """Limit ``stmt`` to ``consultation_ids`` (None: everything)."""
    return stmt if consultation_ids is None else stmt.where(column.in_(consultation_ids))


def queue_page(page, *, consultation_ids=None, reason=None):
    """Items with open flags, grouped by item, the longest waiting first; filtered by the
    consultations the moderator may see (None: all) and by a flag reason (three statements:
    the groups, their flags with who flagged, the items with their authors; plus the count)."""
    stmt = select(Flag.object_type, Flag.object_id, func.min(Flag.created_at).label("first")).where(
        Flag.decision_id.is_(None)
    )
    stmt = _scope(stmt, Flag.consultation_id, consultation_ids)
    if reason in FLAG_REASONS:
        flagged_for = aliased(Flag)
        stmt = stmt.where(
            select(flagged_for.id)
            .where(
                flagged_for.object_type == Flag.object_type,
                flagged_for.object_id == Flag.object_id,
                flagged_for.decision_id.is_(None),
                flagged_for.reason == reason,
            )
            .exists()
        )
    stmt = stmt.group_by(Flag.object_type, Flag.object_id).order_by("first", Flag.object_id)
    result = paginate(stmt, page, per_page=QUEUE_PER_PAGE, rows=True)
    keys = [(row.object_type, row.object_id) for row in result.items]
    flags = defaultdict(list)
    if keys:
        rows = db.session.execute(
            select(Flag, User)
            .join(User, Flag.user_id == User.id)
            .where(
                Flag.decision_id.is_(None),
                tuple_(Flag.object_type, Flag.object_id).in_(keys),
            )
            .order_by(Flag.created_at, Flag.id)
        )
        for flag, user in rows:
            set_committed_value(flag, "user", user)
            flags[(flag.object_type, flag.object_id)].append(flag)
    items = load_items(keys)
    entries = [
        QueueEntry(row.object_type, row.object_id, items.get((row.object_type, row.object_id)),
                   flags[(row.object_type, row.object_id)], row.first)
        for row in result.items
    ]  # fmt: skip
    return Page(entries, result.number, result.total, QUEUE_PER_PAGE)


def open_appeals(consultation_ids=None, limit=100):
    """Open appeals, oldest first, each as ``(appeal, item, decision appealed)``."""
    stmt = (
        select(Appeal, Decision)
        .join(Decision, Appeal.decision_id == Decision.id)
        .where(Appeal.state == "open")
        .order_by(Appeal.created_at, Appeal.id)
        .limit(limit)
    )
    stmt = _scope(stmt, Appeal.consultation_id, consultation_ids)
    rows = db.session.execute(stmt).all()
    items = load_items([(a.object_type, a.object_id) for a, _d in rows])
    return [(a, items.get((a.object_type, a.object_id)), d) for a, d in rows]


def open_counts(consultation_ids=None):
    """``(items waiting in the queue, open appeals)`` (for the navigation)."""
    waiting = _scope(
        select(Flag.object_type, Flag.object_id).where(Flag.decision_id.is_(None)).distinct(),
        Flag.consultation_id,
        consultation_ids,
    ).subquery()
    flagged = select(func.count()).select_from(waiting)
    appeals = _scope(
        select(func.count()).select_from(Appeal).where(Appeal.state == "open"),
        Appeal.consultation_id,
        consultation_ids,
    )
    return db.session.scalar(flagged), db.session.scalar(appeals)


# The record -----------------------------------------------------------------------------------


def log_page(page, consultation_ids=None):
    """Every decision, newest first, with the moderator's public name (two statements)."""
    stmt = (
        select(Decision, User.display_name)
        .outerjoin(User, Decision.moderator_id == User.id)
        .order_by(Decision.created_at.desc(), Decision.id.desc())
    )
    stmt = _scope(stmt, Decision.consultation_id, consultation_ids)
    return paginate(stmt, page, per_page=LOG_PER_PAGE, rows=True)


def flags_log_page(page, consultation_ids=None):
    """Every flag, newest first, with who flagged (two statements)."""
    stmt = (
        select(Flag, User.display_name)
        .join(User, Flag.user_id == User.id)
        .order_by(Flag.created_at.desc(), Flag.id.desc())
    )
    stmt = _scope(stmt, Flag.consultation_id, consultation_ids)
    return paginate(stmt, page, per_page=LOG_PER_PAGE, rows=True)


def item_record(item):
    """What happened to ``item``: its flags (with who) and decisions (with who), oldest first."""
    flags = db.session.execute(
        select(Flag, User.display_name)
        .join(User, Flag.user_id == User.id)
        .where(Flag.object_type == item.__tablename__, Flag.object_id == item.id)
        .order_by(Flag.created_at, Flag.id)
    ).all()
    decisions = db.session.execute(
        select(Decision, User.display_name)
        .outerjoin(User, Decision.moderator_id == User.id)
        .where(Decision.object_type == item.__tablename__, Decision.object_id == item.id)
        .order_by(Decision.created_at, Decision.id)
    ).all()
    return flags, decisions


# The author's view ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HiddenItem:
    item: object
    #: The decision that hid it (None while it waits for review or when its author is blocked).
    decision: object
    appeal: object


def hidden_content_of(user, limit=100):
    """What ``user`` wrote that is hidden, newest first, with the decision and any appeal
    (one statement per content type, plus two)."""
    items = []
    for model in MODERATED.values():
        items.extend(
            db.session.scalars(
                select(model)
                .where(model.author_id == user.id, model.moderation != "visible")
                .order_by(model.id.desc())
                .limit(limit)
            )
        )
    if not items:
        return []
    keys = [(item.__tablename__, item.id) for item in items]
    decisions = {}
    for decision in db.session.scalars(
        select(Decision)
        .where(
            tuple_(Decision.object_type, Decision.object_id).in_(keys),
            Decision.action.in_(("hide", "uphold")),
        )
        .order_by(Decision.created_at, Decision.id)
    ):
        decisions[(decision.object_type, decision.object_id)] = decision
    appeals = {
        (a.object_type, a.object_id): a
        for a in db.session.scalars(
            select(Appeal).where(tuple_(Appeal.object_type, Appeal.object_id).in_(keys))
        )
    }
    return [
        HiddenItem(
            item,
            decisions.get((item.__tablename__, item.id)),
            appeals.get((item.__tablename__, item.id)),
        )
        for item in items
    ][:limit]


# The public report ----------------------------------------------------------------------------


def report(consultation):
    """``{object_type: {hidden reason: count}}`` of the consultation's hidden content, and the
    number of decisions taken: counts only, no identities."""
    counts = {}
    for object_type, model in MODERATED.items():
        rows = db.session.execute(
            select(model.hidden_reason, func.count())
            .where(model.consultation_id == consultation.id, model.moderation != "visible")
            .group_by(model.hidden_reason)
        )
        counts[object_type] = {reason or "flagged": n for reason, n in rows}
    decisions = db.session.execute(
        select(Decision.action, func.count())
        .where(Decision.consultation_id == consultation.id)
        .group_by(Decision.action)
    )
    return counts, dict(decisions.all())


# Pages ----------------------------------------------------------------------------------------


def attach_threads(items):
    """Load the thread of every comment among ``items`` (one statement), for links to it."""
    from consult.feedback.models import Comment, Thread

    comments = [item for item in items if isinstance(item, Comment)]
    if not comments:
        return
    threads = {
        thread.id: thread
        for thread in db.session.scalars(
            select(Thread).where(Thread.id.in_({c.thread_id for c in comments}))
        )
    }
    for comment in comments:
        set_committed_value(comment, "thread", threads.get(comment.thread_id))


def consultation_titles(ids=None, limit=200):
    """``{id: (title, language)}`` of the consultations ``ids`` (None: the latest ``limit``)."""
    from consult.consultations.models import Consultation

    stmt = select(Consultation.id, Consultation.title, Consultation.language)
    if ids is not None:
        if not ids:
            return {}
        stmt = stmt.where(Consultation.id.in_(ids))
    rows = db.session.execute(stmt.order_by(Consultation.id.desc()).limit(limit))
    return {row.id: (row.title, row.language) for row in rows}


def has_flagged(user, item):
    """Has ``user`` reported ``item`` already (an open or a decided flag)?"""
    return (
        db.session.scalar(
            select(Flag.id).where(
                Flag.object_type == item.__tablename__,
                Flag.object_id == item.id,
                Flag.user_id == user.id,
            )
        )
        is not None
    )


def appeal_of(item):
    """The appeal against the decision that hid ``item``, or None."""
    return db.session.scalar(
        select(Appeal).where(Appeal.object_type == item.__tablename__, Appeal.object_id == item.id)
    )
