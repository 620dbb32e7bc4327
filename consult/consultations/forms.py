"""The consultation forms, the field builders and validators they share, and what each
consultation history action is called. The words for refusals, phases and settings are in
:mod:`consult.consultations.labels`."""

from babel.dates import get_timezone_location
from flask_babel import get_locale, get_timezone, to_user_timezone, to_utc
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    Form,
    IntegerField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
)

from consult.accounts.forms import NoControlCharacters
from consult.actionplan.queries import links_of
from consult.consultations import operations as ops
from consult.consultations.labels import AUDIENCE_LABELS, ERROR_MESSAGES, FIELD_LABELS
from consult.consultations.models import AUDIENCES
from consult.consultations.queries import STATE_FILTERS
from consult.consultations.workflow import STATE_TITLES
from consult.core.history import label_actions
from consult.core.languages import CONTENT_LANGUAGES, language_name
from consult.core.search import QUERY_MAX

#: What each history action is called on the consultation's history page.
label_actions(
    {
        "consultation.created": _l("Created as a draft"),
        "consultation.updated": _l("Changed"),
        "consultation.publish": _l("Published"),
        "consultation.unpublish": _l("Back to draft"),
        "consultation.open": _l("Opened"),
        "consultation.close": _l("Closed"),
        "consultation.conclude": _l("Concluded"),
        "consultation.archive": _l("Archived"),
        "consultation.moderator_added": _l("Moderator added"),
        "consultation.moderator_removed": _l("Moderator removed"),
        "translation.saved": _l("Translation saved"),
    }
)


#: What an empty required text field says.
EMPTY_MESSAGES = {
    "title": _l("Enter a title."),
    "summary": _l("Enter a summary."),
    "body": _l("Enter the full text."),
}


def _text(name, longest, *, area=False, required=True, **kwargs):
    validators = [
        DataRequired(message=EMPTY_MESSAGES[name]) if required else Optional(),
        Length(max=longest, message=_l("Use at most %(max)d characters.", max=longest)),
        NoControlCharacters(),
    ]
    field_class = TextAreaField if area else StringField
    render_kw = {} if area else {"maxlength": longest}
    return field_class(FIELD_LABELS[name], validators=validators, render_kw=render_kw, **kwargs)


def _date(name):
    return DateTimeLocalField(
        FIELD_LABELS[name],
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        validators=[InputRequired(message=_l("Enter a date and time."))],
        invalid_value_message=_l("Enter a date and time, like 2026-03-31 18:00."),
    )


class Categories:
    """One category a line: at most 20, each at most 80 characters."""

    def __call__(self, form, field):
        lines = [" ".join(line.split()) for line in (field.data or "").splitlines()]
        for number, line in enumerate(lines, start=1):
            if len(line) > ops.CATEGORY_MAX:
                raise ValidationError(
                    _l(
                        "Line %(line)d is longer than %(max)d characters.",
                        line=number,
                        max=ops.CATEGORY_MAX,
                    )
                )
        if len(ops.clean_categories(lines)) > ops.CATEGORIES_MAX:
            raise ValidationError(ERROR_MESSAGES["too_many_categories"])


class KnownTargets:
    """Only the sections and measures the form offers."""

    def __call__(self, form, field):
        offered = {value for value, _label in field.choices}
        if any(value not in offered for value in field.data or []):
            raise ValidationError(ERROR_MESSAGES["unknown_target"])


class KeptWhenNotSent:
    """A setting a request does not send at all keeps its value (a form from before the setting
    existed); one sent empty is checked by the validators after this one, and one that is not a
    number has already been told so (once)."""

    def __call__(self, form, field):
        if not field.raw_data or field.process_errors:
            raise StopValidation()


class ConsultationForm(FlaskForm):
    title = _text("title", 200)
    summary = _text(
        "summary",
        500,
        area=True,
        description=_l("Two or three plain sentences: what is decided, and why it matters."),
    )
    body = _text(
        "body",
        20000,
        area=True,
        description=_l(
            "Markdown: **bold**, *italic*, lists with -, links as [text](https://…). "
            "Short paragraphs and plain words help everyone."
        ),
    )
    language = SelectField(FIELD_LABELS["language"], validate_choice=True)
    #: ``"<plan id>:<section|measure>:<key>"`` of the plans' current versions (see
    #: :meth:`with_plan`).
    plan_targets = SelectMultipleField(
        FIELD_LABELS["plan_targets"],
        choices=[],
        validate_choice=False,
        validators=[KnownTargets()],
        description=_l("Optional. The sections and measures of the Action Plan it concerns."),
    )
    opens_at = _date("opens_at")
    proposals_start = _date("proposals_start")
    proposals_end = _date("proposals_end")
    voting_start = _date("voting_start")
    voting_end = _date("voting_end")
    closes_at = _date("closes_at")
    who_may_propose = SelectField(FIELD_LABELS["who_may_propose"])
    who_may_comment = SelectField(FIELD_LABELS["who_may_comment"])
    supports_per_person = IntegerField(
        FIELD_LABELS["supports_per_person"],
        validators=[
            InputRequired(message=ERROR_MESSAGES["supports_out_of_range"]),
            NumberRange(0, ops.SUPPORTS_MAX, message=ERROR_MESSAGES["supports_out_of_range"]),
        ],
        invalid_value_message=ERROR_MESSAGES["supports_out_of_range"],
        description=_l("How many proposals each person may support. 0 means no limit."),
        render_kw={"min": 0, "max": ops.SUPPORTS_MAX, "inputmode": "numeric"},
    )
    who_may_support = SelectField(FIELD_LABELS["who_may_support"])
    supports_in_proposals_phase = BooleanField(
        FIELD_LABELS["supports_in_proposals_phase"],
        description=_l("Otherwise supports are taken only while voting is open."),
    )
    support_threshold = IntegerField(
        FIELD_LABELS["support_threshold"],
        validators=[
            Optional(),
            NumberRange(1, ops.THRESHOLD_MAX, message=ERROR_MESSAGES["threshold_out_of_range"]),
        ],
        invalid_value_message=ERROR_MESSAGES["threshold_out_of_range"],
        description=_l(
            "Optional. Proposals with at least this many supports are marked as having reached it."
        ),
        render_kw={"min": 1, "max": ops.THRESHOLD_MAX, "inputmode": "numeric"},
    )
    authors_may_support = BooleanField(FIELD_LABELS["authors_may_support"], default=True)
    flags_to_hide = IntegerField(
        FIELD_LABELS["flags_to_hide"],
        default=3,
        validators=[
            KeptWhenNotSent(),
            InputRequired(message=ERROR_MESSAGES["flags_out_of_range"]),
            NumberRange(1, ops.FLAGS_TO_HIDE_MAX, message=ERROR_MESSAGES["flags_out_of_range"]),
        ],
        invalid_value_message=ERROR_MESSAGES["flags_out_of_range"],
        description=_l(
            "A proposal or comment reported by this many different people is hidden until a "
            "moderator reviews it. A report of personal information hides it at once."
        ),
        render_kw={"min": 1, "max": ops.FLAGS_TO_HIDE_MAX, "inputmode": "numeric"},
    )
    categories = TextAreaField(
        FIELD_LABELS["categories"],
        validators=[NoControlCharacters(), Categories()],
        description=_l(
            "Optional. One a line, at most %(count)d, each at most %(max)d characters. "
            "People choose one when they propose.",
            count=ops.CATEGORIES_MAX,
            max=ops.CATEGORY_MAX,
        ),
        render_kw={"rows": 5},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.language.choices = [(c, language_name(c, locale)) for c in CONTENT_LANGUAGES]
        audiences = [(a, AUDIENCE_LABELS[a]) for a in AUDIENCES]
        self.who_may_propose.choices = audiences
        self.who_may_comment.choices = list(audiences)
        self.who_may_support.choices = list(audiences)
        self.plan_groups = []

    @staticmethod
    def data_of(consultation):
        """The form's values for ``consultation``: dates in the reader's time zone."""
        data = {name: getattr(consultation, name) for name in ops.FIELDS}
        for name in ops.DATE_FIELDS:
            data[name] = to_user_timezone(data[name]).replace(tzinfo=None)
        data["categories"] = "\n".join(consultation.categories or [])
        data["plan_targets"] = [
            target_value(plan_id, kind, key) for plan_id, kind, key in links_of(consultation.id)
        ]
        return data

    def with_plan(self, plans):
        """Offer the sections and measures of ``plans`` (``[(plan, contents of its current
        version)]``), grouped by section for the template."""
        self.plan_groups = plans
        self.plan_targets.choices = [
            (target_value(plan.id, kind, row.key), row.title)
            for plan, contents in plans
            for section in contents.sections
            for kind, row in (
                ("section", section),
                *(("measure", m) for m in contents.measures.get(section.key, [])),
            )
        ]
        return self

    def targets(self):
        """The chosen targets as ``{plan id: [(kind, key)]}``."""
        chosen = {}
        for value in self.plan_targets.data or []:
            plan_id, kind, key = value.split(":")
            chosen.setdefault(int(plan_id), []).append((kind, int(key)))
        return chosen

    def validate(self, extra_validators=None):
        """The fields one by one, then the order of the dates (when all six are readable)."""
        valid = super().validate(extra_validators)
        dates = {name: self[name].data for name in ops.DATE_FIELDS}
        if all(dates.values()):
            for name, code in ops.date_problems(dates):
                self[name].errors.append(ERROR_MESSAGES[code])
                valid = False
        return valid

    def values(self):
        """The fields as ``operations.create`` and ``update`` take them (dates in UTC)."""
        values = {name: self[name].data for name in ops.FIELDS}
        for name in ops.DATE_FIELDS:
            values[name] = to_utc(values[name])
        values["categories"] = (self.categories.data or "").splitlines()
        values["supports_in_proposals_phase"] = bool(values["supports_in_proposals_phase"])
        values["authors_may_support"] = bool(values["authors_may_support"])
        return values


def target_value(plan_id, kind, key):
    """How a form names a section or measure of a plan."""
    return f"{plan_id}:{kind}:{key}"


def timezone_name():
    """The time zone the form's dates are in, named in the reader's language ("UTC", or
    "Greece Time" for Europe/Athens)."""
    zone = get_timezone()
    if str(zone) in ("UTC", "Etc/UTC"):
        return "UTC"
    return get_timezone_location(zone, locale=get_locale())


class ModeratorForm(FlaskForm):
    email = EmailField(
        _l("Email address of the account"),
        validators=[
            DataRequired(message=_l("Enter the email address of the account to add.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            Email(message=_l("Enter an email address like name@example.org.")),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        render_kw={"autocomplete": "off"},
    )


class TransitionForm(FlaskForm):
    """The workflow buttons of the detail page share one optional comment."""

    comment = StringField(
        _l("Comment (optional)"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("Use at most %(max)d characters.", max=1000)),
            NoControlCharacters(),
        ],
        description=_l("Why, for the history of the consultation. Everyone can read it."),
        render_kw={"maxlength": 1000},
    )


class FilterForm(Form):
    """The filters of the public list (a GET form: nothing changes, no CSRF token)."""

    q = SearchField(_l("Search"), render_kw={"maxlength": QUERY_MAX, "dir": "auto"})
    state = SelectField(_l("State"))
    language = SelectField(_l("Available in"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = str(get_locale())
        self.state.choices = [("", _l("Any state"))] + [(s, STATE_TITLES[s]) for s in STATE_FILTERS]
        self.language.choices = [("", _l("Any language"))] + [
            (c, language_name(c, locale)) for c in CONTENT_LANGUAGES
        ]
