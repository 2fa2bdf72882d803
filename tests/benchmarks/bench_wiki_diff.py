"""Diff and merge of 5,000-word pages. The issue's target: a diff in under 200 ms.

Run with `make bench`. Prints the median (and best) of several runs for each case; asserts the
target for the issue's two cases, a page with 5% of its paragraphs edited and one with every
paragraph edited. The other cases show how the worst inputs behave.
"""

import random
import statistics
import time
from collections.abc import Callable

import pytest

from wiki.diff import compare, merge

pytestmark = pytest.mark.backend_independent

TARGET_MS = 200
RUNS = 7
PAGE_WORDS = 5_000


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choices(letters, k=rng.randint(2, 10))) for _ in range(3_000)]


class PageWriter:
    """Deterministic Markdown that reads like a wiki page: headings, paragraphs, lists, and
    words drawn with a Zipf-like skew, so some words are very common, as in real text."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.vocabulary = _vocabulary(self.rng)
        self.weights = [1 / rank for rank in range(1, len(self.vocabulary) + 1)]

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, weights=self.weights, k=count)

    def sentence(self) -> str:
        words = self.words(self.rng.randint(6, 22))
        text = " ".join(words)
        if self.rng.random() < 0.3:
            text = text.replace(" ", ", ", 1)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))

    def block(self) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            return "## " + " ".join(self.words(3)).capitalize()
        if roll < 0.2:
            return "\n".join("- " + self.sentence() for _ in range(self.rng.randint(3, 6)))
        return self.paragraph()

    def page(self, word_count: int) -> list[str]:
        blocks: list[str] = []
        words = 0
        while words < word_count:
            blocks.append(self.block())
            words += len(blocks[-1].split())
        return blocks

    def edit(self, block: str) -> str:
        """What an editor does to a paragraph: reword a few places, add or cut a sentence."""
        words = block.split(" ")
        for _ in range(max(1, len(words) // 15)):
            position = self.rng.randrange(len(words))
            words[position] = self.words(1)[0]
        if self.rng.random() < 0.5:
            words.insert(self.rng.randrange(len(words)), self.sentence())
        else:
            del words[self.rng.randrange(len(words))]
        return " ".join(words)


def _join(blocks: list[str]) -> str:
    return "\n\n".join(blocks) + "\n"


def _revisions(changed_share: float, seed: int = 1) -> tuple[str, str]:
    writer = PageWriter(seed)
    blocks = writer.page(PAGE_WORDS)
    edited = set(writer.rng.sample(range(len(blocks)), max(1, round(len(blocks) * changed_share))))
    changed = [writer.edit(b) if i in edited else b for i, b in enumerate(blocks)]
    return _join(blocks), _join(changed)


def _timings_ms(run: Callable[[], object], runs: int = RUNS) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _report(what: str, case: str, old: str, timings: list[float]) -> float:
    median = statistics.median(timings)
    print(
        f"\n  wiki {what:<5} {case:<46} {len(old.split()):>6} words"
        f"  median {median:7.1f} ms  best {min(timings):7.1f} ms"
    )
    return median


@pytest.mark.parametrize(
    ("case", "changed_share"),
    [("5% of paragraphs edited", 0.05), ("every paragraph edited", 1.0)],
)
def test_diff_of_5000_word_revisions(case: str, changed_share: float) -> None:
    old, new = _revisions(changed_share)
    median = _report("diff", case, old, _timings_ms(lambda: compare(old, new)))
    assert median < TARGET_MS, f"{case}: {median:.0f} ms, target {TARGET_MS} ms"


def test_diff_of_rewritten_page() -> None:
    writer = PageWriter(2)
    old, new = _join(writer.page(PAGE_WORDS)), _join(writer.page(PAGE_WORDS))
    case = "every paragraph rewritten from scratch"
    _report("diff", case, old, _timings_ms(lambda: compare(old, new)))


def test_diff_of_one_long_line() -> None:
    """No line breaks at all: the line-level pass cannot cut the work up."""
    old, new = (text.replace("\n", " ") for text in _revisions(0.05, seed=3))
    case = "one 5,000-word line, 5% of paragraphs edited"
    _report("diff", case, old, _timings_ms(lambda: compare(old, new)))


def test_diff_of_largest_page() -> None:
    """A body past the 512 KB limit, every paragraph edited: slower, but bounded."""
    writer = PageWriter(4)
    blocks = writer.page(80_000)
    old, new = _join(blocks), _join([writer.edit(block) for block in blocks])
    case = f"{len(old) // 1024} KB page, every paragraph edited"
    _report("diff", case, old, _timings_ms(lambda: compare(old, new), runs=3))


def test_diff_of_text_crafted_to_be_slow() -> None:
    """500 KB of 100-word paragraphs of four recurring words, a tenth of each one's words
    changed: no word anchors anything, so every paragraph costs SequenceMatcher its most. The
    word-level budget of one comparison bounds the total; without it this took about 5 s."""
    rng = random.Random(6)
    vocabulary = ["alpha", "beta", "gamma", "delta"]
    old_blocks, new_blocks = [], []
    while sum(len(block) + 2 for block in old_blocks) < 500 * 1024:
        words = rng.choices(vocabulary, k=100)
        old_blocks.append(" ".join(words))
        for position in range(0, 100, 10):
            words[position] = rng.choice(vocabulary)
        new_blocks.append(" ".join(words))
    old, new = _join(old_blocks), _join(new_blocks)
    case = f"{len(old) // 1024} KB of four recurring words"
    _report("diff", case, old, _timings_ms(lambda: compare(old, new), runs=3))


def test_merge_of_5000_word_revisions() -> None:
    writer = PageWriter(5)
    blocks = writer.page(PAGE_WORDS)
    mine = [writer.edit(b) if i % 20 == 0 else b for i, b in enumerate(blocks)]
    theirs = [writer.edit(b) if i % 20 == 10 else b for i, b in enumerate(blocks)]
    base_text, mine_text, theirs_text = _join(blocks), _join(mine), _join(theirs)
    result = merge(base_text, mine_text, theirs_text)
    assert not result.conflicted
    case = "5% of paragraphs edited on each side"
    _report("merge", case, base_text, _timings_ms(lambda: merge(base_text, mine_text, theirs_text)))
