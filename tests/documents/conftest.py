"""Fixtures of the library's tests."""

import pytest

from tests.support.documents import Library, build_library


@pytest.fixture
def library() -> Library:
    """The `ai` workspace with one account per role and an outsider."""
    return build_library()
