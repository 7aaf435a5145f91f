"""赤红政办发〔2024〕4号 (e-bike plan): the tasks, phases and work team as data, and the work-team queries.

Test classes follow the plan's sections. The table of departments and dates
below is read from the text independently of ``_tasks.py`` and drives the
query tests; the same table, task by task, is the worked cases of
``tests/spec/ebike.toml`` (with the phases). The full text of each task is
checked against the gazette scan.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from hongshan_policy import ebike
from hongshan_policy.citations import CLAUSE_ID
from hongshan_policy.dates import month_end
from hongshan_policy.ebike import TASKS, WORK_TEAM, Department, department, due_between, overdue, phase_on, tasks_for
from hongshan_policy.errors import (
    CalendarCoverageError,
    InvalidInputError,
    OutsideValidityError,
    UnknownDepartmentError,
)
from hongshan_policy.workdays import working_days_between

_HERE = Path(__file__).resolve().parent
_SEED_COPY = _HERE / "data" / "seed.txt"
_SEED_SHARED = Path("/work/shared/seed/000_afd177855dcd4b02.txt")
SEED_PATH = _SEED_COPY if _SEED_COPY.exists() else _SEED_SHARED
NOTICE_LINE = "赤峰市红山区人民政府办公室 关于印发《红山区电动自行车安全隐患全链条 整治行动方案》的通知"


def _no_ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _seed_plan() -> str:
    """The plan's part of the scan, without page numbers, list bullets or whitespace."""
    text = SEED_PATH.read_text(encoding="utf-8")
    text = text[text.index(NOTICE_LINE) :]
    text = re.sub(r"一\s*\d+\s*一", "", text)  # page number 「一 10 一」 inside task 18
    text = re.sub(r"^\s*-\s", "", text, flags=re.MULTILINE)  # markdown list bullets of the scan
    return _no_ws(text)


SEED = _seed_plan()

IT, M, P, F = "区工信局", "区市场监管局", "区公安分局", "区消防救援大队"
N, H, D, C, E, Y = "区自然资源分局", "区住建局", "区发改委", "区商投局", "区生态环境分局", "区应急局"

# task: (group, lead, support, written deadlines, ongoing) — read from the text by hand
EXPECTED: dict[int, tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]] = {
    1: (1, (IT, M), (P, F), (), False),
    2: (1, (M,), (), ("2024-12-31",), True),
    3: (1, (IT,), (M,), ("2024-12-31",), True),
    4: (2, (N,), (), (), False),
    5: (2, (H,), (F,), (), False),
    6: (2, (F,), (H,), (), False),
    7: (2, (D,), (M,), (), False),
    8: (2, (F,), (H, P), (), False),
    9: (2, (M, F), (H,), ("2025-12-31",), False),
    10: (3, (M,), (P,), ("2024-08-31",), True),
    11: (3, (M,), (P, C), ("2024-08-31",), True),
    12: (3, (P,), (), ("2024-12-31",), False),
    13: (3, (P,), (), ("2025-12-31",), False),
    14: (3, (M,), (P,), ("2024-08-31",), False),
    15: (4, (IT,), (M,), ("2024-12-31",), False),
    16: (4, (M,), (IT,), ("2024-10-31", "2024-12-31"), True),
    17: (4, (M,), (), ("2024-08-31", "2024-12-31"), True),
    18: (4, (P, IT, M), (F,), ("2024-12-31",), True),
    19: (5, (IT, E), (D, M), ("2025-05-31",), True),
    20: (6, (Y, F, P, M, IT), (C,), (), False),
    21: (6, (M, F), (IT, P), (), False),
}

WRITTEN = sorted(
    {(n, date.fromisoformat(d)) for n, row in EXPECTED.items() for d in row[3]}, key=lambda x: (x[1], x[0])
)
RECTIFICATION_END = date(2025, 11, 30)


# --------------------------------------------------------------------------- 二、整治重点: departments


@pytest.mark.clause("ebike:2")
class TestDepartments:
    def test_values_are_full_names_in_order_of_first_mention(self) -> None:
        """The enumeration holds the ten departments the plan names, with the 区 prefix, in order of first mention."""
        assert [d.value for d in Department] == [IT, M, P, F, N, H, D, C, E, Y]

    @pytest.mark.parametrize("dept", list(Department))
    def test_full_and_short_names(self, dept: Department) -> None:
        """Both 「区市场监管局」 and 「市场监管局」 name the same department; English labels exist."""
        assert department(dept.value) is dept
        assert department(dept.short) is dept
        assert department(f"  {dept.short} ") is dept
        assert department(dept) is dept
        assert dept.en.startswith("District ")

    def test_text_names_kept(self) -> None:
        """The text's own names are kept: 消防救援大队, 商投局, 生态环境分局."""
        assert department("消防救援大队") is Department.FIRE_RESCUE
        assert department("商投局") is Department.COMMERCE_INVESTMENT
        assert department("生态环境分局") is Department.ECOLOGY_ENVIRONMENT

    @pytest.mark.parametrize(
        ("name", "closest"),
        [("市场监督局", M), ("区消防大队", F), ("工信委", IT), ("区商务和投资促进局", C), ("公安局", P)],
    )
    def test_misspelt_name_suggests_closest(self, name: str, closest: str) -> None:
        """A name the plan does not use raises UnknownDepartmentError naming the closest department."""
        with pytest.raises(UnknownDepartmentError) as info:
            department(name)
        assert info.value.expected == closest
        assert info.value.field == "department"
        assert closest in info.value.zh

    def test_unknown_department_is_an_invalid_input(self) -> None:
        """UnknownDepartmentError is an InvalidInputError (a ValueError)."""
        with pytest.raises(ValueError, match="不是本方案列明的部门"):
            department("区教育局")


# --------------------------------------------------------------------------- 二、整治重点: the 21 tasks


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7",
    "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14",
    "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
)  # fmt: skip
class TestSection2Tasks:
    def test_twenty_one_tasks_in_text_order(self) -> None:
        """There are 21 tasks, numbered 1 to 21 in text order, in the groups (一)-(六)."""
        assert [t.number for t in TASKS] == list(range(1, 22))
        assert [t.group for t in TASKS] == [1] * 3 + [2] * 6 + [3] * 5 + [4] * 4 + [5] + [6] * 2
        assert ebike.task(10) is TASKS[9]

    @pytest.mark.parametrize("t", TASKS, ids=lambda t: f"task{t.number}")
    def test_text_occurs_in_the_scan(self, t: ebike.Task) -> None:
        """Each task's full text and title occur in the scan (whitespace, bullets and page numbers removed)."""
        assert f"{t.number}.{_no_ws(t.text)}" in SEED
        assert t.text.startswith(f"{t.title}。")
        assert t.focus in SEED
        assert t.focus.startswith("着力解决")

    @pytest.mark.parametrize("t", TASKS, ids=lambda t: f"task{t.number}")
    def test_departments_parse_from_the_text(self, t: ebike.Task) -> None:
        """Lead and support are what the closing 「(…牵头负责,…配合)」 says, the leading 区 distributing."""
        found = re.search(r"\(([^()]*)牵头负责(?:,([^()]*)配合)?\)$", t.text)
        assert found is not None
        lead = tuple(department(name) for name in found.group(1).split("、"))
        support = tuple(department(name) for name in found.group(2).split("、")) if found.group(2) else ()
        assert (t.lead, t.support) == (lead, support)

    @pytest.mark.parametrize("t", TASKS, ids=lambda t: f"task{t.number}")
    def test_deadlines_parse_from_the_text(self, t: ebike.Task) -> None:
        """Every 「YYYY年[M月]底前」 in the text is a milestone on the last day of that month (the year: December)."""
        days = [month_end(int(y), int(m) if m else 12) for y, m in re.findall(r"(\d{4})年(?:(\d{1,2})月)?底前", t.text)]
        assert [m.day for m in t.deadlines] == days
        assert all(_no_ws(m.text).replace(",", "") in _no_ws(t.text).replace(",", "") for m in t.deadlines)
        assert t.ongoing == ("并持续推进" in t.text)

    def test_task_16_and_17_have_two_milestones(self) -> None:
        """Task 16: 2024-10-31 and 2024-12-31; task 17: 2024-08-31 and 2024-12-31."""
        assert [m.day for m in ebike.task(16).deadlines] == [date(2024, 10, 31), date(2024, 12, 31)]
        assert [m.day for m in ebike.task(17).deadlines] == [date(2024, 8, 31), date(2024, 12, 31)]
        assert not ebike.task(17).deadlines[0].ongoing
        assert ebike.task(17).deadlines[1].ongoing

    def test_task_5_start_is_not_a_deadline(self) -> None:
        """Task 5 「2024年起逐年推动」 is recorded as a start, not a deadline."""
        t = ebike.task(5)
        assert t.deadlines == ()
        assert t.start is not None
        assert t.start.word == "起"
        assert t.start.day == date(2024, 1, 1)
        assert t.start.text in t.text

    def test_task_18_page_number_cleaned(self) -> None:
        """Task 18 reads 「各部门要加大」, without the scan's page number 「一 10 一」."""
        assert "各部门要加大" in ebike.task(18).text
        assert "10" not in ebike.task(18).text

    @pytest.mark.parametrize("t", TASKS, ids=lambda t: f"task{t.number}")
    def test_effective_deadlines(self, t: ebike.Task) -> None:
        """A task with no date of its own runs to the end of 整治攻坚, marked as not written."""
        if t.deadlines:
            assert t.effective_deadlines == t.deadlines
        else:
            (m,) = t.effective_deadlines
            assert m.day == RECTIFICATION_END
            assert not m.written
            assert m.clause == "ebike:3.2"

    def test_undated_tasks(self) -> None:
        """Tasks 1, 4, 5, 6, 7, 8, 20 and 21 have no date of their own."""
        assert [t.number for t in TASKS if not t.deadlines] == [1, 4, 5, 6, 7, 8, 20, 21]

    def test_task_number_out_of_range(self) -> None:
        """There is no task 0 or 22."""
        for bad in (0, 22, True, "1"):
            with pytest.raises(InvalidInputError):
                ebike.task(bad)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- 三、工作步骤


@pytest.mark.clause("ebike:3.1", "ebike:3.2", "ebike:3.3")
class TestSection3Phases:
    @pytest.mark.parametrize("day", [date(2024, 6, 16), date(2026, 1, 1), date(2023, 12, 31)])
    def test_outside_the_plan(self, day: date) -> None:
        """A day before 2024-06-17 or after 2025-12-31 is not covered by the plan: an error, never None."""
        with pytest.raises(OutsideValidityError) as info:
            phase_on(day)
        assert info.value.got == day

    def test_phase_data(self) -> None:
        """Dates, clauses and texts of the three phases; only 整治攻坚 states its start."""
        one, two, three = ebike.PHASES
        assert (one.start, one.end, one.clause) == (date(2024, 6, 17), date(2024, 6, 20), "ebike:3.1")
        assert (two.start, two.end, two.clause) == (date(2024, 6, 20), date(2025, 11, 30), "ebike:3.2")
        assert (three.start, three.end, three.clause) == (date(2025, 12, 1), date(2025, 12, 31), "ebike:3.3")
        assert [p.start_written for p in ebike.PHASES] == [False, True, False]
        for phase in ebike.PHASES:
            assert _no_ws(phase.text) in SEED
            assert phase.dates_as_written in phase.text

    @given(st.dates(date(2024, 6, 17), date(2025, 12, 31)))
    def test_every_covered_day_has_a_containing_phase(self, day: date) -> None:
        """The phase returned contains the day, and no later phase does."""
        phase = phase_on(day)
        assert phase.contains(day)
        assert not any(p.contains(day) for p in ebike.PHASES if p.number > phase.number)


# --------------------------------------------------------------------------- 四、保障措施


@pytest.mark.clause("ebike:4")
class TestSection4WorkTeam:
    def test_work_team(self) -> None:
        """Convenors 应急局, 消防救援大队; deputies 工信局, 公安分局, 住建局, 市场监管局; office 消防救援大队."""
        assert [d.value for d in WORK_TEAM.convenors] == [Y, F]
        assert [d.value for d in WORK_TEAM.deputy_convenors] == [IT, P, H, M]
        assert WORK_TEAM.office is Department.FIRE_RESCUE
        assert WORK_TEAM.clause == "ebike:4"
        assert WORK_TEAM.name == "红山区电动自行车安全隐患全链条整治工作专班"

    def test_checked_against_the_scan(self) -> None:
        """The scan does contain the body of 四、保障措施, and the work team's sentences are in it."""
        assert _no_ws(WORK_TEAM.text) in SEED
        body = SEED[SEED.index("四、保障措施") :]
        assert body.startswith("四、保障措施成立红山区电动自行车安全隐患全链条整治工作专班")
        assert "checked against the gazette scan" in WORK_TEAM.source

    def test_units_parse_from_the_text(self) -> None:
        """Convenors, deputies and office are what 「…为召集人单位,…为副召集人单位。工作专班办公室设在…」 says."""
        found = re.search(r"。([^。]*)为召集人单位,([^。]*)为副召集人单位。工作专班办公室设在([^,]*),", WORK_TEAM.text)
        assert found is not None
        assert tuple(department(n) for n in found.group(1).split("、")) == WORK_TEAM.convenors
        assert tuple(department(n) for n in found.group(2).split("、")) == WORK_TEAM.deputy_convenors
        assert department(found.group(3)) is WORK_TEAM.office

    def test_roles_of(self) -> None:
        """区消防救援大队 is convenor and office; 区住建局 deputy; 区发改委 nothing."""
        assert WORK_TEAM.roles_of("消防救援大队") == ("召集人单位", "工作专班办公室")
        assert WORK_TEAM.roles_of(Department.HOUSING) == ("副召集人单位",)
        assert WORK_TEAM.roles_of("区发改委") == ()


# --------------------------------------------------------------------------- parameters


@pytest.mark.clause("ebike:2.3.12", "ebike:2.3.14", "ebike:2.5.19", "ebike:3.2")
class TestParameters:
    def test_every_parameter_has_a_real_clause(self) -> None:
        """Every parameter names a well-formed clause id and a unit."""
        for row in ebike.DEFAULTS.table():
            assert CLAUSE_ID.match(row["clause"]), row
            assert row["unit"], row

    def test_defaults(self) -> None:
        """The numbers of the text: 5 years, 25 km/h, 2025-11-30; no transition end or code date of its own."""
        p = ebike.DEFAULTS
        assert p.battery_assessment_years == 5
        assert p.delivery_top_speed_kmh == 25
        assert p.nonstandard_transition_ends is None
        assert p.code_required_from is None
        assert p.rectification_end == date(2025, 11, 30)
        assert ebike.EbikeParameters.clause_of("battery_assessment_years") == "ebike:2.5.19"

    def test_incoherent_phases_refused(self) -> None:
        """Parameters whose phases run backwards are refused."""
        with pytest.raises(ValueError, match="phases"):
            ebike.DEFAULTS.replace(rectification_end=date(2024, 1, 1))


# --------------------------------------------------------------------------- queries


MSR = Department.MARKET_REGULATION


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7",
    "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14",
    "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
)  # fmt: skip
class TestTasksFor:
    def test_market_regulation(self) -> None:
        """区市场监管局 leads 11 tasks and supports 4."""
        assert [t.number for t in tasks_for("市场监管局", "lead")] == [1, 2, 9, 10, 11, 14, 16, 17, 18, 20, 21]
        assert [t.number for t in tasks_for(MSR, role="support")] == [3, 7, 15, 19]
        assert [t.number for t in tasks_for("区市场监管局")] == [1, 2, 3, 7, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21]

    @pytest.mark.parametrize("dept", list(Department))
    def test_matches_the_table(self, dept: Department) -> None:
        """For every department and role, the tasks are those the table names, in text order."""
        lead = [n for n, row in EXPECTED.items() if dept.value in row[1]]
        support = [n for n, row in EXPECTED.items() if dept.value in row[2]]
        assert [t.number for t in tasks_for(dept, "lead")] == lead
        assert [t.number for t in tasks_for(dept, "support")] == support
        assert [t.number for t in tasks_for(dept, "any")] == sorted(lead + support)

    def test_single_task_departments(self) -> None:
        """区自然资源分局 leads only task 4; 区应急局 leads only task 20."""
        assert [t.number for t in tasks_for("自然资源分局")] == [4]
        assert [t.number for t in tasks_for("应急局")] == [20]

    def test_bad_role_and_department(self) -> None:
        """An unknown role or department is an error."""
        with pytest.raises(InvalidInputError):
            tasks_for(MSR, "owner")
        with pytest.raises(UnknownDepartmentError):
            tasks_for("市场监督局")


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7",
    "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14",
    "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
)  # fmt: skip
class TestDueBetween:
    @pytest.mark.parametrize(("number", "day"), WRITTEN, ids=[f"task{n}-{d}" for n, d in WRITTEN])
    def test_around_each_written_deadline(self, number: int, day: date) -> None:
        """A milestone is due between its own day and itself, and not on the day after or the day before."""
        on_day = {(e.task.number, e.day) for e in due_between(day, day)}
        assert (number, day) in on_day
        after = {(e.task.number, e.day) for e in due_between(day + timedelta(days=1), day + timedelta(days=1))}
        before = {(e.task.number, e.day) for e in due_between(day - timedelta(days=1), day - timedelta(days=1))}
        assert (number, day) not in after | before

    def test_implied_deadlines(self) -> None:
        """The end of 整治攻坚 carries the eight undated tasks only with include_undated=True."""
        day = RECTIFICATION_END
        assert [e.task.number for e in due_between(day, day, include_undated=True)] == [1, 4, 5, 6, 7, 8, 20, 21]
        assert due_between(day, day) == ()

    def test_department_filter(self) -> None:
        """department= keeps the milestones of the tasks it leads or supports."""
        due = due_between(date(2024, 1, 1), date(2025, 12, 31), department="自然资源分局", include_undated=True)
        assert [(e.task.number, e.day) for e in due] == [(4, RECTIFICATION_END)]
        assert due_between(date(2024, 1, 1), date(2025, 12, 31), department="自然资源分局") == ()

    def test_date_order_and_counts(self) -> None:
        """15 written milestones, plus 8 undated ones when asked for, in date order."""
        everything = due_between(date(2024, 6, 17), date(2025, 12, 31), include_undated=True)
        assert len(everything) == 23
        assert len(due_between(date(2024, 6, 17), date(2025, 12, 31))) == 15
        assert [e.day for e in everything] == sorted(e.day for e in everything)

    def test_bad_arguments(self) -> None:
        """An end before the start, or a datetime, is an error."""
        with pytest.raises(InvalidInputError):
            due_between(date(2025, 1, 2), date(2025, 1, 1))
        with pytest.raises(InvalidInputError):
            due_between(datetime(2024, 1, 1), date(2025, 1, 1))

    @example(date(2024, 1, 1), date(2026, 12, 31))
    @given(st.dates(date(2024, 1, 1), date(2026, 12, 31)), st.dates(date(2024, 1, 1), date(2026, 12, 31)))
    def test_windows_partition(self, a: date, b: date) -> None:
        """Splitting a window at any day gives the same milestones, each once."""
        first, last = date(2024, 1, 1), date(2026, 12, 31)
        start, end = min(a, b), max(a, b)

        def window(low: date, high: date) -> tuple[ebike.Due, ...]:
            return due_between(low, high) if low <= high else ()

        split = window(first, start) + window(start + timedelta(days=1), end) + window(end + timedelta(days=1), last)
        assert sorted(e.key for e in split) == sorted(e.key for e in due_between(first, last))

    def test_whole_plan_returns_every_milestone_once(self) -> None:
        """Over the whole plan every effective milestone comes back exactly once (undated ones when asked)."""
        keys = [e.key for e in due_between(date(2024, 6, 17), date(2025, 12, 31), include_undated=True)]
        expected = [(t.number, m.day) for t in TASKS for m in t.effective_deadlines]
        assert sorted(keys) == sorted(expected)
        assert len(set(keys)) == len(keys)


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7",
    "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14",
    "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
)  # fmt: skip
class TestOverdue:
    @pytest.mark.parametrize(("number", "day"), WRITTEN, ids=[f"task{n}-{d}" for n, d in WRITTEN])
    def test_around_each_written_deadline(self, number: int, day: date) -> None:
        """A milestone is not overdue on its day (「底前」 includes it) and is overdue by one day the day after."""
        on_day = overdue(day)
        assert all((o.task.number, o.milestone.day) != (number, day) for items in on_day.values() for o in items)
        after = overdue(day + timedelta(days=1))
        hits = [o for items in after.values() for o in items if (o.task.number, o.milestone.day) == (number, day)]
        assert {o.department for o in hits} == set(ebike.task(number).departments)
        assert all(o.days == 1 for o in hits)
        assert all(o.working_days == working_days_between(day, day + timedelta(days=1)) for o in hits)

    def test_after_a_weekend(self) -> None:
        """2024-08-31 is a Saturday: on Monday 2024-09-02 task 10 is 2 days and 1 working day overdue."""
        result = overdue(date(2024, 9, 2))
        (item,) = [o for o in result[MSR] if o.task.number == 10]
        assert (item.days, item.working_days, item.role) == (2, 1, "lead")
        (support,) = [o for o in result[Department.PUBLIC_SECURITY] if o.task.number == 10]
        assert support.role == "support"

    def test_national_day(self) -> None:
        """Task 16's 2024-10-31 milestone on 2024-11-04: 4 days, 2 working days (11-01 Fri, 11-04 Mon)."""
        (item,) = [o for o in overdue(date(2024, 11, 4))[MSR] if o.task.number == 16]
        assert (item.days, item.working_days) == (4, 2)

    def test_by_department_in_enum_order(self) -> None:
        """The result maps each department with something overdue to its items, in date order."""
        result = overdue(date(2025, 1, 1))
        assert list(result) == [d for d in Department if d in result]
        assert Department.NATURAL_RESOURCES not in result  # task 4 runs to 2025-11-30
        for items in result.values():
            assert [o.milestone.day for o in items] == sorted(o.milestone.day for o in items)

    def test_done_forms(self) -> None:
        """done takes task numbers, (task, date) pairs or Due entries; only the named milestones are cleared."""
        as_of = date(2025, 1, 2)
        base = overdue(as_of)
        assert any(o.task.number == 17 for o in base[MSR])
        by_task = overdue(as_of, done={17})
        assert not any(o.task.number == 17 for o in by_task[MSR])
        one = overdue(as_of, done=[(17, date(2024, 8, 31))])
        assert [o.milestone.day for o in one[MSR] if o.task.number == 17] == [date(2024, 12, 31)]
        entries = due_between(date(2024, 1, 1), as_of)
        assert overdue(as_of, done=entries) == {}

    @pytest.mark.parametrize("bad", [0, 22, (17, date(2024, 9, 1)), "17", True, (99, date(2024, 8, 31))])
    def test_done_naming_no_milestone_is_an_error(self, bad: object) -> None:
        """A done item that names no task or milestone is refused rather than ignored."""
        with pytest.raises(InvalidInputError):
            overdue(date(2025, 1, 1), done=[bad])  # type: ignore[list-item]

    def test_implied_deadline_overdue_from_december_2025(self) -> None:
        """An undated task is listed, from 2025-12-01, only with include_undated=True, and labelled so."""
        result = overdue(date(2025, 12, 1), include_undated=True)
        (item,) = result[Department.NATURAL_RESOURCES]
        assert (item.task.number, item.days, item.milestone.written) == (4, 1, False)
        assert "随整治攻坚阶段结束" in str(item)
        assert Department.NATURAL_RESOURCES not in overdue(date(2025, 12, 1))
        assert Department.NATURAL_RESOURCES not in overdue(date(2026, 6, 1), working_days=False)

    def test_beyond_calendar_coverage(self) -> None:
        """In 2027 (no holiday schedule yet) the working-day count raises, unless working_days=False."""
        with pytest.raises(CalendarCoverageError):
            overdue(date(2027, 1, 4))
        result = overdue(date(2027, 1, 4), working_days=False)
        assert all(o.working_days is None for items in result.values() for o in items)
        assert overdue(date(2027, 1, 4), done=range(1, 22)) == {}

    @given(st.dates(date(2000, 1, 1), date(2024, 8, 31)))
    def test_nothing_overdue_before_every_deadline(self, as_of: date) -> None:
        """On any day up to the first milestone (2024-08-31) nothing is overdue."""
        assert overdue(as_of) == {}

    @given(st.dates(date(2024, 1, 1), date(2026, 12, 31)))
    def test_all_done_empties_it(self, as_of: date) -> None:
        """Marking every task done leaves nothing overdue, on any day."""
        assert overdue(as_of, done=range(1, 22)) == {}
        assert overdue(as_of, done=[e.key for e in ebike.milestones()]) == {}

    @given(st.dates(date(2024, 6, 17), date(2026, 12, 31)))
    def test_overdue_is_what_has_passed(self, as_of: date) -> None:
        """Overdue items are exactly the milestones dated before as_of, counted in natural days."""
        result = overdue(as_of)
        keys = {(o.task.number, o.milestone.day) for items in result.values() for o in items}
        assert keys == {e.key for e in ebike.milestones() if e.day < as_of}
        assert all(o.days == (as_of - o.milestone.day).days >= 1 for items in result.values() for o in items)


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7",
    "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14",
    "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
    "ebike:3.1", "ebike:3.2", "ebike:3.3",
)  # fmt: skip
class TestAgenda:
    def test_market_regulation_agenda(self) -> None:
        """The text agenda lists roles, phases and every milestone of the department in date order."""
        text = ebike.agenda("市场监管局")
        assert text.startswith("区市场监管局 District Administration for Market Regulation")
        assert "牵头任务 lead: 1 加强标准运用; 2 强化认证管理" in text
        assert "2024-08-31  任务10 严查非法改装 · 牵头 · 「2024年8月底前整治一批并持续推进」 [ebike:2.3.10]" in text
        assert "工作专班 work team: 副召集人单位 [ebike:4]" in text
        assert text.count("  任务") == sum(len(t.effective_deadlines) for t in tasks_for(MSR))
        assert "未写明时限 undated" in text
        assert "2025-11-30  任务1" not in text
        assert "2025-11-30  任务1 加强标准运用" in ebike.agenda("市场监管局", include_undated=True)

    def test_agenda_start_and_no_work_team(self) -> None:
        """区住建局's agenda records task 5's start; 区发改委 has no work-team role."""
        assert "任务5 推进既有小区升级改造:「2024年起逐年推动既有小区安全改造」" in ebike.agenda("住建局")
        assert "工作专班" not in ebike.agenda("发改委")


@pytest.mark.clause("ebike:2.3.10", "ebike:2.4.16")
def test_tasks_and_overdue_read_as_one_line() -> None:
    """A task and an overdue milestone print as one readable line with clause, departments and days."""
    assert str(ebike.task(16)) == (
        "16. 强化生产企业质量管控 [ebike:2.4.16] 区市场监管局牵头;区工信局配合;2024-10-31、2024-12-31"
    )
    late = ebike.overdue(date(2024, 11, 1))[ebike.Department.MARKET_REGULATION][0]
    assert str(late) == (
        "区市场监管局(牵头 lead) 任务10「严查非法改装」 [ebike:2.3.10] 2024-08-31 "
        "逾期62天 days overdue,41个工作日 working days"
    )


@pytest.mark.clause("ebike:2.4.16", "ebike:2.4.17")
def test_milestones_are_dated_by_their_day() -> None:
    """「2024年10月底前」 is 2024-10-31: a task's deadlines fall on the plain dates the text names."""
    assert [m.day for m in ebike.task(16).deadlines] == [date(2024, 10, 31), date(2024, 12, 31)]
    assert [m.day for m in ebike.task(17).deadlines] == [date(2024, 8, 31), date(2024, 12, 31)]
    assert ebike.task(17).deadlines[0].day != date(2024, 9, 1)


@pytest.mark.clause("ebike:2.4.16")
def test_milestone_equality_is_transitive() -> None:
    """A milestone never equals a plain date, so ``a == d == b`` cannot hold with ``a != b``."""
    first = ebike.task(16).deadlines[0]
    other = ebike.Milestone(first.day, "another phrase on the same day")
    assert first != first.day
    assert first.day == other.day
    assert first != other
    assert first == ebike.Milestone(first.day, first.text, first.word, first.written, first.clause)
    assert len({first, other}) == 2
