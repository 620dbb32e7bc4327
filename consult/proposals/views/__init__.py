"""Proposal pages, by responsibility: ``pages`` (the list, proposing, a proposal, its buttons)
and ``curating`` (answering, merging); translating is the translations domain's. This module
holds the blueprint and what they share.

Each handler loads (404), checks access (403), parses the form, calls an operation, then
renders or redirects."""

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.permissions import can
from consult.extensions import db, login_manager
from consult.proposals import queries
from consult.proposals.forms import ERROR_MESSAGES, SORT_LABELS
from consult.proposals.workflow import STATE_TITLES

bp = Blueprint("proposals", __name__, url_prefix="/<lang:lang>")

#: The transitions that have a button of their own (accept and reject go through the answer
#: form, merge through the merge form).
BUTTONS = ("publish", "evaluate", "withdraw")
#: Refusals that say when proposals open or closed, or who may propose: the page explains them
#: instead of showing the form.
PROPOSING_REFUSALS = (
    "proposals_not_open_yet",
    "proposals_closed",
    "consultation_closed",
    "not_in_audience",
    "blocked",
)


@bp.context_processor
def proposal_words():
    return {
        "state_titles": STATE_TITLES,
        "sort_labels": SORT_LABELS,
    }


def _locale():
    return select_locale()


def _consultation_or_404(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    if not can(current_user, "consultation.view", consultation):
        abort(404)
    return consultation


def _proposal_or_404(proposal_id):
    """The proposal with what its pages show, if the current user may see it; else 404."""
    proposal = queries.load_proposal(proposal_id)
    if proposal is None or not can(current_user, "proposal.view", proposal):
        abort(404)
    return proposal


def _signed_in_or_redirect():
    """None when someone is signed in; else the answer for a visitor (sign in, or 403 on
    POST)."""
    return None if current_user.is_authenticated else login_manager.unauthorized()


def _refuse(form, error):
    add_error(form, error.field, ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["forbidden"]))


def _to_detail(proposal, **kwargs):
    return redirect(url_for("proposals.detail", proposal_id=proposal.id, **kwargs))


# The routes live in these modules; importing them adds them to the blueprint.
from consult.proposals.views import curating, pages  # noqa: E402, F401
