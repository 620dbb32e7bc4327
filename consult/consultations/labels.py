"""The words the consultation pages show for codes: what each refusal says next to the field it
concerns, the phases and what people do in each, and the labels of the settings."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult.consultations import operations as ops

#: What each refusal from ``consultations.operations`` says, next to the field it concerns.
ERROR_MESSAGES = {
    "proposals_before_opening": _l("Proposals cannot open before the consultation opens."),
    "proposals_end_first": _l("Proposals must close after they open."),
    "voting_before_proposals": _l("Voting cannot open before proposals open."),
    "voting_end_first": _l("Voting must close after it opens."),
    "closes_before_proposals_end": _l("The consultation cannot close before proposals close."),
    "closes_before_voting_end": _l("The consultation cannot close before voting closes."),
    "opening_fixed": _l("The consultation has opened: its opening date can no longer change."),
    "dates_fixed": _l("The consultation has closed: its dates can no longer change."),
    "empty": _l("This cannot be empty."),
    "too_long": _l("This text is too long."),
    "unknown_language": _l("Choose a language from the list."),
    "unknown_audience": _l("Choose from the list."),
    "threshold_out_of_range": _l(
        "Enter a whole number from 1 to %(max)d, or leave it empty.", max=ops.THRESHOLD_MAX
    ),
    "not_a_choice": _l("Choose one of the options."),
    "supports_out_of_range": _l("Enter a whole number from 0 to %(max)d.", max=ops.SUPPORTS_MAX),
    "flags_out_of_range": _l("Enter a whole number from 1 to %(max)d.", max=ops.FLAGS_TO_HIDE_MAX),
    "too_many_categories": _l("List at most %(max)d categories.", max=ops.CATEGORIES_MAX),
    "category_too_long": _l(
        "Each category can have at most %(max)d characters.", max=ops.CATEGORY_MAX
    ),
    "archived": _l("An archived consultation no longer changes."),
    "unknown_target": _l(
        "Choose sections and measures of the current version of the Action Plan, from the list."
    ),
}


def workflow_message(code, state_title):
    """What a refused transition says (a refusal for want of permission is a 403 instead)."""
    if code == "already_open":
        return _("The consultation has already opened: it can no longer go back to draft.")
    if code == "comment_required":
        return _("Say why in the comment.")
    return _("This is not possible while the consultation is “%(state)s”.", state=state_title)


PHASE_TITLES = {
    "information": _l("Information"),
    "proposals": _l("Proposals"),
    "voting": _l("Voting"),
    "review": _l("Review"),
    "outcome": _l("Outcome"),
}
#: What people do in each phase, in plain words.
PHASE_HINTS = {
    "information": _l("Read what the city plans."),
    "proposals": _l("Propose your ideas."),
    "voting": _l("Support the proposals you like."),
    "review": _l("The city studies every proposal and answers it."),
    "outcome": _l("The city publishes what it decided, and why."),
}

FIELD_LABELS = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "body": _l("Full text"),
    "language": _l("Written in"),
    "plan_targets": _l("What it is about in the Action Plan"),
    "opens_at": _l("Opens (the information phase starts)"),
    "proposals_start": _l("Proposals open"),
    "proposals_end": _l("Proposals close"),
    "voting_start": _l("Voting opens"),
    "voting_end": _l("Voting closes"),
    "closes_at": _l("Closes (the review starts)"),
    "who_may_propose": _l("Who may propose"),
    "who_may_comment": _l("Who may comment"),
    "supports_per_person": _l("Supports per person"),
    "who_may_support": _l("Who may support proposals"),
    "supports_in_proposals_phase": _l("Take supports during the proposals phase too"),
    "support_threshold": _l("Support threshold"),
    "authors_may_support": _l("Authors may support their own proposals"),
    "flags_to_hide": _l("Reports that hide an item until reviewed"),
    "categories": _l("Categories"),
}

AUDIENCE_LABELS = {
    "members": _l("Anyone with an account"),
    "verified": _l("Verified participants only"),
}

NO_SUCH_ACCOUNT = _l(
    "No account uses this email address. Check the address, or ask the person to create an "
    "account first."
)
