"""Server-side sessions: every signed-in browser has a row in auth_sessions.

The signed cookie carries a random token; the row keeps its hash. A request is signed in
only while the row exists, is not revoked, its user is active and neither the idle nor
the absolute timeout has passed. Revoking rows ends sessions at once, cookie or not.
Flask-Login's own remember cookie is not used: "remember me" makes this cookie last.
"""

import hashlib
import secrets
from datetime import datetime
from typing import NamedTuple

from flask import Flask, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import and_, bindparam, delete, or_, select, update

from hub.auth.models import AuthSession, User
from hub.database import utcnow
from hub.extensions import db, login_manager
from hub.workspaces.models import Membership, Workspace

TOKEN_KEY = "auth_token"
SEEN_KEY = "auth_seen"
# Refresh the idle clock at most this often, so most responses set no new cookie.
SEEN_RESOLUTION_SECONDS = 60


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clear_browser_session() -> None:
    """Empty the cookie session, and forget the CSRF token this request derived from it."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def start_session(user: User, remember: bool = False) -> AuthSession:
    """Sign `user` in on this browser with a fresh session (a new token, never reused)."""
    token = secrets.token_urlsafe(32)
    auth_session = AuthSession(
        user_id=user.id,
        token_hash=hash_token(token),
        remember=remember,
        ip_address=request.remote_addr or "",
        user_agent=(request.user_agent.string or "")[:255],
    )
    db.session.add(auth_session)
    user.last_sign_in_at = utcnow()
    db.session.flush()
    clear_browser_session()  # nothing from before sign-in survives (session fixation)
    session[TOKEN_KEY] = token
    session[SEEN_KEY] = int(utcnow().timestamp())
    session.permanent = remember
    login_user(user)
    return auth_session


def restart_session(user: User) -> AuthSession:
    """After every session of `user` ended, keep this browser in (remembered as before)."""
    return start_session(user, remember=bool(session.permanent))


def end_all_sessions(user: User) -> None:
    """Revoke every session of `user`, on every browser."""
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def prune_ended_sessions() -> int:
    """Delete the session rows that can never sign anyone in again: revoked ones and those
    past their absolute lifetime. Returns how many went."""
    config = current_app.config
    now = utcnow()
    result = db.session.execute(
        delete(AuthSession).where(
            or_(
                AuthSession.revoked_at.is_not(None),
                and_(
                    AuthSession.remember.is_(True),
                    AuthSession.created_at < now - config["SESSION_REMEMBER_TIMEOUT"],
                ),
                and_(
                    AuthSession.remember.is_(False),
                    AuthSession.created_at < now - config["SESSION_ABSOLUTE_TIMEOUT"],
                ),
            )
        )
    )
    return result.rowcount


def sign_out_here() -> None:
    logout_user()
    clear_browser_session()


def session_expired(
    remember: bool, created_at: datetime, seen_at: int | None, now: datetime
) -> bool:
    config = current_app.config
    lifetime = config["SESSION_REMEMBER_TIMEOUT" if remember else "SESSION_ABSOLUTE_TIMEOUT"]
    if now - created_at > lifetime:
        return True
    if remember or seen_at is None:
        return seen_at is None
    return now.timestamp() - seen_at > config["SESSION_IDLE_TIMEOUT"].total_seconds()


# Built once: every signed-in request runs one of them, and building costs as much as
# running. The session's columns come as plain values: only the user is needed as an object.
_SESSION_AND_USER = (
    select(User, AuthSession.revoked_at, AuthSession.remember, AuthSession.created_at)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(AuthSession.token_hash == bindparam("token_hash"))
)
# A workspace's page (/w/<slug>/...) needs its reader, the workspace and the reader's
# membership of it: all three in one statement, which hub.access.enter_workspace takes up.
_SESSION_USER_AND_WORKSPACE = (
    _SESSION_AND_USER.add_columns(Workspace, Membership)
    .outerjoin(Workspace, Workspace.slug == bindparam("slug"))
    .outerjoin(
        Membership, and_(Membership.workspace_id == Workspace.id, Membership.user_id == User.id)
    )
)
LOADED_WORKSPACE_KEY = "hub_loaded_workspace"


class LoadedWorkspace(NamedTuple):
    """The workspace at `slug` (None if there is none) and `user_id`'s membership of it,
    loaded with the reader."""

    slug: str
    user_id: int
    workspace: Workspace | None
    membership: Membership | None


def load_user_from_session(user_id: str) -> User | None:
    token = session.get(TOKEN_KEY)
    if not token or not user_id.isdigit():
        return None
    slug = (request.view_args or {}).get("slug")
    if isinstance(slug, str):
        statement, values = _SESSION_USER_AND_WORKSPACE, {"slug": slug}
    else:
        slug, statement, values = None, _SESSION_AND_USER, {}
    row = db.session.execute(statement, {"token_hash": hash_token(token), **values}).first()
    if row is None:
        return None
    user = row.User
    now = utcnow()
    if (
        row.revoked_at is not None
        or user.id != int(user_id)
        or not user.is_active
        or session_expired(row.remember, row.created_at, session.get(SEEN_KEY), now)
    ):
        clear_browser_session()
        return None
    if now.timestamp() - session.get(SEEN_KEY, 0) > SEEN_RESOLUTION_SECONDS:
        session[SEEN_KEY] = int(now.timestamp())
    if slug is not None:
        g.setdefault(
            LOADED_WORKSPACE_KEY, LoadedWorkspace(slug, user.id, row.Workspace, row.Membership)
        )
    return user


def configure_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flashed in the reader's language: the lazy text is made a plain one when flashed.
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    # Our own session rows already bind a session to its browser.
    login_manager.session_protection = None
    login_manager.user_loader(load_user_from_session)
