"""The amendment drill for 79号 (issue 10): one condition added to a headquarters table, and nothing else changed.

A test-only copy of ``headquarters._conditions.HQ_CONDITIONS`` (第二条) gains one check — the enterprise must be
registered (工商注册) on or after the day the policy took effect (``valid_from``, 「以后」) — and, with no other code
change, the scalar decisions (``hq_conditions``, ``land_subsidy``, ``rent_subsidy``), the columnar evaluation
(``batch.hq_rent_frame``, ``batch.hq_land_frame``), ``explain``, the Hypothesis strategies (``testing``) and the
generated clause page all apply it. A second drill adds a check of a 79号 type (a ratio of two fields,
``conditions.Compare``) to the land subsidy's table: the scalar decision, the columnar evaluation, ``explain`` and
the clause page apply it too. ``docs/amending.md`` walks through both.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import deal, enterprise, lease, project
from hongshan_policy import batch, explain, headquarters, testing
from hongshan_policy.conditions import Compare, Threshold
from hongshan_policy.headquarters import _conditions as tables

KEY = "hq:2/registered-from-issue"
ADDED = Threshold(
    KEY,
    "registered_on",
    "以后",
    "valid_from",
    "工商注册日期{value}在{limit}以后",
    "registered on {value}, on or after {limit}",
    "工商注册日期{value}早于{limit}",
    "registered on {value}, before {limit}",
    "工商注册日期需在{limit}以后",
    "the enterprise must be registered on or after {limit}",
)
EARLY = date(2024, 3, 1)
"""Registered before 2024-06-12: fails the added condition only (入统 on 2025-03-01 is still within 12 months)."""

RATIO_KEY = "hq:3.1/jobs-per-mu"
RATIO = Compare(
    RATIO_KEY,
    "direct_jobs",
    "以上",
    "direct_jobs_min",
    "每亩直接带动就业{value:.2f}人,达到{limit}人以上",
    "{value:.2f} jobs per mu, at least {limit}",
    "每亩直接带动就业{value:.2f}人,未达到{limit}人以上",
    "{value:.2f} jobs per mu, fewer than {limit}",
    "直接带动就业需达到{needed}人(土地{over:plain}亩,每亩{limit}人以上)",
    "direct jobs must be at least {needed} ({limit} per mu over {over:plain} mu)",
    quantity="count",
    over="area_mu",
    over_quantity="mu",
    need_over_zh="土地面积需不超过{needed:,.2f}亩(直接带动就业{field}人,每亩{limit}人以上)",
    need_over_en="the land area must be at most {needed:,.2f} mu (for {field} jobs to be {limit} per mu)",
)
"""A made-up condition of a 79号 type: jobs per mu of land (``direct_jobs`` ÷ ``area_mu`` 「以上」 300), across the
deal and the project (420 jobs pass it on 1 mu and fail it on 2)."""


@pytest.fixture
def amended(monkeypatch: pytest.MonkeyPatch) -> None:
    """第二条's table with the added check (the test's copy; the library's table is untouched)."""
    monkeypatch.setattr(tables, "HQ_CONDITIONS", (*tables.HQ_CONDITIONS, ADDED))


def _rent_row(registered_on: date) -> dict[str, Any]:
    return {
        "name": "甲",
        "credit_code": "91150402MA0QUC015R",
        "registered_on": registered_on,
        "registered_in_hongshan": True,
        "independent_legal_person": True,
        "independent_accounting": True,
        "serious_dishonesty_record": False,
        "hq_functions": True,
        "registered_capital": Decimal(20_000_000),
        "industry_code": "I65",
        "business_form": "数字经济",
        "conforms_to_industrial_policy": True,
        "statistics_registered_on": date(2025, 3, 1),
        "signed_on": date(2024, 9, 1),
        "start": date(2024, 9, 1),
        "floor_area_m2": Decimal(12_000),
        "district": "万达片区",
        "agreed_rate": Decimal("1.2"),
        "specialised_ratio": Decimal("0.8"),
    }


class TestWithoutTheAmendment:
    def test_an_early_registration_is_eligible(self) -> None:
        """Before the amendment, an enterprise registered on 2024-03-01 has the rent subsidy."""
        decision = headquarters.rent_subsidy(enterprise(registered_on=EARLY), lease(), 1)
        assert decision.eligible
        assert not decision.has(KEY)


@pytest.mark.usefixtures("amended")
class TestTheAddedCondition:
    def test_the_scalar_decisions_check_it(self) -> None:
        """hq_conditions gives the added reason last; the land and rent decisions refuse an early registration."""
        assert [r.key for r in headquarters.hq_conditions(enterprise())][-1] == KEY
        early = headquarters.rent_subsidy(enterprise(registered_on=EARLY), lease(), 1)
        assert not early.eligible
        assert early.amount == 0
        assert early.failed == (early.reason(KEY),)
        assert early.reason(KEY).zh == "工商注册日期2024年3月1日早于2024年6月12日"
        assert early.reason(KEY).en == "registered on 2024-03-01, before 2024-06-12"
        land = headquarters.land_subsidy(enterprise(registered_on=EARLY), deal(), project())
        assert land.failed == (land.reason(KEY),)
        on_time = headquarters.rent_subsidy(enterprise(), lease(), 1)
        assert on_time.eligible
        assert on_time.reason(KEY).held

    def test_the_columnar_evaluation_checks_it(self) -> None:
        """``batch.hq_rent_frame`` refuses the early row (first failed clause hq:2) and grants the other."""
        out = batch.hq_rent_frame(pl.DataFrame([_rent_row(EARLY), _rent_row(date(2024, 7, 1))]))
        assert out["rent_eligible"].to_list() == [False, True]
        assert out["rent_first_failed_clause"].to_list()[0] == "hq:2"
        assert out["rent_total"].to_list()[0] == 0
        assert out["rent_total"].to_list()[1] > 0

    def test_explain_says_what_must_change(self) -> None:
        """``explain`` names the registration date that passes, under the added check's clause."""
        changes = explain.hq_rent(enterprise(registered_on=EARLY), lease(), 1)
        (change,) = [c for c in changes if c.field == "registered_on"]
        assert change.needed == date(2024, 6, 12)
        assert change.clause == "hq:2"
        assert change.effect == "becomes eligible"
        assert "2024年6月12日以后" in change.zh

    @settings(max_examples=40, deadline=None)
    @given(st.data())
    def test_the_strategies_draw_both_sides(self, data: st.DataObject) -> None:
        """``testing.enterprises`` draws eligible enterprises that pass it and ineligible ones that fail a check."""
        eligible = data.draw(testing.enterprises(eligible=True))
        assert eligible.registered_on >= date(2024, 6, 12)
        assert all(r.held for r in headquarters.hq_conditions(eligible))
        ineligible = data.draw(testing.enterprises(eligible=False))
        assert not all(r.held for r in headquarters.hq_conditions(ineligible))

    def test_the_clause_page_lists_it(self) -> None:
        """The generated page of 79号 lists the added check under 第二条, with its key, field and word."""
        section = _clause_section("hq:2", "hq:2.1")
        assert f"`{KEY}`: `registered_on` 「以后」 `valid_from`" in section
        assert "`hq:2/hq-functions`: `hq_functions` = 是 true" in section


class TestARatioAdded:
    """A check of a 79号 type added to the land subsidy's table: a ratio across the deal and the project."""

    @pytest.fixture(autouse=True)
    def _amended(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(tables, "LAND_SUBSIDY_CONDITIONS", (*tables.LAND_SUBSIDY_CONDITIONS, RATIO))

    def test_scalar_columnar_and_explain(self) -> None:
        """Refused at 420 jobs on 2 mu (210 a mu); explain asks for 600 jobs or at most 1.40 mu; batch agrees."""
        small = headquarters.land_subsidy(enterprise(), deal(area_mu=Decimal(1)), project())
        assert small.eligible
        assert small.reason(RATIO_KEY).zh == "每亩直接带动就业420.00人,达到300人以上"
        two = deal(area_mu=Decimal(2), fixed_asset_investment=Decimal(20_000_000))
        refused = headquarters.land_subsidy(enterprise(), two, project())
        assert refused.failed == (refused.reason(RATIO_KEY),)
        changes = {c.field: c for c in explain.hq_land(enterprise(), two, project())}
        assert changes["direct_jobs"].needed == 600
        assert changes["area_mu"].needed == Decimal("1.40")
        assert changes["direct_jobs"].zh.startswith("直接带动就业需达到600人(土地2亩,每亩300人以上)")
        row = _land_row(two, project())
        out = batch.hq_land_frame(pl.DataFrame([row, {**row, "area_mu": Decimal(1)}]))
        assert out["land_eligible"].to_list() == [False, True]
        assert out["land_first_failed_clause"].to_list()[0] == "hq:3.1"

    def test_the_clause_page_lists_it(self) -> None:
        """The page of 79号 lists the ratio under 第三条(一)."""
        section = _clause_section("hq:3.1", "hq:3.1.1")
        assert f"`{RATIO_KEY}`: `direct_jobs` ÷ `area_mu` 「以上」 `direct_jobs_min`" in section


def _land_row(land: headquarters.LandDeal, built: headquarters.LandProject) -> dict[str, Any]:
    row: dict[str, Any] = {**enterprise().model_dump(), **land.model_dump(), **built.model_dump()}
    row["business_form"] = enterprise().business_form.value
    return row


ROOT = Path(__file__).resolve().parent.parent


def _clause_section(clause: str, following: str) -> str:
    generator = _generator()
    from hongshan_policy import citations

    page = generator.render_document(
        "hq",
        implementations={k: list(v) for k, v in citations.IMPLEMENTATIONS.items()},
        interpretations={},
        spec_dir=ROOT / "tests" / "spec",
    )
    return str(page.markdown.split(f"{{ #{clause} }}", 1)[1].split(f"{{ #{following} }}", 1)[0])


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "hongshan_docs_gen_text_pages_drill_hq", ROOT / "docs" / "gen_text_pages.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
