"""Consultation pages: the public list and detail, the history, and (for admins) the forms that
create, edit and move a consultation through its workflow.

Every handler has one shape: load (404; a consultation the visitor may not see is a 404 too, so
that drafts do not show they exist), check access (sign in, then 403), parse the request, call
an operation, then render or redirect."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.models import User
from consult.accounts.operations import find_user_by_email
from consult.actionplan import operations as plan_ops
from consult.actionplan import queries as plan_queries
from consult.consultations import operations as ops
from consult.consultations import queries
from consult.consultations.forms import (
    ConsultationForm,
    FilterForm,
    ModeratorForm,
    TransitionForm,
    timezone_name,
)
from consult.consultations.labels import (
    AUDIENCE_LABELS,
    ERROR_MESSAGES,
    FIELD_LABELS,
    NO_SUCH_ACCOUNT,
    PHASE_HINTS,
    PHASE_TITLES,
    workflow_message,
)
from consult.consultations.models import PHASES, Consultation
from consult.consultations.workflow import STATE_TITLES, WORKFLOW
from consult.core.forms import add_error
from consult.core.history import utcnow
from consult.core.i18n import select_locale
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor, require
from consult.core.reads import count_read
from consult.core.search import clean_query
from consult.core.workflow import WorkflowError
from consult.extensions import db, login_manager
from consult.feedback.queries import remember_thread
from consult.feedback.views import embedded_thread
from consult.outcomes import queries as outcome_queries
from consult.outcomes.forms import missing_message
from consult.outcomes.queries import UNKNOWN
from consult.translations.display import translate_later

bp = Blueprint("consultations", __name__, url_prefix="/<lang:lang>/consultations")


@bp.context_processor
def consultation_words():
    return {
        "state_titles": STATE_TITLES,
        "field_labels": FIELD_LABELS,
        "audience_labels": AUDIENCE_LABELS,
        "phases": PHASES,
        "phase_titles": PHASE_TITLES,
        "phase_hints": PHASE_HINTS,
    }


@bp.app_template_filter("long_datetime")
def long_datetime(moment):
    """A date and time as the reader's language writes them ("31 March 2026, 18:00"), in the
    reader's time zone: CLDR's long date and short time, joined as the locale joins them."""
    locale = get_locale()
    pattern = locale.datetime_formats["long"].format(
        locale.time_formats["short"].pattern, locale.date_formats["long"].pattern
    )
    return format_datetime(moment, pattern)


def _load(consultation_id):
    """The consultation, or a 404 when there is none or the visitor may not see it."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not can(current_user, "consultation.view", consultation):
        abort(404)
    return consultation


def _signed_in():
    """None when someone is signed in; else the response that sends them to sign in (a 403
    for anything but a GET)."""
    return None if current_user.is_authenticated else login_manager.unauthorized()


def _to_detail(consultation):
    return redirect(url_for("consultations.detail", consultation_id=consultation.id))


# The public pages ----------------------------------------------------------------------------


@bp.get("/")
def index():
    args = request.args
    state = args.get("state") if args.get("state") in queries.STATE_FILTERS else None
    language = args.get("language") if args.get("language") in CONTENT_LANGUAGES else None
    q = clean_query(args.get("q"))
    page = queries.consultations_page(
        current_user, page_number(args.get("page")), state=state, language=language, q=q
    )
    return render_template(
        "consultations/index.html",
        page=page,
        items=list(zip(page.items, queries.localized(page.items, select_locale()), strict=True)),
        filters=FilterForm(formdata=None, data={"q": q, "state": state, "language": language}),
        state=state,
        language=language,
        q=q,
        now=utcnow(),
    )


def _detail_page(consultation, transition_form=None, status=200, outcome=UNKNOWN):
    locale = select_locale()
    # The thread's translations are loaded first, the consultation's with them.
    translate_later([consultation])
    thread = embedded_thread(consultation, locale)
    translated = queries.localized_one(consultation, locale)
    original = request.args.get("original") == "1" or not translated.is_translated
    return render_template(
        "consultations/detail.html",
        consultation=consultation,
        shown=queries.original(consultation) if original else translated,
        translated=translated,
        showing_original=original,
        now=utcnow(),
        concluded_at=queries.concluded_at(consultation)
        if consultation.state in ("concluded", "archived")
        else None,
        transitions=WORKFLOW.available(current_user, consultation),
        transition_form=transition_form or TransitionForm(formdata=None),
        translated_into=queries.translated_into(consultation)
        if can(current_user, "consultation.translate", consultation)
        or can(current_user, "translation.worklists")
        else set(),
        thread=thread,
        plan_targets=plan_queries.targets_shown(consultation.id, locale),
        outcome=outcome_queries.outcome_of(consultation) if outcome is UNKNOWN else outcome,
        undisposed=outcome_queries.undisposed_count(consultation.id)
        if consultation.effective_state() == "closed"
        else 0,
    ), status


@bp.get("/<id:consultation_id>")
def detail(consultation_id):
    found = queries.load_page(consultation_id)
    consultation, thread, outcome = found or (None, None, None)
    if consultation is None or not can(current_user, "consultation.view", consultation):
        abort(404)
    remember_thread(consultation, thread)
    page = _detail_page(consultation, outcome=outcome)
    # Counted once the page is built: the commit expires what it loaded.
    count_read(consultation)
    return page


@bp.get("/<id:consultation_id>/history")
def history(consultation_id):
    consultation = _load(consultation_id)
    page, names = queries.history_page(consultation, page_number(request.args.get("page")))
    return render_template(
        "consultations/history.html",
        consultation=consultation,
        shown=queries.localized_one(consultation, select_locale()),
        page=page,
        names=names,
    )


# Creating and editing ------------------------------------------------------------------------


def _refuse(form, error):
    for field, code in error.problems:
        add_error(form, field, ERROR_MESSAGES[code])


def _link_plan(consultation, form):
    """Point the consultation at the sections and measures chosen, for each plan where that
    changed. True when something changed; a refusal raises ``PlanError``."""
    chosen = form.targets()
    linked = {}
    for plan_id, kind, key in plan_queries.links_of(consultation.id):
        linked.setdefault(plan_id, set()).add((kind, key))
    changed = False
    for plan, _contents in form.plan_groups:
        wanted = chosen.get(plan.id, [])
        if set(wanted) != linked.get(plan.id, set()):
            plan_ops.link_consultation(consultation, plan, wanted, current_actor())
            changed = True
    return changed


def _plan_error(error):
    return ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["unknown_target"])


def _form_page(form, consultation=None, moderator_form=None, status=None):
    if status is None:
        status = 422 if form.errors else 200
    moderators = queries.local_moderators(consultation) if consultation is not None else []
    return render_template(
        "consultations/form.html",
        form=form,
        consultation=consultation,
        shown=queries.original(consultation) if consultation is not None else None,
        moderators=moderators,
        moderator_form=moderator_form or ModeratorForm(formdata=None),
        timezone_name=timezone_name(),
    ), status


@bp.route("/new", methods=["GET", "POST"])
def new():
    if (response := _signed_in()) is not None:
        return response
    require("consultation.create")
    locale = select_locale()
    form = ConsultationForm(data={"language": locale, "supports_per_person": 0}).with_plan(
        plan_queries.current_contents()
    )
    if form.validate_on_submit():
        try:
            consultation = ops.create(current_actor(), **form.values())
        except ops.ConsultationError as error:
            _refuse(form, error)
        else:
            try:
                _link_plan(consultation, form)
            except plan_ops.PlanError as error:
                # Saved, but the plan changed meanwhile: choose again on its edit form.
                flash(_plan_error(error), "error")
                return redirect(url_for("consultations.edit", consultation_id=consultation.id))
            flash(
                _("The consultation has been saved as a draft. Publish it when it is ready."),
                "success",
            )
            return _to_detail(consultation)
    return _form_page(form)


@bp.route("/<id:consultation_id>/edit", methods=["GET", "POST"])
def edit(consultation_id):
    consultation = _load(consultation_id)
    if (response := _signed_in()) is not None:
        return response
    require("consultation.manage", consultation)
    form = ConsultationForm(data=ConsultationForm.data_of(consultation)).with_plan(
        plan_queries.current_contents()
    )
    if form.validate_on_submit():
        try:
            changed = ops.update(consultation, current_actor(), **form.values())
            changed = _link_plan(consultation, form) or changed
        except ops.ConsultationError as error:
            _refuse(form, error)
        except plan_ops.PlanError as error:
            add_error(form, "plan_targets", _plan_error(error))
        else:
            if changed:
                flash(_("The consultation has been saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return _to_detail(consultation)
    return _form_page(form, consultation)


@bp.post("/<id:consultation_id>/moderators")
def moderators(consultation_id):
    """Add a moderator of this consultation by email address, or remove one (``remove``: the
    account's id)."""
    consultation = _load(consultation_id)
    require("consultation.manage", consultation)
    back = redirect(url_for("consultations.edit", consultation_id=consultation.id))
    remove = request.form.get("remove")
    if remove is not None:
        user = db.session.get(User, int(remove)) if remove.isdigit() and len(remove) < 10 else None
        if user is None:
            abort(404)
        if ops.revoke_local_moderator(consultation, user, current_actor()):
            flash(_("The account no longer moderates this consultation."), "success")
        else:
            flash(_("This account did not moderate this consultation."), "info")
        return back
    form = ModeratorForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is None:
            add_error(form, "email", NO_SUCH_ACCOUNT)
        else:
            if ops.grant_local_moderator(consultation, user, current_actor()):
                flash(_("The account now moderates this consultation."), "success")
            else:
                flash(_("This account already moderates this consultation."), "info")
            return back
    edit_form = ConsultationForm(
        formdata=None, data=ConsultationForm.data_of(consultation)
    ).with_plan(plan_queries.current_contents())
    return _form_page(edit_form, consultation, moderator_form=form, status=422)


# The workflow --------------------------------------------------------------------------------


@bp.post("/<id:consultation_id>/transition/<name>")
def transition(consultation_id, name):
    consultation = _load(consultation_id)
    step = WORKFLOW.transitions.get(name)
    if step is None:
        abort(404)
    if step.permission is None or not can(current_user, step.permission, consultation):
        abort(403)
    form = TransitionForm()
    if not form.validate_on_submit():
        return _detail_page(consultation, transition_form=form, status=422)
    try:
        ops.transition(consultation, name, current_actor(), form.comment.data)
    except WorkflowError as error:
        if error.code == "forbidden":
            abort(403)
        if error.code == "proposals_without_disposition":
            message = " ".join(
                (
                    missing_message(outcome_queries.undisposed_count(consultation.id)),
                    _("The consultation can be concluded once each has one."),
                )
            )
        else:
            message = workflow_message(error.code, STATE_TITLES[consultation.effective_state()])
        flash(message, "error")
    else:
        flash(
            _(
                "Done: the consultation is now “%(state)s”.",
                state=STATE_TITLES[consultation.effective_state()],
            ),
            "success",
        )
    return _to_detail(consultation)
