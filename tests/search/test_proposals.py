"""The proposal list's search box: accents, case and final sigma aside; wildcards taken
literally; any input answered; translations found; hidden proposals never."""

import pytest

from consult.core.search import QUERY_MAX
from tests.search.conftest import listed, proposal_ids, translate

GREEK = {
    "upper": "ΑΘΗΝΑ ΚΑΙ ΘΕΣΣΑΛΟΝΙΚΗ",
    "bare": "Λεωφορεία για αθηνα",
    "accented": "Τρένο προς Αθηνά",
    "street": "ΟΔΟΣ ΕΓΝΑΤΙΑΣ",
    "lessons": "Μαθήματα στα Ελληνικά",
    "other": "Πάρκα και παιδικές χαρές",
}


@pytest.fixture
def world(make_consultation, make_proposal):
    consultation = make_consultation(language="el")
    made = {
        key: make_proposal(consultation, language="el", title=title, body="Κείμενο.")
        for key, title in GREEK.items()
    }
    return consultation, made


def found(client, consultation, q, lang="en", **args):
    html = listed(client, f"/{lang}/consultations/{consultation.id}/proposals/", q=q, **args)
    return proposal_ids(html)


@pytest.mark.parametrize("q", ["Αθήνα", "αθηνα", "ΑΘΉΝΑ", "αθηνά"])
def test_athens_is_found_whatever_the_accents_and_case(client, world, q):
    consultation, made = world
    assert sorted(found(client, consultation, q)) == sorted(
        made[k].id for k in ("upper", "bare", "accented")
    )


def test_a_final_sigma_finds_a_capital_sigma(client, world):
    consultation, made = world
    assert found(client, consultation, "οδός") == [made["street"].id]
    assert found(client, consultation, "Οδος Εγνατιας") == [made["street"].id]


def test_words_without_accents_find_words_with_them(client, world):
    consultation, made = world
    assert found(client, consultation, "ελληνικα") == [made["lessons"].id]
    assert found(client, consultation, "ΠΑΙΔΙΚΕΣ") == [made["other"].id]


def test_every_word_must_be_found(client, world):
    consultation, made = world
    assert found(client, consultation, "θεσσαλονικη αθηνα") == [made["upper"].id]
    assert found(client, consultation, "θεσσαλονικη πάρκα") == []


def test_the_body_is_searched_too(client, make_consultation, make_proposal):
    consultation = make_consultation()
    wanted = make_proposal(consultation, title="Benches", body="Σκιά στις στάσεις.")
    make_proposal(consultation, title="Lights", body="More light at night.")
    assert found(client, consultation, "σκια") == [wanted.id]


@pytest.mark.parametrize("q", ["100%", "a_b", "back\\slash"])
def test_wildcards_are_taken_literally(client, make_consultation, make_proposal, q):
    consultation = make_consultation()
    literal = make_proposal(consultation, title="Free 100% of the time, a_b back\\slash")
    make_proposal(consultation, title="Free 1000 times, axb back/slash")
    assert found(client, consultation, q) == [literal.id]
    assert found(client, consultation, "%") == [literal.id]
    assert found(client, consultation, "_") == [literal.id]


@pytest.mark.parametrize(
    "q",
    [
        "α" * 10_000,
        "x" * 10_000,
        "bus\x00stop",
        "\x01\x02\x1b[31m\x7f",
        "\u202eevil\u202c",
        "\ufffd\ufffe",
        "' OR 1=1 --",
        "   ",
    ],
)
def test_any_query_is_answered(client, world, q):
    consultation, _made = world
    found(client, consultation, q)  # a 200, not a 500
    found(client, consultation, q, lang="ar", sort="random")


def test_a_query_longer_than_the_limit_is_cut(client, make_consultation, make_proposal):
    consultation = make_consultation()
    wanted = make_proposal(consultation, title="a" * QUERY_MAX)
    assert found(client, consultation, "a" * (QUERY_MAX + 500)) == [wanted.id]


def test_a_translation_is_found(client, make_consultation, make_proposal):
    consultation = make_consultation(language="el")
    proposal = make_proposal(consultation, language="el", title="Στάσεις λεωφορείων")
    make_proposal(consultation, language="el", title="Πάρκα")
    translate(proposal, "title", "ar", "محطات الحافلات")
    translate(proposal, "body", "fr", "Des bancs à l’ombre, s’il vous plaît.")
    assert found(client, consultation, "محطات") == [proposal.id]
    assert found(client, consultation, "BANCS A L’OMBRE") == [proposal.id]


def test_an_official_answers_translation_is_not_searched(client, make_consultation, make_proposal):
    consultation = make_consultation()
    proposal = make_proposal(consultation, title="Benches")
    translate(proposal, "answer", "fr", "Réponse officielle")
    assert found(client, consultation, "reponse") == []


def test_hidden_and_unpublished_proposals_are_not_found(client, make_consultation, make_proposal):
    consultation = make_consultation()
    shown = make_proposal(consultation, title="Αθήνα shown")
    hidden = make_proposal(consultation, title="Αθήνα hidden", moderation="hidden")
    translate(hidden, "title", "en", "Athens hidden")
    make_proposal(consultation, title="Αθήνα draft", state="draft")
    make_proposal(consultation, title="Αθήνα withdrawn", state="withdrawn")
    assert found(client, consultation, "αθηνα") == [shown.id]
    assert found(client, consultation, "hidden") == []


def test_the_count_and_the_pages_keep_the_query(client, make_consultation, make_proposal):
    consultation = make_consultation()
    for n in range(21):
        make_proposal(consultation, title=f"Λεωφορείο {n}")
    make_proposal(consultation, title="Something else")
    html = listed(client, f"/en/consultations/{consultation.id}/proposals/", q="ΛΕΩΦΟΡΕΙΟ")
    assert "21 proposals" in html
    assert 'value="ΛΕΩΦΟΡΕΙΟ"' in html  # what was typed stays in the box
    assert "page=2" in html and "q=%CE%9B%CE%95%CE%A9" in html
    second = listed(
        client, f"/en/consultations/{consultation.id}/proposals/", q="ΛΕΩΦΟΡΕΙΟ", page=2
    )
    assert len(proposal_ids(second)) == 1


def test_nothing_found_says_so(client, world):
    consultation, _made = world
    html = listed(client, f"/en/consultations/{consultation.id}/proposals/", q="zzzz")
    assert "No proposal matches these filters." in html
