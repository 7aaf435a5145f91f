"""Columnar kernels, the generic part: integers for money and dates, comparisons, the chunk runner.

Every amount and every threshold of a document's kernels is an integer: money
in fen, dates as days since 1970-01-01 (:func:`day_number`), rates as
``numerator / 10**k``. Half-up rounding to the fen is
``(fen * numerator + 10**k // 2) // 10**k`` on non-negative values, which is
exactly ``Decimal.quantize(FEN, ROUND_HALF_UP)`` of ``amount × rate``. No float
ever takes part.

Each comparison goes through :data:`hongshan_policy.comparisons.WORDS`, the same
table the scalar rules read (:func:`holds`, :func:`closed_range`), so
「以上」「(不含)」「底前」… mean the same thing in the kernels as in the rules.

The documents' kernels live in their packages and build on this module:
``used_car._kernels`` (87号: the dealer, scale and growth kernels) and
``headquarters._rent_kernels`` (79号: the rent of a lease year).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..comparisons import WORDS
from ..errors import InvalidInputError
from ..inputs import MAX_FEN

__all__ = [
    "CHUNK_ROWS",
    "EPOCH",
    "MAX_FEN",
    "KernelResult",
    "add_months",
    "closed_range",
    "day_number",
    "holds",
    "kernel_integer",
    "run_chunked",
]

Int64Array = NDArray[np.int64]
IntArray = NDArray[np.integer[Any]]
BoolArray = NDArray[np.bool_]

EPOCH = date(1970, 1, 1)
"""Day numbers count from this day (numpy ``datetime64[D]`` and Arrow ``date32`` do the same)."""

_INT64_MAX = 2**63 - 1


def day_number(day: date) -> int:
    """Days from 1970-01-01 to ``day`` (the integer form of a date in the kernels)."""
    return day.toordinal() - EPOCH.toordinal()


def kernel_integer(value: date | Decimal | int) -> int:
    """A parameter in the kernels' integer unit: a date as its day number, money as whole fen (exactly)."""
    if isinstance(value, date):
        return day_number(value)
    if isinstance(value, Decimal):
        return _fen(value, "parameter")
    return int(value)


def _parameter_error(name: str, zh: str, en: str, value: object) -> InvalidInputError:
    return InvalidInputError(
        f"参数 {name} 无法在整数(分)运算中精确表示:{zh}",
        f"parameter {name} cannot be represented exactly in integer (fen) arithmetic: {en}",
        field=name,
        expected="a whole number of fen within range",
        got=value,
    )


def _fen(value: Decimal, name: str) -> int:
    """Yuan to whole fen, exactly; refuse what is not a whole number of fen."""
    scaled = value * 100
    if not scaled.is_finite() or scaled != scaled.to_integral_value() or not 0 <= scaled <= MAX_FEN:
        raise _parameter_error(
            name, f"{value} 不是0到{MAX_FEN // 100}元之间的整分数", f"{value} is not whole fen in 0..{MAX_FEN}", value
        )
    return int(scaled)


def _exponent(value: Decimal, name: str) -> int:
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int) or value < 0:
        raise _parameter_error(name, f"{value} 不是有限的非负数", f"{value} is not a finite non-negative number", value)
    return max(0, -exponent)


def _over_common_power(first: Decimal, first_name: str, second: Decimal, second_name: str) -> tuple[int, int, int]:
    """Two ratios as exact integer numerators over one power of ten: ``(denominator, first, second)``."""
    denominator = 10 ** max(_exponent(first, first_name), _exponent(second, second_name))
    return denominator, int(first * denominator), int(second * denominator)


class KernelResult(NamedTuple):
    """One reward over many rows: eligibility, amount in fen, failed-clause code (a document's ``CLAUSES``)."""

    eligible: BoolArray
    amount: Int64Array
    failed: NDArray[np.int8]


_UFUNCS = {
    ("lower", True): np.greater_equal,
    ("lower", False): np.greater,
    ("upper", True): np.less_equal,
    ("upper", False): np.less,
}


def holds(values: IntArray, word: str, threshold: int) -> BoolArray:
    """Vectorised :func:`hongshan_policy.comparisons.holds`: whether each value satisfies 「threshold + word」."""
    bound = WORDS[word]
    result: BoolArray = _UFUNCS[bound.side, bound.inclusive](values, threshold)
    return result


_INT64_MIN = -(2**63)


def closed_range(word: str, threshold: int) -> tuple[int, int]:
    """The integers satisfying 「threshold + word」 as a closed range ``(lowest, highest)`` within int64 (for the
    compiled loops, which compare each value with both ends)."""
    bound = WORDS[word]
    if bound.side == "lower":
        return (threshold if bound.inclusive else threshold + 1), _INT64_MAX
    return _INT64_MIN, (threshold if bound.inclusive else threshold - 1)


def _results(rows: int, out: KernelResult | None) -> KernelResult:
    """``out``, or new result arrays of ``rows`` rows."""
    if out is not None:
        return out
    return KernelResult(np.empty(rows, dtype=np.bool_), np.empty(rows, dtype=np.int64), np.empty(rows, dtype=np.int8))


def _divide(values: Int64Array, divisor: int) -> None:
    """``values //= divisor`` in place for non-negative ``values``, as unsigned integers (faster: no floor
    correction for negative quotients)."""
    unsigned = values.view(np.uint64)
    np.floor_divide(unsigned, np.uint64(divisor), out=unsigned)


def _and(first: BoolArray, *rest: BoolArray | None, out: BoolArray | None = None) -> BoolArray:
    """``first & rest…`` (None holds everywhere), into ``out`` when given."""
    given = [check for check in rest if check is not None]
    if not given:
        if out is None:
            return np.copy(first)
        np.copyto(out, first)
        return out
    result: BoolArray = np.logical_and(first, given[0], out=out)
    for check in given[1:]:
        result &= check
    return result


def add_months(days: IntArray, months: int) -> NDArray[np.int64]:
    """``dates.months_after(day, months)`` for day numbers: the same day of the month, or the month's last day.

    《民法典》第二百零一条: 31 January plus a month is the last day of February;
    29 February plus twelve months is 28 February.
    """
    month = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[M]")
    day_of_month = np.asarray(days, dtype=np.int64) - month.astype("datetime64[D]").astype(np.int64)
    target = month.astype(np.int64) + months
    first = target.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    following = (target + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    result: NDArray[np.int64] = first + np.minimum(day_of_month, following - first - 1)
    return result


CHUNK_ROWS = 1 << 17
"""Rows per chunk in :func:`run_chunked`: the temporaries of a chunk stay in the CPU caches."""


_POOLS: dict[int, ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _pool(workers: int) -> ThreadPoolExecutor:
    """A persistent pool of ``workers`` threads (created on first use, kept for the process: no thread start-up
    per call, and each thread keeps its malloc arena warm, so a chunk's temporaries do not fault pages in anew)."""
    with _POOLS_LOCK:
        pool = _POOLS.get(workers)
        if pool is None:
            pool = _POOLS[workers] = ThreadPoolExecutor(workers, thread_name_prefix="hongshan-kernels")
        return pool


def run_chunked(
    work: Callable[[slice], object], rows: int, *, chunk_rows: int = CHUNK_ROWS, workers: int | None = None
) -> None:
    """Call ``work(rows_slice)`` for consecutive slices of ``rows``, on ``workers`` threads (default: the CPUs).

    numpy releases the GIL inside its loops, so kernels over separate slices run
    in parallel; ``work`` writes its results into preallocated output arrays.
    Input that fits in one chunk runs on the calling thread; otherwise the
    chunks go to a persistent pool of threads (reused across calls).
    """
    slices = [slice(start, min(start + chunk_rows, rows)) for start in range(0, rows, chunk_rows)]
    count = workers or os.cpu_count() or 1
    if count == 1 or len(slices) <= 1:
        for part in slices:
            work(part)
        return
    for _ in _pool(min(count, len(slices))).map(work, slices):
        pass
