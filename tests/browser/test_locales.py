"""Every interface language, as a reader's browser lays it out. For each of the twelve locales,
the home page on a 360 px phone and on a 1280 px screen: a screenshot (kept in a temporary
folder, for a person to look at when a check fails), the page's language and direction, the
header mirrored on right-to-left pages, every character of the main heading and of a paragraph
drawn with a glyph (not the missing-glyph box) in the font the page gives it, and nothing
scrolling sideways on the phone. And axe finds nothing against WCAG 2.1 A/AA on the home page, a
consultation, a proposal with its discussion and the sign-in page in the five right-to-left
locales."""

import uuid
from datetime import timedelta

import pytest

from consult.accounts import operations as accounts
from consult.consultations.models import Consultation
from consult.consultations.operations import DATE_FIELDS
from consult.core.history import utcnow
from consult.core.i18n import LOCALES
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.proposals import operations as proposals
from consult.translations.models import ContentTranslation
from tests.browser.conftest import assert_accessible, goto, new_account, sign_in

RTL = tuple(code for code, loc in LOCALES.items() if loc.direction == "rtl")
PHONE = {"width": 360, "height": 740}
SCREEN = {"width": 1280, "height": 800}
#: Characters no font has (private use): whatever the browser draws for them is its box for a
#: missing glyph.
MISSING = ("\ue000", "\U0010fffd")

#: Draws each distinct letter, digit, punctuation mark or symbol of the element's text on a
#: canvas in the element's computed font, and returns those that draw exactly like a character
#: that has no glyph anywhere (or draw nothing at all). Marks and joiners are left out: alone,
#: they draw nothing by design.
UNDRAWN_CHARACTERS = """
(element, missing) => {
  const style = getComputedStyle(element);
  const font = [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily].join(" ");
  const size = Math.ceil(parseFloat(style.fontSize) * 3);
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (ch) => {
    ctx.clearRect(0, 0, size, size);
    ctx.font = font;
    ctx.direction = style.direction;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#000";
    ctx.fillText(ch, size / 2, size / 2);
    const alpha = [];
    const data = ctx.getImageData(0, 0, size, size).data;
    for (let i = 3; i < data.length; i += 4) alpha.push(data[i]);
    return alpha.join(",");
  };
  const blank = draw(" ");
  const boxes = new Set(missing.map(draw));
  const characters = [...new Set(Array.from(element.textContent))].filter(
    (ch) => /[\\p{L}\\p{N}\\p{P}\\p{S}]/u.test(ch)
  );
  return {
    font,
    checked: characters.length,
    undrawn: characters.filter((ch) => {
      const drawn = draw(ch);
      return drawn === blank || boxes.has(drawn);
    }),
    boxDrawsSomething: [...boxes].every((box) => box !== blank),
  };
}
"""

#: Where the header's first item (the site's name) and the language list's first language sit,
#: against the inline-start edge of the box they are in.
EDGES = """
() => {
  const edges = (item, box) => {
    const b = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    const start = b.left + parseFloat(style.paddingLeft);
    const end = b.right - parseFloat(style.paddingRight);
    const r = item.getBoundingClientRect();
    return { left: r.left - start, right: end - r.right };
  };
  return {
    brand: edges(document.querySelector(".site-header .brand"),
                 document.querySelector(".site-header .bar")),
    language: edges(document.querySelector(".language-picker li"),
                    document.querySelector(".language-picker ul")),
  };
}
"""


def _consultation(token):
    now = utcnow().replace(second=0, microsecond=0)
    days = (-5, -4, 10, 12, 20, 21)  # open, taking proposals
    dates = {name: now + timedelta(days=d) for name, d in zip(DATE_FIELDS, days, strict=True)}
    consultation = Consultation(
        language="el", title=f"Στέγη και εργασία {token}", summary="Τι θα αλλάξει στην πόλη.",
        body="Η πόλη ρωτά τι πρέπει να κάνει το **Σχέδιο Δράσης**.", state="open",
        categories=["Στέγη", "Εργασία"], **dates,
    )  # fmt: skip
    db.session.add(consultation)
    db.session.flush()
    for locale, title in (("ar", "السكن والعمل"), ("fa", "مسکن و کار"), ("ur", "رہائش اور کام")):
        db.session.add(
            ContentTranslation(
                object_type="consultations", object_id=consultation.id, field="title",
                locale=locale, text=f"{title} {token}", origin="human",
            )
        )  # fmt: skip
    db.session.commit()
    return consultation


@pytest.fixture(scope="module")
def world(live_server):
    """On the live server: an open consultation (translated into some of the right-to-left
    languages), a proposal in Arabic, and a discussion of it in five right-to-left languages
    with replies; a member to sign in."""
    token = uuid.uuid4().hex[:6]
    with live_server.app.test_request_context("/en/"):
        people = {}
        for lang in ("ar", "fa", "ur", "ps", "ckb", "el"):
            account = new_account(lang)
            people[lang] = (
                account,
                accounts.register(
                    account.email, account.password, account.display_name, lang,
                    accepted_terms=True,
                ),
            )  # fmt: skip
        consultation = _consultation(token)
        author = people["ar"][1]
        proposal = proposals.create(
            consultation, author, f"دروس لغة مجانية للكبار {token}",
            "نحتاج إلى دروس مسائية قرب الأحياء، مرتين في الأسبوع على الأقل (20 ساعة).",
            language="ar",
        )  # fmt: skip
        proposals.publish(proposal, author)
        comments = [
            ("fa", "موافقم؛ کلاس‌های شبانه برای ۱۲ نفر کافی نیست.", "in_favour"),
            ("ur", "شام کی کلاسیں بہت ضروری ہیں۔", "in_favour"),
            ("ps", "ښه وړاندیز دی، خو ښوونکي څوک دي؟", "neutral"),
            ("ckb", "پێشنیارێکی باشە، بەڵام کێ پارەی دەدات؟", "against"),
            ("el", "Συμφωνώ, και για παιδιά.", "in_favour"),
        ]
        parent = None
        for lang, text, alignment in comments:
            parent = feedback.post(
                feedback.discussion_of(proposal), people[lang][1], text, alignment,
                parent=parent if lang in ("ps", "ckb") else None, language=lang,
            )  # fmt: skip
        return {
            "consultation": consultation.id,
            "proposal": proposal.id,
            "people": {lang: account for lang, (account, _user) in people.items()},
        }


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return tmp_path_factory.mktemp("locale-screenshots")


def _text_elements(page):
    """The page's main heading and its first paragraph."""
    return [page.locator("main h1").first, page.locator("main p").first]


@pytest.mark.parametrize("viewport", [PHONE, SCREEN], ids=["phone", "screen"])
@pytest.mark.parametrize("lang", list(LOCALES))
def test_the_home_page_is_laid_out_in_every_language(new_page, world, screenshots, lang, viewport):
    page = new_page(viewport=viewport)
    goto(page, f"/{lang}/")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=screenshots / f"home-{lang}-{viewport['width']}.png", full_page=True)

    # The language and direction of the page, and the header mirrored on right-to-left pages.
    html = page.locator("html")
    direction = LOCALES[lang].direction
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == direction
    assert page.evaluate("getComputedStyle(document.body).direction") == direction
    for item, edge in page.evaluate(EDGES).items():
        start, end = (
            (edge["right"], edge["left"]) if direction == "rtl" else (edge["left"], edge["right"])
        )
        assert abs(start) <= 1, f"{lang}: the {item} is not at the inline start: {edge}"
        assert end > 1, f"{lang}: the {item} fills its box, nothing is mirrored: {edge}"

    # The text is drawn with glyphs, not boxes.
    for element in _text_elements(page):
        result = element.evaluate(UNDRAWN_CHARACTERS, list(MISSING))
        assert result["boxDrawsSomething"], "the missing-glyph box draws nothing: no test"
        assert result["checked"] > 3, f"{lang}: no text to check in {element}"
        assert not result["undrawn"], (
            f"{lang}: {result['undrawn']} have no glyph in {result['font']}"
        )

    if viewport is PHONE:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"/{lang}/ scrolls sideways on a phone: {width} px"


def _pages(world):
    return {
        "home": "/{lang}/",
        "consultation": f"/{{lang}}/consultations/{world['consultation']}",
        "proposal": f"/{{lang}}/proposals/{world['proposal']}",
        "sign-in": "/{lang}/sign-in",
    }


@pytest.mark.parametrize("name", ["home", "consultation", "proposal", "sign-in"])
@pytest.mark.parametrize("lang", RTL)
def test_right_to_left_pages_are_accessible(new_page, world, lang, name):
    page = new_page(viewport=PHONE)
    goto(page, _pages(world)[name].format(lang=lang))
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width} px"


@pytest.mark.parametrize("lang", RTL)
def test_a_proposal_with_its_discussion_is_accessible_to_a_member(new_page, world, lang):
    """Signed in: the header's account links, the support button and the comment form."""
    page = new_page(viewport=SCREEN)
    sign_in(page, world["people"][lang], lang)
    goto(page, _pages(world)["proposal"].format(lang=lang))
    assert page.locator("main form textarea").count() >= 1
    assert_accessible(page)
