"""红山区推动二手车市场发展奖励措施 (赤红政字〔2024〕87号): used-car dealer rewards.

Issued by 赤峰市红山区人民政府 on 2024-06-23, in force until 2025-03-31
(第八条). Functions follow the order of the text; each cites its clause as
``used-car:<条>[.<款>]`` (``used-car:3.2`` is 第三条(二)).

References:
    赤峰市红山区人民政府公报 2024年第3期(总第46期), 《红山区推动二手车市场发展奖励措施》.
Limitations:
    「对红山区经济增长具有拉动作用」 (第二条) is a judgement the bureau makes; it
    is not formalised and every decision says so in a warning. The annex form's
    revenue period 「2024年4月至2024年12月」 conflicts with 第三条(二)'s
    「2024年度内」: the article governs (docs/interpretations.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cache, partial
from typing import Any, Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from .._gc import fewer_collections
from .._json import used_car_assessment_dict
from .._progress import progress as _progress
from ..citations import implements
from ..comparisons import WORDS, holds
from ..conditions import Check, FlagCheck, StatedFlag, Threshold, Window, compiled, compiled_keywords, unstated
from ..credit_code import CreditCode
from ..dates import zh_date
from ..decisions import _HELD, Decision, Note, Reason, Repayment, provenance, render_html, render_text
from ..errors import InvalidInputError
from ..inputs import Day, Flag, Period, Text, checked, date_arg, flag_arg, in_context, model_arg, optional_date_arg
from ..materials import Checklist, Material, checklist
from ..money import ZERO, Money, Ratio, fmt_percent, fmt_wan, fmt_yuan, money_arg, round_fen, sum_money
from ..parameters import Dated, Parameters, PolicyModel, Timeline, param
from ..workdays import add_working_days, working_day_window

__all__ = [
    "DEALER_CONDITIONS",
    "DEFAULTS",
    "GROWTH_CONDITIONS",
    "ONCE_CONDITIONS",
    "PLEDGE_CONDITIONS",
    "PLEDGE_FIELDS",
    "SCALE_CONDITIONS",
    "TIMELINE",
    "VALIDITY_CONDITIONS",
    "Application",
    "Assessment",
    "Checklist",
    "Dealer",
    "GrowthFacts",
    "Material",
    "Procedure",
    "ScaleFacts",
    "UsedCarParameters",
    "application_materials",
    "assess",
    "assess_many",
    "check_applied_on",
    "dealer_conditions",
    "fraud_repayment",
    "growth_reward",
    "pledge_conditions",
    "procedure",
    "relocation_repayment",
    "scale_reward",
]

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


class Dealer(PolicyModel):
    """二手车经销企业: the facts 第二条 asks about one dealer."""

    name: Text = Field(description="企业名称 name of the dealer")
    credit_code: CreditCode = Field(description="统一社会信用代码 unified social credit code (GB 32100-2015)")
    registered_on: Day = Field(description="登记注册日期 date of registration")
    registered_in_hongshan: Flag = Field(description="在红山区依法登记注册纳税 registered and paying tax in Hongshan")
    independent_legal_person: Flag = Field(description="有独立法人资格 an independent legal person")
    independent_accounting: Flag = Field(description="独立核算 keeps independent accounts")
    key_monitored: Flag = Field(
        description="纳入红山区商贸类重点监测企业范围 among Hongshan's key monitored trade enterprises"
    )
    safety_accident: Flag | None = Field(
        default=None,
        description="安全生产责任事故 the dealer had a work-safety accident it is responsible for (附件2三); "
        "None: not stated",
    )
    violations: Flag | None = Field(
        default=None, description="违法行为 the dealer committed illegal acts (附件2三); None: not stated"
    )
    blacklisted: Flag | None = Field(
        default=None,
        description="被信用管理部门依法列入「失信联合惩戒黑名单」 on the joint-punishment blacklist for dishonesty "
        "(附件2三); None: not stated",
    )
    pledge_signed: Flag | None = Field(
        default=None,
        description="守信承诺书已由法定代表人(或负责人)签字并加盖公章 the good-faith pledge (附件2) signed and sealed; "
        "None: not stated",
    )
    scale_reward_received: Flag | None = Field(
        default=None,
        description="已享受第三条(一)一次性奖励 the one-off scale reward was already received; None: not stated",
    )


def check_applied_on(dealer: Dealer, applied_on: date, field: str) -> date:
    """Refuse an application dated before the dealer's registration (the model and every rule check it here).

    Raises :class:`~hongshan_policy.errors.InvalidInputError` naming ``field``.
    """
    if applied_on < dealer.registered_on:
        raise InvalidInputError(
            f"申请日期{applied_on.isoformat()}早于登记注册日期{dealer.registered_on.isoformat()}",
            f"application date {applied_on.isoformat()} is before the registration date "
            f"{dealer.registered_on.isoformat()}",
            field=field,
            expected=f"on or after {dealer.registered_on.isoformat()}",
            got=applied_on,
        )
    return applied_on


DEALER_CONDITIONS: tuple[Check, ...] = (
    Threshold(
        "used-car:2/registered-from",
        "registered_on",
        "以后",
        "registered_from",
        "登记注册日期{value}在{limit}以后(含当日)",
        "registered on {value}, on or after {limit}",
        "登记注册日期{value}早于{limit},不符合「{limit}以后」",
        "registered on {value}, before {limit}",
        "登记注册日期需在{limit}以后(含当日)",
        "the dealer must be registered on or after {limit}",
    ),
    FlagCheck(
        "used-car:2/registered-in-hongshan",
        "registered_in_hongshan",
        "在红山区依法登记注册纳税",
        "registered and paying tax in Hongshan",
        "未在红山区依法登记注册纳税",
        "not registered and paying tax in Hongshan",
    ),
    FlagCheck(
        "used-car:2/independent-legal-person",
        "independent_legal_person",
        "有独立法人资格",
        "an independent legal person",
        "无独立法人资格",
        "not an independent legal person",
    ),
    FlagCheck(
        "used-car:2/independent-accounting",
        "independent_accounting",
        "独立核算",
        "keeps independent accounts",
        "未独立核算",
        "does not keep independent accounts",
    ),
    FlagCheck(
        "used-car:2/key-monitored",
        "key_monitored",
        "已纳入红山区商贸类重点监测企业范围",
        "among Hongshan's key monitored trade enterprises",
        "未纳入红山区商贸类重点监测企业范围",
        "not among Hongshan's key monitored trade enterprises",
        need_zh="纳入红山区商贸类重点监测企业范围",
    ),
)
"""第二条's conditions, declared once: the scalar reasons, the columnar checks (``batch``), what must change
(``explain``) and the test strategies (``testing``) are all read from this table, in its order. The judgement
「对红山区经济增长具有拉动作用」 is not formalised (a warning)."""


@implements("used-car:2")
def dealer_conditions(dealer: Dealer, *, params: UsedCarParameters | None = None) -> tuple[Reason, ...]:
    """Check who counts as a used-car dealer, one reason per condition.

    第二条 「本措施提及的二手车经销企业,是指2023年10月31日以后在红山区依法登记注册纳税,
    有独立法人资格、独立核算,纳入红山区商贸类重点监测企业范围且对红山区经济增长具有拉动作用的企业。」

    Returns one reason per check of :data:`DEALER_CONDITIONS` (five); the judgement 「对红山区经济增长具有拉动作用」
    is not formalised.
    """
    return _conditions(model_arg(dealer, Dealer, "dealer"), _in_force(params, None))


def _conditions(dealer: Dealer, params: UsedCarParameters) -> tuple[Reason, ...]:
    return compiled(DEALER_CONDITIONS)(dealer, params)


_JUDGEMENT = Note(
    "used-car:2",
    "「对红山区经济增长具有拉动作用」由区商务和投资促进局审核认定,本库不作判断",
    "whether the dealer 'drives Hongshan's economic growth' is for the bureau to judge; not assessed here",
)


def _pledge_fact(field: str, held_zh: str, held_en: str, failed_zh: str, failed_en: str, **texts: str) -> StatedFlag:
    return StatedFlag(
        f"used-car:annex2.3/{field.replace('_', '-')}",
        field,
        f"守信承诺:{held_zh}",
        f"pledge: {held_en}",
        failed_zh,
        failed_en,
        needed=False,
        need_zh=held_zh,
        need_en=texts.pop("need_en", held_en),
        **texts,
    )


PLEDGE_CONDITIONS: tuple[Check, ...] = (
    _pledge_fact(
        "safety_accident",
        "无安全生产责任事故",
        "no work-safety accident it is responsible for",
        "有安全生产责任事故,与守信承诺书「无安全生产责任事故」不符",
        "had a work-safety accident it is responsible for, contrary to the pledge",
        need_en="no work-safety accident",
        unstated_zh="有无安全生产责任事故",
        unstated_en="any work-safety accident",
    ),
    _pledge_fact(
        "violations",
        "无违法行为",
        "no illegal acts",
        "有违法行为,与守信承诺书「无……违法行为」不符",
        "committed illegal acts, contrary to the pledge",
        unstated_zh="有无违法行为",
        unstated_en="any illegal acts",
    ),
    _pledge_fact(
        "blacklisted",
        "未被列入「失信联合惩戒黑名单」",
        "not on the joint-punishment blacklist",
        "已被信用管理部门依法列入「失信联合惩戒黑名单」",
        "on the joint-punishment blacklist for dishonesty",
        unstated_zh="是否被列入「失信联合惩戒黑名单」",
        unstated_en="whether on the joint-punishment blacklist",
    ),
    StatedFlag(
        "used-car:annex2/pledge-signed",
        "pledge_signed",
        "守信承诺书已由法定代表人(或负责人)签字并加盖公章",
        "the good-faith pledge is signed and sealed",
        "守信承诺书未由法定代表人(或负责人)签字并加盖公章",
        "the good-faith pledge is not signed and sealed",
        need_zh="守信承诺书已签字盖章",
        need_en="the pledge signed and sealed",
        unstated_zh="守信承诺书是否签字盖章",
        unstated_en="whether the pledge is signed and sealed",
    ),
)
"""附件2 (守信承诺书)'s conditions, declared once: 三、's three facts (no accident, no illegal acts, not
blacklisted: each must be stated ``False``) and the signature (``True``). A fact not stated gives no reason but
one warning naming every such fact (the pledge's facts are not presumed)."""

PLEDGE_FIELDS: tuple[str, ...] = tuple(check.field for check in PLEDGE_CONDITIONS)
"""The dealer's facts that 附件2 (守信承诺书) states, in the order their reasons appear."""


def _unstated_note(missing: tuple[StatedFlag, ...]) -> Note:
    return Note(
        "used-car:annex2",
        f"未说明{'、'.join(check.unstated_zh for check in missing)},"
        "守信承诺书所承诺事项未核对,须由区商务和投资促进局核实",
        f"not stated: {', '.join(check.unstated_en for check in missing)}; "
        "the facts of the good-faith pledge were not checked and are for the bureau to verify",
    )


_UNSTATED_NOTES: dict[int, tuple[tuple[Reason, ...], tuple[Note, ...]]] = {}


@implements("used-car:annex2", "used-car:annex2.3")
def pledge_conditions(dealer: Dealer) -> tuple[tuple[Reason, ...], tuple[Note, ...]]:
    """Check the facts the dealer's good-faith pledge states: one reason per fact stated, a warning for the rest.

    附件2 守信承诺书 三、「本企业依法开展经营活动,无安全生产责任事故和违法行为,未被信用管理部门依法列入
    "失信联合惩戒黑名单"。」 and the signature 「企业法定代表人(或负责人)签字: 申报企业(盖章):」

    Returns ``(reasons, warnings)``: a stated breach (an accident, an illegal
    act, on the blacklist, the pledge unsigned) is a failed reason citing
    ``used-car:annex2.3`` (or ``used-car:annex2`` for the signature); a fact not
    stated (None) is no reason but one warning (``used-car:annex2``) naming
    every such fact: the pledge's facts are not presumed.
    """
    return _pledge(dealer)  # checked by @implements


def _pledge(dealer: Dealer) -> tuple[tuple[Reason, ...], tuple[Note, ...]]:
    table = PLEDGE_CONDITIONS
    reasons = compiled(table)(dealer, None)  # one tuple per combination of the facts: its id keys the warning
    if len(reasons) == len(table):
        return reasons, ()
    known = _UNSTATED_NOTES.get(id(reasons))
    if known is not None and known[0] is reasons:
        return reasons, known[1]
    missing = unstated(table, dealer)
    notes = (_unstated_note(missing),)
    _UNSTATED_NOTES[id(reasons)] = (reasons, notes)
    return reasons, notes


SCALE_CONDITIONS: tuple[Check, ...] = (
    Threshold(
        "used-car:3.1/revenue-at-least-minimum",
        "revenue_jan_to_jul",
        "以上",
        "scale_revenue_min",
        "2024年前7个月累计营业收入{value},达到{limit}以上",
        "revenue January-July 2024 {value}, at least {limit}",
        "2024年前7个月累计营业收入{value},未达到{limit}以上",
        "revenue January-July 2024 {value}, below {limit}",
        "2024年前7个月累计营业收入需达到{limit}以上",
        "revenue January-July 2024 must be at least {limit}",
    ),
    Threshold(
        "used-car:3.1/applied-by-deadline",
        "applied_on",
        "底前",
        "scale_apply_by",
        "申请于{value}提交,在{limit}前",
        "applied on {value}, by {limit}",
        "申请于{value}提交,晚于{limit},逾期",
        "applied on {value}, after {limit}",
        "申请最迟需于{limit}提交",
        "the last day to apply is {limit}",
    ),
)
"""第三条(一)'s conditions of the scale reward (after 第二条's and 附件2's): January–July revenue 「500万元以上」 and
the application 「2024年8月底前」; read from a :class:`ScaleFacts`, as are the next two tables."""

ONCE_CONDITIONS: tuple[Check, ...] = (
    StatedFlag(
        "used-car:3.1/once-only",
        "scale_reward_received",
        "未曾享受第三条(一)一次性奖励",
        "the one-off scale reward has not been received before",
        "已享受第三条(一)一次性奖励,「一次性奖励」不再重复给予",
        "the one-off scale reward was already received: it is paid once only",
        needed=False,
        need_zh="未曾享受第三条(一)一次性奖励",
    ),
)
"""第三条(一) 「一次性奖励」 as the dealer's fact (``scale_reward_received``; not stated: no reason). An earlier
application of the same credit code in one run (``assess_many``, ``batch``) refuses the scale reward too, with a
reason naming it: that is the run's fact, not the dealer's (``_once``)."""

GROWTH_CONDITIONS: tuple[Check, ...] = (
    Threshold(
        "used-car:3.2/revenue-above-minimum",
        "revenue_2024",
        "(不含)",
        "growth_revenue_min",
        "2024年累计营业收入{value},超过{limit}(不含)",
        "2024 revenue {value}, above {limit} (exclusive)",
        "2024年累计营业收入{value},未超过{limit}(不含)",
        "2024 revenue {value}, not above {limit} (exclusive)",
        "2024年营业收入需超过{limit}",
        "2024 revenue must exceed {limit}",
    ),
)
"""第三条(二)'s condition of the growth reward (after 第二条's and 附件2's): 2024 revenue above 1000万元 (不含);
read from a :class:`GrowthFacts`. The tiers and the cap make the amount (``_growth_reward``)."""

VALIDITY_CONDITIONS: tuple[Check, ...] = (
    Window(
        "used-car:8/within-validity",
        "applied_on",
        "valid_from",
        "valid_until",
        "申请日期{value}在本措施有效期({start}至{end})内",
        "applied on {value}, within the validity period {start} to {end}",
        "申请日期{value}不在本措施有效期({start}至{end})内",
        "applied on {value}, outside the validity period {start} to {end}",
        "申请需在本措施实施之日({start})起提交",
        "the application must be made on or after {start}, when the measure took effect",
        "申请需在本措施有效期内(至{end})提交",
        "the application must be made within validity, by {end}",
    ),
)
"""第八条: the application date 「自发布之日起」 and by 「有效期至2025年3月31日」 (both days included); read from a
:class:`ScaleFacts` or :class:`GrowthFacts` (a growth application without its date: not checked, a warning)."""


class ScaleFacts:
    """The scale reward's facts, as :data:`SCALE_CONDITIONS`, :data:`ONCE_CONDITIONS` and
    :data:`VALIDITY_CONDITIONS` read them (``scale_reward_received`` is the dealer's)."""

    __slots__ = ("applied_on", "revenue_jan_to_jul", "scale_reward_received")

    def __init__(self, revenue_jan_to_jul: Decimal, applied_on: date, scale_reward_received: bool | None) -> None:
        self.revenue_jan_to_jul = revenue_jan_to_jul
        self.applied_on = applied_on
        self.scale_reward_received = scale_reward_received


class GrowthFacts:
    """The growth reward's own facts, as :data:`GROWTH_CONDITIONS` and :data:`VALIDITY_CONDITIONS` read them."""

    __slots__ = ("applied_on", "revenue_2024")

    def __init__(self, revenue_2024: Decimal, applied_on: date | None) -> None:
        self.revenue_2024 = revenue_2024
        self.applied_on = applied_on


@implements("used-car:3.1", "used-car:8")
def scale_reward(
    dealer: Dealer, revenue_jan_to_jul: Decimal, applied_on: date, *, params: UsedCarParameters | None = None
) -> Decision:
    """Reward a dealer's scale: a flat 5万 once for 500万 of revenue in January–July 2024.

    第三条(一) 「对于符合本措施第二条规定,2024年度前7个月增值税纳税申报表中累计营业收入500万元以上,
    并于2024年8月底前向红山区商务和投资促进局提交申请的,给予一次性奖励5万元。」

    Returns a decision whose amount is 50,000.00 when every condition holds.
    「一次性」: a dealer whose facts say it already received the reward
    (``scale_reward_received``) is refused; the pledge's facts (附件2) are
    checked as :func:`pledge_conditions` says.
    """
    revenue = money_arg(revenue_jan_to_jul, "revenue_jan_to_jul")
    applied_on = check_applied_on(dealer, date_arg(applied_on, "applied_on"), "applied_on")
    params = _in_force(params, applied_on)
    return _scale_reward(_conditions(dealer, params), _pledge(dealer), dealer, revenue, applied_on, params)


@dataclass(frozen=True, slots=True)
class _Earlier:
    """The earlier application of the same credit code in one run (for 「一次性」)."""

    position: int
    """1-based position of the earlier application in the run."""
    credit_code: str
    granted: Decimal
    """The scale reward granted to it."""


def _repeated(earlier: _Earlier) -> Reason:
    """「一次性」: the scale reward already applied for by the same credit code earlier in the run."""
    return Reason(
        "used-car:3.1",
        False,
        f"统一社会信用代码{earlier.credit_code}已在本批第{earlier.position}件申请中申请一次性奖励,"
        "「一次性奖励」每家企业只给予一次,本件不予重复审核",
        f"credit code {earlier.credit_code} already applied for the one-off scale reward in application "
        f"{earlier.position} of this run: the reward is paid once per dealer, this application is refused",
        "used-car:3.1/once-only",
    )


def _scale_reward(
    conditions: tuple[Reason, ...],
    pledge: tuple[tuple[Reason, ...], tuple[Note, ...]],
    dealer: Dealer,
    revenue: Decimal,
    applied_on: date,
    params: UsedCarParameters,
    earlier: _Earlier | None = None,
) -> Decision:
    received = dealer.scale_reward_received
    if earlier is None or received:
        own = compiled_keywords(SCALE_CONDITIONS, ONCE_CONDITIONS, VALIDITY_CONDITIONS)(
            params, revenue_jan_to_jul=revenue, applied_on=applied_on, scale_reward_received=received
        )
    else:  # the run's fact replaces the dealer's 「一次性」 reason
        facts = ScaleFacts(revenue, applied_on, received)
        own = (
            *compiled(SCALE_CONDITIONS)(facts, params),
            _repeated(earlier),
            *compiled(VALIDITY_CONDITIONS)(facts, params),
        )
    reasons = (*conditions, *pledge[0], *own)
    amount = params.scale_reward_amount
    if params.cap_includes_scale_reward:
        amount = min(amount, params.growth_cap)
    return Decision.decide(
        "used_car.scale_reward",
        "二手车经销企业规模化经营奖励",
        "scale reward for used-car dealers",
        reasons,
        amount,
        (_JUDGEMENT, *pledge[1]),
        provenance(DOCUMENT, params),
    )


@implements("used-car:3.2", "used-car:8")
def growth_reward(
    dealer: Dealer,
    revenue_2024: Decimal,
    *,
    applied_on: date | None = None,
    scale_awarded: Decimal | None = None,
    params: UsedCarParameters | None = None,
) -> Decision:
    """Reward a dealer's growth: 0.6% or 0.7% of its 2024 revenue above 1000万, at most 35万.

    第三条(二) 「对于符合本措施第二条规定,2024年度内累计营业收入达到1000万元(不含)至3000万元的,
    按累计营业收入的0.6%给予奖励;年度累计营业收入达到3000万元以上的,按累计营业收入的0.7%给予奖励,
    单家贸易单位补贴上限为35万元。」

    Returns a decision: revenue × rate, rounded to the fen, then capped at 35万.
    With ``cap_includes_scale_reward`` the cap is one for both rewards of the
    dealer: the scale reward (``scale_awarded``; else 5万 when the dealer's facts
    say it was received, 0 when they say it was not) is counted first and this
    reward takes at most what remains. Without ``applied_on`` the validity
    period (第八条) is not checked and a warning says so; an application dated
    before the year ends (on or before ``growth_year_end``) is decided with a
    warning, or refused under ``refuse_growth_before_year_end``.
    """
    revenue = money_arg(revenue_2024, "revenue_2024")
    if applied_on is not None:
        applied_on = check_applied_on(dealer, date_arg(applied_on, "applied_on"), "applied_on")
    params = _in_force(params, applied_on)
    counted = None if scale_awarded is None else money_arg(scale_awarded, "scale_awarded")
    if counted is None and dealer.scale_reward_received is not None:
        counted = _received_amount(params) if dealer.scale_reward_received else ZERO
    return _growth_reward(_conditions(dealer, params), _pledge(dealer), revenue, applied_on, params, counted)


def _revenue_at_cap(cap: Decimal, rate: Decimal) -> Decimal | None:
    """The least revenue (whole fen) whose growth reward before the cap, ``round_fen(revenue × rate)``, reaches
    ``cap``; None at rate 0. The inverse of the rule's rounding (half up: cap − half a fen rounds to the cap),
    exact in fractions; ``explain`` and ``charts`` read it, the rule confirms it."""
    if rate <= 0:
        return None
    needed = (Fraction(cap) - Fraction(1, 200)) / Fraction(rate)
    return Decimal(math.ceil(needed * 100)).scaleb(-2)


def _received_amount(params: UsedCarParameters) -> Decimal:
    """The scale reward a dealer received earlier, as the joint cap counts it."""
    amount = params.scale_reward_amount
    return min(amount, params.growth_cap) if params.cap_includes_scale_reward else amount


def _year_end(applied_on: date, params: UsedCarParameters) -> Reason | Note:
    """「2024年度内」: an application on or before the year's last day is decided on a year not ended: refused, or
    (by default) decided with a warning."""
    year_end = params.growth_year_end
    if params.refuse_growth_before_year_end:
        return Reason(
            "used-car:3.2",
            False,
            f"申请日期{zh_date(applied_on)}不晚于{zh_date(year_end)},年度尚未结束,「2024年度内累计营业收入」尚未确定,"
            "不予受理",
            f"applied on {applied_on.isoformat()}, on or before {year_end.isoformat()}: the year has not ended and "
            "its revenue is not final; refused",
            "used-car:3.2/year-ended",
        )
    return _early_note(year_end)


@cache
def _early_note(year_end: date) -> Note:
    return Note(
        "used-car:3.2",
        f"申请日期不晚于{zh_date(year_end)},年度尚未结束,「2024年度内累计营业收入」尚未确定:"
        "按所报收入审核,须于年度结束后核实",
        f"applied on or before {year_end.isoformat()}: the year has not ended and its revenue is not final; "
        "decided on the revenue stated, to be checked after the year ends",
    )


_AFTER, _AT_LEAST = WORDS["超过"].test, WORDS["以上"].test
"""「超过」 (the year ended) and 「以上」 (the upper tier), looked up once (the scalar hot path)."""

_JOINT_UNKNOWN = Note(
    "used-car:3.2",
    "35万元上限按两项奖励合计计算,但未说明是否已享受规模奖励,按未享受计算",
    "the 350,000 cap covers both rewards, but whether the scale reward was received is not stated: counted as not",
)


def _amount_texts(
    low: Decimal,
    high: Decimal,
    cap: Decimal,
    upper: bool,
    rate: Decimal,
    joint: bool,
    scale: Decimal,
    room: Decimal,
    computed: Decimal,
    capped: bool,
    amount: Decimal,
) -> tuple[str, str]:
    """The texts of the growth reward's amount reason, rendered when first read (bound by ``partial``: no closure
    over ``_growth_reward``'s variables, which would make each of them a cell)."""
    tier_zh = f"{fmt_wan(high)}以上" if upper else f"{fmt_wan(low)}(不含)至{fmt_wan(high)}"
    tier_en = f"{fmt_yuan(high)} and above" if upper else f"above {fmt_yuan(low)} up to {fmt_yuan(high)}"
    head_zh = f"适用{tier_zh}档,按{fmt_percent(rate)}计算为{fmt_yuan(computed)}"
    head_en = f"tier {tier_en}: {fmt_percent(rate)} gives {fmt_yuan(computed)}"
    if joint:
        return (
            f"{head_zh};单家上限{fmt_wan(cap)}为两项奖励合计,先计规模奖励{fmt_yuan(scale)},"
            f"本项至多{fmt_yuan(room)},"
            + (f"按余额给予{fmt_yuan(amount)}" if capped else f"未超过,给予{fmt_yuan(amount)}"),
            f"{head_en}; the cap of {fmt_yuan(cap)} covers both rewards: the scale reward of "
            f"{fmt_yuan(scale)} counts first, leaving at most {fmt_yuan(room)}; "
            + (f"{fmt_yuan(amount)} paid (the remainder)" if capped else f"within it: {fmt_yuan(amount)} paid"),
        )
    return (
        f"{head_zh}," + (f"超过单家上限{fmt_wan(cap)},按上限给予" if capped else f"未超过单家上限{fmt_wan(cap)}"),
        f"{head_en}, "
        + (f"above the cap of {fmt_yuan(cap)}: capped" if capped else f"within the cap of {fmt_yuan(cap)}"),
    )


def _growth_reward(
    conditions: tuple[Reason, ...],
    pledge: tuple[tuple[Reason, ...], tuple[Note, ...]],
    revenue: Decimal,
    applied_on: date | None,
    params: UsedCarParameters,
    counted: Decimal | None = None,
) -> Decision:
    low, high, cap = params.growth_revenue_min, params.growth_upper_from, params.growth_cap
    if applied_on is None:
        own = compiled_keywords(GROWTH_CONDITIONS)(params, revenue_2024=revenue)
        minimum = len(own)
    else:  # both tables in one call; 第八条's (a window: one reason each) come last
        own = compiled_keywords(GROWTH_CONDITIONS, VALIDITY_CONDITIONS)(
            params, revenue_2024=revenue, applied_on=applied_on
        )
        minimum = len(own) - len(VALIDITY_CONDITIONS)
    reasons = [*conditions, *pledge[0], *own[:minimum]]
    warnings = [_JUDGEMENT, *pledge[1]]
    if applied_on is not None and not _AFTER(applied_on, params.growth_year_end):
        early = _year_end(applied_on, params)
        if isinstance(early, Reason):
            reasons.append(early)
        else:
            warnings.append(early)
    joint = params.cap_includes_scale_reward
    if joint and counted is None:
        warnings.append(_JOINT_UNKNOWN)
    amount = ZERO
    if all(map(_HELD, own[:minimum])):  # above the minimum: the tier, the rate and the cap make the amount
        upper = _AT_LEAST(revenue, high)
        rate = params.growth_upper_rate if upper else params.growth_rate
        scale = counted if joint and counted is not None else ZERO
        room = max(cap - scale, ZERO)
        computed = round_fen(revenue * rate)
        capped = computed > room
        amount = min(computed, room)

        texts = partial(_amount_texts, low, high, cap, upper, rate, joint, scale, room, computed, capped, amount)
        reasons.append(Reason.lazy("used-car:3.2", True, texts, "used-car:3.2/amount"))
    if applied_on is None:
        warnings.append(
            Note(
                "used-car:8",
                f"未提供申请日期,未核对本措施有效期(至{zh_date(params.valid_until)})",
                f"no application date given: the validity period (to {params.valid_until.isoformat()}) was not checked",
            )
        )
    else:
        reasons += own[minimum:]
    return Decision.decide(
        "used_car.growth_reward",
        "二手车经销企业做大做强奖励",
        "growth reward for used-car dealers",
        reasons,
        amount,
        warnings,
        provenance(DOCUMENT, params),
    )


_MATERIALS = (
    Material(
        "application_form",
        "used-car:4.1",
        "《红山区二手车经销企业奖励资金申报表》(附件1)",
        "application form for the used-car dealer reward (annex 1)",
    ),
    Material("pledge", "used-car:4.2", "申报单位出具的守信承诺书(附件2)", "the dealer's good-faith pledge (annex 2)"),
    Material(
        "representative_id",
        "used-car:4.3",
        "法定代表人或负责人的身份证件(复印件)",
        "identity document of the legal representative or person in charge (copy)",
    ),
    Material("business_licence", "used-car:4.4", "申报单位的营业执照(复印件)", "the dealer's business licence (copy)"),
    Material("vat_returns", "used-car:4.5", "申报单位的增值税纳税申报表(复印件)", "the dealer's VAT returns (copy)"),
)


@implements(
    "used-car:4", "used-car:4.1", "used-car:4.2", "used-car:4.3", "used-car:4.4", "used-car:4.5", kind="procedure"
)
def application_materials(submitted: Iterable[str] | None = None) -> Checklist:
    """List the five documents of an application and, given what was submitted, which are present or missing.

    第四条 申请材料 「1.《红山区二手车经销企业奖励资金申报表》(见附件1);2.申报单位出具的守信承诺书(见附件2);
    3.法定代表人或负责人的身份证件(复印件);4.申报单位的营业执照(复印件);5.申报单位的增值税纳税申报表(复印件)。」

    ``submitted`` holds the keys of the documents filed: ``application_form``,
    ``pledge``, ``representative_id``, ``business_licence``, ``vat_returns``
    (an unknown key is an ``InvalidInputError``). Returns a :class:`Checklist`
    of the five, in the order of the text, each citing its item
    (``used-car:4.1`` … ``used-car:4.5``); without ``submitted`` none is marked.
    """
    return checklist(DOCUMENT, _MATERIALS, submitted)


def _restricted_until(paid_on: date, params: UsedCarParameters) -> date:
    return max(params.valid_until, date(paid_on.year, 12, 31))


@implements("used-car:7")
def relocation_repayment(
    received: Decimal,
    paid_on: date,
    relocated_on: date | None,
    *,
    params: UsedCarParameters | None = None,
) -> Repayment:
    """Return what a dealer that moved its registered tax location away must repay.

    第七条 「申请奖励资金的二手车经销企业在本措施有效期及奖励资金兑现年度内,企业登记注册纳税地不得外迁,
    如外迁应如数返还享受的奖励资金。」

    Returns a :class:`~hongshan_policy.decisions.Repayment`, ``due`` when the
    obligation applies, whose amount is everything received (如数返还). The restricted
    period runs from the start of validity to the later of its end and the end
    of the calendar year in which the reward was paid (「有效期及兑现年度内」).
    """
    received = money_arg(received, "received")
    paid_on = date_arg(paid_on, "paid_on")
    relocated_on = optional_date_arg(relocated_on, "relocated_on")
    params = _in_force(params, paid_on)  # the terms the reward was paid under
    start, end = params.valid_from, _restricted_until(paid_on, params)
    inside = relocated_on is not None and holds(relocated_on, "起", start) and holds(relocated_on, "前", end)
    if relocated_on is None:
        reason = Reason(
            "used-car:7",
            False,
            "企业登记注册纳税地未外迁,无需返还",
            "the dealer has not moved away: nothing to repay",
            "used-car:7/moved-away-within-period",
        )
    else:
        reason = Reason(
            "used-car:7",
            inside,
            f"企业于{zh_date(relocated_on)}外迁,{'在' if inside else '不在'}本措施有效期及奖励资金兑现年度内"
            f"({zh_date(start)}至{zh_date(end)})," + (f"应如数返还{fmt_yuan(received)}" if inside else "无需返还"),
            f"moved away on {relocated_on.isoformat()}, {'inside' if inside else 'outside'} the restricted period "
            f"{start.isoformat()} to {end.isoformat()}" + (f": repays {fmt_yuan(received)}" if inside else ""),
            "used-car:7/moved-away-within-period",
        )
    return Repayment.decide(
        "used_car.relocation_repayment",
        "外迁返还奖励资金",
        "repayment on relocation",
        (reason,),
        received,
        provenance=provenance(DOCUMENT, params),
    )


@implements("used-car:6")
def fraud_repayment(received: Decimal, *, fraud_found: bool) -> Repayment:
    """Return what a dealer found to have faked its application must repay: everything.

    第六条 「对弄虚作假、套取资金的,一经发现,收缴全部奖励资金,并追究相关企业和个人法律责任。」

    Returns a :class:`~hongshan_policy.decisions.Repayment`, ``due`` when fraud was found.
    """
    received = money_arg(received, "received")
    fraud_found = flag_arg(fraud_found, "fraud_found")
    reason = Reason(
        "used-car:6",
        fraud_found,
        f"发现弄虚作假、套取资金,收缴全部奖励资金{fmt_yuan(received)}" if fraud_found else "未发现弄虚作假、套取资金",
        f"fraud found: all {fmt_yuan(received)} received is recovered" if fraud_found else "no fraud found",
        "used-car:6/fraud-found",
    )
    return Repayment.decide(
        "used_car.fraud_repayment",
        "弄虚作假收缴奖励资金",
        "recovery on fraud",
        (reason,),
        received,
        provenance=provenance(DOCUMENT, DEFAULTS),
    )


@dataclass(frozen=True, slots=True)
class Procedure:
    """The deadlines of 第五条 for one application."""

    notify_refusal_by: date | None
    """「3个工作日内书面通知企业」: the last day to notify a refused applicant in writing."""
    publicity: tuple[date, date] | None
    """「公示期为7个工作日」: first and last day of publicity."""
    payable_from: date | None = None
    """「公示无异议的,由区财政局按程序兑现奖励资金」: the first day the treasury may pay (None after an objection)."""


@implements("used-car:5.2", "used-car:5.3", "used-car:5.4", kind="procedure")
def procedure(
    *,
    review_concluded_on: date | None = None,
    approved_on: date | None = None,
    publicity_starts_on: date | None = None,
    objection_raised: bool = False,
    params: UsedCarParameters | None = None,
) -> Procedure:
    """Compute the refusal-notice deadline and the publicity window.

    第五条(二) 「对不符合条件的,红山区商务和投资促进局在3个工作日内书面通知企业并说明理由」;
    (三) 「红山区政府审批通过后,由区商务和投资促进局组织公示,公示期为7个工作日。」

    The notice is due on the 3rd working day after the review concludes (the
    day itself not counted). Publicity starts on ``publicity_starts_on`` if
    given, else the day after approval (《民法典》第二百零一条: the first day is
    not counted), and lasts 7 working days counted from the first working day.
    (四) 「公示无异议的,由区财政局按程序兑现奖励资金」: payment may follow from the
    day after publicity ends, unless an objection was raised.
    """
    review_concluded_on = optional_date_arg(review_concluded_on, "review_concluded_on")
    approved_on = optional_date_arg(approved_on, "approved_on")
    publicity_starts_on = optional_date_arg(publicity_starts_on, "publicity_starts_on")
    objection_raised = flag_arg(objection_raised, "objection_raised")
    params = _in_force(params, review_concluded_on or approved_on or publicity_starts_on)
    notify = None if review_concluded_on is None else add_working_days(review_concluded_on, params.notify_working_days)
    start = publicity_starts_on or (None if approved_on is None else approved_on + timedelta(days=1))
    window = None if start is None else working_day_window(start, params.publicity_working_days)
    payable = None if window is None or objection_raised else window[1] + timedelta(days=1)
    return Procedure(notify, window, payable)


class Application(PolicyModel):
    """One dealer's application: the dealer and the figures and dates of each reward applied for."""

    policy: Literal["used-car"] = Field(default="used-car", description="政策 which policy this application is for")
    dealer: Dealer
    revenue_jan_to_jul: Money | None = Field(
        default=None, description="2024年前7个月增值税纳税申报表中累计营业收入 (元); None: scale reward not applied for"
    )
    applied_on: Day | None = Field(
        default=None, description="规模奖励申请提交日期 date the scale-reward application reached the bureau"
    )
    revenue_2024: Money | None = Field(
        default=None, description="2024年度内累计营业收入 (元); None: growth reward not applied for"
    )
    growth_applied_on: Day | None = Field(
        default=None, description="做大做强奖励申请日期 date of the growth-reward application"
    )

    @field_validator("applied_on", "growth_applied_on")
    @classmethod
    def _not_before_registration(cls, value: date | None, info: ValidationInfo) -> date | None:
        dealer = info.data.get("dealer")
        if value is not None and dealer is not None and value < dealer.registered_on:
            try:
                check_applied_on(dealer, value, info.field_name or "applied_on")
            except InvalidInputError as error:
                raise ValueError(f"{error.zh} / {error.en}") from None
        return value

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.revenue_jan_to_jul is not None and self.applied_on is None:
            raise ValueError(
                "申请规模奖励须提供申请日期 applied_on / the scale reward needs its application date applied_on"
            )
        if self.revenue_jan_to_jul is None and self.revenue_2024 is None:
            raise ValueError(
                "至少提供 revenue_jan_to_jul 或 revenue_2024 之一 / give revenue_jan_to_jul, revenue_2024 or both"
            )
        return self


@dataclass(frozen=True, slots=True)
class Assessment:
    """Both rewards of one application and their total."""

    dealer: str
    scale: Decision | None
    growth: Decision | None

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decisions made (a reward not applied for has none)."""
        return tuple(d for d in (self.scale, self.growth) if d is not None)

    @property
    def total(self) -> Decimal:
        """The sum of both rewards."""
        return sum_money(d.amount for d in self.decisions)

    def __str__(self) -> str:
        head = f"{self.dealer}: 合计 total {fmt_yuan(self.total)} ({fmt_wan(self.total)})"
        skipped = [
            f"  (未申请 not applied for: {name})"
            for name, d in (("规模奖励 scale", self.scale), ("做大做强奖励 growth", self.growth))
            if d is None
        ]
        return "\n".join([head, render_text(self.decisions), *skipped])

    def _repr_html_(self) -> str:
        return f"<h4>{self.dealer}: 合计 total {fmt_yuan(self.total)}</h4>" + render_html(self.decisions)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict`` with both decisions and the total, carrying ``schema_version``."""
        return used_car_assessment_dict(self)


_set_dealer, _set_scale, _set_growth = (Assessment.__dict__[name].__set__ for name in ("dealer", "scale", "growth"))


def _assessment(dealer: str, scale: Decision | None, growth: Decision | None) -> Assessment:
    """``Assessment(dealer, scale, growth)`` through the slots' own setters (the scalar hot path)."""
    made = object.__new__(Assessment)
    _set_dealer(made, dealer)
    _set_scale(made, scale)
    _set_growth(made, growth)
    return made


@in_context
def assess(application: Application | dict[str, Any], *, params: UsedCarParameters | None = None) -> Assessment:
    """Assess one application for both rewards (a ``dict`` is validated first) and total them.

    With ``cap_includes_scale_reward`` the 35万 cap is one for the dealer's two
    rewards: the scale reward is counted first (granted here, or received
    before as the dealer's facts say) and the growth reward takes at most what
    remains; the growth decision's reasons show the split.

    Without ``params`` each reward is decided with the parameters in force on
    its own application date (:data:`TIMELINE`); ``params`` overrides both.
    """
    if type(application) is Application:
        app = application
    elif isinstance(application, dict):
        app = Application.__pydantic_validator__.validate_python(application)  # model_validate without its wrapper
    else:
        app = model_arg(application, Application, "application")
    if params is not None and type(params) is not UsedCarParameters:
        params = model_arg(params, UsedCarParameters, "params")
    return _assess(app, params, None)


def _counted(
    app: Application, scale: Decision | None, earlier: _Earlier | None, params: UsedCarParameters
) -> Decimal | None:
    """The scale reward the joint cap counts before the growth reward (None: not known)."""
    received = app.dealer.scale_reward_received
    if received:
        return _received_amount(params)
    if scale is not None and scale.eligible:
        return scale.amount
    if earlier is not None:
        return earlier.granted
    if scale is not None or received is False:
        return ZERO
    return None


def _assess(app: Application, params: UsedCarParameters | None, earlier: _Earlier | None) -> Assessment:
    if params is None:  # each reward under the set in force on its own application date
        scale_params, growth_params = TIMELINE.on(app.applied_on), TIMELINE.on(app.growth_applied_on)
    else:
        scale_params = growth_params = params
    conditions = compiled(DEALER_CONDITIONS)(app.dealer, scale_params)  # validated by the model: once for both
    pledge = _pledge(app.dealer)
    scale = None
    if app.revenue_jan_to_jul is not None:
        assert app.applied_on is not None  # checked by the model
        scale = _scale_reward(
            conditions, pledge, app.dealer, app.revenue_jan_to_jul, app.applied_on, scale_params, earlier
        )
    growth = None
    if app.revenue_2024 is not None:
        if growth_params is not scale_params:
            conditions = _conditions(app.dealer, growth_params)
        counted = _counted(app, scale, earlier, growth_params)
        growth = _growth_reward(conditions, pledge, app.revenue_2024, app.growth_applied_on, growth_params, counted)
    return _assessment(app.dealer.name, scale, growth)


@checked
def assess_many(
    applications: Iterable[Application | dict[str, Any]],
    *,
    params: UsedCarParameters | None = None,
    progress: bool | None = None,
) -> list[Assessment]:
    """Assess each application in order; a progress bar shows in a terminal or notebook (``progress=False``: never).

    「一次性奖励」: the scale reward is paid once per dealer. The first
    application for it of a credit code in the run is decided as usual; a later
    one of the same code is refused, its reason naming the first (and, with
    ``cap_includes_scale_reward``, the growth reward of a later application
    counts what the first was granted).

    While the list grows, Python's cyclic garbage collector runs less often
    (higher thresholds, restored after; it is never switched off, so other
    threads keep a working collector): otherwise it walks the growing heap again and again
    and a run of 100,000 costs four times as much (docs/performance.md).
    """
    items = list(applications)
    with fewer_collections():
        first: dict[str, _Earlier] = {}
        results: list[Assessment] = []
        for position, item in enumerate(_progress(items, total=len(items), desc="used-car", show=progress), start=1):
            app = item if isinstance(item, Application) else Application.model_validate(item)
            code = str(app.dealer.credit_code)
            earlier = first.get(code)
            result = _assess(app, params, earlier)
            if earlier is None and result.scale is not None:
                first[code] = _Earlier(position, code, result.scale.amount)
            results.append(result)
        return results
