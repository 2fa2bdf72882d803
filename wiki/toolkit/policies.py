"""Rules about one assessment: (user, permissions, assessment) -> a refusal, or None.

An assessment is its author's: only they change it, share it or copy it. Members it is
shared with read it; nobody else does, workspace and hub administrators included: they see
the workspace's aggregate figures only (wiki.toolkit.queries.workspace_statistics).
"""

from flask_babel import lazy_gettext as _l

from hub.access import Action
from hub.auth.models import User
from hub.exceptions import AccessDenied, Refusal, RuleViolation
from wiki.toolkit.models import Assessment

PRIVATE = _l("This assessment is private to its author and the members they shared it with.")


def start_refusal(user: User, permissions: frozenset, _subject: object = None) -> Refusal | None:
    if Action.POST not in permissions:
        return AccessDenied(_l("Self-assessments are for the workspace's members."))
    return None


def is_author(user: User, assessment: Assessment) -> bool:
    return user.is_authenticated and assessment.author_id == user.id


def read_refusal(
    user: User, permissions: frozenset, assessment: Assessment, shared_with_user: bool = False
) -> Refusal | None:
    refusal = start_refusal(user, permissions)
    if refusal is not None:
        return refusal
    if not (is_author(user, assessment) or shared_with_user):
        return AccessDenied(PRIVATE)
    return None


def own_refusal(user: User, permissions: frozenset, assessment: Assessment) -> Refusal | None:
    """What only the author does: share, copy, export... (a reader gets the same 403)."""
    refusal = start_refusal(user, permissions)
    if refusal is not None:
        return refusal
    if not is_author(user, assessment):
        return AccessDenied(PRIVATE)
    return None


def edit_refusal(user: User, permissions: frozenset, assessment: Assessment) -> Refusal | None:
    refusal = own_refusal(user, permissions, assessment)
    if refusal is not None:
        return refusal
    if assessment.is_submitted:
        return RuleViolation(
            _l("This assessment was submitted and can no longer be changed. Start a copy of it.")
        )
    return None


def statistics_refusal(user: User, permissions: frozenset, _subject: object = None):
    if Action.ADMINISTER not in permissions:
        return AccessDenied(_l("The workspace's figures are for its administrators."))
    return None
