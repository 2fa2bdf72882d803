"""Fixtures of the forums' tests."""

import pytest

from tests.support.forums import Forums, build_forums


@pytest.fixture(autouse=True)
def no_flood_control(app, monkeypatch):
    """Tests post many times a minute; the flood-control tests set the limit they test."""
    monkeypatch.setitem(app.config, "FORUM_POSTS_PER_MINUTE", 10_000)


@pytest.fixture
def forums() -> Forums:
    """The `ai` workspace with a forum "General", one account per role and an outsider."""
    return build_forums()
