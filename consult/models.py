"""Imports every domain's models, so that the metadata (and Alembic) sees every table."""

from consult.accounts.models import LocalRole, RoleGrant, User  # noqa: F401
from consult.actionplan.models import (  # noqa: F401
    ActionPlan,
    Amendment,
    Citation,
    ConsultationLink,
    Measure,
    PlanSection,
    PlanVersion,
    Revision,
)
from consult.consultations.models import Consultation  # noqa: F401
from consult.core.history import HistoryEntry  # noqa: F401
from consult.core.jobs import Job  # noqa: F401
from consult.core.reads import ContentRead  # noqa: F401
from consult.feedback.models import Comment, CommentRevision, CommentSupport, Thread  # noqa: F401
from consult.moderation.models import Appeal, Block, Decision, Flag  # noqa: F401
from consult.organisations.models import Organisation, OrganisationMembership  # noqa: F401
from consult.outcomes.models import Disposition, Outcome  # noqa: F401
from consult.proposals.models import Proposal  # noqa: F401
from consult.supports.models import Participation, Support  # noqa: F401
from consult.translations.models import (  # noqa: F401
    ContentTranslation,
    TranslatorLanguage,
)
from consult.verification.models import VerificationCode  # noqa: F401
