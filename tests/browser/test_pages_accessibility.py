"""The pages the other browser tests leave out, with content on them: axe finds nothing against
WCAG 2.1 A/AA and none scrolls sideways on a 360 px phone, in Greek, Arabic and Persian (the
two right-to-left locales). The proposal list (several proposals, the support buttons, the
filters), a proposal with an official answer, translations and history, the proposal form with
its mistakes marked, the results, redeeming a verification code (with a wrong code), issuing
codes and the slips, the admin's list of users and the consultation form as an admin."""

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.accounts import operations as accounts
from consult.consultations.models import Consultation
from consult.consultations.operations import DATE_FIELDS
from consult.core.history import utcnow
from consult.extensions import db
from consult.proposals import operations as proposals
from consult.proposals.models import Proposal
from consult.supports import operations as supports
from consult.translations import operations as translations
from tests.browser.conftest import assert_accessible, goto, new_account, sign_in, ui

LANGS = ("el", "ar", "fa")
PHONE = {"width": 360, "height": 740}

#: Proposals in the languages people write in, each filed under a category.
PROPOSALS = [
    ("el", "Περισσότερες γραμμές λεωφορείων", "Οι γραμμές τελειώνουν νωρίς το βράδυ.", "Μεταφορές"),
    ("ar", "دروس لغة مجانية للكبار", "نحتاج إلى دروس مسائية قرب الأحياء.", "Εκπαίδευση"),
    ("fa", "مترجم در مراکز درمانی", "بیماران زبان پزشک را نمی‌فهمند.", "Υγεία"),
    ("en", "Benches and shade at bus stops", "Older people wait in the sun.", "Μεταφορές"),
]
TRANSLATED = {
    "el": ("Πάγκοι και σκιά στις στάσεις", "Οι ηλικιωμένοι περιμένουν στον ήλιο.", "Εγκρίθηκε."),
    "ar": ("مقاعد وظل في المحطات", "ينتظر كبار السن في الشمس.", "تمت الموافقة."),
    "fa": ("نیمکت و سایه در ایستگاه‌ها", "سالمندان زیر آفتاب منتظر می‌مانند.", "پذیرفته شد."),
}


def _consultation(now, title, phase):
    days = {"voting": (-20, -19, -10, -2, 5, 6), "proposals": (-5, -4, 10, 12, 20, 21)}[phase]
    dates = {name: now + timedelta(days=d) for name, d in zip(DATE_FIELDS, days, strict=True)}
    consultation = Consultation(
        language="el", title=title, summary="Περίληψη", body="Κείμενο", state="open",
        supports_per_person=3, categories=["Μεταφορές", "Εκπαίδευση", "Υγεία"], **dates,
    )  # fmt: skip
    db.session.add(consultation)
    db.session.flush()
    return consultation


@pytest.fixture(scope="module")
def world(live_server):
    """On the live server: an admin, a verifier, a consultation in its voting phase with
    proposals in four languages (one answered, translated and supported), and one taking
    proposals."""
    token = uuid.uuid4().hex[:6]
    admin = new_account("en")
    verifier = new_account("el")
    with live_server.app.test_request_context("/en/"):
        admin_user = accounts.register(
            admin.email, admin.password, admin.display_name, "en", accepted_terms=True
        )
        accounts.grant_role(admin_user, "admin", None)
        verifier_user = accounts.register(
            verifier.email, verifier.password, verifier.display_name, "el", accepted_terms=True
        )
        accounts.grant_role(verifier_user, "verifier", admin_user)
        now = utcnow().replace(second=0, microsecond=0)
        voting = _consultation(now, f"Η πόλη για όλους {token}", "voting")
        proposing = _consultation(now, f"Καθαρές γειτονιές {token}", "proposals")
        ids = []
        for language, title, body, category in PROPOSALS:
            proposal = Proposal(
                consultation_id=voting.id, author_id=admin_user.id, language=language,
                title=f"{title} {token}", body=body, category=category, state="published",
                published_at=now,
            )  # fmt: skip
            db.session.add(proposal)
            ids.append(proposal)
        voting.proposals_count = len(PROPOSALS)
        db.session.commit()
        answered = ids[-1]
        supports.support(verifier_user, answered)
        supports.support(admin_user, answered)
        supports.support(admin_user, ids[0])
        proposals.answer(
            answered, admin_user, "evaluating", "We are looking at every bus stop.", "en"
        )
        proposals.answer(answered, admin_user, "accepted", "Accepted: benches by June.", "en")
        for locale, (title, body, answer) in TRANSLATED.items():
            translations.submit(answered, "title", locale, title, admin_user)
            translations.submit(answered, "body", locale, body, admin_user)
            translations.submit(answered, "answer", locale, answer, admin_user)
        return {
            "admin": admin,
            "verifier": verifier,
            "voting": voting.id,
            "proposing": proposing.id,
            "answered": answered.id,
        }


def member(live_server, lang):
    """A new member, signed up on the live server."""
    account = new_account(lang)
    with live_server.app.test_request_context("/en/"):
        accounts.register(
            account.email, account.password, account.display_name, lang, accepted_terms=True
        )
    return account


def phone_page(new_page, account, lang):
    page = new_page(viewport=PHONE)
    sign_in(page, account, lang)
    return page


def assert_fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width} px wide"


def check(page):
    assert_accessible(page)
    assert_fits_a_phone(page)


@pytest.mark.parametrize("lang", LANGS)
def test_proposal_pages_pass_axe_and_fit_a_phone(new_page, live_server, world, lang):
    page = phone_page(new_page, member(live_server, lang), lang)
    # The list: several proposals, filters, a support button on each.
    goto(page, f"/{lang}/consultations/{world['voting']}/proposals/")
    expect(page.locator("form.support-form")).to_have_count(len(PROPOSALS))
    expect(page.get_by_role("button", name=ui(lang, "Support"), exact=True)).to_have_count(
        len(PROPOSALS) - 1  # not the accepted one
    )
    check(page)
    goto(page, f"/{lang}/consultations/{world['voting']}/proposals/?category=Μεταφορές")
    check(page)
    # One proposal: the official answer, translated, saying whose translation it is; history.
    goto(page, f"/{lang}/proposals/{world['answered']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TRANSLATED[lang][0])
    expect(page.locator("main")).to_contain_text(TRANSLATED[lang][2])
    expect(page.locator(".provenance").first).to_be_visible()
    history = ui(lang, "What happened to this proposal, oldest first")
    expect(page.get_by_role("region", name=history)).to_be_visible()
    check(page)
    goto(page, f"/{lang}/proposals/{world['answered']}?original=1")
    check(page)
    # The results.
    goto(page, f"/{lang}/consultations/{world['voting']}/results")
    check(page)
    # A new proposal with its mistakes marked.
    goto(page, f"/{lang}/consultations/{world['proposing']}/proposals/new")
    check(page)
    page.get_by_role("button", name=ui(lang, "Save the draft")).click()
    expect(page.get_by_role("alert")).to_contain_text(ui(lang, "There is a problem"))
    check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_redeeming_a_code_passes_axe_and_fits_a_phone(new_page, live_server, lang):
    page = phone_page(new_page, member(live_server, lang), lang)
    goto(page, f"/{lang}/verify")
    check(page)
    page.get_by_label(ui(lang, "Your code"), exact=True).fill("ABCD-EFGH-JKMN")
    page.get_by_role("button", name=ui(lang, "Verify"), exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(ui(lang, "There is a problem"))
    expect(page.get_by_label(ui(lang, "Your code"), exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_issuing_codes_passes_axe_and_fits_a_phone(new_page, world, lang):
    page = phone_page(new_page, world["verifier"], lang)
    goto(page, f"/{lang}/verification/codes/new")
    check(page)
    page.get_by_label(ui(lang, "How many codes"), exact=True).fill("2")
    page.get_by_role("button", name=ui(lang, "Issue the codes")).click()
    expect(page.locator("main")).to_contain_text(f"/{lang}/verify")
    check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_admin_pages_pass_axe_and_fit_a_phone(new_page, world, lang):
    page = phone_page(new_page, world["admin"], lang)
    goto(page, f"/{lang}/admin/users")
    check(page)
    goto(page, f"/{lang}/consultations/{world['voting']}/edit")
    check(page)
