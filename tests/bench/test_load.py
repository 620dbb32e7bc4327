"""The parts of bench/load.py that need no server: percentiles, gzip sizes of a first view and
the budgets' verdicts."""

import gzip
import importlib.util
from pathlib import Path

import pytest

_path = Path(__file__).resolve().parents[2] / "bench" / "load.py"
_spec = importlib.util.spec_from_file_location("bench_load", _path)
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)

KB = 1024


def test_percentile_interpolates_between_ranks():
    assert load.percentile([4, 1, 3, 2], 50) == 2.5
    assert load.percentile([10], 95) == 10
    assert load.percentile(list(range(1, 101)), 0) == 1
    assert load.percentile(list(range(1, 101)), 100) == 100
    assert load.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert load.percentile([], 50) is None


def test_summarize_reports_rate_and_percentiles():
    result = load.summarize([10.0] * 90 + [100.0] * 10, {"500": 2}, seconds=2)
    assert result["requests"] == 100
    assert result["rps"] == 50
    assert result["p50_ms"] == 10
    assert result["p99_ms"] == 100
    assert result["errors"] == {"500": 2}
    assert load.summarize([], {}, 1)["p95_ms"] is None


HTML = """<!doctype html><html><head>
<link rel="stylesheet" href="/static/css/consult.css?v=3">
<link rel="stylesheet" href="/static/css/print.css" media="print">
<link rel="icon" href="/static/favicon.svg">
<link rel="stylesheet" href="https://cdn.example/other.css">
</head><body><p>Hello</p>
<script src="/static/js/support.js" defer></script>
<script src="/static/js/support.js" defer></script>
<script>inline()</script>
<script src="/static/js/missing.js"></script>
</body></html>"""


def test_linked_assets_are_stylesheets_and_scripts_once_each():
    css, js = load.linked_assets(HTML)
    assert css == ["/static/css/consult.css?v=3", "/static/css/print.css",
                   "https://cdn.example/other.css"]  # fmt: skip
    assert js == ["/static/js/support.js", "/static/js/missing.js"]


def test_first_view_adds_up_gzip_sizes_of_the_page_and_what_it_links():
    files = {
        "/static/css/consult.css": b"body { color: black }\n" * 400,
        "/static/css/print.css": b"nav { display: none }\n" * 50,
        "/static/js/support.js": b"document.querySelectorAll('form');\n" * 300,
    }
    asked = []

    def fetch(path):
        asked.append(path)
        return files.get(path)

    view = load.first_view(HTML.encode(), fetch)
    gz = {name: len(gzip.compress(body, compresslevel=6)) for name, body in files.items()}
    assert "/static/css/consult.css" in asked  # the query string is not part of the path
    assert view["html_gz"] == len(gzip.compress(HTML.encode(), compresslevel=6))
    assert view["css_gz"] == gz["/static/css/consult.css"] + gz["/static/css/print.css"]
    assert view["js_gz"] == gz["/static/js/support.js"]
    assert view["total_gz"] == view["html_gz"] + view["css_gz"] + view["js_gz"]
    assert view["missing"] == ["https://cdn.example/other.css", "/static/js/missing.js"]


def page(**fields):
    return {"name": "proposal list", "kind": "list", "rps": 300, "requests": 3000,
            "p95_ms": 120.0, "errors": {}, "sql": 5, "throughput_budget": True,
            "first_view": {"total_gz": 40 * KB, "js_gz": 5 * KB}, **fields}  # fmt: skip


def verdicts(pages, baseline=1000):
    return {(c["page"], c["budget"]): c["passed"] for c in load.evaluate(pages, baseline)}


def test_budgets_pass_when_every_figure_is_within():
    checks = load.evaluate([page()], 1000)
    assert {c["budget"] for c in checks} == {
        "SQL statements", "p95 latency", "throughput / hello world", "first view gzip", "JS gzip"
    }  # fmt: skip
    assert all(c["passed"] for c in checks)


@pytest.mark.parametrize(
    ("fields", "budget"),
    [
        ({"sql": 9}, "SQL statements"),
        ({"p95_ms": 150.1}, "p95 latency"),
        ({"p95_ms": None}, "p95 latency"),
        ({"rps": 149}, "throughput / hello world"),
        ({"first_view": {"total_gz": 61 * KB, "js_gz": 5 * KB}}, "first view gzip"),
        ({"first_view": {"total_gz": 50 * KB, "js_gz": 20 * KB + 103}}, "JS gzip"),
        ({"errors": {"500": 3}}, "answers 200"),
        ({"requests": 0}, "answers 200"),
    ],
)
def test_each_budget_fails_on_its_own(fields, budget):
    result = verdicts([page(**fields)])
    assert result.pop(("proposal list", budget)) is False
    assert all(result.values())


def test_limits_are_inclusive():
    result = verdicts([page(sql=8, p95_ms=150.0, rps=150,
                            first_view={"total_gz": 60 * KB, "js_gz": 20 * KB})])  # fmt: skip
    assert all(result.values())


def test_budgets_apply_to_their_pages_only():
    pages = [
        page(name="home", kind="home", sql=20, throughput_budget=False),
        page(name="support", kind="action", sql=15, first_view=None, throughput_budget=False),
    ]
    checks = load.evaluate(pages, 1000)
    assert {(c["page"], c["budget"]) for c in checks} == {
        ("home", "p95 latency"), ("home", "first view gzip"), ("home", "JS gzip"),
        ("support", "p95 latency"),
    }  # fmt: skip


def test_markdown_names_failures():
    pages = [page(p95_ms=400.0, ratio=0.3, p50_ms=50.0, p99_ms=500.0)]
    checks = load.evaluate(pages, 1000)
    meta = {"date": "2026-11-27", "machine": {"cores": 2, "cpu": "x"}, "gunicorn_workers": 5,
            "connections": 50, "seconds_per_page": 10,
            "data": {"server": "15.8", "proposals": 30000}}  # fmt: skip
    baseline = {"rps": 1000, "p50_ms": 1, "p95_ms": 2, "p99_ms": 3, "errors": {}}
    text = load.render_markdown(meta, baseline, pages, checks)
    assert "| p95 latency | proposal list | 400.0 ms | ≤ 150 ms | **FAIL** |" in text
    assert "30,000 proposals" in text
    assert "Overall: **FAIL** (1 of 5)" in text
