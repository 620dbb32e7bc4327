"""Thread actions: posting and replying, editing, deleting, supporting, a comment's edit history,
and the moderators' tools (lock, highlight, summary). Threads are shown on their subject's page
(``feedback/_thread.html``, built by :func:`embedded_thread`); every action here redirects back
to it.

Each handler loads (404), checks access (403), parses the form, calls an operation, then
renders or redirects."""

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.languages import CONTENT_LANGUAGES, direction
from consult.core.moderated import may_see_hidden
from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor, require
from consult.core.security import is_local_path
from consult.core.workflow import WorkflowError
from consult.extensions import login_manager
from consult.feedback import operations as ops
from consult.feedback import queries
from consult.feedback.forms import (
    ALIGNMENT_LABELS,
    ERROR_MESSAGES,
    ActionForm,
    CommentForm,
    EditForm,
    HighlightForm,
    LockForm,
    SummaryForm,
    SummaryTranslationForm,
    ThreadFilterForm,
    coerce_id,
)
from consult.feedback.models import MAX_DEPTH
from consult.feedback.subjects import kinds
from consult.moderation.queries import posting_block
from consult.organisations.operations import organisations_of
from consult.translations.display import load_translations, localize

bp = Blueprint("feedback", __name__, url_prefix="/<lang:lang>")


@bp.app_context_processor
def feedback_words():
    """Subject pages show threads too (``feedback/_thread.html``)."""
    return {
        "alignment_labels": ALIGNMENT_LABELS,
        "comment_max_depth": MAX_DEPTH,
        "content_languages": CONTENT_LANGUAGES,
    }


# Shared ---------------------------------------------------------------------------------------


def _message(code):
    return str(ERROR_MESSAGES.get(code, ERROR_MESSAGES["forbidden"]))


def _refuse(form, error):
    add_error(form, error.field, _message(error.code))


def subject_url(discussion, **kwargs):
    """The subject's page (where its thread is shown)."""
    kind = kinds()[discussion.kind]
    return url_for(kind.endpoint, **{kind.id_arg: discussion.subject.id}, **kwargs)


def _to_comment(comment, discussion, back=None):
    """Back to where the person was (``back``: a path on this site), else to the comment on
    its subject's page."""
    anchor = f"comment-{comment.id}"
    if back:
        return redirect(f"{back.split('#', 1)[0]}#{anchor}")
    number = queries.page_of(comment, current_user)
    return redirect(
        subject_url(discussion, comments=number if number > 1 else None, _anchor=anchor)
    )


def _back():
    """The ``next`` path a button form sent (a path on this site), or None."""
    value = request.form.get("next")
    if not isinstance(value, str) or len(value) > 2000 or not is_local_path(value):
        return None
    return value


def _discussion_or_404(kind_name, object_id):
    """The discussion of the subject, if the current user may see the subject; else 404."""
    kind = kinds().get(kind_name)
    if kind is None:
        abort(404)
    subject = kind.load(object_id)
    if subject is None:
        abort(404)
    discussion = ops.discussion_of(subject)
    if not can(current_user, f"{kind.name}.view", subject):
        abort(404)
    return discussion


def _comment_or_404(comment_id):
    """The comment and its discussion, if the current user may see both; else 404 (hidden
    comments are seen by their author and the thread's moderators only)."""
    comment = queries.load_comment(comment_id)
    if comment is None or not may_see_hidden(current_user, comment):
        abort(404)
    subject = ops.subject_of(comment.thread)
    if subject is None:
        abort(404)
    discussion = ops.discussion_of(subject, comment.thread)
    if not can(current_user, f"{discussion.kind}.view", subject):
        abort(404)
    return comment, discussion


def _subject_title(discussion, locale):
    return localize(discussion.subject, locale, {"title": None}).title


def posting_refusal(discussion, user):
    """Why ``user`` cannot comment on the discussion now (``sign_in``, ``blocked``,
    ``locked`` or ``closed``), or None when they can."""
    thread = discussion.thread
    locked = thread is not None and thread.is_locked
    if can(user, "feedback.comment", discussion):
        return "blocked" if posting_block(user) is not None else None
    if not getattr(user, "is_authenticated", False):
        return "locked" if locked else "sign_in"
    if posting_block(user) is not None:
        return "blocked"
    return "locked" if locked else "closed"


def _comment_form(discussion, locale, organisations=None, **kwargs):
    if organisations is None:
        organisations = organisations_of(current_user)
    return CommentForm(**kwargs).setup(
        locale, organisations, ops.moderates(current_user, discussion)
    )


@dataclass
class EmbeddedThread:
    """What a subject page needs to show its thread (``feedback/_thread.html``)."""

    view: object
    endpoint: str
    #: The subject page's URL arguments, and the same with the thread's filters (for pages).
    args: dict
    page_args: dict
    #: Why the reader cannot comment (see :func:`posting_refusal`), or None.
    refusal: str | None
    block: object
    form: object
    filter_form: object
    lock_form: object

    @property
    def discussion(self):
        return self.view.discussion

    def url(self, **kwargs):
        return url_for(self.endpoint, **self.args, **kwargs)


def embedded_thread(subject, locale):
    """The subject's thread as the current reader sees it, filtered and paged by the request's
    ``sort``, ``alignment``, ``until`` and ``comments`` arguments."""
    discussion = ops.discussion_of(subject)
    filters = queries.parse_filters(request.args)
    view = queries.thread_view(
        discussion, current_user, locale, filters, page_number(request.args.get("comments"))
    )
    refusal = posting_refusal(discussion, current_user)
    # Loaded for every signed-in reader, form or not: a page runs the same statements whether
    # or not its subject takes comments.
    organisations = organisations_of(current_user) if current_user.is_authenticated else []
    kind = kinds()[discussion.kind]
    args = {kind.id_arg: subject.id}
    return EmbeddedThread(
        view=view,
        endpoint=kind.endpoint,
        args=args,
        page_args={**args, **filters.as_args()},
        refusal=refusal,
        block=posting_block(current_user) if refusal == "blocked" else None,
        form=_comment_form(discussion, locale, organisations, formdata=None)
        if refusal is None
        else None,
        filter_form=ThreadFilterForm(
            formdata=None, sort=filters.sort, alignment=filters.alignment or ""
        ),
        lock_form=LockForm(formdata=None) if view.may_moderate else None,
    )


def _problem(form, discussion, status=422):
    """A button's form that cannot be taken (a value that does not fit, a reason too long):
    the messages, and the way back."""
    return render_template(
        "feedback/problem.html",
        form=form,
        discussion=discussion,
        subject_title=_subject_title(discussion, select_locale()),
        back=subject_url(discussion, _anchor="comments"),
    ), status


# Posting --------------------------------------------------------------------------------------


def _parent_of(discussion, value):
    """The comment ``value`` names in this discussion, if the reader may see it; else None."""
    comment_id = coerce_id(value)
    thread = discussion.thread
    if comment_id is None or thread is None:
        return None
    parent = queries.load_comment(comment_id)
    if parent is None or parent.thread_id != thread.id or not may_see_hidden(current_user, parent):
        return None
    return parent


def _compose_page(discussion, locale, form, parent, refusal=None, status=200):
    parent_view = None
    if parent is not None:
        parent_view = queries.comment_view(discussion, parent, current_user, locale)
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
        view=queries.comment_view(discussion, comment, current_user, locale),
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
        shown=localize(comment, locale, queries.COMMENT_FIELDS) if readable else None,
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


# The moderators' tools ------------------------------------------------------------------------


def _moderator_or_403(discussion):
    if not current_user.is_authenticated or not ops.moderates(current_user, discussion):
        abort(403)


@bp.post("/comments/<id:comment_id>/highlight")
def highlight(comment_id):
    comment, discussion = _comment_or_404(comment_id)
    _moderator_or_403(discussion)
    form = HighlightForm()
    if not form.validate_on_submit():
        return _problem(form, discussion)
    on = form.on.data == "1"
    try:
        changed = ops.highlight(comment, current_actor(), on)
    except ops.FeedbackError as error:
        if error.code == "forbidden":
            abort(403)
        flash(_message(error.code), "error")
    else:
        if not changed:
            flash(_("Nothing was changed."), "info")
        elif on:
            flash(_("The comment is highlighted at the top of the discussion."), "success")
        else:
            flash(_("The comment is no longer highlighted."), "success")
    return _to_comment(comment, discussion, _back())


@bp.post("/discuss/<kind>/<id:object_id>/lock")
def lock(kind, object_id):
    discussion = _discussion_or_404(kind, object_id)
    _moderator_or_403(discussion)
    form = LockForm()
    if not form.validate_on_submit():
        return _problem(form, discussion)
    locked = form.locked.data == "1"
    try:
        changed = ops.lock(discussion, current_actor(), locked, form.reason.data)
    except ops.FeedbackError:
        abort(403)
    if not changed:
        flash(_("Nothing was changed."), "info")
    elif locked:
        flash(_("The discussion is closed: only moderators can post in it now."), "success")
    else:
        flash(_("The discussion is open again."), "success")
    return redirect(subject_url(discussion, _anchor="comments"))


@bp.route("/discuss/<kind>/<id:object_id>/summary", methods=["GET", "POST"])
def summary(kind, object_id):
    discussion = _discussion_or_404(kind, object_id)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    _moderator_or_403(discussion)
    locale = select_locale()
    thread = discussion.thread
    has_summary = thread is not None and bool(thread.summary)
    form = SummaryForm(
        text=thread.summary if has_summary else "",
        language=thread.summary_language if has_summary else "",
    ).setup(locale)
    if form.validate_on_submit():
        if not form.text.data and not has_summary:
            flash(_("Nothing was changed."), "info")
            return redirect(subject_url(discussion, _anchor="comments"))
        try:
            ops.summarise(discussion, current_actor(), form.text.data, form.language.data or None)
        except ops.FeedbackError as error:
            if error.code == "forbidden":
                abort(403)
            _refuse(form, error)
        else:
            if form.text.data:
                flash(
                    _("The summary is saved. It is shown at the top of the discussion."), "success"
                )
                return redirect(subject_url(discussion, _anchor="summary"))
            flash(_("The summary is removed."), "success")
            return redirect(subject_url(discussion, _anchor="comments"))
    return render_template(
        "feedback/summary.html",
        discussion=discussion,
        form=form,
        subject_title=_subject_title(discussion, locale),
        subject_url=subject_url(discussion),
        comments_count=thread.comments_count if thread is not None else 0,
    ), (422 if form.errors or form.form_errors else 200)


@bp.route("/discuss/<kind>/<id:object_id>/summary/<locale>", methods=["GET", "POST"])
def translate_summary(kind, object_id, locale):
    if locale not in CONTENT_LANGUAGES:
        abort(404)
    discussion = _discussion_or_404(kind, object_id)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    _moderator_or_403(discussion)
    thread = discussion.thread
    if thread is None or not thread.summary:
        flash(_message("no_summary"), "info")
        return redirect(subject_url(discussion, _anchor="comments"))
    found = load_translations([thread], locale).get((thread.__tablename__, thread.id), {})
    existing = found.get(("summary", locale))
    form = SummaryTranslationForm(text=existing.text if existing is not None else "")
    # What people type here is in the translation's language, not the page's.
    form.text.render_kw = {**(form.text.render_kw or {}), "lang": locale, "dir": direction(locale)}
    if locale == thread.summary_language and request.method == "GET":
        add_error(form, None, _message("same_language"))
    elif form.validate_on_submit():
        try:
            ops.translate_summary(thread, locale, form.text.data, current_actor())
        except ops.FeedbackError as error:
            if error.code == "forbidden":
                abort(403)
            if error.code in ("same_language", "no_summary"):
                add_error(form, None, _message(error.code))
            else:
                _refuse(form, error)
        else:
            flash(_("The translation is saved."), "success")
            return redirect(subject_url(discussion, _anchor="summary"))
    page_locale = select_locale()
    return render_template(
        "feedback/translate_summary.html",
        discussion=discussion,
        form=form,
        locale=locale,
        original=localize(thread, thread.summary_language, queries.SUMMARY_FIELDS).summary,
        subject_title=_subject_title(discussion, page_locale),
        subject_url=subject_url(discussion),
    ), (422 if request.method == "POST" else 200)
