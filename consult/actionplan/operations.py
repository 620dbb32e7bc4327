"""Everything that changes the Action Plan: create a plan with its first version, name its
owners, open a revision, amend, move the revision through its workflow, rebase it, and publish
it as the next version — in one transaction, or not at all (the next version is written by
``actionplan.versions``). Published versions are never changed (the models refuse it).

Each operation checks first and changes afterwards: a refusal raises :class:`PlanError` (or the
workflow engine's ``WorkflowError``) with nothing written."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from consult.actionplan import queries
from consult.actionplan.models import (
    BODY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ActionPlan,
    Amendment,
    Citation,
    ConsultationLink,
    Measure,
    PlanSection,
    PlanVersion,
    Revision,
)
from consult.actionplan.versions import copy_version
from consult.core.history import record
from consult.core.languages import CONTENT_LANGUAGES
from consult.core.permissions import can
from consult.core.text import clean_text, normalise_name
from consult.core.workflow import check, perform
from consult.extensions import db

REASON_MAX = 5000


class PlanError(Exception):
    """A refused change: ``code`` says why, ``field`` which form field it is about, ``details``
    what it is about (e.g. the amendments that no longer apply)."""

    def __init__(self, code, field=None, details=None):
        super().__init__(code)
        self.code = code
        self.field = field
        self.details = details or []


def _require(actor, permission, obj):
    if not can(actor, permission, obj):
        raise PlanError("forbidden")


def _title(value, field="title"):
    value = normalise_name(value)
    if not value:
        raise PlanError("title_required", field)
    if len(value) > TITLE_MAX:
        raise PlanError("title_too_long", field)
    return value


def _text(value, field, limit=TEXT_MAX, required=False):
    value = clean_text(value)
    if required and not value:
        raise PlanError("text_required", field)
    if len(value) > limit:
        raise PlanError("text_too_long", field)
    return value


def _language(language):
    if language not in CONTENT_LANGUAGES:
        raise PlanError("unknown_language", "language")
    return language


# The plan and its first version ---------------------------------------------------------------


def create_plan(actor, title, language, summary, sections):
    """A plan with its first version: ``sections`` is ``[(title, description, [measure
    dict(title, description, responsible_body, indicators)])]``, numbered in that order."""
    _require(actor, "plan.create", None)
    language = _language(language)
    plan = ActionPlan(title=_title(title), language=language)
    db.session.add(plan)
    db.session.flush()
    version = PlanVersion(plan_id=plan.id, number=1, language=language, summary=clean_text(summary))
    db.session.add(version)
    db.session.flush()
    key = 0
    for number, (section_title, description, measures) in enumerate(sections, start=1):
        db.session.add(
            PlanSection(
                version_id=version.id,
                key=number,
                number=number,
                title=_title(section_title),
                description=clean_text(description),
                language=language,
            )
        )
        for position, fields in enumerate(measures, start=1):
            key += 1
            db.session.add(
                Measure(
                    version_id=version.id,
                    section_key=number,
                    key=key,
                    code=f"{number}.{position}",
                    title=_title(fields["title"]),
                    description=clean_text(fields.get("description", "")),
                    responsible_body=clean_text(fields.get("responsible_body", ""))[:BODY_MAX],
                    indicators=clean_text(fields.get("indicators", "")),
                    language=language,
                )
            )
    record("plan.created", plan, actor, version=1)
    db.session.commit()
    return plan


def grant_owner(plan, user, actor):
    """An admin makes ``user`` an owner of the plan (they revise it)."""
    from consult.accounts.models import LocalRole

    _require(actor, "plan.manage", plan)
    exists = db.session.get(LocalRole, (user.id, "owner", "action_plans", plan.id))
    if exists is not None:
        return False
    db.session.add(
        LocalRole(
            user_id=user.id,
            role="owner",
            object_type="action_plans",
            object_id=plan.id,
            granted_by_id=actor.id,
        )
    )
    record("plan.owner_granted", plan, actor, user_id=user.id)
    db.session.commit()
    return True


def link_consultation(consultation, plan, targets, actor):
    """The consultation is about ``targets``: ``[("section" | "measure", key)]`` of the plan's
    current version (replacing what it pointed at before)."""
    _require(actor, "consultation.manage", consultation)
    current = queries.contents(queries.current_version(plan.id))
    wanted = set()
    for kind, key in targets:
        found = current.section(key) if kind == "section" else current.measure(key)
        if kind not in ("section", "measure") or found is None:
            raise PlanError("unknown_target", "targets")
        wanted.add((kind, key))
    db.session.execute(
        sa.delete(ConsultationLink).where(
            ConsultationLink.consultation_id == consultation.id,
            ConsultationLink.plan_id == plan.id,
        )
    )
    for kind, key in sorted(wanted):
        db.session.add(
            ConsultationLink(consultation_id=consultation.id, plan_id=plan.id, kind=kind, key=key)
        )
    record("consultation.plan_linked", consultation, actor, targets=sorted(wanted))
    db.session.commit()


# Revisions and amendments ---------------------------------------------------------------------


def open_revision(plan, actor, title, summary, language):
    """A plan owner starts a revision of the current version."""
    _require(actor, "plan.revise", plan)
    revision = Revision(
        plan_id=plan.id,
        base_version_id=queries.current_version(plan.id).id,
        title=_title(title),
        summary=_text(summary, "summary"),
        language=_language(language),
        opened_by_id=actor.id,
    )
    db.session.add(revision)
    db.session.flush()
    record("revision.opened", revision, actor, to_state=revision.state)
    db.session.commit()
    return revision


def _citable(object_type, object_id):
    """The cited object, if it exists and everyone may see it (hidden content, drafts and
    unpublished outcomes cannot be cited); else None."""
    from consult.feedback.models import Comment
    from consult.outcomes.models import Outcome
    from consult.proposals.models import Proposal

    if object_type == "proposals":
        obj = db.session.get(Proposal, object_id)
        return obj if obj is not None and obj.is_listed else None
    if object_type == "comments":
        obj = db.session.get(Comment, object_id)
        return obj if obj is not None and obj.is_published and not obj.is_hidden else None
    if object_type == "consultation_outcomes":
        obj = db.session.get(Outcome, object_id)
        return obj if obj is not None and obj.state == "published" else None
    return None


def amend(revision, actor, kind, *, measure_key=None, section_key=None, title="",
          description="", responsible_body="", indicators="", reason="", citations=(),
          initiated_by_city=False):  # fmt: skip
    """Add an amendment to a draft revision: ``add`` a measure to section ``section_key``,
    ``change`` the texts of measure ``measure_key``, or ``retire`` it. It cites ``citations``
    (``[(object type, id)]`` of published, visible proposals, comments or outcomes) or says the
    municipality initiated it; either way it gives a reason."""
    _require(actor, "revision.amend", revision)
    base = queries.contents(db.session.get(PlanVersion, revision.base_version_id))
    if kind not in ("add", "change", "retire"):
        raise PlanError("unknown_kind", "kind")
    if kind == "add":
        if base.section(section_key) is None:
            raise PlanError("unknown_section", "section_key")
        measure_key = None
    else:
        measure = base.measure(measure_key)
        if measure is None:
            raise PlanError("unknown_measure", "measure_key")
        if measure.is_retired:
            raise PlanError("measure_retired", "measure_key")
        section_key = None
    texts = {}
    if kind != "retire":
        texts = {
            "title": _title(title),
            "description": _text(description, "description"),
            "responsible_body": _text(responsible_body, "responsible_body", BODY_MAX),
            "indicators": _text(indicators, "indicators"),
        }
        if kind == "change" and all(getattr(measure, k) == v for k, v in texts.items()):
            raise PlanError("nothing_changed", "title")
    reason = _text(reason, "reason", REASON_MAX, required=True)
    cited = []
    for object_type, object_id in dict.fromkeys(citations):
        if _citable(object_type, object_id) is None:
            raise PlanError("cannot_cite", "citations", [(object_type, object_id)])
        cited.append((object_type, object_id))
    if not cited and not initiated_by_city:
        raise PlanError("needs_citation", "citations")
    amendment = Amendment(
        revision_id=revision.id,
        kind=kind,
        measure_key=measure_key,
        section_key=section_key,
        reason=reason,
        initiated_by_city=bool(initiated_by_city),
        language=revision.language,
        created_by_id=actor.id,
        **texts,
    )
    try:
        with db.session.begin_nested():
            db.session.add(amendment)
    except IntegrityError:
        raise PlanError("measure_already_amended", "measure_key") from None
    for object_type, object_id in cited:
        db.session.add(
            Citation(amendment_id=amendment.id, object_type=object_type, object_id=object_id)
        )
    record("revision.amended", revision, actor, kind=kind, amendment_id=amendment.id)
    db.session.commit()
    return amendment


def remove_amendment(amendment, actor):
    revision = db.session.get(Revision, amendment.revision_id)
    _require(actor, "revision.amend", revision)
    db.session.delete(amendment)
    record("revision.amendment_removed", revision, actor, amendment_id=amendment.id)
    db.session.commit()


def transition(revision, name, actor, comment=None):
    """Open a draft revision to public feedback, or (an admin) approve or reject it."""
    if name not in ("open_review", "approve", "reject"):
        raise PlanError("unknown_transition")
    perform(revision, name, actor, clean_text(comment) or None)
    db.session.commit()


def conflicts(revision, version):
    """The amendments of ``revision`` that no longer apply to ``version`` (their measure gone or
    retired, their section gone)."""
    contents = queries.contents(version)
    amendments, _citations = queries.amendments_of(revision)
    stale = []
    for amendment in amendments:
        if amendment.kind == "add":
            if contents.section(amendment.section_key) is None:
                stale.append(amendment)
        else:
            measure = contents.measure(amendment.measure_key)
            if measure is None or measure.is_retired:
                stale.append(amendment)
    return stale


def rebase(revision, actor):
    """Move a revision onto the plan's current version (after another revision was published
    from its base), if every amendment still applies; else refuse, naming those that don't."""
    _require(actor, "revision.amend", revision)
    current = queries.current_version(revision.plan_id)
    if current.id == revision.base_version_id:
        return False
    stale = conflicts(revision, current)
    if stale:
        raise PlanError("amendments_no_longer_apply", details=[a.id for a in stale])
    revision.base_version_id = current.id
    record("revision.rebased", revision, actor, version=current.number)
    db.session.commit()
    return True


def publish(revision, actor):
    """Publish an approved revision as the plan's next version: its sections copied, its
    measures copied with the amendments applied (added measures numbered after the last of
    their section, retired ones kept and marked), their translations carried over where the
    text did not change — all in one transaction. Refused with no amendments, when the base is
    no longer the current version (rebase first), or when another revision of the same base
    was published meanwhile (the database's unique version number)."""
    check(revision, "publish", actor)
    amendments, _citations = queries.amendments_of(revision)
    if not amendments:
        raise PlanError("no_amendments")
    base = db.session.get(PlanVersion, revision.base_version_id)
    current = queries.current_version(revision.plan_id)
    if current.id != base.id:
        raise PlanError("rebase_needed")
    stale = conflicts(revision, base)
    if stale:
        raise PlanError("amendments_no_longer_apply", details=[a.id for a in stale])
    contents = queries.contents(base)
    try:
        with db.session.begin_nested():
            version = PlanVersion(
                plan_id=base.plan_id,
                number=base.number + 1,
                language=base.language,
                summary=base.summary,
                revision_id=revision.id,
            )
            db.session.add(version)
            db.session.flush()
    except IntegrityError:
        raise PlanError("already_published") from None
    copy_version(contents, version, amendments)
    # The state and the version change together (the database insists on both or neither).
    with db.session.no_autoflush:
        revision.published_version_id = version.id
        perform(revision, "publish", actor)
    record("plan.version_published", version, actor, number=version.number)
    db.session.commit()
    return version
