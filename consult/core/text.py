"""Cleaning text people type: the names they choose for themselves, and free text."""

import unicodedata

#: Characters that reorder text around them (bidi embeddings, overrides and isolates).
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def has_forbidden_characters(value):
    """True when ``value`` holds control, bidi-control or other invisible format characters."""
    for ch in value:
        if ch in BIDI_CONTROLS:
            return True
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and ch not in "\u200c\u200d"):
            return True
    return False


def normalise_name(value):
    """A name as stored: NFC, inner runs of white space folded to one space."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def name_key(value):
    """The form of a name that two names must not share (case and compatibility folded)."""
    return unicodedata.normalize("NFKC", normalise_name(value)).casefold()


def clean_text(value):
    """Free text as stored: NFC, one kind of line break, no white space around it."""
    value = unicodedata.normalize("NFC", value or "")
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def isolate(text):
    """``text`` between first-strong isolate and pop-directional isolate marks: the plain-text
    <bdi>, for where markup cannot go (an <option>, a <title>), so that a name written right to
    left, or holding an override, does not reorder what surrounds it."""
    return f"\u2068{text}\u2069"


def fold(text):
    """``text`` as finding compares it: case folded (ς and Σ are σ), accents and other
    combining marks dropped (ά is α, Arabic vowel marks go), compatibility forms unified."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def keep_folded(model, *fields):
    """Keep ``model.search_text`` the folded ``fields`` on every insert and update, whichever
    code writes the row."""
    from sqlalchemy import event

    def fill(_mapper, _connection, target):
        target.search_text = fold("\n".join(getattr(target, f) or "" for f in fields))

    event.listen(model, "before_insert", fill)
    event.listen(model, "before_update", fill)
