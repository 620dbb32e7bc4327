"""Rules every template keeps, checked on their source."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_every_scrolling_table_can_be_scrolled_by_keyboard():
    """A table wider than a phone scrolls inside its wrapper; the wrapper must take focus and be
    named, or a keyboard user cannot reach the hidden columns (WCAG 2.1.1)."""
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for tag in re.findall(r'<div class="table-wrap"[^>]*>', path.read_text(encoding="utf-8")):
            if not all(a in tag for a in ('tabindex="0"', 'role="region"', "aria-labelledby=")):
                problems.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert problems == []
    assert any(TEMPLATES.rglob("*.html"))
