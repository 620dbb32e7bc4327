"""Verification pages: redeeming a code (members), issuing, listing and revoking codes
(verifiers), recording a support for a participant present with a verifier, and the audit list of
assisted supports (moderators).

Issued codes are shown once, in the response to the form that issued them: they are never stored
in clear, in the database or in the session, and that page is not cached."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from consult.core.forms import add_error
from consult.core.i18n import LOCALES, select_locale
from consult.core.pagination import page_number
from consult.core.permissions import can, current_actor, require
from consult.extensions import db
from consult.proposals.models import Proposal
from consult.supports import operations as supports
from consult.verification import operations as ops
from consult.verification import queries
from consult.verification.forms import (
    ERROR_MESSAGES,
    STATE_TITLES,
    SUPPORT_MESSAGES,
    SUPPORT_REFUSED,
    AssistForm,
    AuditFilterForm,
    FindParticipantForm,
    IssueForm,
    RedeemForm,
    RevokeForm,
    throttled_message,
)
from consult.verification.models import VerificationCode

bp = Blueprint("verification", __name__, url_prefix="/<lang:lang>")


def _refuse(form, error):
    if error.code == "throttled":
        message = throttled_message(ops.redeem_throttle.minutes)
    else:
        message = ERROR_MESSAGES[error.code]
    add_error(form, error.field, message)


# Redeeming -----------------------------------------------------------------------------------


@bp.route("/verify", methods=["GET", "POST"])
@login_required
def redeem():
    require("verification.redeem")
    form = RedeemForm()
    status = 200
    if form.validate_on_submit():
        try:
            until = ops.redeem(current_actor(), form.code.data, request.remote_addr)
        except ops.VerificationError as error:
            _refuse(form, error)
            status = 429 if error.code == "throttled" else 422
        else:
            flash(
                _(
                    "Thank you: you are a verified participant until %(date)s.",
                    date=current_app.jinja_env.filters["long_datetime"](until),
                ),
                "success",
            )
            return redirect(url_for("accounts.account"))
    elif form.errors:
        status = 422
    return render_template("verification/redeem.html", form=form), status


# Issuing, listing, revoking ------------------------------------------------------------------


@bp.get("/verification/codes")
@login_required
def codes():
    require("verification.issue")
    everyone = can(current_user, "admin.enter")
    page = queries.codes_page(current_user, page_number(request.args.get("page")), everyone)
    return render_template(
        "verification/codes.html",
        page=page,
        everyone=everyone,
        state_of=ops.state_of,
        state_titles=STATE_TITLES,
        revoke_form=RevokeForm(formdata=None),
    )


@bp.route("/verification/codes/new", methods=["GET", "POST"])
@login_required
def issue():
    require("verification.issue")
    form = IssueForm()
    if request.method == "GET":
        form.language.data = select_locale()
    if form.validate_on_submit():
        try:
            issued = ops.issue(
                current_actor(), form.count.data, form.valid_days.data, form.verified_days.data
            )
        except ops.VerificationError as error:
            _refuse(form, error)
        else:
            return _slips(issued, form.language.data)
    status = 422 if form.errors else 200
    return render_template("verification/issue.html", form=form), status


def _slips(issued, language):
    """The slips, shown this once: instructions in the language the verifier chose."""
    with force_locale(language):
        slips = render_template(
            "verification/_slips.html",
            issued=issued,
            language=language,
            direction=LOCALES[language].direction,
            verify_url=url_for("verification.redeem", lang=language, _external=True),
        )
    response = current_app.make_response(
        render_template(
            "verification/slips.html",
            issued=issued,
            slips=Markup(slips),  # noqa: S704  (the output of an autoescaping template)
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/verification/codes/<id:code_id>/revoke")
@login_required
def revoke(code_id):
    require("verification.issue")
    code = db.session.get(VerificationCode, code_id)
    if code is None:
        abort(404)
    require("verification.revoke", code)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            ops.revoke(code, current_actor())
        except ops.VerificationError as error:
            flash(ERROR_MESSAGES[error.code], "error")
        else:
            flash(_("The code ending in %(hint)s is revoked.", hint=code.hint), "success")
    page = page_number(request.args.get("page"))
    return redirect(url_for("verification.codes", page=page if page > 1 else None))


# Assisted participation ----------------------------------------------------------------------


def _assist_page(find_form=None, participant=None, assist_form=None, status=200):
    return render_template(
        "verification/assist.html",
        find_form=find_form or FindParticipantForm(formdata=None),
        participant=participant,
        assist_form=assist_form,
    ), status


def _proposal_choices(form):
    form.proposal.choices = {
        title: [(pid, ptitle) for pid, ptitle in proposals]
        for title, proposals in queries.supportable_proposals()
    }


def _find(text):
    """The participant ``text`` names, or the VerificationError saying why not."""
    return ops.find_participant(text, verifier=current_actor())


@bp.route("/verification/assist", methods=["GET", "POST"])
@login_required
def assist():
    require("verification.assist")
    if request.method == "GET":
        return _assist_page()
    if "proposal" in request.form:
        return _record_support()
    find_form = FindParticipantForm()
    if not find_form.validate_on_submit():
        return _assist_page(find_form=find_form, status=422)
    try:
        participant = _find(find_form.participant.data)
    except ops.VerificationError as error:
        _refuse(find_form, error)
        return _assist_page(find_form=find_form, status=422)
    assist_form = AssistForm(formdata=None, participant=find_form.participant.data)
    _proposal_choices(assist_form)
    return _assist_page(find_form=find_form, participant=participant, assist_form=assist_form)


def _record_support():
    assist_form = AssistForm()
    _proposal_choices(assist_form)
    valid = assist_form.validate_on_submit()
    # The participant is looked up again: the hidden field is only what the verifier typed.
    find_form = FindParticipantForm(formdata=None, participant=assist_form.participant.data)
    try:
        participant = _find(assist_form.participant.data)
    except ops.VerificationError as error:
        _refuse(find_form, error)
        return _assist_page(find_form=find_form, status=422)
    if not valid:
        return _assist_page(find_form, participant, assist_form, status=422)
    proposal = db.session.get(Proposal, assist_form.proposal.data)
    if proposal is None:
        add_error(assist_form, "proposal", ERROR_MESSAGES["no_proposal"])
        return _assist_page(find_form, participant, assist_form, status=422)
    try:
        supports.support(participant, proposal, assisted_by=current_actor())
    except supports.SupportError as error:
        add_error(assist_form, "proposal", SUPPORT_MESSAGES.get(error.code, SUPPORT_REFUSED))
        return _assist_page(find_form, participant, assist_form, status=422)
    flash(
        _(
            "The support of %(name)s for “%(proposal)s” is recorded.",
            name=participant.display_name,
            proposal=proposal.title,
        ),
        "success",
    )
    return redirect(url_for("verification.assist"))


@bp.get("/verification/assisted")
@login_required
def assisted():
    require("verification.audit")
    filters = AuditFilterForm(request.args)
    choices = queries.assisted_consultations()
    filters.consultation.choices = [("", _("All consultations"))] + [
        (str(cid), title) for cid, title in choices
    ]
    wanted = request.args.get("consultation", "")
    consultation_id = int(wanted) if wanted in {str(cid) for cid, _t in choices} else None
    page = queries.assisted_page(page_number(request.args.get("page")), consultation_id)
    return render_template(
        "verification/assisted.html",
        page=page,
        filters=filters,
        consultation_id=consultation_id,
    )
