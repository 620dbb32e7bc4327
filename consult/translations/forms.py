"""The translation workflow's forms, the words for what its operations refuse, and the names of
kinds, fields and origins."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, SelectField, SelectMultipleField, TextAreaField, widgets
from wtforms.validators import Optional

from consult.accounts.forms import NoControlCharacters
from consult.core.history import label_actions
from consult.core.languages import CONTENT_LANGUAGES, direction, language_name
from consult.proposals.forms import Limit

#: What each refusal from ``translations.operations`` says to the person.
ERROR_MESSAGES = {
    "unknown_field": _l("This part of the content cannot be translated."),
    "unknown_language": _l("Choose a language from the list."),
    "same_language": _l("This is the language the text is written in: nothing to translate."),
    "empty": _l("Write the translation."),
    "too_long": _l("This translation is too long."),
    "human_exists": _l("A person has already translated this."),
    "forbidden": _l("You may not do this."),
    "no_original": _l("There is no text to translate here yet."),
    "own_translation": _l("You wrote this translation: another person must review it."),
}

label_actions(
    {
        "translation.reviewed": _l("Translation reviewed"),
        "user.translator_languages": _l("Languages translated into changed"),
    }
)

KIND_LABELS = {
    "consultation": lazy_pgettext("kind", "Consultation"),
    "proposal": lazy_pgettext("kind", "Proposal"),
    "comment": lazy_pgettext("kind", "Comment"),
    "summary": lazy_pgettext("kind", "Summary of a discussion"),
}

#: The name of each translatable field, per kind where the same word means different things.
FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "body": _l("Text"),
    "answer": _l("Official answer"),
}

#: The fields written in Markdown (the others are plain lines of text).
MARKDOWN_FIELDS = {
    ("consultation", "body"),
    ("proposal", "body"),
    ("proposal", "answer"),
    ("comment", "body"),
    ("summary", "summary"),
}


def _newlines(value):
    """One kind of line break, so that a limit counts what the person sees."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def translation_form(kind, name, longest, locale, **kwargs):
    """The form that submits (or, emptied, removes) the ``locale`` translation of one field.

    The text area is named after the field (``title``, ``body`` …) and typed in the
    translation's language: the browser picks its keyboard and direction."""

    class TranslationForm(FlaskForm):
        field = HiddenField()

    rows = 3 if name == "title" else 10
    setattr(
        TranslationForm,
        name,
        TextAreaField(
            FIELD_LABELS.get(name, name),
            validators=[Optional(), Limit(longest), NoControlCharacters()],
            filters=[_newlines, _strip],
            description=_l("Markdown, like the original.")
            if (kind, name) in MARKDOWN_FIELDS
            else None,
            render_kw={"rows": rows, "lang": locale, "dir": direction(locale)},
        ),
    )
    form = TranslationForm(**kwargs)
    form.field.data = name
    form.text = form[name]
    return form


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class TranslatorLanguagesForm(FlaskForm):
    locales = MultiCheckboxField(_l("Languages you translate into"), validate_choice=False)

    def setup(self, locale):
        self.locales.choices = [(code, language_name(code, locale)) for code in CONTENT_LANGUAGES]
        return self


class WorklistFilterForm(Form):
    """The worklist's filter (a GET form: nothing changes, no CSRF token)."""

    kind = SelectField(_l("Show"))

    def setup(self):
        self.kind.choices = [("", _l("Everything"))] + list(KIND_LABELS.items())
        return self
