"""Reading a version's text, and drawing its first page, after the upload's transaction.

An upload commits its version "text pending" (documents.services): no transaction, and so
no lock, is held while a file is read, which may take up to DOCUMENTS_EXTRACT_SECONDS.
The services note each new version in the session (note_pending); when that session
commits, the versions noted are read here: each in documents.extract's limited child
process with no transaction open, its picture stored, and its result written in a short
transaction of its own, only if the version is still pending, so that two readers of one
version (a request and `flask hub extract-pending`) write it once.

Nothing is lost between upload and reading: a version whose reading never finished (the
server stopped) stays pending, says "text pending" on its page, and is read by
`flask --app wsgi hub extract-pending`.
"""

import logging
from collections.abc import Callable, Iterable

from flask import current_app, has_app_context
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from documents.extract import TextStatus, extract
from documents.filetypes import title_from_filename
from documents.models import Document, DocumentVersion
from documents.storage import storage
from hub.extensions import db

log = logging.getLogger(__name__)

_PENDING_KEY = "documents_pending_versions"
_UNREFERENCED_KEY = "documents_unreferenced_files"
#: Versions looked up per statement.
BATCH = 100


def note_pending(version_id: int) -> None:
    """Read version `version_id` once the current transaction commits."""
    db.session.info.setdefault(_PENDING_KEY, set()).add(version_id)


def note_unreferenced(hashes: Iterable[str]) -> None:
    """Remove these stored files once the current transaction commits, unless a version
    still names them then (a purge: a rolled-back one removes nothing)."""
    db.session.info.setdefault(_UNREFERENCED_KEY, set()).update(hashes)


def take_pending() -> list[int]:
    """The versions noted in this session so far, which are then no longer read at its
    commit (a command that reads them itself, with a progress bar)."""
    return sorted(db.session.info.pop(_PENDING_KEY, ()))


@event.listens_for(Session, "after_commit")
def _read_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint's commit: the versions are not committed yet
    version_ids = session.info.pop(_PENDING_KEY, None)
    hashes = session.info.pop(_UNREFERENCED_KEY, None)
    if not has_app_context():
        return
    # The commit has happened: whatever fails now must not turn the request into an error.
    # A file left behind is reported by `flask hub check-storage`, a version left pending is
    # read by `flask hub extract-pending`.
    try:
        if hashes:
            remove_unreferenced(sorted(hashes))
        # DOCUMENTS_READ_AFTER_COMMIT (tests only) False: as if the server stopped here.
        if version_ids and current_app.config.get("DOCUMENTS_READ_AFTER_COMMIT", True):
            read_versions(sorted(version_ids))
    except Exception:
        log.exception("after the commit: files not removed or versions not read")


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    """What a rolled-back transaction noted is gone with it."""
    if not session.in_nested_transaction():
        session.info.pop(_PENDING_KEY, None)
        session.info.pop(_UNREFERENCED_KEY, None)


def _is_named(sha256: str) -> bool:
    with Session(db.engine) as session:
        return session.scalar(
            select(DocumentVersion.id).where(DocumentVersion.sha256 == sha256).limit(1)
        ) is not None


def remove_unreferenced(hashes: Iterable[str]) -> int:
    """Remove the stored files (and pictures) among `hashes` that no version names; the
    number removed."""
    store = storage()
    return sum(store.remove(sha256, lambda sha256=sha256: _is_named(sha256)) for sha256 in hashes)


def pending_version_ids() -> list[int]:
    """Every version still pending, oldest first."""
    with Session(db.engine) as session:
        return list(
            session.scalars(
                select(DocumentVersion.id)
                .where(DocumentVersion.text_status == TextStatus.PENDING)
                .order_by(DocumentVersion.id)
            )
        )


def read_versions(
    version_ids: Iterable[int], progress: Callable[[int], None] | None = None
) -> int:
    """Read the versions among `version_ids` that are still pending; the number read.
    `progress(n)` is told of each n versions looked at."""
    version_ids = list(version_ids)
    read = 0
    for start in range(0, len(version_ids), BATCH):
        batch = version_ids[start : start + BATCH]
        with Session(db.engine) as session:
            rows = session.execute(
                select(
                    DocumentVersion.id,
                    DocumentVersion.document_id,
                    DocumentVersion.number,
                    DocumentVersion.sha256,
                    DocumentVersion.file_kind,
                    DocumentVersion.original_filename,
                ).where(
                    DocumentVersion.id.in_(batch),
                    DocumentVersion.text_status == TextStatus.PENDING,
                )
            ).all()
        # The session is closed: no transaction is open while the files are read.
        for row in rows:
            read += _read_one(row)
        if progress is not None:
            progress(len(batch))
    return read


def _read_one(row) -> int:
    store = storage()
    path = store.path_of(row.sha256)
    if not path.is_file():
        return 0  # check-storage reports a version without its file
    extraction = extract(
        path,
        row.file_kind,
        seconds=current_app.config["DOCUMENTS_EXTRACT_SECONDS"],
        memory=current_app.config["DOCUMENTS_EXTRACT_MEMORY"],
    )
    if extraction.picture:
        store.keep_picture(row.sha256, extraction.picture)
    with Session(db.engine) as session, session.begin():
        written = session.execute(
            update(DocumentVersion)
            .where(
                DocumentVersion.id == row.id,
                DocumentVersion.text_status == TextStatus.PENDING,
            )
            .values(
                text_status=extraction.status,
                text=extraction.text,
                has_picture=extraction.picture is not None,
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if written and extraction.title and row.number == 1:
            # The title the file gives itself replaces the one made from its name, unless
            # the uploader already chose another.
            session.execute(
                update(Document)
                .where(
                    Document.id == row.document_id,
                    Document.title == title_from_filename(row.original_filename),
                )
                .values(title=extraction.title)
                .execution_options(synchronize_session=False)
            )
    return written
