"""Benchmark: the support endpoint and ``flask supports recount`` with 1,000,000 supports.

    .venv/bin/python bench/supports.py --database postgresql+psycopg://postgres@127.0.0.1:5432/consult_bench

It fills a fresh database like bench/proposals.py (bulk inserts), then adds the supports in
set-based SQL (one INSERT … SELECT over a generated series: every participant supports the
same number of distinct proposals) with their counters and participations. It serves the app
with gunicorn (sync workers, 2 x cores + 1) on 127.0.0.1 and drives the support endpoint from
50 processes, one signed-in voter each (sessions made with the app's own sign-in, so no
password is typed 50 times): POST support, then POST unsupport, with the CSRF token, asking
for JSON, for a fixed time. Then it times the recount twice: after drift was introduced and
with nothing to correct. Writes bench/results/supports.{json,md}. Traffic only goes to
127.0.0.1; every loop is bounded.
"""

import argparse
import http.client
import importlib.util
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SECRET = "bench-only-secret-key-not-for-production"
USER_AGENT = "consult-bench"

_spec = importlib.util.spec_from_file_location("bench_proposals", ROOT / "bench" / "proposals.py")
base = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(base)

#: Supports are generated for users 1..supporters; voters driving the endpoint come after.
SUPPORTS_EACH = 50

#: Participant n's k-th support goes to proposal ((n * 7 + k * 41) mod P) + 1: distinct for
#: k < 50 whenever 41 and P share no factor; the consultation follows from the proposal as in
#: bench/proposals.py (proposal i is in consultation (i - 1) mod C + 1).
SUPPORTS_SQL = """
INSERT INTO supports (proposal_id, user_id, consultation_id, created_at)
SELECT pid, uid, ((pid - 1) % :consultations) + 1, CURRENT_TIMESTAMP
FROM (
  SELECT ((u.i * 7 + k.i * 41) % :proposals) + 1 AS pid, u.i AS uid
  FROM ({users}) u CROSS JOIN ({ks}) k
) s
"""

COUNTERS_SQL = """
UPDATE proposals SET supports_count = COALESCE(
  (SELECT COUNT(*) FROM supports WHERE supports.proposal_id = proposals.id), 0)
"""
PARTICIPATIONS_SQL = """
INSERT INTO participations (consultation_id, user_id, supports_used, created_at)
SELECT consultation_id, user_id, COUNT(*), CURRENT_TIMESTAMP FROM supports
GROUP BY consultation_id, user_id
"""


def _series(dialect, param):
    """SQL for the integers 1 … :param (``param`` is one of our constant names)."""
    if dialect == "postgresql":
        return f"SELECT generate_series(1, :{param}) AS i"
    return (
        f"WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < :{param}) "  # noqa: S608
        "SELECT i FROM c"
    )


def add_supports(database_url, instance, supports, proposals, consultations, drift=100):
    """``supports`` rows in set-based SQL, then the counters, then ``drift`` proposals whose
    counter is made wrong (for the recount to find)."""
    import sqlalchemy as sa

    from consult import create_app
    from consult.extensions import db

    os.environ["CONSULT_INSTANCE_PATH"] = instance
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    supporters = supports // SUPPORTS_EACH
    with app.app_context():
        dialect = db.engine.dialect.name
        # Only constant SQL fragments are put together here; the numbers are bound.
        users = _series(dialect, "supporters")
        ks = f"SELECT i - 1 AS i FROM ({_series(dialect, 'each')}) kk"  # noqa: S608
        sql = SUPPORTS_SQL.format(users=users, ks=ks)
        params = {
            "consultations": consultations,
            "proposals": proposals,
            "supporters": supporters,
            "each": SUPPORTS_EACH,
        }
        started = time.perf_counter()
        with db.engine.begin() as conn:
            conn.execute(sa.text(sql), params)
            conn.execute(sa.text(COUNTERS_SQL))
            conn.execute(sa.text(PARTICIPATIONS_SQL))
            conn.execute(
                sa.text("UPDATE proposals SET supports_count = supports_count + 3 WHERE id <= :n"),
                {"n": drift},
            )
        if dialect == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        with db.engine.connect() as conn:
            count = conn.execute(sa.text("SELECT COUNT(*) FROM supports")).scalar_one()
        db.engine.dispose()
    return count, supporters, round(time.perf_counter() - started, 1)


def voter_sessions(database_url, instance, first_user, n):
    """``[(cookie, csrf token)]`` for users first_user … first_user + n - 1, signed in by the
    app's own sign-in (the session cookie is signed with the benchmark's secret key)."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    from consult import create_app
    from consult.accounts import operations as accounts
    from consult.accounts.models import User
    from consult.extensions import db

    os.environ.update(CONSULT_INSTANCE_PATH=instance, CONSULT_ENV="production", SECRET_KEY=SECRET)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    serializer = app.session_interface.get_signing_serializer(app)
    out = []
    # Each sign-in in a request context of its own: Flask-WTF keeps the token in ``g``, which a
    # shared application context would hand from one voter to the next.
    for user_id in range(first_user, first_user + n):
        # As the voters' requests will come: Flask-Login ties a session to both.
        with app.test_request_context(
            "/el/",
            headers={"User-Agent": USER_AGENT},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        ):
            accounts.sign_in(db.session.get(User, user_id))
            token = generate_csrf()
            cookie = serializer.dumps(dict(session))
        out.append((f"{app.config['SESSION_COOKIE_NAME']}={cookie}", token))
    with app.app_context():
        db.engine.dispose()
    return out


def _voter(port, cookie, token, proposal_ids, deadline, seed, out):
    """One voter on one connection: support then withdraw a random proposal until
    ``deadline``; latencies of each POST in ms, and the answers that were not 200."""
    rnd = random.Random(seed)
    latencies, errors = [], {}
    headers = {
        "Cookie": cookie,
        "X-CSRFToken": token,
        "Accept": "application/json",
        "Content-Length": "0",
        "User-Agent": USER_AGENT,
        "Referer": f"http://127.0.0.1:{port}/el/",
    }
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        pid = rnd.choice(proposal_ids)
        for action in ("support", "unsupport"):
            start = time.perf_counter()
            try:
                conn.request("POST", f"/el/proposals/{pid}/{action}", headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[response.status] = errors.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                errors["connection"] = errors.get("connection", 0) + 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies.append((time.perf_counter() - start) * 1000)
    conn.close()
    out.put((latencies, errors))


def drive_votes(port, voters, proposal_ids, seconds):
    out = multiprocessing.Queue()
    deadline = time.monotonic() + seconds
    procs = [
        multiprocessing.Process(
            target=_voter, args=(port, cookie, token, proposal_ids, deadline, n, out)
        )
        for n, (cookie, token) in enumerate(voters)
    ]
    for p in procs:
        p.start()
    latencies, errors = [], {}
    for _ in procs:
        lat, err = out.get(timeout=seconds + 60)
        latencies += lat
        for key, value in err.items():
            errors[str(key)] = errors.get(str(key), 0) + value
    for p in procs:
        p.join(timeout=10)
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
    }


def supportable(database_url, n):
    """The ids of the first ``n`` proposals of consultation 1 that take supports."""
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        ids = conn.execute(
            sa.text(
                "SELECT id FROM proposals WHERE consultation_id = 1"
                " AND state IN ('published', 'evaluating') ORDER BY id LIMIT :n"
            ),
            {"n": n},
        ).scalars()
        ids = list(ids)
    engine.dispose()
    return ids


def time_recount(database, env):
    started = time.perf_counter()
    done = subprocess.run(
        [str(Path(sys.executable).with_name("flask")), "--app", "wsgi:app", "supports",
         "recount", "--show", "3"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - started
    inner = [line for line in done.stdout.splitlines() if line.startswith("Done in")]
    corrected = [line for line in done.stdout.splitlines() if "corrected" in line]
    return {
        "recount_seconds": float(inner[0].split()[2]) if inner else None,
        "command_wall_seconds": round(wall, 2),
        "report": corrected,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: a SQLite file)")
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--proposals", type=int, default=2_000)
    parser.add_argument("--consultations", type=int, default=20)
    parser.add_argument("--voters", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()

    instance = tempfile.mkdtemp(prefix="consult-bench-")
    database = args.database or f"sqlite:///{instance}/bench.sqlite3"
    supporters = args.supports // SUPPORTS_EACH
    users = supporters + args.voters
    started = time.monotonic()
    base.fill(database, instance, args.consultations, args.proposals, users=users)
    fill_seconds = round(time.monotonic() - started, 1)
    count, supporters, supports_seconds = add_supports(
        database, instance, args.supports, args.proposals, args.consultations
    )
    print(f"filled in {fill_seconds} s, {count} supports in {supports_seconds} s")
    voters = voter_sessions(database, instance, supporters + 1, args.voters)

    env = {
        **os.environ,
        "DATABASE_URL": database,
        "CONSULT_INSTANCE_PATH": instance,
        "CONSULT_ENV": "production",
        "SECRET_KEY": SECRET,
    }
    recount_drift = time_recount(database, env)
    print(f"recount (with drift): {recount_drift}")
    workers = base.WORKERS
    with base.serve(env) as port:
        # The voters' proposals: the first 100 of consultation 1 that take supports (a
        # popular few, so that supports of different people meet on the same rows).
        proposal_ids = supportable(database, 100)
        drive_votes(port, voters[:2], proposal_ids, 1)  # warm up
        result = drive_votes(port, voters, proposal_ids, args.seconds)
        print(f"support endpoint: {result}")
    recount_clean = time_recount(database, env)
    print(f"recount (nothing to correct): {recount_clean}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "database": database.split(":", 1)[0],
        "supports": count,
        "supporters": supporters,
        "proposals": args.proposals,
        "consultations": args.consultations,
        "fill_seconds": fill_seconds,
        "supports_fill_seconds": supports_seconds,
        "gunicorn_workers": workers,
        "voters": args.voters,
        "seconds": args.seconds,
        "cores": os.cpu_count(),
    }
    body = {
        **meta,
        "support_endpoint": result,
        "recount_with_drift": recount_drift,
        "recount_without_drift": recount_clean,
    }
    (RESULTS / "supports.json").write_text(json.dumps(body, indent=2))
    lines = [
        f"{count} supports by {supporters} participants on {args.proposals} proposals in "
        f"{args.consultations} consultations, {meta['database']}, gunicorn {workers} sync "
        f"workers, {args.voters} concurrent signed-in voters for {args.seconds} s, "
        f"{meta['cores']} cores.",
        "",
        "Support endpoint (each voter: POST support, then POST unsupport, JSON, CSRF header):",
        "",
        "| requests | req/s | p50 ms | p95 ms | p99 ms | non-200 |",
        "|---:|---:|---:|---:|---:|---|",
        f"| {result['requests']} | {result['rps']} | {result['p50_ms']} | {result['p95_ms']} | "
        f"{result['p99_ms']} | {result['errors'] or 'none'} |",
        "",
        f"Latency includes the wait for a worker: {args.voters} connections share {workers} "
        "sync workers, so p50 is about (connections / workers) x the time one request takes.",
        "",
        "`flask supports recount` (time inside the command; the process start is extra):",
        "",
        "| case | recount s | command wall s | report |",
        "|---|---:|---:|---|",
        *(
            f"| {name} | {r['recount_seconds']} | {r['command_wall_seconds']} | "
            f"{'; '.join(r['report'])} |"
            for name, r in (("100 proposals drifted", recount_drift), ("no drift", recount_clean))
        ),
    ]
    (RESULTS / "supports.md").write_text("\n".join(lines) + "\n")
    print(f"\nWrote {RESULTS / 'supports.md'} and supports.json")


if __name__ == "__main__":
    main()
