"""The members directory for hub search: an active member of a workspace, found by name,
organisation or country by the workspace's members only (Action.SEE_MEMBERS)."""

from collections.abc import Sequence

from babel import Locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hub.access import Action
from hub.auth.models import AccountStatus, User
from hub.extensions import db
from hub.search.providers import SearchDocument, SearchProvider, Watch
from hub.workspaces.models import Membership, MembershipStatus

_COUNTRIES = Locale("en").territories


def member_documents(ids: Sequence[int]) -> dict[int, SearchDocument]:
    rows = db.session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.id.in_(ids),
            Membership.status == MembershipStatus.ACTIVE,
            User.status == AccountStatus.ACTIVE,
        )
    ).all()
    return {
        membership.id: SearchDocument(
            workspace_id=membership.workspace_id,
            title=user.display_name,
            body=" ".join(
                filter(None, (user.organisation, user.country, _COUNTRIES.get(user.country)))
            ),
            endpoint="members.index",
            url_values={"q": user.display_name},
            date=membership.joined_at or user.created_at,
            location=user.organisation,
        )
        for membership, user in rows
    }


def active_member_ids(workspace_id: int | None):
    query = (
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.status == MembershipStatus.ACTIVE, User.status == AccountStatus.ACTIVE)
    )
    if workspace_id is not None:
        query = query.where(Membership.workspace_id == workspace_id)
    return query


MEMBERS = SearchProvider(
    type="member",
    label=_l("Member"),
    documents=member_documents,
    all_ids=active_member_ids,
    watches=(
        Watch(Membership, lambda membership, _session: [membership.id], fields=("status",)),
        Watch(
            User,
            lambda user, session: session.scalars(
                select(Membership.id).where(Membership.user_id == user.id)
            ),
            fields=("display_name", "organisation", "country", "status"),
        ),
    ),
    requires=Action.SEE_MEMBERS,
    suggested=False,
    order=100,
)
