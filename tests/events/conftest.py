"""Fixtures of the events' tests."""

import pytest

from tests.support.events import Calendar, build_calendar


@pytest.fixture
def calendar() -> Calendar:
    """The `ai` workspace with one account per role and an outsider, and the default kinds."""
    return build_calendar()
