"""Spec tests of 赤红政字〔2024〕79号 (hongshan_policy.headquarters): a class per article, both sides of each limit."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from hongshan_policy import headquarters as hq
from hongshan_policy.citations import CLAUSE_ID, IMPLEMENTATIONS
from hongshan_policy.decisions import Decision
from hongshan_policy.errors import CalendarCoverageError, InvalidInputError, MissingFactError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "hq"

ENTERPRISE: dict[str, Any] = {
    "name": "赤峰云数科技有限公司",
    "credit_code": "91150402MA0Q1HQ00C",
    "registered_on": "2024-07-01",
    "registered_in_hongshan": True,
    "independent_legal_person": True,
    "independent_accounting": True,
    "serious_dishonesty_record": False,
    "hq_functions": True,
    "registered_capital": "50000000",
    "industry_code": "I6510",
    "business_form": "数字经济",
    "conforms_to_industrial_policy": True,
    "statistics_registered_on": "2025-03-01",
}
DEAL: dict[str, Any] = {
    "contract_signed_on": "2024-09-01",
    "new_project_in_hongshan": True,
    "reserve_price": "40000000",
    "winning_price": "52000000",
    "comprehensive_cost": "45000000",
    "benchmark_price": "38000000",
    "area_mu": "30",
    "fixed_asset_investment": "400000000",
    "same_entity": True,
    "land_use_changed": False,
    "above_ground_floor_area": "60000",
    "self_held_floor_area": "42000",
    "commercial_apartment_floor_area": "0",
}
PROJECT: dict[str, Any] = {"completed_on": "2025-12-20", "statistics_registered_on": "2026-06-30", "direct_jobs": 420}
LEASE: dict[str, Any] = {
    "signed_on": "2024-08-01",
    "start": "2025-01-01",
    "floor_area_m2": "12000",
    "district": "万达片区",
    "agreed_rate": "1.2",
    "specialised_ratio": "0.8",
}


def enterprise(**changes: Any) -> hq.Enterprise:
    return hq.Enterprise.model_validate({**ENTERPRISE, **changes})


def deal(**changes: Any) -> hq.LandDeal:
    return hq.LandDeal.model_validate({**DEAL, **changes})


def project(**changes: Any) -> hq.LandProject:
    return hq.LandProject.model_validate({**PROJECT, **changes})


def lease(**changes: Any) -> hq.Lease:
    return hq.Lease.model_validate({**LEASE, **changes})


def land(**kwargs: Any) -> Decision:
    return hq.land_subsidy(
        kwargs.pop("enterprise", enterprise()), kwargs.pop("deal", deal()), kwargs.pop("project", project()), **kwargs
    )


def held(decision: Decision, clause: str) -> list[bool]:
    return [r.held for r in decision.reasons if r.clause == clause]


def failed_text(decision: Decision) -> str:
    return " ".join(r.zh + r.en for r in decision.failed)


class TestArticle2Eligibility:
    """第二条: who is a headquarters enterprise."""

    @pytest.mark.clause("hq:2")
    def test_hq_2_all_conditions_met(self) -> None:
        """An enterprise meeting every condition is eligible, with one reason per condition."""
        decision = hq.hq_eligibility(enterprise(), deal())
        assert decision.eligible
        assert decision.amount == D("0.00")
        assert len(decision.reasons) == 12
        assert decision.rule == "headquarters.hq_eligibility"

    @pytest.mark.clause("hq:2")
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("registered_in_hongshan", False),
            ("independent_legal_person", False),
            ("independent_accounting", False),
            ("serious_dishonesty_record", True),
            ("hq_functions", False),
        ],
    )
    def test_hq_2_lead_in_each_condition(self, field: str, value: bool) -> None:
        """Each condition of the lead-in fails the enterprise on its own, citing hq:2."""
        decision = hq.hq_eligibility(enterprise(**{field: value}))
        assert not decision.eligible
        assert decision.first_failed_clause == "hq:2"
        assert len(decision.failed) == 1

    @pytest.mark.clause("hq:2")
    def test_hq_2_judgement_is_a_warning(self) -> None:
        """「能够促进红山区经济社会发展」 is not formalised: every eligibility decision warns about it."""
        for decision in (
            hq.hq_eligibility(enterprise()),
            land(),
            hq.rent_subsidy(enterprise(), lease(), 1),
            hq.rent_eligibility(enterprise(), lease()),
        ):
            assert any(w.clause == "hq:2" and "能够促进红山区经济社会发展" in w.zh for w in decision.warnings)

    @pytest.mark.clause("hq:2.1")
    @pytest.mark.parametrize(("capital", "ok"), [("9999999.99", False), ("10000000", True), ("10000000.01", True)])
    def test_hq_2_1_registered_capital_not_below_1000_wan(self, capital: str, ok: bool) -> None:
        """Registered capital 「不低于1000万元」: 999.999999万 fails, 1000万 holds."""
        decision = hq.hq_eligibility(enterprise(registered_capital=capital))
        assert decision.eligible is ok
        assert "1000万元" in decision.reasons[5].zh

    @pytest.mark.clause("hq:2.1")
    @pytest.mark.parametrize("code", ["I", "I63", "I65", "I6510", "J", "J66", "J6621", "L72", "L7212", "D44", "D4411"])
    def test_hq_2_1_industry_in_scope(self, code: str) -> None:
        """Sections I and J, division 72 of L and division 44 of D qualify, at any depth."""
        assert hq.hq_eligibility(enterprise(industry_code=code)).eligible

    @pytest.mark.clause("hq:2.1")
    @pytest.mark.parametrize("code", ["L71", "L7111", "D45", "D4511", "D46", "C13", "K70", "M7310", "A01"])
    def test_hq_2_1_industry_out_of_scope(self, code: str) -> None:
        """租赁业 (L71), gas (D45), water (D46) and other sections do not qualify."""
        decision = hq.hq_eligibility(enterprise(industry_code=code))
        assert not decision.eligible
        assert decision.first_failed_clause == "hq:2.1"

    @pytest.mark.clause("hq:2.1")
    @pytest.mark.parametrize(("code", "needed"), [("L", "L72"), ("D", "D44")])
    def test_hq_2_1_bare_section_needs_a_division(self, code: str, needed: str) -> None:
        """A bare L or D does not show the division: not qualifying, and the reason says a division code is needed."""
        decision = hq.hq_eligibility(enterprise(industry_code=code))
        assert not decision.eligible
        assert needed in failed_text(decision)
        assert "大类" in failed_text(decision)
        assert "division" in failed_text(decision)

    @pytest.mark.clause("hq:2.1")
    @pytest.mark.parametrize("code", ["X12", "I123456", "65", "I6", "I72", "L73", "D47", "J70", "", "I 65", "Z"])
    def test_hq_2_1_malformed_industry_code(self, code: str) -> None:
        """A code that is not a GB/T 4754-2017 code, or a division outside its section, is refused naming the field."""
        with pytest.raises(ValidationError, match="industry_code"):
            enterprise(industry_code=code)

    @pytest.mark.clause("hq:2.1")
    def test_hq_2_1_industry_code_normalised(self) -> None:
        """Lower case and surrounding spaces are normalised: ` j6621 ` reads as J6621."""
        assert enterprise(industry_code=" j6621 ").industry_code == "J6621"

    @pytest.mark.clause("hq:2.1")
    @pytest.mark.parametrize("form", ["数字经济", "金融服务", "能源管理", "人力资源", "现代文旅"])
    def test_hq_2_1_business_form_listed(self, form: str) -> None:
        """Each of the five business forms of 第二条(一) qualifies."""
        assert hq.hq_eligibility(enterprise(business_form=form)).eligible

    @pytest.mark.clause("hq:2.1")
    def test_hq_2_1_business_form_other(self) -> None:
        """A business form the text does not name fails 第二条(一)."""
        decision = hq.hq_eligibility(enterprise(business_form="其他"))
        assert decision.first_failed_clause == "hq:2.1"
        with pytest.raises(ValidationError, match="business_form"):
            enterprise(business_form="房地产")

    @pytest.mark.clause("hq:2.2")
    @pytest.mark.parametrize(
        ("investment", "area", "ok"),
        [("9999999.99", "1", False), ("10000000", "1", True), ("29999999.99", "3", False), ("30000000", "3", True)],
    )
    def test_hq_2_2_investment_per_mu(self, investment: str, area: str, ok: bool) -> None:
        """亩均固定资产投资 「在1000万元以上」 includes 1000万 exactly."""
        decision = hq.hq_eligibility(enterprise(), deal(fixed_asset_investment=investment, area_mu=area))
        assert decision.eligible is ok
        assert held(decision, "hq:2.2")[2] is ok

    @pytest.mark.clause("hq:2.2")
    def test_hq_2_2_project_in_hongshan(self) -> None:
        """A new project carried out outside Hongshan fails 第二条(二)."""
        decision = hq.hq_eligibility(enterprise(), deal(new_project_in_hongshan=False))
        assert decision.first_failed_clause == "hq:2.2"

    @pytest.mark.clause("hq:2.2", "hq:5.2")
    @pytest.mark.parametrize(
        ("signed", "ok"), [("2024-06-11", False), ("2024-06-12", True), ("2026-06-11", True), ("2026-06-12", False)]
    )
    def test_hq_2_2_land_won_within_validity(self, signed: str, ok: bool) -> None:
        """Land won (contract signed) from 2024-06-12 through 2026-06-11 is within the policy's validity."""
        decision = hq.hq_eligibility(enterprise(), deal(contract_signed_on=signed))
        assert decision.eligible is ok

    @pytest.mark.clause("hq:2.2")
    def test_hq_2_2_not_checked_without_a_deal(self) -> None:
        """Without a land deal, item (二) is not checked and a warning says it does not apply to rent applicants."""
        decision = hq.hq_eligibility(enterprise())
        assert "hq:2.2" not in [r.clause for r in decision.reasons]
        assert any(w.clause == "hq:2.2" for w in decision.warnings)

    @pytest.mark.clause("hq:2.3")
    def test_hq_2_3_industrial_policy(self) -> None:
        """An enterprise that does not conform to the industrial policies fails 第二条(三)."""
        decision = hq.hq_eligibility(enterprise(conforms_to_industrial_policy=False))
        assert decision.first_failed_clause == "hq:2.3"

    @pytest.mark.clause("hq:2")
    def test_hq_2_enterprise_validation(self) -> None:
        """A wrong credit code, negative or NaN capital, 3 decimals, unknown fields and early 入统 are refused."""
        for field, value in [
            ("credit_code", "91150402MA0Q1HQ00D"),
            ("registered_capital", "-1"),
            ("registered_capital", "NaN"),
            ("registered_capital", "1.001"),
            ("nickname", "x"),
            ("statistics_registered_on", "2024-06-30"),
        ]:
            with pytest.raises(ValidationError, match=field):
                enterprise(**{field: value})


class TestArticle3Item1LandSubsidy:
    """第三条(一): the land-price subsidy."""

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_amount_is_rate_of_reserve_price(self) -> None:
        """25% of a 4000万 reserve price is 1000万 when the remainder does not bind."""
        decision = land(deal=deal(comprehensive_cost="20000000", benchmark_price=None))
        assert decision.eligible
        assert decision.amount == D("10000000.00")

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_lower_rate(self) -> None:
        """A rate below the maximum applies as given: 10% of 4000万 is 400万."""
        assert land(rate=D("0.1"), deal=deal(comprehensive_cost="20000000")).amount == D("4000000.00")

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize("rate", [D("0.25"), "0.25", D(0)])
    def test_hq_3_1_rate_at_most_25_percent(self, rate: Any) -> None:
        """A rate of exactly 25% (or 0) is allowed."""
        assert land(rate=rate).eligible

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize("rate", [D("0.2501"), D("0.3"), D("-0.01"), "x", True, float("nan")])
    def test_hq_3_1_rate_above_25_percent_is_an_error(self, rate: Any) -> None:
        """A rate above 25%, negative or not a number raises InvalidInputError naming rate."""
        with pytest.raises(InvalidInputError) as raised:
            land(rate=rate)
        assert raised.value.field == "rate"

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_same_entity(self) -> None:
        """Winning, building and operating by different entities fails the subsidy."""
        decision = land(deal=deal(same_entity=False))
        assert not decision.eligible
        assert decision.amount == 0
        assert decision.first_failed_clause == "hq:3.1"

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize(
        ("completed", "counted", "ok"),
        [
            ("2025-03-10", "2026-03-10", True),
            ("2025-03-10", "2026-03-11", False),
            ("2028-02-29", "2029-02-28", True),
            ("2028-02-29", "2029-03-01", False),
            ("2025-08-31", "2026-08-31", True),
            ("2025-03-10", "2025-01-01", True),
        ],
    )
    def test_hq_3_1_statistics_within_12_months_of_completion(self, completed: str, counted: str, ok: bool) -> None:
        """入统 「竣工12个月内」 ends on the corresponding day 12 months later (a leap day ends on 28 February)."""
        decision = land(
            deal=deal(contract_signed_on="2024-06-12"),
            project=project(completed_on=completed, statistics_registered_on=counted),
        )
        assert decision.eligible is ok

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize(
        ("changes", "word"),
        [({"completed_on": None}, "尚未正式竣工"), ({"statistics_registered_on": None}, "尚未完成入统")],
    )
    def test_hq_3_1_statistics_not_yet(self, changes: dict[str, Any], word: str) -> None:
        """Before completion or before 入统 the condition cannot hold yet: a failed reason, not an error."""
        decision = land(project=project(**changes))
        assert not decision.eligible
        assert word in failed_text(decision)
        assert "not yet" in failed_text(decision)

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize(("self_held", "ok"), [("29994", False), ("30000", True), ("60000", True)])
    def test_hq_3_1_self_held_not_below_50_percent(self, self_held: str, ok: bool) -> None:
        """Self-held share 「不低于50%」: 49.99% fails, 50% holds."""
        decision = land(deal=deal(self_held_floor_area=self_held))
        assert decision.eligible is ok

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize(("jobs", "ok"), [(299, False), (300, True), (301, True)])
    def test_hq_3_1_direct_jobs_300_or_more(self, jobs: int, ok: bool) -> None:
        """Direct jobs 「300人以上」 includes 300."""
        assert land(project=project(direct_jobs=jobs)).eligible is ok

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_land_use_unchanged(self) -> None:
        """A changed land use fails the subsidy (「同时不得变更土地用途」)."""
        decision = land(deal=deal(land_use_changed=True))
        assert not decision.eligible
        assert "土地用途" in failed_text(decision)

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_commercial_apartments_excluded(self) -> None:
        """Commercial apartments are excluded pro rata, and the exclusion is a reason stating the figures."""
        decision = land(deal=deal(comprehensive_cost="20000000", commercial_apartment_floor_area="6000"))
        assert decision.amount == D("9000000.00")
        exclusion = [r for r in decision.reasons if "商业公寓" in r.zh]
        assert len(exclusion) == 1
        assert exclusion[0].held
        assert "6000" in exclusion[0].zh
        assert "10%" in exclusion[0].zh

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_no_apartment_reason_without_apartments(self) -> None:
        """Without commercial apartments no exclusion reason appears."""
        assert not [r for r in land().reasons if "商业公寓" in r.zh]

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_cap_binds(self) -> None:
        """Above the remainder the remainder is granted, and the cap is a reason stating the figures."""
        decision = land()
        assert decision.amount == D("7000000.00")
        cap = decision.reasons[-1]
        assert cap.held
        assert "¥7,000,000.00" in cap.zh
        assert "¥10,000,000.00" in cap.zh
        assert "较小" in cap.zh

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_cap_does_not_bind(self) -> None:
        """Below the remainder the computed amount is granted, and the cap still shows as a reason."""
        decision = land(deal=deal(comprehensive_cost="30000000", benchmark_price="30000000"))
        assert decision.amount == D("10000000.00")
        assert "未超过" in decision.reasons[-1].zh

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_cap_equal_to_amount(self) -> None:
        """A remainder equal to the computed amount allows it in full (「不得超过」 includes equality)."""
        assert land(deal=deal(comprehensive_cost="42000000", benchmark_price=None)).amount == D("10000000.00")

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize(("reading", "expected"), [("smaller", D("7000000.00")), ("larger", D("10000000.00"))])
    def test_hq_3_1_cap_reading(self, reading: str, expected: D) -> None:
        """With both remainders known, the smaller binds by default; the larger under the other reading."""
        params = hq.HQParameters(land_cap_reading=reading)
        assert land(params=params).amount == expected

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"comprehensive_cost": None}, D("10000000.00")),
            ({"benchmark_price": None}, D("7000000.00")),
            ({"comprehensive_cost": None, "benchmark_price": "46000000"}, D("6000000.00")),
        ],
    )
    def test_hq_3_1_cap_one_remainder_known(self, changes: dict[str, Any], expected: D) -> None:
        """With one remainder known, that one binds."""
        assert land(deal=deal(**changes)).amount == expected

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_cap_unknown_is_an_error(self) -> None:
        """With neither the comprehensive cost nor the benchmark price the cap cannot be checked: MissingFactError."""
        with pytest.raises(MissingFactError) as raised:
            land(deal=deal(comprehensive_cost=None, benchmark_price=None))
        assert raised.value.field is not None
        assert "comprehensive_cost" in raised.value.field
        assert "benchmark_price" in raised.value.field

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize("cost", ["52000000", "60000000"])
    def test_hq_3_1_no_remainder(self, cost: str) -> None:
        """A remainder of zero or less leaves nothing to grant: a failed reason."""
        decision = land(deal=deal(comprehensive_cost=cost, benchmark_price=None))
        assert not decision.eligible
        assert decision.amount == 0
        assert "剩余数额" in failed_text(decision)

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_rounded_once_after_the_cap(self) -> None:
        """The amount is rounded to the fen once, half up, after the cap: 25% of 1,000,000.03 is 250,000.01."""
        decision = land(
            deal=deal(reserve_price="1000000.03", winning_price="2000000", comprehensive_cost="0", benchmark_price=None)
        )
        assert decision.amount == D("250000.01")
        decision = land(
            deal=deal(reserve_price="1000000.02", winning_price="2000000", comprehensive_cost="0", benchmark_price=None)
        )
        assert decision.amount == D("250000.01")

    @pytest.mark.clause("hq:3.1")
    def test_hq_3_1_completion_before_contract_is_an_error(self) -> None:
        """A new project completed before its land contract was signed is impossible."""
        with pytest.raises(InvalidInputError) as raised:
            land(project=project(completed_on="2024-08-31", statistics_registered_on="2024-09-30"))
        assert raised.value.field == "completed_on"

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"self_held_floor_area": "60000.01"}, "self_held_floor_area"),
            ({"commercial_apartment_floor_area": "60001"}, "commercial_apartment_floor_area"),
            ({"winning_price": "39999999.99"}, "winning_price"),
            ({"winning_price": "-1"}, "winning_price"),
            ({"area_mu": "0"}, "area_mu"),
            ({"above_ground_floor_area": "0"}, "above_ground_floor_area"),
            ({"reserve_price": "NaN"}, "reserve_price"),
            ({"reserve_price": "1.005"}, "reserve_price"),
            ({"comprehensive_cost": "-5"}, "comprehensive_cost"),
            ({"zoning": "商业"}, "zoning"),
        ],
    )
    def test_hq_3_1_deal_validation(self, changes: dict[str, Any], field: str) -> None:
        """Impossible deal figures are refused, naming the field."""
        with pytest.raises(ValidationError, match=field):
            deal(**changes)

    @pytest.mark.clause("hq:3.1")
    @pytest.mark.parametrize("jobs", [-1, "300", 299.5])
    def test_hq_3_1_project_validation(self, jobs: Any) -> None:
        """Direct jobs must be a whole number of persons, not negative."""
        with pytest.raises(ValidationError, match="direct_jobs"):
            project(direct_jobs=jobs)

    @pytest.mark.clause("hq:3.1", "hq:2.2")
    def test_hq_3_1_includes_article_2(self) -> None:
        """The land decision carries the reasons of 第二条 including item (二)."""
        clauses = land().clauses
        for clause in ("hq:2", "hq:2.1", "hq:2.2", "hq:2.3", "hq:3.1"):
            assert clause in clauses


class TestArticle3Item1Tranches:
    """第三条(一)1–4: the four tranches of the land subsidy."""

    @pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
    def test_hq_3_1_tranches_40_30_25_5(self) -> None:
        """700万 splits into 280万, 210万, 175万 and 35万, each with its clause and milestone."""
        tranches = hq.land_subsidy_tranches(D("7000000.00"))
        assert [t.amount for t in tranches] == [D("2800000.00"), D("2100000.00"), D("1750000.00"), D("350000.00")]
        assert [t.clause for t in tranches] == ["hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4"]
        assert [t.milestone for t in tranches] == list(hq.Milestone)
        assert [t.share for t in tranches] == [D("0.40"), D("0.30"), D("0.25"), D("0.05")]
        assert tranches[0].zh.endswith("基础正负零")
        assert "±0.000" in tranches[0].en

    @pytest.mark.clause("hq:3.1.4")
    @pytest.mark.parametrize("amount", ["0.00", "0.01", "0.02", "0.03", "0.19", "1234567.89", "9999999.99"])
    def test_hq_3_1_4_last_tranche_absorbs_rounding(self, amount: str) -> None:
        """The tranches add up to the amount exactly to the fen, none negative."""
        tranches = hq.land_subsidy_tranches(D(amount))
        assert sum(t.amount for t in tranches) == D(amount)
        assert all(t.amount >= 0 for t in tranches)

    @pytest.mark.clause("hq:3.1.1")
    @pytest.mark.parametrize("amount", ["-1", "1.001", "NaN"])
    def test_hq_3_1_1_tranche_amount_validation(self, amount: str) -> None:
        """A negative, sub-fen or NaN amount is refused naming amount."""
        with pytest.raises(InvalidInputError) as raised:
            hq.land_subsidy_tranches(amount)  # type: ignore[arg-type]
        assert raised.value.field == "amount"

    @pytest.mark.clause("hq:3.1.1", "hq:3.1.2")
    def test_hq_3_1_payable_so_far(self) -> None:
        """After the foundation and the main structure, 70% may be paid."""
        payable = hq.land_subsidy_payable(
            D("7000000.00"),
            {hq.Milestone.FOUNDATION: date(2025, 1, 15), hq.Milestone.MAIN_STRUCTURE: date(2025, 8, 30)},
        )
        assert payable.amount == D("4900000.00")
        assert [p.payable for p in payable.payments] == [True, True, False, False]
        assert payable.warnings == ()

    @pytest.mark.clause("hq:3.1.1")
    def test_hq_3_1_nothing_reached(self) -> None:
        """With no milestone reached nothing may be paid."""
        payable = hq.land_subsidy_payable(D("7000000.00"), ())
        assert payable.amount == 0
        assert all("尚未达到" in p.reason.zh for p in payable.payments)

    @pytest.mark.clause("hq:3.1.3")
    def test_hq_3_1_out_of_order_is_payable_with_a_warning(self) -> None:
        """A later milestone reached without an earlier one releases its own tranche and warns about the gap."""
        payable = hq.land_subsidy_payable(D("7000000.00"), [hq.Milestone.FOUNDATION, hq.Milestone.COMPLETION])
        assert payable.amount == D("4550000.00")
        assert [w.clause for w in payable.warnings] == ["hq:3.1.2"]

    @pytest.mark.clause("hq:3.1.2")
    def test_hq_3_1_dates_out_of_order_warn(self) -> None:
        """An earlier milestone dated after a later one is warned about."""
        payable = hq.land_subsidy_payable(
            D("100.00"),
            {"基础正负零": date(2025, 9, 1), "主体建成": date(2025, 8, 1)},  # type: ignore[dict-item]
        )
        assert payable.amount == D("70.00")
        assert [w.clause for w in payable.warnings] == ["hq:3.1.1"]

    @pytest.mark.clause("hq:3.1.1")
    def test_hq_3_1_unknown_milestone(self) -> None:
        """An unknown milestone is refused naming milestones_reached."""
        with pytest.raises(InvalidInputError) as raised:
            hq.land_subsidy_payable(D("100.00"), ["封顶"])  # type: ignore[list-item]
        assert raised.value.field == "milestones_reached"

    @pytest.mark.clause("hq:3.1.1")
    def test_hq_3_1_payable_renders(self) -> None:
        """What is payable prints, renders as HTML and serialises."""
        payable = hq.land_subsidy_payable(D("100.00"), [hq.Milestone.FOUNDATION])
        assert "¥40.00" in str(payable)
        assert "<table>" in payable._repr_html_()
        assert json.loads(json.dumps(payable.to_dict()))["amount"] == "40.00"


class TestArticle3Item2RentSubsidy:
    """第三条(二): the office-rent subsidy (三免两减半)."""

    @pytest.mark.clause("hq:3.2.1")
    @pytest.mark.parametrize("year", [1, 2, 3])
    def test_hq_3_2_1_first_three_years_capped(self, year: int) -> None:
        """12,000 m² in 万达片区 at 1.2 a day: 5,256,000.00 a year, capped at 3,000,000.00 in years 1–3."""
        decision = hq.rent_subsidy(enterprise(), lease(start="2029-01-01", signed_on="2026-06-01"), year)
        assert decision.eligible
        assert decision.amount == D("3000000.00")
        cap = decision.reasons[-1] if decision.reasons[-1].clause == "hq:3.2.1" else decision.reasons[-2]
        assert "300万元" in cap.zh
        assert "5,256,000.00" in cap.zh

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_year_4_half(self) -> None:
        """A 365-day year 4 is 50%: 2,628,000.00, below the cap."""
        decision = hq.rent_subsidy(enterprise(), lease(start="2026-01-01"), 4)
        assert decision.amount == D("2628000.00")
        assert "未超过" in next(r for r in decision.reasons if "每年补贴金额" in r.zh).zh

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_leap_lease_year(self) -> None:
        """A 366-day year 4 (2027-03-01 to 2028-02-29) counts every day: 2,635,200.00."""
        decision = hq.rent_subsidy(enterprise(), lease(start="2024-03-01"), 4)
        assert decision.amount == D("2635200.00")

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_year_6_not_eligible(self) -> None:
        """Year 6 and later are outside 三免两减半: not eligible, citing hq:3.2.1."""
        decision = hq.rent_subsidy(enterprise(), lease(), 6)
        assert not decision.eligible
        assert decision.first_failed_clause == "hq:3.2.1"
        assert not hq.rent_subsidy(enterprise(), lease(), 1000).eligible

    @pytest.mark.clause("hq:3.2.1")
    @pytest.mark.parametrize("year", [0, -1, True, "1", 1.0, None])
    def test_hq_3_2_1_year_out_of_range_is_an_error(self, year: Any) -> None:
        """A year below 1 or not an int raises InvalidInputError naming year."""
        with pytest.raises(InvalidInputError) as raised:
            hq.rent_subsidy(enterprise(), lease(), year)
        assert raised.value.field == "year"

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_small_lease_not_capped(self) -> None:
        """10,000 m² in 东城片区 at 0.5 a day, year 1 of 365 days: 1,825,000.00, within the cap."""
        decision = hq.rent_subsidy(
            enterprise(), lease(floor_area_m2="10000", district="东城片区", agreed_rate="0.5"), 1
        )
        assert decision.amount == D("1825000.00")
        assert not any(w.clause == "hq:3.2.1" for w in decision.warnings)

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_schedule(self) -> None:
        """The schedule has five lease years with their dates, 365 or 366 days, 100% then 50%."""
        schedule = hq.rent_subsidy_schedule(enterprise(), lease(start="2024-09-01"))
        assert [y.year for y in schedule] == [1, 2, 3, 4, 5]
        assert schedule[0].first_day == date(2024, 9, 1)
        assert schedule[0].last_day == date(2025, 8, 31)
        assert schedule[4].last_day == date(2029, 8, 31)
        assert [y.days for y in schedule] == [365, 365, 365, 366, 365]
        assert [y.share for y in schedule] == [D(1), D(1), D(1), D("0.5"), D("0.5")]
        assert [y.decision.amount for y in schedule] == [
            D("3000000.00"),
            D("3000000.00"),
            D("3000000.00"),
            D("2635200.00"),
            D("2628000.00"),
        ]

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_leap_day_start(self) -> None:
        """A lease starting on 29 February: year 1 ends on 27 February (the next year has no 29th)."""
        schedule = hq.rent_subsidy_schedule(enterprise(), lease(signed_on="2024-02-01", start="2024-02-29"))
        assert (schedule[0].first_day, schedule[0].last_day, schedule[0].days) == (
            date(2024, 2, 29),
            date(2025, 2, 27),
            365,
        )
        assert (schedule[3].first_day, schedule[3].last_day, schedule[3].days) == (
            date(2027, 2, 28),
            date(2028, 2, 28),
            366,
        )

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_rate_outside_district_range_is_used_and_flagged(self) -> None:
        """An agreed rate outside its district's range is used (「具体以协议为准」) and flagged with a warning."""
        decision = hq.rent_subsidy(
            enterprise(), lease(district="东城片区", agreed_rate="1.1", floor_area_m2="10000"), 1
        )
        assert decision.amount == D("3000000.00")
        assert any(w.clause == "hq:3.2.1" and "以协议为准" in w.zh for w in decision.warnings)

    @pytest.mark.clause("hq:3.2.1")
    @pytest.mark.parametrize(
        ("district", "rate", "flagged"),
        [
            ("万达片区", "1", False),
            ("万达片区", "1.5", False),
            ("万达片区", "0.99", True),
            ("万达片区", "1.51", True),
            ("红山老城区、桥北、铁南片区", "0.5", False),
            ("红山老城区、桥北、铁南片区", "1.21", True),
            ("东城片区", "1", False),
            ("小新地非万达片区", "1.2", False),
            ("小新地非万达片区", "0.99", True),
        ],
    )
    def test_hq_3_2_1_reference_rates(self, district: str, rate: str, flagged: bool) -> None:
        """The reference ranges include both ends: 万达 1–1.5, 老城区等 0.5–1.2, 东城 0.5–1, 小新地 1–1.2."""
        decision = hq.rent_subsidy(enterprise(), lease(district=district, agreed_rate=rate), 1)
        assert any(w.clause == "hq:3.2.1" for w in decision.warnings) is flagged

    @pytest.mark.clause("hq:3.2.1")
    @pytest.mark.parametrize("name", ["红山老城区", "桥北片区", "铁南片区", "红山老城区以及桥北、铁南片区", "桥北"])
    def test_hq_3_2_1_district_aliases(self, name: str) -> None:
        """The old-town group is one district, reached by any of its names."""
        assert lease(district=name).district is hq.District.OLD_TOWN

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_unknown_district(self) -> None:
        """A district the text does not name is refused naming district."""
        with pytest.raises(ValidationError, match="district"):
            lease(district="松山区")

    @pytest.mark.clause("hq:3.2.1")
    def test_hq_3_2_1_lease_ending_early(self) -> None:
        """A lease that ends within a lease year is counted to its end; years after it are not subsidised."""
        short = lease(start="2025-01-01", end="2028-01-10")
        year4 = hq.rent_subsidy(enterprise(), short, 4)
        assert year4.amount == D("72000.00")  # 10 days × 12,000 × 1.2 × 50%
        year5 = hq.rent_subsidy(enterprise(), short, 5)
        assert not year5.eligible
        assert "届满" in failed_text(year5)

    @pytest.mark.clause("hq:3.2")
    @pytest.mark.parametrize(
        ("form", "ok"),
        [("数字经济", True), ("现代文旅", True), ("人力资源", True), ("金融服务", True), ("能源管理", False)],
    )
    def test_hq_3_2_business_forms(self, form: str, ok: bool) -> None:
        """数字经济、现代文旅、人力资源、现代金融 (read as 金融服务) qualify; 能源管理 does not."""
        decision = hq.rent_subsidy(enterprise(business_form=form), lease(), 1)
        assert decision.eligible is ok
        if not ok:
            assert decision.first_failed_clause == "hq:3.2"

    @pytest.mark.clause("hq:3.2")
    @pytest.mark.parametrize(("area", "ok"), [("9999.99", False), ("10000", True)])
    def test_hq_3_2_floor_area_10000_or_more(self, area: str, ok: bool) -> None:
        """Floor area 「1万平方米及以上」: 9,999.99 m² fails, 10,000 m² holds."""
        assert hq.rent_subsidy(enterprise(), lease(floor_area_m2=area), 1).eligible is ok

    @pytest.mark.clause("hq:3.2")
    @pytest.mark.parametrize(("ratio", "ok"), [("0.6999", False), ("0.7", True), ("1", True)])
    def test_hq_3_2_specialised_ratio_70_percent_or_more(self, ratio: str, ok: bool) -> None:
        """Specialised share 「70%以上」: 69.99% fails, 70% holds."""
        assert hq.rent_subsidy(enterprise(), lease(specialised_ratio=ratio), 1).eligible is ok

    @pytest.mark.clause("hq:3.2")
    @pytest.mark.parametrize(
        ("registered", "counted", "ok"),
        [
            ("2024-07-01", "2025-07-01", True),
            ("2024-07-01", "2025-07-02", False),
            ("2024-02-29", "2025-02-28", True),
            ("2024-02-29", "2025-03-01", False),
        ],
    )
    def test_hq_3_2_statistics_within_12_months_of_registration(self, registered: str, counted: str, ok: bool) -> None:
        """入统 within 12 months of 工商注册: the corresponding day holds, the next day fails."""
        decision = hq.rent_subsidy(enterprise(registered_on=registered, statistics_registered_on=counted), lease(), 1)
        assert decision.eligible is ok

    @pytest.mark.clause("hq:3.2")
    def test_hq_3_2_statistics_not_yet(self) -> None:
        """Without 入统 the condition cannot hold yet: a failed reason saying so."""
        decision = hq.rent_subsidy(enterprise(statistics_registered_on=None), lease(), 1)
        assert not decision.eligible
        assert "尚未完成入统" in failed_text(decision)

    @pytest.mark.clause("hq:3.2", "hq:2.2")
    def test_hq_3_2_not_subject_to_article_2_item_2(self) -> None:
        """A rent applicant is not held to 第二条(二) (「申请房屋租赁补贴政策的企业不受此款限制」)."""
        decision = hq.rent_subsidy(enterprise(), lease(), 1)
        assert "hq:2.2" not in decision.clauses
        assert {"hq:2", "hq:2.1", "hq:2.3", "hq:3.2", "hq:3.2.1", "hq:5.1"} <= set(decision.clauses)

    @pytest.mark.clause("hq:3.2")
    def test_hq_3_2_start_before_signing_is_flagged(self) -> None:
        """A lease starting before it was signed is allowed, with a warning."""
        decision = hq.rent_subsidy(enterprise(), lease(signed_on="2025-02-01", start="2025-01-01"), 1)
        assert decision.eligible
        assert any(w.clause == "hq:3.2" for w in decision.warnings)

    @pytest.mark.clause("hq:3.2")
    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"floor_area_m2": "-1"}, "floor_area_m2"),
            ({"agreed_rate": "1.234"}, "agreed_rate"),
            ({"specialised_ratio": "70"}, "specialised_ratio"),
            ({"end": "2024-12-31"}, "end"),
            ({"rent": "1"}, "rent"),
        ],
    )
    def test_hq_3_2_lease_validation(self, changes: dict[str, Any], field: str) -> None:
        """Impossible lease figures are refused, naming the field."""
        with pytest.raises(ValidationError, match=field):
            lease(**changes)

    @pytest.mark.clause("hq:3.2")
    def test_hq_3_2_eligibility_decision(self) -> None:
        """rent_eligibility gives the conditions once, amount 0.00."""
        decision = hq.rent_eligibility(enterprise(), lease())
        assert decision.eligible
        assert decision.amount == 0
        assert "hq:3.2.1" not in [r.clause for r in decision.reasons]


class TestArticle3Item2Clawback:
    """第三条(二)2: repayment of the rent subsidy."""

    @pytest.mark.clause("hq:3.2.2")
    def test_hq_3_2_2_left_without_performing_and_tax_short(self) -> None:
        """Leaving without performing, with tax below the subsidy: the difference is repaid."""
        decision = hq.rent_clawback(
            D("3000000"), D("1000000"), left_or_deregistered=True, agreement_fully_performed=False
        )
        assert decision.eligible
        assert decision.amount == D("2000000.00")

    @pytest.mark.clause("hq:3.2.2")
    def test_hq_3_2_2_tax_short_without_leaving(self) -> None:
        """Tax below the subsidy received is enough on its own: the difference is repaid."""
        decision = hq.rent_clawback(
            D("3000000"), D("2999999.99"), left_or_deregistered=False, agreement_fully_performed=True
        )
        assert decision.amount == D("0.01")

    @pytest.mark.clause("hq:3.2.2")
    @pytest.mark.parametrize("tax", ["3000000", "5000000"])
    def test_hq_3_2_2_tax_not_short(self, tax: str) -> None:
        """Tax equal to or above the subsidy leaves no difference, even after leaving without performing."""
        for left, performed in [(False, True), (True, True), (True, False)]:
            decision = hq.rent_clawback(
                D("3000000"), D(tax), left_or_deregistered=left, agreement_fully_performed=performed
            )
            assert decision.amount == 0
            assert not decision.eligible

    @pytest.mark.clause("hq:3.2.2")
    def test_hq_3_2_2_full_on_leaving_reading(self) -> None:
        """Under the full-on-leaving reading, leaving without performing repays everything received."""
        params = hq.HQParameters(rent_clawback_reading="full-on-leaving")
        decision = hq.rent_clawback(
            D("3000000"), D("5000000"), left_or_deregistered=True, agreement_fully_performed=False, params=params
        )
        assert decision.amount == D("3000000.00")
        decision = hq.rent_clawback(
            D("3000000"), D("1000000"), left_or_deregistered=False, agreement_fully_performed=True, params=params
        )
        assert decision.amount == D("2000000.00")

    @pytest.mark.clause("hq:3.2.2", "hq:4.5")
    def test_hq_3_2_2_failed_evaluation_recovers_everything(self) -> None:
        """A failed performance evaluation recovers all rent subsidy received."""
        decision = hq.rent_clawback(
            D("3000000"),
            D("9000000"),
            left_or_deregistered=False,
            agreement_fully_performed=True,
            evaluation_passed=False,
        )
        assert decision.amount == D("3000000.00")
        assert decision.clauses == ("hq:4.5",)

    @pytest.mark.clause("hq:3.2.2")
    @pytest.mark.parametrize(("received", "tax", "field"), [("-1", "0", "received"), ("1", "x", "tax_contribution")])
    def test_hq_3_2_2_validation(self, received: str, tax: str, field: str) -> None:
        """Negative or non-numeric amounts are refused naming the argument."""
        with pytest.raises(InvalidInputError) as raised:
            hq.rent_clawback(received, tax, left_or_deregistered=False, agreement_fully_performed=True)  # type: ignore[arg-type]
        assert raised.value.field == field


class TestArticle3Item3DoubleBenefits:
    """第三条(三), 第五条(一): no double benefits."""

    @pytest.mark.clause("hq:3.3")
    def test_hq_3_3_one_warning_per_overlap(self) -> None:
        """Each declared subsidy of the same kind gives a warning; the outcome does not change."""
        plain = land()
        flagged = land(other_subsidies=["市级总部经济奖励", "自治区招商引资奖励"])
        assert flagged.amount == plain.amount
        assert [w.clause for w in flagged.warnings].count("hq:3.3") == 2
        rent = hq.rent_subsidy(enterprise(), lease(), 1, other_subsidies=("租金补贴",))
        assert any(w.clause == "hq:3.3" and "租金补贴" in w.zh for w in rent.warnings)

    @pytest.mark.clause("hq:3.3")
    def test_hq_3_3_empty_name_is_an_error(self) -> None:
        """An empty subsidy name is refused naming other_subsidies."""
        with pytest.raises(InvalidInputError) as raised:
            land(other_subsidies=[" "])
        assert raised.value.field == "other_subsidies"


class TestArticle4Procedure:
    """第四条: application, review, publicity, payment and evaluation."""

    @pytest.mark.clause("hq:4.1")
    def test_hq_4_1_materials(self) -> None:
        """A land application submits the land contract; a rent application the lease."""
        land_docs = [zh for zh, _ in hq.application_materials("hq-land")]
        rent_docs = [zh for zh, _ in hq.application_materials("hq-rent")]
        assert "国有建设用地使用权出让合同" in land_docs
        assert "房屋租赁合同" not in land_docs
        assert "房屋租赁合同" in rent_docs
        assert "申请表" in rent_docs
        with pytest.raises(InvalidInputError):
            hq.application_materials("hq-other")  # type: ignore[arg-type]

    @pytest.mark.clause("hq:4.2")
    @pytest.mark.parametrize(
        ("review", "due"),
        [
            (date(2024, 9, 30), date(2024, 10, 10)),  # National Day holiday in between
            (date(2025, 6, 9), date(2025, 6, 12)),  # Monday -> Thursday
            (date(2025, 6, 13), date(2025, 6, 18)),  # Friday -> Wednesday
        ],
    )
    def test_hq_4_2_refusal_notice_3_working_days(self, review: date, due: date) -> None:
        """A refused applicant is notified by the 3rd working day after the review concludes."""
        assert hq.procedure(review).notify_refusal_by == due

    @pytest.mark.clause("hq:4.2")
    def test_hq_4_2_outside_calendar_coverage(self) -> None:
        """A deadline running into a year without holiday data raises CalendarCoverageError."""
        with pytest.raises(CalendarCoverageError):
            hq.procedure(review_concluded_on=date(2026, 12, 30))

    @pytest.mark.clause("hq:4.3", "hq:4.4")
    def test_hq_4_3_publicity_7_natural_days(self) -> None:
        """Publicity starts the day after approval and lasts 7 natural days; payment may follow the next day."""
        steps = hq.procedure(approved_on=date(2024, 9, 30))
        assert steps.publicity == (date(2024, 10, 1), date(2024, 10, 7))
        assert steps.payable_from == date(2024, 10, 8)

    @pytest.mark.clause("hq:4.3")
    def test_hq_4_3_publicity_start_given(self) -> None:
        """A publicity start given explicitly is used as is."""
        steps = hq.procedure(approved_on=date(2025, 3, 3), publicity_starts_on=date(2025, 3, 10))
        assert steps.publicity == (date(2025, 3, 10), date(2025, 3, 16))

    @pytest.mark.clause("hq:4.4")
    def test_hq_4_4_objection_stops_payment(self) -> None:
        """After an objection the treasury does not pay on publicity alone."""
        steps = hq.procedure(approved_on=date(2025, 3, 3), objection_raised=True)
        assert steps.payable_from is None
        assert steps.publicity is not None

    @pytest.mark.clause("hq:4.5")
    @pytest.mark.parametrize(
        ("for_land", "day", "due"),
        [(True, date(2025, 3, 10), date(2026, 3, 10)), (False, date(2024, 2, 29), date(2025, 2, 28))],
    )
    def test_hq_4_5_evaluation_within_12_months(self, for_land: bool, day: date, due: date) -> None:
        """The evaluation is due 12 months after completion (land) or business registration (rent)."""
        steps = hq.procedure(completed_on=day) if for_land else hq.procedure(registered_on=day)
        assert steps.evaluation_by == due

    @pytest.mark.clause("hq:4.5")
    def test_hq_4_5_one_start_only(self) -> None:
        """Completion and registration together are refused: the evaluation runs from one of them."""
        with pytest.raises(InvalidInputError):
            hq.procedure(completed_on=date(2025, 3, 10), registered_on=date(2024, 3, 1))

    @pytest.mark.clause("hq:4.5")
    def test_hq_4_5_nothing_given(self) -> None:
        """With no dates every deadline is None."""
        steps = hq.procedure()
        assert steps.to_dict() == {
            "notify_refusal_by": None,
            "publicity": None,
            "payable_from": None,
            "evaluation_by": None,
        }

    @pytest.mark.clause("hq:4.5")
    def test_hq_4_5_land_clawback(self) -> None:
        """A failed evaluation recovers everything paid; a passed one nothing."""
        failed = hq.land_clawback(D("6650000"), evaluation_passed=False)
        assert failed.eligible
        assert failed.amount == D("6650000.00")
        passed = hq.land_clawback(D("6650000"), evaluation_passed=True)
        assert not passed.eligible
        assert passed.amount == 0
        with pytest.raises(InvalidInputError):
            hq.land_clawback(D("-1"), evaluation_passed=False)


class TestArticle5Validity:
    """第五条: validity, continuation and supersession."""

    @pytest.mark.clause("hq:5.2")
    def test_hq_5_2_validity_defaults(self) -> None:
        """The policy runs from 2024-06-12 for two years, through 2026-06-11."""
        assert hq.DEFAULTS.valid_from == date(2024, 6, 12)
        assert hq.DEFAULTS.valid_until == date(2026, 6, 11)

    @pytest.mark.clause("hq:5.1", "hq:5.2")
    def test_hq_5_1_contract_in_validity_keeps_benefits(self) -> None:
        """A lease signed on 2026-06-01 keeps its year 5 in 2031, after the policy expired."""
        schedule = hq.rent_subsidy_schedule(enterprise(), lease(signed_on="2026-06-01", start="2026-07-01"))
        year5 = schedule[4]
        assert year5.last_day == date(2031, 6, 30)
        assert year5.decision.eligible
        assert year5.decision.amount == D("2628000.00")
        assert any(r.clause == "hq:5.1" and "继续享受" in r.zh for r in year5.decision.reasons)

    @pytest.mark.clause("hq:5.1", "hq:5.2")
    @pytest.mark.parametrize(
        ("signed", "ok"), [("2024-06-11", False), ("2024-06-12", True), ("2026-06-11", True), ("2026-06-12", False)]
    )
    def test_hq_5_1_lease_signed_within_validity(self, signed: str, ok: bool) -> None:
        """A lease signed after 2026-06-11 (or before 2024-06-12) is refused."""
        decision = hq.rent_subsidy(enterprise(), lease(signed_on=signed, start="2026-07-01"), 1)
        assert decision.eligible is ok
        if not ok:
            assert decision.first_failed_clause == "hq:5.1"

    @pytest.mark.clause("hq:5.2")
    def test_hq_5_2_valid_until_is_a_parameter(self) -> None:
        """Reading 「有效期2年」 as ending on 2026-06-12 moves the boundary by one day."""
        params = hq.DEFAULTS.replace(valid_until=date(2026, 6, 12))
        assert hq.rent_subsidy(enterprise(), lease(signed_on="2026-06-12"), 1, params=params).eligible

    @pytest.mark.clause("hq:5.1")
    def test_hq_5_1_superseded_ends_unused_rent(self) -> None:
        """After supersession a lease year not over before it is not granted; earlier years are."""
        params = hq.HQParameters(superseded_on=date(2027, 1, 1))
        schedule = hq.rent_subsidy_schedule(enterprise(), lease(start="2025-01-01"), params=params)
        assert [y.decision.eligible for y in schedule] == [True, True, False, False, False]
        assert schedule[2].decision.first_failed_clause == "hq:5.1"

    @pytest.mark.clause("hq:5.1")
    @pytest.mark.parametrize(("superseded", "ok"), [(date(2025, 8, 1), True), (date(2025, 7, 31), False)])
    def test_hq_5_1_superseded_signing_boundary(self, superseded: date, ok: bool) -> None:
        """A contract signed on the day of supersession or later is outside validity."""
        params = hq.HQParameters(superseded_on=superseded)
        decision = hq.rent_eligibility(enterprise(), lease(signed_on="2025-07-31"), params=params)
        assert decision.eligible is ok

    @pytest.mark.clause("hq:5.1", "hq:3.1.2")
    def test_hq_5_1_superseded_ends_unreached_tranches(self) -> None:
        """A tranche whose milestone is reached on or after supersession is not paid; one reached the day before is."""
        params = hq.HQParameters(superseded_on=date(2025, 9, 1))
        payable = hq.land_subsidy_payable(
            D("7000000.00"),
            {
                hq.Milestone.FOUNDATION: date(2025, 1, 15),
                hq.Milestone.MAIN_STRUCTURE: date(2025, 8, 31),
                hq.Milestone.COMPLETION: date(2025, 9, 1),
            },
            params=params,
        )
        assert [p.payable for p in payable.payments] == [True, True, False, False]
        assert payable.payments[2].reason.clause == "hq:5.1"
        assert payable.amount == D("4900000.00")

    @pytest.mark.clause("hq:5.1")
    def test_hq_5_1_superseded_needs_milestone_dates(self) -> None:
        """With a supersession date, milestones without dates cannot be judged: MissingFactError."""
        params = hq.HQParameters(superseded_on=date(2025, 9, 1))
        with pytest.raises(MissingFactError) as raised:
            hq.land_subsidy_payable(D("100.00"), [hq.Milestone.FOUNDATION], params=params)
        assert raised.value.field == "milestones_reached"

    @pytest.mark.clause("hq:5.2")
    @pytest.mark.parametrize(
        "changes",
        [
            {"superseded_on": date(2024, 1, 1)},
            {"valid_until": date(2024, 1, 1)},
            {"tranche_evaluation_share": D("0.06")},
            {"rent_rate_wanda": (D("1.5"), D(1))},
            {"direct_jobs_min": 0},
            {"qualifying_industries": ("X1",)},
            {"unknown": 1},
        ],
    )
    def test_hq_5_2_parameters_are_checked(self, changes: dict[str, Any]) -> None:
        """Incoherent parameters are refused."""
        with pytest.raises(ValidationError):
            hq.DEFAULTS.replace(**changes)

    @pytest.mark.clause("hq:5.2")
    def test_hq_5_2_every_parameter_cites_a_clause(self) -> None:
        """Every parameter names a clause id of 79号."""
        for row in hq.DEFAULTS.table():
            assert CLAUSE_ID.match(row["clause"]), row
            assert row["clause"].startswith("hq:")


class TestAssess:
    """One application in, one assessment out (the CLI's entry point)."""

    @pytest.mark.clause("hq:3.1", "hq:3.1.1")
    def test_land_example(self) -> None:
        """The bundled land example: 700万 at most, three tranches paid so far."""
        result = hq.assess(json.loads((EXAMPLES / "land.json").read_text(encoding="utf-8")))
        assert result.policy == "hq-land"
        assert result.total == D("7000000.00")
        assert result.payable is not None
        assert result.payable.amount == D("6650000.00")
        assert sum(t.amount for t in result.tranches) == result.total
        data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
        assert data["policy"] == "hq-land"
        assert data["total"] == "7000000.00"
        assert "分期拨付" in str(result)
        assert "<table>" in result._repr_html_()

    @pytest.mark.clause("hq:3.2.1")
    def test_rent_example(self) -> None:
        """The bundled rent example: three capped years and two half years."""
        result = hq.assess(json.loads((EXAMPLES / "rent.json").read_text(encoding="utf-8")))
        assert result.policy == "hq-rent"
        assert result.total == D("14263200.00")
        assert len(result.schedule) == 5
        data = result.to_dict()
        assert data["policy"] == "hq-rent"
        assert [y["amount"] for y in data["schedule"]][3] == "2635200.00"
        text = str(result)
        assert text.count("在红山区依法登记注册纳税") == 1
        assert "第5租赁年" in text
        assert "<table>" in result._repr_html_()

    @pytest.mark.clause("hq:3.2", "hq:5.1")
    def test_rent_refused_example(self) -> None:
        """The bundled refused example fails on capital, form, area, ratio, 入统 and signing date."""
        result = hq.assess(json.loads((EXAMPLES / "rent-refused.json").read_text(encoding="utf-8")))
        assert result.total == 0
        assert result.eligibility is not None
        assert {r.clause for r in result.eligibility.failed} == {"hq:2.1", "hq:3.2", "hq:5.1"}
        assert len(result.eligibility.failed) == 6

    @pytest.mark.clause("hq:3.1")
    def test_assess_model_and_default_rate(self) -> None:
        """An Application model is accepted as is; without a rate the maximum applies."""
        app = hq.LandApplication(
            policy="hq-land",
            enterprise=enterprise(),
            deal=deal(benchmark_price=None, comprehensive_cost="0"),
            project=project(),
        )
        result = hq.assess(app)
        assert result.total == D("10000000.00")
        assert result.payable is None

    @pytest.mark.clause("hq:3.2")
    @pytest.mark.parametrize(
        "change",
        [{"policy": "hq-other"}, {"policy": None}, {"colour": "red"}, {"policy": "hq-land"}],
    )
    def test_assess_refuses_bad_applications(self, change: dict[str, Any]) -> None:
        """An unknown policy, unknown field or land policy with a lease is refused."""
        data = {"policy": "hq-rent", "enterprise": ENTERPRISE, "lease": LEASE, **change}
        with pytest.raises(ValidationError):
            hq.assess(data)


class TestCitations:
    """Every clause cited is a well-formed clause id of 79号."""

    @pytest.mark.clause("hq:2", "hq:3.1", "hq:3.2.1", "hq:5.1")
    def test_every_cited_clause_is_well_formed(self) -> None:
        """Each reason and warning of every example decision cites an id matching CLAUSE_ID."""
        decisions = [
            *hq.assess(json.loads((EXAMPLES / "land.json").read_text(encoding="utf-8"))).decisions,
            *hq.assess(json.loads((EXAMPLES / "rent.json").read_text(encoding="utf-8"))).decisions,
            *hq.assess(json.loads((EXAMPLES / "rent-refused.json").read_text(encoding="utf-8"))).decisions,
            hq.rent_clawback(D(1), D(0), left_or_deregistered=True, agreement_fully_performed=False),
            hq.land_clawback(D(1), evaluation_passed=False),
        ]
        for decision in decisions:
            for clause in decision.clauses:
                assert CLAUSE_ID.match(clause), clause
                assert clause.startswith("hq:")

    @pytest.mark.clause("hq:2")
    def test_rule_functions_are_registered(self) -> None:
        """Each rule-setting clause of 79号 has an implementing function."""
        for clause in (
            "hq:2",
            "hq:2.1",
            "hq:2.2",
            "hq:2.3",
            "hq:3.1",
            "hq:3.1.1",
            "hq:3.1.2",
            "hq:3.1.3",
            "hq:3.1.4",
            "hq:3.2",
            "hq:3.2.1",
            "hq:3.2.2",
            "hq:4.1",
            "hq:4.2",
            "hq:4.3",
            "hq:4.4",
            "hq:4.5",
            "hq:5.1",
        ):
            assert any("headquarters" in name for name, _ in IMPLEMENTATIONS.get(clause, [])), clause
