"""Locales: which exist, how a request picks one, and how URLs carry it (``/<lang>/…``)."""

from dataclasses import dataclass

from flask import g, request, url_for
from werkzeug.routing import BaseConverter


@dataclass(frozen=True)
class Locale:
    code: str
    #: The language's name in that language, as the picker shows it.
    native_name: str
    direction: str = "ltr"


LOCALES = {
    loc.code: loc
    for loc in (
        Locale("el", "Ελληνικά"),
        Locale("en", "English"),
        Locale("ar", "العربية", "rtl"),
        Locale("fa", "فارسی", "rtl"),
        Locale("uk", "Українська"),
        Locale("fr", "Français"),
        Locale("ur", "اردو", "rtl"),
        Locale("ps", "پښتو", "rtl"),
        Locale("ckb", "کوردی (سۆرانی)", "rtl"),
        Locale("ku", "Kurdî (Kurmancî)"),
        Locale("so", "Soomaali"),
        Locale("ti", "ትግርኛ"),
    )
}
DEFAULT_LOCALE = "el"


class LangConverter(BaseConverter):
    """Matches only a locale Consult has, so ``/xx/…`` is a 404."""

    regex = "|".join(sorted(LOCALES, key=len, reverse=True))


def locale_from_path(path):
    """The locale named by the first segment of ``path``, or None."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LOCALES else None


def best_accept_language(header_values):
    """The best locale from Accept-Language; a region subtag falls back to its language."""
    for value, _quality in header_values:
        tag = value.replace("_", "-").lower()
        if tag in LOCALES:
            return tag
        base = tag.split("-", 1)[0]
        if base in LOCALES:
            return base
    return None


def select_locale():
    """Flask-Babel's locale selector: the URL's locale, else Greek."""
    lang = g.get("lang") or (locale_from_path(request.path) if request else None)
    return lang or DEFAULT_LOCALE


def current_locale():
    return LOCALES[select_locale()]


def init_app(app):
    app.url_map.converters["lang"] = LangConverter

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            g.lang = values.pop("lang")

    @app.url_defaults
    def push_lang(endpoint, values):
        if "lang" in values or not app.url_map.is_endpoint_expecting(endpoint, "lang"):
            return
        values["lang"] = select_locale()

    @app.context_processor
    def locale_context():
        return {
            "locales": LOCALES,
            "current_locale": current_locale(),
            "switch_locale_url": switch_locale_url,
            "language_name": _language_name,
        }


def _language_name(code):
    """A content language's name in the reader's language (from CLDR)."""
    from consult.core.languages import language_name

    return language_name(code, select_locale())


def switch_locale_url(code):
    """This page in another language (the home page in that language for an error page)."""
    rule = request.url_rule
    if g.get("error_page") or rule is None or "lang" not in rule.arguments:
        return url_for("site.home", lang=code)
    args = {**request.args.to_dict(), **(request.view_args or {}), "lang": code}
    return url_for(request.endpoint, **args)
