"""Reading one frame column into a kernel array, exactly, with an error per bad row.

Each column is read as one *kind*: ``money`` (yuan, to int64 fen), ``date``
(to day numbers), ``flag`` (bool), ``text`` (a non-blank string) or
``credit_code`` (a GB 32100 code). A column comes in through Arrow when its
type allows, where vectorised fast paths accept only values whose reading is
certain; every other value goes through the input boundary of the library
(:mod:`hongshan_policy.inputs`: ``parse_decimal``, ``parse_date``, ``parse_flag``,
``parse_text``, ``parse_count``; :func:`hongshan_policy.credit_code.validate_credit_code`)
one by one. So a value is accepted exactly when, and as exactly as, the scalar model
would accept it, with the same limits (``inputs.MAX_FEN``, 1949-10-01 to 2100-12-31),
and a float never decides a fen.

Readings (documented in ``docs/batch.md`` and ``docs/reliability.md``):

- null, NaN, and a blank string are *missing*;
- money: int, decimal, or a canonical string (NFKC; thousands separators only in
  groups of three; no exponent, no ``_``); a float64 cell through its shortest
  ``repr`` (a float64 column is a column of numbers); more than two decimals,
  negative values, infinities, amounts above ``MAX_FEN`` and float32 (which cannot
  hold a fen above 167,772.16 yuan) are errors; a decimal *column* whose scale is
  above 2 is read by value (``5.000`` is 5.00 yuan);
- date: a date, ``YYYY-MM-DD``, ``2024/6/12`` or ``2024年6月12日``, or a datetime at
  midnight without a time zone; a time of day, a time zone or a date out of range is
  an error;
- flag: a bool, 0/1 (also a whole float64, from a pandas column with gaps), or
  ``true/false``, ``y/n`` (any case) or ``是/否``;
- count: a whole number (also a whole float64) or a digit string.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from ..credit_code import ALPHABET, WEIGHTS, validate_credit_code
from ..headquarters import BusinessForm, District, validate_industry_code
from ..inputs import (
    DATE_MAX,
    DATE_MIN,
    MAX_FEN,
    MAX_TEXT,
    RATIO_PLACES,
    check_text,
    in_context,
    parse_count,
    parse_date,
    parse_decimal,
    parse_flag,
    parse_text,
)
from ..money import FEN
from ._kernels import EPOCH

__all__ = ["Column", "Kind", "missing_column", "read_column"]

if TYPE_CHECKING:
    ArrowArray: TypeAlias = pa.Array[Any]
    ArrowColumn: TypeAlias = pa.Array[Any] | pa.ChunkedArray[Any]

Kind = Literal[
    "money",
    "date",
    "flag",
    "text",
    "credit_code",
    "ratio",
    "count",
    "industry_code",
    "business_form",
    "district",
    "names",
]

_FLOAT_EXACT_LIMIT = 1e12
"""Below this (yuan), a float64 is the nearest double of at most one fen value, so the fast path is exact."""


class _Missing(Exception):
    """The value is missing (null, NaN, blank)."""


@dataclass(slots=True)
class Column:
    """One column read for the kernels.

    ``values[i]`` is meaningful where ``present[i]``; ``errors`` maps a row to its
    bilingual message (``"中文 / English"``). A row neither present nor in
    ``errors`` is missing.
    """

    values: NDArray[Any]
    present: NDArray[np.bool_]
    errors: dict[int, str] = field(default_factory=dict)
    keys: NDArray[np.uint8] | None = None
    """Credit codes only: each present row's 18 character values (equal codes have equal keys)."""


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def _frame_float(value: Any) -> Any:
    """A float cell of a frame as the text of its shortest ``repr`` (a float64 column is a column of numbers)."""
    if isinstance(value, float):
        return repr(value)
    return value


def _py_money(value: Any) -> int:
    value = _plain(value)
    if _is_missing(value):
        raise _Missing
    number = parse_decimal(_frame_float(value))
    fen = int(number * 100)
    if fen > MAX_FEN:
        raise ValueError(
            f"金额超出可计算范围(最多{MAX_FEN // 100:,}元) / amount out of range (at most {MAX_FEN // 100:,} yuan) "
            f"(got {value!r})"
        )
    return fen


def _py_date(value: Any) -> int:
    value = _plain(value)
    if _is_missing(value):
        raise _Missing
    return parse_date(value).toordinal() - EPOCH.toordinal()


def _py_flag(value: Any) -> bool:
    value = _plain(value)
    if _is_missing(value):
        raise _Missing
    if isinstance(value, float) and value in (0, 1):  # a float64 column of 0/1 (pandas with missing values)
        return bool(value)
    return parse_flag(value)


def _py_text(value: Any) -> str:
    value = _plain(value)
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        raise _Missing
    if isinstance(value, str) and not check_text(value):
        raise _Missing
    return parse_text(value)


def _py_credit_code(value: Any) -> str:
    text = _py_text(value)
    return validate_credit_code(text)


def _py_ratio(value: Any) -> Decimal:
    value = _plain(value)
    if _is_missing(value):
        raise _Missing
    number = parse_decimal(_frame_float(value), places=RATIO_PLACES, maximum=None)
    if number > 1:
        raise ValueError(f"比例应在0到1之间(70%写作0.7) / a ratio must be between 0 and 1 (70% is 0.7) (got {value!r})")
    return number


def _py_count(value: Any) -> int:
    value = _plain(value)
    if _is_missing(value):
        raise _Missing
    if isinstance(value, float) and value.is_integer():  # a float64 column of counts (pandas with missing values)
        value = int(value)
    return parse_count(value)


def _py_industry_code(value: Any) -> str:
    return validate_industry_code(_py_text(value))


def _py_business_form(value: Any) -> BusinessForm:
    text = _py_text(value)
    try:
        return BusinessForm(text)
    except ValueError:
        known = "、".join(form.value for form in BusinessForm)
        raise ValueError(
            f"经营业态应为{known}之一 / the business form must be one of {known} (got {value!r})"
        ) from None


def _py_district(value: Any) -> District:
    text = _py_text(value)
    try:
        return District(text)
    except ValueError:
        known = ";".join(district.value for district in District)
        raise ValueError(f"片区应为{known}之一 / the district must be one of {known} (got {value!r})") from None


_NAME_SEPARATORS = re.compile(r"[、,，;；|]")


def _py_names(value: Any) -> tuple[str, ...]:
    text = _py_text(value)
    return tuple(name.strip() for name in _NAME_SEPARATORS.split(text) if name.strip())


def _scalar_reader(kind: Kind) -> Callable[[Any], Any]:
    return {
        "money": _py_money,
        "date": _py_date,
        "flag": _py_flag,
        "text": _py_text,
        "credit_code": _py_credit_code,
        "ratio": _py_ratio,
        "count": _py_count,
        "industry_code": _py_industry_code,
        "business_form": _py_business_form,
        "district": _py_district,
        "names": _py_names,
    }[kind]


_DTYPES: dict[Kind, type[Any]] = {
    "money": np.int64,
    "date": np.int32,
    "flag": np.bool_,
    "text": np.bool_,
    "credit_code": np.bool_,
    "ratio": object,
    "count": np.int64,
    "industry_code": object,
    "business_form": object,
    "district": object,
    "names": object,
}


def _empty(kind: Kind, n: int) -> Column:
    keys = np.zeros((n, CODE_LENGTH), dtype=np.uint8) if kind == "credit_code" else None
    return Column(np.zeros(n, dtype=_DTYPES[kind]), np.zeros(n, dtype=np.bool_), keys=keys)


def missing_column(kind: Kind, rows: int) -> Column:
    """A column absent from the frame: every row missing (what reading ``rows`` nulls gives, without reading them)."""
    return _empty(kind, rows)


def _fill(column: Column, rows: NDArray[np.intp], values: list[Any], kind: Kind) -> None:
    """Read ``values`` (the Python values of ``rows``) one by one with the scalar reader."""
    reader = _scalar_reader(kind)
    cache: dict[Any, tuple[bool, Any]] = {}
    store = kind not in ("text", "credit_code")
    for row, value in zip(rows.tolist(), values, strict=True):
        try:
            key = (type(value), value)
            hash(key)
        except TypeError:
            key = None
        outcome = cache.get(key) if key is not None else None
        if outcome is None:
            try:
                outcome = (True, reader(value))
            except _Missing:
                outcome = (False, None)
            except ValueError as error:
                outcome = (False, str(error))
            if key is not None and kind not in ("money", "count"):
                cache[key] = outcome
        ok, result = outcome
        if ok:
            column.present[row] = True
            if store:
                column.values[row] = result
            elif column.keys is not None:
                if not column.keys.flags.writeable:
                    column.keys = column.keys.copy()
                column.keys[row] = code_values(str(result))
        elif result is not None:
            column.errors[row] = result


def read_python(values: list[Any], kind: Kind) -> Column:
    """Read a column given as a list of Python values (object columns)."""
    column = _empty(kind, len(values))
    if values.count(None) == len(values):  # an absent column: every value missing
        return column
    rows = [row for row, value in enumerate(values) if value is not None]  # None is missing: nothing to read
    if rows:
        _fill(column, np.array(rows, dtype=np.intp), [values[row] for row in rows], kind)
    return column


def _is_view(kind_type: pa.DataType) -> bool:
    return hasattr(pa.types, "is_string_view") and bool(pa.types.is_string_view(kind_type))


def _is_string(kind_type: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind_type) or pa.types.is_large_string(kind_type)) or (
        hasattr(pa.types, "is_string_view") and bool(pa.types.is_string_view(kind_type))
    )


def _mask(array: ArrowArray) -> NDArray[np.bool_]:
    mask: NDArray[np.bool_] = array.to_numpy(zero_copy_only=False)
    return mask.astype(np.bool_, copy=False)


def _bits(buffer: pa.Buffer, offset: int, rows: int) -> NDArray[np.bool_]:
    """``rows`` bits of an Arrow bitmap from bit ``offset`` on, as a new bool array (no per-element Python)."""
    packed = np.frombuffer(memoryview(buffer), dtype=np.uint8)[offset // 8 : (offset + rows + 7) // 8 + 1]
    bits = np.unpackbits(packed, count=offset % 8 + rows, bitorder="little")[offset % 8 :]
    result: NDArray[np.bool_] = bits.view(np.bool_)
    return result


def _bitmapped(kind_type: pa.DataType) -> bool:
    """Whether an array of this type keeps its validity as the usual bitmap in its first buffer."""
    return not (
        pa.types.is_null(kind_type)
        or pa.types.is_union(kind_type)
        or pa.types.is_dictionary(kind_type)
        or (hasattr(pa.types, "is_run_end_encoded") and pa.types.is_run_end_encoded(kind_type))
    )


def _valid(array: ArrowArray) -> NDArray[np.bool_]:
    """True where the value is not null: all true without nulls, else the validity bitmap unpacked."""
    if array.null_count == 0:
        return np.ones(len(array), dtype=np.bool_)
    if _bitmapped(array.type):
        bitmap = array.buffers()[0]
        if bitmap is not None:
            return _bits(bitmap, array.offset, len(array))
    return _mask(array.is_valid())


def _undecided(array: ArrowArray, column: Column, rows: NDArray[np.bool_], kind: Kind) -> None:
    index = np.flatnonzero(rows)
    if len(index):
        if _is_view(array.type):
            array = array.cast(pa.large_string())  # Arrow's take has no string-view kernel
        _fill(column, index, array.take(index).to_pylist(), kind)


def _money_arrow(array: ArrowArray, column: Column) -> NDArray[np.bool_]:
    """Fast paths for money; returns the rows still to read one by one."""
    kind_type = array.type
    valid = _valid(array)
    if pa.types.is_integer(kind_type):
        values: NDArray[np.int64] = array.cast(pa.int64()).fill_null(0).to_numpy()
        ok = valid & (values >= 0) & (values <= MAX_FEN // 100)
        column.values[ok] = values[ok] * 100
        column.present |= ok
        unread: NDArray[np.bool_] = valid & ~ok
        return unread
    if pa.types.is_float64(kind_type):
        values = array.fill_null(np.nan).to_numpy()
        missing = np.isnan(values)
        with np.errstate(invalid="ignore", over="ignore"):
            cents = np.rint(values * 100)
            ok = (values >= 0) & (values <= _FLOAT_EXACT_LIMIT) & (cents / 100 == values)
        column.values[ok] = cents[ok].astype(np.int64)
        column.present |= ok
        rest: NDArray[np.bool_] = ~missing & ~ok
        return rest
    if pa.types.is_floating(kind_type):
        for row in np.flatnonzero(valid & ~np.isnan(array.cast(pa.float64()).fill_null(0).to_numpy())).tolist():
            column.errors[row] = (
                f"单精度浮点数(float32)无法精确表示到分,请用float64、整数、小数或文本 / "
                f"float32 cannot hold fen exactly: use float64, integers, decimals or text "
                f"(got {array[row].as_py()!r})"
            )
        return np.zeros(len(array), dtype=np.bool_)
    if pa.types.is_decimal128(kind_type) and kind_type.scale <= 2:
        return _decimal_fast(array, column, valid)
    if pa.types.is_decimal(kind_type) and kind_type.scale > 2:
        by_value = [None if v is None else _fen_value(v) for v in array.to_pylist()]
        _fill(column, np.arange(len(array), dtype=np.intp), by_value, "money")
        return np.zeros(len(array), dtype=np.bool_)
    if _is_string(kind_type):
        plain = pc.replace_substring(array, ",", "")
        ok = _mask(
            pc.and_kleene(
                pc.match_substring_regex(array, r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?$"),
                pc.match_substring_regex(plain, r"^[0-9]{1,13}(\.[0-9]{1,2})?$"),
            ).fill_null(False)
        )
        if ok.any():
            parts = pc.extract_regex(plain.filter(pa.array(ok)), r"^(?P<i>[0-9]+)(?:\.(?P<f>[0-9]{1,2}))?$")
            whole = pc.struct_field(parts, [0]).cast(pa.int64()).to_numpy()
            cents = pc.utf8_rpad(pc.struct_field(parts, [1]), width=2, padding="0").cast(pa.int64()).to_numpy()
            column.values[ok] = whole * 100 + cents
            column.present |= ok
        return valid & ~ok
    return valid


def _scale_two(kind_type: pa.DataType) -> bool:
    """A ``decimal128`` of scale 2: its 16-byte little-endian unscaled integers are the fen."""
    return bool(pa.types.is_decimal128(kind_type)) and getattr(kind_type, "scale", None) == 2


def _decimal_fast(array: ArrowArray, column: Column, valid: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """decimal128 of scale ≤ 2: the unscaled integer at scale 2 *is* the fen (read from the buffer)."""
    if _scale_two(array.type):
        scaled = array  # the storage does not depend on the precision: read it as it is, no cast
    else:
        try:
            scaled = array.cast(pa.decimal128(38, 2))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return valid
    buffer = scaled.buffers()[1]
    if buffer is None:
        return valid
    words = np.frombuffer(memoryview(buffer), dtype=np.int64).reshape(-1, 2)[
        scaled.offset : scaled.offset + len(scaled)
    ]
    ok = valid & (words[:, 1] == 0) & (words[:, 0] >= 0) & (words[:, 0] <= MAX_FEN)
    np.copyto(column.values, words[:, 0], where=ok)  # one pass, no masked gathers
    column.present |= ok
    rest: NDArray[np.bool_] = valid & ~ok
    return rest


def _fen_value(value: Decimal) -> Decimal:
    """A decimal column's value by value: 5.000 is 5.00; 5.001 stays as is (and fails as more than 2 decimals)."""
    quantized = value.quantize(FEN)
    return quantized if quantized == value else value


_DAY_MIN = DATE_MIN.toordinal() - EPOCH.toordinal()
_DAY_MAX = DATE_MAX.toordinal() - EPOCH.toordinal()


def _date_arrow(array: ArrowArray, column: Column) -> NDArray[np.bool_]:
    kind_type = array.type
    valid = _valid(array)
    if pa.types.is_date32(kind_type):
        storage = array.buffers()[1]
        if storage is None:
            return valid
        days = np.frombuffer(memoryview(storage), dtype=np.int32)[array.offset : array.offset + len(array)]
        ok = valid & (days >= _DAY_MIN)  # a null's slot holds anything: masked by ``valid``
        ok &= days <= _DAY_MAX
        np.copyto(column.values, days, where=ok, casting="same_kind")
        column.present |= ok
        outside: NDArray[np.bool_] = valid & ~ok
        return outside
    if pa.types.is_timestamp(kind_type) and kind_type.tz is None:
        per_day = {"s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}[kind_type.unit]
        ticks = array.cast(pa.int64()).fill_null(0).to_numpy()
        whole = ticks // per_day
        ok = valid & (ticks % per_day == 0) & (whole >= _DAY_MIN) & (whole <= _DAY_MAX)
        column.values[ok] = whole[ok].astype(np.int32)
        column.present |= ok
        late: NDArray[np.bool_] = valid & ~ok
        return late
    if _is_string(kind_type):
        _by_unique(array, column, "date")
        return np.zeros(len(array), dtype=np.bool_)
    return valid


def _by_unique(array: ArrowArray, column: Column, kind: Kind) -> None:
    """Read each distinct value once (dates and flags repeat a lot)."""
    encoded = array.dictionary_encode()
    dictionary = encoded.dictionary.to_pylist()
    unique = _empty(kind, len(dictionary))
    _fill(unique, np.arange(len(dictionary), dtype=np.intp), dictionary, kind)
    valid = _valid(encoded.indices)
    indices = encoded.indices.fill_null(0).to_numpy()
    if not len(dictionary):
        return
    present = valid & unique.present[indices]
    column.values[present] = unique.values[indices[present]]
    column.present |= present
    for position, message in unique.errors.items():
        for row in np.flatnonzero(valid & (indices == position)).tolist():
            column.errors[row] = message


def _flag_arrow(array: ArrowArray, column: Column) -> NDArray[np.bool_]:
    valid = _valid(array)
    if pa.types.is_boolean(array.type):
        storage = array.buffers()[1]
        held = _bits(storage, array.offset, len(array)) if storage is not None else _mask(array.fill_null(False))
        np.logical_and(held, valid, out=column.values)  # a null's bit holds anything: masked by ``valid``
        column.present |= valid
        return np.zeros(len(array), dtype=np.bool_)
    try:
        _by_unique(array, column, "flag")
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return valid
    return np.zeros(len(array), dtype=np.bool_)


_INLINE = 12
"""A string view of at most this many bytes holds them in the view itself (Arrow's ``string_view`` layout)."""


def _view_layout(array: ArrowArray) -> tuple[NDArray[np.int64], NDArray[np.uint8]] | None:
    """A ``string_view`` column (polars' own strings) read as offsets into its one data buffer, without a copy, when
    every value lies out of line, one after the other in row order (nulls included); else None (the caller casts).
    """
    buffers = array.buffers()
    if len(buffers) != 3 or buffers[1] is None or buffers[2] is None or not len(array):
        return None
    views = np.frombuffer(memoryview(buffers[1]), dtype=np.int32).reshape(-1, 4)[
        array.offset : array.offset + len(array)
    ]
    lengths, starts = views[:, 0], views[:, 3]
    if lengths.min() <= _INLINE:
        return None
    ends = starts.astype(np.int64) + lengths
    data = np.frombuffer(memoryview(buffers[2]), dtype=np.uint8)
    if starts.min() < 0 or ends[-1] > len(data) or not np.array_equal(starts[1:], ends[:-1]):
        return None
    offsets = np.empty(len(array) + 1, dtype=np.int64)
    offsets[0] = starts[0]
    offsets[1:] = ends
    return offsets, data


def _utf8(array: ArrowArray) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
    """Zero-copy views of a string column: offsets (``len + 1``, into ``data``) and the UTF-8 bytes."""
    if _is_view(array.type):
        layout = _view_layout(array)
        if layout is not None:
            return layout
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        array = array.cast(pa.large_string())
    offset_buffer, data_buffer = array.buffers()[1:3]
    assert offset_buffer is not None
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    offsets = np.frombuffer(memoryview(offset_buffer), dtype=width)[array.offset : array.offset + len(array) + 1]
    data = np.frombuffer(memoryview(data_buffer), dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    return offsets.astype(np.int64, copy=False), data


_NOT_PLAIN, _NOT_BLANK = 1, 2
_PLAIN_BYTES = np.full(256, _NOT_PLAIN, dtype=np.uint8)
_PLAIN_BYTES[0x20] = 0
_PLAIN_BYTES[0x21:0x7F] = _NOT_BLANK
_PLAIN_BYTES[0x80:0xC0] = 0  # continuation bytes
_PLAIN_BYTES[0xE4:0xEA] = _NOT_BLANK  # lead bytes of U+4000..U+9FFF (CJK unified ideographs)
"""Byte classes of *plain* UTF-8 text: printable ASCII and the characters U+4000–U+9FFF. Plain text is left
unchanged by NFKC, holds no character :func:`~hongshan_policy.inputs.check_text` refuses, and its only blank is
the ASCII space; anything else (controls, other scripts, full-width forms…) goes through the scalar reader. A test
checks each of these facts character by character."""


def _row_or(flags: NDArray[np.uint8], offsets: NDArray[np.int64]) -> NDArray[np.uint8]:
    """The bitwise OR of ``flags`` (the bytes from ``offsets[0]`` on) over each row's bytes (0 for an empty row)."""
    starts, ends = offsets[:-1], offsets[1:]
    result = np.zeros(len(starts), dtype=np.uint8)
    filled = ends > starts
    if filled.any():
        result[filled] = np.bitwise_or.reduceat(flags, starts[filled] - offsets[0])
    return result


_SCAN_BYTES = 1 << 18
"""Bytes per step of :func:`_all_plain`: its scratch buffer stays in the CPU cache."""


def _all_plain(used: NDArray[np.uint8]) -> bool:
    """Whether every byte is plain and not a space (printable ASCII but the space, continuation bytes, lead bytes
    of U+4000–U+9FFF), by min/max reductions over a cached scratch buffer instead of a table look-up per byte."""
    if not len(used):
        return True
    if used.min() < 0x21 or used.max() > 0xE9:  # controls, spaces; lead bytes from U+A000 on
        return False
    scratch = np.empty(min(len(used), _SCAN_BYTES), dtype=np.uint8)
    for start in range(0, len(used), _SCAN_BYTES):
        part = used[start : start + _SCAN_BYTES]
        shifted = scratch[: len(part)]
        np.subtract(part, np.uint8(0xC0), out=shifted)  # lead bytes C0–E3 (U+0080–U+3FFF) become 0x00–0x23
        if shifted.min() <= 0x23:
            return False
        np.bitwise_xor(part, np.uint8(0x7F), out=shifted)  # DEL becomes 0
        if shifted.min() == 0:
            return False
    return True


def _text_arrow(array: ArrowArray, column: Column) -> NDArray[np.bool_]:
    """Plain text (see :data:`_PLAIN_BYTES`) with a non-blank character and at most ``MAX_TEXT`` bytes is text;
    the rest goes through :func:`hongshan_policy.inputs.parse_text`."""
    valid = _valid(array)
    if not _is_string(array.type):
        return valid
    offsets, data = _utf8(array)
    used = data[offsets[0] : offsets[-1]]
    lengths = np.diff(offsets)
    # All plain without a space: any non-empty value is text (valid UTF-8 is never continuation bytes only).
    seen = np.where(lengths > 0, _NOT_BLANK, 0) if _all_plain(used) else _row_or(_PLAIN_BYTES[used], offsets)
    ok = valid & (seen == _NOT_BLANK)
    ok &= lengths <= MAX_TEXT
    column.present |= ok
    rest: NDArray[np.bool_] = valid & ~ok
    return rest


_CODE_VALUES = np.full(256, 255, dtype=np.uint8)
for _value, _character in enumerate(ALPHABET):
    _CODE_VALUES[ord(_character)] = _value
    _CODE_VALUES[ord(_character.lower())] = _value  # "a".upper() == "A": the scalar reader upper-cases
_CODE_TABLE = bytes(_CODE_VALUES.tolist())
"""The same as a ``bytes.translate`` table: one C loop over the bytes, no index array per byte."""
_CODE_WEIGHTS = tuple(np.uint16(weight) for weight in WEIGHTS)
CODE_LENGTH = 18


def code_values(code: str) -> NDArray[np.uint8]:
    """The 18 character values of a validated credit code (the key that tells codes apart)."""
    return _CODE_VALUES[np.frombuffer(code.encode("ascii"), dtype=np.uint8)]


_CODE_BLOCK = 1 << 13
"""Codes per step of the credit-code check: a step's bytes and sums stay in the CPU cache across its passes."""


def _check_block(
    values: NDArray[np.uint8], total: NDArray[np.uint16], term: NDArray[np.uint16], ok: NDArray[np.bool_]
) -> None:
    """GB 32100 on a block of codes' character values (rows of 18): ``ok`` where every character is of the alphabet,
    characters 3–8 are digits and the check character is right; ``total`` and ``term`` are scratch."""
    np.multiply(values[:, 0], _CODE_WEIGHTS[0], out=total)  # at most 30 × 30 × 17 = 15,300 for known characters
    for position in range(1, CODE_LENGTH - 1):
        np.multiply(values[:, position], _CODE_WEIGHTS[position], out=term)
        total += term
    total %= 31
    np.subtract(np.uint16(31), total, out=total)
    total %= 31
    np.equal(total, values[:, CODE_LENGTH - 1], out=ok)
    if values.max(initial=0) == 255:  # a character outside the alphabet (its sum may wrap: refused here anyway)
        ok &= values.max(axis=1) != 255
    if values[:, 2:8].max(initial=0) >= 10:
        ok &= values[:, 2:8].max(axis=1) < 10


def _check_codes(values: NDArray[np.uint8], ok: NDArray[np.bool_], raw: NDArray[np.uint8] | None = None) -> None:
    """:func:`_check_block` block by block into ``ok``; with ``raw`` (the codes' bytes, 18 a row, in order) the
    character values are first translated from it into ``values``, block by block too."""
    rows = len(values)
    total = np.empty(min(rows, _CODE_BLOCK), dtype=np.uint16)
    term = np.empty_like(total)
    for start in range(0, rows, _CODE_BLOCK):
        stop = min(start + _CODE_BLOCK, rows)
        if raw is None:
            block = values[start:stop]
        else:
            translated = raw[CODE_LENGTH * start : CODE_LENGTH * stop].tobytes().translate(_CODE_TABLE)
            block = np.frombuffer(translated, dtype=np.uint8).reshape(-1, CODE_LENGTH)
            values[start:stop] = block
        _check_block(block, total[: stop - start], term[: stop - start], ok[start:stop])


def _credit_code_arrow(array: ArrowArray, column: Column) -> NDArray[np.bool_]:
    """GB 32100-2015 over all codes, column by column in narrow integers, on a view of the bytes, a cached block of
    rows at a time.

    Only codes of exactly 18 ASCII characters of the code's alphabet (either case) are decided here; the
    character values are kept in ``column.keys`` (equal codes, equal keys). Anything else (blanks around,
    full-width characters, wrong codes) goes through the scalar reader, which gives the message.
    """
    valid = _valid(array)
    if not _is_string(array.type):
        return valid
    offsets, data = _utf8(array)
    starts = offsets[:-1]
    candidate = valid & (np.diff(offsets) == CODE_LENGTH)
    assert column.keys is not None
    if len(starts) and candidate.all() and starts[-1] - starts[0] == CODE_LENGTH * (len(starts) - 1):
        raw = data[starts[0] : starts[0] + CODE_LENGTH * len(starts)]  # every row: 18 bytes, in order
        ok = np.empty(len(starts), dtype=np.bool_)
        _check_codes(column.keys, ok, raw)  # the keys: the character values of every row
        column.present |= ok
    else:
        index = np.flatnonzero(candidate)
        gathered = data[starts[index][:, None] + np.arange(CODE_LENGTH)] if len(index) else np.zeros((0, 18), np.uint8)
        values = _CODE_VALUES[gathered]
        ok = np.empty(len(values), dtype=np.bool_)
        _check_codes(values, ok)
        column.present[index[ok]] = True
        column.keys[index[ok]] = values[ok]
    rest: NDArray[np.bool_] = valid & ~column.present
    return rest


def _objects_arrow(array: ArrowArray, column: Column, kind: Kind) -> NDArray[np.bool_]:
    """Kinds read by their scalar reader, once per distinct value."""
    try:
        _by_unique(array, column, kind)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return _valid(array)
    return np.zeros(len(array), dtype=np.bool_)


_ARROW_READERS: dict[Kind, Callable[[ArrowArray, Column], NDArray[np.bool_]]] = {
    "money": _money_arrow,
    "date": _date_arrow,
    "flag": _flag_arrow,
    "text": _text_arrow,
    "credit_code": _credit_code_arrow,
    **{
        kind: partial(_objects_arrow, kind=kind)
        for kind in ("ratio", "count", "industry_code", "business_form", "district", "names")
    },
}


def read_arrow(values: ArrowColumn, kind: Kind) -> Column:
    """Read an Arrow column: fast paths where certain, the scalar readers for the rest."""
    array = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if isinstance(array, pa.DictionaryArray):
        array = array.dictionary_decode()
    if kind not in ("text", "credit_code") and _is_view(array.type):
        array = array.cast(pa.large_string())  # the other readers' compute functions read plain strings
    column = _empty(kind, len(array))
    if pa.types.is_null(array.type):
        return column
    rest = _ARROW_READERS[kind](array, column)
    _undecided(array, column, rest, kind)
    return column


@in_context
def read_column(values: ArrowColumn | list[Any], kind: Kind) -> Column:
    """Read a column given as Arrow or as a list of Python values."""
    if isinstance(values, list):
        return read_python(values, kind)
    return read_arrow(values, kind)
