"""Fewer cyclic garbage collections while a long list of results grows, without switching the collector off.

Building 100,000 assessments in a list makes Python's generational collector
walk the growing heap again and again (four times the cost of the work). The
collector must stay on: other threads of the process rely on it (issue 9 saw
it off in 16 of 49 samples when ``assess_many`` called ``gc.disable()``). So
:func:`fewer_collections` raises the allocation thresholds that trigger a
collection, and restores them when the last concurrent user leaves; a lock and
a count make nested and concurrent uses safe.

It also hands the caller a ``settle()`` to call after each result: every
:data:`FREEZE_EVERY` results, what the run has built so far is moved into the
collector's permanent generation (``gc.freeze()``), so that no young
collection walks it again, and it is all handed back to the oldest generation
(``gc.unfreeze()``) when the run ends. Only a run that finds nothing frozen
freezes (a process that froze its own objects, e.g. before forking workers,
keeps them frozen: such a run only raises the thresholds), and only one run at
a time.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["FREEZE_EVERY", "RELAXED_THRESHOLDS", "fewer_collections"]

RELAXED_THRESHOLDS = (100_000, 50, 100)
"""``gc.set_threshold`` while results accumulate: a young collection every 100,000 net allocations (default 700)."""

FREEZE_EVERY = 1_000
"""Results after which a run moves what it has built into the permanent generation (a few tens of thousands of
objects: well before a young collection would walk them)."""

_lock = threading.Lock()
_users = 0
_freezing = False
_saved: tuple[int, int, int] = gc.get_threshold()


@contextmanager
def fewer_collections() -> Iterator[Callable[[], None]]:
    """Raise the collector's thresholds for the duration (the collector stays enabled) and yield ``settle()``,
    to be called after each result; restore the thresholds, and unfreeze what was frozen, after."""
    global _users, _saved, _freezing
    with _lock:
        if _users == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(*RELAXED_THRESHOLDS)
        _users += 1
        freezes = not _freezing and gc.get_freeze_count() == 0
        if freezes:
            _freezing = True
    made = 0

    def settle() -> None:
        nonlocal made
        made += 1
        if freezes and made % FREEZE_EVERY == 0:
            gc.freeze()

    try:
        yield settle
    finally:
        with _lock:
            if freezes:
                gc.unfreeze()
                _freezing = False
            _users -= 1
            if _users == 0:
                gc.set_threshold(*_saved)
