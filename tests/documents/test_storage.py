"""The store keeps whole files only, by their SHA-256, once each; a user's filename never
becomes a path."""

import hashlib
import io

import pytest

from documents.storage import DocumentStorage, EmptyFile, FileTooLarge

pytestmark = pytest.mark.backend_independent


@pytest.fixture
def store(tmp_path) -> DocumentStorage:
    return DocumentStorage(tmp_path / "files")


def leftovers(store: DocumentStorage) -> list:
    return list(store.temporary.iterdir()) if store.temporary.exists() else []


def test_a_kept_file_is_stored_under_its_hash(store):
    data = b"The bytes of a document."
    with store.receiving(io.BytesIO(data), max_size=1000) as incoming:
        assert incoming.size == len(data)
        assert incoming.sha256 == hashlib.sha256(data).hexdigest()
        path = store.keep(incoming)
    assert path == store.root / incoming.sha256[:2] / incoming.sha256[2:4] / incoming.sha256
    assert path.read_bytes() == data
    assert leftovers(store) == []


def test_the_same_bytes_are_stored_once(store):
    first = store.store_bytes(b"twice")
    second = store.store_bytes(b"twice")
    assert first == second
    assert [path.name for path in store.root.rglob(first)] == [first]


def test_a_file_not_kept_leaves_nothing(store):
    with store.receiving(io.BytesIO(b"refused later"), max_size=1000) as incoming:
        pass
    assert not store.exists(incoming.sha256)
    assert leftovers(store) == []


def test_a_file_over_the_limit_is_refused_while_streaming_and_leaves_nothing(store):
    with (
        pytest.raises(FileTooLarge) as refusal,
        store.receiving(io.BytesIO(b"x" * 5000), max_size=4096),
    ):
        pytest.fail("the block must not run")
    assert refusal.value.limit == 4096
    assert leftovers(store) == []
    assert [path for path in store.root.rglob("*") if path.is_file()] == []


def test_an_empty_file_is_refused(store):
    with pytest.raises(EmptyFile), store.receiving(io.BytesIO(b""), max_size=10):
        pytest.fail("the block must not run")
    assert leftovers(store) == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "g" * 64, "", "AB" * 32, "a" * 63])
def test_only_a_hash_names_a_stored_file(store, name):
    with pytest.raises(ValueError):
        store.path_of(name)
