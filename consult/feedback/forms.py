"""The thread forms, the words for alignments, sorts and what operations refuse."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Optional

from consult.accounts.forms import NoControlCharacters
from consult.core.history import label_actions
from consult.core.text import isolate
from consult.feedback.models import BODY_MAX, SUMMARY_MAX
from consult.proposals.forms import Limit, language_choices

#: Reasons for locking a thread.
REASON_MAX = 1000

ALIGNMENT_LABELS = {
    "in_favour": lazy_pgettext("alignment", "In favour"),
    "against": lazy_pgettext("alignment", "Against"),
    "neutral": lazy_pgettext("alignment", "Neutral"),
}

SORT_LABELS = {
    "oldest": lazy_pgettext("comment sort", "Oldest first"),
    "newest": lazy_pgettext("comment sort", "Newest first"),
    "supported": lazy_pgettext("comment sort", "Most supported first"),
}

#: What each refusal from ``feedback.operations`` (and the workflow engine) says to the person.
ERROR_MESSAGES = {
    "body_required": _l("Write your comment."),
    "body_too_long": _l("Use at most %(max)d characters.", max=BODY_MAX),
    "unknown_alignment": _l("Choose in favour, against or neutral."),
    "unknown_language": _l("Choose a language from the list."),
    "not_member": _l("You can only post as an organisation you belong to."),
    "too_deep": _l(
        "Replies go three levels deep at most. Reply to an earlier comment in this "
        "conversation instead."
    ),
    "parent_gone": _l("The comment you reply to was deleted or hidden: it takes no replies."),
    "unknown_parent": _l("The comment you reply to is not part of this discussion."),
    "locked": _l("This discussion is closed by the moderators: it takes no new comments."),
    "blocked": _l("A moderator has stopped you from posting for now."),
    "forbidden": _l("You may not do this."),
    "already_supported": _l("You already support this comment."),
    "not_visible": _l("Only published comments that everyone can see can be highlighted."),
    "summary_too_long": _l("Use at most %(max)d characters.", max=SUMMARY_MAX),
    "wrong_state": _l("This is not possible any more: the comment has changed."),
    "comment_required": _l("Say why, in a few words."),
}

#: What the history of a comment or a thread calls each action ("translation.saved" is the
#: translations domain's).
label_actions(
    {
        "comment.posted": _l("Comment posted"),
        "comment.edited": _l("Comment changed"),
        "comment.delete": _l("Comment deleted by its author"),
        "comment.highlighted": _l("Comment highlighted by the moderators"),
        "comment.unhighlighted": _l("Comment no longer highlighted"),
        "thread.locked": _l("Discussion closed by the moderators"),
        "thread.unlocked": _l("Discussion opened again"),
        "thread.summarised": _l("Summary written"),
        "thread.summary_removed": _l("Summary removed"),
    }
)


def _newlines(value):
    """One kind of line break, so that a limit counts what the person sees."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def coerce_id(value):
    """A row id from a form, or None for anything that cannot be one."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isdigit() and len(value) < 11:
        number = int(value)
    else:
        return None
    return number if 0 < number <= 2_147_483_647 else None


def _body(label, description, id=None):
    return TextAreaField(
        label,
        id=id,
        validators=[
            DataRequired(message=_l("Write your comment.")),
            Limit(BODY_MAX),
            NoControlCharacters(),
        ],
        filters=[_newlines, _strip],
        description=description,
        render_kw={"rows": 6, "dir": "auto"},
    )


BODY_HINT = _l(
    "At most %(max)d characters. You can use Markdown: **bold**, *italics*, lists with -. "
    "Do not write your address, phone number or documents: everyone can read it.",
    max=BODY_MAX,
)


class CommentForm(FlaskForm):
    # The ids are the form's own: it shares its page with the subject's forms.
    body = _body(_l("Your comment"), BODY_HINT, id="comment-body")
    alignment = RadioField(
        _l("Your position"),
        id="comment-alignment",
        choices=[SelectChoice(value, label) for value, label in ALIGNMENT_LABELS.items()],
        default="neutral",
        validators=[DataRequired(message=_l("Choose in favour, against or neutral."))],
    )
    #: The organisation to post as ("" for oneself); offered to members of organisations. Any
    #: value is accepted here: the operation refuses an organisation one does not belong to.
    organisation = SelectField(
        _l("Post as"), id="comment-organisation", validate_choice=False, validators=[Optional()]
    )
    #: Offered to those who moderate the thread (the operation refuses anyone else).
    official = BooleanField(_l("Post as an official note of the moderators"), id="comment-official")
    language = SelectField(
        _l("Language you write in"),
        id="comment-language",
        description=_l("We can find it out from your text. Correct it if it is wrong."),
    )
    parent = HiddenField(id="comment-parent")

    def setup(self, locale, organisations, may_post_officially):
        """``organisations``: those the person belongs to."""
        self.organisation.choices = [("", _l("Yourself"))] + [
            (str(org.id), isolate(org.name)) for org in organisations
        ]
        self.offers_official = may_post_officially
        self.language.choices = language_choices(locale, detect=True)
        return self

    @property
    def offers_organisations(self):
        return len(self.organisation.choices) > 1 or bool(self.organisation.errors)


class EditForm(FlaskForm):
    body = _body(_l("Your comment"), BODY_HINT)
    language = SelectField(_l("Language you write in"))

    def setup(self, locale):
        self.language.choices = language_choices(locale)
        return self


class SummaryForm(FlaskForm):
    text = TextAreaField(
        _l("Summary"),
        validators=[Optional(), Limit(SUMMARY_MAX), NoControlCharacters()],
        filters=[_newlines, _strip],
        description=_l(
            "What people said, in plain words (Markdown, at most %(max)d characters). It covers "
            "the comments posted so far. Leave it empty to remove the summary.",
            max=SUMMARY_MAX,
        ),
        render_kw={"rows": 10, "dir": "auto"},
    )
    language = SelectField(_l("Language of the summary"))

    def setup(self, locale):
        self.language.choices = language_choices(locale, detect=True)
        return self


class LockForm(FlaskForm):
    locked = HiddenField(validators=[AnyOf(("0", "1"), message=_l("Choose to close or open."))])
    reason = TextAreaField(
        _l("Why (optional)"),
        id="lock-reason",
        validators=[Optional(), Limit(REASON_MAX), NoControlCharacters()],
        filters=[_newlines, _strip],
        description=_l("Kept in the discussion's history."),
        render_kw={"rows": 2},
    )


class HighlightForm(FlaskForm):
    on = HiddenField(validators=[AnyOf(("0", "1"), message=_l("Choose to highlight or not."))])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class ThreadFilterForm(Form):
    """The thread's order and alignment filter (a GET form: nothing changes, no CSRF token)."""

    sort = SelectField(
        _l("Order"),
        id="comments-sort",
        choices=[SelectChoice(value, label) for value, label in SORT_LABELS.items()],
    )
    alignment = SelectField(
        _l("Position"),
        id="comments-alignment",
        choices=[
            SelectChoice("", _l("All")),
            *(SelectChoice(value, label) for value, label in ALIGNMENT_LABELS.items()),
        ],
    )
