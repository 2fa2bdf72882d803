"""The wiki's rules about one page or section, as pure functions of the user's permissions."""

from types import SimpleNamespace

import pytest

from hub.access import ROLE_ACTIONS, Action
from hub.exceptions import AccessDenied, RuleViolation
from hub.workspaces.models import Role
from wiki import policies

MEMBER = ROLE_ACTIONS[Role.MEMBER]
MODERATOR = ROLE_ACTIONS[Role.MODERATOR]
ADMINISTRATOR = ROLE_ACTIONS[Role.ADMINISTRATOR]
VISITOR = frozenset({Action.VIEW})  # a signed-in reader of an open workspace
NOBODY = frozenset()


def page(*, protected: bool = False, deleted: bool = False) -> SimpleNamespace:
    return SimpleNamespace(protected=protected, is_deleted=deleted)


def section(*, curated: bool) -> SimpleNamespace:
    return SimpleNamespace(name="Toolkit" if curated else "Topics", protect_new_pages=curated)


pytestmark = pytest.mark.backend_independent


@pytest.mark.parametrize(
    ("permissions", "subject", "refused_with"),
    [
        (MEMBER, page(), None),
        (VISITOR, page(), AccessDenied),
        (NOBODY, page(), AccessDenied),
        (MEMBER, page(protected=True), AccessDenied),
        (MODERATOR, page(protected=True), AccessDenied),
        (ADMINISTRATOR, page(protected=True), None),
        (ADMINISTRATOR, page(deleted=True), RuleViolation),
    ],
)
def test_who_may_edit_a_page(permissions, subject, refused_with):
    refusal = policies.edit_refusal(None, permissions, subject)
    assert type(refusal) is refused_with if refused_with else refusal is None


def test_a_refusal_says_why():
    assert "protected" in policies.edit_refusal(None, MEMBER, page(protected=True)).message
    assert "deleted" in policies.edit_refusal(None, MEMBER, page(deleted=True)).message


@pytest.mark.parametrize(
    ("permissions", "curated", "allowed"),
    [
        (MEMBER, False, True),
        (MEMBER, True, False),
        (MODERATOR, True, False),
        (ADMINISTRATOR, True, True),
        (VISITOR, False, False),
    ],
)
def test_who_may_add_pages_to_a_section(permissions, curated, allowed):
    refusal = policies.add_page_refusal(None, permissions, section(curated=curated))
    assert (refusal is None) is allowed
    if refusal is not None and curated and Action.EDIT in permissions:
        assert refusal.field == "section"
        assert refusal.message == "Only workspace administrators add pages to Toolkit."


@pytest.mark.parametrize("permissions", [MEMBER, VISITOR])
def test_only_moderators_delete_restore_and_protect(permissions):
    for rule, subject in (
        (policies.delete_refusal, page()),
        (policies.restore_refusal, page(deleted=True)),
        (policies.protect_refusal, page()),
    ):
        assert isinstance(rule(None, permissions, subject), AccessDenied)
        assert rule(None, MODERATOR, subject) is None


def test_deleting_twice_or_restoring_a_live_page_is_refused():
    assert isinstance(policies.delete_refusal(None, MODERATOR, page(deleted=True)), RuleViolation)
    assert isinstance(policies.restore_refusal(None, MODERATOR, page()), RuleViolation)
