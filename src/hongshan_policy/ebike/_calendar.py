"""A department's milestones as an iCalendar file (RFC 5545), written by hand.

One all-day ``VEVENT`` per dated milestone of every task the department leads
or supports. The tasks with no date of their own are added only with
``include_undated=True``, on the last day of 整治攻坚 (2025-11-30) and marked as
running to the end of that phase. Lines end in CRLF and are folded at 75 octets
without splitting a UTF-8 character (RFC 5545 §3.1); TEXT values escape
backslash, semicolon, comma and newline (§3.3.11). UIDs are stable, so
importing a regenerated file updates the events instead of duplicating them.
No runtime dependency: the tests parse the output with the ``icalendar`` package.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ..inputs import checked
from ._departments import WORK_TEAM, Department
from ._departments import department as _department
from ._queries import ROLE_ZH, milestones

__all__ = ["agenda_ics"]

PRODID = "-//hongshan_policy//ebike agenda 赤红政办发〔2024〕4号//ZH"
_LIMIT = 75


def escape_text(value: str) -> str:
    """Escape a TEXT property value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line at 75 octets; continuation lines start with one space (RFC 5545 §3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = _LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, _LIMIT - 1
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


@checked
def agenda_ics(department: Department | str, *, dtstamp: datetime | None = None, include_undated: bool = False) -> str:
    """The department's milestones as an iCalendar (.ics) text, one all-day event each.

    SUMMARY: 「任务N 标题:节点」 in Chinese; DESCRIPTION: the department's role,
    the lead and supporting departments, whether the work goes on
    (「并持续推进」), and the clause id. ``dtstamp`` (UTC) defaults to now; pass
    one for reproducible output. ``include_undated=True`` adds the tasks with no
    date of their own (see :func:`~hongshan_policy.ebike.overdue`).
    """
    d = _department(department)
    stamp = (dtstamp or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{d.value} 电动自行车安全隐患全链条整治时间节点')}",
    ]
    roles = WORK_TEAM.roles_of(d)
    if roles:
        note = f"{WORK_TEAM.name}: {'、'.join(roles)} ({WORK_TEAM.clause})"
        lines.append(f"X-WR-CALDESC:{escape_text(note)}")
    for entry in milestones(include_undated=include_undated):
        role = entry.task.role_of(d)
        if role is None:
            continue
        t, m = entry.task, entry.milestone
        label = m.text if m.written else "未写明时限,随整治攻坚阶段结束"
        summary = f"任务{t.number} {t.title}:{label}"
        description = [
            f"本单位角色: {ROLE_ZH[role]}",
            f"牵头单位: {'、'.join(x.value for x in t.lead)}",
            f"配合单位: {'、'.join(x.value for x in t.support) or '无'}",
            f"时间节点: {m.text}" + ("" if m.written else f" [{m.clause}]"),
        ]
        if t.ongoing:
            description.append("持续推进: 是(节点后继续推进)")
        description += [
            f"重点: {t.focus}",
            f"条款: {t.clause}",
            "来源: 《红山区电动自行车安全隐患全链条整治行动方案》(赤红政办发〔2024〕4号)",
        ]
        lines += [
            "BEGIN:VEVENT",
            f"UID:ebike-{t.number:02d}-{_date(m.day)}-{d.name.lower().replace('_', '-')}@hongshan-policy",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(m.day)}",
            f"DTEND;VALUE=DATE:{_date(m.day + timedelta(days=1))}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(chr(10).join(description))}",
            f"CATEGORIES:{escape_text(ROLE_ZH[role])},{escape_text(t.clause)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
