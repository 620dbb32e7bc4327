"""Supporting a proposal (a plain form, or JSON for the page's script) and a consultation's
public results with their CSV and JSON exports.

Each handler loads (404), checks access, calls an operation, then redirects, renders or
answers JSON."""

import csv
import io
import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.core.i18n import select_locale
from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor
from consult.core.security import is_local_path
from consult.extensions import db, login_manager
from consult.proposals import queries as proposal_queries
from consult.supports import operations as ops
from consult.supports import queries

bp = Blueprint("supports", __name__, url_prefix="/<lang:lang>")


@bp.app_context_processor
def support_helpers():
    def open_to_supports(proposal):
        """Does ``proposal`` take supports now (from whoever may give them)?"""
        return proposal.state in ops.SUPPORTABLE_STATES and ops.supports_open(
            ops.consultation_of(proposal)
        )

    return {"open_to_supports": open_to_supports}


MESSAGES = {
    "not_signed_in": _l("Sign in to support proposals."),
    "blocked": _l("Your account is blocked."),
    "proposal_not_supportable": _l("This proposal does not take supports."),
    "own_proposal": _l("In this consultation authors cannot support their own proposals."),
    "not_verified": _l("Only verified participants can support proposals in this consultation."),
    "limit_reached": _l("You have used all your supports in this consultation."),
    "already_supported": _l("You already support this proposal."),
    "not_supported": _l("You do not support this proposal."),
}


def message_for(error):
    """The sentence that explains a :class:`ops.SupportError` to the person."""
    if error.code == "phase_closed":
        return _(
            "Supports are taken from %(starts)s to %(ends)s.",
            starts=format_date(error.starts, "long"),
            ends=format_date(error.ends, "long"),
        )
    return str(MESSAGES.get(error.code, MESSAGES["proposal_not_supportable"]))


def safe_next(value):
    """``value`` if it is a path on this site (never another host), else None."""
    if not isinstance(value, str) or len(value) > 2000 or not is_local_path(value):
        return None
    return value


def _wants_json():
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _button_state(proposal_id, supported, count, tally=None):
    count = count if tally is None else tally.supports_count
    data = {
        "proposal": proposal_id,
        "supported": supported,
        "count": count,
        "count_text": ngettext("%(num)d support", "%(num)d supports", count),
    }
    if tally is not None:
        data["supports_left"] = tally.supports_left
        if tally.supports_left is not None:
            data["left_text"] = ngettext(
                "You have %(num)d support left.", "You have %(num)d supports left.",
                tally.supports_left,
            )  # fmt: skip
    return data


def _change(proposal_id, supporting):
    proposal = proposal_queries.load_proposal(proposal_id, people=False)
    if proposal is None or not can(current_user, "proposal.view", proposal):
        abort(404)
    back = safe_next(request.form.get("next")) or url_for(
        "proposals.detail", proposal_id=proposal_id
    )
    count = proposal.supports_count  # (the proposal is not read again after the commit)
    as_json = _wants_json()
    if not current_user.is_authenticated:
        if as_json:
            return jsonify(error=message_for(ops.SupportError("not_signed_in"))), 401
        return login_manager.unauthorized()
    actor = current_actor()
    try:
        if supporting:
            tally = ops.support(actor, proposal)
            message = _("Your support is counted.")
        else:
            tally = ops.withdraw(actor, proposal)
            message = _("Your support is withdrawn.")
    except ops.SupportError as error:
        if as_json:
            supported = proposal_id in ops.supported_ids(actor, [proposal_id])
            state = _button_state(proposal_id, supported, count)
            return jsonify(error=message_for(error), **state), 409
        flash(message_for(error), "error")
        return redirect(back)
    if as_json:
        return jsonify(message=message, **_button_state(proposal_id, supporting, None, tally))
    flash(message, "success")
    return redirect(back)


@bp.post("/proposals/<id:proposal_id>/support")
def support(proposal_id):
    return _change(proposal_id, True)


@bp.post("/proposals/<id:proposal_id>/unsupport")
def unsupport(proposal_id):
    return _change(proposal_id, False)


# Results --------------------------------------------------------------------------------------


def _consultation_or_404(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    if not can(current_user, "consultation.view", consultation):
        abort(404)
    return consultation


@bp.get("/consultations/<id:consultation_id>/results")
def results(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    page = queries.results_page(consultation, page_number(request.args.get("page")))
    shown, consultation_shown = proposal_queries.localize_page(
        select_locale(), page.items, consultation
    )
    mine = queries.participant_view(current_user, consultation, [p.id for p in page.items])
    return render_template(
        "supports/results.html",
        consultation=consultation,
        consultation_shown=consultation_shown,
        page=page,
        shown=shown,
        status=queries.results_status(consultation),
        participants=queries.participants_count(consultation),
        mine=mine,
    )


def _export_rows(consultation):
    for rank, row in enumerate(queries.export_rows(consultation), start=1):
        yield {"rank": rank, **row}


#: Cells a spreadsheet would read as a formula start with one of these: they get a quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@bp.get("/consultations/<id:consultation_id>/results.csv")
def results_csv(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    name = f"consultation-{consultation.id}-results.csv"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(queries.EXPORT_COLUMNS)
    for row in _export_rows(consultation):
        writer.writerow([csv_cell(row[name]) for name in queries.EXPORT_COLUMNS])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


@bp.get("/consultations/<id:consultation_id>/results.json")
def results_json(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    status = queries.results_status(consultation)
    body = {
        "consultation": consultation.id,
        "final": status == "final",
        "status": status,
        "support_threshold": consultation.support_threshold,
        "participants": queries.participants_count(consultation),
        "proposals": list(_export_rows(consultation)),
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")
