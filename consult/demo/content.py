"""What ``flask demo load`` creates. Every later capability adds its demo content here."""

from consult.accounts import operations as accounts
from consult.demo import actionplan as demo_actionplan
from consult.demo import consultations as demo_consultations
from consult.demo import feedback as demo_feedback
from consult.demo import supports as demo_supports
from consult.demo import translations as demo_translations
from consult.demo import verification as demo_verification
from consult.organisations import operations as organisations

#: (what the account is for, email, password, public name, language, roles)
DEMO_ACCOUNTS = [
    ("admin", "admin@demo.consult", "demo-admin-2026", "Διαχειριστής", "el", ["admin"]),
    (
        "moderator",
        "moderator@demo.consult",
        "demo-moderator-2026",
        "Moderator Eleni",
        "el",
        ["moderator"],
    ),
    ("resident", "resident@demo.consult", "demo-resident-2026", "Nikos from Toumba", "el", []),
    ("new arrival (Arabic)", "newcomer@demo.consult", "demo-newcomer-2026", "سلمى", "ar", []),
    ("organisation member", "ngo@demo.consult", "demo-ngo-2026", "Arsis volunteer", "en", []),
    (
        "verifier",
        "verifier@demo.consult",
        "demo-verifier-2026",
        "Verifier, Migrant Integration Centre",
        "el",
        ["verifier"],
    ),
    (
        "translator",
        "translator@demo.consult",
        "demo-translator-2026",
        "Farah, volunteer translator",
        "fa",
        ["translator"],
    ),
    (
        "second moderator",
        "moderator2@demo.consult",
        "demo-moderator2-2026",
        "Moderator Yiannis",
        "en",
        ["moderator"],
    ),
    (
        "plan owner",
        "planner@demo.consult",
        "demo-planner-2026",
        "Διεύθυνση Κοινωνικής Πολιτικής",
        "el",
        [],
    ),
]

DEMO_ORGANISATION = {
    "name": "Thessaloniki Solidarity Network",
    "description": "A civil-society network supporting refugees and migrants in Thessaloniki.",
}


def load():
    """Create what is missing (running it twice creates nothing twice); return the credentials."""
    users = {}
    admin = None
    for role, email, password, name, locale, roles in DEMO_ACCOUNTS:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.register(email, password, name, locale, accepted_terms=True)
        for r in roles:
            accounts.grant_role(user, r, admin)
        if "admin" in roles:
            admin = user
        users[role] = user
    org = organisations.find_by_name(DEMO_ORGANISATION["name"])
    if org is None:
        org = organisations.create(admin, **DEMO_ORGANISATION)
    organisations.add_member(org, users["organisation member"], admin)
    demo_consultations.load(users)
    demo_verification.load(users)
    demo_supports.load(users)
    demo_feedback.load(users)
    demo_translations.load(users)
    demo_actionplan.load(users)
    return [(role, email, password) for role, email, password, *_ in DEMO_ACCOUNTS]
