"""Hub administration: workspaces, accounts, the audit log."""

from flask import Blueprint, render_template

from hub.access import hub_admin_view

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@hub_admin_view
def index():
    return render_template("admin/index.html")
