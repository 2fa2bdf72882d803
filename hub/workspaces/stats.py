"""The figures on a workspace home: the hub's member count, then each enabled feature's."""

from hub.features import workspace_counters
from hub.workspaces.models import Workspace
from hub.workspaces.services import active_member_count


def workspace_counts(workspace: Workspace) -> dict[str, int]:
    counts = {"members": active_member_count(workspace)}
    for counter in workspace_counters():
        counts[counter.label] = counter.count(workspace)
    return counts
