import re

import pytest
from sqlalchemy import select

from consult.core.history import HistoryEntry
from consult.extensions import db
from tests.conftest import PASSWORD, csrf_token, post, sign_in


def attempt(client, email, password, lang="en", **extra):
    token = csrf_token(client, f"/{lang}/sign-in")
    return client.post(
        f"/{lang}/sign-in",
        data={"email": email, "password": password, "csrf_token": token, **extra},
    )


def test_sign_in_and_out(client, make_user):
    user = make_user(display_name="Layla")
    response = attempt(client, user.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert "Layla" in client.get("/en/").get_data(as_text=True)
    post(client, "/en/sign-out")
    assert "Layla" not in client.get("/en/").get_data(as_text=True)


def test_wrong_password_says_so_and_keeps_the_email(client, make_user):
    user = make_user()
    response = attempt(client, user.email, "wrong password")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The email address or the password is not right." in html
    assert f'value="{user.email}"' in html
    assert 'value="wrong password"' not in html


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    response = attempt(client, "nobody@example.org", "whatever password")
    assert "The email address or the password is not right." in response.get_data(as_text=True)


def test_failed_sign_ins_are_throttled_per_account(client, make_user, app):
    user = make_user()
    limit = app.config["SIGNIN_LIMIT_PER_ACCOUNT"]
    for _ in range(limit):
        assert attempt(client, user.email, "wrong password").status_code == 422
    response = attempt(client, user.email, PASSWORD)  # even the right password waits now
    assert response.status_code == 429
    assert "Too many failed attempts to sign in" in response.get_data(as_text=True)
    assert "15 minutes" in response.get_data(as_text=True)
    # Another account from the same address is not locked by this one's failures.
    other = make_user()
    assert attempt(client, other.email, PASSWORD).status_code == 302


def test_failed_sign_ins_are_throttled_per_address(client, make_user, app):
    app.config["SIGNIN_LIMIT_PER_ADDRESS"] = 3
    try:
        for n in range(3):
            attempt(client, f"guess{n}@example.org", "wrong password")
        user = make_user()
        assert attempt(client, user.email, PASSWORD).status_code == 429
    finally:
        app.config["SIGNIN_LIMIT_PER_ADDRESS"] = 20


def test_throttle_message_is_in_the_users_language(client, make_user, app):
    user = make_user()
    for _ in range(app.config["SIGNIN_LIMIT_PER_ACCOUNT"]):
        attempt(client, user.email, "wrong password", lang="el")
    html = attempt(client, user.email, "wrong password", lang="el").get_data(as_text=True)
    assert "Too many failed attempts" not in html
    assert 'id="form-errors"' in html or "error-summary" in html


def test_blocked_account_cannot_sign_in(client, make_user, app):
    from consult.accounts import operations as ops

    user = make_user()
    with app.test_request_context("/en/"):
        ops.block(user, None, "spam")
    response = attempt(client, user.email, PASSWORD)
    assert response.status_code == 422
    assert "This account is blocked" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/en/account", "/en/account"),
        ("//evil.example/", "/en/"),
        ("https://evil.example/", "/en/"),
        ("/\\evil.example", "/en/"),
    ],
)
def test_next_redirects_only_to_local_paths(client, make_user, next_url, expected):
    user = make_user()
    response = attempt(client, user.email, PASSWORD, next=next_url)
    assert response.headers["Location"] == expected


def test_pages_that_need_an_account_send_to_sign_in_and_back(client, make_user):
    response = client.get("/en/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/en/sign-in?next=")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'name="next" type="hidden" value="/en/account"', html)


def test_session_is_renewed_at_sign_in(client, make_user):
    user = make_user()
    before = csrf_token(client)
    sign_in(client, user)
    assert csrf_token(client, "/en/account") != before


def test_sign_out_ends_every_session_of_the_account(app, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    post(phone, "/en/sign-out")
    assert laptop.get("/en/account").status_code == 302  # sent to sign in


def test_a_stolen_cookie_stops_working_after_sign_out(app, make_user):
    user = make_user()
    victim = app.test_client()
    sign_in(victim, user)
    cookie = victim.get_cookie("session").value
    post(victim, "/en/sign-out")
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/en/account").status_code == 302


def test_registration_is_recorded_in_history(make_user):
    user = make_user()
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.object_id == user.id))
    assert entry.action == "user.registered" and entry.actor_id == user.id
