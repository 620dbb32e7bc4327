"""Read-only queries behind the admin pages. Each returns one page of rows in a constant number
of SQL statements, whatever the page holds."""

from sqlalchemy import func, select

from consult.accounts.models import User
from consult.core import search
from consult.core.history import HistoryEntry
from consult.core.pagination import paginate
from consult.core.search import contains_folded
from consult.core.text import fold
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationMembership

#: Search text beyond this length is ignored; no email address or name is longer.
QUERY_MAX = 254


def clean_query(value):
    """Search text as typed, capped, with control and format characters (which no database
    wants) as spaces. Joiners stay: Persian names need the zero-width non-joiner."""
    return search.clean_query(value, QUERY_MAX)


def find_users(query, page):
    """Accounts whose email address or public name contains ``query``, ignoring case and
    accents (``ΕΛΈΝΗ`` and ``ελενη`` find ``Ελένη``), by name."""
    stmt = select(User).order_by(User.display_name_key, User.id)
    folded = fold(query) if query else ""
    if folded:
        stmt = stmt.where(contains_folded(User.search_text, folded))
    return paginate(stmt, page)


def organisations_page(page):
    """Organisations by name, each as ``(organisation, number of members)``."""
    members = (
        select(func.count())
        .where(OrganisationMembership.organisation_id == Organisation.id)
        .scalar_subquery()
    )
    stmt = select(Organisation, members.label("members")).order_by(
        Organisation.name_key, Organisation.id
    )
    return paginate(stmt, page, rows=True)


def members_page(org, page):
    """The members of ``org`` by name, each membership with its user."""
    stmt = (
        select(OrganisationMembership)
        .join(OrganisationMembership.user)
        .where(OrganisationMembership.organisation_id == org.id)
        .order_by(User.display_name_key, User.id)
    )
    return paginate(stmt, page)


def history_page(page, object_type=None, object_id=None):
    """History entries, newest first, optionally of one object. Their actors and subjects come
    from :func:`history_subjects`."""
    stmt = select(HistoryEntry).order_by(HistoryEntry.created_at.desc(), HistoryEntry.id.desc())
    if object_type is not None:
        stmt = stmt.where(
            HistoryEntry.object_type == object_type, HistoryEntry.object_id == object_id
        )
    return paginate(stmt, page)


def history_subjects(entries):
    """Who did the entries and what they are about, loaded at once (two statements, whatever the
    number of entries): ``{("users", id): user, ("organisations", id): organisation}``, with the
    members that membership entries name."""
    user_ids, org_ids = set(), set()
    for entry in entries:
        if entry.actor_id is not None:
            user_ids.add(entry.actor_id)
        if entry.object_type == User.__tablename__:
            user_ids.add(entry.object_id)
        elif entry.object_type == Organisation.__tablename__:
            org_ids.add(entry.object_id)
        member_id = (entry.details or {}).get("user_id")
        if type(member_id) is int:
            user_ids.add(member_id)
    subjects = {}
    if user_ids:
        for user in db.session.scalars(select(User).where(User.id.in_(user_ids))):
            subjects[User.__tablename__, user.id] = user
    if org_ids:
        for org in db.session.scalars(select(Organisation).where(Organisation.id.in_(org_ids))):
            subjects[Organisation.__tablename__, org.id] = org
    return subjects
