"""The moderators' tools in a thread: highlight a comment, lock the thread, write its summary
(translating it is the translations domain's)."""

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from consult.core.i18n import select_locale
from consult.core.permissions import current_actor
from consult.extensions import login_manager
from consult.feedback import operations as ops
from consult.feedback.forms import (
    HighlightForm,
    LockForm,
    SummaryForm,
)
from consult.feedback.views import (
    _back,
    _comment_or_404,
    _discussion_or_404,
    _message,
    _problem,
    _refuse,
    _subject_title,
    _to_comment,
    bp,
    subject_url,
)

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
