"""wiki revision headings

Each revision stores its headings for the table of contents, taken from the Markdown when
its HTML is rendered. Existing revisions get theirs from their stored HTML, which is what
their pages show, parsed here with the standard library so that this migration does not
depend on the application's code as it is later.

Revision ID: e3caf1134a07
Revises: edd4046a0011
Create Date: 2026-12-04 18:47:26.217783

"""
from html.parser import HTMLParser

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = 'e3caf1134a07'
down_revision = 'edd4046a0011'
branch_labels = None
depends_on = None

BATCH = 500
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

revisions = sa.table(
    "wiki_revisions",
    sa.column("id", sa.Integer),
    sa.column("html", sa.Text),
    sa.column("headings", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
)


class HeadingParser(HTMLParser):
    """[level, id, text] of each heading with an id, as the renderer lists them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[list] = []
        self.open: tuple[str, str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        anchor = dict(attrs).get("id")
        if tag in HEADING_TAGS and anchor:
            self.open = (tag, anchor, [])

    def handle_endtag(self, tag):
        if self.open is not None and tag == self.open[0]:
            tag, anchor, parts = self.open
            self.headings.append([int(tag[1]), anchor, " ".join("".join(parts).split())])
            self.open = None

    def handle_data(self, data):
        if self.open is not None:
            self.open[2].append(data)


def headings_of(html: str) -> list[list]:
    parser = HeadingParser()
    parser.feed(html)
    parser.close()
    return parser.headings


def upgrade():
    # A server default lets SQLite add the column without rebuilding the table (a rebuild
    # would drop it, and with foreign keys on, that nulls every page's current revision).
    op.add_column(
        "wiki_revisions",
        sa.Column(
            "headings",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            server_default="[]",
            nullable=False,
        ),
    )
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(revisions.c.id, revisions.c.html)
            .where(revisions.c.id > last_id, revisions.c.html.like("%<h%"))
            .order_by(revisions.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        changed = [
            {"revision_id": row.id, "headings": headings}
            for row in rows
            if (headings := headings_of(row.html))
        ]
        if changed:
            connection.execute(
                revisions.update()
                .where(revisions.c.id == sa.bindparam("revision_id"))
                .values(headings=sa.bindparam("headings")),
                changed,
            )


def downgrade():
    op.drop_column("wiki_revisions", "headings")
