"""Content that people can flag and moderators can hide: proposals, comments and, later, any
other content type. Each such model mixes in :class:`Moderated`; the moderation domain finds them
through :data:`MODERATED` by table name and moves them through its workflow on the
``moderation`` attribute, beside the object's own ``state``.

A moderated model names its ``kind``; an object has ``id``, ``author_id``, ``consultation_id``
(None for content outside a consultation) and ``is_published`` (public as far as its own
workflow goes).
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

#: ``visible``; ``pending``: hidden until a moderator reviews it (enough flags, or personal
#: information reported); ``hidden``: a moderator hid it (or blocked its author).
MODERATION_STATES = ("visible", "pending", "hidden")
MODERATION_CHECK = "moderation IN ('visible', 'pending', 'hidden')"

#: ``{table name: model}`` of every moderated content type.
MODERATED = {}
#: ``{kind: model}``: the same, by the word URLs use ("proposal", "comment").
KINDS = {}


class Moderated:
    #: The word for this content type in URLs ("proposal", "comment").
    kind = None

    moderation: Mapped[str] = mapped_column(
        sa.String(8), default="visible", server_default="visible"
    )
    #: Why it is hidden: a flag or decision reason (``spam``, ``hate`` …), ``flagged`` (pending
    #: review) or ``author_blocked``; None while visible.
    hidden_reason: Mapped[str | None] = mapped_column(sa.String(24))

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        table = getattr(cls, "__tablename__", None)
        if table:
            MODERATED[table] = cls
            KINDS[cls.kind] = cls

    @property
    def is_hidden(self):
        return self.moderation != "visible"


def may_see_hidden(user, obj):
    """Hidden content is seen by its author and by those who moderate it, nobody else."""
    from consult.core.permissions import can

    if not obj.is_hidden:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return obj.author_id == user.id or can(user, "moderation.decide", obj)
