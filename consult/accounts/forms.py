import unicodedata

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from consult.accounts.models import ROLES
from consult.core.forms import PlainName, locale_choices

PASSWORD_MIN, PASSWORD_MAX = 10, 128

#: What each refusal from ``accounts.operations`` says to the person.
ERROR_MESSAGES = {
    "email_taken": _l(
        "An account with this email address already exists. Sign in, or reset "
        "your password if you have forgotten it."
    ),
    "display_name_taken": _l("Someone already uses this name. Please choose another."),
    "terms_required": _l("You need to accept the terms of use to create an account."),
    "bad_credentials": _l("The email address or the password is not right."),
    "blocked": _l(
        "This account is blocked. If you think this is a mistake, contact the moderators."
    ),
    "wrong_password": _l("This is not your current password."),
    "unknown_role": _l("Choose a role from the list."),
    "unknown_language": _l("Choose a language from the list."),
    "duplicate_language": _l("Choose each language once."),
    "too_many_languages": _l("Choose at most three languages."),
}


class NoControlCharacters:
    """Free text with no control characters but line breaks and tabs (PostgreSQL refuses a NUL,
    and the others only hide or garble text)."""

    def __call__(self, form, field):
        if any(
            unicodedata.category(ch) == "Cc" and ch not in "\n\r\t" for ch in (field.data or "")
        ):
            raise ValidationError(_l("Remove the invisible control characters from this text."))


def throttled_message(minutes):
    return ngettext(
        "Too many failed attempts to sign in. For your safety, please wait %(num)d minute "
        "and try again.",
        "Too many failed attempts to sign in. For your safety, please wait %(num)d minutes "
        "and try again.",
        minutes,
    )


def email_field(label=None):
    return EmailField(
        label or _l("Email address"),
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
        render_kw={"autocomplete": "email"},
    )


def new_password_field(label):
    return PasswordField(
        label,
        validators=[
            InputRequired(message=_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l(
                    "Use between %(min)d and %(max)d characters.",
                    min=PASSWORD_MIN,
                    max=PASSWORD_MAX,
                ),
            ),
        ],
        description=_l(
            "At least %(min)d characters. A few words you will remember work well.",
            min=PASSWORD_MIN,
        ),
        render_kw={"autocomplete": "new-password"},
    )


def display_name_field():
    return StringField(
        _l("Public name"),
        validators=[DataRequired(message=_l("Choose a public name.")), PlainName(2, 40)],
        description=_l("Shown next to what you write. It does not have to be your real name."),
        render_kw={"autocomplete": "nickname", "maxlength": 40},
    )


def locale_field():
    return SelectField(_l("Language"), choices=locale_choices())


class RegisterForm(FlaskForm):
    display_name = display_name_field()
    email = email_field()
    password = new_password_field(_l("Password"))
    preferred_locale = locale_field()
    accept_terms = BooleanField(
        _l("I accept the terms of use"),
        validators=[DataRequired(message=ERROR_MESSAGES["terms_required"])],
    )


class SignInForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class ProfileForm(FlaskForm):
    display_name = display_name_field()
    preferred_locale = locale_field()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password = new_password_field(_l("New password"))


ROLE_LABELS = {
    "moderator": _l("Moderator"),
    "admin": _l("Administrator"),
    "verifier": _l("Verifier"),
    "translator": _l("Translator"),
}


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r, ROLE_LABELS[r]) for r in ROLES],
        invalid_choice_message=ERROR_MESSAGES["unknown_role"],
    )


class BlockForm(FlaskForm):
    reason = StringField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Say why, so the decision can be reviewed.")),
            Length(max=500, message=_l("Use at most %(max)d characters.", max=500)),
            NoControlCharacters(),
        ],
    )


class ReadingLanguagesForm(FlaskForm):
    """The other languages a person reads, best first (``User.reading_languages``)."""

    first = SelectField(_l("First other language"))
    second = SelectField(_l("Second other language"))
    third = SelectField(_l("Third other language"))

    def setup(self, locale):
        from consult.core.languages import CONTENT_LANGUAGES, language_name

        choices = [("", _l("None"))] + [
            SelectChoice(code, language_name(code, locale), render_kw={"lang": code})
            for code in CONTENT_LANGUAGES
        ]
        for field in self.slots:
            field.choices = choices
            field.invalid_choice_message = ERROR_MESSAGES["unknown_language"]
        return self

    @property
    def slots(self):
        return (self.first, self.second, self.third)

    @classmethod
    def data_of(cls, user):
        codes = [*(user.reading_languages or ()), "", "", ""]
        return dict(zip(("first", "second", "third"), codes, strict=False))

    def codes(self):
        return [field.data for field in self.slots]

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        seen = set()
        for field in self.slots:
            if field.data and field.data in seen:
                field.errors = [*field.errors, ERROR_MESSAGES["duplicate_language"]]
                return False
            seen.add(field.data)
        return True
