"""Redeeming, issuing, listing and revoking codes through the pages."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from consult.core.history import utcnow
from consult.extensions import db
from consult.verification import operations as ops
from consult.verification.models import VerificationCode
from tests.conftest import csrf_token, post, sign_in

SLIP_CODE = re.compile(r'class="slip__code"><bdi dir="ltr">([A-Z0-9-]{14})</bdi>')


@pytest.fixture
def verifier_client(app, verifier):
    client = app.test_client()
    sign_in(client, verifier)
    return client


@pytest.fixture
def member(make_user):
    return make_user()


@pytest.fixture
def member_client(app, member):
    client = app.test_client()
    sign_in(client, member)
    return client


def _field_error(html, field_id):
    match = re.search(rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else None


# Redeeming ------------------------------------------------------------------------------------


def test_the_account_page_says_how_to_get_verified(member_client):
    html = member_client.get("/en/account").get_data(as_text=True)
    assert "Some consultations ask for verified participants" in html
    assert 'href="/en/verify"' in html


def test_redeeming_a_code(member_client, member, verifier, issue):
    (code,) = issue(verifier)
    typed = ops.grouped(code).lower().replace("-", " ")
    response = post(member_client, "/en/verify", {"code": typed})
    assert response.status_code == 302 and response.location.endswith("/en/account")
    html = member_client.get("/en/account").get_data(as_text=True)
    assert "you are a verified participant until" in html
    assert "You are a verified participant until" in html
    db.session.refresh(member)
    assert member.is_verified_participant


@pytest.mark.parametrize(
    ("state", "message"),
    [("used", "already been used"), ("expired", "has expired"), ("revoked", "cancelled")],
)
def test_unusable_codes_say_why_next_to_the_field(
    member_client, make_user, verifier, issue, state, message
):
    (code,) = issue(verifier)
    with member_client.application.test_request_context("/en/"):
        if state == "used":
            ops.redeem(make_user(), code, "10.0.0.9")
        elif state == "revoked":
            row = db.session.scalar(select(VerificationCode))
            ops.revoke(row, verifier)
        else:
            db.session.execute(
                update(VerificationCode).values(expires_at=utcnow() - timedelta(days=1))
            )
            db.session.commit()
    response = post(member_client, "/en/verify", {"code": code})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in _field_error(html, "code")
    assert f'value="{code}"' in html  # what was typed stays in the field


def test_wrong_codes_are_throttled_with_a_clear_message(member_client):
    for _ in range(5):
        assert post(member_client, "/en/verify", {"code": "ABCD-EFGH-JKMN"}).status_code == 422
    response = post(member_client, "/en/verify", {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 429
    assert "Too many wrong codes" in _field_error(response.get_data(as_text=True), "code")


@pytest.mark.parametrize(
    "data",
    [{}, {"code": ""}, {"code": "x" * 5000}, {"code": "\x00abc"}, {"code": "‮ABCD"},
     {"code": ["a", "b"]}, {"code": "ABCD-EFGH-JKMN\u0000"}],
)  # fmt: skip
def test_no_input_breaks_redeeming(member_client, data):
    assert post(member_client, "/en/verify", data).status_code == 422


def test_redeeming_needs_the_csrf_token(member_client, verifier, issue):
    (code,) = issue(verifier)
    response = member_client.post("/en/verify", data={"code": code})
    assert response.status_code == 400
    assert ops.state_of(db.session.scalar(select(VerificationCode))) == "unused"


# Issuing --------------------------------------------------------------------------------------


def test_the_slips_show_the_codes_once(verifier_client, verifier):
    form = {"count": "3", "valid_days": "10", "verified_days": "200", "language": "ar"}
    response = post(verifier_client, "/en/verification/codes/new", form)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    shown = SLIP_CODE.findall(html)
    assert len(shown) == 3
    rows = db.session.scalars(select(VerificationCode)).all()
    assert {r.code_hash for r in rows} == {ops.hash_code(c) for c in shown}
    assert all(r.verified_days == 200 for r in rows)
    assert 'lang="ar" dir="rtl"' in html  # the slips speak the chosen language
    assert "/ar/verify" in html
    # Never again: not in the list, not anywhere a verifier can go.
    for url in ("/en/verification/codes", "/en/verification/codes/new", "/en/account"):
        page = verifier_client.get(url).get_data(as_text=True)
        for code in shown:
            assert code not in page and code.replace("-", "") not in page
    listing = verifier_client.get("/en/verification/codes").get_data(as_text=True)
    for code in shown:
        assert f"…{code[-4:]}" in listing


def test_the_slips_have_no_personal_data(verifier_client, verifier):
    html = post(
        verifier_client,
        "/en/verification/codes/new",
        {"count": "1", "valid_days": "10", "verified_days": "365", "language": "en"},
    ).get_data(as_text=True)
    slips = html[html.index('<ol class="slips"') :]
    assert verifier.display_name not in slips and verifier.email not in slips


def test_the_issue_form_keeps_what_was_typed(verifier_client):
    response = post(
        verifier_client,
        "/en/verification/codes/new",
        {"count": "70", "valid_days": "abc", "verified_days": "400", "language": "fa"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "from 1 to 50" in _field_error(html, "count")
    assert "from 1 to 90 days" in _field_error(html, "valid_days")
    assert 'value="70"' in html and 'value="400"' in html
    assert re.search(r'<option[^>]*selected[^>]*value="fa"', html)
    assert db.session.scalar(select(VerificationCode.id)) is None


def test_the_issue_form_is_refused_to_members(member_client):
    response = post(
        member_client,
        "/en/verification/codes/new",
        {"count": "1", "valid_days": "10", "verified_days": "365", "language": "en"},
    )
    assert response.status_code == 403
    assert db.session.scalar(select(VerificationCode.id)) is None


# The list and revoking ------------------------------------------------------------------------


def test_the_list_shows_each_state(verifier_client, verifier, make_user, issue, app):
    unused, used, expired, revoked = issue(verifier, count=4)
    participant = make_user(display_name="Amira")
    with app.test_request_context("/en/"):
        ops.redeem(participant, used, "10.0.0.1")
        db.session.execute(
            update(VerificationCode)
            .where(VerificationCode.code_hash == ops.hash_code(expired))
            .values(expires_at=utcnow() - timedelta(days=1))
        )
        db.session.commit()
        row = db.session.scalar(
            select(VerificationCode).where(VerificationCode.code_hash == ops.hash_code(revoked))
        )
        ops.revoke(row, verifier)
    html = verifier_client.get("/en/verification/codes").get_data(as_text=True)
    for state in ("Unused", "Redeemed", "Expired", "Revoked"):
        assert f">{state}</span>" in html
    assert "by <bdi>Amira</bdi>" in html or "Amira" in html
    assert participant.email not in html
    assert html.count("Revoke</button>") + html.count("Revoke<span") == 1
    assert "Revoke and end this verification" in html


def test_a_verifier_sees_only_their_codes_and_an_admin_sees_all(app, verifier, make_user, issue):
    other = make_user(roles=("verifier",))
    (mine,) = issue(verifier)
    (theirs,) = issue(other)
    client = app.test_client()
    sign_in(client, verifier)
    html = client.get("/en/verification/codes").get_data(as_text=True)
    assert f"…{mine[-4:]}" in html and f"…{theirs[-4:]}" not in html
    admin = app.test_client()
    sign_in(admin, make_user(roles=("admin",)))
    html = admin.get("/en/verification/codes").get_data(as_text=True)
    assert f"…{mine[-4:]}" in html and f"…{theirs[-4:]}" in html


def test_the_list_takes_the_same_queries_whatever_it_holds(
    verifier_client, verifier, issue, make_user, app, count_queries
):
    issue(verifier)
    with count_queries() as few:
        assert verifier_client.get("/en/verification/codes").status_code == 200
    codes = issue(verifier, count=20)
    with app.test_request_context("/en/"):
        for code in codes[:10]:
            ops.redeem(make_user(), code, "10.0.0.1")
    with count_queries() as many:
        assert verifier_client.get("/en/verification/codes").status_code == 200
    assert many.count == few.count


def test_the_list_is_paginated(verifier_client, verifier, issue):
    issue(verifier, count=30)
    page1 = verifier_client.get("/en/verification/codes").get_data(as_text=True)
    assert page1.count('class="hint-code"') == 25
    page2 = verifier_client.get("/en/verification/codes?page=2").get_data(as_text=True)
    assert page2.count('class="hint-code"') == 5


def test_revoking_through_the_list(verifier_client, verifier, member, issue, app):
    (code,) = issue(verifier)
    with app.test_request_context("/en/"):
        ops.redeem(member, code, "10.0.0.1")
    row = db.session.scalar(select(VerificationCode))
    response = post(verifier_client, f"/en/verification/codes/{row.id}/revoke")
    assert response.status_code == 302
    assert "is revoked" in verifier_client.get(response.location).get_data(as_text=True)
    db.session.refresh(member)
    assert not member.is_verified_participant
    again = post(verifier_client, f"/en/verification/codes/{row.id}/revoke", follow_redirects=True)
    assert "already revoked" in again.get_data(as_text=True)


def test_another_verifier_may_not_revoke(app, verifier, make_user, issue):
    issue(verifier)
    row = db.session.scalar(select(VerificationCode))
    client = app.test_client()
    sign_in(client, make_user(roles=("verifier",)))
    assert post(client, f"/en/verification/codes/{row.id}/revoke").status_code == 403
    assert ops.state_of(db.session.scalar(select(VerificationCode))) == "unused"


def test_revoking_needs_the_csrf_token(verifier_client, verifier, issue):
    issue(verifier)
    row = db.session.scalar(select(VerificationCode))
    csrf_token(verifier_client)
    response = verifier_client.post(f"/en/verification/codes/{row.id}/revoke")
    assert response.status_code == 400
    assert ops.state_of(db.session.scalar(select(VerificationCode))) == "unused"


def test_the_header_links_verifiers_to_verification(verifier_client, member_client):
    assert 'href="/en/verification/codes"' in verifier_client.get("/en/").get_data(as_text=True)
    assert "/verification/" not in member_client.get("/en/").get_data(as_text=True)
