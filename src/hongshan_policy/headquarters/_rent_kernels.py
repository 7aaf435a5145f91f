"""Columnar kernels of 79号 第三条(二)1: the rent subsidy of a lease year, in whole fen.

「房屋租赁补贴按适当标准执行"三免两减半"(前三年100%,后两年50%)……对单个企业每年补贴金额不超过300万元」

The amount of lease year ``n`` is floor area × agreed rate × days × share,
rounded half up to the fen and capped, exactly as
:func:`hongshan_policy.headquarters.rent_subsidy` computes it: area in
hundredths of a square metre, the rate in fen per m² per day, the share as a
numerator over a power of ten, all int64. Lease year ``n`` runs from
``months_after(start, 12 (n − 1))`` to the day before ``months_after(start, 12 n)``
(《民法典》第二百零一条: 29 February plus a year is 28 February); the offsets
of those days are tabulated once for every start day from 1900 to 2199 and
looked up, which is what lets the kernel run at memory speed (``add_months``, the month arithmetic on day
numbers, is generic: :mod:`hongshan_policy.batch._kernels`).

Imported by :mod:`hongshan_policy.batch` only (numpy): ``import hongshan_policy.headquarters`` does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..batch import _accelerated
from ..batch._kernels import _divide, _fen, _over_common_power, _parameter_error, add_months, day_number
from ..inputs import in_context
from ._parameters import DEFAULTS as HQ_DEFAULTS
from ._parameters import HQParameters

__all__ = [
    "MAX_AREA_CENTI",
    "MAX_RATE_FEN",
    "RentIntegers",
    "RentYear",
    "lease_year_bounds",
    "lease_year_days",
    "rent_year_amounts",
    "rent_year_kernel",
]

IntArray = NDArray[np.integer[Any]]

MAX_AREA_CENTI = 10**10
"""The largest floor area a kernel accepts: 100,000,000.00 m², in hundredths of a square metre."""
MAX_RATE_FEN = 10**6
"""The largest agreed rate a kernel accepts: 10,000.00 yuan per m² per day, in fen."""

_TABLE_FROM = day_number(date(1900, 1, 1))
_TABLE_UNTIL = day_number(date(2199, 12, 31))
_INT64_MAX = 2**63 - 1


@cache
def _offsets(years: int) -> NDArray[np.int32]:
    """``table[n, s]``: days from start day ``_TABLE_FROM + s`` to the first day of lease year ``n + 1``."""
    starts = np.arange(_TABLE_FROM, _TABLE_UNTIL + 1, dtype=np.int64)
    table = np.empty((years + 1, len(starts)), dtype=np.int32)
    for n in range(years + 1):
        table[n] = add_months(starts, 12 * n) - starts
    table.setflags(write=False)
    return table


@cache
def _day_counts(years: int) -> NDArray[np.int16]:
    """``table[n - 1, s]``: the days of lease year ``n`` from start day ``_TABLE_FROM + s`` (365 or 366)."""
    counts = np.diff(_offsets(years), axis=0).astype(np.int16)
    counts.setflags(write=False)
    return counts


def _table_top(start: IntArray, year: int | IntArray) -> int | None:
    """The years of the table the rows need (at least 1), or None where a row falls outside it (a start before
    1900 or after 2199, a year below 1)."""
    start = np.asarray(start)
    years = np.asarray(year)
    if not len(start):
        return 1
    if int(years.min()) < 1 or int(start.min()) < _TABLE_FROM or int(start.max()) > _TABLE_UNTIL:
        return None
    return int(years.max())


def _table_rows(start: IntArray, year: int | IntArray) -> tuple[NDArray[np.intp], int] | None:
    """Flat indices into a ``(years, start days)`` table for each row, and the years it needs; None where a row
    falls outside the table (a start before 1900 or after 2199, a year below 1): the caller computes those."""
    start = np.asarray(start)
    years = np.asarray(year)
    if not len(start):
        return np.zeros(0, dtype=np.intp), 1
    top = int(years.max())
    if int(years.min()) < 1 or int(start.min()) < _TABLE_FROM or int(start.max()) > _TABLE_UNTIL:
        return None
    width = _TABLE_UNTIL - _TABLE_FROM + 1
    flat = np.multiply(years, width, dtype=np.intp) if years.ndim else np.full(len(start), int(years) * width)
    flat += start  # an index into a table padded in front by _PAD entries (see _padded)
    return flat, top


_PAD = (_TABLE_UNTIL - _TABLE_FROM + 1) + _TABLE_FROM
"""Lease year n from start day d sits at ``n × width + d`` of a flat table padded by this many entries in front
(``width + _TABLE_FROM``: positive, as the table starts in 1900 after less than a table's width of days back)."""


def _padded(table: NDArray[Any]) -> NDArray[Any]:
    """``table`` (years × start days) flattened behind :data:`_PAD` entries: one index per row, no subtraction."""
    flat = np.zeros(_PAD + table.size, dtype=table.dtype)
    flat[_PAD:] = table.ravel()
    flat.setflags(write=False)
    return flat


def lease_year_days(start: IntArray, year: int | IntArray) -> NDArray[np.int64]:
    """The days of lease year ``year`` from ``start`` (day numbers): one table look-up per row.

    The same days as ``lease_year_bounds(start, year).days`` (a test checks every start day of the table), without
    its intermediate dates: the table holds the length of each of the first ``max(year)`` lease years for every
    start day from 1900 to 2199.
    """
    rows = _table_rows(start, year)
    if rows is None:
        return lease_year_bounds(start, year).days
    flat, top = rows
    days: NDArray[np.int64] = np.take(_padded_counts(top), flat).astype(np.int64)
    return days


@cache
def _padded_counts(years: int) -> NDArray[np.int16]:
    return _padded(_day_counts(years))


class RentYear(NamedTuple):
    """One lease year per row: its first day, its last day (the lease's end if earlier), the days counted."""

    first: NDArray[np.int64]
    last: NDArray[np.int64]
    days: NDArray[np.int64]


def lease_year_bounds(start: IntArray, year: int | IntArray, end: IntArray | None = None) -> RentYear:
    """First and last day (day numbers) of lease year ``year`` from ``start``, and the days counted.

    The last day is the day before the next anniversary, or ``end`` if the lease
    ends earlier; ``days`` is 0 where the lease ended before the year began.
    """
    start = np.asarray(start, dtype=np.int64)
    years = np.broadcast_to(np.asarray(year, dtype=np.int64), start.shape)
    top = int(years.max(initial=1))
    inside = (start >= _TABLE_FROM) & (start <= _TABLE_UNTIL)
    if inside.all():
        table = _offsets(top)
        index = start - _TABLE_FROM
        first = start + table[years - 1, index]
        following = start + table[years, index]
    else:
        first = np.empty_like(start)
        following = np.empty_like(start)
        for n in np.unique(years).tolist():
            rows = years == n
            first[rows] = add_months(start[rows], 12 * (n - 1))
            following[rows] = add_months(start[rows], 12 * n)
    last = following - 1
    if end is not None:
        np.minimum(last, np.asarray(end, dtype=np.int64), out=last)
    days = np.maximum(last - first + 1, 0)
    return RentYear(first, last, days)


@dataclass(frozen=True, slots=True)
class RentIntegers:
    """The rent-subsidy parameters of :class:`~hongshan_policy.headquarters.HQParameters`, exactly in integers."""

    full_years: int
    half_years: int
    share_denominator: int
    full_share: int
    half_share: int
    annual_cap: int
    """Fen per lease year."""
    product_clip: int
    """area (centi-m²) × rate (fen) above this earns at least the cap in any counted day: clipped to it."""

    @classmethod
    @in_context
    def from_parameters(cls, params: HQParameters = HQ_DEFAULTS) -> RentIntegers:
        """Convert ``params`` exactly; raise ``InvalidInputError`` naming a parameter that cannot be."""
        denominator, full, half = _over_common_power(
            params.rent_full_share, "rent_full_share", params.rent_half_share, "rent_half_share"
        )
        cap = _fen(params.rent_annual_cap, "rent_annual_cap")
        smallest = min((share for share in (full, half) if share > 0), default=denominator)
        clip = min(MAX_AREA_CENTI * MAX_RATE_FEN, -(-cap * 100 * denominator // smallest))
        if clip * 366 * max(full, half, 1) + 100 * denominator > _INT64_MAX:
            raise _parameter_error(
                "rent_annual_cap",
                f"上限 {params.rent_annual_cap} 与比例 {params.rent_full_share}、{params.rent_half_share} "
                "的乘积超出64位整数",
                f"the cap {params.rent_annual_cap} with shares {params.rent_full_share}, {params.rent_half_share} "
                "overflows int64",
                params.rent_annual_cap,
            )
        return cls(
            full_years=params.rent_full_years,
            half_years=params.rent_half_years,
            share_denominator=denominator,
            full_share=full,
            half_share=half,
            annual_cap=cap,
            product_clip=clip,
        )

    def share(self, year: int) -> Decimal:
        """The share of lease year ``year`` as a ``Decimal`` (0 after the schedule)."""
        if year <= self.full_years:
            return Decimal(self.full_share) / self.share_denominator
        if year <= self.full_years + self.half_years:
            return Decimal(self.half_share) / self.share_denominator
        return Decimal(0)


def _shares(k: RentIntegers, top: int) -> NDArray[np.int64]:
    """``shares[n]``: the share numerator of lease year ``n`` (0 after the schedule; years below 1 read as 0,
    which the schedule counts among the full years)."""
    shares = np.zeros(max(top, 0) + 1, dtype=np.int64)
    for n in range(len(shares)):
        shares[n] = k.full_share if n <= k.full_years else k.half_share if n <= k.full_years + k.half_years else 0
    return shares


def rent_year_kernel(
    k: RentIntegers,
    area: IntArray,
    rate: IntArray,
    days: IntArray,
    year: int | IntArray,
    *,
    out: NDArray[np.int64] | None = None,
) -> NDArray[np.int64]:
    """第三条(二)1: the rent subsidy of lease year ``year`` in fen, before any condition (multiply by eligibility).

    ``area`` in hundredths of a m² (≤ :data:`MAX_AREA_CENTI`), ``rate`` in fen per
    m² per day (≤ :data:`MAX_RATE_FEN`), ``days`` counted in the year (see
    :func:`lease_year_bounds`). Returns area × rate × days × share rounded half
    up to the fen, then at most the annual cap; 0 after the fifth year. Written
    into ``out`` when given (int64, one per row).
    """
    years = np.asarray(year)
    top = int(years.max(initial=0))
    share = np.take(_shares(k, top), np.maximum(years, 0))
    product = np.multiply(area, rate, out=out, dtype=np.int64)
    np.minimum(product, k.product_clip, out=product)
    product *= days
    product *= share
    denominator = 100 * k.share_denominator
    product += denominator // 2
    product //= denominator
    np.minimum(product, k.annual_cap, out=product)
    return product


@cache
def _day_shares(k: RentIntegers, years: int) -> NDArray[np.int32]:
    """Days × share numerator of each lease year ``n`` from each start day, flat and padded (:func:`_padded`)."""
    table = _day_counts(years).astype(np.int32) * _shares(k, years)[1:, None].astype(np.int32)
    return _padded(table)


def rent_year_amounts(
    k: RentIntegers,
    area: IntArray,
    rate: IntArray,
    start: IntArray,
    year: int | IntArray,
    *,
    out: NDArray[np.int64] | None = None,
) -> NDArray[np.int64]:
    """:func:`rent_year_kernel` of lease year ``year`` from ``start``, fused: one table look-up per row gives the
    days × share of the year (the same as ``lease_year_days`` × the share), then the product, rounding and cap
    in place (into ``out`` when given)."""
    compiled = _accelerated.loops(len(np.asarray(start)))
    if compiled is not None:
        top = _table_top(start, year)
        if top is not None:
            starts = np.asarray(start)
            years = np.asarray(year)
            if not years.ndim:
                years = np.full(len(starts), int(years), dtype=np.int64)
            result = np.empty(len(starts), dtype=np.int64) if out is None else out
            constants = np.array([_TABLE_UNTIL - _TABLE_FROM + 1, k.product_clip, k.annual_cap], dtype=np.int64)
            loop = compiled.rent(100 * k.share_denominator)
            loop(np.asarray(area), np.asarray(rate), starts, years, constants, _day_shares(k, top), result)
            return result
    rows = _table_rows(start, year)
    if rows is None:
        return rent_year_kernel(k, area, rate, lease_year_days(start, year), year, out=out)
    flat, top = rows
    product = np.multiply(area, rate, out=out, dtype=np.int64)
    np.minimum(product, k.product_clip, out=product)
    product *= np.take(_day_shares(k, top), flat)
    denominator = 100 * k.share_denominator
    product += denominator // 2
    _divide(product, denominator)
    np.minimum(product, k.annual_cap, out=product)
    return product
