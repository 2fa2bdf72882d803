"""Moving, protecting, deleting and restoring pages; watching; the wiki's sections."""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hub.access import Action, enforce, workspace_view
from hub.database import writes_on_read
from hub.exceptions import Refusal
from hub.extensions import db
from hub.forms import carry_out, require_button_form, show_refusal
from hub.http import found_or_404
from hub.security import is_safe_next
from hub.workspaces.models import Workspace
from wiki import bp, policies, queries, services
from wiki.forms import MovePageForm, SectionForm
from wiki.models import Section
from wiki.views import (
    chosen_section,
    load_page,
    offer_sections,
    parent_from_path,
    show_page_refusal,
)


def back_to(workspace: Workspace, path: str):
    return redirect(url_for("wiki.page", slug=workspace.slug, path=path))


@bp.route("/<path:path>/move", methods=["GET", "POST"])
@workspace_view(Action.EDIT)
def move(workspace: Workspace, path: str):
    page = load_page(workspace, path)
    enforce(policies.edit_refusal(current_user, g.permissions, page))
    form = MovePageForm()
    offer_sections(form, queries.sections_of(workspace), current=page.section_id)
    if request.method == "GET":
        form.title.data = page.title
        form.slug.data = page.path.rsplit("/", 1)[-1]
        form.parent.data = page.path.rsplit("/", 1)[0] if "/" in page.path else ""
        form.section.data = str(page.section_id)
    if form.validate_on_submit():
        try:
            services.move_page(
                page,
                current_user,
                title=form.title.data,
                slug=form.slug.data or "",
                parent=parent_from_path(workspace, form.parent.data),
                section=chosen_section(form),
            )
        except Refusal as refusal:
            show_page_refusal(form, refusal)
        else:
            flash(_("The page is moved. Its old address leads here."), "success")
            return back_to(workspace, page.path)
    return render_template("wiki/move.html", page=page, form=form)


def _moderate(workspace: Workspace, path: str, change, done: str, allow_deleted=False):
    require_button_form()
    page = load_page(workspace, path, allow_deleted=allow_deleted)
    carry_out(lambda: change(page, current_user), done)
    return back_to(workspace, page.path)


@bp.route("/<path:path>/protect", methods=["POST"])
@workspace_view(Action.MODERATE)
def protect(workspace: Workspace, path: str):
    return _moderate(
        workspace,
        path,
        lambda page, by: services.set_protection(page, by, True),
        _("The page is protected: only administrators edit it now."),
    )


@bp.route("/<path:path>/unprotect", methods=["POST"])
@workspace_view(Action.MODERATE)
def unprotect(workspace: Workspace, path: str):
    return _moderate(
        workspace,
        path,
        lambda page, by: services.set_protection(page, by, False),
        _("The page is no longer protected: members can edit it."),
    )


@bp.route("/<path:path>/delete", methods=["POST"])
@workspace_view(Action.MODERATE)
def delete(workspace: Workspace, path: str):
    return _moderate(
        workspace, path, services.delete_page, _("The page is deleted. It can be restored.")
    )


@bp.route("/<path:path>/restore", methods=["POST"])
@workspace_view(Action.MODERATE)
def restore(workspace: Workspace, path: str):
    return _moderate(
        workspace, path, services.restore_page, _("The page is restored."), allow_deleted=True
    )


@bp.route("/<path:path>/watch", methods=["POST"])
@workspace_view(Action.VIEW)
def watch(workspace: Workspace, path: str):
    require_button_form()
    page = load_page(workspace, path)
    watching = request.form.get("watch") == "1"
    services.set_watch(current_user, watching=watching, page=page)
    flash(
        _("You will be told when this page changes.")
        if watching
        else _("You stopped watching it."),
        "success",
    )
    return back_to(workspace, page.path)


@bp.route("/sections/<int:section_id>/watch", methods=["POST"])
@workspace_view(Action.VIEW)
def watch_section(workspace: Workspace, section_id: int):
    require_button_form()
    section = found_or_404(db.session.get, Section, section_id)
    if section.workspace_id != workspace.id:
        abort(404)
    watching = request.form.get("watch") == "1"
    services.set_watch(current_user, watching=watching, section=section)
    flash(
        _("You will be told of changes in %(section)s.", section=section.name)
        if watching
        else _("You stopped watching it."),
        "success",
    )
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("wiki.index", slug=workspace.slug))


@bp.route("/sections", methods=["GET", "POST"])
@writes_on_read  # the first visit may set up the default sections
@workspace_view(Action.ADMINISTER)
def sections(workspace: Workspace):
    services.ensure_default_sections(workspace)
    form = SectionForm()
    if form.validate_on_submit():
        try:
            services.create_section(
                workspace,
                current_user,
                name=form.name.data,
                description=form.description.data or "",
                protect=form.protect.data,
            )
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(_("The section is added."), "success")
            return redirect(url_for("wiki.sections", slug=workspace.slug))
    return render_template("wiki/sections.html", form=form, sections=queries.sections_of(workspace))
