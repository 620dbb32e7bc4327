"""Settings, read from the environment. With nothing set, Consult runs on a SQLite file under
``instance/`` with a secret key generated once and kept there."""

import os
import secrets
from pathlib import Path

TRUE = {"1", "true", "yes", "on"}


def _env_bool(name, default=False):
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in TRUE


def _database_url(instance_path):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "consult.sqlite3")
    # Heroku-style and plain postgres URLs select psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret_key(instance_path, production):
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if production:
        raise RuntimeError(
            "SECRET_KEY must be set when CONSULT_ENV=production; refusing to start without it."
        )
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def load_config(instance_path):
    """The settings as a dict, from the environment."""
    production = os.environ.get("CONSULT_ENV", "development") == "production"
    redis_url = os.environ.get("REDIS_URL")
    return {
        "CONSULT_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 14,
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": False,
        "REDIS_URL": redis_url,
        "MAIL_URL": os.environ.get("MAIL_URL"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Consult <no-reply@localhost>"),
        #: Number of reverse proxies in front of the app whose X-Forwarded-* headers to trust.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        #: The version of the terms of use a new account consents to.
        "TERMS_VERSION": os.environ.get("TERMS_VERSION", "2026-11"),
        #: Failed sign-ins allowed per account and per address in the window below.
        "SIGNIN_LIMIT_PER_ACCOUNT": int(os.environ.get("SIGNIN_LIMIT_PER_ACCOUNT", "5")),
        "SIGNIN_LIMIT_PER_ADDRESS": int(os.environ.get("SIGNIN_LIMIT_PER_ADDRESS", "20")),
        "SIGNIN_LIMIT_MINUTES": int(os.environ.get("SIGNIN_LIMIT_MINUTES", "15")),
        #: Wrong verification codes allowed per account and per address in the window below.
        "VERIFY_LIMIT_PER_ACCOUNT": int(os.environ.get("VERIFY_LIMIT_PER_ACCOUNT", "5")),
        "VERIFY_LIMIT_PER_ADDRESS": int(os.environ.get("VERIFY_LIMIT_PER_ADDRESS", "20")),
        "VERIFY_LIMIT_MINUTES": int(os.environ.get("VERIFY_LIMIT_MINUTES", "15")),
        "PASSWORD_RESET_MAX_AGE": int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600")),
        "SERVER_NAME": os.environ.get("SERVER_NAME"),
        #: Dates and times are shown, and typed into forms, in the city's time zone.
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("CONSULT_TIMEZONE", "Europe/Athens"),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        #: Background jobs: "inprocess" (each app process runs them in a thread) or "off"
        #: (``flask jobs run`` does, from a worker or cron).
        "JOBS": os.environ.get("JOBS", "inprocess"),
        #: Visitors' pages kept ready-made for this many seconds (consult/core/pagecache.py;
        #: 0: off), in Redis when REDIS_URL is set, else in files under the instance folder.
        "PAGE_CACHE_SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", "60")),
        "CACHE_TYPE": "RedisCache" if redis_url else "FileSystemCache",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_DIR": str(Path(instance_path) / "cache"),
        "CACHE_KEY_PREFIX": "consult:",
        # Gzip text responses in the app (consult/core/http.py); 0 leaves it to a proxy.
        "COMPRESS_RESPONSES": _env_bool("COMPRESS_RESPONSES", default=True),
        #: Machine translation: a LibreTranslate server (off when MT_URL is not set), and the
        #: languages to translate into (default: every interface language).
        "MT_URL": os.environ.get("MT_URL") or None,
        "MT_API_KEY": os.environ.get("MT_API_KEY") or None,
        "MT_TIMEOUT": float(os.environ.get("MT_TIMEOUT", "20")),
        "MT_TARGETS": [
            code.strip() for code in os.environ.get("MT_TARGETS", "").split(",") if code.strip()
        ],
    }
