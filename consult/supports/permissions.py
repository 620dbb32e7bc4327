"""Who may support proposals. Each predicate says the rule it encodes.

Predicates that look at the consultation need ``proposal.consultation`` loaded."""

from consult.core.permissions import rule
from consult.supports import operations as ops


@rule("proposal.support")
def may_support(user, proposal):
    """A signed-in, unblocked member supports a published or evaluated proposal while the
    consultation takes supports, if verified where it asks for verified supporters, and not
    their own where authors may not (the limit and duplicates are the operation's to check)."""
    return ops.refusal(user, proposal) is None


@rule("proposal.unsupport")
def may_unsupport(user, proposal):
    """A supporter withdraws their support while the consultation takes supports."""
    return ops.refusal(user, proposal, withdrawing=True) is None


@rule("consultation.results")
def may_see_results(_user, consultation):
    """The tallies are public once the consultation is (results show no voter)."""
    return consultation.effective_state() not in ("draft",)
