"""The library's commands, added to the hub's group through its Feature: `flask --app wsgi
hub import-documents`, `hub extract-pending` and `hub check-storage`.

Each is a unit of work committed at its end, as the hub's commands are; reading text is
not part of it (documents.reading runs after the commit, with no transaction open).
"""

import csv
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from documents import services
from documents.models import Category, Collection, Document, DocumentVersion
from documents.reading import pending_version_ids, read_versions, take_pending
from documents.storage import storage
from hub.auth.models import User
from hub.exceptions import Refusal
from hub.extensions import db
from hub.workspaces.models import Workspace

#: The optional file of a folder to import that describes its documents, one row each.
SIDECAR = "metadata.csv"
SIDECAR_COLUMNS = (
    "filename",
    "title",
    "description",
    "category",
    "language",
    "source",
    "published_on",
    "tags",
    "collection",
)
#: Half-received uploads older than this are left over from a stopped server.
LEFTOVER_SECONDS = 3600


def _read_pending(version_ids: list[int]) -> None:
    if not version_ids:
        return
    with click.progressbar(length=len(version_ids), label="Reading text") as bar:
        read = read_versions(version_ids, progress=bar.update)
    click.echo(f"Read the text of {read} version(s).")


@click.command("extract-pending")
@with_appcontext
def extract_pending_command():
    """Read the text of versions left "text pending" (a server stopped before reading
    them). Safe to run twice, and while the server runs."""
    version_ids = pending_version_ids()
    if not version_ids:
        click.echo("No version is waiting for its text.")
        return
    _read_pending(version_ids)


# --- check-storage -------------------------------------------------------------------------


@click.command("check-storage")
@with_appcontext
@click.option(
    "--clean",
    is_flag=True,
    help="Remove stored files and pictures no version names, and uploads left half-received.",
)
def check_storage_command(clean: bool):
    """Compare the stored files with the versions that name them, both ways."""
    store = storage()
    named = set(db.session.scalars(select(DocumentVersion.sha256).distinct()))
    db.session.rollback()
    stored = set(store.stored_hashes())
    orphans = sorted(stored - named)
    missing = sorted(named - stored)
    pictures = sorted(set(store.picture_hashes()) - named)
    cutoff = time.time() - LEFTOVER_SECONDS
    leftovers = [
        path
        for path in sorted(store.temporary.glob("upload-*"))
        if path.is_file() and path.stat().st_mtime < cutoff
    ]
    click.echo(f"{len(stored)} stored file(s), {len(named)} named by versions.")
    for sha256 in orphans:
        click.echo(f"  file without a version: {store.path_of(sha256)}")
    for path in leftovers:
        click.echo(f"  upload left half-received: {path}")
    for sha256 in missing:
        for document_id, number, slug in db.session.execute(
            select(DocumentVersion.document_id, DocumentVersion.number, Workspace.slug)
            .join(Document, Document.id == DocumentVersion.document_id)
            .join(Workspace, Workspace.id == Document.workspace_id)
            .where(DocumentVersion.sha256 == sha256)
        ):
            click.echo(
                f"  version without its file: /w/{slug}/documents/{document_id}, version "
                f"{number} ({sha256}); restore the file from a backup"
            )
    db.session.rollback()
    if clean:
        removed = sum(store.remove(sha256, lambda s=sha256: _is_named(s)) for sha256 in orphans)
        for sha256 in pictures:
            if not _is_named(sha256):
                store.picture_path(sha256).unlink(missing_ok=True)
        for path in leftovers:
            path.unlink(missing_ok=True)
        click.echo(
            f"Removed {removed} file(s), {len(pictures)} picture(s) and {len(leftovers)} "
            "half-received upload(s)."
        )
    elif orphans or pictures or leftovers:
        click.echo("Run again with --clean to remove the files no version names.")
    if missing:
        raise click.ClickException(f"{len(missing)} stored file(s) are missing.")
    click.echo("Every version has its file.")


def _is_named(sha256: str) -> bool:
    found = db.session.scalar(
        select(func.count()).select_from(DocumentVersion).where(DocumentVersion.sha256 == sha256)
    )
    db.session.rollback()
    return bool(found)


# --- import-documents ----------------------------------------------------------------------


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def _sidecar(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / SIDECAR
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        unknown = set(reader.fieldnames or ()) - set(SIDECAR_COLUMNS)
        if "filename" not in (reader.fieldnames or ()) or unknown:
            raise click.ClickException(
                f"{path}: the columns must be among {', '.join(SIDECAR_COLUMNS)}, "
                "filename included."
            )
        return {row["filename"].strip(): row for row in reader if row.get("filename")}


def _describe(document: Document, by: User, row: dict[str, str], collections: dict) -> None:
    """The sidecar's facts about `document` (its title and category when not given)."""
    published = (row.get("published_on") or "").strip()
    try:
        published_on = date.fromisoformat(published) if published else None
    except ValueError:
        raise Refusal(f"published_on {published!r} is not a date (YYYY-MM-DD)") from None
    try:
        category = Category((row.get("category") or "").strip() or document.category.value)
    except ValueError:
        raise Refusal(f"category {row.get('category')!r} is not one of the library's") from None
    collection_id = None
    if name := (row.get("collection") or "").strip():
        if name not in collections:
            collections[name] = services.create_collection(document.workspace, by, name=name).id
        collection_id = collections[name]
    services.update_document(
        document,
        by,
        title=(row.get("title") or "").strip() or document.title,
        description=row.get("description") or "",
        category=category,
        language=(row.get("language") or "").strip(),
        source=row.get("source") or "",
        published_on=published_on,
        tags=[tag for tag in (row.get("tags") or "").replace(";", ",").split(",")],
        collection_id=collection_id,
    )


@click.command("import-documents")
@with_appcontext
@click.argument(
    "folder", type=click.Path(exists=True, file_okay=False, path_type=Path, resolve_path=True)
)
@click.option("--workspace", "slug", required=True, help="The workspace's slug, e.g. ai.")
@click.option(
    "--by",
    "email",
    required=True,
    help="E-mail of the account the documents are uploaded as (an administrator of it).",
)
def import_documents_command(folder: Path, slug: str, email: str):
    """Import the files of FOLDER (and its subfolders) into a workspace's library, described
    by FOLDER/metadata.csv if present. Files already in the library are skipped: running it
    again imports nothing twice."""
    workspace = db.session.scalar(select(Workspace).where(Workspace.slug == slug))
    if workspace is None:
        raise click.ClickException(f"No workspace {slug!r}.")
    by = db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if by is None:
        raise click.ClickException(f"No account {email!r}.")
    sidecar = _sidecar(folder)
    collections = dict(
        db.session.execute(
            select(Collection.name, Collection.id).where(Collection.workspace_id == workspace.id)
        ).all()
    )
    paths = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.relative_to(folder).as_posix() != SIDECAR
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    summary = ImportSummary()
    with click.progressbar(paths, label="Importing", item_show_func=_shown) as bar:
        for path in bar:
            name = path.relative_to(folder).as_posix()
            try:
                with db.session.begin_nested(), path.open("rb") as file:
                    document = services.upload_document(
                        workspace, by, services.Upload(file, path.name)
                    )
                    row = sidecar.get(name) or sidecar.get(path.name)
                    if row:
                        _describe(document, by, row, collections)
            except services.DuplicateFile as duplicate:
                summary.duplicates.append((name, duplicate.document.title))
            except Refusal as refusal:
                summary.refused.append((name, refusal.message))
            except OSError as error:
                summary.refused.append((name, error.strerror or str(error)))
            else:
                summary.imported.append(name)
    pending = take_pending()
    db.session.commit()
    _read_pending(pending)
    _report(summary)


def _shown(path: Path | None) -> str:
    return path.name if path else ""


def _report(summary: ImportSummary) -> None:
    click.echo(
        f"Imported {len(summary.imported)}, skipped {len(summary.duplicates)} already in the "
        f"library, refused {len(summary.refused)}."
    )
    for name, title in summary.duplicates:
        click.echo(f"  skipped {name}: already in the library as “{title}”")
    for name, reason in summary.refused:
        click.echo(f"  refused {name}: {reason}")
