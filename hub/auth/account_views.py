"""The signed-in user's own account: profile, e-mail, password, two-factor authentication."""

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from hub.access import signed_in_view
from hub.auth import services, twofactor
from hub.auth.forms import (
    EmailChangeForm,
    EnableTwoFactorForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    ProfileForm,
)
from hub.auth.sessions import restart_session
from hub.exceptions import Refusal
from hub.forms import ConfirmForm, carry_out, show_refusal

bp = Blueprint("account", __name__, url_prefix="/account")

NEW_TOTP_SECRET_KEY = "new_totp_secret"


@bp.route("/", methods=["GET", "POST"])
@signed_in_view
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            display_name=form.display_name.data,
            sector=form.sector.data,
            organisation=form.organisation.data,
            country=form.country.data,
            email_preference=form.email_preference.data,
            language=form.language.data,
            timezone=form.timezone.data or None,
        )
        refresh()  # the confirmation below is already in the new language
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("account.profile"))
    return render_template("auth/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@signed_in_view
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            # Every other session ended; this browser stays signed in.
            restart_session(current_user._get_current_object())
            flash(_("Your password is changed. Every other session was signed out."), "success")
            return redirect(url_for("account.profile"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/email", methods=["GET", "POST"])
@signed_in_view
def change_email():
    form = EmailChangeForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user, form.email.data, form.current_password.data)
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(
                _(
                    "We sent a link to %(email)s. Follow it to finish the change.",
                    email=form.email.data,
                ),
                "info",
            )
            return redirect(url_for("account.profile"))
    return render_template("auth/change_email.html", form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@signed_in_view
def confirm_email_change(token: str):
    change = services.email_change_from_token(token)
    if change is None or change[0].id != current_user.id:
        return render_template("auth/link_invalid.html", what="e-mail change"), 400
    user, new_email = change
    form = ConfirmForm()
    if form.validate_on_submit():
        carry_out(
            lambda: services.change_email(user, new_email),
            _("Your e-mail address is now %(email)s.", email=new_email),
        )
        return redirect(url_for("account.profile"))
    return render_template("auth/confirm_email_change.html", form=form, new_email=new_email)


@bp.route("/two-factor", methods=["GET"])
@signed_in_view
def two_factor():
    return render_template(
        "auth/two_factor_settings.html",
        unused_codes=twofactor.unused_recovery_codes(current_user),
        disable_form=PasswordConfirmForm(prefix="disable"),
        codes_form=PasswordConfirmForm(prefix="codes"),
    )


@bp.route("/two-factor/enable", methods=["GET", "POST"])
@signed_in_view
def enable_two_factor():
    if current_user.has_two_factor:
        return redirect(url_for("account.two_factor"))
    secret = session.get(NEW_TOTP_SECRET_KEY) or twofactor.new_secret()
    session[NEW_TOTP_SECRET_KEY] = secret
    form = EnableTwoFactorForm()
    if form.validate_on_submit():
        try:
            codes = twofactor.enable_two_factor(
                current_user, secret, form.code.data, form.current_password.data
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            session.pop(NEW_TOTP_SECRET_KEY, None)
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = twofactor.provisioning_uri(current_user, secret)
    return render_template(
        "auth/enable_two_factor.html",
        form=form,
        secret=secret,
        qr_svg=twofactor.qr_code_svg(uri),
    )


@bp.route("/two-factor/disable", methods=["POST"])
@signed_in_view
def disable_two_factor():
    form = PasswordConfirmForm(prefix="disable")
    if form.validate_on_submit():
        try:
            twofactor.disable_two_factor(current_user, form.current_password.data)
        except Refusal as refusal:
            show_refusal(None, refusal)
        else:
            restart_session(current_user._get_current_object())
            flash(
                _("Two-factor authentication is off. Every other session was signed out."),
                "info",
            )
    else:
        flash(_("Enter your current password to turn two-factor authentication off."), "error")
    return redirect(url_for("account.two_factor"))


@bp.route("/two-factor/recovery-codes", methods=["POST"])
@signed_in_view
def regenerate_recovery_codes():
    form = PasswordConfirmForm(prefix="codes")
    if current_user.has_two_factor and form.validate_on_submit():
        try:
            codes = twofactor.regenerate_recovery_codes(current_user, form.current_password.data)
        except Refusal as refusal:
            show_refusal(None, refusal)
        else:
            return render_template("auth/recovery_codes.html", codes=codes)
    else:
        flash(_("Enter your current password to make new recovery codes."), "error")
    return redirect(url_for("account.two_factor"))
