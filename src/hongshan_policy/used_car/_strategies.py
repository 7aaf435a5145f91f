"""Hypothesis strategies of 87号's inputs (re-exported by :mod:`hongshan_policy.testing`): dealers and applications.

Every value is drawn from the condition tables of :mod:`hongshan_policy.used_car` (their fields, comparison words
and parameters): an eligible draw passes every check of every table it meets, an ineligible dealer fails at least
one check of 第二条. A row added to a table is drawn on both sides with no change here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from hypothesis import strategies as st

from .. import used_car
from ..testing import _any_money, _between, _draw_table, _field_value, _names, _passing_range, credit_codes
from . import _eligibility, _rewards

__all__ = ["dealers", "used_car_applications"]

_UC = used_car.UsedCarParameters()
_TOP_REVENUE = Decimal(50_000_000)
"""Where the growth reward's tiers and cap are: drawn around, beside the tables' thresholds."""


@st.composite
def _dealers(draw: st.DrawFn, eligible: bool | None, latest: date) -> used_car.Dealer:
    """A dealer whose 第二条 facts are drawn from ``used_car.DEALER_CONDITIONS``, field by field, check by check."""
    record: dict[str, Any] = {
        "name": draw(_names("二手车销售有限公司")),
        "credit_code": draw(credit_codes("150402", kinds=["91"])),
        **_draw_table(draw, _eligibility.DEALER_CONDITIONS, _UC, eligible, latest),
    }
    return used_car.Dealer.model_validate(record)


def dealers(*, eligible: bool | None = None, registered_by: date | None = None) -> st.SearchStrategy[used_car.Dealer]:
    """Used-car dealers (87号 第二条).

    ``eligible=True``: registered on or after 2023-10-31, in Hongshan, an
    independent legal person with its own accounts, key monitored, so every
    reason of ``hongshan_policy.used_car.dealer_conditions`` holds.
    ``eligible=False``: at least one of them fails. ``registered_by``: the
    latest registration date drawn (default 2025-03-31, the end of validity).
    """
    latest = registered_by or _UC.valid_until
    first, _ = _passing_range([c for c in _eligibility.DEALER_CONDITIONS if c.field == "registered_on"], _UC)
    if eligible and first is not None and latest < first:
        raise ValueError(f"an eligible dealer is registered on or after {first}")
    return _dealers(eligible, latest)


def _day(draw: st.DrawFn, table: tuple[Any, ...], eligible: bool | None, registered: date) -> date:
    """The application date of a reward (its checks on ``applied_on`` in ``table``), not before registration."""
    checks = [c for c in table if c.field == "applied_on"]
    if eligible:
        first, last = _passing_range(checks, _UC)
        day: date = draw(_between(max(registered, first), last))
        return day
    drawn: date = _field_value(draw, checks, _UC, None, date(2030, 12, 31))
    return max(drawn, registered)


@st.composite
def _used_car_applications(
    draw: st.DrawFn, eligible: bool | None, rewards: Literal["scale", "growth", "both"] | None
) -> used_car.Application:
    which = rewards or draw(st.sampled_from(["scale", "growth", "both"]))
    scale, growth = which in ("scale", "both"), which in ("growth", "both")
    scale_table = (*_rewards.SCALE_CONDITIONS, *_rewards.VALIDITY_CONDITIONS)
    growth_table = (*_rewards.GROWTH_CONDITIONS, *_rewards.VALIDITY_CONDITIONS)
    latest = _UC.valid_until
    if eligible and scale:  # registered by the last day the scale reward may be applied for
        latest = _passing_range([c for c in scale_table if c.field == "applied_on"], _UC)[1]
    dealer = draw(_dealers(eligible, latest))
    # 附件2's facts and 「一次性」: pledged or not stated when eligible, anything otherwise
    stated = _draw_table(
        draw, (*_eligibility.PLEDGE_CONDITIONS, *_rewards.ONCE_CONDITIONS), _UC, True if eligible else None, latest
    )
    dealer = used_car.Dealer.model_validate({**dealer.model_dump(), **stated})
    record: dict[str, Any] = {"dealer": dealer}
    registered = dealer.registered_on
    if scale:
        revenue = [c for c in _rewards.SCALE_CONDITIONS if c.field == "revenue_jan_to_jul"]
        record["revenue_jan_to_jul"] = _field_value(draw, revenue, _UC, eligible, latest)
        record["applied_on"] = _day(draw, scale_table, eligible, registered)
    if growth:
        revenue = [c for c in _rewards.GROWTH_CONDITIONS if c.field == "revenue_2024"]
        if eligible:
            record["revenue_2024"] = _field_value(draw, revenue, _UC, True, latest)
        else:  # also around the amount's tiers and cap
            record["revenue_2024"] = draw(_any_money(revenue, _UC, _UC.growth_upper_from, _TOP_REVENUE))
        record["growth_applied_on"] = None if draw(st.booleans()) else _day(draw, growth_table, eligible, registered)
    return used_car.Application.model_validate(record)


def used_car_applications(
    *, eligible: bool | None = None, rewards: Literal["scale", "growth", "both"] | None = None
) -> st.SearchStrategy[used_car.Application]:
    """Applications for the used-car rewards (87号), as ``hongshan_policy.used_car.assess`` takes them.

    ``rewards`` chooses what is applied for (default: any of the three).
    ``eligible=True``: an eligible dealer (its pledge facts stated as pledged or not stated, the scale reward
    not received before) and figures and dates that earn every reward applied for; ``False``: an ineligible
    dealer (so no reward).
    """
    return _used_car_applications(eligible, rewards)
