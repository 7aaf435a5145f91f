"""``hongshan-policy ebike …``: the e-bike plan (赤红政办发〔2024〕4号) on the command line.

- ``ebike tasks [--department D] [--role lead|support|any]``: the 21 tasks, or a department's;
- ``ebike due START END [--department D] [--include-undated]``: the milestones the text dates between
  two days;
- ``ebike overdue [--on DAY] [--done N | N:YYYY-MM-DD …] [--department D] [--include-undated]
  [--calendar FILE]``: what is overdue, by department, with working days counted;
- ``ebike agenda DEPARTMENT [--ics] [-o FILE] [--include-undated]``: a department's agenda as text, or
  as an iCalendar file (``--ics``, or ``-o`` with a name ending in ``.ics``);

``--include-undated`` adds the tasks with no date of their own, on the last day of 整治攻坚
(2025-11-30, this library's reading); ``--written-only`` (the default) is accepted and leaves them out.
- ``ebike inspect FILE.json [--kind KIND] [--on DAY] [--json]``: inspect a record (a vehicle, a
  dealer, a delivery fleet …: every ``ebike.inspect_*`` function), or a JSON array of records.

Departments are named as the plan names them, in full (「区市场监管局」) or short (「市场监管局」).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from pydantic import BaseModel

from . import _console, _files, sources
from ._cli_common import add_calendar_option, parse_date, read_json
from .errors import InvalidInputError

__all__ = ["add_parser"]

_NUMBER = "赤红政办发〔2024〕4号"
"""The plan's document number: its id (the command's name and its key in the registry) is read from the gazette."""


def _document() -> str:
    """The plan's document id in :mod:`hongshan_policy.sources` (and :data:`hongshan_policy.DOCUMENTS`)."""
    return next(d.id for d in sources.documents() if d.number == _NUMBER)


_DEPT_HELP = "部门,全称或简称 department, full or short name (区市场监管局 / 市场监管局)"


def add_parser(commands: Any) -> None:
    """Add ``ebike`` and its subcommands to the command line."""
    ebike = commands.add_parser(
        _document(),
        help="电动自行车整治方案 the e-bike plan: tasks, due, overdue, agenda, inspect",
        description=f"《红山区电动自行车安全隐患全链条整治行动方案》({_NUMBER}) the e-bike safety plan",
    )
    sub = ebike.add_subparsers(dest="ebike_command", required=True)

    tasks = sub.add_parser("tasks", help="任务清单 the 21 tasks, or one department's")
    tasks.add_argument("--department", help=_DEPT_HELP)
    tasks.add_argument("--role", choices=("lead", "support", "any"), default="any", help="牵头/配合 lead or support")
    tasks.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output")
    tasks.set_defaults(run=_tasks)

    due = sub.add_parser("due", help="时间节点 the milestones from START to END (both included)")
    due.add_argument("start", help="起始日期 first day, YYYY-MM-DD")
    due.add_argument("end", help="截止日期 last day, YYYY-MM-DD")
    due.add_argument("--department", help=_DEPT_HELP)
    due.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output")
    _add_undated_options(due)
    due.set_defaults(run=_due)

    overdue = sub.add_parser("overdue", help="逾期事项 milestones past due and not done, by department")
    overdue.add_argument("--on", help="截至日期 the day asked about, YYYY-MM-DD (default: today)")
    overdue.add_argument(
        "--done",
        action="append",
        default=[],
        metavar="N[:YYYY-MM-DD]",
        help="已完成 done: a task number (all its milestones) or N:day (one milestone); repeatable, or comma-separated",
    )
    overdue.add_argument("--department", help=_DEPT_HELP)
    _add_undated_options(overdue)
    overdue.add_argument(
        "--no-working-days", action="store_true", help="不计算工作日 do not count working days overdue"
    )
    overdue.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output")
    add_calendar_option(overdue)
    overdue.set_defaults(run=_overdue)

    agenda = sub.add_parser("agenda", help="部门工作日程 a department's agenda, as text or iCalendar (.ics)")
    agenda.add_argument("department", help=_DEPT_HELP)
    agenda.add_argument("--ics", action="store_true", help="输出iCalendar iCalendar (.ics) instead of text")
    agenda.add_argument("-o", "--output", metavar="FILE", help="写入文件 write to FILE (.ics implies --ics)")
    agenda.add_argument("--overwrite", action="store_true", help="覆盖已有文件 replace FILE if it exists")
    _add_undated_options(agenda)
    agenda.set_defaults(run=_agenda)

    check = sub.add_parser(
        "inspect", help="检查 inspect a record (JSON): vehicle, dealer, delivery fleet, premises, listing, …"
    )
    check.add_argument("file", help="JSON记录或记录数组 a JSON record or an array of records ('-': stdin)")
    check.add_argument(
        "--kind",
        help="记录种类 what the record is: vehicle, dealer, delivery-fleet … (default: told by its fields)",
    )
    check.add_argument("--on", help="检查日期 the day of the inspection, YYYY-MM-DD (default: today)")
    check.add_argument("--json", action="store_true", help="机器可读输出 machine-readable output")
    check.set_defaults(run=_inspect_records)


def _add_undated_options(parser: Any) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--include-undated",
        action="store_true",
        help="含未写明时限的任务(随整治攻坚阶段至2025-11-30结束,本库解读) also the tasks with no date of their own, "
        "on the last day of 整治攻坚",
    )
    group.add_argument(
        "--written-only",
        action="store_true",
        help="只列原文写明的期限(默认) only dates the text writes (the default)",
    )


# --------------------------------------------------------------------------- queries


def _write_json(payload: Any) -> None:
    _console.write_json(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _with_provenance(payload: dict[str, Any], decision: str, request: dict[str, Any] | None) -> dict[str, Any]:
    """``payload`` with the ``provenance`` the registry gives ``decision``'s answer to ``request`` (as the service
    answers it: library, document, parameters in force, text, and the calendar data of any working-day count, a
    ``--calendar`` schedule included). ``request=None``: an answer whose provenance needs no request (the whole
    plan's tasks, as ``tasks_for`` gives them)."""
    from . import _json
    from .registry import DOCUMENTS

    spec = DOCUMENTS[_document()].decisions[decision]
    assert spec.provenance_of is not None, decision
    asked = None if request is None else spec.input_model.model_validate(request)
    payload["provenance"] = _json.provenance_dict(spec.provenance_of(asked))
    return payload


def _department(name: str | None) -> Any:
    if name is None:
        return None
    from .ebike import department

    return department(name)


def _tasks(args: argparse.Namespace) -> int:
    from . import ebike

    found = ebike.TASKS if args.department is None else ebike.tasks_for(_department(args.department), args.role)
    if args.department is None and args.role != "any":
        raise InvalidInputError(
            "--role 须与 --department 一起使用", "--role needs --department", field="role", expected="--department"
        )
    if args.json:
        from . import _json

        request = None if args.department is None else {"department": _department(args.department), "role": args.role}
        _write_json(_with_provenance(_json.tasks_dict(found), "tasks_for", request))
        return 0
    for task in found:
        print(task)
    if not found:
        print("无 none")
    return 0


def _due_line(entry: Any) -> str:
    milestone = entry.milestone
    phrase = f"「{milestone.text}」" if milestone.written else f"({milestone.text})"
    support = "、".join(d.value for d in entry.support) or "无 none"
    return (
        f"{entry.day.isoformat()}  任务{entry.task.number} {entry.task.title} [{entry.clause}] {phrase}\n"
        f"            牵头 lead: {'、'.join(d.value for d in entry.lead)};配合 support: {support}"
    )


def _due(args: argparse.Namespace) -> int:
    from . import ebike

    start = parse_date(args.start, "start")
    end = parse_date(args.end, "end")
    found = ebike.due_between(start, end, department=_department(args.department), include_undated=args.include_undated)
    if args.json:
        from . import _json

        request = {"start": start, "end": end, "include_undated": args.include_undated}
        _write_json(_with_provenance(_json.due_dict(found), "due_between", request))
        return 0
    for entry in found:
        print(_due_line(entry))
    if not found:
        print(f"{start.isoformat()} 至 {end.isoformat()} 无时间节点 no milestone from {start} to {end}")
    return 0


def _done_items(values: list[str]) -> list[int | tuple[int, date]]:
    items: list[int | tuple[int, date]] = []
    for value in (part.strip() for text in values for part in text.split(",")):
        if not value:
            continue
        number, _, day = value.partition(":")
        if not number.strip().isdigit():
            raise InvalidInputError(
                f"--done 应为任务编号或 编号:日期,而非 {value!r}",
                f"--done takes a task number or number:YYYY-MM-DD, not {value!r}",
                field="done",
                expected="N or N:YYYY-MM-DD",
                got=value,
            )
        items.append((int(number), parse_date(day, "done")) if day else int(number))
    return items


def _overdue(args: argparse.Namespace) -> int:
    from . import ebike

    as_of = parse_date(args.on, "on", default=date.today())
    wanted = _department(args.department)
    done = _done_items(args.done)
    found = ebike.overdue(as_of, done, working_days=not args.no_working_days, include_undated=args.include_undated)
    shown = {d: items for d, items in found.items() if wanted is None or d == wanted}
    if args.json:
        from . import _json

        request = {
            "as_of": as_of,
            "done": [item if isinstance(item, int) else {"task": item[0], "day": item[1]} for item in done],
            "working_days": not args.no_working_days,
            "include_undated": args.include_undated,
        }
        _write_json(_with_provenance(_json.overdue_dict(as_of, shown), "overdue", request))
        return 0
    print(f"截至 {as_of.isoformat()} 逾期事项 overdue on {as_of.isoformat()}:")
    for dept, items in shown.items():
        print(f"{dept.value} {dept.en} ({len(items)})")
        for item in items:
            print(f"  {item}")
    if not shown:
        print("无 none")
    return 0


def _agenda(args: argparse.Namespace) -> int:
    from . import ebike

    dept = _department(args.department)
    ics = args.ics or (args.output is not None and args.output.lower().endswith(".ics"))
    undated = args.include_undated
    text = (
        ebike.agenda_ics(dept, include_undated=undated) if ics else ebike.agenda(dept, include_undated=undated) + "\n"
    )
    if args.output is not None:
        _files.write_bytes(args.output, text.encode("utf-8"), overwrite=args.overwrite)  # atomic, no surprise overwrite
        print(f"已写入 written: {args.output}")
        return 0
    if ics and hasattr(sys.stdout, "buffer"):  # CRLF line ends exactly as RFC 5545 wants, on every system
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
    return 0


# --------------------------------------------------------------------------- inspections


def _inspections() -> dict[str, Any]:
    """Every inspection of the registry (``ebike.inspect_<kind>``), by kind: ``vehicle``, ``dealer`` …"""
    from .registry import DOCUMENTS

    return {
        name.removeprefix("inspect_").replace("_", "-"): spec
        for name, spec in DOCUMENTS[_document()].decisions.items()
        if name.startswith("inspect_")
    }


def _record_model(spec: Any) -> type[BaseModel]:
    """The model of the record an inspection reads: the field of its request that is not the date."""
    for name, info in spec.input_model.model_fields.items():
        if name != "inspected_on" and isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            return info.annotation
    raise TypeError(f"{spec.name}: its request has no record model")  # pragma: no cover


def _kind_of(record: dict[str, Any], kinds: dict[str, Any]) -> str:
    fits = [
        kind
        for kind, spec in kinds.items()
        if set(record) <= set((model := _record_model(spec)).model_fields)
        and all(name in record for name, info in model.model_fields.items() if info.is_required())
    ]
    if len(fits) == 1:
        return fits[0]
    raise InvalidInputError(
        f"无法从字段判断记录种类,请用 --kind 指明({'、'.join(kinds)})",
        f"cannot tell what the record is from its fields: say it with --kind ({', '.join(kinds)})",
        field="kind",
        expected=" | ".join(kinds),
        got=sorted(record),
    )


def _inspect_records(args: argparse.Namespace) -> int:
    day = parse_date(args.on, "on", default=date.today())
    data = read_json(args.file)
    records = data if isinstance(data, list) else [data]
    kinds = _inspections()
    if args.kind is not None and args.kind.replace("_", "-") not in kinds:
        raise InvalidInputError(
            f"未知的记录种类 {args.kind!r}",
            f"unknown kind {args.kind!r}",
            field="kind",
            expected=" | ".join(kinds),
            got=args.kind,
        )
    results = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise InvalidInputError(
                f"第{index + 1}条记录应为JSON对象", f"record {index + 1} must be a JSON object", field=f"[{index}]"
            )
        kind = args.kind.replace("_", "-") if args.kind is not None else _kind_of(record, kinds)
        spec = kinds[kind]
        results.append((kind, spec, spec.function(record, day)))
    if args.json:
        payload = [spec.render(decision) for _, spec, decision in results]
        _write_json(payload if isinstance(data, list) else payload[0])
        return 0
    blocks = [f"{kind} · 检查日期 inspected on {day.isoformat()}\n{decision}" for kind, _, decision in results]
    print("\n\n".join(blocks))
    return 0
