"""The workflow engine, on a small made-up content type: a transition from the wrong state,
without permission, failing its condition or lacking a required comment raises and changes
nothing; one that happens changes the state, records who, when, from, to and why, and says so
with a signal."""

from contextlib import contextmanager

import pytest
from sqlalchemy import select

from consult.core import signals
from consult.core.history import HistoryEntry
from consult.core.permissions import rule
from consult.core.workflow import State, Transition, Workflow, WorkflowError, check, perform
from consult.extensions import db


@rule("test_widget.edit")
def _may_edit_widget(user, _widget):
    """Admins edit widgets (a rule for these tests only)."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role("admin")


def _needs_parts(widget):
    return None if widget.parts else "no_parts"


WIDGET_WORKFLOW = Workflow(
    "widget",
    states=[
        State("draft", "Draft", {"view": {"admin"}}),
        State("live", "Live", {"view": {"anonymous", "member"}}),
        State("retired", "Retired"),
    ],
    transitions=[
        Transition("publish", ("draft",), "live", "Publish", "test_widget.edit"),
        Transition("build", ("draft",), "live", "Build", "test_widget.edit", _needs_parts),
        Transition("expire", ("live",), "retired", "Expire"),
        Transition(
            "retire", ("live",), "retired", "Retire", "test_widget.edit", needs_comment=True
        ),
    ],
    initial="draft",
)


class Widget:
    """Content as the engine sees it: a table name, an id, a state and a workflow."""

    __tablename__ = "widgets"
    workflow = WIDGET_WORKFLOW

    def __init__(self, state="draft", parts=1):
        self.id = 7
        self.state = state
        self.parts = parts


@pytest.fixture
def editor(make_user):
    return make_user(roles=("admin",))


@pytest.fixture
def member(make_user):
    return make_user()


def entries():
    db.session.flush()
    return db.session.scalars(
        select(HistoryEntry).where(HistoryEntry.object_type == "widgets").order_by(HistoryEntry.id)
    ).all()


@contextmanager
def sent():
    """What ``signals.transitioned`` carried while the block ran."""
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    signals.transitioned.connect(listener)
    try:
        yield received
    finally:
        signals.transitioned.disconnect(listener)


def test_a_transition_changes_the_state_records_it_and_signals_it(ctx, editor):
    widget = Widget()
    with sent() as signalled:
        done = perform(widget, "publish", editor, "Ready for everyone")
    assert done.name == "publish" and widget.state == "live"
    [entry] = entries()
    assert (entry.action, entry.object_id, entry.actor_id) == ("widget.publish", 7, editor.id)
    assert (entry.from_state, entry.to_state, entry.comment) == (
        "draft",
        "live",
        "Ready for everyone",
    )
    assert entry.created_at is not None
    assert signalled == [
        {
            "obj": widget,
            "workflow": "widget",
            "transition": "publish",
            "source": "draft",
            "target": "live",
            "actor": editor,
        }
    ]


@pytest.mark.parametrize(
    ("state", "name", "who", "code"),
    [
        ("live", "publish", "editor", "wrong_state"),
        ("retired", "retire", "editor", "wrong_state"),
        ("draft", "publish", "member", "forbidden"),
        ("draft", "publish", "nobody", "forbidden"),
        ("live", "expire", "editor", "forbidden"),  # only the system expires widgets
        ("draft", "fly", "editor", "unknown_transition"),
    ],
)
def test_a_refused_transition_raises_and_changes_nothing(
    ctx, editor, member, state, name, who, code
):
    widget = Widget(state)
    actor = {"editor": editor, "member": member, "nobody": None}[who]
    with sent() as signalled, pytest.raises(WorkflowError) as refused:
        perform(widget, name, actor)
    assert refused.value.code == code
    assert (refused.value.transition, refused.value.state) == (name, state)
    assert widget.state == state
    assert entries() == [] and signalled == []


def test_a_condition_refuses_with_its_own_code(ctx, editor):
    widget = Widget(parts=0)
    with pytest.raises(WorkflowError) as refused:
        perform(widget, "build", editor)
    assert refused.value.code == "no_parts"
    assert widget.state == "draft" and entries() == []
    widget.parts = 3
    perform(widget, "build", editor)
    assert widget.state == "live"


@pytest.mark.parametrize("comment", [None, "", "   "])
def test_a_transition_that_needs_a_reason_refuses_without_one(ctx, editor, comment):
    widget = Widget("live")
    with pytest.raises(WorkflowError) as refused:
        perform(widget, "retire", editor, comment)
    assert refused.value.code == "comment_required"
    assert widget.state == "live" and entries() == []
    perform(widget, "retire", editor, "Replaced by a better widget")
    assert widget.state == "retired"
    assert entries()[0].comment == "Replaced by a better widget"


def test_the_system_performs_transitions_no_person_may(ctx):
    widget = Widget("live")
    perform(widget, "expire", None, system=True)
    assert widget.state == "retired"
    [entry] = entries()
    assert entry.actor_id is None and entry.action == "widget.expire"


def test_the_system_still_respects_states_and_conditions(ctx):
    with pytest.raises(WorkflowError) as refused:
        perform(Widget("draft"), "expire", None, system=True)
    assert refused.value.code == "wrong_state"
    with pytest.raises(WorkflowError) as refused:
        perform(Widget(parts=0), "build", None, system=True)
    assert refused.value.code == "no_parts"


def test_check_says_whether_a_transition_may_happen_without_doing_it(ctx, editor, member):
    widget = Widget()
    assert check(widget, "publish", editor).name == "publish"
    with pytest.raises(WorkflowError):
        check(widget, "publish", member)
    assert widget.state == "draft" and entries() == []


def test_available_lists_the_buttons_a_person_may_press(ctx, editor, member):
    assert [t.name for t in WIDGET_WORKFLOW.available(editor, Widget())] == ["publish", "build"]
    assert [t.name for t in WIDGET_WORKFLOW.available(editor, Widget(parts=0))] == ["publish"]
    assert WIDGET_WORKFLOW.available(member, Widget()) == []
    # The system's own transitions are never buttons.
    assert [t.name for t in WIDGET_WORKFLOW.available(editor, Widget("live"))] == ["retire"]


def test_what_each_state_allows_is_data():
    assert WIDGET_WORKFLOW.who_may("live", "view") == {"anonymous", "member"}
    assert WIDGET_WORKFLOW.who_may("retired", "view") == frozenset()


def test_a_workflow_naming_an_unknown_state_is_refused_when_declared():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(
            "broken",
            states=[State("a", "A")],
            transitions=[Transition("go", ("a",), "b", "Go")],
            initial="a",
        )


# A second workflow on another attribute --------------------------------------------------------

REVIEW_WORKFLOW = Workflow(
    "review",
    states=[State("open", "Open"), State("held", "Held"), State("done", "Done")],
    transitions=[
        Transition("hold", ("open",), "held", "Hold"),
        Transition("close", ("open", "held"), "done", "Close", "test_widget.edit"),
    ],
    initial="open",
    state_attr="review",
)


class ReviewedWidget(Widget):
    """A widget that also follows the review workflow, on its ``review`` attribute."""

    def __init__(self, state="live", review="open"):
        super().__init__(state)
        self.review = review


def test_a_second_workflow_moves_its_own_attribute_only(ctx, editor):
    widget = ReviewedWidget()
    with sent() as signalled:
        done = perform(widget, "close", editor, "Reviewed", workflow=REVIEW_WORKFLOW)
    assert done.name == "close"
    assert (widget.review, widget.state) == ("done", "live")
    [entry] = entries()
    assert (entry.action, entry.from_state, entry.to_state, entry.comment) == (
        "review.close",
        "open",
        "done",
        "Reviewed",
    )
    assert signalled == [
        {
            "obj": widget,
            "workflow": "review",
            "transition": "close",
            "source": "open",
            "target": "done",
            "actor": editor,
        }
    ]


def test_a_second_workflow_checks_its_own_state_and_transitions(ctx, editor):
    widget = ReviewedWidget(state="draft", review="done")
    # The object's own workflow knows no "close"; the review workflow does, from its own state.
    with pytest.raises(WorkflowError) as refused:
        perform(widget, "close", editor)
    assert refused.value.code == "unknown_transition"
    with pytest.raises(WorkflowError) as refused:
        check(widget, "close", editor, workflow=REVIEW_WORKFLOW)
    assert (refused.value.code, refused.value.state) == ("wrong_state", "done")
    # The object's own transitions still read ``state``, not ``review``.
    perform(widget, "publish", editor)
    assert (widget.state, widget.review) == ("live", "done")
    assert [e.action for e in entries()] == ["widget.publish"]


def test_the_system_performs_a_second_workflows_transitions(ctx, member):
    widget = ReviewedWidget()
    with pytest.raises(WorkflowError) as refused:
        perform(widget, "hold", member, workflow=REVIEW_WORKFLOW)
    assert refused.value.code == "forbidden"
    with sent() as signalled:
        perform(widget, "hold", None, system=True, workflow=REVIEW_WORKFLOW)
    assert widget.review == "held" and widget.state == "live"
    assert [e.action for e in entries()] == ["review.hold"]
    assert signalled[0]["workflow"] == "review"
    assert REVIEW_WORKFLOW.state_of(widget) == "held"
    assert WIDGET_WORKFLOW.state_of(widget) == "live"
