"""Who may do what with the Action Plan. Each predicate says the rule it encodes."""

from consult.accounts.permissions import is_admin
from consult.core.permissions import allowed, can, principals, rule

OWNERS = {"plan_owner", "admin"}


def _signed_in(user):
    return getattr(user, "is_authenticated", False)


@rule("plan.create")
def may_create(user, _obj=None):
    """Admins create a plan (with its first version)."""
    return is_admin(user)


@rule("plan.manage")
def may_manage(user, _plan=None):
    """Admins name a plan's owners."""
    return is_admin(user)


@rule("plan.view")
def may_view(_user, _obj=None):
    """Published versions of the plan, their sections and measures are public."""
    return True


@rule("plan.revise")
def may_revise(user, plan):
    """A plan's owners (and admins) open revisions of it."""
    return bool(principals(user, plan) & OWNERS)


@rule("measure.view")
def may_view_measure(_user, _measure=None):
    """Every measure of every published version is public."""
    return True


@rule("measure.comment")
def may_comment_on_measure(user, _measure=None):
    """Any signed-in member discusses a measure."""
    return _signed_in(user)


@rule("revision.view")
def may_view_revision(user, revision):
    """A draft revision is seen by the plan's owners and admins; after that, by everyone."""
    return allowed(user, revision, "view")


@rule("revision.amend")
def may_amend(user, revision):
    """The plan's owners change a revision's amendments while it is a draft."""
    return revision.state == "draft" and bool(principals(user, revision) & OWNERS)


@rule("revision.manage")
def may_manage_revision(user, revision):
    """The plan's owners open their draft to public feedback."""
    return bool(principals(user, revision) & OWNERS)


@rule("revision.decide")
def may_decide(user, _revision=None):
    """Admins approve or reject a revision."""
    return is_admin(user)


@rule("revision.publish")
def may_publish(user, revision):
    """The plan's owners (or admins) publish an approved revision as the next version."""
    return bool(principals(user, revision) & OWNERS)


@rule("revision.comment")
def may_comment_on_revision(user, revision):
    """Members give feedback on a revision (and its amendments) while it is open for it."""
    return allowed(user, revision, "comment")


def _revision_of(amendment):
    from consult.actionplan.models import Revision
    from consult.extensions import db

    return amendment.__dict__.get("revision") or db.session.get(Revision, amendment.revision_id)


@rule("amendment.view")
def may_view_amendment(user, amendment):
    """An amendment is seen by whoever may see its revision."""
    return can(user, "revision.view", _revision_of(amendment))


@rule("amendment.comment")
def may_comment_on_amendment(user, amendment):
    """Members give feedback on an amendment while its revision is open for it."""
    return can(user, "revision.comment", _revision_of(amendment))
