"""Working-day and natural-day deadlines of Chinese administrative procedure.

Government documents set deadlines in working days (「3个工作日内书面通知」,
「公示期为7个工作日」) or in natural days (「7个自然日」). A working day (工作日)
is a day the State Council's annual holiday arrangement does not give off: Monday
to Friday, minus the statutory holidays and the weekdays moved into them (调休),
plus the Saturdays and Sundays that are made working days to pay for them (调休上班).

This module answers those questions from the official arrangements as shipped in
the ``chinese-calendar`` package (import name ``chinese_calendar``), which it reads
once into per-year tables of working days, so calls are cheap enough for bulk use.
Years the package does not know can be supplied as a :class:`Schedule` (from a
JSON or TOML file transcribing the State Council notice). A day in a year nobody
supplied is never guessed to be a working day: it raises
:class:`~hongshan_policy.errors.CalendarCoverageError`.

Counting rules (see ``docs/workdays.md``):

* ``add_working_days(start, n)``: the start day never counts, whatever it is; the
  result is the n-th working day strictly after it (《民法典》第二百零一条: 开始的当日不计入).
* ``working_day_window`` / ``natural_day_window``: an inclusive window of n days
  beginning on (or, for working days, on the first working day from) ``start``.
* ``working_days_between(start, end)``: working days d with start < d <= end.

References:
    * 国务院办公厅关于2024年部分节假日安排的通知(国办发明电〔2023〕7号), 2023-10-25.
    * 国务院办公厅关于2025年部分节假日安排的通知(国办发明电〔2024〕12号), 2024-11-12.
    * 国务院办公厅关于2026年部分节假日安排的通知(国办发明电〔2025〕7号), 2025-11-04,
      https://www.gov.cn/zhengce/content/202511/content_7047090.htm
    * 《全国年节及纪念日放假办法》(2024年11月修订: 自2025年起增加除夕、5月2日两天).
    * 《中华人民共和国民法典》第二百条至第二百零四条 (期间的计算).
    * 《中华人民共和国行政许可法》第八十二条 (行政许可的期限以工作日计算,不含法定节假日).
    * chinese-calendar, https://github.com/LKI/chinese-calendar (data tables
      ``chinese_calendar.holidays`` and ``chinese_calendar.workdays``).

Limitations:
    * Only the national arrangement is modelled. Local extra days off (e.g. a
      regional ethnic festival) and an office's own duty rosters are not.
    * Coverage is whatever the installed ``chinese-calendar`` knows (1.11.0: 2004-2026)
      plus schedules you supply; the notice for a year is usually published in
      October-December of the year before.
    * A :class:`Schedule` describes the days of its own year only. A notice that also
      moves a day of the previous year (as the 2012 notice did with 2011-12-31) has to
      be expressed by supplying a corrected schedule for that previous year as well.
    * ``natural_day_window`` is plain calendar arithmetic: it does not apply
      《民法典》第二百零三条 (a period whose last day is a 法定休假日 ends on the day
      after the holiday); callers that need that rule must apply it themselves.
    * Only whole days: cut-off hours (第二百零三条第二款: 二十四时 or the end of office
      hours) are out of scope.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import chinese_calendar
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hongshan_policy import _files, _jsonio
from hongshan_policy.dates import check_date
from hongshan_policy.errors import CalendarCoverageError, CalendarDataError, InputFileError, InvalidInputError
from hongshan_policy.inputs import MAX_DAYS, Remark, Text, checked

if TYPE_CHECKING:  # pragma: no cover
    from hongshan_policy.decisions import CalendarData

__all__ = [
    "DEFAULT_CALENDAR",
    "Schedule",
    "WorkCalendar",
    "add_working_days",
    "calendar_data",
    "covered_years",
    "is_working_day",
    "load_schedule",
    "natural_day_window",
    "register_schedule",
    "working_day_window",
    "working_days_between",
]

# Years a Schedule may describe: a sanity range, not a legal one.
_SCHEDULE_MAX_BYTES = 1024 * 1024
"""The largest schedule file read (a year's schedule is a few hundred bytes)."""
_MIN_YEAR = 1900
_MAX_YEAR = 2199

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

_NonEmpty = Text


# --------------------------------------------------------------------------- input checks


def _check_count(value: Any, field: str) -> int:
    """Return ``value`` if it is an int >= 1, else raise InvalidInputError."""
    if type(value) is int and 1 <= value <= MAX_DAYS:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_DAYS:
        return int(value)
    raise InvalidInputError(
        f"{field} 应为1到{MAX_DAYS}之间的整数(天数)",
        f"{field} must be an integer from 1 to {MAX_DAYS} (a number of days)",
        field=field,
        expected=f"int 1..{MAX_DAYS}",
        got=value,
    )


# --------------------------------------------------------------------------- per-year tables


@dataclass(frozen=True, slots=True)
class _Year:
    """The working days of one calendar year, as proleptic ordinals.

    ``ordinals`` is sorted (for bisection); ``days`` is the same set for O(1) lookup.
    """

    ordinals: tuple[int, ...]
    days: frozenset[int]


def _build_year(year: int, off: Iterable[date], on: Iterable[date]) -> _Year:
    """Working days of ``year``: Mon-Fri not in ``off``, plus every day in ``on``.

    ``on`` wins over ``off``, exactly as ``chinese_calendar.is_workday`` decides.
    """
    off_set = frozenset(d.toordinal() for d in off)
    on_set = frozenset(d.toordinal() for d in on)
    first = date(year, 1, 1).toordinal()
    last = date(year, 12, 31).toordinal()
    # date(1, 1, 1) has ordinal 1 and is a Monday, so weekday == (ordinal - 1) % 7.
    work = tuple(o for o in range(first, last + 1) if o in on_set or ((o - 1) % 7 < 5 and o not in off_set))
    return _Year(ordinals=work, days=frozenset(work))


def _package_tables() -> tuple[tuple[int, int], dict[int, _Year]]:
    """Read the installed chinese-calendar data once into per-year tables."""
    holidays: Mapping[date, str] = chinese_calendar.holidays
    workdays: Mapping[date, str] = chinese_calendar.workdays
    if not holidays:
        raise CalendarDataError(
            "已安装的 chinese-calendar 不含任何节假日数据",
            "the installed chinese-calendar has no holiday data",
            field="chinese_calendar.holidays",
            expected="a non-empty table",
            got=0,
        )
    # chinese_calendar supports exactly the years from the first to the last holiday it lists.
    first, last = min(holidays).year, max(holidays).year
    off: dict[int, list[date]] = {y: [] for y in range(first, last + 1)}
    on: dict[int, list[date]] = {y: [] for y in range(first, last + 1)}
    for day in holidays:
        if day.year in off:
            off[day.year].append(day)
    for day in workdays:
        if day.year in on:
            on[day.year].append(day)
    return (first, last), {y: _build_year(y, off[y], on[y]) for y in range(first, last + 1)}


_PACKAGE_RANGE, _PACKAGE_YEARS = _package_tables()


# --------------------------------------------------------------------------- Schedule


def _normalise_days(value: Any, field: str) -> Any:
    """Turn the keys of a holidays/workdays mapping into dates; accept only ISO days."""
    if not isinstance(value, Mapping):
        return value  # let pydantic report the type error
    out: dict[date, Any] = {}
    for key, name in value.items():
        if type(key) is date:
            day = key
        elif isinstance(key, str) and _ISO_DAY.fullmatch(key):
            try:
                day = date.fromisoformat(key)
            except ValueError as exc:
                raise CalendarDataError(
                    f"{key!r} 不是有效日期",
                    f"{key!r} is not a valid date",
                    field=field,
                    expected="YYYY-MM-DD",
                    got=key,
                ) from exc
        else:
            raise CalendarDataError(
                f"日期 {key!r} 应写作 YYYY-MM-DD",
                f"date {key!r} must be written YYYY-MM-DD",
                field=field,
                expected="YYYY-MM-DD",
                got=key,
            )
        if day in out:
            raise CalendarDataError(
                f"日期 {day.isoformat()} 重复出现",
                f"date {day.isoformat()} appears twice",
                field=field,
                expected="each date once",
                got=day,
            )
        out[day] = name
    return out


class Schedule(BaseModel):
    """One year's official holiday arrangement (国务院办公厅关于某年部分节假日安排的通知).

    ``holidays`` maps every weekday the notice gives off (放假; weekend days inside a
    holiday block may be listed too, as chinese-calendar does) to the holiday's
    Chinese name; ``workdays`` maps every Saturday or Sunday the notice makes a working
    day (调休上班) to the holiday it is made up for. Any other day is a working day
    Monday to Friday and a rest day on Saturday and Sunday.

    Validation: every date lies in ``year``; every make-up working day is a Saturday or
    Sunday; no day is both off and working; dates are written ``YYYY-MM-DD``; unknown
    keys are rejected. Construction raises ``pydantic.ValidationError``;
    :meth:`from_file` raises :class:`~hongshan_policy.errors.CalendarDataError`.
    Both say in Chinese and English which field is wrong.

    Treat the mappings as read-only: a :class:`WorkCalendar` copies what it needs
    when it is built and never looks at the schedule again.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int = Field(strict=True, ge=_MIN_YEAR, le=_MAX_YEAR)
    holidays: dict[date, _NonEmpty]
    workdays: dict[date, _NonEmpty]
    source: _NonEmpty
    note: Remark = ""

    @field_validator("holidays", "workdays", mode="before")
    @classmethod
    def _iso_keys(cls, value: Any, info: ValidationInfo) -> Any:
        return _normalise_days(value, info.field_name or "days")

    @field_validator("holidays", "workdays")
    @classmethod
    def _in_year(cls, value: dict[date, str], info: ValidationInfo) -> dict[date, str]:
        field = info.field_name or "days"
        year = info.data.get("year")
        if year is None:  # year itself failed validation; that error is reported
            return value
        for day in sorted(value):
            if day.year != year:
                raise CalendarDataError(
                    f"{day.isoformat()} 不在 {year} 年内",
                    f"{day.isoformat()} is not in year {year}",
                    field=field,
                    expected=year,
                    got=day,
                )
            if field == "workdays" and day.weekday() < 5:
                raise CalendarDataError(
                    f"调休上班日 {day.isoformat()} 是星期{'一二三四五'[day.weekday()]},应为星期六或星期日",
                    f"make-up working day {day.isoformat()} is a {day:%A}; it must be a Saturday or Sunday",
                    field=field,
                    expected="Saturday or Sunday",
                    got=day,
                )
        return value

    @model_validator(mode="after")
    def _off_xor_working(self) -> Schedule:
        both = sorted(set(self.holidays) & set(self.workdays))
        if both:
            days = ", ".join(d.isoformat() for d in both)
            raise CalendarDataError(
                f"{days} 同时被列为放假日和上班日",
                f"{days} listed both as a day off and as a working day",
                field="holidays/workdays",
                expected="disjoint",
                got=both,
            )
        return self

    @property
    def name(self) -> str:
        """The schedule's name in a decision's provenance: its year and source, e.g. ``2027 国办发明电〔2026〕…号``."""
        return f"{self.year} {self.source}"

    def digest(self) -> str:
        """``sha256:<hex>`` of the schedule's canonical JSON (every key, days sorted): same data, same digest."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], *, encoding: str | None = None) -> Schedule:
        """Read a schedule from a ``.json`` or ``.toml`` file (UTF-8; GBK and UTF-16 are detected, see below).

        File format (JSON; TOML has the same keys, with ``[holidays]`` and ``[workdays]``
        tables whose keys are bare dates such as ``2027-01-01 = "元旦"``)::

            {
              "year": 2027,
              "source": "国务院办公厅关于2027年部分节假日安排的通知(国办发明电〔2026〕N号)",
              "note": "optional free text",
              "holidays": {"2027-01-01": "元旦", ...},
              "workdays": {"2027-02-20": "春节", ...}
            }

        The file is read through the library's file boundary (at most 1 MiB; UTF-8 with or
        without a byte-order mark, UTF-16 with one, GB18030/GBK detected with a
        :class:`~hongshan_policy.errors.DetectedEncodingWarning`; ``encoding`` names another) and
        JSON through the strict reader (duplicate keys refused, nesting bounded).

        Returns the validated :class:`Schedule`. Raises ``InvalidInputError`` for an
        unsupported file extension, ``InputFileError`` for a file that cannot be read or
        decoded, and ``CalendarDataError`` for unparsable or invalid content (naming the
        offending field).
        """
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix not in {".json", ".toml"}:
            raise InvalidInputError(
                f"日程文件应为 .json 或 .toml:{p.name}",
                f"a schedule file must be .json or .toml: {p.name}",
                field="path",
                expected=".json or .toml",
                got=p.suffix,
            )
        text = _files.read_text(p, encoding=encoding, limit=_SCHEDULE_MAX_BYTES).text
        try:
            data: Any = _jsonio.loads(text, name=p.name) if suffix == ".json" else tomllib.loads(text)
        except (InputFileError, tomllib.TOMLDecodeError) as exc:
            raise CalendarDataError(
                f"无法解析日程文件 {p}:{exc}",
                f"cannot parse schedule file {p}: {exc}",
                field="path",
                expected=suffix[1:].upper(),
                got=str(p),
            ) from exc
        if not isinstance(data, dict):
            raise CalendarDataError(
                f"日程文件 {p} 的顶层应为对象/表",
                f"the top level of schedule file {p} must be an object/table",
                field="path",
                expected="object",
                got=type(data).__name__,
            )
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "schedule"
            details = "; ".join(
                f"{'.'.join(str(part) for part in err['loc']) or 'schedule'}: {err['msg']}" for err in exc.errors()
            )
            raise CalendarDataError(
                f"日程文件 {p} 无效:{details}",
                f"invalid schedule file {p}: {details}",
                field=field,
                expected=first["type"],
                got=first.get("input"),
            ) from exc


# --------------------------------------------------------------------------- WorkCalendar


class WorkCalendar:
    """The installed chinese-calendar data, overlaid with supplied schedules. Immutable.

    A supplied :class:`Schedule` for a year the package already covers replaces the
    package's data for that year entirely (use it to correct or pre-empt the package).
    Two different schedules for the same year in one constructor call are an error;
    :meth:`with_schedule` replaces instead.
    """

    __slots__ = ("_covered", "_data", "_schedules", "_years")

    _covered: tuple[int, int]
    _data: CalendarData | None
    _schedules: tuple[Schedule, ...]
    _years: dict[int, _Year]

    def __init__(self, schedules: Iterable[Schedule] = ()) -> None:
        supplied: dict[int, Schedule] = {}
        for schedule in schedules:
            if not isinstance(schedule, Schedule):
                raise InvalidInputError(
                    "schedules 中每一项都应为 Schedule",
                    "every item of schedules must be a Schedule",
                    field="schedules",
                    expected="Schedule",
                    got=schedule,
                )
            previous = supplied.get(schedule.year)
            if previous is not None and previous != schedule:
                raise CalendarDataError(
                    f"{schedule.year}年提供了两份不同的放假安排",
                    f"two different schedules were supplied for {schedule.year}",
                    field="schedules",
                    expected="one schedule per year",
                    got=schedule.year,
                )
            supplied[schedule.year] = schedule
        years = dict(_PACKAGE_YEARS)
        for year, schedule in supplied.items():
            years[year] = _build_year(year, schedule.holidays, schedule.workdays)
        first, last = _PACKAGE_RANGE
        while first - 1 in years:
            first -= 1
        while last + 1 in years:
            last += 1
        object.__setattr__(self, "_schedules", tuple(supplied[y] for y in sorted(supplied)))
        object.__setattr__(self, "_years", years)
        object.__setattr__(self, "_covered", (first, last))
        object.__setattr__(self, "_data", None)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("WorkCalendar is immutable; use with_schedule()")

    def __repr__(self) -> str:
        extra = ", ".join(str(s.year) for s in self._schedules)
        return f"WorkCalendar(covered={self._covered[0]}-{self._covered[1]}, supplied=[{extra}])"

    @property
    def schedules(self) -> tuple[Schedule, ...]:
        """The supplied schedules, by year."""
        return self._schedules

    def with_schedule(self, schedule: Schedule) -> WorkCalendar:
        """Return a new calendar with ``schedule`` added (replacing any for its year)."""
        if not isinstance(schedule, Schedule):
            raise InvalidInputError(
                "schedule 应为 Schedule",
                "schedule must be a Schedule",
                field="schedule",
                expected="Schedule",
                got=schedule,
            )
        return WorkCalendar([*(s for s in self._schedules if s.year != schedule.year), schedule])

    def data(self) -> CalendarData:
        """The calendar data behind a working-day figure, for a result's provenance (computed once per calendar).

        The installed ``chinese-calendar`` version and, for each supplied
        :class:`Schedule` (by year), its :attr:`~Schedule.name` and :meth:`~Schedule.digest`.
        """
        data = self._data
        if data is None:
            from hongshan_policy.decisions import CalendarData

            data = CalendarData(chinese_calendar.__version__, tuple((s.name, s.digest()) for s in self._schedules))
            object.__setattr__(self, "_data", data)
        return data

    def covered_years(self) -> tuple[int, int]:
        """First and last year of the contiguous run of known years around the package's.

        A supplied year that is not adjacent (e.g. 2028 when 2027 is unknown) still works
        for its own dates but does not extend this range: a 2027 date still raises.
        """
        return self._covered

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day; raises CalendarCoverageError for an unknown year."""
        check_date(day, "day")
        return day.toordinal() in self._table(day.year, "day").days

    def _table(self, year: int, field: str) -> _Year:
        table = self._years.get(year)
        if table is None:
            raise CalendarCoverageError(year, self._covered, field=field)
        return table


DEFAULT_CALENDAR: WorkCalendar = WorkCalendar()
"""The calendar used when a function gets ``calendar=None``; replaced by register_schedule()."""

_REGISTER_LOCK = threading.Lock()


@checked
def register_schedule(schedule: Schedule) -> WorkCalendar:
    """Add ``schedule`` to the module default calendar (the one piece of global state).

    Serves users who want「把国务院办公厅新一年的放假通知登记进来」once, process-wide.
    Rebinds ``DEFAULT_CALENDAR`` to ``DEFAULT_CALENDAR.with_schedule(schedule)`` under a
    lock, so concurrent registrations are not lost; calls already running keep the
    calendar they started with. Read it as ``workdays.DEFAULT_CALENDAR`` (a name
    imported with ``from ... import DEFAULT_CALENDAR`` keeps the old object). Prefer
    passing an explicit :class:`WorkCalendar` in libraries and tests.

    Returns the new default calendar; raises InvalidInputError if ``schedule`` is not a Schedule.
    """
    global DEFAULT_CALENDAR
    with _REGISTER_LOCK:
        DEFAULT_CALENDAR = DEFAULT_CALENDAR.with_schedule(schedule)
        return DEFAULT_CALENDAR


def load_schedule(path: str | os.PathLike[str]) -> Schedule:
    """Read a schedule file (see :meth:`Schedule.from_file`) and register it as default.

    Returns the loaded :class:`Schedule`; raises like :meth:`Schedule.from_file`.
    """
    schedule = Schedule.from_file(path)
    register_schedule(schedule)
    return schedule


# --------------------------------------------------------------------------- public functions


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    if calendar is None:
        return DEFAULT_CALENDAR
    if not isinstance(calendar, WorkCalendar):
        raise InvalidInputError(
            "calendar 应为 WorkCalendar 或 None",
            "calendar must be a WorkCalendar or None",
            field="calendar",
            expected="WorkCalendar | None",
            got=calendar,
        )
    return calendar


def calendar_data(calendar: WorkCalendar | None = None) -> CalendarData:
    """The calendar data of ``calendar`` (the default calendar when ``None``): see :meth:`WorkCalendar.data`."""
    return _calendar(calendar).data()


def _nth_working(cal: WorkCalendar, start: date, n: int, *, inclusive: bool) -> date:
    """The n-th working day after ``start`` (on or after it when ``inclusive``)."""
    origin = start.toordinal()
    year = start.year
    table = cal._table(year, "start")
    index = bisect_left(table.ordinals, origin) if inclusive else bisect_right(table.ordinals, origin)
    while True:
        ordinals = table.ordinals
        target = index + n - 1
        if target < len(ordinals):
            return date.fromordinal(ordinals[target])
        n -= len(ordinals) - index
        year += 1
        table = cal._table(year, "n")  # the count runs past the last known year
        index = 0


@checked
def is_working_day(day: date, *, calendar: WorkCalendar | None = None) -> bool:
    """Whether ``day`` is a working day (工作日) under the State Council arrangement.

    法律用语:「工作日」(不含法定节假日、公休日;含调休上班的星期六、星期日).

    Returns True for Mon-Fri that are not holidays and for make-up Saturdays/Sundays.
    Raises CalendarCoverageError if ``day``'s year is not known, InvalidInputError if
    ``day`` is not a ``datetime.date``.
    """
    return _calendar(calendar).is_working_day(day)


@checked
def add_working_days(start: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    """The n-th working day strictly after ``start``: the last day of an n-working-day deadline.

    法律用语:「自……之日起N个工作日内」「N个工作日内书面通知」(开始的当日不计入,
    《民法典》第二百零一条;期限以工作日计算,《行政许可法》第八十二条).

    ``start`` itself never counts, whether it is a working day, a weekend or a holiday.
    Unlike ``chinese_calendar.find_workday(n, start)``, a start on a rest day does not
    push the result one working day further.

    Returns a date. Raises InvalidInputError if ``n`` < 1 (field ``n``) or ``start`` is
    not a date; CalendarCoverageError if ``start`` or any day up to the result lies in a
    year that is not known (e.g. counting from 2026-12-31 into 2027 without a schedule).
    """
    check_date(start, "start")
    n = _check_count(n, "n")
    return _nth_working(_calendar(calendar), start, n, inclusive=False)


@checked
def working_day_window(start: date, n: int, *, calendar: WorkCalendar | None = None) -> tuple[date, date]:
    """First and last day of a period of n working days that begins on ``start``.

    法律用语:「公示期为N个工作日」「自X月X日起公示N个工作日」(起止日均计入).

    The window opens on the first working day on or after ``start`` (a start on a
    holiday slides to the next working day) and closes on its n-th working day, both
    inclusive. Returns ``(first, last)``. Raises InvalidInputError if ``n`` < 1 (field
    ``n``) or ``start`` is not a date; CalendarCoverageError if the window reaches a
    year that is not known.
    """
    check_date(start, "start")
    n = _check_count(n, "n")
    cal = _calendar(calendar)
    return _nth_working(cal, start, 1, inclusive=True), _nth_working(cal, start, n, inclusive=True)


@checked
def natural_day_window(start: date, n: int) -> tuple[date, date]:
    """First and last day of a period of n natural (calendar) days beginning on ``start``.

    法律用语:「N个自然日」「公示期为N日」(起止日均计入,节假日照算).

    Returns ``(start, start + n - 1 days)``; needs no holiday data. It does not apply
    《民法典》第二百零三条 (extension when the last day is a 法定休假日). Raises
    InvalidInputError if ``n`` < 1 (field ``n``) or ``start`` is not a date.
    """
    check_date(start, "start")
    n = _check_count(n, "n")
    try:
        return start, start + timedelta(days=n - 1)
    except OverflowError as exc:
        raise InvalidInputError(
            "n 过大,结束日期超出可表示范围",
            "n is too large: the end date is out of range",
            field="n",
            expected="a representable end date",
            got=n,
        ) from exc


@checked
def working_days_between(start: date, end: date, *, calendar: WorkCalendar | None = None) -> int:
    """Number of working days d with start < d <= end (0 if ``end`` <= ``start``).

    法律用语:「逾期N个工作日」「超过规定期限……个工作日」(开始的当日不计入).

    With ``deadline = add_working_days(s, k)``, ``working_days_between(deadline, day)``
    is how many working days ``day`` is overdue, and
    ``working_days_between(s, add_working_days(s, k)) == k``.

    Returns an int >= 0. Raises CalendarCoverageError if ``start``, ``end`` or a year
    between them is not known; InvalidInputError if either is not a date.
    """
    check_date(start, "start")
    check_date(end, "end")
    cal = _calendar(calendar)
    cal._table(start.year, "start")
    cal._table(end.year, "end")
    if end <= start:
        return 0
    low, high = start.toordinal(), end.toordinal()
    total = 0
    for year in range(start.year, end.year + 1):
        ordinals = cal._table(year, "end").ordinals
        total += bisect_right(ordinals, high) - bisect_right(ordinals, low)
    return total


@checked
def covered_years(*, calendar: WorkCalendar | None = None) -> tuple[int, int]:
    """First and last year for which working days are known (contiguous range).

    法律用语: 已公布「国务院办公厅关于某年部分节假日安排的通知」的年份范围.

    Returns ``(first, last)``: the installed chinese-calendar range (2004-2026 for
    1.11.0), extended by supplied schedules only where they are adjacent. A supplied
    year beyond a gap is usable for its own dates but is not counted here.
    """
    return _calendar(calendar).covered_years()
