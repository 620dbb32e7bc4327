import os
import sqlite3

import pytest

from consult import create_app
from consult.config import load_config


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "SECRET_KEY", "CONSULT_ENV", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_defaults_are_a_sqlite_file_and_a_generated_key_kept_under_instance(clean_env):
    config = load_config(clean_env)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{clean_env / 'consult.sqlite3'}"
    key_file = clean_env / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert len(config["SECRET_KEY"]) >= 32
    # The same key on the next start, so sessions survive a restart.
    assert load_config(clean_env)["SECRET_KEY"] == config["SECRET_KEY"]
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    "url",
    ["postgres://u:p@db/consult", "postgresql://u:p@db/consult"],
)
def test_database_url_selects_postgresql_with_psycopg3(clean_env, monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    assert (
        load_config(clean_env)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/consult"
    )


def test_production_refuses_to_start_without_a_secret_key(clean_env, monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        load_config(clean_env)
    assert not (clean_env / "secret_key").exists()


def test_production_cookies_are_secure(clean_env, monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    config = load_config(clean_env)
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_sqlite_runs_with_foreign_keys_and_wal(clean_env, monkeypatch):
    monkeypatch.setenv("CONSULT_INSTANCE_PATH", str(clean_env))
    app = create_app({"TESTING": True})
    from consult.extensions import db

    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        db.engine.dispose()
    assert os.path.exists(clean_env / "consult.sqlite3")
    assert (
        sqlite3.connect(clean_env / "consult.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
        == "wal"
    )


def test_config_argument_overrides_the_environment(clean_env, monkeypatch):
    monkeypatch.setenv("CONSULT_INSTANCE_PATH", str(clean_env))
    app = create_app({"TESTING": True, "TERMS_VERSION": "v9"})
    assert app.config["TERMS_VERSION"] == "v9"
