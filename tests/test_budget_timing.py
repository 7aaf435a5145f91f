"""DecisionSpec.budget: when each decision's money is paid or repaid, as the text says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hongshan_policy import _json as J
from hongshan_policy import headquarters, sources
from hongshan_policy._schemas import routes_markdown
from hongshan_policy.registry import DOCUMENTS, BudgetTiming, DecisionSpec

MONEY_SHAPES = {J.DecisionJSON, J.RepaymentJSON, J.TranchesJSON, J.LandPayableResultJSON, J.RentScheduleJSON}
ASSESSMENTS = {"used-car.assess", "hq.assess"}
CONDITIONS_ONLY = {"hq.hq_eligibility", "hq.rent_eligibility"}  # eligibility decisions: amount always 0.00


def _specs() -> list[DecisionSpec]:
    return [spec for document in DOCUMENTS.values() for spec in document.decisions.values()]


class TestEveryDecisionWithMoney:
    @pytest.mark.parametrize("spec", _specs(), ids=lambda s: s.qualified_name)
    def test_money_has_a_budget_timing(self, spec: DecisionSpec) -> None:
        """A decision answering an amount has a budget timing; one deciding no money has none."""
        qualified = spec.qualified_name
        answers_money = spec.output_model in MONEY_SHAPES or qualified in ASSESSMENTS
        money = answers_money and qualified not in CONDITIONS_ONLY
        assert bool(spec.budget) == money, qualified

    @pytest.mark.parametrize(
        "timing",
        {b for s in _specs() for b in s.budget},
        ids=lambda b: b.money,
    )
    def test_each_timing_cites_its_own_document(self, timing: BudgetTiming) -> None:
        """Every clause of a timing is a clause of the text; the Chinese and English are given."""
        known = {c.id for document in DOCUMENTS for c in sources.clauses(document)}
        assert timing.clauses
        assert set(timing.clauses) <= known
        assert timing.when_zh
        assert timing.when_en
        assert (timing.direction == "repaid") == (timing.payer == "企业")

    def test_repayments_are_repaid_on_finding(self) -> None:
        """The four repayments are money repaid once the ground is found."""
        for document, name in [
            ("used-car", "relocation_repayment"),
            ("used-car", "fraud_repayment"),
            ("hq", "land_clawback"),
            ("hq", "rent_clawback"),
        ]:
            (timing,) = DOCUMENTS[document].decisions[name].budget
            assert (timing.direction, timing.basis) == ("repaid", "on-finding"), name


class TestTheTextsTiming:
    @pytest.mark.clause("used-car:3.1")
    def test_scale_reward_once(self) -> None:
        """87号 第三条(一) 「给予一次性奖励5万元」, paid by 区财政局 after publicity (第五条(四))."""
        (timing,) = DOCUMENTS["used-car"].decisions["scale_reward"].budget
        assert (timing.direction, timing.basis, timing.payer) == ("paid", "one-off", "区财政局")
        assert "used-car:5.4" in timing.clauses

    @pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
    def test_land_subsidy_by_four_stages(self) -> None:
        """79号 第三条(一) pays 40%, 30%, 25%, 5% by milestone: the stages read the parameters and add up to 1."""
        (timing,) = DOCUMENTS["hq"].decisions["land_subsidy"].budget
        assert timing.basis == "by-stage"
        stages = timing.stages(headquarters.DEFAULTS)
        assert stages == (
            ("hq:3.1.1", Decimal("0.40")),
            ("hq:3.1.2", Decimal("0.30")),
            ("hq:3.1.3", Decimal("0.25")),
            ("hq:3.1.4", Decimal("0.05")),
        )
        assert sum(share for _, share in stages) == 1
        assert DOCUMENTS["hq"].decisions["land_subsidy_tranches"].budget == (timing,)

    @pytest.mark.clause("hq:3.2.1", "hq:3.2.2")
    def test_rent_subsidy_per_year(self) -> None:
        """79号 第三条(二): the rent subsidy is one amount per lease year, paid after verification (先租后补)."""
        (timing,) = DOCUMENTS["hq"].decisions["rent_subsidy"].budget
        assert timing.basis == "per-year"
        assert timing.stages(headquarters.DEFAULTS) == ()
        assert "先租后补" in timing.when_zh

    def test_assessments_have_one_timing_per_money(self) -> None:
        """assess decides two kinds of money each: both timings are listed."""
        assert [b.basis for b in DOCUMENTS["used-car"].decisions["assess"].budget] == ["one-off", "one-off"]
        assert [b.basis for b in DOCUMENTS["hq"].decisions["assess"].budget] == ["by-stage", "per-year"]


class TestShown:
    def test_routes_table_shows_the_timing(self) -> None:
        """The generated routes table of docs/service.md has the budget timing of each route."""
        table = routes_markdown()
        assert "| money (budget timing) |" in table
        assert "land-price subsidy: paid by-stage" in table
        assert "relocation repayment: repaid on-finding (used-car:7)" in table
