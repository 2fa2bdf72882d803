"""Demo content files: what a person edits is read exactly, and a mistake names its file."""

from datetime import date
from pathlib import Path

import pytest

from hub.demo_files import DemoFileError, read_markdown, read_numbered_markdown
from wiki.demo import DemoPage, DemoRevision, load_demo_pages

pytestmark = pytest.mark.backend_independent

REVISION = """\
+++
author = "wsadmin@example.org"
day = 2019-02-04
summary = "First version"
+++

## A heading

A paragraph, then a rule:

+++
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def demo_folder(tmp_path: Path, index: str, revisions: dict[str, str]) -> Path:
    write(tmp_path / "pages.toml", index)
    for name, text in revisions.items():
        write(tmp_path / "pages" / name, text)
    return tmp_path


def test_a_revision_file_gives_its_front_matter_and_its_body_as_written(tmp_path):
    markdown = read_markdown(write(tmp_path / "01.md", REVISION))
    assert markdown.front == {
        "author": "wsadmin@example.org",
        "day": date(2019, 2, 4),
        "summary": "First version",
    }
    assert markdown.body == "## A heading\n\nA paragraph, then a rule:\n\n+++\n"


def test_a_demo_folder_loads_into_pages_with_their_revisions_in_order(tmp_path):
    second = REVISION.replace("2019-02-04", "2019-03-01").replace("A paragraph", "Two")
    folder = demo_folder(
        tmp_path,
        '[[page]]\npath = "topics"\ntitle = "Topics"\nsection = "Topics"\n\n'
        '[[page]]\npath = "topics/robots"\ntitle = "Robots"\nsection = "Topics"\n'
        'tags = ["tool"]\nprotected = true\n',
        {"topics/01.md": REVISION, "topics/02.md": second, "topics/robots/01.md": REVISION},
    )
    topics, robots = load_demo_pages(folder)
    assert [revision.day for revision in topics.revisions] == [date(2019, 2, 4), date(2019, 3, 1)]
    assert topics.revisions[1].body.startswith("## A heading\n\nTwo, then")
    assert (topics.tags, topics.protected) == ((), False)
    assert robots == DemoPage(
        path="topics/robots",
        title="Robots",
        section="Topics",
        revisions=(
            DemoRevision(
                author="wsadmin@example.org",
                day=date(2019, 2, 4),
                summary="First version",
                body=read_markdown(folder / "pages/topics/robots/01.md").body,
            ),
        ),
        tags=("tool",),
        protected=True,
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("## No front matter\n", "must start with front matter"),
        ('+++\nauthor = "a@example.org"\n\nBody without the closing line\n', "must start"),
        ("+++\nauthor = a@example.org\n+++\nBody\n", "the front matter is not valid TOML"),
        (REVISION.replace('summary = "First version"\n', ""), "missing key 'summary'"),
        (REVISION.replace("day = 2019-02-04", 'day = "4 February"'), "'day' must be a date"),
        (REVISION.replace("day = 2019-02-04", "day = 2019-02-04T09:00:00"), "must be a date"),
        (REVISION.replace("author =", "autor ="), "unknown key 'autor'"),
        (REVISION.replace('"First version"', "1"), "'summary' must be a string"),
    ],
)
def test_bad_front_matter_is_refused_with_the_file_named(tmp_path, text, problem):
    folder = demo_folder(
        tmp_path,
        '[[page]]\npath = "topics"\ntitle = "Topics"\nsection = "Topics"\n',
        {"topics/01.md": text},
    )
    with pytest.raises(DemoFileError) as refused:
        load_demo_pages(folder)
    message = str(refused.value)
    assert message.startswith(f"{folder / 'pages/topics/01.md'}: ")
    assert problem in message


@pytest.mark.parametrize(
    ("index", "problem"),
    [
        ('[[page]]\npath = "topics"\ntitle = "Topics"\n', "page 'topics': missing key 'section'"),
        (
            '[[page]]\npath = "topics"\ntitle = "Topics"\nsection = "Topics"\ntags = "tool"\n',
            "page 'topics': 'tags' must be a list of strings",
        ),
        ('[[page]]\ntitle = "Topics"\nsection = "Topics"\n', "page 1 needs a path"),
        ('page = "topics"\n', "page 1 needs a path"),
        ("[[page]\n", "the file is not valid TOML"),
    ],
)
def test_a_bad_index_is_refused_with_the_page_named(tmp_path, index, problem):
    folder = demo_folder(tmp_path, index, {"topics/01.md": REVISION})
    with pytest.raises(DemoFileError) as refused:
        load_demo_pages(folder)
    message = str(refused.value)
    assert message.startswith(f"{folder / 'pages.toml'}: ")
    assert problem in message


def test_a_page_folder_missing_from_the_index_is_refused(tmp_path):
    folder = demo_folder(
        tmp_path,
        '[[page]]\npath = "topics"\ntitle = "Topics"\nsection = "Topics"\n',
        {"topics/01.md": REVISION, "topics/robots/01.md": REVISION},
    )
    with pytest.raises(DemoFileError, match="'topics/robots' is not listed in pages.toml"):
        load_demo_pages(folder)


def test_a_listed_page_without_revisions_is_refused(tmp_path):
    folder = demo_folder(
        tmp_path,
        '[[page]]\npath = "events"\ntitle = "Events"\nsection = "Events"\n',
        {},
    )
    with pytest.raises(DemoFileError, match="page 'events' has no revisions in pages/events/"):
        load_demo_pages(folder)


@pytest.mark.parametrize(
    ("names", "problem"),
    [
        (["01.md", "03.md"], "numbered 1 to 2 without gaps"),
        (["01.md", "notes.md"], "expected a numbered file such as 01.md"),
        (["1.md", "01.md", "02.md"], "has the same number"),
    ],
)
def test_revisions_must_be_numbered_without_gaps(tmp_path, names, problem):
    for name in names:
        write(tmp_path / name, REVISION)
    with pytest.raises(DemoFileError, match=problem):
        read_numbered_markdown(tmp_path)
