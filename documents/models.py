"""Documents, their versions (each a stored file with its text) and collections.

A document's listing columns (kind and size of its current version) are kept on the
document by documents.services, so the library sorts and filters without joining versions.
"""

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.extract import TextStatus
from documents.filetypes import KINDS, FileKind
from hub.auth.models import User
from hub.database import UTCDateTime, enum_column, utcnow
from hub.extensions import db
from hub.workspaces.models import Workspace

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2_000
MAX_SOURCE_LENGTH = 200
MAX_CHANGE_NOTE_LENGTH = 500
MAX_COLLECTION_NAME_LENGTH = 120
MAX_TAG_LENGTH = 40
MAX_TAGS = 20
#: The tags of the threat / tool / evidence paradigm, offered as check boxes.
LENS_TAGS = ("threat", "tool", "evidence")


class Category(enum.StrEnum):
    REPORT = "report"
    PRESENTATION = "presentation"
    PAPER = "paper"
    TRAINING = "training"
    LEGAL = "legal"
    OTHER = "other"


class Collection(db.Model):
    """A folder of documents, made by the workspace's administrators."""

    __tablename__ = "document_collections"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(MAX_COLLECTION_NAME_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Document(db.Model):
    __tablename__ = "documents"
    __table_args__ = (
        # The library's orders, keyset-paged: newest first, by title, by size.
        Index("ix_documents_workspace_created", "workspace_id", "created_at", "id"),
        Index("ix_documents_workspace_title", "workspace_id", "title", "id"),
        Index("ix_documents_workspace_size", "workspace_id", "size", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    collection_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_collections.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[Category] = mapped_column(enum_column(Category), default=Category.OTHER)
    #: The language the document is written in (a code of hub.i18n's list, or "").
    language: Mapped[str] = mapped_column(String(16), default="")
    #: Who wrote or published it.
    source: Mapped[str] = mapped_column(String(MAX_SOURCE_LENGTH), default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Soft deletion: gone from lists and downloads; files kept until purged.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("document_versions.id", use_alter=True, ondelete="SET NULL")
    )
    #: The current version's kind and size, for listing.
    file_kind: Mapped[FileKind] = mapped_column(enum_column(FileKind, 16))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    version_count: Mapped[int] = mapped_column(default=0)

    workspace: Mapped[Workspace] = relationship()
    uploader: Mapped[User | None] = relationship(foreign_keys=[uploader_id])
    collection: Mapped[Collection | None] = relationship()
    current_version: Mapped["DocumentVersion | None"] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    tags: Mapped[list["DocumentTag"]] = relationship(
        cascade="all, delete-orphan", order_by="DocumentTag.tag"
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def tag_names(self) -> list[str]:
        return [tag.tag for tag in self.tags]

    @property
    def kind_label(self) -> str:
        return KINDS[self.file_kind].label


class DocumentTag(db.Model):
    __tablename__ = "document_tags"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(MAX_TAG_LENGTH), primary_key=True, index=True)


class DocumentVersion(db.Model):
    """One uploaded file of a document: the stored bytes' hash, what the uploader called it,
    and its text, read once."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column()
    #: SHA-256 of the bytes: the stored file's name and the checksum shown to readers.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: The uploader's filename, cleaned (documents.filetypes.clean_filename); never a path.
    original_filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    file_kind: Mapped[FileKind] = mapped_column(enum_column(FileKind, 16))
    media_type: Mapped[str] = mapped_column(String(100))
    change_note: Mapped[str] = mapped_column(String(MAX_CHANGE_NOTE_LENGTH), default="")
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: PENDING from the upload's commit until documents.reading has read the file.
    text_status: Mapped[TextStatus] = mapped_column(enum_column(TextStatus, 16), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    #: Whether a picture of its first page (documents.storage.picture_path) was drawn.
    has_picture: Mapped[bool] = mapped_column(default=False)

    document: Mapped[Document] = relationship(foreign_keys=[document_id])
    uploader: Mapped[User | None] = relationship()
