"""What a thread can be about, linked generically by table name and id. A new content type (a
plan measure, a revision) becomes discussable with one entry here: its kind (the word in URLs
and the prefix of its ``<kind>.comment`` and ``<kind>.view`` permissions), its model, how to
load it for those permissions, and the page that shows its thread."""

from dataclasses import dataclass

from sqlalchemy.orm import joinedload

from consult.extensions import db


@dataclass(frozen=True)
class Kind:
    name: str
    model: object
    #: The page that shows the thread, and the name of the subject's id in its URL.
    endpoint: str
    id_arg: str
    options: tuple = ()
    #: Loads on a subject given as an object what its permissions need (None: nothing).
    prepare: object = None

    def load(self, object_id):
        return db.session.scalars(
            db.select(self.model).where(self.model.id == object_id).options(*self.options)
        ).one_or_none()

    def consultation_id(self, subject):
        """The consultation the thread belongs to (None for a subject outside one: a plan's
        measure, a revision)."""
        if self.name == "consultation":
            return subject.id
        return getattr(subject, "consultation_id", None)


def _kinds():
    from consult.consultations.models import Consultation
    from consult.proposals.models import Proposal
    from consult.proposals.operations import consultation_of

    return {
        "consultation": Kind(
            "consultation", Consultation, "consultations.detail", "consultation_id"
        ),
        "proposal": Kind(
            "proposal",
            Proposal,
            "proposals.detail",
            "proposal_id",
            (joinedload(Proposal.consultation),),
            consultation_of,
        ),
        **_plan_kinds(),
    }


def _plan_kinds():
    from consult.actionplan.models import Amendment, Measure, Revision

    return {
        # A measure's thread hangs on its first row (the version it first appeared in), so that
        # one discussion follows the measure through every later version; its page is
        # ``actionplan.measure_row``, which leads to the measure's current text.
        "measure": Kind("measure", Measure, "actionplan.measure_row", "measure_id"),
        "revision": Kind("revision", Revision, "actionplan.revision", "revision_id"),
        "amendment": Kind("amendment", Amendment, "actionplan.amendment", "amendment_id"),
    }


_KINDS = {}


def kinds():
    if not _KINDS:
        _KINDS.update(_kinds())
    return _KINDS


def kind_of(subject):
    """The kind of a subject object."""
    for kind in kinds().values():
        if isinstance(subject, kind.model):
            return kind
    raise LookupError(f"{subject!r} cannot be discussed")


def by_table(table):
    for kind in kinds().values():
        if kind.model.__tablename__ == table:
            return kind
    raise LookupError(table)


@dataclass
class Discussion:
    """A subject and its thread (None until the first comment, lock or summary)."""

    kind: str
    subject: object
    thread: object = None
