"""One code, many people redeeming it at the same moment on PostgreSQL, each on their own
connection, released together: exactly one wins, nobody gets an error page."""

import threading

import pytest
from sqlalchemy import delete, select

from consult.accounts import operations as accounts
from consult.accounts.models import User
from consult.core.history import HistoryEntry
from consult.extensions import db
from consult.verification import operations as ops
from consult.verification.models import VerificationCode
from tests.conftest import database_url

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.no_transaction,
    pytest.mark.skipif(
        not database_url().startswith("postgresql"), reason="needs PostgreSQL (TEST_DATABASE_URL)"
    ),
]

#: Fewer than the connection pool holds: each holds a connection while it waits at the barrier.
PEOPLE = 10


def test_one_code_redeemed_at_once_by_many_is_redeemed_once(app):
    with app.test_request_context("/en/"):
        verifier = accounts.register(
            "race-verifier@example.org", "correct horse battery", "Race verifier", "en", True
        )
        ids = [verifier.id]
        for n in range(PEOPLE):
            user = accounts.register(
                f"race{n}@example.org", "correct horse battery", f"Racer {n}", "en", True
            )
            ids.append(user.id)
        (issued,) = ops.issue(verifier, 1, 30, 365)
        code = issued.code
    barrier = threading.Barrier(PEOPLE)
    outcomes, failures = [], []

    def redeem(user_id):
        with app.test_request_context("/en/"):
            user = db.session.get(User, user_id)
            barrier.wait(timeout=30)
            try:
                ops.redeem(user, code, f"10.1.0.{user_id % 250}")
                outcomes.append("won")
            except ops.VerificationError as error:
                outcomes.append(error.code)
            except Exception as error:  # noqa: BLE001  (any other error is the failure we look for)
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=redeem, args=(i,)) for i in ids[1:]]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert failures == []
        assert outcomes.count("won") == 1
        assert set(outcomes) == {"won", "used"}
        with app.app_context():
            row = db.session.scalar(select(VerificationCode))
            verified = db.session.scalars(select(User).where(User.verified_until.is_not(None)))
            assert [u.id for u in verified] == [row.redeemed_by_id]
    finally:
        with app.app_context():
            db.session.execute(delete(HistoryEntry).where(HistoryEntry.actor_id.in_(ids)))
            db.session.execute(delete(HistoryEntry).where(HistoryEntry.object_id.in_(ids)))
            db.session.execute(delete(VerificationCode))
            db.session.execute(delete(User).where(User.id.in_(ids)))
            db.session.commit()
