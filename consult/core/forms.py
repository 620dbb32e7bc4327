"""Form pieces every domain uses: locale choices, name checks, messages next to fields."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, ValidationError

from consult.core.i18n import LOCALES
from consult.core.text import has_forbidden_characters, normalise_name


def locale_choices():
    """Each language in its own name, marked with its language for screen readers."""
    return [
        SelectChoice(code, loc.native_name, render_kw={"lang": code, "dir": loc.direction})
        for code, loc in LOCALES.items()
    ]


class PlainName:
    """A name of ``min``–``max`` characters with no control or direction-changing characters."""

    def __init__(self, min, max):
        self.min, self.max = min, max

    def __call__(self, form, field):
        value = normalise_name(field.data)
        if has_forbidden_characters(value):
            raise ValidationError(
                _l(
                    "Use letters, numbers, spaces and punctuation only: no control or "
                    "direction-changing characters."
                )
            )
        if not self.min <= len(value) <= self.max:
            raise ValidationError(
                _l("Use between %(min)d and %(max)d characters.", min=self.min, max=self.max)
            )


def add_error(form, field_name, message):
    """Put ``message`` next to ``field_name`` (or above the form when it has no such field)."""
    field = getattr(form, field_name, None) if field_name else None
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, message]
