"""Everything that changes an outcome: a proposal's disposition, and the outcome written and
published. Views and the command line call these; each checks first, then changes, records
and commits."""

from consult.core import signals
from consult.core.history import record, utcnow
from consult.core.languages import CONTENT_LANGUAGES, detect_language
from consult.core.permissions import can
from consult.core.text import clean_text
from consult.core.workflow import perform
from consult.extensions import db
from consult.outcomes import queries
from consult.outcomes.models import DISPOSITIONS, REASON_MAX, SUMMARY_MAX, Disposition, Outcome
from consult.translations import operations as translations


class OutcomeError(Exception):
    def __init__(self, code, field=None):
        super().__init__(code)
        self.code = code
        self.field = field


def in_review(consultation):
    """Dispositions are given once proposals and supports are over: the review phase, or a
    closed consultation."""
    return consultation.effective_state() == "closed" or consultation.phase() in ("review",)


def _language(language, text, default):
    if language and language not in CONTENT_LANGUAGES:
        raise OutcomeError("unknown_language", "language")
    return language or detect_language(text, default)


def dispose(proposal, actor, disposition, reason, language=None):
    """A moderator says what becomes of a published proposal, and why (it may be changed until
    the outcome is published)."""
    from consult.proposals.operations import consultation_of

    consultation = consultation_of(proposal)
    if not can(actor, "outcome.manage", consultation):
        raise OutcomeError("forbidden")
    if not in_review(consultation):
        raise OutcomeError("not_in_review")
    if not proposal.is_listed:
        raise OutcomeError("not_published")
    outcome = queries.outcome_of(consultation)
    if outcome is not None and outcome.state == "published":
        raise OutcomeError("outcome_published")
    if disposition not in DISPOSITIONS:
        raise OutcomeError("unknown_disposition", "disposition")
    reason = clean_text(reason)
    if not reason:
        raise OutcomeError("reason_required", "reason")
    if len(reason) > REASON_MAX:
        raise OutcomeError("reason_too_long", "reason")
    language = _language(language, reason, consultation.language)
    row = queries.disposition_of(proposal)
    if row is None:
        row = Disposition(proposal_id=proposal.id, consultation_id=consultation.id)
        db.session.add(row)
    elif (row.disposition, row.reason, row.language) == (disposition, reason, language):
        return row
    elif (row.reason, row.language) != (reason, language):
        # The translations of a reason that did not change still hold.
        translations.remove_all(row)
    row.disposition, row.reason, row.language = disposition, reason, language
    row.decided_by_id, row.decided_at = actor.id, utcnow()
    db.session.flush()
    record("proposal.disposed", proposal, actor, disposition=disposition, comment=reason)
    signals.wrote(row)
    db.session.commit()
    return row


def write(consultation, actor, summary, language=None):
    """The moderators write (or rewrite) the outcome's summary, before it is published."""
    if not can(actor, "outcome.manage", consultation):
        raise OutcomeError("forbidden")
    summary = clean_text(summary)
    if len(summary) > SUMMARY_MAX:
        raise OutcomeError("summary_too_long", "summary")
    if not summary:
        raise OutcomeError("summary_required", "summary")
    language = _language(language, summary, consultation.language)
    outcome = queries.outcome_of(consultation)
    if outcome is None:
        outcome = Outcome(consultation_id=consultation.id, language=language)
        db.session.add(outcome)
    elif outcome.state == "published":
        raise OutcomeError("outcome_published")
    else:
        translations.remove_all(outcome)
    outcome.summary, outcome.language = summary, language
    db.session.flush()
    record("outcome.written", outcome, actor, language=language)
    db.session.commit()
    return outcome


def publish(consultation, actor):
    """Publish the outcome: every published proposal has its disposition; the participation
    figures are counted now and kept as they are."""
    if not can(actor, "outcome.manage", consultation):
        raise OutcomeError("forbidden")
    if not in_review(consultation) and consultation.effective_state() != "concluded":
        raise OutcomeError("not_in_review")
    outcome = queries.outcome_of(consultation)
    if outcome is None or not outcome.summary:
        raise OutcomeError("summary_required", "summary")
    # Not flushed half-done: the state and its date land together (a check constraint).
    with db.session.no_autoflush:
        perform(outcome, "publish", actor)
        outcome.figures = queries.figures(consultation.id)
        outcome.published_at = utcnow()
        outcome.published_by_id = actor.id
    signals.wrote(outcome)
    db.session.commit()
    return outcome
