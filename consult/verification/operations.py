"""Everything that changes verification: issuing, redeeming and revoking codes, and finding the
participant a verifier assists. Views, the demo and the command line call these.

A code is shown once, when it is issued; only the SHA-256 of its normalised form is kept. The
single-use rule lives in the database: redeeming is one ``UPDATE … WHERE`` the code is unused,
unrevoked and unexpired, and only the statement that changed the row wins."""

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from consult.accounts.models import User
from consult.accounts.operations import find_user_by_email
from consult.core.history import label_actions, record, utcnow
from consult.core.text import name_key, normalise_name
from consult.core.throttle import Throttle
from consult.extensions import db
from consult.verification.models import VerificationCode

#: No 0/O, 1/I/L: nothing a person copying a slip by hand can mistake for something else.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 12
GROUP = 4
HINT_LENGTH = 4

MAX_CODES = 50
VALID_DAYS = (1, 90)
VERIFIED_DAYS = (30, 730)

label_actions(
    {
        "verification.issued": _l("Verification code issued"),
        "verification.redeemed": _l("Verification code redeemed"),
        "verification.revoked": _l("Verification code revoked"),
    }
)


class VerificationError(Exception):
    """A refused verification step. ``field`` names the form field the message belongs next to."""

    def __init__(self, code, field=None):
        super().__init__(code)
        self.code = code
        self.field = field


# Codes ---------------------------------------------------------------------------------------


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text):
    """The code as typed, without case, spaces or dashes of any kind (full-width forms too)."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch) == "Pd"))


def is_well_formed(code):
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def hash_code(code):
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def grouped(code):
    """ABCDEFGHJKMN -> ABCD-EFGH-JKMN, as the slip shows it."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def state_of(code, now=None):
    """unused, redeemed, expired or revoked."""
    if code.revoked_at is not None:
        return "revoked"
    if code.redeemed_at is not None:
        return "redeemed"
    if code.expires_at <= (now or utcnow()):
        return "expired"
    return "unused"


@dataclass(frozen=True)
class IssuedCode:
    """A code as issued: the only moment its clear text exists."""

    code: str
    hint: str
    expires_at: datetime
    verified_days: int

    @property
    def display(self):
        return grouped(self.code)


def issue(verifier, count, valid_days, verified_days):
    """Create ``count`` codes valid for ``valid_days``; each verifies for ``verified_days``.
    Returns them in clear text, once: the database keeps only their hashes."""
    if not 1 <= count <= MAX_CODES:
        raise VerificationError("bad_count", "count")
    if not VALID_DAYS[0] <= valid_days <= VALID_DAYS[1]:
        raise VerificationError("bad_valid_days", "valid_days")
    if not VERIFIED_DAYS[0] <= verified_days <= VERIFIED_DAYS[1]:
        raise VerificationError("bad_verified_days", "verified_days")
    now = utcnow()
    expires_at = now + timedelta(days=valid_days)
    issued, rows = [], []
    for _ in range(count):
        code = new_code()
        row = VerificationCode(
            code_hash=hash_code(code),
            hint=code[-HINT_LENGTH:],
            issued_by_id=verifier.id,
            issued_at=now,
            expires_at=expires_at,
            verified_days=verified_days,
        )
        db.session.add(row)
        rows.append(row)
        issued.append(IssuedCode(code, row.hint, expires_at, verified_days))
    db.session.flush()
    for row in rows:
        record(
            "verification.issued",
            row,
            verifier,
            to_state="unused",
            hint=row.hint,
            expires_at=expires_at.isoformat(timespec="minutes"),
            verified_days=verified_days,
        )
    db.session.commit()
    return issued


# Redeeming -----------------------------------------------------------------------------------


#: Wrong verification codes, per account and per address: codes cannot be guessed.
redeem_throttle = Throttle("verify", "VERIFY_LIMIT")


def claim(code_hash, user, now):
    """Mark the code redeemed by ``user`` if, in the database, it is still unused, unrevoked and
    unexpired. True for the one statement that changed the row; concurrent ones get False."""
    result = db.session.execute(
        update(VerificationCode)
        .where(
            VerificationCode.code_hash == code_hash,
            VerificationCode.redeemed_at.is_(None),
            VerificationCode.revoked_at.is_(None),
            VerificationCode.expires_at > now,
        )
        .values(redeemed_by_id=user.id, redeemed_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _refusal(code_hash, now):
    """Why a code that could not be claimed was refused."""
    code = db.session.scalar(
        select(VerificationCode).where(VerificationCode.code_hash == code_hash)
    )
    if code is None:
        return "unknown"
    # "unused" here means another request claimed it a moment ago: it is used.
    return {"redeemed": "used", "unused": "used"}.get(state_of(code, now), state_of(code, now))


def redeem(user, text, address):
    """Redeem the code ``text`` for ``user``: they become a verified participant for the code's
    number of days. Every refusal counts towards the throttle, so codes cannot be guessed."""
    if user.blocked_at is not None:
        raise VerificationError("blocked")
    if redeem_throttle.exceeded(user.id, address):
        raise VerificationError("throttled", "code")
    code = normalise_code(text)
    if not is_well_formed(code):
        redeem_throttle.failed(user.id, address)
        raise VerificationError("malformed", "code")
    code_hash = hash_code(code)
    now = utcnow()
    if not claim(code_hash, user, now):
        reason = _refusal(code_hash, now)
        db.session.rollback()
        redeem_throttle.failed(user.id, address)
        raise VerificationError(reason, "code")
    row = db.session.scalar(select(VerificationCode).where(VerificationCode.code_hash == code_hash))
    until = now + timedelta(days=row.verified_days)
    if user.verified_until is None or user.verified_until < until:
        user.verified_until = until
    record(
        "verification.redeemed",
        row,
        user,
        from_state="unused",
        to_state="redeemed",
        hint=row.hint,
        verified_until=until.isoformat(timespec="minutes"),
    )
    db.session.commit()
    return until


# Revoking ------------------------------------------------------------------------------------


def _verified_until_from_codes(user_id, now):
    """Until when the codes a person redeemed and nobody revoked keep them verified."""
    rows = db.session.execute(
        select(VerificationCode.redeemed_at, VerificationCode.verified_days).where(
            VerificationCode.redeemed_by_id == user_id, VerificationCode.revoked_at.is_(None)
        )
    ).all()
    ends = [at + timedelta(days=days) for at, days in rows if at + timedelta(days=days) > now]
    return max(ends, default=None)


def revoke(code, actor):
    """Revoke a code: an unused one can no longer be redeemed; a redeemed one ends the
    verification it gave (the participant stays verified only by other codes of theirs)."""
    now = utcnow()
    before = state_of(code, now)
    if before == "revoked":
        raise VerificationError("already_revoked")
    result = db.session.execute(
        update(VerificationCode)
        .where(VerificationCode.id == code.id, VerificationCode.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by_id=actor.id if actor else None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise VerificationError("already_revoked")
    db.session.refresh(code)
    details = {"hint": code.hint}
    if code.redeemed_by_id is not None:
        participant = db.session.get(User, code.redeemed_by_id)
        participant.verified_until = _verified_until_from_codes(participant.id, now)
        details["participant_id"] = participant.id
    record(
        "verification.revoked",
        code,
        actor,
        from_state=before,
        to_state="revoked",
        **details,
    )
    db.session.commit()
    return code


# Assisted participation ----------------------------------------------------------------------


def find_participant(text, verifier=None):
    """The one account whose email address or public name is ``text``, verified, not blocked
    and not ``verifier``'s own; otherwise a VerificationError saying why."""
    text = (text or "").strip()
    if not text:
        raise VerificationError("no_participant", "participant")
    if "@" in text:
        user = find_user_by_email(text)
    else:
        user = db.session.scalar(
            select(User).where(User.display_name_key == name_key(normalise_name(text)))
        )
    if user is None:
        raise VerificationError("no_participant", "participant")
    if verifier is not None and user.id == verifier.id:
        raise VerificationError("self", "participant")
    if user.blocked_at is not None:
        raise VerificationError("participant_blocked", "participant")
    if not user.is_verified_participant:
        raise VerificationError("not_verified", "participant")
    return user
