"""Typed errors: one small exception class per failure mode.

A question the library cannot answer is an error, never a silent 0 or a
guessed value. Every error carries what it was about (``field``), what was
expected and what was got, and a message in Chinese first, English beside it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CalendarCoverageError",
    "CalendarDataError",
    "DetectedEncodingWarning",
    "InputFileError",
    "InvalidInputError",
    "MissingFactError",
    "OutputFileError",
    "OutsideValidityError",
    "PolicyError",
    "UnknownClauseError",
    "UnknownDepartmentError",
    "UnrecognisedColumnsWarning",
]


class PolicyError(Exception):
    """Base class of every error this library raises on purpose."""

    def __init__(self, zh: str, en: str, *, field: str | None = None, expected: Any = None, got: Any = None) -> None:
        self.zh = zh
        self.en = en
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(f"{zh} / {en}")

    def __str__(self) -> str:  # pragma: no cover - trivial
        prefix = f"{self.field}: " if self.field else ""
        return f"{prefix}{self.zh} / {self.en}"


class InvalidInputError(PolicyError, ValueError):
    """An input value is impossible or malformed (names the field)."""


class CalendarDataError(InvalidInputError):
    """A user-supplied holiday schedule is inconsistent."""


class CalendarCoverageError(PolicyError, LookupError):
    """A date falls in a year for which no official holiday schedule is known."""

    def __init__(self, year: int, covered: tuple[int, int], *, field: str | None = None) -> None:
        first, last = covered
        super().__init__(
            f"{year}年不在已知的法定节假日安排范围内({first}—{last}年),无法计算工作日;"
            "请升级 chinese-calendar 或用 workdays.register_schedule() 提供该年国务院办公厅通知的安排",
            f"year {year} is outside the known official holiday schedules ({first}-{last}); working days "
            "cannot be counted: upgrade chinese-calendar or supply that year's State Council notice with "
            "workdays.register_schedule()",
            field=field,
            expected=f"{first}-{last}",
            got=year,
        )
        self.year = year
        self.covered = covered


class OutsideValidityError(PolicyError, ValueError):
    """A date falls outside the period a document covers, where the answer depends on it."""


class MissingFactError(PolicyError, ValueError):
    """A fact needed to answer the question was not supplied."""


class UnknownClauseError(PolicyError, KeyError):
    """A clause id does not exist in the source documents."""

    def __str__(self) -> str:  # KeyError would repr() the message otherwise
        return PolicyError.__str__(self)


class UnknownDepartmentError(InvalidInputError):
    """A department name is not one the e-bike plan names (suggests the closest)."""


class InputFileError(InvalidInputError):
    """An input file cannot be used as a whole: unreadable, too large, in an unknown encoding, not JSON or CSV of
    the expected shape (``field`` names the file or the command-line option to change)."""


class OutputFileError(InvalidInputError):
    """An output file would not be written safely: it exists (no ``--overwrite``), it is an input, or its folder
    is missing."""


class DetectedEncodingWarning(UserWarning):
    """A text file was not UTF-8 and was read in the encoding named by the message (e.g. GB18030)."""


class UnrecognisedColumnsWarning(PolicyError, UserWarning):
    """A register has columns the reader does not recognise; they pass through unread.

    It is a warning by default; ``warnings.simplefilter("error", UnrecognisedColumnsWarning)`` (the CLI's
    ``--strict``) raises it, and as a :class:`PolicyError` it is then reported like any input error.
    """
