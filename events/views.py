from flask import render_template

from events import bp
from hub.access import Action, workspace_view
from hub.workspaces.models import Workspace


@bp.route("/")
@workspace_view(Action.VIEW)
def index(workspace: Workspace):
    return render_template(
        "workspaces/coming.html",
        feature="Events",
        description=(
            "The record of meetings, Virtual Discussion Rooms and Virtual Training Rooms, "
            "with calendar feeds."
        ),
    )
