"""Stopping a person from posting, and lifting it."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from consult.accounts.models import User
from consult.core.permissions import current_actor, require
from consult.extensions import db
from consult.moderation import operations as ops
from consult.moderation import queries
from consult.moderation.forms import (
    BlockForm,
    UnblockForm,
)
from consult.moderation.views import (
    _message,
    _refuse,
    _signed_in_or_redirect,
    _status,
    bp,
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
