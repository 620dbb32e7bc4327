"""What can be translated: each content type, its fields (with their longest text and the
language each is written in), which of its rows readers see, the page readers open to read it,
and who besides translators may translate it. A new content type (outcomes, plan measures)
becomes translatable with one entry here."""

from dataclasses import dataclass, field

import sqlalchemy as sa

from consult.extensions import db


@dataclass(frozen=True)
class Kind:
    #: The word in URLs ("proposal") and the model.
    name: str
    model: object
    #: ``{field: longest text}``.
    fields: dict
    #: ``{field: attribute naming the language it is written in}``; others are in ``language``.
    languages: dict = field(default_factory=dict)
    #: ``(model) -> SQL condition``: the rows readers see (published, not hidden …).
    public: object = None
    #: ``(model) -> (object type column or literal, object id column)``: the page read to read
    #: it (its own, or its subject's for comments and summaries), for "most read first".
    page: object = None
    #: ``(user, obj, field) -> bool``: who besides translators may translate it (its author,
    #: its moderators …).
    others: object = None

    def source_lang(self, obj, name):
        return getattr(obj, self.languages.get(name, "language"))

    def load(self, object_id):
        return db.session.get(self.model, object_id)


def _own_page(model):
    return sa.literal(model.__tablename__), model.id


def _kinds():
    from consult.consultations.models import Consultation
    from consult.consultations.operations import TRANSLATABLE as CONSULTATION_FIELDS
    from consult.core.permissions import can, principals
    from consult.feedback.models import BODY_MAX as COMMENT_MAX
    from consult.feedback.models import SUMMARY_MAX, Comment, Thread
    from consult.proposals.models import BODY_MAX, TITLE_MAX, Proposal
    from consult.proposals.operations import ANSWER_MAX

    def consultation_others(user, _obj, _field):
        return can(user, "consultation.translate")

    def proposal_others(user, proposal, name):
        if name == "answer":
            return bool(principals(user, proposal) & {"local_moderator", "moderator", "admin"})
        return bool(principals(user, proposal) & {"author", "admin"})

    def comment_others(user, comment, _field):
        return bool(principals(user, comment) & {"author", "admin"})

    def summary_others(user, thread, _field):
        return can(user, "feedback.moderate", thread)

    def thread_page(model):
        return model.object_type, model.object_id

    def comment_page(model):
        # Correlated to the comment of the outermost query, two levels up.
        def of_thread(column):
            return (
                sa.select(column)
                .where(Thread.id == model.thread_id)
                .correlate(model)
                .scalar_subquery()
            )

        return of_thread(Thread.object_type), of_thread(Thread.object_id)

    from consult.actionplan.models import Amendment, Measure, PlanSection, Revision
    from consult.outcomes.models import Disposition, Outcome

    def admins(user, _obj, _field):
        return bool(principals(user) & {"admin"})

    def plan_owners(user, obj, _field):
        return bool(principals(user, obj) & {"plan_owner", "admin"})

    def amendment_owners(user, amendment, _field):
        revision = db.session.get(Revision, amendment.revision_id)
        return plan_owners(user, revision, _field)

    def outcome_curators(user, obj, _field):
        return can(user, "outcome.manage", obj)

    def revision_public(model):
        return model.state != "draft"

    def amendment_public(model):
        state = (
            sa.select(Revision.state)
            .where(Revision.id == model.revision_id)
            .correlate(model)
            .scalar_subquery()
        )
        return state != "draft"

    def disposition_page(model):
        return sa.literal("proposals"), model.proposal_id

    return {
        kind.name: kind
        for kind in (
            Kind(
                "consultation",
                Consultation,
                CONSULTATION_FIELDS,
                public=lambda m: m.state != "draft",
                page=_own_page,
                others=consultation_others,
            ),
            Kind(
                "proposal",
                Proposal,
                {"title": TITLE_MAX, "body": BODY_MAX, "answer": ANSWER_MAX},
                languages={"answer": "answer_language"},
                public=lambda m: m.listed(),
                page=_own_page,
                others=proposal_others,
            ),
            Kind(
                "comment",
                Comment,
                {"body": COMMENT_MAX},
                public=lambda m: sa.and_(m.state == "published", m.moderation == "visible"),
                page=comment_page,
                others=comment_others,
            ),
            Kind(
                "summary",
                Thread,
                {"summary": SUMMARY_MAX},
                languages={"summary": "summary_language"},
                public=lambda m: m.summary.is_not(None),
                page=thread_page,
                others=summary_others,
            ),
            Kind(
                "section",
                PlanSection,
                {"title": 300, "description": 20000},
                public=lambda m: sa.true(),
                page=_own_page,
                others=admins,
            ),
            Kind(
                "measure",
                Measure,
                {"title": 300, "description": 20000, "indicators": 20000},
                public=lambda m: sa.true(),
                page=_own_page,
                others=admins,
            ),
            Kind(
                "revision",
                Revision,
                {"title": 300, "summary": 20000},
                public=revision_public,
                page=_own_page,
                others=plan_owners,
            ),
            Kind(
                "amendment",
                Amendment,
                {"title": 300, "description": 20000, "reason": 5000},
                public=amendment_public,
                page=_own_page,
                others=amendment_owners,
            ),
            Kind(
                "outcome",
                Outcome,
                {"summary": 20000},
                public=lambda m: m.state == "published",
                page=_own_page,
                others=outcome_curators,
            ),
            Kind(
                "disposition",
                Disposition,
                {"reason": 5000},
                public=lambda m: sa.true(),
                page=disposition_page,
                others=outcome_curators,
            ),
        )
    }


_KINDS = {}


def kinds():
    if not _KINDS:
        _KINDS.update(_kinds())
    return _KINDS


def kind_of(obj):
    for kind in kinds().values():
        if isinstance(obj, kind.model):
            return kind
    raise LookupError(f"{obj!r} cannot be translated")
