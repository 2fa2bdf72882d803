"""The members directory: filters, paging, the sector chart, and a constant number of queries."""

import re

import pytest
from sqlalchemy import insert, select

from hub.auth.models import SECTOR_LABELS, AccountStatus, EmailPreference, Sector, User
from hub.database import utcnow
from hub.extensions import db
from hub.notifications.models import Activity
from hub.workspaces import directory
from hub.workspaces.models import Membership, MembershipStatus, Role
from tests.support import (
    counted_get,
    make_membership,
    make_user,
    make_workspace,
    parse,
    signed_in,
    text_of,
)

PER_PAGE = 25  # MEMBERS_PER_PAGE in the testing configuration
SVG = "{http://www.w3.org/2000/svg}"


def listed_names(response) -> list[str]:
    """The names in the directory table, in order."""
    assert response.status_code == 200
    rows = parse(response).findall(".//table/tbody/tr")
    names = (row.find("th/span[@class='member-name']") for row in rows)
    return [text_of(name) for name in names if name is not None]


def chart_counts(response) -> dict[str, int]:
    """The sector chart's figures, read from its <desc> as a screen reader reads them."""
    desc = parse(response).find(f".//figure[@class='chart']/{SVG}svg/{SVG}desc")
    assert desc is not None, "the chart has a description"
    pairs = re.findall(r"([^:.]+): (\d+)\.", text_of(desc))
    return {label.strip(): int(count) for label, count in pairs}


@pytest.fixture
def ai():
    return make_workspace("ai", name="Artificial Intelligence")


@pytest.fixture
def viewer(ai) -> User:
    """A member who reads the directory (and is listed in it)."""
    user = make_user(
        "viewer@example.org",
        display_name="Viola Viewer",
        sector=Sector.OTHER,
        organisation="Hub Team",
        country="NL",
    )
    make_membership(ai, user, Role.ADMINISTRATOR)
    return user


@pytest.fixture
def people(ai, viewer) -> None:
    """A small community with a spread of sectors, countries, roles and statuses."""
    rows = [
        ("Alice Martin", Sector.LAW_ENFORCEMENT, "Gendarmerie nationale", "FR", Role.MEMBER),
        ("Bruno Alvarez", Sector.LAW_ENFORCEMENT, "Policía Nacional", "ES", Role.MODERATOR),
        ("Carla Schmidt", Sector.ACADEMIA, "TU München", "DE", Role.MEMBER),
        ("Dieter Weber", Sector.PRIVATE_INDUSTRY, "Secure_AI GmbH", "DE", Role.MEMBER),
        ("Eva 100% Real", Sector.ACADEMIA, "University of Leiden", "NL", Role.MEMBER),
        ("Farid Haddad", Sector.INTERNATIONAL_ORGANISATION, "UNICRI", "IT", Role.MEMBER),
    ]
    for name, sector, organisation, country, role in rows:
        email = name.split()[0].lower() + "@example.org"
        user = make_user(
            email,
            password=None,  # never signs in; saves the password check's time
            display_name=name,
            sector=sector,
            organisation=organisation,
            country=country,
        )
        make_membership(ai, user, role)
    hidden = [
        ("Sam Suspended", AccountStatus.SUSPENDED, MembershipStatus.ACTIVE),
        ("Rita Requested", AccountStatus.ACTIVE, MembershipStatus.REQUESTED),
        ("Ivan Invited", AccountStatus.ACTIVE, MembershipStatus.INVITED),
        ("Rob Removed", AccountStatus.ACTIVE, MembershipStatus.REMOVED),
        ("Rejean Rejected", AccountStatus.ACTIVE, MembershipStatus.REJECTED),
    ]
    for name, account_status, membership_status in hidden:
        user = make_user(
            name.split()[0].lower() + "@example.org",
            password=None,
            display_name=name,
            status=account_status,
            sector=Sector.ACADEMIA,
        )
        make_membership(ai, user, status=membership_status)
    elsewhere = make_workspace("drones", name="Drones")
    make_membership(
        elsewhere, make_user("zed@example.org", password=None, display_name="Zed Elsewhere")
    )


EVERYONE = [
    "Alice Martin",
    "Bruno Alvarez",
    "Carla Schmidt",
    "Dieter Weber",
    "Eva 100% Real",
    "Farid Haddad",
    "Viola Viewer",
]


def test_the_directory_lists_active_members_by_name_with_their_details(app, people, viewer):
    response = signed_in(app, viewer.email).get("/w/ai/members/")

    assert listed_names(response) == EVERYONE
    row = next(r for r in parse(response).findall(".//tbody/tr") if "Carla Schmidt" in text_of(r))
    # The name with the organisation under it, then sector, country, role and joining date.
    cells = [text_of(cell) for cell in row]
    assert cells[:3] == ["Carla SchmidtTU München", "Academia", "Germany"]
    assert cells[3].startswith("Member")
    assert re.fullmatch(r"\d{1,2} \w{3} \d{4}", cells[4])  # joined date
    assert "7 members" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"sector": "academia"}, ["Carla Schmidt", "Eva 100% Real"]),
        ({"sector": "law_enforcement"}, ["Alice Martin", "Bruno Alvarez"]),
        ({"country": "DE"}, ["Carla Schmidt", "Dieter Weber"]),
        ({"role": "moderator"}, ["Bruno Alvarez"]),
        ({"role": "administrator"}, ["Viola Viewer"]),
        ({"q": "martin"}, ["Alice Martin"]),
        ({"q": "ALICE"}, ["Alice Martin"]),
        ({"q": "unicri"}, ["Farid Haddad"]),
        ({"q": "gendarmerie NATIONALE"}, ["Alice Martin"]),
        ({"q": "  weber  "}, ["Dieter Weber"]),
        ({"q": "%"}, ["Eva 100% Real"]),
        ({"q": "0%"}, ["Eva 100% Real"]),
        ({"q": "_"}, ["Dieter Weber"]),
        ({"q": "e_a"}, ["Dieter Weber"]),  # "Secure_AI"
        ({"q": "r_a"}, []),  # as a wildcard "_" would find "Carla"
        ({"q": "\\"}, []),
        ({"q": "nobody"}, []),
        ({"sector": "academia", "country": "NL"}, ["Eva 100% Real"]),
        ({"sector": "academia", "q": "tu "}, ["Carla Schmidt"]),
        ({"country": "DE", "role": "moderator"}, []),
    ],
)
def test_filters_narrow_the_list(app, people, viewer, query, expected):
    response = signed_in(app, viewer.email).get("/w/ai/members/", query_string=query)
    assert listed_names(response) == expected


def test_the_text_filter_is_literal_for_like_wildcards(people, ai):
    """`%` and `_` match themselves only, never "any character(s)"."""
    wildcard_bait = make_user(
        "bait@example.org", password=None, display_name="Reza Khan", organisation="Rexa"
    )
    make_membership(ai, wildcard_bait)
    names = [m.user.display_name for m in directory.member_page(ai, text="e_a").items]
    assert names == ["Dieter Weber"]  # "Secure_AI", not "Rexa"
    assert directory.member_page(ai, text="x%").items == []
    assert directory.member_page(ai, text="%%").items == []


@pytest.mark.parametrize(
    "query",
    [
        {"sector": "police"},
        {"country": "ZZ"},
        {"country": "fr"},
        {"role": "king"},
        {"q": "x" * 101},
        {"page": "abc"},
        {"page": "0"},
        {"page": "-3"},
        {"sector": ["academia", "bogus"]},
        {"role": "Administrator"},
    ],
    ids=lambda query: "-".join(query),
)
def test_bad_filter_values_are_ignored(app, people, viewer, query):
    response = signed_in(app, viewer.email).get("/w/ai/members/", query_string=query)
    assert response.status_code == 200
    names = listed_names(response)
    if query.get("sector") == ["academia", "bogus"]:
        assert names == ["Carla Schmidt", "Eva 100% Real"]  # the first value counts
    else:
        assert names == EVERYONE


@pytest.mark.parametrize("page", ["999", str(2**63), "9" * 40])
def test_a_page_past_the_end_is_empty_not_an_error(app, people, viewer, page):
    response = signed_in(app, viewer.email).get("/w/ai/members/", query_string={"page": page})
    assert response.status_code == 200
    assert listed_names(response) == []
    assert "No members match" in response.text


def test_suspended_accounts_are_hidden_and_not_counted(app, people, viewer, ai):
    response = signed_in(app, viewer.email).get("/w/ai/members/")
    assert "Sam Suspended" not in response.text
    assert chart_counts(response)["Academia"] == 2  # Sam is in academia too
    assert sum(chart_counts(response).values()) == len(EVERYONE)


def test_the_chart_shows_each_sector_count(app, people, viewer):
    response = signed_in(app, viewer.email).get("/w/ai/members/")

    assert chart_counts(response) == {
        "Law enforcement": 2,
        "Academia": 2,
        "Private industry": 1,
        "International organisation": 1,
        "Other": 1,
    }
    chart = parse(response).find(f".//figure[@class='chart']/{SVG}svg")
    assert chart.get("role") == "img"
    widths = [float(rect.get("width")) for rect in chart.iter(f"{SVG}rect")]
    assert len(widths) == len(SECTOR_LABELS)
    assert widths[0] == widths[1] == max(widths)  # the largest sectors have the longest bars
    assert widths[2] == pytest.approx(widths[0] / 2)


def test_the_chart_is_drawn_at_its_size_on_screen_so_its_labels_read_as_text(app, people, viewer):
    chart = parse(signed_in(app, viewer.email).get("/w/ai/members/")).find(
        f".//figure[@class='chart']/{SVG}svg"
    )
    # Width and height in CSS pixels equal to the drawing's units: nothing scales the 16 px
    # labels (hub.css) down on a wide screen.
    assert chart.get("viewBox") == f"0 0 {chart.get('width')} {chart.get('height')}"
    assert int(chart.get("width")) >= 300


def test_the_chart_leaves_out_sectors_nobody_is_in(app, ai):
    admin = make_user("admin@example.org", sector=Sector.ACADEMIA)
    make_membership(ai, admin, Role.ADMINISTRATOR)
    make_membership(ai, make_user("police@example.org", sector=Sector.LAW_ENFORCEMENT))
    make_membership(ai, make_user("professor@example.org", sector=Sector.ACADEMIA))

    response = signed_in(app, admin.email).get("/w/ai/members/")

    assert chart_counts(response) == {"Academia": 2, "Law enforcement": 1}
    assert "Other" not in text_of(parse(response).find(".//figure[@class='chart']"))


def test_the_chart_counts_the_whole_membership_not_the_filtered_page(app, people, viewer):
    response = signed_in(app, viewer.email).get("/w/ai/members/", query_string={"q": "alice"})
    assert sum(chart_counts(response).values()) == len(EVERYONE)


def test_the_chart_of_an_empty_workspace_has_no_rows(ai):
    chart = directory.sector_chart(ai)
    assert (chart.rows, chart.height) == ([], 0)


def test_pages_of_members_keep_the_filters(app, ai, viewer):
    for number in range(PER_PAGE + 5):
        user = make_user(
            f"academic{number:02}@example.org",
            password=None,
            display_name=f"Academic {number:02}",
            sector=Sector.ACADEMIA,
        )
        make_membership(ai, user)
    make_membership(ai, make_user("officer@example.org", password=None, display_name="Officer"))
    client = signed_in(app, viewer.email)

    first = client.get("/w/ai/members/", query_string={"sector": "academia"})
    assert listed_names(first) == [f"Academic {n:02}" for n in range(PER_PAGE)]
    assert "Page 1 of 2" in first.text
    next_link = parse(first).find(".//nav[@class='pagination']/a[@rel='next']").get("href")
    assert "sector=academia" in next_link
    second = client.get(next_link)
    assert listed_names(second) == [f"Academic {n:02}" for n in range(PER_PAGE, PER_PAGE + 5)]
    assert "Page 2 of 2" in second.text
    previous = parse(second).find(".//nav[@class='pagination']/a[@rel='prev']").get("href")
    assert "sector=academia" in previous and "page=1" in previous


def test_member_page_service_filters_and_pages(people, ai):
    page = directory.member_page(ai, sector="academia", page=1)
    assert [m.user.display_name for m in page.items] == ["Carla Schmidt", "Eva 100% Real"]
    assert page.total == 2
    assert directory.member_page(ai, role="moderator").items[0].role == Role.MODERATOR
    assert directory.member_page(ai, page=99).items == []


def test_administrators_get_manage_controls_members_do_not(app, people, viewer, ai):
    member = make_user("plain@example.org", display_name="Plain Member")
    make_membership(ai, member)
    admin_page = signed_in(app, viewer.email).get("/w/ai/members/")
    member_page = signed_in(app, member.email).get("/w/ai/members/")
    manage_links = parse(admin_page).findall(".//tbody//a[@href]")
    assert len(manage_links) == len(listed_names(admin_page))
    assert "Manage Plain Member" in [text_of(link) for link in manage_links]
    assert parse(member_page).findall(".//tbody//a[@href]") == []
    assert "/role" not in member_page.text and "/remove" not in member_page.text
    assert listed_names(member_page) == sorted([*EVERYONE, "Plain Member"])


# --- a constant number of SQL statements -------------------------------------------------


def add_members(workspace, how_many: int, start: int) -> None:
    """Bulk-insert active members (with some activity), fast enough for a thousand."""
    now = utcnow()
    sectors = list(Sector)
    countries = ["FR", "DE", "ES", "IT", "NL", "US", "SG", "BR"]
    users = [
        {
            "email": f"bulk{start + n}@example.org",
            "display_name": f"Bulk Member {start + n:05}",
            "sector": sectors[n % len(sectors)],
            "organisation": f"Organisation {n % 37}",
            "country": countries[n % len(countries)],
            "password_hash": None,
            "status": AccountStatus.ACTIVE,
            "is_hub_admin": False,
            "created_at": now,
            "password_changed_at": now,
            "email_preference": EmailPreference.OFF,
        }
        for n in range(how_many)
    ]
    db.session.execute(insert(User), users)
    ids = db.session.scalars(
        select(User.id).where(User.email.like("bulk%")).order_by(User.id).offset(start)
    ).all()
    roles = [Role.MEMBER] * 8 + [Role.MODERATOR, Role.ADMINISTRATOR]
    db.session.execute(
        insert(Membership),
        [
            {
                "workspace_id": workspace.id,
                "user_id": user_id,
                "role": roles[n % len(roles)],
                "status": MembershipStatus.ACTIVE,
                "joined_at": now,
                "updated_at": now,
            }
            for n, user_id in enumerate(ids)
        ],
    )
    db.session.execute(
        insert(Activity),
        [
            {
                "workspace_id": workspace.id,
                "actor_id": user_id,
                "verb": "joined the workspace",
                "created_at": now,
            }
            for user_id in ids
        ],
    )
    db.session.commit()


PAGES = [
    "/w/ai/",
    "/w/ai/members/",
    "/w/ai/members/?page=3",
    "/w/ai/members/?sector=academia&q=bulk",
]


@pytest.mark.parametrize(
    ("role", "url"),
    [(Role.MEMBER, url) for url in PAGES]
    + [(Role.ADMINISTRATOR, url) for url in [*PAGES, "/w/ai/members/requests"]],
)
def test_pages_issue_as_many_statements_for_1000_members_as_for_10(app, ai, role, url):
    reader = make_user("reader@example.org")
    make_membership(ai, reader, role)
    add_members(ai, 10, start=0)
    client = signed_in(app, reader.email)
    with_ten = counted_get(client, url)

    add_members(ai, 990, start=10)
    with_a_thousand = counted_get(client, url)

    assert with_a_thousand == with_ten
    assert with_ten <= 12, "a page needs a handful of statements, not one per row"
