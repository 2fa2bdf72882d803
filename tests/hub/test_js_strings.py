"""The scripts' words come from the page (hub/templates/base.html), in the reader's
language: every key a script reads is there, and nothing else is."""

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.backend_independent

SCRIPTS = Path(__file__).parents[2] / "hub" / "static" / "js"
STRINGS_BLOCK = re.compile(
    r'<script type="application/json" id="hub-strings">(?P<json>.*?)</script>', re.S
)


def page_strings(client) -> dict[str, str]:
    html = client.get("/auth/login").get_data(as_text=True)
    found = STRINGS_BLOCK.findall(html)
    assert len(found) == 1, "one strings block per page"
    return json.loads(found[0])


def test_every_key_a_script_reads_is_in_the_page_and_no_other(client) -> None:
    strings = page_strings(client)
    used = set()
    for script in SCRIPTS.glob("*.js"):
        used |= set(re.findall(r"\bstrings\.(\w+)", script.read_text(encoding="utf-8")))
    assert used, "the scripts read their words from the strings block"
    assert used == set(strings)
    assert all(isinstance(text, str) and text for text in strings.values())


def test_the_scripts_write_no_english_sentence_of_their_own() -> None:
    for script in SCRIPTS.glob("*.js"):
        code = re.sub(r"^\s*//.*$", "", script.read_text(encoding="utf-8"), flags=re.M)
        # A string literal with two words or more in it, capitalised: a sentence for people.
        sentences = re.findall(r"""["'`]([A-Z][a-z]+ [a-z][^"'`]*)["'`]""", code)
        assert not sentences, f"{script.name}: {sentences}"
