"""Each verification permission over the roles: anonymous, member, verifier, moderator, admin
(and a blocked member, an issuer and another verifier where the rule cares)."""

import pytest
from flask_login import AnonymousUserMixin

from consult.core.permissions import can

ROLES = {
    "member": (),
    "verifier": ("verifier",),
    "moderator": ("moderator",),
    "admin": ("admin",),
}

EXPECTED = {
    # permission: who may, among anonymous + ROLES
    "verification.issue": {"verifier", "admin"},
    "verification.redeem": {"member", "verifier", "moderator", "admin"},
    "verification.assist": {"verifier"},
    "verification.audit": {"moderator", "admin"},
}


@pytest.fixture
def people(make_user):
    return {"anonymous": AnonymousUserMixin(), **{k: make_user(roles=r) for k, r in ROLES.items()}}


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_roles(people, permission):
    allowed = {who for who, user in people.items() if can(user, permission)}
    assert allowed == EXPECTED[permission]


def test_a_blocked_account_may_not_redeem(app, make_user):
    from consult.accounts import operations as accounts

    member = make_user()
    with app.test_request_context("/en/"):
        accounts.block(member, None, "spam")
    assert not can(member, "verification.redeem")


def test_revoking_belongs_to_the_issuer_and_admins(people, make_user, issue):
    from sqlalchemy import select

    from consult.extensions import db
    from consult.verification.models import VerificationCode

    issue(people["verifier"])
    code = db.session.scalar(select(VerificationCode))
    other_verifier = make_user(roles=("verifier",))
    allowed = {who for who, user in people.items() if can(user, "verification.revoke", code)}
    assert allowed == {"verifier", "admin"}
    assert not can(other_verifier, "verification.revoke", code)
    assert not can(people["admin"], "verification.revoke", None)
