"""The admin area: find accounts, grant and revoke roles, block and unblock, run organisations
and read the history. The whole blueprint is for admins (checked once, before every request);
each action then asks its own permission about the object it changes."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.accounts import operations as accounts
from consult.accounts.forms import ERROR_MESSAGES, ROLE_LABELS, BlockForm, RoleForm
from consult.accounts.models import User
from consult.admin import queries
from consult.admin.forms import (
    NO_SUCH_ACCOUNT,
    ORGANISATION_ERROR_MESSAGES,
    MemberForm,
    OrganisationForm,
    RetryForm,
    SearchForm,
    UnblockForm,
)
from consult.core.forms import add_error
from consult.core.pagination import page_number
from consult.core.permissions import current_actor, require
from consult.extensions import db, login_manager
from consult.moderation import queries as moderation
from consult.organisations import operations as organisations
from consult.organisations.models import Organisation

bp = Blueprint("admin", __name__, url_prefix="/<lang:lang>/admin")


@bp.before_request
def admins_only():
    """Anonymous visitors are sent to sign in; anyone else who is not an admin gets a 403."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require("admin.enter")
    return None


@bp.context_processor
def admin_words():
    return {"role_labels": ROLE_LABELS}


def _page():
    return page_number(request.args.get("page"))


@bp.get("/")
def index():
    return render_template("admin/index.html")


# Accounts ------------------------------------------------------------------------------------


@bp.get("/users")
def users():
    form = SearchForm(request.args)
    query = queries.clean_query(form.q.data)
    return render_template(
        "admin/users.html", form=form, query=query, page=queries.find_users(query, _page())
    )


def _user_page(user, status=200, grant_form=None, block_form=None, unblock_form=None):
    if grant_form is None:
        grant_form = RoleForm(formdata=None)
    # Offer only the roles the account does not have yet.
    held = user.role_names
    grant_form.role.choices = [c for c in grant_form.role.choices if c.value not in held]
    history = queries.history_page(_page(), User.__tablename__, user.id)
    return render_template(
        "admin/user.html",
        user=user,
        grant_form=grant_form,
        block_form=BlockForm(formdata=None) if block_form is None else block_form,
        unblock_form=UnblockForm(formdata=None) if unblock_form is None else unblock_form,
        organisations=organisations.organisations_of(user),
        posting_block=moderation.posting_block(user),
        history=history,
        subjects=queries.history_subjects(history.items),
    ), status


def _back_to(user):
    return redirect(url_for("admin.user", user_id=user.id))


@bp.get("/users/<id:user_id>")
def user(user_id):
    return _user_page(db.get_or_404(User, user_id))


@bp.post("/users/<id:user_id>/roles/grant")
def grant_role(user_id):
    user = db.get_or_404(User, user_id)
    require("user.change_roles", user)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            granted = accounts.grant_role(user, form.role.data, current_actor())
        except accounts.AccountError as error:
            add_error(form, error.field, ERROR_MESSAGES[error.code])
        else:
            role = ROLE_LABELS[form.role.data]
            if granted:
                flash(_("Role granted: %(role)s.", role=role), "success")
            else:
                flash(_("This account already has the role %(role)s.", role=role), "info")
            return _back_to(user)
    return _user_page(user, 422, grant_form=form)


@bp.post("/users/<id:user_id>/roles/revoke")
def revoke_role(user_id):
    user = db.get_or_404(User, user_id)
    require("user.change_roles", user)
    form = RoleForm()
    if form.validate_on_submit():
        role = ROLE_LABELS[form.role.data]
        if accounts.revoke_role(user, form.role.data, current_actor()):
            flash(_("Role removed: %(role)s.", role=role), "success")
        else:
            flash(_("This account does not have the role %(role)s.", role=role), "info")
        return _back_to(user)
    # Only a hand-made request sends a role that is not on the list; say so next to the list.
    return _user_page(user, 422, grant_form=form)


@bp.post("/users/<id:user_id>/block")
def block(user_id):
    user = db.get_or_404(User, user_id)
    require("user.block", user)
    form = BlockForm()
    if form.validate_on_submit():
        if accounts.block(user, current_actor(), form.reason.data.strip()):
            flash(_("The account is blocked and has been signed out everywhere."), "success")
        else:
            flash(_("This account was already blocked."), "info")
        return _back_to(user)
    return _user_page(user, 422, block_form=form)


@bp.post("/users/<id:user_id>/unblock")
def unblock(user_id):
    user = db.get_or_404(User, user_id)
    require("user.block", user)
    form = UnblockForm()
    if form.validate_on_submit():
        if accounts.unblock(user, current_actor(), (form.reason.data or "").strip() or None):
            flash(_("The account is unblocked. Its owner can sign in again."), "success")
        else:
            flash(_("This account was not blocked."), "info")
        return _back_to(user)
    return _user_page(user, 422, unblock_form=form)


# Organisations -------------------------------------------------------------------------------


@bp.get("/organisations")
def organisations_list():
    require("organisation.manage")
    return render_template("admin/organisations.html", page=queries.organisations_page(_page()))


def _refuse(form, error):
    add_error(form, error.field, ORGANISATION_ERROR_MESSAGES[error.code])


@bp.route("/organisations/new", methods=["GET", "POST"])
def create_organisation():
    require("organisation.manage")
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = organisations.create(current_actor(), form.name.data, form.description.data or "")
        except organisations.OrganisationError as error:
            _refuse(form, error)
        else:
            flash(_("The organisation has been created. Now add its members."), "success")
            return redirect(url_for("admin.organisation", org_id=org.id))
    status = 422 if form.errors else 200
    return render_template("admin/organisation_form.html", form=form, org=None), status


@bp.route("/organisations/<id:org_id>/edit", methods=["GET", "POST"])
def edit_organisation(org_id):
    org = db.get_or_404(Organisation, org_id)
    require("organisation.manage", org)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            changes = organisations.update(
                org, current_actor(), form.name.data, form.description.data or ""
            )
        except organisations.OrganisationError as error:
            _refuse(form, error)
        else:
            if changes:
                flash(_("The organisation has been saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("admin.organisation", org_id=org.id))
    status = 422 if form.errors else 200
    return render_template("admin/organisation_form.html", form=form, org=org), status


def _organisation_page(org, member_form=None, status=200):
    return render_template(
        "admin/organisation.html",
        org=org,
        members=queries.members_page(org, _page()),
        member_form=MemberForm(formdata=None) if member_form is None else member_form,
    ), status


@bp.get("/organisations/<id:org_id>")
def organisation(org_id):
    org = db.get_or_404(Organisation, org_id)
    require("organisation.manage", org)
    return _organisation_page(org)


@bp.post("/organisations/<id:org_id>/members")
def add_member(org_id):
    org = db.get_or_404(Organisation, org_id)
    require("organisation.manage", org)
    form = MemberForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data)
        if user is None:
            add_error(form, "email", NO_SUCH_ACCOUNT)
        else:
            if organisations.add_member(org, user, current_actor()):
                flash(_("The account has been added to the members."), "success")
            else:
                flash(_("This account is already a member."), "info")
            return redirect(url_for("admin.organisation", org_id=org.id))
    return _organisation_page(org, member_form=form, status=422)


@bp.post("/organisations/<id:org_id>/members/<id:user_id>/remove")
def remove_member(org_id, user_id):
    org = db.get_or_404(Organisation, org_id)
    user = db.get_or_404(User, user_id)
    require("organisation.manage", org)
    if organisations.remove_member(org, user, current_actor()):
        flash(_("The account has been removed from the members."), "success")
    else:
        flash(_("This account was not a member."), "info")
    return redirect(url_for("admin.organisation", org_id=org.id))


# History -------------------------------------------------------------------------------------


@bp.get("/history")
def history():
    page = queries.history_page(_page())
    return render_template(
        "admin/history.html", page=page, subjects=queries.history_subjects(page.items)
    )


# Background jobs -----------------------------------------------------------------------------


@bp.get("/jobs")
def jobs():
    from consult.translations import queries as translations

    return render_template(
        "admin/jobs.html",
        page=translations.failed_jobs_page(_page()),
        queued=translations.queued_jobs(),
        form=RetryForm(formdata=None),
    )


@bp.post("/jobs/<id:job_id>/retry")
def retry_job(job_id):
    from consult.core import jobs as background

    job = db.get_or_404(background.Job, job_id)
    if not RetryForm().validate_on_submit():
        abort(422)
    if background.retry(job):
        flash(_("The job is queued again."), "success")
    else:
        flash(_("This job has not failed: nothing to retry."), "info")
    return redirect(url_for("admin.jobs"))
