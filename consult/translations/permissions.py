"""Who may translate, review and see the worklist. Each predicate says the rule it encodes.

Targets are :class:`Target` (what is translated into which language) and translations are
``ContentTranslation`` rows with their object attached as ``.obj``."""

from dataclasses import dataclass

from consult.core.permissions import rule
from consult.translations.kinds import kind_of


@dataclass(frozen=True)
class Target:
    obj: object
    field: str
    locale: str


def _signed_in(user):
    return getattr(user, "is_authenticated", False)


def translates(user, locale):
    """Is ``user`` a translator who declared ``locale``?"""
    from consult.translations.queries import languages_of

    return _signed_in(user) and user.has_role("translator") and locale in languages_of(user)


def _curator(user):
    return _signed_in(user) and bool({"moderator", "admin"} & user.role_names)


@rule("translation.submit")
def may_submit(user, target):
    """Translators into the target's language translate anything readers see; besides them,
    each content type says who may (authors their own content, moderators their answers and
    summaries, admins consultations)."""
    if not _signed_in(user):
        return False
    kind = kind_of(target.obj)
    if target.field not in kind.fields:
        return False
    return translates(user, target.locale) or bool(kind.others(user, target.obj, target.field))


@rule("translation.review")
def may_review(user, translation):
    """Another translator into its language, or a moderator, reviews a translation; nobody
    reviews their own."""
    if not _signed_in(user) or translation.translator_id == user.id:
        return False
    return translates(user, translation.locale) or _curator(user)


@rule("translation.worklist")
def may_see_worklist(user, locale):
    """Translators into ``locale``, moderators and admins see what awaits translation."""
    return translates(user, locale) or _curator(user)


@rule("translation.worklists")
def may_see_worklists(user, _obj=None):
    """Translators (for the languages they declare), moderators and admins have worklists."""
    return (_signed_in(user) and user.has_role("translator")) or _curator(user)


@rule("translation.declare")
def may_declare(user, _obj=None):
    """Translators choose the languages they translate into."""
    return _signed_in(user) and user.has_role("translator")
