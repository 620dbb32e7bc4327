"""Who may do what with consultations. Each predicate says the rule it encodes."""

from consult.accounts.permissions import is_admin
from consult.core.permissions import allowed, principals, rule

CURATORS = {"local_moderator", "moderator", "admin"}


def is_verified(user):
    """Verified participants (verification by code arrives with the supports capability;
    until then nobody is verified, so "verified only" consultations take no proposals)."""
    return bool(getattr(user, "is_verified_participant", False))


def in_audience(user, audience):
    """Is ``user`` among "members" (anyone signed in) or "verified" participants?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return audience == "members" or is_verified(user)


@rule("consultation.create")
def may_create(user, _obj=None):
    """Admins open consultations."""
    return is_admin(user)


@rule("consultation.view")
def may_view(user, consultation):
    """Everyone sees a consultation once published; a draft only its curators."""
    return allowed(user, consultation, "view")


@rule("consultation.manage")
def may_manage(user, consultation):
    """Admins edit a consultation, move it through its workflow and name its moderators
    (an archived one no longer changes)."""
    return is_admin(user) and (consultation is None or consultation.state != "archived")


@rule("consultation.moderate")
def may_moderate(user, consultation):
    """Moderators, admins and the consultation's own moderators curate its content."""
    return bool(principals(user, consultation) & CURATORS)


@rule("consultation.propose")
def may_propose(user, consultation):
    """Members of the consultation's audience propose while it is open, in its proposals phase."""
    return consultation.phase() == "proposals" and in_audience(user, consultation.who_may_propose)


@rule("consultation.comment")
def may_comment(user, consultation):
    """Members of the consultation's commenting audience discuss it while it is open."""
    return consultation.effective_state() == "open" and in_audience(
        user, consultation.who_may_comment
    )


@rule("consultation.translate")
def may_translate(user, _consultation=None):
    """Admins enter translations of a consultation (translators come with a later capability)."""
    return is_admin(user)
