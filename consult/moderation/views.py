"""Moderation pages: flagging, the queue and its decisions, appeals, blocks, the record and the
public report.

Each handler loads (404), checks access (403), parses the form, calls an operation, then
renders or redirects."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.accounts.models import User
from consult.consultations.models import Consultation
from consult.core.forms import add_error
from consult.core.languages import direction
from consult.core.moderated import KINDS, MODERATED, may_see_hidden
from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor, require
from consult.extensions import db, login_manager
from consult.moderation import operations as ops
from consult.moderation import queries
from consult.moderation.forms import (
    ACTION_LABELS,
    APPEAL_LABELS,
    APPEAL_STATE_LABELS,
    DECISION_LABELS,
    ERROR_MESSAGES,
    KIND_LABELS,
    REASON_LABELS,
    AppealDecisionForm,
    AppealForm,
    BlockForm,
    DecisionForm,
    FlagForm,
    QueueFilterForm,
    UnblockForm,
)
from consult.moderation.models import FLAG_REASONS, Appeal
from consult.moderation.permissions import is_global_moderator, moderated_consultations
from consult.moderation.workflow import STATE_TITLES

bp = Blueprint("moderation", __name__, url_prefix="/<lang:lang>")


def item_url(item):
    """Where ``item`` is read: a proposal's page, or a comment in its subject's thread."""
    if item.kind == "proposal":
        return url_for("proposals.detail", proposal_id=item.id)
    from consult.feedback.models import Thread
    from consult.feedback.subjects import by_table

    thread = item.__dict__.get("thread") or db.session.get(Thread, item.thread_id)
    kind = by_table(thread.object_type)
    return url_for(kind.endpoint, **{kind.id_arg: thread.object_id}, _anchor=f"comment-{item.id}")


@bp.app_context_processor
def moderation_words():
    """Every page may mark hidden content with its reason (``moderation/macros.html``)."""
    return {
        "moderation_reasons": REASON_LABELS,
        "moderation_actions": ACTION_LABELS,
        "moderation_kinds": KIND_LABELS,
        "appeal_states": APPEAL_STATE_LABELS,
        "moderated_url": item_url,
        "content_dir": direction,
    }


@bp.context_processor
def moderation_page_words():
    return {"moderation_states": STATE_TITLES, "decision_labels": DECISION_LABELS}


# Shared steps ---------------------------------------------------------------------------------


def _signed_in_or_redirect():
    """None when someone is signed in; else the answer for a visitor (sign in, or 403 on
    POST)."""
    return None if current_user.is_authenticated else login_manager.unauthorized()


def _load(kind, object_id):
    """The moderated item with what its pages and permissions need, or None."""
    if kind == "proposal":
        from consult.proposals.queries import load_proposal

        return load_proposal(object_id)
    if kind == "comment":
        from consult.feedback.queries import load_comment

        return load_comment(object_id)
    return db.session.get(KINDS[kind], object_id)


def _readable(item):
    """May the current user read ``item`` where it is shown?"""
    if item.kind == "proposal":
        return can(current_user, "proposal.view", item)
    if item.kind == "comment":
        from consult.feedback.operations import subject_of
        from consult.feedback.subjects import by_table

        thread = item.thread
        subject = subject_of(thread)
        kind = by_table(thread.object_type)
        return (
            item.is_published
            and may_see_hidden(current_user, item)
            and subject is not None
            and can(current_user, f"{kind.name}.view", subject)
        )
    return may_see_hidden(current_user, item)


def _item_or_404(kind, object_id):
    if kind not in KINDS:
        abort(404)
    item = _load(kind, object_id)
    if item is None or not _readable(item):
        abort(404)
    return item


def _message(error):
    return ERROR_MESSAGES.get(error.code, ERROR_MESSAGES["forbidden"])


def _refuse(form, error):
    add_error(form, error.field, _message(error))


def _scope():
    """The consultations whose moderation the current user sees (None: all)."""
    return None if is_global_moderator(current_user) else moderated_consultations(current_user)


def _moderator_or_refuse():
    """None for those who moderate something; else sign in (visitors) or 403."""
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    require("moderation.queue")
    return None


def _status(form):
    return 422 if form.errors else 200


# Flagging -------------------------------------------------------------------------------------


def _flag_refusal(item):
    """Why the current user may not report ``item`` (a code), or None."""
    if queries.posting_block(current_user) is not None:
        return "blocked"
    if item.author_id == current_user.id:
        return "own_content"
    if queries.has_flagged(current_user, item):
        return "already_flagged"
    if not can(current_user, "moderation.flag", item):
        return "forbidden"
    return None


@bp.route("/flag/<kind>/<id:object_id>", methods=["GET", "POST"])
def flag(kind, object_id):
    item = _item_or_404(kind, object_id)
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    form = FlagForm()
    refusal = _flag_refusal(item)
    if refusal is None and form.validate_on_submit():
        try:
            ops.flag(item, current_actor(), form.reason.data, form.details.data)
        except ops.ModerationError as error:
            _refuse(form, error)
        else:
            if item.is_hidden:
                flash(
                    _("Thank you: it is reported, and hidden until a moderator reviews it."),
                    "success",
                )
            else:
                flash(_("Thank you: it is reported. A moderator will review it."), "success")
            return redirect(item_url(item))
    status = _status(form)
    if refusal is not None and request.method == "POST":
        status = 403 if refusal == "forbidden" else 409
    return render_template(
        "moderation/flag.html",
        item=item,
        form=form,
        refusal=ERROR_MESSAGES[refusal] if refusal else None,
    ), status


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


@bp.route("/appeal/<kind>/<id:object_id>", methods=["GET", "POST"])
def appeal(kind, object_id):
    """The author asks for the decision that hid their item to be reviewed, once."""
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return visitor
    if kind not in KINDS:
        abort(404)
    item = _load(kind, object_id)
    if item is None or item.author_id != current_user.id:
        abort(404)
    queries.attach_threads([item])
    existing = queries.appeal_of(item)
    decision = queries.latest_decision(item, ("hide",))
    refusal = None
    if existing is not None:
        refusal = "already_appealed"
    elif item.moderation == "pending":
        refusal = "nothing_to_appeal"
    elif item.moderation != "hidden":
        refusal = "not_hidden"
    elif decision is None or item.hidden_reason == ops.AUTHOR_BLOCKED:
        refusal = "nothing_to_appeal"
    form = AppealForm()
    if refusal is None and form.validate_on_submit():
        try:
            ops.appeal(item, current_actor(), form.text.data)
        except ops.ModerationError as error:
            _refuse(form, error)
        else:
            flash(
                _("Your appeal is sent. A moderator who did not take the decision will review it."),
                "success",
            )
            return redirect(url_for("accounts.account", _anchor="moderation"))
    status = _status(form)
    if refusal is not None and request.method == "POST":
        status = 409
    return render_template(
        "moderation/appeal.html",
        item=item,
        decision=decision,
        form=form,
        refusal=ERROR_MESSAGES[refusal] if refusal else None,
    ), status


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


# Blocks ---------------------------------------------------------------------------------------


def _block_page(user, form=None, unblock_form=None, status=200):
    return render_template(
        "moderation/block.html",
        user=user,
        block=queries.posting_block(user),
        form=form or BlockForm(formdata=None),
        unblock_form=unblock_form or UnblockForm(formdata=None),
    ), status


def _block_access(user_id):
    visitor = _signed_in_or_redirect()
    if visitor is not None:
        return None, visitor
    user = db.get_or_404(User, user_id)
    require("moderation.block", user)
    return user, None


@bp.route("/moderation/users/<id:user_id>/block", methods=["GET", "POST"])
def block(user_id):
    user, refused = _block_access(user_id)
    if refused is not None:
        return refused
    form = BlockForm()
    if form.validate_on_submit():
        try:
            ops.block(user, current_actor(), form.reason.data, form.text.data, form.ends_at())
        except ops.ModerationError as error:
            if error.code == "forbidden":
                abort(403)
            _refuse(form, error)
        else:
            flash(
                _("The person can no longer post, and everything they wrote is hidden."),
                "success",
            )
            return redirect(url_for("moderation.block", user_id=user.id))
    return _block_page(user, form=form, status=_status(form))


@bp.post("/moderation/users/<id:user_id>/unblock")
def unblock(user_id):
    user, refused = _block_access(user_id)
    if refused is not None:
        return refused
    form = UnblockForm()
    if form.validate_on_submit():
        try:
            ops.unblock(user, current_actor(), text=form.text.data)
        except ops.ModerationError as error:
            if error.code == "forbidden":
                abort(403)
            flash(_message(error), "info")
        else:
            flash(_("The block is lifted: the person can post again."), "success")
        return redirect(url_for("moderation.block", user_id=user.id))
    return _block_page(user, unblock_form=form, status=422)


# The public report ----------------------------------------------------------------------------


@bp.get("/consultations/<id:consultation_id>/moderation-report")
def report(consultation_id):
    consultation = db.get_or_404(Consultation, consultation_id)
    if not can(current_user, "consultation.view", consultation):
        abort(404)
    hidden, decisions = queries.report(consultation)
    reasons = sorted({reason for counts in hidden.values() for reason in counts})
    return render_template(
        "moderation/report.html",
        consultation=consultation,
        hidden=hidden,
        reasons=reasons,
        decisions=decisions,
    )
