"""Every number of 87号, declared once with the clause that sets it, and the parameters through time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Self

from pydantic import model_validator

from ..inputs import Day, Flag, Period, model_arg
from ..money import Money, Ratio
from ..parameters import Dated, Parameters, Timeline, param

__all__ = ["AMENDMENTS", "DEFAULTS", "DOCUMENT", "TIMELINE", "UsedCarParameters"]

DOCUMENT = "used-car"


class UsedCarParameters(Parameters):
    """Every number of 87号, with the clause that sets it."""

    registered_from: Day = param(
        date(2023, 10, 31),
        clause="used-car:2",
        zh="登记注册日期下限「2023年10月31日以后」(含当日)",
        unit="date",
        reading="「以后」 includes 2023-10-31",
    )
    scale_revenue_min: Money = param(
        Decimal(5_000_000), clause="used-car:3.1", zh="2024年前7个月累计营业收入「500万元以上」(含)", unit="元"
    )
    scale_apply_by: Day = param(date(2024, 8, 31), clause="used-car:3.1", zh="「2024年8月底前」提交申请", unit="date")
    scale_reward_amount: Money = param(Decimal(50_000), clause="used-car:3.1", zh="一次性奖励「5万元」", unit="元")
    growth_revenue_min: Money = param(
        Decimal(10_000_000), clause="used-car:3.2", zh="年度累计营业收入「1000万元(不含)」以上", unit="元"
    )
    growth_upper_from: Money = param(
        Decimal(30_000_000),
        clause="used-car:3.2",
        zh="「3000万元以上」适用较高比例(含3000万元)",
        unit="元",
        reading="at exactly 3000万元 the 0.7% tier applies",
    )
    growth_rate: Ratio = param(Decimal("0.006"), clause="used-car:3.2", zh="奖励比例「0.6%」", unit="ratio")
    growth_upper_rate: Ratio = param(Decimal("0.007"), clause="used-car:3.2", zh="奖励比例「0.7%」", unit="ratio")
    growth_cap: Money = param(
        Decimal(350_000),
        clause="used-car:3.2",
        zh="「单家贸易单位补贴上限为35万元」",
        unit="元",
        reading="the cap binds the growth reward of 第三条(二) only",
    )
    cap_includes_scale_reward: Flag = param(
        False,
        clause="used-car:3.2",
        zh="35万元上限是否同时约束第三条(一)的规模奖励",
        unit="flag",
        reading="False: the cap binds the growth reward of 第三条(二) only; True: one cap on the sum of both "
        "rewards of a dealer, the scale reward counted first and the growth reward taking what remains",
    )
    growth_year_end: Day = param(
        date(2024, 12, 31),
        clause="used-car:3.2",
        zh="「2024年度内」累计营业收入:年度最后一日",
        unit="date",
    )
    refuse_growth_before_year_end: Flag = param(
        False,
        clause="used-car:3.2",
        zh="年度结束前(2025年1月1日前)申请做大做强奖励是否不予受理",
        unit="flag",
        reading="False: an application dated before the year ends is decided on the revenue stated, with a "
        "warning; True: it is refused (the 2024 revenue is not yet known)",
    )
    notify_working_days: Period = param(3, clause="used-car:5.2", zh="「3个工作日内书面通知」", unit="working days")
    publicity_working_days: Period = param(7, clause="used-car:5.3", zh="「公示期为7个工作日」", unit="working days")
    valid_from: Day = param(
        date(2024, 6, 23), clause="used-car:8", zh="「自发布之日起实施」(2024年6月23日)", unit="date"
    )
    valid_until: Day = param(date(2025, 3, 31), clause="used-car:8", zh="「有效期至2025年3月31日」", unit="date")

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.growth_upper_from < self.growth_revenue_min:
            raise ValueError("growth_upper_from: must not be below growth_revenue_min")
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until: must not be before valid_from")
        return self


DEFAULTS = UsedCarParameters()
"""The text's values (赤红政字〔2024〕87号 as issued)."""

AMENDMENTS: dict[str, tuple[Dated, ...]] = {}
"""Dated values later documents set, by parameter: ``{name: (Dated(since, value, source), ...)}``.

None so far. An amendment adds a row here; it never edits ``DEFAULTS`` (docs/amending.md)."""

TIMELINE: Timeline[UsedCarParameters] = Timeline(DEFAULTS, AMENDMENTS)
"""The parameters through time. A decision made without ``params=`` uses ``TIMELINE.on(<application date>)``:
87号 rewards an application, so the set in force on the day it was filed governs (docs/interpretations.md)."""


def _in_force(params: UsedCarParameters | None, day: date | None) -> UsedCarParameters:
    """``params`` when given (checked), else the set in force on the governing ``day`` (the text's when None)."""
    if params is None:
        return TIMELINE.on(day)
    if type(params) is UsedCarParameters:
        return params
    return model_arg(params, UsedCarParameters, "params")
