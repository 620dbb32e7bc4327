"""Who may do what with a proposal: every permission over every role and every state, in an open
consultation in its proposals phase (and what changes once proposals close)."""

import pytest

from consult.core.permissions import can
from consult.proposals.models import STATES
from consult.proposals.workflow import WORKFLOW
from consult.translations.permissions import Target

pytestmark = pytest.mark.usefixtures("ctx")

ROLES = (
    "anonymous",
    "member",
    "author",
    "local_moderator",
    "other_local_moderator",
    "moderator",
    "admin",
)
CURATORS = {"local_moderator", "moderator", "admin"}
EVERYONE = set(ROLES)


def expected(permission, state):
    """The rule each permission encodes, written out for the test."""
    if permission == "proposal.view":
        return {"author", *CURATORS} if state == "draft" else EVERYONE
    if permission == "proposal.edit":
        return {"author"} if state in ("draft", "published") else set()
    if permission in ("proposal.publish", "proposal.withdraw"):
        # The predicate asks who; the workflow then says from which states (tested below).
        return {"author"}
    if permission in ("proposal.answer", "proposal.merge"):
        return CURATORS
    raise AssertionError(permission)


PERMISSIONS = (
    "proposal.view",
    "proposal.edit",
    "proposal.publish",
    "proposal.withdraw",
    "proposal.answer",
    "proposal.merge",
)


@pytest.fixture
def people(
    make_user, make_consultation, consultation, author, make_local_moderator, moderator, admin
):
    from flask_login import AnonymousUserMixin

    return {
        "anonymous": AnonymousUserMixin(),
        "member": make_user(),
        "author": author,
        "local_moderator": make_local_moderator(consultation),
        "other_local_moderator": make_local_moderator(make_consultation()),
        "moderator": moderator,
        "admin": admin,
    }


def _loaded(proposal, consultation):
    from sqlalchemy.orm.attributes import set_committed_value

    set_committed_value(proposal, "consultation", consultation)
    return proposal


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_every_permission_over_roles_and_states(
    permission, people, consultation, author, make_proposal
):
    target = make_proposal(consultation)
    for state in STATES:
        extra = {"merged_into_id": target.id} if state == "merged" else {}
        proposal = _loaded(
            make_proposal(consultation, author=author, state=state, **extra), consultation
        )
        allowed = {role for role, user in people.items() if can(user, permission, proposal)}
        assert allowed == expected(permission, state), (permission, state)


@pytest.mark.parametrize(
    ("field", "who"), [("title", {"author", "admin"}), ("body", {"author", "admin"}),
                       ("answer", CURATORS)],
)  # fmt: skip
def test_who_translates_a_proposal_besides_translators(
    field, who, people, consultation, author, make_proposal
):
    """The author and admins translate the title and body; the official answer speaks for the
    moderators, so only the curators translate it."""
    target = make_proposal(consultation)
    for state in STATES:
        extra = {"merged_into_id": target.id} if state == "merged" else {}
        proposal = _loaded(
            make_proposal(consultation, author=author, state=state, **extra), consultation
        )
        allowed = {
            role
            for role, user in people.items()
            if can(user, "translation.submit", Target(proposal, field, "ar"))
        }
        assert allowed == who, (field, state)


def test_a_reacted_to_proposal_is_no_longer_editable(people, consultation, author, make_proposal):
    proposal = _loaded(make_proposal(consultation, author=author, comments_count=1), consultation)
    assert not can(people["author"], "proposal.edit", proposal)
    draft = _loaded(
        make_proposal(consultation, author=author, state="draft", supports_count=0), consultation
    )
    assert can(people["author"], "proposal.edit", draft)


@pytest.mark.parametrize("phase", ["information", "voting", "review"])
def test_outside_the_proposals_phase_the_author_no_longer_publishes(
    phase, make_consultation, author, make_proposal
):
    consultation = make_consultation(phase=phase)
    draft = _loaded(make_proposal(consultation, author=author, state="draft"), consultation)
    assert not can(author, "proposal.publish", draft)
    # Editing lasts while the consultation is open (a closed one is under review).
    assert can(author, "proposal.edit", draft) is (phase != "review")


def test_a_draft_consultations_proposals_are_hidden_from_the_public(
    make_consultation, people, make_proposal
):
    hidden = make_consultation(state="draft")
    proposal = _loaded(make_proposal(hidden, author=people["author"]), hidden)
    seen = {role for role, user in people.items() if can(user, "proposal.view", proposal)}
    # (The local moderator here moderates another consultation.)
    assert seen == {"moderator", "admin"}


#: Which buttons each role gets in each state: the permission and the workflow together.
BUTTONS = {
    "draft": {"author": {"publish", "withdraw"}},
    "published": {
        "author": {"withdraw"},
        **{role: {"evaluate", "accept", "reject", "merge"} for role in CURATORS},
    },
    "evaluating": {
        "author": {"withdraw"},
        **{role: {"accept", "reject", "merge"} for role in CURATORS},
    },
}


@pytest.mark.parametrize("state", STATES)
def test_the_transitions_each_role_is_offered(state, people, consultation, author, make_proposal):
    target = make_proposal(consultation)
    extra = {"merged_into_id": target.id} if state == "merged" else {}
    proposal = _loaded(
        make_proposal(consultation, author=author, state=state, **extra), consultation
    )
    for role, user in people.items():
        offered = {t.name for t in WORKFLOW.available(user, proposal)}
        assert offered == BUTTONS.get(state, {}).get(role, set()), (state, role)
