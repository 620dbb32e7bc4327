"""Issuing, redeeming and revoking codes, without HTTP."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from consult.core.history import HistoryEntry, utcnow
from consult.extensions import db
from consult.verification import operations as ops
from consult.verification.models import VerificationCode

pytestmark = pytest.mark.usefixtures("ctx")


def _code_row(code):
    return db.session.scalar(
        select(VerificationCode).where(VerificationCode.code_hash == ops.hash_code(code))
    )


def _actions(code_row):
    return db.session.scalars(
        select(HistoryEntry.action)
        .where(
            HistoryEntry.object_type == "verification_codes", HistoryEntry.object_id == code_row.id
        )
        .order_by(HistoryEntry.id)
    ).all()


def test_codes_are_random_unambiguous_and_grouped():
    codes = {ops.new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 12 and not set(code) & set("0O1IL")
    assert ops.grouped("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


def test_typed_codes_are_normalised():
    assert ops.normalise_code(" abcd-efgh jkmn ") == "ABCDEFGHJKMN"
    # Full-width letters, an en dash and an em dash.
    assert ops.normalise_code("ＡＢＣＤ–ＥＦＧＨ—ＪＫＭＮ") == "ABCDEFGHJKMN"
    assert ops.hash_code("abcd efgh-jkmn") == ops.hash_code("ABCDEFGHJKMN")


def test_issuing_keeps_only_hashes(verifier):
    issued = ops.issue(verifier, 3, 30, 365)
    assert len(issued) == 3
    rows = db.session.scalars(
        select(VerificationCode).where(VerificationCode.issued_by_id == verifier.id)
    ).all()
    assert len(rows) == 3
    stored = " ".join(f"{r.code_hash} {r.hint}" for r in rows) + " ".join(
        str(e.details) for e in db.session.scalars(select(HistoryEntry))
    )
    for item in issued:
        assert item.code not in stored and item.display not in stored
        assert _code_row(item.code).hint == item.code[-4:]
        assert _actions(_code_row(item.code)) == ["verification.issued"]
    assert rows[0].expires_at - rows[0].issued_at == timedelta(days=30)


@pytest.mark.parametrize(
    ("count", "valid", "verified", "error"),
    [(0, 30, 365, "bad_count"), (51, 30, 365, "bad_count"), (1, 0, 365, "bad_valid_days"),
     (1, 91, 365, "bad_valid_days"), (1, 30, 29, "bad_verified_days"),
     (1, 30, 731, "bad_verified_days")],
)  # fmt: skip
def test_issuing_refuses_numbers_out_of_range(verifier, count, valid, verified, error):
    with pytest.raises(ops.VerificationError) as info:
        ops.issue(verifier, count, valid, verified)
    assert info.value.code == error
    assert db.session.scalar(select(VerificationCode.id)) is None


def test_redeeming_verifies_for_the_codes_days(verifier, issue, make_user):
    (code,) = issue(verifier, verified_days=100)
    member = make_user()
    assert not member.is_verified_participant
    until = ops.redeem(member, ops.grouped(code).lower(), "10.0.0.1")
    assert member.is_verified_participant
    assert member.verified_until == until
    assert timedelta(days=99) < until - utcnow() <= timedelta(days=100)
    row = _code_row(code)
    assert row.redeemed_by_id == member.id and ops.state_of(row) == "redeemed"
    assert _actions(row) == ["verification.issued", "verification.redeemed"]


def test_a_code_works_once(verifier, issue, make_user):
    (code,) = issue(verifier)
    ops.redeem(make_user(), code, "10.0.0.1")
    other = make_user()
    with pytest.raises(ops.VerificationError) as info:
        ops.redeem(other, code, "10.0.0.2")
    assert info.value.code == "used" and info.value.field == "code"
    assert not other.is_verified_participant


def test_expired_and_revoked_codes_are_refused(verifier, issue, make_user):
    expired, revoked = issue(verifier, count=2)
    db.session.execute(
        update(VerificationCode)
        .where(VerificationCode.code_hash == ops.hash_code(expired))
        .values(expires_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    ops.revoke(_code_row(revoked), verifier)
    member = make_user()
    for code, reason in ((expired, "expired"), (revoked, "revoked")):
        with pytest.raises(ops.VerificationError) as info:
            ops.redeem(member, code, "10.0.0.1")
        assert info.value.code == reason
    assert member.verified_until is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "malformed"), ("ABCD-EFGH-JKM0", "malformed"), ("ABCD-EFGH-JKMN", "unknown"),
     ("x" * 500, "malformed")],
)  # fmt: skip
def test_wrong_codes_are_refused(make_user, text, reason):
    with pytest.raises(ops.VerificationError) as info:
        ops.redeem(make_user(), text, "10.0.0.1")
    assert info.value.code == reason


def test_a_blocked_account_cannot_redeem(verifier, issue, make_user):
    from consult.accounts import operations as accounts

    (code,) = issue(verifier)
    member = make_user()
    accounts.block(member, None, "spam")
    with pytest.raises(ops.VerificationError) as info:
        ops.redeem(member, code, "10.0.0.1")
    assert info.value.code == "blocked"
    assert ops.state_of(_code_row(code)) == "unused"


def test_wrong_codes_are_throttled_per_account(verifier, issue, make_user):
    (code,) = issue(verifier)
    member = make_user()
    for n in range(5):
        with pytest.raises(ops.VerificationError):
            ops.redeem(member, "ABCD-EFGH-JKMN", f"10.0.0.{n}")
    with pytest.raises(ops.VerificationError) as info:
        ops.redeem(member, code, "10.0.1.1")  # even the right code, for now
    assert info.value.code == "throttled"
    assert ops.state_of(_code_row(code)) == "unused"
    ops.redeem(make_user(), code, "10.0.1.1")  # another account is not held back


def test_wrong_codes_are_throttled_per_address(verifier, issue, make_user):
    (code,) = issue(verifier)
    for _ in range(4):
        member = make_user()
        for _ in range(5):
            with pytest.raises(ops.VerificationError):
                ops.redeem(member, "ABCD-EFGH-JKMN", "10.9.9.9")
    with pytest.raises(ops.VerificationError) as info:
        ops.redeem(make_user(), code, "10.9.9.9")
    assert info.value.code == "throttled"


def test_the_claim_succeeds_once_whatever_was_read_before(verifier, issue, make_user):
    """The single-use rule is the UPDATE's WHERE: a second claim (say, a request that read the
    code as unused a moment earlier) changes no row."""
    (code,) = issue(verifier)
    first, second = make_user(), make_user()
    now = utcnow()
    assert ops.claim(ops.hash_code(code), first, now) is True
    assert ops.claim(ops.hash_code(code), second, now) is False
    db.session.commit()
    assert _code_row(code).redeemed_by_id == first.id


def test_a_race_lost_between_the_check_and_the_claim_is_refused(verifier, issue, make_user,
                                                                monkeypatch):  # fmt: skip
    (code,) = issue(verifier)
    winner, loser = make_user(), make_user()
    real_claim = ops.claim

    def claim_after_someone_else(code_hash, user, now):
        real_claim(code_hash, winner, now)  # another request wins just before this one
        return real_claim(code_hash, user, now)

    monkeypatch.setattr(ops, "claim", claim_after_someone_else)
    with pytest.raises(ops.VerificationError) as info:
        ops.redeem(loser, code, "10.0.0.1")
    assert info.value.code == "used"
    assert loser.verified_until is None


def test_revoking_an_unused_code(verifier, issue):
    (code,) = issue(verifier)
    ops.revoke(_code_row(code), verifier)
    row = _code_row(code)
    assert ops.state_of(row) == "revoked" and row.revoked_by_id == verifier.id
    assert _actions(row) == ["verification.issued", "verification.revoked"]
    with pytest.raises(ops.VerificationError) as info:
        ops.revoke(row, verifier)
    assert info.value.code == "already_revoked"


def test_revoking_a_redeemed_code_ends_that_verification(verifier, issue, make_user):
    first, second = issue(verifier, count=2)
    member, other = make_user(), make_user()
    ops.redeem(member, first, "10.0.0.1")
    ops.redeem(other, second, "10.0.0.1")
    ops.revoke(_code_row(first), verifier)
    assert not member.is_verified_participant
    assert other.is_verified_participant


def test_revoking_one_of_two_codes_keeps_the_other(verifier, issue, make_user):
    short, long_ = issue(verifier, count=1, verified_days=30) + issue(verifier, verified_days=365)
    member = make_user()
    ops.redeem(member, long_, "10.0.0.1")
    ops.redeem(member, short, "10.0.0.1")
    ops.revoke(_code_row(long_), verifier)
    assert member.is_verified_participant
    assert member.verified_until - utcnow() <= timedelta(days=30)


def test_finding_a_participant(verifier, issue, make_user):
    (code,) = issue(verifier)
    member = make_user(display_name="Salma K")
    with pytest.raises(ops.VerificationError) as info:
        ops.find_participant("salma k")
    assert info.value.code == "not_verified"
    ops.redeem(member, code, "10.0.0.1")
    assert ops.find_participant("  SALMA K ") == member
    assert ops.find_participant(member.email.upper()) == member
    for text in ("", "nobody", "nobody@example.org"):
        with pytest.raises(ops.VerificationError) as info:
            ops.find_participant(text)
        assert info.value.code == "no_participant"


def test_a_blocked_participant_is_not_found(verifier, issue, make_user):
    from consult.accounts import operations as accounts

    (code,) = issue(verifier)
    member = make_user()
    ops.redeem(member, code, "10.0.0.1")
    accounts.block(member, None, "abuse")
    with pytest.raises(ops.VerificationError) as info:
        ops.find_participant(member.email)
    assert info.value.code == "participant_blocked"
