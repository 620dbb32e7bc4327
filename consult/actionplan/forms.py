"""The Action Plan's forms and the words for what its operations refuse."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from consult.accounts.forms import NoControlCharacters
from consult.actionplan.models import BODY_MAX, TEXT_MAX, TITLE_MAX
from consult.actionplan.operations import REASON_MAX
from consult.core.history import label_actions
from consult.core.languages import CONTENT_LANGUAGES, language_name

# Revisions ------------------------------------------------------------------------------------

#: What each refusal from ``actionplan.operations`` (and the workflow engine) says.
REVISION_MESSAGES = {
    "title_required": _l("Give it a title."),
    "title_too_long": _l("Use at most %(max)d characters.", max=TITLE_MAX),
    "text_required": _l("Say why, in a few words."),
    "text_too_long": _l("This text is too long: shorten it."),
    "unknown_language": _l("Choose a language from the list."),
    "unknown_kind": _l("Choose what the amendment does: add, change or retire a measure."),
    "unknown_section": _l("Choose a section of the plan from the list."),
    "unknown_measure": _l("Choose a measure of the plan from the list."),
    "measure_retired": _l("This measure is retired: it cannot be changed or retired again."),
    "nothing_changed": _l("Change at least one of the measure's texts."),
    "cannot_cite": _l(
        "Only published content everyone can read can be cited: %(what)s is hidden, not "
        "published or does not exist."
    ),
    "needs_citation": _l(
        "Cite the proposals, comments or outcomes behind this amendment, or say that the "
        "municipality initiated it."
    ),
    "measure_already_amended": _l(
        "This revision already amends this measure: remove that amendment first, or change it "
        "there."
    ),
    "no_amendments": _l("The revision has no amendments yet: add one first."),
    "rebase_needed": _l(
        "The plan has a newer version than the one this revision amends: bring the revision "
        "up to date first."
    ),
    "amendments_no_longer_apply": _l(
        "Some amendments no longer apply to the current version of the plan: remove them first."
    ),
    "already_published": _l("Another revision was published from the same version meanwhile."),
    "comment_required": _l("Say why, in a few words."),
    "wrong_state": _l("This is not possible in the revision's present state."),
    "unknown_transition": _l("This is not possible."),
    "forbidden": _l("You may not do this."),
}

CITATION_KINDS = {
    "proposals": _l("proposal %(number)s"),
    "comments": _l("comment %(number)s"),
    "consultation_outcomes": _l("outcome %(number)s"),
}

KIND_TITLES = {
    "add": _l("Add a measure"),
    "change": _l("Change a measure"),
    "retire": _l("Retire a measure"),
}

label_actions(
    {
        "plan.created": _l("Plan created"),
        "plan.owner_granted": _l("Plan owner named"),
        "plan.version_published": _l("New version of the plan published"),
        "revision.opened": _l("Revision opened"),
        "revision.amended": _l("Amendment added"),
        "revision.amendment_removed": _l("Amendment removed"),
        "revision.rebased": _l("Revision brought up to date with the plan"),
        "revision.open_review": _l("Opened for public feedback"),
        "revision.approve": _l("Revision approved"),
        "revision.reject": _l("Revision rejected"),
        "revision.publish": _l("Revision published"),
        "consultation.plan_linked": _l("Linked to the Action Plan"),
    }
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _newlines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class _Limit(Length):
    """At most ``max`` characters, said next to the field, with no ``maxlength`` (a browser
    would cut pasted text silently)."""

    def __init__(self, max):
        super().__init__(max=max, message=_l("Use at most %(max)d characters.", max=max))
        self.field_flags = {}


def _coerce_id(value):
    """An id from the form, or 0 for anything that cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number <= 2_147_483_647 else 0


def _text_field(label, limit, description=None, rows=4, required_message=None):
    validators = [_Limit(limit), NoControlCharacters()]
    if required_message:
        validators.insert(0, DataRequired(message=required_message))
    return TextAreaField(
        label,
        validators=validators,
        filters=[_newlines, _strip],
        description=description,
        render_kw={"rows": rows, "dir": "auto"},
    )


class RevisionForm(FlaskForm):
    title = StringField(
        _l("Title of the revision"),
        validators=[DataRequired(message=_l("Give it a title.")), _Limit(TITLE_MAX)],
        filters=[_strip],
        render_kw={"dir": "auto"},
        description=_l("For example: after the consultation on housing."),
    )
    summary = _text_field(
        _l("Why this revision"),
        TEXT_MAX,
        _l("What it changes and why, for everyone to read. You can use Markdown."),
    )
    language = SelectField(_l("Language you write in"))

    def setup(self, locale):
        self.language.choices = [(code, language_name(code, locale)) for code in CONTENT_LANGUAGES]
        return self


class OwnerForm(FlaskForm):
    email = EmailField(
        _l("Email address of the account"),
        validators=[
            DataRequired(message=_l("Enter the email address of the account to add.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "off"},
    )


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


#: Commas and semicolons of the Latin and Arabic scripts separate ids like spaces.
SEPARATORS = str.maketrans({",": " ", ";": " ", "\u060c": " ", "\u061b": " "})


def parse_ids(value):
    """``"12, 40 7"`` -> ``[12, 40, 7]`` (Arabic-script commas and digits too: ``"١٢، ٤٠"``);
    raises ValueError on anything else."""
    parts = (value or "").translate(SEPARATORS).split()
    ids = [_coerce_id(part) for part in parts]
    if any(number == 0 for number in ids):
        raise ValueError(value)
    return list(dict.fromkeys(ids))


class AmendmentForm(FlaskForm):
    """One amendment; which fields show depends on its kind (add, change, retire)."""

    section = SelectField(
        _l("Section"), coerce=_coerce_id, validate_choice=False, validators=[Optional()]
    )
    measure = SelectField(
        _l("Measure"), coerce=_coerce_id, validate_choice=False, validators=[Optional()]
    )
    title = StringField(
        _l("Title of the measure"),
        validators=[_Limit(TITLE_MAX), NoControlCharacters()],
        filters=[_strip],
        render_kw={"dir": "auto"},
    )
    description = _text_field(_l("Description"), TEXT_MAX, rows=8)
    responsible_body = StringField(
        _l("Responsible body"),
        validators=[_Limit(BODY_MAX), NoControlCharacters()],
        filters=[_strip],
        render_kw={"dir": "auto"},
    )
    indicators = _text_field(_l("Indicators"), TEXT_MAX)
    reason = _text_field(
        _l("Reason"),
        REASON_MAX,
        _l("Why the plan should change so. Everyone reads it."),
        required_message=_l("Say why, in a few words."),
    )
    proposals = MultiCheckboxField(
        _l("Proposals it follows"),
        coerce=_coerce_id,
        validate_choice=False,
        description=_l("The published proposals of the consultations about this plan."),
    )
    comment_ids = StringField(
        _l("Numbers of the comments it follows"),
        filters=[_strip],
        description=_l("Separated by commas, for example: 12, 40."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    outcomes = MultiCheckboxField(
        _l("Outcomes of consultations it follows"), coerce=_coerce_id, validate_choice=False
    )
    initiated_by_city = BooleanField(_l("Initiated by the municipality"))

    def setup(self, kind, sections, measures, proposals, outcomes):
        """``sections``, ``measures``, ``proposals`` and ``outcomes``: ``[(id, label)]``."""
        self.kind = kind
        self.section.choices = [(0, _l("Choose a section"))] + list(sections)
        self.measure.choices = [(0, _l("Choose a measure"))] + list(measures)
        self.proposals.choices = list(proposals)
        self.outcomes.choices = list(outcomes)
        return self

    def validate_comment_ids(self, field):
        try:
            parse_ids(field.data)
        except ValueError:
            raise ValidationError(
                _l("Write the numbers of the comments, separated by commas.")
            ) from None

    def citations(self):
        return [
            *(("proposals", i) for i in self.proposals.data or () if i),
            *(("comments", i) for i in parse_ids(self.comment_ids.data)),
            *(("consultation_outcomes", i) for i in self.outcomes.data or () if i),
        ]


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class DecisionForm(FlaskForm):
    """Approve or reject, with a reason (required to reject)."""

    comment = _text_field(
        _l("Reason"),
        1000,
        _l("Required to reject. Everyone can read it in the revision's history."),
        rows=3,
    )
