"""The demo: six accounts to sign in with, the Artificial Intelligence workspace, two small ones.

`flask --app wsgi hub seed-demo` calls seed_demo(). Accounts are found by e-mail and
workspaces by slug before anything is made, so a second run changes nothing. What a
workspace starts with (its members, join requests, an invitation, recent activity) is
made only together with the workspace itself.

The invented members are drawn from hub.demo_people by a seeded generator, so every run
makes the same people. They get no password: they fill the directory but cannot sign in,
and the seed need not spend a slow hash on each of them.
"""

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from sqlalchemy import select

from hub.auth.models import AccountStatus, EmailPreference, Sector, User
from hub.auth.services import create_account
from hub.demo_people import (
    ACADEMIC_INSTITUTIONS,
    COMPANIES,
    COUNTRIES,
    INTERNATIONAL_ORGANISATIONS,
    LAW_ENFORCEMENT_UNITS,
    NAME_POOLS,
    POOL_LANGUAGES,
    SECTOR_WEIGHTS,
    Country,
)
from hub.exceptions import RuleViolation
from hub.extensions import db
from hub.features import demo_seeders
from hub.notifications.services import record_activity
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility, Workspace
from hub.workspaces.services import create_workspace, invite, join_workspace

DEMO_PASSWORD = "demo-password-1"
#: Any fixed number: it decides who the invented members are.
PEOPLE_SEED = 2018
INVENTED_MEMBERS_OF_AI = 106  # with the three demo members: about 109, like the real workspace
INVENTED_PEOPLE = INVENTED_MEMBERS_OF_AI + 3  # three more only ask to join
COMMUNITY_UNTIL = datetime(2021, 12, 31, tzinfo=UTC)


def _day(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, tzinfo=UTC)


# --- the demo accounts -----------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str  # as printed in the accounts table
    display_name: str
    sector: Sector
    organisation: str
    country: str
    registered: datetime
    hub_admin: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin@example.org",
        "hub administrator (also runs Drones)",
        "Claire Moreau",
        Sector.INTERNATIONAL_ORGANISATION,
        "Global Innovation Centre — Knowledge Hub Team",
        "FR",
        _day(2018, 5, 14),
        hub_admin=True,
    ),
    DemoAccount(
        "wsadmin@example.org",
        "administrator of Artificial Intelligence",
        "Daniel Okonkwo",
        Sector.INTERNATIONAL_ORGANISATION,
        "Global Innovation Centre — Artificial Intelligence Programme",
        "SG",
        _day(2018, 6, 28),
    ),
    DemoAccount(
        "moderator@example.org",
        "moderator of Artificial Intelligence",
        "Lucía Navarro",
        Sector.ACADEMIA,
        "University of Valencia — Department of Computer Science",
        "ES",
        _day(2019, 2, 11),
    ),
    DemoAccount(
        "member@example.org",
        "member of Artificial Intelligence and Drones",
        "Tomasz Kowalczyk",
        Sector.LAW_ENFORCEMENT,
        "National Police — Cybercrime Unit",
        "PL",
        _day(2020, 11, 19),
    ),
    DemoAccount(
        "applicant@example.org",
        "has asked to join Artificial Intelligence",
        "Sofie Lindqvist",
        Sector.PRIVATE_INDUSTRY,
        "Brightlattice Imaging",
        "SE",
        _day(2021, 12, 6),
    ),
    DemoAccount(
        "outsider@example.org",
        "signed in, in no workspace",
        "Ruwan Jayasinghe",
        Sector.ACADEMIA,
        "University of Colombo — Faculty of Law",
        "LK",
        _day(2021, 10, 4),
    ),
)

APPLICANT_MESSAGE = (
    "I lead a small team that builds image-analysis tools for investigators. We would like "
    "to learn how police agencies assess such tools before using them, and to share how we "
    "test ours for bias."
)


def ensure_demo_accounts(report: list[str]) -> dict[str, User]:
    """The six sign-in accounts, made through the accounts service if missing."""
    accounts = {}
    for demo in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == demo.email))
        if user is not None:
            report.append(f"Account {demo.email}: already seeded.")
        else:
            user = create_account(
                email=demo.email,
                password=DEMO_PASSWORD,
                display_name=demo.display_name,
                sector=demo.sector,
                organisation=demo.organisation,
                country=demo.country,
                status=AccountStatus.ACTIVE,
                is_hub_admin=demo.hub_admin,
            )
            # Dated like the community's history, so the directory reads naturally.
            user.created_at = user.confirmed_at = demo.registered
            report.append(f"Created account {demo.email} ({demo.role}).")
        accounts[demo.email] = user
    return accounts


# --- the invented members --------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    email: str
    display_name: str
    sector: Sector
    organisation: str
    country: str
    registered: datetime
    language: str


#: Letters NFKD does not take apart into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ø": "o", "đ": "d", "ß": "ss"})


def _address_part(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSABLE))
    ascii_only = plain.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]+", "-", ascii_only).strip("-")


def _organisation(rng: random.Random, sector: Sector, country: Country) -> str:
    if sector == Sector.LAW_ENFORCEMENT:
        return rng.choice(LAW_ENFORCEMENT_UNITS)
    if sector == Sector.ACADEMIA:
        return rng.choice(ACADEMIC_INSTITUTIONS).format(city=rng.choice(country.cities))
    if sector == Sector.PRIVATE_INDUSTRY:
        return rng.choice(COMPANIES)
    return rng.choice(INTERNATIONAL_ORGANISATIONS)


def _countries_for(rng: random.Random, count: int) -> list[Country]:
    """Every country once (so the community spans them all), then more by weight."""
    countries = list(COUNTRIES)
    rng.shuffle(countries)
    weights = [country.weight for country in COUNTRIES]
    extra = rng.choices(COUNTRIES, weights=weights, k=max(0, count - len(countries)))
    return (countries + extra)[:count]


def invent_people(count: int = INVENTED_PEOPLE, seed: int = PEOPLE_SEED) -> list[Person]:
    """The same `count` invented people for the same seed, with distinct names and e-mails."""
    rng = random.Random(seed)
    sectors = list(SECTOR_WEIGHTS)
    sector_weights = list(SECTOR_WEIGHTS.values())
    people: list[Person] = []
    names_taken: set[str] = set()
    for country in _countries_for(rng, count):
        pool = NAME_POOLS[country.names]
        while True:
            given, family = rng.choice(pool.given), rng.choice(pool.family)
            if f"{given} {family}" not in names_taken:
                break
        names_taken.add(f"{given} {family}")
        sector = rng.choices(sectors, weights=sector_weights)[0]
        registered = _day(2018, 6, 1) + timedelta(days=rng.randrange(0, 3 * 365))
        people.append(
            Person(
                email=f"{_address_part(given)}.{_address_part(family)}@example.net",
                display_name=f"{given} {family}",
                sector=sector,
                organisation=_organisation(rng, sector, country),
                country=country.code,
                registered=registered,
                language=POOL_LANGUAGES.get(country.names, "en"),
            )
        )
    return people


def ensure_invented_people(people: list[Person], report: list[str]) -> dict[str, User]:
    """Insert the people not there yet, in one batch; return every one of them by e-mail."""
    emails = [person.email for person in people]
    existing = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    missing = [person for person in people if person.email not in existing]
    db.session.add_all(
        User(
            email=person.email,
            display_name=person.display_name,
            sector=person.sector,
            organisation=person.organisation,
            country=person.country,
            language=person.language,
            password_hash=None,
            status=AccountStatus.ACTIVE,
            created_at=person.registered,
            confirmed_at=person.registered,
            # Invented people have no mailbox: never write them e-mail.
            email_preference=EmailPreference.OFF,
        )
        for person in missing
    )
    db.session.flush()
    if missing:
        report.append(f"Created {len(missing)} invented members (they cannot sign in).")
    else:
        report.append("Invented members: already seeded.")
    users = db.session.scalars(select(User).where(User.email.in_(emails)))
    return {user.email: user for user in users}


# --- the workspaces --------------------------------------------------------------------

AI_DESCRIPTION = """\
A members-only community for people who work on artificial intelligence in policing: officers \
and analysts from law enforcement agencies, researchers from universities and institutes, and \
engineers from private industry. Members share what works, what does not, and what has to be \
handled with care.

## What you find here

- **Wiki**: pages on the AI topics that matter most to police work — audio and video \
forensics, computer vision and image processing, machine learning, natural language \
processing, smart robots and speech recognition — and a page for each of our global meetings \
since 2018 and each online session: the *Virtual Discussion Rooms*, where a core group of \
experts reviewed the Toolkit, and the *Virtual Training Rooms*, short courses for officers new \
to the field.
- **Toolkit**: the wiki's section on the Toolkit for Responsible AI Innovation in Law \
Enforcement, an illustration written for this hub.

## Responsible AI innovation

INTERPOL and UNICRI, the United Nations Interregional Crime and Justice Research Institute, \
launched the **Toolkit for Responsible AI Innovation in Law Enforcement** in 2023 and revised \
it in 2024: guidance on the principles of responsible AI innovation, practical tools such as \
an organisational readiness assessment and a risk assessment questionnaire, and a technical \
reference book.

## Joining

Membership is by request. Say briefly who you are and why you would like to join; a \
workspace administrator will answer.
"""

DRONES_DESCRIPTION = """\
For people who meet unmanned aircraft in their work: police units that fly drones for search \
and rescue, traffic, public order and crime-scene mapping, and those who have to counter \
drones used for smuggling, disruption or attack.

- Share operating procedures, training and lessons learned from deployments.
- Compare detection and counter-drone technologies, and the legal limits on using them.
- Discuss the forensic examination of seized drones and their flight logs.

Membership is by request.
"""

BLOCKCHAIN_DESCRIPTION = """\
Blockchains and cryptocurrencies in criminal investigations: tracing payments, seizing and \
holding virtual assets, and working with exchanges and other service providers.

This workspace is **open**: anyone with an account on the hub can join at once and read along.
"""


@dataclass(frozen=True)
class JoinRequest:
    email: str
    message: str


@dataclass(frozen=True)
class WorkspacePlan:
    slug: str
    name: str
    visibility: Visibility
    description: str
    founded: datetime
    #: Demo accounts in the workspace: e-mail -> (role, joined).
    demo_members: dict[str, tuple[Role, datetime]]
    #: Invented members (e-mails). The first ones get the roles in `invented_staff`, in order.
    invented_members: list[str]
    invented_staff: tuple[Role, ...] = ()
    requests: tuple[JoinRequest, ...] = ()
    #: (inviting demo account, invited address, message) of one open invitation.
    invitation: tuple[str, str, str] | None = None
    #: People shown as having recently joined, in the activity list.
    recent_joiners: int = 5
    #: Makes each workspace's joining dates differ.
    dates_seed: int = 0


def plan_workspaces(people: list[Person]) -> list[WorkspacePlan]:
    ai_members = [person.email for person in people[:INVENTED_MEMBERS_OF_AI]]
    ai_requesters = people[INVENTED_MEMBERS_OF_AI : INVENTED_MEMBERS_OF_AI + 2]
    drones_requester = people[INVENTED_MEMBERS_OF_AI + 2]
    # Drones and Blockchain draw on the same community, as such groups do.
    pick = random.Random(PEOPLE_SEED + 1)
    police = [
        p.email for p in people[:INVENTED_MEMBERS_OF_AI] if p.sector == Sector.LAW_ENFORCEMENT
    ]
    others = [
        p.email for p in people[:INVENTED_MEMBERS_OF_AI] if p.sector != Sector.LAW_ENFORCEMENT
    ]
    return [
        WorkspacePlan(
            slug="ai",
            name="Artificial Intelligence",
            visibility=Visibility.RESTRICTED,
            description=AI_DESCRIPTION,
            founded=_day(2018, 7, 2),
            demo_members={
                "wsadmin@example.org": (Role.ADMINISTRATOR, _day(2018, 7, 2)),
                "moderator@example.org": (Role.MODERATOR, _day(2019, 2, 12)),
                "member@example.org": (Role.MEMBER, _day(2020, 11, 20)),
            },
            invented_members=ai_members,
            invented_staff=(Role.MODERATOR,),
            requests=(
                JoinRequest("applicant@example.org", APPLICANT_MESSAGE),
                JoinRequest(
                    ai_requesters[0].email,
                    "I am starting a project on speech recognition for emergency calls and "
                    "would value this community's experience.",
                ),
                JoinRequest(
                    ai_requesters[1].email,
                    "We are writing rules for the use of facial recognition in our organisation "
                    "and would like to follow the work on the Toolkit.",
                ),
            ),
            invitation=(
                "wsadmin@example.org",
                "hiroko.tanabe@example.net",
                "As we discussed after the last Virtual Training Room: you are most welcome here.",
            ),
            dates_seed=1,
        ),
        WorkspacePlan(
            slug="drones",
            name="Drones",
            visibility=Visibility.RESTRICTED,
            description=DRONES_DESCRIPTION,
            founded=_day(2019, 3, 4),
            demo_members={
                "admin@example.org": (Role.ADMINISTRATOR, _day(2019, 3, 4)),
                "member@example.org": (Role.MEMBER, _day(2021, 2, 8)),
            },
            invented_members=pick.sample(police, 8) + pick.sample(others, 2),
            invented_staff=(Role.MODERATOR,),
            requests=(
                JoinRequest(
                    drones_requester.email,
                    "We have just set up a drone unit and would like to learn from the "
                    "procedures of other agencies.",
                ),
            ),
            recent_joiners=3,
            dates_seed=2,
        ),
        WorkspacePlan(
            slug="blockchain",
            name="Blockchain",
            visibility=Visibility.OPEN,
            description=BLOCKCHAIN_DESCRIPTION,
            founded=_day(2019, 10, 7),
            demo_members={},
            invented_members=pick.sample(police, 5) + pick.sample(others, 3),
            invented_staff=(Role.ADMINISTRATOR,),
            recent_joiners=3,
            dates_seed=3,
        ),
    ]


def _joined_on(rng: random.Random, founded: datetime, registered: datetime) -> datetime:
    start = max(founded, registered)
    return min(start + timedelta(days=rng.randrange(0, 120)), COMMUNITY_UNTIL)


def _add_members(plan: WorkspacePlan, workspace: Workspace, users: dict[str, User]) -> None:
    rng = random.Random(PEOPLE_SEED + 100 + plan.dates_seed)
    memberships = [
        Membership(user_id=users[email].id, role=role, joined_at=joined)
        for email, (role, joined) in plan.demo_members.items()
    ]
    for position, email in enumerate(plan.invented_members):
        role = plan.invented_staff[position] if position < len(plan.invented_staff) else Role.MEMBER
        joined = _joined_on(rng, plan.founded, users[email].created_at)
        memberships.append(Membership(user_id=users[email].id, role=role, joined_at=joined))
    for membership in memberships:
        membership.workspace_id = workspace.id
        membership.status = MembershipStatus.ACTIVE
        membership.updated_at = membership.joined_at
    db.session.add_all(memberships)
    db.session.flush()
    by_id = {user.id: user for user in users.values()}
    by_date = sorted(memberships, key=lambda membership: membership.joined_at)
    for membership in by_date[-plan.recent_joiners :]:
        activity = record_activity(workspace, by_id[membership.user_id], "joined the workspace")
        activity.created_at = membership.joined_at


def _refuse_unusable_demo_accounts(users: dict[str, User]) -> None:
    """The services act only for active accounts, and only a hub administrator makes workspaces.

    A demo address someone registered or changed before the seed ran could break that; say
    so plainly instead of failing halfway.
    """
    for demo in DEMO_ACCOUNTS:
        account = users[demo.email]
        if account.status != AccountStatus.ACTIVE:
            raise RuleViolation(
                f"The account {demo.email} exists but is {account.status.value}, so the demo "
                "workspaces cannot be made. Reactivate it, or seed an empty database."
            )
        if demo.hub_admin and not account.is_hub_admin:
            raise RuleViolation(
                f"The account {demo.email} exists but is not a hub administrator, so the demo "
                "workspaces cannot be made. Seed an empty database."
            )


def ensure_workspace(plan: WorkspacePlan, users: dict[str, User], report: list[str]) -> None:
    if db.session.scalar(select(Workspace).where(Workspace.slug == plan.slug)) is not None:
        report.append(f"Workspace {plan.name} (/w/{plan.slug}/): already seeded.")
        return
    _refuse_unusable_demo_accounts(users)
    admin = users["admin@example.org"]
    workspace = create_workspace(
        admin,
        name=plan.name,
        slug=plan.slug,
        description=plan.description,
        visibility=plan.visibility,
    )
    workspace.created_at = plan.founded
    _add_members(plan, workspace, users)
    for request in plan.requests:
        join_workspace(workspace, users[request.email], request.message)
    if plan.invitation is not None:
        inviter, address, message = plan.invitation
        invite(workspace, users[inviter], address, Role.MEMBER, message)
    members = len(plan.demo_members) + len(plan.invented_members)
    report.append(
        f"Created workspace {plan.name} (/w/{plan.slug}/) with {members} members"
        f" and {len(plan.requests)} join request(s)."
    )


# --- all of it -------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoClock:
    """When the demo says things happened: a demo day is 09:00 UTC on that day."""

    def at(self, day: date) -> datetime:
        return _day(day.year, day.month, day.day)


@dataclass(frozen=True)
class DemoContext:
    """What a feature package's demo seeder works with."""

    workspace: Workspace  #: the workspace whose features the demo fills
    accounts: dict[str, User]  #: the demo accounts, by e-mail
    people: dict[str, User]  #: the invented members, by e-mail
    clock: DemoClock
    report: list[str]  #: lines for the command's output


#: A feature package's demo content (its Feature.demo_seeder); it must be safe to run again.
DemoSeeder = Callable[[DemoContext], None]

#: The workspace the feature packages' demo seeders fill.
FEATURES_WORKSPACE = "ai"


def seed_demo() -> list[str]:
    """Make whatever of the demo is missing; return one line per step for the command."""
    report: list[str] = []
    accounts = ensure_demo_accounts(report)
    people = invent_people()
    invented = ensure_invented_people(people, report)
    users = accounts | invented
    for plan in plan_workspaces(people):
        ensure_workspace(plan, users, report)
    context = DemoContext(
        workspace=db.session.scalar(select(Workspace).where(Workspace.slug == FEATURES_WORKSPACE)),
        accounts=accounts,
        people=invented,
        clock=DemoClock(),
        report=report,
    )
    for seeder in demo_seeders():
        seeder(context)
    return report


def accounts_table() -> str:
    """The demo accounts, their roles and the password, for the terminal."""
    width = max(len(demo.email) for demo in DEMO_ACCOUNTS)
    lines = [f"{'E-mail':<{width}}  {'Password':<16}  Role"]
    lines += [f"{demo.email:<{width}}  {DEMO_PASSWORD:<16}  {demo.role}" for demo in DEMO_ACCOUNTS]
    sign_in = current_app.config["BASE_URL"].rstrip("/") + "/auth/login"
    return "\n".join(["Demo accounts:", *lines, f"Sign in at {sign_in}"])
