"""Rules about one wiki object: may this user do this to this page or section?

Each rule is a pure function `(user, permissions, object) -> refusal or None`, where
`permissions` are the user's workspace-wide actions (hub.access). Services enforce them;
views and templates ask the same functions to show or hide what the user may do.
"""

from flask_babel import gettext as _

from hub.access import Action
from hub.auth.models import User
from hub.exceptions import AccessDenied, Refusal, RuleViolation
from wiki.models import Page, Section


def edit_refusal(user: User, permissions: frozenset[Action], page: Page) -> Refusal | None:
    """Members edit (and move, and revert); a protected page only its workspace
    administrators; a deleted page nobody until it is restored."""
    if page.is_deleted:
        return RuleViolation(_("This page was deleted. A moderator can restore it."))
    if page.protected and Action.ADMINISTER not in permissions:
        return AccessDenied(_("This page is protected: only workspace administrators edit it."))
    if Action.EDIT not in permissions:
        return AccessDenied()
    return None


def add_page_refusal(
    user: User, permissions: frozenset[Action], section: Section
) -> Refusal | None:
    """Members add pages (new, or moved in); to a curated section only administrators."""
    if Action.EDIT not in permissions:
        return AccessDenied()
    if section.protect_new_pages and Action.ADMINISTER not in permissions:
        return AccessDenied(
            _("Only workspace administrators add pages to %(section)s.", section=section.name),
            field="section",
        )
    return None


def delete_refusal(user: User, permissions: frozenset[Action], page: Page) -> Refusal | None:
    if Action.MODERATE not in permissions:
        return AccessDenied()
    if page.is_deleted:
        return RuleViolation(_("This page is already deleted."))
    return None


def restore_refusal(user: User, permissions: frozenset[Action], page: Page) -> Refusal | None:
    if Action.MODERATE not in permissions:
        return AccessDenied()
    if not page.is_deleted:
        return RuleViolation(_("This page is not deleted."))
    return None


def protect_refusal(user: User, permissions: frozenset[Action], page: Page) -> Refusal | None:
    """Moderators protect and unprotect pages, deleted ones included (protection outlives
    a restore)."""
    if Action.MODERATE not in permissions:
        return AccessDenied()
    return None
