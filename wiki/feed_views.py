"""Recent changes, and their Atom feed for feed readers (which cannot sign in: a personal
token in the feed's address stands for the user, and stops working when they change
their password or lose access)."""

from datetime import UTC, datetime, timedelta

from flask import abort, current_app, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select

from hub.access import Action, can, workspace_view
from hub.auth.models import User
from hub.auth.queries import accounts_matching
from hub.extensions import db
from hub.i18n import language_of
from hub.tokens import make_token, read_token
from hub.workspaces.models import Workspace
from wiki import bp, queries
from wiki.forms import RecentChangesFilterForm
from wiki.models import Revision
from wiki.views import batch_keys

FEED_ENTRIES = 50
FEED_TOKEN_MAX_AGE = timedelta(days=3650)  # revoked by the password stamp, not by age
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def password_stamp(user: User) -> int:
    """When the password last changed, in microseconds: a change within the same second as
    the token was made must still revoke it."""
    return (user.password_changed_at - _EPOCH) // timedelta(microseconds=1)


def feed_token(user: User, workspace: Workspace) -> str:
    return make_token(
        "wiki-feed",
        {"user": user.id, "workspace": workspace.id, "stamp": password_stamp(user)},
    )


def user_from_feed_token(token: str, workspace: Workspace) -> User | None:
    payload = read_token("wiki-feed", token, FEED_TOKEN_MAX_AGE)
    if payload is None or payload.get("workspace") != workspace.id:
        return None
    user_id = payload.get("user")
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or payload.get("stamp") != password_stamp(user):
        return None
    return user


def by_authors_matching(query: Select, text: str) -> Select:
    """Only revisions by accounts whose name or e-mail contains `text` (any case)."""
    return query.where(Revision.author_id.in_(accounts_matching(text)))


@bp.route("/recent")
@workspace_view(Action.VIEW)
def recent(workspace: Workspace):
    filters = RecentChangesFilterForm(request.args)
    sections = queries.sections_of(workspace)
    filters.section.choices = [("", _("All sections"))] + [(str(s.id), s.name) for s in sections]
    filters.validate()
    query = queries.recent_changes_query(
        workspace,
        section=next((s for s in sections if str(s.id) == filters.section.data), None),
        since=filters.start(),
        until=filters.end(),
    )
    if filters.author.data and not filters.author.errors:
        query = by_authors_matching(query, filters.author.data)
    after, before = batch_keys()
    changes = queries.recent_changes(workspace, query, after=after, before=before)
    feed_url = url_for(
        "wiki.feed", slug=workspace.slug, token=feed_token(current_user, workspace), _external=True
    )
    return render_template(
        "wiki/recent.html",
        filters=filters,
        changes=changes,
        continued=after is not None or before is not None,
        days=queries.by_day(changes.items, get_timezone()),
        feed_url=feed_url,
    )


@bp.route("/feed.atom")
def feed(slug: str):
    """No sign-in: the token decides, and the usual access check still applies to its user."""
    workspace = db.session.scalar(select(Workspace).where(Workspace.slug == slug))
    if workspace is None:
        abort(404)
    token = request.args.get("token", "")
    user = user_from_feed_token(token, workspace)
    if user is None or not can(user, Action.VIEW, workspace):
        abort(403)
    changes = queries.recent_changes(workspace, size=FEED_ENTRIES).items
    # An .xml name, so Jinja escapes page titles and summaries as it does in HTML. The
    # feed's own words are in the language of the member whose token reads it.
    with language_of(user):
        body = render_template(
            "wiki/feed.atom.xml", workspace=workspace, changes=changes, token=token
        )
    return current_app.response_class(body, mimetype="application/atom+xml")
