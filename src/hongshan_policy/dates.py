"""Dates as the texts count them.

《中华人民共和国民法典》第二百零一条: a period counted in months starts the day
after the event, and ends on the corresponding day of the last month (the
month's last day where there is no corresponding day); 第二百零三条: a period
whose last day is a statutory holiday ends on the next working day. Phrases
such as 「竣工12个月内」 therefore end on :func:`months_after` of the event.
「2024年8月底前」 is the last day of August 2024 (:func:`month_end`).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any

from .inputs import date_arg

__all__ = ["check_date", "month_end", "months_after", "zh_date"]


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def months_after(day: date, months: int) -> date:
    """The last day of a period of ``months`` months from ``day`` (民法典第二百零一条).

    ``months_after(date(2024, 1, 31), 1)`` is 2024-02-29; ``months_after(date(2024, 2, 29), 12)`` is 2025-02-28.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)  # as dateutil's relativedelta(months=…)
    month += 1
    last = _MONTH_DAYS[month] if month != 2 else monthrange(year, 2)[1]
    return date(year, month, day.day if day.day <= last else last)


def month_end(year: int, month: int) -> date:
    """The last day of a month: 「2024年8月底」 is ``month_end(2024, 8)``."""
    return date(year, month, monthrange(year, month)[1])


def zh_date(day: date) -> str:
    """A date as Chinese text: ``2024年8月31日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def check_date(value: Any, field: str) -> date:
    """Return ``value`` if it is a ``datetime.date`` in range; else raise :class:`InvalidInputError` naming ``field``.

    A ``datetime`` is refused rather than truncated: which calendar day it falls
    on depends on its time zone. The range is :data:`hongshan_policy.inputs.DATE_MIN`
    to :data:`~hongshan_policy.inputs.DATE_MAX` (:func:`hongshan_policy.inputs.date_arg`).
    """
    return date_arg(value, field)
