"""The one place that decides what a user may do in a workspace.

Every view that shows or changes workspace content goes through `workspace_view`
(or calls `permissions_of` / `require` itself); services call `require` again, so a
rule holds whether the call comes from a request, a CLI command or a test. Rules about one
object (this page, this post) are the packages' policies; services `enforce` them.
"""

import enum
from collections.abc import Callable, Iterable
from functools import wraps

from flask import abort, g
from flask_babel import LazyString
from flask_login import current_user
from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session

from hub.auth.models import User
from hub.auth.sessions import LOADED_WORKSPACE_KEY
from hub.exceptions import AccessDenied, Refusal
from hub.extensions import db, login_manager
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility, Workspace


class Action(enum.StrEnum):
    VIEW = "view"  # read the workspace's content
    # The directory lists people (police and justice staff), which is not content: an open
    # workspace's visitors may read its content but not see who its members are.
    SEE_MEMBERS = "see_members"  # the members directory
    POST = "post"  # write forum posts, upload documents
    EDIT = "edit"  # edit the wiki
    MODERATE = "moderate"  # hide, lock, protect, restore others' content
    ADMINISTER = "administer"  # membership, roles, events, settings


ROLE_ACTIONS = {
    Role.MEMBER: frozenset({Action.VIEW, Action.SEE_MEMBERS, Action.POST, Action.EDIT}),
    Role.MODERATOR: frozenset(
        {Action.VIEW, Action.SEE_MEMBERS, Action.POST, Action.EDIT, Action.MODERATE}
    ),
    Role.ADMINISTRATOR: frozenset(Action),
}
NO_ACTIONS: frozenset[Action] = frozenset()


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


# --- once per unit of work -----------------------------------------------------------------
# The membership rows behind permissions are looked up once per transaction and kept in the
# session's info (permissions themselves are derived each time, so a change to an account
# or a membership object shows at once); a flushed change to memberships forgets them.

_MEMBERSHIPS_KEY = "hub_memberships"


def _known_memberships() -> dict[tuple[int, int], Membership | None]:
    return db.session.info.setdefault(_MEMBERSHIPS_KEY, {})


def remember_membership(user: User, workspace: Workspace, membership: Membership | None) -> None:
    if user.is_authenticated:
        _known_memberships()[(user.id, workspace.id)] = membership


def permissions_of_many(
    users: Iterable[User], workspace: Workspace
) -> dict[int, frozenset[Action]]:
    """Each user's permissions in `workspace`, by user id: one query for all whose
    membership this unit of work has not looked up yet."""
    known = _known_memberships()
    users = list(users)
    missing = [user.id for user in users if (user.id, workspace.id) not in known]
    if missing:
        found = {
            membership.user_id: membership
            for membership in db.session.scalars(
                select(Membership).where(
                    Membership.workspace_id == workspace.id, Membership.user_id.in_(missing)
                )
            )
        }
        for user_id in missing:
            known[(user_id, workspace.id)] = found.get(user_id)
    return {
        user.id: permissions_for(user, workspace, known[(user.id, workspace.id)]) for user in users
    }


def permissions_of(user: User, workspace: Workspace) -> frozenset[Action]:
    if not user.is_authenticated:
        return NO_ACTIONS
    return permissions_of_many([user], workspace)[user.id]


@event.listens_for(Session, "after_flush")
def _forget_memberships_on_change(session, _flush_context) -> None:
    changed = (*session.new, *session.deleted)
    if any(isinstance(each, Membership) for each in changed):
        session.info.pop(_MEMBERSHIPS_KEY, None)


@event.listens_for(Session, "do_orm_execute")
def _forget_memberships_on_bulk_write(orm_execute_state) -> None:
    if not orm_execute_state.is_select:
        orm_execute_state.session.info.pop(_MEMBERSHIPS_KEY, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_memberships(session, _transaction) -> None:
    # Savepoints included: a rolled-back savepoint may have undone a new membership.
    session.info.pop(_MEMBERSHIPS_KEY, None)


def can(user: User, action: Action, workspace: Workspace) -> bool:
    return action in permissions_of(user, workspace)


def require(user: User, action: Action, workspace: Workspace) -> None:
    """For services: raise AccessDenied unless `user` may do `action` in `workspace`."""
    if not can(user, action, workspace):
        raise AccessDenied()


def enforce(refusal: Refusal | None) -> None:
    """For services: a policy's refusal (see the packages' policies.py) stops the action."""
    if refusal is not None:
        raise refusal


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
    workspace = enter_workspace_if_any(slug)
    if workspace is None:
        abort(404)
    return workspace


def enter_workspace_if_any(slug: str) -> Workspace | None:
    """enter_workspace for the signed-in user, or None when no workspace has that slug."""
    user_id = current_user.id  # loads the reader first, with the page's workspace
    loaded = g.pop(LOADED_WORKSPACE_KEY, None)
    if loaded is not None and loaded.slug == slug and loaded.user_id == user_id:
        workspace, membership = loaded.workspace, loaded.membership
    else:
        row = db.session.execute(
            _WORKSPACE_AND_MEMBERSHIP, {"slug": slug, "user_id": user_id}
        ).first()
        workspace, membership = row if row is not None else (None, None)
    if workspace is None:
        return None
    g.workspace, g.membership = workspace, membership
    g.permissions = permissions_for(current_user, workspace, membership)
    remember_membership(current_user, workspace, membership)
    return workspace


def workspace_view(action: Action, refusal: str | LazyString | None = None) -> Callable:
    """Decorate a view under /w/<slug>/: load the workspace and check `action`.

    Anonymous users are sent to sign in; signed-in users without the right get 403, with
    `refusal` (a lazy_gettext string) as the reason when the general one would say too little.
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
                if refusal is not None:
                    raise AccessDenied(refusal)
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
