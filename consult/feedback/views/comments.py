"""Posting and replying, one comment's page and its edit history, editing, deleting and
supporting."""

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.languages import direction
from consult.core.moderated import may_see_hidden
from consult.core.permissions import current_actor, require
from consult.core.workflow import WorkflowError
from consult.extensions import login_manager
from consult.feedback import operations as ops
from consult.feedback import queries, threads
from consult.feedback.forms import (
    ActionForm,
    EditForm,
    coerce_id,
)
from consult.feedback.models import MAX_DEPTH
from consult.feedback.views import (
    _back,
    _comment_form,
    _comment_or_404,
    _discussion_or_404,
    _message,
    _problem,
    _refuse,
    _subject_title,
    _to_comment,
    bp,
    posting_refusal,
    subject_url,
)
from consult.moderation.queries import posting_block
from consult.translations.display import localize

# Posting --------------------------------------------------------------------------------------


def _parent_of(discussion, value):
    """The comment ``value`` names in this discussion, if the reader may see it; else None."""
    comment_id = coerce_id(value)
    thread = discussion.thread
    if comment_id is None or thread is None:
        return None
    parent = threads.load_comment(comment_id)
    if parent is None or parent.thread_id != thread.id or not may_see_hidden(current_user, parent):
        return None
    return parent


def _compose_page(discussion, locale, form, parent, refusal=None, status=200):
    parent_view = None
    if parent is not None:
        parent_view = threads.comment_view(discussion, parent, current_user, locale)
    return render_template(
        "feedback/compose.html",
        discussion=discussion,
        subject_title=_subject_title(discussion, locale),
        subject_url=subject_url(discussion),
        form=form,
        parent=parent,
        parent_view=parent_view,
        refusal=refusal,
        block=posting_block(current_user) if refusal == "blocked" else None,
    ), status


@bp.route("/discuss/<kind>/<id:object_id>/comments/new", methods=["GET", "POST"])
def compose(kind, object_id):
    discussion = _discussion_or_404(kind, object_id)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    locale = select_locale()
    posting = request.method == "POST"
    parent_value = request.form.get("parent") if posting else request.args.get("parent")
    parent = _parent_of(discussion, parent_value) if parent_value else None
    if parent_value and parent is None and not posting:
        abort(404)
    refusal = posting_refusal(discussion, current_user)
    if refusal is not None:
        return _compose_page(discussion, locale, None, parent, refusal, 403 if posting else 200)
    form = _comment_form(discussion, locale, parent=str(parent.id) if parent else "")
    if parent_value and parent is None:
        add_error(form, None, _message("unknown_parent"))
    elif parent is not None and parent.depth >= MAX_DEPTH:
        add_error(form, None, _message("too_deep"))
    if not form.form_errors and form.validate_on_submit():
        organisation_id = None
        if form.organisation.data:
            organisation_id = coerce_id(form.organisation.data)
            if organisation_id is None:
                add_error(form, "organisation", _message("not_member"))
        if not form.errors:
            try:
                comment = ops.post(
                    discussion,
                    current_actor(),
                    form.body.data,
                    form.alignment.data,
                    parent=parent,
                    organisation_id=organisation_id,
                    official=form.official.data,
                    language=form.language.data or None,
                )
            except ops.FeedbackError as error:
                if error.code == "forbidden":
                    abort(403)
                if error.code in ("locked", "blocked"):
                    return _compose_page(discussion, locale, None, parent, error.code, 403)
                _refuse(form, error)
            else:
                flash(_("Your comment is posted."), "success")
                return _to_comment(comment, discussion)
    status = 422 if form.errors or form.form_errors else 200
    return _compose_page(discussion, locale, form, parent, status=status)


# One comment ----------------------------------------------------------------------------------


@bp.get("/comments/<id:comment_id>")
def show(comment_id):
    comment, discussion = _comment_or_404(comment_id)
    locale = select_locale()
    return render_template(
        "feedback/show.html",
        comment=comment,
        discussion=discussion,
        view=threads.comment_view(
            discussion, comment, current_user, locale, original=request.args.get("original") == "1"
        ),
        subject_title=_subject_title(discussion, locale),
        subject_url=subject_url(discussion),
        may_reply=posting_refusal(discussion, current_user) is None,
    )


@bp.get("/comments/<id:comment_id>/history")
def history(comment_id):
    comment, discussion = _comment_or_404(comment_id)
    locale = select_locale()
    readable = comment.is_published
    return render_template(
        "feedback/history.html",
        comment=comment,
        discussion=discussion,
        shown=localize(comment, locale, threads.COMMENT_FIELDS) if readable else None,
        revisions=queries.revisions_of(comment) if readable else [],
        direction=direction,
        subject_title=_subject_title(discussion, locale),
        subject_url=subject_url(discussion),
    )


@bp.route("/comments/<id:comment_id>/edit", methods=["GET", "POST"])
def edit(comment_id):
    comment, discussion = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    require("comment.edit", comment)
    locale = select_locale()
    form = EditForm(obj=comment).setup(locale)
    if form.validate_on_submit():
        try:
            changed = ops.edit(comment, current_actor(), form.body.data, form.language.data)
        except ops.FeedbackError as error:
            if error.code == "forbidden":
                abort(403)
            _refuse(form, error)
        else:
            if changed:
                flash(_("Your changes are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return _to_comment(comment, discussion)
    return render_template(
        "feedback/edit.html",
        comment=comment,
        discussion=discussion,
        form=form,
        subject_title=_subject_title(discussion, locale),
        subject_url=subject_url(discussion),
    ), (422 if form.errors or form.form_errors else 200)


@bp.post("/comments/<id:comment_id>/delete")
def delete(comment_id):
    comment, discussion = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        abort(403)
    require("comment.delete", comment)
    form = ActionForm()
    if not form.validate_on_submit():
        return _problem(form, discussion)
    try:
        ops.delete(comment, current_actor())
    except WorkflowError as error:
        if error.code == "forbidden":
            abort(403)
        flash(_message(error.code), "error")
    else:
        flash(_("Your comment is deleted. Its replies stay."), "success")
    return _to_comment(comment, discussion, _back())


@bp.post("/comments/<id:comment_id>/support")
def support(comment_id):
    comment, discussion = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        abort(403)
    form = ActionForm()
    if not form.validate_on_submit():
        return _problem(form, discussion)
    try:
        ops.support(comment, current_actor())
    except ops.FeedbackError as error:
        if error.code == "forbidden":
            abort(403)
        flash(_message(error.code), "info" if error.code == "already_supported" else "error")
    else:
        flash(_("You support this comment."), "success")
    return _to_comment(comment, discussion, _back())


@bp.post("/comments/<id:comment_id>/unsupport")
def unsupport(comment_id):
    comment, discussion = _comment_or_404(comment_id)
    if not current_user.is_authenticated:
        abort(403)
    form = ActionForm()
    if not form.validate_on_submit():
        return _problem(form, discussion)
    if ops.unsupport(comment, current_actor()):
        flash(_("You no longer support this comment."), "success")
    else:
        flash(_("You did not support this comment."), "info")
    return _to_comment(comment, discussion, _back())
