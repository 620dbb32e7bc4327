"""Everything that changes an organisation or its membership."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

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
    return db.session.scalars(
        select(Organisation)
        .join(OrganisationMembership)
        .where(OrganisationMembership.user_id == user.id)
        .order_by(Organisation.name)
    ).all()
