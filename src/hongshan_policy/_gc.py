"""Fewer cyclic garbage collections while a long list of results grows, without switching the collector off.

Building 100,000 assessments in a list makes Python's generational collector
walk the growing heap again and again (four times the cost of the work). The
collector must stay on: other threads of the process rely on it (issue 9 saw
it off in 16 of 49 samples when ``assess_many`` called ``gc.disable()``). So
:func:`fewer_collections` only raises the allocation thresholds that trigger a
collection, and restores them when the last concurrent user leaves; a lock and
a count make nested and concurrent uses safe.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["RELAXED_THRESHOLDS", "fewer_collections"]

RELAXED_THRESHOLDS = (100_000, 50, 100)
"""``gc.set_threshold`` while results accumulate: a young collection every 100,000 net allocations (default 700)."""

_lock = threading.Lock()
_users = 0
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's thresholds for the duration (the collector stays enabled); restore them after."""
    global _users, _saved
    with _lock:
        if _users == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*RELAXED_THRESHOLDS)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                gc.set_threshold(*_saved)
