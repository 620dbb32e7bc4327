"""The public pages of the Action Plan: the plans, a version with its sections and measures, a
measure with its history and discussion, the diff between two versions, and a version as
JSON, CSV and a printable page."""

import csv
import io
import json

from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from consult.actionplan import citations as citation_queries
from consult.actionplan import diff as plan_diff
from consult.actionplan import queries
from consult.actionplan.views import (
    AMENDMENT_FIELDS,
    MEASURE_FIELDS,
    REVISION_FIELDS,
    SECTION_FIELDS,
    _locale,
    _plan_or_404,
    _showing_original,
    _version_or_404,
    bp,
    citations_shown,
    localized,
)
from consult.consultations import queries as consultation_queries
from consult.core.permissions import can
from consult.core.reads import count_read
from consult.feedback.queries import remember_thread
from consult.feedback.views import embedded_thread
from consult.translations.display import translate_later


def _version_of(plan, args):
    """The version a request names with ``?version=n`` (the current one without it)."""
    number = args.get("version", type=int)
    if "version" in args and (number is None or number < 1):
        abort(404)
    return _version_or_404(plan, number)


def _titles_of(consultations, locale):
    """``{consultation id: localized title}`` (one statement)."""
    unique = list({c.id: c for c in consultations}.values())
    return {
        c.id: shown.title
        for c, shown in zip(unique, consultation_queries.localized(unique, locale), strict=True)
    }


# The plans ------------------------------------------------------------------------------------


@bp.get("/plan/")
def index():
    plans = queries.plans()
    return render_template(
        "actionplan/index.html",
        items=[(plan, queries.current_version(plan.id)) for plan in plans],
    )


# A version ------------------------------------------------------------------------------------


def _version_page(plan, version):
    locale = _locale()
    original = _showing_original()
    contents = queries.contents(version)
    measures = [m for ms in contents.measures.values() for m in ms]
    about = queries.consultations_about_all(plan.id)
    translate_later([c for cs in about.values() for c in cs])
    if not original:
        translate_later(measures)
    sections_shown = localized(contents.sections, SECTION_FIELDS, locale, original)
    measures_shown = localized(measures, MEASURE_FIELDS, locale, original)
    return render_template(
        "actionplan/version.html",
        plan=plan,
        version=version,
        contents=contents,
        versions=queries.versions_of(plan.id),
        sections_shown={s.obj.key: s for s in sections_shown},
        measures_shown={m.obj.key: m for m in measures_shown},
        is_translated=any(s.is_translated for s in [*sections_shown, *measures_shown]),
        original=original,
        retired_in=queries.retired_in(version),
        about=about,
        consultation_titles=_titles_of([c for cs in about.values() for c in cs], locale),
    )


@bp.get("/plan/<id:plan_id>/")
def current(plan_id):
    plan = _plan_or_404(plan_id)
    return _version_page(plan, _version_or_404(plan))


@bp.get("/plan/<id:plan_id>/v<int:number>")
def version(plan_id, number):
    plan = _plan_or_404(plan_id)
    return _version_page(plan, _version_or_404(plan, number))


# A measure ------------------------------------------------------------------------------------


@bp.get("/plan/<id:plan_id>/measures/<int:key>")
def measure(plan_id, key):
    plan = _plan_or_404(plan_id)
    version = _version_of(plan, request.args)
    contents = queries.contents(version)
    row = contents.measure(key)
    if row is None or not can(current_user, "measure.view", row):
        abort(404)
    locale = _locale()
    original = _showing_original()
    section = contents.section(row.section_key)
    history, citations = citation_queries.history_of_measure(plan.id, key)
    history = [entry for entry in history if entry[2].number <= version.number]
    amendments = [amendment for amendment, _revision, _version in history]
    revisions = list({revision.id: revision for _a, revision, _v in history}.values())
    first, first_thread, about = queries.first_row_with_thread(plan.id, key, row.section_key)
    # The thread hangs on the measure's first row, so that it survives new versions (see
    # consult/feedback/subjects.py); its links come back to this page. The translations of
    # everything the page shows are loaded with the thread's.
    if not original:
        translate_later([row, section, *amendments, *revisions])
    translate_later(about)
    remember_thread(first, first_thread)
    thread = embedded_thread(first, locale)
    args = {"plan_id": plan.id, "key": key}
    if "version" in request.args:
        args["version"] = version.number
    thread.page_args = {
        **args,
        **{name: value for name, value in thread.page_args.items() if name != "measure_id"},
    }
    thread.endpoint, thread.args = "actionplan.measure", args
    [shown] = localized([row], MEASURE_FIELDS, locale, original)
    [section_shown] = localized([section], SECTION_FIELDS, locale, original)
    page = render_template(
        "actionplan/measure.html",
        plan=plan,
        version=version,
        measure=row,
        shown=shown,
        section=section,
        section_shown=section_shown,
        original=original,
        is_current=version.id == queries.current_version(plan.id).id,
        retired_in=queries.retired_in(version).get(key) if row.is_retired else None,
        history=history,
        amendments_shown={
            a.obj.id: a for a in localized(amendments, AMENDMENT_FIELDS, locale, original)
        },
        revisions_shown={
            r.obj.id: r for r in localized(revisions, REVISION_FIELDS, locale, original)
        },
        cited=citations_shown(citations),
        about=about,
        consultation_titles=_titles_of(about, locale),
        thread=thread,
    )
    # After rendering: the count commits, which would expire what the page shows.
    count_read(row)
    return page


@bp.get("/plan/measures/<id:measure_id>")
def measure_row(measure_id):
    """A measure named by one of its rows (its thread's link): its page."""
    row = queries.measure_row(measure_id)
    if row is None or not can(current_user, "measure.view", row):
        abort(404)
    return redirect(
        url_for(
            "actionplan.measure",
            plan_id=row.version.plan_id,
            key=row.key,
            **{name: value for name, value in request.args.items() if name != "lang"},
        )
    )


# The diff -------------------------------------------------------------------------------------


@bp.get("/plan/<id:plan_id>/diff")
def diff(plan_id):
    plan = _plan_or_404(plan_id)
    versions = queries.versions_of(plan.id)
    by_number = {v.number: v for v in versions}
    newer_number = request.args.get("to", type=int, default=versions[-1].number if versions else 0)
    older_number = request.args.get("from", type=int, default=newer_number - 1)
    if len(versions) < 2 and not request.args:
        return render_template(
            "actionplan/diff.html", plan=plan, versions=versions, older=None, newer=None
        )
    older, newer = by_number.get(older_number), by_number.get(newer_number)
    if older is None or newer is None:
        abort(404)
    locale = _locale()
    after, changes, translated = plan_diff.diff_in(older, newer, locale)
    amendments = citation_queries.amendments_by_id(
        [change.new.amendment_id for change in changes if change.new.amendment_id]
    )
    citations = queries.citations_of(list(amendments))
    measures = [c.new for c in changes]
    return render_template(
        "actionplan/diff.html",
        plan=plan,
        versions=versions,
        older=older,
        newer=newer,
        contents=after,
        changes=changes,
        translated=translated,
        locale=locale,
        measures_shown={m.obj.key: m for m in localized(measures, MEASURE_FIELDS, locale)},
        amendments=amendments,
        cited=citations_shown(citations),
    )


# Exports and the printable text ---------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("code", "key", "section_number", "section_title", "title", "state",
               "responsible_body", "indicators", "amendment_id")  # fmt: skip


def csv_cell(value):
    """A cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _export_rows(contents):
    for section in contents.sections:
        for measure in contents.measures.get(section.key, []):
            yield section, measure


def _export_name(plan, version, extension):
    return f"action-plan-{plan.id}-v{version.number}.{extension}"


@bp.get("/plan/<id:plan_id>/v<int:number>.json")
def version_json(plan_id, number):
    plan = _plan_or_404(plan_id)
    version = _version_or_404(plan, number)
    contents = queries.contents(version)
    body = {
        "plan": {"id": plan.id, "title": plan.title, "language": plan.language},
        "version": {
            "number": version.number,
            "language": version.language,
            "published_at": version.published_at.isoformat(),
            "summary": version.summary,
            "revision_id": version.revision_id,
        },
        "sections": [
            {
                "number": section.number,
                "key": section.key,
                "title": section.title,
                "description": section.description,
                "measures": [
                    {
                        "code": m.code,
                        "key": m.key,
                        "title": m.title,
                        "description": m.description,
                        "responsible_body": m.responsible_body,
                        "indicators": m.indicators,
                        "state": m.state,
                        "amendment_id": m.amendment_id,
                    }
                    for m in contents.measures.get(section.key, [])
                ],
            }
            for section in contents.sections
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False),
        mimetype="application/json",
        headers={
            "Content-Disposition": f"attachment; filename={_export_name(plan, version, 'json')}"
        },
    )


@bp.get("/plan/<id:plan_id>/v<int:number>.csv")
def version_csv(plan_id, number):
    plan = _plan_or_404(plan_id)
    version = _version_or_404(plan, number)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for section, m in _export_rows(queries.contents(version)):
        row = (m.code, m.key, section.number, section.title, m.title, m.state,
               m.responsible_body, m.indicators, m.amendment_id or "")  # fmt: skip
        writer.writerow([csv_cell(value) for value in row])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename={_export_name(plan, version, 'csv')}"
        },
    )


@bp.get("/plan/<id:plan_id>/v<int:number>/print")
def version_print(plan_id, number):
    plan = _plan_or_404(plan_id)
    version = _version_or_404(plan, number)
    locale = _locale()
    original = _showing_original()
    contents = queries.contents(version)
    measures = [m for ms in contents.measures.values() for m in ms]
    return render_template(
        "actionplan/print.html",
        plan=plan,
        version=version,
        contents=contents,
        sections_shown={
            s.obj.key: s for s in localized(contents.sections, SECTION_FIELDS, locale, original)
        },
        measures_shown={
            m.obj.key: m for m in localized(measures, MEASURE_FIELDS, locale, original)
        },
        retired_in=queries.retired_in(version),
    )
