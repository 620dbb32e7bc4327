"""The discussion and moderation pages, with content on them: axe finds nothing against WCAG 2.1
A/AA and none scrolls sideways on a 360 px phone, in Greek, Arabic and Persian (the two
right-to-left locales). A proposal's thread (comments in four languages with replies three
deep, an organisation's post, a moderators' note, a highlighted comment, a summary, hidden
comments) read anonymously, by a member with the comment form, by the hidden comments' author
and by a moderator; the consultation's thread; replying with the mistakes marked; a comment's
edit history; reporting; the moderation queue, an item's record, the appeals, the record of
decisions, a posting block and the public report; the account page with hidden content and the
appeal link. And the keyboard reaches the comment form and a comment's support button, with
the focus visible."""

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.accounts import operations as accounts
from consult.consultations.models import Consultation
from consult.consultations.operations import DATE_FIELDS
from consult.core.history import utcnow
from consult.extensions import db
from consult.feedback import operations as feedback
from consult.moderation import operations as moderation
from consult.organisations import operations as organisations
from consult.proposals import operations as proposals
from tests.browser.conftest import assert_accessible, goto, new_account, sign_in, ui

LANGS = ("el", "ar", "fa")
PHONE = {"width": 360, "height": 740}


def _consultation(token):
    now = utcnow().replace(second=0, microsecond=0)
    days = (-5, -4, 10, 12, 20, 21)  # taking proposals now
    dates = {name: now + timedelta(days=d) for name, d in zip(DATE_FIELDS, days, strict=True)}
    consultation = Consultation(
        language="el", title=f"Η γειτονιά μας {token}", summary="Περίληψη", body="Κείμενο",
        state="open", categories=[], **dates,
    )  # fmt: skip
    db.session.add(consultation)
    db.session.commit()
    return consultation


def _register(lang, role=None, granted_by=None):
    account = new_account(lang)
    user = accounts.register(
        account.email, account.password, account.display_name, lang, accepted_terms=True
    )
    if role is not None:
        accounts.grant_role(user, role, granted_by)
    return account, user


@pytest.fixture(scope="module")
def world(live_server):
    """On the live server: an open consultation with a proposal whose thread has everything a
    thread can show, a discussion of the consultation itself, and the moderation that goes
    with them (flags waiting, a hidden comment, a hidden and appealed one, a blocked person)."""
    token = uuid.uuid4().hex[:6]
    with live_server.app.test_request_context("/en/"):
        admin, admin_user = _register("en", "admin")
        moderator, moderator_user = _register("el", "moderator", admin_user)
        second, second_user = _register("fa", "moderator", admin_user)
        elena = _register("el")[1]
        amal = _register("ar")[1]
        maryam = _register("fa")[1]
        sam = _register("en")[1]
        volunteer = _register("el")[1]
        hidden_author, hidden_user = _register("ar")
        appellant, appellant_user = _register("fa")
        blocked_user = _register("el")[1]
        to_block = _register("ar")[1]

        consultation = _consultation(token)
        proposal = proposals.create(
            consultation, elena, f"Ένα πάρκο στη γειτονιά {token}",
            "Θέλουμε δέντρα, παγκάκια και σκιά για τα παιδιά.", language="el",
        )  # fmt: skip
        proposals.publish(proposal, elena)
        organisation = organisations.create(admin_user, f"Στέγη Αλληλεγγύης {token}")
        organisations.add_member(organisation, volunteer, admin_user)

        on_proposal = feedback.discussion_of(proposal)
        first = feedback.post(
            on_proposal, elena, "Συμφωνώ απόλυτα: η γειτονιά χρειάζεται **πράσινο**.",
            "in_favour", language="el",
        )  # fmt: skip
        reply = feedback.post(
            feedback.discussion_of(proposal), amal, "لكن من سيعتني بالحديقة كل يوم؟",
            "against", parent=first, language="ar",
        )  # fmt: skip
        deeper = feedback.post(
            feedback.discussion_of(proposal), maryam, "شهرداری می‌تواند یک باغبان استخدام کند.",
            "neutral", parent=reply, language="fa",
        )  # fmt: skip
        feedback.post(
            feedback.discussion_of(proposal), sam, "Volunteers from the school could help too.",
            "in_favour", parent=deeper, language="en",
        )  # fmt: skip
        feedback.post(
            feedback.discussion_of(proposal), volunteer,
            "Ως οργάνωση προσφέρουμε εθελοντές για το πότισμα.", "in_favour",
            organisation_id=organisation.id, language="el",
        )  # fmt: skip
        feedback.post(
            feedback.discussion_of(proposal), moderator_user,
            "Υπενθύμιση: σεβαστείτε τους κανόνες της συζήτησης.", "neutral",
            official=True, language="el",
        )  # fmt: skip
        edited = feedback.post(
            feedback.discussion_of(proposal), sam, "A park needs lights at night.", "neutral",
            language="en",
        )  # fmt: skip
        feedback.edit(edited, sam, "A park needs lights at night, and a fence.", "en")
        feedback.edit(edited, sam, "A park needs lights, a fence and water fountains.", "en")
        feedback.highlight(first, moderator_user)
        feedback.summarise(
            feedback.discussion_of(proposal), moderator_user,
            "Οι περισσότεροι θέλουν το πάρκο· το ερώτημα είναι ποιος θα το φροντίζει.", "el",
        )  # fmt: skip
        # Waiting in the queue: one report under the threshold, one of personal information.
        spammy = feedback.post(
            feedback.discussion_of(proposal), sam, "Buy cheap watches at my shop!", "neutral",
            language="en",
        )  # fmt: skip
        moderation.flag(spammy, elena, "spam")
        moderation.flag(spammy, amal, "other", "إعلان تجاري لا علاقة له بالموضوع")
        exposing = feedback.post(
            feedback.discussion_of(proposal), maryam, "شماره تلفن همسایه ۰۹۱۲۰۰۰۰۰۰۰ است.",
            "against", language="fa",
        )  # fmt: skip
        moderation.flag(exposing, elena, "personal_info")
        # Hidden by a moderator: its author may appeal.
        hidden = feedback.post(
            feedback.discussion_of(proposal), hidden_user, "هذا الاقتراح سخيف وأصحابه أغبياء.",
            "against", language="ar",
        )  # fmt: skip
        moderation.flag(hidden, elena, "hate")
        moderation.decide([hidden], moderator_user, "hide", "hate", "Προσβλητική γλώσσα.")
        # Hidden and appealed: a moderator who did not hide it decides.
        appealed = feedback.post(
            feedback.discussion_of(proposal), appellant_user, "این پیشنهاد وقت تلف کردن است.",
            "against", language="fa",
        )  # fmt: skip
        moderation.decide([appealed], moderator_user, "hide", "off_topic")
        moderation.appeal(appealed, appellant_user, "نظر من درباره همین پیشنهاد بود.")
        # Blocked: everything they wrote is hidden.
        feedback.post(
            feedback.discussion_of(proposal), blocked_user, "Διαφήμιση ξανά και ξανά.", "neutral",
            language="el",
        )  # fmt: skip
        moderation.block(blocked_user, moderator_user, "spam", "Επαναλαμβανόμενη διαφήμιση.")

        on_consultation = feedback.discussion_of(consultation)
        opening = feedback.post(
            on_consultation, amal, "نحتاج إلى مزيد من الإنارة في الشوارع.", "in_favour",
            language="ar",
        )  # fmt: skip
        answer = feedback.post(
            feedback.discussion_of(consultation), elena, "Και περισσότερες ράμπες για αμαξίδια.",
            "in_favour", parent=opening, language="el",
        )  # fmt: skip
        feedback.post(
            feedback.discussion_of(consultation), maryam, "موافقم، پیاده‌روها هم خراب‌اند.",
            "neutral", parent=answer, language="fa",
        )  # fmt: skip
        return {
            "moderator": moderator,
            "second": second,
            "hidden_author": hidden_author,
            "consultation": consultation.id,
            "proposal": proposal.id,
            "first": first.id,
            "edited": edited.id,
            "exposing": exposing.id,
            "hidden": hidden.id,
            "blocked_user": blocked_user.id,
            "to_block": to_block.id,
        }


def member(live_server, lang):
    """A new member, signed up on the live server."""
    with live_server.app.test_request_context("/en/"):
        return _register(lang)[0]


def phone_page(new_page, account=None, lang="el"):
    page = new_page(viewport=PHONE)
    if account is not None:
        sign_in(page, account, lang)
    return page


def assert_fits_a_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width} px wide"


def check(page):
    assert_accessible(page)
    assert_fits_a_phone(page)


def expect_problem(page, lang):
    """The page answers a form with its mistakes marked, and is still accessible."""
    expect(page.get_by_role("alert").first).to_contain_text(ui(lang, "There is a problem"))
    check(page)


def comment(page, comment_id):
    return page.locator(f"#comment-{comment_id}")


@pytest.mark.parametrize("lang", LANGS)
def test_threads_read_anonymously_pass_axe_and_fit_a_phone(new_page, world, lang):
    page = phone_page(new_page)
    goto(page, f"/{lang}/proposals/{world['proposal']}")
    expect(page.locator("#summary")).to_be_visible()
    expect(page.locator(".comment-list--replies .comment-list--replies li")).to_have_count(2)
    expect(page.locator(".badge--organisation")).to_have_count(1)
    expect(page.locator(".comment--official")).to_have_count(1)
    expect(page.locator(".comment--highlighted")).to_have_count(1)
    expect(comment(page, world["hidden"])).to_have_count(0)
    expect(page.locator(".thread-notice")).to_be_visible()
    check(page)
    goto(page, f"/{lang}/consultations/{world['consultation']}")
    expect(page.locator("#comments .comment")).to_have_count(3)
    check(page)
    goto(page, f"/{lang}/consultations/{world['consultation']}/moderation-report")
    expect(page.locator("table")).to_be_visible()
    check(page)


@pytest.mark.parametrize("lang", LANGS)
def test_taking_part_passes_axe_and_fits_a_phone(new_page, live_server, world, lang):
    page = phone_page(new_page, member(live_server, lang), lang)
    goto(page, f"/{lang}/proposals/{world['proposal']}")
    expect(page.locator("#comments form.comment-form textarea")).to_be_visible()
    check(page)
    goto(page, f"/{lang}/consultations/{world['consultation']}")
    expect(page.locator("#comments form.comment-form")).to_be_visible()
    check(page)
    # Replying, then the mistakes marked.
    goto(page, f"/{lang}/discuss/proposal/{world['proposal']}/comments/new?parent={world['first']}")
    check(page)
    page.get_by_role("button", name=ui(lang, "Post the reply")).click()
    expect(page.get_by_role("alert").first).to_contain_text(ui(lang, "There is a problem"))
    expect(page.locator("textarea")).to_have_attribute("aria-invalid", "true")
    check(page)
    # A comment and its replies, and an edited comment's history.
    goto(page, f"/{lang}/comments/{world['first']}")
    check(page)
    goto(page, f"/{lang}/comments/{world['edited']}/history")
    expect(page.locator(".revision")).to_have_count(2)
    check(page)
    # Reporting, then the mistakes marked.
    goto(page, f"/{lang}/flag/comment/{world['first']}")
    check(page)
    page.get_by_role("button", name=ui(lang, "Send the report")).click()
    expect_problem(page, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_hidden_content_seen_by_its_author_passes_axe_and_fits_a_phone(new_page, world, lang):
    page = phone_page(new_page, world["hidden_author"], lang)
    goto(page, f"/{lang}/account")
    appeal = page.get_by_role("link", name=ui(lang, "Appeal"), exact=True)
    expect(appeal).to_be_visible()
    check(page)
    goto(page, f"/{lang}/proposals/{world['proposal']}")
    expect(comment(page, world["hidden"]).locator(".notice--hidden")).to_be_visible()
    check(page)
    goto(page, f"/{lang}/appeal/comment/{world['hidden']}")
    check(page)
    page.get_by_role("button", name=ui(lang, "Send the appeal")).click()
    expect_problem(page, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_moderation_pages_pass_axe_and_fit_a_phone(new_page, world, lang):
    page = phone_page(new_page, world["second"], lang)
    # The thread as a moderator sees it: hidden comments marked, the tools.
    goto(page, f"/{lang}/proposals/{world['proposal']}")
    expect(comment(page, world["hidden"]).locator(".notice--hidden")).to_be_visible()
    expect(page.locator(".thread-moderation")).to_be_visible()
    check(page)
    # The queue, then deciding with nothing chosen.
    goto(page, f"/{lang}/moderation/")
    expect(page.locator("table.queue tbody tr")).not_to_have_count(0)
    check(page)
    decide = page.get_by_role("button", name=ui(lang, "Decide"), exact=True)
    decide.click()
    expect_problem(page, lang)
    # An item's record, then deciding without a reason.
    goto(page, f"/{lang}/moderation/items/comment/{world['exposing']}")
    check(page)
    decide.click()
    expect_problem(page, lang)
    # The appeals, then deciding one without a reason.
    goto(page, f"/{lang}/moderation/appeals")
    expect(page.locator(".appeal-list form")).to_have_count(1)
    check(page)
    page.get_by_role("button", name=ui(lang, "Decide the appeal")).click()
    expect_problem(page, lang)
    goto(page, f"/{lang}/moderation/log")
    check(page)
    # Blocking, then without a reason.
    goto(page, f"/{lang}/moderation/users/{world['to_block']}/block")
    check(page)
    page.get_by_role("button", name=ui(lang, "Stop this person from posting")).click()
    expect_problem(page, lang)
    goto(page, f"/{lang}/moderation/users/{world['blocked_user']}/block")
    expect(page.locator("dl.facts")).to_be_visible()
    check(page)
    goto(page, f"/{lang}/consultations/{world['consultation']}/moderation-report")
    check(page)


def _tab_to(page, locator, limit=200):
    """Press Tab until ``locator`` has the focus (at most ``limit`` times)."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("element => document.activeElement === element", handle):
            return
    raise AssertionError(f"Tab never reached {locator}")


def _focus_ring(page):
    """The focused element's outline, as drawn."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
                    visible: document.activeElement.matches(':focus-visible')};
        }"""
    )


@pytest.mark.parametrize("lang", ["el", "ar"])
def test_the_keyboard_reaches_the_comment_form_and_a_support_button(
    new_page, live_server, world, lang
):
    page = new_page()
    sign_in(page, member(live_server, lang), lang)
    goto(page, f"/{lang}/proposals/{world['proposal']}")
    support = page.locator(f"#comment-{world['first']} > .comment__actions").get_by_role(
        "button", name=ui(lang, "Support"), exact=True
    )
    textarea = page.locator("#comments form.comment-form textarea")
    for target in (support, textarea):
        _tab_to(page, target)
        expect(target).to_be_focused()
        ring = _focus_ring(page)
        assert ring["visible"] and ring["style"] != "none" and ring["width"] >= 2, ring
        assert target.is_visible() and target.bounding_box() is not None
