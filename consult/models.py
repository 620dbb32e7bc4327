"""Imports every domain's models, so that the metadata (and Alembic) sees every table."""

from consult.accounts.models import RoleGrant, User  # noqa: F401
from consult.core.history import HistoryEntry  # noqa: F401
from consult.organisations.models import Organisation, OrganisationMembership  # noqa: F401
