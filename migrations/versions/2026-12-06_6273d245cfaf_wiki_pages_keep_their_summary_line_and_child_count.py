"""wiki pages keep their summary line and child count

Each page keeps the line that says what it is about (the first sentence of its current
revision's first paragraph), written with that revision's HTML, and how many live pages are
right under it, kept by the services: the section page lists fifty pages without reading
fifty revisions' HTML or counting their children, and trees tell which pages have pages
under them without looking. Existing pages get their line from their current revision's
stored HTML, parsed here as wiki.outline.summary_line parses it, with the standard library,
so that this migration does not depend on the application's code as it is later; and their
count from their live children.

Revision ID: 6273d245cfaf
Revises: a9e2bf94ab7a
Create Date: 2026-12-06 00:36:27.330214

"""
import re
from html.parser import HTMLParser

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6273d245cfaf'
down_revision = 'a9e2bf94ab7a'
branch_labels = None
depends_on = None

BATCH = 500
SUMMARY_LENGTH = 160
SUMMARY_SOURCE_LENGTH = 2_000
SENTENCE = re.compile(r"(.+?[.!?])(?=\s+[A-Z0-9“\"‘(]|$)")

pages = sa.table(
    "wiki_pages",
    sa.column("id", sa.Integer),
    sa.column("parent_id", sa.Integer),
    sa.column("deleted_at", sa.DateTime),
    sa.column("current_revision_id", sa.Integer),
    sa.column("summary_line", sa.String),
    sa.column("child_count", sa.Integer),
)
revisions = sa.table("wiki_revisions", sa.column("id", sa.Integer), sa.column("html", sa.Text))


class FirstParagraph(HTMLParser):
    """The text of the first <p> of stored HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.done:
            self.inside = True

    def handle_endtag(self, tag):
        if tag == "p" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data):
        if self.inside:
            self.parts.append(data)


def summary_line(html_opening: str) -> str:
    """The first sentence of the first paragraph, or as much of it as fits."""
    cut = html_opening
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]
    parser = FirstParagraph()
    parser.feed(cut)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    sentence = SENTENCE.match(text)
    if sentence and len(sentence.group(1)) <= SUMMARY_LENGTH:
        return sentence.group(1)
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def upgrade():
    # A server default lets SQLite add the column without rebuilding the table.
    op.add_column(
        "wiki_pages",
        sa.Column(
            "summary_line", sa.String(length=SUMMARY_LENGTH), server_default="", nullable=False
        ),
    )
    op.add_column(
        "wiki_pages", sa.Column("child_count", sa.Integer(), server_default="0", nullable=False)
    )
    child = pages.alias("child")
    live_children = (
        sa.select(sa.func.count())
        .where(child.c.parent_id == pages.c.id, child.c.deleted_at.is_(None))
        .scalar_subquery()
    )
    op.execute(pages.update().values(child_count=live_children))
    connection = op.get_bind()
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(pages.c.id, sa.func.substr(revisions.c.html, 1, SUMMARY_SOURCE_LENGTH))
            .join(revisions, revisions.c.id == pages.c.current_revision_id)
            .where(pages.c.id > last_id)
            .order_by(pages.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        last_id = rows[-1][0]
        changed = [
            {"page_id": page_id, "line": line}
            for page_id, opening in rows
            if opening and (line := summary_line(opening))
        ]
        if changed:
            connection.execute(
                pages.update()
                .where(pages.c.id == sa.bindparam("page_id"))
                .values(summary_line=sa.bindparam("line")),
                changed,
            )


def downgrade():
    op.drop_column("wiki_pages", "child_count")
    op.drop_column("wiki_pages", "summary_line")
