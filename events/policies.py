"""Rules about one event: may this user do this to it?

Each rule is a pure function `(user, permissions, subject) -> refusal or None`, where
`permissions` are the user's workspace-wide actions (hub.access). Services enforce them;
templates ask them through `allowed(rule, subject)`. Reading is the workspace's VIEW; who
takes part (participants, calendar feeds) is for members, like the members directory.
"""

from flask_babel import gettext as _

from events.models import Event
from hub.access import Action
from hub.auth.models import User
from hub.database import utcnow
from hub.exceptions import AccessDenied, Refusal, RuleViolation


def manage_events_refusal(user: User, permissions: frozenset[Action], subject) -> Refusal | None:
    """Administrators create, edit, cancel and duplicate events, add kinds, record
    attendance and export participant lists."""
    if Action.ADMINISTER not in permissions:
        return AccessDenied()
    return None


def see_participants_refusal(
    user: User, permissions: frozenset[Action], event: Event | None
) -> Refusal | None:
    """Who takes part is for members (and hub administrators), not for visitors of an open
    workspace."""
    if Action.SEE_MEMBERS not in permissions:
        return AccessDenied()
    return None


def register_refusal(user: User, permissions: frozenset[Action], event: Event) -> Refusal | None:
    """Members register for events that have not started and are not cancelled."""
    if Action.POST not in permissions or Action.SEE_MEMBERS not in permissions:
        return AccessDenied(_("Only members of the workspace register for its events."))
    if event.is_cancelled:
        return RuleViolation(_("This event is cancelled: it takes no registrations."))
    if event.has_started(utcnow()):
        return RuleViolation(_("This event has already started: registration is closed."))
    return None


def edit_event_refusal(user: User, permissions: frozenset[Action], event: Event) -> Refusal | None:
    refusal = manage_events_refusal(user, permissions, event)
    if refusal is None and event.is_cancelled:
        return RuleViolation(_("This event is cancelled: it can no longer be changed."))
    return refusal


def cancel_event_refusal(
    user: User, permissions: frozenset[Action], event: Event
) -> Refusal | None:
    refusal = edit_event_refusal(user, permissions, event)
    if refusal is None and event.has_started(utcnow()):
        return RuleViolation(_("This event has already started: it cannot be cancelled."))
    return refusal


def record_attendance_refusal(
    user: User, permissions: frozenset[Action], event: Event
) -> Refusal | None:
    refusal = manage_events_refusal(user, permissions, event)
    if refusal is None and event.is_cancelled:
        return RuleViolation(_("This event was cancelled: nobody attended it."))
    if refusal is None and not event.has_started(utcnow()):
        return RuleViolation(_("Attendance is recorded once the event has started."))
    return refusal
