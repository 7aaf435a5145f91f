"""87号's condition tables and the check types they use (``conditions.Window``, ``conditions.StatedFlag``).

Each table's three readings agree: the scalar interpreter (``conditions.reasons``), the compiled one
(``conditions.compiled``, the rules' fast path) and the columnar one (``conditions.columns_held``, exact
integers), on both sides of every boundary; the rules' reasons are the tables' (same keys, same order).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from builders import dealer
from hongshan_policy import testing, used_car
from hongshan_policy.batch._kernels import kernel_integer
from hongshan_policy.conditions import Check, StatedFlag, Window, columns_held, compiled, reasons, unstated

P = used_car.DEFAULTS
DAY = timedelta(days=1)
FEN = Decimal("0.01")


def _all_agree(table: tuple[Check, ...], facts: list[Any], params: Any) -> list[bool]:
    """Whether every check holds, per facts, by the three interpreters (which must agree)."""
    scalar = [all(r.held for r in reasons(table, f, params)) for f in facts]
    fast = [all(r.held for r in compiled(table)(f, params)) for f in facts]
    assert fast == scalar
    for f in facts:
        assert [(r.key, r.held) for r in compiled(table)(f, params)] == [
            (r.key, r.held) for r in reasons(table, f, params)
        ]
    columns: dict[str, Any] = {}
    present: dict[str, Any] = {}
    for check in table:
        values = [getattr(f, check.field) for f in facts]
        present[check.field] = np.array([v is not None for v in values], dtype=np.bool_)
        if all(isinstance(v, bool) or v is None for v in values):
            columns[check.field] = np.array([bool(v) for v in values], dtype=np.bool_)
        else:
            columns[check.field] = np.array([kernel_integer(v) for v in values], dtype=np.int64)
    columnar = columns_held(table, columns, kernel_integer, params, len(facts), present).tolist()
    assert columnar == scalar
    return scalar


class TestValidityWindow:
    """第八条: 「自发布之日起实施」 (2024-06-23 included) 「有效期至2025年3月31日」 (included)."""

    def test_both_ends_are_inside(self) -> None:
        days = [P.valid_from - DAY, P.valid_from, P.valid_until, P.valid_until + DAY]
        facts = [used_car.GrowthFacts(Decimal(20_000_000), d) for d in days]
        assert _all_agree(used_car.VALIDITY_CONDITIONS, facts, P) == [False, True, True, False]

    def test_its_texts(self) -> None:
        (inside,) = reasons(used_car.VALIDITY_CONDITIONS, used_car.GrowthFacts(Decimal(0), date(2025, 3, 31)), P)
        assert inside.zh == "申请日期2025年3月31日在本措施有效期(2024年6月23日至2025年3月31日)内"
        assert inside.en == "applied on 2025-03-31, within the validity period 2024-06-23 to 2025-03-31"
        (outside,) = reasons(used_car.VALIDITY_CONDITIONS, used_car.GrowthFacts(Decimal(0), date(2025, 4, 1)), P)
        assert outside.zh == "申请日期2025年4月1日不在本措施有效期(2024年6月23日至2025年3月31日)内"
        (window,) = used_car.VALIDITY_CONDITIONS
        assert isinstance(window, Window)
        early, late = window.needs(P)
        assert early[0] == "申请需在本措施实施之日(2024年6月23日)起提交"
        assert late[1] == "the application must be made within validity, by 2025-03-31"

    def test_a_window_needs_a_lower_and_an_upper_word(self) -> None:
        with pytest.raises(ValueError, match="upper comparison word"):
            Window("x:1/w", "applied_on", "valid_from", "valid_until", *("",) * 8, end_word="以后")


class TestScaleTable:
    """第三条(一): 「500万元以上」 (included) and 「2024年8月底前」 (08-31 included), then 「一次性」."""

    def test_revenue_and_deadline_boundaries(self) -> None:
        table = used_car.SCALE_CONDITIONS
        low = P.scale_revenue_min
        facts = [
            used_car.ScaleFacts(low - FEN, date(2024, 8, 1), None),
            used_car.ScaleFacts(low, date(2024, 8, 1), None),
            used_car.ScaleFacts(low, date(2024, 8, 31), None),
            used_car.ScaleFacts(low, date(2024, 9, 1), None),
        ]
        assert _all_agree(table, facts, P) == [False, True, True, False]

    def test_once_only_is_a_stated_flag(self) -> None:
        table = used_car.ONCE_CONDITIONS
        facts = [used_car.ScaleFacts(Decimal(0), date(2024, 8, 1), v) for v in (None, False, True)]
        assert _all_agree(table, facts, P) == [True, True, False]
        assert [len(reasons(table, f, P)) for f in facts] == [0, 1, 1]

    def test_the_rule_reads_the_tables_in_order(self) -> None:
        decision = used_car.scale_reward(dealer(scale_reward_received=False), Decimal(5_000_000), date(2024, 8, 31))
        table = (*used_car.DEALER_CONDITIONS, *used_car.SCALE_CONDITIONS, *used_car.ONCE_CONDITIONS)
        assert [r.key for r in decision.reasons] == [c.key for c in (*table, *used_car.VALIDITY_CONDITIONS)]
        assert decision.eligible


class TestGrowthTable:
    def test_minimum_exclusive(self) -> None:
        low = P.growth_revenue_min
        facts = [used_car.GrowthFacts(v, None) for v in (low - FEN, low, low + FEN)]
        assert _all_agree(used_car.GROWTH_CONDITIONS, facts, P) == [False, False, True]

    def test_revenue_texts_show_the_figure(self) -> None:
        (r,) = reasons(used_car.GROWTH_CONDITIONS, used_car.GrowthFacts(Decimal("10000000.01"), None), P)
        assert r.zh == "2024年累计营业收入1,000.000001万元,超过1000万元(不含)"
        assert r.en == "2024 revenue ¥10,000,000.01, above ¥10,000,000.00 (exclusive)"


class TestPledgeTable:
    """附件2: three facts that must be stated False, the signature True; an unstated fact: no reason, a warning."""

    @pytest.mark.parametrize("field", used_car.PLEDGE_FIELDS)
    def test_each_fact_both_ways_and_unstated(self, field: str) -> None:
        (check,) = [c for c in used_car.PLEDGE_CONDITIONS if c.field == field]
        assert isinstance(check, StatedFlag)
        good = {"safety_accident": False, "violations": False, "blacklisted": False, "pledge_signed": True}
        facts = [dealer(**{**good, field: value}) for value in (check.needed, not check.needed, None)]
        assert _all_agree(used_car.PLEDGE_CONDITIONS, facts, None) == [True, False, True]
        assert [c.field for c in unstated(used_car.PLEDGE_CONDITIONS, facts[2])] == [field]
        reasons_, notes = used_car.pledge_conditions(facts[2])
        assert field not in {r.key.rpartition("/")[2].replace("-", "_") for r in reasons_}
        assert len(notes) == 1
        assert check.unstated_zh in notes[0].zh

    def test_the_compiled_table_gives_one_tuple_per_combination(self) -> None:
        one, two = dealer(safety_accident=False), dealer(safety_accident=False, name="另一家")
        assert compiled(used_car.PLEDGE_CONDITIONS)(one, None) is compiled(used_car.PLEDGE_CONDITIONS)(two, None)

    def test_a_stated_flag_needs_its_presence_in_columns(self) -> None:
        columns = {c.field: np.ones(1, dtype=np.bool_) for c in used_car.PLEDGE_CONDITIONS}
        with pytest.raises(ValueError, match="present="):
            columns_held(used_car.PLEDGE_CONDITIONS, columns, kernel_integer, None, 1)


class TestExplainReadsTheTables:
    """``explain`` inverts each check of 87号's tables: stated flags, thresholds, the window, intersected on a field."""

    def test_a_pledge_breach_is_fixed_and_an_unstated_fact_is_not_listed(self) -> None:
        from hongshan_policy import explain

        changes = explain.used_car_growth(dealer(blacklisted=True), Decimal(20_000_000))
        (change,) = changes
        assert (change.field, change.clause, change.current, change.needed) == (
            "blacklisted",
            "used-car:annex2.3",
            True,
            False,
        )
        assert change.en == "must hold: not on the joint-punishment blacklist"
        assert change.effect == "becomes eligible"

    def test_once_only_is_fixed_on_the_dealer(self) -> None:
        from hongshan_policy import explain

        (change,) = explain.used_car_scale(dealer(scale_reward_received=True), Decimal(6_000_000), date(2024, 8, 1))
        assert (change.argument, change.field, change.clause, change.needed) == (
            "dealer",
            "scale_reward_received",
            "used-car:3.1",
            False,
        )

    @pytest.mark.parametrize(
        ("applied_on", "needed", "clause"),
        [
            (date(2024, 9, 1), date(2024, 8, 31), "used-car:3.1"),  # 「8月底前」 binds before 第八条's end
            (date(2024, 6, 22), date(2024, 6, 23), "used-car:8"),  # 第八条's start binds
        ],
    )
    def test_the_application_date_checks_are_one_window(self, applied_on: date, needed: date, clause: str) -> None:
        from hongshan_policy import explain

        changes = explain.used_car_scale(dealer(registered_on=date(2024, 1, 5)), Decimal(6_000_000), applied_on)
        (change,) = [c for c in changes if c.field == "applied_on"]
        assert (change.needed, change.clause, change.effect) == (needed, clause, "becomes eligible")

    def test_the_margin_names_the_binding_end_when_eligible(self) -> None:
        from hongshan_policy import explain

        changes = explain.used_car_scale(dealer(), Decimal(6_000_000), date(2024, 8, 1))
        (change,) = [c for c in changes if c.field == "applied_on"]
        assert (change.needed, change.clause, change.effect) == (date(2024, 9, 1), "used-car:3.1", "loses eligibility")


class TestStrategiesReadTheTables:
    @settings(max_examples=60, deadline=None)
    @given(testing.used_car_applications(eligible=True))
    def test_eligible_pledges_are_kept_or_not_stated(self, application: used_car.Application) -> None:
        d = application.dealer
        assert d.safety_accident in (None, False)
        assert d.violations in (None, False)
        assert d.blacklisted in (None, False)
        assert d.pledge_signed in (None, True)
        assert d.scale_reward_received in (None, False)
        assert all(decision.eligible for decision in used_car.assess(application).decisions)

    def test_every_pledge_value_is_drawn(self) -> None:
        seen: set[tuple[str, bool | None]] = set()

        @settings(max_examples=150, deadline=None, database=None)
        @given(testing.used_car_applications())
        def draw(application: used_car.Application) -> None:
            for field in used_car.PLEDGE_FIELDS:
                seen.add((field, getattr(application.dealer, field)))

        draw()
        assert seen == {(f, v) for f in used_car.PLEDGE_FIELDS for v in (None, True, False)}


class TestCompiledByName:
    """``compiled_keywords``: the rules' fast path takes a reward's facts by name, with the same reasons."""

    @pytest.mark.parametrize("received", [None, False, True])
    def test_same_reasons_as_compiled(self, received: bool | None) -> None:
        from hongshan_policy.conditions import compiled_keywords

        tables = (used_car.SCALE_CONDITIONS, used_car.ONCE_CONDITIONS, used_car.VALIDITY_CONDITIONS)
        for revenue, day in ((Decimal(5_000_000), date(2024, 8, 31)), (Decimal("4999999.99"), date(2024, 9, 1))):
            facts = used_car.ScaleFacts(revenue, day, received)
            by_object = compiled(*tables)(facts, P)
            by_name = compiled_keywords(*tables)(
                P, revenue_jan_to_jul=revenue, applied_on=day, scale_reward_received=received, ignored=1
            )
            assert [(r.key, r.held, r.zh, r.en) for r in by_name] == [(r.key, r.held, r.zh, r.en) for r in by_object]

    def test_a_missing_fact_and_a_reserved_name_are_refused(self) -> None:
        from hongshan_policy.conditions import FlagCheck, compiled_keywords

        with pytest.raises(TypeError):
            compiled_keywords(used_car.GROWTH_CONDITIONS)(P)
        with pytest.raises(ValueError, match="by name"):
            compiled_keywords((FlagCheck("x:1/p", "p", "", "", "", ""),))


class TestDatedReasonsKept:
    """A compiled table keeps the reason of a date check per date and limits (a register repeats its days): the
    same reason for the same date, another for another date or other limits, the plain interpreter's texts; the
    reason of an amount is made afresh each time."""

    def test_one_reason_per_date_and_limits(self) -> None:
        table = used_car.VALIDITY_CONDITIONS
        day = date(2024, 9, 3)
        (first,) = compiled(table)(used_car.GrowthFacts(Decimal(1), day), P)
        (again,) = compiled(table)(used_car.GrowthFacts(Decimal(2), date(2024, 9, 3)), P)
        assert again is first
        assert first.held
        (next_day,) = compiled(table)(used_car.GrowthFacts(Decimal(1), day + DAY), P)
        assert next_day is not first
        amended = P.model_copy(update={"valid_until": day - DAY})
        facts = used_car.GrowthFacts(Decimal(1), day)
        (late,) = compiled(table)(facts, amended)
        (plain,) = reasons(table, facts, amended)
        assert not late.held
        assert (late.key, late.held, late.zh, late.en) == (plain.key, plain.held, plain.zh, plain.en)
        (expected,) = reasons(table, used_car.GrowthFacts(Decimal(1), day), P)
        assert (first.zh, first.en) == (expected.zh, expected.en)

    def test_amounts_are_not_kept(self) -> None:
        facts = used_car.ScaleFacts(Decimal(5_000_000), date(2024, 8, 1), None)
        one = {r.key: r for r in compiled(used_car.SCALE_CONDITIONS)(facts, P)}
        two = {r.key: r for r in compiled(used_car.SCALE_CONDITIONS)(facts, P)}
        assert two["used-car:3.1/applied-by-deadline"] is one["used-car:3.1/applied-by-deadline"]
        assert two["used-car:3.1/revenue-at-least-minimum"] is not one["used-car:3.1/revenue-at-least-minimum"]
        assert two["used-car:3.1/revenue-at-least-minimum"] == one["used-car:3.1/revenue-at-least-minimum"]
