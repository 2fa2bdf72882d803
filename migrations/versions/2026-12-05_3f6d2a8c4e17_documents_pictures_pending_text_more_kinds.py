"""documents: first-page pictures, text read after the upload, ODS/ODP/RTF

A version's text is now read after the upload's transaction is committed: it is "pending"
until then (indexed, so `flask hub extract-pending` finds what a stopped server left). A
version records whether a picture of its first page was drawn. The library accepts
OpenDocument spreadsheets and presentations and RTF: the kind columns' CHECK constraints
allow them.

Revision ID: 3f6d2a8c4e17
Revises: c9b9ae7e11d1
Create Date: 2026-12-05 21:20:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3f6d2a8c4e17"
down_revision = "c9b9ae7e11d1"
branch_labels = None
depends_on = None

OLD_KINDS = ("pdf", "docx", "pptx", "xlsx", "odt", "txt", "md", "csv", "png", "jpeg")
NEW_KINDS = ("pdf", "docx", "pptx", "xlsx", "odt", "ods", "odp", "rtf", "txt", "md", "csv", "png", "jpeg")
OLD_STATUSES = ("read", "no_text", "unreadable", "encrypted", "not_read", "too_demanding")
NEW_STATUSES = ("pending", *OLD_STATUSES)


def _allowed(column: str, values) -> sa.TextClause:
    return sa.text(f"{column} IN ({', '.join(repr(value) for value in values)})")


def _set_checks(kinds, statuses) -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_documents_filekind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_documents_filekind"), _allowed("file_kind", kinds)
        )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_document_versions_filekind"), type_="check")
        batch_op.drop_constraint(op.f("ck_document_versions_textstatus"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_document_versions_filekind"), _allowed("file_kind", kinds)
        )
        batch_op.create_check_constraint(
            op.f("ck_document_versions_textstatus"), _allowed("text_status", statuses)
        )


def upgrade():
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("has_picture", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(
            batch_op.f("ix_document_versions_text_status"), ["text_status"], unique=False
        )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.alter_column("has_picture", server_default=None)
    _set_checks(NEW_KINDS, NEW_STATUSES)


def downgrade():
    op.execute("UPDATE document_versions SET text_status = 'not_read' WHERE text_status = 'pending'")
    _set_checks(OLD_KINDS, OLD_STATUSES)
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_versions_text_status"))
        batch_op.drop_column("has_picture")
