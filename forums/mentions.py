"""@mentions in posts: `@` followed by the display name of an active member of the workspace.

The rule, as the README states it: `@Ana Silva` mentions the member whose display name is
"Ana Silva" (any letter case). The longest name that matches wins (`@Ana Silva Costa` is
Ana Silva Costa when she is a member, else Ana Silva). An `@` inside a word (an e-mail
address), in code or in a link mentions nobody, and neither does a name two members share.
A mention becomes a link to the member in the workspace's directory, and notifies them.

Anything else after an `@` — a name of nobody, or of someone outside the workspace — is left
exactly as written: no link, no notification, and the same HTML as plain text, so a post
tells nobody who has an account.
"""

import re
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml
from sqlalchemy import func, select

from hub.auth.models import AccountStatus, User
from hub.extensions import db
from hub.links import hub_path
from hub.markup import LINK_REL
from hub.workspaces.models import Membership, MembershipStatus, Workspace

#: An @ that starts a mention: not inside a word (e-mail addresses), followed by a letter.
_MENTION_START = re.compile(r"(?<![\w@])@(?=\w)")
#: A mention is at most this many words; display names are at most 100 characters.
MAX_NAME_WORDS = 6
MAX_NAME_LENGTH = 100
#: Punctuation that may follow a name: "thanks, @Ana Silva." mentions Ana Silva.
_TRAILING = ".,;:!?)]}'\"’”»"
#: Elements whose text is never a mention.
_SKIPPED = {"a", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")


@dataclass(frozen=True)
class MentionedMember:
    user_id: int
    display_name: str


def candidate_names(text: str) -> set[str]:
    """Every string, in lower case, that an @ of `text` could be mentioning: the one to six
    words after it, without the punctuation that ends a sentence."""
    names = set()
    for match in _MENTION_START.finditer(text):
        words = text[match.end() : match.end() + MAX_NAME_LENGTH + 1].split()
        for count in range(1, min(len(words), MAX_NAME_WORDS) + 1):
            name = " ".join(words[:count]).rstrip(_TRAILING)
            if name and len(name) <= MAX_NAME_LENGTH:
                names.add(name.lower())
    return names


def members_named(workspace: Workspace, text: str) -> dict[str, MentionedMember]:
    """The active members of `workspace` that `text` may mention, by lower-case display
    name, leaving out names that several members share: one statement."""
    names = candidate_names(text)
    if not names:
        return {}
    rows = db.session.execute(
        select(User.id, User.display_name)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.workspace_id == workspace.id,
            Membership.status == MembershipStatus.ACTIVE,
            User.status == AccountStatus.ACTIVE,
            func.lower(User.display_name).in_(sorted(names)),
        )
    ).all()
    found: dict[str, list[MentionedMember]] = {}
    for row in rows:
        found.setdefault(row.display_name.lower(), []).append(
            MentionedMember(row.id, row.display_name)
        )
    return {name: members[0] for name, members in found.items() if len(members) == 1}


def _link_mentions_in_text(
    text: str, members: dict[str, MentionedMember], workspace: Workspace, mentioned: dict
) -> str:
    """`text` (escaped HTML text, no tags) with its mentions of `members` made links."""
    # Longest names first: "@Ana Silva Costa" before "@Ana Silva".
    escaped = sorted(
        ((escapeHtml(member.display_name).lower(), member) for member in members.values()),
        key=lambda pair: -len(pair[0]),
    )
    pieces, done = [], 0
    for match in _MENTION_START.finditer(text):
        if match.start() < done:
            continue
        start = match.end()
        for name, member in escaped:
            written = text[start : start + len(name)]
            following = text[start + len(name) : start + len(name) + 1]
            if written.lower() == name and not (following.isalnum() or following == "_"):
                href = hub_path("members.index", slug=workspace.slug, q=member.display_name)
                pieces.append(text[done : match.start()])
                pieces.append(
                    f'<a href="{escapeHtml(href)}" class="mention" rel="{LINK_REL}">@{written}</a>'
                )
                done = start + len(name)
                mentioned[member.user_id] = member
                break
    pieces.append(text[done:])
    return "".join(pieces)


def link_mentions(
    html: str, workspace: Workspace, members: dict[str, MentionedMember]
) -> tuple[str, list[MentionedMember]]:
    """The rendered post `html` with each mention of one of `members` made a link to the
    member, and the members it mentions. Text in links and code is left as it is."""
    if not members:
        return html, []
    mentioned: dict[int, MentionedMember] = {}
    pieces, skipped_depth = [], 0
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            tag = _TAG_NAME.match(piece)
            if tag and tag.group(1).lower() in _SKIPPED and not piece.endswith("/>"):
                skipped_depth += -1 if piece.startswith("</") else 1
            pieces.append(piece)
        elif skipped_depth == 0 and "@" in piece:
            pieces.append(_link_mentions_in_text(piece, members, workspace, mentioned))
        else:
            pieces.append(piece)
    return "".join(pieces), list(mentioned.values())
