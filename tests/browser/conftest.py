"""Browser tests: a live Consult served from a thread, driven by Debian's Chromium through
Playwright's sync API.

- Every test in this folder is marked ``browser`` and ``no_transaction`` (the hook below), so
  ``pytest -m "not browser"`` leaves them out and the rolled-back transaction of the other
  tests does not wrap them.
- The live server has its own SQLite file, built once per session by the migrations. What a
  test writes stays for the rest of the session, so every test makes its own accounts
  (``register_user`` picks a unique email address and public name).
- Each test gets a fresh browser context (cookies, storage): ``page``, or ``new_page(...)``
  and ``page_at(path, ...)`` for other context options (no JavaScript, a phone's viewport).
- Without ``/usr/bin/chromium`` the tests are skipped, unless ``CONSULT_REQUIRE_BROWSER=1``
  (CI sets it), where they fail.
- Text a user reads is looked up through the catalogs (``ui(lang, msgid)``), so the journeys
  keep working when the translations arrive.
"""

import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import flask_migrate
import pytest
from babel.support import Translations
from werkzeug.serving import make_server

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_CHROMIUM = "Debian's chromium is not installed: apt-get install chromium"
#: The WCAG levels axe checks: A and AA of WCAG 2.0 and 2.1.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
#: The locales every page is checked in: the default, English, and one right-to-left.
LANGS = ("el", "en", "ar")
TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # tryfirst: the marks must be on before ``-m`` deselects by them.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.no_transaction)


def _unavailable(reason):
    if os.environ.get("CONSULT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CONSULT_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# -- the live server ------------------------------------------------------------------------


@dataclass
class LiveServer:
    app: object
    url: str


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Consult on 127.0.0.1 at a free port, with its own database, for the whole session."""
    from consult import create_app
    from consult.extensions import db

    database = tmp_path_factory.mktemp("live-server") / "consult.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": None,
            # No job worker thread: it would share the session-wide db.session with the tests.
            "JOBS": "off",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


# -- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, for the whole session."""
    if not Path(CHROMIUM).exists():
        _unavailable(NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(viewport=…, java_script_enabled=False, …)``: a page in a fresh context whose
    relative URLs go to the live server. Every context is closed at the end of the test."""
    contexts = []

    def make(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh context (no cookies), with JavaScript on."""
    return new_page()


@pytest.fixture
def page_at(new_page):
    """``page_at("/ar/register", **context_options)``: a fresh page showing ``path``."""

    def open_at(path, **context_options):
        page = new_page(**context_options)
        goto(page, path)
        return page

    return open_at


def goto(page, path, status=200):
    """Go to ``path`` and check the answer's status."""
    response = page.goto(path)
    assert response is not None and response.status == status, (
        f"GET {path}: {response and response.status}, expected {status}"
    )
    return response


# -- what a user reads ----------------------------------------------------------------------

_catalogs = {}


def ui(lang, msgid):
    """``msgid`` as the interface shows it in ``lang`` (itself while no catalog translates it)."""
    if lang not in _catalogs:
        _catalogs[lang] = Translations.load(str(TRANSLATIONS), [lang])
    return _catalogs[lang].gettext(msgid)


# -- accounts -------------------------------------------------------------------------------


@dataclass
class Account:
    email: str
    password: str
    display_name: str
    lang: str


#: A public name in each locale's script, so pages show names as their users would write them.
NAMES = {"el": "Ελένη", "ar": "أمل", "fa": "مریم", "uk": "Олена"}


def new_account(lang="en"):
    """Unique credentials: the live server keeps every account for the whole session."""
    token = uuid.uuid4().hex[:10]
    return Account(
        email=f"person-{token}@example.org",
        password=PASSWORD,
        display_name=f"{NAMES.get(lang, 'Sam')} {token}",
        lang=lang,
    )


def register_user(page, lang="en", account=None):
    """Create an account through /<lang>/register as a person would (labels, the button), and
    check that they arrive signed in on the home page. Returns the ``Account``."""
    account = account or new_account(lang)
    goto(page, f"/{lang}/register")
    page.get_by_label(ui(lang, "Public name"), exact=True).fill(account.display_name)
    page.get_by_label(ui(lang, "Email address"), exact=True).fill(account.email)
    page.get_by_label(ui(lang, "Password"), exact=True).fill(account.password)
    page.get_by_label(ui(lang, "I accept the terms of use"), exact=True).check()
    page.get_by_role("button", name=ui(lang, "Create an account")).click()
    page.wait_for_url(f"**/{lang}/")
    assert_signed_in(page, account)
    return account


def sign_in(page, account, lang=None):
    """Sign in through /<lang>/sign-in and check that it worked."""
    lang = lang or account.lang
    goto(page, f"/{lang}/sign-in")
    page.get_by_label(ui(lang, "Email address"), exact=True).fill(account.email)
    page.get_by_label(ui(lang, "Password"), exact=True).fill(account.password)
    page.get_by_role("button", name=ui(lang, "Sign in")).click()
    page.wait_for_url(f"**/{lang}/")
    assert_signed_in(page, account)


def account_nav(page):
    """The header's navigation: sign in and register, or the account and sign out."""
    lang = page.locator("html").get_attribute("lang")
    return page.get_by_role("navigation", name=ui(lang, "Account"))


def assert_signed_in(page, account):
    from playwright.sync_api import expect

    expect(account_nav(page)).to_contain_text(account.display_name)


# -- accessibility --------------------------------------------------------------------------


def axe_violations(page, tags=AXE_TAGS):
    """What axe-core finds wrong with the page as it is now, against the WCAG ``tags``."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    return Axe().run(page, options=options).response["violations"]


def describe_violations(violations):
    """One paragraph per violation: its rule, what it means, where it is."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
    return "\n".join(lines)


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n"
        + describe_violations(violations)
    )
