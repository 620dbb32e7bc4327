"""Moderation pages, by responsibility: ``members`` (reporting, appealing, the public report),
``queue`` (the queue, decisions, an item's record, appeals, the log) and ``blocks``. This module
holds the blueprint and what they share.

Each handler loads (404), checks access (403), parses the form, calls an operation, then
renders or redirects."""

from flask import Blueprint, abort
from flask_login import current_user

from consult.core import content
from consult.core.forms import add_error
from consult.core.languages import direction
from consult.core.moderated import KINDS
from consult.core.permissions import require
from consult.extensions import login_manager
from consult.moderation.forms import (
    ACTION_LABELS,
    APPEAL_STATE_LABELS,
    DECISION_LABELS,
    ERROR_MESSAGES,
    KIND_LABELS,
    REASON_LABELS,
)
from consult.moderation.permissions import is_global_moderator, moderated_consultations
from consult.moderation.workflow import STATE_TITLES

bp = Blueprint("moderation", __name__, url_prefix="/<lang:lang>")


def item_url(item):
    """Where ``item`` is read."""
    return content.of(item).url(item)


@bp.app_context_processor
def moderation_words():
    """Every page may mark hidden content with its reason (``moderation/macros.html``)."""
    return {
        "moderation_reasons": REASON_LABELS,
        "moderation_actions": ACTION_LABELS,
        "moderation_kinds": KIND_LABELS,
        "appeal_states": APPEAL_STATE_LABELS,
        "moderated_url": item_url,
        "content_dir": direction,
    }


@bp.context_processor
def moderation_page_words():
    return {"moderation_states": STATE_TITLES, "decision_labels": DECISION_LABELS}


# Shared steps ---------------------------------------------------------------------------------


def _signed_in_or_redirect():
    """None when someone is signed in; else the answer for a visitor (sign in, or 403 on
    POST)."""
    return None if current_user.is_authenticated else login_manager.unauthorized()


def _load(kind, object_id):
    """The moderated item with what its pages and permissions need, or None."""
    return content.get(kind).load(object_id)


def _readable(item):
    """May the current user read ``item`` where it is shown?"""
    return content.of(item).readable(current_user, item)


def _item_or_404(kind, object_id):
    if kind not in KINDS:
        abort(404)
    item = _load(kind, object_id)
    if item is None or not _readable(item):
        abort(404)
    return item


def _message(error):
    return ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["forbidden"])


def _refuse(form, error):
    add_error(form, error.field, _message(error))


def _scope():
    """The consultations whose moderation the current user sees (None: all)."""
    return None if is_global_moderator(current_user) else moderated_consultations(current_user)


def _moderator_or_refuse():
    """None for those who moderate something; else sign in (visitors) or 403."""
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    require("moderation.queue")
    return None


def _status(form):
    return 422 if form.errors else 200


# The routes live in these modules; importing them adds them to the blueprint.
from consult.moderation.views import blocks, members, queue  # noqa: E402, F401
