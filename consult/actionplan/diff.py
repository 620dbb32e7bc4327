"""The difference between two versions of the plan: measures added, retired and changed, each
changed text compared word by word — in the reader's language where both versions have it."""

import difflib
import re
from dataclasses import dataclass, field

from consult.actionplan.models import Measure
from consult.actionplan.queries import contents

TEXT_FIELDS = ("title", "description", "responsible_body", "indicators")
_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old, new):
    """``[(op, text)]`` with op "same", "removed" or "added", word by word (white space kept)."""
    a, b = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", "".join(b[j1:j2])))
    return parts


@dataclass
class Change:
    #: "added", "retired" or "changed".
    kind: str
    old: Measure | None
    new: Measure
    #: ``{field: word diff}`` of the fields that changed.
    fields: dict = field(default_factory=dict)


def diff(older, newer):
    """What changed from ``older`` to ``newer`` (versions of one plan): measures added, retired
    and changed, each with a word-level diff of its changed texts (four statements)."""
    before = {m.key: m for ms in contents(older).measures.values() for m in ms}
    after = contents(newer)
    changes = []
    for measures in after.measures.values():
        for new in measures:
            old = before.get(new.key)
            if old is None:
                changes.append(Change("added", None, new))
            elif new.is_retired and not old.is_retired:
                changes.append(Change("retired", old, new))
            else:
                fields = {
                    name: word_diff(getattr(old, name), getattr(new, name))
                    for name in TEXT_FIELDS
                    if getattr(old, name) != getattr(new, name)
                }
                if fields:
                    changes.append(Change("changed", old, new, fields))
    return after, changes


def diff_in(older, newer, locale):
    """:func:`diff` for a reader of ``locale``: a changed field whose old and new rows both have
    a translation into ``locale`` is compared in those translations, else in the originals.
    Returns ``(contents of newer, changes, {(measure key, field)} compared in translation)``."""
    from consult.translations.display import load_translations

    after, changes = diff(older, newer)
    changed = [c for c in changes if c.kind == "changed"]
    found = load_translations([*(c.old for c in changed), *(c.new for c in changed)], locale)
    translated = set()
    for change in changed:
        old = found.get((Measure.__tablename__, change.old.id), {})
        new = found.get((Measure.__tablename__, change.new.id), {})
        for name in change.fields:
            before, now = old.get((name, locale)), new.get((name, locale))
            if before is not None and now is not None:
                change.fields[name] = word_diff(before.text, now.text)
                translated.add((change.new.key, name))
    return after, changes, translated
