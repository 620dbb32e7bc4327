"""Operations also run outside a request (the command line, the demo loader), where nothing
caches the actor's local roles: each permission check queries, and autoflushes."""

from consult.proposals import operations as ops
from tests.proposals.conftest import refresh


def test_a_local_moderator_merges_outside_a_request(
    app, consultation, local_moderator, make_proposal
):
    duplicate = make_proposal(consultation)
    target = make_proposal(consultation)
    with app.app_context():
        ops.merge(duplicate, target, local_moderator, "The same idea.")
    assert (refresh(duplicate).state, refresh(duplicate).merged_into_id) == ("merged", target.id)
