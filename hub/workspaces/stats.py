"""The figures on a workspace home: the hub's member count, then each enabled feature's."""

from hub.features import Counter, workspace_counters
from hub.workspaces.models import Workspace
from hub.workspaces.services import active_member_count

MEMBERS = Counter("members", active_member_count, order=0, label_one="member")


def workspace_counts(workspace: Workspace) -> list[tuple[int, str]]:
    """Each figure with what it counts, in the singular or the plural as the number needs."""
    figures = []
    for counter in (MEMBERS, *workspace_counters()):
        number = counter.count(workspace)
        figures.append((number, counter.describe(number)))
    return figures
