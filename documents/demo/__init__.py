"""The demo library: documents.toml lists the documents, texts/ holds their words, and the
seeder writes each as a real file of its kind (documents.demo.files: a PDF with pypdf, a
DOCX with python-docx, a PPTX with python-pptx, an XLSX with openpyxl...) and uploads it
through the services, so the demo's files are read back by the same code as members'
uploads. The uploaders are demo accounts and invented members of the workspace.
"""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from documents import services
from documents.demo.files import file_bytes
from documents.models import Category, Document, DocumentVersion
from hub.demo_files import DemoFileError, make_record, read_toml
from hub.extensions import db
from hub.seed import DemoContext

DEMO_FOLDER = Path(__file__).parent


@dataclass(frozen=True)
class DemoVersion:
    day: date
    text: str
    change_note: str = ""


@dataclass(frozen=True)
class DemoDocument:
    filename: str
    title: str
    category: str
    uploader: str  #: e-mail of a demo account
    day: date
    text: str  #: texts/<text>.txt
    language: str = ""
    source: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    published_on: date | None = None
    #: The name of the collection it is filed into (made by the workspace's administrator).
    collection: str = ""
    versions: tuple[DemoVersion, ...] = field(default_factory=tuple)


def load_demo_documents(folder: Path = DEMO_FOLDER) -> list[DemoDocument]:
    index = folder / "documents.toml"
    documents = []
    for number, entry in enumerate(read_toml(index).get("document", []), start=1):
        entry = dict(entry)
        versions = tuple(
            make_record(DemoVersion, version, index, entry=f"document {number}, version")
            for version in entry.pop("version", [])
        )
        published_on = entry.pop("published_on", None)
        documents.append(
            make_record(
                DemoDocument,
                entry,
                index,
                entry=f"document {number}",
                versions=versions,
                published_on=published_on,
            )
        )
    for document in documents:
        try:
            Category(document.category)
        except ValueError:
            problem = f"{document.filename}: no category {document.category!r}"
            raise DemoFileError(index, problem) from None
    return documents


def _backdate(document: Document, when) -> None:
    document.created_at = document.updated_at = when
    db.session.flush()


def seed_demo_documents(context: DemoContext) -> None:
    workspace = context.workspace
    if db.session.scalar(select(Document.id).where(Document.workspace_id == workspace.id).limit(1)):
        context.report.append(f"Documents of {workspace.name}: already seeded")
        return
    demos = load_demo_documents()
    users = context.accounts | context.people
    admin = context.accounts["wsadmin@example.org"]
    collections = {
        name: services.create_collection(workspace, admin, name=name)
        for name in sorted({demo.collection for demo in demos} - {""})
    }
    for demo in demos:
        uploader = users[demo.uploader]
        text = (DEMO_FOLDER / "texts" / f"{demo.text}.txt").read_text(encoding="utf-8")
        document = services.upload_document(
            workspace,
            uploader,
            services.Upload(io.BytesIO(file_bytes(demo.filename, demo.title, text)), demo.filename),
            category=Category(demo.category),
        )
        services.update_document(
            document,
            uploader,
            title=demo.title,
            description=demo.description,
            category=Category(demo.category),
            language=demo.language,
            source=demo.source,
            published_on=demo.published_on,
            tags=list(demo.tags),
            collection_id=collections[demo.collection].id if demo.collection else None,
        )
        when = context.clock.at(demo.day)
        _backdate(document, when)
        document.current_version.created_at = when
        for version in demo.versions:
            text = (DEMO_FOLDER / "texts" / f"{version.text}.txt").read_text(encoding="utf-8")
            services.add_version(
                document,
                uploader,
                services.Upload(
                    io.BytesIO(file_bytes(demo.filename, demo.title, text)), demo.filename
                ),
                change_note=version.change_note,
            )
            db.session.flush()
            document.current_version.created_at = context.clock.at(version.day) + timedelta(hours=1)
            document.updated_at = document.current_version.created_at
        db.session.flush()
    versions = db.session.scalar(
        select(func.count())
        .select_from(DocumentVersion)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(Document.workspace_id == workspace.id)
    )
    context.report.append(
        f"Documents of {workspace.name}: {len(demos)} documents, {versions} versions,"
        f" {len(collections)} collections"
    )
