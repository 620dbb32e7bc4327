import pytest

from consult.verification import operations as ops


@pytest.fixture
def verifier(make_user):
    return make_user(roles=("verifier",))


@pytest.fixture
def issue(app):
    """``issue(verifier, count=1, valid_days=30, verified_days=365)`` -> the codes in clear."""

    def make(verifier, count=1, valid_days=30, verified_days=365):
        with app.test_request_context("/en/"):
            return [c.code for c in ops.issue(verifier, count, valid_days, verified_days)]

    return make
