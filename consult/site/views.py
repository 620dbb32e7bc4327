from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from consult.consultations import queries as consultations
from consult.core.history import utcnow
from consult.core.i18n import DEFAULT_LOCALE, LOCALES, best_accept_language, select_locale

bp = Blueprint("site", __name__)


@bp.route("/")
def root():
    """Send the visitor to their language: their account's, then their browser's, then Greek."""
    lang = None
    if current_user.is_authenticated and current_user.preferred_locale in LOCALES:
        lang = current_user.preferred_locale
    lang = lang or best_accept_language(request.accept_languages) or DEFAULT_LOCALE
    response = redirect(url_for("site.home", lang=lang))
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


#: How many open consultations the home page lists.
HOME_CONSULTATIONS = 5


@bp.route("/<lang:lang>/")
def home():
    open_now = consultations.open_now(HOME_CONSULTATIONS)
    return render_template(
        "site/home.html",
        open_consultations=list(
            zip(open_now, consultations.localized(open_now, select_locale()), strict=True)
        ),
        now=utcnow(),
    )
