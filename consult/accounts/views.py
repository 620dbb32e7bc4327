"""Register, sign in and out, reset a password, and the account page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult.accounts import operations as ops
from consult.accounts.forms import (
    ERROR_MESSAGES,
    ChangePasswordForm,
    ForgotPasswordForm,
    ProfileForm,
    ReadingLanguagesForm,
    RegisterForm,
    ResetPasswordForm,
    SignInForm,
    throttled_message,
)
from consult.core.forms import add_error
from consult.core.i18n import select_locale
from consult.core.mail import send_mail
from consult.core.permissions import can, current_actor
from consult.core.security import is_local_path
from consult.moderation import queries as moderation
from consult.organisations.operations import organisations_of

bp = Blueprint("accounts", __name__, url_prefix="/<lang:lang>")


def _refuse(form, error):
    if error.code == "throttled":
        message = throttled_message(ops.signin_throttle.minutes)
    else:
        message = ERROR_MESSAGES[error.code]
    add_error(form, error.field, message)


def _next_url(default):
    target = request.values.get("next", "")
    return target if is_local_path(target) else default


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegisterForm()
    if request.method == "GET":
        form.preferred_locale.data = select_locale()
    if form.validate_on_submit():
        try:
            user = ops.register(
                form.email.data,
                form.password.data,
                form.display_name.data,
                form.preferred_locale.data,
                form.accept_terms.data,
            )
        except ops.AccountError as error:
            _refuse(form, error)
        else:
            ops.sign_in(user)
            flash(_("Welcome, your account is ready."), "success")
            return redirect(url_for("site.home", lang=user.preferred_locale))
    status = 422 if form.errors else 200
    return render_template("accounts/register.html", form=form), status


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(_next_url(url_for("site.home")))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = _next_url("")
    status = 200
    if form.validate_on_submit():
        try:
            user = ops.authenticate(form.email.data, form.password.data, request.remote_addr)
        except ops.AccountError as error:
            _refuse(form, error)
            status = 429 if error.code == "throttled" else 422
        else:
            ops.sign_in(user, remember=form.remember.data)
            return redirect(_next_url(url_for("site.home")))
    elif form.errors:
        status = 422
    return render_template("accounts/sign_in.html", form=form), status


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    ops.sign_out(current_user)
    flash(_("You have signed out."), "success")
    return redirect(url_for("site.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = ops.find_user_by_email(form.email.data)
        if user is not None and user.blocked_at is None:
            _send_reset_link(user)
        # The same answer whether or not the address has an account.
        flash(
            _(
                "If an account uses this address, we have sent it a link to reset the "
                "password. Check your email."
            ),
            "success",
        )
        return redirect(url_for("accounts.sign_in"))
    status = 422 if form.errors else 200
    return render_template("accounts/forgot_password.html", form=form), status


def _send_reset_link(user):
    """Email the link, in the account's own language."""
    with force_locale(user.preferred_locale):
        link = url_for(
            "accounts.reset_password",
            lang=user.preferred_locale,
            token=ops.make_reset_token(user),
            _external=True,
        )
        send_mail(
            user.email,
            _("Reset your Consult password"),
            _(
                "Someone asked to reset the password of your Consult account. If it was you, "
                "open this link within an hour to choose a new password:\n\n%(link)s\n\n"
                "If it was not you, ignore this message: your password stays as it is.",
                link=link,
            ),
        )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token):
    user = ops.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        ops.set_password(user, form.password.data)
        flash(_("Your password has been changed. Sign in with the new one."), "success")
        return redirect(url_for("accounts.sign_in"))
    status = 422 if form.errors else 200
    return render_template("accounts/reset_password.html", form=form), status


def _account_page(
    profile_form=None,
    password_form=None,
    reading_form=None,
    translator_form=None,
    status=200,
):
    from consult.outcomes.queries import fates_for
    from consult.translations.forms import TranslatorLanguagesForm
    from consult.translations.queries import languages_of

    hidden = moderation.hidden_content_of(current_user)
    moderation.attach_threads([entry.item for entry in hidden])
    locale = select_locale()
    if reading_form is None:
        reading_form = ReadingLanguagesForm(
            formdata=None, data=ReadingLanguagesForm.data_of(current_user), prefix="reading"
        ).setup(locale)
    if translator_form is None and can(current_user, "translation.declare"):
        translator_form = TranslatorLanguagesForm(
            formdata=None, data={"locales": sorted(languages_of(current_user))}
        ).setup(locale)
    return render_template(
        "accounts/account.html",
        profile_form=profile_form or ProfileForm(formdata=None, obj=current_user, prefix="profile"),
        password_form=password_form or ChangePasswordForm(formdata=None, prefix="password"),
        reading_form=reading_form,
        translator_form=translator_form,
        organisations=organisations_of(current_user),
        posting_block=moderation.posting_block(current_user),
        hidden=hidden,
        fates=fates_for(current_user, locale),
    ), status


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return _account_page()


@bp.route("/account/profile", methods=["POST"])
@login_required
def update_profile():
    profile = ProfileForm(prefix="profile")
    if profile.validate_on_submit():
        try:
            ops.update_profile(
                current_user, profile.display_name.data, profile.preferred_locale.data
            )
        except ops.AccountError as error:
            _refuse(profile, error)
        else:
            flash(_("Your details have been saved."), "success")
            return redirect(url_for("accounts.account", lang=current_user.preferred_locale))
    return _account_page(profile_form=profile, status=422)


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            ops.change_password(current_user, form.current_password.data, form.password.data)
        except ops.AccountError as error:
            _refuse(form, error)
        else:
            # The password change ended every session, this one included: start a new one.
            ops.sign_in(current_actor())
            flash(
                _("Your password has been changed. You have been signed out everywhere else."),
                "success",
            )
            return redirect(url_for("accounts.account"))
    return _account_page(password_form=form, status=422)


@bp.route("/account/reading-languages", methods=["POST"])
@login_required
def reading_languages():
    form = ReadingLanguagesForm(prefix="reading").setup(select_locale())
    if form.validate_on_submit():
        try:
            changed = ops.set_reading_languages(current_actor(), form.codes())
        except ops.AccountError as error:
            add_error(form, "first", ERROR_MESSAGES[error.code])
        else:
            if changed:
                flash(_("Your languages are saved."), "success")
            else:
                flash(_("Nothing was changed."), "info")
            return redirect(url_for("accounts.account", _anchor="reading-title"))
    return _account_page(reading_form=form, status=422)


def init_app(app):
    from consult.extensions import login_manager

    login_manager.user_loader(ops.load_user)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = None

    @login_manager.unauthorized_handler
    def unauthorized():
        if request.method != "GET":
            abort(403)
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
