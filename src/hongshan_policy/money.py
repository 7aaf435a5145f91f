"""Money: ``Decimal`` yuan (元), rounded to the fen in one place.

Inputs are accepted as ``int``, ``str`` or ``Decimal``. A ``float`` is accepted
only through its shortest ``repr`` (``0.1`` is read as ``Decimal("0.1")``,
never as its binary expansion), and only if that reading has no more decimal
places than allowed. ``bool``, NaN and infinities are refused.

Rounding happens only in :func:`round_fen` (ROUND_HALF_UP to 0.01 yuan), by
``Decimal.quantize`` with an explicit rounding mode: the global decimal context
is never changed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from .errors import InvalidInputError

__all__ = [
    "FEN",
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
]

FEN = Decimal("0.01")
WAN = Decimal(10_000)
ZERO = Decimal("0.00")


def parse_decimal(value: Any, *, places: int | None = 2, minimum: Decimal | None = ZERO) -> Decimal:
    """Read ``value`` as an exact ``Decimal``; raise ``ValueError`` with a bilingual message if it is not one.

    ``places`` is the most decimal places allowed (None: any); ``minimum`` the
    smallest value allowed (None: any).
    """
    if isinstance(value, bool):
        raise ValueError(f"应为数值,不能是布尔值 / expected a number, not a boolean (got {value!r})")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"不是有效的数值 / not a valid number (got {value!r})") from None
    else:
        raise ValueError(f"应为数值 / expected a number (got {type(value).__name__} {value!r})")
    if not number.is_finite():
        raise ValueError(f"数值必须是有限数,不能是NaN或无穷大 / must be finite, not NaN or infinity (got {value!r})")
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise ValueError(f"不能为负数 / must not be negative (got {value!r})")
        raise ValueError(f"不能小于{minimum} / must not be below {minimum} (got {value!r})")
    if places is not None:
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)  # finite numbers have an int exponent
        if exponent < -places:
            raise ValueError(
                f"最多允许{places}位小数 / at most {places} decimal places are allowed (got {value!r}); "
                "请先自行取整 / round it yourself first"
            )
    return number


def money_arg(value: Any, field: str, *, places: int | None = 2, minimum: Decimal | None = ZERO) -> Decimal:
    """Check an amount passed straight to a rule function; raise :class:`InvalidInputError` naming ``field``."""
    if type(value) is Decimal and value.is_finite() and (minimum is None or value >= minimum):
        exponent = value.as_tuple().exponent
        if places is None or (isinstance(exponent, int) and exponent >= -places):
            return value
    try:
        return parse_decimal(value, places=places, minimum=minimum)
    except ValueError as error:
        zh, _, en = str(error).partition(" / ")
        raise InvalidInputError(zh, en, field=field, expected="Decimal yuan", got=value) from None


def _money(value: Any) -> Decimal:
    return parse_decimal(value, places=2, minimum=ZERO)


def _amount(value: Any) -> Decimal:
    return parse_decimal(value, places=2, minimum=None)


def _ratio(value: Any) -> Decimal:
    number = parse_decimal(value, places=None, minimum=ZERO)
    if number > 1:
        raise ValueError(f"比例应在0到1之间(70%写作0.7) / a ratio must be between 0 and 1 (70% is 0.7) (got {value!r})")
    return number


_DECIMAL_JSON = WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"})
_AS_STR = PlainSerializer(str, return_type=str, when_used="json")

Money = Annotated[Decimal, BeforeValidator(_money), _AS_STR, _DECIMAL_JSON]
"""Yuan, at most 2 decimal places, not negative."""
Amount = Annotated[Decimal, BeforeValidator(_amount), _AS_STR, _DECIMAL_JSON]
"""Yuan, at most 2 decimal places, may be negative (a difference)."""
Area = Money
"""Square metres (or mu), at most 2 decimal places, not negative."""
Ratio = Annotated[Decimal, BeforeValidator(_ratio), _AS_STR, _DECIMAL_JSON]
"""A share between 0 and 1 (70% is ``0.7``)."""


def round_fen(value: Decimal | Fraction) -> Decimal:
    """Round yuan to the fen (0.01), half up: the only rounding of money in this library.

    A ``Fraction`` (an exact quotient, e.g. a pro-rata share) is rounded exactly,
    with no intermediate rounding to the decimal context's 28 digits.
    """
    if isinstance(value, Decimal):
        return value.quantize(FEN, rounding=ROUND_HALF_UP)
    fen = value * 100
    whole, rest = divmod(abs(fen.numerator), fen.denominator)
    if 2 * rest >= fen.denominator:
        whole += 1
    return Decimal(-whole if fen < 0 else whole).scaleb(-2)


def fmt_yuan(value: Decimal) -> str:
    """Format yuan as ``¥50,000.00`` (fen shown; negative as ``-¥1.00``)."""
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(round_fen(value)):,.2f}"


def fmt_percent(ratio: Decimal) -> str:
    """Format a ratio as a percentage without trailing zeros: ``0.006`` -> ``0.6%``, ``0.25`` -> ``25%``."""
    return f"{(ratio * 100).normalize():f}%"


def fmt_wan(value: Decimal, *, figure: bool = False) -> str:
    """Format yuan in 万元, never hiding a fen.

    A threshold (``figure=False``) reads as the text writes it: ``5万元``,
    ``1000万元``, ``35万元``. A figure (``figure=True``) shows at least two
    decimals with thousands separators: ``1,000.00万元``, ``1,000.000001万元``.
    """
    wan = value / WAN
    exponent = wan.normalize().as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    places = max(0, -exponent)
    if figure:
        return f"{wan:,.{max(2, places)}f}万元"
    return f"{wan:.{places}f}万元"
