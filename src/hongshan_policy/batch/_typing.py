"""Type aliases for Arrow arrays (generic in the stubs, plain classes at run time)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import pyarrow as pa

__all__ = ["ArrowArray", "ArrowColumn"]

if TYPE_CHECKING:
    ArrowArray: TypeAlias = pa.Array[Any]
    ArrowColumn: TypeAlias = pa.Array[Any] | pa.ChunkedArray[Any]
else:
    ArrowArray = pa.Array
    ArrowColumn = pa.Array | pa.ChunkedArray
