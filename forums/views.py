"""The forum pages: the index, a forum's topics, a topic's posts, and writing."""

from flask import (
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from forums import bp, engagement, policies, queries, services
from forums.forms import EditPostForm, ForumForm, PreviewForm, ReplyForm, TopicForm, new_form_token
from forums.models import Forum, Post, Topic
from forums.rendering import PostsView, blank_reply_box, post_items, topic_rows
from hub.access import Action, workspace_view
from hub.database import write_after_reading
from hub.exceptions import Refusal
from hub.forms import carry_out, preview_response, require_button_form, show_refusal
from hub.http import found_or_404, row_id_argument
from hub.templating import allowed
from hub.workspaces.models import Workspace


def load_forum(workspace: Workspace, forum_id: int) -> Forum:
    return found_or_404(queries.forum_in, workspace, forum_id)


def load_topic(workspace: Workspace, topic_id: int) -> Topic:
    """The topic (404 if it is not in this workspace; removed ones only for moderators)."""
    topic = found_or_404(queries.topic_in, workspace, topic_id)
    if topic.is_deleted and Action.MODERATE not in g.permissions:
        abort(404)
    return topic


def load_reader_topic(workspace: Workspace, topic_id: int) -> queries.ReaderTopic:
    """load_topic, with what the reader has read and follows, and the topic's answer."""
    reading = found_or_404(queries.topic_for_reader, workspace, topic_id, current_user)
    if reading.topic.is_deleted and Action.MODERATE not in g.permissions:
        abort(404)
    return reading


def load_post(workspace: Workspace, post_id: int) -> Post:
    post = found_or_404(queries.post_in, workspace, post_id)
    if post.topic.is_deleted and Action.MODERATE not in g.permissions:
        abort(404)
    return post


def post_url(workspace: Workspace, post: Post) -> str:
    return url_for(
        "forums.topic",
        slug=workspace.slug,
        topic_id=post.topic_id,
        page=post.page if post.page > 1 else None,
        _anchor=f"post-{post.id}",
    )


# --- reading -----------------------------------------------------------------------------


@bp.route("/")
@workspace_view(Action.VIEW)
def index(workspace: Workspace):
    return render_template("forums/index.html", forums=queries.forum_index(workspace))


@bp.route("/<int:forum_id>/")
@workspace_view(Action.VIEW)
def forum(workspace: Workspace, forum_id: int):
    forum = load_forum(workspace, forum_id)
    batch = queries.topic_list(
        forum,
        current_user,
        after=row_id_argument("after"),
        before=row_id_argument("before"),
        with_removed=Action.MODERATE in g.permissions,
    )
    return render_template(
        "forums/forum.html",
        forum=forum,
        batch=batch,
        topic_rows=topic_rows(batch.topics, workspace.slug),
        follows_forum=queries.follows_forum(forum, current_user),
    )


#: The session key under which a posted form's draft name and form token wait for the topic
#: page, which tells the draft script (hub/static/js/forum-post.js) that this draft was posted.
POSTED_DRAFT_KEY = "forums_posted_draft"


def reply_draft(workspace: Workspace, topic_id: int) -> str:
    """The name a reply to the topic is kept under in the browser until it is posted."""
    return f"forum-reply:{workspace.slug}:{topic_id}"


def topic_draft(workspace: Workspace, forum_id: int) -> str:
    """The name a new topic of the forum is kept under in the browser until it is posted."""
    return f"forum-topic:{workspace.slug}:{forum_id}"


def remember_posted_draft(draft: str, form_token: str) -> None:
    session[POSTED_DRAFT_KEY] = {"draft": draft, "token": form_token}


@bp.route("/topics/<int:topic_id>")
@workspace_view(Action.VIEW)
def topic(workspace: Workspace, topic_id: int):
    """A page of the topic. The reader's place moves to the last post shown, after the page
    is rendered and only when it moves forward: a page read again writes nothing."""
    reading = load_reader_topic(workspace, topic_id)
    topic = reading.topic
    pages = queries.page_count(topic)
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= pages:
        abort(404)
    posts = queries.posts_on_page(topic, reading.forum, page, current_user)
    first_unread = next(
        (
            post
            for post in posts
            if not post.deleted and post.position > (reading.read_position or 0)
        ),
        None,
    )
    if reading.read_position is None:
        first_unread = None  # everything is new on a first visit: nothing to point at
    view = PostsView(
        slug=workspace.slug,
        topic_id=topic.id,
        may_react=Action.POST in g.permissions and not topic.is_deleted,
        may_moderate=Action.MODERATE in g.permissions,
        can_reply=allowed(policies.reply_refusal, topic),
        can_mark_answer=allowed(policies.choose_answer_refusal, topic),
        can_see_versions=allowed(policies.see_versions_refusal, None),
        topic_locked=topic.locked,
        topic_deleted=topic.is_deleted,
        answer=reading.answer,
    )
    html = render_template(
        "forums/topic.html",
        reading=reading,
        topic=topic,
        forum=reading.forum,
        post_items=post_items(
            posts, view, current_user.id, first_unread.id if first_unread else None
        ),
        notes=queries.topic_notes(topic) if reading.has_notes else [],
        first_unread=first_unread,
        page=page,
        pages=pages,
        can_reply=view.can_reply,
        reply_box=blank_reply_box(workspace.slug) if view.can_reply else None,
        form_token=new_form_token(),
        reply_draft=reply_draft(workspace, topic.id),
        posted_draft=session.pop(POSTED_DRAFT_KEY, None),
    )
    if posts and (reading.read_position is None or reading.read_position < posts[-1].position):
        reader_id = current_user.id
        write_after_reading()
        engagement.record_reading(
            topic_id, reader_id, read_position=reading.read_position, shown_up_to=posts[-1].position
        )
    return html


@bp.route("/topics/<int:topic_id>/unread")
@workspace_view(Action.VIEW)
def first_unread(workspace: Workspace, topic_id: int):
    """The reader's first unread post (the last post when all are read), at its page."""
    reading = load_reader_topic(workspace, topic_id)
    post = queries.first_unread_post(reading.topic, reading.read_position)
    if post is None:
        return redirect(url_for("forums.topic", slug=workspace.slug, topic_id=topic_id))
    return redirect(post_url(workspace, post))


@bp.route("/posts/<int:post_id>")
@workspace_view(Action.VIEW)
def post(workspace: Workspace, post_id: int):
    """A post's permanent address: its topic's page that shows it, at the post."""
    return redirect(post_url(workspace, load_post(workspace, post_id)))


# --- writing -----------------------------------------------------------------------------


def load_quoted_post(workspace: Workspace, topic: Topic, post_id: int) -> Post:
    """A live post of `topic` to quote (404 otherwise: another topic's, or another
    workspace's)."""
    post = queries.post_in(workspace, post_id)
    if post is None or post.topic_id != topic.id or post.is_deleted:
        abort(404)
    return post


def quotation(post: Post) -> str:
    """`post` quoted in Markdown, its author named, and a blank line to write under."""
    author = post.author.display_name if post.author else _("A former member")
    lines = [_("%(name)s wrote:", name=author), "", *post.body.strip().split("\n")]
    return "\n".join(f"> {line}".rstrip() for line in lines) + "\n\n"


def refused_with_text(template: str, status: int, refusal: Refusal, form, **context):
    """The form again, with the text as sent and the reason, nothing saved."""
    show_refusal(form, refusal)
    return render_template(template, form=form, **context), status


@bp.route("/<int:forum_id>/new", methods=["GET", "POST"])
@workspace_view(Action.POST)
def new_topic(workspace: Workspace, forum_id: int):
    forum = load_forum(workspace, forum_id)
    form = TopicForm()
    if request.method == "GET":
        form.form_token.data = new_form_token()
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = services.render_post(form.body.data, workspace)[0]
        else:
            try:
                topic = services.start_topic(
                    forum,
                    current_user,
                    title=form.title.data,
                    body=form.body.data,
                    form_token=form.form_token.data,
                )
            except Refusal as refusal:
                return refused_with_text(
                    "forums/new_topic.html",
                    422,
                    refusal,
                    form,
                    forum=forum,
                    preview=None,
                    draft=topic_draft(workspace, forum.id),
                )
            flash(_("Your topic is posted."), "success")
            remember_posted_draft(topic_draft(workspace, forum.id), form.form_token.data)
            return redirect(url_for("forums.topic", slug=workspace.slug, topic_id=topic.id))
    status = 422 if form.errors else 200
    return render_template(
        "forums/new_topic.html",
        form=form,
        forum=forum,
        preview=preview,
        draft=topic_draft(workspace, forum.id),
    ), status


@bp.route("/topics/<int:topic_id>/reply", methods=["GET", "POST"])
@workspace_view(Action.POST)
def reply(workspace: Workspace, topic_id: int):
    topic = load_topic(workspace, topic_id)
    form = ReplyForm()
    if request.method == "GET":
        form.form_token.data = new_form_token()
        quoted_id = row_id_argument("quote")
        if quoted_id is not None:
            form.body.data = quotation(load_quoted_post(workspace, topic, quoted_id))
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = services.render_post(form.body.data, workspace)[0]
        else:
            try:
                post = services.reply(
                    topic, current_user, body=form.body.data, form_token=form.form_token.data
                )
            except Refusal as refusal:
                topic = load_topic(workspace, topic_id)  # the refusal undid what was loaded
                return refused_with_text(
                    "forums/reply.html",
                    422,
                    refusal,
                    form,
                    topic=topic,
                    preview=None,
                    draft=reply_draft(workspace, topic.id),
                )
            flash(_("Your reply is posted."), "success")
            remember_posted_draft(reply_draft(workspace, topic.id), form.form_token.data)
            return redirect(post_url(workspace, post))
    status = 422 if form.errors else 200
    return render_template(
        "forums/reply.html",
        form=form,
        topic=topic,
        preview=preview,
        draft=reply_draft(workspace, topic.id),
    ), status


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@workspace_view(Action.POST)
def edit_post(workspace: Workspace, post_id: int):
    post = load_post(workspace, post_id)
    refusal = policies.edit_post_refusal(current_user, g.permissions, post)
    if refusal is not None and request.method == "GET":
        raise refusal
    form = EditPostForm()
    if request.method == "GET":
        form.body.data = post.body
    preview = None
    if form.validate_on_submit():
        if "preview" in request.form:
            preview = services.render_post(form.body.data, workspace)[0]
        else:
            try:
                services.edit_post(post, current_user, body=form.body.data)
            except Refusal as refusal:
                post = load_post(workspace, post_id)
                return refused_with_text(
                    "forums/edit_post.html", 422, refusal, form, post=post, preview=None
                )
            flash(_("Your changes are saved."), "success")
            return redirect(post_url(workspace, post))
    status = 422 if form.errors else 200
    return render_template("forums/edit_post.html", form=form, post=post, preview=preview), status


@bp.route("/posts/<int:post_id>/delete", methods=["POST"])
@workspace_view(Action.POST)
def delete_post(workspace: Workspace, post_id: int):
    require_button_form()
    post = load_post(workspace, post_id)
    topic_id = post.topic_id
    if not carry_out(lambda: services.delete_post(post, current_user), _("The post is removed.")):
        return redirect(url_for("forums.topic", slug=workspace.slug, topic_id=topic_id))
    return redirect(post_url(workspace, post))


# --- reading state, following, reactions, answers ----------------------------------------


@bp.route("/<int:forum_id>/read", methods=["POST"])
@workspace_view(Action.VIEW)
def mark_forum_read(workspace: Workspace, forum_id: int):
    require_button_form()
    forum = load_forum(workspace, forum_id)
    engagement.mark_forum_read(forum, current_user)
    flash(_("Every topic of this forum is marked read."), "success")
    return redirect(url_for("forums.forum", slug=workspace.slug, forum_id=forum_id))


def follow_from_form(subject: Forum | Topic, following_message: str, stopped_message: str):
    """What a follow button does, on a topic or a forum: follow it or stop, as the form says,
    and say which."""
    following = request.form.get("following", "1") == "1"
    carry_out(
        lambda: engagement.set_following(current_user, subject, following),
        following_message if following else stopped_message,
    )


@bp.route("/topics/<int:topic_id>/follow", methods=["POST"])
@workspace_view(Action.VIEW)
def follow_topic(workspace: Workspace, topic_id: int):
    require_button_form()
    follow_from_form(
        load_topic(workspace, topic_id),
        _("You follow this topic: new posts will notify you."),
        _("You no longer follow this topic."),
    )
    return redirect(url_for("forums.topic", slug=workspace.slug, topic_id=topic_id))


@bp.route("/<int:forum_id>/follow", methods=["POST"])
@workspace_view(Action.VIEW)
def follow_forum(workspace: Workspace, forum_id: int):
    require_button_form()
    follow_from_form(
        load_forum(workspace, forum_id),
        _("You follow this forum: new topics and replies will notify you."),
        _("You no longer follow this forum."),
    )
    return redirect(url_for("forums.forum", slug=workspace.slug, forum_id=forum_id))


@bp.route("/posts/<int:post_id>/helpful", methods=["POST"])
@workspace_view(Action.POST)
def helpful(workspace: Workspace, post_id: int):
    require_button_form()
    post = load_post(workspace, post_id)
    try:
        marked = engagement.toggle_helpful(post, current_user)
    except Refusal as refusal:
        show_refusal(None, refusal)
    else:
        flash(
            _("You marked this post as helpful.")
            if marked
            else _("You took back your helpful mark."),
            "success",
        )
    return redirect(post_url(workspace, post))


@bp.route("/posts/<int:post_id>/answer", methods=["POST"])
@workspace_view(Action.POST)
def mark_answer(workspace: Workspace, post_id: int):
    require_button_form()
    post = load_post(workspace, post_id)
    is_answer = request.form.get("answer", "1") == "1"
    try:
        if is_answer:
            engagement.mark_answer(post, current_user)
        else:
            engagement.clear_answer(post, current_user)
    except Refusal as refusal:
        show_refusal(None, refusal)
    else:
        flash(
            _("This reply is marked as the answer.")
            if is_answer
            else _("This reply is no longer marked as the answer."),
            "success",
        )
    return redirect(post_url(workspace, post))


@bp.route("/preview", methods=["POST"])
@workspace_view(Action.POST)
def preview_fragment(workspace: Workspace):
    """The editor's preview (hub/static/js/editor.js): the text as posting would render it,
    as an HTML fragment. Saves nothing."""
    return preview_response(PreviewForm(), lambda body: services.render_post(body, workspace)[0])


# --- administering forums ----------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@workspace_view(Action.ADMINISTER)
def new_forum(workspace: Workspace):
    form = ForumForm()
    if form.validate_on_submit():
        try:
            services.create_forum(
                workspace,
                current_user,
                title=form.title.data,
                description=form.description.data or "",
                position=form.position.data,
            )
        except Refusal as refusal:
            return refused_with_text("forums/forum_form.html", 422, refusal, form, forum=None)
        flash(_("The forum is created."), "success")
        return redirect(url_for("forums.index", slug=workspace.slug))
    status = 422 if form.errors else 200
    return render_template("forums/forum_form.html", form=form, forum=None), status


@bp.route("/<int:forum_id>/edit", methods=["GET", "POST"])
@workspace_view(Action.ADMINISTER)
def edit_forum(workspace: Workspace, forum_id: int):
    forum = load_forum(workspace, forum_id)
    form = ForumForm(obj=forum) if request.method == "GET" else ForumForm()
    if form.validate_on_submit():
        try:
            services.update_forum(
                forum,
                current_user,
                title=form.title.data,
                description=form.description.data or "",
                position=form.position.data if form.position.data is not None else forum.position,
            )
        except Refusal as refusal:
            forum = load_forum(workspace, forum_id)
            return refused_with_text("forums/forum_form.html", 422, refusal, form, forum=forum)
        flash(_("The forum is saved."), "success")
        return redirect(url_for("forums.index", slug=workspace.slug))
    status = 422 if form.errors else 200
    return render_template("forums/forum_form.html", form=form, forum=forum), status


@bp.route("/<int:forum_id>/archive", methods=["POST"])
@workspace_view(Action.ADMINISTER)
def archive_forum(workspace: Workspace, forum_id: int):
    require_button_form()
    forum = load_forum(workspace, forum_id)
    archived = request.form.get("archived", "1") == "1"
    carry_out(
        lambda: services.set_forum_archived(forum, current_user, archived),
        _("The forum is archived.") if archived else _("The forum is open again."),
    )
    return redirect(url_for("forums.index", slug=workspace.slug))
