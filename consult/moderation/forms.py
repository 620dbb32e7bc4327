"""The moderation forms, the words for reasons, decisions and refusals."""

from datetime import datetime, time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, to_user_timezone, to_utc
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Form,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from consult.accounts.forms import NoControlCharacters
from consult.consultations.forms import timezone_name
from consult.core.history import label_actions, utcnow
from consult.core.moderated import KINDS
from consult.moderation.models import DECISION_REASONS, DETAILS_MAX, FLAG_REASONS

#: What each flag or decision reason, and each hidden reason, is called.
REASON_LABELS = {
    "spam": lazy_pgettext("moderation reason", "Spam or advertising"),
    "hate": lazy_pgettext("moderation reason", "Hate or harassment"),
    "personal_info": lazy_pgettext("moderation reason", "Personal information exposed"),
    "off_topic": lazy_pgettext("moderation reason", "Off-topic"),
    "misinformation": lazy_pgettext("moderation reason", "Misinformation"),
    "other": lazy_pgettext("moderation reason", "Other"),
    "no_breach": lazy_pgettext("moderation reason", "Breaks no rule"),
    "flagged": lazy_pgettext("moderation reason", "Reported by several people, awaiting review"),
    "author_blocked": lazy_pgettext("moderation reason", "The author is blocked"),
}

ACTION_LABELS = {
    "hide": lazy_pgettext("moderation decision", "Hidden"),
    "restore": lazy_pgettext("moderation decision", "Restored"),
    "dismiss": lazy_pgettext("moderation decision", "Reports dismissed"),
    "uphold": lazy_pgettext("moderation decision", "Appeal refused"),
    "block": lazy_pgettext("moderation decision", "Blocked from posting"),
    "unblock": lazy_pgettext("moderation decision", "Block lifted"),
}

label_actions(
    {
        "moderation.hold": _l("Hidden until a moderator reviews it"),
        "moderation.hide": _l("Hidden by a moderator"),
        "moderation.restore": _l("Restored by a moderator"),
        "user.posting_blocked": _l("Blocked from posting"),
        "user.posting_unblocked": _l("Allowed to post again"),
    }
)

#: What each refusal from ``moderation.operations`` says to the person.
ERROR_MESSAGES = {
    "blocked": _l(
        "The moderators have stopped you from posting for now. Your account page says why."
    ),
    "own_content": _l("You cannot report what you wrote yourself."),
    "forbidden": _l("You may not do this."),
    "unknown_reason": _l("Choose a reason from the list."),
    "text_required": _l("Write a few words."),
    "text_too_long": _l("Use at most %(max)d characters.", max=DETAILS_MAX),
    "already_flagged": _l("You have already reported this. The moderators will look at it."),
    "unknown_action": _l("Choose what to do: hide, restore or dismiss the reports."),
    "hide_needs_breach": _l("To hide something, choose the rule it breaks."),
    "nothing_chosen": _l("Choose at least one item."),
    "not_hidden": _l("This is not hidden: there is nothing to appeal."),
    "nothing_to_appeal": _l(
        "No moderator has decided about this yet: it waits for review. You can appeal once "
        "they have."
    ),
    "already_appealed": _l("You have already appealed. Each decision can be appealed once."),
    "already_decided": _l("This appeal has already been decided."),
    "own_decision": _l(
        "You hid this item yourself, so another moderator must decide the appeal. "
        "Nothing was changed."
    ),
    "ends_in_past": _l("Choose a date after today, or leave it empty."),
    "already_blocked": _l("This person is already stopped from posting."),
    "not_blocked": _l("This person is not stopped from posting."),
}

#: The decisions a moderator takes on flagged content.
DECISION_LABELS = {
    "hide": lazy_pgettext("moderation decision", "Hide"),
    "restore": lazy_pgettext("moderation decision", "Restore (make it visible)"),
    "dismiss": lazy_pgettext("moderation decision", "Dismiss the reports"),
}
#: What a moderator decides about an appeal.
APPEAL_LABELS = {
    "grant": lazy_pgettext("appeal decision", "Grant: restore the item"),
    "refuse": lazy_pgettext("appeal decision", "Refuse: keep it hidden"),
}
APPEAL_STATE_LABELS = {
    "open": lazy_pgettext("appeal state", "Waiting for a moderator"),
    "granted": lazy_pgettext("appeal state", "Granted: the item is visible again"),
    "refused": lazy_pgettext("appeal state", "Refused: the item stays hidden"),
}
KIND_LABELS = {
    "proposal": lazy_pgettext("moderated content", "Proposal"),
    "comment": lazy_pgettext("moderated content", "Comment"),
}


class Limit(Length):
    """At most ``max`` characters, said next to the field (no ``maxlength``: a browser would cut
    pasted text silently)."""

    def __init__(self, max):
        super().__init__(max=max, message=_l("Use at most %(max)d characters.", max=max))
        self.field_flags = {}


def _clean(value):
    """One kind of line break and no white space around: what a limit counts."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _reason_choices(reasons, empty_label=None):
    choices = [SelectChoice(reason, REASON_LABELS[reason]) for reason in reasons]
    return ([SelectChoice("", empty_label)] if empty_label else []) + choices


def _choices(labels):
    return [SelectChoice(value, label) for value, label in labels.items()]


def _text_field(label, description, required=False, rows=3):
    validators = [Limit(DETAILS_MAX), NoControlCharacters()]
    if required:
        validators.insert(0, DataRequired(message=ERROR_MESSAGES["text_required"]))
    return TextAreaField(
        label,
        validators=validators,
        filters=[_clean],
        description=description,
        render_kw={"rows": rows, "dir": "auto"},
    )


class FlagForm(FlaskForm):
    reason = RadioField(
        _l("What is wrong with it?"),
        choices=_reason_choices(FLAG_REASONS),
        validators=[InputRequired(message=_l("Choose a reason."))],
        validate_choice=False,
    )
    details = _text_field(
        _l("Details"),
        _l(
            "Optional, except for “Other”: what the moderators should look at (at most "
            "%(max)d characters). Only the moderators read it.",
            max=DETAILS_MAX,
        ),
    )

    def validate_reason(self, field):
        if field.data not in FLAG_REASONS:
            raise ValidationError(ERROR_MESSAGES["unknown_reason"])

    def validate_details(self, field):
        if self.reason.data == "other" and not field.data:
            raise ValidationError(_l("Say what is wrong: you chose “Other”."))


#: Hiding needs a rule broken; restoring and dismissing give "no_breach" or the rule.
_DECISION_REASON_EMPTY = _l("Choose a reason")


class DecisionForm(FlaskForm):
    """One decision about one or several flagged items (``items``: "kind:id" values, the
    queue's checkboxes)."""

    items = SelectMultipleField(
        _l("Items"),
        validate_choice=False,
        validators=[DataRequired(message=ERROR_MESSAGES["nothing_chosen"])],
    )
    action = RadioField(
        _l("Decision"),
        choices=_choices(DECISION_LABELS),
        validators=[InputRequired(message=_l("Choose what to do."))],
        validate_choice=False,
    )
    reason = SelectField(
        _l("Reason"),
        choices=_reason_choices(DECISION_REASONS, _DECISION_REASON_EMPTY),
        validators=[InputRequired(message=ERROR_MESSAGES["unknown_reason"])],
        validate_choice=False,
        description=_l(
            "To hide, the rule it breaks; to restore or dismiss, usually “Breaks no rule”."
        ),
    )
    text = _text_field(
        _l("Note (optional)"),
        _l("The author reads it on their account page, with the reason."),
    )

    def validate_action(self, field):
        if field.data not in DECISION_LABELS:
            raise ValidationError(ERROR_MESSAGES["unknown_action"])

    def validate_reason(self, field):
        if field.data not in DECISION_REASONS:
            raise ValidationError(ERROR_MESSAGES["unknown_reason"])
        if self.action.data == "hide" and field.data == "no_breach":
            raise ValidationError(ERROR_MESSAGES["hide_needs_breach"])

    def keys(self):
        """The chosen items as ``(kind, id)``; None when one is not of that form."""
        keys = []
        for value in self.items.data or ():
            kind, _sep, number = str(value).partition(":")
            if kind not in KINDS or not (number.isdigit() and len(number) < 10):
                return None
            keys.append((kind, int(number)))
        return list(dict.fromkeys(keys))


class AppealForm(FlaskForm):
    text = _text_field(
        _l("Why should the decision change?"),
        _l(
            "Explain in your own words (at most %(max)d characters). A moderator who did not "
            "take the decision reads it. You can appeal only once.",
            max=DETAILS_MAX,
        ),
        required=True,
        rows=6,
    )


class AppealDecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=_choices(APPEAL_LABELS),
        validators=[InputRequired(message=_l("Choose whether to grant or refuse the appeal."))],
        validate_choice=False,
    )
    reason = SelectField(
        _l("Reason"),
        choices=_reason_choices(DECISION_REASONS, _DECISION_REASON_EMPTY),
        validators=[InputRequired(message=ERROR_MESSAGES["unknown_reason"])],
        validate_choice=False,
    )
    text = _text_field(
        _l("Note (optional)"),
        _l("The author reads it on their account page."),
    )

    def validate_decision(self, field):
        if field.data not in APPEAL_LABELS:
            raise ValidationError(_l("Choose whether to grant or refuse the appeal."))

    def validate_reason(self, field):
        if field.data not in DECISION_REASONS:
            raise ValidationError(ERROR_MESSAGES["unknown_reason"])
        if self.decision.data == "refuse" and field.data == "no_breach":
            raise ValidationError(ERROR_MESSAGES["hide_needs_breach"])


def _today():
    """Today's date in the platform's time zone (``CONSULT_TIMEZONE``)."""
    return to_user_timezone(utcnow()).date()


class BlockForm(FlaskForm):
    reason = SelectField(
        _l("Reason"),
        choices=_reason_choices(FLAG_REASONS, _DECISION_REASON_EMPTY),
        validators=[InputRequired(message=ERROR_MESSAGES["unknown_reason"])],
        validate_choice=False,
    )
    text = _text_field(
        _l("Note (optional)"),
        _l("The person reads it on their account page, with the reason."),
    )
    ends_on = DateField(
        _l("Allowed to post again on (optional)"),
        validators=[Optional()],
        invalid_value_message=_l("Enter a date, like 2026-03-31."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ends_on.description = _(
            "From the start of this day, in %(zone)s. Leave it empty to block until a "
            "moderator lifts the block.",
            zone=timezone_name(),
        )

    def validate_reason(self, field):
        if field.data not in FLAG_REASONS:
            raise ValidationError(ERROR_MESSAGES["unknown_reason"])

    def validate_ends_on(self, field):
        if field.data is not None and field.data <= _today():
            raise ValidationError(ERROR_MESSAGES["ends_in_past"])

    def ends_at(self):
        """The end as the operation takes it: the start of the day, in UTC (None: no end)."""
        if self.ends_on.data is None:
            return None
        return to_utc(datetime.combine(self.ends_on.data, time()))


class UnblockForm(FlaskForm):
    text = _text_field(
        _l("Note (optional)"),
        _l("Why the block ends early, for the moderation record."),
    )


class QueueFilterForm(Form):
    """The queue's filters (a GET form: nothing changes, no CSRF token)."""

    consultation = SelectField(_l("Consultation"), validate_choice=False, id="filter-consultation")
    reason = SelectField(_l("Reason"), validate_choice=False, id="filter-reason")

    def setup(self, consultations):
        """``consultations``: ``[(id, title)]`` the moderator may filter by."""
        self.consultation.choices = [SelectChoice("", _l("All"))] + [
            SelectChoice(str(i), t) for i, t in consultations
        ]
        self.reason.choices = _reason_choices(FLAG_REASONS, _l("All"))
        return self
