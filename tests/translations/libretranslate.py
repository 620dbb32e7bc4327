"""A small LibreTranslate server for the tests: the real HTTP path, on 127.0.0.1, in a thread.

``GET /languages`` lists a few languages; ``POST /translate`` answers ``"<target>: <q>"``. It
records every request, checks the API key as LibreTranslate does (403 "Invalid API key"), and
can be made to misbehave: ``down()`` closes its port, ``mode = "slow"`` answers after the
client's timeout; ``"not_json"``, ``"no_text"``, ``"http_500"``, ``"not_http"`` and
``"truncated"`` answer garbage (after ``fail_after`` good translations, so that a job can fail
halfway); ``languages_mode = "not_list"`` answers garbage about its languages.

Import ``libretranslate_fixture`` and ``libretranslate_server`` (the fixtures) into a test
module and ask for ``libretranslate``: it points the app at the server (MT_URL, MT_API_KEY,
MT_TARGETS, MT_TIMEOUT) and puts the settings back afterwards.
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

API_KEY = "test-api-key"
LANGUAGES = {
    "en": "English",
    "el": "Greek",
    "ar": "Arabic",
    "fa": "Persian",
    "fr": "French",
    "uk": "Ukrainian",
}
#: Into what the tests translate: "so" is not a language the server knows (skipped).
TARGETS = ["en", "el", "ar", "fa", "fr", "uk", "so"]
#: Seconds the client waits (the "slow" server waits longer).
TIMEOUT = 0.5
MODES = ("ok", "slow", "not_json", "no_text", "http_500", "not_http", "truncated")


@dataclass
class Seen:
    method: str
    path: str
    body: dict | None = None
    headers: dict = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args):  # quiet
        pass

    def _answer(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's name)
        fake = self.server.fake
        fake.record(Seen("GET", self.path, None, dict(self.headers)))
        if self.path != "/languages":
            return self._answer(404, {"error": "Not Found"})
        if fake.languages_mode == "not_list":
            return self._answer(200, {"error": "Too many requests"})
        codes = list(LANGUAGES)
        return self._answer(
            200,
            [
                {"code": code, "name": name, "targets": [c for c in codes if c != code]}
                for code, name in LANGUAGES.items()
            ],
        )

    def do_POST(self):  # noqa: N802
        fake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        translations = fake.record(Seen("POST", self.path, body, dict(self.headers)))
        if self.path != "/translate":
            return self._answer(404, {"error": "Not Found"})
        if not isinstance(body, dict) or not body.get("q"):
            return self._answer(400, {"error": "Invalid request: missing q parameter"})
        if fake.api_key and body.get("api_key") != fake.api_key:
            return self._answer(403, {"error": "Invalid API key"})
        if body.get("source") not in LANGUAGES or body.get("target") not in LANGUAGES:
            return self._answer(400, {"error": "language not supported"})
        fake.call_hook(body)
        mode = fake.mode if translations > fake.fail_after else "ok"
        if mode == "slow":
            # Longer than the client waits; ended early when the server stops.
            fake.stopping.wait(fake.slow_seconds)
            mode = "ok"
        if mode == "not_http":
            self.close_connection = True
            self.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n")
            return None
        if mode == "truncated":
            self.close_connection = True
            self.wfile.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b'Content-Length: 400\r\nConnection: close\r\n\r\n{"translatedText": "ar'
            )
            return None
        if mode == "not_json":
            return self._answer(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
        if mode == "no_text":
            return self._answer(200, {"detectedLanguage": {"confidence": 90, "language": "en"}})
        if mode == "http_500":
            return self._answer(500, {"error": "Internal Server Error"})
        return self._answer(200, {"translatedText": f"{body['target']}: {body['q']}"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (the slow case) leaves a broken pipe: not the tests' business.
        pass


class FakeLibreTranslate:
    def __init__(self, api_key=API_KEY):
        self.api_key = api_key
        self.mode = "ok"
        #: "not_list": GET /languages answers an object, not the list of languages.
        self.languages_mode = "ok"
        #: Translations answered well before ``mode`` applies.
        self.fail_after = 0
        self.slow_seconds = TIMEOUT * 4
        self.requests = []
        #: ``function(body)`` called (once) while a translation is being answered.
        self.on_translate = None
        self.hook_errors = []
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.port = 0
        self._server = None
        self.up()

    # Control ---------------------------------------------------------------------------------

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def up(self):
        """Listen (again, on the same port after :meth:`down`)."""
        if self._server is not None:
            return
        self.stopping.clear()
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.fake = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def down(self):
        """Stop listening: the port is closed, connections are refused."""
        if self._server is None:
            return
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        self._server = None

    def call_hook(self, body):
        """Run ``on_translate(body)`` once (something happening while the server answers)."""
        hook, self.on_translate = self.on_translate, None
        if hook is not None:
            try:
                hook(body)
            except Exception as error:  # noqa: BLE001 (shown to the test by hook_errors)
                self.hook_errors.append(error)

    def reset(self):
        self.on_translate = None
        self.hook_errors = []
        self.mode = self.languages_mode = "ok"
        self.fail_after = 0
        with self._lock:
            self.requests.clear()

    # What was asked --------------------------------------------------------------------------

    def record(self, seen):
        """Keep ``seen``; returns how many translations were asked for so far."""
        with self._lock:
            self.requests.append(seen)
            return len(self.translations())

    def translations(self):
        """The bodies of the POST /translate requests."""
        return [r.body for r in self.requests if r.method == "POST" and r.path == "/translate"]


@pytest.fixture(scope="session")
def libretranslate_server():
    server = FakeLibreTranslate()
    yield server
    server.down()


@pytest.fixture(name="libretranslate")
def libretranslate_fixture(app, libretranslate_server):
    """The fake server, healthy and with no requests yet, and the app pointed at it."""
    server = libretranslate_server
    server.up()
    server.reset()
    settings = {
        "MT_URL": server.url,
        "MT_API_KEY": API_KEY,
        "MT_TARGETS": list(TARGETS),
        "MT_TIMEOUT": TIMEOUT,
    }
    saved = {name: app.config.get(name) for name in settings}
    app.config.update(settings)
    try:
        yield server
    finally:
        app.config.update(saved)
        server.up()
        server.reset()
