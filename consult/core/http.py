"""HTTP caching and compression, as a WSGI step around the app (it sees the final headers,
the session cookie included).

Caching, right for a site with sessions:

* a page for someone signed in is ``private, no-store``: nothing keeps it;
* a page for a visitor is ``private, no-cache`` with a weak ETag (the rendered body's hash):
  the browser keeps it and asks again with ``If-None-Match``, and an unchanged page answers
  ``304 Not Modified`` without its body. ``private``, because a visitor's page holds their
  session's CSRF token and messages: a shared cache must never hand it to someone else;
* a response that sets a cookie is never cached by a shared cache (``private`` at least);
* what a view decided itself (a ``Cache-Control`` it set) is left as it is.

Compression: text (HTML, CSS, JavaScript, JSON, CSV, SVG) of 1 KB or more is sent gzipped to
clients that accept it, with ``Vary: Accept-Encoding``. A reverse proxy that compresses too
sees ``Content-Encoding`` and leaves it alone. A visitor's page that many visitors are sent
(:mod:`consult.core.pagecache`) is compressed once per process, not once per visitor.
"""

import gzip
import hashlib
from functools import lru_cache

from flask import request

#: Bodies smaller than this are sent as they are (gzip's header would eat most of the gain).
MIN_SIZE = 1024
#: Bodies larger than this pass through untouched (nothing Consult serves is that large).
MAX_SIZE = 8 * 1024 * 1024
COMPRESSIBLE = {
    "text/html",
    "text/css",
    "text/csv",
    "text/plain",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
}
#: Where the app notes for this step whether the page was built for someone signed in.
SIGNED_IN_KEY = "consult.signed_in"


def init_app(app):
    @app.after_request
    def note_reader(response):
        from flask_login import current_user

        # Only a page asks: current_user is loaded by then (a static file never loads it).
        if response.mimetype == "text/html":
            request.environ[SIGNED_IN_KEY] = bool(current_user.is_authenticated)
        return response

    app.wsgi_app = CachingAndCompression(app.wsgi_app, app.config.get("COMPRESS_RESPONSES", True))


def accepts_gzip(value):
    """Does an ``Accept-Encoding`` header accept gzip (not with ``q=0``)?"""
    for part in (value or "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() in ("gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and _q_is_zero(q[2:]))
    return False


def _q_is_zero(text):
    try:
        return float(text) == 0
    except ValueError:
        return False


def etag_matches(header, etag):
    """Does ``If-None-Match`` name ``etag`` (compared weakly)?"""
    if not header:
        return False
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header.split(","))


class CachingAndCompression:
    def __init__(self, app, compress=True):
        self.app = app
        self.compress = compress

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        captured = []

        def capture(status, headers, exc_info=None):
            captured[:] = [status, headers, exc_info]
            return lambda _data: None  # the legacy write() is not used by Flask

        body = self.app(environ, capture)
        status, headers, exc_info = captured
        if not self._worth_looking(status, headers):
            start_response(status, headers, exc_info)
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        status, headers, data = self._process(environ, status, headers, data)
        start_response(status, headers, exc_info)
        return [data]

    def _worth_looking(self, status, headers):
        if not status.startswith("200"):
            return False
        found = _Headers(headers)
        length = found.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > MAX_SIZE:
            return False
        return found.mimetype() in COMPRESSIBLE and found.get("Content-Encoding") is None

    def _process(self, environ, status, headers, data):
        found = _Headers(headers)
        mimetype = found.mimetype()
        if mimetype == "text/html" and found.get("Cache-Control") is None:
            if environ.get(SIGNED_IN_KEY):
                found.set("Cache-Control", "private, no-store")
            else:
                found.set("Cache-Control", "private, no-cache")
                etag = 'W/"' + hashlib.sha256(data).hexdigest()[:32] + '"'
                found.set("ETag", etag)
                if etag_matches(environ.get("HTTP_IF_NONE_MATCH"), etag):
                    found.remove("Content-Length")
                    found.remove("Content-Type")
                    return "304 Not Modified", found.items, b""
        elif found.get("Set-Cookie") is not None:
            cache_control = found.get("Cache-Control") or ""
            if "private" not in cache_control and "no-store" not in cache_control:
                found.set("Cache-Control", ", ".join(filter(None, ["private", cache_control])))
        found.add_vary("Accept-Encoding")
        if (
            self.compress
            and len(data) >= MIN_SIZE
            and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING"))
        ):
            visitors = mimetype == "text/html" and not environ.get(SIGNED_IN_KEY)
            data = _gzip_shared(data) if visitors else _gzip(data)
            found.set("Content-Encoding", "gzip")
            etag = found.get("ETag")
            if etag is not None and not etag.startswith("W/"):
                # Another body than the one the strong ETag names: only weakly the same.
                found.set("ETag", "W/" + etag)
        found.set("Content-Length", str(len(data)))
        return status, found.items, data


def _gzip(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


#: The last visitors' pages compressed, by their text (a few MB a process at most).
_gzip_shared = lru_cache(maxsize=32)(_gzip)


class _Headers:
    """A WSGI header list, edited in place (case-insensitive names)."""

    def __init__(self, items):
        self.items = list(items)

    def get(self, name):
        name = name.lower()
        values = [value for key, value in self.items if key.lower() == name]
        return ", ".join(values) if values else None

    def remove(self, name):
        self.items = [(key, value) for key, value in self.items if key.lower() != name.lower()]

    def set(self, name, value):
        self.remove(name)
        self.items.append((name, value))

    def mimetype(self):
        return (self.get("Content-Type") or "").split(";", 1)[0].strip().lower()

    def add_vary(self, name):
        present = [v.strip().lower() for v in (self.get("Vary") or "").split(",") if v.strip()]
        if name.lower() not in present and "*" not in present:
            self.set("Vary", ", ".join([*(self.get("Vary") or "").split(", "), name]).strip(", "))
