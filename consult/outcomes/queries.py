"""Read-only queries of outcomes: what lacks a disposition, the dispositions of a consultation,
its participation figures, and what became of a person's proposals and comments."""

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for

from consult.core import content
from consult.core.permissions import can
from consult.extensions import db
from consult.outcomes.models import Disposition, Outcome


def _listed(consultation_id):
    from consult.proposals.models import Proposal

    return sa.and_(Proposal.consultation_id == consultation_id, Proposal.listed())


def undisposed_count(consultation_id):
    """Published proposals of the consultation that have no disposition yet."""
    from consult.proposals.models import Proposal

    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Proposal)
        .outerjoin(Disposition, Disposition.proposal_id == Proposal.id)
        .where(_listed(consultation_id), Disposition.proposal_id.is_(None))
    )


def dispositions_of(consultation_id):
    """``[(proposal, disposition or None)]`` of the consultation's published proposals, by id."""
    from consult.proposals.models import Proposal

    return db.session.execute(
        sa.select(Proposal, Disposition)
        .outerjoin(Disposition, Disposition.proposal_id == Proposal.id)
        .where(_listed(consultation_id))
        .order_by(Proposal.id)
    ).all()


def disposition_of(proposal):
    return db.session.scalar(sa.select(Disposition).where(Disposition.proposal_id == proposal.id))


def outcome_of(consultation):
    return db.session.scalar(sa.select(Outcome).where(Outcome.consultation_id == consultation.id))


def figures(consultation_id):
    """People, proposals, supports, comments and languages of a consultation, counted now
    (published, visible content only)."""
    from consult.feedback.models import Comment
    from consult.proposals.models import Proposal
    from consult.supports.models import Support

    proposals = sa.select(Proposal.id, Proposal.author_id, Proposal.language).where(
        _listed(consultation_id)
    )
    comments = sa.select(Comment.id, Comment.author_id, Comment.language).where(
        Comment.consultation_id == consultation_id,
        Comment.state == "published",
        Comment.moderation == "visible",
    )
    # Supports of listed proposals only: a hidden proposal's are not counted either.
    supports = (
        sa.select(Support.user_id)
        .join(Proposal, Proposal.id == Support.proposal_id)
        .where(_listed(consultation_id))
    )
    proposal_rows = db.session.execute(proposals).all()
    comment_rows = db.session.execute(comments).all()
    supporters = set(db.session.scalars(supports))
    people = {row.author_id for row in proposal_rows} | {row.author_id for row in comment_rows}
    return {
        "people": len(people | supporters),
        "proposals": len(proposal_rows),
        "supports": db.session.scalar(sa.select(sa.func.count()).select_from(supports.subquery())),
        "comments": len(comment_rows),
        "languages": sorted({row.language for row in [*proposal_rows, *comment_rows]}),
    }


def fates_of(user):
    """``[(proposal, disposition or None)]`` of the person's published proposals, newest
    first (their account page tells them what became of each)."""
    from consult.proposals.models import Proposal

    return db.session.execute(
        sa.select(Proposal, Disposition)
        .outerjoin(Disposition, Disposition.proposal_id == Proposal.id)
        .where(Proposal.author_id == user.id, Proposal.listed())
        .order_by(Proposal.id.desc())
        .limit(100)
    ).all()


# What became of input in the Action Plan ------------------------------------------------------


@dataclass(frozen=True)
class Led:
    """One published amendment that cites some input, the revision and version it was
    published in, and the measure it made (None when the measure is not in that version)."""

    amendment: object
    revision: object
    version: object
    measure: object


def _led_to(object_type, condition, joined=None):
    """``(object id, amendment, revision, version, measure[, joined entity])`` rows of the
    published amendments citing ``object_type`` objects that satisfy ``condition`` (one
    statement). ``joined``: ``(entity, onclause)`` selected beside them."""
    from consult.actionplan.models import Amendment, Citation, Measure, PlanVersion, Revision

    query = sa.select(Citation.object_id, Amendment, Revision, PlanVersion, Measure)
    if joined is not None:
        query = query.add_columns(joined[0]).join(joined[0], joined[1])
    return db.session.execute(
        query.join(Amendment, Citation.amendment_id == Amendment.id)
        .join(Revision, Amendment.revision_id == Revision.id)
        .join(PlanVersion, Revision.published_version_id == PlanVersion.id)
        .outerjoin(
            Measure,
            sa.and_(Measure.version_id == PlanVersion.id, Measure.key == Amendment.measure_key),
        )
        .where(Citation.object_type == object_type, condition)
        .order_by(PlanVersion.number, Amendment.id)
    ).all()


def led_to(object_type, object_ids):
    """``{object id: [Led]}``: what each of the objects (proposals, comments) led to in the
    Action Plan, down to the measure (one statement whatever their number)."""
    from consult.actionplan.models import Citation

    found = defaultdict(list)
    ids = list(object_ids)
    if ids:
        for object_id, *row in _led_to(object_type, Citation.object_id.in_(ids)):
            found[object_id].append(Led(*row))
    return found


def comments_led_to(user, limit=100):
    """``[(comment, [Led])]``: the person's comments that published amendments cite, newest
    first (one statement whatever their number)."""
    from consult.actionplan.models import Citation
    from consult.feedback.models import Comment

    rows = _led_to(
        "comments",
        sa.and_(Comment.author_id == user.id, Comment.state == "published"),
        (Comment, Comment.id == Citation.object_id),
    )
    by_comment = {}
    for _object_id, *row, comment in rows:
        by_comment.setdefault(comment.id, (comment, []))[1].append(Led(*row))
    return sorted(by_comment.values(), key=lambda item: item[0].id, reverse=True)[:limit]


class Shown(dict):
    """``{(table, id): Localized}``; ``shown.of(obj)`` in templates."""

    def of(self, obj):
        return self[obj.__tablename__, obj.id]


def localized(objects, locale):
    """``{(table, id): Localized}``: each object's translatable fields (as
    ``translations.kinds`` declares them) in the reader's language, one statement for all."""
    from consult.translations.display import Localized, load_translations, reading_chain
    from consult.translations.kinds import kind_of

    objects = list({(obj.__tablename__, obj.id): obj for obj in objects if obj}.values())
    chain = reading_chain(locale)
    found = load_translations(objects, chain) if objects else {}
    shown = Shown()
    for obj in objects:
        kind = kind_of(obj)
        fields = {
            name: (lambda o, attr=kind.languages[name]: getattr(o, attr))
            if name in kind.languages
            else None
            for name in kind.fields
        }
        key = (obj.__tablename__, obj.id)
        shown[key] = Localized(obj, chain, found.get(key, {}), fields)
    return shown


@dataclass(frozen=True)
class Fate:
    """What became of one proposal: its disposition (or None) and the amendments citing it,
    with their texts in the reader's language (``shown``)."""

    disposition: object
    steps: list
    shown: Shown

    def __bool__(self):
        return self.disposition is not None or bool(self.steps)


#: ``fate_of``'s ``disposition`` when it is to be looked up.
UNKNOWN = object()


def fate_of(proposal, locale, disposition=UNKNOWN):
    """The proposal's :class:`Fate` (two statements, a third for the texts of what there is;
    one fewer when its ``disposition``, or None, was loaded with it)."""
    if disposition is UNKNOWN:
        disposition = disposition_of(proposal)
    steps = led_to("proposals", [proposal.id]).get(proposal.id, [])
    objects = [disposition, *(s.amendment for s in steps), *(s.measure for s in steps)]
    return Fate(disposition, steps, localized(objects, locale))


@dataclass(frozen=True)
class Fates:
    """What became of a person's input: ``proposals`` as ``[(proposal, disposition, [Led])]``,
    ``comments`` as ``[(comment, [Led])]``, with their texts in the reader's language."""

    proposals: list
    comments: list
    shown: Shown

    def __bool__(self):
        return bool(self.proposals or self.comments)


def fates_for(user, locale):
    """The person's :class:`Fates` (four statements whatever their number)."""
    rows = fates_of(user)
    led = led_to("proposals", [proposal.id for proposal, _d in rows])
    comments = comments_led_to(user)
    steps = [
        *(step for steps in led.values() for step in steps),
        *(step for _c, steps in comments for step in steps),
    ]
    shown = localized(
        [
            *(p for p, _d in rows),
            *(d for _p, d in rows if d),
            *(s.amendment for s in steps),
            *(s.measure for s in steps),
        ],
        locale,
    )
    proposals = [(p, d, led.get(p.id, [])) for p, d in rows]
    return Fates(proposals, comments, shown)


# Content types -------------------------------------------------------------------------------


def _load_outcome(outcome_id):
    return db.session.get(Outcome, outcome_id)


def _load_disposition(disposition_id):
    return db.session.get(Disposition, disposition_id)


def _proposal_of(disposition):
    from consult.proposals.queries import load_proposal

    return load_proposal(disposition.proposal_id)


def _disposition_readable(user, disposition):
    proposal = _proposal_of(disposition)
    return proposal is not None and can(user, "proposal.view", proposal)


content.register(
    content.ContentType(
        "outcome",
        Outcome,
        _load_outcome,
        lambda user, outcome: can(user, "outcome.view", outcome),
        lambda outcome: url_for("outcomes.outcome", consultation_id=outcome.consultation_id),
    )
)
content.register(
    content.ContentType(
        "disposition",
        Disposition,
        _load_disposition,
        _disposition_readable,
        lambda disposition: url_for("proposals.detail", proposal_id=disposition.proposal_id),
    )
)
