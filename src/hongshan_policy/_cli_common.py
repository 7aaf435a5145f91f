"""Pieces the command line's subcommands share: ``--calendar FILE``, date arguments, JSON records.

``--calendar FILE`` (repeatable) supplies a year's holiday schedule (the JSON or
TOML format of :meth:`hongshan_policy.workdays.Schedule.from_file`, e.g.
``examples/calendar/2027.example.json``) to a command that counts working days.
The schedules are in force for that one command only: :func:`calendars` puts
them into ``workdays.DEFAULT_CALENDAR`` and restores it afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from . import _files, _jsonio
from .errors import InvalidInputError

__all__ = [
    "CALENDARS_ENV",
    "add_calendar_option",
    "calendars",
    "parse_date",
    "read_json",
    "register_calendars_from_environment",
]

CALENDARS_ENV = "HONGSHAN_POLICY_CALENDARS"
"""Schedule files (joined by ``os.pathsep``) a server's worker processes load: ``serve --calendar FILE``."""


def add_calendar_option(parser: argparse.ArgumentParser) -> None:
    """Give a subcommand ``--calendar FILE`` (repeatable)."""
    parser.add_argument(
        "--calendar",
        action="append",
        metavar="FILE",
        help=(
            "某年的法定节假日安排(JSON或TOML,可重复) a year's holiday schedule for working-day counts "
            "(JSON or TOML, see docs/workdays.md; repeatable)"
        ),
    )


@contextlib.contextmanager
def calendars(paths: Sequence[str] | None) -> Iterator[None]:
    """Use the schedules in ``paths`` as the default working-day calendar while the block runs.

    Raises ``CalendarDataError`` (naming the field) for an invalid file,
    ``InvalidInputError`` for one that is not ``.json``/``.toml``, ``OSError``
    for one that cannot be read.
    """
    if not paths:
        yield
        return
    from . import workdays

    saved = workdays.DEFAULT_CALENDAR
    calendar = saved
    for path in paths:
        try:
            schedule = workdays.Schedule.from_file(path)
        except InvalidInputError as error:
            if error.field != "path":
                raise
            raise type(error)(error.zh, error.en, field="calendar", expected=error.expected, got=error.got) from None
        calendar = calendar.with_schedule(schedule)
    workdays.DEFAULT_CALENDAR = calendar
    try:
        yield
    finally:
        workdays.DEFAULT_CALENDAR = saved


def register_calendars_from_environment() -> None:
    """Add the schedules named in :data:`CALENDARS_ENV` to the process's default calendar (a server worker)."""
    from . import workdays

    for path in filter(None, os.environ.get(CALENDARS_ENV, "").split(os.pathsep)):
        workdays.register_schedule(workdays.Schedule.from_file(path))


def parse_date(text: str | None, field: str, *, default: date | None = None) -> date:
    """A ``YYYY-MM-DD`` argument as a date; ``default`` when not given; else ``InvalidInputError`` naming ``field``."""
    if text is None:
        if default is None:
            raise InvalidInputError("缺少日期", "a date is required", field=field, expected="YYYY-MM-DD", got=None)
        return default
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(
            f"应为日期 YYYY-MM-DD,而非 {text!r}",
            f"must be a date YYYY-MM-DD, not {text!r}",
            field=field,
            expected="YYYY-MM-DD",
            got=text,
        ) from None


JSON_MAX_BYTES = 16 * 1024 * 1024
"""The largest JSON file a command reads whole (larger registers go to ``batch``)."""


def read_json(path: str) -> Any:
    """The JSON of a file (``-``: standard input), read strictly (:func:`hongshan_policy.cli.load_applications`'s
    rules: size limit, encodings detected, exact numbers, duplicate keys, NaN and deep nesting refused)."""
    text = _files.read_text(
        path,
        limit=JSON_MAX_BYTES,
        hint=("大量记录请分批处理", "split a larger set of records into several files"),
    )
    return _jsonio.loads(text.text, name="标准输入 standard input" if path == "-" else path)
