"""The moderation workflow, as data, on any moderated object's ``moderation`` attribute (beside
its own workflow on ``state``): visible → pending (enough flags, or personal information
reported) → hidden or back to visible, by a moderator's decision."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from consult.core.workflow import State, Transition, Workflow

STATE_TITLES = {
    "visible": lazy_pgettext("moderation state", "Visible"),
    "pending": lazy_pgettext("moderation state", "Hidden until a moderator reviews it"),
    "hidden": lazy_pgettext("moderation state", "Hidden by the moderators"),
}

WORKFLOW = Workflow(
    "moderation",
    states=[State(name, title) for name, title in STATE_TITLES.items()],
    transitions=[
        # Only the system: when the flags reach the consultation's threshold.
        Transition("hold", ("visible",), "pending", _l("Hide until reviewed")),
        Transition("hide", ("visible", "pending"), "hidden", _l("Hide"), "moderation.decide"),
        Transition("restore", ("pending", "hidden"), "visible", _l("Restore"), "moderation.decide"),
    ],
    initial="visible",
    state_attr="moderation",
)
