import pytest
from sqlalchemy import func, select

from consult.accounts.models import User
from consult.core.history import HistoryEntry
from consult.extensions import db
from tests.conftest import PASSWORD, csrf_token


def register(client, lang="en", **fields):
    data = {
        "display_name": "Amal",
        "email": "amal@example.org",
        "password": PASSWORD,
        "preferred_locale": lang,
        "accept_terms": "y",
        **fields,
    }
    data["csrf_token"] = csrf_token(client, f"/{lang}/register")
    return client.post(f"/{lang}/register", data=data)


def users():
    return db.session.scalar(select(func.count()).select_from(User))


def test_register_creates_a_pseudonymous_account_and_signs_in(client):
    response = register(client, lang="ar", display_name="أمل")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ar/")
    user = db.session.scalar(select(User).where(User.email == "amal@example.org"))
    assert user.display_name == "أمل"
    assert user.preferred_locale == "ar"
    assert user.terms_version and user.terms_accepted_at is not None
    assert user.password_hash.startswith("$argon2")
    page = client.get("/ar/").get_data(as_text=True)
    assert "<bdi>أمل</bdi>" in page
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(HistoryEntry)
            .where(HistoryEntry.action == "user.registered")
        )
        == 1
    )


def test_email_is_stored_lower_case_and_unique_ignoring_case(client, make_user):
    make_user(email="taken@example.org")
    response = register(client, email="TAKEN@Example.org", display_name="Other")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "An account with this email address already exists" in html
    assert 'value="Other"' in html  # what was typed is kept
    assert PASSWORD not in html  # except the password
    assert users() == 1


def test_display_name_cannot_imitate_another_by_case(client, make_user):
    make_user(display_name="Moderator Eleni")
    response = register(client, display_name="moderator ELENI")
    assert response.status_code == 422
    assert "Someone already uses this name" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter an email address like name@example.org."),
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "<script>alert(1)</script>@example.org"}, "email", "Enter an email address"),
        ({"email": "a" * 10_000 + "@example.org"}, "email", "at most 254 characters"),
        ({"password": "short"}, "password", "Use between 10 and 128 characters."),
        ({"display_name": "x" * 10_000}, "display_name", "Use between 2 and 40 characters."),
        ({"display_name": "evil\u202eeman"}, "display_name", "no control or direction-changing"),
        ({"accept_terms": ""}, "accept_terms", "You need to accept the terms of use"),
        ({"preferred_locale": "xx"}, "preferred_locale", "Not a valid choice"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(client, fields, field_id, message):
    response = register(client, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field_id}-error"' in html
    error = html.split(f'id="{field_id}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert users() == 0


def test_html_in_a_display_name_is_inert(client):
    register(client, display_name="<img src=x onerror=alert(1)>")
    page = client.get("/en/").get_data(as_text=True)
    assert "<img src=x" not in page
    assert "<bdi>&lt;img src=x onerror=alert(1)&gt;</bdi>" in page


def test_missing_or_wrong_csrf_token_is_a_400(client):
    data = {
        "display_name": "Amal",
        "email": "amal@example.org",
        "password": PASSWORD,
        "preferred_locale": "en",
        "accept_terms": "y",
    }
    assert client.post("/en/register", data=data).status_code == 400
    assert client.post("/en/register", data={**data, "csrf_token": "forged"}).status_code == 400
    assert users() == 0
