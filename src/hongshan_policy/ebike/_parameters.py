"""Every number and date of 赤红政办发〔2024〕4号 that a rule or a phase uses, with its clause, and their timeline.

The dated milestones of the 21 tasks are data (``_tasks.py``, one row per task),
like the holiday tables of python-holidays; the numbers and dates below are
the ones the rules compare against. :data:`TIMELINE` holds them through time
(a later notice adds a dated value, e.g. the transition end the district sets
for non-standard e-bikes; it never overwrites the text's value):
``DOCUMENTS["ebike"].parameters_on(day)`` and every inspection without
``params=`` read the set in force on the inspection day (the governing date).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Self

from pydantic import model_validator

from ..errors import InvalidInputError
from ..inputs import Day, Period, Quantity
from ..parameters import Parameters, Timeline, param

__all__ = ["DEFAULTS", "DOCUMENT", "TIMELINE", "EbikeParameters", "in_force"]

DOCUMENT = "ebike"
"""This document's id in the registry (:data:`hongshan_policy.DOCUMENTS`)."""


class EbikeParameters(Parameters):
    """Every number of 4号, with the clause that sets it."""

    notice_date: Day = param(
        date(2024, 6, 17),
        clause="ebike:notice",
        zh="印发日期「2024年6月17日」",
        unit="date",
        reading="the plan applies from the day it was issued; 动员部署 starts that day",
    )
    mobilisation_end: Day = param(
        date(2024, 6, 20), clause="ebike:3.1", zh="动员部署阶段「2024年6月20日前」(含当日)", unit="date"
    )
    rectification_start: Day = param(
        date(2024, 6, 20),
        clause="ebike:3.2",
        zh="整治攻坚阶段「2024年6月20日至2025年11月30日」起",
        unit="date",
        reading="2024-06-20 is named by both 3.1 and 3.2: it belongs to 整治攻坚 (the later phase)",
    )
    rectification_end: Day = param(
        date(2025, 11, 30),
        clause="ebike:3.2",
        zh="整治攻坚阶段「至2025年11月30日」(含当日)",
        unit="date",
        reading="a task with no date of its own runs to this day",
    )
    acceptance_end: Day = param(
        date(2025, 12, 31),
        clause="ebike:3.3",
        zh="验收评估「2025年12月底前」",
        unit="date",
        reading="the last day the plan covers; 验收评估 starts the day after 整治攻坚 ends",
    )
    code_required_from: Day | None = param(
        None,
        clause="ebike:2.1.3",
        zh="「一车一池一充一码」识别代码标识成为车主义务之日(本方案未规定,由使用者按后续规定填写)",
        unit="date",
        reading="task 3 「推行…2024年底前取得阶段性进展」 is a programme milestone for 区工信局, not a deadline for "
        "owners: a missing code is a follow-up for the department; from this day (if given) a violation",
    )
    nonstandard_transition_ends: Day | None = param(
        None,
        clause="ebike:2.3.12",
        zh="区政府设定的不符合国家标准在用电动自行车过渡期的最后一日(本方案未规定,由区政府另行设定)",
        unit="date",
        reading="「由区政府合理设定过渡期」: the plan sets no transition end; 「2024年12月底前完成」 dates the "
        "task. A non-standard vehicle is a follow-up for 区公安分局 through this day (if given), "
        "a violation after it",
    )
    delivery_measures_by: Day = param(
        date(2024, 8, 31),
        clause="ebike:2.3.14",
        zh="即时配送企业安装GPS、设定配送时限、处置改装车辆「2024年8月底前完成」",
        unit="date",
        reading="a shortfall is a follow-up for 区市场监管局 up to this day and the company's violation after it",
    )
    delivery_top_speed_kmh: Quantity = param(
        Decimal(25),
        clause="ebike:2.3.14",
        zh="设定配送时限、路线所依据的「最高速度25公里/小时」",
        unit="km/h",
        reading="「最高速度」 reads as 不超过: a basis of exactly 25 km/h complies",
    )
    dealer_records_by: Day = param(
        date(2024, 8, 31),
        clause="ebike:2.4.17",
        zh="销售企业「建立并执行进货检查验收制度」「2024年8月底前完成」",
        unit="date",
        reading="missing records are a follow-up for 区市场监管局 up to this day and the dealer's violation after it",
    )
    battery_assessment_years: Period = param(
        5,
        clause="ebike:2.5.19",
        zh="「对超过生产日期5年的蓄电池开展全面强制安全性评估」",
        unit="years",
        reading="「超过」 excludes: due when the inspection day is after production + 5 years (民法典第二百零一条); "
        "the assessment is the administration's duty (a follow-up), not the owner's",
    )

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if not self.notice_date <= self.mobilisation_end:
            raise ValueError("mobilisation_end: must not be before notice_date")
        if not self.notice_date <= self.rectification_start <= self.rectification_end < self.acceptance_end:
            raise ValueError(
                "rectification_start: phases must run notice_date <= rectification_start <= rectification_end "
                "< acceptance_end"
            )
        if self.battery_assessment_years < 1 or self.delivery_top_speed_kmh <= 0:
            raise ValueError(
                "battery_assessment_years: battery_assessment_years and delivery_top_speed_kmh must be positive"
            )
        return self


DEFAULTS = EbikeParameters()

TIMELINE: Timeline[EbikeParameters] = Timeline(DEFAULTS)
"""4号's parameters through time: the text's values (no amendment is known yet); ``TIMELINE.amend(...)`` adds one."""


def in_force(params: EbikeParameters | None, day: object) -> EbikeParameters:
    """``params`` when given (checked), else the set in force on the governing ``day`` (the inspection day).

    A ``day`` that is not a date (it is checked, and refused, by the caller) reads the text's values.
    """
    if params is None:
        return TIMELINE.on(day if type(day) is date else None)
    if not isinstance(params, EbikeParameters):
        raise InvalidInputError(
            "params 应为 EbikeParameters",
            "params must be EbikeParameters",
            field="params",
            expected="EbikeParameters",
            got=params,
        )
    return params
