"""What must change (hongshan_policy.explain): each suggested change is exact, minimal and checked against the rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import deal, dealer, enterprise, lease, project
from hongshan_policy import explain, used_car
from hongshan_policy import headquarters as hq
from hongshan_policy.dates import months_after
from hongshan_policy.decisions import Decision
from hongshan_policy.explain import Change
from hongshan_policy.money import round_fen

D = Decimal
DAY = timedelta(days=1)


def only(changes: tuple[Change, ...], field: str, effect: str | None = None) -> Change:
    """The one change of ``field`` (with ``effect``, if given)."""
    found = [c for c in changes if c.field == field and (effect is None or c.effect == effect)]
    assert len(found) == 1, found
    return found[0]


# --- the checks every change must pass -----------------------------------------------------------------------------


def back(change: Change) -> Any:
    """``needed`` moved one step back towards ``current``."""
    assert change.step is not None
    assert change.delta is not None
    towards = -1 if change.delta > 0 else 1
    if isinstance(change.needed, date):
        return change.needed + towards * int(change.step) * DAY
    return change.needed + towards * change.step


def run(rule: Callable[..., Decision], inputs: dict[str, Any], change: Change, value: Any = None) -> Decision | None:
    """The rule with ``change`` made (``value`` instead of ``needed``); None if those facts are not valid together."""
    try:
        changed = change.apply(inputs) if value is None else change.apply(inputs, value=value)
        return rule(**changed)
    except ValueError:
        return None


HQ_FIELDS = {
    "registered_in_hongshan": (0,),
    "independent_legal_person": (1,),
    "independent_accounting": (2,),
    "serious_dishonesty_record": (3,),
    "hq_functions": (4,),
    "registered_capital": (5,),
    "industry_code": (6,),
    "business_form": (7,),
    "conforms_to_industrial_policy": (8,),
}
DEALER_FIELDS = {
    "registered_on": (0,),
    "registered_in_hongshan": (1,),
    "independent_legal_person": (2,),
    "independent_accounting": (3,),
    "key_monitored": (4,),
}
TARGETS: dict[str, dict[str, tuple[int, ...]]] = {
    "used_car.scale_reward": {**DEALER_FIELDS, "revenue_jan_to_jul": (5,), "applied_on": (6, 7)},
    "used_car.growth_reward": {**DEALER_FIELDS, "revenue_2024": (5,), "applied_on": (-1,)},
    "headquarters.land_subsidy": {
        **HQ_FIELDS,
        "new_project_in_hongshan": (9,),
        "contract_signed_on": (10,),
        "fixed_asset_investment": (11,),
        "area_mu": (11,),
        "same_entity": (12,),
        "statistics_registered_on": (13,),
        "completed_on": (13,),
        "self_held_floor_area": (14,),
        "above_ground_floor_area": (14,),
        "direct_jobs": (15,),
        "land_use_changed": (16,),
        "winning_price": (-1,),
        "comprehensive_cost": (-1,),
        "benchmark_price": (-1,),
    },
    "headquarters.rent_subsidy": {
        **HQ_FIELDS,
        "business_form": (7, 9),
        "floor_area_m2": (10,),
        "specialised_ratio": (11,),
        "statistics_registered_on": (12,),
        "registered_on": (12,),
        "signed_on": (13,),
        "year": (14,),
        "end": (14,),
    },
}
"""The reasons (by position) each field's condition is checked in, per rule: this test's own reading of the rules."""


def targets(rule: str, change: Change) -> tuple[int, ...]:
    if rule == "headquarters.rent_subsidy" and change.field == "end" and change.clause == "hq:5.1":
        return (-1,)  # the supersession reason comes last
    if rule == "headquarters.rent_subsidy" and change.field == "signed_on" and change.clause == "hq:3.2.1":
        return (13, 14)  # signed after the lease year's last day: validity and the year's days (rent_days_from)
    return TARGETS[rule][change.field]


def assert_covered(decision: Decision, changes: tuple[Change, ...]) -> None:
    """Every failed reason is the target of some change (each condition gets its fix)."""
    covered = {
        i for c in changes if c.effect in ("becomes eligible", "meets the condition") for i in targets(decision.rule, c)
    }
    size = len(decision.reasons)
    for i, reason in enumerate(decision.reasons):
        if not reason.held:
            assert i in covered or i - size in covered, (i, reason, changes)


def holds(decision: Decision, where: tuple[int, ...]) -> bool:
    return all(decision.reasons[i].held for i in where)


def check(rule: Callable[..., Decision], inputs: dict[str, Any], changes: tuple[Change, ...]) -> None:
    """Every change does what it says, and one step less does not (minimality).

    A fix makes its condition's reasons hold and breaks no reason that held; one
    step back they do not all hold. A margin makes an eligible decision fail, one
    step back it does not. A cap is reached at the needed value and not before.
    """
    before = rule(**inputs)
    for change in changes:
        assert change.zh
        assert change.en
        if before.eligible:
            assert change.effect not in ("becomes eligible", "meets the condition"), change
        else:
            assert change.effect in ("becomes eligible", "meets the condition"), change
        if not change.achievable or change.needed is None:
            continue
        fix = change.effect in ("becomes eligible", "meets the condition")
        where = targets(before.rule, change) if fix else ()
        if isinstance(change.needed, tuple):
            for value in change.needed:
                after = run(rule, inputs, change, value)
                assert after is not None
                assert holds(after, where), (change, value)
            continue
        after = run(rule, inputs, change)
        assert after is not None, change
        minimal = change.step is not None and change.delta is not None and change.effect != "raises the amount"
        previous = run(rule, inputs, change, back(change)) if minimal else None
        if fix:
            assert holds(after, where), change
            assert after.eligible == (change.effect == "becomes eligible"), change
            prefix = min(len(before.reasons), len(after.reasons))
            assert all(after.reasons[i].held for i in range(prefix) if before.reasons[i].held and i not in where)
            if previous is not None:
                assert not holds(previous, where), change
        elif change.effect == "loses eligibility":
            assert not after.eligible, change
            assert previous is not None
            assert previous.eligible, change
        elif change.effect == "reaches the cap":
            assert after.amount > before.amount, change
            if previous is not None:
                assert previous.amount < after.amount, change
        elif change.effect == "raises the amount":
            assert after.amount > before.amount, change
        else:  # the tiers: checked in the growth tests, where the rates are known
            assert change.effect in ("next tier", "lower tier")


# --- 87号 used-car rewards -----------------------------------------------------------------------------------------


@pytest.mark.clause("used-car:3.2")
class TestGrowthReward:
    """第三条(二): 1000万 (不含), the 0.7% tier from 3000万, the 35万 cap."""

    def test_the_example_of_the_issue(self) -> None:
        """At exactly 1000万 the revenue must exceed it: one fen more, in the issue's words."""
        changes = explain.used_car_growth(dealer(), D("10000000.00"))
        change = only(changes, "revenue_2024")
        assert change.zh == "2024年营业收入需超过1000万元,还差0.01元"
        assert change.en == "2024 revenue must exceed ¥10,000,000.00: ¥0.01 more"
        assert change.needed == D("10000000.01")
        assert change.delta == D("0.01")
        assert change.effect == "becomes eligible"
        assert change.argument == "revenue_2024"
        assert change.step == D("0.01")
        assert used_car.growth_reward(dealer(), change.needed).eligible

    def test_below_the_threshold_the_whole_shortfall(self) -> None:
        """At 900万 the fix is 1,000,000.01 more."""
        change = only(explain.used_car_growth(dealer(), D(9_000_000)), "revenue_2024")
        assert change.needed == D("10000000.01")
        assert change.delta == D("1000000.01")

    def test_next_tier_is_3000_wan_itself(self) -> None:
        """「3000万元以上」 includes 3000万: the next tier starts there, not a fen above."""
        change = only(explain.used_car_growth(dealer(), D(25_000_000)), "revenue_2024", "next tier")
        assert change.needed == D(30_000_000)
        assert change.delta == D(5_000_000)
        assert used_car.growth_reward(dealer(), D(30_000_000)).amount == D("210000.00")
        assert used_car.growth_reward(dealer(), D("29999999.99")).amount == D("180000.00")
        assert "210,000.00" in change.zh

    def test_the_cap_is_reached_below_5000_wan_by_rounding(self) -> None:
        """0.7% of 49,999,999.29 is 349,999.99503, which rounds to the cap; 49,999,999.28 gives 349,999.99."""
        change = only(explain.used_car_growth(dealer(), D(45_000_000)), "revenue_2024", "reaches the cap")
        assert change.needed == D("49999999.29")
        assert used_car.growth_reward(dealer(), D("49999999.29")).amount == D("350000.00")
        assert used_car.growth_reward(dealer(), D("49999999.28")).amount == D("349999.99")

    def test_no_cap_change_once_capped(self) -> None:
        """At 6000万 the reward is capped: nothing raises it, only margins remain."""
        changes = explain.used_car_growth(dealer(), D(60_000_000))
        assert {c.effect for c in changes} == {"loses eligibility", "lower tier"}

    def test_lower_tier_margin(self) -> None:
        """In the 0.7% tier, 29,999,999.99 is the first revenue of the 0.6% tier."""
        change = only(explain.used_car_growth(dealer(), D(40_000_000)), "revenue_2024", "lower tier")
        assert change.needed == D("29999999.99")
        assert "180,000.00" in change.zh

    def test_margin_before_losing_eligibility(self) -> None:
        """Revenue of 2000万 may fall to 10,000,000.01; at 1000万 it fails."""
        change = only(explain.used_car_growth(dealer(), D(20_000_000)), "revenue_2024", "loses eligibility")
        assert change.needed == D(10_000_000)
        assert change.delta == D(-10_000_000)
        assert "9,999,999.99" in change.en

    @pytest.mark.parametrize("revenue", ["10000000.01", "29999999.99", "30000000", "49999999.28", "49999999.29"])
    def test_tiers_and_cap_checked_against_the_rule(self, revenue: str) -> None:
        """Next tier, lower tier and cap each flip exactly at the needed revenue."""
        params = used_car.DEFAULTS
        changes = explain.used_car_growth(dealer(), D(revenue))
        check_growth(dealer(), D(revenue), changes, params)

    @pytest.mark.clause("used-car:8")
    def test_last_day_of_validity(self) -> None:
        """With an application date, the last day is 2025-03-31 (第八条)."""
        changes = explain.used_car_growth(dealer(), D(20_000_000), applied_on=date(2025, 3, 1))
        change = only(changes, "applied_on")
        assert change.needed == date(2025, 4, 1)
        assert change.delta == 31
        late = only(explain.used_car_growth(dealer(), D(20_000_000), applied_on=date(2025, 4, 2)), "applied_on")
        assert late.needed == date(2025, 3, 31)
        assert late.delta == -2


def check_growth(who: used_car.Dealer, revenue: Decimal, changes: tuple[Change, ...], params: Any) -> None:
    """The growth changes hold against the rule, the tiers by their rates."""
    inputs = {"dealer": who, "revenue_2024": revenue, "params": params}
    check(used_car.growth_reward, inputs, changes)
    cap = params.growth_cap
    for change in changes:
        if change.effect not in ("next tier", "lower tier"):
            continue
        high, low = (change.needed, back(change)) if change.effect == "next tier" else (back(change), change.needed)
        assert used_car.growth_reward(who, high, params=params).amount == min(
            cap, round_fen(high * params.growth_upper_rate)
        )
        assert used_car.growth_reward(who, low, params=params).amount == min(cap, round_fen(low * params.growth_rate))


@pytest.mark.clause("used-car:3.1")
class TestScaleReward:
    """第三条(一): 500万 or more, applied for by 2024-08-31."""

    def test_one_fen_short(self) -> None:
        """「500万元以上」 includes 500万: 4,999,999.99 needs exactly one fen."""
        change = only(explain.used_car_scale(dealer(), D("4999999.99"), date(2024, 8, 1)), "revenue_jan_to_jul")
        assert change.needed == D(5_000_000)
        assert change.delta == D("0.01")
        assert change.zh == "2024年前7个月累计营业收入需达到500万元以上,还差0.01元"
        assert change.effect == "becomes eligible"

    def test_late_application(self) -> None:
        """An application on 2024-09-03 needed to be three days earlier."""
        change = only(explain.used_car_scale(dealer(), D(6_000_000), date(2024, 9, 3)), "applied_on")
        assert change.needed == date(2024, 8, 31)
        assert change.delta == -3
        assert "需提前3天" in change.zh

    @pytest.mark.clause("used-car:8")
    def test_application_before_the_measure(self) -> None:
        """An application before 2024-06-23 needed to wait for the measure to take effect."""
        change = only(explain.used_car_scale(dealer(), D(6_000_000), date(2024, 6, 1)), "applied_on")
        assert change.needed == date(2024, 6, 23)
        assert change.delta == 22

    def test_days_left_to_apply(self) -> None:
        """An eligible application on 2024-08-01 had 30 days left; 2024-09-01 is too late."""
        changes = explain.used_car_scale(dealer(), D(6_000_000), date(2024, 8, 1))
        change = only(changes, "applied_on")
        assert change.effect == "loses eligibility"
        assert change.needed == date(2024, 9, 1)
        assert "还可推迟30天" in change.zh
        check(
            used_car.scale_reward,
            {"dealer": dealer(), "revenue_jan_to_jul": D(6_000_000), "applied_on": date(2024, 8, 1)},
            changes,
        )


@pytest.mark.clause("used-car:2")
class TestDealer:
    """第二条: the registration date and the four flags."""

    def test_registered_a_day_early(self) -> None:
        """Registered on 2023-10-30, the dealer needed one more day: 2023-10-31 is included (「以后」)."""
        change = only(explain.used_car_growth(dealer(registered_on=date(2023, 10, 30)), D(20_000_000)), "registered_on")
        assert change.needed == date(2023, 10, 31)
        assert change.delta == 1
        assert change.argument == "dealer"

    def test_flags_must_be_true(self) -> None:
        """A failed flag is listed as needing to be true, without a delta."""
        change = only(explain.used_car_growth(dealer(key_monitored=False), D(20_000_000)), "key_monitored")
        assert change.needed is True
        assert change.current is False
        assert change.delta is None
        assert change.step is None
        assert change.effect == "becomes eligible"

    def test_every_failed_condition_is_listed(self) -> None:
        """With five failures, five fixes, each only meeting its own condition."""
        bad = dealer(registered_on=date(2020, 1, 1), registered_in_hongshan=False, key_monitored=False)
        changes = explain.used_car_scale(bad, D(1_000_000), date(2024, 9, 30))
        assert [c.field for c in changes] == [
            "registered_on",
            "registered_in_hongshan",
            "key_monitored",
            "revenue_jan_to_jul",
            "applied_on",
        ]
        assert {c.effect for c in changes} == {"meets the condition"}
        inputs = {"dealer": bad, "revenue_jan_to_jul": D(1_000_000), "applied_on": date(2024, 9, 30)}
        check(used_car.scale_reward, inputs, changes)


# --- 79号 headquarters ---------------------------------------------------------------------------------------------


def land_inputs(**kwargs: Any) -> dict[str, Any]:
    return {
        "enterprise": kwargs.pop("enterprise", enterprise()),
        "deal": kwargs.pop("deal", deal()),
        "project": kwargs.pop("project", project()),
        "rate": kwargs.pop("rate", D("0.25")),
        "params": kwargs.pop("params", hq.DEFAULTS),
    }


@pytest.mark.clause("hq:2.2")
class TestInvestmentPerMu:
    """第二条(二) 亩均固定资产投资1000万元以上: each input at the other's value."""

    def test_investment_and_area(self) -> None:
        """4亿 over 45 mu: 4.5亿 at 45 mu, or at most 40.00 mu at 4亿."""
        inputs = land_inputs(deal=deal(area_mu="45"))
        changes = explain.hq_land(**inputs)
        assert only(changes, "fixed_asset_investment").needed == D(450_000_000)
        area = only(changes, "area_mu")
        assert area.needed == D("40.00")
        assert area.delta == D(-5)
        check(hq.land_subsidy, inputs, changes)

    def test_area_rounded_down_to_pass(self) -> None:
        """123,456,789.01 yuan allows 12.345678901 mu: 12.34 passes, 12.35 does not."""
        inputs = land_inputs(deal=deal(area_mu="13", fixed_asset_investment="123456789.01"))
        changes = explain.hq_land(**inputs)
        assert only(changes, "area_mu").needed == D("12.34")
        assert only(changes, "fixed_asset_investment").needed == D(130_000_000)
        check(hq.land_subsidy, inputs, changes)

    def test_contract_signed_before_the_policy(self) -> None:
        """A contract of 2024-06-01 needed 2024-06-12; with completion on 2024-06-05 that is not achievable."""
        inputs = land_inputs(
            deal=deal(contract_signed_on="2024-06-01"),
            project=project(completed_on="2024-06-05", statistics_registered_on="2024-07-01"),
        )
        change = only(explain.hq_land(**inputs), "contract_signed_on")
        assert change.needed == date(2024, 6, 12)
        assert not change.achievable


@pytest.mark.clause("hq:3.1")
class TestLandSubsidy:
    """第三条(一): self-held share, jobs, statistics, the remainder and the rate."""

    def test_self_held_rounded_up_to_pass(self) -> None:
        """Half of 60,000.01 m² is 30,000.005: 30,000.01 m² is needed, not 30,000.00."""
        inputs = land_inputs(deal=deal(above_ground_floor_area="60000.01", self_held_floor_area="29000"))
        changes = explain.hq_land(**inputs)
        assert only(changes, "self_held_floor_area").needed == D("30000.01")
        assert only(changes, "above_ground_floor_area").needed == D("58000.00")
        check(hq.land_subsidy, inputs, changes)

    def test_above_ground_area_below_the_apartments_is_not_achievable(self) -> None:
        """Shrinking the above-ground area below the commercial apartments in it is not a possible fact."""
        inputs = land_inputs(
            deal=deal(above_ground_floor_area="1000", self_held_floor_area="100", commercial_apartment_floor_area="500")
        )
        change = only(explain.hq_land(**inputs), "above_ground_floor_area")
        assert change.needed == D("200.00")
        assert not change.achievable

    def test_jobs(self) -> None:
        """299 jobs need one more: 「300人以上」 includes 300."""
        change = only(explain.hq_land(**land_inputs(project=project(direct_jobs=299))), "direct_jobs")
        assert (change.needed, change.delta, change.effect) == (300, 1, "becomes eligible")

    def test_statistics_late(self) -> None:
        """Counted 12 days late: 12 days earlier, or a completion 12 days later."""
        inputs = land_inputs(project=project(statistics_registered_on="2027-01-01"))
        changes = explain.hq_land(**inputs)
        assert only(changes, "statistics_registered_on").needed == date(2026, 12, 20)
        assert only(changes, "completed_on").needed == date(2026, 1, 1)
        check(hq.land_subsidy, inputs, changes)

    def test_not_completed(self) -> None:
        """A project not yet completed cannot name one date: the change says what must happen."""
        inputs = land_inputs(project=project(completed_on=None, statistics_registered_on=None))
        change = only(explain.hq_land(**inputs), "completed_on")
        assert change.needed is None
        assert "竣工" in change.zh

    def test_remainder_of_zero(self) -> None:
        """Won at the comprehensive cost: the price a fen higher, or the cost a fen lower."""
        inputs = land_inputs(deal=deal(winning_price="45000000"))
        changes = explain.hq_land(**inputs)
        assert only(changes, "winning_price").needed == D("45000000.01")
        assert only(changes, "comprehensive_cost").needed == D("44999999.99")
        assert [c.field for c in changes if c.field == "benchmark_price"] == []
        check(hq.land_subsidy, inputs, changes)

    def test_rate_reaching_the_remainder(self) -> None:
        """At 10% the subsidy is 400万; 17.5% reaches the 700万 remainder."""
        inputs = land_inputs(rate=D("0.1"))
        change = only(explain.hq_land(**inputs), "rate")
        assert change.needed == D("0.175")
        assert change.effect == "reaches the cap"
        check(hq.land_subsidy, inputs, explain.hq_land(**inputs))

    def test_eligible_margins(self) -> None:
        """An eligible land subsidy lists how far each threshold is."""
        inputs = land_inputs()
        changes = explain.hq_land(**inputs)
        assert {c.effect for c in changes} == {"loses eligibility"}
        assert only(changes, "direct_jobs").needed == 299
        check(hq.land_subsidy, inputs, changes)

    @pytest.mark.clause("hq:2.1")
    def test_categories_list_what_passes(self) -> None:
        """An industry code or business form outside the list gets the values that pass."""
        inputs = land_inputs(enterprise=enterprise(industry_code="L7111", business_form="其他"))
        changes = explain.hq_land(**inputs)
        assert only(changes, "industry_code").needed == ("I", "J", "L72", "D44")
        assert "能源管理" in only(changes, "business_form").needed
        check(hq.land_subsidy, inputs, changes)


def rent_inputs(**kwargs: Any) -> dict[str, Any]:
    return {
        "enterprise": kwargs.pop("enterprise", enterprise()),
        "lease": kwargs.pop("lease", lease()),
        "year": kwargs.pop("year", 1),
        "params": kwargs.pop("params", hq.DEFAULTS),
    }


@pytest.mark.clause("hq:3.2")
class TestRentConditions:
    """第三条(二): 1万平方米及以上, 70%以上, 入统 within 12 months."""

    def test_floor_area_and_ratio(self) -> None:
        """9,999.99 m² needs one hundredth of a m²; 65% needs 5 points; exact at the thresholds."""
        inputs = rent_inputs(lease=lease(floor_area_m2="9999.99", specialised_ratio="0.65"))
        changes = explain.hq_rent(**inputs)
        area, ratio = only(changes, "floor_area_m2"), only(changes, "specialised_ratio")
        assert (area.needed, area.delta) == (D("10000.00"), D("0.01"))
        assert (ratio.needed, ratio.delta, ratio.step) == (D("0.7"), D("0.05"), D("0.0001"))
        assert "5个百分点" in ratio.zh
        check(hq.rent_subsidy, inputs, changes)

    def test_business_form_for_rent(self) -> None:
        """能源管理 is a headquarters form but not on the rent list."""
        change = only(explain.hq_rent(**rent_inputs(enterprise=enterprise(business_form="能源管理"))), "business_form")
        assert "能源管理" not in change.needed
        assert change.clause == "hq:3.2"

    def test_statistics_across_a_leap_day(self) -> None:
        """Counted on 2028-02-29: a registration from 2027-03-01 (12 months from 2027-02-28 end on 2028-02-28)."""
        inputs = rent_inputs(enterprise=enterprise(registered_on="2027-01-01", statistics_registered_on="2028-02-29"))
        changes = explain.hq_rent(**inputs)
        assert only(changes, "registered_on").needed == date(2027, 3, 1)
        assert only(changes, "statistics_registered_on").needed == date(2028, 1, 1)
        check(hq.rent_subsidy, inputs, changes)

    def test_not_yet_counted(self) -> None:
        """Not yet counted: the last day, without a delta."""
        change = only(
            explain.hq_rent(**rent_inputs(enterprise=enterprise(statistics_registered_on=None))),
            "statistics_registered_on",
        )
        assert change.needed == date(2025, 7, 1)
        assert change.delta is None


@pytest.mark.clause("hq:3.2.1")
class TestRentAmount:
    """第三条(二)1: the 300万 cap, the five lease years, the lease's end."""

    def test_area_and_rate_reaching_the_cap(self) -> None:
        """10,000 m² at ¥0.5 for 365 days is 1,825,000: 16,438.36 m² or ¥0.83 reaches the 300万 cap."""
        inputs = rent_inputs(lease=lease(floor_area_m2="10000", agreed_rate="0.5"))
        changes = explain.hq_rent(**inputs)
        area = only(changes, "floor_area_m2", "reaches the cap")
        # (3,000,000 − 0.005) / (0.5 × 365) = 16,438.3561… → 16,438.36
        assert area.needed == D("16438.36")
        # (3,000,000 − 0.005) / (10,000 × 365) = 0.82191… → 0.83
        assert only(changes, "agreed_rate").needed == D("0.83")
        check(hq.rent_subsidy, inputs, changes)

    def test_year_beyond_the_schedule(self) -> None:
        """Lease year 7 is outside 三免两减半: year 5 is the last."""
        inputs = rent_inputs(year=7)
        change = only(explain.hq_rent(**inputs), "year")
        assert (change.needed, change.delta) == (5, -2)
        check(hq.rent_subsidy, inputs, explain.hq_rent(**inputs))

    def test_lease_ended_before_the_year(self) -> None:
        """A lease ending 2026-03-01 must last to 2027-01-01 for lease year 3."""
        inputs = rent_inputs(lease=lease(end="2026-03-01"), year=3)
        change = only(explain.hq_rent(**inputs), "end")
        assert change.needed == date(2027, 1, 1)
        check(hq.rent_subsidy, inputs, explain.hq_rent(**inputs))

    def test_short_lease_year(self) -> None:
        """A lease ending within year 1 would get more running to the year's end."""
        inputs = rent_inputs(lease=lease(end="2025-06-30", floor_area_m2="10000"))
        change = only(explain.hq_rent(**inputs), "end", "raises the amount")
        assert change.needed == date(2025, 12, 31)
        check(hq.rent_subsidy, inputs, explain.hq_rent(**inputs))

    @pytest.mark.clause("hq:5.1")
    def test_superseded(self) -> None:
        """After a supersession on 2025-06-01, lease year 1 must end by 2025-05-31."""
        params = hq.DEFAULTS.replace(superseded_on=date(2025, 6, 1))
        inputs = rent_inputs(params=params)
        change = only(explain.hq_rent(**inputs), "end")
        assert change.needed == date(2025, 5, 31)
        check(hq.rent_subsidy, inputs, explain.hq_rent(**inputs))


# --- API and display -----------------------------------------------------------------------------------------------


@pytest.mark.clause("used-car:3.2")
class TestApi:
    """The dispatcher, Change.apply and the renderings."""

    def test_dispatch(self) -> None:
        """what_must_change picks the function from the decision's rule."""
        decision = used_car.growth_reward(dealer(), D(10_000_000))
        changes = explain.what_must_change(decision, dealer=dealer(), revenue_2024=D(10_000_000))
        assert changes == explain.used_car_growth(dealer(), D(10_000_000))

    def test_dispatch_refuses_other_inputs(self) -> None:
        """Inputs that do not give the decision are refused."""
        decision = used_car.growth_reward(dealer(), D(10_000_000))
        with pytest.raises(ValueError, match="do not give this decision"):
            explain.what_must_change(decision, dealer=dealer(), revenue_2024=D(20_000_000))

    def test_apply_validates_models(self) -> None:
        """Change.apply changes the field inside its model, validated."""
        inputs = land_inputs(project=project(direct_jobs=10))
        change = only(explain.hq_land(**inputs), "direct_jobs")
        assert change.apply(inputs)["project"].direct_jobs == 300
        with pytest.raises(ValueError, match="choice"):
            only(explain.hq_land(**land_inputs(enterprise=enterprise(industry_code="C13"))), "industry_code").apply(
                inputs
            )

    def test_render_text_and_html(self) -> None:
        """Text shows clause, effect and both languages; HTML escapes."""
        changes = explain.used_car_growth(dealer(name="<b>x</b>"), D(10_000_000))
        text = str(changes)
        assert "[used-car:3.2]" in text
        assert "即可符合 / becomes eligible" in text
        assert "还差0.01元" in text
        html = changes._repr_html_()
        assert "<table" in html
        assert "revenue_2024" in html
        assert explain.render_changes(()) == "无 / none"


# --- properties: every change over random facts, dense around the thresholds ----------------------------------------

FEN = D("0.01")


def near(*points: Decimal, spread: int = 300) -> st.SearchStrategy[Decimal]:
    """Money near one of ``points`` (within ``spread`` fen) or anywhere up to 1亿."""
    close = st.tuples(st.sampled_from(points), st.integers(-spread, spread)).map(lambda p: max(p[0] + p[1] * FEN, D(0)))
    anywhere = st.integers(0, 10**10).map(lambda n: D(n) * FEN)
    return close | anywhere


def days_near(*points: date, spread: int = 5) -> st.SearchStrategy[date]:
    return st.tuples(st.sampled_from(points), st.integers(-spread, spread)).map(lambda p: p[0] + p[1] * DAY)


dealers = st.builds(
    lambda registered, flags: dealer(
        registered_on=registered,
        registered_in_hongshan=flags[0],
        independent_legal_person=flags[1],
        independent_accounting=flags[2],
        key_monitored=flags[3],
    ),
    days_near(date(2023, 10, 31)),
    st.tuples(*(st.booleans() | st.just(True) for _ in range(4))),
)
growth_params = st.sampled_from(
    [
        used_car.DEFAULTS,
        used_car.DEFAULTS.replace(growth_upper_from=25_000_000),
        used_car.DEFAULTS.replace(growth_cap=300_000),
        used_car.DEFAULTS.replace(growth_cap=100_000),
    ]
)


@pytest.mark.clause("used-car:3.2", "used-car:8")
@given(
    dealers,
    near(D(10_000_000), D(25_000_000), D(30_000_000), D("49999999.29"), D("42857142.15"), D("16666665.84")),
    st.none() | days_near(date(2024, 6, 23), date(2025, 3, 31)),
    growth_params,
)
def test_growth_changes_hold(
    who: used_car.Dealer, revenue: Decimal, applied_on: date | None, params: used_car.UsedCarParameters
) -> None:
    """Every growth-reward change flips its condition, tier or cap at the needed value and not one fen before."""
    changes = explain.used_car_growth(who, revenue, applied_on=applied_on, params=params)
    inputs = {"dealer": who, "revenue_2024": revenue, "applied_on": applied_on, "params": params}
    check(used_car.growth_reward, inputs, changes)
    check_growth(who, revenue, tuple(c for c in changes if c.effect in ("next tier", "lower tier")), params)
    decision = used_car.growth_reward(**inputs)
    if not decision.eligible:
        assert_covered(decision, changes)


@pytest.mark.clause("used-car:3.1")
@given(dealers, near(D(5_000_000)), days_near(date(2024, 6, 23), date(2024, 8, 31)))
def test_scale_changes_hold(who: used_car.Dealer, revenue: Decimal, applied_on: date) -> None:
    """Every scale-reward change flips its condition at the needed value and not one step before."""
    inputs = {"dealer": who, "revenue_jan_to_jul": revenue, "applied_on": applied_on}
    changes = explain.used_car_scale(**inputs)
    check(used_car.scale_reward, inputs, changes)
    decision = used_car.scale_reward(**inputs)
    assert_covered(decision, changes)


areas = st.integers(1, 10**7).map(lambda n: D(n) * FEN)


@st.composite
def land_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Land applications: half of them meet every condition, at or just past each threshold."""
    good = draw(st.booleans())

    def either(passing: st.SearchStrategy[Any], anything: st.SearchStrategy[Any]) -> Any:
        return draw(passing if good else anything)

    signed = either(
        days_near(date(2024, 6, 12), date(2026, 6, 11)).filter(lambda d: date(2024, 6, 12) <= d <= date(2026, 6, 11)),
        days_near(date(2024, 6, 12), date(2024, 9, 1), date(2026, 6, 11)),
    )
    completed = either(
        st.integers(0, 900).map(lambda n: signed + n * DAY),
        st.none() | st.integers(0, 900).map(lambda n: signed + n * DAY),
    )
    counted = either(
        st.integers(0, 40).map(lambda n: months_after(completed, 12) - n * DAY),
        st.none() | st.integers(-30, 800).map(lambda n: signed + n * DAY),
    )
    area_mu = draw(areas.filter(lambda a: a < 1000))
    least = D(10_000_000) * area_mu
    above = draw(areas)
    half = (above / 2).quantize(FEN, rounding="ROUND_CEILING")
    held = either(
        st.integers(0, 300).map(lambda n: min(half + n * FEN, above)),
        st.integers(0, 100).map(lambda pct: round_fen(above * pct / 100)) | st.just(round_fen(above / 2)),
    )
    apartments = draw(st.just(D(0)) | st.integers(0, 50).map(lambda pct: round_fen(above * pct / 100)))
    reserve = draw(near(D(40_000_000)))
    winning = reserve + draw(near(D(0), D(12_000_000)))
    below = st.integers(1, 10**9).map(lambda n: max(winning - n * FEN, D(0)))
    cost = either(st.none() | below, st.none() | near(winning, D(45_000_000)))
    benchmark = either(
        (st.none() if cost is not None else st.nothing()) | below,
        (st.none() if cost is not None else st.nothing()) | near(winning, D(38_000_000)),
    )
    the_deal = deal(
        contract_signed_on=signed,
        area_mu=area_mu,
        fixed_asset_investment=either(st.integers(0, 300).map(lambda n: least + n * FEN), near(least)),
        above_ground_floor_area=above,
        self_held_floor_area=held,
        commercial_apartment_floor_area=apartments,
        reserve_price=reserve,
        winning_price=winning,
        comprehensive_cost=cost,
        benchmark_price=benchmark,
        same_entity=either(st.just(True), st.booleans()),
        land_use_changed=either(st.just(False), st.booleans()),
    )
    the_project = project(
        completed_on=completed,
        statistics_registered_on=counted,
        direct_jobs=either(st.integers(300, 310), st.integers(290, 310)),
    )
    the_enterprise = enterprise(
        registered_capital=either(near(D(10_000_000)).filter(lambda v: v >= 10_000_000), near(D(10_000_000))),
        industry_code=either(st.sampled_from(["I6510", "J66"]), st.sampled_from(["I6510", "L7111", "C13", "J66"])),
        business_form=either(st.sampled_from(list(hq.BusinessForm)[:5]), st.sampled_from(list(hq.BusinessForm))),
        hq_functions=either(st.just(True), st.booleans()),
    )
    rate = draw(st.integers(0, 2500).map(lambda n: D(n) / 10_000))
    params = draw(st.sampled_from([hq.DEFAULTS, hq.DEFAULTS.replace(land_cap_reading="larger")]))
    return {"enterprise": the_enterprise, "deal": the_deal, "project": the_project, "rate": rate, "params": params}


@pytest.mark.clause("hq:2.2", "hq:3.1")
@given(land_cases())
def test_land_changes_hold(inputs: dict[str, Any]) -> None:
    """Every land-subsidy change flips its condition or reaches the cap at the needed value, not one step before."""
    changes = explain.hq_land(**inputs)
    check(hq.land_subsidy, inputs, changes)
    decision = hq.land_subsidy(**inputs)
    assert_covered(decision, changes)


@st.composite
def rent_cases(draw: st.DrawFn) -> dict[str, Any]:
    """Rent applications: half of them meet every condition, at or just past each threshold."""
    good = draw(st.booleans())

    def either(passing: st.SearchStrategy[Any], anything: st.SearchStrategy[Any]) -> Any:
        return draw(passing if good else anything)

    registered = draw(days_near(date(2024, 7, 1), date(2027, 2, 28), date(2024, 2, 29)))
    counted = either(
        st.integers(0, 40).map(lambda n: months_after(registered, 12) - n * DAY),
        st.none() | st.integers(0, 500).map(lambda n: registered + n * DAY),
    )
    start = draw(days_near(date(2025, 1, 1), date(2024, 2, 29)))
    the_lease = lease(
        signed_on=either(
            days_near(date(2024, 6, 12), date(2025, 5, 31)).filter(lambda d: d >= date(2024, 6, 12)),
            days_near(date(2024, 6, 12), date(2026, 6, 11)),
        ),
        start=start,
        end=draw(st.none() | st.integers(0, 2200).map(lambda n: start + n * DAY)),
        floor_area_m2=either(
            near(D(10_000), D("16438.36"), spread=200).filter(lambda a: a >= 10_000),
            near(D(10_000), D("16438.36"), spread=200),
        ),
        agreed_rate=draw(st.integers(0, 200).map(lambda n: D(n) * FEN)),
        specialised_ratio=either(
            st.integers(7000, 7100).map(lambda n: D(n) / 10_000),
            st.integers(6900, 7100).map(lambda n: D(n) / 10_000) | st.just(D("0.7")),
        ),
    )
    the_enterprise = enterprise(
        registered_on=registered,
        statistics_registered_on=counted,
        business_form=either(st.sampled_from(["数字经济", "现代文旅"]), st.sampled_from(list(hq.BusinessForm))),
        registered_capital=either(near(D(10_000_000)).filter(lambda v: v >= 10_000_000), near(D(10_000_000))),
    )
    params = draw(
        st.sampled_from(
            [hq.DEFAULTS, hq.DEFAULTS.replace(superseded_on=date(2025, 6, 1)), hq.DEFAULTS.replace(rent_annual_cap=1)]
        )
    )
    year = either(st.integers(1, 5), st.integers(1, 7))
    return {"enterprise": the_enterprise, "lease": the_lease, "year": year, "params": params}


@pytest.mark.clause("hq:3.2", "hq:3.2.1", "hq:5.1")
@given(rent_cases())
def test_rent_changes_hold(inputs: dict[str, Any]) -> None:
    """Every rent-subsidy change flips its condition or reaches the cap at the needed value, not one step before."""
    changes = explain.hq_rent(**inputs)
    check(hq.rent_subsidy, inputs, changes)
    decision = hq.rent_subsidy(**inputs)
    assert_covered(decision, changes)


@pytest.mark.clause("used-car:3.1", "used-car:annex2", "used-car:annex2.3")
def test_used_car_changes_with_the_pledge_stated() -> None:
    """With the pledge's four facts stated (four more reasons before the revenue), the margins still point at the
    revenue and the date, and a stated breach gets its own fix."""
    clean = dealer(safety_accident=False, violations=False, blacklisted=False, pledge_signed=True)
    changes = explain.used_car_scale(clean, Decimal(6_000_000), date(2024, 8, 1))
    needed = {c.field: c.needed for c in changes}
    assert needed["revenue_jan_to_jul"] == Decimal("4999999.99")
    assert needed["applied_on"] == date(2024, 9, 1)
    assert not used_car.scale_reward(clean, Decimal("4999999.99"), date(2024, 8, 1)).eligible
    breach = dealer(safety_accident=True, violations=False, blacklisted=False, pledge_signed=False)
    fixes = {c.field: c.needed for c in explain.used_car_scale(breach, Decimal(6_000_000), date(2024, 8, 1))}
    assert fixes == {"safety_accident": False, "pledge_signed": True}
    fixed = breach.model_copy(update=fixes)
    assert used_car.scale_reward(fixed, Decimal(6_000_000), date(2024, 8, 1)).eligible
    growth = {c.field: c.needed for c in explain.used_car_growth(clean, Decimal(9_000_000))}
    assert growth == {"revenue_2024": Decimal("10000000.01")}
