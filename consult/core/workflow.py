"""The workflow engine: every content type declares its states and transitions as data, and
:func:`perform` is the one way any state changes (after Plone's DCWorkflow, made small).

A transition names the permission that guards it (asked through ``core.permissions.can``) and an
optional condition; performing it checks both, changes the state, records a history entry and
sends ``core.signals.transitioned``. A transition from the wrong state, without permission or
whose condition fails raises :class:`WorkflowError` and changes nothing.
"""

from dataclasses import dataclass, field

from flask import current_app

from consult.core import signals
from consult.core.history import record
from consult.core.permissions import can


class WorkflowError(Exception):
    """A refused transition. ``code`` says why: ``unknown_transition``, ``wrong_state``,
    ``forbidden``, or the code a condition returned."""

    def __init__(self, code, transition=None, state=None):
        super().__init__(f"{code}: {transition} from {state}")
        self.code = code
        self.transition = transition
        self.state = state


@dataclass(frozen=True)
class State:
    name: str
    title: object
    #: What this state allows, as capability -> the names of who may: "anonymous", "member",
    #: "author", "local_moderator", "moderator", "admin" (e.g. {"view": {...}, "edit": {...}}).
    allows: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    title: object
    #: The permission (a name registered with ``core.permissions.rule``) that guards it; None
    #: for a transition only the system performs (e.g. a consultation opening at its date).
    permission: str | None = None
    #: ``condition(obj) -> None | code``: a code refuses the transition with that reason.
    condition: object = None
    #: Whether the person must say why (withdrawing, rejecting, hiding …).
    needs_comment: bool = False


class Workflow:
    """``state_attr`` names the attribute holding the state: an object may follow a second
    workflow on another attribute (its ``moderation``, say) beside its own ``state``."""

    def __init__(self, name, states, transitions, initial, state_attr="state"):
        self.name = name
        self.state_attr = state_attr
        self.states = {s.name: s for s in states}
        self.transitions = {t.name: t for t in transitions}
        self.initial = initial
        for t in transitions:
            unknown = {*t.sources, t.target} - set(self.states)
            if unknown:
                raise ValueError(f"{name}.{t.name} names unknown states {sorted(unknown)}")

    def state(self, name):
        return self.states[name]

    def who_may(self, state, capability):
        """The names of who may do ``capability`` in ``state`` (an empty set: nobody)."""
        return frozenset(self.states[state].allows.get(capability, ()))

    def transitions_from(self, state):
        return [t for t in self.transitions.values() if state in t.sources]

    def state_of(self, obj):
        return getattr(obj, self.state_attr)

    def available(self, user, obj):
        """The transitions ``user`` may perform on ``obj`` now (for buttons)."""
        return [
            t
            for t in self.transitions_from(self.state_of(obj))
            if t.permission is not None
            and can(user, t.permission, obj)
            and (t.condition is None or t.condition(obj) is None)
        ]


def check(obj, name, actor, *, system=False, workflow=None):
    """The transition ``name`` if ``actor`` may perform it on ``obj`` now; else raise.

    ``workflow`` defaults to the object's own (``obj.workflow``)."""
    workflow = workflow or obj.workflow
    state = workflow.state_of(obj)
    transition = workflow.transitions.get(name)
    if transition is None:
        raise WorkflowError("unknown_transition", name, state)
    if state not in transition.sources:
        raise WorkflowError("wrong_state", name, state)
    if not system and (transition.permission is None or not can(actor, transition.permission, obj)):
        raise WorkflowError("forbidden", name, state)
    if transition.condition is not None:
        code = transition.condition(obj)
        if code:
            raise WorkflowError(code, name, state)
    return transition


def perform(obj, name, actor=None, comment=None, *, system=False, workflow=None):
    """Perform transition ``name`` on ``obj``: check, change the state, record, signal.

    The caller commits (so that the transition and its consequences land together)."""
    workflow = workflow or obj.workflow
    transition = check(obj, name, actor, system=system, workflow=workflow)
    source = workflow.state_of(obj)
    if transition.needs_comment and not (comment or "").strip():
        raise WorkflowError("comment_required", name, source)
    setattr(obj, workflow.state_attr, transition.target)
    record(
        f"{workflow.name}.{transition.name}",
        obj,
        actor,
        from_state=source,
        to_state=transition.target,
        comment=comment,
    )
    signals.transitioned.send(
        current_app._get_current_object(),
        obj=obj,
        workflow=workflow.name,
        transition=transition.name,
        source=source,
        target=transition.target,
        actor=actor,
    )
    return transition
