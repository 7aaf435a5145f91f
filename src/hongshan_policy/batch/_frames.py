"""Frames in and out: pandas, polars or pyarrow, through narwhals; column names and aliases.

A policy declares its input :class:`InputField` s (the model's field name, the
Chinese header of the form, other accepted headers). :func:`resolve` maps the
frame's headers to fields, :func:`read_fields` reads each column exactly (see
``_columns``) and collects one bilingual message per bad value, naming the
column; :func:`attach` appends result columns (built as an Arrow table) to the
input as a frame of the same kind, row for row and in order (for pandas, on the
input's own index, so a Dask partition keeps its index).

Headers are compared without blanks, case or a trailing unit in brackets. A header
in 万元 — 「…(万元)」, 「…（万元）」 (the unit of 附件1's own form, 金额单位:万元) or a
field name with the suffix ``_wan`` — is accepted for a money field and its figures
are converted exactly to yuan (at most 6 decimals in 万元: the fen). A header given
twice is an error naming it; a header answering to no field (other than the
bookkeeping columns of :data:`PASS_THROUGH`) is reported by an
:class:`~hongshan_policy.errors.UnrecognisedColumnsWarning` listing it, never
silently ignored (``warnings.simplefilter("error", UnrecognisedColumnsWarning)``,
the CLI's ``--strict``, makes it an error).
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..errors import InvalidInputError, UnrecognisedColumnsWarning
from ..inputs import wan_to_yuan
from ._columns import Column, Kind, _is_missing, missing_column, read_column
from ._typing import ArrowArray, ArrowColumn

__all__ = [
    "PASS_THROUGH",
    "RESULT_HEADERS",
    "InputField",
    "RowErrors",
    "attach",
    "eager",
    "in_wan",
    "label",
    "read_fields",
    "resolve",
    "unrecognised",
]

PASS_THROUGH = frozenset({"序号", "编号", "备注", "说明", "id", "no", "note", "notes", "remarks"})
"""Bookkeeping columns a register may carry beside the fields: passed through without a warning."""

RESULT_HEADERS: dict[str, str] = {
    "scale_eligible": "规模奖励_符合条件",
    "scale_amount": "规模奖励_金额(元)",
    "scale_first_failed_clause": "规模奖励_首个不符条款",
    "scale_first_applied_row": "规模奖励_同一信用代码首次申请行",
    "growth_eligible": "做大做强奖励_符合条件",
    "growth_amount": "做大做强奖励_金额(元)",
    "growth_first_failed_clause": "做大做强奖励_首个不符条款",
    "total": "合计(元)",
    "rent_eligible": "房屋租赁补贴_符合条件",
    "rent_first_failed_clause": "房屋租赁补贴_首个不符条款",
    **{f"rent_year_{n}": f"房屋租赁补贴_第{n}租赁年度(元)" for n in range(1, 6)},
    "rent_total": "房屋租赁补贴_合计(元)",
    "land_eligible": "土地出让奖补_符合条件",
    "land_amount": "土地出让奖补_金额(元)",
    "land_first_failed_clause": "土地出让奖补_首个不符条款",
    **{f"land_tranche_{n}": f"土地出让奖补_第{n}期(元)" for n in range(1, 5)},
    "warnings": "提示",
    "error": "错误",
}
"""The Chinese header of each result column (CSV and Excel output, ``lang="zh"``)."""


@dataclass(frozen=True, slots=True)
class InputField:
    """One input column: its model field name, how it is read, its Chinese header and other accepted headers."""

    name: str
    kind: Kind
    zh: str
    required: bool
    aliases: tuple[str, ...] = ()
    en: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header accepted for this field: the field name, the Chinese header, then the aliases."""
        return (self.name, self.zh, *self.aliases)


_UNIT = re.compile(r"[(（](元|平方米|㎡|m²|m2|亩|人|元/平方米/天|元/㎡/天)[)）]$")
"""A trailing unit the header may carry (read as is)."""
_WAN = re.compile(r"(?:[(（]万元[)）]|_wan)$", re.IGNORECASE)
"""A trailing 「(万元)」 or ``_wan``: the column's figures are 万元, converted exactly to yuan."""


def _normalise(header: str) -> str:
    """Compare headers without blanks, case (for Latin letters) or a trailing unit such as 「(元)」「(万元)」."""
    text = re.sub(r"\s+", "", str(header))
    return _UNIT.sub("", _WAN.sub("", text)).casefold()


_RESULTS = frozenset(_normalise(name) for pair in RESULT_HEADERS.items() for name in pair)
"""Result columns (of an earlier output read back): known, so never "unrecognised"."""


def in_wan(header: str) -> bool:
    """Whether a header declares its figures in 万元 (「…(万元)」, 「…（万元）」, ``…_wan``)."""
    return _WAN.search(re.sub(r"\s+", "", str(header))) is not None


def find_column(columns: Sequence[str], headers: Iterable[str]) -> str | None:
    """The first of ``columns`` answering to one of ``headers``, compared as :func:`resolve` compares them."""
    wanted = {_normalise(header) for header in headers}
    return next((column for column in columns if _normalise(column) in wanted), None)


def eager(frame: Any) -> nw.DataFrame[Any]:
    """Wrap a pandas, polars or pyarrow frame; refuse lazy ones with a hint."""
    try:
        return nw.from_native(frame, eager_only=True)
    except TypeError:
        raise TypeError(
            f"应为 pandas、polars 或 pyarrow 的数据表 / expected a pandas, polars or pyarrow frame, got "
            f"{type(frame).__module__}.{type(frame).__name__} (Dask: ddf.map_partitions(...); "
            "polars LazyFrame: .collect() first)"
        ) from None


def _refuse_duplicates(columns: Sequence[str]) -> None:
    twice = [column for column, count in Counter(map(str, columns)).items() if count > 1]
    if twice:
        listed = "、".join(map(repr, twice))
        raise InvalidInputError(
            f"表头重复:{listed}(每列表头只能出现一次)",
            f"a header appears more than once: {', '.join(map(repr, twice))} (each header must be unique)",
            field=str(twice[0]),
            expected="unique headers",
            got=twice,
        )


def unrecognised(columns: Sequence[str], fields: Sequence[InputField]) -> list[str]:
    """The columns that answer to none of ``fields`` and are neither bookkeeping columns (:data:`PASS_THROUGH`) nor
    result columns (:data:`RESULT_HEADERS`, in English or Chinese)."""
    known = {_normalise(header) for input_field in fields for header in input_field.headers}
    ignored = known | PASS_THROUGH | _RESULTS
    return [str(column) for column in columns if _normalise(column) not in ignored]


def resolve(columns: Sequence[str], fields: Sequence[InputField], *, warn: bool = True) -> dict[str, str]:
    """Map each field to the frame column holding it; raise ``InvalidInputError`` if ambiguous or missing.

    A header given twice, two headers for one field, a required field without a column, and a 万元 header on
    a field that is not money are errors; unrecognised columns raise an
    :class:`~hongshan_policy.errors.UnrecognisedColumnsWarning` (unless ``warn=False``).
    """
    _refuse_duplicates(columns)
    by_header: dict[str, InputField] = {}
    for input_field in fields:
        for header in input_field.headers:
            by_header[_normalise(header)] = input_field
    found: dict[str, list[str]] = {}
    for column in columns:
        match = by_header.get(_normalise(column))
        if match is not None:
            if in_wan(column) and match.kind != "money":
                raise InvalidInputError(
                    f"列 {column!r} 以万元为单位,但 {match.zh}({match.name})不是金额",
                    f"column {column!r} is in 万元 (10,000 yuan) but {match.name} ({match.zh}) is not an amount",
                    field=match.name,
                    expected="an amount column",
                    got=column,
                )
            found.setdefault(match.name, []).append(column)
    twice = {name: cols for name, cols in found.items() if len(cols) > 1}
    if twice:
        listed = "; ".join(f"{name}: {', '.join(map(repr, cols))}" for name, cols in twice.items())
        raise InvalidInputError(
            f"同一字段有多个列:{listed}",
            f"more than one column for the same field: {listed}",
            field=next(iter(twice)),
            expected="one column per field",
            got=twice,
        )
    missing = [f for f in fields if f.required and f.name not in found]
    if missing:
        listed_zh = "、".join(f"{f.zh}({f.name})" for f in missing)
        listed_en = ", ".join(f"{f.name} ({f.zh})" for f in missing)
        raise InvalidInputError(
            f"缺少必需的列:{listed_zh}",
            f"required columns are missing: {listed_en}",
            field=missing[0].name,
            expected=[f.headers for f in missing],
            got=list(columns),
        )
    if warn:
        unknown = unrecognised(columns, fields)
        if unknown:
            listed = "、".join(map(repr, unknown))
            warnings.warn(
                UnrecognisedColumnsWarning(
                    f"未识别的列(原样保留,不参与评估):{listed}",
                    f"unrecognised columns (passed through, not read): {', '.join(map(repr, unknown))}",
                    field=unknown[0],
                    expected=[f.zh for f in fields],
                    got=unknown,
                ),
                stacklevel=3,
            )
    return {name: cols[0] for name, cols in found.items()}


def _read_wan(values: list[Any], kind: Kind) -> Column:
    """A 万元 column read as yuan: each figure through :func:`hongshan_policy.inputs.wan_to_yuan` (exact, at most
    six decimals in 万元), then by the money reader; a figure it refuses has its own message."""
    converted: list[Any] = []
    refused: dict[int, str] = {}
    for row, value in enumerate(values):
        if _is_missing(value):
            converted.append(None)
            continue
        try:
            converted.append(wan_to_yuan(value, "万元"))
        except InvalidInputError as error:
            converted.append(None)
            refused[row] = f"{error.zh}(单位:万元) / {error.en} (in 万元)"
    column = read_column(converted, kind)
    for row, message in refused.items():
        column.errors[row] = message
        column.present[row] = False
    return column


def _values(frame: nw.DataFrame[Any], column: str) -> ArrowColumn | list[Any]:
    native = frame.to_native()
    if isinstance(native, pa.Table):
        return native.column(column)  # the table's own column, no copy
    series = frame.get_column(column)
    if series.dtype in (nw.Object, nw.Unknown):
        return series.to_list()
    if series.dtype == nw.String and frame.implementation.is_polars():
        import polars as pl

        try:  # polars' own string views, without a copy (read as such by the text and credit-code readers)
            views: ArrowArray = series.to_native().to_arrow(compat_level=pl.CompatLevel.newest())
            return views
        except (pa.ArrowException, TypeError, ValueError, AttributeError):
            pass
    try:
        return series.to_arrow()
    except (pa.ArrowException, TypeError, ValueError):
        return series.to_list()


class RowErrors:
    """The bilingual messages of each row, in field order."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.messages: dict[int, list[str]] = {}

    def add(self, row: int, message: str) -> None:
        """Record one message for ``row``."""
        self.messages.setdefault(row, []).append(message)

    def add_many(self, rows: NDArray[np.bool_] | Iterable[int], message: str) -> None:
        """Record the same message for several rows."""
        indices = np.flatnonzero(rows).tolist() if isinstance(rows, np.ndarray) else rows
        for row in indices:
            self.add(row, message)

    def mask(self) -> NDArray[np.bool_]:
        """True for each row with at least one message."""
        result = np.zeros(self.rows, dtype=np.bool_)
        if self.messages:
            result[np.fromiter(self.messages, dtype=np.intp, count=len(self.messages))] = True
        return result

    def to_arrow(self) -> ArrowArray:
        """The ``error`` column: the messages of a row joined by 「; 」, null for a row without any."""
        if not self.messages:
            return pa.nulls(self.rows, pa.string())
        texts: list[str | None] = [None] * self.rows
        for row, messages in self.messages.items():
            texts[row] = "; ".join(messages)
        return pa.array(texts, pa.string())


def label(input_field: InputField, mapping: dict[str, str]) -> str:
    """How a message names a field: its column header, with the field name if the header is an alias."""
    column = mapping.get(input_field.name, input_field.name)
    return input_field.name if column == input_field.name else f"{column} ({input_field.name})"


def read_fields(
    frame: nw.DataFrame[Any], fields: Sequence[InputField], mapping: dict[str, str], errors: RowErrors
) -> dict[str, Column]:
    """Read every field present; record bad and missing required values in ``errors`` (naming the column)."""
    rows = len(frame)
    columns: dict[str, Column] = {}
    for input_field in fields:
        header = mapping.get(input_field.name)
        if header is None:
            column = missing_column(input_field.kind, rows)
        elif in_wan(header):
            column = _read_wan(frame.get_column(header).to_list(), input_field.kind)
        else:
            column = read_column(_values(frame, header), input_field.kind)
        name = label(input_field, mapping)
        for row, message in sorted(column.errors.items()):
            errors.add(row, f"{name}: {message}")
        if input_field.required:
            absent = ~column.present
            if column.errors:
                absent[list(column.errors)] = False
            errors.add_many(absent, f"{name}: 缺少必填值 / a value is required")
        columns[input_field.name] = column
    return columns


def _to_pandas(table: pa.Table, index: Any) -> Any:
    """Arrow columns as pandas ``ArrowDtype`` columns (exact decimals), dictionary columns as categoricals."""
    import pandas as pd

    columns: dict[str, Any] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        array = column.combine_chunks()
        if isinstance(array, pa.DictionaryArray):
            codes = array.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
            categories = pd.Index(array.dictionary.to_pylist(), dtype=object)
            columns[name] = pd.Categorical.from_codes(codes, categories=categories)
        else:
            columns[name] = pd.arrays.ArrowExtensionArray(array)
    return pd.DataFrame(columns, index=index)


def _to_polars(name: str, column: ArrowColumn) -> Any:
    """One Arrow column as a polars series without copying its buffers; a dictionary column as a categorical series
    gathered from its categories by its indices (polars' own conversion of Arrow dictionaries is several times
    slower)."""
    import polars as pl

    if isinstance(column, pa.ChunkedArray):
        array = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    else:
        array = column
    if isinstance(array, pa.DictionaryArray) and pa.types.is_string(array.dictionary.type):
        categories = pl.Series(name, array.dictionary.to_pylist(), dtype=pl.Categorical)
        indices = pl.from_arrow(array.indices)
        assert isinstance(indices, pl.Series)
        return categories.gather(indices)
    series = pl.from_arrow(array)
    assert isinstance(series, pl.Series)
    return series.alias(name)


def attach(frame: nw.DataFrame[Any], table: pa.Table, *, keep_input: bool = True) -> Any:
    """The result columns of ``table`` after the input's columns, as a native frame of the input's kind."""
    clash = sorted(set(frame.columns) & set(table.column_names)) if keep_input else []
    if clash:
        raise InvalidInputError(
            f"输入已含结果列 {clash}(是否为上次的输出?请删去这些列或使用 keep_input=False)",
            f"the input already has result columns {clash} (an earlier output?): drop them or use keep_input=False",
            field=clash[0],
            expected="no result columns in the input",
            got=clash,
        )
    native = frame.to_native()
    implementation = frame.implementation
    if implementation.is_pandas():
        import pandas as pd

        result = _to_pandas(table, native.index)
        return pd.concat([native, result], axis=1) if keep_input else result
    if implementation.is_polars():
        import polars as pl

        result = pl.DataFrame(
            [_to_polars(name, column) for name, column in zip(table.column_names, table.columns, strict=True)]
        )
        return native.hstack(result) if keep_input else result
    if implementation.is_pyarrow():
        if not keep_input:
            return table
        for name in table.column_names:
            native = native.append_column(name, table.column(name))
        return native
    result_frame = nw.from_arrow(table, backend=implementation)
    return (nw.concat([frame, result_frame], how="horizontal") if keep_input else result_frame).to_native()
