"""Money: ``Decimal`` yuan (元), rounded to the fen in one place.

What an amount may be (``int``, ``Decimal`` or a canonical string; never a
``float``; at most two decimals; at most 10万亿元) is decided by the input
boundary, :mod:`hongshan_policy.inputs`; the names below re-export it.

Rounding happens only in :func:`round_fen` (ROUND_HALF_UP to 0.01 yuan), in
the library's decimal context :data:`~hongshan_policy.inputs.CONTEXT`: the
caller's decimal context neither changes a result nor is changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .inputs import CONTEXT, MAX_FEN, MAX_YUAN, Amount, Area, Money, Ratio, money_arg, parse_decimal

__all__ = [
    "FEN",
    "MAX_FEN",
    "MAX_YUAN",
    "WAN",
    "ZERO",
    "Amount",
    "Area",
    "Money",
    "Ratio",
    "fmt_percent",
    "fmt_wan",
    "fmt_yuan",
    "money_arg",
    "parse_decimal",
    "round_fen",
    "sum_money",
]

FEN = Decimal("0.01")
WAN = Decimal(10_000)
ZERO = Decimal("0.00")
_quantize = CONTEXT.quantize
assert CONTEXT.rounding == ROUND_HALF_UP


def round_fen(value: Decimal | Fraction) -> Decimal:
    """Round yuan to the fen (0.01), half up: the only rounding of money in this library.

    A ``Fraction`` (an exact quotient, e.g. a pro-rata share) is rounded exactly,
    with no intermediate rounding to a decimal context's digits.
    """
    if isinstance(value, Decimal):
        return _quantize(value, FEN)  # CONTEXT rounds half up: value.quantize(FEN, ROUND_HALF_UP, CONTEXT), faster
    fen = value * 100
    whole, rest = divmod(abs(fen.numerator), fen.denominator)
    if 2 * rest >= fen.denominator:
        whole += 1
    return Decimal(-whole if fen < 0 else whole).scaleb(-2, CONTEXT)


def sum_money(values: Iterable[Decimal]) -> Decimal:
    """The exact sum of amounts, in the library's decimal context (whatever the caller's), ``0.00`` if none."""
    total = ZERO
    for value in values:
        total = CONTEXT.add(total, value)
    return total


def fmt_yuan(value: Decimal) -> str:
    """Format yuan as ``¥50,000.00`` (fen shown; negative as ``-¥1.00``)."""
    sign = "-" if value < 0 else ""
    return f"{sign}¥{round_fen(value).copy_abs():,.2f}"


def fmt_percent(ratio: Decimal) -> str:
    """Format a ratio as a percentage without trailing zeros: ``0.006`` -> ``0.6%``, ``0.25`` -> ``25%``."""
    return f"{CONTEXT.multiply(ratio, 100).normalize(CONTEXT):f}%"


def fmt_wan(value: Decimal, *, figure: bool = False) -> str:
    """Format yuan in 万元, never hiding a fen.

    A threshold (``figure=False``) reads as the text writes it: ``5万元``,
    ``1000万元``, ``35万元``. A figure (``figure=True``) shows at least two
    decimals with thousands separators: ``1,000.00万元``, ``1,000.000001万元``.
    """
    wan = CONTEXT.divide(value, WAN)
    exponent = wan.normalize(CONTEXT).as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    places = max(0, -exponent)
    if figure:
        return f"{wan:,.{max(2, places)}f}万元"
    return f"{wan:.{places}f}万元"
