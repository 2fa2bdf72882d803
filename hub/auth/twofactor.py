"""Optional TOTP two-factor authentication with hashed single-use recovery codes."""

import re
import secrets

import pyotp
import segno
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, update
from werkzeug.security import check_password_hash, generate_password_hash

from hub.audit.services import record_audit
from hub.auth.models import RecoveryCode, User
from hub.auth.services import record_failed_sign_in, require_current_password
from hub.auth.sessions import end_all_sessions
from hub.database import utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_PATTERN = re.compile(r"^[0-9a-f]{6}-?[0-9a-f]{6}$")


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["HUB_NAME"]
    )


def qr_code_svg(uri: str) -> str:
    """The QR code as an SVG document, drawn here: the secret never leaves the server."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff")


def _matching_step(secret: str, code: str) -> int | None:
    """The time step `code` belongs to (now, or one step either side), or None."""
    code = code.replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def make_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; return them to show once."""
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes.clear()
    method = current_app.config["PASSWORD_HASH_METHOD"]
    for code in codes:
        user.recovery_codes.append(
            RecoveryCode(code_hash=generate_password_hash(code, method=method))
        )
    db.session.flush()
    return codes


def enable_two_factor(user: User, secret: str, code: str, current_password: str) -> list[str]:
    require_current_password(user, current_password)
    step = _matching_step(secret, code)
    if step is None:
        raise RuleViolation(
            _("That code is not right. Check your device's clock and try again."), "code"
        )
    user.totp_secret = secret
    user.totp_last_step = step
    codes = make_recovery_codes(user)
    record_audit("auth.2fa_enabled", user, target_user=user)
    return codes


def disable_two_factor(user: User, current_password: str) -> None:
    require_current_password(user, current_password)
    user.totp_secret = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    end_all_sessions(user)
    record_audit("auth.2fa_disabled", user, target_user=user)
    db.session.flush()


def regenerate_recovery_codes(user: User, current_password: str) -> list[str]:
    require_current_password(user, current_password)
    codes = make_recovery_codes(user)
    record_audit("auth.2fa_recovery_codes_regenerated", user, target_user=user)
    return codes


def _claim_totp_step(user: User, step: int) -> bool:
    """Mark `step` used unless it (or a later one) already is. One UPDATE decides, so two
    requests racing with the same code cannot both win."""
    result = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
    )
    return result.rowcount == 1


def _use_recovery_code(user: User, code: str) -> bool:
    """Spend the unused recovery code matching `code`, if any (once, even under a race)."""
    code = code.replace(" ", "")
    if not RECOVERY_CODE_PATTERN.match(code):
        return False  # not shaped like one: spare the hash checks
    code = code if "-" in code else f"{code[:6]}-{code[6:]}"
    for recovery_code in user.recovery_codes:
        if recovery_code.used_at is None and check_password_hash(recovery_code.code_hash, code):
            result = db.session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == recovery_code.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
            )
            return result.rowcount == 1
    return False


def verify_second_factor(user: User, code: str) -> str | None:
    """ "totp" or "recovery code" if `code` is valid (and not replayed), else None."""
    code = code.strip().lower()
    step = _matching_step(user.totp_secret, code) if user.totp_secret else None
    if step is not None and _claim_totp_step(user, step):
        return "totp"
    if _use_recovery_code(user, code):
        record_audit("auth.2fa_recovery_code_used", user, target_user=user)
        db.session.flush()
        return "recovery code"
    record_failed_sign_in("auth.2fa_failed", user)
    return None


def unused_recovery_codes(user: User) -> int:
    return sum(1 for recovery_code in user.recovery_codes if recovery_code.used_at is None)
