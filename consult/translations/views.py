"""The translation workflow's pages: translating any kind of content into one language, reviewing
a translation, the worklist of a language, and a translator's languages.

Each handler loads (404), checks access (sign in, 403), parses the form, calls an operation,
then renders or redirects."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult.core import content
from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor, require
from consult.extensions import db, login_manager
from consult.translations import operations as ops
from consult.translations import queries
from consult.translations.forms import (
    ERROR_MESSAGES,
    FIELD_LABELS,
    KIND_LABELS,
    MARKDOWN_FIELDS,
    ActionForm,
    TranslatorLanguagesForm,
    WorklistFilterForm,
    translation_form,
)
from consult.translations.kinds import kinds
from consult.translations.models import ContentTranslation
from consult.translations.permissions import Target

bp = Blueprint("translations", __name__, url_prefix="/<lang:lang>")


@bp.app_context_processor
def translation_words():
    """Content pages link to the translate page, and the menu to the worklists."""
    return {
        "translation_kinds": KIND_LABELS,
        "translation_fields": FIELD_LABELS,
        "translatable_into": translatable_into,
    }


def _message(error):
    return ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["forbidden"])


def _signed_in_or_redirect():
    """None when someone is signed in; else the answer for a visitor (sign in, or 403 on
    POST)."""
    return None if current_user.is_authenticated else login_manager.unauthorized()


# What each kind of content needs from the pages ------------------------------------------------


def _content_or_404(kind_name, object_id):
    """The content, if the current user may read it; else 404."""
    content_type = content.get(kind_name) if kind_name in kinds() else None
    obj = content_type.load(object_id) if content_type is not None else None
    if obj is None or not content_type.readable(current_user, obj):
        abort(404)
    return obj


def original_url(obj):
    """Where the original is read."""
    return content.of(obj).url(obj)


def translatable_into(obj):
    """The languages the current user may translate some field of ``obj`` into (for the links
    on content pages)."""
    if not current_user.is_authenticated:
        return []
    kind = next(k for k in kinds().values() if isinstance(obj, k.model))
    return [
        code
        for code in CONTENT_LANGUAGES
        if any(
            getattr(obj, name) and kind.source_lang(obj, name) != code
            and can(current_user, "translation.submit", Target(obj, name, code))
            for name in kind.fields
        )
    ]  # fmt: skip


# Translating ----------------------------------------------------------------------------------


def _fields(kind, obj, locale):
    """The fields of ``obj`` that have a text and that the current user may translate into
    ``locale``."""
    return [
        name
        for name in kind.fields
        if getattr(obj, name) and can(current_user, "translation.submit", Target(obj, name, locale))
    ]


def _forms(kind, fields, existing, locale):
    return {
        name: translation_form(
            kind.name,
            name,
            kind.fields[name],
            locale,
            formdata=None,
            data={name: row.text} if (row := existing.get((name, locale))) else None,
        )
        for name in fields
    }


def _translate_page(kind, obj, locale, fields, forms, existing, problem=None, status=200):
    return render_template(
        "translations/translate.html",
        kind=kind,
        obj=obj,
        locale=locale,
        fields=fields,
        forms=forms,
        existing={name: existing.get((name, locale)) for name in fields},
        source={name: kind.source_lang(obj, name) for name in fields},
        markdown_fields={name for k, name in MARKDOWN_FIELDS if k == kind.name},
        original_url=original_url(obj),
        review_form=ActionForm(formdata=None),
        problem=problem,
    ), status


def _to_translate(kind_name, obj, locale, anchor=None):
    return redirect(
        url_for(
            "translations.translate",
            locale=locale,
            kind=kind_name,
            object_id=obj.id,
            _anchor=anchor,
        )
    )


@bp.route("/translate/<locale>/<kind>/<id:object_id>", methods=["GET", "POST"])
def translate(locale, kind, object_id):
    if locale not in CONTENT_LANGUAGES:
        abort(404)
    obj = _content_or_404(kind, object_id)
    kind = kinds()[kind]
    if (response := _signed_in_or_redirect()) is not None:
        return response
    fields = _fields(kind, obj, locale)
    if not fields:
        abort(403)
    existing = queries.translations_of(obj)
    forms = _forms(kind, fields, existing, locale)
    if request.method == "GET":
        return _translate_page(kind, obj, locale, fields, forms, existing)
    name = request.form.get("field")
    if name not in fields:
        return _refused_page(kind, obj, locale, "unknown_field", 422)
    form = forms[name] = translation_form(kind.name, name, kind.fields[name], locale)
    if form.validate_on_submit():
        text = form.text.data
        try:
            if text:
                ops.submit(obj, name, locale, text, current_actor())
                flash(_("The translation is saved."), "success")
            elif existing.get((name, locale)) is not None:
                ops.remove(obj, name, locale, current_actor())
                flash(_("The translation is removed."), "success")
            else:
                raise ops.TranslationError("empty", name)
        except ops.TranslationError as error:
            db.session.rollback()
            if error.code == "forbidden":
                abort(403)
            add_error(form, name, _message(error))
        else:
            return _to_translate(kind.name, obj, locale, f"translation-{name}")
    return _translate_page(kind, obj, locale, fields, forms, existing, status=422)


def _refused_page(kind, obj, locale, code, status):
    """The translate page with ``code``'s message above it (for those who may translate
    there; else a plain refusal)."""
    fields = _fields(kind, obj, locale)
    if not fields:
        abort(status)
    existing = queries.translations_of(obj)
    forms = _forms(kind, fields, existing, locale)
    problem = _message(ops.TranslationError(code))
    return _translate_page(kind, obj, locale, fields, forms, existing, problem, status)


@bp.post("/translations/<id:translation_id>/review")
def review(translation_id):
    translation = db.session.get(ContentTranslation, translation_id)
    if translation is None:
        abort(404)
    kind = ops.kinds_by_table().get(translation.object_type)
    if kind is None:
        abort(404)
    obj = _content_or_404(kind.name, translation.object_id)
    if not current_user.is_authenticated:
        abort(403)
    if translation.translator_id == current_user.id:
        return _refused_page(kind, obj, translation.locale, "own_translation", 403)
    require("translation.review", translation)
    if not ActionForm().validate_on_submit():
        return _refused_page(kind, obj, translation.locale, "forbidden", 422)
    if ops.review(translation, current_actor()):
        flash(_("The translation is marked as reviewed."), "success")
    else:
        flash(_("This translation was reviewed already."), "info")
    return _to_translate(kind.name, obj, translation.locale, f"translation-{translation.field}")


# The worklist ---------------------------------------------------------------------------------


def _refuse_unless(permission, obj=None):
    if (response := _signed_in_or_redirect()) is not None:
        return response
    require(permission, obj)
    return None


@bp.get("/translate/")
def index():
    if (response := _refuse_unless("translation.worklists")) is not None:
        return response
    curator = bool({"moderator", "admin"} & current_user.role_names)
    declared = sorted(queries.languages_of(current_user), key=CONTENT_LANGUAGES.index)
    languages = list(CONTENT_LANGUAGES) if curator else declared
    # Counting is one statement per language: only for a translator's few.
    waiting = {code: queries.worklist_page(code, 1).total for code in declared}
    return render_template(
        "translations/index.html", languages=languages, waiting=waiting, declared=declared
    )


@bp.get("/translate/<locale>/")
def worklist(locale):
    if locale not in CONTENT_LANGUAGES:
        abort(404)
    if (response := _refuse_unless("translation.worklist", locale)) is not None:
        return response
    kind = request.args.get("kind")
    kind = kind if kind in kinds() else None
    page = queries.worklist_page(locale, page_number(request.args.get("page")), kind)
    return render_template(
        "translations/worklist.html",
        locale=locale,
        page=page,
        kind=kind,
        filters=WorklistFilterForm(formdata=None, kind=kind or "").setup(),
        filter_args={"kind": kind} if kind else {},
    )


# A translator's languages ---------------------------------------------------------------------


@bp.post("/account/translator-languages")
def languages():
    from consult.accounts.views import _account_page

    if not current_user.is_authenticated:
        abort(403)
    require("translation.declare")
    form = TranslatorLanguagesForm().setup(select_locale())
    if form.validate_on_submit():
        try:
            changed = ops.declare_languages(current_actor(), form.locales.data or [])
        except ops.TranslationError as error:
            add_error(form, "locales", _message(error))
        else:
            if changed:
                flash(_("Your languages are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("accounts.account", _anchor="translator-title"))
    return _account_page(translator_form=form, status=422)
