"""Spec tests for 《红山区推动二手车市场发展奖励措施》 (赤红政字〔2024〕87号), clause by clause.

The worked cases, both sides of every limit of each clause, are data in
``tests/spec/used-car.toml`` (run by ``tests/test_spec.py``). This module keeps
what a spec file cannot say: which reason states what, rendering, bad-input
messages and the hypothesis properties.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from builders import dealer
from hongshan_policy import used_car
from hongshan_policy.citations import CLAUSE_ID
from hongshan_policy.decisions import Decision

D = Decimal
WAN = D(10_000)


GOOD = dealer()


@pytest.mark.clause("used-car:2")
class TestArticle2Dealer:
    """第二条: who is a used-car dealer."""

    def test_economic_pull_is_not_formalised_and_says_so(self) -> None:
        """「对红山区经济增长具有拉动作用」 is a judgement: every decision carries a warning about it."""
        decision = used_car.growth_reward(GOOD, D(20_000_000))
        assert any(w.clause == "used-car:2" and "拉动作用" in w.zh for w in decision.warnings)


@pytest.mark.clause("used-car:3.2")
class TestArticle3Item2GrowthReward:
    """第三条(二): 0.6% above 1000万 (exclusive), 0.7% from 3000万, at most 35万."""

    def test_one_fen_below_3000_wan_is_in_the_0_6_tier(self) -> None:
        """29,999,999.99 yuan × 0.6% = 179,999.99994, i.e. 179,999.99 + 0.00994 rounds to 180,000.00."""
        assert used_car.growth_reward(GOOD, D("29999999.99")).amount == D("180000.00")
        assert "0.6%" in used_car.growth_reward(GOOD, D("29999999.99")).reasons[-1].zh

    def test_3000_wan_exactly_is_in_the_0_7_tier(self) -> None:
        """「3000万元以上」 includes 3000万: 0.7% gives 21万."""
        decision = used_car.growth_reward(GOOD, D("30000000"))
        assert decision.amount == D("210000.00")
        assert "0.7%" in decision.reasons[-1].zh

    def test_the_cap_binds_above_5000_wan(self) -> None:
        """50,000,000.01 × 0.7% = 350,000.00007: capped at 35万 and the reason says so."""
        decision = used_car.growth_reward(GOOD, D("50000000.01"))
        assert decision.amount == D("350000.00")
        huge = used_car.growth_reward(GOOD, D("900000000"))
        assert huge.amount == D("350000.00")
        assert "超过单家上限35万元" in huge.reasons[-1].zh

    def test_figures_in_both_languages(self) -> None:
        """Every reason states its figures in Chinese and in English."""
        decision = used_car.growth_reward(GOOD, D("30000000"))
        assert "3,000.00万元" in decision.reasons[5].zh
        assert "¥30,000,000.00" in decision.reasons[5].en


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

    def test_a_float_is_refused_with_advice(self) -> None:
        """A float is refused for money (issue 9): the message says to pass a string or a Decimal."""
        with pytest.raises(ValidationError, match="Decimal"):
            used_car.Application.model_validate({"dealer": GOOD.model_dump(), "revenue_2024": 10000000.01})

    def test_float_with_more_decimals_is_refused(self) -> None:
        """0.125 has three decimals: refused, not rounded."""
        with pytest.raises(ValidationError):
            used_car.Application.model_validate({"dealer": GOOD.model_dump(), "revenue_2024": 0.125})

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
    def test_every_cited_clause_is_well_formed(self, d: used_car.Dealer, revenue: Decimal, day: date) -> None:
        """Every clause id a decision cites is well formed."""
        assume(day >= d.registered_on)  # an application before registration is an input error (issue 9)
        for decision in (used_car.scale_reward(d, revenue, day), used_car.growth_reward(d, revenue, applied_on=day)):
            assert all(CLAUSE_ID.match(clause) for clause in decision.clauses)

    @given(dealers, revenues, st.dates(date(2024, 6, 1), date(2025, 6, 1)))
    def test_json_round_trip(self, d: used_car.Dealer, revenue: Decimal, day: date) -> None:
        """A decision read back from its JSON equals itself."""
        assume(day >= d.registered_on)
        decision = used_car.scale_reward(d, revenue, day)
        assert Decision.from_json(decision.to_json()) == decision

    @given(st.dates(GOOD.registered_on, date(2025, 12, 31)))
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


CLEAN = dealer(safety_accident=False, violations=False, blacklisted=False, pledge_signed=True)
JOINT = used_car.DEFAULTS.replace(cap_includes_scale_reward=True)


@pytest.mark.clause("used-car:4", "used-car:4.1", "used-car:4.2", "used-car:4.3", "used-car:4.4", "used-car:4.5")
class TestArticle4Materials:
    """第四条: the five materials as a checklist."""

    def test_the_five_in_the_order_of_the_text(self) -> None:
        """Without a submission the five are listed, each with its item's clause, none marked."""
        listed = used_car.application_materials()
        assert [item.clause for item in listed] == [f"used-car:4.{i}" for i in range(1, 6)]
        assert listed.complete is None
        assert listed.reasons == ()
        assert "守信承诺书" in str(listed)

    def test_a_missing_item_is_a_failed_reason_with_its_clause(self) -> None:
        """A checklist with the pledge missing gives five reasons; the failed one cites used-car:4.2."""
        checked = used_car.application_materials(
            ["application_form", "representative_id", "business_licence", "vat_returns"]
        )
        failed = [reason for reason in checked.reasons if not reason.held]
        assert [reason.clause for reason in failed] == ["used-car:4.2"]
        assert failed[0].zh.startswith("未提交")
        assert checked.to_dict()["missing"] == ["pledge"]
        assert "✗" in str(checked)

    def test_a_single_key_as_text_is_one_item(self) -> None:
        """``submitted="pledge"`` is the one key, not its letters."""
        assert [item.key for item in used_car.application_materials("pledge").present] == ["pledge"]

    @pytest.mark.clause("hq:4.1")
    def test_the_headquarters_list_has_the_same_shape(self) -> None:
        """The 79号 list is the same kind of checklist: a rent application without its lease is incomplete."""
        from hongshan_policy import headquarters

        rent = headquarters.application_materials(
            "hq-rent", ["application_form", "business_licence", "credit_china_proof", "corporate_structure"]
        )
        assert type(rent) is type(used_car.application_materials())
        assert [item.key for item in rent.missing] == ["lease_contract"]
        assert rent.complete is False


@pytest.mark.clause("used-car:annex2", "used-car:annex2.3")
class TestAnnex2Pledge:
    """附件2: the pledge's facts."""

    def test_stated_clean_facts_are_four_held_reasons(self) -> None:
        """Four facts stated clean: four held reasons and no warning."""
        reasons, warnings = used_car.pledge_conditions(CLEAN)
        assert [r.clause for r in reasons] == ["used-car:annex2.3"] * 3 + ["used-car:annex2"]
        assert all(r.held for r in reasons)
        assert warnings == ()

    def test_unstated_facts_are_one_warning_not_a_pass(self) -> None:
        """Nothing stated: no reason, one warning naming all four facts."""
        reasons, warnings = used_car.pledge_conditions(GOOD)
        assert reasons == ()
        assert [w.clause for w in warnings] == ["used-car:annex2"]
        assert "失信联合惩戒黑名单" in warnings[0].zh

    @given(st.sampled_from(used_car.PLEDGE_FIELDS), st.booleans())
    def test_one_breach_fails_both_rewards(self, name: str, breach: bool) -> None:
        """A breach of any fact fails both rewards; the same fact stated clean lets both through."""
        value = breach if name != "pledge_signed" else not breach
        d = CLEAN.model_copy(update={name: value})
        for decision in (
            used_car.scale_reward(d, D(6_000_000), date(2024, 8, 1)),
            used_car.growth_reward(d, D(20_000_000)),
        ):
            assert decision.eligible is not breach


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
class TestOneOffAndJointCap:
    """「一次性奖励」 over a run, and the joint cap across the two rewards."""

    def test_a_repeat_counts_the_first_grant_under_the_joint_cap(self) -> None:
        """Run: 6M Jan–Jul (5万), then the same code with 60M for the year: the growth reward gets 35万 − 5万 = 30万."""
        first = used_car.Application(dealer=CLEAN, revenue_jan_to_jul=D(6_000_000), applied_on=date(2024, 8, 1))
        second = used_car.Application(
            dealer=CLEAN,
            revenue_jan_to_jul=D(6_000_000),
            applied_on=date(2024, 8, 2),
            revenue_2024=D(60_000_000),
            growth_applied_on=date(2025, 1, 15),
        )
        one, two = used_car.assess_many([first, second], params=JOINT, progress=False)
        assert one.total == D(50_000)
        assert two.scale is not None
        assert not two.scale.eligible
        assert "本批第1件" in two.scale.failed[0].zh
        assert two.growth is not None
        assert two.growth.amount == D(300_000)
        assert one.total + two.total == D(350_000)

    def test_assess_alone_does_not_see_other_applications(self) -> None:
        """``assess`` decides one application: the same one twice is 5万 twice (only a run sees repeats)."""
        app = used_car.Application(dealer=CLEAN, revenue_jan_to_jul=D(6_000_000), applied_on=date(2024, 8, 1))
        assert used_car.assess(app).total == used_car.assess(app).total == D(50_000)

    @given(revenues, revenues, st.booleans())
    def test_the_joint_cap_bounds_the_total(self, jan_jul: Decimal, year: Decimal, received: bool) -> None:
        """Under the joint reading the two rewards of one application never total more than 35万."""
        app = used_car.Application(
            dealer=CLEAN.model_copy(update={"scale_reward_received": received}),
            revenue_jan_to_jul=jan_jul,
            applied_on=date(2024, 8, 1),
            revenue_2024=year,
            growth_applied_on=date(2025, 1, 15),
        )
        assessment = used_car.assess(app, params=JOINT)
        assert assessment.total <= D(350_000)
        if received:
            assert assessment.total <= D(300_000)
        default = used_car.assess(app)
        assert assessment.total <= default.total
