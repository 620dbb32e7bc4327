"""The proposal forms, the words for what operations refuse, and the list's filters."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (
    Form,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional

from consult.accounts.forms import NoControlCharacters
from consult.core.history import label_actions
from consult.core.languages import CONTENT_LANGUAGES, language_name
from consult.core.search import QUERY_MAX
from consult.proposals.models import BODY_MAX, TITLE_MAX
from consult.proposals.operations import ANSWER_MAX, REASON_MAX
from consult.proposals.queries import FILTER_STATES
from consult.proposals.workflow import STATE_TITLES

#: What each refusal from ``proposals.operations`` (and the workflow engine) says to the person.
#: The proposals-phase refusals carry a date and are worded in the templates.
ERROR_MESSAGES = {
    "title_required": _l("Give your proposal a title."),
    "title_too_long": _l("Use at most %(max)d characters.", max=TITLE_MAX),
    "body_required": _l("Explain your proposal in a few sentences."),
    "body_too_long": _l("Use at most %(max)d characters.", max=BODY_MAX),
    "answer_too_long": _l("Use at most %(max)d characters.", max=ANSWER_MAX),
    "reason_required": _l("Say why, in a few words."),
    "reason_too_long": _l("Use at most %(max)d characters.", max=REASON_MAX),
    "unknown_category": _l("Choose a category from the list."),
    "unknown_language": _l("Choose a language from the list."),
    "unknown_state": _l("Choose a state from the list."),
    "wrong_state": _l("The proposal cannot move to this state from where it is now."),
    "answer_required": _l("Explain in the answer why the proposal is not accepted."),
    "nothing_to_do": _l("Write an answer or choose a new state."),
    "not_answerable": _l("Only published proposals can be answered."),
    "no_target": _l("Choose the proposal to merge into."),
    "same_proposal": _l("A proposal cannot be merged into itself."),
    "other_consultation": _l("Choose a proposal of the same consultation."),
    "target_not_visible": _l(
        "This proposal cannot take others: it is not published, or was merged itself."
    ),
    "comment_required": _l("Say why, in a few words."),
    "blocked": _l(
        "A moderator has stopped you from posting: you cannot propose or publish for now."
    ),
    "forbidden": _l("You may not do this."),
}

#: What the history of a proposal calls each action.
label_actions(
    {
        "proposal.created": _l("Proposal written"),
        "proposal.edited": _l("Proposal changed"),
        "proposal.publish": _l("Published"),
        "proposal.evaluate": _l("Evaluation started"),
        "proposal.accept": _l("Accepted"),
        "proposal.reject": _l("Not accepted"),
        "proposal.withdraw": _l("Withdrawn by the author"),
        "proposal.merge": _l("Merged into another proposal"),
        "proposal.merged_in": _l("Another proposal was merged into this one"),
        "proposal.answered": _l("Official answer given"),
        "translation.removed": _l("Translation removed"),
    }
)

SORT_LABELS = {
    "newest": _l("Newest first"),
    "supported": _l("Most supported first"),
    "commented": _l("Most commented first"),
    "random": _l("In random order"),
}

#: The answer form's choice that keeps the proposal in its state.
KEEP = "keep"


def language_choices(locale, detect=False):
    """The content languages by their names in ``locale`` (first "detect" when asked)."""
    choices = [(code, language_name(code, locale)) for code in CONTENT_LANGUAGES]
    return [("", _l("Detect automatically"))] * detect + choices


def category_choices(consultation, empty_label):
    return [("", empty_label)] + [(c, c) for c in consultation.categories or ()]


class Limit(Length):
    """At most ``max`` characters, said next to the field. Unlike ``Length`` it puts no
    ``maxlength`` on the input: a browser would cut pasted text silently, and the text must be
    kept for the person to shorten."""

    def __init__(self, max):
        super().__init__(max=max, message=_l("Use at most %(max)d characters.", max=max))
        self.field_flags = {}


def _newlines(value):
    """One kind of line break, so that a limit counts what the person sees."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ProposalForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(message=_l("Give your proposal a title.")),
            Limit(TITLE_MAX),
            NoControlCharacters(),
        ],
        filters=[_strip],
        render_kw={"dir": "auto"},
        description=_l(
            "One short sentence that says what you propose (at most %(max)d characters).",
            max=TITLE_MAX,
        ),
    )
    body = TextAreaField(
        _l("Your proposal"),
        validators=[
            DataRequired(message=_l("Explain your proposal in a few sentences.")),
            Limit(BODY_MAX),
            NoControlCharacters(),
        ],
        filters=[_newlines, _strip],
        description=_l(
            "What should change, for whom, and why (at most %(max)d characters). You can use "
            "Markdown: **bold**, *italics*, lists with -.",
            max=BODY_MAX,
        ),
        render_kw={"rows": 10, "dir": "auto"},
    )
    category = SelectField(_l("Category"), validators=[Optional()])
    language = SelectField(
        _l("Language you write in"),
        description=_l("We can find it out from your text. Correct it if it is wrong."),
    )

    def setup(self, consultation, locale, detect):
        self.category.choices = category_choices(consultation, _l("No category"))
        self.language.choices = language_choices(locale, detect=detect)
        return self


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Why do you withdraw it?"),
        validators=[
            DataRequired(message=_l("Say why, in a few words.")),
            Limit(REASON_MAX),
            NoControlCharacters(),
        ],
        filters=[_newlines, _strip],
        description=_l("Everyone can read the reason in the proposal's history."),
        render_kw={"rows": 3},
    )


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class AnswerForm(FlaskForm):
    state = SelectField(_l("State of the proposal"))
    text = TextAreaField(
        _l("Official answer"),
        validators=[
            Limit(ANSWER_MAX),
            NoControlCharacters(),
        ],
        filters=[_newlines, _strip],
        description=_l(
            "Markdown. Required when the proposal is not accepted: say why. Everyone reads it."
        ),
        render_kw={"rows": 8},
    )
    language = SelectField(_l("Language of the answer"))

    def setup(self, proposal, states, locale):
        self.state.choices = [
            (KEEP, _l("Keep: %(state)s", state=STATE_TITLES[proposal.state])),
            *[(state, STATE_TITLES[state]) for state in states],
        ]
        self.language.choices = language_choices(locale)
        return self

    def validate_text(self, field):
        if self.state.data == "rejected" and not field.data:
            raise ValidationError(_l("Explain in the answer why the proposal is not accepted."))


def _coerce_id(value):
    """A proposal id from the form, or 0 for anything that cannot be one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number <= 2_147_483_647 else 0


class MergeForm(FlaskForm):
    target = SelectField(
        _l("Merge into"),
        coerce=_coerce_id,
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose the proposal to merge into."))],
        description=_l("The proposal that stays. Its author and supporters keep theirs."),
    )
    comment = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Say why, in a few words.")),
            Limit(REASON_MAX),
            NoControlCharacters(),
        ],
        filters=[_newlines, _strip],
        description=_l("For example: it asks for the same thing. The authors read it."),
        render_kw={"rows": 3},
    )

    def setup(self, targets):
        """``targets``: ``[(id, label)]``."""
        self.target.choices = [(0, _l("Choose a proposal"))] + list(targets)
        return self


class FilterForm(Form):
    """The list's filters and order (a GET form: nothing changes, no CSRF token)."""

    q = SearchField(_l("Search"), render_kw={"maxlength": QUERY_MAX, "dir": "auto"})
    state = SelectField(lazy_pgettext("filter", "State"))
    category = SelectField(_l("Category"))
    language = SelectField(_l("Language"))
    sort = SelectField(_l("Order"))

    def setup(self, consultation, locale):
        self.state.choices = [("", _l("All"))] + [(s, STATE_TITLES[s]) for s in FILTER_STATES]
        self.category.choices = category_choices(consultation, _l("All"))
        self.language.choices = [("", _l("All"))] + language_choices(locale)
        self.sort.choices = list(SORT_LABELS.items())
        return self
