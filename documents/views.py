from flask import render_template

from documents import bp
from hub.access import Action, workspace_view
from hub.workspaces.models import Workspace


@bp.route("/")
@workspace_view(Action.VIEW)
def index(workspace: Workspace):
    return render_template(
        "workspaces/coming.html",
        feature="The document library",
        description="Uploaded documents, searchable by their text.",
    )
