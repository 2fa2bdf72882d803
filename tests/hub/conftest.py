"""Fixtures of the hub's tests (accounts, workspaces, membership, notifications, audit)."""

import pytest

from tests.support.hub import World, build_world


@pytest.fixture
def world() -> World:
    """The `ai` workspace with its administrator, moderator and member, and an outsider."""
    return build_world()
