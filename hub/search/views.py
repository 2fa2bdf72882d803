"""The search page (in a workspace, or across the reader's workspaces), the suggestions'
JSON for the search box, and the index's status for hub administrators."""

from types import SimpleNamespace

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from hub.access import Action, hub_admin_view, signed_in_view, workspace_view
from hub.forms import require_button_form
from hub.i18n import format_number
from hub.search import services
from hub.search.backend import FACETS, IndexBusy
from hub.search.queue import apply_pending, search_status
from hub.workspaces.models import Workspace

bp = Blueprint("search", __name__)


def _requested_page() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), services.LAST_PAGE)


def _search_page(workspace: Workspace | None, endpoint: str, **endpoint_values):
    everywhere = workspace is None or request.args.get("all") == "1"
    text = request.args.get("q", "")
    sort = request.args.get("sort", "relevance")
    facets = services.chosen_facets(request.args.to_dict(flat=False))
    outcome = services.search(
        current_user,
        text,
        workspace=workspace,
        everywhere=everywhere,
        facets=facets,
        sort=sort,
        page=_requested_page(),
    )
    kept = {"q": outcome.query.text, "sort": sort, **facets, **endpoint_values}
    if workspace is not None and everywhere:
        kept["all"] = "1"

    def facet_url(facet: str, value: str) -> str:
        values = list(facets.get(facet, ()))
        values.remove(value) if value in values else values.append(value)
        return url_for(endpoint, **{**kept, facet: values})

    def search_url(**changes) -> str:
        return url_for(endpoint, **{**kept, **changes})

    results = outcome.results
    pages = None
    if results is not None:
        pages = SimpleNamespace(
            page=results.page,
            pages=results.page_count,
            has_prev=results.page > 1,
            has_next=results.page < results.page_count,
            prev_num=results.page - 1,
            next_num=results.page + 1,
        )
    return render_template(
        "search/results.html",
        outcome=outcome,
        results=results,
        pages=pages,
        text=text,
        everywhere=everywhere,
        sort=sort if sort in ("relevance", "date") else "relevance",
        facets=facets,
        facet_names=FACETS,
        facet_url=facet_url,
        search_url=search_url,
        endpoint=endpoint,
        kept=kept,
        type_labels=services.type_labels(),
        current_tab=None,
    )


@bp.route("/search")
@signed_in_view
def everywhere():
    return _search_page(None, "search.everywhere")


@bp.route("/w/<slug>/search")
@workspace_view(Action.VIEW)
def workspace_search(workspace: Workspace):
    return _search_page(workspace, "search.workspace_search", slug=workspace.slug)


def _suggestions(workspace: Workspace | None, everywhere: bool):
    hits, workspaces = services.suggest(
        current_user, request.args.get("q", ""), workspace=workspace, everywhere=everywhere
    )
    labels = services.type_labels()
    suggestions = []
    for hit in hits:
        owner = workspaces.get(hit.workspace_id)
        if owner is None:
            continue
        suggestions.append(
            {
                "title": hit.title,
                "type": str(labels.get(hit.type, hit.type)),
                "workspace": owner.name,
                "url": url_for(hit.endpoint, slug=owner.slug, **hit.url_values),
            }
        )
    response = jsonify({"suggestions": suggestions})
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/search/suggest")
@signed_in_view
def suggest_everywhere():
    return _suggestions(None, everywhere=True)


@bp.route("/w/<slug>/search/suggest")
@workspace_view(Action.VIEW)
def workspace_suggest(workspace: Workspace):
    return _suggestions(workspace, everywhere=request.args.get("all") == "1")


@bp.route("/admin/search")
@hub_admin_view
def status():
    return render_template("admin/search.html", status=search_status())


@bp.route("/admin/search/apply", methods=["POST"])
@hub_admin_view
def apply_queue():
    """Apply the queued changes now, rather than after the next change."""
    require_button_form()
    try:
        applied = apply_pending()
    except IndexBusy:
        flash(_("The index is busy: the changes stay queued and are applied later."), "error")
    else:
        flash(
            ngettext(
                "%(shown)s queued change applied.",
                "%(shown)s queued changes applied.",
                applied,
                shown=format_number(applied),
            ),
            "success",
        )
    return redirect(url_for("search.status"))
