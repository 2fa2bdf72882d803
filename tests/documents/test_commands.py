"""`flask hub import-documents`, `hub check-storage`: what an administrator runs."""

import csv

from sqlalchemy import select

from documents.demo.files import file_bytes
from documents.extract import TextStatus
from documents.models import Category, Document
from documents.storage import storage
from hub.extensions import db
from tests.support.documents import upload


def write_folder(folder):
    (folder / "slides").mkdir()
    (folder / "deepfakes.pdf").write_bytes(
        file_bytes("deepfakes.pdf", "Deepfakes", "Deepfakes\nSynthetic media in court.\n")
    )
    (folder / "slides" / "vtr3.pptx").write_bytes(
        file_bytes("vtr3.pptx", "VTR 3", "Ethics of AI in policing\nWhy it matters\n")
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "page.pdf").write_bytes(b"<!doctype html><p>Not a PDF</p>")
    (folder / ".hidden.txt").write_bytes(b"Skipped: hidden.\n")
    with (folder / "metadata.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["filename", "title", "category", "tags", "collection", "published_on"])
        writer.writerow(
            ["deepfakes.pdf", "Deepfakes in the courtroom", "paper", "evidence; deepfakes",
             "Imported papers", "2021-05-01"]
        )


def test_a_folder_is_imported_with_its_sidecar_and_a_summary(runner, library, tmp_path):
    write_folder(tmp_path)
    args = ["hub", "import-documents", str(tmp_path), "--workspace", "ai", "--by"]
    result = runner.invoke(args=[*args, library.admin.email])

    assert result.exit_code == 0, result.output
    assert "Importing" in result.output  # the progress bar's label
    assert "Imported 2, skipped 0 already in the library, refused 2." in result.output
    assert "refused empty.txt: empty.txt is empty." in result.output
    assert "refused page.pdf: page.pdf: This kind of file is not accepted." in result.output
    documents = {doc.title: doc for doc in db.session.scalars(select(Document))}
    assert set(documents) == {"Deepfakes in the courtroom", "VTR 3"}
    paper = documents["Deepfakes in the courtroom"]
    assert paper.category == Category.PAPER and paper.tag_names == ["deepfakes", "evidence"]
    assert paper.collection.name == "Imported papers" and str(paper.published_on) == "2021-05-01"
    assert paper.current_version.text_status == TextStatus.READ
    assert "Ethics of AI in policing" in documents["VTR 3"].current_version.text

    again = runner.invoke(args=[*args, library.admin.email])
    assert again.exit_code == 0, again.output
    assert "Imported 0, skipped 2 already in the library, refused 2." in again.output
    assert "skipped deepfakes.pdf: already in the library as “Deepfakes in the courtroom”" in (
        again.output
    )
    assert len(db.session.scalars(select(Document)).all()) == 2


def test_bad_sidecar_rows_refuse_their_file_only(runner, library, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"A.\n")
    (tmp_path / "b.txt").write_bytes(b"B.\n")
    (tmp_path / "metadata.csv").write_text(
        "filename,category,published_on\na.txt,novel,\nb.txt,,yesterday\n", encoding="utf-8"
    )
    result = runner.invoke(
        args=["hub", "import-documents", str(tmp_path), "--workspace", "ai", "--by",
              library.admin.email]
    )
    assert "Imported 0, skipped 0 already in the library, refused 2." in result.output
    assert "refused a.txt: category 'novel' is not one of the library's" in result.output
    assert "refused b.txt: published_on 'yesterday' is not a date (YYYY-MM-DD)" in result.output
    assert db.session.scalars(select(Document)).all() == []


def test_a_wrong_workspace_account_or_sidecar_is_a_clear_error(runner, library, tmp_path):
    base = ["hub", "import-documents", str(tmp_path)]
    nowhere = runner.invoke(args=[*base, "--workspace", "nope", "--by", library.admin.email])
    assert nowhere.exit_code != 0 and "No workspace 'nope'." in nowhere.output
    nobody = runner.invoke(args=[*base, "--workspace", "ai", "--by", "who@example.org"])
    assert nobody.exit_code != 0 and "No account 'who@example.org'." in nobody.output
    (tmp_path / "metadata.csv").write_text("name,title\n", encoding="utf-8")
    columns = runner.invoke(args=[*base, "--workspace", "ai", "--by", library.admin.email])
    assert columns.exit_code != 0 and "the columns must be among" in columns.output
    outsider = runner.invoke(args=[*base, "--workspace", "ai", "--by", library.outsider.email])
    assert outsider.exit_code != 0


def test_check_storage_reports_and_cleans_orphans_both_ways(runner, library):
    kept = upload(library, b"Kept.\n", "kept.txt")
    lost = upload(library, b"Lost.\n", "lost.txt")
    orphan = storage().store_bytes(b"No version names me.\n")
    lost_sha = lost.current_version.sha256
    storage().path_of(lost_sha).unlink()
    db.session.commit()

    result = runner.invoke(args=["hub", "check-storage"])
    assert result.exit_code == 1
    assert f"file without a version: {storage().path_of(orphan)}" in result.output
    assert f"version without its file: /w/ai/documents/{lost.id}, version 1" in result.output
    assert storage().path_of(orphan).is_file()

    cleaned = runner.invoke(args=["hub", "check-storage", "--clean"])
    assert "Removed " in cleaned.output  # earlier tests leave files in the shared store too
    assert not storage().path_of(orphan).exists()
    assert storage().path_of(kept.current_version.sha256).is_file()


def test_check_storage_on_a_sound_library(runner, library):
    upload(library, b"Fine.\n", "fine.txt")
    result = runner.invoke(args=["hub", "check-storage"])
    assert result.exit_code == 0, result.output
    assert "Every version has its file." in result.output
