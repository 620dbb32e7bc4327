"""Pages for visitors, kept ready-made.

Most people who open a consultation, a proposal list or a proposal are not signed in, and they
all see the same page. The first visitor's page is kept (in Redis when ``REDIS_URL`` is set,
else in files under the instance folder, shared by the app's processes on one machine); the
next visitors get it without a view running or a query made.

What is kept, and for whom:

* only ``GET``/``HEAD`` answers ``200`` in HTML, to visitors (not signed in) with no message
  waiting for them, whose page holds nothing of their own: a page that holds a CSRF token
  (a form), shows a message, or depends on the visitor (:func:`personal`, e.g. a random order
  kept in their session) is not kept;
* a kept page stays at most ``PAGE_CACHE_SECONDS`` (60 by default; 0 turns all this off), and
  none survives a change: every committed write to the database (a new proposal, a support, a
  comment hidden by a moderator…) starts a new *generation* and the pages of the previous ones
  are not served again. Writes that no page shows (reads counted, jobs) do not count.
  A write made outside the app's database session (``flask`` commands over a raw connection)
  is seen when the kept pages expire;
* what a kept page counts (the reads translators' worklists are ordered by) is counted again
  for every visitor it is served to, once per session as always.

Everything HTTP adds on top (ETag and ``304``, gzip, security headers, the session cookie) is
done for the served page as for a fresh one (:mod:`consult.core.http`).
"""

import hashlib
import logging
import re
import threading
import uuid

from flask import current_app, g, has_app_context, message_flashed, request, session
from flask_caching import Cache
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

cache = Cache()
log = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
#: Tables whose rows no page shows: writing them does not start a new generation.
UNSHOWN_TABLES = frozenset({"content_reads", "jobs"})
#: Headers a kept page keeps (the others are set again for each answer).
KEPT_HEADERS = frozenset({"content-type", "content-length", "content-language", "vary"})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.IGNORECASE)
_written = threading.local()


def init_app(app):
    if not app.config.get("PAGE_CACHE_SECONDS"):
        return
    cache.init_app(app)
    app.before_request(_serve_kept)
    app.after_request(_keep)
    message_flashed.connect(_on_flash, app)


def personal():
    """Say that the page being built depends on the visitor: it is not kept for others."""
    g.page_is_personal = True


def count_on_serving(obj):
    """Note that serving this page counts a read of ``obj`` (see :mod:`consult.core.reads`)."""
    g.setdefault("page_reads", []).append((obj.__tablename__, obj.id))


def new_generation():
    """Let no page kept so far be served again."""
    if has_app_context() and current_app.config.get("PAGE_CACHE_SECONDS"):
        _cache("set", GENERATION_KEY, uuid.uuid4().hex, timeout=0)


def _cache(method, *args, **kwargs):
    """Ask the store; one that fails (Redis unreachable) is one that has nothing, not an error
    page (what it could not note is logged: pages kept elsewhere may then live their time)."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception:  # noqa: BLE001 (any store's failure)
        log.warning("The page cache failed to %s.", method.replace("_", " "), exc_info=True)
        return None


def _key():
    where = f"{request.host}{request.full_path}".encode()
    return "page:" + hashlib.sha256(where).hexdigest()


def _for_anyone():
    return (
        request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and not session.get("_flashes")
    )


def _serve_kept():
    if not _for_anyone():
        return None
    generation, kept = _cache("get_many", GENERATION_KEY, _key()) or (None, None)
    if not kept or kept["generation"] != generation:
        g.page_generation = generation  # built now, kept by _keep (unless personal)
        return None
    from consult.core.reads import count_read_of

    for object_type, object_id in kept["reads"]:
        count_read_of(object_type, object_id)
    return current_app.response_class(kept["body"], headers=kept["headers"])


def _keep(response):
    if (
        "page_generation" in g
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        and not g.get("page_is_personal")
        and {name.lower() for name, _value in response.headers} <= KEPT_HEADERS
        and not _holds_csrf_token(body := response.get_data())
    ):
        _cache(
            "set",
            _key(),
            {
                "generation": g.page_generation,
                "body": body,
                "headers": list(response.headers.items()),
                "reads": g.get("page_reads", []),
            },
            timeout=current_app.config["PAGE_CACHE_SECONDS"],
        )
    return response


def _holds_csrf_token(body):
    """Does the page hold the visitor's CSRF token (a form)? (Flask-WTF keeps the token it
    made for this request in ``g``; a form built but not shown leaves the page for anyone.)"""
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return bool(token) and token.encode() in body


def _on_flash(_app, **_extra):
    personal()


@event.listens_for(Engine, "before_cursor_execute")
def _note_write(_conn, _cursor, statement, *_args):
    match = _WRITE.match(statement)
    if match and match.group(1).lower() not in UNSHOWN_TABLES:
        _written.pending = True


@event.listens_for(Session, "after_commit")
def _after_commit(_session):
    # After the commit, not before: a page built from before it is of an older generation.
    # (A write rolled back leaves the note on: the next commit starts a generation for
    # nothing, which costs only a page built again.)
    if getattr(_written, "pending", False):
        _written.pending = False
        new_generation()
