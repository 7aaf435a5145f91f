"""``hongshan-policy batch IN -o OUT --policy used-car``: a whole register from file to file.

Reads CSV, Excel or Parquet; evaluates in chunks with a progress bar on
standard error (silent when it is not a terminal); writes the input columns and
the result columns in the output's format; prints one summary line (rows,
eligible, errors, total amount). Exit status: 0 when the batch ran (rows with
errors included, unless ``--fail-on-row-errors``, then 1); 2 when the input
cannot be used at all (unreadable file, unknown format, a required column
missing), with a message and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import PolicyError

__all__ = ["POLICY_NAMES", "add_batch_parser", "run_batch"]

POLICY_NAMES = ("used-car", "hq-rent", "hq-land")
"""The ``--policy`` choices (``batch.POLICIES`` has the same keys; kept here so the parser imports nothing heavy)."""

EXIT_OK = 0
EXIT_ROW_ERRORS = 1
EXIT_BAD_INPUT = 2
CHUNK_ROWS = 50_000
"""Rows per chunk: the progress bar moves once per chunk."""


def add_batch_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``batch`` command to an ``argparse`` sub-parser collection; it runs :func:`run_batch`."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="批量评估 evaluate a register (CSV, Excel or Parquet) into a result file",
        description="批量评估一个申请名册 Evaluate every row of a register; one result row per input row.",
    )
    parser.add_argument("input", help="输入文件 input file (.csv, .xlsx or .parquet)")
    parser.add_argument("-o", "--output", required=True, help="输出文件 output file (.csv, .xlsx or .parquet)")
    parser.add_argument("--policy", default="used-car", choices=POLICY_NAMES, help="政策 policy (default used-car)")
    parser.add_argument(
        "--encoding", default="utf-8-sig", help="CSV 输入编码 encoding of a CSV input (default utf-8-sig; e.g. gbk)"
    )
    parser.add_argument("--sheet", default=0, help="Excel 工作表 sheet name or index (default the first)")
    parser.add_argument(
        "--fail-on-row-errors",
        action="store_true",
        help="有错误行时退出码为1 exit with status 1 if any row has an error",
    )
    parser.set_defaults(run=run_batch)
    return parser


def _error(message: str) -> int:
    print(f"错误 error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _evaluate_in_chunks(frame: Any, policy: str, chunk_rows: int) -> Any:
    import pandas as pd
    from tqdm import tqdm

    from ._policies import evaluate

    rows = len(frame)
    if rows <= chunk_rows:
        with tqdm(total=rows, unit="行", disable=None, file=sys.stderr, desc=policy) as bar:
            result = evaluate(frame, policy)
            bar.update(rows)
        return result
    parts = []
    with tqdm(total=rows, unit="行", disable=None, file=sys.stderr, desc=policy) as bar:
        for start in range(0, rows, chunk_rows):
            part = frame.iloc[start : start + chunk_rows]
            parts.append(evaluate(part, policy))
            bar.update(len(part))
    return pd.concat(parts)


def run_batch(
    args: argparse.Namespace | None = None,
    /,
    *,
    input: str | Path | None = None,
    output: str | Path | None = None,
    policy: str = "used-car",
    encoding: str = "utf-8-sig",
    sheet: str | int = 0,
    fail_on_row_errors: bool = False,
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Run ``batch`` from parsed arguments (``args``) or keyword arguments; return the exit status."""
    if args is not None:
        input, output, policy = args.input, args.output, args.policy
        encoding, fail_on_row_errors = args.encoding, args.fail_on_row_errors
        sheet = int(args.sheet) if str(args.sheet).isdigit() else args.sheet
    if input is None or output is None:
        raise TypeError("run_batch needs an input and an output path")
    try:
        from ._io import read_table, write_table
        from ._summary import summarize
    except ImportError as error:
        return _error(
            f"批量评估需要 analysis 扩展 / batch needs the analysis extra: pip install 'hongshan-policy[analysis]' "
            f"({error.name} is missing)"
        )
    try:
        frame = read_table(input, encoding=encoding, sheet=sheet)
    except PolicyError as error:
        return _error(str(error))
    except FileNotFoundError:
        return _error(f"找不到文件 file not found: {input}")
    except UnicodeDecodeError as error:
        return _error(
            f"无法以 {encoding} 解码 {input} / cannot decode {input} as {encoding} ({error.reason}); "
            "Excel 另存的CSV常为GBK编码,请加 --encoding gbk / a CSV saved by Excel is often GBK: add --encoding gbk"
        )
    except (OSError, ValueError) as error:
        return _error(f"无法读取 cannot read {input}: {error}")
    try:
        result = _evaluate_in_chunks(frame, policy, chunk_rows)
        write_table(result, output)
    except PolicyError as error:
        return _error(str(error))
    except OSError as error:
        return _error(f"无法写入 cannot write {output}: {error}")
    summary = summarize(result)
    print(summary)
    if fail_on_row_errors and summary.errors:
        return EXIT_ROW_ERRORS
    return EXIT_OK
