"""The revision workflow, as data: a plan owner drafts amendments, opens them to public review,
an admin approves or rejects, and an approved revision is published as the plan's next
version."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from consult.core.workflow import State, Transition, Workflow

EVERYONE = {"anonymous", "member", "plan_owner", "moderator", "admin"}
OWNERS = {"plan_owner", "admin"}
MEMBERS = EVERYONE - {"anonymous"}

STATE_TITLES = {
    "draft": lazy_pgettext("revision state", "Draft"),
    "public_review": lazy_pgettext("revision state", "Open for public feedback"),
    "approved": lazy_pgettext("revision state", "Approved"),
    "rejected": lazy_pgettext("revision state", "Rejected"),
    "published": lazy_pgettext("revision state", "Published"),
}


def _has_amendments(revision):
    from consult.actionplan.queries import amendments_count

    return None if amendments_count(revision) else "no_amendments"


REVISION = Workflow(
    "revision",
    states=[
        State("draft", STATE_TITLES["draft"], {"view": OWNERS, "edit": OWNERS}),
        State(
            "public_review", STATE_TITLES["public_review"], {"view": EVERYONE, "comment": MEMBERS}
        ),
        State("approved", STATE_TITLES["approved"], {"view": EVERYONE}),
        State("rejected", STATE_TITLES["rejected"], {"view": EVERYONE}),
        State("published", STATE_TITLES["published"], {"view": EVERYONE}),
    ],
    transitions=[
        Transition(
            "open_review",
            ("draft",),
            "public_review",
            _l("Open for public feedback"),
            "revision.manage",
            condition=_has_amendments,
        ),
        Transition(
            "approve",
            ("draft", "public_review"),
            "approved",
            _l("Approve"),
            "revision.decide",
            condition=_has_amendments,
        ),
        Transition(
            "reject",
            ("draft", "public_review"),
            "rejected",
            _l("Reject"),
            "revision.decide",
            needs_comment=True,
        ),
        # Performed by ``operations.publish``, which builds the next version with it.
        Transition("publish", ("approved",), "published", _l("Publish"), "revision.publish"),
    ],
    initial="draft",
)
