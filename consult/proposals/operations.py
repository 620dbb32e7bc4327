"""Everything that changes a proposal: create, edit, publish, evaluate, withdraw, answer and
merge. Views and the command line call these and nothing else writes a proposal (translations
are ``translations.operations``').

Each operation checks first and changes afterwards: a refusal raises :class:`ProposalError` (or
the workflow engine's ``WorkflowError``) with nothing written. Each records history (through the
workflow engine or ``core.history.record``) and commits.
"""

from flask import current_app
from sqlalchemy import update as sql_update
from sqlalchemy.orm.attributes import set_committed_value

from consult.consultations.models import Consultation
from consult.consultations.permissions import in_audience
from consult.core import signals
from consult.core.history import record, utcnow
from consult.core.languages import CONTENT_LANGUAGES, detect_language
from consult.core.permissions import can
from consult.core.text import clean_text, normalise_name
from consult.core.workflow import WorkflowError, check, perform
from consult.extensions import db
from consult.moderation.queries import posting_block
from consult.proposals.models import BODY_MAX, TITLE_MAX, VISIBLE_STATES, Proposal
from consult.proposals.workflow import WORKFLOW
from consult.translations import operations as translations

ANSWER_MAX = 5000
#: Reasons for withdrawing or merging.
REASON_MAX = 1000
#: The states a moderator's answer may move a proposal to, and the transition that does it.
ANSWER_TRANSITIONS = {"evaluating": "evaluate", "accepted": "accept", "rejected": "reject"}


class ProposalError(Exception):
    """A refused change. ``code`` says why, ``field`` which form field it is about, and ``when``
    (for the proposals-phase refusals) the date that matters: when proposals open or closed."""

    def __init__(self, code, field=None, when=None):
        super().__init__(code)
        self.code = code
        self.field = field
        self.when = when


# Reading helpers ------------------------------------------------------------------------------


def consultation_of(proposal):
    """``proposal.consultation``, loaded now if it was not (the relationship never loads
    itself)."""
    if "consultation" not in proposal.__dict__:
        consultation = db.session.get(Consultation, proposal.consultation_id)
        set_committed_value(proposal, "consultation", consultation)
    return proposal.consultation


def proposing_refusal(consultation, user, now=None):
    """Why ``user`` may not propose in ``consultation`` now (a :class:`ProposalError` saying
    when proposals open or closed), or None when they may."""
    now = now or utcnow()
    if posting_block(user) is not None:
        return ProposalError("blocked")
    if consultation.phase(now) == "proposals":
        if in_audience(user, consultation.who_may_propose):
            return None
        return ProposalError("not_in_audience")
    if consultation.effective_state(now) in ("closed", "concluded", "archived"):
        return ProposalError("consultation_closed", when=consultation.proposals_end)
    if now < consultation.proposals_start:
        return ProposalError("proposals_not_open_yet", when=consultation.proposals_start)
    return ProposalError("proposals_closed", when=consultation.proposals_end)


def answer_states(proposal):
    """The states a moderator's answer can move ``proposal`` to from where it is now."""
    sources = proposal.workflow.transitions
    return [
        state
        for state, name in ANSWER_TRANSITIONS.items()
        if proposal.state in sources[name].sources
    ]


def is_answerable(proposal):
    """Moderators answer proposals people can see (not drafts, withdrawn or merged ones)."""
    return proposal.state in VISIBLE_STATES


# Cleaning -------------------------------------------------------------------------------------


def _clean_content(consultation, title, body, category, language):
    title = normalise_name(title)
    body = clean_text(body)
    category = (category or "").strip() or None
    if not title:
        raise ProposalError("title_required", "title")
    if len(title) > TITLE_MAX:
        raise ProposalError("title_too_long", "title")
    if not body:
        raise ProposalError("body_required", "body")
    if len(body) > BODY_MAX:
        raise ProposalError("body_too_long", "body")
    if category is not None and category not in (consultation.categories or ()):
        raise ProposalError("unknown_category", "category")
    if language is not None and language not in CONTENT_LANGUAGES:
        raise ProposalError("unknown_language", "language")
    return title, body, category


def _reason(value, field, required=True):
    value = clean_text(value)
    if required and not value:
        raise ProposalError("reason_required", field)
    if len(value) > REASON_MAX:
        raise ProposalError("reason_too_long", field)
    return value or None


def _count_visible(consultation, change):
    """Add ``change`` to the consultation's count of visible proposals, in SQL (no lost update
    when two people publish at once), in the caller's transaction."""
    db.session.execute(
        sql_update(Consultation)
        .where(Consultation.id == consultation.id)
        .values(proposals_count=Consultation.proposals_count + change)
    )


def _require(actor, permission, proposal):
    if not can(actor, permission, proposal):
        raise ProposalError("forbidden")


# Operations -----------------------------------------------------------------------------------


def create(consultation, author, title, body, category=None, language=None):
    """A new draft by ``author``. Its language is detected from the text unless given (the
    author may correct it); refused outside the consultation's proposals phase or audience."""
    refusal = proposing_refusal(consultation, author)
    if refusal is not None:
        raise refusal
    language = language or None
    title, body, category = _clean_content(consultation, title, body, category, language)
    detected = language is None
    if detected:
        language = detect_language(f"{title}\n{body}", consultation.language)
    proposal = Proposal(
        consultation_id=consultation.id,
        author_id=author.id,
        language=language,
        title=title,
        body=body,
        category=category,
        state=WORKFLOW.initial,
    )
    db.session.add(proposal)
    db.session.flush()
    set_committed_value(proposal, "consultation", consultation)
    record(
        "proposal.created",
        proposal,
        author,
        to_state=proposal.state,
        language=language,
        detected=detected,
    )
    db.session.commit()
    return proposal


def update(proposal, actor, title, body, category, language):
    """Change what the proposal says. Translations of a changed field no longer match and are
    dropped (all of them when the language changes). Returns whether anything changed."""
    consultation = consultation_of(proposal)
    _require(actor, "proposal.edit", proposal)
    if not language:
        raise ProposalError("unknown_language", "language")
    title, body, category = _clean_content(consultation, title, body, category, language)
    new = {"title": title, "body": body, "category": category, "language": language}
    changed = [name for name, value in new.items() if getattr(proposal, name) != value]
    if not changed:
        return False
    for field in ("title", "body"):
        if field in changed or "language" in changed:
            translations.remove_all(proposal, field)
    for name in changed:
        setattr(proposal, name, new[name])
    record("proposal.edited", proposal, actor, fields=changed)
    signals.wrote(proposal)
    db.session.commit()
    return True


def publish_refusal(proposal, user):
    """Why the author of a draft cannot publish it now (a :class:`ProposalError` saying when
    proposals open or that they closed), or None."""
    if proposal.state != "draft" or proposal.author_id != getattr(user, "id", None):
        return None
    return proposing_refusal(consultation_of(proposal), user)


def publish(proposal, actor):
    """The author makes their draft public, during the proposals phase."""
    consultation = consultation_of(proposal)
    refusal = publish_refusal(proposal, actor)
    if refusal is not None:
        raise refusal
    perform(proposal, "publish", actor)
    proposal.published_at = utcnow()
    signals.wrote(proposal)
    if proposal.is_listed:
        _count_visible(consultation, +1)
    db.session.commit()


def evaluate(proposal, actor, comment=None):
    """A curator says the proposal is being evaluated."""
    consultation_of(proposal)
    perform(proposal, "evaluate", actor, _reason(comment, "comment", required=False))
    db.session.commit()


def withdraw(proposal, actor, reason):
    """The author withdraws their proposal, saying why. It leaves the lists and the counts."""
    consultation = consultation_of(proposal)
    reason = _reason(reason, "reason")
    was_visible = proposal.is_listed
    perform(proposal, "withdraw", actor, reason)
    if was_visible:
        _count_visible(consultation, -1)
    db.session.commit()


def answer(proposal, actor, state=None, text=None, language=None):
    """A curator gives (or changes) the official answer and may move the proposal on: to
    evaluation, acceptance or rejection (a rejection needs the answer that explains it).

    ``state`` None or the current state keeps the state; an empty ``text`` keeps the answer
    there is. The answer's ``language`` is detected from it when not given."""
    consultation = consultation_of(proposal)
    _require(actor, "proposal.answer", proposal)
    if not is_answerable(proposal):
        raise ProposalError("not_answerable")
    text = clean_text(text)
    if len(text) > ANSWER_MAX:
        raise ProposalError("answer_too_long", "text")
    transition = None
    if state and state != proposal.state:
        if state not in ANSWER_TRANSITIONS:
            raise ProposalError("unknown_state", "state")
        try:
            transition = check(proposal, ANSWER_TRANSITIONS[state], actor)
        except WorkflowError as error:
            code = "wrong_state" if error.code == "wrong_state" else error.code
            raise ProposalError(code, "state") from error
    if state == "rejected" and not text:
        raise ProposalError("answer_required", "text")
    if not text and transition is None:
        raise ProposalError("nothing_to_do", "text")
    if language and language not in CONTENT_LANGUAGES:
        raise ProposalError("unknown_language", "language")
    if text:
        language = language or detect_language(text, consultation.language)
        if text != proposal.answer or language != proposal.answer_language:
            translations.remove_all(proposal, "answer")
            proposal.answer = text
            proposal.answer_language = language
            proposal.answered_at = utcnow()
            proposal.answered_by_id = actor.id
            record("proposal.answered", proposal, actor, language=language)
            signals.wrote(proposal)
    if transition is not None:
        perform(proposal, transition.name, actor, text or None)
    db.session.commit()


def merge(proposal, target, actor, comment):
    """A curator merges a duplicate ``proposal`` into ``target``: another visible proposal of
    the same consultation. The proposal points to its target and leaves the lists; its supports
    and followers move with ``signals.proposal_merged``; both keep their history."""
    consultation = consultation_of(proposal)
    _require(actor, "proposal.merge", proposal)
    if target is None:
        raise ProposalError("no_target", "target")
    if target.id == proposal.id:
        raise ProposalError("same_proposal", "target")
    if target.consultation_id != proposal.consultation_id:
        raise ProposalError("other_consultation", "target")
    if not target.is_listed or target.merged_into_id is not None:
        raise ProposalError("target_not_visible", "target")
    comment = _reason(comment, "comment")
    check(proposal, "merge", actor)
    was_visible = proposal.is_listed
    # The state and the target change together: the database insists that a merged proposal
    # has a target and that only a merged one has (no flush may see one without the other).
    with db.session.no_autoflush:
        proposal.merged_into_id = target.id
        set_committed_value(proposal, "merged_into", target)
        perform(proposal, "merge", actor, comment)
    record("proposal.merged_in", target, actor, comment=comment, proposal_id=proposal.id)
    if was_visible:
        _count_visible(consultation, -1)
    signals.proposal_merged.send(
        current_app._get_current_object(), proposal=proposal, target=target, actor=actor
    )
    db.session.commit()


# Listeners ------------------------------------------------------------------------------------


@signals.transitioned.connect
def _count_moderated(_sender, obj, workflow, source, target, **_kwargs):
    """A published proposal hidden or restored by the moderators leaves or rejoins the count."""
    if workflow != "moderation" or not isinstance(obj, Proposal) or not obj.is_published:
        return
    change = +1 if target == "visible" else -1 if source == "visible" else 0
    if change:
        _count_visible(consultation_of(obj), change)


@signals.comments_counted.connect
def _count_comments(_sender, object_type, object_id, change, **_kwargs):
    if object_type == Proposal.__tablename__:
        db.session.execute(
            sql_update(Proposal)
            .where(Proposal.id == object_id)
            .values(comments_count=Proposal.comments_count + change)
        )
