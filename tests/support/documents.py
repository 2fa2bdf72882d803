"""The library's test world: a workspace, one account per role and an outsider; files of
each kind made on the spot."""

import io
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, insert, select

from documents import services
from documents.filetypes import FileKind
from documents.models import Category, Document, DocumentTag
from hub.auth.models import User
from hub.database import utcnow
from hub.extensions import db
from hub.workspaces.models import Visibility, Workspace
from tests.support import make_workspace, role_accounts


@dataclass
class Library:
    workspace: Workspace
    admin: User
    moderator: User
    member: User
    other_member: User
    outsider: User

    def url(self, *parts: object) -> str:
        return "/".join([f"/w/{self.workspace.slug}/documents", *map(str, parts)])


def build_library(slug: str = "ai", visibility: Visibility = Visibility.RESTRICTED) -> Library:
    workspace = make_workspace(slug, visibility=visibility)
    accounts = role_accounts(workspace)
    return Library(workspace, **accounts)


def upload(
    library: Library,
    data: bytes = b"Some plain text.\n",
    filename: str = "notes.txt",
    by: User | None = None,
    **extra,
) -> Document:
    document = services.upload_document(
        library.workspace,
        by or library.member,
        services.Upload(io.BytesIO(data), filename),
        **extra,
    )
    db.session.commit()
    return document


def reload(row):
    db.session.expire_all()
    return db.session.get(type(row), row.id)


def bulk_documents(library, count: int) -> None:
    """`count` documents with a version and two tags each, rows straight in (quick)."""
    start = db.session.scalar(select(func.coalesce(func.max(Document.id), 0))) + 1
    now = utcnow()
    uploaders = [library.member.id, library.other_member.id, library.moderator.id]
    db.session.execute(
        insert(Document),
        [
            {
                "id": start + number,
                "workspace_id": library.workspace.id,
                "title": f"Bulk document {number:05d}",
                "description": "",
                "category": Category.REPORT,
                "language": "en",
                "source": "",
                "uploader_id": uploaders[number % 3],
                "created_at": now - timedelta(minutes=number),
                "updated_at": now,
                "file_kind": FileKind.TEXT,
                "size": 100 + number,
                "version_count": 1,
            }
            for number in range(count)
        ],
    )
    db.session.execute(
        insert(DocumentTag),
        [
            {"document_id": start + number, "tag": tag}
            for number in range(count)
            for tag in ("tool", f"t{number % 50}")
        ],
    )
    db.session.commit()
