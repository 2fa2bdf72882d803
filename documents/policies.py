"""Rules about one document: may this user do this to it?

Each rule is a pure function `(user, permissions, subject) -> refusal or None`, where
`permissions` are the user's workspace-wide actions (hub.access). Services enforce them;
templates ask them through `allowed(rule, subject)`. Reading is the workspace's VIEW.
"""

from flask_babel import gettext as _

from documents.models import Document
from hub.access import Action
from hub.auth.models import User
from hub.exceptions import AccessDenied, Refusal, RuleViolation
from hub.workspaces.models import Workspace


def manage_collections_refusal(
    user: User, permissions: frozenset[Action], workspace: Workspace | None
) -> Refusal | None:
    """Administrators make the collections members file documents into."""
    if Action.ADMINISTER not in permissions:
        return AccessDenied()
    return None


def upload_refusal(user: User, permissions: frozenset[Action], workspace: Workspace | None):
    """Members upload documents."""
    if Action.POST not in permissions:
        return AccessDenied()
    return None


def edit_document_refusal(
    user: User, permissions: frozenset[Action], document: Document
) -> Refusal | None:
    """Its uploader, moderators and administrators change a document and add versions."""
    is_uploader = document.uploader_id == user.id and Action.POST in permissions
    if not is_uploader and Action.MODERATE not in permissions:
        return AccessDenied(_("Only its uploader or a moderator may change a document."))
    if document.is_deleted:
        return RuleViolation(_("This document was deleted."))
    return None


def delete_document_refusal(
    user: User, permissions: frozenset[Action], document: Document
) -> Refusal | None:
    """Administrators delete documents (softly: they can be restored)."""
    if Action.ADMINISTER not in permissions:
        return AccessDenied()
    if document.is_deleted:
        return RuleViolation(_("This document was already deleted."))
    return None


def restore_document_refusal(
    user: User, permissions: frozenset[Action], document: Document
) -> Refusal | None:
    if Action.ADMINISTER not in permissions:
        return AccessDenied()
    if not document.is_deleted:
        return RuleViolation(_("This document is not deleted."))
    return None


def purge_document_refusal(
    user: User, permissions: frozenset[Action], document: Document
) -> Refusal | None:
    """Administrators purge a deleted document: it and its files are gone for good."""
    if Action.ADMINISTER not in permissions:
        return AccessDenied()
    if not document.is_deleted:
        return RuleViolation(_("Only a deleted document can be purged."))
    return None
