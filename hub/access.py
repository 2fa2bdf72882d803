"""The one place that decides what a user may do in a workspace.

Every view that shows or changes workspace content goes through `workspace_view`
(or calls `permissions_for` / `require` itself); services call `require` again, so a
rule holds whether the call comes from a request, a CLI command or a test.
"""

import enum
from collections.abc import Callable
from functools import wraps

from flask import abort, g
from flask_login import current_user
from sqlalchemy import bindparam, select

from hub.auth.models import User
from hub.exceptions import AccessDenied
from hub.extensions import db, login_manager
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility, Workspace


class Action(enum.StrEnum):
    VIEW = "view"  # read the workspace's content
    POST = "post"  # write forum posts, upload documents
    EDIT = "edit"  # edit the wiki
    MODERATE = "moderate"  # hide, lock, protect, restore others' content
    ADMINISTER = "administer"  # membership, roles, events, settings


ROLE_ACTIONS = {
    Role.MEMBER: frozenset({Action.VIEW, Action.POST, Action.EDIT}),
    Role.MODERATOR: frozenset({Action.VIEW, Action.POST, Action.EDIT, Action.MODERATE}),
    Role.ADMINISTRATOR: frozenset(Action),
}
NO_ACTIONS: frozenset[Action] = frozenset()


def membership_of(user: User, workspace: Workspace) -> Membership | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(Membership).where(
            Membership.workspace_id == workspace.id, Membership.user_id == user.id
        )
    )


def permissions_for(
    user: User, workspace: Workspace, membership: Membership | None
) -> frozenset[Action]:
    """What `user` may do in `workspace`, given their membership row (or None)."""
    if not user.is_authenticated or not user.is_active:
        return NO_ACTIONS
    if user.is_hub_admin:
        return frozenset(Action)
    if membership is not None and membership.status == MembershipStatus.ACTIVE:
        return ROLE_ACTIONS[membership.role]
    if workspace.visibility == Visibility.OPEN:
        return frozenset({Action.VIEW})
    return NO_ACTIONS


def can(user: User, action: Action, workspace: Workspace) -> bool:
    return action in permissions_for(user, workspace, membership_of(user, workspace))


def require(user: User, action: Action, workspace: Workspace) -> None:
    """For services: raise AccessDenied unless `user` may do `action` in `workspace`."""
    if not can(user, action, workspace):
        raise AccessDenied()


def load_workspace(slug: str) -> Workspace:
    workspace = db.session.scalar(select(Workspace).where(Workspace.slug == slug))
    if workspace is None:
        abort(404)
    return workspace


# One query for both, built once: every workspace page needs it.
_WORKSPACE_AND_MEMBERSHIP = (
    select(Workspace, Membership)
    .outerjoin(
        Membership,
        (Membership.workspace_id == Workspace.id) & (Membership.user_id == bindparam("user_id")),
    )
    .where(Workspace.slug == bindparam("slug"))
)


def enter_workspace(slug: str) -> Workspace:
    """Load the workspace at `slug` (404 if none); set g.workspace, g.membership, g.permissions."""
    row = db.session.execute(
        _WORKSPACE_AND_MEMBERSHIP, {"slug": slug, "user_id": current_user.id}
    ).first()
    if row is None:
        abort(404)
    workspace, membership = row
    g.workspace, g.membership = workspace, membership
    g.permissions = permissions_for(current_user, workspace, membership)
    return workspace


def workspace_view(action: Action) -> Callable:
    """Decorate a view under /w/<slug>/: load the workspace and check `action`.

    Anonymous users are sent to sign in; signed-in users without the right get 403.
    The view receives the workspace instead of the slug; g.workspace, g.membership and
    g.permissions are set for templates.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(slug: str, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            workspace = enter_workspace(slug)
            if action not in g.permissions:
                abort(403)
            return view(workspace, **kwargs)

        wrapped.required_action = action
        return wrapped

    return decorator


def signed_in_view(view: Callable) -> Callable:
    """A view for any signed-in, active account (hub pages outside a workspace)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return wrapped


def hub_admin_view(view: Callable) -> Callable:
    """A view for hub administrators only."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_hub_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
