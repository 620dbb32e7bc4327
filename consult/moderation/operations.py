"""Everything that changes moderation: flag, decide (hide, restore, dismiss; in bulk), appeal,
decide an appeal, block and unblock. Views and the command line call these; nothing else writes
flags, decisions, appeals or blocks, or moves content through the moderation workflow.

Each operation checks everything first (for a bulk decision: every item) and changes
afterwards: a refusal raises :class:`ModerationError` with nothing written. The flags, decisions,
appeals and blocks are the record (who, when, what, why); each operation commits.
"""

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError

from consult.accounts.models import User
from consult.core.history import record, utcnow
from consult.core.moderated import MODERATED
from consult.core.permissions import can
from consult.core.text import clean_text
from consult.core.workflow import perform
from consult.extensions import db
from consult.moderation.models import (
    DECISION_REASONS,
    DETAILS_MAX,
    FLAG_REASONS,
    Appeal,
    Block,
    Decision,
    Flag,
)
from consult.moderation.queries import (
    flags_to_hide,
    latest_decision,
    posting_block,
)
from consult.moderation.workflow import WORKFLOW

#: The decisions a moderator takes on flagged content, and the transition each performs from
#: each moderation state (None: the state stays).
DECISIONS = {
    "hide": {"visible": "hide", "pending": "hide", "hidden": None},
    "restore": {"visible": None, "pending": "restore", "hidden": "restore"},
    "dismiss": {"visible": None, "pending": "restore", "hidden": None},
}
#: Hidden because the author is blocked; restored when the block ends.
AUTHOR_BLOCKED = "author_blocked"


class ModerationError(Exception):
    """A refused change: ``code`` says why, ``field`` which form field it is about."""

    def __init__(self, code, field=None):
        super().__init__(code)
        self.code = code
        self.field = field


def load_item(object_type, object_id):
    """The moderated item ``object_type`` (a table name) ``object_id``, or None."""
    model = MODERATED.get(object_type)
    return db.session.get(model, object_id) if model is not None else None


def _text(value, field="text", required=False):
    value = clean_text(value)
    if required and not value:
        raise ModerationError("text_required", field)
    if len(value) > DETAILS_MAX:
        raise ModerationError("text_too_long", field)
    return value


def _reason(reason, allowed=DECISION_REASONS):
    if reason not in allowed:
        raise ModerationError("unknown_reason", "reason")
    return reason


def _move(item, transition, actor, reason, comment=None, *, system=False):
    """Move ``item`` through the moderation workflow, saying why it is hidden."""
    perform(item, transition, actor, comment, system=system, workflow=WORKFLOW)
    item.hidden_reason = None if item.moderation == "visible" else reason


# Flags ----------------------------------------------------------------------------------------


def flag(item, user, reason, details=""):
    """``user`` reports ``item`` for ``reason`` ("other" needs details), once. At the
    consultation's threshold of open flags from distinct members, or at the first report of
    personal information, the item is hidden until a moderator reviews it."""
    if posting_block(user) is not None:
        raise ModerationError("blocked")
    if item.author_id == getattr(user, "id", None):
        raise ModerationError("own_content")
    if not can(user, "moderation.flag", item):
        raise ModerationError("forbidden")
    _reason(reason, FLAG_REASONS)
    details = _text(details, "details", required=reason == "other")
    try:
        with db.session.begin_nested():
            db.session.add(
                Flag(
                    object_type=item.__tablename__,
                    object_id=item.id,
                    consultation_id=item.consultation_id,
                    user_id=user.id,
                    reason=reason,
                    details=details,
                )
            )
    except IntegrityError:
        raise ModerationError("already_flagged") from None
    if item.moderation == "visible":
        open_flags = db.session.scalar(
            select(func.count())
            .select_from(Flag)
            .where(
                Flag.object_type == item.__tablename__,
                Flag.object_id == item.id,
                Flag.decision_id.is_(None),
            )
        )
        if reason == "personal_info" or open_flags >= flags_to_hide(item):
            why = reason if reason == "personal_info" else "flagged"
            _move(item, "hold", None, why, system=True)
    db.session.commit()


# Decisions ------------------------------------------------------------------------------------


def _decision(item_type, item_id, consultation_id, moderator, action, reason, text):
    decision = Decision(
        object_type=item_type,
        object_id=item_id,
        consultation_id=consultation_id,
        moderator_id=moderator.id,
        action=action,
        reason=reason,
        text=text,
    )
    db.session.add(decision)
    db.session.flush()
    return decision


def _resolve_flags(item, decision):
    db.session.execute(
        sql_update(Flag)
        .where(
            Flag.object_type == item.__tablename__,
            Flag.object_id == item.id,
            Flag.decision_id.is_(None),
        )
        .values(decision_id=decision.id)
    )


def decide(items, moderator, action, reason, text=""):
    """``moderator`` hides, restores or dismisses the flags of each of ``items`` (all or none),
    for ``reason`` (hiding needs a breach, not ``no_breach``). Their open flags are resolved by
    the decision. Returns the decisions."""
    if action not in DECISIONS:
        raise ModerationError("unknown_action", "action")
    _reason(reason)
    if action == "hide" and reason == "no_breach":
        raise ModerationError("hide_needs_breach", "reason")
    text = _text(text)
    items = list(items)
    if not items:
        raise ModerationError("nothing_chosen", "items")
    for item in items:
        if not can(moderator, "moderation.decide", item):
            raise ModerationError("forbidden")
    decisions = []
    for item in items:
        decision = _decision(
            item.__tablename__, item.id, item.consultation_id, moderator, action, reason, text
        )
        transition = DECISIONS[action][item.moderation]
        if transition is not None:
            _move(item, transition, moderator, reason, text or None)
        elif action == "hide":
            item.hidden_reason = reason
        _resolve_flags(item, decision)
        decisions.append(decision)
    db.session.commit()
    return decisions


# Appeals --------------------------------------------------------------------------------------


def appeal(item, author, text):
    """The author of hidden content asks for the decision that hid it to be reviewed: once per
    item, with their reasons."""
    if item.author_id != getattr(author, "id", None):
        raise ModerationError("forbidden")
    if item.moderation != "hidden":
        raise ModerationError("not_hidden")
    decision = latest_decision(item, ("hide",))
    # Hidden because its author is blocked: no decision about the item to review (an earlier
    # "hide", since reversed, is not what hides it now).
    if decision is None or item.hidden_reason == AUTHOR_BLOCKED:
        raise ModerationError("nothing_to_appeal")
    text = _text(text, required=True)
    try:
        with db.session.begin_nested():
            db.session.add(
                Appeal(
                    object_type=item.__tablename__,
                    object_id=item.id,
                    consultation_id=item.consultation_id,
                    author_id=author.id,
                    decision_id=decision.id,
                    hidden_by_id=decision.moderator_id,
                    text=text,
                )
            )
    except IntegrityError:
        raise ModerationError("already_appealed") from None
    db.session.commit()


def decide_appeal(appeal_, moderator, grant, reason, text=""):
    """A moderator other than the one who hid the item (and not its author) grants the appeal
    (the item is restored) or refuses it (the item stays hidden), saying why."""
    item = load_item(appeal_.object_type, appeal_.object_id)
    if appeal_.state != "open":
        raise ModerationError("already_decided")
    if item is None or not can(moderator, "moderation.decide", item):
        raise ModerationError("forbidden")
    if moderator.id in (appeal_.hidden_by_id, appeal_.author_id):
        raise ModerationError("own_decision")
    _reason(reason)
    if not grant and reason == "no_breach":
        raise ModerationError("hide_needs_breach", "reason")
    text = _text(text)
    decision = _decision(
        appeal_.object_type,
        appeal_.object_id,
        appeal_.consultation_id,
        moderator,
        "restore" if grant else "uphold",
        reason,
        text,
    )
    if grant and item.moderation != "visible":
        _move(item, "restore", moderator, reason, text or None)
    elif not grant:
        item.hidden_reason = reason
    appeal_.state = "granted" if grant else "refused"
    appeal_.decided_by_id = moderator.id
    appeal_.decided_at = utcnow()
    appeal_.answer_id = decision.id
    db.session.commit()
    return decision


# Blocks ---------------------------------------------------------------------------------------


def _content_of(user, states):
    """Everything ``user`` wrote whose moderation is in ``states``, of every moderated type."""
    for model in MODERATED.values():
        yield from db.session.scalars(
            select(model).where(model.author_id == user.id, model.moderation.in_(states))
        )


def block(user, moderator, reason, text="", ends_at=None):
    """``moderator`` stops ``user`` from posting, until ``ends_at`` or until lifted; everything
    they wrote is hidden. A block that ran out is lifted first."""
    if not can(moderator, "moderation.block", user):
        raise ModerationError("forbidden")
    _reason(reason)
    if reason == "no_breach":
        raise ModerationError("hide_needs_breach", "reason")
    text = _text(text)
    now = utcnow()
    if ends_at is not None and ends_at <= now:
        raise ModerationError("ends_in_past", "ends_at")
    current = db.session.scalar(
        select(Block).where(Block.user_id == user.id, Block.lifted_at.is_(None))
    )
    if current is not None:
        if current.in_force(now):
            raise ModerationError("already_blocked")
        _lift(current, None, now)
    try:
        with db.session.begin_nested():
            block_ = Block(
                user_id=user.id,
                moderator_id=moderator.id,
                reason=reason,
                text=text,
                created_at=now,
                ends_at=ends_at,
            )
            db.session.add(block_)
    except IntegrityError:
        raise ModerationError("already_blocked") from None
    _decision("users", user.id, None, moderator, "block", reason, text)
    for item in _content_of(user, ("visible", "pending")):
        _move(item, "hide", moderator, AUTHOR_BLOCKED, text or None, system=True)
    record("user.posting_blocked", user, moderator, comment=text or None, reason=reason)
    db.session.commit()
    return block_


def _lift(block_, actor, now):
    """Lift ``block_``: the content its block hid comes back."""
    block_.lifted_at = now
    block_.lifted_by_id = actor.id if actor is not None else None
    user = db.session.get(User, block_.user_id)
    for item in _content_of(user, ("hidden",)):
        if item.hidden_reason == AUTHOR_BLOCKED:
            _move(item, "restore", actor, None, system=True)
    record("user.posting_unblocked", user, actor)


def unblock(user, moderator, reason="no_breach", text=""):
    """``moderator`` lifts the block on ``user`` before it ends."""
    if not can(moderator, "moderation.block", user):
        raise ModerationError("forbidden")
    _reason(reason)
    text = _text(text)
    current = db.session.scalar(
        select(Block).where(Block.user_id == user.id, Block.lifted_at.is_(None))
    )
    if current is None:
        raise ModerationError("not_blocked")
    _decision("users", user.id, None, moderator, "unblock", reason, text)
    _lift(current, moderator, utcnow())
    db.session.commit()


def lift_expired(now=None):
    """Lift the blocks whose end has passed (``flask moderation lift-expired``, from cron);
    returns how many."""
    now = now or utcnow()
    expired = db.session.scalars(
        select(Block).where(Block.lifted_at.is_(None), Block.ends_at <= now)
    ).all()
    for block_ in expired:
        _lift(block_, None, now)
    db.session.commit()
    return len(expired)
