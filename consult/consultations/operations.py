"""Everything that changes a consultation. Views and the command line call these; nothing else
writes to consultations or their local moderators (translations are
``translations.operations``')."""

import logging
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from consult.accounts.models import LocalRole
from consult.consultations.models import AUDIENCES, Consultation
from consult.core import signals
from consult.core.history import record, utcnow
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.workflow import perform
from consult.extensions import db
from consult.translations import operations as translations

log = logging.getLogger(__name__)

#: The dates of a consultation, in the order its phases run.
DATE_FIELDS = (
    "opens_at",
    "proposals_start",
    "proposals_end",
    "voting_start",
    "voting_end",
    "closes_at",
)
#: Fields written in the consultation's language, with their longest length (as the model).
TRANSLATABLE = {"title": 200, "summary": 500, "body": 20000}
FIELDS = (
    "language",
    *TRANSLATABLE,
    *DATE_FIELDS,
    "who_may_propose",
    "who_may_comment",
    "supports_per_person",
    "who_may_support",
    "supports_in_proposals_phase",
    "support_threshold",
    "authors_may_support",
    "flags_to_hide",
    "categories",
)
CATEGORIES_MAX, CATEGORY_MAX = 20, 80
#: More supports per person than anyone could use; 0 means no limit.
SUPPORTS_MAX = 10_000
#: The highest support threshold a consultation may set (None: no threshold).
THRESHOLD_MAX = 10_000_000
#: The most reports from distinct members a consultation may need to hide an item for review.
FLAGS_TO_HIDE_MAX = 100
#: The local role a consultation's own moderators hold.
MODERATOR = "moderator"


class ConsultationError(Exception):
    """A refused change. ``problems`` lists ``(field, code)``: the form field each message
    belongs next to (None: above the form) and why."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(", ".join(f"{f}: {c}" for f, c in self.problems))

    @property
    def code(self):
        return self.problems[0][1]


def date_problems(dates):
    """What is wrong with the order of ``dates`` (a dict of the six), as ``(field, code)``:
    the rule the database's ``phases_in_order`` check holds, field by field."""
    d = dates
    checks = (
        ("proposals_start", "proposals_before_opening", d["opens_at"] <= d["proposals_start"]),
        ("proposals_end", "proposals_end_first", d["proposals_start"] < d["proposals_end"]),
        ("voting_start", "voting_before_proposals", d["proposals_start"] <= d["voting_start"]),
        ("voting_end", "voting_end_first", d["voting_start"] < d["voting_end"]),
        ("closes_at", "closes_before_proposals_end", d["proposals_end"] <= d["closes_at"]),
        ("closes_at", "closes_before_voting_end", d["voting_end"] <= d["closes_at"]),
    )
    return [(name, code) for name, code, ok in checks if not ok]


def _check(consultation, values, now):
    """Raise ConsultationError when ``values`` (the consultation as it would be) break a rule."""
    problems = []
    if values["language"] not in CONTENT_LANGUAGES:
        problems.append(("language", "unknown_language"))
    for name, longest in TRANSLATABLE.items():
        text = values[name]
        if not text:
            problems.append((name, "empty"))
        elif len(text) > longest:
            problems.append((name, "too_long"))
    for name in ("who_may_propose", "who_may_comment", "who_may_support"):
        if values[name] not in AUDIENCES:
            problems.append((name, "unknown_audience"))
    supports = values["supports_per_person"]
    if not isinstance(supports, int) or not 0 <= supports <= SUPPORTS_MAX:
        problems.append(("supports_per_person", "supports_out_of_range"))
    threshold = values["support_threshold"]
    if threshold is not None and (
        not isinstance(threshold, int) or not 0 < threshold <= THRESHOLD_MAX
    ):
        problems.append(("support_threshold", "threshold_out_of_range"))
    flags = values["flags_to_hide"]
    if not isinstance(flags, int) or isinstance(flags, bool) or not 1 <= flags <= FLAGS_TO_HIDE_MAX:
        problems.append(("flags_to_hide", "flags_out_of_range"))
    for name in ("supports_in_proposals_phase", "authors_may_support"):
        if not isinstance(values[name], bool):
            problems.append((name, "not_a_choice"))
    categories = values["categories"]
    if len(categories) > CATEGORIES_MAX:
        problems.append(("categories", "too_many_categories"))
    elif any(not c or len(c) > CATEGORY_MAX for c in categories):
        problems.append(("categories", "category_too_long"))
    problems += date_problems(values)
    if consultation is not None:
        problems += _date_change_problems(consultation, values, now)
    if problems:
        raise ConsultationError(problems)


def _date_change_problems(consultation, values, now):
    """Drafts' dates may be anything valid. Once a consultation has opened, its opening date is
    history; once it has closed, all its dates are."""
    state = consultation.effective_state(now)
    if state in ("closed", "concluded", "archived"):
        fixed, code = DATE_FIELDS, "dates_fixed"
    elif state == "open":
        fixed, code = ("opens_at",), "opening_fixed"
    else:
        return []
    return [(name, code) for name in fixed if values[name] != getattr(consultation, name)]


def clean_categories(lines):
    """Categories as stored: each stripped, empty ones dropped, each once, in the given order."""
    seen, result = set(), []
    for line in lines:
        category = " ".join(line.split())
        if category and category not in seen:
            seen.add(category)
            result.append(category)
    return result


def _minute(moment):
    return moment.replace(second=0, microsecond=0) if moment is not None else None


def _clean(fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not consultation fields: {sorted(unknown)}")
    cleaned = dict(fields)
    for name in TRANSLATABLE:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "categories" in cleaned:
        cleaned["categories"] = clean_categories(cleaned["categories"] or [])
    return cleaned


def create(actor, **fields):
    """A new consultation, as a draft. Every field of :data:`FIELDS` but the optional
    settings and categories is needed (what it is about in the Action Plan is linked with
    ``actionplan.operations.link_consultation``)."""
    values = {
        "who_may_propose": "members",
        "who_may_comment": "members",
        "supports_per_person": 0,
        "who_may_support": "members",
        "supports_in_proposals_phase": False,
        "support_threshold": None,
        "authors_may_support": True,
        "flags_to_hide": 3,
        "categories": [],
        **_clean(fields),
    }
    missing = set(FIELDS) - set(values)
    if missing:
        raise TypeError(f"missing consultation fields: {sorted(missing)}")
    _check(None, values, utcnow())
    consultation = Consultation(
        **values, state="draft", created_by_id=actor.id if actor is not None else None
    )
    db.session.add(consultation)
    db.session.flush()
    record("consultation.created", consultation, actor, to_state="draft")
    db.session.commit()
    return consultation


def update(consultation, actor, **fields):
    """Change ``fields``; return the names of those that changed (nothing is recorded when
    none did). Translations of a changed title, summary or body are dropped: they no longer
    say what the original says."""
    if consultation.state == "archived":
        raise ConsultationError([(None, "archived")])
    fields = _clean(fields)
    for name in DATE_FIELDS:
        # A form shows dates to the minute: the same minute is the same date.
        if name in fields and _minute(fields[name]) == _minute(getattr(consultation, name)):
            fields[name] = getattr(consultation, name)
    values = {name: getattr(consultation, name) for name in FIELDS}
    values.update(fields)
    _check(consultation, values, utcnow())
    changed = [name for name in FIELDS if values[name] != getattr(consultation, name)]
    if not changed:
        return []
    for name in changed:
        setattr(consultation, name, values[name])
        if name in TRANSLATABLE:
            translations.remove_all(consultation, name)
    record("consultation.updated", consultation, actor, fields=changed)
    if set(changed) & set(TRANSLATABLE):
        signals.wrote(consultation)
    db.session.commit()
    return changed


def _catch_up(consultation, now):
    """Bring the stored state in line with the dates (what ``tick`` would do to it): a
    transition always starts from the state the consultation is really in."""
    target = consultation.effective_state(now)
    if target == consultation.state:
        return
    if consultation.state == "published":
        perform(consultation, "open", None, system=True)
    if target == "closed" and consultation.state == "open":
        perform(consultation, "close", None, system=True)


def transition(consultation, name, actor, comment=None):
    """Perform the workflow transition ``name`` for ``actor`` (WorkflowError when it may not
    happen: then nothing changes) and commit."""
    try:
        _catch_up(consultation, utcnow())
        done = perform(consultation, name, actor, (comment or "").strip() or None)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return done


@dataclass
class TickResult:
    opened: list = field(default_factory=list)
    closed: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.opened or self.closed)


def _due(*conditions):
    # On PostgreSQL two ticks at once do not both move the same row.
    stmt = select(Consultation).where(*conditions).order_by(Consultation.id)
    return db.session.scalars(stmt.with_for_update(skip_locked=True)).all()


def tick(now=None):
    """Perform the transitions the dates call for: open a published consultation whose opening
    date has come, close one whose end has passed (opening it first if it never was). Return
    what was opened and what was closed."""
    now = now or utcnow()
    result = TickResult()
    for consultation in _due(
        Consultation.state.in_(("published", "open")), Consultation.closes_at <= now
    ):
        if consultation.state == "published":
            perform(consultation, "open", None, system=True)
        perform(consultation, "close", None, system=True)
        result.closed.append(consultation)
    for consultation in _due(Consultation.state == "published", Consultation.opens_at <= now):
        perform(consultation, "open", None, system=True)
        result.opened.append(consultation)
    db.session.commit()
    if result:
        log.info(
            "workflow tick: opened %s, closed %s",
            [c.id for c in result.opened],
            [c.id for c in result.closed],
        )
    return result


# Local moderators ----------------------------------------------------------------------------


def grant_local_moderator(consultation, user, actor):
    """Make ``user`` a moderator of this consultation; False when they already are (the
    primary key decides, so two admins at once cannot grant it twice)."""
    role = LocalRole(
        user_id=user.id,
        role=MODERATOR,
        object_type=consultation.__tablename__,
        object_id=consultation.id,
        granted_by_id=actor.id if actor is not None else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(role)
    except IntegrityError:
        return False
    record("consultation.moderator_added", consultation, actor, user_id=user.id)
    db.session.commit()
    return True


def revoke_local_moderator(consultation, user, actor):
    """``user`` no longer moderates this consultation; False when they did not."""
    result = db.session.execute(
        delete(LocalRole).where(
            LocalRole.user_id == user.id,
            LocalRole.role == MODERATOR,
            LocalRole.object_type == consultation.__tablename__,
            LocalRole.object_id == consultation.id,
        )
    )
    if not result.rowcount:
        return False
    record("consultation.moderator_removed", consultation, actor, user_id=user.id)
    db.session.commit()
    return True
