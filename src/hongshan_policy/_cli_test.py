"""``hongshan-policy test CASES.toml …``: run worked case files against the installed library.

Prints one line per case (通过 PASS / 失败 FAIL / 出错 ERROR, its id and
description, and under a case that did not pass, why), then a summary. Exit
status: 0 when every case of every file passed, 1 when any case failed or
could not be run as written (a malformed case or file counts), 2 when a path
cannot be read at all. ``--junit-xml FILE`` also writes the outcomes as JUnit
XML for CI systems. A folder stands for every ``*.toml`` file in it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._files import write_text as _write_text
from .errors import PolicyError

if TYPE_CHECKING:
    from . import casefile

__all__ = ["add_parser"]

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

_LABELS = {"passed": "通过 PASS ", "failed": "失败 FAIL ", "error": "出错 ERROR"}


def add_parser(commands: Any) -> None:
    """Add ``test`` to the command line's subcommands."""
    parser = commands.add_parser(
        "test",
        help="运行算例文件 run worked-case files (TOML, the format of tests/spec): exit 0 when all pass",
        description=(
            "运行算例文件(TOML)并报告每条算例的结果。Run worked-case files (the TOML format of docs/cases.md) "
            "against the installed library; exit 0 when every case passes, 1 otherwise."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="CASES.toml", help="算例文件或文件夹 case files or folders")
    parser.add_argument("--junit-xml", metavar="FILE", help="另写JUnit XML报告 also write a JUnit XML report for CI")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="只显示未通过的算例 show only the cases that did not pass"
    )
    parser.set_defaults(run=_run)


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(path.glob("*.toml")))
        else:
            found.append(path)
    return found


def _run(args: argparse.Namespace) -> int:
    from . import casefile  # imported only for this command

    files = _files(args.paths)
    missing = [path for path in files if not path.is_file()]
    if missing or not files:
        shown = ", ".join(str(path) for path in missing) or " ".join(args.paths)
        print(f"错误 error: 找不到算例文件 no case file at {shown}", file=sys.stderr)
        return EXIT_BAD_INPUT
    outcomes: list[casefile.Outcome] = []
    for path in files:
        print(f"{path}")
        try:
            found = casefile.run_file(path)
        except (casefile.MalformedCaseError, OSError) as error:
            found = [casefile.Outcome(path, path.stem, "整个文件 the whole file", "error", str(error))]
        for outcome in found:
            if args.quiet and outcome.passed:
                continue
            print(f"  {_LABELS[outcome.status]}  {outcome.id}  {outcome.description}")
            if not outcome.passed:
                print("".join(f"      {line}\n" for line in outcome.message.splitlines()), end="")
        outcomes.extend(found)
    passed = sum(o.passed for o in outcomes)
    failed = sum(o.status == "failed" for o in outcomes)
    errors = sum(o.status == "error" for o in outcomes)
    print(
        f"共{len(outcomes)}条算例:通过{passed},失败{failed},出错{errors}。"
        f" {len(outcomes)} cases: {passed} passed, {failed} failed, {errors} errors."
    )
    if args.junit_xml:
        try:  # a report is replaced run after run, but atomically and never onto a case file
            _write_text(args.junit_xml, casefile.junit_xml(outcomes), overwrite=True, inputs=args.paths)
        except PolicyError as error:
            print(f"错误 error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
    return 0 if passed == len(outcomes) else EXIT_FAILED
