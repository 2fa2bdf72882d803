from flask import render_template

from hub.access import Action, workspace_view
from hub.workspaces.models import Workspace
from wiki import bp


@bp.route("/")
@workspace_view(Action.VIEW)
def index(workspace: Workspace):
    return render_template(
        "workspaces/coming.html",
        feature="The wiki",
        description=(
            "Pages on AI topics, the Virtual Discussion and Training Rooms, "
            "the UNICRI cooperation and the Toolkit."
        ),
    )
