"""The figures on a workspace home: the hub's member count, then each enabled feature's."""

from typing import NamedTuple

from flask_babel import ngettext
from markupsafe import Markup, escape

from hub.features import Counter, workspace_counters
from hub.i18n import format_number
from hub.workspaces.models import Workspace
from hub.workspaces.services import active_member_count

MEMBERS = Counter(
    lambda number: ngettext(
        "%(shown)s member", "%(shown)s members", number, shown=format_number(number)
    ),
    active_member_count,
    order=0,
)


class Figure(NamedTuple):
    number: int
    #: The count as a sentence says it, in the reader's language: "1 member", "12 wiki pages".
    text: str

    @property
    def html(self) -> Markup:
        """The text with its number stressed, wherever the language put it; a language that
        writes a count without its number ("une seule page") shows the words alone."""
        before, number, after = self.text.partition(format_number(self.number))
        if not number:
            return escape(self.text)
        return escape(before) + Markup("<strong>%s</strong>") % number + escape(after)


def workspace_counts(workspace: Workspace) -> list[Figure]:
    """Each figure with what it counts, in the plural form the number needs."""
    figures = []
    for counter in (MEMBERS, *workspace_counters()):
        number = counter.count(workspace)
        figures.append(Figure(number, counter.text(number)))
    return figures
