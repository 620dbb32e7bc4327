"""Every consultation permission over who is asking × the state (and, for proposing, the phase)
the consultation is in."""

import pytest

from consult.core.permissions import can
from tests.consultations.conftest import VISITORS

STATES = ("draft", "published", "open", "closed", "concluded", "archived")
#: A phase whose dates suit each state (a closed one has passed its end).
PHASE_OF = {
    "draft": "future",
    "published": "future",
    "open": "proposals",
    "closed": "review",
    "concluded": "review",
    "archived": "review",
}
CURATORS = {"local_moderator", "moderator", "admin"}


@pytest.fixture
def ask(app, visitor, make_consultation):
    """``ask(who, permission, state, phase=None, **fields)``: may ``who`` do it?"""

    def check(who, permission, state, phase=None, **fields):
        consultation = make_consultation(phase=phase or PHASE_OF[state], state=state, **fields)
        user = visitor(who, consultation)
        with app.test_request_context("/en/"):
            return can(user, permission, consultation)

    return check


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", VISITORS)
def test_view(ask, who, state):
    """Everyone sees a consultation once published; a draft only its curators."""
    expected = state != "draft" or who in CURATORS
    assert ask(who, "consultation.view", state) is expected


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", VISITORS)
def test_manage(ask, who, state):
    """Admins edit and move a consultation, until it is archived."""
    expected = who == "admin" and state != "archived"
    assert ask(who, "consultation.manage", state) is expected


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", VISITORS)
def test_moderate(ask, who, state):
    """Moderators, admins and this consultation's own moderators curate it, in every state; a
    moderator of another consultation does not."""
    assert ask(who, "consultation.moderate", state) is (who in CURATORS)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("who", VISITORS)
def test_translate(ask, who, state):
    """Admins enter translations."""
    assert ask(who, "consultation.translate", state) is (who == "admin")


@pytest.mark.parametrize("who", VISITORS)
def test_create(app, make_user, visitor, make_consultation, who):
    user = visitor(who, make_consultation())
    with app.test_request_context("/en/"):
        assert can(user, "consultation.create") is (who == "admin")


PROPOSE_CASES = [
    # state stored, phase by the dates, may a member propose?
    ("open", "proposals", True),
    ("published", "proposals", True),  # opened by its date before the tick ran
    ("open", "information", False),
    ("open", "voting", False),
    ("open", "review", False),  # past its end before the tick ran
    ("published", "future", False),
    ("draft", "proposals", False),
    ("closed", "review", False),
    ("concluded", "review", False),
    ("archived", "review", False),
]


@pytest.mark.parametrize(("state", "phase", "open_to_members"), PROPOSE_CASES)
@pytest.mark.parametrize("who", VISITORS)
def test_propose_by_phase(ask, who, state, phase, open_to_members):
    """Members propose while it is open, in its proposals phase; anonymous visitors never."""
    expected = open_to_members and who != "anonymous"
    assert ask(who, "consultation.propose", state, phase) is expected


@pytest.mark.parametrize("who", VISITORS)
def test_propose_when_only_verified_participants_may(ask, who):
    """Nobody is verified yet, so a verified-only consultation takes no proposals."""
    assert (
        ask(who, "consultation.propose", "open", "proposals", who_may_propose="verified") is False
    )
