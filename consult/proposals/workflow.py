"""The proposal workflow, as data: draft → published → evaluating → accepted | rejected;
withdrawn by the author (with a reason); merged by a moderator into another proposal."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from consult.core.workflow import State, Transition, Workflow

EVERYONE = {"anonymous", "member", "author", "local_moderator", "moderator", "admin"}
CURATORS = {"local_moderator", "moderator", "admin"}
AUTHOR = {"author"}

STATE_TITLES = {
    "draft": lazy_pgettext("proposal state", "Draft"),
    "published": lazy_pgettext("proposal state", "Published"),
    "evaluating": lazy_pgettext("proposal state", "Being evaluated"),
    "accepted": lazy_pgettext("proposal state", "Accepted"),
    "rejected": lazy_pgettext("proposal state", "Not accepted"),
    "withdrawn": lazy_pgettext("proposal state", "Withdrawn"),
    "merged": lazy_pgettext("proposal state", "Merged"),
}


def _state(name, view=EVERYONE, edit=frozenset(), comment=frozenset(), support=frozenset()):
    allows = {"view": view, "edit": edit, "comment": comment, "support": support}
    return State(name, STATE_TITLES[name], allows)


def _untouched(proposal):
    """An author may edit a published proposal until its first support or comment."""
    if proposal.supports_count or proposal.comments_count:
        return "has_reactions"
    return None


WORKFLOW = Workflow(
    "proposal",
    states=[
        _state("draft", view=AUTHOR | CURATORS, edit=AUTHOR),
        _state(
            "published",
            edit=AUTHOR,
            comment=EVERYONE - {"anonymous"},
            support=EVERYONE - {"anonymous"},
        ),
        _state("evaluating", comment=EVERYONE - {"anonymous"}, support=EVERYONE - {"anonymous"}),
        _state("accepted", comment=EVERYONE - {"anonymous"}),
        _state("rejected", comment=EVERYONE - {"anonymous"}),
        _state("withdrawn"),
        _state("merged"),
    ],
    transitions=[
        Transition("publish", ("draft",), "published", _l("Publish"), "proposal.publish"),
        Transition(
            "evaluate", ("published",), "evaluating", _l("Start evaluating"), "proposal.answer"
        ),
        Transition(
            "accept", ("published", "evaluating"), "accepted", _l("Accept"), "proposal.answer"
        ),
        Transition(
            "reject",
            ("published", "evaluating"),
            "rejected",
            _l("Do not accept"),
            "proposal.answer",
            needs_comment=True,
        ),
        Transition(
            "withdraw",
            ("draft", "published", "evaluating"),
            "withdrawn",
            _l("Withdraw"),
            "proposal.withdraw",
            needs_comment=True,
        ),
        Transition(
            "merge",
            ("published", "evaluating"),
            "merged",
            _l("Merge into another proposal"),
            "proposal.merge",
        ),
    ],
    initial="draft",
)

#: Used by ``proposal.edit``: the condition under which a published proposal stays editable.
editable_condition = _untouched
