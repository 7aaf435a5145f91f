"""Optional compiled kernels: each rule of the columnar path as one fused loop over the rows (numba).

With numba installed (the ``fast`` extra) ``used_car._kernels.scale_kernel``,
``used_car._kernels.growth_kernel`` and ``headquarters._rent_kernels.rent_year_amounts`` run these
loops instead of their numpy passes: the same integers, the same comparisons (each check's closed range is
derived from :data:`hongshan_policy.comparisons.WORDS` by the numpy modules and handed over), the same table of
first failed clauses, written into the same output arrays. The numpy kernels stay the reference and the
fallback: ``HONGSHAN_POLICY_KERNELS=numpy`` switches the loops off, and ``tests/test_batch_accelerated.py``
requires both to agree on every output. The loops run on calls of at least :data:`LOOPS_FROM` rows (unless switched
on for all), are compiled on first use (cached on disk by numba) and release the GIL, so
``_kernels.run_chunked`` runs them on several threads.

Inputs follow the kernels' contracts (non-negative fen, areas and rates within their maxima, day numbers), under
which every product is checked to fit int64 by the parameter conversions.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["ENVIRONMENT", "LOOPS_FROM", "Loops", "filled", "loops"]

ENVIRONMENT = "HONGSHAN_POLICY_KERNELS"
"""``numpy`` (or ``off``) keeps the numpy kernels even where numba is installed; ``numba`` (or ``on``) runs the
loops on calls of any size; unset (``auto``): the loops on calls of at least :data:`LOOPS_FROM` rows."""

LOOPS_FROM = 1 << 16
"""Rows from which a call runs the loops by default: smaller calls (a CLI run on a small file, a test) never import
numba nor wait for a compilation (about a second per loop the first time; cached on disk afterwards) to save a
millisecond. A chunk of ``_kernels.run_chunked`` (131,072 rows) qualifies."""

_COMPILED: dict[str, Any] = {}
_LOCK = threading.RLock()


def _scale_loop(dealer, pledge, signed, once, revenue, applied, k, table, eligible, amount, failed):  # type: ignore[no-untyped-def]
    revenue_lo, revenue_hi, by_lo, by_hi, valid_lo, valid_hi, reward = k[0], k[1], k[2], k[3], k[4], k[5], k[6]
    for i in range(len(revenue)):  # branchless: & and | on comparisons (the compiler vectorises the loop)
        day = applied[i]
        value = revenue[i]
        own = (revenue_lo <= value) & (value <= revenue_hi) & (by_lo <= day) & (day <= by_hi) & (once[i] != 0)
        valid = (valid_lo <= day) & (day <= valid_hi)
        pattern = (
            np.uint8(dealer[i] != 0)
            | (np.uint8(pledge[i] != 0) << 1)
            | (np.uint8(signed[i] != 0) << 2)
            | (np.uint8(own) << 3)
            | (np.uint8(valid) << 4)
        )
        failed[i] = table[pattern]
        ok = pattern == 31
        eligible[i] = ok
        amount[i] = reward * ok


def _growth_maker(denominator: int, joint: bool) -> Any:
    """The growth loop with its rate denominator written in as a constant (a division by a constant is a
    multiplication, as numpy's ``//`` by a scalar is; by a variable it would cost the loop twice its time), and
    the joint cap read only where it applies."""
    half = denominator // 2

    def _growth_loop(dealer, pledge, signed, revenue, applied, dated, counted, k, table, eligible, amount, failed):  # type: ignore[no-untyped-def]
        above_lo, above_hi, upper_lo, upper_hi, clip, low, high, cap = k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7]
        valid_lo, valid_hi, year_lo, year_hi, refuse_early = k[8], k[9], k[10], k[11], k[12]
        step = high - low
        for i in range(len(revenue)):
            value = revenue[i]
            day = applied[i]
            undated = dated[i] == 0
            above = (above_lo <= value) & (value <= above_hi)
            late = (refuse_early == 0) | ((year_lo <= day) & (day <= year_hi))
            inside = (valid_lo <= day) & (day <= valid_hi)
            clipped = min(value, clip)
            rate = low + step * ((upper_lo <= value) & (value <= upper_hi))
            reward = min((clipped * rate + half) // denominator, cap)
            if joint:  # a constant: the other loop has no load of ``counted``
                reward = min(reward, max(cap - counted[i], 0))
            pattern = (
                np.uint8(dealer[i] != 0)
                | (np.uint8(pledge[i] != 0) << 1)
                | (np.uint8(signed[i] != 0) << 2)
                | (np.uint8(above) << 3)
                | (np.uint8(undated | late) << 4)
                | (np.uint8(undated | inside) << 5)
            )
            failed[i] = table[pattern]
            ok = pattern == 63
            eligible[i] = ok
            amount[i] = reward * ok

    return _growth_loop


def _rent_maker(denominator: int) -> Any:
    """The rent-year loop with its denominator (100 × the share's) written in as a constant."""
    half = denominator // 2

    def _rent_loop(area, rate, start, year, k, table, out):  # type: ignore[no-untyped-def]
        width, clip, cap = k[0], k[1], k[2]
        for i in range(len(start)):
            product = min(area[i] * rate[i], clip)
            out[i] = min((product * table[year[i] * width + start[i]] + half) // denominator, cap)

    return _rent_loop


class Loops:
    """The compiled loops: ``scale`` once, ``growth`` and ``rent`` once per denominator (a power of ten: one or
    two in practice) and joint cap, each on first use, kept for the process."""

    def __init__(self, numba: Any) -> None:
        self._numba = numba
        self.scale = self._jit(_scale_loop)
        self._loops: dict[tuple[Any, ...], Any] = {}

    def _get(self, kind: str, *constants: Any) -> Any:
        key = (kind, *constants)
        loop = self._loops.get(key)
        if loop is None:
            with _LOCK:
                loop = self._loops.get(key)
                if loop is None:
                    maker: Any = _growth_maker if kind == "growth" else _rent_maker
                    loop = self._loops[key] = self._jit(maker(*constants))
        return loop

    def _jit(self, function: Any) -> Any:
        """``function`` compiled lazily, without the GIL, cached on disk by numba (keyed by its constants too) where
        it finds a writable place, else compiled in each process."""
        try:
            return self._numba.njit(nogil=True, cache=True)(function)
        except RuntimeError:  # no writable cache location (a read-only installation without NUMBA_CACHE_DIR)
            return self._numba.njit(nogil=True)(function)

    def growth(self, denominator: int, joint: bool) -> Any:
        """The growth loop for this rate denominator, with or without the joint cap."""
        return self._get("growth", denominator, joint)

    def rent(self, denominator: int) -> Any:
        """The rent-year loop for this denominator."""
        return self._get("rent", denominator)


def _compile() -> Loops | None:
    try:
        import numba
    except ImportError:
        return None
    return Loops(numba)


def loops(rows: int) -> Loops | None:
    """The compiled loops for a call of ``rows`` rows, or None (the numpy kernels): without numba, when switched
    off, or below :data:`LOOPS_FROM` rows unless switched on (:data:`ENVIRONMENT`)."""
    mode = os.environ.get(ENVIRONMENT, "").strip().lower()
    if mode in ("numpy", "off") or (rows < LOOPS_FROM and mode not in ("numba", "on")):
        return None
    if "loops" not in _COMPILED:
        with _LOCK:
            if "loops" not in _COMPILED:
                _COMPILED["loops"] = _compile()
    compiled: Loops | None = _COMPILED["loops"]
    return compiled


_FILLED: dict[tuple[str, bool], NDArray[Any]] = {}


def filled(values: NDArray[Any] | None, rows: int, dtype: type[Any], value: bool) -> NDArray[Any]:
    """``values``, or for an optional input not given ``rows`` copies of ``value`` (all true: the check holds;
    0: nothing counted), a view of one kept array: one signature for the loops, no branch in them."""
    if values is not None:
        return np.asarray(values)
    key = (np.dtype(dtype).str, value)
    kept = _FILLED.get(key)
    if kept is None or len(kept) < rows:
        with _LOCK:
            kept = _FILLED.get(key)
            if kept is None or len(kept) < rows:
                kept = _FILLED[key] = np.full(max(rows, 1 << 17), value, dtype=dtype)
    return kept[:rows]
