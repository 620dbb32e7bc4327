"""Who may do what with verification. Each predicate says the rule it encodes."""

from consult.accounts.permissions import is_admin, is_moderator
from consult.core.permissions import rule


def _signed_in(user):
    return bool(getattr(user, "is_authenticated", False))


def is_verifier(user):
    """Verifiers: staff at a service point, or a trusted organisation, who verify in person."""
    return _signed_in(user) and user.has_role("verifier")


@rule("verification.issue")
def may_issue(user, _obj=None):
    """Verifiers and admins issue verification codes and see the codes they issued."""
    return is_verifier(user) or is_admin(user)


@rule("verification.revoke")
def may_revoke(user, code):
    """A code is revoked by the verifier who issued it (while they are a verifier) or an admin."""
    if code is None or not _signed_in(user):
        return False
    return is_admin(user) or (is_verifier(user) and code.issued_by_id == user.id)


@rule("verification.redeem")
def may_redeem(user, _obj=None):
    """Any signed-in member whose account is not blocked redeems a code."""
    return _signed_in(user) and user.blocked_at is None


@rule("verification.assist")
def may_assist(user, _obj=None):
    """Verifiers record a support for a verified participant who is present with them."""
    return is_verifier(user)


@rule("verification.audit")
def may_audit(user, _obj=None):
    """Moderators and admins see every assisted support."""
    return is_moderator(user)
