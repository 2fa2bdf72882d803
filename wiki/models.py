"""Wiki pages, their revisions, their links (to pages and to other items), redirects,
watches and sections."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.auth.models import User
from hub.database import UTCDateTime, utcnow
from hub.extensions import db
from hub.workspaces.models import Workspace
from wiki.outline import SUMMARY_LENGTH

#: The Innovation Centre studies every technology as a threat, a tool and a source of evidence.
LENS_TAGS = ("threat", "tool", "evidence")


class Section(db.Model):
    __tablename__ = "wiki_sections"
    __table_args__ = (UniqueConstraint("workspace_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    slug: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(500), default="")
    #: Order in navigation, smallest first.
    position: Mapped[int] = mapped_column(default=0)
    #: New pages in this section start protected (the Toolkit is a curated product).
    protect_new_pages: Mapped[bool] = mapped_column(default=False)

    workspace: Mapped[Workspace] = relationship()


class Page(db.Model):
    __tablename__ = "wiki_pages"
    __table_args__ = (
        UniqueConstraint("workspace_id", "path"),
        Index("ix_wiki_pages_workspace_title", "workspace_id", "title_key"),
        # A branch's live pages (a page's siblings or children, a section's top-level pages)
        # in title order, or the last changed first: the sidebar, the section page and the
        # branches opened in place read a few of thousands without sorting them, and count
        # them from the index alone.
        Index(
            "ix_wiki_pages_branch_title", "section_id", "parent_id", "deleted_at", "title_key", "id"
        ),
        Index(
            "ix_wiki_pages_branch_updated",
            "section_id",
            "parent_id",
            "deleted_at",
            "updated_at",
            "id",
        ),
        # A page's live children by title, whatever their section: read and counted from the
        # index alone.
        Index("ix_wiki_pages_children", "parent_id", "deleted_at", "title_key", "id"),
        # A section's most recently changed pages, for the wiki home.
        Index("ix_wiki_pages_section_updated", "section_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_sections.id", ondelete="RESTRICT"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("wiki_pages.id", ondelete="SET NULL"))
    #: Slug path inside the wiki, e.g. "topics/machine-learning": the page lives at
    #: /w/<workspace>/wiki/<path>. Its last segment is the page's own slug.
    path: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(200))
    #: Lower-cased, whitespace-folded title: [[Title]] links find pages by it.
    title_key: Mapped[str] = mapped_column(String(200))
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("wiki_revisions.id", use_alter=True, ondelete="SET NULL")
    )
    #: A line saying what the page is about (wiki.outline.summary_line of its current
    #: revision's HTML), written with that HTML: lists of pages show it without reading
    #: the revisions' texts.
    #: (An empty text as the server's default: Alembic reads "" as no default.)
    summary_line: Mapped[str] = mapped_column(
        String(SUMMARY_LENGTH), default="", server_default=text("''")
    )
    #: How many live pages are right under this one, kept by the services: trees show which
    #: pages have pages under them, and the section page how many, without counting them.
    child_count: Mapped[int] = mapped_column(default=0, server_default="0")
    #: The language the page is written in (its author's by default): the page view marks
    #: its content with it, so that Arabic reads right to left inside any interface.
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    #: Only workspace administrators edit a protected page.
    protected: Mapped[bool] = mapped_column(default=False)
    #: Soft deletion: the page leaves trees, links and feeds but keeps its history.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Time of the current revision, for ordering and "last edited".
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workspace: Mapped[Workspace] = relationship()
    section: Mapped[Section] = relationship()
    parent: Mapped["Page | None"] = relationship(remote_side=[id])
    current_revision: Mapped["Revision | None"] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )
    tags: Mapped[list["PageTag"]] = relationship(
        cascade="all, delete-orphan", order_by="PageTag.tag"
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def tag_names(self) -> list[str]:
        return [tag.tag for tag in self.tags]


def _of_its_page(column: str):
    """A revision's workspace or section is its page's. The services write it; a row inserted
    without it (bulk inserts in tests and benchmarks) takes it from the page."""

    def default(context) -> int:
        pages = Page.__table__
        page_id = context.get_current_parameters()["page_id"]
        return context.connection.scalar(select(pages.c[column]).where(pages.c.id == page_id))

    return default


class Revision(db.Model):
    """One saved state of a page. Never changed after it is written, except its HTML and
    headings, which are re-rendered when pages it links to appear, move or disappear, and
    its section, which follows its page's."""

    __tablename__ = "wiki_revisions"
    __table_args__ = (
        UniqueConstraint("page_id", "number"),
        # The newest revisions of a workspace, of a section or of an author, read from the
        # end of an index instead of sorting them all: recent changes, the wiki home, the feed.
        Index("ix_wiki_revisions_workspace_created", "workspace_id", "created_at", "id"),
        Index("ix_wiki_revisions_section_created", "section_id", "created_at", "id"),
        Index("ix_wiki_revisions_author_created", "author_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("wiki_pages.id", ondelete="CASCADE"))
    #: The page's workspace and section, copied: a workspace's or a section's newest revisions
    #: are then one index away. A moved page's revisions move to its new section with it.
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=_of_its_page("workspace_id")
    )
    section_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_sections.id", ondelete="CASCADE"), default=_of_its_page("section_id")
    )
    #: 1 for the first revision of a page, then 2, 3...
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    #: [level, anchor, text] of each heading of the HTML, in order, for the table of contents:
    #: taken from the Markdown parse with the HTML, so that reads never parse HTML. JSONB on
    #: PostgreSQL, whose JSON has no "=": Alembic could not check the default against it.
    headings: Mapped[list[list]] = mapped_column(
        JSON().with_variant(JSONB(), "postgresql"), server_default="[]"
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(String(300), default="")
    #: The revision the author started editing from.
    parent_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("wiki_revisions.id", ondelete="SET NULL")
    )
    #: Size of the body in characters, and its change from the previous revision.
    size: Mapped[int] = mapped_column(default=0)
    size_delta: Mapped[int] = mapped_column(default=0)
    #: Set on a revert: the number of the revision whose text this one restores.
    reverted_to_number: Mapped[int | None] = mapped_column()

    page: Mapped[Page] = relationship(foreign_keys=[page_id])
    author: Mapped[User | None] = relationship()


class PageTag(db.Model):
    __tablename__ = "wiki_page_tags"

    page_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class PageLink(db.Model):
    """A [[link]] in a page's current revision. Links to pages that do not exist yet are kept
    by their target key, so the page that appears later finds its backlinks."""

    __tablename__ = "wiki_page_links"
    __table_args__ = (
        UniqueConstraint("source_page_id", "target_key"),
        # The pages that link to a page, newest first, a batch at a time without sorting them.
        Index("ix_wiki_page_links_target_source", "target_page_id", "source_page_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_page_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )
    #: The link target as written, normalised: a path, or a title key.
    target_key: Mapped[str] = mapped_column(String(255), index=True)
    target_page_id: Mapped[int | None] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="SET NULL")
    )


class PageItemLink(db.Model):
    """A ``[[kind:ID]]`` link in a page's current revision to an item of another package (a
    document, an event, a forum or a topic), so that the item's page lists the pages naming
    it. Kept whether or not the item exists; a deleted page has none until it is restored."""

    __tablename__ = "wiki_page_item_links"
    __table_args__ = (
        UniqueConstraint("page_id", "kind", "item_id"),
        # The pages of a workspace that link to one item.
        Index("ix_wiki_page_item_links_item", "workspace_id", "kind", "item_id", "page_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("wiki_pages.id", ondelete="CASCADE"))
    #: The page's: an id names an item of the page's own workspace only.
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    #: The link's kind as written: "doc", "event", "forum" or "topic".
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[int] = mapped_column(BigInteger)


class PageRedirect(db.Model):
    """An old path of a moved page, or the old title key of a renamed one: links and
    addresses that name it still reach the page."""

    __tablename__ = "wiki_page_redirects"
    __table_args__ = (UniqueConstraint("workspace_id", "old_path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    old_path: Mapped[str] = mapped_column(String(255))
    page_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )


class Watch(db.Model):
    """A user watching a page or a whole section, to be notified of changes."""

    __tablename__ = "wiki_watches"
    __table_args__ = (
        UniqueConstraint("user_id", "page_id", name="uq_wiki_watches_user_page"),
        UniqueConstraint("user_id", "section_id", name="uq_wiki_watches_user_section"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("wiki_pages.id", ondelete="CASCADE"), index=True
    )
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("wiki_sections.id", ondelete="CASCADE"), index=True
    )
