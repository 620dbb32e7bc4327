"""Action Plan pages, by responsibility: ``plan`` (the public pages: the plans, a version, a
measure, the diff between two versions, exports and the printable text), ``revisions`` (a
revision's page and the plan owners' forms) and ``amendments`` (adding and removing a
revision's amendments, an amendment's page). This module holds the blueprint and what they
share.

Each handler loads (404), checks access (403), parses the request, calls an operation or a
query, then renders or redirects."""

from dataclasses import dataclass

from flask import Blueprint, abort, request, url_for
from flask_babel import lazy_pgettext
from flask_login import current_user

from consult.actionplan import citations as citation_queries
from consult.actionplan import queries
from consult.core.i18n import select_locale
from consult.core.permissions import can
from consult.outcomes.forms import DISPOSITION_LABELS
from consult.translations.display import Localized, localize_all

bp = Blueprint("actionplan", __name__, url_prefix="/<lang:lang>")

#: The translatable fields of what the plan's pages show, each written in the row's language.
SECTION_FIELDS = {"title": None, "description": None}
MEASURE_FIELDS = {"title": None, "description": None, "indicators": None}
AMENDMENT_FIELDS = {"title": None, "description": None, "reason": None}
REVISION_FIELDS = {"title": None}

AMENDMENT_KIND_TITLES = {
    "add": lazy_pgettext("amendment kind", "Measure added"),
    "change": lazy_pgettext("amendment kind", "Measure changed"),
    "retire": lazy_pgettext("amendment kind", "Measure retired"),
}
FIELD_TITLES = {
    "title": lazy_pgettext("measure field", "Title"),
    "description": lazy_pgettext("measure field", "Description"),
    "responsible_body": lazy_pgettext("measure field", "Responsible body"),
    "indicators": lazy_pgettext("measure field", "Indicators"),
}


@bp.context_processor
def plan_words():
    return {
        "amendment_kind_titles": AMENDMENT_KIND_TITLES,
        "disposition_titles": DISPOSITION_LABELS,
        "measure_field_titles": FIELD_TITLES,
        "amendment_url": amendment_url,
    }


def _locale():
    return select_locale()


def _plan_or_404(plan_id):
    plan = queries.plan_with_versions(plan_id)
    if plan is None or not can(current_user, "plan.view", plan):
        abort(404)
    return plan


def _version_or_404(plan, number=None):
    """Version ``number`` of the plan (the current one when None), or 404."""
    version = (
        queries.current_version(plan.id) if number is None else queries.version(plan.id, number)
    )
    if version is None:
        abort(404)
    return version


def _showing_original():
    return request.args.get("original") == "1"


def localized(objects, fields, locale, original=False):
    """Each object in the reader's language (one statement), or as written when
    ``original``."""
    if original:
        return [Localized(obj, locale, {}, fields) for obj in objects]
    return localize_all(list(objects), locale, fields)


def amendment_url(amendment):
    """The amendment on its revision's page."""
    return url_for(
        "actionplan.revision",
        revision_id=amendment.revision_id,
        _anchor=f"amendment-{amendment.id}",
    )


@dataclass
class Cited:
    """A citation as the reader sees it: what it is, and the object while it is public."""

    object_type: str
    object_id: int
    obj: object = None
    url: str | None = None
    disposition: object = None


def _cited_url(object_type, obj):
    from consult.core import content

    if object_type == "proposals":
        return url_for("proposals.detail", proposal_id=obj.id)
    if object_type == "comments":
        return content.get("comment").url(obj)
    outcome = content.get("outcome")
    if outcome is not None:
        return outcome.url(obj)
    return url_for("consultations.detail", consultation_id=obj.consultation_id)


def citations_shown(citations):
    """``{amendment id: [Cited]}`` from ``{amendment id: [(object type, id)]}``: what each
    cites, loaded at once, with each proposal's disposition."""
    pairs = {pair for cited in citations.values() for pair in cited}
    objects = citation_queries.cited_objects(pairs)
    dispositions = citation_queries.dispositions_of(
        [object_id for object_type, object_id in pairs if objects.get((object_type, object_id))
         and object_type == "proposals"]
    )  # fmt: skip
    shown = {}
    for amendment_id, cited in citations.items():
        shown[amendment_id] = []
        for object_type, object_id in cited:
            obj = objects.get((object_type, object_id))
            shown[amendment_id].append(
                Cited(
                    object_type,
                    object_id,
                    obj,
                    _cited_url(object_type, obj) if obj is not None else None,
                    dispositions.get(object_id) if object_type == "proposals" else None,
                )
            )
    return shown


# The routes live in these modules; importing them adds them to the blueprint.
from consult.actionplan.views import amendments as _amendments  # noqa: E402, F401
from consult.actionplan.views import plan as _plan  # noqa: E402, F401
from consult.actionplan.views import revisions as _revisions  # noqa: E402, F401
