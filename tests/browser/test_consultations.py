"""The consultation pages in a real browser: axe finds nothing against WCAG 2.1 A/AA in Greek,
English and Arabic, they fit a 360 px phone, and an admin creates a consultation with the
labels and buttons a person would use, with JavaScript off."""

import uuid

import pytest
from playwright.sync_api import expect

from consult.accounts import operations as accounts
from consult.actionplan import operations as plans
from consult.consultations import operations as ops
from consult.core.history import utcnow
from consult.translations import operations as translations
from tests.browser.conftest import LANGS, assert_accessible, goto, new_account, sign_in, ui

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def content(live_server):
    """An admin, a draft, and an open consultation in Greek translated into Arabic, with
    history, on the live server."""
    from datetime import timedelta

    app = live_server.app
    account = new_account("en")
    with app.test_request_context("/en/"):
        admin = accounts.register(
            account.email, account.password, account.display_name, "en", accepted_terms=True
        )
        accounts.grant_role(admin, "admin", None)
        now = utcnow().replace(second=0, microsecond=0)
        days = (-5, -4, 10, 12, 20, 21)
        dates = {
            name: now + timedelta(days=d) for name, d in zip(ops.DATE_FIELDS, days, strict=True)
        }
        token = uuid.uuid4().hex[:6]
        consultation = ops.create(
            admin,
            language="el",
            title=f"Προσιτή στέγαση {token}",
            summary="Πώς μπορεί η πόλη να βοηθήσει όσους ψάχνουν σπίτι;",
            body="Το **σχέδιο** για τη στέγαση:\n\n- ενοίκιο\n- ασφάλεια",
            categories=["Ενοίκιο", "Ασφάλεια"],
            **dates,
        )
        plan = plans.create_plan(
            admin, "Σχέδιο Δράσης", "el", "", [("Άξονας 1", "", []),
            ("Άξονας 2", "", [{"title": "Προσιτή στέγαση"}])],
        )  # fmt: skip
        plans.link_consultation(consultation, plan, [("section", 2), ("measure", 1)], admin)
        ops.transition(consultation, "publish", admin, "Έτοιμο")
        ops.tick()
        for name, text in (("title", "السكن الميسور"), ("summary", "ملخص"), ("body", "نص")):
            translations.submit(consultation, name, "ar", text, admin)
        draft = ops.create(admin, language="en", title="A draft", summary="S", body="B", **dates)
        return {"admin": account, "id": consultation.id, "draft": draft.id}


def paths(content):
    return [
        "/consultations/",
        "/consultations/?state=open&language=ar",
        f"/consultations/{content['id']}",
        f"/consultations/{content['id']}?original=1",
        f"/consultations/{content['id']}/history",
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_public_pages_pass_axe_and_fit_a_phone(new_page, content, lang):
    page = new_page(viewport=PHONE)
    for path in ["/", *paths(content)]:
        goto(page, f"/{lang}{path}")
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"/{lang}{path} scrolls sideways"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_admin_pages_pass_axe(page, content, lang):
    sign_in(page, content["admin"], lang)
    for path in (
        f"/consultations/{content['id']}",
        f"/consultations/{content['draft']}",
        "/consultations/new",
        f"/consultations/{content['id']}/edit",
        f"/translate/fa/consultation/{content['id']}",
        f"/translate/el/consultation/{content['id']}",
    ):
        goto(page, f"/{lang}{path}")
        assert_accessible(page)
    # A form with its mistakes marked.
    goto(page, f"/{lang}/consultations/new")
    page.get_by_role("button", name=ui(lang, "Save as a draft")).click()
    expect(page.get_by_role("alert")).to_contain_text(ui(lang, "There is a problem"))
    assert_accessible(page)


def test_an_admin_creates_a_consultation_without_javascript(new_page, content):
    page = new_page(java_script_enabled=False)
    sign_in(page, content["admin"], "en")
    goto(page, "/en/consultations/new")
    page.get_by_label("Title", exact=True).fill("Information in languages people understand")
    page.get_by_role("button", name=ui("en", "Save as a draft")).click()
    # Everything missing is listed at the top and marked next to each field, title kept.
    expect(page.get_by_role("alert")).to_contain_text(ui("en", "There is a problem"))
    expect(page.get_by_label("Summary", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "Information in languages people understand"
    )
    page.get_by_label("Summary", exact=True).fill("Which languages, where, and how.")
    page.get_by_label("Full text", exact=True).fill("The city translates **everything**.")
    for label, value in (
        ("Opens (the information phase starts)", "2030-03-01T09:00"),
        ("Proposals open", "2030-03-02T09:00"),
        ("Proposals close", "2030-03-01T10:00"),
        ("Voting opens", "2030-03-20T09:00"),
        ("Voting closes", "2030-03-25T09:00"),
        ("Closes (the review starts)", "2030-03-31T18:00"),
    ):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name=ui("en", "Save as a draft")).click()
    expect(page.locator("#proposals_end-error")).to_contain_text(
        "Proposals must close after they open."
    )
    page.get_by_label("Proposals close", exact=True).fill("2030-03-15T18:00")
    page.get_by_role("button", name=ui("en", "Save as a draft")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Information in languages people understand"
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text("Coming soon")
