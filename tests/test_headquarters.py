"""Spec tests of 赤红政字〔2024〕79号 (hongshan_policy.headquarters): a class per article.

The worked cases, both sides of every limit, are data in ``tests/spec/hq.toml``
(run by ``tests/test_spec.py``). This module keeps what a spec file cannot say:
which reason states what, counts and absences of reasons, model validation,
parameters, the bundled examples and rendering.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import builders
from builders import ENTERPRISE, LEASE, deal, enterprise, lease, project
from hongshan_policy import headquarters as hq
from hongshan_policy.citations import CLAUSE_ID, IMPLEMENTATIONS
from hongshan_policy.decisions import Decision
from hongshan_policy.errors import InvalidInputError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "hq"


def land(**kwargs: Any) -> Decision:
    return hq.land_subsidy(
        kwargs.pop("enterprise", enterprise()), kwargs.pop("deal", deal()), kwargs.pop("project", project()), **kwargs
    )


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
    @pytest.mark.parametrize("code", ["X12", "I123456", "65", "I6", "I72", "L73", "D47", "J70", "", "I 65", "Z"])
    def test_hq_2_1_malformed_industry_code(self, code: str) -> None:
        """A code that is not a GB/T 4754-2017 code, or a division outside its section, is refused naming the field."""
        with pytest.raises(ValidationError, match="industry_code"):
            enterprise(industry_code=code)

    @pytest.mark.clause("hq:2.1")
    def test_hq_2_1_industry_code_normalised(self) -> None:
        """Lower case and surrounding spaces are normalised: ` j6621 ` reads as J6621."""
        assert enterprise(industry_code=" j6621 ").industry_code == "J6621"

    @pytest.mark.clause("hq:2.2")
    def test_hq_2_2_not_checked_without_a_deal(self) -> None:
        """Without a land deal, item (二) is not checked and a warning says it does not apply to rent applicants."""
        decision = hq.hq_eligibility(enterprise())
        assert "hq:2.2" not in [r.clause for r in decision.reasons]
        assert any(w.clause == "hq:2.2" for w in decision.warnings)

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
    @pytest.mark.parametrize("jobs", [-1, "300.0", 299.5, True, 10**10])
    def test_hq_3_1_project_validation(self, jobs: Any) -> None:
        """Direct jobs must be a whole number of persons, not negative."""
        with pytest.raises(ValidationError, match="direct_jobs"):
            project(direct_jobs=jobs)


class TestArticle3Item1Tranches:
    """第三条(一)1–4: the four tranches of the land subsidy."""

    @pytest.mark.clause("hq:3.1.4")
    @pytest.mark.parametrize("amount", ["0.00", "0.01", "0.02", "0.03", "0.19", "1234567.89", "9999999.99"])
    def test_hq_3_1_4_last_tranche_absorbs_rounding(self, amount: str) -> None:
        """The tranches add up to the amount exactly to the fen, none negative."""
        tranches = hq.land_subsidy_tranches(D(amount))
        assert sum(t.amount for t in tranches) == D(amount)
        assert all(t.amount >= 0 for t in tranches)

    @pytest.mark.clause("hq:3.1.1")
    def test_hq_3_1_nothing_reached(self) -> None:
        """With no milestone reached nothing may be paid."""
        payable = hq.land_subsidy_payable(D("7000000.00"), ())
        assert payable.amount == 0
        assert all("尚未达到" in p.reason.zh for p in payable.payments)

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
    def test_hq_3_2_1_rate_outside_district_range_is_used_and_flagged(self) -> None:
        """An agreed rate outside its district's range is used (「具体以协议为准」) and flagged with a warning."""
        decision = hq.rent_subsidy(
            enterprise(), lease(district="东城片区", agreed_rate="1.1", floor_area_m2="10000"), 1
        )
        assert decision.amount == D("3000000.00")
        assert any(w.clause == "hq:3.2.1" and "以协议为准" in w.zh for w in decision.warnings)

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


class TestArticle4Procedure:
    """第四条: application, review, publicity, payment and evaluation."""

    @pytest.mark.clause("hq:4.1")
    def test_hq_4_1_materials(self) -> None:
        """A land application submits the land contract; a rent application the lease."""
        land_docs = [item.zh for item in hq.application_materials("hq-land")]
        rent_docs = [item.zh for item in hq.application_materials("hq-rent")]
        assert "国有建设用地使用权出让合同" in land_docs
        assert "房屋租赁合同" not in land_docs
        assert "房屋租赁合同" in rent_docs
        assert "申请表" in rent_docs
        with pytest.raises(InvalidInputError):
            hq.application_materials("hq-other")  # type: ignore[arg-type]


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

    @pytest.mark.clause("hq:3.2")
    def test_rent_conditions_are_shown_as_met_without_an_amount(self) -> None:
        """Under a total of ¥14,263,200.00 the conditions read 「条件均满足 / conditions met」 with no amount: text,
        HTML and JSON alike (issue 13)."""
        result = hq.assess(json.loads((EXAMPLES / "rent.json").read_text(encoding="utf-8")))
        headline = str(result).splitlines()[1]
        assert (
            headline == "总部企业房屋租赁补贴条件 / headquarters rent-subsidy conditions: 条件均满足 / conditions met"
        )
        assert "¥0.00" not in str(result)
        page = result._repr_html_()
        assert "条件均满足" in page
        assert "¥0.00" not in page
        conditions = result.to_dict()["eligibility"]
        assert conditions["met"] is True
        assert "amount" not in conditions
        assert "eligible" not in conditions
        refused = hq.assess(json.loads((EXAMPLES / "rent-refused.json").read_text(encoding="utf-8")))
        assert "条件不满足 / conditions not met" in str(refused)
        assert refused.to_dict()["eligibility"]["met"] is False

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


@pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
class TestTrancheRounding:
    """第三条(一)1–4: 40/30/25% each rounded to the fen, the 5% tranche absorbing the rounding."""

    def test_each_share_rounded_and_the_last_absorbs(self) -> None:
        """1,234,567.89 yuan: 493,827.16 + 370,370.37 + 308,641.97, and the last takes 61,728.39."""
        amounts = [t.amount for t in hq.land_subsidy_tranches(D("1234567.89"))]
        assert amounts == [D("493827.16"), D("370370.37"), D("308641.97"), D("61728.39")]
        assert sum(amounts) == D("1234567.89")

    def test_a_few_fen_never_give_a_negative_tranche(self) -> None:
        """0.02 yuan: the first three rounded up would exceed it, so running shares are rounded instead."""
        amounts = [t.amount for t in hq.land_subsidy_tranches(D("0.02"))]
        assert amounts == [D("0.01"), D("0.00"), D("0.01"), D("0.00")]


@pytest.mark.clause("hq:2.2")
def test_new_project_in_hongshan_presumed_when_not_stated() -> None:
    """A land deal that does not state where the project is built is presumed in Hongshan, and the reason says so."""
    fields = {k: v for k, v in builders.DEAL.items() if k != "new_project_in_hongshan"}
    decision = hq.land_subsidy(enterprise(), hq.LandDeal.model_validate(fields), project())
    assert decision.eligible
    assert any("推定" in r.zh and r.clause == "hq:2.2" for r in decision.reasons)
    stated = hq.land_subsidy(enterprise(), deal(new_project_in_hongshan=False), project())
    assert stated.first_failed_clause == "hq:2.2"
