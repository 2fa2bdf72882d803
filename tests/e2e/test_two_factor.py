"""Two-factor authentication in the browser: turn it on, then sign in with a code."""

import time
from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hub.auth.models import User
from hub.extensions import db
from tests.e2e.steps import Browsing, seeding, sign_in, sign_out
from tests.support import PASSWORD, make_user

pytestmark = pytest.mark.e2e

EMAIL = "tess.token@example.org"
NAME = "Tess Token"
RECOVERY_CODE_COUNT = 10


@pytest.fixture
def user() -> None:
    with seeding():
        make_user(EMAIL, display_name=NAME)


def turn_on_two_factor(browsing: Browsing, page: Page) -> tuple[str, list[str]]:
    """Set up 2FA as a user would; returns the secret shown and the recovery codes."""
    browsing.visit(page, "/account/two-factor/enable", "two-factor-enable")
    expect(page.locator(".qr svg")).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().strip()
    page.get_by_label("Code from your app").fill(pyotp.TOTP(secret).now())
    page.get_by_label("Current password").fill(PASSWORD)
    browsing.submit(page, page.get_by_role("button", name="Turn on"), "recovery-codes")
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem").all_inner_texts()
    assert len(set(codes)) == RECOVERY_CODE_COUNT
    with page.expect_navigation():
        page.get_by_role("link", name="I have saved them").click()
    browsing.shot(page, "two-factor-on")
    expect(page.get_by_text("On", exact=True)).to_be_visible()
    unused = page.get_by_text(f"You have {RECOVERY_CODE_COUNT} unused recovery codes")
    expect(unused).to_be_visible()
    return secret, codes


def enter_second_factor(browsing: Browsing, page: Page, code: str, name: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor authentication")
    page.get_by_label("Code", exact=True).fill(code)
    browsing.submit(page, page.get_by_role("button", name="Continue"), name)


def assert_signed_in_home(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Workspaces")
    expect(page.locator(".topbar details.menu--right > summary")).to_have_text(NAME)


def wait_for_a_fresh_totp_step(secret: str) -> None:
    """The server refuses a code from a time step it has already accepted (no replays).

    Enabling used the step of its code; wait, if need be, until the authenticator shows
    a code from a later step, as a user would.
    """
    with seeding():
        used_step = db.session.scalar(select(User.totp_last_step).where(User.email == EMAIL))
    totp = pyotp.TOTP(secret)
    while totp.timecode(datetime.now(UTC)) <= used_step:
        time.sleep(0.25)


def test_sign_in_with_an_authenticator_code_or_a_recovery_code(browsing: Browsing, user):
    page = browsing.new_page()
    sign_in(browsing, page, EMAIL)
    assert_signed_in_home(page)
    secret, recovery_codes = turn_on_two_factor(browsing, page)
    sign_out(browsing, page)

    # A recovery code first: the authenticator's next code may still be some seconds away.
    sign_in(browsing, page, EMAIL)
    enter_second_factor(browsing, page, recovery_codes[0], "signed-in-with-recovery-code")
    assert_signed_in_home(page)
    browsing.visit(page, "/account/two-factor", "one-recovery-code-used")
    expect(page.get_by_text(f"You have {RECOVERY_CODE_COUNT - 1} unused")).to_be_visible()
    sign_out(browsing, page)

    sign_in(browsing, page, EMAIL)
    enter_second_factor(browsing, page, recovery_codes[0], "recovery-code-refused")
    expect(page.get_by_text("That code is not right.")).to_be_visible()
    wait_for_a_fresh_totp_step(secret)
    enter_second_factor(browsing, page, pyotp.TOTP(secret).now(), "signed-in-with-totp")
    assert_signed_in_home(page)
