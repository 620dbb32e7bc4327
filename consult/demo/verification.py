"""Demo verification: the verifier of the Migrant Integration Centre has handed the new arrival
a code, which she redeemed; the resident is not verified. Everything goes through the
operations, as the people's own actions would."""

from consult.verification import operations as verification


def load(users):
    """Verify the new arrival once (running it twice verifies nobody twice)."""
    newcomer = users["new arrival (Arabic)"]
    if newcomer.verified_until is None:
        (issued,) = verification.issue(users["verifier"], 1, 30, 365)
        verification.redeem(newcomer, issued.code, "demo")
