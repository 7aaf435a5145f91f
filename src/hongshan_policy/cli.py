"""The ``hongshan-policy`` command.

``hongshan-policy assess FILE.json [--json]`` reads one application (a JSON
object) or several (a JSON array) and prints each decision with its reasons.
The object's ``"policy"`` key says which policy it is for: ``used-car``,
``hq-land`` or ``hq-rent``. Bad input prints a message naming the field and
exits with status 2, without a traceback.

``hongshan-policy clauses`` prints the clause coverage table;
``hongshan-policy test CASES.toml`` runs worked-case files (``_cli_test``);
``hongshan-policy batch IN -o OUT --policy P`` evaluates a whole register
(the ``analysis`` extra).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from . import __version__, _cli_common, _cli_ebike, _cli_test
from .errors import CalendarCoverageError, PolicyError

__all__ = ["main"]

EXIT_BAD_INPUT = 2


class _Result(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _assessor(policy: str) -> Callable[[dict[str, Any]], _Result]:
    if policy == "used-car":
        from . import used_car

        return used_car.assess
    if policy in ("hq-land", "hq-rent"):
        from . import headquarters

        return headquarters.assess
    raise PolicyError(
        f"未知的政策 {policy!r}(可用:used-car、hq-land、hq-rent)",
        f"unknown policy {policy!r} (known: used-car, hq-land, hq-rent)",
        field="policy",
        expected="used-car | hq-land | hq-rent",
        got=policy,
    )


_PYDANTIC_ZH = {
    "extra_forbidden": "不允许的字段(请检查拼写)",
    "missing": "缺少必填字段",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期 YYYY-MM-DD",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "string_too_short": "不能为空",
    "model_type": "应为JSON对象",
}


def _describe_validation(error: ValidationError, prefix: str) -> str:
    lines = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "(whole record)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] in _PYDANTIC_ZH:
            message = f"{_PYDANTIC_ZH[item['type']]} / {message}"
        got = item.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {got!r})" if "got" not in message else ""
        lines.append(f"{prefix}{where}: {message}{shown}")
    return "\n".join(lines)


def _load(path: str) -> list[dict[str, Any]]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    data = json.loads(text, parse_constant=_refuse_constant)
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise PolicyError(
                f"第{index + 1}条记录应为JSON对象", f"record {index + 1} must be a JSON object", field=f"[{index}]"
            )
    return records


def _refuse_constant(name: str) -> Any:
    raise PolicyError(
        f"JSON中不允许出现 {name}", f"{name} is not allowed in the input", expected="a finite number", got=name
    )


def _assess(args: argparse.Namespace) -> int:
    try:
        records = _load(args.file)
    except OSError as error:
        print(f"错误 error: 无法读取 cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except json.JSONDecodeError as error:
        print(
            f"错误 error: {args.file} 不是有效的JSON is not valid JSON: {error.msg} "
            f"(第{error.lineno}行第{error.colno}列 line {error.lineno} column {error.colno})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except PolicyError as error:
        print(f"错误 error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    results: list[_Result] = []
    failed = False
    for index, record in enumerate(records):
        prefix = f"[{index}] " if len(records) > 1 else ""
        try:
            results.append(_assessor(str(record.get("policy", "")))(record))
        except ValidationError as error:
            print(f"错误 error: 输入有误 invalid input:\n{_describe_validation(error, prefix)}", file=sys.stderr)
            failed = True
        except PolicyError as error:
            print(f"错误 error: {prefix}{error}", file=sys.stderr)
            failed = True
    if failed:
        return EXIT_BAD_INPUT
    if args.json:
        payload: Any = [r.to_dict() for r in results]
        print(json.dumps(payload if len(payload) > 1 else payload[0], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(str(r) for r in results))
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _clauses(args: argparse.Namespace) -> int:
    from . import coverage

    try:
        rows = coverage.table(args.document, tests_dir=Path(args.tests))
    except PolicyError as error:
        print(f"错误 error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        print(json.dumps([dataclasses.asdict(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    header = (
        "条款 clause",
        "标签 label",
        "状态 status",
        "测试 tests",
        "实现 implemented by / 说明 note",
        "摘录 excerpt",
    )
    lines = [
        (
            row.id,
            row.label,
            row.status,
            "-" if row.tests is None else str(row.tests),
            ", ".join(f.removeprefix("hongshan_policy.") for f in row.functions) or row.note,
            row.excerpt,
        )
        for row in rows
    ]
    widths = [max(_width(line[i]) for line in [header, *lines]) for i in range(4)]
    for line in [header, *lines]:
        print(
            "  ".join([*(_pad(cell, w) for cell, w in zip(line[:4], widths, strict=True)), line[4], f"「{line[5]}」"])
        )
    return 0


def _batch(rest: Sequence[str]) -> int:
    """Hand over to ``hongshan_policy.batch`` (imported only now: numpy and pandas stay out of the other commands)."""
    try:
        from .batch import add_batch_parser
    except ImportError as error:
        print(
            f"错误 error: 批量评估需要 analysis 扩展 / `batch` needs the analysis extra "
            f"(pip install 'hongshan-policy[analysis]'; missing {error.name})",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    parser = argparse.ArgumentParser(prog="hongshan-policy")
    add_batch_parser(parser.add_subparsers(dest="command", required=True))
    inner = parser.parse_args(["batch", *rest])
    status: int = inner.run(inner)
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hongshan-policy", description="红山区政策规则库 Rules as code for Hongshan District policies"
    )
    parser.add_argument("--version", action="version", version=f"hongshan-policy {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    assess = commands.add_parser("assess", help="评估申请 assess applications in a JSON file ('-' for stdin)")
    assess.add_argument("file")
    assess.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output")
    assess.set_defaults(run=_assess)
    clauses = commands.add_parser("clauses", help="条款覆盖表 every clause with its status, functions and tests")
    clauses.add_argument("--document", choices=("hq", "used-car", "ebike"), help="只列出一份文件 one document only")
    clauses.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output")
    clauses.add_argument("--tests", default="tests", help="测试目录 the tests folder to count (default: tests)")
    clauses.set_defaults(run=_clauses)
    batch = commands.add_parser(
        "batch",
        help="批量评估 evaluate a register (CSV, Excel, Parquet): hongshan-policy batch IN -o OUT --policy used-car",
        add_help=False,
    )
    batch.add_argument("rest", nargs=argparse.REMAINDER)  # main() hands `batch …` to _batch before parsing
    _cli_test.add_parser(commands)
    _cli_ebike.add_parser(commands)
    _cli_common.add_calendar_option(assess)
    _cli_common.add_calendar_option(commands.choices["test"])
    from ._cli_service import add_service_parsers

    add_service_parsers(commands)  # schema, serve
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["batch"]:
        return _batch(arguments[1:])
    args = _parser().parse_args(arguments)
    try:
        with _cli_common.calendars(getattr(args, "calendar", None)):
            status: int = args.run(args)
    except BrokenPipeError:  # `hongshan-policy … | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ValidationError as error:
        print(f"错误 error: 输入有误 invalid input:\n{_describe_validation(error, '')}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except PolicyError as error:
        print(f"错误 error: {error}", file=sys.stderr)
        if isinstance(error, CalendarCoverageError) and "calendar" in args:
            print(
                "  提供该年的节假日安排 supply that year's schedule: --calendar FILE (docs/workdays.md)",
                file=sys.stderr,
            )
        return EXIT_BAD_INPUT
    except OSError as error:
        print(
            f"错误 error: 无法读写 cannot read or write {error.filename or ''}: {error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
