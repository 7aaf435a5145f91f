"""Hypothesis strategies of hostile values, each with what the input boundary must make of it (issue 9).

Every strategy draws a pair ``(value, expected)``: ``value`` is what a caller (or a file) hands the
library, ``expected`` what the boundary must read it as, or :data:`REFUSED` when it must be a typed
error naming the field. The readings are those of :mod:`hongshan_policy.inputs` and
``docs/reliability.md``; the fuzz suites (``test_python_api.py``, ``test_cli.py``) check the library
against them, so a strategy that drifts from the rules fails loudly.

Kinds: money (:func:`money`), ratios (:func:`ratios`), counts (:func:`counts`), flags in fields and
files (:func:`field_flags`) and as Python arguments (:func:`argument_flags`), dates in fields
(:func:`field_dates`) and as arguments (:func:`argument_dates`), text (:func:`texts`) and hostile
decimal contexts (:func:`contexts`).
"""

from __future__ import annotations

import decimal
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from hypothesis import strategies as st

from hongshan_policy.inputs import DATE_MAX, DATE_MIN, MAX_COUNT, MAX_YUAN

__all__ = [
    "REFUSED",
    "Case",
    "argument_dates",
    "argument_flags",
    "contexts",
    "counts",
    "field_dates",
    "field_flags",
    "full_width",
    "money",
    "ratios",
    "texts",
]


class _Refused:
    """The boundary must refuse the value with a typed error naming the field."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Any = _Refused()
"""The expected reading of a value the boundary must refuse."""

Case = tuple[Any, Any]
"""``(value, expected)``: a hostile value and its reading (or :data:`REFUSED`)."""

_FULL = str.maketrans(
    "0123456789,.-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "０１２３４５６７８９，．－ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ",
)
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
CONTROLS = ("\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\n", "\r", "\t")


def full_width(text: str) -> str:
    """``text`` with its digits, ASCII capitals and punctuation written full-width (NFKC reads them back)."""
    return text.translate(_FULL)


def _grouped(whole: int) -> str:
    return f"{whole:,}"


def _wrongly_grouped(whole: int, draw: st.DrawFn) -> str:
    digits = str(whole)
    if len(digits) < 2:
        return digits + ",0"
    cut = draw(st.integers(1, len(digits) - 1))
    text = digits[:cut] + "," + digits[cut:]
    if _grouped(int(digits)) == text:  # happened to be a correct grouping
        text = digits[:1] + "," + digits[1:] + ",0"
    return text


@st.composite
def money(draw: st.DrawFn, *, negative_ok: bool = False) -> Case:
    """An amount in one of many written forms, with the ``Decimal`` it means or :data:`REFUSED`."""
    fen = draw(
        st.one_of(st.integers(0, 10**12), st.integers(0, int(MAX_YUAN * 100)), st.sampled_from([0, 1, 99, 10**15]))
    )
    exact = Decimal(fen).scaleb(-2)
    whole, cents = divmod(fen, 100)
    plain = f"{whole}.{cents:02d}" if cents else str(whole)
    form = draw(
        st.sampled_from(
            [
                "decimal",
                "int",
                "numpy_int",
                "string",
                "grouped",
                "full_width",
                "padded",
                "wrong_groups",
                "underscore",
                "exponent",
                "float",
                "numpy_float",
                "three_decimals",
                "negative",
                "too_large",
                "huge_exponent",
                "nan",
                "infinity",
                "bool",
                "zero_width",
                "control",
                "empty",
                "bytes",
                "list",
                "plus",
                "leading_point",
            ]
        )
    )
    if form == "decimal":
        return exact, exact
    if form == "int":
        return (whole, Decimal(whole)) if not cents else (plain, exact)
    if form == "numpy_int":
        return (np.int64(whole), Decimal(whole)) if not cents else (Decimal(plain), exact)
    if form == "string":
        return plain, exact
    if form == "grouped":
        return _grouped(whole) + (f".{cents:02d}" if cents else ""), exact
    if form == "full_width":
        return full_width(_grouped(whole) + (f".{cents:02d}" if cents else "")), exact
    if form == "padded":
        return draw(st.sampled_from([" ", "\u3000", "\t "])) + plain + " ", exact
    if form == "wrong_groups":
        return _wrongly_grouped(whole, draw) + (f".{cents:02d}" if cents else ""), REFUSED
    if form == "underscore":
        return (f"{whole}_000" if whole else "1_0"), REFUSED
    if form == "exponent":
        return draw(st.sampled_from([f"{plain}e0", f"{whole}E2", "1e40", "1e3", "-1e-2"])), REFUSED
    if form == "float":
        return float(plain), REFUSED
    if form == "numpy_float":
        return np.float64(plain), REFUSED
    if form == "three_decimals":
        return f"{whole}.{cents:02d}{draw(st.integers(1, 9))}", REFUSED
    if form == "negative":
        if fen == 0:
            return "-0", Decimal(0)
        return (f"-{plain}", -exact) if negative_ok else (f"-{plain}", REFUSED)
    if form == "too_large":
        too_large = [MAX_YUAN + Decimal("0.01"), 10**14, "10000000000000.01", 10**40, 10**5000]
        return draw(st.sampled_from(too_large)), REFUSED
    if form == "huge_exponent":
        return draw(st.sampled_from([Decimal("1e30"), Decimal("1e999999999"), "1e999999999", Decimal("1e-999999")])), (
            REFUSED
        )
    if form == "nan":
        return draw(st.sampled_from([Decimal("NaN"), Decimal("sNaN"), "NaN", float("nan"), np.float64("nan")])), REFUSED
    if form == "infinity":
        return draw(st.sampled_from([Decimal("Infinity"), "-Infinity", "inf", float("inf")])), REFUSED
    if form == "bool":
        return draw(st.sampled_from([True, False, np.True_])), REFUSED
    if form == "zero_width":
        return plain[:1] + draw(st.sampled_from(ZERO_WIDTH)) + plain[1:], REFUSED
    if form == "control":
        return plain + draw(st.sampled_from(["\x00", "\x01", "\x1b"])) + "0", REFUSED
    if form == "empty":
        return draw(st.sampled_from(["", "   ", None])), REFUSED
    if form == "bytes":
        return plain.encode(), REFUSED
    if form == "list":
        return [plain], REFUSED
    if form == "plus":
        return "+" + plain, REFUSED
    return "." + str(cents or 5), REFUSED  # leading_point


@st.composite
def ratios(draw: st.DrawFn) -> Case:
    """A ratio (0 to 1) in a written form, with its ``Decimal`` or :data:`REFUSED`."""
    exact = Decimal(draw(st.integers(0, 10**6))).scaleb(-6).normalize()
    if exact == 0:
        exact = Decimal(0)
    form = draw(st.sampled_from(["decimal", "string", "full_width", "above_one", "percent", "float", "negative"]))
    text = format(exact, "f")
    if form == "decimal":
        return exact, exact
    if form == "string":
        return text, exact
    if form == "full_width":
        return full_width(text), exact
    if form == "above_one":
        return exact + 1 + Decimal("0.001"), REFUSED
    if form == "percent":
        return text + "%", REFUSED
    if form == "float":
        return float(text), REFUSED
    return "-" + text if exact else "-0.5", REFUSED


@st.composite
def counts(draw: st.DrawFn, *, limit: int = MAX_COUNT) -> Case:
    """A whole number in a form a field may hold, with its ``int`` or :data:`REFUSED`."""
    n = draw(st.integers(0, min(limit, 10**6)))
    form = draw(
        st.sampled_from(["int", "numpy", "string", "full_width", "negative", "huge", "float", "bool", "fraction"])
    )
    if form == "int":
        return n, n
    if form == "numpy":
        return np.int32(n), n
    if form == "string":
        return str(n), n
    if form == "full_width":
        return full_width(str(n)), n
    if form == "negative":
        return -(n + 1), REFUSED
    if form == "huge":
        return draw(st.sampled_from([limit + 1, 10**100, 10**5000])), REFUSED
    if form == "float":
        return float(n) + draw(st.sampled_from([0.0, 0.5])), REFUSED
    if form == "bool":
        return draw(st.booleans()), REFUSED
    return f"{n}.0", REFUSED


_TRUE_FORMS = ("是", "true", "TRUE", "True", "y", "Y", "1", " 是 ", "ｔｒｕｅ", 1)
_FALSE_FORMS = ("否", "false", "FALSE", "n", "N", "0", "０", 0)
_NOT_FLAGS = ("yes", "no", "t", "f", "on", "off", "真", "", " ", 2, -1, 1.0, 0.0, None, "1.0", "tru", "是\u200b")


@st.composite
def field_flags(draw: st.DrawFn) -> Case:
    """A flag as a field or a file may hold it: the documented forms, or anything else (refused)."""
    which = draw(st.sampled_from(["bool", "numpy", "true", "false", "other"]))
    if which == "bool":
        value = draw(st.booleans())
        return value, value
    if which == "numpy":
        value = draw(st.booleans())
        return np.bool_(value), value
    if which == "true":
        return draw(st.sampled_from(_TRUE_FORMS)), True
    if which == "false":
        return draw(st.sampled_from(_FALSE_FORMS)), False
    return draw(st.sampled_from(_NOT_FLAGS)), REFUSED


@st.composite
def argument_flags(draw: st.DrawFn) -> Case:
    """A flag passed to a Python function: only ``True`` and ``False`` are read."""
    value = draw(st.one_of(st.booleans(), st.sampled_from([*_TRUE_FORMS, *_FALSE_FORMS, *_NOT_FLAGS, np.True_])))
    return value, value if value is True or value is False else REFUSED


def _in_range(day: date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


@st.composite
def field_dates(draw: st.DrawFn, *, lo: date = DATE_MIN, hi: date = DATE_MAX) -> Case:
    """A date as a field or a file may hold it, with the ``date`` it means or :data:`REFUSED`."""
    day = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)) | st.dates(lo, hi))
    ok: Any = day if _in_range(day) else REFUSED
    form = draw(
        st.sampled_from(
            ["date", "iso", "slash", "chinese", "full_width", "midnight", "time", "tz", "timestamp", "dotted", "bad"]
        )
    )
    if form == "date":
        return day, ok
    if form == "iso":
        return day.isoformat(), ok if day.year >= 1000 else REFUSED
    if form == "slash":
        return f"{day.year}/{day.month}/{day.day}", ok if day.year >= 1000 else REFUSED
    if form == "chinese":
        return f"{day.year}年{day.month}月{day.day}日", ok if day.year >= 1000 else REFUSED
    if form == "full_width":
        return full_width(day.isoformat()), ok if day.year >= 1000 else REFUSED
    if form == "midnight":
        return datetime(day.year, day.month, day.day), ok
    if form == "time":
        return datetime(day.year, day.month, day.day, draw(st.integers(1, 23))), REFUSED
    if form == "tz":
        return datetime(day.year, day.month, day.day, tzinfo=UTC), REFUSED
    if form == "timestamp":
        return draw(st.integers(0, 2**31)), REFUSED
    if form == "dotted":
        return f"{day.year}.{day.month}.{day.day}", REFUSED
    return draw(st.sampled_from(["2024-02-30", "2024-13-01", "2024/0/1", "", "yesterday", "2024-6-1x", None])), REFUSED


@st.composite
def argument_dates(draw: st.DrawFn, *, lo: date = DATE_MIN, hi: date = DATE_MAX) -> Case:
    """A date passed to a Python function: only a ``datetime.date`` in range is read."""
    day = draw(st.dates(lo, hi) | st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(1949, 9, 30)]))
    form = draw(st.sampled_from(["date", "date", "iso", "datetime", "ordinal", "none"]))
    if form == "date":
        return day, day if _in_range(day) else REFUSED
    if form == "iso":
        return day.isoformat(), REFUSED
    if form == "datetime":
        return datetime(day.year, day.month, day.day), REFUSED
    if form == "ordinal":
        return day.toordinal(), REFUSED
    return None, REFUSED


@st.composite
def texts(draw: st.DrawFn, base: str = "赤峰红山二手车经销有限公司") -> Case:
    """A name with hostile characters, with the text the boundary reads or :data:`REFUSED`."""
    forms = ["plain", "padded", "ideographic_space", "full_width", "zero_width", "control", "blank"]
    form = draw(st.sampled_from(forms))
    if form == "plain":
        return base, base
    if form == "padded":
        return f"  {base}\t", base
    if form == "ideographic_space":
        return f"\u3000{base}\u3000", base
    if form == "full_width":
        return base + "ＡＢ１２", base + "AB12"
    if form == "zero_width":
        cut = draw(st.integers(1, len(base) - 1))
        return base[:cut] + draw(st.sampled_from(ZERO_WIDTH)) + base[cut:], REFUSED
    if form == "control":
        cut = draw(st.integers(1, len(base) - 1))
        return base[:cut] + draw(st.sampled_from(CONTROLS)) + base[cut:], REFUSED
    return draw(st.sampled_from(["", "   ", "\u3000"])), REFUSED


@st.composite
def contexts(draw: st.DrawFn) -> decimal.Context:
    """A hostile caller's decimal context: low precision, odd rounding, traps on Inexact/Rounded."""
    traps = draw(st.sets(st.sampled_from([decimal.Inexact, decimal.Rounded, decimal.InvalidOperation]), max_size=3))
    return decimal.Context(
        prec=draw(st.integers(1, 12)),
        rounding=draw(
            st.sampled_from(
                [decimal.ROUND_FLOOR, decimal.ROUND_CEILING, decimal.ROUND_DOWN, decimal.ROUND_UP, decimal.ROUND_05UP]
            )
        ),
        Emax=draw(st.sampled_from([999999, 20, 8])),
        Emin=draw(st.sampled_from([-999999, -5])),
        traps=list(traps),
    )


def days_after(day: date, n: int) -> date:
    """``day`` plus ``n`` days (for building coherent records)."""
    return day + timedelta(days=n)
