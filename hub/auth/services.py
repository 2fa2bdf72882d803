"""Accounts: registration, confirmation, sign-in, password and e-mail changes.

Each function flushes and never commits; the request (or CLI command) commits once.
"""

from flask import abort, current_app, url_for
from limits import parse
from sqlalchemy import func, select

from hub.audit.services import client_address, record_audit
from hub.auth.models import AccountStatus, Sector, User
from hub.auth.passwords import hash_password, password_problem, verify_password
from hub.auth.sessions import end_all_sessions
from hub.database import utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db, limiter
from hub.mail import absolute_url, send_mail
from hub.tokens import make_token, read_token


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def check_new_password(password: str, *user_words: str) -> None:
    problem = password_problem(password, tuple(user_words))
    if problem:
        raise RuleViolation(problem, field="password")


def create_account(
    *,
    email: str,
    password: str | None,
    display_name: str,
    sector: Sector | str,
    organisation: str,
    country: str,
    status: AccountStatus = AccountStatus.PENDING,
    is_hub_admin: bool = False,
) -> User:
    """Create an account; RuleViolation if the e-mail is taken or the password too weak."""
    email = email.strip().lower()
    if find_user_by_email(email) is not None:
        raise RuleViolation("An account with this e-mail address already exists.", field="email")
    if password is not None:
        check_new_password(password, email, display_name)
    user = User(
        email=email,
        password_hash=hash_password(password) if password is not None else None,
        display_name=display_name,
        sector=Sector(sector),
        organisation=organisation,
        country=country,
        status=status,
        is_hub_admin=is_hub_admin,
        confirmed_at=utcnow() if status == AccountStatus.ACTIVE else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def register_account(**fields) -> User | None:
    """Self-registration: a pending account and a confirmation e-mail.

    An address already registered gets a warning e-mail instead, and the caller shows the
    same page either way, so the form cannot be used to find out who has an account.
    """
    existing = find_user_by_email(fields["email"])
    if existing is not None:
        send_mail(
            existing.email,
            "Someone tried to register with your address",
            "Someone (perhaps you) tried to create a new account with this e-mail address.\n"
            "You already have one. If you forgot your password, reset it here:\n"
            f"{absolute_url(url_for('auth.reset_request'))}\n",
        )
        return None
    user = create_account(**fields)
    record_audit("auth.registered", user, target_user=user)
    send_confirmation(user)
    return user


def send_confirmation(user: User) -> None:
    token = make_token("confirm", {"user": user.id, "email": user.email})
    send_mail(
        user.email,
        "Confirm your e-mail address",
        f"Welcome, {user.display_name}.\n\nConfirm your e-mail address to activate your account:\n"
        f"{absolute_url(url_for('auth.confirm', token=token))}\n\n"
        "The link works for 48 hours. If you did not register, ignore this message.\n",
    )


def user_from_confirmation(token: str) -> User | None:
    payload = read_token("confirm", token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if payload is None:
        return None
    user = db.session.get(User, payload.get("user"))
    if user is None or user.email != payload.get("email"):
        return None
    return user


def confirm_account(user: User) -> None:
    if user.status == AccountStatus.PENDING:
        user.status = AccountStatus.ACTIVE
        user.confirmed_at = utcnow()
        record_audit("auth.confirmed", user, target_user=user)
        db.session.flush()


# --- sign-in ---------------------------------------------------------------------------


def _signin_limits():
    config = current_app.config
    return (
        (parse(config["SIGNIN_LIMIT_PER_ACCOUNT"]), "signin-account"),
        (parse(config["SIGNIN_LIMIT_PER_IP"]), "signin-ip"),
    )


def _signin_keys(email: str) -> tuple[str, str]:
    return email.strip().lower(), client_address() or "unknown"


def abort_if_signin_throttled(email: str) -> None:
    """429 once an account or an address has too many recent failures (Flask-Limiter's store)."""
    for (limit, namespace), key in zip(_signin_limits(), _signin_keys(email), strict=True):
        if not limiter.limiter.test(limit, namespace, key):
            abort(429)


def count_failed_signin(email: str) -> None:
    for (limit, namespace), key in zip(_signin_limits(), _signin_keys(email), strict=True):
        limiter.limiter.hit(limit, namespace, key)


def authenticate(email: str, password: str) -> User | None:
    """The account if e-mail and password match an active account, else None.

    Unknown e-mail, wrong password and unusable account all cost one hash check and give
    the caller the same None, so neither message nor timing tells them apart.
    """
    abort_if_signin_throttled(email)
    user = find_user_by_email(email)
    password_matches = verify_password(user, password)
    if password_matches and user.status == AccountStatus.ACTIVE:
        return user
    count_failed_signin(email)
    record_audit(
        "auth.sign_in_failed",
        target_user=user,
        email=email[:254],
        reason=f"account {user.status.value}" if password_matches else "wrong password",
    )
    return None


def pending_confirmation(email: str, password: str) -> User | None:
    """A pending account whose password matched: offer to resend the confirmation."""
    user = find_user_by_email(email)
    if (
        user is not None
        and user.status == AccountStatus.PENDING
        and verify_password(user, password)
    ):
        return user
    return None


def record_sign_in(user: User, method: str) -> None:
    record_audit("auth.signed_in", user, target_user=user, method=method)


def sign_out_everywhere(user: User) -> None:
    end_all_sessions(user)
    record_audit("auth.signed_out", user, target_user=user)


# --- password reset --------------------------------------------------------------------


def _password_stamp(user: User) -> int:
    return int(user.password_changed_at.timestamp() * 1000)


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the account exists and is not suspended; silent otherwise."""
    user = find_user_by_email(email)
    if user is None or user.status == AccountStatus.SUSPENDED:
        return
    token = make_token("reset", {"user": user.id, "stamp": _password_stamp(user)})
    send_mail(
        user.email,
        "Reset your password",
        "Someone (perhaps you) asked to reset the password of your account.\n"
        f"Choose a new password here (the link works once, for two hours):\n"
        f"{absolute_url(url_for('auth.reset_password', token=token))}\n\n"
        "If it was not you, ignore this message; your password stays as it is.\n",
    )
    record_audit("auth.reset_requested", target_user=user)


def user_from_reset_token(token: str) -> User | None:
    """The account a reset link is for, while it is unexpired and unused."""
    payload = read_token("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    if payload is None:
        return None
    user = db.session.get(User, payload.get("user"))
    if user is None or user.status == AccountStatus.SUSPENDED:
        return None
    # A password change moves the stamp on, so the link works once.
    return user if payload.get("stamp") == _password_stamp(user) else None


def set_password(user: User, password: str, *, action: str) -> None:
    """Store a new password and end every session of the account."""
    check_new_password(password, user.email, user.display_name)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    record_audit(action, user, target_user=user)
    db.session.flush()


def reset_password(user: User, password: str) -> None:
    set_password(user, password, action="auth.password_reset")
    # Receiving the link proves the address, so a pending account becomes active.
    confirm_account(user)


def require_current_password(user: User, password: str) -> None:
    if not verify_password(user, password):
        raise RuleViolation("Your current password is not right.", field="current_password")


def change_password(user: User, current_password: str, new_password: str) -> None:
    require_current_password(user, current_password)
    set_password(user, new_password, action="auth.password_changed")
    send_mail(
        user.email,
        "Your password was changed",
        "The password of your account was just changed, and every other session ended.\n"
        "If this was not you, reset your password at once and tell an administrator.\n",
    )


# --- profile and e-mail ----------------------------------------------------------------


def update_profile(user: User, *, display_name, sector, organisation, country, email_preference):
    user.display_name = display_name
    user.sector = Sector(sector)
    user.organisation = organisation
    user.country = country
    user.email_preference = email_preference
    record_audit("auth.profile_updated", user, target_user=user)
    db.session.flush()


def request_email_change(user: User, new_email: str, current_password: str) -> None:
    require_current_password(user, current_password)
    new_email = new_email.strip().lower()
    if new_email == user.email:
        raise RuleViolation("That is already your e-mail address.", field="email")
    if find_user_by_email(new_email) is not None:
        raise RuleViolation("Another account uses this e-mail address.", field="email")
    token = make_token("email-change", {"user": user.id, "email": new_email})
    send_mail(
        new_email,
        "Confirm your new e-mail address",
        "Confirm that this address should become the e-mail address of your account:\n"
        f"{absolute_url(url_for('auth.confirm_email_change', token=token))}\n",
    )
    record_audit("auth.email_change_requested", user, target_user=user, new_email=new_email)


def email_change_from_token(token: str) -> tuple[User, str] | None:
    payload = read_token("email-change", token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    if payload is None:
        return None
    user = db.session.get(User, payload.get("user"))
    new_email = payload.get("email")
    if user is None or not isinstance(new_email, str) or user.email == new_email:
        return None
    return user, new_email


def change_email(user: User, new_email: str) -> None:
    if find_user_by_email(new_email) is not None:
        raise RuleViolation("Another account now uses this e-mail address.")
    old_email = user.email
    user.email = new_email
    record_audit(
        "auth.email_changed", user, target_user=user, old_email=old_email, new_email=new_email
    )
    send_mail(
        old_email,
        "Your e-mail address was changed",
        f"The e-mail address of your account is now {new_email}.\n"
        "If this was not you, tell an administrator at once.\n",
    )
    db.session.flush()
