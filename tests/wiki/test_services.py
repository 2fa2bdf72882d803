"""Wiki services and reads, called directly: rules, permissions, conflicts, history, watches."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select, update

from hub.access import permissions_of
from hub.audit.models import AuditEntry
from hub.auth.models import AccountStatus, User
from hub.exceptions import AccessDenied, RuleViolation
from hub.extensions import db
from hub.notifications.models import Activity, Notification
from hub.workspaces.models import Membership, MembershipStatus, Role, Visibility
from tests.support import make_membership, make_user, make_workspace
from tests.support.wiki import add_page, build_wiki, move, pages
from wiki import policies, queries, services
from wiki.models import Page, PageRedirect, PageTag, Revision, Section, Watch
from wiki.services import MAX_BODY_LENGTH, EditConflict


def may_edit(user: User, page: Page) -> bool:
    return policies.edit_refusal(user, permissions_of(user, page.workspace), page) is None


def edit(page: Page, editor: User, body: str, summary: str = "") -> Revision:
    return services.save_page(
        page, editor, body=body, summary=summary, base_revision_id=page.current_revision_id
    )


def count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def notifications_of(user: User) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# --- create_page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "path"),
    [
        ("Détection d’objets", "detection-d-objets"),
        ("Détection d'objets", "detection-d-objets"),
        ("  Machine   Learning  ", "machine-learning"),
        ("MACHINE learning", "machine-learning"),
        ("Audio & video: forensics (2019)!", "audio-video-forensics-2019"),
        ("Straße der Polizei", "strasse-der-polizei"),
        ("Œuvre — Ærø", "oeuvre-aero"),
        ("Ｆｕｌｌ ｗｉｄｔｈ", "full-width"),
    ],
)
def test_path_is_made_from_the_title(wiki, title, path):
    page = add_page(wiki, title)
    assert page.path == path
    assert page.title == " ".join(title.split())


def test_a_title_without_letters_or_digits_is_refused(wiki):
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "!!! ???")
    assert refused.value.field == "slug"
    assert count(Page) == 0


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_an_empty_or_overlong_title_is_refused(wiki, title):
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, title, slug="fine")
    assert refused.value.field == "title"
    assert count(Page) == 0


def test_an_overlong_summary_is_refused(wiki):
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "Robots", summary="s" * 301)
    assert refused.value.field == "summary"
    page = add_page(wiki, "Robots", summary="s" * 300)
    with pytest.raises(RuleViolation) as refused:
        edit(page, wiki.member, "New text.", "s" * 301)
    assert refused.value.field == "summary"
    assert count(Revision) == 1


def test_a_page_under_a_parent_lives_under_its_path(wiki):
    parent = add_page(wiki, "Computer vision")
    child = add_page(wiki, "Face Recognition", parent=parent)
    grandchild = add_page(wiki, "Bias", parent=child)
    assert child.path == "computer-vision/face-recognition"
    assert grandchild.path == "computer-vision/face-recognition/bias"
    assert child.parent_id == parent.id


def test_an_explicit_slug_wins_over_the_title(wiki):
    page = add_page(wiki, "Machine learning for police", slug="ML Basics")
    assert page.path == "ml-basics"
    assert page.title == "Machine learning for police"


def test_the_first_revision_records_author_size_and_summary(wiki):
    page = add_page(wiki, "Robots", "Smart robots.", summary="First draft")
    revision = page.current_revision
    assert (revision.number, revision.author_id, revision.summary) == (
        1,
        wiki.member.id,
        "First draft",
    )
    assert (revision.size, revision.size_delta) == (len("Smart robots."), len("Smart robots."))
    assert revision.html.strip() == "<p>Smart robots.</p>"
    assert add_page(wiki, "Speech").current_revision.summary == "Created the page"
    assert count(Activity, Activity.verb == "created the wiki page") == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Machine learning", "Machine learning"),
        ("Machine learning", "machine  LEARNING"),
        ("Détection d’objets", "Detection d objets"),
    ],
)
def test_a_path_collision_is_refused_on_the_slug_field(wiki, first, second):
    add_page(wiki, first)
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, second, "Other text")
    assert refused.value.field == "slug"
    assert "address" in refused.value.message
    db.session.rollback()
    assert count(Page) == 1
    assert count(Revision) == 1


def test_the_address_of_a_deleted_page_is_refused_with_the_reason(wiki):
    page = add_page(wiki, "Old page")
    services.delete_page(page, wiki.moderator)
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "Old page")
    assert refused.value.field == "slug"
    assert "deleted" in refused.value.message


def test_the_same_title_under_different_parents_is_allowed(wiki):
    first = add_page(wiki, "Topics A")
    second = add_page(wiki, "Topics B")
    assert add_page(wiki, "Risks", parent=first).path == "topics-a/risks"
    assert add_page(wiki, "Risks", parent=second).path == "topics-b/risks"


@pytest.mark.parametrize("title", ["New", "Recent", "Sections", "Feed Atom"])
def test_reserved_first_segments_are_refused(wiki, title):
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, title)
    assert refused.value.field == "slug"
    assert count(Page) == 0


def test_reserved_first_segments_are_fine_further_down(wiki):
    parent = add_page(wiki, "Events")
    assert add_page(wiki, "New", parent=parent).path == "events/new"


@pytest.mark.parametrize(
    "segment",
    [
        "edit",
        "history",
        "revisions",
        "diff",
        "revert",
        "move",
        "protect",
        "unprotect",
        "delete",
        "restore",
        "watch",
    ],
)
def test_action_segments_are_refused_anywhere_in_the_path(wiki, segment):
    parent = add_page(wiki, "Parent")
    for options in ({"title": segment.title()}, {"title": "Fine", "slug": segment}):
        with pytest.raises(RuleViolation) as refused:
            add_page(wiki, parent=parent, **options)
        assert refused.value.field == "slug"
        assert segment in refused.value.message
    assert count(Page) == 1


def test_an_overlong_path_is_refused(wiki):
    parent = add_page(wiki, "a" * 80)
    child = add_page(wiki, "b" * 80, parent=parent)
    grandchild = add_page(wiki, "c" * 80, parent=child)
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "d" * 80, parent=grandchild)
    assert refused.value.field == "slug"
    assert count(Page) == 3


def test_a_body_over_the_limit_is_refused_and_nothing_is_saved(wiki):
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "Huge", "x" * (MAX_BODY_LENGTH + 1))
    assert refused.value.field == "body"
    assert "512 KB" in refused.value.message
    assert (count(Page), count(Revision), count(Activity)) == (0, 0, 0)


def test_a_body_at_the_limit_is_accepted(wiki):
    page = add_page(wiki, "Big", "x" * MAX_BODY_LENGTH)
    assert page.current_revision.size == MAX_BODY_LENGTH


def test_tags_are_cleaned_and_lens_tags_kept(wiki):
    page = add_page(
        wiki,
        "Deepfakes",
        tags=[" Threat ", "TOOL", "evidence", "Face Recognition", "face recognition", "", "!!"]
        + ["a" * 39 + " b"],
    )
    assert page.tag_names == ["a" * 39, "evidence", "face-recognition", "threat", "tool"]


def test_too_many_tags_are_refused(wiki):
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "Tagged", tags=[f"tag {number}" for number in range(21)])
    assert refused.value.field == "tags"
    assert count(Page) == 0


def test_toolkit_pages_start_protected_and_only_administrators_create_them(wiki):
    page = add_page(wiki, "Principles", author=wiki.admin, section=wiki.toolkit)
    assert page.protected
    assert not add_page(wiki, "Ordinary", author=wiki.admin).protected
    for author in (wiki.member, wiki.moderator):
        with pytest.raises(AccessDenied):
            add_page(wiki, "Sneaky", author=author, section=wiki.toolkit)
    assert count(Page) == 2


@pytest.mark.parametrize("who", ["outsider", "other_workspace", "requested", "removed", "visitor"])
def test_people_without_edit_rights_cannot_create_pages(wiki, who):
    user = make_user()
    if who == "outsider":
        user = wiki.outsider
    elif who == "other_workspace":
        make_membership(make_workspace("drones"), user, Role.ADMINISTRATOR)
    elif who == "visitor":
        wiki.workspace.visibility = Visibility.OPEN
        db.session.commit()
    else:
        make_membership(wiki.workspace, user, Role.ADMINISTRATOR, MembershipStatus(who))
    with pytest.raises(AccessDenied):
        add_page(wiki, "Intrusion", author=user)
    assert count(Page) == 0


def test_sections_and_parents_of_another_workspace_are_refused(wiki):
    other = build_wiki("drones")
    foreign_parent = add_page(other, "Foreign", author=other.member)
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "Mixed", section=other.topics)
    assert refused.value.field == "section"
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "Mixed", parent=foreign_parent)
    assert refused.value.field == "parent"
    assert count(Page, Page.workspace_id == wiki.workspace.id) == 0


def test_a_deleted_parent_is_refused(wiki):
    parent = add_page(wiki, "Gone")
    services.delete_page(parent, wiki.moderator)
    with pytest.raises(RuleViolation) as refused:
        add_page(wiki, "Orphan", parent=parent)
    assert refused.value.field == "parent"


def test_the_same_path_in_two_workspaces_is_fine(wiki):
    other = build_wiki("drones")
    assert add_page(wiki, "Overview").path == add_page(other, "Overview", author=other.member).path


# --- sections -----------------------------------------------------------------------------


def test_default_sections_are_made_once_in_order(wiki):
    again = services.ensure_default_sections(wiki.workspace)
    assert [section.name for section in again] == ["Topics", "Events", "Cooperation", "Toolkit"]
    assert count(Section) == 4
    assert [section.protect_new_pages for section in again] == [False, False, False, True]


def test_administrators_add_sections_at_the_end(wiki):
    section = services.create_section(wiki.workspace, wiki.admin, name="Case studies", protect=True)
    assert (section.slug, section.position, section.protect_new_pages) == ("case-studies", 4, True)
    assert queries.sections_of(wiki.workspace)[-1] == section
    assert "wiki.section_created" in audit_actions()
    with pytest.raises(RuleViolation) as refused:
        services.create_section(wiki.workspace, wiki.admin, name="case  STUDIES")
    assert refused.value.field == "name"
    for bad_input, field in (
        ({"name": "***"}, "name"),
        ({"name": "n" * 81}, "name"),
        ({"name": "Fine", "description": "d" * 501}, "description"),
    ):
        with pytest.raises(RuleViolation) as refused:
            services.create_section(wiki.workspace, wiki.admin, **bad_input)
        assert refused.value.field == field
    with pytest.raises(AccessDenied):
        services.create_section(wiki.workspace, wiki.moderator, name="Mine")
    assert count(Section) == 5


# --- save_page ----------------------------------------------------------------------------


def test_a_save_makes_a_numbered_revision_with_its_size_change(wiki):
    page = add_page(wiki, "Speech recognition", "Short.")
    first = page.current_revision
    revision = services.save_page(
        page,
        wiki.other_member,
        body="A longer text.",
        summary="Expand",
        base_revision_id=first.id,
    )
    assert page.current_revision == revision
    assert (revision.number, revision.author_id, revision.summary) == (
        2,
        wiki.other_member.id,
        "Expand",
    )
    assert (revision.size, revision.size_delta) == (14, 14 - 6)
    assert revision.parent_revision_id == first.id
    shorter = edit(page, wiki.member, "Tiny")
    assert (shorter.number, shorter.size_delta) == (3, 4 - 14)
    assert page.updated_at == shorter.created_at
    assert count(Revision, Revision.page_id == page.id) == 3


def test_a_save_on_an_older_base_is_a_conflict_and_saves_nothing(wiki):
    page = add_page(wiki, "Robots", "One.", tags=["tool"])
    base = page.current_revision
    theirs = edit(page, wiki.other_member, "One. Two.")
    db.session.commit()
    with pytest.raises(EditConflict) as conflict:
        services.save_page(
            page,
            wiki.member,
            body="One. Three.",
            summary="Mine",
            base_revision_id=base.id,
            tags=["threat"],
        )
    assert conflict.value.base == base
    assert conflict.value.current == theirs
    assert conflict.value.page == page
    db.session.rollback()
    assert count(Revision) == 2
    assert page.current_revision.body == "One. Two."
    assert page.tag_names == ["tool"]


@pytest.mark.parametrize("base", ["none", "another_page", "huge", "missing"])
def test_a_save_on_a_base_that_is_not_this_pages_is_a_conflict(wiki, base):
    page = add_page(wiki, "Robots", "One.")
    other = add_page(wiki, "Drones", "Two.")
    base_id = {
        "none": None,
        "another_page": other.current_revision_id,
        "huge": 2**70,
        "missing": other.current_revision_id + 1000,
    }[base]
    with pytest.raises(EditConflict) as conflict:
        services.save_page(page, wiki.member, body="X", summary="", base_revision_id=base_id)
    assert conflict.value.base is None
    assert conflict.value.current == page.current_revision
    assert count(Revision) == 2


def test_saving_the_same_text_makes_no_empty_revision(wiki):
    page = add_page(wiki, "Robots", "Same.", tags=["tool"])
    first = page.current_revision
    for tags in (None, ["tool"], ["Tool "]):
        revision = services.save_page(
            page, wiki.member, body="Same.", summary="Nothing", base_revision_id=first.id, tags=tags
        )
        assert revision == first
    assert count(Revision) == 1
    assert count(Activity, Activity.verb == "edited the wiki page") == 0


def test_changing_only_the_tags_keeps_the_revision(wiki):
    page = add_page(wiki, "Robots", "Same.", tags=["tool"])
    first = page.current_revision
    services.save_page(
        page, wiki.member, body="Same.", summary="", base_revision_id=first.id, tags=["threat"]
    )
    assert page.tag_names == ["threat"]
    assert page.current_revision == first
    assert count(PageTag) == 1


def test_a_save_replaces_the_tags(wiki):
    page = add_page(wiki, "Robots", "One.", tags=["tool", "robots"])
    services.save_page(
        page,
        wiki.member,
        body="Two.",
        summary="",
        base_revision_id=page.current_revision_id,
        tags=["Robots", "Evidence"],
    )
    db.session.commit()
    db.session.expire_all()
    assert page.tag_names == ["evidence", "robots"]


def test_a_body_over_the_limit_is_refused_on_save(wiki):
    page = add_page(wiki, "Robots", "One.")
    with pytest.raises(RuleViolation) as refused:
        edit(page, wiki.member, "x" * (MAX_BODY_LENGTH + 1))
    assert refused.value.field == "body"
    assert count(Revision) == 1


def test_protected_pages_are_edited_by_administrators_only(wiki):
    page = add_page(wiki, "Principles", "One.", author=wiki.admin, section=wiki.toolkit)
    for editor in (wiki.member, wiki.moderator):
        assert not may_edit(editor, page)
        with pytest.raises(AccessDenied) as refused:
            edit(page, editor, "Vandalised.")
        assert "protected" in refused.value.message
    assert may_edit(wiki.admin, page)
    assert edit(page, wiki.admin, "Curated.").number == 2
    assert count(Revision) == 2


def test_a_deleted_page_cannot_be_edited_and_says_why(wiki):
    page = add_page(wiki, "Robots", "One.")
    services.delete_page(page, wiki.moderator)
    assert not may_edit(wiki.admin, page)
    with pytest.raises(RuleViolation) as refused:
        edit(page, wiki.admin, "Two.")
    assert "deleted" in refused.value.message
    assert count(Revision) == 1


@pytest.mark.parametrize("who", ["outsider", "visitor"])
def test_people_without_edit_rights_cannot_save(wiki, who):
    page = add_page(wiki, "Robots", "One.")
    if who == "visitor":
        wiki.workspace.visibility = Visibility.OPEN
        db.session.commit()
    assert not may_edit(wiki.outsider, page)
    with pytest.raises(AccessDenied):
        edit(page, wiki.outsider, "Two.")
    assert count(Revision) == 1


def test_a_concurrent_save_becomes_a_conflict_not_a_crash(wiki, backend):
    """Two editors save on the same base at the same time: the second sees a conflict."""
    if backend == "sqlite":
        pytest.skip("SQLite serialises writing transactions (BEGIN IMMEDIATE)")
    page = add_page(wiki, "Robots", "One.")
    db.session.commit()
    base_id = page.current_revision_id
    assert page.current_revision.body == "One."  # loaded in this transaction
    with db.engine.begin() as other_editor:
        revision_id = other_editor.execute(
            insert(Revision).returning(Revision.id),
            {
                "page_id": page.id,
                "number": 2,
                "title": page.title,
                "body": "Theirs.",
                "html": "<p>Theirs.</p>",
                "author_id": wiki.other_member.id,
                "created_at": datetime.now(UTC),
                "summary": "",
                "size": 7,
                "size_delta": 3,
            },
        ).scalar_one()
        other_editor.execute(
            update(Page).where(Page.id == page.id).values(current_revision_id=revision_id)
        )
    with pytest.raises(EditConflict) as conflict:
        services.save_page(page, wiki.member, body="Mine.", summary="", base_revision_id=base_id)
    assert conflict.value.current.id == revision_id


# --- revert_page --------------------------------------------------------------------------


def test_a_revert_is_a_new_revision_with_the_old_text(wiki):
    page = add_page(wiki, "Robots", "First text.")
    first = page.current_revision
    edit(page, wiki.other_member, "Spam.")
    revert = services.revert_page(page, wiki.member, first)
    assert (revert.number, revert.body, revert.reverted_to_number) == (3, "First text.", 1)
    assert revert.author_id == wiki.member.id
    assert "1" in revert.summary
    assert revert.html == first.html
    assert page.current_revision == revert
    assert count(Revision) == 3


def test_a_revert_to_a_revision_of_another_page_is_refused(wiki):
    page = add_page(wiki, "Robots", "Ours.")
    other = add_page(wiki, "Drones", "Theirs.")
    with pytest.raises(RuleViolation):
        services.revert_page(page, wiki.member, other.current_revision)
    assert page.current_revision.body == "Ours."
    assert count(Revision) == 2


def test_reverting_to_the_current_text_adds_nothing(wiki):
    page = add_page(wiki, "Robots", "Ours.")
    assert services.revert_page(page, wiki.member, page.current_revision).number == 1
    assert count(Revision) == 1


def test_a_revert_needs_the_right_to_edit(wiki):
    page = add_page(wiki, "Principles", "One.", author=wiki.admin, section=wiki.toolkit)
    first = page.current_revision
    edit(page, wiki.admin, "Two.")
    with pytest.raises(AccessDenied):
        services.revert_page(page, wiki.member, first)
    with pytest.raises(AccessDenied):
        services.revert_page(page, wiki.outsider, first)
    services.delete_page(page, wiki.moderator)
    with pytest.raises(RuleViolation):
        services.revert_page(page, wiki.admin, first)
    assert count(Revision) == 2


# --- move_page ----------------------------------------------------------------------------


def test_a_move_keeps_a_redirect_and_takes_the_children_along(wiki):
    top = add_page(wiki, "Vision")
    child = add_page(wiki, "Faces", parent=top)
    grandchild = add_page(wiki, "Bias", parent=child)
    target = add_page(wiki, "Topics")
    move(top, wiki.member, title="Computer vision", parent=target)
    assert top.path == "topics/computer-vision"
    assert child.path == "topics/computer-vision/faces"
    assert grandchild.path == "topics/computer-vision/faces/bias"
    for old, page in (("vision", top), ("vision/faces", child), ("vision/faces/bias", grandchild)):
        assert queries.find_page(wiki.workspace, old) == (page, True)
    assert queries.find_page(wiki.workspace, "topics/computer-vision/faces") == (child, False)
    assert "wiki.page_moved" in audit_actions()


def test_a_move_to_another_section_takes_the_children_along(wiki):
    top = add_page(wiki, "Meetings")
    child = add_page(wiki, "2019", parent=top)
    move(top, wiki.member, section=wiki.sections["events"])
    assert top.section_id == child.section_id == wiki.sections["events"].id
    listed = queries.section_listing(wiki.sections["events"]).items
    assert pages(listed) == [top]
    assert pages(listed[0].children) == [child]
    assert queries.section_listing(wiki.topics).items == []


@pytest.mark.parametrize("where", ["itself", "child", "grandchild"])
def test_a_page_cannot_move_under_itself_or_its_children(wiki, where):
    top = add_page(wiki, "Top")
    child = add_page(wiki, "Child", parent=top)
    grandchild = add_page(wiki, "Grandchild", parent=child)
    parent = {"itself": top, "child": child, "grandchild": grandchild}[where]
    with pytest.raises(RuleViolation) as refused:
        move(top, wiki.member, parent=parent)
    assert refused.value.field == "parent"
    assert (top.path, top.parent_id) == ("top", None)
    assert count(PageRedirect) == 0


def test_a_move_to_a_taken_path_is_refused(wiki):
    add_page(wiki, "Drones")
    page = add_page(wiki, "Robots")
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        move(page, wiki.member, title="Drones")
    assert refused.value.field == "slug"
    db.session.rollback()
    assert (page.path, page.title) == ("robots", "Robots")
    assert count(PageRedirect) == 0


def test_a_move_whose_child_would_take_a_taken_path_is_refused(wiki):
    source = add_page(wiki, "Old")
    add_page(wiki, "Child", parent=source)
    target = add_page(wiki, "New home")
    add_page(wiki, "Child", parent=target)
    db.session.commit()
    with pytest.raises(RuleViolation) as refused:
        move(source, wiki.member, slug="new-home")
    assert refused.value.field == "slug"
    db.session.rollback()
    assert count(PageRedirect) == 0
    assert source.path == "old"


@pytest.mark.parametrize("slug", ["edit", "history"])
def test_a_move_to_a_reserved_address_is_refused(wiki, slug):
    page = add_page(wiki, "Robots")
    with pytest.raises(RuleViolation) as refused:
        move(page, wiki.member, slug=slug)
    assert refused.value.field == "slug"
    assert page.path == "robots"


def test_moving_back_to_the_old_path_works_and_cleans_the_redirect(wiki):
    page = add_page(wiki, "Robots")
    move(page, wiki.member, slug="smart-robots")
    assert queries.find_page(wiki.workspace, "robots") == (page, True)
    move(page, wiki.member, slug="robots")
    assert page.path == "robots"
    assert queries.find_page(wiki.workspace, "robots") == (page, False)
    redirects = db.session.scalars(select(PageRedirect.old_path)).all()
    assert redirects == ["smart-robots"]
    assert queries.find_page(wiki.workspace, "smart-robots") == (page, True)


def test_an_old_path_can_be_taken_by_another_page(wiki):
    page = add_page(wiki, "Robots")
    move(page, wiki.member, slug="smart-robots")
    newcomer = add_page(wiki, "Robots")
    assert queries.find_page(wiki.workspace, "robots") == (newcomer, False)


def test_only_administrators_move_pages_into_a_protected_section(wiki):
    page = add_page(wiki, "Robots")
    child = add_page(wiki, "Drones", parent=page)
    for mover in (wiki.member, wiki.moderator):
        with pytest.raises(AccessDenied):
            move(page, mover, section=wiki.toolkit)
    assert (page.section_id, page.protected) == (wiki.topics.id, False)
    move(page, wiki.admin, section=wiki.toolkit)
    assert page.section_id == child.section_id == wiki.toolkit.id
    assert page.protected and child.protected


def test_a_move_needs_the_right_to_edit_the_page(wiki):
    page = add_page(wiki, "Principles", author=wiki.admin, section=wiki.toolkit)
    with pytest.raises(AccessDenied):
        move(page, wiki.member, slug="mine")
    with pytest.raises(AccessDenied):
        move(add_page(wiki, "Robots"), wiki.outsider, slug="mine")
    assert count(PageRedirect) == 0


@pytest.mark.parametrize("title", ["", "  ", "y" * 201])
def test_a_move_with_a_bad_title_is_refused(wiki, title):
    page = add_page(wiki, "Robots")
    with pytest.raises(RuleViolation) as refused:
        move(page, wiki.member, title=title, slug="robots")
    assert refused.value.field == "title"
    assert page.title == "Robots"


# --- moderation ---------------------------------------------------------------------------


MODERATION = {
    "protect": (lambda page, by: services.set_protection(page, by, True), "wiki.page_protected"),
    "unprotect": (
        lambda page, by: services.set_protection(page, by, False),
        "wiki.page_unprotected",
    ),
    "delete": (services.delete_page, "wiki.page_deleted"),
    "restore": (services.restore_page, "wiki.page_restored"),
}


@pytest.mark.parametrize("operation", MODERATION)
@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_protect_delete_and_restore_with_an_audit_entry(wiki, operation, role):
    page = add_page(wiki, "Robots")
    if operation == "restore":
        services.delete_page(page, wiki.moderator)
    change, action = MODERATION[operation]
    change(page, getattr(wiki, role))
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == action
    assert entry.actor_id == getattr(wiki, role).id
    assert entry.workspace_id == wiki.workspace.id
    assert entry.details["page"] == page.id
    expected = {"protect": True, "unprotect": False}.get(operation)
    if expected is not None:
        assert page.protected is expected
    else:
        assert page.is_deleted is (operation == "delete")


@pytest.mark.parametrize("operation", MODERATION)
@pytest.mark.parametrize("role", ["member", "outsider"])
def test_members_cannot_moderate(wiki, operation, role):
    page = add_page(wiki, "Robots")
    if operation == "restore":
        services.delete_page(page, wiki.moderator)
    before = (page.protected, page.deleted_at, len(audit_actions()))
    with pytest.raises(AccessDenied):
        MODERATION[operation][0](page, getattr(wiki, role))
    assert (page.protected, page.deleted_at, len(audit_actions())) == before


def test_deleting_twice_or_restoring_a_live_page_is_refused(wiki):
    page = add_page(wiki, "Robots")
    with pytest.raises(RuleViolation):
        services.restore_page(page, wiki.moderator)
    services.delete_page(page, wiki.moderator)
    with pytest.raises(RuleViolation):
        services.delete_page(page, wiki.moderator)


def test_a_deleted_page_keeps_its_history(wiki):
    page = add_page(wiki, "Robots", "One.")
    edit(page, wiki.member, "Two.")
    services.delete_page(page, wiki.moderator)
    assert [revision.number for revision in queries.history(page).items] == [2, 1]
    services.restore_page(page, wiki.moderator)
    assert page.current_revision.body == "Two."


# --- watches ------------------------------------------------------------------------------


def test_watchers_of_a_page_are_told_of_others_saves(wiki):
    page = add_page(wiki, "Robots", "One.")
    services.set_watch(wiki.other_member, watching=True, page=page)
    services.set_watch(wiki.member, watching=True, page=page)
    edit(page, wiki.member, "Two.", "Add detail")
    [notice] = notifications_of(wiki.other_member)
    assert notice.link == "/w/ai/wiki/robots"
    assert notice.kind == "wiki.page_changed"
    assert "Robots" in notice.message
    assert "Add detail" in notice.message
    assert notice.workspace_id == wiki.workspace.id
    assert notifications_of(wiki.member) == []  # not told of their own save


def test_watchers_of_a_section_are_told_of_changes_in_it_only(wiki):
    services.set_watch(wiki.other_member, watching=True, section=wiki.topics)
    page = add_page(wiki, "Robots", "One.")
    assert [notice.link for notice in notifications_of(wiki.other_member)] == ["/w/ai/wiki/robots"]
    elsewhere = add_page(wiki, "VDR 2019", section=wiki.sections["events"])
    edit(elsewhere, wiki.member, "Changed.")
    edit(page, wiki.member, "Two.")
    assert len(notifications_of(wiki.other_member)) == 2


def test_a_watcher_of_page_and_section_is_told_once(wiki):
    page = add_page(wiki, "Robots", "One.")
    services.set_watch(wiki.other_member, watching=True, page=page)
    services.set_watch(wiki.other_member, watching=True, section=wiki.topics)
    services.set_watch(wiki.other_member, watching=True, section=wiki.topics)  # twice: one row
    assert count(Watch) == 2
    edit(page, wiki.member, "Two.")
    assert len(notifications_of(wiki.other_member)) == 1


def test_reverts_are_told_to_watchers(wiki):
    page = add_page(wiki, "Robots", "One.")
    first = page.current_revision
    edit(page, wiki.member, "Two.")
    services.set_watch(wiki.other_member, watching=True, page=page)
    services.revert_page(page, wiki.member, first)
    [notice] = notifications_of(wiki.other_member)
    assert "revision 1" in notice.message


@pytest.mark.parametrize("how", ["removed", "suspended"])
def test_a_watcher_who_lost_access_is_not_told(wiki, how):
    page = add_page(wiki, "Robots", "One.")
    services.set_watch(wiki.other_member, watching=True, page=page)
    if how == "removed":
        membership = db.session.scalar(
            select(Membership).where(Membership.user_id == wiki.other_member.id)
        )
        membership.status = MembershipStatus.REMOVED
    else:
        wiki.other_member.status = AccountStatus.SUSPENDED
    db.session.flush()
    edit(page, wiki.member, "Two.")
    assert notifications_of(wiki.other_member) == []


def watching(wiki, page, reader) -> tuple[bool, bool]:
    view = queries.page_view(wiki.workspace, page.path, reader)
    return view.watching_page, view.watching_section


def test_a_section_watch_shows_on_the_page_view(wiki):
    page = add_page(wiki, "Robots", "One.")
    services.set_watch(wiki.other_member, watching=True, section=page.section)
    assert watching(wiki, page, wiki.other_member) == (False, True)
    assert watching(wiki, page, wiki.member) == (False, False)


def test_a_watch_can_be_stopped(wiki):
    page = add_page(wiki, "Robots", "One.")
    services.set_watch(wiki.other_member, watching=True, page=page)
    assert watching(wiki, page, wiki.other_member) == (True, False)
    services.set_watch(wiki.other_member, watching=False, page=page)
    services.set_watch(wiki.other_member, watching=False, page=page)  # twice: no error
    assert watching(wiki, page, wiki.other_member) == (False, False)
    edit(page, wiki.member, "Two.")
    assert notifications_of(wiki.other_member) == []


def test_only_readers_may_watch(wiki):
    page = add_page(wiki, "Robots", "One.")
    with pytest.raises(AccessDenied):
        services.set_watch(wiki.outsider, watching=True, page=page)
    with pytest.raises(AccessDenied):
        services.set_watch(wiki.outsider, watching=True, section=wiki.topics)
    assert count(Watch) == 0
