"""The same file uploaded twice at once makes one document: the second upload waits for the
first to commit, then finds it (PostgreSQL; SQLite lets one writer in at a time anyway)."""

import io
import threading

import pytest
from sqlalchemy import func, select

from documents import services
from documents.models import Document
from hub.auth.models import User
from hub.extensions import db
from hub.workspaces.models import Workspace


def test_the_same_file_uploaded_at_once_makes_one_document(app, backend, library, monkeypatch):
    if backend != "postgresql":
        pytest.skip("SQLite admits one writer at a time: uploads cannot overlap there")
    both_read = threading.Barrier(2, timeout=10)
    real_lock = services._lock_library

    def wait_then_lock(workspace):
        both_read.wait()  # both uploads have passed the first duplicate check
        real_lock(workspace)

    monkeypatch.setattr(services, "_lock_library", wait_then_lock)
    workspace_id, member_id = library.workspace.id, library.member.id
    outcomes: list[str] = []

    def send(name: str) -> None:
        with app.app_context():
            workspace = db.session.get(Workspace, workspace_id)
            member = db.session.get(User, member_id)
            try:
                services.upload_document(
                    workspace, member, services.Upload(io.BytesIO(b"same bytes"), name)
                )
                db.session.commit()
                outcomes.append("uploaded")
            except services.DuplicateFile:
                db.session.rollback()
                outcomes.append("duplicate")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("a.txt", "b.txt")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["duplicate", "uploaded"]
    assert db.session.scalar(select(func.count()).select_from(Document)) == 1
