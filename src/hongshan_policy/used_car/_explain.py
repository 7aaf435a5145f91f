"""What must change for 87号's rewards (:func:`hongshan_policy.explain.used_car_scale`, ``used_car_growth``).

The conditions are inverted from the tables of :mod:`hongshan_policy.used_car` by the generic engine of
:mod:`hongshan_policy.explain` (each check's fix, or its margin when eligible); only the growth reward's tiers and
cap, which make the amount rather than a condition, are derived here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .. import used_car
from ..decisions import Decision
from ..explain import Changes, _Case, _Draft, _finish, _passing, _table, _Test, _yuan
from ..inputs import in_context
from ..money import FEN, fmt_percent, fmt_wan, fmt_yuan, money_arg, round_fen
from . import DEFAULTS, Dealer, UsedCarParameters, _eligibility, _rewards

__all__ = ["used_car_growth", "used_car_scale"]


def _dealer(case: _Case, dealer: Dealer, params: UsedCarParameters) -> list[_Draft]:
    """第二条 and 附件2: each check of ``DEALER_CONDITIONS`` and ``PLEDGE_CONDITIONS`` inverted (a pledge fact
    not stated: no change)."""
    return _table(case, "dealer", dealer, params, (*_eligibility.DEALER_CONDITIONS, *_eligibility.PLEDGE_CONDITIONS))


@in_context
def used_car_scale(
    dealer: Dealer,
    revenue_jan_to_jul: Decimal,
    applied_on: date,
    *,
    params: UsedCarParameters = DEFAULTS,
) -> Changes:
    """What must change for the scale reward of 第三条(一) (:func:`hongshan_policy.used_car.scale_reward`).

    第三条(一) 「……2024年度前7个月增值税纳税申报表中累计营业收入500万元以上,并于2024年8月底前……提交申请的,
    给予一次性奖励5万元。」

    Returns, when not eligible, the smallest fix of each failed condition: the
    registration date, each flag of 第二条 and 附件2, the revenue (「500万元以上」: 500万 itself
    passes), the application date (by 2024-08-31 and within 第八条's validity), 「一次性」.
    When eligible (the reward is flat), the margins: how far revenue may fall,
    the last day to apply, the first day of registration.
    """
    revenue = money_arg(revenue_jan_to_jul, "revenue_jan_to_jul")
    inputs: dict[str, Any] = {
        "dealer": dealer,
        "revenue_jan_to_jul": revenue,
        "applied_on": applied_on,
        "params": params,
    }
    case = _Case(used_car.scale_reward, inputs, used_car.scale_reward(**inputs))
    facts = used_car.ScaleFacts(revenue, applied_on, dealer.scale_reward_received)
    drafts = _dealer(case, dealer, params)
    for field in ("revenue_jan_to_jul", "applied_on"):  # each fact is the rule's argument of that name
        checks = [c for c in (*_rewards.SCALE_CONDITIONS, *_rewards.VALIDITY_CONDITIONS) if c.field == field]
        drafts += _table(case, field, facts, params, checks)
    drafts += _table(case, "dealer", dealer, params, _rewards.ONCE_CONDITIONS)
    return _finish(case, drafts)


def _tier_test(params: UsedCarParameters, upper: bool) -> _Test:
    """The amount is that of the upper (or lower) tier at this revenue, and differs from the other tier's."""
    cap = params.growth_cap

    def test(decision: Decision, revenue: Any) -> bool:
        high = min(cap, round_fen(revenue * params.growth_upper_rate))
        low = min(cap, round_fen(revenue * params.growth_rate))
        return high != low and decision.amount == (high if upper else low)

    return test


def _growth_amount(revenue: Decimal, params: UsedCarParameters) -> Decimal:
    upper = revenue >= params.growth_upper_from  # only to choose which changes to draft; the rule confirms each
    rate = params.growth_upper_rate if upper else params.growth_rate
    return min(params.growth_cap, round_fen(revenue * rate))


def _growth_amount_drafts(case: _Case, revenue: Decimal, params: UsedCarParameters) -> list[_Draft]:
    """The next tier, the cap, and the drop to the lower tier, for an eligible growth reward."""
    low, high, cap = params.growth_revenue_min, params.growth_upper_from, params.growth_cap
    rate, upper_rate = params.growth_rate, params.growth_upper_rate
    if upper_rate < rate:
        return []  # the amount is not monotonic in revenue: tiers and cap are not reported
    amount = case.decision.amount
    drafts: list[_Draft] = []
    start = _passing("以上", high, FEN)
    if revenue < start and upper_rate > rate:
        jump = _growth_amount(start, params)
        if jump > amount and jump > _growth_amount(start - FEN, params):

            def next_text(needed: Any, delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
                assert isinstance(delta, Decimal)
                assert after is not None
                dz, de = _yuan(delta)
                return (
                    f"2024年营业收入达到{fmt_wan(high)}以上适用{fmt_percent(upper_rate)}档,"
                    f"奖励由{_yuan(amount)[0]}增至{_yuan(after.amount)[0]},还差{dz}",
                    f"2024 revenue of {fmt_yuan(high)} or more takes the {fmt_percent(upper_rate)} tier: the reward "
                    f"rises from {fmt_yuan(amount)} to {fmt_yuan(after.amount)}; {de} more",
                )

            drafts.append(
                _Draft(
                    argument="revenue_2024",
                    field="revenue_2024",
                    clause="used-car:3.2",
                    current=revenue,
                    needed=start,
                    kind="amount",
                    test=_tier_test(params, True),
                    text=next_text,
                    step=FEN,
                    effect="next tier",
                )
            )
    if amount < cap:
        # round_fen(x) reaches the cap exactly when x ≥ cap − half a fen: the rule inverted (_revenue_at_cap)
        tiers = ((low + FEN, start - FEN, rate), (start, None, upper_rate))
        candidates = []
        for first, last, r in tiers:
            if r <= 0:
                continue
            at_cap = _rewards._revenue_at_cap(cap, r)
            assert at_cap is not None  # r > 0
            needed = max(first, at_cap)
            if (last is None or needed <= last) and needed > revenue:
                candidates.append(needed)
        if candidates:

            def cap_text(needed: Any, delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
                assert isinstance(delta, Decimal)
                r = upper_rate if needed >= start else rate
                dz, de = _yuan(delta)
                return (
                    f"2024年营业收入达到{_yuan(needed)[0]}时,奖励({fmt_percent(r)}×营业收入,四舍五入到分)"
                    f"达到单家上限{fmt_wan(cap)},还差{dz};此后不再增加",
                    f"at 2024 revenue of {fmt_yuan(needed)} the reward ({fmt_percent(r)} of revenue, rounded to the "
                    f"fen) reaches the cap of {fmt_yuan(cap)}: {de} more; it rises no further",
                )

            drafts.append(
                _Draft(
                    argument="revenue_2024",
                    field="revenue_2024",
                    clause="used-car:3.2",
                    current=revenue,
                    needed=min(candidates),
                    kind="amount",
                    test=lambda decision, _v: decision.amount == cap,
                    text=cap_text,
                    step=FEN,
                    effect="reaches the cap",
                )
            )
    if revenue >= start and upper_rate > rate and start - FEN > low:
        flip = start - FEN
        if _growth_amount(flip, params) != min(cap, round_fen(flip * upper_rate)):

            def lower_text(needed: Any, delta: Decimal | int | None, after: Decision | None) -> tuple[str, str]:
                assert after is not None
                room = revenue - start
                rz, re_ = _yuan(room)
                if room == 0:
                    return (
                        f"2024年营业收入需达到{fmt_wan(high)}以上方适用{fmt_percent(upper_rate)}档:已在临界值"
                        f"{_yuan(start)[0]},{_yuan(needed)[0]}即适用{fmt_percent(rate)}档,奖励降至{_yuan(after.amount)[0]}",
                        f"2024 revenue must be at least {fmt_yuan(high)} for the {fmt_percent(upper_rate)} tier: "
                        f"exactly at the limit; at {fmt_yuan(needed)} the {fmt_percent(rate)} tier applies and the "
                        "reward falls "
                        f"to {fmt_yuan(after.amount)}",
                    )
                return (
                    f"2024年营业收入需达到{fmt_wan(high)}以上方适用{fmt_percent(upper_rate)}档:还可减少{rz}"
                    f"(至{_yuan(start)[0]}),{_yuan(needed)[0]}即适用{fmt_percent(rate)}档,"
                    f"奖励降至{_yuan(after.amount)[0]}",
                    f"2024 revenue must be at least {fmt_yuan(high)} for the {fmt_percent(upper_rate)} tier: it may "
                    f"fall by {re_} (to {fmt_yuan(start)}); at {fmt_yuan(needed)} the {fmt_percent(rate)} tier "
                    f"applies and the reward falls to {fmt_yuan(after.amount)}",
                )

            drafts.append(
                _Draft(
                    argument="revenue_2024",
                    field="revenue_2024",
                    clause="used-car:3.2",
                    current=revenue,
                    needed=flip,
                    kind="amount",
                    test=_tier_test(params, False),
                    text=lower_text,
                    step=FEN,
                    effect="lower tier",
                )
            )
    return drafts


@in_context
def used_car_growth(
    dealer: Dealer,
    revenue_2024: Decimal,
    *,
    applied_on: date | None = None,
    params: UsedCarParameters = DEFAULTS,
) -> Changes:
    """What must change for the growth reward of 第三条(二) (:func:`hongshan_policy.used_car.growth_reward`).

    第三条(二) 「……2024年度内累计营业收入达到1000万元(不含)至3000万元的,按累计营业收入的0.6%给予奖励;
    年度累计营业收入达到3000万元以上的,按累计营业收入的0.7%给予奖励,单家贸易单位补贴上限为35万元。」

    Returns, when not eligible, the smallest fix of each failed condition
    (revenue above 1000万 (不含): 10,000,000.01; the registration date; the flags;
    the application date when given). When eligible: the revenue of the next tier
    (3000万), the revenue at which the reward reaches the cap (49,999,999.29 at
    0.7%, see the module docstring), the margin before the lower tier, before
    losing eligibility (down to 10,000,000.01), and the last day to apply.
    """
    revenue = money_arg(revenue_2024, "revenue_2024")
    inputs: dict[str, Any] = {"dealer": dealer, "revenue_2024": revenue, "applied_on": applied_on, "params": params}
    case = _Case(used_car.growth_reward, inputs, used_car.growth_reward(**inputs))
    facts = used_car.GrowthFacts(revenue, applied_on)
    drafts = _dealer(case, dealer, params)
    drafts += _table(case, "revenue_2024", facts, params, _rewards.GROWTH_CONDITIONS)
    if case.decision.eligible:
        drafts += _growth_amount_drafts(case, revenue, params)
    drafts += _table(case, "applied_on", facts, params, _rewards.VALIDITY_CONDITIONS)
    return _finish(case, drafts)
