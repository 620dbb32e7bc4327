"""The admin area's forms, and the words it shows for history actions."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, Form, SearchField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from consult.accounts.forms import NoControlCharacters
from consult.core.forms import PlainName
from consult.core.history import label_actions

#: What each history action is called on the history pages (unknown actions show their name).
label_actions(
    {
        "user.registered": _l("Account created"),
        "user.profile_changed": _l("Public name or language changed"),
        "user.password_changed": _l("Password changed"),
        "user.role_granted": _l("Role granted"),
        "user.role_revoked": _l("Role removed"),
        "user.blocked": _l("Account blocked"),
        "user.unblocked": _l("Account unblocked"),
        "organisation.created": _l("Organisation created"),
        "organisation.updated": _l("Organisation changed"),
        "organisation.member_added": _l("Member added"),
        "organisation.member_removed": _l("Member removed"),
    }
)

#: What each refusal from ``organisations.operations`` says to the person.
ORGANISATION_ERROR_MESSAGES = {
    "name_taken": _l("An organisation with this name already exists. Choose another name."),
}

NO_SUCH_ACCOUNT = _l(
    "No account uses this email address. Check the address, or ask the person to create an "
    "account first."
)


class SearchForm(Form):
    """The search box of the list of accounts (a GET form: nothing changes, no CSRF token)."""

    q = SearchField(
        _l("Email address or public name"),
        description=_l("Part of it is enough. Leave it empty to list every account."),
    )


class UnblockForm(FlaskForm):
    reason = StringField(
        _l("Reason (optional)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Use at most %(max)d characters.", max=500)),
            NoControlCharacters(),
        ],
    )


class RetryForm(FlaskForm):
    """The Retry button of a failed background job: only the CSRF token."""


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(message=_l("Enter the name of the organisation.")),
            PlainName(2, 120),
        ],
        description=_l("As the organisation calls itself."),
        render_kw={"maxlength": 120},
    )
    description = TextAreaField(
        _l("Description"),
        validators=[
            Length(max=2000, message=_l("Use at most %(max)d characters.", max=2000)),
            NoControlCharacters(),
        ],
        description=_l("Optional. What the organisation does, in a few sentences."),
        render_kw={"rows": 6},
    )


class MemberForm(FlaskForm):
    email = EmailField(
        _l("Email address of the account"),
        validators=[
            DataRequired(message=_l("Enter the email address of the account to add.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
        render_kw={"autocomplete": "off"},
    )
