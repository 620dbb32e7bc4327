"""The moderation record (moderators and admins) and the public report (counts only)."""

import re

from sqlalchemy import select

from consult.consultations.models import Consultation
from consult.extensions import db
from tests.conftest import post
from tests.consultations.conftest import form_data
from tests.moderation.conftest import field_error


def test_the_log_shows_every_decision_and_flag(
    place, flag, decide, make_user, moderator, signed_in
):
    flag(place.comment, make_user(display_name="Flagger Eva"), "hate", "Slurs")
    decide([place.comment], moderator, "hide", "hate", "Removed slurs")
    for user in (moderator, make_user(roles=("admin",))):
        response = signed_in(user).get("/en/moderation/log")
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "<bdi>Flagger Eva</bdi>" in html and "Slurs" in html
        assert "<bdi>Moderator Maria</bdi>" in html and "Removed slurs" in html
        assert f"/en/moderation/items/comment/{place.comment.id}" in html


def test_members_and_local_moderators_may_not_read_the_log(
    place, make_user, local_moderator, signed_in, client
):
    assert signed_in(make_user()).get("/en/moderation/log").status_code == 403
    assert (
        signed_in(local_moderator(place.consultation)).get("/en/moderation/log").status_code == 403
    )
    assert client.get("/en/moderation/log").status_code == 302


def test_the_public_report_gives_counts_and_no_names(
    place, flag, decide, make_user, moderator, signed_in, client
):
    flag(place.comment, make_user(display_name="Flagger Eva"), "hate", "Slurs")
    decide([place.comment], moderator, "hide", "hate", "Removed slurs")
    flag(place.proposal, make_user(), "personal_info")
    response = client.get(f"/en/consultations/{place.consultation.id}/moderation-report")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hate or harassment" in html and "Personal information exposed" in html
    assert "Hidden: 1" in html
    for secret in ("Flagger Eva", "Moderator Maria", "Author Amal", "Commenter Kostas",
                   "Slurs", "Removed slurs", "fine", "Open the library"):  # fmt: skip
        assert secret not in html, secret
    detail = client.get(f"/en/consultations/{place.consultation.id}").get_data(as_text=True)
    assert f"/en/consultations/{place.consultation.id}/moderation-report" in detail


def test_the_report_of_a_draft_consultation_is_not_found(make_consultation, client):
    draft = make_consultation(phase="future", state="draft")
    assert client.get(f"/en/consultations/{draft.id}/moderation-report").status_code == 404


def test_the_navigation_links_to_the_queue_for_moderators_only(
    place, moderator, local_moderator, make_user, signed_in
):
    assert 'href="/en/moderation/"' in signed_in(moderator).get("/en/").get_data(as_text=True)
    local = signed_in(local_moderator(place.consultation))
    assert 'href="/en/moderation/"' in local.get("/en/").get_data(as_text=True)
    assert 'href="/en/moderation/"' not in signed_in(make_user()).get("/en/").get_data(as_text=True)


def test_the_consultation_form_sets_the_reports_that_hide(make_user, signed_in):
    admin = signed_in(make_user(roles=("admin",)))
    html = admin.get("/en/consultations/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="flags_to_hide"[^>]*value="3"', html)
    for bad in ("0", "101", "many", ""):
        response = post(admin, "/en/consultations/new", {**form_data(), "flags_to_hide": bad})
        html = response.get_data(as_text=True)
        assert response.status_code == 422, bad
        assert field_error(html, "flags_to_hide") == "Error: Enter a whole number from 1 to 100."
    response = post(admin, "/en/consultations/new", {**form_data(), "flags_to_hide": "5"})
    assert response.status_code == 302
    consultation = db.session.scalars(select(Consultation).order_by(Consultation.id.desc())).first()
    assert consultation.flags_to_hide == 5
