"""Outcome pages: the curators' page where every proposal gets its disposition and the outcome
is written and published, the public "you said, we did" page, its exports and printable view.

Each handler loads (404), checks access (403), parses the form, calls an operation, then
renders or redirects."""

import csv
import io
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.core.i18n import select_locale
from consult.core.permissions import can, current_actor, require
from consult.core.workflow import WorkflowError
from consult.extensions import db, login_manager
from consult.outcomes import operations as ops
from consult.outcomes import queries
from consult.outcomes.forms import (
    CHANGE_LABELS,
    DISPOSITION_LABELS,
    ERROR_MESSAGES,
    DispositionForm,
    PublishForm,
    SummaryForm,
    missing_message,
)
from consult.outcomes.workflow import STATE_TITLES
from consult.proposals.queries import load_proposal
from consult.supports.views import csv_cell

bp = Blueprint("outcomes", __name__, url_prefix="/<lang:lang>")


@bp.app_context_processor
def outcome_words():
    """Proposal, account and outcome pages say what became of input (``outcomes/macros.html``)."""
    return {
        "disposition_labels": DISPOSITION_LABELS,
        "change_labels": CHANGE_LABELS,
        "outcome_states": STATE_TITLES,
        "plan_url": url_for,
    }


# Shared steps ---------------------------------------------------------------------------------


def _consultation_or_404(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    if not can(current_user, "consultation.view", consultation):
        abort(404)
    return consultation


def _curator_access(consultation):
    """None for the consultation's curators; else sign in (visitors) or 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require("outcome.manage", consultation)
    return None


def _refuse(form, error):
    message = ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["forbidden"])
    field = error.field if error.field in form else None
    if field is None:
        form.form_errors.append(message)
    else:
        form[field].errors = [*form[field].errors, message]


def _to_manage(consultation, anchor=None):
    return redirect(url_for("outcomes.manage", consultation_id=consultation.id, _anchor=anchor))


def _outcome_or_404(consultation):
    outcome = queries.outcome_of(consultation)
    if outcome is None or not can(current_user, "outcome.view", outcome):
        abort(404)
    return outcome


def _prefix(proposal_id):
    return f"p{proposal_id}"


# Managing the outcome -------------------------------------------------------------------------


def _manage_page(consultation, failed=None, summary_form=None, publish_form=None, status=200):
    """``failed``: ``(proposal id, form)`` of a disposition refused, shown with its text."""
    locale = select_locale()
    rows = queries.dispositions_of(consultation.id)
    outcome = queries.outcome_of(consultation)
    shown = queries.localized(
        [consultation, *(p for p, _d in rows), *(d for _p, d in rows if d)], locale
    )
    forms = {}
    for proposal, disposition in rows:
        if failed is not None and failed[0] == proposal.id:
            forms[proposal.id] = failed[1]
            continue
        data = {"language": locale}
        if disposition is not None:
            data = {
                "disposition": disposition.disposition,
                "reason": disposition.reason,
                "language": disposition.language,
            }
        forms[proposal.id] = DispositionForm(
            formdata=None, prefix=_prefix(proposal.id), data=data
        ).setup(locale)
    if summary_form is None:
        summary_form = SummaryForm(
            formdata=None,
            data={
                "summary": outcome.summary if outcome else "",
                "language": outcome.language if outcome else locale,
            },
        ).setup(locale)
    publish_form = publish_form or PublishForm(formdata=None)
    missing = sum(1 for _p, d in rows if d is None)
    return render_template(
        "outcomes/manage.html",
        consultation=consultation,
        outcome=outcome,
        rows=rows,
        shown=shown,
        forms=forms,
        summary_form=summary_form,
        publish_form=publish_form,
        error_forms=[f for f in (failed and failed[1], summary_form, publish_form) if f],
        missing=missing,
        missing_message=missing_message(missing) if missing else None,
        in_review=ops.in_review(consultation),
    ), status


@bp.get("/consultations/<id:consultation_id>/outcome/manage")
def manage(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    refused = _curator_access(consultation)
    if refused is not None:
        return refused
    return _manage_page(consultation)


@bp.post("/proposals/<id:proposal_id>/disposition")
def dispose(proposal_id):
    proposal = load_proposal(proposal_id)
    if proposal is None or not can(current_user, "proposal.view", proposal):
        abort(404)
    consultation = proposal.consultation
    refused = _curator_access(consultation)
    if refused is not None:
        return refused
    form = DispositionForm(prefix=_prefix(proposal.id)).setup(select_locale())
    if form.validate_on_submit():
        try:
            ops.dispose(
                proposal,
                current_actor(),
                form.disposition.data,
                form.reason.data,
                form.language.data,
            )
        except ops.OutcomeError as error:
            if error.code == "forbidden":
                abort(403)
            _refuse(form, error)
        else:
            flash(_("The disposition is saved."), "success")
            return _to_manage(consultation, f"proposal-{proposal.id}")
    return _manage_page(consultation, failed=(proposal.id, form), status=422)


@bp.post("/consultations/<id:consultation_id>/outcome/summary")
def write(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    refused = _curator_access(consultation)
    if refused is not None:
        return refused
    form = SummaryForm().setup(select_locale())
    if form.validate_on_submit():
        try:
            ops.write(consultation, current_actor(), form.summary.data, form.language.data)
        except ops.OutcomeError as error:
            if error.code == "forbidden":
                abort(403)
            _refuse(form, error)
        else:
            flash(_("The summary of the outcome is saved."), "success")
            return _to_manage(consultation, "summary-title")
    return _manage_page(consultation, summary_form=form, status=422)


@bp.post("/consultations/<id:consultation_id>/outcome/publish")
def publish(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    refused = _curator_access(consultation)
    if refused is not None:
        return refused
    form = PublishForm()
    if form.validate_on_submit():
        try:
            ops.publish(consultation, current_actor())
        except (ops.OutcomeError, WorkflowError) as error:
            if error.code == "forbidden":
                abort(403)
            if error.code == "proposals_without_disposition":
                form.form_errors.append(missing_message(queries.undisposed_count(consultation.id)))
            else:
                _refuse(form, error)
        else:
            flash(_("The outcome is published: everyone can read it now."), "success")
            return redirect(url_for("outcomes.outcome", consultation_id=consultation.id))
    return _manage_page(consultation, publish_form=form, status=422)


# The public outcome ---------------------------------------------------------------------------


def _outcome_data(consultation, outcome):
    """What the outcome page, its printable view and its exports show."""
    rows = queries.dispositions_of(consultation.id)
    led = queries.led_to("proposals", [proposal.id for proposal, _d in rows])
    steps = [step for steps in led.values() for step in steps]
    shown = queries.localized(
        [
            outcome,
            consultation,
            *(p for p, _d in rows),
            *(d for _p, d in rows if d),
            *(step.amendment for step in steps),
            *(step.measure for step in steps),
        ],
        select_locale(),
    )
    figures = outcome.figures if outcome.state == "published" else queries.figures(consultation.id)
    return {
        "consultation": consultation,
        "outcome": outcome,
        "rows": rows,
        "led": led,
        "shown": shown,
        "figures": figures,
    }


@bp.get("/consultations/<id:consultation_id>/outcome")
def outcome(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    found = _outcome_or_404(consultation)
    return render_template("outcomes/outcome.html", **_outcome_data(consultation, found))


@bp.get("/consultations/<id:consultation_id>/outcome/print")
def outcome_print(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    found = _outcome_or_404(consultation)
    return render_template("outcomes/print.html", **_outcome_data(consultation, found))


def _export(consultation, outcome):
    """The outcome as open data: the texts as written (each with its language)."""
    rows = queries.dispositions_of(consultation.id)
    led = queries.led_to("proposals", [proposal.id for proposal, _d in rows])
    return [
        {
            "proposal": proposal.id,
            "title": proposal.title,
            "language": proposal.language,
            "url": url_for("proposals.detail", proposal_id=proposal.id, _external=True),
            "disposition": disposition.disposition if disposition else None,
            "reason": disposition.reason if disposition else None,
            "reason_language": disposition.language if disposition else None,
            "amendments": [
                {
                    "amendment": step.amendment.id,
                    "kind": step.amendment.kind,
                    "revision": step.revision.id,
                    "plan": step.revision.plan_id,
                    "version": step.version.number,
                    "measure": step.measure.code if step.measure else None,
                }
                for step in led.get(proposal.id, [])
            ],
        }
        for proposal, disposition in rows
    ]


@bp.get("/consultations/<id:consultation_id>/outcome.json")
def outcome_json(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    found = _outcome_or_404(consultation)
    body = {
        "consultation": consultation.id,
        "state": found.state,
        "published_at": found.published_at.isoformat() if found.published_at else None,
        "language": found.language,
        "summary": found.summary,
        "figures": found.figures if found.state == "published" else None,
        "dispositions": _export(consultation, found),
    }
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")


CSV_COLUMNS = (
    "proposal",
    "title",
    "language",
    "disposition",
    "reason",
    "reason_language",
    "measures",
    "url",
)


@bp.get("/consultations/<id:consultation_id>/outcome.csv")
def outcome_csv(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    found = _outcome_or_404(consultation)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in _export(consultation, found):
        row["measures"] = " ".join(
            f"{a['plan']}/v{a['version']}/{a['measure'] or a['kind']}" for a in row["amendments"]
        )
        writer.writerow([csv_cell(row[name]) for name in CSV_COLUMNS])
    name = f"consultation-{consultation.id}-outcome.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )
