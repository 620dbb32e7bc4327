"""Accessibility: axe-core finds nothing against WCAG 2.1 A and AA, the pages fit a small
phone, and the keyboard reaches the content first."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    LANGS,
    assert_accessible,
    axe_violations,
    goto,
    register_user,
    ui,
)

PAGES = ("/", "/register", "/sign-in")
PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_pages_pass_axe(page_at, lang, path):
    assert_accessible(page_at(f"/{lang}{path}"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_register_page_with_errors_passes_axe(page_at, lang):
    page = page_at(f"/{lang}/register")
    with page.expect_navigation():
        page.get_by_role("button", name=ui(lang, "Create an account")).click()
    expect(page.get_by_role("alert")).to_contain_text(ui(lang, "There is a problem"))
    expect(page.get_by_label(ui(lang, "Public name"), exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_signed_in_pages_pass_axe(page, lang):
    register_user(page, lang)
    assert_accessible(page)
    goto(page, f"/{lang}/account")
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_password_pages_pass_axe(page_at, lang):
    assert_accessible(page_at(f"/{lang}/password/forgot"))
    page = page_at(f"/{lang}/password/forgot")
    goto(page, f"/{lang}/password/reset/not-a-valid-token", status=410)
    assert_accessible(page)


def test_axe_runs_although_the_csp_forbids_inline_script(page):
    """Playwright's evaluate is not subject to the page's CSP, so axe runs; the CSP itself
    still holds for the page."""
    response = goto(page, "/en/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.inlineScriptRan = true")
    assert page.evaluate("window.inlineScriptRan") is None
    assert axe_violations(page) == []
    # …and it is not vacuous: a field without a label is found.
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert [v["id"] for v in axe_violations(page)] == ["label"]


def _scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("lang", LANGS)
def test_pages_fit_a_360_pixel_phone_without_sideways_scrolling(new_page, lang):
    page = new_page(viewport=PHONE)
    for path in PAGES:
        goto(page, f"/{lang}{path}")
        assert _scroll_width(page) <= PHONE["width"], f"/{lang}{path} scrolls sideways"
    register_user(page, lang)
    assert _scroll_width(page) <= PHONE["width"], f"/{lang}/ signed in scrolls sideways"


def _in_viewport(page, locator):
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_first_tab_reaches_a_visible_skip_link_to_the_content(page_at, lang):
    page = page_at(f"/{lang}/register")
    skip = page.get_by_role("link", name=ui(lang, "Skip to main content"))
    assert not _in_viewport(page, skip), "the skip link shows before it is focused"

    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert _in_viewport(page, skip), "the focused skip link is not on screen"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside the content, past the header and the language picker.
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
