"""The public list of consultations: who sees what, the filters, the order, the pages, the
reader's language, and a constant number of SQL statements whatever the page holds."""

import re
from datetime import timedelta

import pytest

from consult.consultations import operations as ops
from consult.core.history import utcnow
from consult.extensions import db
from consult.translations.models import ContentTranslation
from tests.consultations.conftest import fresh_session, main


def titles(html):
    """The titles on the page, in order."""
    return re.findall(r'class="consultation-card__title"><a [^>]*><span [^>]*>(.*?)</span>', html)


def listed(client, query=""):
    response = client.get(f"/en/consultations/{query}")
    assert response.status_code == 200
    return titles(response.get_data(as_text=True))


def translate(consultation, locale, **texts):
    for field, text in texts.items():
        db.session.add(
            ContentTranslation(
                object_type="consultations",
                object_id=consultation.id,
                field=field,
                locale=locale,
                text=text,
                origin="human",
            )
        )
    db.session.commit()


@pytest.fixture
def one_of_each(make_consultation):
    """A consultation in each state (and two whose dates ran ahead of the tick)."""
    return {
        "draft": make_consultation(phase="proposals", state="draft", title="Draft"),
        "coming": make_consultation(phase="future", state="published", title="Coming"),
        "open": make_consultation(phase="proposals", state="open", title="Open"),
        "opened": make_consultation(phase="information", state="published", title="Opened"),
        "ended": make_consultation(phase="review", state="open", title="Ended"),
        "closed": make_consultation(phase="review", state="closed", title="Closed"),
        "concluded": make_consultation(phase="review", state="concluded", title="Concluded"),
        "archived": make_consultation(phase="review", state="archived", title="Archived"),
    }


PUBLIC = {"Coming", "Open", "Opened", "Ended", "Closed", "Concluded", "Archived"}


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [
        ("anonymous", False),
        ("member", False),
        ("other_local_moderator", False),
        ("local_moderator", True),
        ("moderator", True),
        ("admin", True),
    ],
)
def test_drafts_are_listed_only_for_those_who_may_see_them(
    client_for, one_of_each, who, sees_draft
):
    client = client_for(who, one_of_each["draft"])
    # Another consultation's moderator sees the draft they moderate ("Consultation <n>").
    shown = {t for t in listed(client) if not t.startswith("Consultation ")}
    assert shown == PUBLIC | ({"Draft"} if sees_draft else set())


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("open", {"Open", "Opened"}),
        ("published", {"Coming"}),
        ("closed", {"Ended", "Closed"}),
        ("concluded", {"Concluded"}),
        ("archived", {"Archived"}),
        ("draft", PUBLIC),  # not a filter the public list offers
        ("nonsense", PUBLIC),
        ("", PUBLIC),
    ],
)
def test_filter_by_state_as_the_dates_say(client, one_of_each, state, expected):
    assert set(listed(client, f"?state={state}")) == expected


def test_no_page_shows_a_consultation_as_open_after_its_end(client, one_of_each):
    html = client.get("/en/consultations/").get_data(as_text=True)
    card = html.split(">Ended</span>", 1)[1].split("</article>", 1)[0]
    assert 'state-closed">Closed<' in card and "Open" not in card
    opened = html.split(">Opened</span>", 1)[1].split("</article>", 1)[0]
    assert 'state-open">Open<' in opened


def test_filter_by_language_available(client, make_consultation):
    greek = make_consultation(language="el", title="Στέγαση")
    make_consultation(language="en", title="Jobs")
    make_consultation(language="ar", title="التعليم")
    translate(greek, "ar", title="السكن")
    assert set(listed(client, "?language=ar")) == {"Στέγαση", "التعليم"}
    assert set(listed(client, "?language=en")) == {"Jobs"}
    assert set(listed(client, "?language=uk")) == set()
    assert len(listed(client, "?language=klingon")) == 3
    # A translation of the summary alone does not make it available.
    translate(greek, "uk", summary="Житло")
    assert set(listed(client, "?language=uk")) == set()


def test_both_filters_together_and_a_way_back(client, make_consultation):
    make_consultation(language="el", title="Greek open")
    make_consultation(phase="review", state="closed", language="el", title="Greek closed")
    make_consultation(language="en", title="English open")
    assert listed(client, "?state=open&language=el") == ["Greek open"]
    html = client.get("/en/consultations/?state=archived&language=el").get_data(as_text=True)
    assert "No consultation matches these filters." in html
    assert '<option selected value="archived">' in html and '<option selected value="el">' in html


def test_newest_opening_first_twenty_a_page(client, make_consultation):
    start = utcnow() - timedelta(days=60)
    for n in range(23):
        consultation = make_consultation(title=f"C{n:02d}")
        shift = start + timedelta(days=n) - consultation.opens_at
        for name in ops.DATE_FIELDS:
            setattr(consultation, name, getattr(consultation, name) + shift)
    db.session.commit()
    first = listed(client)
    assert first == [f"C{n:02d}" for n in range(22, 2, -1)]
    assert listed(client, "?page=2") == ["C02", "C01", "C00"]
    assert listed(client, "?page=5") == first  # past the end: the first page
    # All of them have ended by now: the filter keeps to the pages.
    page1 = client.get("/en/consultations/?state=closed").get_data(as_text=True)
    assert "Page 1 of 2" in page1
    assert 'href="/en/consultations/?page=2&amp;state=closed"' in page1


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-1",
        "?page=0",
        "?page=99999999999999999999",
        "?page=9999",
        "?state=%00",
        "?language=" + "x" * 5000,
        "?sort=whatever",
        "?state=open&state=closed",
    ],
)
def test_odd_query_values_give_the_default_never_an_error(client, make_consultation, query):
    make_consultation(title="Still here")
    assert "Still here" in listed(client, query)


def test_titles_and_summaries_in_the_readers_language(client, make_consultation):
    greek = make_consultation(language="el", title="Στέγαση", summary="Για όλους")
    make_consultation(language="fa", title="آموزش", summary="برای همه")
    translate(greek, "ar", title="السكن", summary="للجميع")
    html = main(client.get("/ar/consultations/").get_data(as_text=True))
    assert '<span lang="ar" dir="rtl">السكن</span>' in html
    assert '<p lang="ar" dir="rtl">للجميع</p>' in html
    # Not translated into Arabic: the original, marked with its language.
    assert '<span lang="fa" dir="rtl">آموزش</span>' in html
    english = main(client.get("/en/consultations/").get_data(as_text=True))
    assert '<span lang="el" dir="ltr">Στέγαση</span>' in english
    assert "Written in Greek." in english


def test_each_consultation_with_its_dates_and_proposals(client, make_consultation):
    consultation = make_consultation(title="Housing", proposals_count=3)
    html = client.get("/en/consultations/").get_data(as_text=True)
    card = html.split(">Housing</span>", 1)[1].split("</article>", 1)[0]
    assert "3 proposals" in card
    assert f'<time datetime="{consultation.closes_at.isoformat(timespec="minutes")}Z">' in card
    assert "Open until" in card


def test_html_in_any_field_is_inert(client, make_consultation):
    make_consultation(title='<script>alert("t")</script>', summary="<img src=x onerror=alert(1)>")
    html = client.get("/en/consultations/").get_data(as_text=True)
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_the_list_runs_as_many_statements_for_many_consultations_as_for_few(
    client_for, make_consultation, count_queries, who
):
    def fill(n):
        for _ in range(n):
            consultation = make_consultation(language="el", proposals_count=2)
            translate(consultation, "en", title="In English", summary="Summary in English")
        make_consultation(state="draft")

    client = client_for(who, make_consultation(state="draft"))
    fill(2)
    fresh_session()
    with count_queries() as few:
        html = client.get("/en/consultations/").get_data(as_text=True)
    assert len(titles(html)) >= 2
    fill(25)
    fresh_session()
    with count_queries() as many:
        html = client.get("/en/consultations/?state=open&language=en").get_data(as_text=True)
    assert len(titles(html)) == 20 and "In English" in html
    assert many.count == few.count
    assert few.count <= 8
