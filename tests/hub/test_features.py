"""Feature packages plug into the hub through hub/features.py: a disabled one leaves no trace."""

import pytest

from config import TestingConfig
from hub import create_app
from hub.extensions import db
from hub.features import enabled_features
from hub.workspaces.models import Role
from tests.support import login, make_membership, make_user, make_workspace


def tab_labels(page: str) -> list[str]:
    navigation = page.split('<nav class="tabs"', 1)[1].split("</nav>", 1)[0]
    return [part.split(">", 1)[1].split("<", 1)[0].strip() for part in navigation.split("<a ")[1:]]


@pytest.fixture
def hub_without_wiki(tmp_path):
    app = create_app(
        TestingConfig,
        instance_path=str(tmp_path),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        FEATURES=(),
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.backend_independent
def test_the_wiki_forums_documents_and_events_are_enabled_by_default_and_plug_in(app, client):
    assert [feature.name for feature in enabled_features()] == [
        "wiki",
        "forums",
        "documents",
        "events",
        "toolkit",
    ]
    admin = make_user("admin@example.org")
    make_membership(make_workspace("ai"), admin, Role.ADMINISTRATOR)
    login(client, admin.email)

    home = client.get("/w/ai/").text
    assert tab_labels(home) == [
        "Overview",
        "Wiki",
        "Toolkit",
        "Self-assessment",
        "Forums",
        "Documents",
        "Events",
        "Members",
        "Settings",
    ]
    assert "wiki pages" in home and "<strong>0</strong> topics" in home
    assert "<strong>0</strong> documents" in home
    assert "<strong>0</strong> upcoming events" in home
    audit = client.get("/w/ai/audit").text
    assert '<option value="wiki">Wiki pages</option>' in audit
    assert '<option value="forums">Forums</option>' in audit
    assert '<option value="documents">Documents</option>' in audit
    assert '<option value="events">Events</option>' in audit
    assert client.get("/w/ai/wiki/").status_code == 200
    assert client.get("/w/ai/forums/").status_code == 200
    assert client.get("/w/ai/documents/").status_code == 200
    assert client.get("/w/ai/events/").status_code == 200


@pytest.mark.backend_independent
def test_a_disabled_feature_has_no_tab_counter_audit_filter_or_route(hub_without_wiki):
    assert enabled_features() == []
    assert not [rule for rule in hub_without_wiki.url_map.iter_rules() if "wiki" in rule.endpoint]
    admin = make_user("admin@example.org", hub_admin=True)
    member = make_user("member@example.org", display_name="Mem Ber")
    workspace = make_workspace("ai")
    make_membership(workspace, admin, Role.ADMINISTRATOR)
    make_membership(workspace, member)
    client = hub_without_wiki.test_client()
    assert login(client, admin.email).status_code == 302

    home = client.get("/w/ai/")
    assert home.status_code == 200
    assert tab_labels(home.text) == ["Overview", "Members", "Settings"]
    # The page's body: the head carries the shared editor's words for the scripts.
    body = home.text.split("</head>", 1)[1].lower()
    assert "wiki" not in body and "toolkit" not in body
    audit = client.get("/admin/audit")
    assert audit.status_code == 200
    assert "Wiki" not in audit.text
    assert client.get("/w/ai/wiki/").status_code == 404

    # The rest of the hub works as before.
    directory = client.get("/w/ai/members/")
    assert directory.status_code == 200
    assert "Mem Ber" in directory.text
    assert client.get("/").status_code == 200
