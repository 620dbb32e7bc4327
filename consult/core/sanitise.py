"""The one sanitiser for user-written text: Markdown in, safe HTML out, one allow-list."""

from functools import lru_cache

import bleach
import markdown as md
from bleach.linkifier import Linker
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "code", "pre", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _nofollow(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener ugc"
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_linker = Linker(callbacks=[_nofollow], skip_tags={"pre", "code"})


@lru_cache(maxsize=4096)  # the same texts are shown again and again: each is rendered once
def render_markdown(text):
    """Markdown written by a user as HTML safe to put in a page."""
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    # Safe by construction: bleach has just cleaned it against the allow-list.
    return Markup(_linker.linkify(_cleaner.clean(html)))  # noqa: S704


def init_app(app):
    from consult.core.text import isolate

    app.add_template_filter(render_markdown, "markdown")
    # Names in plain-text places (a page's <title>, an <option>) are isolated this way.
    app.add_template_filter(isolate, "isolate")
