"""The counts on a workspace home. Feature packages register their own counter here
(a hub-level hook), so hub never imports them; until one does, its count shows as zero.
The member count is the hub's own."""

from collections.abc import Callable

from hub.workspaces.models import Workspace
from hub.workspaces.services import active_member_count

#: Shown in this order on the workspace home.
COUNT_LABELS = ("members", "pages", "topics", "documents", "upcoming events")

_counters: dict[str, Callable[[Workspace], int]] = {"members": active_member_count}


def register_counter(label: str, counter: Callable[[Workspace], int]) -> None:
    if label not in COUNT_LABELS:
        raise ValueError(f"unknown workspace count {label!r}")
    _counters[label] = counter


def workspace_counts(workspace: Workspace) -> dict[str, int]:
    return {
        label: _counters[label](workspace) if label in _counters else 0 for label in COUNT_LABELS
    }
