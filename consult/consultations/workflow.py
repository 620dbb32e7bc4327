"""The consultation workflow, as data: draft → published → open → closed → concluded → archived.

Opening and closing happen at the consultation's dates, by the system (``flask workflow tick``);
until the tick runs, ``Consultation.effective_state`` already answers as if it had."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from consult.core.workflow import State, Transition, Workflow

EVERYONE = {"anonymous", "member", "author", "local_moderator", "moderator", "admin"}
MANAGERS = {"admin"}
CURATORS = {"local_moderator", "moderator", "admin"}

STATE_TITLES = {
    "draft": lazy_pgettext("consultation state", "Draft"),
    "published": lazy_pgettext("consultation state", "Coming soon"),
    "open": lazy_pgettext("consultation state", "Open"),
    "closed": lazy_pgettext("consultation state", "Closed"),
    "concluded": lazy_pgettext("consultation state", "Concluded"),
    "archived": lazy_pgettext("consultation state", "Archived"),
}


def _not_yet_open(consultation):
    """Back to draft only before it opens: people may already be taking part."""
    return None if consultation.effective_state() == "published" else "already_open"


def _every_proposal_disposed(consultation):
    """A consultation concludes once every published proposal has its disposition."""
    from consult.outcomes.queries import undisposed_count

    return "proposals_without_disposition" if undisposed_count(consultation.id) else None


def _state(name, view, edit=MANAGERS):
    return State(name, STATE_TITLES[name], {"view": view, "edit": edit})


WORKFLOW = Workflow(
    "consultation",
    states=[
        _state("draft", view=MANAGERS | CURATORS),
        _state("published", view=EVERYONE),
        _state("open", view=EVERYONE),
        _state("closed", view=EVERYONE),
        _state("concluded", view=EVERYONE),
        _state("archived", view=EVERYONE, edit=set()),
    ],
    transitions=[
        Transition("publish", ("draft",), "published", _l("Publish"), "consultation.manage"),
        Transition(
            "unpublish",
            ("published",),
            "draft",
            _l("Back to draft"),
            "consultation.manage",
            condition=_not_yet_open,
        ),
        # At the dates, by the system only.
        Transition("open", ("published",), "open", _l("Open")),
        Transition("close", ("open",), "closed", _l("Close")),
        Transition(
            "conclude",
            ("closed",),
            "concluded",
            _l("Conclude"),
            "consultation.manage",
            condition=_every_proposal_disposed,
        ),
        Transition("archive", ("concluded",), "archived", _l("Archive"), "consultation.manage"),
    ],
    initial="draft",
)
