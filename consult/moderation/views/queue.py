"""The moderators' side: the queue and its decisions, one item's record, the appeals, the log."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.accounts.models import User
from consult.core.moderated import MODERATED
from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor, require
from consult.extensions import db
from consult.moderation import operations as ops
from consult.moderation import queries
from consult.moderation.forms import (
    APPEAL_LABELS,
    AppealDecisionForm,
    DecisionForm,
    QueueFilterForm,
)
from consult.moderation.models import FLAG_REASONS, Appeal
from consult.moderation.views import (
    _item_or_404,
    _load,
    _message,
    _moderator_or_refuse,
    _refuse,
    _scope,
    _signed_in_or_redirect,
    bp,
)

# The queue and its decisions ------------------------------------------------------------------


def _queue_filters(scope):
    """``(consultation id or None, reason or None)`` from the query string; 403 for a
    consultation the moderator does not moderate."""
    value = request.args.get("consultation", "")
    consultation_id = int(value) if value.isdigit() and len(value) < 10 else None
    if consultation_id is not None and scope is not None and consultation_id not in scope:
        abort(403)
    reason = request.args.get("reason")
    return consultation_id, (reason if reason in FLAG_REASONS else None)


def _filter_args(consultation_id, reason):
    return {
        key: value
        for key, value in (("consultation", consultation_id), ("reason", reason))
        if value is not None
    }


def _queue_page(form=None, status=200):
    scope = _scope()
    consultation_id, reason = _queue_filters(scope)
    ids = [consultation_id] if consultation_id is not None else scope
    page = queries.queue_page(
        page_number(request.args.get("page")), consultation_ids=ids, reason=reason
    )
    items = [entry.item for entry in page.items if entry.item is not None]
    queries.attach_threads(items)
    consultations = queries.consultation_titles(scope)
    filters = QueueFilterForm(
        formdata=None,
        consultation=str(consultation_id) if consultation_id is not None else "",
        reason=reason or "",
    ).setup([(cid, title) for cid, (title, _language) in consultations.items()])
    waiting, appeals = queries.open_counts(scope)
    return render_template(
        "moderation/queue.html",
        page=page,
        consultations=consultations,
        filters=filters,
        filter_args=_filter_args(consultation_id, reason),
        form=form or DecisionForm(formdata=None),
        waiting=waiting,
        appeals=appeals,
    ), status


@bp.get("/moderation/")
def queue():
    refused = _moderator_or_refuse()
    if refused is not None:
        return refused
    return _queue_page()


def _chosen_items(keys):
    """The items ``keys`` names, each one the moderator may decide (404, 403)."""
    items = []
    for kind, object_id in keys:
        item = _load(kind, object_id)
        if item is None:
            abort(404)
        if not can(current_user, "moderation.decide", item):
            abort(403)
        items.append(item)
    return items


def _decision_message(action, count):
    if action == "hide":
        return ngettext("%(num)d item is hidden.", "%(num)d items are hidden.", count)
    if action == "restore":
        return ngettext("%(num)d item is visible again.", "%(num)d items are visible again.", count)
    return ngettext(
        "The reports about %(num)d item are dismissed.",
        "The reports about %(num)d items are dismissed.",
        count,
    )


@bp.post("/moderation/decide")
def decide():
    """One decision about the items checked in the queue (or the one on an item's page: its
    form sends ``from=item``)."""
    refused = _moderator_or_refuse()
    if refused is not None:
        return refused
    form = DecisionForm()
    keys = form.keys()
    if keys is None:
        abort(404)
    items = _chosen_items(keys)
    single = request.args.get("from") == "item" and len(items) == 1
    if form.validate_on_submit():
        try:
            ops.decide(items, current_actor(), form.action.data, form.reason.data, form.text.data)
        except ops.ModerationError as error:
            if error.code == "forbidden":
                abort(403)
            _refuse(form, error)
        else:
            flash(_decision_message(form.action.data, len(items)), "success")
            if single:
                return redirect(
                    url_for("moderation.item", kind=items[0].kind, object_id=items[0].id)
                )
            return redirect(url_for("moderation.queue", **_filter_args(*_queue_filters(_scope()))))
    if single:
        return _item_page(items[0], form=form, status=422)
    return _queue_page(form=form, status=422)


def _item_page(item, form=None, status=200):
    queries.attach_threads([item])
    flags, decisions = queries.item_record(item)
    author = db.session.get(User, item.author_id)
    return render_template(
        "moderation/item.html",
        item=item,
        author=author,
        flags=flags,
        decisions=decisions,
        appeal=queries.appeal_of(item),
        form=form or DecisionForm(formdata=None, items=[f"{item.kind}:{item.id}"]),
    ), status


@bp.get("/moderation/items/<kind>/<id:object_id>")
def item(kind, object_id):
    refused = _signed_in_or_redirect()
    if refused is not None:
        return refused
    item = _item_or_404(kind, object_id)
    require("moderation.decide", item)
    return _item_page(item)


# Appeals --------------------------------------------------------------------------------------


def _appeals_page(forms=None, status=200):
    rows = queries.open_appeals(_scope())
    queries.attach_threads([item for _appeal, item, _decision in rows if item is not None])
    moderators = {
        user.id: user
        for user in db.session.scalars(
            db.select(User).where(User.id.in_({d.moderator_id for _a, _i, d in rows} - {None}))
        )
    }
    forms = forms or {}
    return render_template(
        "moderation/appeals.html",
        rows=rows,
        moderators=moderators,
        forms={
            a.id: forms.get(a.id) or AppealDecisionForm(formdata=None, prefix=f"appeal-{a.id}")
            for a, _i, _d in rows
        },
        appeal_labels=APPEAL_LABELS,
    ), status


@bp.get("/moderation/appeals")
def appeals():
    refused = _moderator_or_refuse()
    if refused is not None:
        return refused
    return _appeals_page()


@bp.post("/moderation/appeals/<id:appeal_id>")
def decide_appeal(appeal_id):
    refused = _moderator_or_refuse()
    if refused is not None:
        return refused
    appeal_ = db.get_or_404(Appeal, appeal_id)
    item = ops.load_item(appeal_.object_type, appeal_.object_id)
    if item is None:
        abort(404)
    require("moderation.decide", item)
    form = AppealDecisionForm(prefix=f"appeal-{appeal_.id}")
    if form.validate_on_submit():
        grant = form.decision.data == "grant"
        try:
            ops.decide_appeal(appeal_, current_actor(), grant, form.reason.data, form.text.data)
        except ops.ModerationError as error:
            if error.code == "forbidden":
                abort(403)
            if error.code == "already_decided":
                # No longer on the page of open appeals: say so above it.
                flash(_message(error), "error")
                return redirect(url_for("moderation.appeals"))
            _refuse(form, error)
        else:
            if grant:
                flash(_("The appeal is granted: the item is visible again."), "success")
            else:
                flash(_("The appeal is refused: the item stays hidden."), "success")
            return redirect(url_for("moderation.appeals"))
    return _appeals_page(forms={appeal_.id: form}, status=422)


# The record -----------------------------------------------------------------------------------


@bp.get("/moderation/log")
def log():
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    require("moderation.log")
    decisions = queries.log_page(page_number(request.args.get("page")))
    flags = queries.flags_log_page(page_number(request.args.get("flags")))
    return render_template(
        "moderation/log.html",
        decisions=decisions,
        flags=flags,
        kinds={table: model.kind for table, model in MODERATED.items()},
    )
