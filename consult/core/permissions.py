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


def current_actor():
    """The signed-in user as operations take them (the object, not Flask-Login's proxy)."""
    return current_user._get_current_object()


def require(permission, obj=None):
    """Abort with 403 unless the current user may do ``permission`` to ``obj``."""
    if not can(current_user, permission, obj):
        abort(403)


def init_app(app):
    @app.context_processor
    def permission_helpers():
        return {"can": lambda permission, obj=None: can(current_user, permission, obj)}


def principals(user, obj=None):
    """Who ``user`` is with respect to ``obj``, as the names workflows' ``allows`` use:
    "anonymous", or "member" plus any of "moderator", "admin" (global roles), "local_moderator"
    (a moderator of the object's consultation), "plan_owner" (an owner of its action plan) and
    "author"."""
    if not getattr(user, "is_authenticated", False):
        return frozenset({"anonymous"})
    names = {"member", *user.role_names}
    scope = getattr(obj, "local_role_scope", None)
    if scope is not None:
        held = local_roles_of(user)
        if ("moderator", *scope) in held:
            names.add("local_moderator")
        if ("owner", *scope) in held:
            names.add("plan_owner")
    if getattr(obj, "author_id", None) == user.id:
        names.add("author")
    return frozenset(names)


def local_roles_of(user):
    """``{(role, object_type, object_id)}`` held by ``user``: one query per request."""
    from flask import g, has_request_context

    from consult.accounts.models import LocalRole
    from consult.extensions import db

    cache = g.setdefault("_local_roles", {}) if has_request_context() else {}
    if user.id not in cache:
        rows = db.session.execute(
            db.select(LocalRole.role, LocalRole.object_type, LocalRole.object_id).where(
                LocalRole.user_id == user.id
            )
        )
        cache[user.id] = frozenset(tuple(row) for row in rows)
    return cache[user.id]


def remember_local_roles(user, held):
    """Keep the local roles loaded with the signed-in user for this request (see
    :func:`local_roles_of`)."""
    from flask import g, has_request_context

    if has_request_context():
        g.setdefault("_local_roles", {})[user.id] = frozenset(held)


def allowed(user, obj, capability, state=None):
    """Does ``obj``'s workflow let ``user`` do ``capability`` in ``state`` (default: now)?"""
    workflow = obj.workflow
    state = state or getattr(obj, "effective_state", lambda: obj.state)()
    return bool(workflow.who_may(state, capability) & principals(user, obj))
