"""The event pages: the list, the calendar, the timeline, an event, registering, the
administrators' forms, the .ics files and the members' calendar feeds."""

import csv
import io
from datetime import date

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from events import bp, ical, policies, queries, services
from events.forms import AttendanceForm, EventFilterForm, EventForm, KindForm
from events.models import Event, RegistrationStatus
from events.timeline import draw_timeline
from hub.access import Action, workspace_view
from hub.audit.services import record_audit
from hub.database import MAX_ROW_ID, utcnow, writes_on_read
from hub.exceptions import Refusal
from hub.extensions import db
from hub.forms import carry_out, require_button_form, show_refusal
from hub.http import found_or_404, row_id_argument
from hub.workspaces.models import Workspace


def load_event(workspace: Workspace, event_id: int) -> Event:
    return found_or_404(queries.event_in, workspace, event_id)


def event_url(workspace: Workspace, event_id: int) -> str:
    return url_for("events.event", slug=workspace.slug, event_id=event_id)


# --- reading -----------------------------------------------------------------------------


@bp.route("/")
@workspace_view(Action.VIEW)
def index(workspace: Workspace):
    kinds = queries.kinds_of(workspace)
    form = EventFilterForm(request.args, kinds=kinds, years=queries.years_of(workspace))
    form.validate()  # a value not offered filters nothing, and its field says so
    upcoming_after, past_after = row_id_argument("upcoming_after"), row_id_argument("after")
    page = queries.event_list(
        workspace,
        form.filters(),
        current_user,
        upcoming_after=upcoming_after,
        past_after=past_after,
    )
    return render_template(
        "events/index.html",
        form=form,
        page=page,
        kept=form.chosen(),
        continued=upcoming_after is not None or past_after is not None,
        upcoming_continued=upcoming_after is not None,
        past_continued=past_after is not None,
    )


def _month_asked() -> date:
    today = utcnow().astimezone(get_timezone()).date()
    asked = request.args.get("month", "")
    try:
        year, month = (int(part) for part in asked.split("-"))
        return date(year, month, 1) if 1900 <= year <= 2200 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@bp.route("/calendar")
@workspace_view(Action.VIEW)
def calendar(workspace: Workspace):
    kinds = queries.kinds_of(workspace)
    form = EventFilterForm(request.args, kinds=kinds, years=[])
    form.kind.validate(form)
    month = _month_asked()
    shown = queries.calendar_month(
        workspace, month.year, month.month, str(get_timezone()), form.filters(), current_user
    )
    return render_template(
        "events/calendar.html",
        form=form,
        calendar=shown,
        kept={"kind": form.kind.data} if form.kind.data and not form.kind.errors else {},
        today=utcnow().astimezone(get_timezone()).date(),
    )


@bp.route("/timeline")
@workspace_view(Action.VIEW)
def timeline(workspace: Workspace):
    shown = queries.timeline(workspace)
    return render_template("events/timeline.html", timeline=shown, svg=draw_timeline(shown))


@bp.route("/<int:event_id>")
@workspace_view(Action.VIEW)
def event(workspace: Workspace, event_id: int):
    event = load_event(workspace, event_id)
    may_see = policies.see_participants_refusal(current_user, g.permissions, event) is None
    page = queries.event_page(event, current_user, may_see)
    return render_template(
        "events/event.html",
        page=page,
        event=event,
        now=utcnow(),
        statuses=RegistrationStatus,
    )


@bp.route("/<int:event_id>.ics")
@workspace_view(Action.VIEW)
def event_ics(workspace: Workspace, event_id: int):
    event = load_event(workspace, event_id)
    return _ics_response(ical.event_ics(event), f"event-{event.id}.ics")


def _ics_response(body: bytes, filename: str, attachment: bool = True) -> Response:
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    if attachment:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- registering -------------------------------------------------------------------------


@bp.route("/<int:event_id>/register", methods=["POST"])
@workspace_view(Action.POST)
def register(workspace: Workspace, event_id: int):
    require_button_form()
    event = load_event(workspace, event_id)
    registration = None

    def act():
        nonlocal registration
        registration = services.register(event, current_user)

    try:
        act()
    except Refusal as refusal:
        show_refusal(None, refusal)
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            flash(_("You are registered. A confirmation is on its way by e-mail."), "success")
        else:
            flash(
                _(
                    "The event is full: you are on the waiting list, and will be told if a "
                    "place frees up."
                ),
                "success",
            )
    return redirect(event_url(workspace, event_id))


@bp.route("/<int:event_id>/cancel-registration", methods=["POST"])
@workspace_view(Action.POST)
def cancel_registration(workspace: Workspace, event_id: int):
    require_button_form()
    event = load_event(workspace, event_id)
    carry_out(
        lambda: services.cancel_registration(event, current_user),
        _("Your registration is cancelled."),
    )
    return redirect(event_url(workspace, event_id))


# --- administering -----------------------------------------------------------------------


def _event_form_page(workspace: Workspace, form: EventForm, event: Event | None):
    status = 422 if form.errors else 200
    return render_template("events/edit.html", form=form, event=event), status


@bp.route("/new", methods=["GET", "POST"])
@writes_on_read  # the first visit sets up the default kinds
@workspace_view(Action.ADMINISTER)
def new(workspace: Workspace):
    kinds = services.ensure_default_kinds(workspace)
    form = EventForm(kinds=kinds)
    if request.method == "GET":
        form.timezone.data = str(get_timezone())
    if form.validate_on_submit():
        try:
            event = services.create_event(workspace, current_user, form.event_data())
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("The event is created."), "success")
            return redirect(event_url(workspace, event.id))
    return _event_form_page(workspace, form, None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@workspace_view(Action.ADMINISTER)
def edit(workspace: Workspace, event_id: int):
    event = load_event(workspace, event_id)
    refusal = policies.edit_event_refusal(current_user, g.permissions, event)
    if refusal is not None:
        show_refusal(None, refusal)
        return redirect(event_url(workspace, event_id))
    kinds = queries.kinds_of(workspace)
    form = EventForm(obj=event if request.method == "GET" else None, kinds=kinds)
    if request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit():
        try:
            services.update_event(event, current_user, form.event_data())
        except Refusal as refusal:
            show_refusal(form, refusal)
            event = load_event(workspace, event_id)
        else:
            flash(_("The event is saved."), "success")
            return redirect(event_url(workspace, event_id))
    return _event_form_page(workspace, form, event)


@bp.route("/<int:event_id>/cancel", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def cancel(workspace: Workspace, event_id: int):
    require_button_form()
    event = load_event(workspace, event_id)
    carry_out(
        lambda: services.cancel_event(event, current_user),
        _("The event is cancelled; everyone registered is told."),
    )
    return redirect(event_url(workspace, event_id))


@bp.route("/<int:event_id>/duplicate", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def duplicate(workspace: Workspace, event_id: int):
    require_button_form()
    event = load_event(workspace, event_id)
    try:
        copy = services.duplicate_event(event, current_user)
    except Refusal as refusal:
        show_refusal(None, refusal)
        return redirect(event_url(workspace, event_id))
    flash(_("The next event of the series is created: check its date and details."), "success")
    return redirect(url_for("events.edit", slug=workspace.slug, event_id=copy.id))


@bp.route("/<int:event_id>/attendance", methods=["GET", "POST"])
@workspace_view(Action.ADMINISTER)
def attendance(workspace: Workspace, event_id: int):
    event = load_event(workspace, event_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        chosen = {
            int(value)
            for value in request.form.getlist("attended")
            if value.isdigit() and int(value) <= MAX_ROW_ID
        }
        if carry_out(
            lambda: services.record_attendance(event, current_user, chosen),
            _("Attendance is recorded."),
        ):
            return redirect(event_url(workspace, event_id))
        return redirect(url_for("events.attendance", slug=workspace.slug, event_id=event_id))
    refusal = policies.record_attendance_refusal(current_user, g.permissions, event)
    return render_template(
        "events/attendance.html",
        form=form,
        event=event,
        refusal=refusal,
        participants=queries.attendance_list(event),
        statuses=RegistrationStatus,
    ), (400 if form.errors else 200)


#: A cell a spreadsheet would take for a formula (OWASP's CSV injection list) gets a quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@bp.route("/<int:event_id>/participants.csv")
@writes_on_read  # the audit log's entry
@workspace_view(Action.ADMINISTER)
def export(workspace: Workspace, event_id: int):
    event = load_event(workspace, event_id)
    record_audit("events.participants_exported", current_user, workspace=workspace, event=event.id)
    labels = {
        RegistrationStatus.REGISTERED: _("registered"),
        RegistrationStatus.WAITLISTED: _("waiting list"),
        RegistrationStatus.CANCELLED: _("cancelled"),
        RegistrationStatus.ATTENDED: _("attended"),
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [_("Name"), _("E-mail"), _("Organisation"), _("Country"), _("Status"), _("Registered on")]
    )
    for row in queries.registrations_for_export(event):
        writer.writerow(
            [
                csv_cell(row.display_name),
                csv_cell(row.email),
                csv_cell(row.organisation),
                csv_cell(row.country),
                labels[row.status],
                row.listed_at.isoformat(timespec="minutes"),
            ]
        )
    response = current_app.response_class("\ufeff" + buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="event-{event.id}-participants.csv"'
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/kinds", methods=["GET", "POST"])
@writes_on_read
@workspace_view(Action.ADMINISTER)
def kinds(workspace: Workspace):
    services.ensure_default_kinds(workspace)
    form = KindForm()
    if form.validate_on_submit():
        try:
            services.add_kind(
                workspace, current_user, name=form.name.data, abbreviation=form.abbreviation.data
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("The kind is added."), "success")
            return redirect(url_for("events.kinds", slug=workspace.slug))
    return render_template("events/kinds.html", form=form, kinds=queries.kinds_of(workspace)), (
        422 if form.errors else 200
    )


# --- calendar feeds ----------------------------------------------------------------------


@bp.route("/calendar-feed", methods=["GET", "POST"])
@workspace_view(Action.SEE_MEMBERS)
def feed_settings(workspace: Workspace):
    """The member's feed address: made (or made anew, revoking the old) by a button; shown
    once, since only its hash is kept."""
    feed_url = None
    if request.method == "POST":
        require_button_form()
        secret = services.regenerate_feed_key(workspace, current_user)
        feed_url = url_for("events.feed", slug=workspace.slug, secret=secret, _external=True)
    has_key = services.has_feed_key(workspace, current_user)
    return render_template("events/feed.html", feed_url=feed_url, has_key=has_key)


@bp.route("/feed/<secret>.ics")
def feed(slug: str, secret: str):
    """No sign-in: the secret decides, while its owner is a member of the workspace."""
    workspace = db.session.scalar(select(Workspace).where(Workspace.slug == slug))
    if workspace is None:
        abort(404)
    if services.user_of_feed(workspace, secret) is None:
        message = _(
            "This calendar address does not work: it was replaced by a newer one, or its owner "
            "is no longer a member. Get the current address from the workspace's events page."
        )
        return Response(message, 403, mimetype="text/plain")
    return _ics_response(ical.feed_ics(workspace), f"{workspace.slug}.ics", attachment=False)
