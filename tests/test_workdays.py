"""Tests for hongshan_policy.workdays: working-day deadlines on the official holiday arrangements."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from hongshan_policy import workdays
from hongshan_policy.errors import CalendarCoverageError, CalendarDataError, InvalidInputError
from hongshan_policy.workdays import (
    DEFAULT_CALENDAR,
    Schedule,
    WorkCalendar,
    add_working_days,
    covered_years,
    is_working_day,
    load_schedule,
    natural_day_window,
    register_schedule,
    working_day_window,
    working_days_between,
)

EXAMPLE_2027 = Path(__file__).resolve().parents[1] / "examples" / "calendar" / "2027.example.json"
PACKAGE_FIRST, PACKAGE_LAST = DEFAULT_CALENDAR.covered_years()


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: str, last: str) -> list[date]:
    start, end = d(first), d(last)
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def schedule_2027(**changes: object) -> Schedule:
    data: dict[str, object] = {
        "year": 2027,
        "source": "test schedule (invented)",
        "holidays": {"2027-01-01": "元旦", "2027-01-02": "元旦", "2027-01-03": "元旦"},
        "workdays": {"2027-01-09": "元旦"},
    }
    data.update(changes)
    return Schedule.model_validate(data)


# --------------------------------------------------------------------------- real days


def assert_arrangement(off: list[date], makeup: list[date]) -> None:
    for day in off:
        assert not is_working_day(day), day
        assert chinese_calendar.is_holiday(day), day
    for day in makeup:
        assert day.weekday() >= 5, day
        assert is_working_day(day), day
        assert chinese_calendar.is_workday(day), day


def test_2024_arrangement() -> None:
    """国务院办公厅关于2024年部分节假日安排的通知(国办发明电〔2023〕7号):
    春节 2月10日至17日放假调休,2月4日(星期日)、2月18日(星期日)上班;
    劳动节 5月1日至5日,4月28日(星期日)、5月11日(星期六)上班;
    国庆节 10月1日至7日,9月29日(星期日)、10月12日(星期六)上班。"""
    assert_arrangement(days("2024-02-10", "2024-02-17"), [d("2024-02-04"), d("2024-02-18")])
    assert_arrangement(days("2024-05-01", "2024-05-05"), [d("2024-04-28"), d("2024-05-11")])
    assert_arrangement(days("2024-10-01", "2024-10-07"), [d("2024-09-29"), d("2024-10-12")])
    # the eve (除夕, 2024-02-09) was only "encouraged" off: it is a working day
    assert is_working_day(d("2024-02-09"))
    assert is_working_day(d("2024-02-19"))
    assert is_working_day(d("2024-10-08"))
    assert not is_working_day(d("2024-10-13"))  # ordinary Sunday after the make-up Saturday


def test_2025_arrangement() -> None:
    """国务院办公厅关于2025年部分节假日安排的通知(国办发明电〔2024〕12号):
    春节 1月28日(除夕)至2月4日放假调休,1月26日(周日)、2月8日(周六)上班;
    劳动节 5月1日至5日,4月27日(周日)上班;
    国庆节、中秋节 10月1日至8日,9月28日(周日)、10月11日(周六)上班。"""
    assert_arrangement(days("2025-01-28", "2025-02-04"), [d("2025-01-26"), d("2025-02-08")])
    assert_arrangement(days("2025-05-01", "2025-05-05"), [d("2025-04-27")])
    assert_arrangement(days("2025-10-01", "2025-10-08"), [d("2025-09-28"), d("2025-10-11")])
    assert is_working_day(d("2025-01-27"))
    assert is_working_day(d("2025-02-05"))
    assert not is_working_day(d("2025-05-10"))  # no make-up Saturday after Labour Day 2025


def test_2026_arrangement() -> None:
    """国务院办公厅关于2026年部分节假日安排的通知(国办发明电〔2025〕7号, 2025-11-04):
    元旦 1月1日至3日,1月4日(周日)上班;
    春节 2月15日至23日放假调休,2月14日(周六)、2月28日(周六)上班。"""
    assert_arrangement(days("2026-02-15", "2026-02-23"), [d("2026-02-14"), d("2026-02-28")])
    assert_arrangement(days("2026-01-01", "2026-01-03"), [d("2026-01-04")])
    assert is_working_day(d("2026-02-13"))
    assert is_working_day(d("2026-02-24"))


def test_matches_chinese_calendar_on_every_covered_day() -> None:
    day = date(PACKAGE_FIRST, 1, 1)
    end = date(PACKAGE_LAST, 12, 31)
    while day <= end:
        assert is_working_day(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


# --------------------------------------------------------------------------- add_working_days


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Fri before National Day 2024: Sun 09-29 is a make-up day, then 10-01..07 off
        ("2024-09-27", 3, "2024-10-08"),
        # start on a make-up Saturday (中秋 2024): 09-15..17 off
        ("2024-09-14", 3, "2024-09-20"),
        # start on a make-up Saturday (国庆 2024): Sun 10-13 is an ordinary rest day
        ("2024-10-12", 3, "2024-10-16"),
        # from inside Spring Festival 2024: the next working day is make-up Sunday 02-18
        ("2024-02-12", 1, "2024-02-18"),
        ("2024-02-12", 3, "2024-02-20"),
        # from inside Spring Festival 2026 (02-15..23), make-up Saturday 02-28 counts
        ("2026-02-20", 5, "2026-02-28"),
        # across New Year: 2025-01-01 off
        ("2024-12-30", 3, "2025-01-03"),
        # across New Year: 2026-01-01..03 off, Sun 2026-01-04 a make-up day
        ("2025-12-31", 1, "2026-01-04"),
        # an ordinary Saturday start
        ("2024-03-02", 1, "2024-03-04"),
    ],
)
def test_add_working_days_examples(start: str, n: int, expected: str) -> None:
    assert add_working_days(d(start), n) == d(expected)


@pytest.mark.parametrize("start", ["2024-03-02", "2024-02-12", "2025-01-29"])
def test_add_working_days_differs_from_find_workday_on_rest_day_start(start: str) -> None:
    """chinese_calendar.find_workday(n, start) first moves to a working day, then counts n more:
    from a rest day that is one working day too far. Ours counts n working days after start."""
    day = d(start)
    ours = add_working_days(day, 1)
    theirs = chinese_calendar.find_workday(1, day)
    assert ours != theirs
    assert theirs == add_working_days(day, 2)
    # ours is right: exactly one working day in (start, ours]
    between = [x for x in days(start, ours.isoformat())[1:] if chinese_calendar.is_workday(x)]
    assert between == [ours]


def test_add_working_days_agrees_with_find_workday_on_working_day_start() -> None:
    day = d("2024-09-27")
    assert add_working_days(day, 3) == chinese_calendar.find_workday(3, day)


@pytest.mark.parametrize("n", [0, -1, True, 1.0, "3", None])
def test_add_working_days_rejects_bad_n(n: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        add_working_days(d("2024-09-27"), n)  # type: ignore[arg-type]
    assert info.value.field == "n"


def test_rejects_datetime_and_non_dates() -> None:
    with pytest.raises(InvalidInputError) as info:
        add_working_days(datetime(2024, 9, 27, 12), 1)
    assert info.value.field == "start"
    with pytest.raises(InvalidInputError) as info:
        is_working_day("2024-09-27")  # type: ignore[arg-type]
    assert info.value.field == "day"
    with pytest.raises(InvalidInputError) as info:
        working_days_between(d("2024-09-27"), datetime(2024, 10, 8))
    assert info.value.field == "end"


def test_bad_calendar_argument() -> None:
    with pytest.raises(InvalidInputError) as info:
        is_working_day(d("2024-09-27"), calendar="default")  # type: ignore[arg-type]
    assert info.value.field == "calendar"


# --------------------------------------------------------------------------- windows


def test_working_day_window_starting_on_holiday() -> None:
    """公示期7个工作日 from 2025-10-01 (国庆、中秋 10-01..08): opens 10-09, make-up Sat 10-11 counts."""
    assert working_day_window(d("2025-10-01"), 7) == (d("2025-10-09"), d("2025-10-16"))


def test_working_day_window_on_working_day_is_inclusive() -> None:
    assert working_day_window(d("2024-09-27"), 1) == (d("2024-09-27"), d("2024-09-27"))
    # 09-27 (Fri), make-up Sunday 09-29, Mon 09-30
    assert working_day_window(d("2024-09-27"), 3) == (d("2024-09-27"), d("2024-09-30"))
    assert working_day_window(d("2024-09-27"), 4) == (d("2024-09-27"), d("2024-10-08"))


def test_working_day_window_rejects_bad_n() -> None:
    with pytest.raises(InvalidInputError) as info:
        working_day_window(d("2024-09-27"), 0)
    assert info.value.field == "n"


def test_natural_day_window() -> None:
    assert natural_day_window(d("2025-01-28"), 7) == (d("2025-01-28"), d("2025-02-03"))
    assert natural_day_window(d("2024-02-28"), 2) == (d("2024-02-28"), d("2024-02-29"))
    assert natural_day_window(d("2024-12-31"), 1) == (d("2024-12-31"), d("2024-12-31"))
    # no holiday data needed
    assert natural_day_window(d("2099-12-25"), 10) == (d("2099-12-25"), d("2100-01-03"))
    with pytest.raises(InvalidInputError) as info:
        natural_day_window(d("2025-01-28"), 0)
    assert info.value.field == "n"
    with pytest.raises(InvalidInputError):
        natural_day_window(date(9999, 12, 1), 100)


def test_working_days_between() -> None:
    assert working_days_between(d("2024-09-27"), d("2024-10-08")) == 3
    assert working_days_between(d("2024-10-08"), d("2024-09-27")) == 0
    assert working_days_between(d("2024-10-08"), d("2024-10-08")) == 0
    # 2024-10-01 is off: overdue by zero working days on a holiday
    assert working_days_between(d("2024-09-30"), d("2024-10-07")) == 0
    # across years: 2024-12-31, 2025-01-02, 2025-01-03
    assert working_days_between(d("2024-12-30"), d("2025-01-03")) == 3
    # 2024: 262 weekdays - 19 weekdays off + 8 make-up weekend days = 251 working days
    assert working_days_between(d("2023-12-31"), d("2024-12-31")) == 251
    assert len(chinese_calendar.get_workdays(d("2024-01-01"), d("2024-12-31"))) == 251


# --------------------------------------------------------------------------- coverage


def test_covered_years_of_installed_package() -> None:
    assert covered_years() == (PACKAGE_FIRST, PACKAGE_LAST)
    if chinese_calendar.__version__ == "1.11.0":
        assert covered_years() == (2004, 2026)


@pytest.mark.parametrize("year", [PACKAGE_FIRST - 1, PACKAGE_LAST + 1])
def test_uncovered_year_raises_naming_year_and_range(year: int) -> None:
    with pytest.raises(CalendarCoverageError) as info:
        is_working_day(date(year, 6, 1))
    err = info.value
    assert err.year == year
    assert err.covered == (PACKAGE_FIRST, PACKAGE_LAST)
    assert str(year) in str(err)
    assert f"{PACKAGE_FIRST}—{PACKAGE_LAST}年" in err.zh
    assert f"({PACKAGE_FIRST}-{PACKAGE_LAST})" in err.en


@pytest.mark.skipif(chinese_calendar.__version__ != "1.11.0", reason="pins the 1.11.0 range")
def test_2003_and_2027_raise_with_1_11_0() -> None:
    for day in (d("2003-12-31"), d("2027-01-04")):
        with pytest.raises(CalendarCoverageError, match=rf"{day.year}年.*2004—2026年"):
            is_working_day(day)


def test_counting_into_unknown_year_raises() -> None:
    last_day = date(PACKAGE_LAST, 12, 31)
    with pytest.raises(CalendarCoverageError) as info:
        add_working_days(last_day, 1)
    assert info.value.year == PACKAGE_LAST + 1
    with pytest.raises(CalendarCoverageError):
        working_day_window(last_day - timedelta(days=3), 10)
    with pytest.raises(CalendarCoverageError):
        working_days_between(last_day, last_day + timedelta(days=1))
    with pytest.raises(CalendarCoverageError) as info:
        add_working_days(date(PACKAGE_FIRST - 1, 12, 31), 1)
    assert info.value.field == "start"


# --------------------------------------------------------------------------- supplied schedules


def test_example_file_is_marked_and_makes_2027_work() -> None:
    schedule = Schedule.from_file(EXAMPLE_2027)
    assert schedule.year == 2027
    assert "EXAMPLE" in schedule.note
    assert "示例" in schedule.source
    calendar = WorkCalendar([schedule])
    assert calendar.covered_years() == (PACKAGE_FIRST, max(PACKAGE_LAST, 2027))
    if PACKAGE_LAST == 2026:
        # 2027-01-01..03 off in the example; Mon 01-04 is the first working day
        assert add_working_days(d("2026-12-31"), 1, calendar=calendar) == d("2027-01-04")
        assert not is_working_day(d("2027-02-08"), calendar=calendar)
        assert is_working_day(d("2027-02-20"), calendar=calendar)  # make-up Saturday
        assert working_days_between(d("2026-12-31"), d("2027-01-08"), calendar=calendar) == 5
    # the default calendar is untouched
    assert DEFAULT_CALENDAR.covered_years() == (PACKAGE_FIRST, PACKAGE_LAST)


def test_toml_schedule(tmp_path: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_text(
        'year = 2027\nsource = "test"\n\n[holidays]\n2027-01-01 = "元旦"\n\n[workdays]\n2027-01-09 = "元旦"\n',
        encoding="utf-8",
    )
    schedule = Schedule.from_file(path)
    assert schedule.holidays == {d("2027-01-01"): "元旦"}
    assert schedule.workdays == {d("2027-01-09"): "元旦"}


def test_supplied_schedule_replaces_package_year() -> None:
    # pretend the 2024 notice had moved nothing: 2024-02-04 (Sunday) is then a rest day
    plain_2024 = Schedule(year=2024, holidays={d("2024-01-01"): "元旦"}, workdays={}, source="test")
    calendar = WorkCalendar([plain_2024])
    assert not is_working_day(d("2024-02-04"), calendar=calendar)
    assert is_working_day(d("2024-02-12"), calendar=calendar)
    assert is_working_day(d("2024-02-04"))  # default unchanged
    assert calendar.covered_years() == (PACKAGE_FIRST, PACKAGE_LAST)


def test_gap_year_still_raises() -> None:
    """Supplying the year after next does not make the next year known."""
    far = PACKAGE_LAST + 2
    schedule = Schedule(year=far, holidays={date(far, 1, 1): "元旦"}, workdays={}, source="test")
    calendar = WorkCalendar([schedule])
    assert calendar.covered_years() == (PACKAGE_FIRST, PACKAGE_LAST)
    assert is_working_day(date(far, 1, 1), calendar=calendar) is False
    with pytest.raises(CalendarCoverageError) as info:
        is_working_day(date(PACKAGE_LAST + 1, 6, 1), calendar=calendar)
    assert info.value.year == PACKAGE_LAST + 1
    with pytest.raises(CalendarCoverageError):
        add_working_days(date(PACKAGE_LAST, 12, 31), 1, calendar=calendar)


def test_with_schedule_is_immutable_and_replaces() -> None:
    base = WorkCalendar()
    one = base.with_schedule(schedule_2027())
    two = one.with_schedule(schedule_2027(workdays={}))
    assert base.covered_years() == (PACKAGE_FIRST, PACKAGE_LAST)
    assert base.schedules == ()
    assert len(two.schedules) == 1
    assert is_working_day(d("2027-01-09"), calendar=one)
    assert not is_working_day(d("2027-01-09"), calendar=two)
    with pytest.raises(AttributeError):
        one._years = {}


def test_two_different_schedules_for_one_year_conflict() -> None:
    with pytest.raises(CalendarDataError) as info:
        WorkCalendar([schedule_2027(), schedule_2027(workdays={})])
    assert info.value.field == "schedules"
    assert len(WorkCalendar([schedule_2027(), schedule_2027()]).schedules) == 1


def test_register_and_load_schedule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workdays, "DEFAULT_CALENDAR", workdays.DEFAULT_CALENDAR)
    new_default = register_schedule(schedule_2027())
    assert workdays.DEFAULT_CALENDAR is new_default
    assert is_working_day(d("2027-01-09"))
    assert covered_years()[1] >= 2027
    loaded = load_schedule(EXAMPLE_2027)
    assert loaded.year == 2027
    assert is_working_day(d("2027-02-20"))
    assert not is_working_day(d("2027-01-09"))  # replaced by the example file


# --------------------------------------------------------------------------- validation


def test_make_up_day_on_weekday_rejected() -> None:
    with pytest.raises(ValidationError, match=r"workdays.*星期五.*Saturday or Sunday"):
        schedule_2027(workdays={"2027-01-08": "元旦"})


def test_day_both_off_and_working_rejected() -> None:
    with pytest.raises(ValidationError, match=r"2027-01-09.*同时被列为放假日和上班日"):
        schedule_2027(holidays={"2027-01-09": "元旦"}, workdays={"2027-01-09": "元旦"})


def test_date_outside_year_rejected() -> None:
    with pytest.raises(ValidationError, match=r"holidays: 2026-12-31 不在 2027 年内 / .*not in year 2027"):
        schedule_2027(holidays={"2026-12-31": "元旦"})
    with pytest.raises(ValidationError, match=r"workdays"):
        schedule_2027(workdays={"2028-01-08": "元旦"})


def test_unknown_field_rejected() -> None:
    with pytest.raises(ValidationError, match="comment"):
        schedule_2027(comment="not a field")


@pytest.mark.parametrize(
    "changes",
    [
        {"holidays": {"2027-1-1": "元旦"}},
        {"holidays": {"20270101": "元旦"}},
        {"holidays": {"2027-02-30": "春节"}},
        {"holidays": {"2027-01-01": ""}},
        {"source": "  "},
        {"year": "2027"},
        {"year": 1800},
    ],
)
def test_malformed_schedule_rejected(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        schedule_2027(**changes)


def test_schedule_requires_workdays_and_source() -> None:
    with pytest.raises(ValidationError, match="workdays"):
        Schedule.model_validate({"year": 2027, "holidays": {}, "source": "x"})
    with pytest.raises(ValidationError, match="source"):
        Schedule.model_validate({"year": 2027, "holidays": {}, "workdays": {}})


def test_schedule_is_frozen() -> None:
    schedule = schedule_2027()
    with pytest.raises(ValidationError):
        schedule.year = 2028  # type: ignore[misc]


def test_from_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "2027.json"
    data = json.loads(EXAMPLE_2027.read_text(encoding="utf-8"))
    data["workdays"]["2027-02-19"] = "春节"  # a Friday
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        Schedule.from_file(bad)
    assert info.value.field == "workdays"
    assert "2027-02-19" in str(info.value)

    dup = tmp_path / "dup.json"
    dup.write_text(
        '{"year": 2027, "source": "x", "workdays": {}, "holidays": {"2027-01-01": "元旦", "2027-01-01": "元旦"}}',
        encoding="utf-8",
    )
    with pytest.raises(CalendarDataError, match="2027-01-01"):
        Schedule.from_file(dup)

    broken = tmp_path / "broken.toml"
    broken.write_text("year = ", encoding="utf-8")
    with pytest.raises(CalendarDataError) as info:
        Schedule.from_file(broken)
    assert info.value.field == "path"

    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(CalendarDataError):
        Schedule.from_file(listed)

    with pytest.raises(InvalidInputError) as wrong_type:
        Schedule.from_file(tmp_path / "2027.yaml")
    assert wrong_type.value.field == "path"


# --------------------------------------------------------------------------- properties

# Stay far enough from the end of the installed data that n <= 60 never leaves it.
starts = st.dates(min_value=date(PACKAGE_FIRST, 1, 1), max_value=date(PACKAGE_LAST, 9, 30))
counts = st.integers(min_value=1, max_value=60)


def reference_add(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


@given(starts, counts)
def test_result_is_working_day_strictly_after_start(start: date, n: int) -> None:
    result = add_working_days(start, n)
    assert result > start
    assert is_working_day(result)
    assert result == reference_add(start, n)


@given(starts, counts)
def test_monotone_in_n(start: date, n: int) -> None:
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@given(starts, counts)
def test_between_inverts_add(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n)) == n


@given(starts, counts)
def test_window_counts_exactly_n_working_days(start: date, n: int) -> None:
    first, last = working_day_window(start, n)
    assert start <= first <= last
    assert is_working_day(first)
    assert is_working_day(last)
    assert all(not is_working_day(start + timedelta(days=i)) for i in range((first - start).days))
    span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    assert sum(is_working_day(x) for x in span) == n
    assert working_days_between(first - timedelta(days=1), last) == n


@given(starts, st.integers(min_value=1, max_value=400))
def test_natural_window_length(start: date, n: int) -> None:
    first, last = natural_day_window(start, n)
    assert first == start
    assert (last - first).days + 1 == n


@given(starts, starts)
def test_between_is_additive(a: date, b: date) -> None:
    low, high = min(a, b), max(a, b)
    middle = low + (high - low) // 2
    assert working_days_between(low, high) == working_days_between(low, middle) + working_days_between(middle, high)
