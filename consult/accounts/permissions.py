"""Who may do what with accounts. Each predicate says the rule it encodes."""

from consult.core.permissions import rule


def _signed_in(user):
    return bool(getattr(user, "is_authenticated", False))


def is_admin(user):
    """Admins run the platform: users, roles, organisations."""
    return _signed_in(user) and user.has_role("admin")


def is_moderator(user):
    """Moderators (and admins) curate content everywhere."""
    return _signed_in(user) and (user.has_role("moderator") or user.has_role("admin"))


@rule("admin.enter")
def may_enter_admin(user, _obj=None):
    """Only admins enter the admin area."""
    return is_admin(user)


@rule("user.change_roles")
def may_change_roles(user, target):
    """Admins grant and revoke roles, but not their own: another admin must."""
    return is_admin(user) and target is not None and user.id != target.id


@rule("user.block")
def may_block(user, target):
    """Admins block accounts other than their own."""
    return is_admin(user) and target is not None and user.id != target.id


@rule("organisation.manage")
def may_manage_organisations(user, _obj=None):
    """Admins create organisations and decide who belongs to them."""
    return is_admin(user)
