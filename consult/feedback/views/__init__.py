"""Thread pages, by responsibility: ``comments`` (posting, replying, editing, deleting,
supporting, a comment's page and its edit history) and ``curating`` (the moderators' tools: lock,
highlight, summary). This module holds the blueprint, what they share, and
:func:`embedded_thread`, which subject pages call to show their thread
(``feedback/_thread.html``); every action redirects back to it.

Each handler loads (404), checks access (403), parses the form, calls an operation, then
renders or redirects."""

from dataclasses import dataclass

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.moderated import may_see_hidden
from consult.core.pagination import page_number
from consult.core.permissions import can
from consult.core.security import is_local_path
from consult.feedback import operations as ops
from consult.feedback import queries, threads
from consult.feedback.forms import (
    ALIGNMENT_LABELS,
    ERROR_MESSAGES,
    CommentForm,
    LockForm,
    ThreadFilterForm,
)
from consult.feedback.models import MAX_DEPTH
from consult.feedback.subjects import kinds
from consult.moderation.queries import posting_block
from consult.organisations.operations import organisations_of
from consult.translations.display import localize

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
    number = threads.page_of(comment, current_user)
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
    comment = threads.load_comment(comment_id)
    if comment is None or not may_see_hidden(current_user, comment):
        abort(404)
    subject = queries.subject_of(comment.thread)
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
    filters = threads.parse_filters(request.args)
    view = threads.thread_view(
        discussion,
        current_user,
        locale,
        filters,
        page_number(request.args.get("comments")),
        original=request.args.get("original") == "1",
    )
    refusal = posting_refusal(discussion, current_user)
    # Loaded for every signed-in reader, form or not (with the account: accounts.load_user).
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


# The routes live in these modules; importing them adds them to the blueprint.
from consult.feedback.views import comments, curating  # noqa: E402, F401
