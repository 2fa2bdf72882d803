"""Every route on the app against every kind of visitor: who gets in, who is sent away.

ROUTE_RULES lists each endpoint with the rule that guards it. A route added to the app
without an entry here makes `test_every_route_is_listed` fail, so nobody ships a page
without deciding who may see it.

The matrix checks only the access outcome. Authorised visitors may get a form error, a
400 or a redirect from validation (POSTs are sent empty); what they must not get is a
401/403, a trip to the sign-in page or a server error.
"""

import enum
import re
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from config import TestingConfig
from documents.extract import TextStatus
from documents.filetypes import FileKind
from documents.models import Document, DocumentVersion
from documents.storage import storage
from events.models import Event, EventKind, FeedKey
from events.services import secret_hash
from forums.models import Forum, Post, Report, Topic
from hub import create_app
from hub.admin.services import suspend_account
from hub.auth.models import AccountStatus, Sector, User
from hub.auth.passwords import hash_password
from hub.database import utcnow
from hub.extensions import db
from hub.notifications.models import Notification
from hub.workspaces.models import (
    Invitation,
    Membership,
    MembershipStatus,
    Role,
    Visibility,
    Workspace,
)
from tests.support import PASSWORD, login
from wiki.feed_views import feed_token
from wiki.models import Page as WikiPage
from wiki.models import Revision as WikiRevision
from wiki.models import Section as WikiSection


class Rule(enum.StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    TOKEN = "token"  # anyone: the signed token in the URL is the key
    SIGNED_IN = "signed_in"  # any active, signed-in account
    VIEW = "view"  # workspace: read its content
    SEE_MEMBERS = "see_members"  # workspace: the members directory (members only, open or not)
    POST = "post"  # workspace: write
    EDIT = "edit"  # workspace: edit the wiki
    MODERATE = "moderate"  # workspace: moderate others' content
    ADMINISTER = "administer"  # workspace: membership, roles, settings
    HUB_ADMIN = "hub_admin"  # hub administrators only


ROUTE_RULES: dict[str, Rule] = {
    # Signing in and out, registering, confirming: reachable by anyone.
    "auth.login": Rule.PUBLIC,
    "auth.logout": Rule.PUBLIC,
    "language.choose_language": Rule.PUBLIC,
    "auth.register": Rule.PUBLIC,
    "auth.reset_request": Rule.PUBLIC,
    "auth.two_factor": Rule.PUBLIC,  # the second step; needs the first step's session state
    "auth.confirm": Rule.TOKEN,
    "auth.reset_password": Rule.TOKEN,
    "workspaces.invitation": Rule.TOKEN,
    # The signed-in user's own things.
    "account.profile": Rule.SIGNED_IN,
    "account.change_password": Rule.SIGNED_IN,
    "account.change_email": Rule.SIGNED_IN,
    "account.confirm_email_change": Rule.SIGNED_IN,  # the token must also be for this user
    "account.two_factor": Rule.SIGNED_IN,
    "account.enable_two_factor": Rule.SIGNED_IN,
    "account.disable_two_factor": Rule.SIGNED_IN,
    "account.regenerate_recovery_codes": Rule.SIGNED_IN,
    "notifications.index": Rule.SIGNED_IN,
    "notifications.mark_read": Rule.SIGNED_IN,  # only the user's own notification changes
    "notifications.mark_all_read": Rule.SIGNED_IN,
    "workspaces.hub_home": Rule.SIGNED_IN,
    # A restricted workspace's home shows non-members only its description and the join
    # form (test_access.py checks they see no content).
    "workspaces.home": Rule.SIGNED_IN,
    # Joining and leaving act on the user's own membership; the services decide.
    "workspaces.join": Rule.SIGNED_IN,
    "workspaces.withdraw": Rule.SIGNED_IN,
    "workspaces.leave": Rule.SIGNED_IN,
    "workspaces.accept_invitation": Rule.SIGNED_IN,
    "workspaces.decline_invitation": Rule.SIGNED_IN,
    # Who the members are is not content: members only, in open workspaces too.
    "members.index": Rule.SEE_MEMBERS,
    # The wiki: reading and watching need VIEW, writing EDIT; the checks on protected pages
    # (administrators only) are in tests/test_wiki_views.py.
    "wiki.index": Rule.VIEW,
    "wiki.page": Rule.VIEW,
    "wiki.section": Rule.VIEW,
    # A branch of a section's tree as a list fragment (wiki-tree.js): read like the section.
    "wiki.branch": Rule.VIEW,
    "wiki.tags": Rule.VIEW,
    "wiki.pages_a_to_z": Rule.VIEW,
    "wiki.tag": Rule.VIEW,
    "wiki.history": Rule.VIEW,
    "wiki.linking_pages": Rule.VIEW,
    "wiki.revision": Rule.VIEW,
    "wiki.diff": Rule.VIEW,
    "wiki.recent": Rule.VIEW,
    "wiki.watch": Rule.VIEW,
    "wiki.watch_section": Rule.VIEW,
    "wiki.new_page": Rule.EDIT,
    "wiki.edit": Rule.EDIT,
    "wiki.preview_fragment": Rule.EDIT,  # the editor's preview fragment; tests/wiki/test_editor.py
    "wiki.revert": Rule.EDIT,
    "wiki.move": Rule.EDIT,
    "wiki.protect": Rule.MODERATE,
    "wiki.unprotect": Rule.MODERATE,
    "wiki.delete": Rule.MODERATE,
    "wiki.restore": Rule.MODERATE,
    "wiki.sections": Rule.ADMINISTER,
    # Feed readers cannot sign in: a personal token in the query string is the key (the
    # matrix sends a member's; tests/test_wiki_feed.py checks bad and revoked tokens).
    "wiki.feed": Rule.TOKEN,
    # The forums: reading needs VIEW, writing POST, pinning and locking MODERATE, managing
    # forums ADMINISTER. Editing and removing a post are also the author's own (the matrix
    # world's post is the visitor's; others' posts: tests/forums/test_views.py).
    "forums.index": Rule.VIEW,
    "forums.forum": Rule.VIEW,
    "forums.topic": Rule.VIEW,
    "forums.post": Rule.VIEW,
    "forums.first_unread": Rule.VIEW,
    "forums.mark_forum_read": Rule.VIEW,
    "forums.follow_topic": Rule.VIEW,
    "forums.follow_forum": Rule.VIEW,
    # Marking a post helpful is for others' posts, marking the answer for the topic's starter
    # and moderators (the matrix world's topic is the visitor's; the rest:
    # tests/forums/test_engagement.py).
    "forums.helpful": Rule.POST,
    "forums.mark_answer": Rule.POST,
    "forums.new_topic": Rule.POST,
    "forums.reply": Rule.POST,
    "forums.edit_post": Rule.POST,
    "forums.delete_post": Rule.POST,
    "forums.preview_fragment": Rule.POST,
    # Reporting another's post: the matrix's post is the visitor's own, which the form
    # refuses with a message (tests/forums/test_moderation.py).
    "forums.report_post": Rule.POST,
    "forums.pin": Rule.MODERATE,
    "forums.lock": Rule.MODERATE,
    "forums.move_topic": Rule.MODERATE,
    "forums.remove_topic": Rule.MODERATE,
    "forums.restore_topic": Rule.MODERATE,
    "forums.restore_post": Rule.MODERATE,
    # What an edit replaced is for moderators only: members get a 403.
    "forums.post_versions": Rule.MODERATE,
    "forums.reports": Rule.MODERATE,
    "forums.dismiss_report": Rule.MODERATE,
    "forums.remove_reported_post": Rule.MODERATE,
    "forums.new_forum": Rule.ADMINISTER,
    "forums.edit_forum": Rule.ADMINISTER,
    "forums.archive_forum": Rule.ADMINISTER,
    # The library: reading and downloading need VIEW, uploading POST; editing a document and
    # adding versions are also its uploader's own (the matrix world's document is the
    # visitor's; others' documents: tests/documents/test_views.py); deleting and restoring
    # documents and making collections ADMINISTER.
    "documents.index": Rule.VIEW,
    "documents.document": Rule.VIEW,
    "documents.download": Rule.VIEW,
    "documents.picture": Rule.VIEW,
    "documents.upload": Rule.POST,
    "documents.new_version": Rule.POST,
    "documents.edit": Rule.POST,
    "documents.delete": Rule.ADMINISTER,
    "documents.restore": Rule.ADMINISTER,
    "documents.purge": Rule.ADMINISTER,
    "documents.collections": Rule.ADMINISTER,
    # Events: reading (the list, the calendar, the timeline, an event, its .ics) needs VIEW;
    # registering POST; the member's calendar feed address is for members (like the
    # directory: who takes part is not content); the feed itself is read with its secret
    # (the matrix sends a member's; tests/events/test_ical.py checks bad and revoked ones);
    # managing events ADMINISTER.
    "events.index": Rule.VIEW,
    "events.calendar": Rule.VIEW,
    "events.timeline": Rule.VIEW,
    "events.event": Rule.VIEW,
    "events.event_ics": Rule.VIEW,
    "events.register": Rule.POST,
    "events.cancel_registration": Rule.POST,
    "events.feed_settings": Rule.SEE_MEMBERS,
    "events.feed": Rule.TOKEN,
    "events.new": Rule.ADMINISTER,
    "events.edit": Rule.ADMINISTER,
    "events.cancel": Rule.ADMINISTER,
    "events.duplicate": Rule.ADMINISTER,
    "events.attendance": Rule.ADMINISTER,
    "events.export": Rule.ADMINISTER,
    "events.kinds": Rule.ADMINISTER,
    # The Toolkit's self-assessment: members' own assessments (POST: they are written); the
    # matrix world's assessment is the visitor's. Others' assessments, shared or not, and
    # the five-author threshold of the figures: tests/toolkit/test_views.py.
    "toolkit.index": Rule.POST,
    "toolkit.start": Rule.POST,
    "toolkit.step": Rule.POST,
    "toolkit.submit": Rule.POST,
    "toolkit.copy": Rule.POST,
    "toolkit.delete": Rule.POST,
    "toolkit.assessment": Rule.POST,
    "toolkit.export_json": Rule.POST,
    "toolkit.export_csv": Rule.POST,
    "toolkit.sharing": Rule.POST,
    "toolkit.unshare": Rule.POST,
    "toolkit.statistics": Rule.ADMINISTER,
    # Workspace administration.
    "workspaces.settings": Rule.ADMINISTER,
    "members.requests": Rule.ADMINISTER,
    "members.approve": Rule.ADMINISTER,
    "members.reject": Rule.ADMINISTER,
    "members.member": Rule.ADMINISTER,
    "members.invite": Rule.ADMINISTER,
    "members.revoke_invitation": Rule.ADMINISTER,
    "members.change_role": Rule.ADMINISTER,
    "members.remove": Rule.ADMINISTER,
    "audit.workspace_log": Rule.ADMINISTER,
    # Hub administration.
    "admin.index": Rule.HUB_ADMIN,
    "admin.workspaces": Rule.HUB_ADMIN,
    "admin.new_workspace": Rule.HUB_ADMIN,
    "admin.users": Rule.HUB_ADMIN,
    "admin.user": Rule.HUB_ADMIN,
    "admin.suspend_user": Rule.HUB_ADMIN,
    "admin.reactivate_user": Rule.HUB_ADMIN,
    "audit.hub_log": Rule.HUB_ADMIN,
    # Search: a workspace's results, counts, facets and suggestions need VIEW there (and
    # members need SEE_MEMBERS to find members: tests/search/test_views.py); across
    # workspaces, each workspace's own rule applies to what is found.
    "search.workspace_search": Rule.VIEW,
    "search.workspace_suggest": Rule.VIEW,
    "search.everywhere": Rule.SIGNED_IN,
    "search.suggest_everywhere": Rule.SIGNED_IN,
    "search.status": Rule.HUB_ADMIN,
    "search.apply_queue": Rule.HUB_ADMIN,
}


class Persona(enum.StrEnum):
    ANONYMOUS = "anonymous"
    NON_MEMBER = "non_member"
    APPLICANT = "applicant"  # a pending request to join the restricted workspace
    MEMBER = "member"
    MODERATOR = "moderator"
    WORKSPACE_ADMIN = "workspace_admin"
    HUB_ADMIN = "hub_admin"  # not a member of any workspace
    SUSPENDED = "suspended"  # was a member, signed in, then suspended


WORKSPACE_RULES = frozenset(
    {Rule.VIEW, Rule.SEE_MEMBERS, Rule.POST, Rule.EDIT, Rule.MODERATE, Rule.ADMINISTER}
)
SIGNED_IN_PERSONAS = frozenset(Persona) - {Persona.ANONYMOUS, Persona.SUSPENDED}
MEMBERS_AND_UP = frozenset(
    {Persona.MEMBER, Persona.MODERATOR, Persona.WORKSPACE_ADMIN, Persona.HUB_ADMIN}
)

# Who gets in, by rule and by the workspace's visibility (None: not a workspace route).
ALLOWED: dict[Rule, frozenset[Persona]] = {
    Rule.PUBLIC: frozenset(Persona),
    Rule.TOKEN: frozenset(Persona),
    Rule.SIGNED_IN: SIGNED_IN_PERSONAS,
    Rule.VIEW: MEMBERS_AND_UP,
    Rule.SEE_MEMBERS: MEMBERS_AND_UP,
    Rule.POST: MEMBERS_AND_UP,
    Rule.EDIT: MEMBERS_AND_UP,
    Rule.MODERATE: frozenset({Persona.MODERATOR, Persona.WORKSPACE_ADMIN, Persona.HUB_ADMIN}),
    Rule.ADMINISTER: frozenset({Persona.WORKSPACE_ADMIN, Persona.HUB_ADMIN}),
    Rule.HUB_ADMIN: frozenset({Persona.HUB_ADMIN}),
}
# In an open workspace any active account may read; writing, and seeing who the members
# are, still need membership.
ALLOWED_IN_OPEN_WORKSPACE = {**ALLOWED, Rule.VIEW: SIGNED_IN_PERSONAS}

RESTRICTED_SLUG = "ai"
OPEN_SLUG = "drones"
BAD_TOKEN = "not-a-valid-token"
URL_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
#: Query strings some routes need, filled from the world's values like URL parameters.
QUERY_STRINGS = {"wiki.feed": "token={feed_token}", "wiki.branch": "under={path}"}


# --- the routes, read once from an app at collection time ------------------------------


@dataclass(frozen=True, order=True)
class Route:
    endpoint: str
    rule: str  # the URL rule, e.g. "/w/<slug>/members/<int:membership_id>/role"
    method: str

    @property
    def in_workspace(self) -> bool:
        return "<slug>" in self.rule


def registered_routes(app) -> list[Route]:
    return sorted(
        Route(rule.endpoint, rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    )


def _routes_of_a_fresh_app() -> list[Route]:
    # Parametrisation happens before fixtures exist; URL rules do not depend on the database.
    with tempfile.TemporaryDirectory() as instance:
        app = create_app(TestingConfig, instance_path=instance, SQLALCHEMY_DATABASE_URI="sqlite://")
        return registered_routes(app)


ROUTES = _routes_of_a_fresh_app()


def _cases():
    for route in ROUTES:
        if not route.in_workspace:
            slugs = [None]
        elif ROUTE_RULES.get(route.endpoint) in WORKSPACE_RULES:
            slugs = [RESTRICTED_SLUG, OPEN_SLUG]
        else:  # joining, leaving: the user's own membership, the same in both kinds
            slugs = [RESTRICTED_SLUG]
        for slug in slugs:
            for persona in Persona:
                case_id = f"{route.endpoint}-{route.method}-{persona}"
                if slug == OPEN_SLUG:
                    case_id += "-open_workspace"
                yield pytest.param(route, slug, persona, id=case_id)


# --- the people and things each case needs ---------------------------------------------


@dataclass
class World:
    users: dict[Persona, User]
    #: Values for the URL parameters, per workspace slug (and None for hub-level routes).
    url_values: dict[str | None, dict[str, object]]


WORKSPACE_ROLES = {
    Persona.MEMBER: Role.MEMBER,
    Persona.MODERATOR: Role.MODERATOR,
    Persona.WORKSPACE_ADMIN: Role.ADMINISTRATOR,
    Persona.SUSPENDED: Role.MEMBER,
}


def new_user(name: str, password_hash: str, hub_admin: bool = False) -> User:
    # Rows straight in, one commit for the whole world: the factories' password policy
    # check per account would make the ~700 cases several times slower.
    return User(
        email=f"{name}@example.org",
        display_name=name.replace("_", " ").title(),
        sector=Sector.LAW_ENFORCEMENT,
        organisation="Test Police",
        country="FR",
        password_hash=password_hash,
        status=AccountStatus.ACTIVE,
        confirmed_at=utcnow(),
        is_hub_admin=hub_admin,
    )


def new_membership(workspace: Workspace, user: User, role: Role, status: MembershipStatus):
    active = status == MembershipStatus.ACTIVE
    return Membership(
        workspace=workspace,
        user=user,
        role=role,
        status=status,
        joined_at=utcnow() if active else None,
        requested_at=None if active else utcnow(),
    )


def seed_wiki(workspace: Workspace, author: User, reader: User) -> dict[str, object]:
    """A wiki page with one revision in an unprotected section, and `reader`'s feed token.

    Rows straight in, like the accounts: the wiki's services would triple the time a case takes.
    """
    topics = WikiSection(workspace=workspace, name="Topics", slug="topics")
    page = WikiPage(
        workspace=workspace,
        section=topics,
        path="topics-page",
        title="Topics page",
        title_key="topics page",
    )
    page.current_revision = WikiRevision(
        page=page, number=1, title=page.title, body="Text.", html="<p>Text.</p>", author=author
    )
    db.session.add_all([topics, page])
    db.session.flush()
    return {
        "path": page.path,
        "number": page.current_revision.number,
        "section_id": topics.id,
        "section_slug": topics.slug,
        "tag": "tool",
        "feed_token": feed_token(reader, workspace),
    }


def seed_forums(workspace: Workspace, author: User) -> dict[str, object]:
    """A forum with a topic of one post by `author`, reported by its author (the rows need
    not make sense to be found). Rows straight in, like the wiki's."""
    forum = Forum(workspace=workspace, title="General", topic_count=1, post_count=1)
    topic = Topic(forum=forum, author=author, title="A topic", post_count=1, last_position=1)
    post = Post(topic=topic, author=author, position=1, body="Text.", html="<p>Text.</p>")
    db.session.add_all([forum, topic, post])
    db.session.flush()
    report = Report(workspace_id=workspace.id, post_id=post.id, reporter_id=author.id, reason="?")
    db.session.add(report)
    db.session.flush()
    return {"forum_id": forum.id, "topic_id": topic.id, "post_id": post.id, "report_id": report.id}


def seed_documents(workspace: Workspace, uploader: User) -> dict[str, object]:
    """A document of one version by `uploader`, its file and picture stored. Rows straight
    in."""
    sha256 = storage().store_bytes(b"Matrix text.")
    storage().keep_picture(sha256, b"\x89PNG\r\n\x1a\n")
    document = Document(
        workspace=workspace,
        title="A document",
        uploader=uploader,
        file_kind=FileKind.TEXT,
        size=12,
        version_count=1,
    )
    version = DocumentVersion(
        document=document,
        number=1,
        sha256=sha256,
        original_filename="a.txt",
        size=12,
        file_kind=FileKind.TEXT,
        media_type="text/plain",
        uploader=uploader,
        text_status=TextStatus.READ,
        text="Matrix text.",
        has_picture=True,
    )
    db.session.add_all([document, version])
    db.session.flush()
    document.current_version_id = version.id
    return {"document_id": document.id, "number": version.number}


def seed_events(workspace: Workspace, reader: User) -> dict[str, object]:
    """An event a month away, and `reader`'s calendar feed secret. Rows straight in."""
    kind = EventKind(workspace_id=workspace.id, slug="vdr", name="Virtual Discussion Room")
    starts = utcnow() + timedelta(days=30)
    event = Event(
        workspace=workspace,
        kind=kind,
        title="An event",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        timezone="UTC",
    )
    secret = "matrix-feed-secret"
    key = FeedKey(user_id=reader.id, workspace_id=workspace.id, secret_hash=secret_hash(secret))
    db.session.add_all([kind, event, key])
    db.session.flush()
    return {"event_id": event.id, "secret": secret}


def seed_toolkit(workspace: Workspace, author: User) -> dict[str, object]:
    """The demo's readiness questionnaire and a draft assessment of it by `author`."""
    from wiki.toolkit.demo import load_demo_questionnaires
    from wiki.toolkit.models import Assessment

    questionnaire = load_demo_questionnaires()["readiness"]
    assessment = Assessment(
        workspace=workspace, author=author, questionnaire=questionnaire, title="Agency"
    )
    db.session.add(assessment)
    db.session.flush()
    return {"assessment_id": assessment.id, "key": questionnaire.key, "step": 1}


def build_world(
    wiki_in: str | None = None,
    forums_in: str | None = None,
    poster: Persona | None = None,
    documents_in: str | None = None,
    events_in: str | None = None,
    toolkit_in: str | None = None,
) -> World:
    """Two workspaces (restricted and open), one account per persona, and things to act on;
    a wiki page in the workspace `wiki_in` (only wiki routes need one), a forum topic in
    `forums_in`, whose post is `poster`'s when they may post (the workspace administrator's
    otherwise), and a document in `documents_in`, uploaded by `poster` likewise."""
    password_hash = hash_password(PASSWORD)
    users = {
        persona: new_user(persona, password_hash, hub_admin=persona == Persona.HUB_ADMIN)
        for persona in Persona
    }
    target = new_user("target", password_hash)  # whom administrators act on
    workspaces = {
        RESTRICTED_SLUG: Workspace(slug=RESTRICTED_SLUG, name="AI"),
        OPEN_SLUG: Workspace(slug=OPEN_SLUG, name="Drones", visibility=Visibility.OPEN),
    }
    db.session.add_all([*users.values(), target, *workspaces.values()])
    targets: dict[str, tuple[Membership, Invitation]] = {}
    for slug, workspace in workspaces.items():
        for persona, role in WORKSPACE_ROLES.items():
            db.session.add(new_membership(workspace, users[persona], role, MembershipStatus.ACTIVE))
        membership = new_membership(workspace, target, Role.MEMBER, MembershipStatus.ACTIVE)
        invitation = Invitation(workspace=workspace, email="invited@example.org")
        db.session.add_all([membership, invitation])
        targets[slug] = (membership, invitation)
    db.session.add(
        new_membership(
            workspaces[RESTRICTED_SLUG],
            users[Persona.APPLICANT],
            Role.MEMBER,
            MembershipStatus.REQUESTED,
        )
    )
    notification = Notification(user=users[Persona.MEMBER], kind="test", message="Hello.")
    db.session.add(notification)
    db.session.flush()  # read the ids before the commit expires every object
    wiki_values = {slug: {} for slug in workspaces}
    if wiki_in is not None:
        wiki_values[wiki_in] = seed_wiki(
            workspaces[wiki_in], users[Persona.WORKSPACE_ADMIN], users[Persona.MEMBER]
        )
    forum_values = {slug: {} for slug in workspaces}
    if forums_in is not None:
        author = poster if poster in MEMBERS_AND_UP else Persona.WORKSPACE_ADMIN
        forum_values[forums_in] = seed_forums(workspaces[forums_in], users[author])
    document_values = {slug: {} for slug in workspaces}
    if documents_in is not None:
        uploader = poster if poster in MEMBERS_AND_UP else Persona.WORKSPACE_ADMIN
        document_values[documents_in] = seed_documents(workspaces[documents_in], users[uploader])
    toolkit_values = {slug: {} for slug in workspaces}
    if toolkit_in is not None:
        author = poster if poster in MEMBERS_AND_UP else Persona.WORKSPACE_ADMIN
        toolkit_values[toolkit_in] = seed_toolkit(workspaces[toolkit_in], users[author])

    event_values = {slug: {} for slug in workspaces}
    if events_in is not None:
        event_values[events_in] = seed_events(workspaces[events_in], users[Persona.MEMBER])

    hub_values = {"token": BAD_TOKEN, "notification_id": notification.id, "user_id": target.id}
    url_values: dict[str | None, dict[str, object]] = {None: hub_values}
    for slug, (membership, invitation) in targets.items():
        url_values[slug] = {
            **hub_values,
            "slug": slug,
            "membership_id": membership.id,
            "invitation_id": invitation.id,
            **wiki_values[slug],
            **forum_values[slug],
            **document_values[slug],
            **event_values[slug],
            **toolkit_values[slug],
        }
    db.session.commit()
    return World(users=users, url_values=url_values)


def sign_in_as(client, world: World, persona: Persona) -> None:
    if persona == Persona.ANONYMOUS:
        return
    response = login(client, f"{persona}@example.org")
    assert response.status_code == 302 and urlsplit(response.location).path == "/", (
        f"setting up: {persona} could not sign in"
    )
    if persona == Persona.SUSPENDED:
        # Suspended after signing in: the session cookie the browser holds must stop working.
        suspend_account(world.users[persona], by=world.users[Persona.HUB_ADMIN])
        db.session.commit()


def path_for(route: Route, values: dict[str, object]) -> str:
    def value_of(match: re.Match) -> str:
        name = match.group(1)
        assert name in values, f"{route.endpoint}: give a value for URL parameter <{name}>"
        return str(values[name])

    path = URL_PARAMETER.sub(value_of, route.rule)
    query = QUERY_STRINGS.get(route.endpoint)
    return f"{path}?{query.format_map(values)}" if query else path


# --- outcomes ---------------------------------------------------------------------------


def sent_to_sign_in(response) -> bool:
    """Flask-Login's answer to an anonymous visitor: the sign-in page with ?next=."""
    if response.status_code != 302:
        return False
    location = urlsplit(response.location)
    return location.path == "/auth/login" and "next" in parse_qs(location.query)


def expected_outcome(rule: Rule, persona: Persona, slug: str | None) -> str:
    allowed = (ALLOWED_IN_OPEN_WORKSPACE if slug == OPEN_SLUG else ALLOWED)[rule]
    if persona in allowed:
        return "allowed"
    if persona in (Persona.ANONYMOUS, Persona.SUSPENDED):
        return "sign in"
    return "forbidden"


def assert_outcome(response, expected: str, rule: Rule, path: str) -> None:
    status = response.status_code
    summary = f"{status} {response.location or ''}".strip()
    if expected == "sign in":
        assert sent_to_sign_in(response), f"expected a redirect to sign in, got {summary}"
        assert parse_qs(urlsplit(response.location).query)["next"] == [path]
    elif expected == "forbidden":
        assert status == 403, f"expected 403, got {summary}"
    else:
        assert status not in (401, 403), f"expected access, got {summary}"
        assert status < 500, f"expected access, got a server error {status}"
        assert not sent_to_sign_in(response), f"expected access, got {summary}"
        if rule not in (Rule.PUBLIC, Rule.TOKEN):
            # Only the sign-in routes themselves (sign out, 2FA without a first step) go there.
            assert urlsplit(response.location or "").path != "/auth/login", summary


# --- the tests --------------------------------------------------------------------------


def test_every_route_is_listed(app):
    on_app = {route.endpoint for route in registered_routes(app)}
    unlisted = sorted(on_app - ROUTE_RULES.keys())
    assert not unlisted, (
        f"Routes without an access rule: {unlisted}. Add each to ROUTE_RULES in "
        "tests/test_access_matrix.py with the rule that guards it."
    )


def test_the_matrix_covers_what_the_app_has(app):
    # The cases were read from a separate app at collection time: they must be the same routes.
    assert registered_routes(app) == ROUTES


@pytest.mark.parametrize(("route", "slug", "persona"), list(_cases()))
def test_access(client, route: Route, slug: str | None, persona: Persona):
    assert route.endpoint in ROUTE_RULES, f"{route.endpoint} is not in ROUTE_RULES"
    rule = ROUTE_RULES[route.endpoint]
    world = build_world(
        wiki_in=slug if route.endpoint.startswith("wiki.") else None,
        forums_in=slug if route.endpoint.startswith("forums.") else None,
        poster=persona,
        documents_in=slug if route.endpoint.startswith("documents.") else None,
        events_in=slug if route.endpoint.startswith("events.") else None,
        toolkit_in=slug if route.endpoint.startswith("toolkit.") else None,
    )
    sign_in_as(client, world, persona)
    path = path_for(route, world.url_values[slug])

    response = client.open(path, method=route.method, data={} if route.method == "POST" else None)

    assert_outcome(response, expected_outcome(rule, persona, slug), rule, path)
