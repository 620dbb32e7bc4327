"""The comment workflow, as data: published → deleted by its author (the text goes, the replies
stay). Hiding is the moderation workflow's, on the comment's ``moderation``."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from consult.core.workflow import State, Transition, Workflow

STATE_TITLES = {
    "published": lazy_pgettext("comment state", "Published"),
    "deleted": lazy_pgettext("comment state", "Deleted"),
}

WORKFLOW = Workflow(
    "comment",
    states=[
        State("published", STATE_TITLES["published"], {"edit": {"author"}}),
        State("deleted", STATE_TITLES["deleted"]),
    ],
    transitions=[
        Transition("delete", ("published",), "deleted", _l("Delete"), "comment.delete"),
    ],
    initial="published",
)
