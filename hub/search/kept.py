"""What a search process keeps of an index between searches: values made from a segment
(a segment never changes once written), least recently used first out beyond a budget of
bytes, shared by the process's threads."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class KeptBySize:
    """Values by key, `size_of` each, at most `budget_bytes` in all (the newest is kept
    whatever its size)."""

    def __init__(self, budget_bytes: int, size_of: Callable[[object], int]):
        self.budget_bytes = budget_bytes
        self._size_of = size_of
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]):
        """The value kept under `key`, or `make()`'s, kept. Made outside the lock: reading
        postings takes long, and two threads making the same value at once keep one."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = make()
        with self._lock:
            if key not in self._values:
                self._values[key] = value
                self._bytes += self._size_of(value)
                while self._bytes > self.budget_bytes and len(self._values) > 1:
                    _key, dropped = self._values.popitem(last=False)
                    self._bytes -= self._size_of(dropped)
        return value


def segment_leaves(searcher) -> list[tuple]:
    """The searcher's segments, as (reader, segment id, offset of its first document): the
    segment id keys what is kept of it."""
    return [
        (reader, reader.segment().segment_id(), offset)
        for reader, offset in searcher.reader().leaf_readers()
        if reader.segment() is not None  # an empty index's reader has none
    ]
