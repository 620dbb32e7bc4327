"""Admins move consultations through their workflow, name their moderators and enter their
translations through the pages; everyone else is refused and nothing changes."""

import pytest
from sqlalchemy import select

from consult.accounts.models import LocalRole
from consult.extensions import db
from consult.translations.models import ContentTranslation
from tests.conftest import post
from tests.consultations.conftest import (
    field_error,
    flashes,
    form_dates,
    history,
    main,
    make_local_moderator,
    reload,
)
from tests.consultations.conftest import form_data as form

# The workflow --------------------------------------------------------------------------------


def test_an_admin_publishes_with_a_comment(admin_client, admin, make_consultation):
    consultation = make_consultation(phase="future", state="draft")
    response = post(
        admin_client,
        f"/en/consultations/{consultation.id}/transition/publish",
        {"comment": "Approved"},
    )
    assert response.status_code == 302
    assert reload(consultation).state == "published"
    [entry] = history(consultation)
    assert (entry.action, entry.actor_id, entry.comment) == (
        "consultation.publish",
        admin.id,
        "Approved",
    )
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Done: the consultation is now “Coming soon”." in flashes(html)[0]
    assert "/transition/unpublish" in html


def test_a_transition_from_the_wrong_state_says_so_and_changes_nothing(
    admin_client, make_consultation
):
    consultation = make_consultation(state="open")
    response = post(admin_client, f"/en/consultations/{consultation.id}/transition/publish")
    assert response.status_code == 302
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert flashes(html) == ["This is not possible while the consultation is “Open”."]
    assert reload(consultation).state == "open" and history(consultation) == []


def test_no_going_back_to_draft_after_the_opening_date(admin_client, make_consultation):
    consultation = make_consultation(phase="information", state="published")
    response = post(admin_client, f"/en/consultations/{consultation.id}/transition/unpublish")
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert flashes(html) == ["This is not possible while the consultation is “Open”."]
    assert reload(consultation).state == "published" and history(consultation) == []


@pytest.mark.parametrize("who", ["member", "local_moderator", "moderator"])
def test_only_admins_move_a_consultation(client_for, make_consultation, who):
    consultation = make_consultation(phase="review", state="closed")
    client = client_for(who, consultation)
    url = f"/en/consultations/{consultation.id}/transition/conclude"
    assert post(client, url).status_code == 403
    assert reload(consultation).state == "closed" and history(consultation) == []


@pytest.mark.parametrize(("name", "status"), [("open", 403), ("close", 403), ("explode", 404)])
def test_system_and_unknown_transitions_are_refused(admin_client, make_consultation, name, status):
    consultation = make_consultation(phase="future", state="published")
    url = f"/en/consultations/{consultation.id}/transition/{name}"
    assert post(admin_client, url).status_code == status
    assert reload(consultation).state == "published"


def test_a_too_long_comment_is_shown_next_to_the_field(admin_client, make_consultation):
    consultation = make_consultation(state="draft")
    response = post(
        admin_client,
        f"/en/consultations/{consultation.id}/transition/publish",
        {"comment": "Because " + "x" * 1000},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "comment") == "Use at most 1000 characters."
    assert "Because xxx" in html
    assert reload(consultation).state == "draft"


# Local moderators ----------------------------------------------------------------------------


def test_add_and_remove_a_moderator_by_email(admin_client, make_user, make_consultation):
    consultation = make_consultation(state="open")
    person = make_user(email="amal@example.org", display_name="Amal")
    url = f"/en/consultations/{consultation.id}/moderators"
    response = post(admin_client, url, {"email": " AMAL@example.org "})
    assert response.headers["Location"] == f"/en/consultations/{consultation.id}/edit"
    key = (person.id, "moderator", "consultations", consultation.id)
    assert db.session.get(LocalRole, key) is not None
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert flashes(html) == ["The account now moderates this consultation."]
    assert "<bdi>Amal</bdi>" in main(html)
    assert f'name="remove" value="{person.id}"' in html
    response = post(admin_client, url, {"email": "amal@example.org"})
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert flashes(html) == ["This account already moderates this consultation."]
    post(admin_client, url, {"remove": str(person.id)})
    db.session.expire_all()
    assert db.session.get(LocalRole, key) is None
    assert [e.action for e in history(consultation)] == [
        "consultation.moderator_added",
        "consultation.moderator_removed",
    ]


def test_an_unknown_email_is_shown_next_to_the_field(admin_client, make_consultation):
    consultation = make_consultation(state="open")
    response = post(
        admin_client,
        f"/en/consultations/{consultation.id}/moderators",
        {"email": "nobody@example.org"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, "email").startswith("No account uses this email address.")
    assert 'value="nobody@example.org"' in html


@pytest.mark.parametrize("remove", ["abc", "-1", "99999999999999", "0"])
def test_removing_an_unknown_account_is_not_found(admin_client, make_consultation, remove):
    consultation = make_consultation(state="open")
    url = f"/en/consultations/{consultation.id}/moderators"
    assert post(admin_client, url, {"remove": remove}).status_code == 404


@pytest.mark.parametrize("who", ["member", "local_moderator", "moderator"])
def test_only_admins_name_moderators(client_for, make_user, make_consultation, who):
    consultation = make_consultation(state="open")
    client = client_for(who, consultation)
    target = make_user()
    make_local_moderator(target, consultation)
    url = f"/en/consultations/{consultation.id}/moderators"
    assert post(client, url, {"email": target.email}).status_code == 403
    assert post(client, url, {"remove": str(target.id)}).status_code == 403
    key = (target.id, "moderator", "consultations", consultation.id)
    assert db.session.get(LocalRole, key) is not None


# Translations --------------------------------------------------------------------------------


def translations(consultation):
    return {
        (t.field, t.locale): t.text
        for t in db.session.scalars(
            select(ContentTranslation).where(ContentTranslation.object_id == consultation.id)
        )
    }


def translate_url(consultation, locale):
    return f"/en/translate/{locale}/consultation/{consultation.id}"


def test_an_admin_enters_a_translation(admin_client, make_consultation):
    consultation = make_consultation(language="el", title="Στέγαση")
    url = translate_url(consultation, "ar")
    html = admin_client.get(url).get_data(as_text=True)
    assert "<h1>Translate into Arabic</h1>" in html
    assert 'dir="rtl" id="title" lang="ar"' in html
    data = {"title": "السكن", "summary": "ملخص", "body": "نص"}
    for name, text in data.items():
        response = post(admin_client, url, {"field": name, name: text})
        assert response.status_code == 302
    assert translations(consultation) == {
        ("title", "ar"): "السكن",
        ("summary", "ar"): "ملخص",
        ("body", "ar"): "نص",
    }
    html = admin_client.get(url).get_data(as_text=True)
    assert "The translation is saved." in flashes(html)[0]
    assert "السكن</textarea>" in html  # the form shows what is stored
    assert '<h1 lang="ar" dir="rtl">السكن</h1>' in admin_client.get(
        f"/ar/consultations/{consultation.id}"
    ).get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({"field": "title", "title": ""}, "title", "Write the translation."),
        ({"field": "summary", "summary": "   "}, "summary", "Write the translation."),
        ({"field": "title", "title": "x" * 201}, "title", "Use at most 200 characters."),
        ({"field": "body", "body": "x" * 20001}, "body", "Use at most 20000 characters."),
    ],
)
def test_a_translation_mistake_is_shown_next_to_its_field(
    admin_client, make_consultation, data, field_id, message
):
    consultation = make_consultation(language="el")
    url = translate_url(consultation, "en")
    response = post(admin_client, url, data)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), field_id) == message
    assert translations(consultation) == {}


def test_no_translation_into_the_originals_own_language(admin_client, make_consultation):
    consultation = make_consultation(language="el")
    url = translate_url(consultation, "el")
    message = "This is the language the text is written in: nothing to translate."
    assert message in admin_client.get(url).get_data(as_text=True)
    response = post(admin_client, url, {"field": "title", "title": "T"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "title") == message
    assert translations(consultation) == {}


def test_an_unknown_language_is_not_found(admin_client, make_consultation):
    consultation = make_consultation()
    for locale in ("xx", "EN", "en-US", "x" * 300):
        assert admin_client.get(translate_url(consultation, locale)).status_code == 404


@pytest.mark.parametrize("who", ["member", "local_moderator", "moderator"])
def test_only_admins_translate(client_for, make_consultation, who):
    consultation = make_consultation(language="el")
    client = client_for(who, consultation)
    url = translate_url(consultation, "en")
    assert client.get(url).status_code == 403
    assert post(client, url, {"field": "title", "title": "T"}).status_code == 403
    assert translations(consultation) == {}


def test_editing_the_original_drops_its_outdated_translation(admin_client, make_consultation):
    consultation = make_consultation(language="el", state="draft")
    url = translate_url(consultation, "en")
    for name, text in {"title": "T", "summary": "S", "body": "B"}.items():
        post(admin_client, url, {"field": name, name: text})
    edit = form(
        language="el",
        title=consultation.title,
        summary="Νέα περίληψη",
        body=consultation.body,
        **{name: getattr(consultation, name).strftime("%Y-%m-%dT%H:%M") for name in form_dates()},
    )
    post(admin_client, f"/en/consultations/{consultation.id}/edit", edit)
    assert translations(consultation) == {("title", "en"): "T", ("body", "en"): "B"}
