"""The scalar path's fast paths compute exactly what the plain definitions do (docs/performance.md).

Each fast path of the hot path is pinned here against the definition it replaced: month arithmetic
against dateutil's ``relativedelta``, the GB 32100 check character against the weighted sum of the
standard, rounding to the fen against ``Decimal.quantize`` with explicit rounding, and the decimal
context switch of ``in_context``/``checked`` against the caller's context.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, getcontext, localcontext
from operator import mul

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from hongshan_policy.credit_code import ALPHABET, WEIGHTS, check_character, validate_credit_code
from hongshan_policy.dates import month_end, months_after
from hongshan_policy.inputs import CONTEXT, checked, in_context, parse_date
from hongshan_policy.money import FEN, round_fen

_VALUES = {character: value for value, character in enumerate(ALPHABET)}


def _weighted(first17: str) -> str:
    """GB 32100-2015 第5章 as written: 31 - (Σ value_i × weight_i mod 31), 31 read as 0."""
    total = sum(map(mul, (_VALUES[c] for c in first17), WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


@given(st.dates(date(1949, 10, 1), date(2100, 12, 31)), st.integers(-1200, 1200))
def test_months_after_is_relativedelta(day: date, months: int) -> None:
    assert months_after(day, months) == day + relativedelta(months=months)


def test_months_after_month_ends_and_leap_days() -> None:
    for year in (1900, 2000, 2023, 2024, 2100):
        for month in range(1, 13):
            for day in (28, 29, 30, 31):
                try:
                    start = date(year, month, day)
                except ValueError:
                    continue
                for months in (1, 11, 12, 13, 48, -1, -12):
                    assert months_after(start, months) == start + relativedelta(months=months)
            assert month_end(year, month) == date(year, month, 1) + relativedelta(months=1, days=-1)


@given(st.text(ALPHABET, min_size=17, max_size=17))
def test_check_character_is_the_weighted_sum(first17: str) -> None:
    assert check_character(first17) == _weighted(first17)


@given(
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
)
def test_credit_code_fast_path_accepts_exactly_the_right_check_character(head: str, region: str, body: str) -> None:
    first17 = head + region + body
    right = _weighted(first17)
    assert validate_credit_code(first17 + right) == first17 + right
    for wrong in ALPHABET.replace(right, "")[:3]:
        with pytest.raises(ValueError, match="校验码"):
            validate_credit_code(first17 + wrong)


@given(st.decimals(min_value=-(10**13), max_value=10**13, allow_nan=False, allow_infinity=False, places=6))
def test_round_fen_is_half_up_quantize(value: Decimal) -> None:
    with localcontext(Context(prec=3, rounding=ROUND_DOWN)):  # the caller's context changes nothing
        assert round_fen(value) == value.quantize(FEN, rounding=ROUND_HALF_UP, context=CONTEXT)
    assert str(round_fen(Decimal("2.675"))) == "2.68"
    assert str(round_fen(Decimal("-2.675"))) == "-2.68"


def test_parse_date_fast_path_keeps_the_range() -> None:
    assert parse_date("2024-08-31") == date(2024, 8, 31)
    for outside in ("1949-09-30", "2101-01-01"):
        with pytest.raises(ValueError, match="超出可处理范围"):
            parse_date(outside)


def test_context_switch_restores_the_callers_context() -> None:
    @in_context
    def precision() -> int:
        return getcontext().prec

    @checked
    def failing(flag: bool) -> None:
        raise RuntimeError(getcontext().prec)

    with localcontext(Context(prec=5)) as inside:
        assert precision() == CONTEXT.prec
        with pytest.raises(RuntimeError, match=str(CONTEXT.prec)):
            failing(True)
        assert getcontext() is inside
        assert precision() == CONTEXT.prec
