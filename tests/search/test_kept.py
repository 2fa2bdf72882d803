"""What a search process keeps between searches stays within its budget, the least recently
used going first (hub/search/kept.py)."""

from hub.search.kept import KeptBySize


def made(log: list, value: str):
    def make() -> str:
        log.append(value)
        return value

    return make


def test_a_kept_value_is_made_once_and_the_least_recently_used_goes_first():
    log: list[str] = []
    kept = KeptBySize(budget_bytes=3, size_of=len)

    assert kept.get("a", made(log, "a")) == "a"
    assert kept.get("b", made(log, "bb")) == "bb"
    assert kept.get("a", made(log, "not made")) == "a"  # kept, and now the most recent
    kept.get("c", made(log, "c"))  # 4 bytes: "bb", the least recently used, goes

    assert kept.get("a", made(log, "not made")) == "a"
    assert kept.get("b", made(log, "bb again")) == "bb again"
    assert log == ["a", "bb", "c", "bb again"]


def test_a_value_larger_than_the_budget_is_kept_alone():
    log: list[str] = []
    kept = KeptBySize(budget_bytes=2, size_of=len)
    kept.get("small", made(log, "s"))
    kept.get("large", made(log, "large"))

    assert kept.get("large", made(log, "not made")) == "large"
    assert kept.get("small", made(log, "s again")) == "s again"
    assert log == ["s", "large", "s again"]
