"""Demo translations: a volunteer translator who translates into Arabic and Farsi (and Dari),
machine translations into Farsi waiting for a person's review, a translation of the translator's
waiting for a moderator's, and reads that order the translator's worklist."""

from sqlalchemy import select

from consult.core.reads import ContentRead
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.translations import operations as translations
from consult.translations import queries as translation_queries

#: Machine translations into Farsi, as a LibreTranslate server would have stored them (the demo
#: has no server): by proposal title, the Farsi title and body.
MACHINE_FA = {
    "Κοινωνική κατοικία σε άδεια δημοτικά κτίρια": (
        "مسکن اجتماعی در ساختمان‌های خالی شهرداری",
        "شهرداری ساختمان‌هایی دارد که سال‌هاست خالی مانده‌اند. آن‌ها را برای خانواده‌ها بازسازی کنید.",
    ),
    "A register of landlords who welcome refugees": (
        "فهرستی از صاحب‌خانه‌هایی که از پناهندگان استقبال می‌کنند",
        None,
    ),
}
#: A translator's translation waiting for a review: proposal title → Arabic title.
HUMAN_AR = {"Recognise skills without diplomas": "الاعتراف بالمهارات من دون شهادات"}
#: How often each proposal's page was read (the worklist's order).
READS = {
    "Ενημέρωση μέσω μηνυμάτων στο κινητό": 240,
    "Recognise skills without diplomas": 180,
    "Κοινωνική κατοικία σε άδεια δημοτικά κτίρια": 150,
    "An anonymous way to report abuse": 40,
}


def _proposal(title):
    return db.session.scalar(select(Proposal).where(Proposal.title == title))


def load(users):
    translator = users["translator"]
    if translation_queries.has_translated(translator):
        return
    translations.declare_languages(translator, ["ar", "fa", "fa-AF"])
    for title, (fa_title, fa_body) in MACHINE_FA.items():
        proposal = _proposal(title)
        translations.save(proposal, "title", "fa", fa_title, None, origin="machine")
        if fa_body:
            translations.save(proposal, "body", "fa", fa_body, None, origin="machine")
    for title, ar_title in HUMAN_AR.items():
        translations.submit(_proposal(title), "title", "ar", ar_title, translator)
    for title, reads in READS.items():
        proposal = _proposal(title)
        db.session.merge(ContentRead(object_type="proposals", object_id=proposal.id, reads=reads))
    db.session.commit()
