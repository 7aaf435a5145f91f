"""Registers on disk: CSV, Excel (.xlsx), Parquet and JSON Lines (.jsonl), read strictly and written safely.

Reading (:func:`read_table`):

- **CSV** is decoded by the library's file boundary (UTF-8 with or without a byte-order mark, UTF-16 with
  one, GB18030/GBK detected with a notice; ``encoding`` names another) and parsed with every cell as text,
  so no figure passes through a float. A header given twice is an error naming it (never renamed ``X.1``);
  a row with more or fewer cells than the header (a trailing comma) is an error naming its line, never a
  shifted row. Blank lines are skipped.
- **Excel** through openpyxl, the first row as the header (same checks); a file that is not a real .xlsx
  (a text file so named) is an error, not a ``BadZipFile``.
- **Parquet** keeps Arrow types (decimals, dates) as they are.
- **JSON Lines**: one flat JSON object per line, through the strict JSON reader (numbers exact, duplicate
  keys refused); the columns are the keys in order of first appearance, a key absent from a line is blank.

Writing (:func:`write_table`): to a temporary file in the target's folder, moved into place when complete
(a full disk never truncates an existing file); an existing file only with ``overwrite=True``; never onto
an input. CSV is UTF-8 with a byte-order mark (which Excel needs to show Chinese), CRLF line ends, every
cell holding a line break quoted. In CSV and Excel, text cells that a spreadsheet would run as a formula
(``= + - @``, tab, carriage return) get a leading apostrophe; numbers stay numbers. Excel amounts are
numeric cells formatted ``#,##0.00``, text cells are always text (never a live formula), the header row is
frozen and the sheet is named. Result columns carry Chinese headers (``lang="zh"``, the default) or their
English names (``lang="en"``) in CSV and Excel; Parquet and JSON Lines keep the English names.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from .. import _files, _jsonio
from ..errors import InputFileError, InvalidInputError
from ._frames import RESULT_HEADERS

__all__ = ["FORMATS", "RESULT_HEADERS", "file_format", "read_table", "write_table"]

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl"}
"""File suffix -> format."""

Lang = Literal["zh", "en"]

SHEET_NAMES: dict[str, str] = {"zh": "评估结果", "en": "results"}
"""The name of the result sheet in an Excel output."""


def file_format(path: str | Path) -> str:
    """The format of ``path`` from its suffix; ``InvalidInputError`` for another suffix."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInputError(
            f"不支持的文件类型 {suffix or '(无扩展名)'}(可用:.csv、.xlsx、.parquet、.jsonl)",
            f"unsupported file type {suffix or '(no suffix)'} (use .csv, .xlsx, .parquet or .jsonl)",
            field="path",
            expected=sorted(FORMATS),
            got=str(path),
        )
    return FORMATS[suffix]


def _shape_error(path: str | Path, zh: str, en: str, got: Any) -> InputFileError:
    return InputFileError(zh, en, field=str(path), expected="a rectangular table with one header row", got=got)


def _check_header(path: str | Path, header: list[Any]) -> list[str]:
    names = ["" if cell is None else str(cell).strip() for cell in header]
    seen: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if name in seen and name:
            raise _shape_error(
                path,
                f"表头 {name!r} 出现两次(第{seen[name]}列和第{position}列)",
                f"the header {name!r} appears twice (columns {seen[name]} and {position})",
                name,
            )
        seen.setdefault(name, position)
    return names


def _drop_blank_headers(
    path: str | Path, names: list[str], rows: Sequence[Sequence[Any]]
) -> tuple[list[str], list[int]]:
    """Keep the columns that have a header; a column without one must be empty (Excel's trailing blanks)."""
    keep = [i for i, name in enumerate(names) if name]
    for i, name in enumerate(names):
        if not name and any(row[i] not in (None, "") for row in rows):
            raise _shape_error(
                path,
                f"第{i + 1}列有数据但没有表头",
                f"column {i + 1} has values but no header",
                i + 1,
            )
    return [names[i] for i in keep], keep


def _frame(names: list[str], columns: list[list[Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(dict(zip(names, columns, strict=True)), columns=names, dtype=object)


def _read_csv(path: str | Path, encoding: str | None) -> Any:
    """CSV through Arrow's parser (every cell text), after the header is read and checked by the ``csv`` module."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    text = _files.read_text(path, encoding=encoding).text
    first = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(first, None)
    except csv.Error as error:
        raise _shape_error(path, f"表头格式有误:{error}", f"malformed header: {error}", str(error)) from None
    if header is None:
        raise _shape_error(path, "文件是空的", "the file is empty", "")
    names = _check_header(path, header)
    width = len(names)
    placeholders = [f"c{i}" for i in range(width)]
    ragged: list[tuple[int | None, int]] = []

    def refuse_row(row: pcsv.InvalidRow) -> Literal["skip", "error"]:
        if row.actual_columns == 1 and not row.text.strip():
            return "skip"  # a line of blanks
        ragged.append((row.number, row.actual_columns))
        return "skip"

    try:
        table = pcsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pcsv.ReadOptions(column_names=placeholders, skip_rows=first.line_num, use_threads=False),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, invalid_row_handler=refuse_row),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(placeholders, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError) as error:
        zh, en = f"CSV格式有误:{error}", f"malformed CSV: {error}"
        raise _shape_error(path, zh, en, str(error)) from None
    if ragged:
        shown_zh = "、".join(f"第{line or '?'}行有{cells}个" for line, cells in ragged[:5])
        shown_en = ", ".join(f"line {line or '?'} has {cells}" for line, cells in ragged[:5])
        more = f"(共{len(ragged)}行)" if len(ragged) > 5 else ""
        raise _shape_error(
            path,
            f"行的单元格数与表头({width}个)不符:{shown_zh}{more};请检查多余或缺少的逗号",
            f"rows whose number of cells differs from the header's {width}: {shown_en}"
            f"{f' ({len(ragged)} rows)' if more else ''}; look for an extra or a missing comma",
            [line for line, _ in ragged],
        )
    columns = [[None if cell == "" else cell for cell in column.to_pylist()] for column in table.columns]
    if all(names):
        return _frame(names, columns)
    names, keep = _drop_blank_headers(path, names, list(zip(*columns, strict=True)))
    return _frame(names, [columns[i] for i in keep])


def _read_xlsx(path: str | Path, sheet: str | int) -> Any:
    import openpyxl  # type: ignore[import-untyped]

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputFileError(
            "不是有效的 Excel (.xlsx) 文件(可能是改了扩展名的文本或CSV文件)",
            f"not a valid Excel (.xlsx) file (perhaps a text or CSV file renamed): {type(error).__name__}",
            field=str(path),
            expected="an .xlsx workbook",
            got=type(error).__name__,
        ) from None
    try:
        names_available = book.sheetnames
        if isinstance(sheet, int):
            if not 0 <= sheet < len(names_available):
                raise InputFileError(
                    f"没有第{sheet}个工作表(共{len(names_available)}个)",
                    f"there is no sheet {sheet} (the workbook has {len(names_available)})",
                    field="--sheet",
                    expected=names_available,
                    got=sheet,
                )
            worksheet = book[names_available[sheet]]
        elif sheet in names_available:
            worksheet = book[sheet]
        else:
            raise InputFileError(
                f"没有名为 {sheet!r} 的工作表(有:{'、'.join(names_available)})",
                f"there is no sheet named {sheet!r} (the workbook has: {', '.join(names_available)})",
                field="--sheet",
                expected=names_available,
                got=sheet,
            )
        iterator = worksheet.iter_rows(values_only=True)
        header = next(iterator, None)
        if header is None:
            raise _shape_error(path, "工作表是空的", "the sheet is empty", "")
        names = _check_header(path, list(header))
        width = len(names)
        rows = []
        for row in iterator:
            cells = list(row[:width]) + [None] * (width - len(row))
            if any(cell not in (None, "") for cell in row[width:]):
                raise _shape_error(path, "有数据超出表头范围", "some cells lie beyond the last header", width)
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            rows.append(cells)
    finally:
        book.close()
    names, keep = _drop_blank_headers(path, names, rows)
    return _frame(names, [[row[i] for row in rows] for i in keep])


def _read_jsonl(path: str | Path, encoding: str | None) -> Any:
    text = _files.read_text(path, encoding=encoding).text
    rows: list[dict[str, Any]] = []
    names: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        record = _jsonio.loads(line, name=f"{path} 第{number}行 line {number}")
        if not isinstance(record, dict):
            raise _shape_error(
                path,
                f"第{number}行应为一个JSON对象",
                f"line {number} must be one JSON object",
                type(record).__name__,
            )
        for key, value in record.items():
            if isinstance(value, dict | list):
                raise _shape_error(
                    path,
                    f"第{number}行的 {key!r} 应为单个值(不能嵌套)",
                    f"line {number}: {key!r} must be a single value (not nested)",
                    key,
                )
            names.setdefault(key, None)
        rows.append(record)
    order = list(names)
    return _frame(order, [[row.get(name) for row in rows] for name in order])


def read_table(path: str | Path, *, encoding: str | None = None, sheet: str | int = 0) -> Any:
    """Read a register into a pandas frame (CSV cells as text; blank cells missing); see the module's docstring.

    ``encoding`` (CSV and JSON Lines) names the text encoding; by default it is detected. Raises
    :class:`~hongshan_policy.errors.InputFileError` for a file that cannot be used as a table.
    """
    kind = file_format(path)
    if encoding is not None:
        _files.check_encoding(encoding)
    if kind != "parquet" and not Path(path).is_file():
        _files.read_bytes(path, limit=0)  # raises the right InputFileError (missing, a folder, unreadable)
    if kind == "csv":
        return _read_csv(path, encoding)
    if kind == "jsonl":
        return _read_jsonl(path, encoding)
    if kind == "xlsx":
        return _read_xlsx(path, sheet)
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise InputFileError(
            f"不是有效的 Parquet 文件:{error}",
            f"not a valid Parquet file: {error}",
            field=str(path),
            expected="a Parquet file",
            got=type(error).__name__,
        ) from None
    _check_header(path, table.column_names)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


# --------------------------------------------------------------------------- writing


def _headers(columns: Iterable[Any], lang: str, *, spreadsheet: bool) -> list[str]:
    names = [str(column) for column in columns]
    if spreadsheet and lang == "zh":
        result = [RESULT_HEADERS.get(name, name) for name in names]
        if len(set(result)) == len(result):
            names = result
    return [str(_files.neutralise_cell(name)) for name in names] if spreadsheet else names


def _plain(value: Any) -> Any:
    """A frame cell as a plain Python value (``None`` for every kind of missing)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalars
    if isinstance(value, float) and value != value:
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _rows(frame: Any) -> Iterable[tuple[Any, ...]]:
    columns = [frame[column].astype(object).tolist() for column in frame.columns]
    return zip(*columns, strict=True) if columns else iter(())


def _neutralised(frame: Any) -> Any:
    """``frame`` with every text cell a spreadsheet would run as a formula prefixed by ``'``; headers by position."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    columns: dict[int, Any] = {}
    for position in range(frame.shape[1]):
        series = frame.iloc[:, position]
        columns[position] = series
        if isinstance(series.dtype, pd.CategoricalDtype):
            categories = series.cat.categories
            if categories.dtype == object:
                columns[position] = series.cat.rename_categories([_files.neutralise_cell(c) for c in categories])
            continue
        if series.dtype != object and not pd.api.types.is_string_dtype(series.dtype):
            continue
        try:
            text = pa.array(series, type=pa.string(), from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):  # mixed values: cell by cell
            columns[position] = series.map(_files.neutralise_cell)
            continue
        if pc.any(pc.match_substring_regex(text, r"^[=+\-@\t\r]")).as_py():
            columns[position] = series.map(_files.neutralise_cell)
    return pd.DataFrame(columns, index=frame.index)


def _write_csv(frame: Any, target: Path, lang: str) -> None:
    safe = _neutralised(frame)
    safe.columns = _headers(frame.columns, lang, spreadsheet=True)
    safe.to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


XLSX_MAX_ROWS = 1_048_576
"""Rows in an Excel sheet, the header included."""
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters an .xlsx (XML 1.0) cannot hold; written as visible escapes (``\\x01``)."""


def _xlsx_text(text: str) -> str:
    text = _XML_ILLEGAL.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)
    return str(_files.neutralise_cell(text))


def _write_xlsx(frame: Any, target: Path, lang: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    if len(frame) + 1 > XLSX_MAX_ROWS:
        raise InvalidInputError(
            f"行数({len(frame):,})超过 Excel 工作表的上限 {XLSX_MAX_ROWS - 1:,} 行;请输出为 .csv 或 .parquet",
            f"{len(frame):,} rows exceed an Excel sheet's {XLSX_MAX_ROWS - 1:,}: write .csv or .parquet instead",
            field="--output",
            expected=f"at most {XLSX_MAX_ROWS - 1} rows",
            got=len(frame),
        )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET_NAMES[lang])
    sheet.freeze_panes = "A2"
    header = []
    for name in _headers(frame.columns, lang, spreadsheet=True):
        cell = WriteOnlyCell(sheet, value=_xlsx_text(name))
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    for row in _rows(frame):
        cells = []
        for value in row:
            plain = _plain(value)
            if isinstance(plain, str):
                cell = WriteOnlyCell(sheet, value=_xlsx_text(plain))
                cell.data_type = "s"  # text, never a formula
            else:
                cell = WriteOnlyCell(sheet, value=plain)
                if isinstance(plain, Decimal):
                    cell.number_format = "#,##0.00"
                elif isinstance(plain, datetime | date):
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    book.save(target)


def _json_value(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write_jsonl(frame: Any, target: Path) -> None:
    names = [str(column) for column in frame.columns]
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        for row in _rows(frame):
            record = {name: _json_value(value) for name, value in zip(names, row, strict=True)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_table(
    frame: Any,
    path: str | Path,
    *,
    overwrite: bool = False,
    inputs: Iterable[str | os.PathLike[str]] = (),
    lang: Lang = "zh",
) -> None:
    """Write a pandas frame as CSV, Excel, Parquet or JSON Lines by the suffix of ``path`` (module docstring).

    Refuses (:class:`~hongshan_policy.errors.OutputFileError`) an existing ``path`` unless ``overwrite``, and
    any ``path`` that is one of ``inputs``; the file appears only once completely written.
    """
    kind = file_format(path)
    if lang not in SHEET_NAMES:
        raise InvalidInputError(
            f"未知的语言 {lang!r}", f"unknown language {lang!r}", field="--lang", expected="zh | en", got=lang
        )
    with _files.atomic_output(path, overwrite=overwrite, inputs=inputs) as scratch:
        if kind == "csv":
            _write_csv(frame, scratch, lang)
        elif kind == "xlsx":
            _write_xlsx(frame, scratch, lang)
        elif kind == "jsonl":
            _write_jsonl(frame, scratch)
        else:
            frame.to_parquet(scratch, index=False, engine="pyarrow")
