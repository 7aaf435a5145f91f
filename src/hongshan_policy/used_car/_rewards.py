"""第三条 and 第八条: the scale reward (一), the growth reward (二), each within the measure's validity.

- :data:`SCALE_CONDITIONS`, :data:`ONCE_CONDITIONS`: 第三条(一), of a :class:`ScaleFacts` (:func:`scale_reward`);
- :data:`GROWTH_CONDITIONS`: 第三条(二), of a :class:`GrowthFacts` (:func:`growth_reward`); the tiers and the cap
  make the amount;
- :data:`VALIDITY_CONDITIONS`: 第八条, of either.

The tables are declared once, as data, next to the rules that read them (as globals of this module, on the
scalar hot path); the columnar evaluation, ``explain``, the Hypothesis strategies and the clause pages read them
here too (``_rewards.SCALE_CONDITIONS``), so a test-only copy put here changes all of them. 第二条's and 附件2's
conditions, checked first by both rewards, are in ``_eligibility``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache, partial

from ..citations import implements
from ..comparisons import WORDS
from ..conditions import Check, StatedFlag, Threshold, Window, compiled, compiled_keywords
from ..dates import zh_date
from ..decisions import _HELD, Decision, Note, Reason, provenance
from ..inputs import date_arg
from ..money import ZERO, fmt_percent, fmt_wan, fmt_yuan, money_arg, round_fen
from ._eligibility import _JUDGEMENT, _conditions, _pledge
from ._models import Dealer, check_applied_on
from ._parameters import DOCUMENT, UsedCarParameters, _in_force

__all__ = [
    "GROWTH_CONDITIONS",
    "ONCE_CONDITIONS",
    "SCALE_CONDITIONS",
    "VALIDITY_CONDITIONS",
    "GrowthFacts",
    "ScaleFacts",
    "growth_reward",
    "scale_reward",
]

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
    above = own[:minimum]  # 第三条(二)'s minimum: the amount is made only when every one held
    reasons = [*conditions, *pledge[0], *above]
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
    if all(map(_HELD, above)):  # the tier, the rate and the cap make the amount
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
