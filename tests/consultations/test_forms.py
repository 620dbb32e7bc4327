"""Admins create and edit consultations through the form; everyone else is refused and nothing
changes. Messages stand next to the fields they are about, with what was typed kept."""

import re

import markupsafe
import pytest
from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.extensions import db
from tests.conftest import csrf_token, post
from tests.consultations.conftest import (
    consultations_count,
    field_error,
    flashes,
    form_dates,
    history,
    history_count,
    in_city_time,
    reload,
)
from tests.consultations.conftest import form_data as form

# Creating ------------------------------------------------------------------------------------


def test_an_admin_creates_a_draft(admin_client, admin):
    response = post(admin_client, "/en/consultations/new", form())
    assert response.status_code == 302
    consultation = db.session.scalars(select(Consultation)).one()
    assert response.headers["Location"] == f"/en/consultations/{consultation.id}"
    assert consultation.state == "draft" and consultation.created_by_id == admin.id
    assert consultation.categories == ["Housing", "Rent support"]
    assert (consultation.who_may_comment, consultation.supports_per_person) == ("verified", 3)
    assert (consultation.who_may_support, consultation.support_threshold) == ("verified", 50)
    assert consultation.authors_may_support and not consultation.supports_in_proposals_phase
    # Typed in the city's time, stored in UTC.
    assert in_city_time(consultation.opens_at) == form_dates()["opens_at"]
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The consultation has been saved as a draft." in flashes(html)[0]


def test_the_form_offers_the_content_languages_in_the_readers_language(admin_client):
    html = admin_client.get("/el/consultations/new").get_data(as_text=True)
    assert '<option selected value="el">Ελληνικά</option>' in html
    assert '<option value="ar">Αραβικά</option>' in html
    assert 'type="datetime-local"' in html
    for field_id in ("title", "summary", "body", "opens_at", "categories"):
        assert f'<label for="{field_id}">' in html


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        (form_dates(1, 2, 2, 12, 20, 21), "proposals_end", "Proposals must close after they open."),
        (
            form_dates(3, 2, 10, 12, 20, 21),
            "proposals_start",
            "Proposals cannot open before the consultation opens.",
        ),
        (form_dates(1, 2, 10, 12, 11, 21), "voting_end", "Voting must close after it opens."),
        (
            form_dates(1, 2, 10, 12, 20, 15),
            "closes_at",
            "The consultation cannot close before voting closes.",
        ),
        ({"opens_at": "next tuesday"}, "opens_at", "Enter a date and time, like 2026-03-31 18:00."),
        ({"closes_at": ""}, "closes_at", "Enter a date and time."),
        ({"title": ""}, "title", "Enter a title."),
        ({"title": "x" * 201}, "title", "Use at most 200 characters."),
        ({"summary": "x" * 501}, "summary", "Use at most 500 characters."),
        ({"body": "\x00"}, "body", "Remove the invisible control characters from this text."),
        ({"language": "xx"}, "language", "Not a valid choice."),
        ({"supports_per_person": "-1"}, "supports_per_person", "Enter a whole number from 0"),
        ({"supports_per_person": "lots"}, "supports_per_person", "Enter a whole number from 0"),
        ({"supports_per_person": "9" * 30}, "supports_per_person", "Enter a whole number from 0"),
        (
            {"categories": "\n".join(f"Category {n}" for n in range(21))},
            "categories",
            "List at most 20 categories.",
        ),
        (
            {"categories": "Fine\n" + "x" * 81},
            "categories",
            "Line 2 is longer than 80 characters.",
        ),
    ],
)
def test_a_mistake_is_shown_next_to_its_field_with_the_text_kept(
    admin_client, overrides, field_id, message
):
    data = form(**overrides)
    response = post(admin_client, "/en/consultations/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert field_error(html, field_id).startswith(message)
    assert f'href="#{field_id}"' in html  # the summary at the top links to it
    # What was typed is still there, the mistake included.
    for name, value in data.items():
        if name != "language" and value and "\x00" not in value:
            assert str(markupsafe.escape(value)) in html, name
    assert consultations_count() == 0


def test_every_mistake_at_once(admin_client):
    data = form(title="", **form_dates(1, 2, 2, 12, 11, 21))
    html = post(admin_client, "/en/consultations/new", data).get_data(as_text=True)
    assert field_error(html, "title") == "Enter a title."
    assert field_error(html, "proposals_end") == "Proposals must close after they open."
    assert field_error(html, "voting_end") == "Voting must close after it opens."


def test_script_in_any_field_is_inert_on_every_page(admin_client):
    script = '<script>alert("x")</script>'
    response = post(
        admin_client,
        "/en/consultations/new",
        form(title=script, summary=script, body=script, categories=script),
    )
    consultation = db.session.scalars(select(Consultation)).one()
    base = f"/en/consultations/{consultation.id}"
    translate = f"/en/translate/ar/consultation/{consultation.id}"
    for url in (base, f"{base}/edit", f"{base}/history", translate):
        html = admin_client.get(url).get_data(as_text=True)
        assert "<script" not in html, url
    assert "<script" not in admin_client.get("/en/consultations/").get_data(as_text=True)
    assert response.status_code == 302


# Editing -------------------------------------------------------------------------------------


def test_the_edit_form_shows_the_consultation_and_saves_changes(admin_client, make_consultation):
    consultation = make_consultation(state="draft", categories=["Housing", "Work"])
    html = admin_client.get(f"/en/consultations/{consultation.id}/edit").get_data(as_text=True)
    assert f'value="{consultation.title}"' in html and "Housing\nWork</textarea>" in html
    opens = in_city_time(consultation.opens_at)
    assert f'id="opens_at" name="opens_at" required type="datetime-local" value="{opens}"' in html
    data = form(**form_dates(-3, -2, 5, 6, 8, 9), title="Renamed")
    response = post(admin_client, f"/en/consultations/{consultation.id}/edit", data)
    assert response.status_code == 302
    consultation = reload(consultation)
    assert consultation.title == "Renamed" and consultation.language == "el"
    [entry] = history(consultation, "consultation.updated")
    assert "title" in entry.details["fields"]


def test_saving_an_unchanged_form_changes_nothing(admin_client, make_consultation):
    consultation = make_consultation(state="open")
    html = admin_client.get(f"/en/consultations/{consultation.id}/edit").get_data(as_text=True)
    values = {name: value for name, value in re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', html)}
    data = form(
        language="en",
        title=consultation.title,
        summary=consultation.summary,
        body=consultation.body,
        who_may_comment="members",
        supports_per_person="0",
        who_may_support="members",
        support_threshold="",
        authors_may_support="y",
        categories="",
        **{k: v for k, v in values.items() if k in form_dates()},
    )
    response = post(admin_client, f"/en/consultations/{consultation.id}/edit", data)
    assert response.status_code == 302
    assert "Nothing was changed." in admin_client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert history(consultation) == []


def test_an_open_consultations_opening_date_cannot_move(admin_client, make_consultation):
    consultation = make_consultation(state="open")
    data = form(**form_dates(-2, -1, 5, 6, 8, 9))
    response = post(admin_client, f"/en/consultations/{consultation.id}/edit", data)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "opens_at") == (
        "The consultation has opened: its opening date can no longer change."
    )
    assert reload(consultation).title != "Προσιτή στέγαση"


@pytest.mark.parametrize("who", ["member", "local_moderator", "moderator"])
def test_only_admins_edit(client_for, make_consultation, who):
    consultation = make_consultation(state="open")
    client = client_for(who, consultation)
    url = f"/en/consultations/{consultation.id}/edit"
    assert client.get(url).status_code == 403
    assert post(client, url, form()).status_code == 403
    assert reload(consultation).title != "Προσιτή στέγαση"


def test_anonymous_visitors_are_sent_to_sign_in(client, make_consultation):
    consultation = make_consultation(state="open")
    for url in ("/en/consultations/new", f"/en/consultations/{consultation.id}/edit"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/en/sign-in?next=")
    token = csrf_token(client)
    response = client.post("/en/consultations/new", data={**form(), "csrf_token": token})
    assert response.status_code == 403 and consultations_count() == 1


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_a_draft_is_not_found_rather_than_forbidden(client_for, make_consultation, who):
    draft = make_consultation(state="draft")
    client = client_for(who, draft)
    for url in (f"/en/consultations/{draft.id}/edit", f"/en/translate/ar/consultation/{draft.id}"):
        assert client.get(url).status_code == 404
    for url, data in (
        ("/edit", form()),
        ("/transition/publish", {}),
        ("/moderators", {"email": "x@example.org"}),
    ):
        assert post(client, f"/en/consultations/{draft.id}{url}", data).status_code == 404
    assert reload(draft).state == "draft" and history(draft) == []


def test_members_may_not_create(client_for, make_consultation):
    client = client_for("member", make_consultation())
    assert client.get("/en/consultations/new").status_code == 403
    assert post(client, "/en/consultations/new", form()).status_code == 403
    assert consultations_count() == 1


def test_an_archived_consultation_cannot_be_edited(admin_client, make_consultation):
    consultation = make_consultation(phase="review", state="archived")
    assert admin_client.get(f"/en/consultations/{consultation.id}/edit").status_code == 403


def test_state_changes_need_the_csrf_token(admin_client, make_consultation):
    consultation = make_consultation(state="draft")
    before = history_count()
    for url, data in (
        ("/en/consultations/new", form()),
        (f"/en/consultations/{consultation.id}/edit", form()),
        (f"/en/consultations/{consultation.id}/transition/publish", {}),
        (f"/en/consultations/{consultation.id}/moderators", {"email": "a@example.org"}),
        (
            f"/en/translate/ar/consultation/{consultation.id}",
            {"field": "title", "title": "t"},
        ),
    ):
        assert admin_client.post(url, data=data).status_code == 400, url
    assert reload(consultation).state == "draft" and history_count() == before


def test_state_changes_only_by_post(admin_client, make_consultation):
    consultation = make_consultation(state="draft")
    for url in ("/transition/publish", "/moderators"):
        assert admin_client.get(f"/en/consultations/{consultation.id}{url}").status_code == 405
