"""Read-only queries behind the consultation pages. Each runs a constant number of SQL
statements whatever the page holds, and answers in effective states (as of the dates), so that
no list shows a consultation as open after its end."""

from flask import url_for
from sqlalchemy import and_, exists, false, or_, select

from consult.accounts.models import LocalRole, User
from consult.consultations.models import STATES, Consultation
from consult.consultations.workflow import WORKFLOW
from consult.core import content
from consult.core.history import HistoryEntry, utcnow
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.pagination import paginate
from consult.core.permissions import can, local_roles_of, principals
from consult.core.search import text_matches
from consult.extensions import db
from consult.translations.display import Localized, localize, localize_all
from consult.translations.models import ContentTranslation

PER_PAGE = 20
#: The translatable fields, all written in the consultation's language.
TEXT_FIELDS = {"title": None, "summary": None, "body": None}


def effective_state_is(state, now):
    """SQL for ``Consultation.effective_state(now) == state``."""
    c = Consultation
    if state == "open":
        return and_(
            c.closes_at > now,
            or_(c.state == "open", and_(c.state == "published", c.opens_at <= now)),
        )
    if state == "published":
        return and_(c.state == "published", c.opens_at > now)
    if state == "closed":
        return or_(
            c.state == "closed", and_(c.state.in_(("published", "open")), c.closes_at <= now)
        )
    return c.state == state


def visible_to(user):
    """SQL for ``can(user, "consultation.view", consultation)``, read from the workflow: every
    state the user's global roles may view, and the states only local moderators may view on
    the consultations they moderate."""
    names = principals(user)
    conditions = []
    local_states = []
    for state in STATES:
        who = WORKFLOW.who_may(state, "view")
        if who & names:
            conditions.append(Consultation.state == state)
        elif "local_moderator" in who:
            local_states.append(state)
    if local_states and getattr(user, "is_authenticated", False):
        ids = [
            object_id
            for role, object_type, object_id in local_roles_of(user)
            if role == "moderator" and object_type == Consultation.__tablename__
        ]
        if ids:
            conditions.append(and_(Consultation.state.in_(local_states), Consultation.id.in_(ids)))
    return or_(*conditions) if conditions else false()


def available_in(language):
    """SQL: written in ``language``, or its title translated into it."""
    t = ContentTranslation
    return or_(
        Consultation.language == language,
        exists().where(
            t.object_type == Consultation.__tablename__,
            t.object_id == Consultation.id,
            t.field == "title",
            t.locale == language,
        ),
    )


#: The state filters of the public list, in the order they are offered.
STATE_FILTERS = ("open", "published", "closed", "concluded", "archived")


#: The fields that finding by text looks into (those folded into ``search_text``).
SEARCH_FIELDS = ("title", "summary")


def consultations_page(user, page, state=None, language=None, now=None, q=""):
    """One page of the consultations ``user`` may see, newest opening first. An unknown
    ``state`` or ``language`` filters nothing; ``q`` (cleaned by ``core.search.clean_query``)
    keeps those whose title or summary, or a translation of them, hold its words."""
    now = now or utcnow()
    stmt = select(Consultation).where(visible_to(user))
    if state in STATE_FILTERS:
        stmt = stmt.where(effective_state_is(state, now))
    if language in CONTENT_LANGUAGES:
        stmt = stmt.where(available_in(language))
    found = text_matches(Consultation, q, SEARCH_FIELDS)
    if found is not None:
        stmt = stmt.where(found)
    stmt = stmt.order_by(Consultation.opens_at.desc(), Consultation.id.desc())
    return paginate(stmt, page, per_page=PER_PAGE)


def open_now(limit, now=None):
    """Up to ``limit`` consultations open now, closing soonest first (for the home page)."""
    now = now or utcnow()
    stmt = (
        select(Consultation)
        .where(effective_state_is("open", now))
        .order_by(Consultation.closes_at, Consultation.id)
        .limit(limit)
    )
    return db.session.scalars(stmt).all()


def load_page(consultation_id):
    """``(consultation, thread, outcome)`` for the consultation's page, in one statement; None
    when there is no such consultation."""
    from consult.feedback.models import Thread
    from consult.feedback.queries import thread_join
    from consult.outcomes.models import Outcome

    row = db.session.execute(
        select(Consultation, Thread, Outcome)
        .outerjoin(Thread, thread_join(Consultation))
        .outerjoin(Outcome, Outcome.consultation_id == Consultation.id)
        .where(Consultation.id == consultation_id)
    ).one_or_none()
    return tuple(row) if row is not None else None


def localized(consultations, locale):
    """Each consultation's text in ``locale`` (one statement for them all)."""
    return localize_all(consultations, locale, TEXT_FIELDS)


def localized_one(consultation, locale):
    return localize(consultation, locale, TEXT_FIELDS)


def original(consultation):
    """The consultation's text as written (no statement)."""
    return Localized(consultation, consultation.language, {}, TEXT_FIELDS)


def translated_into(consultation):
    """The languages the consultation's title has been translated into."""
    t = ContentTranslation
    return set(
        db.session.scalars(
            select(t.locale).where(
                t.object_type == Consultation.__tablename__,
                t.object_id == consultation.id,
                t.field == "title",
            )
        )
    )


def local_moderators(consultation):
    """The accounts that moderate this consultation, by public name."""
    stmt = (
        select(User)
        .join(LocalRole, LocalRole.user_id == User.id)
        .where(
            LocalRole.object_type == Consultation.__tablename__,
            LocalRole.object_id == consultation.id,
            LocalRole.role == "moderator",
        )
        .order_by(User.display_name_key, User.id)
    )
    return db.session.scalars(stmt).all()


def concluded_at(consultation):
    """When the consultation was concluded (from its history), or None."""
    return db.session.scalar(
        select(HistoryEntry.created_at)
        .where(
            HistoryEntry.object_type == Consultation.__tablename__,
            HistoryEntry.object_id == consultation.id,
            HistoryEntry.to_state == "concluded",
        )
        .order_by(HistoryEntry.created_at.desc())
        .limit(1)
    )


def history_page(consultation, page):
    """One page of the consultation's history, newest first, with the public names of the
    people it names (``{id: name}``, one statement whatever their number)."""
    stmt = (
        select(HistoryEntry)
        .where(
            HistoryEntry.object_type == Consultation.__tablename__,
            HistoryEntry.object_id == consultation.id,
        )
        .order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc())
    )
    result = paginate(stmt, page)
    ids = set()
    for entry in result.items:
        if entry.actor_id is not None:
            ids.add(entry.actor_id)
        user_id = (entry.details or {}).get("user_id")
        if type(user_id) is int:
            ids.add(user_id)
    names = {}
    if ids:
        rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
        names = {user_id: name for user_id, name in rows}
    return result, names


content.register(
    content.ContentType(
        "consultation",
        Consultation,
        lambda consultation_id: db.session.get(Consultation, consultation_id),
        lambda user, consultation: can(user, "consultation.view", consultation),
        lambda consultation: url_for("consultations.detail", consultation_id=consultation.id),
    )
)
