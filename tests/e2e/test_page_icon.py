"""The browser finds the hub's icon, so no page logs a failed request for /favicon.ico."""

import pytest

from tests.e2e.steps import Browsing

pytestmark = pytest.mark.e2e

# The icon a browser fetches: the page's <link rel="icon">, or else /favicon.ico.
ICON_ADDRESS = """() => {
  const link = document.querySelector("link[rel~='icon']");
  return link ? link.href : new URL("/favicon.ico", location.href).href;
}"""


def test_the_hub_icon_is_found(browsing: Browsing):
    page = browsing.new_page()
    browsing.visit(page, "/auth/login", "sign-in")
    icon = page.request.get(page.evaluate(ICON_ADDRESS))
    assert icon.ok, f"the page icon {icon.url} answered {icon.status}"
    assert icon.headers["content-type"].startswith("image/")
