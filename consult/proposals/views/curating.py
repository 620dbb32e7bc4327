"""Curators' pages: answering a proposal and merging duplicates."""

from flask import abort, flash, render_template
from flask_babel import gettext as _

from consult.core.permissions import current_actor, require
from consult.core.workflow import WorkflowError
from consult.proposals import operations as ops
from consult.proposals import queries
from consult.proposals.forms import (
    ERROR_MESSAGES,
    KEEP,
    AnswerForm,
    MergeForm,
)
from consult.proposals.views import (
    _locale,
    _proposal_or_404,
    _refuse,
    _signed_in_or_redirect,
    _to_detail,
    bp,
)
from consult.proposals.workflow import STATE_TITLES, WORKFLOW

# Curating -------------------------------------------------------------------------------------


def _curator_access(proposal, permission):
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    require(permission, proposal)
    return None


@bp.route("/proposals/<id:proposal_id>/answer", methods=["GET", "POST"])
def answer(proposal_id):
    proposal = _proposal_or_404(proposal_id)
    refused = _curator_access(proposal, "proposal.answer")
    if refused is not None:
        return refused
    if not ops.is_answerable(proposal):
        flash(str(ERROR_MESSAGES["not_answerable"]), "error")
        return _to_detail(proposal)
    locale = _locale()
    form = AnswerForm(
        state=KEEP,
        text=proposal.answer or "",
        language=proposal.answer_language or locale,
    ).setup(proposal, ops.answer_states(proposal), locale)
    if form.validate_on_submit():
        state = None if form.state.data == KEEP else form.state.data
        try:
            ops.answer(proposal, current_actor(), state, form.text.data, form.language.data)
        except ops.ProposalError as error:
            _refuse(form, error)
        else:
            flash(_("The official answer is saved."), "success")
            return _to_detail(proposal)
    shown, _consultation = queries.localize_page(locale, [proposal])
    return render_template(
        "proposals/answer.html", proposal=proposal, shown=shown[proposal.id], form=form
    ), (422 if form.errors else 200)


@bp.route("/proposals/<id:proposal_id>/merge", methods=["GET", "POST"])
def merge(proposal_id):
    proposal = _proposal_or_404(proposal_id)
    refused = _curator_access(proposal, "proposal.merge")
    if refused is not None:
        return refused
    if "merge" not in {t.name for t in WORKFLOW.transitions_from(proposal.state)}:
        flash(
            _(
                "This is not possible now: the proposal is %(state)s.",
                state=STATE_TITLES[proposal.state],
            ),
            "error",
        )
        return _to_detail(proposal)
    locale = _locale()
    targets = queries.merge_targets(proposal)
    shown, _consultation = queries.localize_page(locale, [proposal, *targets])
    form = MergeForm().setup(
        [(t.id, f"#{t.id} · {shown[t.id].content.title.text}") for t in targets]
    )
    if form.validate_on_submit():
        try:
            target = queries.find_target(form.target.data)
            ops.merge(proposal, target, current_actor(), form.comment.data)
        except (ops.ProposalError, WorkflowError) as error:
            if error.code == "forbidden":
                abort(403)
            _refuse(form, error)
        else:
            flash(_("The proposal is merged."), "success")
            return _to_detail(proposal)
    return render_template(
        "proposals/merge.html",
        proposal=proposal,
        shown=shown[proposal.id],
        form=form,
        has_targets=bool(targets),
    ), (422 if form.errors else 200)
