"""Signals that carry effects from one domain to another (blinker).

Each signal says who sends it and with which arguments; listeners must not assume more.
"""

from blinker import Namespace

_signals = Namespace()

#: Sent by ``accounts.operations.register`` with ``user`` once a new account is committed.
user_registered = _signals.signal("user-registered")

#: Sent by ``accounts.operations`` with ``user`` and ``actor`` when an account is blocked.
user_blocked = _signals.signal("user-blocked")
