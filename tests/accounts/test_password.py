import logging
import re

from consult.accounts import operations as ops
from consult.extensions import db
from tests.conftest import PASSWORD, csrf_token, post, sign_in

NEW_PASSWORD = "a brand new passphrase"


def request_reset(client, email, caplog, lang="en"):
    with caplog.at_level(logging.INFO, logger="consult.mail"):
        response = post(client, f"/{lang}/password/forgot", {"email": email})
    assert response.status_code == 302
    links = re.findall(r"http://localhost(/\w+/password/reset/\S+)", caplog.text)
    return links[-1] if links else None


def test_password_reset_by_an_emailed_single_use_link(client, make_user, caplog):
    user = make_user(locale="fr")
    link = request_reset(client, user.email, caplog)  # asked from an English page
    assert link.startswith("/fr/password/reset/")  # the link and the mail: the account's language
    assert "Reset your Consult password" not in caplog.text
    assert client.get(link).status_code == 200
    response = client.post(
        link,
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302
    sign_in(client, user, password=NEW_PASSWORD)
    # The same link does not work twice.
    page = client.get(link)
    assert page.status_code == 410
    assert "This link no longer works" not in page.get_data(as_text=True)  # shown in French


def test_unknown_address_gets_the_same_answer_and_no_mail(client, caplog):
    assert request_reset(client, "nobody@example.org", caplog) is None
    assert "If an account uses this address" in client.get("/en/sign-in").get_data(as_text=True)


def test_an_expired_link_is_refused(client, make_user, caplog, app):
    user = make_user()
    link = request_reset(client, user.email, caplog)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        assert client.get(link).status_code == 410
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600


def test_a_forged_or_mangled_token_is_refused(client, make_user, caplog):
    user = make_user()
    link = request_reset(client, user.email, caplog)
    assert client.get(link[:-3] + "abc").status_code == 410
    assert client.get("/en/password/reset/not-a-token").status_code == 410


def test_mismatched_passwords_get_a_message_next_to_the_field(client, make_user, caplog):
    user = make_user()
    link = request_reset(client, user.email, caplog)
    response = client.post(
        link, data={"password": NEW_PASSWORD, "confirm": "other", "csrf_token": csrf_token(client)}
    )
    assert response.status_code == 422
    assert 'id="confirm-error"' in response.get_data(as_text=True)


def test_change_password_needs_the_current_one_and_ends_other_sessions(app, make_user):
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, user)
    sign_in(elsewhere, user)
    wrong = post(
        here,
        "/en/account/password",
        {"password-current_password": "nope", "password-password": NEW_PASSWORD},
    )
    assert wrong.status_code == 422
    assert "This is not your current password." in wrong.get_data(as_text=True)
    response = post(
        here,
        "/en/account/password",
        {"password-current_password": PASSWORD, "password-password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get("/en/account").status_code == 200  # this device stays signed in
    assert elsewhere.get("/en/account").status_code == 302  # the other is signed out
    db.session.refresh(user)
    assert ops._hasher.verify(user.password_hash, NEW_PASSWORD)


def test_profile_changes_name_and_language(client, make_user):
    user = make_user(display_name="Old Name")
    sign_in(client, user)
    response = post(
        client,
        "/en/account/profile",
        {"profile-display_name": "Νέο όνομα", "profile-preferred_locale": "el"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/el/account"
    db.session.refresh(user)
    assert (user.display_name, user.preferred_locale) == ("Νέο όνομα", "el")


def test_profile_refuses_a_taken_name_and_keeps_what_was_typed(client, make_user):
    make_user(display_name="Taken Name")
    sign_in(client, make_user())
    response = post(
        client,
        "/en/account/profile",
        {"profile-display_name": "TAKEN name", "profile-preferred_locale": "en"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="profile-display_name-error"' in html
    assert 'value="TAKEN name"' in html


def test_account_page_shows_organisations(client, make_user, app):
    from consult.organisations import operations as orgs

    user = make_user()
    with app.test_request_context("/en/"):
        org = orgs.create(None, "Solidarity Kitchen <b>", "")
        orgs.add_member(org, user, None)
    sign_in(client, user)
    html = client.get("/en/account").get_data(as_text=True)
    assert "<bdi>Solidarity Kitchen &lt;b&gt;</bdi>" in html
