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


def _is_hash(name: str) -> bool:
    return len(name) == 64 and all(ch in "0123456789abcdef" for ch in name)


def _check_hash(sha256: str) -> None:
    if not _is_hash(sha256):
        raise ValueError("not a SHA-256 hex digest")


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
        self.pictures = root / "pictures"

    def path_of(self, sha256: str) -> Path:
        _check_hash(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def picture_path(self, sha256: str) -> Path:
        """Where the picture of the first page of the file `sha256` is kept (a PNG we drew)."""
        _check_hash(sha256)
        return self.pictures / sha256[:2] / f"{sha256}.png"

    def keep_picture(self, sha256: str, png: bytes) -> None:
        target = self.picture_path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{secrets.token_hex(8)}")
        partial.write_bytes(png)
        os.replace(partial, target)

    def stored_hashes(self) -> Iterator[str]:
        """The hash of every stored file (not pictures, not uploads under way)."""
        for first in sorted(self.root.glob("[0-9a-f][0-9a-f]")):
            for path in sorted(first.glob("[0-9a-f][0-9a-f]/*")):
                if path.is_file() and _is_hash(path.name):
                    yield path.name

    def picture_hashes(self) -> Iterator[str]:
        for path in sorted(self.pictures.glob("[0-9a-f][0-9a-f]/*.png")):
            if _is_hash(path.stem):
                yield path.stem

    def remove(self, sha256: str, still_used) -> bool:
        """Remove the file `sha256` and its picture unless `still_used()` says a version
        names it (asked once the file is set aside, so an upload of the same bytes meanwhile
        either finds no file and stores its own, or is seen and the file put back)."""
        path = self.path_of(sha256)
        aside = path.with_name(f".{sha256}.removing")
        try:
            os.replace(path, aside)
        except FileNotFoundError:
            return False
        if still_used():
            if not path.exists():
                os.replace(aside, path)
            else:
                aside.unlink()
            return False
        aside.unlink()
        self.picture_path(sha256).unlink(missing_ok=True)
        return True

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
