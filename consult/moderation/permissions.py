"""Who may flag, decide, block and read the moderation records. Each predicate says the rule it
encodes."""

from consult.accounts.permissions import is_admin
from consult.consultations.permissions import CURATORS
from consult.core.permissions import local_roles_of, principals, rule


def _signed_in(user):
    return getattr(user, "is_authenticated", False)


def is_global_moderator(user):
    return _signed_in(user) and bool({"moderator", "admin"} & set(user.role_names))


def moderated_consultations(user):
    """The ids of the consultations ``user`` moderates locally."""
    if not _signed_in(user):
        return frozenset()
    return frozenset(
        object_id
        for role, object_type, object_id in local_roles_of(user)
        if role == "moderator" and object_type == "consultations"
    )


@rule("moderation.flag")
def may_flag(user, item):
    """Any signed-in member flags published content that is not theirs and not already hidden
    by a moderator (once: the operation refuses a second flag)."""
    return (
        _signed_in(user)
        and item.author_id != user.id
        and item.is_published
        and item.moderation != "hidden"
    )


@rule("moderation.decide")
def may_decide(user, item):
    """Moderators and admins decide about any content; local moderators about their
    consultation's."""
    return bool(principals(user, item) & CURATORS)


@rule("moderation.queue")
def may_see_queue(user, consultation=None):
    """Moderators and admins see the whole queue; local moderators their consultations'."""
    if is_global_moderator(user):
        return True
    mine = moderated_consultations(user)
    return bool(mine) if consultation is None else consultation.id in mine


@rule("moderation.block")
def may_block(user, target):
    """Moderators and admins stop a person from posting (not themselves, not an admin)."""
    return (
        is_global_moderator(user)
        and target is not None
        and target.id != user.id
        and not is_admin(target)
    )


@rule("moderation.log")
def may_read_log(user, _obj=None):
    """Moderators and admins read every flag and decision, with who made them."""
    return is_global_moderator(user)
