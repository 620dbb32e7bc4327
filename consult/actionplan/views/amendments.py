"""A revision's amendments: the form that adds one (a measure added, changed or retired, with
what it cites or the municipality's initiative), removing one, and an amendment's page with its
discussion."""

from flask import abort, flash, render_template, request
from flask_babel import gettext as _

from consult.actionplan import citations as citation_queries
from consult.actionplan import diff as plan_diff
from consult.actionplan import operations as ops
from consult.actionplan import queries
from consult.actionplan.forms import KIND_TITLES, ActionForm, AmendmentForm
from consult.actionplan.models import ActionPlan, PlanVersion
from consult.actionplan.views import bp
from consult.actionplan.views.revisions import (
    _amendment_or_404,
    _amendment_views,
    _message,
    _revision_or_404,
    _revision_page,
    _signed_in_or_redirect,
    _to_revision,
)
from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.permissions import current_actor, require
from consult.extensions import db
from consult.feedback.views import embedded_thread

#: Which form field each refused field of ``operations.amend`` is shown next to.
AMENDMENT_FIELDS = {
    "measure_key": "measure",
    "section_key": "section",
    "kind": None,
    "citations": "initiated_by_city",
}
CITATION_FIELDS = {
    "proposals": "proposals",
    "comments": "comment_ids",
    "consultation_outcomes": "outcomes",
}


def _amendment_form(revision, kind, formdata=None, **data):
    plan_id = revision.plan_id
    contents = queries.contents(db.session.get(PlanVersion, revision.base_version_id))
    sections = [(s.key, f"{s.number}. {s.title}") for s in contents.sections]
    measures = [
        (m.key, f"{m.code} {m.title}")
        for ms in contents.measures.values()
        for m in ms
        if not m.is_retired
    ]
    proposals = citation_queries.citable_proposals(plan_id)
    outcomes = citation_queries.citable_outcomes(plan_id)
    form = AmendmentForm(formdata=formdata, **data)
    form.setup(
        kind,
        sections,
        measures,
        [(p.id, p.title) for p in proposals],
        [(o.id, c.title) for o, c in outcomes],
    )
    return form, contents, proposals, outcomes


def _amend_page(revision, kind, form, contents, proposals, outcomes, chosen=None, status=200):
    return render_template(
        "actionplan/revision_amend.html",
        revision=revision,
        kind=kind,
        form=form,
        contents=contents,
        proposals={p.id: p for p in proposals},
        outcomes={o.id: c for o, c in outcomes},
        chosen=chosen,
    ), status


@bp.route("/revisions/<id:revision_id>/amendments/new", methods=["GET", "POST"])
def amend(revision_id):
    revision = _revision_or_404(revision_id)
    kind = request.args.get("kind")
    if kind not in KIND_TITLES:
        abort(404)
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    require("revision.amend", revision)
    if request.method == "GET":
        form, contents, proposals, outcomes = _amendment_form(revision, kind)
        chosen = None
        if kind != "add":
            key = form.measure.coerce(request.args.get("measure"))
            chosen = contents.measure(key)
            if chosen is not None and not chosen.is_retired:
                form.measure.data = key
                if kind == "change":
                    for name in plan_diff.TEXT_FIELDS:
                        getattr(form, name).data = getattr(chosen, name)
            else:
                chosen = None
        return _amend_page(revision, kind, form, contents, proposals, outcomes, chosen)
    form, contents, proposals, outcomes = _amendment_form(revision, kind, request.form)
    chosen = contents.measure(form.measure.data) if kind != "add" else None
    if form.validate_on_submit():
        try:
            amendment = ops.amend(
                revision,
                current_actor(),
                kind,
                measure_key=form.measure.data or None,
                section_key=form.section.data or None,
                title=form.title.data or "",
                description=form.description.data or "",
                responsible_body=form.responsible_body.data or "",
                indicators=form.indicators.data or "",
                reason=form.reason.data or "",
                citations=form.citations(),
                initiated_by_city=form.initiated_by_city.data,
            )
        except ops.PlanError as error:
            if error.code == "forbidden":
                abort(403)
            field = AMENDMENT_FIELDS.get(error.field, error.field)
            if error.code == "cannot_cite" and error.details:
                field = CITATION_FIELDS.get(error.details[0][0], field)
            add_error(form, field, _message(error))
        else:
            flash(_("The amendment is added to the revision."), "success")
            return _to_revision(revision, _anchor=f"amendment-{amendment.id}")
    return _amend_page(revision, kind, form, contents, proposals, outcomes, chosen, status=422)


@bp.post("/amendments/<id:amendment_id>/remove")
def remove_amendment(amendment_id):
    amendment, revision = _amendment_or_404(amendment_id)
    require("revision.manage", revision)
    if not ActionForm().validate_on_submit():
        return _revision_page(revision, status=422)
    try:
        ops.remove_amendment(amendment, current_actor())
    except ops.PlanError:
        flash(_("Amendments can only be removed while the revision is a draft."), "error")
    else:
        flash(_("The amendment is removed."), "success")
    return _to_revision(revision, _anchor="amendments")


@bp.get("/amendments/<id:amendment_id>")
def amendment(amendment_id):
    """One amendment and its discussion."""
    amendment, revision = _amendment_or_404(amendment_id)
    base = db.session.get(PlanVersion, revision.base_version_id)
    views = _amendment_views(revision, base, [amendment], queries.citations_of([amendment.id]))
    return render_template(
        "actionplan/revision_amendment.html",
        plan=db.session.get(ActionPlan, revision.plan_id),
        revision=revision,
        base=base,
        item=views[0],
        thread=embedded_thread(amendment, select_locale()) if revision.state != "draft" else None,
    )
