"""The signed-in user's notifications."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from hub.access import signed_in_view
from hub.extensions import db
from hub.forms import require_button_form
from hub.notifications import services
from hub.notifications.models import Notification
from hub.security import is_safe_next

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PER_PAGE = 30
#: Pages past this one are empty anyway; a larger number would overflow SQLite's OFFSET.
MAX_PAGE = 100_000


@bp.route("/")
@signed_in_view
def index():
    page = db.paginate(
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .options(db.joinedload(Notification.workspace))
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        page=min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template("notifications/index.html", page=page)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@signed_in_view
def mark_read(notification_id: int):
    require_button_form()
    services.mark_read(current_user, notification_id)
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@signed_in_view
def mark_all_read():
    require_button_form()
    services.mark_all_read(current_user)
    return redirect(url_for("notifications.index"))
