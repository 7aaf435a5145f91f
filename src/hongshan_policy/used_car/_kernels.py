"""Columnar kernels of 87号: the rules of the used-car rewards over numpy arrays, money in whole fen (int64).

Every amount and every threshold is an integer: revenue and amounts in fen,
dates as days since 1970-01-01, rates as ``numerator / 10**k`` (the generic
integer helpers, comparisons and chunk runner are in
:mod:`hongshan_policy.batch._kernels`). Half-up rounding to the fen is
``(fen * numerator + 10**k // 2) // 10**k`` on non-negative values, which is
exactly ``Decimal.quantize(FEN, ROUND_HALF_UP)`` of ``revenue × rate``. No float
ever takes part.

Each comparison goes through :data:`hongshan_policy.comparisons.WORDS`, the same
table the scalar rules read, so 「以上」「(不含)」「底前」… mean the same thing
here. The scalar functions of :mod:`hongshan_policy.used_car` are the
specification: the differential tests require these kernels to agree with them
on every row.

A kernel's failed-clause result is a small integer code; :data:`CLAUSES` maps
it to the clause id (``0``: nothing failed).

Imported by :mod:`hongshan_policy.batch` only (numpy): ``import hongshan_policy.used_car`` does not load it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..batch import _accelerated
from ..batch._kernels import (
    KernelResult,
    _and,
    _divide,
    _fen,
    _over_common_power,
    _parameter_error,
    _results,
    closed_range,
    day_number,
    holds,
)
from ..inputs import MAX_FEN, in_context
from . import DEFAULTS, DOCUMENT, UsedCarParameters

__all__ = [
    "CLAUSES",
    "UsedCarIntegers",
    "dealer_kernel",
    "growth_kernel",
    "pledge_kernel",
    "scale_kernel",
]

Int64Array = NDArray[np.int64]
IntArray = NDArray[np.integer[Any]]
BoolArray = NDArray[np.bool_]

_INT64_MAX = 2**63 - 1

CLAUSES: tuple[str | None, ...] = (
    None,
    *(f"{DOCUMENT}:{clause}" for clause in ("2", "3.1", "3.2", "8", "annex2.3", "annex2")),
)
"""Failed-clause codes of the kernels: ``CLAUSES[code]`` is the clause id of 87号 (``None`` for 0)."""

_NONE, _ART2, _ART3_1, _ART3_2, _ART8, _ANNEX2_3, _ANNEX2 = range(7)


@dataclass(frozen=True, slots=True)
class UsedCarIntegers:
    """:class:`~hongshan_policy.used_car.UsedCarParameters` converted exactly to integers.

    Money in fen, dates as day numbers (:func:`day_number`), the two growth
    rates as numerators over one power of ten. Build with :meth:`from_parameters`,
    which refuses (``InvalidInputError`` naming the parameter) anything it
    cannot represent exactly or whose products could overflow int64.
    """

    registered_from: int
    scale_revenue_min: int
    scale_apply_by: int
    scale_amount: int
    growth_revenue_min: int
    growth_upper_from: int
    rate_denominator: int
    growth_rate: int
    growth_upper_rate: int
    growth_cap: int
    revenue_clip: int
    """Revenue above this (fen) earns at least the cap at either rate: the kernel clips to it."""
    valid_from: int
    valid_until: int
    growth_year_end: int = 0
    """「2024年度内」: the last day of the year, as a day number."""
    refuse_growth_before_year_end: bool = False
    joint_cap: bool = False
    """``cap_includes_scale_reward``: one 35万 cap on both rewards of a dealer."""

    @classmethod
    @in_context
    def from_parameters(cls, params: UsedCarParameters = DEFAULTS) -> UsedCarIntegers:
        """Convert ``params`` exactly; raise ``InvalidInputError`` naming the parameter that cannot be."""
        denominator, low, high = _over_common_power(
            params.growth_rate, "growth_rate", params.growth_upper_rate, "growth_upper_rate"
        )
        cap = _fen(params.growth_cap, "growth_cap")
        clips = [-(-cap * denominator // rate) for rate in (low, high) if rate > 0]
        clip = min(MAX_FEN, max(clips, default=MAX_FEN))
        if clip * max(low, high) + denominator // 2 > _INT64_MAX:
            raise _parameter_error(
                "growth_rate",
                f"比例 {params.growth_rate}、{params.growth_upper_rate} 与上限 {params.growth_cap} 的乘积超出64位整数",
                f"rates {params.growth_rate}, {params.growth_upper_rate} with cap {params.growth_cap} overflow int64",
                (params.growth_rate, params.growth_upper_rate),
            )
        scale_amount = params.scale_reward_amount
        if params.cap_includes_scale_reward:
            scale_amount = min(scale_amount, params.growth_cap)
        return cls(
            registered_from=day_number(params.registered_from),
            scale_revenue_min=_fen(params.scale_revenue_min, "scale_revenue_min"),
            scale_apply_by=day_number(params.scale_apply_by),
            scale_amount=_fen(scale_amount, "scale_reward_amount"),
            growth_revenue_min=_fen(params.growth_revenue_min, "growth_revenue_min"),
            growth_upper_from=_fen(params.growth_upper_from, "growth_upper_from"),
            rate_denominator=denominator,
            growth_rate=low,
            growth_upper_rate=high,
            growth_cap=cap,
            revenue_clip=clip,
            valid_from=day_number(params.valid_from),
            valid_until=day_number(params.valid_until),
            growth_year_end=day_number(params.growth_year_end),
            refuse_growth_before_year_end=params.refuse_growth_before_year_end,
            joint_cap=params.cap_includes_scale_reward,
        )


def _validity_range(k: UsedCarIntegers) -> tuple[int, int]:
    """第八条's days 「起」…「前」 as one closed range."""
    return closed_range("起", k.valid_from)[0], closed_range("前", k.valid_until)[1]


def _validity(k: UsedCarIntegers, applied_on: IntArray) -> BoolArray:
    """第八条: applied from the day of issue 「起」 to the last day of validity 「前」."""
    inside = holds(applied_on, "起", k.valid_from)
    inside &= holds(applied_on, "前", k.valid_until)
    return inside


def _failure_table(codes: tuple[int, ...]) -> NDArray[np.int8]:
    """For each pattern of held checks (bit i: check i held), the code of the first check that failed."""
    table = np.zeros(1 << len(codes), dtype=np.int8)
    for pattern in range(len(table)):
        table[pattern] = next((code for i, code in enumerate(codes) if not pattern >> i & 1), _NONE)
    return table


_SCALE_CODES = (_ART2, _ANNEX2_3, _ANNEX2, _ART3_1, _ART8)
_GROWTH_CODES = (_ART2, _ANNEX2_3, _ANNEX2, _ART3_2, _ART3_2, _ART8)
_TABLES: dict[tuple[int, ...], NDArray[np.int8]] = {
    codes: _failure_table(codes) for codes in (_SCALE_CODES, _GROWTH_CODES)
}


def _first_failed(
    codes: tuple[int, ...], *checks: BoolArray | None, out: NDArray[np.int8] | None = None
) -> NDArray[np.int8]:
    """The code of the first of ``checks`` that failed in each row (0 where all held), by table look-up.

    A check given as None holds everywhere (its bit is a constant, no array is built for it).
    """
    constant = 0
    pattern: NDArray[np.uint8] | None = None
    for i, check in enumerate(checks):
        if check is None:
            constant |= 1 << i
        elif pattern is None:
            pattern = np.left_shift(check.view(np.uint8), i)
        else:
            pattern |= np.left_shift(check.view(np.uint8), i)
    table = _TABLES[codes]
    assert pattern is not None, "the first check (the dealer's) is always given"
    if constant:
        pattern |= np.uint8(constant)
    failed: NDArray[np.int8] = np.take(table, pattern, out=out)
    return failed


def dealer_kernel(
    k: UsedCarIntegers,
    registered_on: IntArray,
    registered_in_hongshan: BoolArray,
    independent_legal_person: BoolArray,
    independent_accounting: BoolArray,
    key_monitored: BoolArray,
) -> BoolArray:
    """第二条: whether each row is a used-car dealer of this measure (see ``used_car.dealer_conditions``).

    「2023年10月31日以后在红山区依法登记注册纳税,有独立法人资格、独立核算,纳入红山区商贸类重点监测企业范围」
    """
    ok = holds(registered_on, "以后", k.registered_from)
    ok &= registered_in_hongshan
    ok &= independent_legal_person
    ok &= independent_accounting
    ok &= key_monitored
    return ok


def pledge_kernel(
    safety_accident: BoolArray,
    violations: BoolArray,
    blacklisted: BoolArray,
    pledge_signed: BoolArray,
    stated: tuple[BoolArray, BoolArray, BoolArray, BoolArray],
) -> tuple[BoolArray, BoolArray]:
    """附件2: no breach of 三 stated, and the pledge not stated unsigned (see ``used_car.pledge_conditions``).

    ``stated`` holds, per fact, where it was stated; an unstated fact is no
    failure (the scalar rule warns instead).
    """
    facts = ~(stated[0] & safety_accident)
    facts &= ~(stated[1] & violations)
    facts &= ~(stated[2] & blacklisted)
    signed = ~(stated[3] & ~pledge_signed)
    return facts, signed


def scale_kernel(
    k: UsedCarIntegers,
    dealer: BoolArray,
    revenue: Int64Array,
    applied_on: IntArray,
    *,
    pledge: BoolArray | None = None,
    signed: BoolArray | None = None,
    once: BoolArray | None = None,
    out: KernelResult | None = None,
) -> KernelResult:
    """第三条(一) and 第八条: the scale reward per row (see ``used_car.scale_reward``).

    「2024年度前7个月增值税纳税申报表中累计营业收入500万元以上,并于2024年8月底前…提交申请的,给予一次性奖励5万元。」

    ``revenue`` in fen (0 ≤ revenue ≤ :data:`MAX_FEN`), ``applied_on`` as day
    numbers; ``pledge`` and ``signed`` from :func:`pledge_kernel`, ``once``
    false where the reward was already received or applied for earlier in the
    run (「一次性」); each None: holds everywhere. Results are written into
    ``out`` when given (arrays of the rows' length: bool, int64, int8).
    """
    compiled = _accelerated.loops(len(revenue))
    if compiled is not None:
        rows = len(revenue)
        result = _results(rows, out)
        constants = np.array(
            [*closed_range("以上", k.scale_revenue_min), *closed_range("底前", k.scale_apply_by), *_validity_range(k),
             k.scale_amount],
            dtype=np.int64,
        )  # fmt: skip
        compiled.scale(
            np.asarray(dealer), _accelerated.filled(pledge, rows, np.bool_, True),
            _accelerated.filled(signed, rows, np.bool_, True), _accelerated.filled(once, rows, np.bool_, True),
            np.asarray(revenue), np.asarray(applied_on), constants, _TABLES[_SCALE_CODES], *result,
        )  # fmt: skip
        return result
    own = holds(revenue, "以上", k.scale_revenue_min)
    own &= holds(applied_on, "底前", k.scale_apply_by)
    if once is not None:
        own &= once
    valid = _validity(k, applied_on)
    eligible = _and(dealer, pledge, signed, own, valid, out=None if out is None else out.eligible)
    amount = np.multiply(eligible, np.int64(k.scale_amount), out=None if out is None else out.amount)
    failed = _first_failed(_SCALE_CODES, dealer, pledge, signed, own, valid, out=None if out is None else out.failed)
    return KernelResult(eligible, amount, failed)


def growth_kernel(
    k: UsedCarIntegers,
    dealer: BoolArray,
    revenue: Int64Array,
    applied_on: IntArray | None = None,
    dated: BoolArray | None = None,
    *,
    pledge: BoolArray | None = None,
    signed: BoolArray | None = None,
    counted: Int64Array | None = None,
    out: KernelResult | None = None,
) -> KernelResult:
    """第三条(二) and 第八条: the growth reward per row (see ``used_car.growth_reward``).

    「2024年度内累计营业收入达到1000万元(不含)至3000万元的,按累计营业收入的0.6%给予奖励;年度累计营业收入
    达到3000万元以上的,按累计营业收入的0.7%给予奖励,单家贸易单位补贴上限为35万元。」

    ``revenue`` in fen (0 ≤ revenue ≤ :data:`MAX_FEN`). The validity period is
    checked on ``applied_on`` where ``dated`` is true (everywhere if ``dated``
    is None); without ``applied_on`` it is not checked, as in the scalar rule.
    Under ``refuse_growth_before_year_end`` a dated application on or before
    the year's last day fails. Amount: revenue × rate rounded half up to the
    fen, then capped; with the joint cap, at the cap less ``counted`` (the
    scale reward counted first, in fen). Results are written into ``out`` when
    given (arrays of the rows' length: bool, int64, int8).
    """
    compiled = _accelerated.loops(len(revenue))
    if compiled is not None:
        rows = len(revenue)
        result = _results(rows, out)
        days = np.asarray(applied_on) if applied_on is not None else _accelerated.filled(None, rows, np.int32, False)
        constants = np.array(
            [*closed_range("(不含)", k.growth_revenue_min), *closed_range("以上", k.growth_upper_from),
             k.revenue_clip, k.growth_rate, k.growth_upper_rate, k.growth_cap, *_validity_range(k),
             *closed_range("超过", k.growth_year_end), k.refuse_growth_before_year_end],
            dtype=np.int64,
        )  # fmt: skip
        compiled.growth(k.rate_denominator, k.joint_cap and counted is not None)(
            np.asarray(dealer), _accelerated.filled(pledge, rows, np.bool_, True),
            _accelerated.filled(signed, rows, np.bool_, True), np.asarray(revenue), days,
            _accelerated.filled(dated if applied_on is not None else None, rows, np.bool_, applied_on is not None),
            _accelerated.filled(counted if k.joint_cap else None, rows, np.int64, False), constants,
            _TABLES[_GROWTH_CODES], *result,
        )  # fmt: skip
        return result
    above = holds(revenue, "(不含)", k.growth_revenue_min)
    rate = holds(revenue, "以上", k.growth_upper_from).astype(np.int64)  # 0/1, then the rate (np.where is slower)
    rate *= k.growth_upper_rate - k.growth_rate
    rate += k.growth_rate
    product = np.minimum(revenue, k.revenue_clip, out=None if out is None else out.amount)
    product *= rate
    product += k.rate_denominator // 2
    _divide(product, k.rate_denominator)
    np.minimum(product, k.growth_cap, out=product)
    if k.joint_cap and counted is not None:
        np.minimum(product, np.maximum(k.growth_cap - counted, 0), out=product)
    year_ok: BoolArray | None = None
    valid: BoolArray | None = None
    if applied_on is not None:
        valid = _validity(k, applied_on)
        if k.refuse_growth_before_year_end:
            year_ok = holds(applied_on, "超过", k.growth_year_end)
        if dated is not None:
            undated = ~dated
            valid |= undated
            if year_ok is not None:
                year_ok |= undated
    eligible = _and(dealer, pledge, signed, above, year_ok, valid, out=None if out is None else out.eligible)
    product *= eligible
    failed = _first_failed(
        _GROWTH_CODES, dealer, pledge, signed, above, year_ok, valid, out=None if out is None else out.failed
    )
    return KernelResult(eligible, product, failed)
