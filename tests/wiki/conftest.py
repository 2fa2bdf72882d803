"""Fixtures of the wiki's tests."""

import pytest

from tests.support.wiki import Wiki, build_wiki


@pytest.fixture
def wiki() -> Wiki:
    """The `ai` workspace's wiki: its sections, one account per role and an outsider."""
    return build_wiki()
