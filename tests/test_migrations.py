"""The migrations build exactly the schema the models describe, and go down and up again."""

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from consult import create_app
from consult.extensions import db
from tests.conftest import database_url, reset_database

pytestmark = pytest.mark.no_transaction


def _migration_database_url(tmp_path):
    """A database of its own, so that going down does not disturb the other tests."""
    url = database_url()
    if not url.startswith("postgresql"):
        return f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    base = sa.engine.make_url(url)
    name = f"{base.database}_migrations"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def migration_app(tmp_path, monkeypatch):
    monkeypatch.setenv("CONSULT_INSTANCE_PATH", str(tmp_path))
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": _migration_database_url(tmp_path)}
    )
    with app.app_context():
        reset_database(db.engine)
        yield app
        db.session.remove()
        db.engine.dispose()


def _differences():
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def _tables():
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_the_models_and_the_migrations_agree(migration_app):
    flask_migrate.upgrade()
    assert _differences() == []


def test_upgrade_downgrade_upgrade(migration_app):
    flask_migrate.upgrade()
    tables = _tables()
    assert {"users", "role_grants", "organisations", "history_entries"} <= tables
    flask_migrate.downgrade(revision="base")
    assert _tables() == set()
    flask_migrate.upgrade()
    assert _tables() == tables
    assert _differences() == []
