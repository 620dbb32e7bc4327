"""Who may comment, edit, delete, support and curate a thread. Each predicate says the rule it
encodes.

Commenting asks the subject's own domain: ``<kind>.comment`` (``proposal.comment``,
``consultation.comment`` …) with the subject loaded as its view permission needs."""

from consult.consultations.permissions import CURATORS
from consult.core.permissions import allowed, can, principals, rule


def _signed_in(user):
    return getattr(user, "is_authenticated", False)


@rule("feedback.comment")
def may_comment(user, discussion):
    """Whoever the subject lets comment, in a thread that is not locked (moderators post in a
    locked one: their notes explain why it is)."""
    thread, subject = discussion.thread, discussion.subject
    if not _signed_in(user) or not can(user, f"{discussion.kind}.comment", subject):
        return False
    return thread is None or not thread.is_locked or can(user, "feedback.moderate", thread)


@rule("feedback.moderate")
def may_moderate(user, thread):
    """Moderators, admins and the subject's consultation's moderators lock a thread, highlight
    comments, post official notes and write its summary."""
    return bool(principals(user, thread) & CURATORS)


@rule("comment.edit")
def may_edit(user, comment):
    """The author edits a published comment that is not under moderation."""
    return allowed(user, comment, "edit") and not comment.is_hidden


@rule("comment.delete")
def may_delete(user, comment):
    """The author deletes their comment (its text goes; the replies stay)."""
    return _signed_in(user) and comment.author_id == user.id and comment.state == "published"


@rule("comment.support")
def may_support(user, comment):
    """A signed-in member supports a visible comment of someone else's (once)."""
    return (
        _signed_in(user)
        and comment.author_id != user.id
        and comment.state == "published"
        and not comment.is_hidden
    )
