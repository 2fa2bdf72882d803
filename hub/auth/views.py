"""Sign-in, registration, confirmation and password reset."""

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.auth import services
from hub.auth.forms import (
    NewPasswordForm,
    RegistrationForm,
    ResetRequestForm,
    SignInForm,
    TwoFactorForm,
)
from hub.auth.models import AccountStatus
from hub.auth.sessions import sign_out_here, start_session
from hub.auth.twofactor import verify_second_factor
from hub.database import utcnow
from hub.exceptions import Refusal, RuleViolation
from hub.extensions import db, limiter
from hub.forms import ConfirmForm, show_refusal
from hub.i18n import current_language
from hub.security import safe_next
from hub.workspaces import services as workspace_services

bp = Blueprint("auth", __name__, url_prefix="/auth")

PENDING_2FA_KEY = "pending_2fa"
PENDING_2FA_SECONDS = 300


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    invitation = workspace_services.invitation_from_token(request.args.get("invitation", ""))
    if request.args.get("invitation") and invitation is None:
        flash(_("This invitation link is not valid any more. Ask for a new one."), "error")
        return redirect(url_for("auth.login"))
    if current_user.is_authenticated:
        return redirect(url_for("workspaces.hub_home"))
    form = RegistrationForm()
    if invitation is not None:
        form.email.data = invitation.email  # the invitation fixes the address
        form.email.render_kw = {"readonly": True}
    if form.validate_on_submit():
        fields = {
            name: getattr(form, name).data
            for name in ("email", "password", "display_name", "sector", "organisation", "country")
        }
        # The language the visitor reads the hub in becomes their profile's.
        fields["language"] = current_language()
        try:
            if invitation is not None:
                user = workspace_services.register_invited(invitation, **fields)
                start_session(user)
                services.record_sign_in(user, "invitation")
                flash(
                    _("Welcome to %(workspace)s.", workspace=invitation.workspace.name), "success"
                )
                return redirect(url_for("workspaces.home", slug=invitation.workspace.slug))
            services.register_account(**fields)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            return render_template(
                "auth/check_email.html",
                email=form.email.data,
                link_lifetime=services.email_link_lifetime(),
            )
    return render_template("auth/register.html", form=form, invitation=invitation)


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    user = services.user_from_confirmation(token)
    if user is None:
        return render_template("auth/link_invalid.html", what="confirmation"), 400
    form = ConfirmForm()
    if user.status != AccountStatus.PENDING:
        flash(_("Your e-mail address is already confirmed. Please sign in."), "info")
        return redirect(url_for("auth.login"))
    if form.validate_on_submit():
        services.confirm_account(user)
        flash(_("Your e-mail address is confirmed. You can sign in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/confirm.html", form=form, user=user)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("workspaces.hub_home")))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except RuleViolation as error:  # the right password, for an account that cannot sign in
            # Not a refused change: the unit of work keeps the audit entry and the new link.
            flash(error.message, "error")
            return render_template("auth/login.html", form=form)
        if user is None:
            flash(_("The e-mail address or the password is not right."), "error")
            return render_template("auth/login.html", form=form)
        if user.has_two_factor:
            session[PENDING_2FA_KEY] = {
                "user": user.id,
                "remember": form.remember.data,
                "at": int(utcnow().timestamp()),
                "next": safe_next(""),
            }
            return redirect(url_for("auth.two_factor"))
        start_session(user, remember=form.remember.data)
        services.record_sign_in(user, "password")
        return redirect(safe_next(url_for("workspaces.hub_home")))
    return render_template("auth/login.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit("10 per 5 minutes", methods=["POST"])
def two_factor():
    pending = session.get(PENDING_2FA_KEY)
    if not pending or utcnow().timestamp() - pending["at"] > PENDING_2FA_SECONDS:
        session.pop(PENDING_2FA_KEY, None)
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    user = db.session.get(services.User, pending["user"])
    if user is None or not user.is_active or not user.has_two_factor:
        session.pop(PENDING_2FA_KEY, None)
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        services.abort_if_signin_throttled(user.email)
        method = verify_second_factor(user, form.code.data)
        if method is not None:
            start_session(user, remember=pending["remember"])
            services.record_sign_in(user, f"password and {method}")
            return redirect(pending.get("next") or url_for("workspaces.hub_home"))
        services.count_failed_signin(user.email)
        form.code.errors.append(_("That code is not right."))
    return render_template("auth/two_factor.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if current_user.is_authenticated:
        services.sign_out_everywhere(current_user)
    sign_out_here()
    flash(_("You are signed out, on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template(
            "auth/check_email.html",
            email=form.email.data,
            reset=True,
            link_lifetime=services.reset_link_lifetime(),
        )
    return render_template("auth/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_from_reset_token(token)
    if user is None:
        return render_template("auth/link_invalid.html", what="password reset"), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(user, form.password.data)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            sign_out_here()
            flash(_("Your password is changed. Sign in with the new one."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
