"""Who may do what with proposals. Each predicate says the rule it encodes.

Predicates that look at the consultation need ``proposal.consultation`` loaded."""

from consult.consultations.permissions import CURATORS, in_audience
from consult.core.moderated import may_see_hidden
from consult.core.permissions import allowed, can, principals, rule
from consult.proposals.workflow import editable_condition


def _consultation_visible(user, proposal):
    return can(user, "consultation.view", proposal.consultation)


@rule("proposal.view")
def may_view(user, proposal):
    """A published proposal is public; a draft is seen by its author and the curators; a hidden
    one by its author and its moderators."""
    return (
        allowed(user, proposal, "view")
        and may_see_hidden(user, proposal)
        and _consultation_visible(user, proposal)
    )


@rule("proposal.comment")
def may_comment(user, proposal):
    """Members of the consultation's commenting audience comment on a visible proposal while
    its state takes comments and the consultation is open."""
    return (
        allowed(user, proposal, "comment")
        and not proposal.is_hidden
        and proposal.consultation.effective_state() == "open"
        and in_audience(user, proposal.consultation.who_may_comment)
    )


@rule("proposal.edit")
def may_edit(user, proposal):
    """The author edits a draft, or a published proposal until its first support or comment,
    while the consultation is open."""
    return (
        allowed(user, proposal, "edit")
        and proposal.consultation.effective_state() == "open"
        and (proposal.state == "draft" or editable_condition(proposal) is None)
    )


@rule("proposal.publish")
def may_publish(user, proposal):
    """The author publishes their draft during the proposals phase."""
    return (
        "author" in principals(user, proposal)
        and proposal.consultation.phase() == "proposals"
        and in_audience(user, proposal.consultation.who_may_propose)
    )


@rule("proposal.withdraw")
def may_withdraw(user, proposal):
    """Only the author withdraws a proposal (saying why)."""
    return "author" in principals(user, proposal)


@rule("proposal.answer")
def may_answer(user, proposal):
    """The consultation's curators answer proposals and move them to evaluation, acceptance or
    rejection."""
    return bool(principals(user, proposal) & CURATORS)


@rule("proposal.merge")
def may_merge(user, proposal):
    """The consultation's curators merge duplicate proposals."""
    return bool(principals(user, proposal) & CURATORS)
