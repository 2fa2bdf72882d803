"""The search page, the suggestions' JSON and the administrators' status page, through HTTP,
as each kind of visitor; and every bad input of the issue: never a 500, never slow."""

import re

import pytest

from hub.extensions import db
from hub.search.queue import apply_pending
from hub.workspaces.models import Role, Visibility
from tests.search.conftest import indexed
from tests.support import make_membership, make_user, make_workspace, sign_in
from tests.support.wiki import Wiki, add_page, build_wiki
from wiki import services as wiki


@pytest.fixture
def world() -> Wiki:
    """The restricted `ai` wiki with pages, an open `drones` workspace with a page, and a
    restricted `secret` workspace nobody here belongs to."""
    world = build_wiki()
    add_page(
        world,
        "Speech recognition",
        "Transcribing <script>alert(1)</script> interviews.",
        tags=["tool"],
    )
    add_page(world, "Speaker identification", "Voices in intercepted calls.", tags=["evidence"])
    for number in range(25):
        add_page(world, f"Training note {number}", "Training for investigators.")
    author = make_user(hub_admin=True, display_name="Hub Admin")
    for slug, visibility in (("drones", Visibility.OPEN), ("secret", Visibility.RESTRICTED)):
        workspace = make_workspace(slug, visibility=visibility)
        for section in wiki.ensure_default_sections(workspace):
            if section.slug == "topics":
                wiki.create_page(
                    workspace, author, title=f"Speech in {slug}", section=section, body="Speech."
                )
        db.session.commit()
    make_membership(
        db.session.scalar(db.select(type(world.workspace)).filter_by(slug="drones")), world.member
    )
    indexed()
    return world


def page_of(client, url: str, **query):
    response = client.get(url, query_string=query)
    return response, response.get_data(as_text=True)


def result_titles(text: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", title)
        for title in re.findall(r'class="search-result__title"><a href="[^"]*">(.*?)</a>', text)
    ]


def result_count(text: str) -> str:
    match = re.search(r'id="search-count">([^<]*)<', text)
    return match.group(1).strip() if match else ""


def test_results_with_highlight_count_and_details(app, world):
    client = sign_in(app.test_client(), world.member)
    response, text = page_of(client, "/w/ai/search", q="speech")
    assert response.status_code == 200
    assert result_titles(text) == ["Speech recognition"]
    assert result_count(text) == "1 result"
    assert "<mark>Speech</mark>" in text
    assert "<script>alert(1)</script>" not in text
    assert "/w/ai/wiki/topics/speech-recognition" in text or "speech-recognition" in text
    assert "Wiki page" in text and "Member" in text  # type and author


def test_scope_switch_searches_all_my_workspaces(app, world):
    client = sign_in(app.test_client(), world.member)
    _, here = page_of(client, "/w/ai/search", q="speech")
    _, everywhere = page_of(client, "/w/ai/search", q="speech", all="1")
    _, hub_level = page_of(client, "/search", q="speech")
    assert result_titles(here) == ["Speech recognition"]
    assert sorted(result_titles(everywhere)) == ["Speech in drones", "Speech recognition"]
    assert sorted(result_titles(hub_level)) == ["Speech in drones", "Speech recognition"]


def test_facets_count_combine_and_narrow(app, world):
    client = sign_in(app.test_client(), world.member)
    _, text = page_of(client, "/w/ai/search", q="speech OR speaker OR training")
    assert result_count(text) == "27 results"
    assert re.search(r'tag=evidence[^"]*">\s*evidence</a> <span class="muted">1</span>', text)
    _, narrowed = page_of(client, "/w/ai/search", q="speech OR speaker OR training", tag="evidence")
    assert result_titles(narrowed) == ["Speaker identification"]
    _, both = page_of(client, "/w/ai/search", q="speech OR speaker", tag=["evidence", "tool"])
    assert result_titles(both) == []
    assert result_count(both) == "0 results"


def test_pages_of_twenty_and_sort_by_date(app, world):
    client = sign_in(app.test_client(), world.member)
    _, first = page_of(client, "/w/ai/search", q="training")
    _, second = page_of(client, "/w/ai/search", q="training", page=2)
    assert len(result_titles(first)) == 20 and len(result_titles(second)) == 5
    assert not set(result_titles(first)) & set(result_titles(second))
    assert 'rel="next"' in first
    _, newest = page_of(client, "/w/ai/search", q="training", sort="date")
    assert result_titles(newest)[0] == "Training note 24"


def test_did_you_mean(app, world):
    client = sign_in(app.test_client(), world.member)
    _, text = page_of(client, "/w/ai/search", q="recogntion")
    assert "Did you mean" in text and "recognition" in text


def test_suggestions_after_two_characters(app, world):
    client = sign_in(app.test_client(), world.member)
    assert client.get("/w/ai/search/suggest?q=s").json == {"suggestions": []}
    found = client.get("/w/ai/search/suggest?q=spe").json["suggestions"]
    assert [each["title"] for each in found] == [
        "Speaker identification",
        "Speech recognition",
    ] or [each["title"] for each in found] == ["Speech recognition", "Speaker identification"]
    assert found[0]["url"].startswith("/w/ai/wiki/")
    everywhere = client.get("/search/suggest?q=speech").json["suggestions"]
    assert {each["workspace"] for each in everywhere} == {"AI", "DRONES"}


# --- who finds what ---------------------------------------------------------------------


def test_what_each_persona_finds(app, world):
    hub_admin = make_user(hub_admin=True)
    suspended = make_user()
    make_membership(world.workspace, suspended)
    applicant = make_user()
    from hub.workspaces.models import MembershipStatus

    make_membership(world.workspace, applicant, status=MembershipStatus.REQUESTED)
    indexed()

    def outcome(who, url, **query):
        client = app.test_client()
        if who is not None:
            sign_in(client, who)
        return page_of(client, url, **query)

    # Anonymous visitors are sent to sign in.
    assert outcome(None, "/w/ai/search", q="speech")[0].status_code == 302
    assert outcome(None, "/search/suggest", q="speech")[0].status_code == 302
    # Outsiders and applicants: not the restricted workspace; the open one from inside it.
    for who in (world.outsider, applicant):
        assert outcome(who, "/w/ai/search", q="speech")[0].status_code == 403
        assert outcome(who, "/w/ai/search/suggest", q="speech")[0].status_code == 403
        _, text = outcome(who, "/search", q="speech")
        assert result_titles(text) == []
        _, text = outcome(who, "/w/drones/search", q="speech")
        assert result_titles(text) == ["Speech in drones"]
        # Members of an open workspace are not content: its visitors do not find them.
        _, text = outcome(who, "/w/drones/search", q="title:member")
        assert result_titles(text) == []
    # Members find members, moderators and administrators the same content.
    for who in (world.member, world.moderator, world.admin):
        _, text = outcome(who, "/w/ai/search", q="speech OR moderator")
        assert "Speech recognition" in result_titles(text)
        assert "Moderator" in result_titles(text)
        assert "Speech in secret" not in result_titles(text)
    # The hub administrator finds everything, the secret workspace's page included.
    _, text = outcome(hub_admin, "/search", q="speech")
    assert sorted(result_titles(text)) == [
        "Speech in drones",
        "Speech in secret",
        "Speech recognition",
    ]
    # A suspended account's session ends: sent to sign in, and it finds nothing.
    client = sign_in(app.test_client(), suspended)
    from hub.admin.services import suspend_account

    suspend_account(suspended, hub_admin, reason="Test.")
    db.session.commit()
    assert client.get("/w/ai/search?q=speech").status_code == 302
    assert client.get("/search/suggest?q=speech").status_code == 302


def test_counts_and_facets_never_reveal_another_workspaces_content(app, world):
    client = sign_in(app.test_client(), world.member)
    _, text = page_of(client, "/search", q="speech")
    assert result_count(text) == "2 results"
    assert "secret" not in text.lower().replace("search", "")


def test_deleted_items_never_appear(app, world):
    page = add_page(world, "Obsolete guidance", "Obsolete.")
    indexed()
    client = sign_in(app.test_client(), world.member)
    assert result_titles(page_of(client, "/w/ai/search", q="obsolete")[1]) == ["Obsolete guidance"]
    wiki.delete_page(page, world.moderator)
    db.session.commit()
    # The next request applies the queue (as a request's end does): nothing waits long.
    apply_pending()
    assert result_titles(page_of(client, "/w/ai/search", q="obsolete")[1]) == []


def test_a_change_made_over_http_is_searchable_after_the_response(app, world):
    client = sign_in(app.test_client(), world.member)
    response = client.post(
        "/w/ai/wiki/new",
        data={"title": "Lidar mapping", "section": world.topics.id, "body": "Point clouds."},
    )
    assert response.status_code == 302
    assert result_titles(page_of(client, "/w/ai/search", q="lidar")[1]) == ["Lidar mapping"]


# --- bad input ------------------------------------------------------------------------------

BAD_QUERIES = [
    '"unbalanced quote',
    "(unbalanced (parentheses",
    "unbalanced)) parentheses)",
    "AND",
    "OR",
    "NOT",
    "-",
    "*",
    "?",
    "+",
    "a*",
    "*ech",
    "sp?ech",
    "x" * 10_000,
    "speech " * 2_000,
    "speech\x00\x01\x1b[31m\x7f",
    "nosuchfield:speech",
    "workspace:3 access:view key:wiki:1",
    "title:",
    "tag:",
    "type:nonsense",
    "NOT speech",
    "-speech",
    "speech OR",
    '""',
    "()",
    "title:(speech OR",
    "🙂 émoji",
    "<script>alert(1)</script>",
    "%00%ff",
    "speech~2",
    "speech^100",
    "[a TO z]",
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_queries_get_an_answer(app, world, query):
    """How quickly, at full size, is bench_search.py's to say: tests never time."""
    client = sign_in(app.test_client(), world.member)
    response = client.get("/w/ai/search", query_string={"q": query, "all": "1"})
    suggestions = client.get("/w/ai/search/suggest", query_string={"q": query})
    assert response.status_code == 200
    assert suggestions.status_code == 200
    text = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text
    assert "Speech in secret" not in text


def test_a_long_query_is_cut_with_a_message(app, world):
    client = sign_in(app.test_client(), world.member)
    _, text = page_of(client, "/w/ai/search", q="speech " * 2_000)
    assert "Only the first 200 characters of your search were used." in text
    assert result_titles(text) == ["Speech recognition"]


def test_a_query_of_no_words_asks_for_words(app, world):
    client = sign_in(app.test_client(), world.member)
    _, text = page_of(client, "/w/ai/search", q="*")
    assert "Type a word or two to search." in text


@pytest.mark.parametrize(
    "query",
    [
        {"page": "-3"},
        {"page": "0"},
        {"page": "99999999999999999999"},
        {"page": "abc"},
        {"sort": "nonsense"},
        {"type": "nonsense"},
        {"year": "20x1"},
        {"tag": "x" * 5_000},
        {"author": "\x00"},
        {"all": "maybe"},
    ],
    ids=lambda query: next(iter(query)),
)
def test_bad_parameters_get_sensible_results(app, world, query):
    client = sign_in(app.test_client(), world.member)
    response, text = page_of(client, "/w/ai/search", q="training", **query)
    assert response.status_code == 200
    assert result_count(text).endswith("results") or result_count(text).endswith("result")


def test_a_page_past_the_end_shows_the_last_page(app, world):
    client = sign_in(app.test_client(), world.member)
    _, text = page_of(client, "/w/ai/search", q="training", page=50)
    assert len(result_titles(text)) == 5
    assert "Page 2 of 2" in text


# --- administration ------------------------------------------------------------------------


def test_the_status_page_shows_counts_and_applies_the_queue(app, world, csrf_on):
    admin = make_user(hub_admin=True)
    client = sign_in(app.test_client(), admin)
    _, text = page_of(client, "/admin/search")
    assert "No change waits: the index is up to date with the database." in text
    add_page(world, "Waiting page")  # committed, not applied
    _, text = page_of(client, "/admin/search")
    assert "1 change waits to be applied." in text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', text).group(1)
    response = client.post("/admin/search/apply", data={"csrf_token": token})
    assert response.status_code == 302
    _, text = page_of(client, "/admin/search")
    assert "1 queued change applied." in text
    assert "up to date" in text
    assert client.post("/admin/search/apply", data={}).status_code == 400


def test_reindex_and_search_status_commands(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["hub", "reindex"])
    assert result.exit_code == 0, result.output
    assert re.search(r"Indexed \d+ item\(s\) in", result.output)
    assert re.search(r"wiki\s+29", result.output)
    status = runner.invoke(args=["hub", "search-status"])
    assert re.search(r"wiki\s+29\s+29\n", status.output)
    assert "Queued changes: 0" in status.output
    one = runner.invoke(args=["hub", "reindex", "--workspace", "drones"])
    assert one.exit_code == 0 and "for workspace drones" in one.output
    missing = runner.invoke(args=["hub", "reindex", "--workspace", "nope"])
    assert missing.exit_code != 0 and "No workspace has the slug" in missing.output
    pending = runner.invoke(args=["hub", "reindex", "--pending"])
    assert pending.exit_code == 0 and "Applied 0 queued change(s)." in pending.output


def test_members_of_another_role_are_found_with_their_organisation(app, world):
    officer = make_user(display_name="Nadia Haddad", organisation="Gendarmerie", country="MA")
    make_membership(world.workspace, officer, Role.MEMBER)
    indexed()
    client = sign_in(app.test_client(), world.member)
    _, text = page_of(client, "/w/ai/search", q="gendarmerie morocco")
    assert result_titles(text) == ["Nadia Haddad"]
