"""Load benchmark: Consult's pages on a city-sized database, against a bare Flask baseline,
checked against the performance budgets.

    .venv/bin/python bench/load.py --database sqlite:////tmp/consult-load.sqlite3 --generate 0.01
    .venv/bin/python bench/citydata.py --database postgresql+psycopg://postgres@127.0.0.1:5432/consult_city
    .venv/bin/python bench/load.py --seconds 10 \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/consult_city

The database must hold data: ``--generate SCALE`` fills an empty one first with
bench/citydata.py's ``generate(database_url, scale)`` (1 = city-sized, "city" too).

In one run it serves a bare Flask "hello world" (bench/hello.py), then Consult, each with
gunicorn (sync workers, 2 x cores + 1) on 127.0.0.1, and drives every page for ``--seconds``
from ``--connections`` client processes, one keep-alive connection each, every connection
sending its next request as soon as the last answer is read (a closed loop: at most
``--connections`` requests are in flight) and keeping the cookies it is given, as a browser
does. The pages: home, consultation list, the biggest
consultation's page, its proposal list (first page and a deep one), the detail of the proposal
with the most comments, the consultation's results, and the support endpoint (signed-in
participants, each supporting then withdrawing on proposals of their own, as JSON with the
CSRF header).

Consult serves as configured by the environment: with ``REDIS_URL`` set, visitors' pages are
kept ready-made in Redis (consult/core/pagecache.py), else in files under its instance folder.
Beside the load it builds each page in-process through the app's test client, against the same
database and with no page kept, to count SQL statements per request (a
``before_cursor_execute`` listener on the engine; the second of two requests, as a warm worker
answers), to time the build (the median of five) and to measure the response gzip-compressed
(level 6), with, for the first view, the stylesheets and scripts the page links. ``--only TEXT``
drives only the pages whose name holds TEXT.

Budgets (printed pass/fail): list and detail pages <= 8 SQL statements; p95 <= 150 ms at 50
connections for every page; proposal list throughput >= 15 % of hello world's; first view <=
60 KB gzip for HTML + CSS + JS, of which JS <= 20 KB (KB = 1,024 bytes). ``--strict`` exits
with status 1 when one fails. Writes bench/results/load.{md,json}. Traffic only goes to
127.0.0.1; every loop is bounded.
"""

import argparse
import gzip
import http.client
import importlib.util
import json
import multiprocessing
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SECRET = "bench-only-secret-key-not-for-production"
USER_AGENT = "consult-load-bench"
#: gunicorn sync workers, as recommended: 2 x cores + 1.
WORKERS = 2 * (os.cpu_count() or 1) + 1
KB = 1024
GZIP_LEVEL = 6
#: In-process builds of each page, for the median build time.
BUILDS = 5
BENCH_PASSWORD = "load bench password"
BENCH_EMAIL = "load-bench-{}@bench.example"

BUDGETS = {
    "sql_max": 8,
    "p95_ms_max": 150,
    "proposal_list_ratio_min": 0.15,
    "first_view_kb_max": 60,
    "js_kb_max": 20,
}
SUPPORT_PAGE = "support (POST, signed in)"
#: The kinds of page the SQL budget is for.
SQL_BUDGET_KINDS = ("list", "detail")


# Figures --------------------------------------------------------------------------------------


def percentile(values, p):
    """The ``p``-th percentile (0-100) of ``values``, interpolating linearly between the two
    nearest ranks (as numpy's default); None when there are no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(latencies, errors, seconds):
    """Requests per second and p50/p95/p99 in ms of one driven page."""

    def ms(p):
        value = percentile(latencies, p)
        return None if value is None else round(value, 1)

    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": ms(50),
        "p95_ms": ms(95),
        "p99_ms": ms(99),
    }


def gzip_size(data):
    """Bytes of ``data`` gzip-compressed at level 6 (what compressing servers commonly use)."""
    if isinstance(data, str):
        data = data.encode()
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").lower().split():
            if attrs.get("href"):
                self.css.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


def linked_assets(html):
    """``(stylesheets, scripts)``: the URLs a page links, in order, each once."""
    parser = _Assets()
    parser.feed(html)
    return list(dict.fromkeys(parser.css)), list(dict.fromkeys(parser.js))


def first_view(html, fetch):
    """Gzip sizes of a first view: the HTML, the stylesheets and scripts it links (every one,
    print stylesheets too: a browser downloads them), their total. ``fetch(path)`` returns an
    asset's bytes (or None when it cannot be had: then it is listed as missing)."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    css_urls, js_urls = linked_assets(html)
    sizes = {"html_gz": gzip_size(html), "css_gz": 0, "js_gz": 0, "assets": {}, "missing": []}
    for kind, urls in (("css_gz", css_urls), ("js_gz", js_urls)):
        for url in urls:
            body = fetch(urlsplit(url).path) if not urlsplit(url).netloc else None
            if body is None:
                sizes["missing"].append(url)
                continue
            size = gzip_size(body)
            sizes["assets"][url] = size
            sizes[kind] += size
    sizes["total_gz"] = sizes["html_gz"] + sizes["css_gz"] + sizes["js_gz"]
    return sizes


def _check(page, budget, value, limit, passed, unit=""):
    return {"page": page, "budget": budget, "value": value, "limit": limit, "unit": unit,
            "passed": bool(passed)}  # fmt: skip


def evaluate(pages, baseline_rps, budgets=BUDGETS):
    """Every budget that applies to each page, as ``{page, budget, value, limit, passed}``.

    A page is ``{"name", "kind", "rps", "p95_ms", "errors", "sql", "first_view",
    "throughput_budget"}`` (``kind``: home, list, detail or action; ``first_view`` as
    :func:`first_view` returns, or None). A page that answered anything but 200 fails."""
    checks = []
    for page in pages:
        name = page["name"]
        errors = page.get("errors") or {}
        if errors or not page.get("requests", 1):
            checks.append(_check(name, "answers 200", errors or "no answers", "no errors", False))
        if page["kind"] in SQL_BUDGET_KINDS and page.get("sql") is not None:
            checks.append(_check(name, "SQL statements", page["sql"], budgets["sql_max"],
                                 page["sql"] <= budgets["sql_max"]))  # fmt: skip
        p95 = page.get("p95_ms")
        checks.append(_check(name, "p95 latency", p95, budgets["p95_ms_max"],
                             p95 is not None and p95 <= budgets["p95_ms_max"], "ms"))  # fmt: skip
        if page.get("throughput_budget"):
            ratio = page["rps"] / baseline_rps if baseline_rps else 0
            checks.append(_check(name, "throughput / hello world", round(ratio, 3),
                                 budgets["proposal_list_ratio_min"],
                                 ratio >= budgets["proposal_list_ratio_min"]))  # fmt: skip
        view = page.get("first_view")
        if view:
            total, js = view["total_gz"] / KB, view["js_gz"] / KB
            checks.append(_check(name, "first view gzip", round(total, 1),
                                 budgets["first_view_kb_max"],
                                 total <= budgets["first_view_kb_max"], "KB"))  # fmt: skip
            checks.append(_check(name, "JS gzip", round(js, 1), budgets["js_kb_max"],
                                 js <= budgets["js_kb_max"], "KB"))  # fmt: skip
    return checks


# Serving and driving --------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app_spec, env, probe="/", chdir=ROOT):
    """gunicorn (sync workers, 2 x cores + 1) serving ``app_spec`` on a free local port; yields
    the port once ``probe`` answers, and stops the server afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", str(WORKERS), "-k", "sync",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(chdir), app_spec],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(150):
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn {app_spec} exited with {server.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", probe)
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _connection(port, requests, deadline, group, out):
    """One keep-alive connection sending ``requests`` (``(method, path, headers)``) in turn
    until ``deadline``, looking at the time only between groups of ``group`` requests (a
    support and its withdrawal go together): latencies in ms of the 200 answers, the others
    counted by status."""
    latencies, errors, received = [], {}, 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookies = {}  # a visitor's browser keeps the cookies it is given
    n = 0
    while n % group or time.monotonic() < deadline:
        method, path, headers = requests[n % len(requests)]
        n += 1
        if cookies and "Cookie" not in headers:
            headers = {**headers, "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        start = time.perf_counter()
        try:
            conn.request(method, path, headers=headers)
            response = conn.getresponse()
            received += len(response.read())
            for header in response.headers.get_all("Set-Cookie") or []:
                cookies.update((name, m.value) for name, m in SimpleCookie(header).items())
        except (OSError, http.client.HTTPException):
            errors["connection"] = errors.get("connection", 0) + 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        if response.status == 200:
            latencies.append((time.perf_counter() - start) * 1000)
        else:
            errors[str(response.status)] = errors.get(str(response.status), 0) + 1
    conn.close()
    out.put((latencies, errors, received))


def drive(port, plans, seconds, group=1):
    """Run one connection per plan (a list of requests, sent in turn) for ``seconds``."""
    out = multiprocessing.Queue()
    deadline = time.monotonic() + seconds
    procs = [
        multiprocessing.Process(target=_connection, args=(port, plan, deadline, group, out))
        for plan in plans
    ]
    for p in procs:
        p.start()
    latencies, errors, received = [], {}, 0
    for _ in procs:
        lat, err, got = out.get(timeout=seconds + 60)
        latencies += lat
        received += got
        for key, value in err.items():
            errors[key] = errors.get(key, 0) + value
    # Requests sent before the deadline finish after it: the rate is over the whole time.
    elapsed = time.monotonic() - (deadline - seconds)
    for p in procs:
        p.join(timeout=10)
    result = summarize(latencies, errors, elapsed)
    result["elapsed_s"] = round(elapsed, 1)
    result["kb_received_per_request"] = round(received / max(1, len(latencies)) / KB, 1)
    return result


def get_plans(path, connections):
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html", "Accept-Encoding": "gzip"}
    return [[("GET", path, headers)] for _ in range(connections)]


# The database ---------------------------------------------------------------------------------


def load_citydata():
    path = ROOT / "bench" / "citydata.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("bench_citydata", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def proposals_in(database_url):
    """How many proposals the database holds (None: no schema yet)."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    try:
        if not sa.inspect(engine).has_table("proposals"):
            return None
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT COUNT(*) FROM proposals")).scalar_one()
    finally:
        engine.dispose()


def ensure_data(database_url, scale):
    """Generate the data set with bench/citydata.py when asked and the database is empty."""
    count = proposals_in(database_url)
    if count:
        if scale is not None:
            print(f"The database already holds {count} proposals: not generating.")
        return
    if scale is None:
        sys.exit("The database holds no proposals: pass --generate SCALE (e.g. 0.01, or city), "
                 "or run bench/citydata.py first.")  # fmt: skip
    citydata = load_citydata()
    if citydata is None:
        sys.exit("bench/citydata.py is missing: it generates the data set. Run it (or restore "
                 "it) first, then this benchmark on the database it filled.")  # fmt: skip
    value = 1.0 if scale == "city" else float(scale)
    print(f"Generating the data set (scale {value}) …")
    started = time.monotonic()
    citydata.generate(database_url, value)
    print(f"… generated in {time.monotonic() - started:.0f} s")


def make_app(database_url):
    """The app in-process, on the same database; it builds every page (no page kept ready-made),
    so that statements and build times are those of a page built."""
    from consult import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PAGE_CACHE_SECONDS": 0})


def data_figures(app):
    """How much data the database holds, and what serves it."""
    import sqlalchemy as sa

    from consult.extensions import db

    figures = {}
    with app.app_context(), db.engine.connect() as conn:
        inspector = sa.inspect(conn)
        for table in ("users", "consultations", "proposals", "comments", "supports",
                      "content_translations", "flags"):  # fmt: skip
            if inspector.has_table(table):
                figures[table] = conn.execute(
                    sa.text(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (fixed names)
                ).scalar_one()
        if db.engine.dialect.name == "postgresql":
            version = conn.execute(sa.text("SHOW server_version")).scalar_one()
            figures["server"] = f"PostgreSQL {version.split()[0]}"
        else:
            figures["server"] = (
                "SQLite " + conn.execute(sa.text("SELECT sqlite_version()")).scalar_one()
            )
    return figures


def pick_targets(app, connections):
    """The ids the pages are about: the consultation with the most visible proposals, its
    deepest page up to 500, the proposal with the most comments, and a consultation that
    takes supports from members now with proposals to support."""
    import sqlalchemy as sa

    from consult.consultations.models import Consultation
    from consult.extensions import db
    from consult.proposals import queries as proposal_queries
    from consult.proposals.models import VISIBLE_STATES, Proposal
    from consult.supports import operations as support_ops

    visible = sa.and_(Proposal.state.in_(VISIBLE_STATES), Proposal.moderation == "visible")
    with app.app_context():
        consultation_id, listed = db.session.execute(
            sa.select(Proposal.consultation_id, sa.func.count())
            .where(visible)
            .group_by(Proposal.consultation_id)
            .order_by(sa.func.count().desc(), Proposal.consultation_id)
            .limit(1)
        ).one()
        per_page = proposal_queries.PER_PAGE
        pages = max(1, -(-listed // per_page))
        proposal_id, comments = db.session.execute(
            sa.select(Proposal.id, Proposal.comments_count)
            .where(visible)
            .order_by(Proposal.comments_count.desc(), Proposal.id)
            .limit(1)
        ).one()
        support = None
        for consultation in db.session.scalars(sa.select(Consultation).order_by(Consultation.id)):
            if consultation.who_may_support != "members" or not support_ops.supports_open(
                consultation
            ):
                continue
            ids = db.session.scalars(
                sa.select(Proposal.id)
                .where(
                    Proposal.consultation_id == consultation.id,
                    Proposal.state.in_(support_ops.SUPPORTABLE_STATES),
                    Proposal.moderation == "visible",
                )
                .order_by(Proposal.id)
                .limit(connections * 10)
            ).all()
            if len(ids) > len(support["proposals"] if support else ()):
                support = {"consultation": consultation.id, "proposals": ids}
            if len(ids) >= connections * 10:
                break
        db.session.rollback()
    return {
        "consultation": consultation_id,
        "consultation_proposals": listed,
        "deep_page": min(500, pages),
        "pages": pages,
        "proposal": proposal_id,
        "proposal_comments": comments,
        "support": support,
    }


def _password_opens(app, email, password):
    from consult.accounts import operations as accounts

    with app.app_context():
        user = accounts.find_user_by_email(email)
        try:
            return user is not None and accounts._hasher.verify(user.password_hash, password)
        except Exception:  # noqa: BLE001 (any mismatch or unknown hash: not this password)
            return False


def participants(app, support, n, lang):
    """``(emails, password, proposal ids)`` for the support endpoint: ``n`` generated members
    who have not taken part in the consultation yet (so none of their supports is in the way
    nor any limit used), signed in with bench/citydata.py's ``PASSWORD``; or, when the
    generated accounts have no known password, ``n`` accounts made through the app's
    registration (their password hashed cheaply, as tests do). The proposals are the
    consultation's supportable ones that none of them wrote."""
    import sqlalchemy as sa
    from argon2 import PasswordHasher

    from consult.accounts import operations as accounts
    from consult.accounts.models import User
    from consult.extensions import db
    from consult.proposals.models import Proposal
    from consult.supports.models import Participation

    citydata = load_citydata()
    password = getattr(citydata, "PASSWORD", None)
    emails = []
    if password:
        with app.app_context():
            taken = sa.select(Participation.user_id).where(
                Participation.consultation_id == support["consultation"]
            )
            emails = db.session.scalars(
                sa.select(User.email)
                .where(User.blocked_at.is_(None), User.id > 100, User.id.not_in(taken))
                .order_by(User.id.desc())
                .limit(n)
            ).all()
        if len(emails) < n or not _password_opens(app, emails[0], password):
            emails = []
    if not emails:
        password = BENCH_PASSWORD
        emails = [BENCH_EMAIL.format(i) for i in range(1, n + 1)]
        real_hasher = accounts._hasher
        accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        try:
            for i, email in enumerate(emails, start=1):
                with app.test_request_context(f"/{lang}/"):
                    if accounts.find_user_by_email(email) is None:
                        accounts.register(
                            email, password, f"Load bench {i}", lang, accepted_terms=True
                        )
        finally:
            accounts._hasher = real_hasher
    withdraw_all(app, emails, support["consultation"], lang)
    with app.app_context():
        authors = sa.select(User.id).where(User.email.in_(emails))
        ids = db.session.scalars(
            sa.select(Proposal.id)
            .where(Proposal.id.in_(support["proposals"]), Proposal.author_id.not_in(authors))
            .order_by(Proposal.id)
        ).all()
    return emails, password, ids


def withdraw_all(app, emails, consultation_id, lang):
    """Withdraw every support these accounts give in the consultation (the benchmark's own:
    they had none there before it)."""
    import sqlalchemy as sa

    from consult.accounts.models import User
    from consult.extensions import db
    from consult.proposals.models import Proposal
    from consult.supports import operations as support_ops
    from consult.supports.models import Support

    with app.test_request_context(f"/{lang}/"):
        rows = db.session.execute(
            sa.select(User, Support.proposal_id)
            .join(Support, Support.user_id == User.id)
            .where(User.email.in_(emails), Support.consultation_id == consultation_id)
        ).all()
        for user, proposal_id in rows:
            support_ops.withdraw(user, db.session.get(Proposal, proposal_id))


# In-process measurements ----------------------------------------------------------------------

CSRF_RE = re.compile(r'name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')
HTTPS = "https://localhost"


@contextmanager
def counting(app):
    """``with counting(app) as n: …``, then ``n[0]`` is the SQL statements run."""
    import sqlalchemy as sa

    from consult.extensions import db

    with app.app_context():
        engine = db.engine
    count = [0]

    def on_execute(*_args):
        count[0] += 1

    sa.event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield count
    finally:
        sa.event.remove(engine, "before_cursor_execute", on_execute)


def _body(response):
    data = response.get_data()
    if response.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return data


def measure_page(app, path):
    """SQL statements of a warm request for ``path`` (anonymous), the median time to build the
    page in-process (no page kept ready-made, no HTTP), its status and first view."""
    client = app.test_client()
    client.get(path, base_url=HTTPS)
    with counting(app) as n:
        response = client.get(path, base_url=HTTPS)
    html = _body(response)
    times = []
    for _ in range(BUILDS):
        start = time.perf_counter()
        client.get(path, base_url=HTTPS)
        times.append((time.perf_counter() - start) * 1000)

    def fetch(asset):
        answer = client.get(asset, base_url=HTTPS)
        return _body(answer) if answer.status_code == 200 else None

    return {"status": response.status_code, "sql": n[0], "built_ms": round(median(times), 1),
            "first_view": first_view(html, fetch)}  # fmt: skip


def _csrf(client, path):
    match = CSRF_RE.search(client.get(path, base_url=HTTPS).get_data(as_text=True))
    return match.group(1) if match else None


def measure_support(app, lang, email, password, proposal_id):
    """SQL statements of a signed-in support (then its withdrawal), in-process."""
    client = app.test_client()
    headers = {"Referer": f"{HTTPS}/{lang}/", "User-Agent": USER_AGENT}
    token = _csrf(client, f"/{lang}/sign-in")
    client.post(f"/{lang}/sign-in", base_url=HTTPS, headers=headers,
                data={"email": email, "password": password, "csrf_token": token})  # fmt: skip
    token = _csrf(client, f"/{lang}/")
    headers |= {"X-CSRFToken": token or "", "Accept": "application/json"}
    figures = {}
    for action in ("support", "unsupport"):
        with counting(app) as n:
            response = client.post(f"/{lang}/proposals/{proposal_id}/{action}", base_url=HTTPS,
                                   headers=headers)  # fmt: skip
        figures[action] = {"status": response.status_code, "sql": n[0]}
    return figures


# Signing in over HTTP -------------------------------------------------------------------------


class _Session:
    """One browser: its cookies, sent with each request to the served app."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"User-Agent": USER_AGENT, "Referer": f"http://127.0.0.1:{self.port}/",
                   **(headers or {})}  # fmt: skip
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, text

    def csrf(self, path):
        match = CSRF_RE.search(self.request("GET", path)[1])
        return match.group(1) if match else None


def sign_in_http(port, lang, email, password):
    """``(cookie header, CSRF token)`` of a session signed in through the served sign-in form
    (the token read from a page's form afterwards, as tests/conftest.py does)."""
    from urllib.parse import urlencode

    session = _Session(port)
    token = session.csrf(f"/{lang}/sign-in")
    form = urlencode({"email": email, "password": password, "csrf_token": token})
    status, _ = session.request(
        "POST", f"/{lang}/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status != 302:
        raise RuntimeError(f"signing in {email} answered {status}")
    token = session.csrf(f"/{lang}/")
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    return cookie, token


def support_plans(port, lang, emails, password, proposal_ids, connections):
    """One plan a connection: its participant supports then withdraws each of its own
    proposals in turn (no two connections share a proposal or a participant)."""
    each = max(1, len(proposal_ids) // connections)
    plans = []
    for i in range(connections):
        cookie, token = sign_in_http(port, lang, emails[i % len(emails)], password)
        headers = {
            "User-Agent": USER_AGENT,
            "Cookie": cookie,
            "X-CSRFToken": token,
            "Accept": "application/json",
            "Content-Length": "0",
            "Referer": f"http://127.0.0.1:{port}/{lang}/",
        }
        mine = proposal_ids[i * each : (i + 1) * each] or proposal_ids[i % len(proposal_ids) :][:1]
        plans.append(
            [
                ("POST", f"/{lang}/proposals/{pid}/{action}", headers)
                for pid in mine
                for action in ("support", "unsupport")
            ]
        )
    return plans


# Reporting ------------------------------------------------------------------------------------


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory,
            "python": platform.python_version(), "system": platform.platform()}  # fmt: skip


def _kb(size):
    return "" if size is None else f"{size / KB:.1f}"


def _value(value):
    return "—" if value is None else value


def render_markdown(meta, baseline, pages, checks):
    data = meta["data"]
    counts = ", ".join(
        f"{data[k]:,} {k.replace('_', ' ')}"
        for k in ("users", "consultations", "proposals", "comments", "supports")
        if k in data
    )
    lines = [
        f"{meta['date']}, {meta['machine']['cores']} cores ({meta['machine']['cpu']}), "
        f"{data.get('server')}; {counts}. gunicorn {meta['gunicorn_workers']} sync workers, "
        f"{meta['connections']} connections, {meta['seconds_per_page']} s a page; visitors' "
        f"pages kept ready-made in {meta.get('page_cache', 'files')}; load generator and "
        "server on the same machine.",
        "",
        "| page | req/s | × hello | p50 ms | p95 ms | p99 ms | non-200 | SQL | built ms "
        "| HTML gz KB | first view gz KB | JS gz KB |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
        f"| hello world (baseline) | {baseline['rps']} | 1.00 | {baseline['p50_ms']} | "
        f"{baseline['p95_ms']} | {baseline['p99_ms']} | {baseline['errors'] or 'none'} "
        "| | | | | |",
    ]
    for page in pages:
        view = page.get("first_view") or {}
        errors = page.get("errors") or {}
        lines.append(
            f"| {page['name']} | {page['rps']} | {page['ratio']:.2f} | {_value(page['p50_ms'])} "
            f"| {_value(page['p95_ms'])} | {_value(page['p99_ms'])} | "
            f"{', '.join(f'{k}: {v}' for k, v in errors.items()) or 'none'} | "
            f"{_value(page.get('sql'))} | {_value(page.get('built_ms'))} | "
            f"{_kb(view.get('html_gz'))} | "
            f"{_kb(view.get('total_gz'))} | {_kb(view.get('js_gz'))} |"
        )
    lines += ["", "| budget | page | value | limit | result |", "|---|---|---:|---:|---|"]
    for check in checks:
        unit = f" {check['unit']}" if check["unit"] else ""
        limit = check["limit"]
        sign = "≥" if check["budget"].startswith("throughput") else "≤"
        limit_text = f"{sign} {limit}{unit}" if isinstance(limit, int | float) else limit
        lines.append(
            f"| {check['budget']} | {check['page']} | {check['value']}{unit} | {limit_text} | "
            f"{'pass' if check['passed'] else '**FAIL**'} |"
        )
    failed = [c for c in checks if not c["passed"]]
    lines += [
        "",
        f"Overall: {'pass' if not failed else f'**FAIL** ({len(failed)} of {len(checks)})'}.",
    ]
    return "\n".join(lines) + "\n"


# The run --------------------------------------------------------------------------------------


def pages_for(lang, targets):
    c, t = targets["consultation"], targets
    return [
        {"name": "home", "kind": "home", "path": f"/{lang}/"},
        {"name": "consultation list", "kind": "list", "path": f"/{lang}/consultations/"},
        {"name": "consultation detail", "kind": "detail", "path": f"/{lang}/consultations/{c}"},
        {"name": f"proposal list ({t['consultation_proposals']:,} proposals)", "kind": "list",
         "path": f"/{lang}/consultations/{c}/proposals/", "throughput_budget": True},
        {"name": f"proposal list, page {t['deep_page']}", "kind": "list",
         "path": f"/{lang}/consultations/{c}/proposals/?page={t['deep_page']}",
         "throughput_budget": True},
        {"name": f"proposal detail ({t['proposal_comments']} comments)", "kind": "detail",
         "path": f"/{lang}/proposals/{t['proposal']}"},
        {"name": "results", "kind": "list", "path": f"/{lang}/consultations/{c}/results"},
    ]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a new SQLite file)")
    parser.add_argument(
        "--generate",
        metavar="SCALE",
        help="fill an empty database first (bench/citydata.py): 0.01 … 1, city",
    )
    parser.add_argument("--seconds", type=float, default=10, help="per page")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--lang", default="en", help="interface language of the pages")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    parser.add_argument(
        "--only", metavar="TEXT", help="only the pages whose name holds TEXT (e.g. support, list)"
    )
    args = parser.parse_args()  # fmt: skip

    instance = tempfile.mkdtemp(prefix="consult-load-")
    database = args.database or f"sqlite:///{instance}/load.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CONSULT_INSTANCE_PATH": instance,
        "CONSULT_ENV": "production",
        "SECRET_KEY": SECRET,
        # Background jobs run elsewhere (``flask jobs run``), not in the measured workers.
        "JOBS": "off",
    }
    os.environ.update({k: env[k] for k in ("CONSULT_INSTANCE_PATH", "CONSULT_ENV", "SECRET_KEY",
                                           "JOBS")})  # fmt: skip
    ensure_data(database, args.generate)

    app = make_app(database)
    targets = pick_targets(app, args.connections)
    pages = [p for p in pages_for(args.lang, targets) if not args.only or args.only in p["name"]]
    print(f"targets: {json.dumps({k: v for k, v in targets.items() if k != 'support'})}")
    for page in pages:
        page.update(measure_page(app, page["path"]))
        if page["status"] != 200:
            print(f"warning: {page['path']} answers {page['status']} in-process")
    support = targets["support"] if not args.only or args.only in SUPPORT_PAGE else None
    if support:
        emails, password, support["proposals"] = participants(
            app, support, args.connections, args.lang
        )
        support["accounts"] = "generated" if password != BENCH_PASSWORD else "registered here"
        print(
            f"support endpoint: {len(emails)} participants ({support['accounts']} accounts), "
            f"{len(support['proposals'])} proposals of consultation {support['consultation']}"
        )
        sql = measure_support(app, args.lang, emails[0], password, support["proposals"][-1])
        pages.append({"name": SUPPORT_PAGE, "kind": "action",
                      "path": f"/{args.lang}/proposals/<id>/support|unsupport",
                      "sql": sql["support"]["sql"], "sql_unsupport": sql["unsupport"]["sql"],
                      "status": sql["support"]["status"], "first_view": None})  # fmt: skip
    elif not args.only:
        print("No consultation takes supports from members now: the support endpoint is skipped.")
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "database": database.split(":", 1)[0],
        "data": data_figures(app),
        "targets": targets | {"support": support and {**support, "proposals": len(
            support["proposals"])}},
        "gunicorn_workers": WORKERS,
        "connections": args.connections,
        "seconds_per_page": args.seconds,
        "gzip_level": GZIP_LEVEL,
        "page_cache": "Redis" if os.environ.get("REDIS_URL") else "files",
    }  # fmt: skip
    with app.app_context():
        from consult.extensions import db

        db.engine.dispose()

    def report(name, result):
        print(f"{name:<40} {result['rps']:>8} req/s  p50 {_value(result['p50_ms']):>7} ms  "
              f"p95 {_value(result['p95_ms']):>7} ms  p99 {_value(result['p99_ms']):>7} ms  "
              f"non-200 {result['errors'] or 'none'}", flush=True)  # fmt: skip

    hello_env = {k: v for k, v in env.items() if k != "DATABASE_URL"}
    with serve("hello:app", hello_env, chdir=ROOT / "bench") as port:
        drive(port, get_plans("/", 2), 1)  # warm up
        baseline = drive(port, get_plans("/", args.connections), args.seconds)
        report("hello world (baseline)", baseline)

    with serve("wsgi:app", env, probe=f"/{args.lang}/") as port:
        for page in pages:
            group = 1
            if page["kind"] == "action":
                plans = support_plans(port, args.lang, emails, password, support["proposals"],
                                      args.connections)  # fmt: skip
                group = 2  # a support, then its withdrawal
            else:
                plans = get_plans(page["path"], args.connections)
            drive(port, plans[:2], 1, group)  # warm up
            page.update(drive(port, plans, args.seconds, group))
            page["ratio"] = page["rps"] / baseline["rps"] if baseline["rps"] else 0
            report(page["name"], page)
    if support:  # leave no benchmark support behind
        withdraw_all(make_app(database), emails, support["consultation"], args.lang)

    checks = evaluate(pages, baseline["rps"])
    failed = [c for c in checks if not c["passed"]]
    print()
    for check in checks:
        print(f"{'pass' if check['passed'] else 'FAIL'}  {check['page']:<40} {check['budget']}: "
              f"{check['value']} (limit {check['limit']})")  # fmt: skip
    print(f"\nOverall: {'pass' if not failed else f'FAIL ({len(failed)} of {len(checks)})'}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    body = {**meta, "budgets": BUDGETS, "baseline": baseline, "pages": pages, "checks": checks,
            "passed": not failed}  # fmt: skip
    (RESULTS / "load.json").write_text(json.dumps(body, indent=2, ensure_ascii=False))
    (RESULTS / "load.md").write_text(render_markdown(meta, baseline, pages, checks))
    print(f"Wrote {RESULTS / 'load.md'} and load.json")
    if args.strict and failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
