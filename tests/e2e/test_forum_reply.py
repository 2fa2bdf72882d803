"""A member quotes the selected part of a post into the reply box, leaves the page with the
reply unsent and finds it again, posts it, and the kept draft is gone; the other member sees
the topic unread and is notified."""

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
