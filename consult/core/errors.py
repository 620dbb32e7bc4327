"""Error pages (400, 403, 404, 405, 429, 500) in the user's language."""

import logging

from flask import g, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from consult.core.i18n import locale_from_path
from consult.extensions import db

log = logging.getLogger(__name__)

PAGES = (400, 403, 404, 405, 429, 500)


def _render(code):
    g.error_page = True
    if not g.get("lang"):
        # Routing failed before the URL's locale was read: take it from the path when it
        # names one of ours, else Greek.
        g.lang = locale_from_path(request.path) or None
    return render_template("errors/error.html", code=code), code


def init_app(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code not in PAGES:
            return error
        return _render(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500)
