"""What members and the public do: report content, appeal a decision about their own, read a
consultation's moderation report."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.core.moderated import KINDS
from consult.core.permissions import can, current_actor
from consult.extensions import db
from consult.moderation import operations as ops
from consult.moderation import queries
from consult.moderation.forms import (
    ERROR_MESSAGES,
    AppealForm,
    FlagForm,
)
from consult.moderation.views import (
    _item_or_404,
    _load,
    _refuse,
    _signed_in_or_redirect,
    _status,
    bp,
    item_url,
)

# Flagging -------------------------------------------------------------------------------------


def _flag_refusal(item):
    """Why the current user may not report ``item`` (a code), or None."""
    if queries.posting_block(current_user) is not None:
        return "blocked"
    if item.author_id == current_user.id:
        return "own_content"
    if queries.has_flagged(current_user, item):
        return "already_flagged"
    if not can(current_user, "moderation.flag", item):
        return "forbidden"
    return None


@bp.route("/flag/<kind>/<id:object_id>", methods=["GET", "POST"])
def flag(kind, object_id):
    item = _item_or_404(kind, object_id)
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    form = FlagForm()
    refusal = _flag_refusal(item)
    if refusal is None and form.validate_on_submit():
        try:
            ops.flag(item, current_actor(), form.reason.data, form.details.data)
        except ops.ModerationError as error:
            _refuse(form, error)
        else:
            if item.is_hidden:
                flash(
                    _("Thank you: it is reported, and hidden until a moderator reviews it."),
                    "success",
                )
            else:
                flash(_("Thank you: it is reported. A moderator will review it."), "success")
            return redirect(item_url(item))
    status = _status(form)
    if refusal is not None and request.method == "POST":
        status = 403 if refusal == "forbidden" else 409
    return render_template(
        "moderation/flag.html",
        item=item,
        form=form,
        refusal=ERROR_MESSAGES[refusal] if refusal else None,
    ), status


@bp.route("/appeal/<kind>/<id:object_id>", methods=["GET", "POST"])
def appeal(kind, object_id):
    """The author asks for the decision that hid their item to be reviewed, once."""
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    if kind not in KINDS:
        abort(404)
    item = _load(kind, object_id)
    if item is None or item.author_id != current_user.id:
        abort(404)
    queries.attach_threads([item])
    existing = queries.appeal_of(item)
    decision = queries.latest_decision(item, ("hide",))
    refusal = None
    if existing is not None:
        refusal = "already_appealed"
    elif item.moderation == "pending":
        refusal = "nothing_to_appeal"
    elif item.moderation != "hidden":
        refusal = "not_hidden"
    elif decision is None or item.hidden_reason == ops.AUTHOR_BLOCKED:
        refusal = "nothing_to_appeal"
    form = AppealForm()
    if refusal is None and form.validate_on_submit():
        try:
            ops.appeal(item, current_actor(), form.text.data)
        except ops.ModerationError as error:
            _refuse(form, error)
        else:
            flash(
                _("Your appeal is sent. A moderator who did not take the decision will review it."),
                "success",
            )
            return redirect(url_for("accounts.account", _anchor="moderation"))
    status = _status(form)
    if refusal is not None and request.method == "POST":
        status = 409
    return render_template(
        "moderation/appeal.html",
        item=item,
        decision=decision,
        form=form,
        refusal=ERROR_MESSAGES[refusal] if refusal else None,
    ), status


# The public report ----------------------------------------------------------------------------


@bp.get("/consultations/<id:consultation_id>/moderation-report")
def report(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    if not can(current_user, "consultation.view", consultation):
        abort(404)
    hidden, decisions = queries.report(consultation)
    reasons = sorted({reason for counts in hidden.values() for reason in counts})
    return render_template(
        "moderation/report.html",
        consultation=consultation,
        hidden=hidden,
        reasons=reasons,
        decisions=decisions,
    )
