"""Frames in and out: pandas, polars or pyarrow, through narwhals; column names and aliases.

A policy declares its input :class:`InputField` s (the model's field name, the
Chinese header of the form, other accepted headers). :func:`resolve` maps the
frame's headers to fields, :func:`read_fields` reads each column exactly (see
``_columns``) and collects one bilingual message per bad value, naming the
column; :func:`attach` appends result columns (built as an Arrow table) to the
input as a frame of the same kind, row for row and in order (for pandas, on the
input's own index, so a Dask partition keeps its index).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..errors import InvalidInputError
from ._columns import Column, Kind, read_column
from ._typing import ArrowArray, ArrowColumn

__all__ = ["InputField", "RowErrors", "attach", "eager", "label", "read_fields", "resolve"]


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


_UNIT = re.compile(r"[((](元|平方米|㎡|m²|m2|亩|人|元/平方米/天|元/㎡/天)[))]$")
"""A trailing unit the header may carry; 「(万元)」 is deliberately not one: figures are read as yuan."""


def _normalise(header: str) -> str:
    """Compare headers without blanks, case (for Latin letters) or a trailing unit such as 「(元)」「(平方米)」."""
    text = re.sub(r"\s+", "", str(header))
    return _UNIT.sub("", text).casefold()


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


def resolve(columns: Sequence[str], fields: Sequence[InputField]) -> dict[str, str]:
    """Map each field to the frame column holding it; raise ``InvalidInputError`` if ambiguous or missing."""
    by_header: dict[str, InputField] = {}
    for input_field in fields:
        for header in input_field.headers:
            by_header[_normalise(header)] = input_field
    found: dict[str, list[str]] = {}
    for column in columns:
        match = by_header.get(_normalise(column))
        if match is not None:
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
    return {name: cols[0] for name, cols in found.items()}


def _values(frame: nw.DataFrame[Any], column: str) -> ArrowColumn | list[Any]:
    series = frame.get_column(column)
    if series.dtype in (nw.Object, nw.Unknown):
        return series.to_list()
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
            column = read_column([None] * rows, input_field.kind)
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

        result = pl.from_arrow(table)
        assert isinstance(result, pl.DataFrame)
        return native.hstack(result) if keep_input else result
    if implementation.is_pyarrow():
        if not keep_input:
            return table
        for name in table.column_names:
            native = native.append_column(name, table.column(name))
        return native
    result_frame = nw.from_arrow(table, backend=implementation)
    return (nw.concat([frame, result_frame], how="horizontal") if keep_input else result_frame).to_native()
