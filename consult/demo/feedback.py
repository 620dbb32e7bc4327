"""Demo discussions: threads in Greek, English, Arabic, Farsi, Ukrainian and French on the demo
proposals and on one consultation, with replies nested up to three deep, a post by the demo
organisation, an official moderators' note, a highlighted comment, a summary with its
translations, human translations of comments, comment supports, and moderation at work: a
flagged comment waiting in the queue, one hidden until a moderator reviews it, and one hidden by
the first demo moderator whose author appealed (the second demo moderator may decide it).

Everything goes through the feedback and moderation operations, as people's actions would."""

import secrets

from sqlalchemy import select

from consult.accounts import operations as accounts
from consult.consultations.models import Consultation
from consult.demo.consultations import CONSULTATIONS, PROPOSALS
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.feedback import queries as feedback_queries
from consult.moderation import operations as moderation
from consult.organisations import operations as organisations
from consult.proposals.models import Proposal
from consult.translations import operations as translations

#: Community voices who only take part in the demo discussions (nobody signs in as them).
VOICES = [
    ("olena", "olena@voices.demo.consult", "Олена", "uk"),
    ("reza", "reza@voices.demo.consult", "رضا", "fa"),
    ("amina", "amina@voices.demo.consult", "Amina D.", "fr"),
    ("kostas", "kostas@voices.demo.consult", "Kostas K.", "el"),
]

#: The proposals discussed, as (consultation index, proposal index) in PROPOSALS.
HOUSING, LANDLORDS, SKILLS, MOTHERS, MESSAGES = (0, 0), (0, 2), (1, 1), (2, 0), (4, 0)
#: The consultation with a thread of its own (information in people's languages).
INFORMATION = 4


def _voices():
    people = {}
    for key, email, name, locale in VOICES:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.register(
                email, secrets.token_urlsafe(24), name, locale, accepted_terms=True
            )
        people[key] = user
    return people


def _proposal(which):
    consultation, index = which
    title = PROPOSALS[consultation][index][2]
    return db.session.scalar(select(Proposal).where(Proposal.title == title))


def _consultation(index):
    return db.session.scalar(
        select(Consultation).where(Consultation.title == CONSULTATIONS[index][0])
    )


def _translate(comment, translator, texts):
    for locale, text in texts.items():
        translations.save(comment, "body", locale, text, translator, origin="human")
    db.session.commit()


def load(users):
    """Add the demo discussions once (running it twice adds nothing twice)."""
    housing = _proposal(HOUSING)
    if housing is None or feedback_queries.find_thread(housing) is not None:
        return
    people = {**users, **_voices()}
    from consult.demo.content import DEMO_ORGANISATION

    org = organisations.find_by_name(DEMO_ORGANISATION["name"])
    org_id = org.id if org is not None and feedback_queries.is_member(people["organisation member"],
                                                               org.id) else None  # fmt: skip
    _housing(housing, people, org_id)
    for which, discuss in (
        (LANDLORDS, _landlords),
        (SKILLS, _skills),
        (MOTHERS, _mothers),
        (MESSAGES, _messages),
    ):
        proposal = _proposal(which)
        if proposal is not None:
            discuss(proposal, people)
    information = _consultation(INFORMATION)
    if information is not None:
        _information(information, people, org_id)


def _housing(proposal, p, org_id):
    """Social housing in empty municipal buildings: a deep conversation, the organisation's
    highlighted post, a dissenting voice, an official note and a translated summary."""
    d = feedback.discussion_of(proposal)
    post = feedback.post
    nikos = post(d, p["resident"],
        "Στη γειτονιά μου υπάρχει ένα παλιό δημοτικό σχολείο που είναι κλειστό εδώ και χρόνια. "
        "Αν ανακαινιστεί, χωράνε άνετα οκτώ με δέκα οικογένειες. Καλύτερα να ζει κόσμος μέσα "
        "παρά να ρημάζει.",
        "in_favour", language="el")  # fmt: skip
    salma = post(d, p["new arrival (Arabic)"],
        "أوافق تماماً. نحن خمسة أشخاص نعيش في غرفة واحدة منذ سنة، والإيجارات في المدينة أصبحت "
        "مرتفعة جداً. سكن بإيجار منخفض سيغيّر حياتنا.",
        "in_favour", parent=nikos, language="ar")  # fmt: skip
    _translate(salma, p["moderator"], {
        "en": "I completely agree. There are five of us living in one room for a year now, and "
              "rents in the city have become very high. Low-rent housing would change our lives.",
        "el": "Συμφωνώ απόλυτα. Είμαστε πέντε άτομα και ζούμε σε ένα δωμάτιο εδώ και έναν χρόνο, "
              "και τα ενοίκια στην πόλη έχουν ανέβει πολύ. Μια κατοικία με χαμηλό ενοίκιο θα "
              "άλλαζε τη ζωή μας.",
    })  # fmt: skip
    olena = post(d, p["olena"],
        "Важливо, щоб у цих будинках жили різні сім'ї — і місцеві, і новоприбулі. Тоді це буде "
        "справжнє сусідство, а не табір.",
        "neutral", parent=salma, language="uk")  # fmt: skip
    post(d, p["resident"],
        "Σωστό. Ένα μέρος των διαμερισμάτων θα μπορούσε να πάει σε νέα ζευγάρια της πόλης και "
        "ένα μέρος σε οικογένειες προσφύγων.",
        "in_favour", parent=olena, language="el")  # fmt: skip
    network = post(d, p["organisation member"],
        "Thessaloniki Solidarity Network supports this proposal. Our volunteers visited dozens "
        "of families last winter: the biggest obstacle is not only the rent but the deposit of "
        "two or three months that landlords ask for. We would gladly share what we found with "
        "the Social Policy Directorate.",
        "in_favour", organisation_id=org_id, language="en")  # fmt: skip
    post(d, p["reza"],
        "با این ایده موافقم، اما نگرانم. اگر همه پناهندگان را در یک ساختمان جا بدهند، از بقیه "
        "شهر جدا می‌شویم. بهتر است خانه‌ها در محله‌های مختلف باشند.",
        "against", language="fa")  # fmt: skip
    amina = post(d, p["amina"],
        "Combien de temps faudra-t-il pour rénover ces bâtiments ? Les familles qui vivent "
        "aujourd'hui dans des logements insalubres ne peuvent pas attendre cinq ans. Existe-t-il "
        "une solution provisoire ?",
        "neutral", language="fr")  # fmt: skip
    post(d, p["organisation member"],
        "In the meantime, our network has a small fund that helps families with the deposit. "
        "Write to us and a volunteer will help with the application.",
        "neutral", parent=amina, organisation_id=org_id, language="en")  # fmt: skip
    for supporter in ("resident", "new arrival (Arabic)", "reza", "olena"):
        feedback.support(network, p[supporter])
    feedback.support(nikos, p["new arrival (Arabic)"])
    feedback.highlight(network, p["moderator"])
    post(d, p["moderator"],
        "Σημείωση συντονισμού: ευχαριστούμε για τα σχόλια. Η Διεύθυνση Κοινωνικής Πολιτικής θα "
        "παρουσιάσει τον κατάλογο των διαθέσιμων κτιρίων μέσα στον επόμενο μήνα. Παρακαλούμε να "
        "μη δημοσιεύετε διευθύνσεις ή τηλέφωνα ιδιωτών.",
        official=True, language="el")  # fmt: skip
    thread = feedback.summarise(d, p["moderator"],
        "Οι συμμετέχοντες στηρίζουν την ανακαίνιση άδειων δημοτικών κτιρίων. Ζητούν μικτές "
        "γειτονιές αντί για κτίρια μόνο για πρόσφυγες, μια προσωρινή λύση όσο διαρκούν οι "
        "εργασίες και βοήθεια με την εγγύηση που ζητούν οι ιδιοκτήτες.",
        "el")  # fmt: skip
    translations.submit(thread, "summary", "en",
        "Participants support renovating empty municipal buildings. They ask for mixed "
        "neighbourhoods rather than buildings for refugees only, a temporary solution while the "
        "works last, and help with the deposit landlords ask for.",
        p["moderator"])  # fmt: skip
    translations.submit(thread, "summary", "ar",
        "يؤيد المشاركون ترميم المباني البلدية الفارغة. ويطالبون بأحياء مختلطة بدلاً من مبانٍ "
        "للاجئين فقط، وبحلّ مؤقت طوال فترة الأعمال، وبالمساعدة في التأمين الذي يطلبه الملاك.",
        p["moderator"])  # fmt: skip


def _landlords(proposal, p):
    """A register of welcoming landlords: for and against, and an off-topic comment one member
    flagged, waiting in the moderation queue."""
    d = feedback.discussion_of(proposal)
    post = feedback.post
    post(d, p["olena"],
        "Мені відмовили п'ять власників, щойно почули моє ім'я. Такий список заощадив би нам "
        "місяць пошуків.",
        "in_favour", language="uk")  # fmt: skip
    doubt = post(d, p["resident"],
        "Δεν είμαι σίγουρος ότι οι ιδιοκτήτες θα θέλουν να εμφανίζονται σε δημόσιο κατάλογο. "
        "Ίσως είναι καλύτερα να τον κρατά ο Δήμος και να τον δίνει μόνο σε όσους ψάχνουν σπίτι.",
        "against", language="el")  # fmt: skip
    post(d, p["organisation member"],
        "Good point. Several landlords we work with told us the same. A list kept by the "
        "municipality's housing desk and shared on request could work for both sides.",
        "neutral", parent=doubt, language="en")  # fmt: skip
    parking = post(d, p["kostas"],
        "Και με το πάρκινγκ στην Καλαμαριά τι γίνεται; Κανείς δεν ασχολείται με το πού θα "
        "παρκάρουμε εμείς οι μόνιμοι κάτοικοι.",
        "neutral", language="el")  # fmt: skip
    moderation.flag(parking, p["new arrival (Arabic)"], "off_topic")


def _skills(proposal, p):
    """Recognising skills without diplomas: a translated Farsi comment, a French reply, and a
    hostile comment that three members flagged, hidden until a moderator reviews it."""
    d = feedback.discussion_of(proposal)
    post = feedback.post
    reza = post(d, p["reza"],
        "من ده سال در ایران جوشکار بودم، اما هیچ مدرکی همراه ندارم. یک آزمون عملی کوتاه به من "
        "فرصت می‌دهد دوباره کار کنم.",
        "in_favour", language="fa")  # fmt: skip
    _translate(reza, p["organisation member"], {
        "en": "I was a welder in Iran for ten years, but I have no certificate with me. A short "
              "practical test would give me a chance to work again.",
    })  # fmt: skip
    post(d, p["amina"],
        "C'est pareil pour les aides-soignantes. Beaucoup de femmes ont travaillé dans des "
        "hôpitaux et ne peuvent pas le prouver.",
        "in_favour", parent=reza, language="fr")  # fmt: skip
    feedback.support(reza, p["resident"])
    feedback.support(reza, p["amina"])
    hostile = post(d, p["kostas"],
        "Πρώτα να μάθουν ελληνικά και μετά να ζητάνε δουλειές. Δεν θα πληρώνουμε εμείς για "
        "όλους αυτούς.",
        "against", language="el")  # fmt: skip
    for member in ("resident", "new arrival (Arabic)", "organisation member"):
        moderation.flag(hostile, p[member], "hate")


def _mothers(proposal, p):
    """Greek lessons with childcare: a comment hidden by the first moderator for exposing a
    neighbour's phone number, and its author's appeal, open for the second moderator."""
    d = feedback.discussion_of(proposal)
    post = feedback.post
    post(d, p["olena"],
        "Я мама двох дітей і вчу грецьку онлайн уночі, коли діти сплять. Заняття з доглядом за "
        "дітьми — чудова ідея.",
        "in_favour", language="uk")  # fmt: skip
    phone = post(d, p["resident"],
        "Η γειτόνισσά μου, η κυρία Μαρία Παπαδοπούλου, κάνει δωρεάν μαθήματα ελληνικών στο σπίτι "
        "της. Πάρτε την τηλέφωνο στο 6944 123 456.",
        "in_favour", language="el")  # fmt: skip
    moderation.decide([phone], p["moderator"], "hide", "personal_info",
                      "Ονοματεπώνυμο και τηλέφωνο τρίτου προσώπου.")  # fmt: skip
    moderation.appeal(phone, p["resident"],
        "Η κυρία Μαρία μού ζήτησε η ίδια να δημοσιεύσω το τηλέφωνό της, για να τη βρουν οι "
        "μητέρες. Αν χρειάζεται, μπορώ να το γράψω χωρίς το επώνυμό της.")  # fmt: skip


def _messages(proposal, p):
    """Text messages in many languages: a reply chain three deep."""
    d = feedback.discussion_of(proposal)
    post = feedback.post
    salma = post(d, p["new arrival (Arabic)"],
        "الرسائل القصيرة فكرة ممتازة. كثيراً ما نفوّت مواعيد مهمة لأن الرسائل تصل باليونانية "
        "فقط.",
        "in_favour", language="ar")  # fmt: skip
    amina = post(d, p["amina"],
        "Et en français aussi, s'il vous plaît : beaucoup de personnes venues d'Afrique de "
        "l'Ouest le lisent mieux que l'anglais.",
        "in_favour", parent=salma, language="fr")  # fmt: skip
    nikos = post(d, p["resident"],
        "Συμφωνώ. Το σύστημα να ρωτάει τον καθένα σε ποια γλώσσα θέλει να λαμβάνει τα μηνύματα.",
        "neutral", parent=amina, language="el")  # fmt: skip
    post(d, p["new arrival (Arabic)"],
        "نعم، ويمكن اختيار اللغة عند التسجيل في البلدية.",
        "in_favour", parent=nikos, language="ar")  # fmt: skip
    post(d, p["reza"],
        "همه گوشی هوشمند ندارند، اما همه پیامک دریافت می‌کنند. لطفاً پیام‌ها کوتاه و ساده باشند.",
        "neutral", language="fa")  # fmt: skip


def _information(consultation, p, org_id):
    """The consultation's own thread: the organisation on rumours, and printed information."""
    d = feedback.discussion_of(consultation)
    post = feedback.post
    network = post(d, p["organisation member"],
        "Many people we support learn about deadlines from WhatsApp groups, often with wrong "
        "information. An official multilingual channel, with a named person to ask, would help "
        "stop the rumours.",
        "neutral", organisation_id=org_id, language="en")  # fmt: skip
    post(d, p["olena"],
        "Так, у нашій групі в Telegram постійно ширяться чутки про документи. Офіційний канал "
        "дуже потрібен.",
        "in_favour", parent=network, language="uk")  # fmt: skip
    post(d, p["resident"],
        "Να υπάρχει και έντυπη ενημέρωση στα ΚΕΠ και στα σχολεία, όχι μόνο στο διαδίκτυο.",
        "in_favour", language="el")  # fmt: skip
