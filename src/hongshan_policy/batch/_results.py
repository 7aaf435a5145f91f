"""Result columns as Arrow arrays: flags, exact yuan amounts, clause ids and notes.

Amounts leave the kernels as int64 fen and become ``decimal128(18, 2)`` yuan
without any arithmetic: a decimal's storage *is* its unscaled integer, so the
fen are written as the low 64 bits and their sign as the high 64 bits. pandas
receives them as ``ArrowDtype(decimal128(18, 2))`` (``Decimal`` values), polars
as ``Decimal(18, 2)``; both are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ._typing import ArrowArray, ArrowColumn

__all__ = ["AMOUNT_TYPE", "codes_column", "fen_column", "fen_values", "flag_column", "int_column"]

AMOUNT_TYPE = pa.decimal128(18, 2)
"""Yuan with two decimals: up to 9,999,999,999,999,999.99, far above any kernel amount."""


def _validity(valid: NDArray[np.bool_]) -> pa.Buffer | None:
    if valid.all():
        return None
    return pa.py_buffer(np.packbits(valid, bitorder="little").data)


def flag_column(values: NDArray[np.bool_], valid: NDArray[np.bool_]) -> ArrowArray:
    """A boolean column, null where not ``valid`` (both bitmaps packed by numpy, no per-element work)."""
    bits = pa.py_buffer(np.packbits(np.asarray(values, dtype=np.bool_), bitorder="little").data)
    return pa.Array.from_buffers(pa.bool_(), len(values), [_validity(valid), bits])


def int_column(values: NDArray[np.int64], valid: NDArray[np.bool_]) -> ArrowArray:
    """An int64 column, null where not ``valid`` (the values' buffer shared, not copied)."""
    values = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [_validity(valid), pa.py_buffer(values.data)])


def fen_column(fen: NDArray[np.int64], valid: NDArray[np.bool_]) -> ArrowArray:
    """Whole fen as exact ``decimal128(18, 2)`` yuan, null where not ``valid``."""
    fen = np.ascontiguousarray(fen, dtype=np.int64)
    words = np.empty((len(fen), 2), dtype=np.int64)
    words[:, 0] = fen
    np.right_shift(fen, 63, out=words[:, 1])  # the high word is the sign: 0 for the amounts, never negative
    return pa.Array.from_buffers(AMOUNT_TYPE, len(fen), [_validity(valid), pa.py_buffer(words.data)])


def fen_values(array: ArrowColumn) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """The inverse of :func:`fen_column` for any decimal column of scale 2: fen and validity."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    array = array.cast(AMOUNT_TYPE)
    valid: NDArray[np.bool_] = array.is_valid().to_numpy(zero_copy_only=False)
    buffer = array.buffers()[1]
    assert buffer is not None
    words = np.frombuffer(memoryview(buffer), dtype=np.int64).reshape(-1, 2)[array.offset : array.offset + len(array)]
    fen = words[:, 0].copy()
    fen[~valid] = 0
    return fen, valid


def codes_column(codes: NDArray[np.integer[Any]], labels: Sequence[str | None], valid: NDArray[np.bool_]) -> ArrowArray:
    """Small integer codes as the strings ``labels[code]``, dictionary-encoded (a categorical column).

    Null where the label is ``None`` or the row is not ``valid``. Repeated labels
    share one dictionary entry, so a column of long notes costs a byte a row.
    """
    categories = list(dict.fromkeys(label for label in labels if label is not None))
    position = np.array([-1 if label is None else categories.index(label) for label in labels], dtype=np.int8)
    indices = np.take(position, codes)
    shown = indices >= 0
    shown &= valid
    np.maximum(indices, 0, out=indices)
    array = pa.Array.from_buffers(pa.int8(), len(indices), [_validity(shown), pa.py_buffer(indices.data)])
    return pa.DictionaryArray.from_arrays(array, pa.array(categories, pa.string()))
