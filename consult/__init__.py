"""Consult: a participatory consultation platform for cities."""

import logging
import os
from pathlib import Path

from flask import Flask
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from consult.config import load_config
from consult.extensions import babel, csrf, db, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None):
    """Build the application. ``config`` (a dict) overrides what the environment says."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("CONSULT_INSTANCE_PATH", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    app.config.update(config or {})
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)

    _init_extensions(app)
    _register_domains(app)
    return app


def _init_extensions(app):
    import consult.models  # noqa: F401  (every table on the metadata)
    from consult.core import i18n

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _tune_sqlite(db.engine)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_locale=i18n.DEFAULT_LOCALE,
        default_translation_directories=str(ROOT / "translations"),
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)


def _tune_sqlite(engine):
    """Foreign keys on, WAL, a busy timeout, and transactions SQLAlchemy fully controls
    (so that savepoints work)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        conn.exec_driver_sql("BEGIN")


def _register_domains(app):
    from consult.accounts import cli as accounts_cli
    from consult.accounts import permissions as _accounts_permissions  # noqa: F401
    from consult.accounts import views as accounts_views
    from consult.actionplan import content_types as _actionplan_content_types  # noqa: F401
    from consult.actionplan import permissions as _actionplan_permissions  # noqa: F401
    from consult.actionplan import views as actionplan_views
    from consult.admin import views as admin_views
    from consult.consultations import cli as consultations_cli
    from consult.consultations import permissions as _consultations_permissions  # noqa: F401
    from consult.consultations import views as consultations_views
    from consult.core import (
        errors,
        history,
        http,
        i18n,
        jobs,
        pagecache,
        permissions,
        sanitise,
        security,
        urls,
    )
    from consult.demo import cli as demo_cli
    from consult.feedback import operations as _feedback_operations  # noqa: F401
    from consult.feedback import permissions as _feedback_permissions  # noqa: F401
    from consult.feedback import views as feedback_views
    from consult.moderation import cli as moderation_cli
    from consult.moderation import permissions as _moderation_permissions  # noqa: F401
    from consult.moderation import views as moderation_views
    from consult.outcomes import permissions as _outcomes_permissions  # noqa: F401
    from consult.outcomes import views as outcomes_views
    from consult.proposals import permissions as _proposals_permissions  # noqa: F401
    from consult.proposals import views as proposals_views
    from consult.site import views as site_views
    from consult.supports import cli as supports_cli
    from consult.supports import permissions as _supports_permissions  # noqa: F401
    from consult.supports import views as supports_views
    from consult.translations import cli as translations_cli
    from consult.translations import machine as _translations_machine  # noqa: F401
    from consult.translations import permissions as _translations_permissions  # noqa: F401
    from consult.translations import views as translations_views
    from consult.verification import permissions as _verification_permissions  # noqa: F401
    from consult.verification import views as verification_views

    i18n.init_app(app)
    urls.init_app(app)
    security.init_app(app)
    http.init_app(app)
    pagecache.init_app(app)  # after http and security: it keeps a page before they add to it
    sanitise.init_app(app)
    permissions.init_app(app)
    errors.init_app(app)
    history.init_app(app)
    jobs.init_app(app)
    accounts_views.init_app(app)

    app.register_blueprint(site_views.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(consultations_views.bp)
    app.register_blueprint(proposals_views.bp)
    app.register_blueprint(verification_views.bp)
    app.register_blueprint(supports_views.bp)
    app.register_blueprint(feedback_views.bp)
    app.register_blueprint(moderation_views.bp)
    app.register_blueprint(translations_views.bp)
    app.register_blueprint(outcomes_views.bp)
    app.register_blueprint(actionplan_views.bp)
    app.cli.add_command(accounts_cli.users)
    app.cli.add_command(demo_cli.demo)
    app.cli.add_command(consultations_cli.workflow)
    app.cli.add_command(supports_cli.supports)
    app.cli.add_command(moderation_cli.moderation)
    app.cli.add_command(translations_cli.translations)
    app.cli.add_command(jobs.cli())
