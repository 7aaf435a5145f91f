"""The amendment drill (issue 10): one condition added to 87号's table, and nothing else changed.

A test-only copy of ``used_car.DEALER_CONDITIONS``, put into the module that owns it (``used_car._eligibility``),
gains one check — a dealer must be registered on or before the last day of the revenue year (``growth_year_end``,
「前」) — and, with no other code change, the scalar decision, the columnar evaluation (``batch``), ``explain``, the
Hypothesis strategies (``testing``) and the generated clause page all apply it. A second copy, of
``SCALE_CONDITIONS`` (第三条(一), owned by ``used_car._rewards``), shows the same for a reward's own table (scalar,
``explain``, strategies, clause page; its columnar conditions are still the kernels'). ``docs/amending.md`` walks
through it.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import dealer
from hongshan_policy import batch, explain, testing, used_car
from hongshan_policy.conditions import Threshold
from hongshan_policy.used_car import _eligibility, _rewards

KEY = "used-car:2/registered-within-revenue-year"
ADDED = Threshold(
    KEY,
    "registered_on",
    "前",
    "growth_year_end",
    "登记注册日期{value}在{limit}前",
    "registered on {value}, by {limit}",
    "登记注册日期{value}晚于{limit}",
    "registered on {value}, after {limit}",
    "登记注册日期需在{limit}前",
    "the dealer must be registered by {limit}",
)
LATE = date(2025, 1, 5)
"""Registered after 2024-12-31: fails the added condition only."""


@pytest.fixture
def amended(monkeypatch: pytest.MonkeyPatch) -> None:
    """87号's dealer table with the added check (the test's copy; the library's table is untouched)."""
    monkeypatch.setattr(_eligibility, "DEALER_CONDITIONS", (*_eligibility.DEALER_CONDITIONS, ADDED))


def _row(registered_on: date) -> dict[str, object]:
    return {
        "name": "赤峰甲二手车有限公司",
        "credit_code": "91150402MA0QUC015R",
        "registered_on": registered_on,
        "registered_in_hongshan": True,
        "independent_legal_person": True,
        "independent_accounting": True,
        "key_monitored": True,
        "revenue_2024": Decimal("20000000.00"),
        "growth_applied_on": date(2025, 1, 10),
    }


class TestWithoutTheAmendment:
    def test_a_late_registration_is_eligible(self) -> None:
        """Before the amendment, a dealer registered on 2025-01-05 earns the growth reward."""
        decision = used_car.growth_reward(dealer(registered_on=LATE), 20_000_000, applied_on=date(2025, 1, 10))
        assert decision.eligible
        assert not decision.has(KEY)


@pytest.mark.usefixtures("amended")
class TestTheAddedCondition:
    def test_the_scalar_decision_checks_it(self) -> None:
        """The scalar decision gives the added reason, after 第二条's five, and refuses a late registration."""
        late = used_car.growth_reward(dealer(registered_on=LATE), 20_000_000, applied_on=date(2025, 1, 10))
        assert not late.eligible
        assert late.amount == 0
        assert late.failed == (late.reason(KEY),)
        assert late.reason(KEY).zh == "登记注册日期2025年1月5日晚于2024年12月31日"
        on_time = used_car.growth_reward(dealer(), 20_000_000, applied_on=date(2025, 1, 10))
        assert on_time.eligible
        assert on_time.reason(KEY).held
        assert [r.key for r in used_car.dealer_conditions(dealer())][-1] == KEY

    def test_the_columnar_evaluation_checks_it(self) -> None:
        """``batch.used_car_frame`` refuses the late row (first failed clause used-car:2) and grants the other."""
        out = batch.used_car_frame(pd.DataFrame([_row(LATE), _row(date(2024, 12, 31))]))
        assert list(out["growth_eligible"]) == [False, True]
        assert out["growth_first_failed_clause"][0] == "used-car:2"
        assert out["growth_amount"][1] == Decimal("120000.00")

    def test_explain_says_what_must_change(self) -> None:
        """``explain`` names the registration date that passes, under the added check's clause."""
        changes = explain.used_car_growth(dealer(registered_on=LATE), Decimal(20_000_000), applied_on=date(2025, 1, 10))
        (change,) = [c for c in changes if c.field == "registered_on"]
        assert change.needed == date(2024, 12, 31)
        assert change.clause == "used-car:2"
        assert "2024年12月31日前" in change.zh

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_the_strategies_draw_both_sides(self, data: st.DataObject) -> None:
        """``testing.dealers`` draws eligible dealers that pass it and ineligible ones that may fail it alone."""
        eligible = data.draw(testing.dealers(eligible=True))
        assert eligible.registered_on <= date(2024, 12, 31)
        assert all(r.held for r in used_car.dealer_conditions(eligible))
        ineligible = data.draw(testing.dealers(eligible=False))
        assert not all(r.held for r in used_car.dealer_conditions(ineligible))

    def test_the_clause_page_lists_it(self) -> None:
        """The generated page of 87号 lists the added check under 第二条, with its key, field and word."""
        generator = _generator()
        from hongshan_policy import citations

        page = generator.render_document(
            "used-car",
            implementations={k: list(v) for k, v in citations.IMPLEMENTATIONS.items()},
            interpretations={},
            spec_dir=ROOT / "tests" / "spec",
        )
        section = page.markdown.split("{ #used-car:2 }", 1)[1].split("{ #used-car:3 }", 1)[0]
        assert f"`{KEY}`: `registered_on` 「前」 `growth_year_end`" in section
        assert "`used-car:2/registered-from`: `registered_on` 「以后」 `registered_from`" in section


SCALE_KEY = "used-car:3.1/revenue-below-growth-minimum"
SCALE_ADDED = Threshold(
    SCALE_KEY,
    "revenue_jan_to_jul",
    "低于",
    "growth_revenue_min",
    "2024年前7个月累计营业收入{value},低于{limit}",
    "revenue January-July 2024 {value}, below {limit}",
    "2024年前7个月累计营业收入{value},不低于{limit}",
    "revenue January-July 2024 {value}, not below {limit}",
    "2024年前7个月累计营业收入需低于{limit}",
    "revenue January-July 2024 must be below {limit}",
)
"""An invented amendment of 第三条(一): the scale reward only for January–July revenue below 1000万元."""


@pytest.fixture
def scale_amended(monkeypatch: pytest.MonkeyPatch) -> None:
    """第三条(一)'s table with the added check (the test's copy)."""
    monkeypatch.setattr(_rewards, "SCALE_CONDITIONS", (*_rewards.SCALE_CONDITIONS, SCALE_ADDED))


@pytest.mark.usefixtures("scale_amended")
class TestAConditionAddedToArticle3:
    """The same drill on 第三条(一)'s table: scalar, explain, strategies and the clause page follow it."""

    def test_the_scalar_decision_checks_it(self) -> None:
        """The added reason follows 第三条(一)'s own two, before 「一次性」 and 第八条; 1000万 fails it."""
        big = used_car.scale_reward(dealer(scale_reward_received=False), Decimal(10_000_000), date(2024, 8, 1))
        assert not big.eligible
        assert big.failed == (big.reason(SCALE_KEY),)
        assert big.reason(SCALE_KEY).zh == "2024年前7个月累计营业收入1,000.00万元,不低于1000万元"
        keys = [r.key for r in big.reasons]
        assert keys.index(SCALE_KEY) == keys.index("used-car:3.1/applied-by-deadline") + 1
        assert keys.index(SCALE_KEY) + 1 == keys.index("used-car:3.1/once-only")
        assert used_car.scale_reward(dealer(), Decimal("9999999.99"), date(2024, 8, 1)).eligible

    def test_explain_says_what_must_change(self) -> None:
        """The revenue's fix: one fen below 1000万, under 第三条(一)."""
        changes = explain.used_car_scale(dealer(), Decimal(12_000_000), date(2024, 8, 1))
        (change,) = changes
        assert (change.field, change.clause, change.needed) == (
            "revenue_jan_to_jul",
            "used-car:3.1",
            Decimal("9999999.99"),
        )
        assert change.effect == "becomes eligible"
        assert "需低于1000万元" in change.zh

    @settings(max_examples=30, deadline=None)
    @given(testing.used_car_applications(eligible=True, rewards="scale"))
    def test_the_strategies_draw_passing_revenue(self, application: used_car.Application) -> None:
        """Eligible applications draw January–July revenue between 500万 (included) and 1000万 (excluded)."""
        assert application.revenue_jan_to_jul is not None
        assert Decimal(5_000_000) <= application.revenue_jan_to_jul < Decimal(10_000_000)
        assert used_car.assess(application).scale is not None
        assert used_car.assess(application).total == Decimal(50_000)

    def test_the_clause_page_lists_it(self) -> None:
        generator = _generator()
        from hongshan_policy import citations

        page = generator.render_document(
            "used-car",
            implementations={k: list(v) for k, v in citations.IMPLEMENTATIONS.items()},
            interpretations={},
            spec_dir=ROOT / "tests" / "spec",
        )
        section = page.markdown.split("{ #used-car:3.1 }", 1)[1].split("{ #used-car:3.2 }", 1)[0]
        assert f"`{SCALE_KEY}`: `revenue_jan_to_jul` 「低于」 `growth_revenue_min`" in section
        assert "`used-car:3.1/applied-by-deadline`: `applied_on` 「底前」 `scale_apply_by`" in section


ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "hongshan_docs_gen_text_pages_drill", ROOT / "docs" / "gen_text_pages.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
