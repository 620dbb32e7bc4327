"""The kinds of content pages deal with generically (reporting, moderating, translating), each
registered by its own domain: how to load one with what its permissions need, whether a person
may read it, and where it is read. A new content type registers itself here once."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentType:
    #: The word URLs use ("proposal", "comment").
    name: str
    model: type
    #: ``load(id)``: the object with what ``readable`` needs, or None.
    load: object
    #: ``readable(user, obj)``: may ``user`` read it where it is shown?
    readable: object
    #: ``url(obj)``: the page it is read on.
    url: object


_TYPES = {}


def register(content_type):
    if content_type.name in _TYPES:
        raise ValueError(f"content type {content_type.name!r} is registered twice")
    _TYPES[content_type.name] = content_type
    return content_type


def get(name):
    """The content type called ``name``, or None."""
    return _TYPES.get(name)


def of(obj):
    """The content type of ``obj``."""
    for content_type in _TYPES.values():
        if isinstance(obj, content_type.model):
            return content_type
    raise LookupError(f"{obj!r} is no registered content")
