"""The list of a consultation's proposals, proposing and editing, a proposal's page and its
workflow buttons."""

from flask import abort, flash, render_template, request, session
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.attributes import set_committed_value

from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor, require
from consult.core.reads import count_read
from consult.core.workflow import WorkflowError
from consult.feedback.queries import remember_thread
from consult.feedback.views import embedded_thread
from consult.outcomes import queries as outcome_queries
from consult.outcomes.queries import UNKNOWN
from consult.proposals import operations as ops
from consult.proposals import queries
from consult.proposals.forms import (
    ERROR_MESSAGES,
    ActionForm,
    FilterForm,
    ProposalForm,
    WithdrawForm,
)
from consult.proposals.views import (
    BUTTONS,
    PROPOSING_REFUSALS,
    _consultation_or_404,
    _locale,
    _proposal_or_404,
    _refuse,
    _signed_in_or_redirect,
    _to_detail,
    bp,
)
from consult.proposals.workflow import STATE_TITLES, WORKFLOW
from consult.supports import queries as support_queries
from consult.translations.display import translate_later

# The list -------------------------------------------------------------------------------------


@bp.get("/consultations/<id:consultation_id>/proposals/")
def index(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    locale = _locale()
    filters = queries.parse_filters(request.args, consultation)
    seed = queries.random_seed(session) if filters.sort == "random" else None
    page = queries.proposals_page(
        consultation,
        filters,
        page_number(request.args.get("page")),
        seed,
        queries.parse_cursor(request.args.get("after"), filters.sort),
    )
    drafts = queries.drafts_of(current_user, consultation) if current_user.is_authenticated else []
    for proposal in page.items:
        set_committed_value(proposal, "consultation", consultation)
    mine = support_queries.participant_view(
        current_user, consultation, [proposal.id for proposal in page.items]
    )
    shown, consultation_shown = queries.localize_page(locale, [*page.items, *drafts], consultation)
    form = FilterForm(
        formdata=None,
        q=filters.q,
        state=filters.state or "",
        category=filters.category or "",
        language=filters.language or "",
        sort=filters.sort,
    ).setup(consultation, locale)
    return render_template(
        "proposals/index.html",
        consultation=consultation,
        consultation_shown=consultation_shown,
        page=page,
        drafts=drafts,
        shown=shown,
        filters=filters,
        form=form,
        may_propose=consultation.phase() == "proposals",
        mine=mine,
    )


# Proposing and editing ------------------------------------------------------------------------


def _new_page(consultation, form=None, refusal=None, status=200):
    _shown, consultation_shown = queries.localize_page(_locale(), (), consultation)
    return render_template(
        "proposals/new.html",
        consultation=consultation,
        consultation_shown=consultation_shown,
        form=form,
        refusal=refusal,
    ), status


@bp.route("/consultations/<id:consultation_id>/proposals/new", methods=["GET", "POST"])
def new(consultation_id):
    consultation = _consultation_or_404(consultation_id)
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    refusal = ops.proposing_refusal(consultation, current_user)
    if refusal is not None:
        status = 403 if request.method == "POST" else 200
        return _new_page(consultation, refusal=refusal, status=status)
    form = ProposalForm().setup(consultation, _locale(), detect=True)
    if form.validate_on_submit():
        try:
            proposal = ops.create(
                consultation,
                current_actor(),
                form.title.data,
                form.body.data,
                form.category.data,
                form.language.data or None,
            )
        except ops.ProposalError as error:
            if error.code in PROPOSING_REFUSALS:
                return _new_page(consultation, refusal=error, status=403)
            _refuse(form, error)
        else:
            flash(
                _("Your proposal is saved as a draft. Read it once more, then publish it."),
                "success",
            )
            return _to_detail(proposal)
    return _new_page(consultation, form, status=422 if form.errors else 200)


@bp.route("/proposals/<id:proposal_id>/edit", methods=["GET", "POST"])
def edit(proposal_id):
    proposal = _proposal_or_404(proposal_id)
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    require("proposal.edit", proposal)
    form = ProposalForm(obj=proposal, category=proposal.category or "").setup(
        proposal.consultation, _locale(), detect=False
    )
    if form.validate_on_submit():
        try:
            changed = ops.update(
                proposal,
                current_actor(),
                form.title.data,
                form.body.data,
                form.category.data,
                form.language.data,
            )
        except ops.ProposalError as error:
            _refuse(form, error)
        else:
            if changed:
                flash(_("Your changes are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return _to_detail(proposal)
    return render_template(
        "proposals/edit.html",
        proposal=proposal,
        original=queries.original_of(proposal, _locale()),
        form=form,
    ), (422 if form.errors else 200)


# One proposal ---------------------------------------------------------------------------------


def _detail_page(proposal, withdraw_form=None, status=200, disposition=UNKNOWN):
    locale = _locale()
    original = request.args.get("original") == "1"
    shown_objects = [proposal, *([proposal.merged_into] if proposal.merged_into else [])]
    # The thread's translations are loaded first: the proposal's, its consultation's and its
    # answer's come with them, in one statement.
    translate_later(
        [*shown_objects, proposal.consultation, None if disposition is UNKNOWN else disposition]
    )
    thread = embedded_thread(proposal, locale)
    shown, consultation_shown = queries.localize_page(
        locale, shown_objects, proposal.consultation, original=original
    )
    available = {t.name: t for t in WORKFLOW.available(current_user, proposal)}
    return render_template(
        "proposals/detail.html",
        proposal=proposal,
        shown=shown[proposal.id],
        target_shown=shown.get(proposal.merged_into_id),
        consultation_shown=consultation_shown,
        original=original,
        history=queries.history_page(
            proposal,
            page_number(request.args.get("history")),
            moderation=can(current_user, "moderation.decide", proposal),
        ),
        available=available,
        is_author=current_user.is_authenticated and proposal.author_id == current_user.id,
        publish_refusal=ops.publish_refusal(proposal, current_user),
        may_answer=ops.is_answerable(proposal) and can(current_user, "proposal.answer", proposal),
        action_form=ActionForm(formdata=None),
        withdraw_form=withdraw_form or WithdrawForm(formdata=None),
        mine=support_queries.participant_view(current_user, proposal.consultation, [proposal.id]),
        thread=thread,
        fate=outcome_queries.fate_of(proposal, locale, disposition),
    ), status


@bp.get("/proposals/<id:proposal_id>")
def detail(proposal_id):
    found = queries.load_proposal_page(proposal_id)
    proposal, thread, disposition = found or (None, None, None)
    if proposal is None or not can(current_user, "proposal.view", proposal):
        abort(404)
    remember_thread(proposal, thread)
    page = _detail_page(proposal, disposition=disposition)
    # Counted once the page is built: the commit expires what it loaded.
    count_read(proposal)
    return page


@bp.post("/proposals/<id:proposal_id>/transition/<name>")
def transition(proposal_id, name):
    if name not in BUTTONS:
        abort(404)
    proposal = _proposal_or_404(proposal_id)
    if not current_user.is_authenticated:
        abort(403)
    if name == "publish":
        # The author of a draft hears when proposals open or that they closed (ops.publish).
        if not can(current_user, "proposal.publish", proposal) and (
            ops.publish_refusal(proposal, current_user) is None
        ):
            abort(403)
    else:
        require(WORKFLOW.transitions[name].permission, proposal)
    form = WithdrawForm() if name == "withdraw" else ActionForm()
    if not form.validate_on_submit():
        return _detail_page(proposal, withdraw_form=form, status=422)
    try:
        if name == "publish":
            ops.publish(proposal, current_actor())
            flash(_("Your proposal is published. Everyone can read it now."), "success")
        elif name == "evaluate":
            ops.evaluate(proposal, current_actor())
            flash(_("The proposal is now being evaluated."), "success")
        else:
            ops.withdraw(proposal, current_actor(), form.reason.data)
            flash(_("Your proposal is withdrawn."), "success")
    except WorkflowError as error:
        if error.code == "forbidden":
            abort(403)
        flash(
            _(
                "This is not possible now: the proposal is %(state)s.",
                state=STATE_TITLES[proposal.state],
            ),
            "error",
        )
    except ops.ProposalError as error:
        if error.code == "forbidden":
            abort(403)
        if error.field == "reason":
            _refuse(form, error)
            return _detail_page(proposal, withdraw_form=form, status=422)
        flash(_phase_message(error), "error")
    return _to_detail(proposal)


def _phase_message(error):
    if error.code == "proposals_not_open_yet":
        return _("Proposals open on %(date)s.", date=format_date(error.when, "long"))
    if error.code in ("proposals_closed", "consultation_closed"):
        return _("Proposals closed on %(date)s.", date=format_date(error.when, "long"))
    if error.code == "not_in_audience":
        return _("Only verified participants can propose in this consultation.")
    if error.code == "blocked":
        return str(ERROR_MESSAGES["blocked"])
    return str(ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["forbidden"]))
