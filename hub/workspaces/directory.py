"""The members directory: filtered, paged member lists and the membership-by-sector figures."""

from dataclasses import dataclass

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from hub.auth.models import SECTOR_LABELS, AccountStatus, User
from hub.database import MAX_ROW_ID, containing
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


# The chart is drawn in CSS pixels (the SVG's width is its size on screen, shrinking only on
# screens narrower than it), so its labels at 16 px read like the body text around them.
CHART_WIDTH = 320
#: A row: the sector's name on one line, its bar and count on the next.
CHART_ROW_HEIGHT = 56
CHART_LABEL_BASELINE = 18
CHART_BAR_TOP = 26
CHART_BAR_HEIGHT = 18
#: Room right of the longest bar for its count.
CHART_COUNT_SPACE = 48


@dataclass(frozen=True)
class SectorCount:
    sector: str
    label: str
    count: int
    #: Where the row starts, from the top of the chart.
    top: int
    bar_width: float


@dataclass(frozen=True)
class SectorChart:
    """Active members per sector, the largest sector's bar the longest; sectors nobody is
    in are left out."""

    rows: list[SectorCount]
    width: int = CHART_WIDTH
    label_baseline: int = CHART_LABEL_BASELINE
    bar_top: int = CHART_BAR_TOP
    bar_height: int = CHART_BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.rows) * CHART_ROW_HEIGHT


def sector_chart(workspace: Workspace) -> SectorChart:
    """The membership-by-sector chart (one query)."""
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
    counts = {sector: count for sector, count in rows if count}
    largest = max(counts.values(), default=0)
    bar_space = CHART_WIDTH - CHART_COUNT_SPACE
    present = [(sector, label) for sector, label in SECTOR_LABELS.items() if sector in counts]
    return SectorChart(
        rows=[
            SectorCount(
                sector=sector.value,
                label=label,
                count=counts[sector],
                top=index * CHART_ROW_HEIGHT,
                bar_width=round(bar_space * counts[sector] / largest, 1),
            )
            for index, (sector, label) in enumerate(present)
        ]
    )


def active_member(workspace: Workspace, membership_id: int) -> Membership | None:
    """One active membership of `workspace`, with its user, for the page that manages it."""
    if not 0 < membership_id <= MAX_ROW_ID:  # from the URL: out of range matches nothing
        return None
    return db.session.scalar(
        select(Membership)
        .where(
            Membership.id == membership_id,
            Membership.workspace_id == workspace.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .options(db.joinedload(Membership.user))
    )
