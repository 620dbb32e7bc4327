"""A plan's revisions: opening one, its page with its amendments, its workflow buttons (public
feedback, approval, publication as the next version, bringing it up to date), the discussion of
a revision, and naming the plan's owners (adding and removing amendments, and an amendment's
page, are in ``amendments``)."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts.operations import find_user_by_email
from consult.actionplan import diff as plan_diff
from consult.actionplan import operations as ops
from consult.actionplan import queries
from consult.actionplan.forms import (
    KIND_TITLES,
    REVISION_MESSAGES,
    ActionForm,
    DecisionForm,
    OwnerForm,
    RevisionForm,
)
from consult.actionplan.models import ActionPlan, Amendment, PlanVersion, Revision
from consult.actionplan.views import bp, citations_shown
from consult.actionplan.workflow import REVISION, STATE_TITLES
from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.languages import direction
from consult.core.permissions import can, current_actor, require
from consult.core.workflow import WorkflowError
from consult.extensions import db, login_manager
from consult.feedback.views import embedded_thread

#: The workflow buttons with a route of their own here (publishing has its own: it builds the
#: next version).
TRANSITIONS = ("open_review", "approve", "reject")


@bp.context_processor
def revision_words():
    return {
        "revision_state_titles": STATE_TITLES,
        "amend_titles": KIND_TITLES,
        "text_dir": direction,
        "plan_url": _plan_url,
    }


def _plan_url(plan):
    """The plan's public page (the plan pages' endpoint), else its revisions."""
    for endpoint in ("actionplan.plan", "actionplan.detail", "actionplan.current"):
        if endpoint in current_app.view_functions:
            return url_for(endpoint, plan_id=plan.id)
    return url_for("actionplan.revisions", plan_id=plan.id)


# Shared ---------------------------------------------------------------------------------------


def _plan_or_404(plan_id):
    return db.get_or_404(ActionPlan, plan_id)


def _revision_or_404(revision_id):
    """The revision, if the current user may see it (drafts: its plan's owners); else 404."""
    revision = db.session.get(Revision, revision_id)
    if revision is None or not can(current_user, "revision.view", revision):
        abort(404)
    return revision


def _amendment_or_404(amendment_id):
    amendment = db.session.get(Amendment, amendment_id)
    if amendment is None:
        abort(404)
    return amendment, _revision_or_404(amendment.revision_id)


def _to_revision(revision, **kwargs):
    return redirect(url_for("actionplan.revision", revision_id=revision.id, **kwargs))


def _amendment_name(amendment_id):
    return _("amendment %(number)s", number=amendment_id)


def _cited_name(object_type, object_id):
    if object_type == "proposals":
        return _("proposal %(number)s", number=object_id)
    if object_type == "comments":
        return _("comment %(number)s", number=object_id)
    return _("outcome %(number)s", number=object_id)


def _message(error):
    """What a refusal says, naming what it is about."""
    if error.code == "cannot_cite" and error.details:
        return _(
            "%(what)s cannot be cited: it is hidden, not published or does not exist.",
            what=_cited_name(*error.details[0]),
        )
    if error.code == "amendments_no_longer_apply" and error.details:
        return _(
            "These amendments no longer apply to the current version of the plan: %(list)s. "
            "Remove them first.",
            list=", ".join(_amendment_name(i) for i in error.details),
        )
    return str(REVISION_MESSAGES.get(error.code, REVISION_MESSAGES["forbidden"]))


def _signed_in_or_redirect():
    return None if current_user.is_authenticated else login_manager.unauthorized()


# A plan's revisions, opening one, naming owners ----------------------------------------------


def _revisions_page(plan, form=None, owner_form=None, status=200):
    locale = select_locale()
    revisions = [r for r in queries.revisions_of(plan.id) if can(current_user, "revision.view", r)]
    may_revise = can(current_user, "plan.revise", plan)
    may_manage = can(current_user, "plan.manage", plan)
    if form is None and may_revise:
        form = RevisionForm(formdata=None, language=plan.language).setup(locale)
    if owner_form is None and may_manage:
        owner_form = OwnerForm(formdata=None)
    versions = {v.id: v for v in queries.versions_of(plan.id)}
    return render_template(
        "actionplan/revisions.html",
        plan=plan,
        revisions=revisions,
        versions=versions,
        current=max(versions.values(), key=lambda v: v.number),
        form=form if may_revise else None,
        owner_form=owner_form if may_manage else None,
        owners=_owners(plan) if may_manage else [],
    ), status


def _owners(plan):
    from consult.accounts.models import LocalRole, User

    return db.session.scalars(
        db.select(User)
        .join(LocalRole, LocalRole.user_id == User.id)
        .where(
            LocalRole.role == "owner",
            LocalRole.object_type == "action_plans",
            LocalRole.object_id == plan.id,
        )
        .order_by(User.display_name)
    ).all()


@bp.get("/plan/<id:plan_id>/revisions/")
def revisions(plan_id):
    return _revisions_page(_plan_or_404(plan_id))


@bp.post("/plan/<id:plan_id>/revisions/")
def open_revision(plan_id):
    plan = _plan_or_404(plan_id)
    require("plan.revise", plan)
    form = RevisionForm().setup(select_locale())
    if form.validate_on_submit():
        try:
            revision = ops.open_revision(
                plan, current_actor(), form.title.data, form.summary.data, form.language.data
            )
        except ops.PlanError as error:
            add_error(form, error.field, _message(error))
        else:
            flash(_("The revision is open as a draft: add its amendments."), "success")
            return _to_revision(revision)
    return _revisions_page(plan, form=form, status=422)


@bp.post("/plan/<id:plan_id>/owners")
def owners(plan_id):
    """An admin names an owner of the plan by their email address."""
    plan = _plan_or_404(plan_id)
    require("plan.manage", plan)
    form = OwnerForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is None:
            add_error(form, "email", _("There is no account with this email address."))
        else:
            try:
                granted = ops.grant_owner(plan, user, current_actor())
            except ops.PlanError as error:
                add_error(form, "email", _message(error))
            else:
                if granted:
                    flash(_("The account now owns this plan: it can revise it."), "success")
                else:
                    flash(_("This account already owns this plan."), "info")
                return redirect(url_for("actionplan.revisions", plan_id=plan.id))
    return _revisions_page(plan, owner_form=form, status=422)


# A revision -----------------------------------------------------------------------------------


def _amendment_views(revision, base, amendments, citations):
    """Each amendment with what it is about in the base version, the word diff of a change,
    and its citations."""
    contents = queries.contents(base)
    cited = citations_shown(citations)
    counts = queries.comment_counts(Amendment.__tablename__, [a.id for a in amendments])
    views = []
    for amendment in amendments:
        measure = contents.measure(amendment.measure_key) if amendment.kind != "add" else None
        diff = {}
        if amendment.kind == "change" and measure is not None:
            diff = {
                name: plan_diff.word_diff(getattr(measure, name), getattr(amendment, name))
                for name in plan_diff.TEXT_FIELDS
                if getattr(measure, name) != getattr(amendment, name)
            }
        views.append(
            {
                "amendment": amendment,
                "measure": measure,
                "section": contents.section(amendment.section_key)
                if amendment.kind == "add"
                else None,
                "diff": diff,
                "citations": cited.get(amendment.id, []),
                "comments": counts.get(amendment.id, 0),
            }
        )
    return views


def _available(revision):
    """The workflow buttons the current user may press now (whatever the conditions: pressing
    one the revision is not ready for says why)."""
    return {
        t.name: t
        for t in REVISION.transitions_from(revision.state)
        if t.permission and can(current_user, t.permission, revision)
    }


def _revision_page(revision, decision_form=None, status=200):
    locale = select_locale()
    plan = db.session.get(ActionPlan, revision.plan_id)
    base = db.session.get(PlanVersion, revision.base_version_id)
    current = queries.current_version(revision.plan_id)
    amendments, citations = queries.amendments_of(revision)
    views = _amendment_views(revision, base, amendments, citations)
    outdated = revision.state not in ("published", "rejected") and current.id != base.id
    return render_template(
        "actionplan/revision.html",
        plan=plan,
        revision=revision,
        base=base,
        current=current,
        published=db.session.get(PlanVersion, revision.published_version_id)
        if revision.published_version_id
        else None,
        amendments=views,
        outdated=outdated,
        conflicts=ops.conflicts(revision, current) if outdated else [],
        available=_available(revision),
        may_amend=can(current_user, "revision.amend", revision),
        action_form=ActionForm(formdata=None),
        decision_form=decision_form or DecisionForm(formdata=None),
        thread=embedded_thread(revision, locale) if revision.state != "draft" else None,
    ), status


@bp.get("/revisions/<id:revision_id>")
def revision(revision_id):
    return _revision_page(_revision_or_404(revision_id))


@bp.post("/revisions/<id:revision_id>/transition/<name>")
def revision_transition(revision_id, name):
    if name not in TRANSITIONS:
        abort(404)
    revision = _revision_or_404(revision_id)
    require(REVISION.transitions[name].permission, revision)
    form = ActionForm() if name == "open_review" else DecisionForm()
    if not form.validate_on_submit():
        return _revision_page(revision, decision_form=form if name != "open_review" else None,
                              status=422)  # fmt: skip
    comment = getattr(getattr(form, "comment", None), "data", None)
    try:
        ops.transition(revision, name, current_actor(), comment)
    except WorkflowError as error:
        if error.code == "forbidden":
            abort(403)
        if error.code == "comment_required":
            add_error(form, "comment", _message(error))
            return _revision_page(revision, decision_form=form, status=422)
        flash(_message(error), "error")
    except ops.PlanError as error:
        if error.code == "forbidden":
            abort(403)
        flash(_message(error), "error")
    else:
        flash(
            {
                "open_review": _("The revision is open for public feedback."),
                "approve": _("The revision is approved: its owners can publish it now."),
                "reject": _("The revision is rejected."),
            }[name],
            "success",
        )
    return _to_revision(revision)


@bp.post("/revisions/<id:revision_id>/publish")
def publish_revision(revision_id):
    revision = _revision_or_404(revision_id)
    require("revision.publish", revision)
    if not ActionForm().validate_on_submit():
        return _revision_page(revision, status=422)
    try:
        version = ops.publish(revision, current_actor())
    except WorkflowError as error:
        db.session.rollback()
        if error.code == "forbidden":
            abort(403)
        if error.code == "wrong_state" and revision.state == "published":
            flash(_("This revision is already published."), "error")
        else:
            flash(_("Only an approved revision can be published."), "error")
    except ops.PlanError as error:
        db.session.rollback()
        if error.code == "rebase_needed" and revision.state != "draft":
            flash(
                _(
                    "The plan has a newer version than the one this revision amends: it cannot "
                    "be published. Open a new revision of the current version."
                ),
                "error",
            )
        else:
            flash(_message(error), "error")
    else:
        flash(_("Version %(number)s of the plan is published.", number=version.number), "success")
    return _to_revision(revision)


@bp.post("/revisions/<id:revision_id>/rebase")
def rebase_revision(revision_id):
    revision = _revision_or_404(revision_id)
    require("revision.manage", revision)
    if not ActionForm().validate_on_submit():
        return _revision_page(revision, status=422)
    if revision.state != "draft":
        flash(_("Only a draft revision can be brought up to date."), "error")
        return _to_revision(revision)
    try:
        moved = ops.rebase(revision, current_actor())
    except ops.PlanError as error:
        flash(_message(error), "error")
    else:
        if moved:
            flash(_("The revision now amends the current version of the plan."), "success")
        else:
            flash(_("The revision already amends the current version of the plan."), "info")
    return _to_revision(revision)
