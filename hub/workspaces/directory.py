"""The members directory: filtered, paged member lists and the membership-by-sector figures."""

from dataclasses import dataclass

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from hub.auth.models import SECTOR_LABELS, AccountStatus, User
from hub.database import containing
from hub.extensions import db
from hub.workspaces.models import Membership, MembershipStatus, Workspace

#: Pages past this one are empty anyway; a larger number would overflow SQLite's OFFSET.
MAX_PAGE = 100_000


def member_page(
    workspace: Workspace,
    *,
    text: str = "",
    sector: str = "",
    country: str = "",
    role: str = "",
    page: int = 1,
) -> Pagination:
    """Active members, by name; each item is a Membership with its user loaded (two queries)."""
    query = (
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.workspace_id == workspace.id,
            Membership.status == MembershipStatus.ACTIVE,
            User.status != AccountStatus.SUSPENDED,
        )
        .options(db.contains_eager(Membership.user))
        .order_by(func.lower(User.display_name), User.id)
    )
    if text:
        query = query.where(containing(text, User.display_name, User.organisation))
    if sector:
        query = query.where(User.sector == sector)
    if country:
        query = query.where(User.country == country)
    if role:
        query = query.where(Membership.role == role)
    return db.paginate(
        query,
        page=min(max(page, 1), MAX_PAGE),
        per_page=current_app.config["MEMBERS_PER_PAGE"],
        error_out=False,
    )


@dataclass(frozen=True)
class SectorCount:
    sector: str
    label: str
    count: int
    #: Share of the largest sector, 0-100: the bar's length in the chart.
    bar_percent: float


def sector_breakdown(workspace: Workspace) -> list[SectorCount]:
    """Active members per sector, every sector listed (one query)."""
    rows = db.session.execute(
        select(User.sector, func.count())
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.workspace_id == workspace.id,
            Membership.status == MembershipStatus.ACTIVE,
            User.status != AccountStatus.SUSPENDED,
        )
        .group_by(User.sector)
    ).all()
    counts = {sector: count for sector, count in rows}
    largest = max(counts.values(), default=0)
    return [
        SectorCount(
            sector=sector.value,
            label=label,
            count=counts.get(sector, 0),
            bar_percent=round(100 * counts.get(sector, 0) / largest, 1) if largest else 0.0,
        )
        for sector, label in SECTOR_LABELS.items()
    ]
