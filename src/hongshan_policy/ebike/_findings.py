"""Inspection results: each finding a violation, a follow-up for a department, or information.

The plan is mostly a list of duties for departments; only some of its
sentences bind the person or business an inspector visits. An
:class:`Inspection` keeps the two apart:

* a **violation** (违规) is what the text, or the law it cites, forbids of the
  inspected party (「严禁」「全面禁止」, the 违法违规行为 it names);
* a **follow-up** (待部门跟进) is a fact the responsible department must act on
  under a task: the department, the task and its milestone are named;
* **information** (信息) is anything else worth recording: a check that
  passed, a fact not recorded, an inspection dated outside the plan.

Every finding has a stable ``key`` (``ebike:task10/tamper-speed-limit``) and
the clause id of its task. ``compliant`` means no violation. An inspection
prints readably in a terminal (``str``), renders as an HTML table in a
notebook and round-trips through JSON.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from .._json import SCHEMA_VERSION, InspectionJSON, provenance_dict
from ..dates import zh_date
from ..decisions import Provenance, read_provenance
from ._departments import Department
from ._tasks import Milestone, task

__all__ = ["Finding", "FindingKind", "Inspection"]


class FindingKind(StrEnum):
    """检查发现的类别 what kind of finding."""

    VIOLATION = "违规"
    FOLLOW_UP = "待部门跟进"
    INFORMATION = "信息"

    @property
    def en(self) -> str:
        """The English name."""
        return _KIND_EN[self]


_KIND_EN = {
    FindingKind.VIOLATION: "violation",
    FindingKind.FOLLOW_UP: "follow-up",
    FindingKind.INFORMATION: "information",
}
_MARK = {FindingKind.VIOLATION: "✗", FindingKind.FOLLOW_UP: "→", FindingKind.INFORMATION: "·"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding of an inspection: its kind, stable key, clause, and what was found (Chinese, English).

    A follow-up also names the ``departments`` that lead the task (「牵头负责」),
    the ``task`` number and the ``milestone`` the task is due by (``None`` when
    the task has no date of its own).
    """

    kind: FindingKind
    key: str
    """Stable across releases: ``ebike:task<N>/<what>``."""
    clause: str
    zh: str
    en: str
    departments: tuple[Department, ...] = ()
    task: int | None = None
    milestone: Milestone | None = None

    @property
    def department(self) -> Department | None:
        """The department named first as lead of the task (follow-ups only)."""
        return self.departments[0] if self.departments else None

    def __str__(self) -> str:
        head = f"{_MARK[self.kind]} {self.kind.value} {self.kind.en} [{self.clause}] {self.key}"
        line = f"{head}: {self.zh}\n      {self.en}"
        if self.kind is FindingKind.FOLLOW_UP:
            line += "\n      → " + _follow_up_text(self)
        return line


def _follow_up_text(f: Finding) -> str:
    who = "、".join(d.value for d in f.departments) or "—"
    when = (
        "无明确时限 no date of its own"
        if f.milestone is None
        else f"{f.milestone.day.isoformat()}「{f.milestone.text}」"
    )
    return f"{who} 牵头 lead · 任务{f.task} task {f.task} · {when}"


def violation(key: str, clause: str, zh: str, en: str) -> Finding:
    """A violation: the text forbids it of the inspected party."""
    return Finding(FindingKind.VIOLATION, key, clause, zh, en)


def information(key: str, clause: str, zh: str, en: str) -> Finding:
    """Information: a check that passed, a fact not recorded, a note for the reader."""
    return Finding(FindingKind.INFORMATION, key, clause, zh, en)


def follow_up(key: str, number: int, zh: str, en: str, *, milestone: date | None = None) -> Finding:
    """A follow-up for the lead departments of task ``number``, due by its milestone on ``milestone``.

    ``milestone`` picks one of the task's written deadlines (the last one when
    ``None``; none for a task with no date of its own).
    """
    t = task(number)
    chosen = (
        (t.deadlines[-1] if t.deadlines else None)
        if milestone is None
        else next(m for m in t.deadlines if m.day == milestone)
    )
    return Finding(FindingKind.FOLLOW_UP, key, t.clause, zh, en, t.lead, number, chosen)


@dataclass(frozen=True, slots=True)
class Inspection:
    """The outcome of one inspection: every finding, in the order of the text."""

    rule: str
    """The function that inspected, e.g. ``ebike.inspect_vehicle``."""
    title_zh: str
    title_en: str
    inspected_on: date
    findings: tuple[Finding, ...] = field(default=())
    provenance: Provenance | None = None
    """What produced the inspection (library, document, the parameters in force on the inspection day, text)."""

    @property
    def violations(self) -> tuple[Finding, ...]:
        """The findings the inspected party must answer for."""
        return tuple(f for f in self.findings if f.kind is FindingKind.VIOLATION)

    @property
    def follow_ups(self) -> tuple[Finding, ...]:
        """The findings a department must act on."""
        return tuple(f for f in self.findings if f.kind is FindingKind.FOLLOW_UP)

    @property
    def information(self) -> tuple[Finding, ...]:
        """Everything else recorded."""
        return tuple(f for f in self.findings if f.kind is FindingKind.INFORMATION)

    @property
    def compliant(self) -> bool:
        """No violation (follow-ups and information do not count against the inspected party)."""
        return not self.violations

    @property
    def keys(self) -> tuple[str, ...]:
        """The key of every finding, in order."""
        return tuple(f.key for f in self.findings)

    @property
    def clauses(self) -> tuple[str, ...]:
        """Every clause id cited, in order, without repeats."""
        return tuple(dict.fromkeys(f.clause for f in self.findings))

    def by_department(self) -> dict[Department, tuple[Finding, ...]]:
        """The follow-ups grouped by the lead departments that must act on them."""
        grouped: dict[Department, list[Finding]] = {}
        for f in self.follow_ups:
            for d in f.departments:
                grouped.setdefault(d, []).append(f)
        return {d: tuple(grouped[d]) for d in Department if d in grouped}

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise to the versioned JSON of :mod:`hongshan_policy._json` (the shape ``InspectionJSON``)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict`` carrying ``schema_version``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "rule": self.rule,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "inspected_on": self.inspected_on.isoformat(),
            "compliant": self.compliant,
            "findings": [
                {
                    "kind": f.kind.value,
                    "key": f.key,
                    "clause": f.clause,
                    "zh": f.zh,
                    "en": f.en,
                    "departments": [d.value for d in f.departments],
                    "task": f.task,
                    "milestone": None
                    if f.milestone is None
                    else {"day": f.milestone.day.isoformat(), "text": f.milestone.text},
                }
                for f in self.findings
            ],
            "provenance": provenance_dict(self.provenance),
        }

    @classmethod
    def from_json(cls, text: str | bytes) -> Inspection:
        """Read an inspection written by :meth:`to_json` (the same major ``schema_version``)."""
        data = InspectionJSON.model_validate_json(text)
        if data.schema_version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError(f"cannot read schema_version {data.schema_version} (this library writes {SCHEMA_VERSION})")
        findings = []
        for f in data.findings:
            milestone = None
            if f.milestone is not None and f.task is not None:
                day = f.milestone.day
                milestone = next(m for m in task(f.task).deadlines if m.day == day)
            findings.append(
                Finding(
                    FindingKind(f.kind),
                    f.key,
                    f.clause,
                    f.zh,
                    f.en,
                    tuple(Department(d) for d in f.departments),
                    f.task,
                    milestone,
                )
            )
        inspection = cls(
            data.rule,
            data.title_zh,
            data.title_en,
            data.inspected_on,
            tuple(findings),
            None if data.provenance is None else read_provenance(data.provenance),
        )
        if inspection.compliant != data.compliant:
            raise ValueError("compliant must be true exactly when no finding is a violation")
        return inspection

    def __str__(self) -> str:
        return render_text([self])

    def _repr_html_(self) -> str:
        return render_html([self])


def _headline(inspection: Inspection) -> str:
    verdict = "合规 compliant" if inspection.compliant else "不合规 not compliant"
    return (
        f"{inspection.title_zh} / {inspection.title_en} {zh_date(inspection.inspected_on)} "
        f"({inspection.inspected_on.isoformat()}): {verdict}; "
        f"违规 violations {len(inspection.violations)}, 待部门跟进 follow-ups {len(inspection.follow_ups)}"
    )


def render_text(inspections: Iterable[Inspection]) -> str:
    """Inspections as plain text: a headline each, then each finding (✗ violation, → follow-up, · information)."""
    lines: list[str] = []
    for inspection in inspections:
        lines.append(_headline(inspection))
        lines.extend(f"  {f}" for f in inspection.findings)
    return "\n".join(lines)


def render_html(inspections: Iterable[Inspection]) -> str:
    """Inspections as HTML tables for a notebook (every string escaped)."""
    esc = html.escape
    colours = {FindingKind.VIOLATION: "#cf222e", FindingKind.FOLLOW_UP: "#9a6700", FindingKind.INFORMATION: "#57606a"}
    parts: list[str] = []
    for inspection in inspections:
        colour = colours[FindingKind.VIOLATION] if not inspection.compliant else "#1a7f37"
        rows = "".join(
            f'<tr><td style="color:{colours[f.kind]}">{_MARK[f.kind]} {esc(f.kind.value)}<br>'
            f"<small>{esc(f.kind.en)}</small></td><td><code>{esc(f.clause)}</code><br><small><code>{esc(f.key)}"
            f"</code></small></td><td>{esc(f.zh)}<br><small>{esc(f.en)}</small>"
            + (f"<br><small>{esc(_follow_up_text(f))}</small>" if f.kind is FindingKind.FOLLOW_UP else "")
            + "</td></tr>"
            for f in inspection.findings
        )
        parts.append(
            f'<div class="hongshan-inspection"><p style="color:{colour}"><strong>{esc(_headline(inspection))}'
            f"</strong></p><table><tbody>{rows}</tbody></table></div>"
        )
    return "".join(parts)
