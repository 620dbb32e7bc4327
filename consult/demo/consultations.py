"""Demo consultations drawn from the Thessaloniki Action Plan summary (shared/seeds), with
proposals written in Greek, English, Arabic and Farsi, some answered, one merged.

Everything goes through the domains' operations, as a person's actions would."""

from datetime import timedelta

from sqlalchemy import select

from consult.consultations import operations as consultations
from consult.consultations.models import Consultation
from consult.core.history import utcnow
from consult.proposals import operations as proposals
from consult.translations import operations as translations

CATEGORIES = ["Στέγαση", "Εργασία", "Εκπαίδευση", "Υγεία", "Πληροφόρηση"]

#: (title, summary, body, plan reference, English title, English summary, phase)
CONSULTATIONS = [
    (
        "Οικονομικά προσιτή στέγαση για όλους",
        "Πώς μπορεί ο Δήμος να βοηθήσει πρόσφυγες, αιτούντες άσυλο και μετανάστες να βρουν "
        "ασφαλή και προσιτή κατοικία;",
        "Το Σχέδιο Δράσης προβλέπει **ολοκληρωμένα προγράμματα για την παροχή οικονομικά "
        "προσιτής στέγασης**. Θέλουμε να ακούσουμε τις εμπειρίες σας: τι σας δυσκολεύει να "
        "βρείτε σπίτι και τι θα σας βοηθούσε.",
        "Άξονας 1: Στέγαση",
        "Affordable housing for everyone",
        "How can the municipality help refugees, asylum seekers and migrants find safe, "
        "affordable homes?",
        "proposals",
    ),
    (
        "Προγράμματα απασχολησιμότητας για πολίτες και μη πολίτες",
        "Κατάρτιση, αναγνώριση δεξιοτήτων και σύνδεση του ιδιωτικού με τον δημόσιο τομέα.",
        "Το Σχέδιο Δράσης ζητά **προγράμματα απασχολησιμότητας για πολίτες και μη πολίτες** "
        "και τη σύνδεση του ιδιωτικού με τον δημόσιο τομέα. Ποια προγράμματα θα σας "
        "βοηθούσαν να βρείτε δουλειά;",
        "Άξονας 2: Εργασία",
        "Employability programmes for citizens and non-citizens",
        "Training, recognition of skills, and linking the private and public sectors.",
        "voting",
    ),
    (
        "Μη τυπική εκπαίδευση και εκμάθηση γλώσσας",
        "Μαθήματα ελληνικών, δραστηριότητες για παιδιά και ενήλικες, μάθηση εκτός σχολείου.",
        "Η **μη τυπική εκπαίδευση** βοηθά παιδιά και ενήλικες να ενταχθούν στην πόλη. "
        "Πείτε μας τι χρειάζεστε.",
        "Άξονας 3: Εκπαίδευση",
        "Non-formal education and language learning",
        "Greek lessons, activities for children and adults, learning outside school.",
        "proposals",
    ),
    (
        "Ψυχοκοινωνική υποστήριξη",
        "Υπηρεσίες ψυχικής υγείας και κοινωνικής στήριξης στη γλώσσα των ανθρώπων.",
        "Πολλοί νεοφερμένοι έχουν ζήσει δύσκολες εμπειρίες. Πώς μπορούν οι υπηρεσίες "
        "**ψυχοκοινωνικής υποστήριξης** να φτάσουν σε όσους τις χρειάζονται;",
        "Άξονας 4: Υγεία",
        "Psychosocial support",
        "Mental health and social support services in people's own languages.",
        "future",
    ),
    (
        "Ενημέρωση σε γλώσσες που κατανοούν οι άνθρωποι",
        "Έγκαιρη πληροφόρηση για υπηρεσίες, δικαιώματα και υποχρεώσεις, σε πολλές γλώσσες.",
        "Το Σχέδιο Δράσης ζητά **έγκαιρη πληροφόρηση σε μορφές και γλώσσες που οι άνθρωποι "
        "κατανοούν**. Ποιες πληροφορίες σας λείπουν και πώς θέλετε να τις λαμβάνετε;",
        "Άξονας 5: Πληροφόρηση",
        "Information in languages people understand",
        "Timely information on services, rights and duties, in many languages.",
        "proposals",
    ),
    (
        "Διατύπωση ανησυχιών και παραπόνων",
        "Ένας ασφαλής τρόπος να αναφέρετε προβλήματα και να λαμβάνετε απάντηση.",
        "Το Σχέδιο Δράσης προβλέπει **τη δυνατότητα διατύπωσης ανησυχιών και παραπόνων**. "
        "Πώς θα νιώθατε ασφαλείς να αναφέρετε ένα πρόβλημα;",
        "Άξονας 6: Διαφάνεια",
        "Raising concerns and complaints",
        "A safe way to report problems and get an answer.",
        "review",
    ),
    (
        "Δείκτης Παρακολούθησης Ένταξης",
        "Πώς θα μετράμε αν η πόλη γίνεται πιο φιλόξενη: έρευνα πεδίου και δείκτες.",
        "Ο **Δείκτης Παρακολούθησης Ένταξης** (Integration Monitor Index) και η έρευνα πεδίου "
        "θα δείχνουν την πρόοδο. Τι πρέπει να μετράμε;",
        "Άξονας 7: Μέτρηση αποτελεσμάτων",
        "The Integration Monitor Index",
        "How we will measure whether the city is becoming more welcoming: field research and "
        "indicators.",
        "information",
    ),
]

#: consultation index -> [(author role, language, title, body)]
PROPOSALS = {
    0: [
        (
            "resident",
            "el",
            "Κοινωνική κατοικία σε άδεια δημοτικά κτίρια",
            "Ο Δήμος έχει κτίρια που μένουν άδεια. Ας ανακαινιστούν και ας γίνουν κατοικίες με "
            "χαμηλό ενοίκιο για οικογένειες.",
        ),
        (
            "new arrival (Arabic)",
            "ar",
            "مساعدة في فهم عقود الإيجار",
            "كثير من الناس لا يفهمون عقد الإيجار باليونانية. نحتاج إلى مكان يشرح العقود بلغتنا "
            "قبل التوقيع.",
        ),
        (
            "organisation member",
            "en",
            "A register of landlords who welcome refugees",
            "Many landlords refuse tenants with foreign names. A public list of landlords who "
            "welcome refugees and migrants would save families weeks of searching.",
        ),
        (
            "resident",
            "el",
            "Κατάλογος φιλόξενων ιδιοκτητών",
            "Να υπάρχει ένας κατάλογος με ιδιοκτήτες που δέχονται να νοικιάσουν σε πρόσφυγες.",
        ),
    ],
    1: [
        (
            "new arrival (Arabic)",
            "fa",
            "کلاس‌های زبان یونانی برای کار",
            "کلاس‌های زبان یونانی که واژه‌های محل کار را آموزش می‌دهند، در ساعت‌های عصر.",
        ),
        (
            "organisation member",
            "en",
            "Recognise skills without diplomas",
            "Many people lost their papers. A short practical test could recognise what they "
            "can do: cooking, building, caring, driving.",
        ),
    ],
    2: [
        (
            "new arrival (Arabic)",
            "ar",
            "دروس اللغة اليونانية للأمهات مع رعاية الأطفال",
            "الأمهات لا يستطعن حضور الدروس لأنه لا يوجد من يعتني بالأطفال. اقترح دروسا مع "
            "رعاية للأطفال في نفس المكان.",
        ),
    ],
    4: [
        (
            "resident",
            "el",
            "Ενημέρωση μέσω μηνυμάτων στο κινητό",
            "Σύντομα μηνύματα στο κινητό, σε πολλές γλώσσες, για αλλαγές σε υπηρεσίες και "
            "προθεσμίες.",
        ),
    ],
    5: [
        (
            "organisation member",
            "en",
            "An anonymous way to report abuse",
            "People fear that complaining will affect their asylum case. Let them report "
            "without giving their name.",
        ),
    ],
}

#: Days from now, per phase: opens, proposals start/end, voting start/end, closes.
PHASES = {
    "information": (-2, 5, 30, 31, 45, 46),
    "proposals": (-10, -9, 30, 31, 45, 46),
    "voting": (-30, -29, 30, 31, 45, 46),  # moved into voting after proposals are in
    "review": (-60, -59, 30, 31, 45, 46),  # closed after proposals are in
    "future": (7, 8, 30, 31, 45, 46),
}
DATE_FIELDS = consultations.DATE_FIELDS


def _dates(offsets, now):
    return {name: now + timedelta(days=d) for name, d in zip(DATE_FIELDS, offsets, strict=True)}


def load(users):
    """Create the demo consultations that do not exist yet (matched by title)."""
    admin, moderator = users["admin"], users["moderator"]
    now = utcnow()
    for index, (title, summary, body, _reference, en_title, en_summary, phase) in enumerate(
        CONSULTATIONS
    ):
        from consult.extensions import db

        if db.session.scalar(select(Consultation.id).where(Consultation.title == title)):
            continue
        # Every consultation first takes proposals, so that the demo has some to show.
        start = "future" if phase in ("future", "information") else "proposals"
        consultation = consultations.create(
            admin,
            language="el",
            title=title,
            summary=summary,
            body=body,
            categories=CATEGORIES,
            supports_per_person=5 if index == 1 else 0,
            **_dates(PHASES[phase if start == "future" else "proposals"], now),
        )
        for name, text in (("title", en_title), ("summary", en_summary)):
            translations.submit(consultation, name, "en", text, admin)
        consultations.transition(consultation, "publish", admin)
        consultations.tick()
        if index == 0:
            consultations.grant_local_moderator(consultation, moderator, admin)
        made = []
        for role, language, p_title, p_body in PROPOSALS.get(index, []):
            proposal = proposals.create(
                consultation, users[role], p_title, p_body, CATEGORIES[index % 5], language
            )
            proposals.publish(proposal, users[role])
            made.append(proposal)
        _curate(index, made, moderator)
        if phase in ("voting", "review"):
            _move_on(consultation, phase, now, admin)


def _curate(index, made, moderator):
    """Answers and a merge, as the moderators would give them."""
    if index == 0 and len(made) >= 4:
        proposals.answer(
            made[0], moderator, "evaluating",
            "Η Διεύθυνση Κοινωνικής Πολιτικής εξετάζει ποια κτίρια μπορούν να ανακαινιστούν.",
            "el",
        )  # fmt: skip
        proposals.answer(
            made[1], moderator, "accepted",
            "We will open a weekly desk at the City Hall where volunteers explain rental "
            "contracts in Arabic, Farsi and French.",
            "en",
        )  # fmt: skip
        proposals.merge(
            made[3], made[2], moderator, "Η ίδια ιδέα με την πρόταση για κατάλογο ιδιοκτητών."
        )
    if index == 5 and made:
        proposals.answer(
            made[0], moderator, "rejected",
            "Anonymous reports cannot be followed up; instead the city will add a confidential "
            "channel through trusted organisations.",
            "en",
        )  # fmt: skip


def _move_on(consultation, phase, now, admin):
    """Move a consultation past its proposals phase (into voting, or closed for review)."""
    day = timedelta(days=1)
    if phase == "voting":
        dates = {
            "proposals_end": now - timedelta(minutes=1),
            "voting_start": now - timedelta(minutes=1),
            "voting_end": now + 14 * day,
            "closes_at": now + 15 * day,
        }
    else:
        dates = {
            "proposals_end": now - 5 * day,
            "voting_start": now - 5 * day,
            "voting_end": now - 2 * day,
            "closes_at": now - day,
        }
    fields = {name: getattr(consultation, name) for name in consultations.FIELDS}
    consultations.update(consultation, admin, **{**fields, **dates})
    consultations.tick()
