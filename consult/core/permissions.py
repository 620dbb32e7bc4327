"""One entry point for every permission check: ``can(user, permission, obj=None)``.

Each domain registers its named predicates (``accounts.permissions`` …) with :func:`rule`;
views and templates ask :func:`can` and never test roles inline.
"""

from flask import abort
from flask_login import current_user

_RULES = {}


def rule(name):
    """Register the decorated predicate ``(user, obj) -> bool`` as permission ``name``."""

    def register(predicate):
        if name in _RULES:
            raise ValueError(f"permission {name!r} is registered twice")
        _RULES[name] = predicate
        return predicate

    return register


def can(user, permission, obj=None):
    """May ``user`` (anonymous included) do ``permission`` to ``obj``?"""
    try:
        predicate = _RULES[permission]
    except KeyError:
        raise LookupError(f"unknown permission {permission!r}") from None
    return bool(predicate(user, obj))


def require(permission, obj=None):
    """Abort with 403 unless the current user may do ``permission`` to ``obj``."""
    if not can(current_user, permission, obj):
        abort(403)


def init_app(app):
    @app.context_processor
    def permission_helpers():
        return {"can": lambda permission, obj=None: can(current_user, permission, obj)}
