"""The outcome workflow, as data: drafted by the consultation's moderators, published once
every published proposal has a disposition."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from consult.core.workflow import State, Transition, Workflow

CURATORS = {"local_moderator", "moderator", "admin"}
EVERYONE = {"anonymous", "member", *CURATORS}

STATE_TITLES = {
    "draft": lazy_pgettext("outcome state", "Draft"),
    "published": lazy_pgettext("outcome state", "Published"),
}


def _all_disposed(outcome):
    from consult.outcomes.queries import undisposed_count

    return "proposals_without_disposition" if undisposed_count(outcome.consultation_id) else None


WORKFLOW = Workflow(
    "outcome",
    states=[
        State("draft", STATE_TITLES["draft"], {"view": CURATORS, "edit": CURATORS}),
        State("published", STATE_TITLES["published"], {"view": EVERYONE}),
    ],
    transitions=[
        Transition(
            "publish",
            ("draft",),
            "published",
            _l("Publish the outcome"),
            "outcome.manage",
            condition=_all_disposed,
        ),
    ],
    initial="draft",
)
