"""The input boundary: every rule about what a value may be, in one place.

Every path into the library reads values through this module: the pydantic
models (and so JSON, CSV, XLSX and Parquet files, which are validated by the
models), the arguments of every public rule and query function, and the batch
column readers. A value therefore means the same thing on every path, and a
value the boundary does not accept is a typed error naming the field, never a
silent reading. The rules (docs/reliability.md has them with examples):

- **Text** (:data:`Text`, :data:`Code`): Unicode NFKC normalisation (full-width
  ``Ｌ７２62`` is ``L7262``), surrounding blanks stripped; zero-width characters
  (U+200B–U+200D, U+2060, U+FEFF), control characters and NUL are refused.
- **Money** (:data:`Money`, :data:`Amount`, :data:`Area`): ``Decimal``, ``int``
  (not ``bool``; numpy integers too) or a canonical string: NFKC first, digits
  with an optional ``.`` and decimals, thousands separators only in correct
  groups of three (``1,234,567.89``) or none; no exponent (``1e3``), no ``_``,
  no ``+``. ``float`` and ``numpy.floating`` are refused (pass a string or a
  ``Decimal``). At most two decimals; at most :data:`MAX_YUAN` (10万亿元, the
  batch kernels' limit :data:`MAX_FEN`) in absolute value; NaN and infinities
  refused; negatives refused except for :data:`Amount` (a difference).
- **Ratios** (:data:`Ratio`): as money, but from 0 to 1 inclusive (70% is
  ``0.7``) with at most :data:`RATIO_PLACES` decimals.
- **万元** (:func:`wan_to_yuan`): a field ending ``_wan`` is converted exactly
  to yuan (× 10,000), the result again at most two decimals.
- **Flags** (:data:`Flag`): in model fields and files ``True``/``False``,
  ``是``/``否``, ``true``/``false`` and ``Y``/``N`` (any case), ``1``/``0``
  (int or string); in Python function arguments only ``True``/``False``
  (:func:`flag_arg`).
- **Dates** (:data:`Day`): in model fields and files a ``datetime.date``, ISO
  ``2024-06-12``, ``2024/6/12`` or ``2024年6月12日`` (NFKC first), or a
  ``datetime`` at midnight with no time zone (a spreadsheet date cell); in
  Python function arguments only a ``datetime.date`` (:func:`date_arg`). No
  Unix timestamps, no times of day. Every date lies in
  :data:`DATE_MIN`–:data:`DATE_MAX` (1949-10-01 to 2100-12-31).
- **Whole numbers** (:data:`Count`, :data:`Years`, :data:`Period`): ``int``
  (not ``bool``; numpy integers too) or a canonical digit string in fields;
  from 0 to :data:`MAX_COUNT`, :data:`MAX_YEARS` or :data:`MAX_PERIOD`.

Arithmetic: every ``Decimal`` operation of the library runs in :data:`CONTEXT`
(:func:`in_context`, :func:`run_in_context`), whatever context the caller has
set, and the caller's context is left as it was.
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    setcontext,
)
from functools import partial, wraps
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, PlainSerializer, PlainValidator, SerializationInfo, WithJsonSchema

from ._jsonio import JsonFloat
from .errors import InvalidInputError

__all__ = [
    "CONTEXT",
    "DATE_MAX",
    "DATE_MIN",
    "FLAG_FALSE",
    "FLAG_TRUE",
    "MAX_COUNT",
    "MAX_DAYS",
    "MAX_FEN",
    "MAX_PERIOD",
    "MAX_TEXT",
    "MAX_YEARS",
    "MAX_YUAN",
    "RATIO_PLACES",
    "Amount",
    "Area",
    "Code",
    "Count",
    "Day",
    "Flag",
    "Money",
    "Period",
    "Quantity",
    "Ratio",
    "Remark",
    "Text",
    "Years",
    "amount_arg",
    "check_text",
    "checked",
    "count_arg",
    "date_arg",
    "flag_arg",
    "in_context",
    "integer_arg",
    "model_arg",
    "money_arg",
    "number_arg",
    "optional_date_arg",
    "parse_count",
    "parse_date",
    "parse_decimal",
    "parse_flag",
    "parse_remark",
    "parse_text",
    "ratio_arg",
    "run_in_context",
    "wan_to_yuan",
]

_F = TypeVar("_F", bound=Callable[..., Any])
_M = TypeVar("_M")

# --------------------------------------------------------------------------- limits

MAX_FEN = 10**15
"""The largest amount of money anywhere in the library: 10,000,000,000,000.00 yuan (10万亿元), in fen.

The batch kernels compute in int64 fen and need it; the scalar path applies the same limit.
"""
MAX_YUAN = Decimal("10000000000000.00")
""":data:`MAX_FEN` in yuan: ``Decimal("10000000000000.00")``."""
RATIO_PLACES = 20
"""The most decimal places of a ratio (``0.00000000000000000001``)."""
MAX_COUNT = 10**9
"""The largest count (jobs, vehicles) accepted."""
MAX_YEARS = 100
"""The largest number of years (a battery's safe service life) accepted."""
MAX_PERIOD = 1_200
"""The largest number of days, months or years a parameter may add to a date."""
MAX_DAYS = 36_600
"""The most days a function counts forward (``add_working_days``): 100 years."""
MAX_TEXT = 1_000
"""The most characters of one text value (a name, a code)."""
DATE_MIN = date(1949, 10, 1)
"""The earliest date accepted: 1949-10-01."""
DATE_MAX = date(2100, 12, 31)
"""The latest date accepted: 2100-12-31 (so no computed deadline leaves the calendar)."""

CONTEXT = Context(
    prec=60,
    rounding=ROUND_HALF_UP,
    Emin=-999_999,
    Emax=999_999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""The library's decimal context: 60 digits (10万亿元 to the fen times any ratio is exact), half up.

Every public entry point runs in it (:func:`in_context`); the caller's context is
restored on return. Rounding to the fen still happens only in ``money.round_fen``.
"""

# --------------------------------------------------------------------------- the decimal context


def run_in_context(function: Callable[..., _M], /, *args: Any, **kwargs: Any) -> _M:
    """Call ``function(*args, **kwargs)`` in :data:`CONTEXT`, restoring the caller's decimal context afterwards.

    Also used for texts rendered after the call that made them (lazy reasons).
    """
    caller = getcontext()
    if caller is CONTEXT:
        return function(*args, **kwargs)
    setcontext(CONTEXT)
    try:
        return function(*args, **kwargs)
    finally:
        setcontext(caller)


def in_context(function: _F) -> _F:
    """Run ``function`` in :data:`CONTEXT` (:func:`run_in_context`) whenever it is called."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        caller = getcontext()  # run_in_context written out: one call less on every public entry point
        if caller is CONTEXT:
            return function(*args, **kwargs)
        setcontext(CONTEXT)
        try:
            return function(*args, **kwargs)
        finally:
            setcontext(caller)

    return wrapper  # type: ignore[return-value]


# --------------------------------------------------------------------------- errors


def _fail(field: str, zh: str, en: str, expected: str, got: Any) -> InvalidInputError:
    return InvalidInputError(zh, en, field=field, expected=expected, got=got)


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int beyond Python's digit limit for str()
        return f"<{type(value).__name__} of more than 4300 digits>"
    return text if len(text) <= 80 else text[:77] + "..."


# --------------------------------------------------------------------------- text

_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u2028\u2029\ud800-\udfff]")
"""Control and zero-width characters, and lone surrogates (a JSON ``"\\ud800"`` escape: no UTF-8 can carry it)."""


def check_text(text: str) -> str:
    """NFKC-normalise and strip ``text``; raise ``ValueError`` if it holds a zero-width or control character."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        raise ValueError(
            f"含不允许的字符 U+{ord(bad.group()):04X}(零宽字符或控制字符) / "
            f"contains a forbidden character U+{ord(bad.group()):04X} (zero-width or control) (got {_short(text)})"
        )
    if len(text) > MAX_TEXT:
        raise ValueError(f"文字过长(最多{MAX_TEXT}个字符) / text too long (at most {MAX_TEXT} characters)")
    return text


def parse_text(value: Any) -> str:
    """A non-blank text value, normalised by :func:`check_text`; raise ``ValueError`` otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"应为文字 / expected text (got {type(value).__name__} {_short(value)})")
    text = check_text(value)
    if not text:
        raise ValueError("不能为空 / must not be blank")
    return text


def parse_remark(value: Any) -> str:
    """Text that may be blank (a note), normalised by :func:`check_text`; raise ``ValueError`` if not text."""
    if not isinstance(value, str):
        raise ValueError(f"应为文字 / expected text (got {type(value).__name__} {_short(value)})")
    return check_text(value)


def _parse_code(value: Any) -> str:
    text = parse_text(value)
    if any(c.isspace() for c in text):
        raise ValueError(f"代码中不能有空白 / a code must not contain blanks (got {_short(text)})")
    return text


# --------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?", re.ASCII)


_NOT_FINITE = frozenset({"nan", "snan", "inf", "infinity"})


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool) or type(value).__name__ in ("bool_", "bool")


def _integer(value: Any) -> int | None:
    """``value`` as an ``int`` if it is a (numpy) integer and not a bool; else None."""
    if type(value) is int:
        return value
    if _is_bool(value) or isinstance(value, float | str | bytes | Decimal):
        return None
    index = getattr(type(value), "__index__", None)
    if index is None:
        return None
    try:
        result: int = index(value)
    except TypeError:
        return None
    return result


def _is_float(value: Any) -> bool:
    return isinstance(value, float) or type(value).__name__.startswith(("float", "longdouble", "half", "double"))


def parse_decimal(
    value: Any,
    *,
    places: int | None = 2,
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = MAX_YUAN,
    json_float: bool = False,
) -> Decimal:
    """Read ``value`` as an exact ``Decimal``; raise ``ValueError`` with a bilingual message if the boundary refuses it.

    ``places`` is the most decimal places allowed (None: any); ``minimum`` the
    smallest value allowed (None: any); ``maximum`` the largest absolute value
    (None: any; default :data:`MAX_YUAN`); ``json_float`` whether a JSON number
    with a fraction (``_jsonio.JsonFloat``, exact digits) is accepted (ratios: yes; money: no).
    """
    if type(value) is Decimal:
        number = value
    elif _is_bool(value):
        raise ValueError(f"应为数值,不能是布尔值 / expected a number, not a boolean (got {value!r})")
    elif isinstance(value, str):
        text = check_text(value)
        if not _NUMBER.fullmatch(text):
            if text.lower().lstrip("+-") in _NOT_FINITE:
                raise ValueError(
                    f"数值必须是有限数,不能是NaN或无穷大 / must be finite, not NaN or infinity (got {value!r})"
                )
            raise ValueError(
                "不是规范的数值:只允许数字、小数点和正确的千位分隔(如1,234,567.89),不允许科学计数法 / "
                "not a canonical number: digits, a decimal point and thousands separators in groups of three "
                f"(1,234,567.89) only, no exponent (got {_short(value)})"
            )
        number = Decimal(text.replace(",", ""))
    elif isinstance(value, JsonFloat):
        if not json_float:
            raise ValueError(
                '金额不接受带小数的 JSON 数字(其他程序按二进制浮点数处理):请写成字符串,如 "1234.56",或整数 / '
                "a JSON number with a fraction is not accepted for money (other programs treat it as a binary float): "
                f'write a string such as "1234.56", or an integer (got {value})'
            )
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = Decimal(value)
    elif _is_float(value):
        raise ValueError(
            '不接受浮点数(float),以免二进制误差:请传入字符串或 Decimal,如 "1234.56" / '
            f'a float is not accepted (binary rounding): pass a string or a Decimal such as "1234.56" (got {value!r})'
        )
    else:
        integer = _integer(value)
        if integer is None:
            raise ValueError(f"应为数值 / expected a number (got {type(value).__name__} {_short(value)})")
        if maximum is not None and abs(integer) > maximum:
            raise ValueError(f"超出上限{maximum:,} / above the limit of {maximum:,} (got {_short(value)})")
        number = Decimal(integer)
    if not number.is_finite():
        raise ValueError(f"数值必须是有限数,不能是NaN或无穷大 / must be finite, not NaN or infinity (got {value!r})")
    if maximum is not None and number.copy_abs() > maximum:
        raise ValueError(f"超出上限{maximum:,} / above the limit of {maximum:,} (got {_short(value)})")
    if minimum is not None and number < minimum:
        if minimum == 0:
            raise ValueError(f"不能为负数 / must not be negative (got {_short(value)})")
        raise ValueError(f"不能小于{minimum} / must not be below {minimum} (got {_short(value)})")
    if places is not None:
        exponent = number.as_tuple().exponent
        assert isinstance(exponent, int)  # finite numbers have an int exponent
        if exponent < -places:
            raise ValueError(
                f"最多允许{places}位小数 / at most {places} decimal places are allowed (got {_short(value)}); "
                "请先自行取整 / round it yourself first"
            )
    if number.is_zero() and number.is_signed():
        number = number.copy_abs()
    return number


_PLAIN_MONEY = re.compile(r"[0-9]{1,13}(?:\.[0-9]{1,2})?", re.ASCII)
"""Money strings certain without further checks: at most 13 integer digits (below :data:`MAX_YUAN`), 2 decimals."""


def _money(value: Any) -> Decimal:
    if type(value) is str and _PLAIN_MONEY.fullmatch(value):
        return Decimal(value)
    if type(value) is Decimal and value.is_finite() and 0 <= value <= MAX_YUAN:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -2 and not value.is_signed():
            return value
    return parse_decimal(value)


def _amount(value: Any) -> Decimal:
    return parse_decimal(value, minimum=None)


def _ratio(value: Any) -> Decimal:
    number = parse_decimal(value, places=RATIO_PLACES, maximum=None, json_float=True)
    if number > 1:
        raise ValueError(f"比例应在0到1之间(70%写作0.7) / a ratio must be between 0 and 1 (70% is 0.7) (got {value!r})")
    return number


def _as_error(field: str, expected: str, reader: Callable[[Any], _M], value: Any) -> _M:
    try:
        return reader(value)
    except ValueError as error:
        zh, _, en = str(error).partition(" / ")
        raise _fail(field, zh, en or zh, expected, value) from None


def money_arg(value: Any, field: str, *, places: int | None = 2, minimum: Decimal | None = Decimal(0)) -> Decimal:
    """Check an amount passed straight to a rule function; raise :class:`InvalidInputError` naming ``field``."""
    if places == 2 and minimum is not None and minimum == 0:
        return _as_error(field, "Decimal yuan", _money, value)
    return _as_error(field, "Decimal", lambda v: parse_decimal(v, places=places, minimum=minimum), value)


def amount_arg(value: Any, field: str) -> Decimal:
    """Check a signed amount (a difference) passed to a function."""
    return _as_error(field, "Decimal yuan", _amount, value)


def ratio_arg(value: Any, field: str) -> Decimal:
    """Check a ratio (0 to 1) passed to a function."""
    return _as_error(field, "Decimal ratio 0..1", _ratio, value)


_WAN = Decimal(10_000)


def wan_to_yuan(value: Any, field: str) -> Decimal:
    """Read an amount given in 万元 and return it in yuan, exactly (× 10,000).

    The amount is read as money with up to six decimals (the fen of 万元); the
    result in yuan has at most two. Raises :class:`InvalidInputError` naming ``field``.
    """

    def read(raw: Any) -> Decimal:
        wan = parse_decimal(raw, places=6, maximum=Decimal("1000000000"))
        return parse_decimal(wan.scaleb(4, CONTEXT))

    return _as_error(field, "万元 (at most 6 decimals)", read, value)


# --------------------------------------------------------------------------- flags

FLAG_TRUE = frozenset({"是", "true", "1", "y"})
"""The texts read as yes (after NFKC, strip and lower-casing)."""
FLAG_FALSE = frozenset({"否", "false", "0", "n"})
"""The texts read as no (after NFKC, strip and lower-casing)."""


def parse_flag(value: Any) -> bool:
    """A flag from a model field or file: bool, 是/否, true/false, Y/N, 1/0; raise ``ValueError`` otherwise."""
    if value is True or value is False:
        return value
    if _is_bool(value):  # numpy.bool
        return bool(value)
    if isinstance(value, str):
        text = check_text(value).lower()
        if text in FLAG_TRUE:
            return True
        if text in FLAG_FALSE:
            return False
    else:
        integer = _integer(value)
        if integer is not None and integer in (0, 1):
            return bool(integer)
    raise ValueError(
        f"应为是/否(true/false、Y/N、1/0) / expected yes or no (是/否, true/false, Y/N, 1/0) (got {_short(value)})"
    )


def flag_arg(value: Any, field: str) -> bool:
    """Check a flag passed to a function: only ``True`` or ``False``."""
    if value is True or value is False:
        return value
    raise _fail(
        field,
        f"应为 True 或 False(得到 {type(value).__name__} {_short(value)})",
        f"must be True or False (got {type(value).__name__} {_short(value)})",
        "bool",
        value,
    )


# --------------------------------------------------------------------------- dates

_DATE_FORMS = re.compile(
    r"([0-9]{4})(?:-([0-9]{2})-([0-9]{2})|/([0-9]{1,2})/([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日)", re.ASCII
)


def _in_range(day: date) -> date:
    if DATE_MIN <= day <= DATE_MAX:
        return day
    raise ValueError(
        f"日期{day.isoformat()}超出可处理范围({DATE_MIN.isoformat()}至{DATE_MAX.isoformat()}) / "
        f"date {day.isoformat()} is outside the range handled ({DATE_MIN.isoformat()} to {DATE_MAX.isoformat()})"
    )


_ISO_DAYS: dict[str, date] = {}
"""``YYYY-MM-DD`` texts already read, at most :data:`_ISO_DAYS_KEPT`: a register repeats a few hundred days."""
_ISO_DAYS_KEPT = 4096


def parse_date(value: Any) -> date:
    """A date from a model field or file (see the module docstring); raise ``ValueError`` otherwise."""
    if type(value) is str:
        known = _ISO_DAYS.get(value)
        if known is not None:
            return known
    if type(value) is date:
        return _in_range(value)
    if type(value) is str and len(value) == 10 and value[4] == "-" == value[7] and value.isascii():
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass  # the full reading below says what is wrong
        else:
            if DATE_MIN <= parsed <= DATE_MAX:
                if len(_ISO_DAYS) < _ISO_DAYS_KEPT:
                    _ISO_DAYS[value] = parsed
                return parsed
            return _in_range(parsed)
    if isinstance(value, datetime):
        if value.tzinfo is not None or (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0):
            raise ValueError(
                "日期不应含具体时间或时区 / a date must not have a time of day or a time zone "
                f"(got {value.isoformat()!r})"
            )
        return _in_range(date(value.year, value.month, value.day))
    if isinstance(value, date):
        return _in_range(date(value.year, value.month, value.day))
    if isinstance(value, str):
        text = check_text(value)
        match = _DATE_FORMS.fullmatch(text)
        if match is not None:
            year, *rest = match.groups()
            month, day = [int(part) for part in rest if part is not None]
            try:
                result = date(int(year), month, day)
            except ValueError:
                raise ValueError(f"不存在的日期 / no such date (got {_short(value)})") from None
            return _in_range(result)
    raise ValueError(
        "应为日期 YYYY-MM-DD(或2024/6/12、2024年6月12日) / expected a date YYYY-MM-DD "
        f"(or 2024/6/12, 2024年6月12日) (got {type(value).__name__} {_short(value)})"
    )


def date_arg(value: Any, field: str) -> date:
    """Check a date passed to a function: a ``datetime.date`` (not a ``datetime``) within the range."""
    if type(value) is date and DATE_MIN <= value <= DATE_MAX:
        return value
    if isinstance(value, datetime):
        raise _fail(
            field,
            "应为日期(date),不是带时刻的 datetime;请先按北京时间取 .date()",
            "must be a date, not a datetime; take .date() in Beijing time first",
            "datetime.date",
            value,
        )
    if not isinstance(value, date):
        raise _fail(
            field,
            f"应为日期(datetime.date),得到 {type(value).__name__} {_short(value)}",
            f"must be a datetime.date (got {type(value).__name__} {_short(value)})",
            "datetime.date",
            value,
        )
    return _as_error(field, f"a date {DATE_MIN}..{DATE_MAX}", parse_date, value)


def optional_date_arg(value: Any, field: str) -> date | None:
    """:func:`date_arg`, or None."""
    return None if value is None else date_arg(value, field)


# --------------------------------------------------------------------------- whole numbers


def _bounded_count(limit: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, str):
            text = check_text(value)
            if not text.isascii() or not text.isdigit() or len(text) > 12:
                raise ValueError(f"应为非负整数 / expected a whole number, not negative (got {_short(value)})")
            number: int | None = int(text)
        else:
            number = _integer(value)
        if number is None:
            raise ValueError(f"应为整数 / expected a whole number (got {type(value).__name__} {_short(value)})")
        if not 0 <= number <= limit:
            raise ValueError(f"应在0到{limit:,}之间 / must be between 0 and {limit:,} (got {_short(value)})")
        return number

    return parse


parse_count = _bounded_count(MAX_COUNT)
"""A count (0 to :data:`MAX_COUNT`) from a field: int (not bool) or a digit string; raise ``ValueError`` otherwise."""
_parse_years = _bounded_count(MAX_YEARS)
_parse_period = _bounded_count(MAX_PERIOD)


def count_arg(value: Any, field: str, *, limit: int = MAX_COUNT) -> int:
    """Check a whole number passed to a function: an ``int`` (not ``bool``), 0 to ``limit``."""
    if type(value) is int and 0 <= value <= limit:
        return value
    number = None if isinstance(value, str) else _integer(value)
    if number is None:
        raise _fail(
            field,
            f"应为整数(int),得到 {type(value).__name__} {_short(value)}",
            f"must be an int (got {type(value).__name__} {_short(value)})",
            "int",
            value,
        )
    if not 0 <= number <= limit:
        raise _fail(
            field,
            f"应在0到{limit:,}之间(得到{number})",
            f"must be between 0 and {limit:,} (got {number})",
            "int",
            value,
        )
    return number


def model_arg(value: Any, model: type[_M], field: str) -> _M:
    """Check that ``value`` is an instance of ``model`` (a dict or anything else is a typed error)."""
    if isinstance(value, model):
        return value
    raise _fail(
        field,
        f"应为 {model.__name__} 模型实例,得到 {type(value).__name__}(字典请先用 model_validate 校验)",
        f"must be a {model.__name__} (got {type(value).__name__}; validate a dict with model_validate first)",
        model.__name__,
        value,
    )


# --------------------------------------------------------------------------- arguments by annotation

_NO_VALUE = object()


def number_arg(value: Any, field: str) -> Decimal:
    """Check a number passed to a function (a ``Decimal``-annotated argument): finite, at most :data:`MAX_YUAN`.

    ``Decimal``, ``int`` or a canonical string; any number of decimals; negative allowed. The function
    applies its own stricter reading (money: :func:`money_arg`).
    """
    if type(value) is Decimal and value.is_finite() and value.copy_abs() <= MAX_YUAN:
        return value
    return _as_error(field, "Decimal", lambda v: parse_decimal(v, places=None, minimum=None, json_float=True), value)


def integer_arg(value: Any, field: str) -> int:
    """Check a whole number passed to a function (an ``int``-annotated argument): an ``int``, not a ``bool``."""
    if type(value) is int:
        return value
    number = None if isinstance(value, str) else _integer(value)
    if number is None:
        raise _fail(
            field,
            f"应为整数(int),得到 {type(value).__name__} {_short(value)}",
            f"must be an int (got {type(value).__name__} {_short(value)})",
            "int",
            value,
        )
    return number


def _text_arg(value: Any, field: str) -> Any:
    if isinstance(value, str):
        return _as_error(field, "text", check_text, value)
    return value


def _instance_arg(classes: tuple[type, ...], field: str) -> Callable[[Any], Any]:
    names = " 或 ".join(c.__name__ for c in classes)
    names_en = " or ".join(c.__name__ for c in classes)

    def check(value: Any) -> Any:
        if isinstance(value, classes):
            return value
        raise _fail(
            field,
            f"应为 {names},得到 {type(value).__name__}",
            f"must be a {names_en} (got {type(value).__name__})",
            names_en,
            value,
        )

    return check


def _model_or_mapping(model: Any, field: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, model):
            return value
        if isinstance(value, Mapping):
            return model.model_validate(value)
        raise _fail(
            field,
            f"应为 {model.__name__} 或字典,得到 {type(value).__name__}",
            f"must be a {model.__name__} or a mapping (got {type(value).__name__})",
            model.__name__,
            value,
        )

    return check


def _literal_arg(choices: tuple[Any, ...], field: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if isinstance(value, str):
            value = _text_arg(value, field)
        if any(value == choice and type(value) is type(choice) for choice in choices):
            return value
        shown = "、".join(map(str, choices))
        raise _fail(field, f"应为{shown}之一", f"must be one of {', '.join(map(repr, choices))}", shown, value)

    return check


def _optional(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def optional(value: Any) -> Any:
        return None if value is None else check(value)

    return optional


def _checker(annotation: Any, field: str) -> Callable[[Any], Any] | None:
    """The check of one argument, read from its annotation (None: not checked here)."""
    origin = get_origin(annotation)
    members = get_args(annotation) if origin in (Union, UnionType) else (annotation,)
    optional = type(None) in members
    members = tuple(m for m in members if m is not type(None))
    check: Callable[[Any], Any] | None = None
    if members == (date,):
        check = partial(date_arg, field=field)
    elif members == (bool,):
        check = partial(flag_arg, field=field)
    elif members == (int,):
        check = partial(integer_arg, field=field)
    elif members == (Decimal,):
        check = partial(number_arg, field=field)
    elif len(members) == 1 and get_origin(members[0]) is Literal:
        check = _literal_arg(get_args(members[0]), field)
    elif any(m is str or (isinstance(m, type) and issubclass(m, str)) for m in members):
        check = partial(_text_arg, field=field)
    else:
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        mappings = [m for m in members if get_origin(m) in (Mapping, dict) or m in (Mapping, dict)]
        if len(models) == 1 and mappings and len(members) == 2:
            check = _model_or_mapping(models[0], field)
        elif (
            members
            and all(isinstance(m, type) and get_origin(m) is None for m in members)
            and not any(m in (object, dict, list, tuple) for m in members)
        ):
            check = _instance_arg(tuple(members), field)
    if check is None:
        return None
    return _optional(check) if optional else check


def _plan(function: Callable[..., Any]) -> tuple[tuple[int | None, str, Callable[[Any], Any]], ...]:
    """``(position or None, name, check)`` for each checked argument of ``function``."""
    signature = inspect.signature(function)
    try:
        hints = get_type_hints(function)
    except Exception:  # an unresolvable annotation: the arguments are left to the function
        hints = {}
    plan = []
    for position, (name, parameter) in enumerate(signature.parameters.items()):
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD) or name not in hints:
            continue
        check = _checker(hints[name], name)
        if check is None:
            continue
        positional = parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        plan.append((position if positional else None, name, check))
    return tuple(plan)


def checked(function: _F) -> _F:
    """Check ``function``'s arguments at entry from their annotations, then run it in :data:`CONTEXT`.

    ``date`` arguments go through :func:`date_arg`, ``bool`` through :func:`flag_arg`, ``int``
    through :func:`integer_arg`, ``Decimal`` through :func:`number_arg`, ``str`` is NFKC-normalised
    (:func:`check_text`), a ``Literal`` must be one of its values and a model or class must be an
    instance of it (a model that also accepts a mapping validates it). A wrong value is an
    :class:`~hongshan_policy.errors.InvalidInputError` naming the argument, never a ``TypeError``.
    """
    plan: list[tuple[tuple[int | None, str, Callable[[Any], Any]], ...]] = []

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not plan:
            plan.append(_plan(function))
        if plan[0]:
            args_list = list(args)
            for position, name, check in plan[0]:
                if position is not None and position < len(args_list):
                    args_list[position] = check(args_list[position])
                elif name in kwargs:
                    kwargs[name] = check(kwargs[name])
            args = tuple(args_list)
        caller = getcontext()
        if caller is CONTEXT:
            return function(*args, **kwargs)
        setcontext(CONTEXT)
        try:
            return function(*args, **kwargs)
        finally:
            setcontext(caller)

    return wrapper  # type: ignore[return-value]


# --------------------------------------------------------------------------- pydantic types


def _reader(parse: Callable[[Any], _M]) -> PlainValidator:
    return PlainValidator(parse)


def _date_out(value: date, info: SerializationInfo) -> date | str:
    return value.isoformat() if info.mode_is_json() else value


_DECIMAL_JSON = WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"})
_RATIO_JSON = WithJsonSchema({"type": "string", "pattern": r"^(0(\.\d{1,20})?|1(\.0{1,20})?)$"})
_AS_STR = PlainSerializer(str, return_type=str, when_used="json")

Money = Annotated[Decimal, _reader(_money), _AS_STR, _DECIMAL_JSON]
"""Yuan: at most 2 decimals, 0 to :data:`MAX_YUAN` (``Decimal``, ``int`` or a canonical string)."""
Amount = Annotated[Decimal, _reader(_amount), _AS_STR, _DECIMAL_JSON]
"""Yuan that may be negative (a difference): at most 2 decimals, absolute value at most :data:`MAX_YUAN`."""
Area = Annotated[Decimal, _reader(_money), _AS_STR, WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"})]
"""Square metres or mu, read exactly like :data:`Money`: at most 2 decimals, 0 to 10,000,000,000,000."""
Quantity = Annotated[
    Decimal, _reader(_money), _AS_STR, WithJsonSchema({"type": "string", "pattern": r"^\d+(\.\d{1,2})?$"})
]
"""A measured quantity (a speed in km/h), read exactly like :data:`Area`."""
Ratio = Annotated[Decimal, _reader(_ratio), _AS_STR, _RATIO_JSON]
"""A share from 0 to 1 inclusive (70% is ``0.7``), at most :data:`RATIO_PLACES` decimals."""
Flag = Annotated[
    bool,
    _reader(parse_flag),
    WithJsonSchema(
        {"anyOf": [{"type": "boolean"}, {"enum": ["是", "否", "true", "false", "Y", "N", "y", "n", "1", "0", 1, 0]}]}
    ),
]
"""Yes or no: ``True``/``False``, 是/否, true/false and Y/N (any case), 1/0 (int or string)."""
Day = Annotated[
    date,
    _reader(parse_date),
    PlainSerializer(_date_out, return_type=date | str),
    WithJsonSchema({"type": "string", "format": "date"}),
]
"""A date 1949-10-01 to 2100-12-31: a ``date``, ``YYYY-MM-DD``, ``2024/6/12`` or ``2024年6月12日``."""
Text = Annotated[str, _reader(parse_text), WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TEXT})]
"""Non-blank text, NFKC-normalised and stripped; no zero-width or control characters."""
Remark = Annotated[str, _reader(parse_remark), WithJsonSchema({"type": "string", "maxLength": MAX_TEXT})]
"""Text that may be blank (a note or a source line), normalised like :data:`Text`."""
Code = Annotated[str, _reader(_parse_code), WithJsonSchema({"type": "string", "minLength": 1, "maxLength": MAX_TEXT})]
"""An identifier (frame number, vehicle id): :data:`Text` with no blank inside."""
Count = Annotated[int, _reader(parse_count), WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_COUNT})]
"""A count from 0 to :data:`MAX_COUNT`: an ``int`` (not ``bool``) or a digit string."""
Years = Annotated[int, _reader(_parse_years), WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_YEARS})]
"""A number of years from 0 to :data:`MAX_YEARS`."""
Period = Annotated[
    int, _reader(_parse_period), WithJsonSchema({"type": "integer", "minimum": 0, "maximum": MAX_PERIOD})
]
"""A number of days, months or years added to a date (a parameter), 0 to :data:`MAX_PERIOD`."""
