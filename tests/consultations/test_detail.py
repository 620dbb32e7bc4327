"""A consultation's page: its text in the reader's language (or the original, marked), the phase
timeline, what the visitor can do now, and its history."""

import re

import pytest

from consult.consultations import operations as ops
from consult.extensions import db
from consult.translations.models import ContentTranslation
from tests.conftest import sign_in
from tests.consultations.conftest import consultation_fields, link, main


def translate(consultation, locale, origin="human", **texts):
    for field, text in texts.items():
        db.session.add(
            ContentTranslation(
                object_type="consultations",
                object_id=consultation.id,
                field=field,
                locale=locale,
                text=text,
                origin=origin,
            )
        )
    db.session.commit()


def page(client, consultation, lang="en", query=""):
    response = client.get(f"/{lang}/consultations/{consultation.id}{query}")
    assert response.status_code == 200
    return main(response.get_data(as_text=True))


def squash(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# The text, in the reader's language ----------------------------------------------------------


def test_a_translation_is_shown_with_its_language_and_the_original_offered(
    client, make_consultation
):
    consultation = make_consultation(
        language="en", title="Affordable housing", summary="How can the city help?"
    )
    translate(
        consultation,
        "el",
        title="Προσιτή στέγαση",
        summary="Πώς μπορεί να βοηθήσει η πόλη;",
        body="Το **σχέδιο**.",
    )
    html = page(client, consultation, "el")
    assert '<h1 lang="el" dir="ltr">Προσιτή στέγαση</h1>' in html
    assert '<p lang="el" dir="ltr" class="lead">Πώς μπορεί να βοηθήσει η πόλη;</p>' in html
    assert '<div lang="el" dir="ltr" class="prose"><p>Το <strong>σχέδιο</strong>.</p></div>' in html
    original_link = f'href="/el/consultations/{consultation.id}?original=1"'
    assert original_link in html
    assert "Affordable housing" not in html


def test_show_the_original_and_come_back(client, make_consultation):
    consultation = make_consultation(language="en", title="Affordable housing")
    translate(consultation, "ar", title="السكن الميسور", summary="ملخص", body="نص")
    html = page(client, consultation, "ar", "?original=1")
    assert '<h1 lang="en" dir="ltr">Affordable housing</h1>' in html
    assert "السكن الميسور" not in html
    assert f'<a href="/ar/consultations/{consultation.id}">' in html  # back to the translation


def test_arabic_translation_is_right_to_left(client, make_consultation):
    consultation = make_consultation(language="el", title="Στέγαση")
    translate(consultation, "ar", title="السكن", summary="ملخص", body="نص **مهم**")
    html = page(client, consultation, "ar")
    assert '<h1 lang="ar" dir="rtl">السكن</h1>' in html
    assert '<div lang="ar" dir="rtl" class="prose"><p>نص <strong>مهم</strong></p></div>' in html


def test_without_a_translation_the_original_is_marked_with_its_language(client, make_consultation):
    consultation = make_consultation(language="el", title="Στέγαση")
    html = page(client, consultation, "en")
    assert '<h1 lang="el" dir="ltr">Στέγαση</h1>' in html
    assert "Written in Greek." in html
    assert "?original=1" not in html
    # Read in its own language, it needs no marking.
    assert "Written in" not in page(client, consultation, "el")


def test_a_machine_translation_says_so(client, make_consultation):
    consultation = make_consultation(language="el", title="Στέγαση")
    translate(consultation, "en", origin="machine", title="Housing", summary="S", body="B")
    assert "Machine translation from Greek" in page(client, consultation, "en")


def test_the_body_goes_through_the_one_sanitiser(app, client, make_consultation, make_plan, admin):
    consultation = make_consultation(
        title="<b>Bold title</b>",
        body="**Read** this <script>alert(1)</script> [link](javascript:alert(2)) "
        '<a href="https://example.org" onclick="x()">site</a>',
    )
    link(app, consultation, make_plan(axis_title="<i>Axis 2</i>"), [("section", 2)], admin)
    html = page(client, consultation)
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html
    assert "<strong>Read</strong>" in html
    assert "&lt;b&gt;Bold title&lt;/b&gt;" in html and "&lt;i&gt;Axis 2&lt;/i&gt;" in html


# The timeline and what the visitor can do now ------------------------------------------------


def current_step(html):
    match = re.search(r'<li class="[^"]*" aria-current="step">\s*<strong>(\w+)</strong>', html)
    return match.group(1) if match else None


@pytest.mark.parametrize(
    ("phase", "state", "step"),
    [
        ("information", "open", "Information"),
        ("proposals", "open", "Proposals"),
        ("voting", "open", "Voting"),
        ("review", "open", "Review"),  # ended before the tick ran
        ("review", "closed", "Review"),
        ("review", "concluded", "Outcome"),
        ("future", "published", None),
    ],
)
def test_the_timeline_marks_the_current_phase(client, make_consultation, phase, state, step):
    html = page(client, make_consultation(phase=phase, state=state))
    assert current_step(html) == step
    assert html.count('aria-current="step"') == (1 if step else 0)
    for name in ("Information", "Proposals", "Voting", "Review", "Outcome"):
        assert f"<strong>{name}</strong>" in html


def take_part(html):
    return squash(html.split('id="take-part-title"', 1)[1].split("</section>", 1)[0])


def test_proposals_open_anonymous_visitors_are_asked_to_sign_in(client, make_consultation):
    consultation = make_consultation(phase="proposals")
    html = page(client, consultation)
    assert "Proposals are open until" in take_part(html)
    assert f'href="/en/sign-in?next=/en/consultations/{consultation.id}"' in html
    assert f"/en/consultations/{consultation.id}/proposals/new" not in html
    assert f'href="/en/consultations/{consultation.id}/proposals/"' in html


def test_proposals_open_a_member_is_offered_to_propose(client, make_user, make_consultation):
    consultation = make_consultation(phase="proposals")
    sign_in(client, make_user())
    html = page(client, consultation)
    assert f'href="/en/consultations/{consultation.id}/proposals/new"' in html
    assert "Propose an idea" in html and "Sign in to propose" not in html


def test_verified_only_consultations_say_so(client, make_user, make_consultation):
    consultation = make_consultation(phase="proposals", who_may_propose="verified")
    sign_in(client, make_user())
    html = page(client, consultation)
    assert "Only verified participants may propose" in html
    assert "/proposals/new" not in html


@pytest.mark.parametrize(
    ("phase", "state", "says"),
    [
        ("future", "published", "This consultation opens on"),
        ("information", "open", "Proposals open on"),
        ("voting", "open", "Proposals closed on"),
        ("voting", "open", "Voting is open until"),
        ("review", "closed", "This consultation closed on"),
        ("review", "concluded", "This consultation is concluded."),
    ],
)
def test_what_the_visitor_can_do_now(client, make_consultation, phase, state, says):
    html = page(client, make_consultation(phase=phase, state=state))
    assert says in take_part(html)
    assert "/proposals/new" not in html


def test_past_its_end_it_is_shown_closed_even_before_the_tick(client, make_user, make_consultation):
    consultation = make_consultation(phase="review", state="open")
    sign_in(client, make_user())
    html = page(client, consultation)
    assert 'state-closed">Closed</span>' in html and 'state-open"' not in html
    assert "This consultation closed on" in take_part(html)
    assert "Proposals are open" not in html and "/proposals/new" not in html
    assert db.session.get(type(consultation), consultation.id).state == "open"  # nothing changed


def test_the_settings_and_plan_links_are_shown(app, client, make_consultation, make_plan, admin):
    consultation = make_consultation(supports_per_person=5, who_may_comment="verified")
    plan = make_plan()
    link(app, consultation, plan, [("measure", 4)], admin)
    html = page(client, consultation)
    assert (
        f'<a href="/en/plan/{plan.id}/measures/4">Measure 2.3: '
        '<span lang="en" dir="ltr">Affordable housing</span></a>'
    ) in html
    assert "<dd>5</dd>" in html and "<dd>Verified participants only</dd>" in html


# Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "other_local_moderator"])
def test_a_draft_is_not_found_for_those_who_may_not_see_it(client_for, make_consultation, who):
    draft = make_consultation(state="draft")
    client = client_for(who, draft)
    for suffix in ("", "/history"):
        assert client.get(f"/en/consultations/{draft.id}{suffix}").status_code == 404


@pytest.mark.parametrize("who", ["local_moderator", "moderator", "admin"])
def test_a_draft_is_seen_by_its_curators(client_for, make_consultation, who):
    draft = make_consultation(state="draft")
    html = page(client_for(who, draft), draft)
    assert "This consultation is a draft." in html


@pytest.mark.parametrize("consultation_id", ["0", "999999", "2147483648", "99999999999999", "x"])
def test_unknown_and_huge_ids_are_not_found(client, consultation_id):
    assert client.get(f"/en/consultations/{consultation_id}").status_code == 404


def test_only_admins_see_the_workflow_buttons(client_for, make_consultation):
    draft = make_consultation(state="draft")
    for who in ("local_moderator", "moderator"):
        assert "Manage this consultation" not in page(client_for(who, draft), draft)
    html = page(client_for("admin", draft), draft)
    assert f'formaction="/en/consultations/{draft.id}/transition/publish"' in html
    assert f'href="/en/consultations/{draft.id}/edit"' in html
    assert f'href="/en/translate/ar/consultation/{draft.id}"' in html


# History -------------------------------------------------------------------------------------


def test_the_history_says_who_did_what_when_and_why(ctx, client, admin, make_user):
    consultation = ops.create(admin, **consultation_fields())
    ops.update(consultation, admin, title="Στέγαση για όλους", supports_per_person=3)
    ops.transition(consultation, "publish", admin, "Approved by the council <b>today</b>")
    ops.grant_local_moderator(consultation, make_user(display_name="Mod Amal"), admin)
    html = page(client, consultation, query="/history")
    rows = [squash(row) for row in html.split("<tbody>", 1)[1].split("</tr>")[:-1]]
    assert rows[0].endswith("Admin Eleni Moderator added Mod Amal")
    assert rows[1].endswith(
        "Admin Eleni Published from “Draft” to “Coming soon” "
        "Approved by the council &lt;b&gt;today&lt;/b&gt;"
    )
    assert rows[2].endswith("Admin Eleni Changed Title, Supports per person")
    assert rows[3].endswith("Admin Eleni Created as a draft")
    assert len(rows) == 4
    assert "<bdi>Admin Eleni</bdi>" in html and "<bdi>Mod Amal</bdi>" in html


def test_the_system_is_named_for_what_happened_at_a_date(ctx, client, make_consultation):
    consultation = make_consultation(phase="review", state="open")
    ops.tick()
    rows = page(client, consultation, query="/history").split("<tbody>", 1)[1]
    assert "the system" in squash(rows) and "Closed from “Open” to “Closed”" in squash(rows)
