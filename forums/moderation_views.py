"""The moderators' pages and buttons (pin, lock, move, remove and restore; a post's earlier
versions; the reports queue) and the members' report form."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from forums import bp, moderation, policies, queries
from forums.forms import MoveTopicForm, ReportForm
from forums.models import Report
from forums.views import load_forum, load_post, load_topic, post_url, refused_with_text
from hub.access import Action, workspace_view
from hub.exceptions import Refusal
from hub.forms import carry_out, require_button_form, show_refusal
from hub.http import found_or_404
from hub.markup import render_markdown
from hub.workspaces.models import Workspace

TOPIC_FLAG_MESSAGES = {
    ("pinned", True): _l("The topic is pinned."),
    ("pinned", False): _l("The topic is unpinned."),
    ("locked", True): _l("The topic is locked."),
    ("locked", False): _l("The topic is unlocked."),
}


def back_to_topic(workspace: Workspace, topic_id: int):
    return redirect(url_for("forums.topic", slug=workspace.slug, topic_id=topic_id))


@bp.route("/topics/<int:topic_id>/pin", methods=["POST"], endpoint="pin")
@bp.route("/topics/<int:topic_id>/lock", methods=["POST"], endpoint="lock")
@workspace_view(Action.MODERATE)
def set_topic_flag(workspace: Workspace, topic_id: int):
    """Pin or lock a topic, or undo it: the form's field named like the flag says which."""
    require_button_form()
    flag = "pinned" if request.endpoint == "forums.pin" else "locked"
    topic = load_topic(workspace, topic_id)
    value = request.form.get(flag, "1") == "1"
    carry_out(
        lambda: moderation.set_topic_flag(topic, current_user, flag, value),
        str(TOPIC_FLAG_MESSAGES[flag, value]),
    )
    return back_to_topic(workspace, topic_id)


@bp.route("/topics/<int:topic_id>/move", methods=["GET", "POST"])
@workspace_view(Action.MODERATE)
def move_topic(workspace: Workspace, topic_id: int):
    topic = load_topic(workspace, topic_id)
    refusal = policies.moderate_topic_refusal(current_user, g.permissions, topic)
    if refusal is not None:  # a removed topic: restore it first
        show_refusal(None, refusal)
        return back_to_topic(workspace, topic_id)
    form = MoveTopicForm()
    form.forum.choices = [
        (forum.id, forum.title)
        for forum in queries.live_forums(workspace)
        if forum.id != topic.forum_id
    ]
    if form.validate_on_submit():
        target = load_forum(workspace, form.forum.data)
        try:
            moderation.move_topic(topic, current_user, target)
        except Refusal as refusal:
            topic = load_topic(workspace, topic_id)
            return refused_with_text("forums/move_topic.html", 422, refusal, form, topic=topic)
        flash(_("The topic is moved to %(forum)s.", forum=target.title), "success")
        return back_to_topic(workspace, topic_id)
    status = 422 if form.errors else 200
    return render_template("forums/move_topic.html", form=form, topic=topic), status


@bp.route("/topics/<int:topic_id>/remove", methods=["POST"])
@workspace_view(Action.MODERATE)
def remove_topic(workspace: Workspace, topic_id: int):
    require_button_form()
    topic = load_topic(workspace, topic_id)
    forum_id = topic.forum_id
    removed = _("The topic is removed: only moderators see it now.")
    if not carry_out(lambda: moderation.remove_topic(topic, current_user), removed):
        return back_to_topic(workspace, topic_id)
    return redirect(url_for("forums.forum", slug=workspace.slug, forum_id=forum_id))


@bp.route("/topics/<int:topic_id>/restore", methods=["POST"])
@workspace_view(Action.MODERATE)
def restore_topic(workspace: Workspace, topic_id: int):
    require_button_form()
    topic = load_topic(workspace, topic_id)
    carry_out(lambda: moderation.restore_topic(topic, current_user), _("The topic is restored."))
    return back_to_topic(workspace, topic_id)


@bp.route("/posts/<int:post_id>/restore", methods=["POST"])
@workspace_view(Action.MODERATE)
def restore_post(workspace: Workspace, post_id: int):
    require_button_form()
    post = load_post(workspace, post_id)
    carry_out(lambda: moderation.restore_post(post, current_user), _("The post is restored."))
    return redirect(post_url(workspace, post))


@bp.route("/posts/<int:post_id>/versions")
@workspace_view(Action.MODERATE)
def post_versions(workspace: Workspace, post_id: int):
    """A post as it is and as it was before each edit, newest first."""
    post = load_post(workspace, post_id)
    versions = queries.post_versions(post, render_markdown)
    return render_template("forums/post_versions.html", post=post, versions=versions)


# --- reports -----------------------------------------------------------------------------


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@workspace_view(Action.POST)
def report_post(workspace: Workspace, post_id: int):
    post = load_post(workspace, post_id)
    form = ReportForm()
    if request.method == "GET":
        refusal = policies.report_post_refusal(current_user, g.permissions, post)
        if refusal is not None:
            show_refusal(None, refusal)
            return redirect(post_url(workspace, post))
    if form.validate_on_submit():
        try:
            moderation.report_post(post, current_user, reason=form.reason.data)
        except Refusal as refusal:
            post = load_post(workspace, post_id)
            return refused_with_text("forums/report_post.html", 422, refusal, form, post=post)
        flash(_("Thank you: moderators will look at this post."), "success")
        return redirect(post_url(workspace, post))
    status = 422 if form.errors else 200
    return render_template("forums/report_post.html", form=form, post=post), status


@bp.route("/reports")
@workspace_view(Action.MODERATE)
def reports(workspace: Workspace):
    """The moderation queue: the workspace's open reports, oldest first."""
    return render_template(
        "forums/reports.html",
        reports=queries.open_reports(workspace),
        total=queries.open_report_count(workspace),
        shown_at_most=queries.REPORTS_SHOWN,
    )


def load_report(workspace: Workspace, report_id: int) -> Report:
    return found_or_404(queries.report_in, workspace, report_id)


@bp.route("/reports/<int:report_id>/dismiss", methods=["POST"])
@workspace_view(Action.MODERATE)
def dismiss_report(workspace: Workspace, report_id: int):
    require_button_form()
    report = load_report(workspace, report_id)
    carry_out(
        lambda: moderation.dismiss_report(report, current_user),
        _("The report is dismissed; its author is told."),
    )
    return redirect(url_for("forums.reports", slug=workspace.slug))


@bp.route("/reports/<int:report_id>/remove", methods=["POST"])
@workspace_view(Action.MODERATE)
def remove_reported_post(workspace: Workspace, report_id: int):
    require_button_form()
    report = load_report(workspace, report_id)
    carry_out(
        lambda: moderation.remove_reported_post(report, current_user),
        _("The post is removed; whoever reported it is told."),
    )
    return redirect(url_for("forums.reports", slug=workspace.slug))
