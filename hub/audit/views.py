"""Reading the audit log: hub administrators see all of it, workspace administrators theirs."""

from flask import Blueprint, render_template

from hub.access import Action, hub_admin_view, workspace_view
from hub.workspaces.models import Workspace

bp = Blueprint("audit", __name__)


@bp.route("/admin/audit")
@hub_admin_view
def hub_log():
    return render_template("admin/index.html")


@bp.route("/w/<slug>/audit")
@workspace_view(Action.ADMINISTER)
def workspace_log(workspace: Workspace):
    return render_template("admin/index.html")
