"""Forms of verification: issuing codes, redeeming one, assisting a participant, and what each
refusal says to the person."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from consult.accounts.forms import NoControlCharacters
from consult.core.forms import locale_choices
from consult.verification import operations as ops

#: What each refusal from ``verification.operations`` says.
ERROR_MESSAGES = {
    "bad_count": _l("Choose how many codes: from 1 to %(max)d.", max=ops.MAX_CODES),
    "bad_valid_days": _l(
        "Choose from %(min)d to %(max)d days.", min=ops.VALID_DAYS[0], max=ops.VALID_DAYS[1]
    ),
    "bad_verified_days": _l(
        "Choose from %(min)d to %(max)d days.",
        min=ops.VERIFIED_DAYS[0],
        max=ops.VERIFIED_DAYS[1],
    ),
    "blocked": _l(
        "This account is blocked. If you think this is a mistake, contact the moderators."
    ),
    "malformed": _l(
        "A code has 12 letters and numbers, like ABCD-EFGH-JKMN. Check what you typed."
    ),
    "unknown": _l("This code is not right. Check it against your slip and try again."),
    "used": _l("This code has already been used. Each code works once: ask for a new one."),
    "expired": _l("This code has expired. Ask the service that gave it to you for a new one."),
    "revoked": _l(
        "This code has been cancelled. Ask the service that gave it to you for a new one."
    ),
    "already_revoked": _l("This code was already revoked."),
    "no_participant": _l("No account has this email address or public name."),
    "participant_blocked": _l("This account is blocked: it cannot take part."),
    "not_verified": _l(
        "This person is not a verified participant. Give them a code to redeem first."
    ),
    "self": _l("You cannot record a support for yourself here. Support it from the proposal."),
    "no_proposal": _l("Choose a proposal from the list."),
}

#: What each refusal from ``supports.operations.support`` says, on the assistance page.
SUPPORT_MESSAGES = {
    "blocked": ERROR_MESSAGES["participant_blocked"],
    "not_verified": ERROR_MESSAGES["not_verified"],
    "proposal_not_supportable": _l("This proposal no longer takes supports."),
    "phase_closed": _l("This consultation does not take supports now."),
    "own_proposal": _l("In this consultation, authors may not support their own proposals."),
    "already_supported": _l("This person already supports this proposal."),
    "limit_reached": _l("This person has used all their supports in this consultation."),
}
SUPPORT_REFUSED = _l("The support could not be recorded.")

STATE_TITLES = {
    "unused": _l("Unused"),
    "redeemed": _l("Redeemed"),
    "expired": _l("Expired"),
    "revoked": _l("Revoked"),
}


def throttled_message(minutes):
    return ngettext(
        "Too many wrong codes. For your safety, please wait %(num)d minute and try again.",
        "Too many wrong codes. For your safety, please wait %(num)d minutes and try again.",
        minutes,
    )


def _days_field(label, bounds, default, description, message):
    return IntegerField(
        label,
        default=default,
        validators=[InputRequired(message=message), NumberRange(*bounds, message=message)],
        invalid_value_message=message,
        description=description,
        render_kw={"min": bounds[0], "max": bounds[1], "inputmode": "numeric"},
    )


class IssueForm(FlaskForm):
    count = _days_field(
        _l("How many codes"),
        (1, ops.MAX_CODES),
        10,
        _l("One slip is printed for each code: one code for each person."),
        ERROR_MESSAGES["bad_count"],
    )
    valid_days = _days_field(
        _l("Days to redeem a code"),
        ops.VALID_DAYS,
        30,
        _l("After this many days an unused code no longer works."),
        ERROR_MESSAGES["bad_valid_days"],
    )
    verified_days = _days_field(
        _l("Days a person stays verified"),
        ops.VERIFIED_DAYS,
        365,
        _l("Counted from the day the person redeems the code."),
        ERROR_MESSAGES["bad_verified_days"],
    )
    language = SelectField(
        _l("Language of the slips"),
        choices=locale_choices(),
        description=_l("The language of the instructions printed on each slip."),
    )


class RedeemForm(FlaskForm):
    code = StringField(
        _l("Your code"),
        validators=[
            InputRequired(message=_l("Type the code from your slip.")),
            Length(max=64, message=ERROR_MESSAGES["malformed"]),
            NoControlCharacters(),
        ],
        description=_l("12 letters and numbers, like ABCD-EFGH-JKMN. Small or capital letters."),
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "maxlength": 64,
        },
    )


class RevokeForm(FlaskForm):
    """Only the CSRF token: the code is in the URL."""


class FindParticipantForm(FlaskForm):
    participant = StringField(
        _l("The participant's email address or public name"),
        validators=[
            InputRequired(message=_l("Type the participant's email address or public name.")),
            Length(max=254, message=ERROR_MESSAGES["no_participant"]),
            NoControlCharacters(),
        ],
        description=_l("Ask the person. Only verified participants can be found."),
        render_kw={"autocomplete": "off", "maxlength": 254},
    )


class AssistForm(FlaskForm):
    participant = HiddenField()
    proposal = SelectField(
        _l("Proposal to support"),
        coerce=int,
        validate_choice=True,
        invalid_value_message=ERROR_MESSAGES["no_proposal"],
        invalid_choice_message=ERROR_MESSAGES["no_proposal"],
    )


class AuditFilterForm(Form):
    """The consultation filter of the audit list (GET: nothing changes, no CSRF token)."""

    consultation = SelectField(_l("Consultation"), validate_choice=False)
