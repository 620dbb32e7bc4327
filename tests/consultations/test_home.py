"""The home page lists the consultations open now, in the reader's language, and every page
links to the list of consultations."""

import re

from consult.extensions import db
from consult.translations.models import ContentTranslation
from tests.consultations.conftest import fresh_session, main


def open_now(html):
    section = html.split('id="open-consultations-title"', 1)[1].split("</section>", 1)[0]
    return re.findall(
        r'class="consultation-card__title"><a [^>]*><span [^>]*>(.*?)</span>', section
    )


def test_the_home_page_lists_what_is_open_now_closing_soonest_first(client, make_consultation):
    make_consultation(phase="proposals", state="open", title="Proposals")
    make_consultation(phase="voting", state="open", title="Voting")
    make_consultation(phase="information", state="published", title="Opened by its date")
    make_consultation(phase="review", state="open", title="Ended")
    make_consultation(phase="future", state="published", title="Coming")
    make_consultation(phase="proposals", state="draft", title="Draft")
    html = client.get("/en/").get_data(as_text=True)
    assert open_now(html) == ["Voting", "Proposals", "Opened by its date"]
    assert 'href="/en/consultations/">All consultations</a>' in html


def test_nothing_open_no_section(client, make_consultation):
    make_consultation(phase="future", state="published")
    assert "open-consultations-title" not in client.get("/en/").get_data(as_text=True)


def test_the_home_page_speaks_the_readers_language(client, make_consultation):
    consultation = make_consultation(language="el", title="Στέγαση")
    db.session.add(
        ContentTranslation(
            object_type="consultations",
            object_id=consultation.id,
            field="title",
            locale="fa",
            text="مسکن",
            origin="human",
        )
    )
    db.session.commit()
    html = main(client.get("/fa/").get_data(as_text=True))
    assert '<span lang="fa" dir="rtl">مسکن</span>' in html
    html = main(client.get("/uk/").get_data(as_text=True))
    assert '<span lang="el" dir="ltr">Στέγαση</span>' in html


def test_the_home_page_runs_as_many_statements_for_many_open_as_for_one(
    client, make_consultation, count_queries
):
    make_consultation()
    fresh_session()
    with count_queries() as few:
        client.get("/en/")
    for _ in range(8):
        make_consultation()
    fresh_session()
    with count_queries() as many:
        html = client.get("/en/").get_data(as_text=True)
    assert len(open_now(html)) == 5
    assert many.count == few.count <= 3


def test_every_page_links_to_the_consultations(client):
    for url in ("/en/", "/en/sign-in", "/ar/register"):
        html = client.get(url).get_data(as_text=True)
        lang = url.split("/")[1]
        assert f'<li><a href="/{lang}/consultations/">' in html
    html = client.get("/en/consultations/").get_data(as_text=True)
    assert '<a href="/en/consultations/" aria-current="page">Consultations</a>' in html
