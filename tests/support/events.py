"""The events' test world: a workspace, one account per role and an outsider; events made
through the services, a given number of days from now."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from events import services
from events.models import Event, EventKind
from hub.auth.models import AccountStatus, Sector, User
from hub.database import utcnow
from hub.extensions import db
from hub.i18n import known_timezone
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility, Workspace
from tests.support import make_workspace, role_accounts


@dataclass
class Calendar:
    workspace: Workspace
    admin: User
    moderator: User
    member: User
    other_member: User
    outsider: User

    def url(self, *parts: object) -> str:
        return "/".join([f"/w/{self.workspace.slug}/events", *map(str, parts)])

    def kind(self, slug: str = "vdr") -> EventKind:
        return next(k for k in services.ensure_default_kinds(self.workspace) if k.slug == slug)


def build_calendar(slug: str = "ai", visibility: Visibility = Visibility.RESTRICTED) -> Calendar:
    workspace = make_workspace(slug, visibility=visibility)
    accounts = role_accounts(workspace)
    services.ensure_default_kinds(workspace)
    db.session.commit()
    return Calendar(workspace, **accounts)


def local(when: datetime, zone: str) -> datetime:
    """`when` (aware) as a wall-clock time in `zone`, as the form gives it."""
    from zoneinfo import ZoneInfo

    return when.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0)


def event_data(calendar: Calendar, days: float = 10, hours: float = 2, **extra):
    zone = extra.pop("timezone", "Europe/Paris")
    # A zone the hub does not know (a bad-input test) gives UTC's wall-clock time.
    starts = local(utcnow() + timedelta(days=days), zone if known_timezone(zone) else "UTC")
    values = {
        "kind_id": calendar.kind(extra.pop("kind", "vdr")).id,
        "title": "A discussion room",
        "starts": starts,
        "ends": starts + timedelta(hours=hours),
        "timezone": zone,
    }
    values.update(extra)
    return services.EventData(**values)


def make_event(calendar: Calendar, days: float = 10, **extra) -> Event:
    """An event `days` from now (negative: in the past), made by the administrator."""
    event = services.create_event(
        calendar.workspace, calendar.admin, event_data(calendar, days, **extra)
    )
    db.session.commit()
    return event


def reload(row):
    db.session.expire_all()
    return db.session.get(type(row), row.id)


def many_members(workspace: Workspace, count: int, prefix: str = "crowd") -> list[User]:
    """`count` active members of `workspace`, rows straight in (no password checks)."""
    people = [
        User(
            email=f"{prefix}{number}@{workspace.slug}.example.org",
            display_name=f"Crowd Member {number}",
            sector=Sector.LAW_ENFORCEMENT,
            organisation="Crowd Police",
            country="FR",
            password_hash="unusable",
            status=AccountStatus.ACTIVE,
            confirmed_at=utcnow(),
        )
        for number in range(count)
    ]
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all(
        Membership(
            workspace_id=workspace.id,
            user_id=person.id,
            role=Role.MEMBER,
            status=MembershipStatus.ACTIVE,
            joined_at=utcnow(),
        )
        for person in people
    )
    db.session.commit()
    return people
