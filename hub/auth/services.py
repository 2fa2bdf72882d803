"""Accounts: registration, confirmation, sign-in, password and e-mail changes.

Each function flushes and never commits; the request (or CLI command) commits once.
"""

from blinker import Namespace
from flask import abort, current_app
from flask_babel import gettext as _
from limits import RateLimitItem, parse
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from hub.audit.models import AuditEntry
from hub.audit.services import client_address, record_audit
from hub.auth.models import AccountStatus, EmailPreference, Sector, User
from hub.auth.passwords import hash_password, password_problem, verify_password
from hub.auth.sessions import end_all_sessions
from hub.database import refusing_duplicates, utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db, limiter
from hub.i18n import language_of
from hub.links import absolute_url, hub_path
from hub.mail import duration_text, send_mail
from hub.tokens import make_token, read_token


def normalise_email(email: str) -> str:
    return email.strip().lower()


#: Sent with the user when an address is proven; other hub packages react (invitations).
account_confirmed = Namespace().signal("account-confirmed")


def find_user_by_email(email: str) -> User | None:
    # Addresses are stored normalised, so a plain comparison finds them (and uses the index).
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


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
    language: str = "en",
) -> User:
    """Create an account; RuleViolation if the e-mail is taken or the password too weak."""
    email = normalise_email(email)
    taken = _("An account with this e-mail address already exists.")
    if find_user_by_email(email) is not None:
        raise RuleViolation(taken, field="email")
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
        language=language,
        confirmed_at=utcnow() if status == AccountStatus.ACTIVE else None,
    )
    with refusing_duplicates(taken, field="email"):
        db.session.add(user)
    return user


def register_account(**fields) -> User | None:
    """Self-registration: a pending account and a confirmation e-mail.

    An address already registered gets a warning e-mail instead, and the caller shows the
    same page either way, so the form cannot be used to find out who has an account.
    """
    # The password rules come first, so a weak password gets the same answer either way.
    check_new_password(fields["password"], fields["email"], fields["display_name"])
    existing = find_user_by_email(fields["email"])
    if existing is not None:
        hash_password(fields["password"])  # the time creating the account would have taken
        with language_of(existing):
            send_mail(
                existing.email,
                _("Someone tried to register with your address"),
                _(
                    "Someone (perhaps you) tried to create a new account with this e-mail "
                    "address.\nYou already have one. If you forgot your password, reset it "
                    "here:\n%(link)s",
                    link=absolute_url(hub_path("auth.reset_request")),
                ),
            )
        return None
    user = create_account(**fields)
    record_audit("auth.registered", user, target_user=user)
    send_confirmation(user)
    return user


def email_link_lifetime() -> str:
    """How long confirmation and e-mail-change links work, as e-mails and pages say it."""
    return duration_text(current_app.config["EMAIL_TOKEN_MAX_AGE"], "hour")


def reset_link_lifetime() -> str:
    """How long a password reset link works, as e-mails and pages say it."""
    return duration_text(current_app.config["RESET_TOKEN_MAX_AGE"], "hour")


def send_confirmation(user: User) -> None:
    token = make_token("confirm", {"user": user.id, "email": user.email})
    # The account's language is the one its owner registered in (or has chosen since).
    with language_of(user):
        send_mail(
            user.email,
            _("Confirm your e-mail address"),
            _(
                "Welcome, %(name)s.\n\nConfirm your e-mail address to activate your account:\n"
                "%(link)s\n\nThe link works for %(lifetime)s. If you did not register, "
                "ignore this message.",
                name=user.display_name,
                link=absolute_url(hub_path("auth.confirm", token=token)),
                lifetime=email_link_lifetime(),
            ),
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
        account_confirmed.send(user)


# --- sign-in ---------------------------------------------------------------------------


def _signin_limits(email: str) -> list[tuple[RateLimitItem, tuple[str, ...]]]:
    """Each sign-in limit with the identifiers of the counter it applies to here."""
    config = current_app.config
    # Flask-Limiter puts its key prefix before its own keys; these counters need it too,
    # or two hubs sharing one Redis would share them.
    prefix = (config["RATELIMIT_KEY_PREFIX"],) if config.get("RATELIMIT_KEY_PREFIX") else ()
    return [
        (
            parse(config["SIGNIN_LIMIT_PER_ACCOUNT"]),
            (*prefix, "signin-account", normalise_email(email)),
        ),
        (
            parse(config["SIGNIN_LIMIT_PER_IP"]),
            (*prefix, "signin-ip", client_address() or "unknown"),
        ),
    ]


def abort_if_signin_throttled(email: str) -> None:
    """429 once an account or an address has too many recent failures (Flask-Limiter's store)."""
    for limit, identifiers in _signin_limits(email):
        if not limiter.limiter.test(limit, *identifiers):
            abort(429)


def count_failed_signin(email: str) -> None:
    for limit, identifiers in _signin_limits(email):
        limiter.limiter.hit(limit, *identifiers)


def _failure_reason(user: User | None, password_matches: bool) -> str:
    if user is None:
        return "unknown e-mail"
    return f"account {user.status.value}" if password_matches else "wrong password"


def authenticate(email: str, password: str) -> User | None:
    """The account if e-mail and password match an active account.

    Unknown e-mail and wrong password both cost one hash check and return None, so
    neither message nor timing tells them apart. The right password for an account that
    cannot sign in (not confirmed yet, or suspended) raises RuleViolation saying why:
    only someone who knows the password learns it. Every refusal counts toward the limit.
    """
    abort_if_signin_throttled(email)
    user = find_user_by_email(email)
    password_matches = verify_password(user, password)
    if password_matches and user.status == AccountStatus.ACTIVE:
        return user
    count_failed_signin(email)
    record_failed_sign_in(
        "auth.sign_in_failed",
        user,
        email=email[:254],
        reason=_failure_reason(user, password_matches),
    )
    if not password_matches:
        return None
    if user.status == AccountStatus.PENDING:
        send_confirmation(user)
        raise RuleViolation(_("Confirm your e-mail address first: we have sent you a new link."))
    raise RuleViolation(
        _(
            "This account is suspended. If you think this is a mistake, write to a hub "
            "administrator."
        )
    )


#: Failed sign-ins waiting for the unit of work to end, to be written on their own.
FAILED_SIGN_INS_KEY = "hub_failed_sign_ins"


def record_failed_sign_in(action: str, user: User | None, **details) -> None:
    """Audit a failed sign-in (or second step) in a transaction of its own, so that no rollback
    of the request's unit of work (a refusal, an error page) can remove it.

    It is written as soon as the current transaction ends, committed or rolled back: until then
    that transaction may hold SQLite's only write lock, so an immediate second writer would wait.
    """
    entry = record_audit(action, target_user=user, **details)
    entry.created_at = utcnow()
    db.session.expunge(entry)
    session = db.session()
    if session.in_transaction():
        session.info.setdefault(FAILED_SIGN_INS_KEY, []).append((session.get_bind(), entry))
    else:
        _write_on_its_own(session.get_bind(), entry)


def _write_on_its_own(engine: Engine, entry: AuditEntry) -> None:
    with Session(engine) as own_session, own_session.begin():
        own_session.add(entry)


@event.listens_for(Session, "after_transaction_end")
def _write_failed_sign_ins(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction: its connection is released
        for engine, entry in session.info.pop(FAILED_SIGN_INS_KEY, []):
            _write_on_its_own(engine, entry)


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
    token = make_token(
        "reset", {"user": user.id, "email": user.email, "stamp": _password_stamp(user)}
    )
    with language_of(user):
        send_mail(
            user.email,
            _("Reset your password"),
            _(
                "Someone (perhaps you) asked to reset the password of your account.\n"
                "Choose a new password here (the link works once, for %(lifetime)s):\n"
                "%(link)s\n\n"
                "If it was not you, ignore this message; your password stays as it is.",
                lifetime=reset_link_lifetime(),
                link=absolute_url(hub_path("auth.reset_password", token=token)),
            ),
        )
    record_audit("auth.reset_requested", target_user=user)


def user_from_reset_token(token: str) -> User | None:
    """The account a reset link is for, while it is unexpired and unused."""
    payload = read_token("reset", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    if payload is None:
        return None
    user = db.session.get(User, payload.get("user"))
    if (
        user is None
        or user.status == AccountStatus.SUSPENDED
        # A link sent to an address the account no longer uses must not work.
        or payload.get("email") != user.email
    ):
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
    """Ask again before a sensitive change. Wrong guesses count toward the sign-in limit,
    so someone at an unattended signed-in browser cannot try passwords without end."""
    abort_if_signin_throttled(user.email)
    if not verify_password(user, password):
        count_failed_signin(user.email)
        raise RuleViolation(_("Your current password is not right."), field="current_password")


def change_password(user: User, current_password: str, new_password: str) -> None:
    require_current_password(user, current_password)
    set_password(user, new_password, action="auth.password_changed")
    with language_of(user):
        send_mail(
            user.email,
            _("Your password was changed"),
            _(
                "The password of your account was just changed, and every other session "
                "ended.\nIf this was not you, reset your password at once and tell an "
                "administrator."
            ),
        )


# --- profile and e-mail ----------------------------------------------------------------


def update_profile(
    user: User,
    *,
    display_name: str,
    sector: Sector | str,
    organisation: str,
    country: str,
    email_preference: EmailPreference | str,
    language: str = "en",
    timezone: str | None = None,
) -> None:
    user.display_name = display_name
    user.sector = Sector(sector)
    user.organisation = organisation
    user.country = country
    user.email_preference = EmailPreference(email_preference)
    user.language = language
    user.timezone = timezone
    record_audit("auth.profile_updated", user, target_user=user)
    db.session.flush()


def request_email_change(user: User, new_email: str, current_password: str) -> None:
    require_current_password(user, current_password)
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise RuleViolation(_("That is already your e-mail address."), field="email")
    if find_user_by_email(new_email) is not None:
        raise RuleViolation(_("Another account uses this e-mail address."), field="email")
    token = make_token("email-change", {"user": user.id, "email": new_email})
    with language_of(user):  # the new address is still the same member's
        send_mail(
            new_email,
            _("Confirm your new e-mail address"),
            _(
                "Confirm that this address should become the e-mail address of your account:\n"
                "%(link)s\n\nThe link works for %(lifetime)s. If you did not ask for this, "
                "ignore this message.",
                link=absolute_url(hub_path("account.confirm_email_change", token=token)),
                lifetime=email_link_lifetime(),
            ),
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
    taken = _("Another account now uses this e-mail address.")
    if find_user_by_email(new_email) is not None:
        raise RuleViolation(taken)
    old_email = user.email
    with refusing_duplicates(taken):
        user.email = new_email
    record_audit(
        "auth.email_changed", user, target_user=user, old_email=old_email, new_email=new_email
    )
    with language_of(user):
        send_mail(
            old_email,
            _("Your e-mail address was changed"),
            _(
                "The e-mail address of your account is now %(email)s.\n"
                "If this was not you, tell an administrator at once.",
                email=new_email,
            ),
        )
    db.session.flush()
