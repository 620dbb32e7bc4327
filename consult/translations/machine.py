"""Machine translation: pluggable, off by default, never trusted over a person.

A provider turns text from one language into another. The one shipped speaks the LibreTranslate
HTTP API (self-hosted: MT_URL, MT_API_KEY). When content is written, a background job asks the
provider for each configured target language; the results are stored as machine translations,
marked as such, and never replace a person's. A provider that is down, slow or answers garbage
makes the job fail; it is retried with backoff (``core.jobs``), admins see the failure, and the
pages go on showing the original.
"""

import http.client
import json
import urllib.error
import urllib.request

from flask import current_app

from consult.core import jobs, signals
from consult.core.i18n import LOCALES
from consult.core.languages import CONTENT_LANGUAGES
from consult.extensions import db
from consult.translations import operations as translations
from consult.translations.kinds import kind_of, kinds
from consult.translations.models import ContentTranslation

JOB = "machine_translation"


class MachineTranslationError(Exception):
    """The provider could not translate: unreachable, too slow, refused, or nonsense."""


class LibreTranslate:
    """A client of the LibreTranslate API (POST /translate, GET /languages)."""

    #: Consult's codes LibreTranslate knows under another name (Dari is Persian to it).
    CODES = {"fa-AF": "fa"}

    def __init__(self, url, api_key=None, timeout=20):
        if not url.startswith(("http://", "https://")):
            raise ValueError("MT_URL must be an http:// or https:// address")
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def _call(self, path, body=None):
        data = None
        headers = {"Accept": "application/json"}
        if body is not None:
            if self.api_key:
                body = {**body, "api_key": self.api_key}
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        # The address is http(s), checked when the client was made.
        request = urllib.request.Request(self.url + path, data=data, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read(2_000_000)
        except urllib.error.HTTPError as error:
            raise MachineTranslationError(f"HTTP {error.code} from {path}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise MachineTranslationError(f"unreachable: {error}") from error
        except http.client.HTTPException as error:
            # Not HTTP at all, or an answer cut short.
            raise MachineTranslationError(f"no HTTP answer from {path}: {error!r}") from error
        try:
            return json.loads(raw)
        except ValueError as error:
            raise MachineTranslationError(f"not JSON from {path}") from error

    def languages(self):
        """The codes the server translates between (ours, as far as it knows them)."""
        answer = self._call("/languages")
        if not isinstance(answer, list):
            raise MachineTranslationError("unexpected answer from /languages")
        theirs = {item.get("code") for item in answer if isinstance(item, dict)}
        return {code for code in CONTENT_LANGUAGES if self.CODES.get(code, code) in theirs}

    def translate(self, text, source, target):
        answer = self._call(
            "/translate",
            {
                "q": text,
                "source": self.CODES.get(source, source),
                "target": self.CODES.get(target, target),
                "format": "text",
            },
        )
        result = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(result, str) or not result.strip():
            raise MachineTranslationError("no translatedText in the answer")
        return result


def provider():
    """The configured provider, or None when machine translation is off."""
    url = current_app.config.get("MT_URL")
    if not url:
        return None
    return LibreTranslate(
        url, current_app.config.get("MT_API_KEY"), current_app.config.get("MT_TIMEOUT", 20)
    )


def targets():
    return current_app.config.get("MT_TARGETS") or list(LOCALES)


def request_translation(obj):
    """Queue the machine translation of ``obj`` (in the caller's transaction), when machine
    translation is on and readers see it."""
    if provider() is None:
        return None
    kind = kind_of(obj)
    return jobs.enqueue(
        JOB,
        f"mt:{obj.__tablename__}:{obj.id}",
        {"kind": kind.name, "id": obj.id},
    )


@jobs.handler(JOB)
def translate_object(payload):
    """The job: every field of the object, into every target language that has no translation
    yet (a person's is never replaced; an unreviewed machine one is kept)."""
    client = provider()
    kind = kinds().get(payload.get("kind"))
    if client is None or kind is None:
        return
    obj = kind.load(payload.get("id"))
    if obj is None:
        return
    public = db.session.scalar(
        db.select(db.func.count()).where(kind.model.id == obj.id, kind.public(kind.model))
    )
    if not public:
        return
    supported = client.languages()
    existing = {
        (row.field, row.locale)
        for row in db.session.scalars(
            db.select(ContentTranslation).where(
                ContentTranslation.object_type == obj.__tablename__,
                ContentTranslation.object_id == obj.id,
            )
        )
    }
    asked = {}
    for field, longest in kind.fields.items():
        text = getattr(obj, field)
        source = kind.source_lang(obj, field)
        if not text or source not in supported:
            continue
        for target in targets():
            if target == source or target not in supported or (field, target) in existing:
                continue
            result = client.translate(text, source, target)[:longest]
            asked.setdefault((field, text, source), []).append((target, result))
    for (field, text, source), results in asked.items():
        if not _unchanged(kind, obj, field, text, source):
            # Edited while the provider answered: the edit queued another job for the new text.
            continue
        for target, result in results:
            translations.save(
                obj, field, target, result, None, origin="machine", source_lang=source
            )
    db.session.commit()


def _unchanged(kind, obj, field, text, source):
    """Are ``obj.field`` and its language still ``text`` and ``source`` in the database (read
    afresh, not from the session)?"""
    language = kind.languages.get(field, "language")
    row = db.session.execute(
        db.select(getattr(kind.model, field), getattr(kind.model, language)).where(
            kind.model.id == obj.id
        )
    ).one_or_none()
    return row is not None and tuple(row) == (text, source)


@signals.content_written.connect
def _on_content_written(_sender, obj, **_kwargs):
    request_translation(obj)


@signals.transitioned.connect
def _on_transition(_sender, obj, workflow, target, **_kwargs):
    """Content that becomes public (a consultation published, a proposal restored by the
    moderators) is translated then."""
    if (workflow, target) in (("consultation", "published"), ("moderation", "visible")):
        request_translation(obj)
