"""A member uploads two files with the progress bars, describes one, finds it in the library
with a filter, sees its first page, downloads it and gets the same bytes, finds the other by
its type and downloads it too, and uploads a new version."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from documents.demo.files import pdf_bytes
from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in
from tests.support import make_membership, make_user, make_workspace

pytestmark = pytest.mark.e2e

MEMBER = "uma.uploader@example.org"
REPORT = pdf_bytes("Drone incidents 2021", "Incidents involving drones near airports.")
NOTES = b"Notes on speech recognition in interviews.\n"


@pytest.fixture
def ai_workspace() -> None:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        member = make_user(MEMBER, display_name="Uma Uploader")
        make_membership(workspace, member, role=Role.MEMBER)


def test_a_member_uploads_describes_finds_downloads_and_versions(
    browsing: Browsing, ai_workspace, tmp_path: Path
):
    page = browsing.new_page()
    sign_in(browsing, page, MEMBER)
    browsing.visit(page, "/w/ai/documents/upload", "documents-upload")
    expect(page.get_by_text("Or drop files here.")).to_be_visible()  # the script is on
    page.get_by_label("Files").set_input_files(
        [
            {"name": "drone-incidents.pdf", "mimeType": "application/pdf", "buffer": REPORT},
            {"name": "speech-notes.txt", "mimeType": "text/plain", "buffer": NOTES},
        ]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    rows = page.locator("[data-upload-list] li")
    expect(rows.filter(has_text="drone-incidents.pdf")).to_contain_text("Uploaded.")
    expect(rows.filter(has_text="speech-notes.txt")).to_contain_text("Uploaded.")
    for bar in page.locator("[data-upload-list] progress").all():
        expect(bar).to_have_attribute("value", "100")
    browsing.shot(page, "documents-uploaded")

    with page.expect_navigation():
        rows.filter(has_text="drone-incidents.pdf").get_by_role(
            "link", name="Add a description and tags"
        ).click()
    expect(page.get_by_label("Title")).to_have_value("Drone incidents 2021")  # the PDF's own
    page.get_by_label("Category").select_option(label="Report")
    page.get_by_label("Threat").check()
    page.get_by_label("Other tags").fill("airports")
    browsing.submit(page, page.get_by_role("button", name="Save"), "document-saved")
    expect(page.get_by_role("status")).to_contain_text("The document is saved.")
    expect(page.locator(".document-preview")).to_contain_text("Incidents involving drones")
    picture = page.get_by_role("img", name="The first page of the document")
    expect(picture).to_be_visible()
    assert picture.evaluate("image => image.complete && image.naturalWidth > 0")

    browsing.visit(page, "/w/ai/documents/", "documents-library")
    page.get_by_label("Tag", exact=True).fill("airports")
    browsing.submit(page, page.get_by_role("button", name="Filter"), "documents-filtered")
    listed = page.locator("table.document-list tbody tr")
    expect(listed).to_have_count(1)
    with page.expect_navigation():
        listed.get_by_role("link", name="Drone incidents 2021").click()

    report_path = urlsplit(page.url).path
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "drone-incidents.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == REPORT

    # The other file, found by its type, downloads as it was sent too.
    browsing.visit(page, "/w/ai/documents/", "documents-library-again")
    page.get_by_label("File type").select_option(label="Text")
    browsing.submit(page, page.get_by_role("button", name="Filter"), "documents-by-type")
    expect(listed).to_have_count(1)
    with page.expect_navigation():
        listed.get_by_role("link", name="speech-notes").click()
    no_picture = "No picture of the first page for this type of file (Text)."
    expect(page.get_by_text(no_picture)).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download", exact=True).click()
    notes = tmp_path / "notes.txt"
    download_info.value.save_as(notes)
    assert notes.read_bytes() == NOTES
    browsing.visit(page, report_path, "document-report")

    with page.expect_navigation():
        page.get_by_role("link", name="Upload a new version").click()
    page.get_by_label("File").set_input_files(
        {"name": "drone-incidents.pdf", "mimeType": "application/pdf", "buffer": REPORT + b"\n"}
    )
    page.get_by_label("What changed").fill("Corrected the figures.")
    browsing.submit(page, page.get_by_role("button", name="Upload"), "document-version-2")
    expect(page.get_by_role("status")).to_contain_text("The new version is uploaded.")
    expect(page.locator("table.version-list tbody tr")).to_have_count(2)
    expect(page.locator("table.version-list")).to_contain_text("Corrected the figures.")
