"""The library's files on disk, stored by content: `<root>/ab/cd/<sha256>`.

An upload is streamed into a temporary file under `<root>/tmp/` while it is hashed and
counted, checked there, and only then moved into place with one rename (same file system:
atomic), so a stored path is always a whole file. The same bytes uploaded twice are stored
once. Stored names are made here from the hash: a user's filename never becomes a path.
"""

import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from flask import current_app

CHUNK_SIZE = 1024 * 1024


class StorageRefusal(Exception):
    """An upload the store will not keep (empty, too large)."""


class EmptyFile(StorageRefusal):
    pass


class FileTooLarge(StorageRefusal):
    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class Incoming:
    """An upload received into a temporary file, hashed and measured, not stored yet."""

    path: Path
    sha256: str
    size: int


class DocumentStorage:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.temporary = root / "tmp"

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
            raise ValueError("not a SHA-256 hex digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    @contextmanager
    def receiving(self, stream: BinaryIO, max_size: int) -> Iterator[Incoming]:
        """Stream `stream` into a temporary file; the block checks it and may `keep` it.
        Whatever is not kept is removed when the block ends, by error or not."""
        self.temporary.mkdir(parents=True, exist_ok=True)
        path = self.temporary / f"upload-{secrets.token_hex(16)}"
        try:
            digest, size = hashlib.sha256(), 0
            with path.open("xb") as out:
                while chunk := stream.read(CHUNK_SIZE):
                    size += len(chunk)
                    if size > max_size:
                        raise FileTooLarge(max_size)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if size == 0:
                raise EmptyFile()
            yield Incoming(path, digest.hexdigest(), size)
        finally:
            path.unlink(missing_ok=True)

    def keep(self, incoming: Incoming) -> Path:
        """Move the received file into place (or drop it when the same bytes are stored)."""
        target = self.path_of(incoming.sha256)
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(incoming.path, target)
        return target

    def store_bytes(self, data: bytes) -> str:
        """Store `data` (demo files, tests); return its hash."""
        with self.receiving(BytesIO(data), max_size=len(data) or 1) as incoming:
            self.keep(incoming)
            return incoming.sha256


def storage() -> DocumentStorage:
    """The app's store: DOCUMENTS_STORAGE, or `files/` in the instance folder."""
    configured = current_app.config.get("DOCUMENTS_STORAGE")
    return DocumentStorage(Path(configured or Path(current_app.instance_path) / "files"))
