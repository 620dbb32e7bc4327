"""The demo Action Plan: Thessaloniki's plan for the inclusion of refugees, asylum seekers and
migrants, built from the Greek summary in shared/seeds — its introduction and four objectives,
and its central measures grouped as the summary groups them — as version 1, with English titles.

Around it: a plan owner (the Social Policy Directorate's account), the demo consultations linked
to the measures they are about, the outcome of the consultation in review ("you said, we did"),
a published revision (version 2: a measure changed after that outcome, one added after a
proposal and a comment, one retired by the municipality), and a second revision open for public
feedback, with comments.

The plan's text is in consult.demo.plan_text. Everything goes through the domains' operations,
as people's actions would."""

from sqlalchemy import select

from consult.actionplan import operations as plans
from consult.actionplan import queries as plan_queries
from consult.consultations.models import Consultation
from consult.demo.consultations import CONSULTATIONS
from consult.demo.plan_text import (
    CITY,
    MEASURE_TITLES_EN,
    SECTION_TITLES_EN,
    SECTIONS,
    SUMMARY,
    TITLE,
)
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.feedback import subjects as feedback_subjects
from consult.feedback.models import Comment
from consult.outcomes import operations as outcomes
from consult.outcomes import queries as outcome_queries
from consult.proposals.models import Proposal
from consult.translations import operations as translations

#: Consultation index (in CONSULTATIONS) -> the codes of the measures it is about.
LINKS = {
    0: ["1.1"],
    1: ["1.2", "1.3"],
    2: ["1.4"],
    3: ["1.5"],
    4: ["2.1"],
    5: ["2.2"],
    6: ["3.1", "3.2"],
}

#: The consultation in its review phase (concerns and complaints) and its outcome.
REVIEWED = 5
#: Proposal title -> (disposition, reason in Greek, reason in English).
DISPOSITIONS = {
    "An anonymous way to report abuse": (
        "partly_accepted",
        "Οι ανώνυμες αναφορές δεν μπορούν να διερευνηθούν ούτε να απαντηθούν, γι' αυτό δεν "
        "υιοθετούνται. Γίνεται όμως δεκτός ο σκοπός της πρότασης: θα υπάρξει εμπιστευτικός "
        "δίαυλος αναφορών μέσω οργανώσεων εμπιστοσύνης, ώστε κανείς να μη φοβάται ότι ένα "
        "παράπονο θα επηρεάσει την υπόθεση ασύλου του.",
        "Anonymous reports cannot be investigated or answered, so they are not adopted. The "
        "proposal's aim is accepted: there will be a confidential way to report through trusted "
        "organisations, so that nobody need fear that a complaint will affect their asylum case.",
    ),
}
OUTCOME_SUMMARY = (
    "Ευχαριστούμε όσους συμμετείχαν. Η κύρια ανησυχία που ακούσαμε είναι ότι πολλοί φοβούνται "
    "πως ένα παράπονο θα επηρεάσει την υπόθεση ασύλου τους. Οι ανώνυμες αναφορές δεν μπορούν να "
    "διερευνηθούν, θα υπάρξει όμως εμπιστευτικός δίαυλος αναφορών μέσω οργανώσεων εμπιστοσύνης, "
    "και το μέτρο 2.2 του Σχεδίου Δράσης αναθεωρείται ανάλογα. Ο πίνακας δείχνει τι αποφασίστηκε "
    "για κάθε πρόταση και γιατί.",
    "Thank you to everyone who took part. The main concern we heard is that many people fear a "
    "complaint will affect their asylum case. Anonymous reports cannot be investigated, but there "
    "will be a confidential way to report through trusted organisations, and measure 2.2 of the "
    "Action Plan is being revised accordingly. The table shows what was decided about each "
    "proposal, and why.",
)

#: What the amendments cite, found by their text.
SMS_PROPOSAL = "Ενημέρωση μέσω μηνυμάτων στο κινητό"
MOTHERS_PROPOSAL = "دروس اللغة اليونانية للأمهات مع رعاية الأطفال"
RUMOURS_COMMENT = "Many people we support learn about deadlines from WhatsApp groups"
MOTHER_COMMENT = "Я мама двох дітей"


def _consultation(index):
    return db.session.scalar(
        select(Consultation).where(Consultation.title == CONSULTATIONS[index][0])
    )


def _proposal(title):
    return db.session.scalar(select(Proposal).where(Proposal.title == title))


def _comment(start):
    return db.session.scalar(
        select(Comment).where(Comment.body.startswith(start)).order_by(Comment.id).limit(1)
    )


def _cite(*pairs):
    """``(object type, object)`` pairs whose object exists, as citations."""
    return [(object_type, obj.id) for object_type, obj in pairs if obj is not None]


def load(users):
    """Add the plan and what surrounds it once (nothing when a plan exists)."""
    if plan_queries.plans():
        return
    admin, owner = users["admin"], users["plan owner"]
    plan = plans.create_plan(admin, TITLE, "el", SUMMARY, SECTIONS)
    plans.grant_owner(plan, owner, admin)
    first = plan_queries.current_version(plan.id)
    _translate_titles(first, admin)
    _link_consultations(plan, first, admin)
    outcome = _outcome(users)
    second = _first_revision(plan, first, owner, admin, outcome)
    _open_revision(plan, second, users)


def _translate_titles(version, translator):
    """English titles of the version's sections and of those of its measures that lack one."""
    contents = plan_queries.contents(version)
    for section in contents.sections:
        if section.number in SECTION_TITLES_EN:
            translations.submit(section, "title", "en", SECTION_TITLES_EN[section.number],
                                translator)  # fmt: skip
    for measures in contents.measures.values():
        for measure in measures:
            if measure.code in MEASURE_TITLES_EN and not translations.find(measure, "title", "en"):
                translations.submit(measure, "title", "en", MEASURE_TITLES_EN[measure.code],
                                    translator)  # fmt: skip


def _by_code(version):
    contents = plan_queries.contents(version)
    return {m.code: m for measures in contents.measures.values() for m in measures}


def _link_consultations(plan, version, admin):
    measures = _by_code(version)
    for index, codes in LINKS.items():
        consultation = _consultation(index)
        if consultation is not None:
            targets = [("measure", measures[code].key) for code in codes]
            plans.link_consultation(consultation, plan, targets, admin)


def _outcome(users):
    """The review-phase consultation's outcome: a disposition for every published proposal, a
    summary, with English translations, published (if every proposal has its disposition)."""
    consultation = _consultation(REVIEWED)
    if consultation is None:
        return None
    moderator = users["moderator"]
    for proposal, _disposition in outcome_queries.dispositions_of(consultation.id):
        if proposal.title not in DISPOSITIONS:
            continue
        kind, reason, reason_en = DISPOSITIONS[proposal.title]
        row = outcomes.dispose(proposal, moderator, kind, reason, "el")
        translations.submit(row, "reason", "en", reason_en, moderator)
    summary, summary_en = OUTCOME_SUMMARY
    outcome = outcomes.write(consultation, moderator, summary, "el")
    translations.submit(outcome, "summary", "en", summary_en, moderator)
    if outcome_queries.undisposed_count(consultation.id):
        return None
    return outcomes.publish(consultation, moderator)


def _first_revision(plan, base, owner, admin, outcome):
    """Version 2: measure 2.2 changed after the outcome, a measure added after a proposal and a
    comment, measure 3.1 retired by the municipality; opened for feedback, approved by the
    admin, published by the plan owner."""
    revision = plans.open_revision(
        plan,
        owner,
        "Αναθεώρηση μετά τις πρώτες διαβουλεύσεις",
        "Οι αλλαγές που προέκυψαν από τις διαβουλεύσεις για τη διατύπωση παραπόνων και για την "
        "ενημέρωση σε γλώσσες που κατανοούν οι άνθρωποι, και μια απλοποίηση του άξονα της "
        "μέτρησης.",
        "el",
    )
    translations.submit(revision, "title", "en", "Revision after the first consultations", admin)
    measures = _by_code(base)
    complaints = measures["2.2"]
    complaint = _proposal(next(iter(DISPOSITIONS)))
    plans.amend(
        revision,
        owner,
        "change",
        measure_key=complaints.key,
        title=complaints.title,
        description=complaints.description
        + " Οι αναφορές μπορούν να γίνονται και εμπιστευτικά, μέσω οργανώσεων εμπιστοσύνης, "
        "ώστε κανείς να μη φοβάται ότι ένα παράπονο θα επηρεάσει την υπόθεση ασύλου του.",
        responsible_body=complaints.responsible_body,
        indicators=complaints.indicators
        + "\nΑναφορές που υποβλήθηκαν μέσω οργανώσεων εμπιστοσύνης",
        reason="Η πρόταση για ανώνυμες αναφορές έγινε εν μέρει δεκτή στην έκβαση της "
        "διαβούλευσης: ο φόβος ότι ένα παράπονο επηρεάζει την υπόθεση ασύλου είναι πραγματικός, "
        "όμως οι ανώνυμες αναφορές δεν μπορούν να διερευνηθούν.",
        citations=_cite(("proposals", complaint), ("consultation_outcomes", outcome)),
        initiated_by_city=complaint is None and outcome is None,
    )
    sms, rumours = _proposal(SMS_PROPOSAL), _comment(RUMOURS_COMMENT)
    plans.amend(
        revision,
        owner,
        "add",
        section_key=complaints.section_key,
        title="Πολύγλωσσα μηνύματα και επίσημο κανάλι ενημέρωσης",
        description="Σύντομα μηνύματα στο κινητό, σε πολλές γλώσσες, για αλλαγές σε υπηρεσίες "
        "και προθεσμίες, και ένα επίσημο πολύγλωσσο κανάλι ενημέρωσης με ονομαστικό υπεύθυνο "
        "επικοινωνίας, ώστε να περιορίζονται οι φήμες.",
        responsible_body=CITY,
        indicators="Γλώσσες στις οποίες αποστέλλονται τα μηνύματα\n"
        "Παραλήπτες που έχουν εγγραφεί στα μηνύματα",
        reason="Προτάθηκε στη διαβούλευση για την ενημέρωση σε γλώσσες που κατανοούν οι "
        "άνθρωποι· οργανώσεις ανέφεραν ότι πολλοί μαθαίνουν τις προθεσμίες από ομάδες "
        "συνομιλίας, συχνά με λανθασμένες πληροφορίες.",
        citations=_cite(("proposals", sms), ("comments", rumours)),
        initiated_by_city=sms is None and rumours is None,
    )
    plans.amend(
        revision,
        owner,
        "retire",
        measure_key=measures["3.1"].key,
        reason="Με πρωτοβουλία του Δήμου: η τακτική έρευνα πεδίου προβλέπεται ήδη στο μέτρο 3.2, "
        "ως βάση του Δείκτη Παρακολούθησης Ένταξης· δύο χωριστά μέτρα για την ίδια εργασία "
        "διπλασίαζαν την αναφορά της προόδου.",
        initiated_by_city=True,
    )
    plans.transition(revision, "open_review", owner)
    plans.transition(
        revision, "approve", admin, "Εγκρίνεται: οι αλλαγές ακολουθούν τις διαβουλεύσεις."
    )
    second = plans.publish(revision, owner)
    _translate_titles(second, admin)
    return second


def _open_revision(plan, base, users):
    """A revision of version 2 open for public feedback: Greek lessons with childcare (measure
    1.4), after a proposal and a comment, with two comments on it — when revisions can be
    discussed (their feedback subject registered)."""
    owner, admin = users["plan owner"], users["admin"]
    revision = plans.open_revision(
        plan,
        owner,
        "Μαθήματα ελληνικών με φύλαξη παιδιών",
        "Πρόταση αλλαγής του μέτρου 1.4, ανοιχτή για σχόλια πριν από την απόφαση.",
        "el",
    )
    translations.submit(revision, "title", "en", "Greek lessons with childcare", admin)
    education = _by_code(base)["1.4"]
    mothers, mother = _proposal(MOTHERS_PROPOSAL), _comment(MOTHER_COMMENT)
    plans.amend(
        revision,
        owner,
        "change",
        measure_key=education.key,
        title=education.title,
        description=education.description
        + " Τα μαθήματα ελληνικών για ενήλικες συνοδεύονται, όπου χρειάζεται, από φύλαξη "
        "παιδιών στον ίδιο χώρο, ώστε να μπορούν να τα παρακολουθούν και οι μητέρες.",
        responsible_body=education.responsible_body,
        indicators=education.indicators + "\nΓονείς που παρακολουθούν μαθήματα με φύλαξη παιδιών",
        reason="Μητέρες ανέφεραν στη διαβούλευση για τη μη τυπική εκπαίδευση ότι δεν μπορούν να "
        "παρακολουθήσουν μαθήματα επειδή δεν έχουν πού να αφήσουν τα παιδιά τους.",
        citations=_cite(("proposals", mothers), ("comments", mother)),
        initiated_by_city=mothers is None and mother is None,
    )
    plans.transition(revision, "open_review", owner)
    if not _discussable(revision):
        return
    discussion = feedback.discussion_of(revision)
    feedback.post(discussion, users["organisation member"],
        "Childcare in the same place is what lets mothers attend. Please make it open to "
        "fathers raising children alone as well.",
        "in_favour", language="en")  # fmt: skip
    feedback.post(discussion, users["new arrival (Arabic)"],
        "هذا ما طلبناه. هل ستكون هناك دروس مسائية أيضاً؟ كثير من الأمهات يعملن في الصباح.",
        "neutral", language="ar")  # fmt: skip


def _discussable(revision):
    """Whether revisions can carry a feedback thread yet."""
    return any(isinstance(revision, kind.model) for kind in feedback_subjects.kinds().values())
