"""The audit log names each action for people ("Signed in", not auth.signed_in), the hub's own
and the features' through the registry."""

from hub.audit.services import action_families, action_label, record_audit
from hub.extensions import db
from tests.support import make_user, make_workspace, parse, sign_in, text_of


def shown_action_names(response) -> list[str]:
    """The name each entry's action is shown with (its code is under it)."""
    return [
        text_of(cell).removesuffix(text_of(cell.find("code"))).strip()
        for cell in parse(response).findall(".//table/tbody/tr/th")
    ]


def test_entries_show_readable_action_names(client):
    admin = make_user("admin@example.org", hub_admin=True)
    ai = make_workspace("ai", name="Artificial Intelligence")
    record_audit("membership.role_changed", admin, workspace=ai, old_role="member")
    record_audit("wiki.page_moved", admin, workspace=ai, old_path="a", new_path="b")
    record_audit("events.room_opened", admin, workspace=ai)  # a feature that is not enabled
    db.session.commit()
    sign_in(client, admin)

    response = client.get("/w/ai/audit")

    # Newest first; the wiki's name comes from its Feature, the unknown one from its words.
    assert shown_action_names(response) == ["Room opened", "Moved a page", "Changed a role"]


def test_every_action_the_hub_and_the_wiki_write_has_a_name():
    written = {
        "auth.signed_in": "Signed in",
        "auth.sign_in_failed": "Sign-in failed",
        "membership.removed": "Removed a member",
        "account.suspended": "Suspended the account",
        "wiki.page_deleted": "Deleted a page",
    }
    for action, label in written.items():
        assert action_label(action) == label
    for family in action_families():
        assert all(action.startswith(f"{family.prefix}.") for action in family.actions), family


def test_an_action_without_a_name_reads_as_words():
    assert action_label("events.room_opened") == "Room opened"
    assert action_label("odd") == "Odd"
