"""Everything that changes an organisation or its membership."""

from flask import g, has_request_context
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.core.history import record
from consult.core.text import name_key, normalise_name
from consult.extensions import db
from consult.organisations.models import Organisation, OrganisationMembership


class OrganisationError(Exception):
    def __init__(self, code, field=None):
        super().__init__(code)
        self.code = code
        self.field = field


def find_by_name(name):
    return db.session.scalar(select(Organisation).where(Organisation.name_key == name_key(name)))


def _flush_or_name_taken():
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        raise OrganisationError("name_taken", "name") from exc


def create(actor, name, description=""):
    org = Organisation(
        name=normalise_name(name), name_key=name_key(name), description=description.strip()
    )
    db.session.add(org)
    _flush_or_name_taken()
    record("organisation.created", org, actor, name=org.name)
    db.session.commit()
    return org


def update(org, actor, name, description):
    changes = {}
    name = normalise_name(name)
    if name != org.name:
        changes["name"] = [org.name, name]
        org.name, org.name_key = name, name_key(name)
    if description.strip() != org.description:
        changes["description"] = True
        org.description = description.strip()
    if changes:
        _flush_or_name_taken()
        record("organisation.updated", org, actor, **changes)
        db.session.commit()
    return changes


def add_member(org, user, actor):
    """Add ``user`` to ``org``; False when they already belong (the primary key decides)."""
    db.session.add(OrganisationMembership(organisation_id=org.id, user_id=user.id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return False
    record("organisation.member_added", org, actor, user_id=user.id)
    db.session.commit()
    return True


def remove_member(org, user, actor):
    membership = db.session.get(OrganisationMembership, (org.id, user.id))
    if membership is None:
        return False
    db.session.delete(membership)
    record("organisation.member_removed", org, actor, user_id=user.id)
    db.session.commit()
    return True


def organisations_of(user):
    """The organisations ``user`` speaks for, by name."""
    known = g.get("_organisations", {}) if has_request_context() else {}
    if user.id in known:
        return list(known[user.id])
    return db.session.scalars(
        select(Organisation)
        .join(OrganisationMembership)
        .where(OrganisationMembership.user_id == user.id)
        .order_by(Organisation.name)
    ).all()


def remember_organisations(user, organisations):
    """``user``'s organisations, loaded with them: this request's :func:`organisations_of`
    takes them from here (until something is written)."""
    if has_request_context():
        g.setdefault("_organisations", {})[user.id] = organisations


@event.listens_for(Session, "after_flush")
def _forget_organisations(_session, _context):
    if has_request_context():
        g.pop("_organisations", None)
