"""Demo supports: the demo people support proposals of the consultation in its voting phase
(at most five each: the "employability" consultation has a limit of 5), and one consultation
takes supports from verified participants only, during its proposals phase too."""

from contextlib import suppress

from sqlalchemy import select

from consult.consultations import operations as consultations
from consult.consultations.models import Consultation
from consult.demo.consultations import CONSULTATIONS
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.supports import operations as supports

#: The consultation (by its index in CONSULTATIONS) in the voting phase, with its limit.
EMPLOYABILITY, LIMIT = 1, 5
#: The consultation that asks for verified supporters.
VERIFIED_ONLY = 2
#: Who supports which of the employability proposals (by their order), so that the results
#: page shows a ranking.
SUPPORTERS = {
    "resident": (0, 1, 2),
    "new arrival (Arabic)": (0, 1),
    "organisation member": (0, 2),
    "moderator": (0,),
    "admin": (1,),
}


def _consultation(index):
    return db.session.scalar(
        select(Consultation).where(Consultation.title == CONSULTATIONS[index][0])
    )


def _settle(consultation, admin, **settings):
    fields = {name: getattr(consultation, name) for name in consultations.FIELDS}
    if any(fields[name] != value for name, value in settings.items()):
        consultations.update(consultation, admin, **{**fields, **settings})


def load(users):
    """Add what is missing (running it twice adds nothing twice)."""
    admin = users["admin"]
    employability = _consultation(EMPLOYABILITY)
    if employability is not None:
        _settle(employability, admin, supports_per_person=LIMIT, support_threshold=3)
        made = db.session.scalars(
            select(Proposal)
            .where(Proposal.consultation_id == employability.id)
            .where(Proposal.state.in_(supports.SUPPORTABLE_STATES))
            .order_by(Proposal.id)
        ).all()
        for role, picks in SUPPORTERS.items():
            for pick in picks:
                if pick < len(made):
                    # Already there, or the phase is over: nothing to add.
                    with suppress(supports.SupportError):
                        supports.support(users[role], made[pick])
    verified_only = _consultation(VERIFIED_ONLY)
    if verified_only is not None:
        _settle(verified_only, admin, who_may_support="verified", supports_in_proposals_phase=True)
