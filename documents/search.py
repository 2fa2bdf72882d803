"""The library's content for hub search: each live document's title, description, tags and
details, and the text extracted from its latest version."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from documents.models import Collection, Document, DocumentTag, DocumentVersion
from hub.auth.models import User
from hub.extensions import db
from hub.search.providers import SearchDocument, SearchProvider, Watch


def document_documents(ids: Sequence[int]) -> dict[int, SearchDocument]:
    rows = db.session.execute(
        select(Document, DocumentVersion.text, Collection.name, User.display_name)
        .outerjoin(DocumentVersion, DocumentVersion.id == Document.current_version_id)
        .outerjoin(Collection, Collection.id == Document.collection_id)
        .outerjoin(User, User.id == Document.uploader_id)
        .where(Document.id.in_(ids), Document.deleted_at.is_(None))
    ).all()
    tags = defaultdict(list)
    for document_id, tag in db.session.execute(
        select(DocumentTag.document_id, DocumentTag.tag).where(DocumentTag.document_id.in_(ids))
    ):
        tags[document_id].append(tag)
    documents = {}
    for document, text, collection, author in rows:
        details = " ".join(filter(None, (document.source, document.category.value)))
        published = document.published_on
        documents[document.id] = SearchDocument(
            workspace_id=document.workspace_id,
            title=document.title,
            body="\n\n".join(filter(None, (document.description, details, text))),
            endpoint="documents.document",
            url_values={"document_id": document.id},
            date=datetime.combine(published, time(), UTC) if published else document.created_at,
            author=author or "",
            tags=tags[document.id],
            location=collection or "",
            language=document.language if len(document.language or "") == 2 else "",
        )
    return documents


def live_document_ids(workspace_id: int | None):
    query = select(Document.id).where(Document.deleted_at.is_(None))
    if workspace_id is not None:
        query = query.where(Document.workspace_id == workspace_id)
    return query


DOCUMENTS = SearchProvider(
    type="document",
    label=_l("Document"),
    documents=document_documents,
    all_ids=live_document_ids,
    watches=(
        Watch(
            Document,
            lambda document, _session: [document.id],
            fields=(
                "title",
                "description",
                "category",
                "source",
                "language",
                "published_on",
                "deleted_at",
                "current_version_id",
                "collection_id",
                "uploader_id",
            ),
        ),
        Watch(DocumentTag, lambda tag, _session: [tag.document_id]),
        Watch(
            DocumentVersion,
            lambda version, _session: [version.document_id],
            fields=("text", "text_status"),
        ),
        Watch(
            Collection,
            lambda collection, session: session.scalars(
                select(Document.id).where(Document.collection_id == collection.id)
            ),
            fields=("name",),
        ),
    ),
    order=30,
)
