"""Supporting a proposal in a browser: without JavaScript (the form posts and comes back with a
message) and with it (in place, no navigation, the count updated and announced)."""

import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from consult.accounts import operations as accounts
from consult.consultations.models import Consultation
from consult.core.history import utcnow
from consult.extensions import db
from consult.proposals.models import Proposal
from tests.browser.conftest import assert_accessible, goto, new_account, sign_in, ui


@pytest.fixture
def voting(live_server):
    """A consultation in its voting phase with one published proposal, and a voter."""
    app = live_server.app
    voter = new_account("en")
    token = uuid.uuid4().hex[:6]
    with app.test_request_context("/en/"):
        author = accounts.register(
            f"author-{token}@example.org", voter.password, f"Author {token}", "en", True
        )
        accounts.register(voter.email, voter.password, voter.display_name, "en", True)
        now = utcnow()
        consultation = Consultation(
            language="en", title=f"Voting {token}", summary="S", body="B", state="open",
            opens_at=now - timedelta(days=20), proposals_start=now - timedelta(days=19),
            proposals_end=now - timedelta(days=10), voting_start=now - timedelta(days=2),
            voting_end=now + timedelta(days=5), closes_at=now + timedelta(days=6),
            supports_per_person=3,
        )  # fmt: skip
        db.session.add(consultation)
        db.session.flush()
        proposal = Proposal(
            consultation_id=consultation.id, author_id=author.id, language="en",
            title=f"More bus lines {token}", body="Why", state="published", published_at=now,
        )  # fmt: skip
        db.session.add(proposal)
        db.session.commit()
        return {"voter": voter, "proposal": proposal.id, "consultation": consultation.id}


def support_form(page):
    return page.locator("form.support-form").first


def test_support_and_withdraw_without_javascript(new_page, voting):
    page = new_page(java_script_enabled=False)
    sign_in(page, voting["voter"])
    goto(page, f"/en/consultations/{voting['consultation']}/proposals/")
    page.get_by_role("button", name=ui("en", "Support")).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/en/consultations/{voting['consultation']}/proposals/")
    expect(page.locator(".flash")).to_contain_text(ui("en", "Your support is counted."))
    expect(support_form(page)).to_contain_text("1 support")
    expect(page.locator(".supports-left")).to_contain_text("2 supports left")
    page.get_by_role("button", name=ui("en", "Withdraw my support")).click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text(ui("en", "Your support is withdrawn."))
    expect(support_form(page)).to_contain_text("0 supports")


def test_support_and_withdraw_in_place_with_javascript(page, voting):
    sign_in(page, voting["voter"])
    goto(page, f"/en/proposals/{voting['proposal']}")
    url = page.url
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.get_by_role("button", name=ui("en", "Support")).click()
    withdraw = page.get_by_role("button", name=ui("en", "Withdraw my support"))
    expect(withdraw).to_be_visible()
    expect(support_form(page)).to_contain_text("1 support")
    expect(page.locator("#support-live")).to_have_text(ui("en", "Your support is counted."))
    expect(page.locator(".supports-left")).to_contain_text("2 supports left")
    withdraw.click()
    expect(page.get_by_role("button", name=ui("en", "Support"))).to_be_visible()
    expect(support_form(page)).to_contain_text("0 supports")
    expect(page.locator("#support-live")).to_have_text(ui("en", "Your support is withdrawn."))
    assert page.url == url and navigations == []
    assert_accessible(page)


def test_the_results_page_is_accessible(page, voting):
    goto(page, f"/en/consultations/{voting['consultation']}/results")
    expect(page.get_by_role("heading", level=1)).to_have_text(ui("en", "Results"))
    assert_accessible(page)
