"""``hongshan-policy batch IN -o OUT --policy used-car``: a whole register from file to file.

Reads CSV, Excel, Parquet or JSON Lines; evaluates in chunks with a progress bar on
standard error (silent when it is not a terminal); writes the input columns and
the result columns in the output's format (Chinese result headers in CSV and
Excel unless ``--lang en``); prints one summary line (rows, eligible, errors, total
amount). The output is refused if it exists (unless ``--overwrite``) or is the
input, and appears only once completely written. Unrecognised input columns are
listed on standard error (``--strict``: an error). Exit status: 0 when the batch
ran (rows with errors included, unless ``--fail-on-row-errors``, then 1); 2 when
the input cannot be used at all (unreadable file, unknown format or encoding, a
required column missing, a ragged row, a duplicated header) or the output cannot
be written, with a message and no traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

from ..errors import PolicyError, UnrecognisedColumnsWarning
from ..registry import POLICIES

__all__ = ["POLICY_NAMES", "add_batch_parser", "run_batch"]

POLICY_NAMES = tuple(POLICIES)
"""The ``--policy`` choices: the registry's register policies (``batch.POLICIES`` has the same keys; read from the
registry, not from the frame functions, so that the parser imports nothing heavy)."""
DEFAULT_POLICY = POLICY_NAMES[0]
"""The policy of ``--policy`` when none is given: the registry's first."""

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
    parser.add_argument("input", help="输入文件 input file (.csv, .xlsx, .parquet or .jsonl)")
    parser.add_argument("-o", "--output", required=True, help="输出文件 output file (.csv, .xlsx, .parquet or .jsonl)")
    parser.add_argument(
        "--policy", default=DEFAULT_POLICY, choices=POLICY_NAMES, help=f"政策 policy (default {DEFAULT_POLICY})"
    )
    parser.add_argument(
        "--encoding",
        default=None,
        help="CSV/JSONL 输入编码 encoding of a text input (default: UTF-8, UTF-16 with BOM, or GBK detected; e.g. gbk)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="覆盖已有的输出文件 replace the output file if it exists"
    )
    parser.add_argument(
        "--strict", action="store_true", help="有未识别的列时报错 refuse a register with unrecognised columns"
    )
    parser.add_argument(
        "--lang",
        default="zh",
        choices=("zh", "en"),
        help="结果列表头语言 headers of the result columns in CSV/Excel: zh (default) or en",
    )
    parser.add_argument(
        "--debug", action="store_true", help="内部错误时显示调用栈 show the trace of an internal error (exit 70)"
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


def _fields(policy: str) -> Any:
    from ._policies import input_fields

    return input_fields(policy)


def _show_notice(message: Any, *_: Any, **__: Any) -> None:
    print(f"注意 notice: {message}", file=sys.stderr)


def run_batch(
    args: argparse.Namespace | None = None,
    /,
    *,
    input: str | Path | None = None,
    output: str | Path | None = None,
    policy: str = DEFAULT_POLICY,
    encoding: str | None = None,
    sheet: str | int = 0,
    fail_on_row_errors: bool = False,
    chunk_rows: int = CHUNK_ROWS,
    overwrite: bool = False,
    strict: bool = False,
    lang: str = "zh",
) -> int:
    """Run ``batch`` from parsed arguments (``args``) or keyword arguments; return the exit status.

    Notices (an encoding detected, unrecognised columns) are printed on standard error; with ``strict``
    unrecognised columns are an error (status 2).
    """
    if args is not None:
        input, output, policy = args.input, args.output, args.policy
        encoding, fail_on_row_errors = args.encoding, args.fail_on_row_errors
        overwrite, strict, lang = args.overwrite, args.strict, args.lang
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
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _show_notice
        try:
            from .._files import check_output
            from ._frames import resolve

            check_output(output, overwrite=overwrite, inputs=[input])
            frame = read_table(input, encoding=encoding, sheet=sheet)
            warnings.simplefilter("error" if strict else "always", UnrecognisedColumnsWarning)
            resolve(list(frame.columns), _fields(policy))
            warnings.simplefilter("ignore", UnrecognisedColumnsWarning)  # said once, not once per chunk
            result = _evaluate_in_chunks(frame, policy, chunk_rows)
            write_table(result, output, overwrite=overwrite, inputs=[input], lang=lang)  # type: ignore[arg-type]
        except PolicyError as error:
            return _error(str(error))
    summary = summarize(result)
    print(summary)
    if fail_on_row_errors and summary.errors:
        return EXIT_ROW_ERRORS
    return EXIT_OK
