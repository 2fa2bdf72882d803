"""Every change to the library: uploads, new versions, metadata, deletion, downloads.

Functions flush and never commit. An upload is streamed to a temporary file, checked by its
content, and the file moved into place before any row is written: the row the request then
commits always has its file (a failed request leaves at most a stored file no row names,
which the same bytes uploaded again reuse, and `flask hub check-storage` reports). The
version is written "text pending"; its text is read once the transaction is committed
(documents.reading), so no transaction waits on a file being read.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from flask import current_app
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from documents import policies
from documents.extract import TextStatus
from documents.filetypes import (
    KINDS,
    FileKind,
    FileTypeRefusal,
    clean_filename,
    detect_kind,
    title_from_filename,
)
from documents.models import (
    MAX_CHANGE_NOTE_LENGTH,
    MAX_COLLECTION_NAME_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_SOURCE_LENGTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TITLE_LENGTH,
    Category,
    Collection,
    Document,
    DocumentTag,
    DocumentVersion,
)
from documents.reading import note_pending, note_unreferenced
from documents.storage import EmptyFile, FileTooLarge, storage
from hub.access import enforce, permissions_of
from hub.audit.services import record_audit
from hub.auth.models import User
from hub.database import refusing_duplicates, utcnow
from hub.exceptions import RuleViolation
from hub.extensions import db
from hub.i18n import LANGUAGES, format_number
from hub.workspaces.models import Workspace


@dataclass(frozen=True)
class Upload:
    """A file as sent: its bytes, read once, and the name its uploader gave it."""

    stream: BinaryIO
    filename: str


class DuplicateFile(RuleViolation):
    """The same bytes are already in the workspace's library, as `document`."""

    def __init__(self, message, document: Document, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.document = document


def max_file_size() -> int:
    return current_app.config["DOCUMENTS_MAX_FILE_SIZE"]


def format_size(size: int) -> str:
    """A size as the reader's language writes it: "830 bytes", "1.4 MB". Units of 1,024, as
    file managers count, so the 100 MiB limit reads "100 MB"."""
    if size < 1024:
        return ngettext("%(shown)s byte", "%(shown)s bytes", size, shown=format_number(size))
    for unit, scale in ((_l("%(shown)s GB"), 1024**3), (_l("%(shown)s MB"), 1024**2)):
        if size >= scale:
            return str(unit) % {"shown": format_decimal(round(size / scale, 1))}
    return _("%(shown)s kB", shown=format_decimal(round(size / 1024, 1)))


# --- checks ------------------------------------------------------------------------------


def _clean_line(value: str, limit: int, field: str) -> str:
    value = " ".join((value or "").split())
    if len(value) > limit:
        raise RuleViolation(_("Use at most %(max)d characters.", max=limit), field=field)
    return value


def _clean_title(title: str) -> str:
    title = _clean_line(title, MAX_TITLE_LENGTH, "title")
    if not title:
        raise RuleViolation(_("Give the document a title."), field="title")
    return title


def tag_key(tag: str) -> str:
    """ "Machine Learning" -> "machine-learning": letters and digits of any script, lower
    case, other characters as single hyphens."""
    words = "".join(ch if ch.isalnum() else " " for ch in unicodedata.normalize("NFC", tag))
    return "-".join(words.casefold().split())[:MAX_TAG_LENGTH].strip("-")


def clean_tags(tags: list[str]) -> list[str]:
    cleaned = sorted({tag_key(tag) for tag in tags} - {""})
    if len(cleaned) > MAX_TAGS:
        raise RuleViolation(_("Use at most %(max)d tags.", max=MAX_TAGS), field="tags")
    return cleaned


# --- receiving files ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedFile:
    sha256: str
    size: int
    filename: str
    kind: FileKind


def _receive(workspace: Workspace, upload: Upload, *, into: Document | None) -> ReceivedFile:
    """Stream, check and store one file; refuse it with a message naming it. Its text is
    read after the transaction commits (documents.reading)."""
    filename = clean_filename(upload.filename)
    shown = filename or _("the file")
    try:
        with storage().receiving(upload.stream, max_file_size()) as incoming:
            kind = detect_kind(incoming.path, filename)
            _refuse_duplicate(workspace, incoming.sha256, into, shown)
            # The same file sent twice at once: the second waits here for the first to
            # commit, then finds it.
            _lock_library(workspace)
            _refuse_duplicate(workspace, incoming.sha256, into, shown)
            storage().keep(incoming)
    except EmptyFile:
        raise RuleViolation(_("%(name)s is empty.", name=shown), field="file") from None
    except FileTooLarge as error:
        raise RuleViolation(
            _(
                "%(name)s is larger than %(limit)s, the most a file may be.",
                name=shown,
                limit=format_size(error.limit),
            ),
            field="file",
        ) from None
    except FileTypeRefusal as error:
        raise RuleViolation(f"{shown}: {error.message}", field="file") from None
    return ReceivedFile(
        sha256=incoming.sha256,
        size=incoming.size,
        filename=filename,
        kind=kind,
    )


def _lock_library(workspace: Workspace) -> None:
    """Hold the workspace's row until the transaction ends (PostgreSQL; SQLite serialises
    writers already). NO KEY UPDATE: rows that merely refer to the workspace are not held up."""
    db.session.execute(
        select(Workspace.id).where(Workspace.id == workspace.id).with_for_update(key_share=True)
    )


def _refuse_duplicate(workspace: Workspace, sha256: str, into: Document | None, shown: str) -> None:
    existing = db.session.scalar(
        select(Document)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            Document.workspace_id == workspace.id,
            Document.deleted_at.is_(None),
            DocumentVersion.sha256 == sha256,
        )
        .limit(1)
    )
    if existing is None:
        return
    if into is not None and existing.id == into.id:
        message = _("%(name)s is already a version of this document.", name=shown)
    else:
        message = _(
            "%(name)s is already in the library, as “%(title)s”.", name=shown, title=existing.title
        )
    raise DuplicateFile(message, existing, field="file")


def _new_version(document: Document, by: User, received: ReceivedFile, note: str) -> None:
    document.version_count += 1
    version = DocumentVersion(
        document_id=document.id,
        number=document.version_count,
        sha256=received.sha256,
        original_filename=received.filename,
        size=received.size,
        file_kind=received.kind,
        media_type=KINDS[received.kind].media_type,
        change_note=note,
        uploader_id=by.id,
        text_status=TextStatus.PENDING,
        text="",
    )
    db.session.add(version)
    db.session.flush()
    note_pending(version.id)
    document.current_version_id = version.id
    document.file_kind = received.kind
    document.size = received.size
    document.updated_at = utcnow()
    db.session.flush()


def upload_document(
    workspace: Workspace, by: User, upload: Upload, *, category: Category = Category.OTHER
) -> Document:
    """A new document from one file, titled after its name (once its text is read, the
    title the file gives itself, if any, replaces that: documents.reading)."""
    enforce(policies.upload_refusal(by, permissions_of(by, workspace), workspace))
    received = _receive(workspace, upload, into=None)
    document = Document(
        workspace_id=workspace.id,
        title=title_from_filename(received.filename),
        category=category,
        uploader_id=by.id,
        file_kind=received.kind,
        size=received.size,
    )
    db.session.add(document)
    db.session.flush()
    _new_version(document, by, received, "")
    return document


def add_version(document: Document, by: User, upload: Upload, *, change_note: str = "") -> None:
    """A new current version of `document`; the earlier ones stay downloadable."""
    workspace = document.workspace
    enforce(policies.edit_document_refusal(by, permissions_of(by, workspace), document))
    note = _clean_line(change_note, MAX_CHANGE_NOTE_LENGTH, "change_note")
    received = _receive(workspace, upload, into=document)
    _new_version(document, by, received, note)


def create_collection(workspace: Workspace, by: User, *, name: str) -> Collection:
    enforce(policies.manage_collections_refusal(by, permissions_of(by, workspace), workspace))
    name = _clean_line(name, MAX_COLLECTION_NAME_LENGTH, "name")
    if not name:
        raise RuleViolation(_("Give the collection a name."), field="name")
    collection = Collection(workspace_id=workspace.id, name=name, created_by_id=by.id)
    with refusing_duplicates(_("A collection of that name exists already."), field="name"):
        db.session.add(collection)
        db.session.flush()
    record_audit("documents.collection_created", by, workspace=workspace, collection=name)
    return collection


def _collection_in(workspace: Workspace, collection_id: int | None) -> int | None:
    if collection_id is None:
        return None
    found = db.session.scalar(
        select(Collection.id).where(
            Collection.id == collection_id, Collection.workspace_id == workspace.id
        )
    )
    if found is None:
        raise RuleViolation(_("Choose one of the listed options."), field="collection")
    return found


def update_document(
    document: Document,
    by: User,
    *,
    title: str,
    description: str = "",
    category: Category = Category.OTHER,
    language: str = "",
    source: str = "",
    published_on: date | None = None,
    tags: list[str] = (),
    collection_id: int | None = None,
) -> None:
    enforce(policies.edit_document_refusal(by, permissions_of(by, document.workspace), document))
    collection_id = _collection_in(document.workspace, collection_id)
    title = _clean_title(title)
    description = (description or "").replace("\r\n", "\n").strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise RuleViolation(
            _("Use at most %(max)d characters.", max=MAX_DESCRIPTION_LENGTH), field="description"
        )
    source = _clean_line(source, MAX_SOURCE_LENGTH, "source")
    if language and language not in LANGUAGES:
        raise RuleViolation(_("Choose one of the languages."), field="language")
    cleaned_tags = clean_tags(list(tags))
    document.title = title
    document.description = description
    document.category = category
    document.language = language
    document.source = source
    document.published_on = published_on
    document.tags = [DocumentTag(tag=tag) for tag in cleaned_tags]
    document.collection_id = collection_id
    document.updated_at = utcnow()
    db.session.flush()


def delete_document(document: Document, by: User) -> None:
    """Soft: the document leaves lists and downloads; its files stay for a restore."""
    workspace = document.workspace
    enforce(policies.delete_document_refusal(by, permissions_of(by, workspace), document))
    document.deleted_at = utcnow()
    db.session.flush()
    record_audit(
        "documents.document_deleted",
        by,
        workspace=workspace,
        document=document.id,
        title=document.title,
    )


def restore_document(document: Document, by: User) -> None:
    workspace = document.workspace
    enforce(policies.restore_document_refusal(by, permissions_of(by, workspace), document))
    document.deleted_at = None
    db.session.flush()
    record_audit(
        "documents.document_restored",
        by,
        workspace=workspace,
        document=document.id,
        title=document.title,
    )


def purge_document(document: Document, by: User) -> None:
    """A deleted document, its versions and tags, gone for good; each of its files is
    removed once the transaction commits, unless another version (of any document, in any
    workspace) holds the same bytes."""
    workspace = document.workspace
    enforce(policies.purge_document_refusal(by, permissions_of(by, workspace), document))
    hashes = set(
        db.session.scalars(
            select(DocumentVersion.sha256).where(DocumentVersion.document_id == document.id)
        )
    )
    document_id, title = document.id, document.title
    document.current_version_id = None
    db.session.flush()
    db.session.execute(delete(DocumentVersion).where(DocumentVersion.document_id == document_id))
    db.session.delete(document)
    db.session.flush()
    note_unreferenced(hashes)
    record_audit(
        "documents.document_purged",
        by,
        workspace=workspace,
        document=document_id,
        title=title,
        versions=len(hashes),
    )


def record_download(version: DocumentVersion, by: User) -> None:
    """Downloads are audited: who took which file of which document, and when."""
    document = version.document
    record_audit(
        "documents.downloaded",
        by,
        workspace=document.workspace,
        document=document.id,
        version=version.number,
        filename=version.original_filename,
        sha256=version.sha256,
    )
