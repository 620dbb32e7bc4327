"""Benchmark: consultation and proposal pages with 10,000 proposals in 20 consultations.

    .venv/bin/python bench/proposals.py                      # SQLite file
    .venv/bin/python bench/proposals.py --database postgresql+psycopg://postgres@127.0.0.1/consult_bench

It fills a fresh database (bulk inserts), serves the app with gunicorn (sync workers,
2 x cores + 1) on 127.0.0.1, drives each page from a separate process for a fixed time with a
fixed number of connections, and writes bench/results/proposals.{json,md} with requests per
second and p50/p95/p99 latency per page. Traffic only goes to 127.0.0.1; every loop is bounded.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
#: gunicorn sync workers, as recommended: 2 x cores + 1.
WORKERS = 2 * (os.cpu_count() or 1) + 1


def fill(database_url, instance, consultations=20, proposals=10_000, users=2_000, seed=1):
    """A fresh database with the given numbers of rows, inserted in bulk."""
    import flask_migrate
    import sqlalchemy as sa

    from consult import create_app
    from consult.accounts.operations import hash_password
    from consult.core.history import utcnow
    from consult.extensions import db
    from consult.models import Consultation, ContentTranslation, Proposal, User

    os.environ["CONSULT_INSTANCE_PATH"] = instance
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    rnd = random.Random(seed)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":  # a SQLite file is new already
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        flask_migrate.upgrade()
        now = utcnow()
        password = hash_password("bench password")
        db.session.execute(
            sa.insert(User),
            [
                {
                    "email": f"user{i}@bench.example",
                    "password_hash": password,
                    "display_name": f"Participant {i}",
                    "display_name_key": f"participant {i}",
                    "preferred_locale": rnd.choice(["el", "en", "ar", "fa", "uk", "fr"]),
                    "terms_version": "bench",
                    "terms_accepted_at": now,
                    "session_token": f"t{i}",
                    "created_at": now,
                }
                for i in range(1, users + 1)
            ],
        )
        days = lambda n: now + timedelta(days=n)  # noqa: E731
        db.session.execute(
            sa.insert(Consultation),
            [
                {
                    "language": "el",
                    "title": f"Διαβούλευση {i}: στέγαση και ένταξη",
                    "summary": "Πώς μπορεί η πόλη να βοηθήσει καλύτερα τους νέους κατοίκους.",
                    "body": "Κείμενο της διαβούλευσης. " * 40,
                    "state": "open",
                    "opens_at": days(-10),
                    "proposals_start": days(-9),
                    "proposals_end": days(20),
                    "voting_start": days(-9),
                    "voting_end": days(25),
                    "closes_at": days(30),
                    "who_may_propose": "members",
                    "who_may_comment": "members",
                    "supports_per_person": 0,
                    "categories": ["Στέγαση", "Εργασία", "Εκπαίδευση"],
                    "proposals_count": proposals // consultations,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(1, consultations + 1)
            ],
        )
        languages = ["el", "el", "en", "ar", "fa", "uk", "fr"]
        rows = []
        for i in range(1, proposals + 1):
            rows.append(
                {
                    "consultation_id": (i - 1) % consultations + 1,
                    "author_id": rnd.randint(1, users),
                    "language": rnd.choice(languages),
                    "title": f"Proposal {i}: more affordable housing near schools",
                    "body": "Why this matters, in a few paragraphs. " * 20,
                    "category": rnd.choice(["Στέγαση", "Εργασία", "Εκπαίδευση", None]),
                    "state": rnd.choice(["published"] * 8 + ["evaluating", "accepted"]),
                    "supports_count": rnd.randint(0, 500),
                    "comments_count": rnd.randint(0, 50),
                    "created_at": now - timedelta(minutes=i),
                    "published_at": now - timedelta(minutes=i),
                    "updated_at": now,
                }
            )
        db.session.execute(sa.insert(Proposal), rows)
        translations = [
            {
                "object_type": "proposals",
                "object_id": i,
                "field": "title",
                "locale": "ar",
                "text": f"الاقتراح {i}: سكن ميسور قرب المدارس",
                "origin": "human",
                "review_state": "reviewed",
                "created_at": now,
                "updated_at": now,
            }
            for i in range(1, proposals + 1, 3)
        ]
        db.session.execute(sa.insert(ContentTranslation), translations)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        db.engine.dispose()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(env):
    """gunicorn (sync workers, 2 x cores + 1) serving the app on a free local port, with
    ``env``; yields the port once it answers, and stops the server afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", str(WORKERS), "-k", "sync",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/el/")
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _worker(port, path, deadline, out):
    """One connection: GET ``path`` until ``deadline``; latencies in ms, or an error count."""
    latencies, errors = [], 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        start = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        latencies.append((time.perf_counter() - start) * 1000)
    conn.close()
    out.put((latencies, errors))


def drive(port, path, seconds, connections):
    """Load ``path`` from ``connections`` processes for ``seconds``."""
    out = multiprocessing.Queue()
    deadline = time.monotonic() + seconds
    procs = [
        multiprocessing.Process(target=_worker, args=(port, path, deadline, out))
        for _ in range(connections)
    ]
    for p in procs:
        p.start()
    latencies, errors = [], 0
    for _ in procs:
        lat, err = out.get(timeout=seconds + 60)
        latencies += lat
        errors += err
    for p in procs:
        p.join(timeout=10)
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a SQLite file)")
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--consultations", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10, help="per page")
    parser.add_argument("--connections", type=int, default=10)
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="consult-bench-")
    database = args.database or f"sqlite:///{instance}/bench.sqlite3"
    started = time.monotonic()
    fill(database, instance, args.consultations, args.proposals)
    fill_seconds = round(time.monotonic() - started, 1)

    workers = WORKERS
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CONSULT_INSTANCE_PATH": instance,
        "CONSULT_ENV": "production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
    }
    with serve(env) as port:
        per = args.proposals // args.consultations
        deep = max(1, per // 20 - 1)
        pages = [
            ("consultation list", "/el/consultations/"),
            ("consultation detail", "/el/consultations/1"),
            ("proposal list", "/el/consultations/1/proposals/"),
            ("proposal list, Arabic", "/ar/consultations/1/proposals/"),
            ("proposal list, most supported", "/el/consultations/1/proposals/?sort=supported"),
            (f"proposal list, page {deep}", f"/el/consultations/1/proposals/?page={deep}"),
            ("proposal detail", "/el/proposals/21"),
        ]
        results = []
        for name, path in pages:
            drive(port, path, 1, 2)  # warm up
            result = drive(port, path, args.seconds, args.connections)
            result["page"] = name
            results.append(result)
            print(f"{name:<32} {result['rps']:>8} req/s  p50 {result['p50_ms']:>7} ms  "
                  f"p95 {result['p95_ms']:>7} ms  p99 {result['p99_ms']:>7} ms  "
                  f"errors {result['errors']}")  # fmt: skip

    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "database": database.split(":", 1)[0],
        "proposals": args.proposals,
        "consultations": args.consultations,
        "fill_seconds": fill_seconds,
        "gunicorn_workers": workers,
        "connections": args.connections,
        "seconds_per_page": args.seconds,
        "cores": os.cpu_count(),
    }
    (RESULTS / "proposals.json").write_text(json.dumps({**meta, "pages": results}, indent=2))
    lines = [
        f"{args.proposals} proposals in {args.consultations} consultations, "
        f"{meta['database']}, gunicorn {workers} sync workers, {args.connections} connections, "
        f"{args.seconds} s a page, {meta['cores']} cores.",
        "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {r['page']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['errors']} |"
            for r in results
        ),
    ]
    (RESULTS / "proposals.md").write_text("\n".join(lines) + "\n")
    print(f"\nWrote {RESULTS / 'proposals.md'} and proposals.json")


if __name__ == "__main__":
    main()
