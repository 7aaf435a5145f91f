"""Registers on disk: CSV, Excel (.xlsx) and Parquet, read and written through pandas.

CSV is read with every cell as text (so no figure passes through a float) and
written as UTF-8 with a byte-order mark (``utf-8-sig``), which Excel needs to
show Chinese. Excel files go through openpyxl; amounts are written as numbers
with a ``#,##0.00`` format. Parquet keeps Arrow types (decimals, dates) as they
are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InvalidInputError

__all__ = ["FORMATS", "file_format", "read_table", "write_table"]

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".pq": "parquet"}
"""File suffix -> format."""


def file_format(path: str | Path) -> str:
    """The format of ``path`` from its suffix; ``InvalidInputError`` for another suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInputError(
            f"不支持的文件类型 {suffix or '(无扩展名)'}(可用:.csv、.xlsx、.parquet)",
            f"unsupported file type {suffix or '(no suffix)'} (use .csv, .xlsx or .parquet)",
            field="path",
            expected=sorted(FORMATS),
            got=str(path),
        )
    return FORMATS[suffix]


def read_table(path: str | Path, *, encoding: str = "utf-8-sig", sheet: str | int = 0) -> Any:
    """Read a register into a pandas frame (CSV cells as text; blank cells missing)."""
    import pandas as pd

    kind = file_format(path)
    if kind == "csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding)
    if kind == "xlsx":
        return pd.read_excel(path, dtype=object, sheet_name=sheet, engine="openpyxl")
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pandas(types_mapper=pd.ArrowDtype)


def write_table(frame: Any, path: str | Path) -> None:
    """Write a pandas frame as CSV (UTF-8 with BOM), Excel or Parquet, by the suffix of ``path``."""
    import pandas as pd

    kind = file_format(path)
    if kind == "csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif kind == "parquet":
        frame.to_parquet(path, index=False, engine="pyarrow")
    else:
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False)
            sheet = writer.sheets["Sheet1"]
            for position, column in enumerate(frame.columns, start=1):
                if str(frame[column].dtype).startswith("decimal"):
                    for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                        cell.number_format = "#,##0.00"
