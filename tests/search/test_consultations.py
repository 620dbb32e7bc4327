"""The consultation list's search box: title and summary, and their translations, whatever the
accents and case."""

import pytest

from tests.search.conftest import listed, translate


def titles_found(client, q, **args):
    html = listed(client, "/en/consultations/", q=q, **args)
    return [t for t in TITLES if f">{t}<" in html]


TITLES = ["ΑΘΗΝΑ ΚΑΙ ΠΕΡΙΧΩΡΑ", "Στέγη στη Θεσσαλονίκη", "Μαθήματα στα Ελληνικά", "Work"]


@pytest.fixture
def world(make_consultation):
    made = {}
    for title in TITLES:
        made[title] = make_consultation(language="el", title=title, summary="Περίληψη.")
    return made


@pytest.mark.parametrize("q", ["Αθήνα", "αθηνα", "αθηνά"])
def test_accents_and_case_do_not_matter(client, world, q):
    assert titles_found(client, q) == ["ΑΘΗΝΑ ΚΑΙ ΠΕΡΙΧΩΡΑ"]


def test_words_without_accents_find_words_with_them(client, world):
    assert titles_found(client, "ελληνικα") == ["Μαθήματα στα Ελληνικά"]
    assert titles_found(client, "ΣΤΕΓΗ θεσσαλονικη") == ["Στέγη στη Θεσσαλονίκη"]


def test_the_summary_and_translations_are_searched(client, make_consultation):
    plain = make_consultation(title="Housing", summary="Σπίτια για οικογένειες.")
    translated = make_consultation(title="Work")
    translate(translated, "title", "fa", "کار و آموزش")
    translate(translated, "body", "fr", "Le corps, pas cherché")
    html = listed(client, "/en/consultations/", q="οικογενειες")
    assert ">Housing<" in html and ">Work<" not in html
    html = listed(client, "/en/consultations/", q="آموزش")
    assert ">Work<" in html and ">Housing<" not in html
    assert plain.id and translated.id
    html = listed(client, "/en/consultations/", q="cherche")
    assert ">Work<" not in html


def test_wildcards_are_literal_and_any_query_is_answered(client, world):
    assert titles_found(client, "%") == []
    assert titles_found(client, "_") == []
    for q in ["x" * 10_000, "αθηνα\x00\x01\x1fzz", "' OR 1=1 --"]:
        assert titles_found(client, q) == []
    for q in ["\x00\x01\x1f", "\u202e", "\ufffe"]:  # nothing left to look for: every one
        assert titles_found(client, q) == TITLES


def test_the_filters_and_pages_keep_the_query(client, make_consultation):
    for n in range(21):
        make_consultation(title=f"Λεωφορείο {n}")
    html = listed(client, "/en/consultations/", q="λεωφορειο", state="open")
    assert "21 consultations" in html
    assert 'value="λεωφορειο"' in html
    assert "q=%CE%BB%CE%B5%CF%89" in html and "page=2" in html


def test_nothing_found_says_so(client, world):
    html = listed(client, "/en/consultations/", q="zzzz")
    assert "No consultation matches these filters." in html
