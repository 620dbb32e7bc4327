"""Everything that changes an account. Views and the command line call these; nothing else
writes to accounts."""

import logging

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, session
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from consult.accounts.models import ROLES, LocalRole, RoleGrant, User, new_session_token
from consult.core import signals
from consult.core.history import record, utcnow
from consult.core.permissions import remember_local_roles
from consult.core.text import name_key, normalise_name
from consult.core.throttle import Throttle
from consult.extensions import db
from consult.organisations.operations import remember_organisations

log = logging.getLogger(__name__)
_hasher = PasswordHasher()
#: Verified against when no account has the email, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("consult-no-such-account")


class AccountError(Exception):
    """A refused account change. ``field`` names the form field the message belongs next to."""

    def __init__(self, code, field=None):
        super().__init__(code)
        self.code = code
        self.field = field


def normalise_email(email):
    return (email or "").strip().lower()


def hash_password(password):
    return _hasher.hash(password)


def find_user_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _flush_or_raise_duplicate():
    """Flush; a unique violation becomes an AccountError on the field it concerns."""
    try:
        db.session.flush()
    except IntegrityError as exc:
        db.session.rollback()
        text = str(exc.orig).lower()
        if "email" in text:
            raise AccountError("email_taken", "email") from exc
        if "display_name" in text:
            raise AccountError("display_name_taken", "display_name") from exc
        raise


def register(email, password, display_name, locale, accepted_terms):
    """Create a member's account. The database's unique keys decide duplicates."""
    if not accepted_terms:
        raise AccountError("terms_required", "accept_terms")
    name = normalise_name(display_name)
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        display_name=name,
        display_name_key=name_key(name),
        preferred_locale=locale,
        terms_version=current_app.config["TERMS_VERSION"],
        terms_accepted_at=utcnow(),
    )
    db.session.add(user)
    _flush_or_raise_duplicate()
    record("user.registered", user, user)
    db.session.commit()
    signals.user_registered.send(current_app._get_current_object(), user=user)
    return user


# Sign-in throttle ----------------------------------------------------------------------------


#: Failed sign-ins, per account (its email) and per address.
signin_throttle = Throttle("signin", "SIGNIN_LIMIT")


def authenticate(email, password, address):
    """The account these credentials open, or an AccountError saying why not."""
    if signin_throttle.exceeded(normalise_email(email), address):
        raise AccountError("throttled")
    user = find_user_by_email(email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password or "")
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        signin_throttle.failed(normalise_email(email), address)
        raise AccountError("bad_credentials")
    if user.blocked_at is not None:
        raise AccountError("blocked")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def sign_in(user, remember=False):
    """Start a fresh session for ``user`` (nothing from the anonymous session survives)."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = remember


def sign_out(user):
    """End the session, and every other session of this account."""
    if user is not None and user.is_authenticated:
        user.session_token = new_session_token()
        db.session.commit()
    logout_user()
    session.clear()


# Passwords -----------------------------------------------------------------------------------


def _reset_serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user):
    """A token that resets this password once: it carries part of the current password hash,
    so it stops working as soon as the password changes."""
    return _reset_serializer().dumps({"u": user.id, "h": user.password_hash[-16:]})


def user_for_reset_token(token):
    """The account a valid, unexpired, unused token resets, or None."""
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"]
        )
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or user.password_hash[-16:] != data.get("h"):
        return None
    return user


def set_password(user, password, actor=None):
    """Change the password; every session of the account ends."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    record("user.password_changed", user, actor or user)
    db.session.commit()


def change_password(user, current_password, new_password):
    try:
        _hasher.verify(user.password_hash, current_password or "")
    except (VerificationError, InvalidHashError) as exc:
        raise AccountError("wrong_password", "current_password") from exc
    set_password(user, new_password)


# Profile -------------------------------------------------------------------------------------


def update_profile(user, display_name, locale):
    name = normalise_name(display_name)
    changes = {}
    if name != user.display_name:
        changes["display_name"] = [user.display_name, name]
        user.display_name = name
        user.display_name_key = name_key(name)
    if locale != user.preferred_locale:
        changes["preferred_locale"] = [user.preferred_locale, locale]
        user.preferred_locale = locale
    if changes:
        _flush_or_raise_duplicate()
        record("user.profile_changed", user, user, **changes)
        db.session.commit()
    return changes


#: How many other languages a person may say they read.
READING_LANGUAGES_MAX = 3


def set_reading_languages(user, codes):
    """``user`` says which other languages they read, in order (at most three, known content
    languages, each once; empty choices are skipped). Returns whether anything changed."""
    from consult.core.languages import CONTENT_LANGUAGES

    chosen = [code for code in codes if code]
    if any(code not in CONTENT_LANGUAGES for code in chosen):
        raise AccountError("unknown_language", "reading_languages")
    if len(set(chosen)) != len(chosen):
        raise AccountError("duplicate_language", "reading_languages")
    if len(chosen) > READING_LANGUAGES_MAX:
        raise AccountError("too_many_languages", "reading_languages")
    if chosen == list(user.reading_languages or ()):
        return False
    user.reading_languages = chosen
    db.session.commit()
    return True


# Administration ------------------------------------------------------------------------------


def grant_role(user, role, actor):
    if role not in ROLES:
        raise AccountError("unknown_role", "role")
    if user.has_role(role):
        return False
    user.roles.append(RoleGrant(role=role, granted_by_id=actor.id if actor else None))
    record("user.role_granted", user, actor, role=role)
    db.session.commit()
    return True


def revoke_role(user, role, actor):
    grant = next((g for g in user.roles if g.role == role), None)
    if grant is None:
        return False
    user.roles.remove(grant)
    record("user.role_revoked", user, actor, role=role)
    db.session.commit()
    return True


def block(user, actor, reason):
    if user.blocked_at is not None:
        return False
    user.blocked_at = utcnow()
    user.block_reason = reason
    user.session_token = new_session_token()
    record("user.blocked", user, actor, comment=reason)
    db.session.commit()
    signals.user_blocked.send(current_app._get_current_object(), user=user, actor=actor)
    return True


def unblock(user, actor, reason=None):
    if user.blocked_at is None:
        return False
    user.blocked_at = None
    user.block_reason = None
    record("user.unblocked", user, actor, comment=reason)
    db.session.commit()
    return True


def create_admin(email, password, display_name, locale="el"):
    """Create an account with the admin role (for ``flask users create-admin``)."""
    user = register(email, password, display_name, locale, accepted_terms=True)
    grant_role(user, "admin", None)
    return user


def load_user(user_id):
    """Flask-Login's loader: ``<id>:<session token>``; a stale token loads nobody."""
    ident, _, token = (user_id or "").partition(":")
    if not ident.isdigit() or not token:
        return None
    # One statement: the account with its roles, and what most pages ask of the person next:
    # their local roles (permissions), organisations and any posting block (threads).
    from consult.moderation.models import Block
    from consult.moderation.queries import in_force, remember_posting_block
    from consult.organisations.models import Organisation, OrganisationMembership

    rows = (
        db.session.execute(
            select(
                User,
                LocalRole.role,
                LocalRole.object_type,
                LocalRole.object_id,
                Organisation,
                Block,
            )
            .outerjoin(LocalRole, LocalRole.user_id == User.id)
            .outerjoin(OrganisationMembership, OrganisationMembership.user_id == User.id)
            .outerjoin(Organisation, Organisation.id == OrganisationMembership.organisation_id)
            .outerjoin(Block, sa.and_(Block.user_id == User.id, in_force()))
            .where(User.id == int(ident))
            .order_by(Organisation.name, Block.id)
            .options(joinedload(User.roles))
        )
        .unique()
        .all()
    )
    user = rows[0][0] if rows else None
    if user is None or user.session_token != token or user.blocked_at is not None:
        return None
    remember_local_roles(user, {tuple(row[1:4]) for row in rows if row[1] is not None})
    organisations = {row[4].id: row[4] for row in rows if row[4] is not None}
    remember_organisations(user, list(organisations.values()))
    blocks = [row[5] for row in rows if row[5] is not None]
    remember_posting_block(user, blocks[0] if blocks else None)
    return user
