"""Who may decide dispositions and publish outcomes. Each predicate says the rule it encodes."""

from consult.consultations.permissions import CURATORS
from consult.core.permissions import allowed, principals, rule


@rule("outcome.manage")
def may_manage(user, obj):
    """The consultation's moderators (local or global) and admins give dispositions and write
    and publish the outcome (``obj``: a consultation, outcome or disposition)."""
    return bool(principals(user, obj) & CURATORS)


@rule("outcome.view")
def may_view(user, outcome):
    """A published outcome is public; a draft is seen by those who write it."""
    return allowed(user, outcome, "view")
