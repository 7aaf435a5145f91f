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
import sys
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError
from pydantic_core import to_json

from . import __version__, _cli_common, _cli_ebike, _cli_test, _console, _files, _jsonio, sources
from .errors import CalendarCoverageError, InvalidInputError, PolicyError

__all__ = ["ASSESS_MAX_BYTES", "assess_json", "load_applications", "main"]

EXIT_BAD_INPUT = 2


class _Result(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _assessor(policy: str) -> Callable[[dict[str, Any]], _Result]:
    """The ``assess`` of the document whose register policy ``policy`` is (the registry's ``Document.policies``)."""
    from .registry import DOCUMENTS, POLICIES

    spec = POLICIES.get(policy)
    if spec is not None:
        function: Callable[[dict[str, Any]], _Result] = DOCUMENTS[spec.document].decisions["assess"].function
        return function
    raise PolicyError(
        f"未知的政策 {policy!r}(可用:{'、'.join(POLICIES)})",
        f"unknown policy {policy!r} (known: {', '.join(POLICIES)})",
        field="policy",
        expected=" | ".join(POLICIES),
        got=policy,
    )


_PYDANTIC_ZH = _console.PYDANTIC_ZH


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


ASSESS_MAX_BYTES = 16 * 1024 * 1024
"""The largest file ``assess`` reads (16 MiB, some ten thousand applications); larger registers go to ``batch``."""


def load_applications(path: str, *, encoding: str | None = None) -> Any:
    """The parsed JSON of an ``assess`` input file (``"-"``: standard input): an object or a list.

    Read through the library's file boundary (size limit :data:`ASSESS_MAX_BYTES`, refused before the file is
    read whole; UTF-8 with or without a byte-order mark, UTF-16 with one, GB18030/GBK detected with a notice;
    ``encoding`` to name another) and its strict JSON reader (numbers exact, duplicate keys refused, nesting
    bounded: :mod:`hongshan_policy._jsonio`). Raises :class:`~hongshan_policy.errors.InputFileError`.
    """
    text = _files.read_text(
        path,
        encoding=encoding,
        limit=ASSESS_MAX_BYTES,
        hint=(
            "大量申请请用 hongshan-policy batch(CSV、XLSX、Parquet 或 JSON Lines .jsonl)",
            "for many applications use hongshan-policy batch (CSV, XLSX, Parquet or JSON Lines .jsonl)",
        ),
    )
    name = "标准输入 standard input" if path == "-" else path
    return _jsonio.loads(text.text, name=name)


def _records(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    raise InvalidInputError(
        "输入应为一个JSON对象(一份申请)或对象数组",
        "the input must be a JSON object (one application) or an array of objects",
        field="(whole file)",
        expected="object | array",
        got=type(data).__name__,
    )


def _assess_all(data: Any) -> tuple[list[_Result], list[tuple[int | None, Exception]]]:
    """Each record's result, and the error of each record that failed (with its index when the input is a list)."""
    records = _records(data)
    results: list[_Result] = []
    problems: list[tuple[int | None, Exception]] = []
    for index, record in enumerate(records):
        where = index if isinstance(data, list) else None
        if not isinstance(record, dict):
            problems.append(
                (
                    where,
                    InvalidInputError(
                        f"第{index + 1}条记录应为JSON对象",
                        f"record {index + 1} must be a JSON object",
                        field=f"[{index}]",
                        expected="object",
                        got=type(record).__name__,
                    ),
                )
            )
            continue
        try:
            results.append(_assessor(str(record.get("policy", "")))(record))
        except (ValidationError, PolicyError) as error:
            problems.append((where, error))
    return results, problems


def _message(where: int | None, error: Exception) -> str:
    """The bilingual text of one record's error, as the command prints it."""
    prefix = "" if where is None else f"[{where}] "
    if isinstance(error, ValidationError):
        return f"输入有误 invalid input:\n{_describe_validation(error, prefix)}"
    if isinstance(error, InvalidInputError) and error.field == f"[{where}]":
        return f"{prefix}{error.zh} / {error.en}"
    return f"{prefix}{error}"


def _payload(data: Any, results: Sequence[_Result]) -> Any:
    dicts = [r.to_dict() for r in results]
    return dicts if isinstance(data, list) else dicts[0]


def assess_json(data: Any) -> str:
    """The exact text ``hongshan-policy assess --json`` prints for the parsed input ``data``, newline included.

    ``data`` is one application (a ``dict``: one JSON object out) or a list of them (a JSON array out, also
    for one or none). The first invalid record raises its error (a pydantic ``ValidationError`` or a
    :class:`~hongshan_policy.errors.PolicyError` naming the field); the command reports them all.
    """
    results = []
    for record in _records(data):
        if not isinstance(record, dict):
            raise InvalidInputError(
                "每条记录应为JSON对象", "each record must be a JSON object", field="record", got=type(record).__name__
            )
        results.append(_assessor(str(record.get("policy", "")))(record))
    return _dumps(_payload(data, results))


def _dumps(payload: Any) -> str:
    """``json.dumps(payload, ensure_ascii=False, indent=2)`` and a newline, byte for byte, nine times faster.

    The standard library's C encoder is not used when ``indent`` is set; pydantic-core's is, and writes the
    same text for the JSON values a result holds (tests/test_service.py checks this as a property). The
    service answers ``POST /v1/assess`` with this text, so it is most of a request's cost.
    """
    return to_json(payload, indent=2).decode() + "\n"


def _assess(args: argparse.Namespace) -> int:
    data = load_applications(args.file, encoding=args.encoding)
    results, problems = _assess_all(data)
    if problems:
        if args.json:
            return _console.report_json(list(problems), EXIT_BAD_INPUT)
        for where, error in problems:
            print(f"错误 error: {_message(where, error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        _console.write_json(_dumps(_payload(data, results)))
    elif results:
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
        _console.write_json(_dumps([dataclasses.asdict(row) for row in rows]))
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
        from .batch._cli import add_batch_parser
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
    parser.add_argument(
        "--debug", action="store_true", help="内部错误时显示调用栈 show the trace of an internal error (exit 70)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    assess = commands.add_parser("assess", help="评估申请 assess applications in a JSON file ('-' for stdin)")
    assess.add_argument("file")
    assess.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output (UTF-8)")
    assess.add_argument(
        "--encoding", help="输入编码 encoding of the file (default: UTF-8, UTF-16 with BOM, or GBK detected)"
    )
    assess.set_defaults(run=_assess)
    clauses = commands.add_parser("clauses", help="条款覆盖表 every clause with its status, functions and tests")
    clauses.add_argument(
        "--document",
        choices=tuple(d.id for d in sources.documents()),  # the registry's, in gazette order, without importing it
        help="只列出一份文件 one document only",
    )
    clauses.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output")
    clauses.add_argument("--tests", default="tests", help="测试目录 the tests folder to count (default: tests)")
    clauses.set_defaults(run=_clauses)
    batch = commands.add_parser(
        "batch",
        help="批量评估 evaluate a register (CSV, Excel, Parquet, JSON Lines): hongshan-policy batch IN -o OUT",
        add_help=False,
    )
    batch.add_argument("rest", nargs=argparse.REMAINDER)  # main() hands `batch …` to _batch before parsing
    _cli_test.add_parser(commands)
    _cli_ebike.add_parser(commands)
    _cli_common.add_calendar_option(assess)
    _cli_common.add_calendar_option(commands.choices["test"])
    from ._cli_service import add_service_parsers

    add_service_parsers(commands)  # schema, serve
    _cli_common.add_calendar_option(commands.choices["serve"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 done, 1 rows with errors under ``--fail-on-row-errors``,
    2 bad input or an unusable file, 70 an internal error; ``--debug`` shows its trace)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    arguments = [a for a in arguments if a != "--debug"]
    _console.prepare_streams()
    if arguments[:1] == ["batch"]:
        return _console.guarded(lambda: _batch(arguments[1:]), debug=debug)
    args = _parser().parse_args(arguments)

    json_errors = bool(getattr(args, "json", False))

    def run() -> int:
        try:
            with _cli_common.calendars(getattr(args, "calendar", None)):
                return int(args.run(args))
        except ValidationError as error:
            if json_errors:
                return _console.report_json([(None, error)], EXIT_BAD_INPUT)
            print(f"错误 error: 输入有误 invalid input:\n{_describe_validation(error, '')}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except CalendarCoverageError as error:
            if json_errors:
                return _console.report_json([(None, error)], EXIT_BAD_INPUT)
            print(f"错误 error: {error}", file=sys.stderr)
            if "calendar" in args:
                print(
                    "  提供该年的节假日安排 supply that year's schedule: --calendar FILE (docs/workdays.md)",
                    file=sys.stderr,
                )
            return EXIT_BAD_INPUT

    return _console.guarded(run, debug=debug, json_errors=json_errors)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
