"""Rules about one forum object: may this user do this to this forum, topic or post?

Each rule is a pure function `(user, permissions, object) -> refusal or None`, where
`permissions` are the user's workspace-wide actions (hub.access). Services enforce them;
views and templates (through `allowed(rule, object)`) ask the same functions to show or hide
what the user may do. Reading is the workspace's VIEW, checked by every view.
"""

from flask_babel import gettext as _

from forums.models import Forum, Post, Report, Topic
from hub.access import Action
from hub.auth.models import User
from hub.exceptions import AccessDenied, Refusal, RuleViolation


def manage_forum_refusal(user: User, permissions: frozenset[Action], forum: Forum | None):
    """Workspace administrators create, edit and archive forums."""
    if Action.ADMINISTER not in permissions:
        return AccessDenied()
    return None


def start_topic_refusal(user: User, permissions: frozenset[Action], forum: Forum) -> Refusal | None:
    if Action.POST not in permissions:
        return AccessDenied()
    if forum.is_archived:
        return RuleViolation(_("This forum is archived: it takes no new topics."))
    return None


def reply_refusal(user: User, permissions: frozenset[Action], topic: Topic) -> Refusal | None:
    """Members reply; to a locked topic only moderators; to a deleted one nobody."""
    if Action.POST not in permissions:
        return AccessDenied()
    if topic.is_deleted:
        return RuleViolation(_("This topic was removed: it takes no replies."))
    if topic.forum.is_archived:
        return RuleViolation(_("This forum is archived: it takes no replies."))
    if topic.locked and Action.MODERATE not in permissions:
        return RuleViolation(_("This topic is locked: it takes no more replies."))
    return None


def edit_post_refusal(user: User, permissions: frozenset[Action], post: Post) -> Refusal | None:
    """Authors edit their own posts, unless the topic is locked (for them) or removed."""
    if Action.POST not in permissions or post.author_id != user.id:
        return AccessDenied(_("Only its author may edit a post."))
    if post.is_deleted or post.topic.is_deleted:
        return RuleViolation(_("This post was removed."))
    if post.topic.locked and Action.MODERATE not in permissions:
        return RuleViolation(_("This topic is locked: its posts can no longer be edited."))
    return None


def delete_post_refusal(user: User, permissions: frozenset[Action], post: Post) -> Refusal | None:
    """Authors remove their own posts; moderators anyone's."""
    is_author = post.author_id == user.id and Action.POST in permissions
    if not is_author and Action.MODERATE not in permissions:
        return AccessDenied()
    if post.is_deleted:
        return RuleViolation(_("This post was already removed."))
    return None


def moderate_topic_refusal(
    user: User, permissions: frozenset[Action], topic: Topic
) -> Refusal | None:
    """Moderators and administrators pin, lock, move and remove topics."""
    if Action.MODERATE not in permissions:
        return AccessDenied()
    if topic.is_deleted:
        return RuleViolation(_("This topic was removed."))
    return None


def restore_topic_refusal(
    user: User, permissions: frozenset[Action], topic: Topic
) -> Refusal | None:
    if Action.MODERATE not in permissions:
        return AccessDenied()
    if not topic.is_deleted:
        return RuleViolation(_("This topic is not removed."))
    return None


def restore_post_refusal(user: User, permissions: frozenset[Action], post: Post) -> Refusal | None:
    """Moderators bring back a removed post, once its topic is there."""
    if Action.MODERATE not in permissions:
        return AccessDenied()
    if not post.is_deleted:
        return RuleViolation(_("This post is not removed."))
    if post.topic.is_deleted:
        return RuleViolation(_("This post's topic is removed: restore the topic first."))
    return None


def see_versions_refusal(
    user: User, permissions: frozenset[Action], post: Post | None
) -> Refusal | None:
    """Moderators read the earlier versions of edited posts (any post: `post` may be None);
    members see only the "edited" mark (what an author replaced is theirs to take back)."""
    if Action.MODERATE not in permissions:
        return AccessDenied()
    return None


def report_post_refusal(user: User, permissions: frozenset[Action], post: Post) -> Refusal | None:
    """Members report others' live posts (once each: the service says so)."""
    if Action.POST not in permissions:
        return AccessDenied()
    if post.author_id == user.id:
        return RuleViolation(_("You cannot report your own post."))
    if post.is_deleted or post.topic.is_deleted:
        return RuleViolation(_("This post was removed."))
    return None


def handle_report_refusal(
    user: User, permissions: frozenset[Action], report: Report
) -> Refusal | None:
    """Moderators dismiss a report, or remove the post it is about, while it is open."""
    if Action.MODERATE not in permissions:
        return AccessDenied()
    if not report.is_open:
        return RuleViolation(_("This report was already handled."))
    return None


def follow_refusal(user: User, permissions: frozenset[Action], subject: Topic | Forum):
    """Whoever reads a topic or a forum may follow it, while it is there."""
    if Action.VIEW not in permissions:
        return AccessDenied()
    if isinstance(subject, Topic) and subject.is_deleted:
        return RuleViolation(_("This topic was removed."))
    return None


def react_refusal(user: User, permissions: frozenset[Action], post: Post) -> Refusal | None:
    """Members mark others' posts helpful, not their own."""
    if Action.POST not in permissions:
        return AccessDenied()
    if post.author_id == user.id:
        return RuleViolation(_("You cannot mark your own post as helpful."))
    if post.is_deleted or post.topic.is_deleted:
        return RuleViolation(_("This post was removed."))
    return None


def choose_answer_refusal(
    user: User, permissions: frozenset[Action], topic: Topic
) -> Refusal | None:
    """The topic's starter, or a moderator, chooses which reply answers the question."""
    is_starter = topic.author_id == user.id and Action.POST in permissions
    if not is_starter and Action.MODERATE not in permissions:
        return AccessDenied(_("Only the member who asked, or a moderator, may mark the answer."))
    if topic.is_deleted:
        return RuleViolation(_("This topic was removed."))
    return None


def mark_answer_refusal(user: User, permissions: frozenset[Action], post: Post) -> Refusal | None:
    """choose_answer_refusal, for a live reply of the topic (not the question itself)."""
    refusal = choose_answer_refusal(user, permissions, post.topic)
    if refusal is not None:
        return refusal
    if post.position == 1:
        return RuleViolation(_("The question cannot be its own answer: choose a reply."))
    if post.is_deleted:
        return RuleViolation(_("This post was removed."))
    return None
