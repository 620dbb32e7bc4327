import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from consult.core.i18n import LOCALES, best_accept_language
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
RTL = {"ar", "fa", "ur", "ps", "ckb"}


def html_tag(html):
    return re.search(r"<html[^>]*>", html).group(0)


@pytest.mark.parametrize("code", sorted(LOCALES))
def test_every_locale_serves_the_home_page_with_the_right_lang_and_dir(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    direction = "rtl" if code in RTL else "ltr"
    assert html_tag(response.get_data(as_text=True)) == f'<html lang="{code}" dir="{direction}">'


def test_home_page_speaks_the_visitors_language(client):
    greek = client.get("/el/").get_data(as_text=True)
    arabic = client.get("/ar/").get_data(as_text=True)
    english = client.get("/en/").get_data(as_text=True)
    assert "How to take part" in english
    assert "How to take part" not in greek and "How to take part" not in arabic
    assert re.search(r"<h1>[^<]*[\u0370-\u03ff]", greek)  # a Greek heading
    assert re.search(r"<h1>[^<]*[\u0600-\u06ff]", arabic)  # an Arabic heading


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ar-SY,ar;q=0.9,en;q=0.5", "/ar/"),
        ("fr-CA", "/fr/"),
        ("de-DE,uk;q=0.8", "/uk/"),
        ("de-DE", "/el/"),
        ("", "/el/"),
        ("fa-AF;q=1, en;q=0.1", "/fa/"),
    ],
)
def test_root_redirects_by_accept_language_then_greek(client, accept, expected):
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"] == expected
    assert "Accept-Language" in response.headers["Vary"]


def test_root_prefers_the_signed_in_users_language(client, make_user):
    sign_in(client, make_user(locale="uk"))
    response = client.get("/", headers={"Accept-Language": "fr"})
    assert response.headers["Location"] == "/uk/"


def test_best_accept_language_falls_back_from_region_to_language():
    assert best_accept_language([("en-GB", 1.0)]) == "en"
    assert best_accept_language([("zz", 1.0), ("el-CY", 0.5)]) == "el"
    assert best_accept_language([("zz", 1.0)]) is None


def test_unknown_locale_is_a_404_in_greek_with_the_language_picker(client):
    response = client.get("/xx/register")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert html_tag(html) == '<html lang="el" dir="ltr">'
    for code, loc in LOCALES.items():
        assert f'href="/{code}/"' in html
        assert loc.native_name in html


def test_a_404_under_a_known_locale_is_in_that_language(client):
    response = client.get("/ar/no-such-page")
    assert response.status_code == 404
    assert html_tag(response.get_data(as_text=True)) == '<html lang="ar" dir="rtl">'


def test_language_picker_links_to_the_same_page_in_each_language(client):
    html = client.get("/en/sign-in").get_data(as_text=True)
    picker = html.split('class="language-picker"', 1)[1].split("</nav>", 1)[0]
    for code, loc in LOCALES.items():
        assert f'href="/{code}/sign-in" lang="{code}"' in picker
        assert loc.native_name in picker
    assert 'aria-current="true">English<' in picker


# Catalogs ---------------------------------------------------------------------------------------


def test_there_is_a_catalog_for_every_locale():
    assert {path.parts[-3] for path in CATALOGS} == set(LOCALES)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_catalog_is_complete_with_no_empty_and_no_fuzzy_entry(path):
    with path.open("rb") as f:
        catalog = read_po(f)
    assert len(catalog) > 50
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


def test_the_catalogs_hold_every_message_in_the_code(tmp_path):
    """Nothing marked for translation is missing from the catalogs."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            Path(sys.executable).with_name("pybabel"),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as f:
        wanted = {
            (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(f) if m.id
        }
    for path in CATALOGS:
        with path.open("rb") as f:
            have = {
                (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(f) if m.id
            }
        assert wanted - have == set(), f"{path.parts[-3]} lacks messages: run make update-catalogs"


ARABIC_FORMS = {0: 0, 1: 1, 2: 2, 3: 3, 11: 4, 100: 5, 101: 5}


def test_arabic_plurals_follow_cldr(app):
    """zero, one, two, few, many, other, other for 0, 1, 2, 3, 11, 100, 101."""
    with (ROOT / "translations/ar/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    assert catalog.num_plurals == 6
    message = catalog.get(("%(num)d account found", "%(num)d accounts found"))
    assert message is not None and len(set(message.string)) == 6
    with app.test_request_context("/ar/"), force_locale("ar"):
        for n, form in ARABIC_FORMS.items():
            expected = message.string[form] % {"num": n}
            assert ngettext("%(num)d account found", "%(num)d accounts found", n) == expected
