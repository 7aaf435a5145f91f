"""Queries a work team needs: who does what, what falls due when, what is overdue, an agenda.

Every query reads :data:`~hongshan_policy.ebike.TASKS`. A milestone here is a
task paired with one of the dates the text writes for it (15 in all). The eight
tasks with no date of their own appear only when asked for with
``include_undated=True``: each then gets one entry on the last day of 整治攻坚
(2025-11-30, ``written=False``), labelled as running to the end of that phase
(:attr:`~hongshan_policy.ebike.Task.effective_deadlines`). That day is this
library's reading, not a deadline the text sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..citations import implements
from ..comparisons import holds
from ..dates import check_date, zh_date
from ..errors import InvalidInputError
from ..inputs import checked
from ..workdays import working_days_between
from ._departments import WORK_TEAM, Department
from ._departments import department as _department
from ._tasks import PHASES, TASKS, Milestone, Role, Task

__all__ = ["Due", "Overdue", "agenda", "due_between", "milestones", "overdue", "tasks_for"]

_ALL_TASKS = tuple(t.clause for t in TASKS)

ROLE_ZH: dict[str, str] = {"lead": "牵头", "support": "配合"}


@dataclass(frozen=True, slots=True)
class Due:
    """One milestone of one task."""

    task: Task
    milestone: Milestone

    @property
    def day(self) -> date:
        """The milestone's day."""
        return self.milestone.day

    @property
    def lead(self) -> tuple[Department, ...]:
        """The task's lead departments."""
        return self.task.lead

    @property
    def support(self) -> tuple[Department, ...]:
        """The task's supporting departments."""
        return self.task.support

    @property
    def departments(self) -> tuple[Department, ...]:
        """Lead then supporting departments."""
        return self.task.departments

    @property
    def clause(self) -> str:
        """The task's clause id."""
        return self.task.clause

    @property
    def key(self) -> tuple[int, date]:
        """``(task number, day)``: what ``overdue(done=...)`` accepts to mark this milestone done."""
        return (self.task.number, self.milestone.day)


@dataclass(frozen=True, slots=True)
class Overdue:
    """A milestone not marked done whose day has passed, for one of its departments."""

    task: Task
    milestone: Milestone
    department: Department
    role: Role
    days: int
    """Natural days since the milestone (1 on the day after it)."""
    working_days: int | None
    """Working days d with milestone < d <= as_of; ``None`` only when asked with ``working_days=False``."""

    @property
    def clause(self) -> str:
        """The task's clause id."""
        return self.task.clause

    def __str__(self) -> str:
        role = "牵头 lead" if self.role == "lead" else "配合 support"
        working = "" if self.working_days is None else f",{self.working_days}个工作日 working days"
        undated = (
            "" if self.milestone.written else "(未写明时限,随整治攻坚阶段结束 undated: runs to the end of 整治攻坚)"
        )
        return (
            f"{self.department}({role}) 任务{self.task.number}「{self.task.title}」 [{self.clause}] "
            f"{self.milestone.day.isoformat()}{undated} 逾期{self.days}天 days overdue{working}"
        )


def _role_arg(role: str) -> Literal["lead", "support", "any"]:
    if role == "lead":
        return "lead"
    if role == "support":
        return "support"
    if role == "any":
        return "any"
    raise InvalidInputError(
        "role 应为 lead(牵头)、support(配合)或 any",
        "role must be 'lead', 'support' or 'any'",
        field="role",
        expected=("lead", "support", "any"),
        got=role,
    )


@implements(*_ALL_TASKS, kind="procedure")
def tasks_for(department: Department | str, role: str = "any") -> tuple[Task, ...]:
    """The tasks a department leads (「牵头负责」), supports (「配合」) or either, in text order.

    ``department`` is a :class:`Department` or its name, full (「区市场监管局」) or short
    (「市场监管局」); an unknown name raises ``UnknownDepartmentError``.
    """
    d = _department(department)
    wanted = _role_arg(role)
    return tuple(t for t in TASKS if (r := t.role_of(d)) is not None and (wanted == "any" or r == wanted))


@checked
def milestones(*, include_undated: bool = False) -> tuple[Due, ...]:
    """Every milestone the text dates, in date order (then task number, then text order).

    ``include_undated=True`` adds, for each task with no date of its own, the
    end of 整治攻坚 (2025-11-30, ``written=False``).
    """
    entries = [Due(t, m) for t in TASKS for m in (t.effective_deadlines if include_undated else t.deadlines)]
    return tuple(sorted(entries, key=lambda e: (e.day, e.task.number)))


@implements(*_ALL_TASKS, kind="procedure")
def due_between(
    start: date,
    end: date,
    *,
    department: Department | str | None = None,
    include_undated: bool = False,
) -> tuple[Due, ...]:
    """The milestones the text dates with ``start <= day <= end``, in date order, each with its task and departments.

    ``department`` keeps only the tasks that department leads or supports.
    ``include_undated=True`` adds the tasks with no date of their own, on the
    last day of 整治攻坚 (2025-11-30, ``written=False``).
    """
    start = check_date(start, "start")
    end = check_date(end, "end")
    if end < start:
        raise InvalidInputError(
            "end 不应早于 start", "end must not be before start", field="end", expected=f">= {start}", got=end
        )
    d = None if department is None else _department(department)
    return tuple(
        e
        for e in milestones(include_undated=include_undated)
        if holds(e.day, "起", start) and holds(e.day, "前", end) and (d is None or d in e.departments)
    )


def _done_keys(done: Iterable[int | tuple[int, date] | Due]) -> tuple[frozenset[int], frozenset[tuple[int, date]]]:
    tasks: set[int] = set()
    pairs: set[tuple[int, date]] = set()
    known = {e.key for e in milestones(include_undated=True)}
    for item in done:
        if isinstance(item, Due):
            pairs.add(item.key)
        elif isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= len(TASKS):
            tasks.add(item)
        elif (
            isinstance(item, tuple)
            and len(item) == 2
            and isinstance(item[0], int)
            and isinstance(item[1], date)
            and (item[0], item[1]) in known
        ):
            pairs.add((item[0], item[1]))
        else:
            raise InvalidInputError(
                "done 的每一项应为任务编号(1至21)或某一时间节点 (任务编号, 日期)",
                "each item of done must be a task number (1-21) or a milestone (task number, date) of that task",
                field="done",
                expected="int 1-21 | (task number, milestone date) | Due",
                got=item,
            )
    return frozenset(tasks), frozenset(pairs)


@implements(*_ALL_TASKS, kind="procedure")
def overdue(
    as_of: date,
    done: Iterable[int | tuple[int, date] | Due] = (),
    *,
    working_days: bool = True,
    include_undated: bool = False,
) -> dict[Department, tuple[Overdue, ...]]:
    """The milestones the text dates, not marked done, whose day has passed on ``as_of``, by department.

    Only the dates the text writes count by default. ``include_undated=True``
    adds the eight tasks with no date of their own, as running to the end of
    整治攻坚 (overdue from 2025-12-01; ``milestone.written`` is false and the
    item says so).

    A milestone is overdue from the day after its date (「底前」 includes the
    day). ``done`` marks work finished: a task number marks every milestone of
    that task, ``(task number, date)`` (or a :class:`Due`) one milestone; an item
    that names no milestone raises ``InvalidInputError``.

    Returns a dict from each department with something overdue (lead or
    support) to its items, in date order; empty when nothing is overdue. Each
    item counts natural days and working days overdue
    (:func:`~hongshan_policy.workdays.working_days_between`). When a working-day
    count is needed for a year with no official holiday schedule (2027 and
    later with chinese-calendar 1.11) it raises ``CalendarCoverageError``;
    ``working_days=False`` skips the count (``working_days`` is then ``None``).
    """
    as_of = check_date(as_of, "as_of")
    done_tasks, done_pairs = _done_keys(done)
    found: dict[Department, list[Overdue]] = {}
    for entry in milestones(include_undated=include_undated):
        if entry.task.number in done_tasks or entry.key in done_pairs or entry.milestone.due_by(as_of):
            continue
        days = (as_of - entry.day).days
        count = working_days_between(entry.day, as_of) if working_days else None
        for d in entry.departments:
            role = entry.task.role_of(d)
            assert role is not None
            found.setdefault(d, []).append(Overdue(entry.task, entry.milestone, d, role, days, count))
    return {d: tuple(found[d]) for d in Department if d in found}


@checked
def agenda(department: Department | str, *, include_undated: bool = False) -> str:
    """A department's agenda as plain text: its tasks, the phases, and every dated milestone in date order.

    ``include_undated=True`` lists its tasks with no date of their own on the
    last day of 整治攻坚, labelled as running to the end of that phase.
    """
    d = _department(department)
    lead = tasks_for(d, "lead")
    support = tasks_for(d, "support")
    lines = [
        f"{d.value} {d.en}",
        "《红山区电动自行车安全隐患全链条整治行动方案》(赤红政办发〔2024〕4号)工作日程 / agenda",
        "",
        "牵头任务 lead: " + ("; ".join(f"{t.number} {t.title}" for t in lead) or "无 none"),
        "配合任务 support: " + ("; ".join(f"{t.number} {t.title}" for t in support) or "无 none"),
    ]
    roles = WORK_TEAM.roles_of(d)
    if roles:
        lines.append(f"工作专班 work team: {'、'.join(roles)} [{WORK_TEAM.clause}]")
    lines += ["", "工作步骤 phases:"]
    lines += [
        f"  {p.start.isoformat()} 至 {p.end.isoformat()}  {p.name}「{p.dates_as_written}」 [{p.clause}]" for p in PHASES
    ]
    lines += ["", "时间节点 milestones:"]
    dated = [e for e in milestones(include_undated=include_undated) if e.task.role_of(d) is not None]
    if not dated:
        lines.append("  无 none")
    for entry in dated:
        role = entry.task.role_of(d)
        if role is None:  # pragma: no cover - filtered above
            continue
        m = entry.milestone
        phrase = f"「{m.text}」" if m.written else m.text
        lines.append(
            f"  {m.day.isoformat()}  任务{entry.task.number} {entry.task.title} · {ROLE_ZH[role]} · {phrase} "
            f"[{entry.clause}]"
        )
        support_names = "、".join(x.value for x in entry.support) or "无"
        lines.append(f"              牵头 lead: {'、'.join(x.value for x in entry.lead)};配合 support: {support_names}")
    undated = sorted((t for t in (*lead, *support) if not t.deadlines), key=lambda t: t.number)
    if undated and not include_undated:
        end = PHASES[1].end
        lines += ["", f"未写明时限 undated (随整治攻坚阶段至{zh_date(end)}结束 / run to the end of 整治攻坚):"]
        lines += [f"  任务{t.number} {t.title} · {ROLE_ZH[t.role_of(d) or 'lead']} [{t.clause}]" for t in undated]
    starts = [t for t in (*lead, *support) if t.start is not None]
    if starts:
        lines += ["", "起始 starts:"]
        for t in sorted(starts, key=lambda t: t.number):
            assert t.start is not None
            lines.append(f"  任务{t.number} {t.title}:「{t.start.text}」(自{zh_date(t.start.day)}起,非完成时限)")
    return "\n".join(lines) + "\n"
