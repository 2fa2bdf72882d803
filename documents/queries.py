"""Reads for the library pages: each a fixed number of bounded statements, whatever the
number of documents (tests/documents/test_statements.py counts them).

The library is keyset-paged on the document's listing indexes: a page of the list costs
what the first costs.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from documents.filetypes import FileKind
from documents.models import Category, Collection, Document, DocumentTag, DocumentVersion
from hub.auth.models import User
from hub.extensions import db
from hub.features import LinkTarget
from hub.links import hub_path
from hub.workspaces.models import Workspace

DOCUMENTS_PER_PAGE = 25
#: The uploader filter offers at most this many people.
MAX_UPLOADERS_LISTED = 200
#: Characters of a version's text shown as its preview.
PREVIEW_LENGTH = 3_000
VERSIONS_PER_PAGE = 20
SORTS = ("date", "title", "size")
#: How ``[[doc:12]]`` links name a document, in the wiki and elsewhere.
LINK_KIND = "doc"


@dataclass(frozen=True)
class LibraryFilters:
    category: Category | None = None
    tag: str = ""
    kind: FileKind | None = None
    uploader_id: int | None = None
    language: str = ""
    collection_id: int | None = None
    #: Uploaded at or after this instant, and before that one.
    uploaded_from: datetime | None = None
    uploaded_before: datetime | None = None
    sort: str = "date"


@dataclass(frozen=True)
class ListedDocument:
    id: int
    title: str
    file_kind: FileKind
    size: int
    created_at: datetime
    uploader_name: str | None
    category: Category
    language: str
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LibraryPage:
    documents: list[ListedDocument]
    #: The key of the link to the next page (None: this is the last).
    next_after: int | None


def document_in(workspace: Workspace, document_id: int) -> Document | None:
    return db.session.scalar(
        select(Document).where(Document.id == document_id, Document.workspace_id == workspace.id)
    )


def _order(sort: str):
    """The columns of each order, and whether it runs from the largest value down."""
    if sort == "title":
        return (Document.title, Document.id), False
    if sort == "size":
        return (Document.size, Document.id), True
    return (Document.created_at, Document.id), True


def _after(columns, key, descending: bool):
    (first, second), (first_value, second_value) = columns, key
    if descending:
        return or_(first < first_value, and_(first == first_value, second < second_value))
    return or_(first > first_value, and_(first == first_value, second > second_value))


def library(workspace: Workspace, filters: LibraryFilters, after: int | None = None) -> LibraryPage:
    """DOCUMENTS_PER_PAGE live documents matching `filters`, in its order, after the document
    `after` (a key from another workspace gives the first page). Two statements, three when
    paging."""
    columns, descending = _order(filters.sort)
    query = (
        select(
            Document.id,
            Document.title,
            Document.file_kind,
            Document.size,
            Document.created_at,
            Document.category,
            Document.language,
            User.display_name.label("uploader_name"),
        )
        .outerjoin(User, User.id == Document.uploader_id)
        .where(Document.workspace_id == workspace.id, Document.deleted_at.is_(None))
        .limit(DOCUMENTS_PER_PAGE + 1)
    )
    if filters.category is not None:
        query = query.where(Document.category == filters.category)
    if filters.kind is not None:
        query = query.where(Document.file_kind == filters.kind)
    if filters.uploader_id is not None:
        query = query.where(Document.uploader_id == filters.uploader_id)
    if filters.language:
        query = query.where(Document.language == filters.language)
    if filters.collection_id is not None:
        query = query.where(Document.collection_id == filters.collection_id)
    if filters.uploaded_from is not None:
        query = query.where(Document.created_at >= filters.uploaded_from)
    if filters.uploaded_before is not None:
        query = query.where(Document.created_at < filters.uploaded_before)
    if filters.tag:
        query = query.where(
            select(DocumentTag.document_id)
            .where(DocumentTag.document_id == Document.id, DocumentTag.tag == filters.tag)
            .exists()
        )
    if after is not None:
        key = db.session.execute(
            select(*columns).where(Document.id == after, Document.workspace_id == workspace.id)
        ).first()
        if key is not None:
            query = query.where(_after(columns, tuple(key), descending))
    query = query.order_by(*(column.desc() if descending else column for column in columns))
    rows = db.session.execute(query).all()
    more = len(rows) > DOCUMENTS_PER_PAGE
    rows = rows[:DOCUMENTS_PER_PAGE]
    tags: dict[int, list[str]] = {row.id: [] for row in rows}
    if rows:
        for document_id, tag in db.session.execute(
            select(DocumentTag.document_id, DocumentTag.tag)
            .where(DocumentTag.document_id.in_(tags))
            .order_by(DocumentTag.tag)
        ):
            tags[document_id].append(tag)
    documents = [
        ListedDocument(
            id=row.id,
            title=row.title,
            file_kind=row.file_kind,
            size=row.size,
            created_at=row.created_at,
            uploader_name=row.uploader_name,
            category=row.category,
            language=row.language,
            tags=tags[row.id],
        )
        for row in rows
    ]
    return LibraryPage(documents, documents[-1].id if more else None)


def uploaders(workspace: Workspace) -> list[tuple[int, str]]:
    """The people who uploaded the workspace's documents, for the filter: (id, name)."""
    rows = db.session.execute(
        select(User.id, User.display_name)
        .where(
            select(Document.id)
            .where(Document.workspace_id == workspace.id, Document.uploader_id == User.id)
            .exists()
        )
        .order_by(User.display_name, User.id)
        .limit(MAX_UPLOADERS_LISTED)
    ).all()
    return [(row.id, row.display_name) for row in rows]


#: A workspace keeps a handful of collections; lists show at most this many.
MAX_COLLECTIONS_LISTED = 200


@dataclass(frozen=True)
class ListedCollection:
    id: int
    name: str
    document_count: int


def collections(workspace: Workspace) -> list[ListedCollection]:
    """The workspace's collections by name, each with its live documents: one statement."""
    rows = db.session.execute(
        select(Collection.id, Collection.name, func.count(Document.id).label("documents"))
        .outerjoin(
            Document,
            and_(Document.collection_id == Collection.id, Document.deleted_at.is_(None)),
        )
        .where(Collection.workspace_id == workspace.id)
        .group_by(Collection.id, Collection.name)
        .order_by(Collection.name, Collection.id)
        .limit(MAX_COLLECTIONS_LISTED)
    ).all()
    return [ListedCollection(row.id, row.name, row.documents) for row in rows]


@dataclass(frozen=True)
class ShownVersion:
    id: int
    number: int
    original_filename: str
    size: int
    sha256: str
    change_note: str
    created_at: datetime
    uploader_name: str | None


@dataclass(frozen=True)
class VersionsPage:
    versions: list[ShownVersion]
    #: The number to page on from for older versions (None: these are the oldest).
    next_before: int | None


def versions_of(document: Document, before: int | None = None) -> VersionsPage:
    """VERSIONS_PER_PAGE versions of `document`, newest first, older than version `before`
    if given, with their uploaders' names: one statement, keyset-paged on the number."""
    query = (
        select(
            DocumentVersion.id,
            DocumentVersion.number,
            DocumentVersion.original_filename,
            DocumentVersion.size,
            DocumentVersion.sha256,
            DocumentVersion.change_note,
            DocumentVersion.created_at,
            User.display_name,
        )
        .outerjoin(User, User.id == DocumentVersion.uploader_id)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.number.desc())
        .limit(VERSIONS_PER_PAGE + 1)
    )
    if before is not None:
        query = query.where(DocumentVersion.number < before)
    rows = db.session.execute(query).all()
    more = len(rows) > VERSIONS_PER_PAGE
    versions = [
        ShownVersion(
            id=row.id,
            number=row.number,
            original_filename=row.original_filename,
            size=row.size,
            sha256=row.sha256,
            change_note=row.change_note,
            created_at=row.created_at,
            uploader_name=row.display_name,
        )
        for row in rows[:VERSIONS_PER_PAGE]
    ]
    return VersionsPage(versions, versions[-1].number if more else None)


def version_of(document: Document, number: int) -> DocumentVersion | None:
    return db.session.scalar(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.number == number
        )
    )


def document_count(workspace: Workspace) -> int:
    """The workspace's live documents, for its home page."""
    return db.session.scalar(
        select(func.count())
        .select_from(Document)
        .where(Document.workspace_id == workspace.id, Document.deleted_at.is_(None))
    )


def document_link_targets(workspace: Workspace, ids: set[int]) -> dict[int, LinkTarget]:
    """The live documents of `workspace` among `ids`, for ``[[doc:ID]]`` wiki links."""
    rows = db.session.execute(
        select(Document.id, Document.title).where(
            Document.id.in_(ids),
            Document.workspace_id == workspace.id,
            Document.deleted_at.is_(None),
        )
    )
    return {
        row.id: LinkTarget(
            hub_path("documents.document", slug=workspace.slug, document_id=row.id), row.title
        )
        for row in rows
    }
