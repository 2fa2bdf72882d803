"""The library's test world: a workspace, one account per role and an outsider; files of
each kind made on the spot."""

import io
from dataclasses import dataclass

from documents import services
from documents.models import Document
from hub.auth.models import User
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
