"""Spec tests for 《红山区推动二手车市场发展奖励措施》 (赤红政字〔2024〕87号), clause by clause."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from hongshan_policy import used_car
from hongshan_policy.citations import CLAUSE_ID
from hongshan_policy.decisions import Decision
from hongshan_policy.errors import InvalidInputError

D = Decimal
WAN = D(10_000)


def dealer(**changes: object) -> used_car.Dealer:
    """A dealer meeting every condition of 第二条, with ``changes`` applied."""
    fields: dict[str, object] = {
        "name": "赤峰某某二手车销售有限公司",
        "credit_code": "91150402MA0QUC015R",
        "registered_on": date(2024, 1, 5),
        "registered_in_hongshan": True,
        "independent_legal_person": True,
        "independent_accounting": True,
        "key_monitored": True,
    }
    fields.update(changes)
    return used_car.Dealer.model_validate(fields)


GOOD = dealer()


def failed_clauses(decision: Decision) -> list[str]:
    return [reason.clause for reason in decision.failed]


class TestIssueExample:
    @pytest.mark.clause("used-car:3.1", "used-car:3.2")
    def test_the_example_of_the_issue(self) -> None:
        """A dealer with 500万 Jan-Jul applying on 2024-08-31 gets 5万; 3000万 in 2024 gets 21万."""
        scale = used_car.scale_reward(GOOD, revenue_jan_to_jul=D("5000000"), applied_on=date(2024, 8, 31))
        growth = used_car.growth_reward(GOOD, revenue_2024=D("30000000"))
        assert scale.eligible
        assert scale.amount == D("50000.00")
        assert growth.amount == D("210000.00")


@pytest.mark.clause("used-car:2")
class TestArticle2Dealer:
    """第二条: who is a used-car dealer."""

    def test_registered_on_2023_10_31_counts(self) -> None:
        """「2023年10月31日以后」 includes 31 October 2023 itself."""
        decision = used_car.growth_reward(dealer(registered_on=date(2023, 10, 31)), D(20_000_000))
        assert decision.eligible

    def test_registered_on_2023_10_30_does_not(self) -> None:
        """A dealer registered on 30 October 2023 is not a dealer of this measure."""
        decision = used_car.growth_reward(dealer(registered_on=date(2023, 10, 30)), D(20_000_000))
        assert not decision.eligible
        assert decision.amount == D("0.00")
        assert failed_clauses(decision) == ["used-car:2"]
        assert "2023年10月30日" in decision.failed[0].zh

    @pytest.mark.parametrize(
        "flag", ["registered_in_hongshan", "independent_legal_person", "independent_accounting", "key_monitored"]
    )
    def test_each_condition_is_its_own_reason(self, flag: str) -> None:
        """Each failed condition of 第二条 is reported as its own reason, for both rewards."""
        bad = dealer(**{flag: False})
        for decision in (
            used_car.scale_reward(bad, D(6_000_000), date(2024, 8, 1)),
            used_car.growth_reward(bad, D(20_000_000)),
        ):
            assert not decision.eligible
            assert len(decision.failed) == 1
            assert decision.failed[0].clause == "used-car:2"

    def test_all_conditions_failing_are_all_listed(self) -> None:
        """When every condition fails, every one is listed, not only the first."""
        bad = dealer(
            registered_on=date(2020, 1, 1),
            registered_in_hongshan=False,
            independent_legal_person=False,
            independent_accounting=False,
            key_monitored=False,
        )
        assert len(used_car.growth_reward(bad, D(20_000_000)).failed) == 5

    def test_economic_pull_is_not_formalised_and_says_so(self) -> None:
        """「对红山区经济增长具有拉动作用」 is a judgement: every decision carries a warning about it."""
        decision = used_car.growth_reward(GOOD, D(20_000_000))
        assert any(w.clause == "used-car:2" and "拉动作用" in w.zh for w in decision.warnings)


@pytest.mark.clause("used-car:3.1")
class TestArticle3Item1ScaleReward:
    """第三条(一): 5万 once for 500万 of revenue in Jan-Jul 2024, applied for by the end of August 2024."""

    def test_499_99_wan_is_not_enough(self) -> None:
        """4,999,999.99 yuan is below 「500万元以上」."""
        decision = used_car.scale_reward(GOOD, D("4999999.99"), date(2024, 8, 1))
        assert not decision.eligible
        assert failed_clauses(decision) == ["used-car:3.1"]
        assert "499.999999万元" in decision.failed[0].zh

    def test_500_wan_exactly_is_enough(self) -> None:
        """「500万元以上」 includes 500万 itself."""
        decision = used_car.scale_reward(GOOD, D("5000000"), date(2024, 8, 1))
        assert decision.eligible
        assert decision.amount == D("50000.00")

    def test_the_reward_is_flat(self) -> None:
        """The reward is 5万 whatever the revenue above the threshold."""
        assert used_car.scale_reward(GOOD, D("900000000"), date(2024, 8, 1)).amount == D("50000.00")

    def test_applied_on_2024_08_31_is_in_time(self) -> None:
        """「2024年8月底前」 includes 31 August 2024."""
        assert used_car.scale_reward(GOOD, D(5_000_000), date(2024, 8, 31)).eligible

    def test_applied_on_2024_09_01_is_late(self) -> None:
        """An application reaching the bureau on 1 September 2024 is late."""
        decision = used_car.scale_reward(GOOD, D(5_000_000), date(2024, 9, 1))
        assert not decision.eligible
        assert failed_clauses(decision) == ["used-car:3.1"]
        assert "逾期" in decision.failed[0].zh

    def test_the_35_wan_cap_does_not_bind_the_scale_reward_by_default(self) -> None:
        """The cap of 第三条(二) does not apply to 第三条(一) (documented reading)."""
        params = used_car.UsedCarParameters(growth_cap=D(40_000))
        assert used_car.scale_reward(GOOD, D(5_000_000), date(2024, 8, 1), params=params).amount == D("50000.00")
        both = params.replace(cap_includes_scale_reward=True)
        assert used_car.scale_reward(GOOD, D(5_000_000), date(2024, 8, 1), params=both).amount == D("40000.00")


@pytest.mark.clause("used-car:3.2")
class TestArticle3Item2GrowthReward:
    """第三条(二): 0.6% above 1000万 (exclusive), 0.7% from 3000万, at most 35万."""

    def test_1000_wan_exactly_gets_nothing(self) -> None:
        """「1000万元(不含)」: exactly 1000万 is not enough."""
        decision = used_car.growth_reward(GOOD, D("10000000"))
        assert not decision.eligible
        assert decision.amount == D("0.00")
        assert "1,000.00万元,未超过1000万元(不含)" in decision.failed[0].zh

    def test_one_fen_above_1000_wan_gets_0_6_percent(self) -> None:
        """10,000,000.01 yuan × 0.6% = 60,000.00006, rounded half up to 60,000.00."""
        decision = used_car.growth_reward(GOOD, D("10000000.01"))
        assert decision.eligible
        assert decision.amount == D("60000.00")

    def test_rounding_is_half_up_to_the_fen(self) -> None:
        """12,345,678.75 × 0.6% = 74,074.0725 is 74,074.07; 12,345,679.25 × 0.6% = 74,074.0755 is 74,074.08."""
        assert used_car.growth_reward(GOOD, D("12345678.75")).amount == D("74074.07")
        assert used_car.growth_reward(GOOD, D("12345679.25")).amount == D("74074.08")

    def test_one_fen_below_3000_wan_is_in_the_0_6_tier(self) -> None:
        """29,999,999.99 yuan × 0.6% = 179,999.99994, i.e. 179,999.99 + 0.00994 rounds to 180,000.00."""
        assert used_car.growth_reward(GOOD, D("29999999.99")).amount == D("180000.00")
        assert "0.6%" in used_car.growth_reward(GOOD, D("29999999.99")).reasons[-1].zh

    def test_3000_wan_exactly_is_in_the_0_7_tier(self) -> None:
        """「3000万元以上」 includes 3000万: 0.7% gives 21万."""
        decision = used_car.growth_reward(GOOD, D("30000000"))
        assert decision.amount == D("210000.00")
        assert "0.7%" in decision.reasons[-1].zh

    def test_the_cap_does_not_bind_at_5000_wan(self) -> None:
        """5000万 × 0.7% = 35万, exactly the cap."""
        assert used_car.growth_reward(GOOD, D("50000000")).amount == D("350000.00")

    def test_the_cap_binds_above_5000_wan(self) -> None:
        """50,000,000.01 × 0.7% = 350,000.00007: capped at 35万 and the reason says so."""
        decision = used_car.growth_reward(GOOD, D("50000000.01"))
        assert decision.amount == D("350000.00")
        huge = used_car.growth_reward(GOOD, D("900000000"))
        assert huge.amount == D("350000.00")
        assert "超过单家上限35万元" in huge.reasons[-1].zh

    def test_a_what_if_cap_of_30_wan(self) -> None:
        """An analyst may lower the cap without touching code."""
        params = used_car.UsedCarParameters(growth_cap=D(300_000))
        assert used_car.growth_reward(GOOD, D("50000000"), params=params).amount == D("300000.00")

    def test_figures_in_both_languages(self) -> None:
        """Every reason states its figures in Chinese and in English."""
        decision = used_car.growth_reward(GOOD, D("30000000"))
        assert "3,000.00万元" in decision.reasons[5].zh
        assert "¥30,000,000.00" in decision.reasons[5].en


@pytest.mark.clause("used-car:5.2", "used-car:5.3", "used-car:5.4")
class TestArticle5Procedure:
    """第五条: 3 working days to notify a refusal, 7 working days of publicity."""

    def test_refusal_notice_after_a_friday_review(self) -> None:
        """A review concluded on Friday 2024-09-06 must be notified by Wednesday 2024-09-11."""
        assert used_car.procedure(review_concluded_on=date(2024, 9, 6)).notify_refusal_by == date(2024, 9, 11)

    def test_refusal_notice_across_national_day_2024(self) -> None:
        """Reviewed Monday 2024-09-30: 10-01..07 are off, so the 3rd working day is 2024-10-10."""
        assert used_car.procedure(review_concluded_on=date(2024, 9, 30)).notify_refusal_by == date(2024, 10, 10)

    def test_refusal_notice_counts_the_make_up_sunday(self) -> None:
        """Reviewed Friday 2024-09-27: Sunday 09-29 is a make-up working day, so the 3rd is 2024-10-08."""
        assert used_car.procedure(review_concluded_on=date(2024, 9, 27)).notify_refusal_by == date(2024, 10, 8)

    def test_publicity_after_an_approval_before_spring_festival_2025(self) -> None:
        """Approved Friday 2025-01-24: 7 working days are 01-26 (make-up Sunday), 01-27, 02-05..07, 02-08, 02-10."""
        window = used_car.procedure(approved_on=date(2025, 1, 24)).publicity
        assert window == (date(2025, 1, 26), date(2025, 2, 10))

    def test_publicity_start_can_be_given(self) -> None:
        """When the bureau names the first day of publicity, the window counts from it."""
        window = used_car.procedure(publicity_starts_on=date(2024, 11, 4)).publicity
        assert window == (date(2024, 11, 4), date(2024, 11, 12))

    def test_payment_follows_publicity_without_objection(self) -> None:
        """「公示无异议的…兑现」: payable from the day after the last day of publicity, not after an objection."""
        assert used_car.procedure(publicity_starts_on=date(2024, 11, 4)).payable_from == date(2024, 11, 13)
        assert used_car.procedure(publicity_starts_on=date(2024, 11, 4), objection_raised=True).payable_from is None

    def test_nothing_asked_nothing_computed(self) -> None:
        """Without dates there is no deadline to give (None, not a guess)."""
        assert used_car.procedure() == used_car.Procedure(None, None, None)


@pytest.mark.clause("used-car:6")
class TestArticle6Fraud:
    def test_fraud_recovers_everything(self) -> None:
        """「收缴全部奖励资金」: everything received is recovered."""
        assert used_car.fraud_repayment(D("260000"), fraud_found=True).amount == D("260000.00")

    def test_no_fraud_nothing(self) -> None:
        """Without fraud nothing is recovered."""
        decision = used_car.fraud_repayment(D("260000"), fraud_found=False)
        assert not decision.eligible
        assert decision.amount == D("0.00")


@pytest.mark.clause("used-car:7")
class TestArticle7Relocation:
    """第七条: moving the tax registration away within the validity period and the payment year repays all."""

    def test_moving_inside_validity_repays_all(self) -> None:
        """A dealer paid in 2024 that moves on 2025-03-31 repays everything."""
        assert used_car.relocation_repayment(D(260_000), date(2024, 12, 20), date(2025, 3, 31)).amount == D("260000.00")

    def test_moving_in_the_payment_year_after_validity_repays_all(self) -> None:
        """A reward paid in 2025 binds until 2025-12-31, after the measure expired."""
        decision = used_car.relocation_repayment(D(210_000), date(2025, 5, 10), date(2025, 12, 31))
        assert decision.amount == D("210000.00")

    def test_moving_after_the_payment_year_repays_nothing(self) -> None:
        """Paid in 2025, moved on 2026-01-01: outside both periods."""
        decision = used_car.relocation_repayment(D(210_000), date(2025, 5, 10), date(2026, 1, 1))
        assert not decision.eligible
        assert decision.amount == D("0.00")

    def test_paid_in_2024_moving_after_validity_repays_nothing(self) -> None:
        """Paid in 2024, the restriction ends with the measure on 2025-03-31; 2025-04-01 is free."""
        assert used_car.relocation_repayment(D(50_000), date(2024, 9, 30), date(2025, 4, 1)).amount == D("0.00")

    def test_not_moving_repays_nothing(self) -> None:
        """A dealer that stays repays nothing."""
        assert used_car.relocation_repayment(D(50_000), date(2024, 9, 30), None).amount == D("0.00")


@pytest.mark.clause("used-car:8")
class TestArticle8Validity:
    """第八条: in force from publication (2024-06-23) to 2025-03-31."""

    def test_growth_application_on_the_last_day(self) -> None:
        """An application on 2025-03-31 is within validity."""
        assert used_car.growth_reward(GOOD, D(20_000_000), applied_on=date(2025, 3, 31)).eligible

    def test_growth_application_the_day_after(self) -> None:
        """An application on 2025-04-01 is refused with the validity reason."""
        decision = used_car.growth_reward(GOOD, D(20_000_000), applied_on=date(2025, 4, 1))
        assert failed_clauses(decision) == ["used-car:8"]

    def test_scale_application_before_publication(self) -> None:
        """An application dated 2024-06-22, before the measure was issued, is refused."""
        decision = used_car.scale_reward(GOOD, D(5_000_000), date(2024, 6, 22))
        assert failed_clauses(decision) == ["used-car:8"]
        assert used_car.scale_reward(GOOD, D(5_000_000), date(2024, 6, 23)).eligible

    def test_without_an_application_date_a_warning(self) -> None:
        """Without an application date the growth decision warns that validity was not checked."""
        decision = used_car.growth_reward(GOOD, D(20_000_000))
        assert any(w.clause == "used-car:8" for w in decision.warnings)


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
class TestAssess:
    def test_both_rewards_and_the_total(self) -> None:
        """assess() returns both decisions and their total."""
        result = used_car.assess(
            {
                "dealer": GOOD.model_dump(),
                "revenue_jan_to_jul": "5000000",
                "applied_on": "2024-08-31",
                "revenue_2024": "30000000",
                "growth_applied_on": "2025-01-10",
            }
        )
        assert result.scale is not None
        assert result.growth is not None
        assert result.total == D("260000.00")
        assert "260,000.00" in str(result)
        assert result.to_dict()["total"] == "260000.00"
        assert "<table>" in result._repr_html_()

    def test_a_reward_not_applied_for_is_shown_as_such(self) -> None:
        """Only the growth reward applied for: the scale decision is None and the text says so."""
        result = used_car.assess({"dealer": GOOD.model_dump(), "revenue_2024": "20000000"})
        assert result.scale is None
        assert result.total == D("120000.00")
        assert "未申请" in str(result)


@pytest.mark.clause("used-car:2", "used-car:3.1", "used-car:3.2")
class TestBadInput:
    """Bad input is an error naming the field, never a wrong answer."""

    @pytest.mark.parametrize(
        ("value", "words"),
        [("-1", "负数"), ("NaN", "NaN"), ("Infinity", "无穷"), ("1.001", "2位小数"), (True, "布尔"), ("abc", "数值")],
    )
    def test_bad_revenue_in_an_application(self, value: object, words: str) -> None:
        """Negative, NaN, infinite, over-precise or non-numeric revenue is refused with the field named."""
        with pytest.raises(ValidationError) as caught:
            used_car.Application.model_validate({"dealer": GOOD.model_dump(), "revenue_2024": value})
        assert caught.value.errors()[0]["loc"] == ("revenue_2024",)
        assert words in str(caught.value)

    def test_float_exact_through_its_repr_is_accepted(self) -> None:
        """A float is read through its shortest repr: 10000000.01 is 10,000,000.01 yuan, not its binary value."""
        app = used_car.Application.model_validate({"dealer": GOOD.model_dump(), "revenue_2024": 10000000.01})
        assert app.revenue_2024 == D("10000000.01")

    def test_float_with_more_decimals_is_refused(self) -> None:
        """0.125 has three decimals: refused, not rounded."""
        with pytest.raises(ValidationError):
            used_car.Application.model_validate({"dealer": GOOD.model_dump(), "revenue_2024": 0.125})

    def test_bad_revenue_passed_straight_to_a_rule(self) -> None:
        """A rule function called directly checks its amount too and names the argument."""
        with pytest.raises(InvalidInputError) as caught:
            used_car.growth_reward(GOOD, D("-0.01"))
        assert caught.value.field == "revenue_2024"
        with pytest.raises(InvalidInputError):
            used_car.scale_reward(GOOD, D("NaN"), date(2024, 8, 1))

    def test_unknown_fields_are_refused(self) -> None:
        """A misspelt field is an error, not silently ignored."""
        with pytest.raises(ValidationError) as caught:
            used_car.Application.model_validate({"dealer": GOOD.model_dump(), "revenue_2O24": "1"})
        assert "revenue_2O24" in str(caught.value)

    def test_wrong_credit_code(self) -> None:
        """A credit code with a wrong check character names the field and the expected character."""
        with pytest.raises(ValidationError) as caught:
            dealer(credit_code="91150402MA0QUC015X")
        assert caught.value.errors()[0]["loc"] == ("credit_code",)
        assert "应为R" in str(caught.value)

    def test_application_before_registration(self) -> None:
        """An application dated before the dealer was registered is impossible."""
        with pytest.raises(ValidationError) as caught:
            used_car.Application.model_validate(
                {"dealer": GOOD.model_dump(), "revenue_jan_to_jul": "5000000", "applied_on": "2024-01-04"}
            )
        assert caught.value.errors()[0]["loc"] == ("applied_on",)

    def test_scale_reward_needs_its_date(self) -> None:
        """Revenue for the scale reward without an application date cannot be assessed."""
        with pytest.raises(ValidationError, match="applied_on"):
            used_car.Application.model_validate({"dealer": GOOD.model_dump(), "revenue_jan_to_jul": "5000000"})

    def test_incoherent_parameters(self) -> None:
        """A 0.7% tier starting below the 0.6% tier is refused."""
        with pytest.raises(ValidationError):
            used_car.UsedCarParameters(growth_upper_from=D(1_000_000))
        with pytest.raises(ValidationError):
            used_car.UsedCarParameters().replace(growth_rate=D("1.5"))


revenues = st.decimals(min_value=0, max_value=D("1e10"), places=2, allow_nan=False, allow_infinity=False)
dealers = st.builds(
    dealer,
    registered_on=st.dates(date(2023, 1, 1), date(2024, 12, 31)),
    registered_in_hongshan=st.booleans(),
    key_monitored=st.booleans(),
)


@pytest.mark.clause("used-car:2", "used-car:3.1", "used-car:3.2", "used-car:8")
class TestProperties:
    @given(dealers, revenues)
    def test_growth_amount_bounds(self, d: used_car.Dealer, revenue: Decimal) -> None:
        """Never negative, never above the cap, always whole fen; ineligible means 0."""
        decision = used_car.growth_reward(d, revenue)
        assert D(0) <= decision.amount <= D(350_000)
        assert decision.amount == decision.amount.quantize(D("0.01"))
        if not decision.eligible:
            assert decision.amount == 0

    @given(revenues, revenues)
    def test_growth_never_decreases_with_revenue(self, a: Decimal, b: Decimal) -> None:
        """More revenue never gives a smaller growth reward."""
        low, high = sorted((a, b))
        assert used_car.growth_reward(GOOD, low).amount <= used_car.growth_reward(GOOD, high).amount

    @given(dealers, revenues, st.dates(date(2024, 6, 1), date(2025, 6, 1)))
    def test_eligible_exactly_when_no_reason_failed(self, d: used_car.Dealer, revenue: Decimal, day: date) -> None:
        """``eligible`` is false exactly when some reason failed, and every cited clause id is well formed."""
        for decision in (used_car.scale_reward(d, revenue, day), used_car.growth_reward(d, revenue, applied_on=day)):
            assert decision.eligible == (not decision.failed)
            assert all(CLAUSE_ID.match(clause) for clause in decision.clauses)

    @given(dealers, revenues, st.dates(date(2024, 6, 1), date(2025, 6, 1)))
    def test_json_round_trip(self, d: used_car.Dealer, revenue: Decimal, day: date) -> None:
        """A decision read back from its JSON equals itself."""
        decision = used_car.scale_reward(d, revenue, day)
        assert Decision.from_json(decision.to_json()) == decision

    @given(st.dates(date(2024, 1, 1), date(2025, 12, 31)))
    def test_scale_deadline_is_a_step(self, day: date) -> None:
        """The scale reward is in time exactly up to and including 2024-08-31."""
        assert used_car.scale_reward(GOOD, D(5_000_000), day).eligible == (
            date(2024, 6, 23) <= day <= date(2024, 8, 31)
        )

    @given(st.dates(date(2020, 1, 1), date(2025, 1, 1)))
    def test_registration_date_boundary(self, day: date) -> None:
        """Registration on or after 2023-10-31 is required, and is the only difference a date makes."""
        decision = used_car.growth_reward(dealer(registered_on=day), D(20_000_000))
        assert decision.eligible == (day >= date(2023, 10, 31))
        assert decision.eligible == (day > date(2023, 10, 31) - timedelta(days=1))
