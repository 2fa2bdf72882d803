"""A member quotes the selected part of a post into the reply box, leaves the page with the
reply unsent and finds it again, posts it, and the kept draft is gone; the other member sees
the topic unread and is notified. A moderator locks a topic and the reply box is gone; a
reply sent after the session ended is refused and kept for after signing in again."""

from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from forums import services
from hub.workspaces.models import Role
from tests.e2e.steps import Browsing, seeding, sign_in, sign_out
from tests.support import make_membership, make_user, make_workspace

pytestmark = pytest.mark.e2e

ASKER = "ada.asker@example.org"
HELPER = "hugo.helper@example.org"
QUESTION = "Which error rate should we report?\n\nThe false match rate, or the miss rate as well?"


@pytest.fixture
def topic_path() -> str:
    with seeding():
        workspace = make_workspace("ai", name="Artificial Intelligence")
        asker = make_user(ASKER, display_name="Ada Asker")
        helper = make_user(HELPER, display_name="Hugo Helper")
        admin = make_user("wanda.admin@example.org", display_name="Wanda Admin")
        make_membership(workspace, asker, role=Role.MEMBER)
        make_membership(workspace, helper, role=Role.MEMBER)
        make_membership(workspace, admin, role=Role.ADMINISTRATOR)
        forum = services.create_forum(workspace, admin, title="General")
        topic = services.start_topic(forum, asker, title="Error rates", body=QUESTION)
        path = f"/w/ai/forums/topics/{topic.id}"
    return path


def reply_box(page: Page):
    return page.locator("form#reply textarea")


def select_text(page: Page, selector: str, text: str) -> None:
    """Select `text` inside the first element matching `selector`."""
    page.evaluate(
        """([selector, text]) => {
          const element = document.querySelector(selector);
          const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode;
            const start = node.textContent.indexOf(text);
            if (start >= 0) {
              const range = document.createRange();
              range.setStart(node, start);
              range.setEnd(node, start + text.length);
              window.getSelection().removeAllRanges();
              window.getSelection().addRange(range);
              return;
            }
          }
          throw new Error("text not found");
        }""",
        [selector, text],
    )


def test_quote_a_selection_keep_the_draft_post_it(browsing: Browsing, topic_path: str):
    page = browsing.new_page()
    sign_in(browsing, page, HELPER)
    browsing.visit(page, topic_path, "forum-topic")
    select_text(page, "[data-quote-source]", "the miss rate as well?")
    page.get_by_role("link", name="Quote").first.click()
    box = reply_box(page)
    expect(box).to_have_value("> Ada Asker wrote:\n>\n> the miss rate as well?\n\n")
    box.press("End")
    page.keyboard.type("Both, with the threshold used.")
    page.wait_for_timeout(700)  # the draft is saved once typing pauses

    browsing.visit(page, "/w/ai/forums/", "forum-index")
    browsing.visit(page, topic_path, "forum-topic-draft-restored")
    expect(reply_box(page)).to_have_value(
        "> Ada Asker wrote:\n>\n> the miss rate as well?\n\nBoth, with the threshold used."
    )
    expect(page.get_by_role("status").filter(has_text="kept in this browser")).to_be_visible()

    browsing.submit(page, page.get_by_role("button", name="Post reply"), "forum-reply-posted")
    expect(page.locator(".forum-post blockquote")).to_contain_text("the miss rate as well?")
    browsing.visit(page, topic_path, "forum-topic-after-reply")
    expect(reply_box(page)).to_have_value("")  # the posted draft is gone

    sign_out(browsing, page)
    sign_in(browsing, page, ASKER)
    browsing.visit(page, "/w/ai/forums/1/", "forum-list-unread")
    expect(page.get_by_role("link", name="1 new post")).to_be_visible()
    browsing.visit(page, "/notifications/", "asker-notifications")
    expect(page.get_by_text("Hugo Helper replied to “Error rates”.")).to_be_visible()


def test_a_moderator_locks_the_topic_and_the_reply_box_is_gone(browsing: Browsing, topic_path: str):
    page = browsing.new_page()
    sign_in(browsing, page, HELPER)
    browsing.visit(page, topic_path, "member-before-lock")
    expect(reply_box(page)).to_be_visible()
    sign_out(browsing, page)

    sign_in(browsing, page, "wanda.admin@example.org")
    browsing.visit(page, topic_path, "moderator-topic")
    browsing.submit(page, page.get_by_role("button", name="Lock", exact=True), "locked")
    expect(page.get_by_text("This topic is locked: it takes no more replies.")).to_be_visible()
    expect(page.get_by_text("Locked by Wanda Admin")).to_be_visible()
    sign_out(browsing, page)

    sign_in(browsing, page, HELPER)
    browsing.visit(page, topic_path, "member-after-lock")
    expect(page.get_by_text("This topic is locked: it takes no more replies.")).to_be_visible()
    expect(page.locator("form#reply")).to_have_count(0)
    expect(page.get_by_role("link", name="Quote")).to_have_count(0)


def test_a_reply_sent_after_the_session_ended_is_kept(browsing: Browsing, topic_path: str):
    page = browsing.new_page()
    sign_in(browsing, page, HELPER)
    browsing.visit(page, topic_path, "forum-topic")
    reply_box(page).fill("Report both rates, at the threshold you use.")
    reply_box(page).press("End")  # typing saves the draft once it pauses
    page.wait_for_timeout(700)

    page.context.clear_cookies()  # the session ends: signed out elsewhere, or expired
    reply_url = urljoin(browsing.base_url, f"{topic_path}/reply")
    browsing.expected_failures.add((reply_url, 400))
    browsing.submit(page, page.get_by_role("button", name="Post reply"), "refused-reply")
    expect(page.get_by_text("This form has expired")).to_be_visible()

    sign_in(browsing, page, HELPER)
    browsing.visit(page, topic_path, "draft-after-signing-in-again")
    expect(reply_box(page)).to_have_value("Report both rates, at the threshold you use.")
    browsing.submit(page, page.get_by_role("button", name="Post reply"), "reply-posted")
    expect(page.locator(".forum-post").last).to_contain_text("Report both rates")


def test_a_new_topic_is_kept_in_the_browser_until_it_is_posted(browsing: Browsing, topic_path: str):
    page = browsing.new_page()
    sign_in(browsing, page, HELPER)
    browsing.visit(page, "/w/ai/forums/1/new", "new-topic")
    page.get_by_label("Title").fill("Threshold for face matching")
    page.locator("form[data-draft] textarea").fill("Which threshold do you use at borders?")
    page.wait_for_timeout(700)  # the draft is saved once typing pauses

    browsing.visit(page, "/w/ai/forums/", "forum-index")
    browsing.visit(page, "/w/ai/forums/1/new", "new-topic-draft-restored")
    expect(page.get_by_label("Title")).to_have_value("Threshold for face matching")
    expect(page.get_by_role("status").filter(has_text="Your topic not yet posted")).to_be_visible()
    expect(page.locator("form[data-draft] textarea")).to_have_value(
        "Which threshold do you use at borders?"
    )
    browsing.submit(page, page.get_by_role("button", name="Post topic"), "new-topic-posted")
    expect(page.get_by_role("heading", name="Threshold for face matching")).to_be_visible()
    browsing.visit(page, "/w/ai/forums/1/new", "new-topic-after-posting")
    expect(page.get_by_label("Title")).to_have_value("")  # the posted draft is gone
