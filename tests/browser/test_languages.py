"""Choosing a language: the picker names each language in itself and keeps you on the page."""

import pytest
from playwright.sync_api import expect

from consult.core.i18n import LOCALES
from tests.browser.conftest import ui


def picker(page, lang):
    return page.get_by_role("navigation", name=ui(lang, "Choose a language"))


def test_the_picker_switches_language_and_direction_on_the_same_page(page_at, live_server):
    page = page_at("/en/sign-in")
    html = page.locator("html")

    picker(page, "en").get_by_role("link", name="Ελληνικά", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/el/sign-in")
    expect(html).to_have_attribute("lang", "el")
    expect(html).to_have_attribute("dir", "ltr")

    picker(page, "el").get_by_role("link", name="العربية", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/ar/sign-in")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_picker_offers_every_language_in_its_own_name(page_at, lang):
    page = page_at(f"/{lang}/")
    links = picker(page, lang).get_by_role("link")
    expect(links).to_have_text([loc.native_name for loc in LOCALES.values()])
    expect(picker(page, lang).locator("[aria-current]")).to_have_text(LOCALES[lang].native_name)
