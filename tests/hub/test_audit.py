"""The audit log: who may read it, what each reader sees, filters, paging and query counts."""

import re
from datetime import UTC, datetime

import pytest

from hub.audit.services import record_audit
from hub.extensions import db
from hub.workspaces.models import Role, Workspace
from tests.support import counted_get, make_membership, make_user, make_workspace, sign_in


@pytest.fixture
def people():
    """Two workspaces; the `ai` one with every role; an administrator of the other one."""
    ai = make_workspace("ai", name="Artificial Intelligence")
    drones = make_workspace("drones", name="Drones")
    people = {
        "hub_admin": make_user("admin@example.org", display_name="Hub Admin", hub_admin=True),
        "ai_admin": make_user("wsadmin@example.org", display_name="Wanda Admin"),
        "moderator": make_user("moderator@example.org", display_name="Mo Derator"),
        "member": make_user("member@example.org", display_name="Mel Member"),
        "drones_admin": make_user("pilot@example.org", display_name="Pia Pilot"),
        "outsider": make_user("outsider@example.org", display_name="Otto Outsider"),
    }
    make_membership(ai, people["ai_admin"], Role.ADMINISTRATOR)
    make_membership(ai, people["moderator"], Role.MODERATOR)
    make_membership(ai, people["member"])
    make_membership(drones, people["drones_admin"], Role.ADMINISTRATOR)
    return people


def workspace(slug: str) -> Workspace:
    return db.session.scalar(db.select(Workspace).where(Workspace.slug == slug))


def add_entry(action: str, actor=None, *, target=None, slug=None, at=None, **details):
    entry = record_audit(
        action,
        actor,
        target_user=target,
        workspace=workspace(slug) if slug else None,
        **details,
    )
    if at is not None:
        entry.created_at = at
    db.session.commit()
    return entry


def shown_actions(response) -> list[str]:
    """The action of every entry on the page, in order, as its code (shown under its name)."""
    assert response.status_code == 200
    return re.findall(r"<br><code class=\"muted small\">([^<]+)</code></th>", response.text)


# --- access ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/audit", "/w/ai/audit"])
def test_anonymous_visitors_are_sent_to_sign_in(client, people, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("outsider", 403),
        ("member", 403),
        ("moderator", 403),
        ("ai_admin", 403),
        ("drones_admin", 403),
        ("hub_admin", 200),
    ],
)
def test_only_hub_administrators_read_the_whole_log(client, people, who, status):
    assert sign_in(client, people[who]).get("/admin/audit").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("outsider", 403),
        ("member", 403),
        ("moderator", 403),
        ("drones_admin", 403),
        ("ai_admin", 200),
        ("hub_admin", 200),
    ],
)
def test_only_its_administrators_read_a_workspace_log(client, people, who, status):
    assert sign_in(client, people[who]).get("/w/ai/audit").status_code == status


def test_an_unknown_workspace_has_no_log(client, people):
    assert sign_in(client, people["hub_admin"]).get("/w/nowhere/audit").status_code == 404


def test_no_route_changes_the_log(app, client, people):
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("audit.")]
    assert {rule.rule for rule in rules} == {"/admin/audit", "/w/<slug>/audit"}
    for rule in rules:
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}
    sign_in(client, people["hub_admin"])
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)("/admin/audit").status_code == 405
        assert getattr(client, method)("/w/ai/audit").status_code == 405


# --- what each reader sees ---------------------------------------------------------------


def test_a_workspace_log_shows_only_that_workspace(client, people):
    add_entry("membership.approved", people["ai_admin"], target=people["member"], slug="ai")
    add_entry(
        "membership.removed", people["drones_admin"], target=people["outsider"], slug="drones"
    )
    add_entry("account.suspended", people["hub_admin"], target=people["outsider"])
    sign_in(client, people["ai_admin"])
    response = client.get("/w/ai/audit")
    assert shown_actions(response) == ["membership.approved"]
    assert "Otto Outsider" not in response.get_data(as_text=True)


def test_an_administrator_of_another_workspace_sees_none_of_its_entries(client, people):
    add_entry("membership.approved", people["ai_admin"], target=people["member"], slug="ai")
    sign_in(client, people["drones_admin"])
    assert client.get("/w/ai/audit").status_code == 403
    assert shown_actions(client.get("/w/drones/audit")) == []
    assert shown_actions(client.get("/w/drones/audit?person=member")) == []


def test_hub_administrators_see_every_entry_with_its_columns(client, people):
    add_entry(
        "membership.role_changed",
        people["ai_admin"],
        target=people["member"],
        slug="ai",
        old_role="member",
        new_role="moderator",
    )
    add_entry(
        "account.suspended",
        people["hub_admin"],
        target=people["outsider"],
        reason="<script>alert(1)</script>",
        changes={"name": ["Old", "New"]},
    )
    add_entry("auth.sign_in_failed", email="stranger@example.net", reason="wrong password")
    sign_in(client, people["hub_admin"])
    response = client.get("/admin/audit")
    assert shown_actions(response) == [
        "auth.signed_in",  # the administrator's own sign-in, newest first
        "auth.sign_in_failed",
        "account.suspended",
        "membership.role_changed",
    ]
    text = response.get_data(as_text=True)
    for expected in (
        "Wanda Admin",
        "member@example.org",
        "Artificial Intelligence",
        "127.0.0.1",
        "old role:</span> member",
        "new role:</span> moderator",
        "changes:</span> name: Old → New",
        "email:</span> stranger@example.net",
        "Not signed in",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ):
        assert expected in text
    assert "<script>alert" not in text


# --- filters -----------------------------------------------------------------------------


@pytest.fixture
def varied_log(people):
    add_entry("membership.requested", people["outsider"], target=people["outsider"], slug="ai")
    add_entry("membership.role_changed", people["ai_admin"], target=people["member"], slug="ai")
    add_entry("auth.sign_in_failed", target=people["member"], email="member@example.org")
    add_entry("auth.sign_in_failed", email="nobody@elsewhere.example")
    add_entry("workspace.updated", people["hub_admin"], slug="drones")
    add_entry("account.suspended", people["hub_admin"], target=people["outsider"])


@pytest.mark.parametrize(
    ("query", "actions"),
    [
        ("family=membership", ["membership.role_changed", "membership.requested"]),
        ("family=workspace", ["workspace.updated"]),
        ("family=account", ["account.suspended"]),
        ("action=ROLE_changed", ["membership.role_changed"]),
        ("action=failed", ["auth.sign_in_failed", "auth.sign_in_failed"]),
        ("family=auth&action=failed", ["auth.sign_in_failed", "auth.sign_in_failed"]),
        ("family=account&action=failed", []),
        ("action=%25", []),  # a typed % is a character, not a wildcard
        # A person matches as the one acting, the one acted on, or an e-mail an entry names.
        ("person=otto", ["account.suspended", "membership.requested"]),
        (
            "person=MEMBER@example.org",
            ["auth.sign_in_failed", "membership.role_changed"],
        ),
        ("person=nobody@elsewhere", ["auth.sign_in_failed"]),
        ("person=wanda&family=membership", ["membership.role_changed"]),
        ("person=_", []),
    ],
)
def test_filters(client, people, varied_log, query, actions):
    sign_in(client, people["hub_admin"])
    shown = shown_actions(client.get(f"/admin/audit?{query}"))
    assert [action for action in shown if action != "auth.signed_in"] == actions


def test_filters_apply_within_a_workspace(client, people, varied_log):
    sign_in(client, people["ai_admin"])
    assert shown_actions(client.get("/w/ai/audit?person=otto")) == ["membership.requested"]
    assert shown_actions(client.get("/w/ai/audit?family=workspace")) == []


@pytest.fixture
def dated_log(people):
    for at in (
        datetime(2021, 3, 4, 10, 0, tzinfo=UTC),
        datetime(2021, 6, 9, 23, 59, 59, tzinfo=UTC),
        datetime(2021, 6, 10, 0, 0, tzinfo=UTC),
        datetime(2021, 6, 24, 12, 0, tzinfo=UTC),
    ):
        add_entry("workspace.updated", people["hub_admin"], slug="ai", at=at, on=at.isoformat())


@pytest.mark.parametrize(
    ("query", "days"),
    [
        ("since=2021-06-01&until=2021-06-09", ["2021-06-09"]),  # the end day is included
        ("since=2021-06-10&until=2021-06-10", ["2021-06-10"]),
        ("since=2021-06-10&until=2021-12-31", ["2021-06-24", "2021-06-10"]),
        ("until=2021-03-04", ["2021-03-04"]),
        ("since=2021-06-24&until=9999-12-31", ["2021-06-24"]),
        ("since=0001-01-01&until=2021-03-03", []),
    ],
)
def test_date_filters(client, people, dated_log, query, days):
    sign_in(client, people["hub_admin"])
    response = client.get(f"/w/ai/audit?{query}")
    assert shown_actions(response) == ["workspace.updated"] * len(days)
    shown_days = re.findall(r"<time datetime=\"[^\"]+\">(\d{4}-\d\d-\d\d) ", response.text)
    assert shown_days == days


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=yesterday", "Enter a date as year-month-day"),
        ("until=2021-02-30", "Enter a date as year-month-day"),
        ("since=2021-13-01", "Enter a date as year-month-day"),
        ("since=99999-01-01", "Enter a date as year-month-day"),
        ("since=2021-06-10&until=2021-06-01", "The end date is before the start date."),
        ("family=secret", "Not a valid choice"),
        ("person=" + "x" * 255, "Use at most 254 characters."),
        ("action=a%00b", "characters that are not allowed"),
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, people, dated_log, query, message):
    sign_in(client, people["hub_admin"])
    for path in ("/admin/audit", "/w/ai/audit"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200
        assert message in response.text
        assert "Correct the filters marked above" in response.text
        assert shown_actions(response) == []


def test_a_huge_page_number_is_not_an_error(client, people, dated_log):
    sign_in(client, people["hub_admin"])
    response = client.get("/admin/audit?page=99999999999999999999999999")
    assert shown_actions(response) == []


# --- paging and query counts -------------------------------------------------------------


def test_log_is_paged_and_keeps_its_filters(app, client, people):
    per_page = app.config["AUDIT_PER_PAGE"]
    for number in range(per_page + 10):
        add_entry("membership.invited", people["ai_admin"], slug="ai", number=number)
    sign_in(client, people["hub_admin"])
    first = client.get("/w/ai/audit?family=membership&person=wanda")
    assert len(shown_actions(first)) == per_page
    assert "number:</span> 59<" in first.text  # newest first
    assert "/w/ai/audit?page=2&amp;family=membership&amp;person=wanda" in first.text
    second = client.get("/w/ai/audit?page=2&family=membership&person=wanda")
    assert len(shown_actions(second)) == 10
    assert "number:</span> 0<" in second.text


def fill_log(count: int, slug: str | None = None) -> None:
    """Entries each with its own actor and target (and workspace, unless `slug` is given),
    so that loading any of them one by one would show in the statement count."""
    for _ in range(count):
        actor = make_user(password=None)
        target = make_user(password=None)
        if slug is None:
            make_workspace(f"ws-{actor.id}")
        add_entry("membership.approved", actor, target=target, slug=slug or f"ws-{actor.id}")


def test_hub_log_queries_do_not_grow_with_the_entries(client, people):
    sign_in(client, people["hub_admin"])
    fill_log(4)  # and the sign-in: 5 entries
    few = counted_get(client, "/admin/audit")
    fill_log(55)
    assert len(shown_actions(client.get("/admin/audit"))) == 50
    assert counted_get(client, "/admin/audit") == few


def test_workspace_log_queries_do_not_grow_with_the_entries(client, people):
    sign_in(client, people["ai_admin"])
    fill_log(5, slug="ai")
    few = counted_get(client, "/w/ai/audit")
    fill_log(55, slug="ai")
    assert counted_get(client, "/w/ai/audit") == few
