"""Signals that carry effects from one domain to another (blinker).

Each signal says who sends it and with which arguments; listeners must not assume more.
"""

from blinker import Namespace

_signals = Namespace()

#: Sent by ``accounts.operations.register`` with ``user`` once a new account is committed.
user_registered = _signals.signal("user-registered")

#: Sent by ``accounts.operations`` with ``user`` and ``actor`` when an account is blocked.
user_blocked = _signals.signal("user-blocked")

#: Sent by ``core.workflow.perform`` after any object changes state, before the commit, with
#: ``obj``, ``workflow`` (the workflow's name: an object's own, or "moderation"), ``transition``
#: (its name), ``source`` and ``target`` (state names) and ``actor``
#: (None for the system).
transitioned = _signals.signal("transitioned")

#: Sent by ``proposals.operations.merge`` after ``proposal`` has been merged into ``target`` (both
#: Proposal objects, in the same consultation), before the commit, with ``actor`` (the moderator
#: who merged). Supports and followers move to ``target`` in their own domains' listeners, in the
#: same transaction.
proposal_merged = _signals.signal("proposal-merged")

#: Sent by ``feedback.operations`` when the number of visible comments on a thread's subject
#: changes, before the commit, with ``object_type`` and ``object_id`` (the subject, as the
#: thread links it) and ``change`` (+1 or -1). The subject's domain keeps its own counter.
comments_counted = _signals.signal("comments-counted")

#: Sent by the operations that write text readers will see (a proposal published or changed, an
#: official answer, a comment posted or edited, a summary, a consultation's texts), before the
#: commit, with ``obj``. Machine translation listens (``translations.machine``).
content_written = _signals.signal("content-written")


def wrote(obj):
    """Send :data:`content_written` for ``obj`` from the current app."""
    from flask import current_app

    content_written.send(current_app._get_current_object(), obj=obj)
