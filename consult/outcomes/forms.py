"""The outcome forms, the words for dispositions, and what each refusal says."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext, ngettext
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired

from consult.accounts.forms import NoControlCharacters
from consult.core.history import label_actions
from consult.outcomes.models import DISPOSITIONS, REASON_MAX, SUMMARY_MAX
from consult.proposals.forms import Limit, language_choices

#: What each disposition is called.
DISPOSITION_LABELS = {
    "accepted": lazy_pgettext("disposition", "Accepted"),
    "partly_accepted": lazy_pgettext("disposition", "Partly accepted"),
    "rejected": lazy_pgettext("disposition", "Not accepted"),
    "merged": lazy_pgettext("disposition", "Merged with other proposals"),
    "out_of_scope": lazy_pgettext("disposition", "Out of scope"),
}
assert set(DISPOSITION_LABELS) == set(DISPOSITIONS)

#: What an amendment did to the measure, as the proposal, account and outcome pages say it.
CHANGE_LABELS = {
    "add": lazy_pgettext("measure change", "Added"),
    "change": lazy_pgettext("measure change", "Changed"),
    "retire": lazy_pgettext("measure change", "Retired"),
}

#: What each refusal from ``outcomes.operations`` (and the outcome workflow) says.
ERROR_MESSAGES = {
    "forbidden": _l("You may not do this."),
    "not_in_review": _l(
        "Dispositions are given in the review phase, once proposals and voting are over."
    ),
    "not_published": _l("Only published proposals get a disposition."),
    "outcome_published": _l(
        "The outcome is published: its summary and the dispositions no longer change."
    ),
    "wrong_state": _l("The outcome is already published."),
    "unknown_disposition": _l("Choose a disposition from the list."),
    "reason_required": _l("Say why, in a few words."),
    "reason_too_long": _l("Use at most %(max)d characters.", max=REASON_MAX),
    "unknown_language": _l("Choose a language from the list."),
    "summary_required": _l("Write the summary of the outcome first."),
    "summary_too_long": _l("Use at most %(max)d characters.", max=SUMMARY_MAX),
}


def missing_message(count):
    """Why the outcome cannot be published, or the consultation concluded, yet."""
    return ngettext(
        "%(num)d published proposal still needs a disposition.",
        "%(num)d published proposals still need a disposition.",
        count,
    )


label_actions(
    {
        "proposal.disposed": _l("Disposition given"),
        "outcome.written": _l("Outcome summary written"),
        "outcome.publish": _l("Outcome published"),
    }
)


def _newlines(value):
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class DispositionForm(FlaskForm):
    disposition = SelectField(
        _l("Disposition"),
        validate_choice=False,
        validators=[DataRequired(message=_l("Choose a disposition from the list."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Say why, in a few words.")),
            Limit(REASON_MAX),
            NoControlCharacters(),
        ],
        filters=[_newlines, _strip],
        description=_l("Everyone reads it on the proposal and on the outcome."),
        render_kw={"rows": 3, "dir": "auto"},
    )
    language = SelectField(_l("Language of the reason"), validate_choice=False)

    def setup(self, locale):
        self.disposition.choices = [("", _l("Choose"))] + list(DISPOSITION_LABELS.items())
        self.language.choices = language_choices(locale)
        return self


class SummaryForm(FlaskForm):
    summary = TextAreaField(
        _l("Summary of the outcome"),
        validators=[
            DataRequired(message=_l("Write the summary of the outcome first.")),
            Limit(SUMMARY_MAX),
            NoControlCharacters(),
        ],
        filters=[_newlines, _strip],
        description=_l(
            "What people said and what the city does about it. Markdown: **bold**, lists with -."
        ),
        render_kw={"rows": 10, "dir": "auto"},
    )
    language = SelectField(_l("Language of the summary"), validate_choice=False)

    def setup(self, locale):
        self.language.choices = language_choices(locale)
        return self


class PublishForm(FlaskForm):
    """The Publish button: only the CSRF token."""
