"""Independent acceptance suite for hongshan_policy, computed by hand from the gazette text and the issues.

Every expected value here was worked out by a reviewer from the text of the 赤峰市红山区人民政府公报
2024年第3期 (the scan ``000_afd177855dcd4b02.txt``) and from the worked examples of issues #2, #3 and #4,
without reading the implementation: 赤红政字〔2024〕87号 (used cars), 赤红政字〔2024〕79号 (headquarters)
and 赤红政办发〔2024〕4号 (e-bikes). Each test names the clause it checks with ``@pytest.mark.clause``;
tests of the working-day arithmetic alone name the clause whose deadline they serve. The base records
(``dealer``, ``ent``, ``deal``, ``project``, ``lease``) are the reviewer's own and sit on purpose at
edges the shared ``tests/builders.py`` records do not (exactly 1000万元/亩 and exactly 50% self-held).

Holiday arrangements relied on (State Council notices 国办发明电〔2023〕7号 for 2024 and
国办发明电〔2024〕12号 for 2025):

* 2024 Mid-Autumn: 09-15..09-17 off, Saturday 09-14 worked.
* 2024 National Day: 10-01..10-07 off, Sunday 09-29 and Saturday 10-12 worked.
* 2025 New Year's Day: 01-01 off, no make-up day.
* 2025 Spring Festival: 01-28..02-04 off, Sunday 01-26 and Saturday 02-08 worked.
* No official arrangement is known for 2027 (chinese-calendar 1.11 covers 2004-2026); the 2027
  schedule in ``test_supplied_schedule_used`` is made up for the test.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from icalendar import Calendar
from pydantic import ValidationError

from hongshan_policy import ebike, headquarters, used_car, workdays
from hongshan_policy.decisions import Decision
from hongshan_policy.errors import (
    CalendarCoverageError,
    InvalidInputError,
    MissingFactError,
    OutsideValidityError,
    UnknownDepartmentError,
)

# --------------------------------------------------------------------------- helpers

_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit(body17: str) -> str:
    """The 18-character 统一社会信用代码 (GB 32100-2015) with the check character computed for ``body17``."""
    s = sum(_CHARS.index(c) * w for c, w in zip(body17, _W, strict=True))
    return body17 + _CHARS[(31 - s % 31) % 31]


CODE = credit("91150402MA0N00001")


def dealer(**changes: Any) -> used_car.Dealer:
    """A dealer meeting every condition of used-car:2 (registered 2024-01-05), with ``changes`` applied."""
    base: dict[str, Any] = {
        "name": "赤峰某某二手车销售有限公司",
        "credit_code": CODE,
        "registered_on": date(2024, 1, 5),
        "registered_in_hongshan": True,
        "independent_legal_person": True,
        "independent_accounting": True,
        "key_monitored": True,
    }
    return used_car.Dealer(**{**base, **changes})


def failed_clauses(decision: Decision) -> set[str]:
    """The clause ids of the reasons of ``decision`` that do not hold."""
    return {r.clause for r in decision.reasons if not r.held}


def violated_clauses(inspection: ebike.Inspection) -> set[str]:
    """The clause ids of the violations an e-bike inspection found."""
    return {f.clause for f in inspection.violations}


def followed_clauses(inspection: ebike.Inspection) -> set[str]:
    """The clause ids of the follow-ups an e-bike inspection left for a department."""
    return {f.clause for f in inspection.follow_ups}


# =========================================================================== 87号
# 第二条 registration date


@pytest.mark.clause("used-car:2")
@pytest.mark.parametrize(("reg", "ok"), [(date(2023, 10, 30), False), (date(2023, 10, 31), True)])
def test_uc2_registration_date(reg: date, ok: bool) -> None:
    """「2023年10月31日以后」登记注册 includes 2023-10-31 itself; a day earlier gets nothing."""
    d = used_car.scale_reward(dealer(registered_on=reg), revenue_jan_to_jul=D("5000000"), applied_on=date(2024, 8, 31))
    assert d.eligible is ok
    assert d.amount == (D("50000.00") if ok else D("0.00"))


@pytest.mark.clause("used-car:2")
def test_uc2_each_condition_its_own_reason() -> None:
    """Each condition of 第二条 that fails is its own failed reason, and the reward is 0."""
    d = used_car.growth_reward(dealer(key_monitored=False, independent_accounting=False), revenue_2024=D("20000000"))
    assert not d.eligible
    assert d.amount == D("0.00")
    assert sum(1 for r in d.reasons if not r.held) == 2


# 第三条(一)


@pytest.mark.clause("used-car:3.1")
@pytest.mark.parametrize(("rev", "ok"), [(D("4999999.99"), False), (D("5000000"), True), (D("5000000.00"), True)])
def test_uc31_scale_revenue(rev: D, ok: bool) -> None:
    """「累计营业收入500万元以上」 includes 500万 and gives a one-off 5万元; one fen less gives nothing."""
    d = used_car.scale_reward(dealer(), revenue_jan_to_jul=rev, applied_on=date(2024, 8, 1))
    assert d.eligible is ok
    assert d.amount == (D("50000.00") if ok else D("0.00"))


@pytest.mark.clause("used-car:3.1", "used-car:8")
@pytest.mark.parametrize(
    ("applied", "ok"),
    [(date(2024, 6, 22), False), (date(2024, 6, 23), True), (date(2024, 8, 31), True), (date(2024, 9, 1), False)],
)
def test_uc31_application_date(applied: date, ok: bool) -> None:
    """The scale reward is applied for from issue (2024-06-23, 「自发布之日起实施」) to 「2024年8月底前」 inclusive."""
    d = used_car.scale_reward(dealer(), revenue_jan_to_jul=D("8000000"), applied_on=applied)
    assert d.eligible is ok
    assert d.amount == (D("50000.00") if ok else D("0.00"))


# 第三条(二)


@pytest.mark.clause("used-car:3.2")
@pytest.mark.parametrize(
    ("rev", "amount"),
    [
        (D("10000000"), D("0.00")),  # 1000万 (不含)
        (D("10000000.01"), D("60000.00")),  # 60000.00006
        (D("20000000"), D("120000.00")),
        (D("29999999.99"), D("180000.00")),  # 179999.99994
        (D("30000000"), D("210000.00")),  # 3000万以上 includes 3000万 -> 0.7%
        (D("50000000"), D("350000.00")),  # exactly the cap
        (D("50000000.01"), D("350000.00")),
        (D("60000000"), D("350000.00")),  # 420000 -> cap 35万
        (D("10000007.50"), D("60000.05")),  # 60000.045 half up (half-even would give .04)
        (D("30000015.00"), D("210000.11")),  # 210000.105 half up (half-even would give .10)
    ],
)
def test_uc32_growth(rev: D, amount: D) -> None:
    """0.6% above 1000万 (不含) up to 3000万, 0.7% from 3000万, at most 35万, rounded half up to the fen."""
    d = used_car.growth_reward(dealer(), revenue_2024=rev)
    assert d.amount == amount
    assert d.eligible is (amount > 0)


@pytest.mark.clause("used-car:3.2", "used-car:8")
@pytest.mark.parametrize(("applied", "ok"), [(date(2025, 3, 31), True), (date(2025, 4, 1), False)])
def test_uc8_validity_growth(applied: date, ok: bool) -> None:
    """「有效期至2025年3月31日」: a growth application on 2025-03-31 is in time, on 2025-04-01 it is not."""
    d = used_car.growth_reward(dealer(), revenue_2024=D("20000000"), applied_on=applied)
    assert d.eligible is ok
    assert d.amount == (D("120000.00") if ok else D("0.00"))


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
def test_uc_issue_example() -> None:
    """The issue's example: 500万 by July applied for on 2024-08-31 gives 5万; 3000万 in 2024 gives 21万."""
    scale = used_car.scale_reward(dealer(), revenue_jan_to_jul=D("5000000"), applied_on=date(2024, 8, 31))
    growth = used_car.growth_reward(dealer(), revenue_2024=D("30000000"))
    assert scale.eligible
    assert scale.amount == D("50000.00")
    assert growth.amount == D("210000.00")


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
@pytest.mark.parametrize(
    ("jan_jul", "applied", "rev2024", "total"),
    [
        (D("6000000"), date(2024, 8, 20), D("40000000"), D("330000.00")),  # 5万 + 28万
        (D("6000000"), date(2024, 8, 20), D("60000000"), D("400000.00")),  # 5万 + 35万 (cap on growth only)
        (D("4000000"), date(2024, 8, 20), D("12000000"), D("72000.00")),  # 0 + 7.2万
        (D("6000000"), date(2024, 9, 1), D("9000000"), D("0.00")),  # late + below tier
    ],
)
def test_uc_assess_total(jan_jul: D, applied: date, rev2024: D, total: D) -> None:
    """Both rewards of 第三条 add up; the 35万 cap of (二) applies to the growth reward alone."""
    app = used_car.Application(dealer=dealer(), revenue_jan_to_jul=jan_jul, applied_on=applied, revenue_2024=rev2024)
    a = used_car.assess(app)
    assert a.total == total
    assert a.scale.amount + a.growth.amount == total


# 第五条 deadlines


@pytest.mark.clause("used-car:5.2", "used-car:5.3")
def test_uc5_national_day_2024() -> None:
    """「3个工作日内书面通知」 and 「公示期为7个工作日」 skip the 2024 National Day and count its make-up days."""
    p = used_car.procedure(review_concluded_on=date(2024, 9, 27), approved_on=date(2024, 9, 27))
    # Sep 29 (Sun, worked)=1, Sep 30=2, Oct 8=3
    assert p.notify_refusal_by == date(2024, 10, 8)
    # publicity from Sep 28 -> first working day Sep 29; 29,30,8,9,10,11,12(Sat worked)
    assert p.publicity == (date(2024, 9, 29), date(2024, 10, 12))


@pytest.mark.clause("used-car:5.2")
def test_uc5_review_sep30() -> None:
    """A review concluded on 2024-09-30 must be refused in writing by 2024-10-10 (Oct 8, 9, 10)."""
    p = used_car.procedure(review_concluded_on=date(2024, 9, 30))
    assert p.notify_refusal_by == date(2024, 10, 10)


@pytest.mark.clause("used-car:5.2", "used-car:5.3")
def test_uc5_spring_festival_2025() -> None:
    """The refusal notice and the publicity skip the 2025 Spring Festival and count its make-up days."""
    p = used_car.procedure(review_concluded_on=date(2025, 1, 24), approved_on=date(2025, 1, 24))
    # Jan 26 (Sun worked)=1, Jan 27=2, Feb 5=3
    assert p.notify_refusal_by == date(2025, 2, 5)
    # Jan 26, 27, Feb 5, 6, 7, 8 (Sat worked), 10
    assert p.publicity == (date(2025, 1, 26), date(2025, 2, 10))


@pytest.mark.clause("used-car:5.2")
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 9, 30), 1, date(2024, 10, 8)),
        (date(2024, 10, 1), 1, date(2024, 10, 8)),  # from a holiday
        (date(2024, 10, 11), 1, date(2024, 10, 12)),  # make-up Saturday
        (date(2024, 9, 13), 1, date(2024, 9, 14)),  # Mid-Autumn make-up Saturday
        (date(2024, 9, 14), 1, date(2024, 9, 18)),
        (date(2025, 1, 25), 1, date(2025, 1, 26)),  # make-up Sunday
        (date(2025, 1, 27), 1, date(2025, 2, 5)),
        (date(2025, 1, 27), 3, date(2025, 2, 7)),
        (date(2025, 2, 7), 1, date(2025, 2, 8)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    """「n个工作日内」 ends on the n-th working day after the start day, holidays skipped, make-up days counted."""
    assert workdays.add_working_days(start, n) == expected


@pytest.mark.clause("used-car:5.3")
def test_working_day_window_national_day() -> None:
    """A 7-working-day publicity starting on 2024-10-01 runs from 10-08 to 10-15."""
    assert workdays.working_day_window(date(2024, 10, 1), 7) == (date(2024, 10, 8), date(2024, 10, 15))


@pytest.mark.clause("used-car:5.3")
def test_working_day_window_spring_festival() -> None:
    """A 3-working-day window starting on 2025-01-28 runs from 02-05 to 02-07."""
    assert workdays.working_day_window(date(2025, 1, 28), 3) == (date(2025, 2, 5), date(2025, 2, 7))


@pytest.mark.clause("hq:4.3")
def test_natural_day_window() -> None:
    """「7个自然日」 starting on 2024-10-01 runs to 10-07, holidays included."""
    assert workdays.natural_day_window(date(2024, 10, 1), 7) == (date(2024, 10, 1), date(2024, 10, 7))


@pytest.mark.clause("used-car:5.2")
def test_calendar_coverage_error() -> None:
    """Working days in 2027, a year with no known holiday arrangement, are an error, never a guess."""
    with pytest.raises(CalendarCoverageError, match="start: 2027年不在已知的法定节假日安排范围内"):
        workdays.add_working_days(date(2027, 3, 1), 3)


# 第七条 repayment


@pytest.mark.clause("used-car:7")
@pytest.mark.parametrize(
    ("paid", "moved", "due"),
    [
        (date(2024, 10, 15), date(2024, 12, 1), D("50000.00")),
        (date(2024, 10, 15), date(2025, 3, 31), D("50000.00")),
        (date(2024, 10, 15), date(2025, 4, 1), D("0.00")),
        (date(2025, 2, 1), date(2025, 12, 31), D("50000.00")),  # 兑现年度 2025
        (date(2025, 2, 1), date(2026, 1, 1), D("0.00")),
        (date(2024, 10, 15), None, D("0.00")),
    ],
)
def test_uc7_relocation(paid: date, moved: date | None, due: D) -> None:
    """Moving away within the validity or the payment year (「兑现年度内」) repays the reward in full."""
    d = used_car.relocation_repayment(D("50000"), paid, moved)
    assert d.amount == due


# =========================================================================== 79号


def ent(**changes: Any) -> headquarters.Enterprise:
    """An enterprise meeting every condition of hq:2 with exactly 1000万元 registered capital, with ``changes``."""
    base: dict[str, Any] = {
        "name": "赤峰某某数字科技有限公司",
        "credit_code": CODE,
        "registered_on": date(2024, 7, 1),
        "registered_in_hongshan": True,
        "independent_legal_person": True,
        "independent_accounting": True,
        "serious_dishonesty_record": False,
        "hq_functions": True,
        "registered_capital": D("10000000"),
        "industry_code": "I",
        "business_form": "数字经济",
        "conforms_to_industrial_policy": True,
        "statistics_registered_on": date(2025, 3, 1),
    }
    return headquarters.Enterprise(**{**base, **changes})


def deal(**changes: Any) -> headquarters.LandDeal:
    """A land deal of hq:3.1 at exactly 1000万元/亩 and exactly 50% self-held, with ``changes`` applied."""
    base: dict[str, Any] = {
        "contract_signed_on": date(2024, 8, 1),
        "new_project_in_hongshan": True,
        "reserve_price": D("40000000"),
        "winning_price": D("60000000"),
        "comprehensive_cost": D("30000000"),
        "benchmark_price": None,
        "area_mu": D("10"),
        "fixed_asset_investment": D("100000000"),  # exactly 1000万/亩
        "same_entity": True,
        "land_use_changed": False,
        "above_ground_floor_area": D("100000"),
        "self_held_floor_area": D("50000"),  # exactly 50%
        "commercial_apartment_floor_area": D("0"),
    }
    return headquarters.LandDeal(**{**base, **changes})


def project(**changes: Any) -> headquarters.LandProject:
    """A project completed 2025-12-01, 入统 exactly 12 months later, with exactly 300 direct jobs, with ``changes``."""
    base: dict[str, Any] = {
        "completed_on": date(2025, 12, 1),
        "statistics_registered_on": date(2026, 12, 1),
        "direct_jobs": 300,
    }
    return headquarters.LandProject(**{**base, **changes})


def lease(**changes: Any) -> headquarters.Lease:
    """A 12000 m² lease in 万达片区 at 1.2元/m²/day from 2025-03-01 meeting hq:3.2, with ``changes`` applied."""
    base: dict[str, Any] = {
        "signed_on": date(2025, 2, 15),
        "start": date(2025, 3, 1),
        "floor_area_m2": D("12000"),
        "district": "万达片区",
        "agreed_rate": D("1.2"),
        "specialised_ratio": D("0.8"),
    }
    return headquarters.Lease(**{**base, **changes})


# 第二条


@pytest.mark.clause("hq:2.1")
@pytest.mark.parametrize(("cap", "ok"), [(D("9999999.99"), False), (D("10000000"), True)])
def test_hq2_capital(cap: D, ok: bool) -> None:
    """「注册资本金不低于1000万元」 includes 1000万; one fen less fails."""
    assert headquarters.hq_eligibility(ent(registered_capital=cap)).eligible is ok


@pytest.mark.clause("hq:2.1")
@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("I", True),
        ("I6510", True),
        ("J6621", True),
        ("L7212", True),
        ("D4411", True),
        ("L71", False),
        ("L7111", False),
        ("D45", False),
        ("D46", False),
        ("C3670", False),
    ],
)
def test_hq2_industry(code: str, ok: bool) -> None:
    """Only 信息传输软件和信息技术服务业, 金融业, 商务服务业 and 电力热力生产和供应业 of GB/T 4754-2017 qualify."""
    assert headquarters.hq_eligibility(ent(industry_code=code)).eligible is ok


@pytest.mark.clause("hq:2.1")
@pytest.mark.parametrize(
    ("code", "phrase"),
    [
        ("X12", "不是GB/T 4754-2017代码"),
        ("I123456", "不是GB/T 4754-2017代码"),
        ("65", "不是GB/T 4754-2017代码"),
        ("72", "不是GB/T 4754-2017代码"),
        ("I72", "的大类72不属于门类I"),
        ("", "不是GB/T 4754-2017代码"),
    ],
    ids=["X12", "I123456", "65", "72", "I72", "empty"],
)
def test_hq2_malformed_industry(code: str, phrase: str) -> None:
    """A string that is not a 《2017国民经济行业分类》 code is refused, naming the field."""
    with pytest.raises(ValidationError, match=rf"industry_code\s+Value error, 行业代码.*{phrase}"):
        ent(industry_code=code)


@pytest.mark.clause("hq:2")
def test_hq2_dishonesty() -> None:
    """An enterprise with a 严重违法失信记录 is not a headquarters enterprise and gets nothing."""
    d = headquarters.hq_eligibility(ent(serious_dishonesty_record=True))
    assert not d.eligible
    assert d.amount == D("0.00")


@pytest.mark.clause("hq:2.1")
def test_hq2_energy_management_is_hq() -> None:
    """能源管理 is one of the 经营业态 of 第二条(一)."""
    assert headquarters.hq_eligibility(ent(business_form="能源管理")).eligible


# 第三条(一)


@pytest.mark.clause("hq:3.1")
def test_hq31_base() -> None:
    """25% of the 4000万 reserve price is 1000万, under the 3000万 remainder (6000万 − 3000万)."""
    d = headquarters.land_subsidy(ent(), deal(), project())
    assert d.eligible
    assert d.amount == D("10000000.00")


@pytest.mark.clause("hq:3.1")
def test_hq31_remainder_cap_binding() -> None:
    """The subsidy may not exceed the winning price less the comprehensive cost (6000万 − 5200万 = 800万)."""
    d = headquarters.land_subsidy(ent(), deal(comprehensive_cost=D("52000000")), project())
    assert d.amount == D("8000000.00")


@pytest.mark.clause("hq:3.1")
def test_hq31_both_remainders_smaller_binds() -> None:
    """With both remainders known, the smaller (6000万 − 5500万 = 500万) binds."""
    d = headquarters.land_subsidy(ent(), deal(benchmark_price=D("55000000")), project())
    assert d.amount == D("5000000.00")


@pytest.mark.clause("hq:3.1")
def test_hq31_benchmark_only_not_binding() -> None:
    """With only the benchmark remainder (2000万) known, it does not bind 1000万."""
    d = headquarters.land_subsidy(ent(), deal(comprehensive_cost=None, benchmark_price=D("40000000")), project())
    assert d.amount == D("10000000.00")


@pytest.mark.clause("hq:3.1")
def test_hq31_no_remainder_known_is_error() -> None:
    """Without the comprehensive cost or the benchmark price the cap cannot be checked: an error, not a guess."""
    with pytest.raises(
        MissingFactError, match="comprehensive_cost, benchmark_price: 土地综合成本与区域基准地价均未提供"
    ):
        headquarters.land_subsidy(ent(), deal(comprehensive_cost=None, benchmark_price=None), project())


@pytest.mark.clause("hq:3.1")
def test_hq31_commercial_apartments_pro_rata() -> None:
    """「商业公寓不予奖补」: 20% of the floor area in commercial apartments takes 20% off the subsidy."""
    d = headquarters.land_subsidy(ent(), deal(commercial_apartment_floor_area=D("20000")), project())
    assert d.amount == D("8000000.00")


@pytest.mark.clause("hq:3.1")
@pytest.mark.parametrize(
    ("rate", "amount"), [(D("0.25"), D("10000000.00")), (D("0.2"), D("8000000.00")), (D("0.123"), D("4920000.00"))]
)
def test_hq31_rate(rate: D, amount: D) -> None:
    """A rate agreed below 「最高可奖补25%」 applies to the reserve price."""
    assert headquarters.land_subsidy(ent(), deal(), project(), rate=rate).amount == amount


@pytest.mark.clause("hq:3.1")
def test_hq31_rate_above_max() -> None:
    """A rate above 「最高可奖补25%」 is refused, naming the rate."""
    with pytest.raises(InvalidInputError, match=r"rate: 奖补比例25\.01%超过「参考土地出让底价最高可奖补25%」"):
        headquarters.land_subsidy(ent(), deal(), project(), rate=D("0.2501"))


@pytest.mark.clause("hq:3.1", "hq:2.2", "hq:5.2")
@pytest.mark.parametrize(
    ("kw_deal", "kw_proj", "ok"),
    [
        ({}, {"direct_jobs": 299}, False),
        ({"self_held_floor_area": D("49990")}, {}, False),  # 49.99%
        ({"fixed_asset_investment": D("99999999.99")}, {}, False),  # < 1000万/亩
        ({"same_entity": False}, {}, False),
        ({"land_use_changed": True}, {}, False),
        ({}, {"statistics_registered_on": date(2026, 12, 2)}, False),  # 12 months + 1 day
        (
            {"contract_signed_on": date(2026, 6, 11)},
            {"completed_on": date(2027, 12, 1), "statistics_registered_on": date(2028, 1, 1)},
            True,
        ),
        (
            {"contract_signed_on": date(2026, 6, 12)},
            {"completed_on": date(2027, 12, 1), "statistics_registered_on": date(2028, 1, 1)},
            False,
        ),
    ],
)
def test_hq31_conditions(kw_deal: dict[str, Any], kw_proj: dict[str, Any], ok: bool) -> None:
    """300 jobs, 50% self-held, 1000万元/亩, one entity, no change of use, 入统 in 12 months, land won in validity."""
    d = headquarters.land_subsidy(ent(), deal(**kw_deal), project(**kw_proj))
    assert d.eligible is ok
    if not ok:
        assert d.amount == D("0.00")


@pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
@pytest.mark.parametrize(
    ("total", "parts"),
    [
        (D("1000000"), [D("400000.00"), D("300000.00"), D("250000.00"), D("50000.00")]),
        (D("10000000.01"), [D("4000000.00"), D("3000000.00"), D("2500000.00"), D("500000.01")]),
        (D("99.99"), [D("40.00"), D("30.00"), D("25.00"), D("4.99")]),
        (D("1234567.89"), [D("493827.16"), D("370370.37"), D("308641.97"), D("61728.39")]),
    ],
)
def test_hq31_tranches(total: D, parts: list[D]) -> None:
    """The subsidy is paid 40% / 30% / 25% / 5%, the last tranche taking the rounding so the parts sum to the whole."""
    tr = headquarters.land_subsidy_tranches(total)
    assert [t.amount for t in tr] == parts
    assert sum(t.amount for t in tr) == total
    assert [t.clause for t in tr] == ["hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4"]


# 第三条(二)


@pytest.mark.clause("hq:3.2.1")
def test_hq32_issue_example_years_1_and_4() -> None:
    """The issue's example: 12000 m² × 1.2元 × 365 d is capped at 300万 in year 1 and halved to 262.8万 in year 4."""
    e, contract = ent(), lease()
    y1 = headquarters.rent_subsidy(e, contract, 1)  # 2025-03-01..2026-02-28: 365 d -> 5,256,000 capped
    assert y1.eligible
    assert y1.amount == D("3000000.00")
    y4 = headquarters.rent_subsidy(e, contract, 4)  # 2028-03-01..2029-02-28: 365 d
    assert y4.amount == D("2628000.00")


@pytest.mark.clause("hq:3.2.1")
def test_hq32_year4_leap() -> None:
    """A lease year holding 29 February counts 366 days: 12000 × 1.2 × 366 × 50% = 263.52万."""
    contract = lease(signed_on=date(2024, 8, 1), start=date(2024, 9, 1))  # year 4: 2027-09-01..2028-08-31, 366 d
    assert headquarters.rent_subsidy(ent(), contract, 4).amount == D("2635200.00")


@pytest.mark.clause("hq:3.2.1")
def test_hq32_leap_year_uncapped() -> None:
    """Below the 300万 cap the subsidy follows the days of the lease year: 366 then 365 days at 0.6元 on 10000 m²."""
    contract = lease(
        signed_on=date(2026, 6, 1),
        start=date(2027, 3, 1),
        floor_area_m2=D("10000"),
        district="红山老城区、桥北、铁南片区",
        agreed_rate=D("0.6"),
    )
    assert headquarters.rent_subsidy(ent(), contract, 1).amount == D("2196000.00")  # 366 days
    assert headquarters.rent_subsidy(ent(), contract, 2).amount == D("2190000.00")  # 365 days


@pytest.mark.clause("hq:3.2.1")
def test_hq32_year_6_nothing() -> None:
    """「三免两减半」 covers five years: a sixth year gets nothing."""
    d = headquarters.rent_subsidy(ent(), lease(), 6)
    assert not d.eligible
    assert d.amount == D("0.00")


@pytest.mark.clause("hq:3.2.1")
def test_hq32_schedule() -> None:
    """The five lease years: 100% three times (capped at 300万), then 50% twice, each year its own days."""
    sched = headquarters.rent_subsidy_schedule(ent(), lease())
    assert len(sched) == 5
    assert [y.decision.amount for y in sched] == [D("3000000.00")] * 3 + [D("2628000.00")] * 2
    assert (sched[0].first_day, sched[0].last_day) == (date(2025, 3, 1), date(2026, 2, 28))
    assert (sched[4].first_day, sched[4].last_day) == (date(2029, 3, 1), date(2030, 2, 28))
    assert [y.days for y in sched] == [365, 365, 366, 365, 365]


@pytest.mark.clause("hq:3.2", "hq:2.1", "hq:5.1")
@pytest.mark.parametrize(
    ("kw_ent", "kw_lease", "ok"),
    [
        ({}, {"floor_area_m2": D("9999.99")}, False),
        ({}, {"floor_area_m2": D("10000")}, True),
        ({}, {"specialised_ratio": D("0.6999")}, False),
        ({}, {"specialised_ratio": D("0.70")}, True),
        ({"statistics_registered_on": date(2025, 7, 1)}, {}, True),  # 工商注册 2024-07-01 + 12 months
        ({"statistics_registered_on": date(2025, 7, 2)}, {}, False),
        ({"business_form": "能源管理"}, {}, False),
        ({"business_form": "金融服务"}, {}, True),
        ({"business_form": "人力资源"}, {}, True),
        ({"registered_capital": D("9999999.99")}, {}, False),
        ({}, {"signed_on": date(2024, 6, 11), "start": date(2024, 7, 1)}, False),
    ],
)
def test_hq32_conditions(kw_ent: dict[str, Any], kw_lease: dict[str, Any], ok: bool) -> None:
    """1万平方米及以上, 专业化业态70%以上, 入统 within 12 months of 工商注册, the 业态 named, a lease signed in time."""
    d = headquarters.rent_subsidy(ent(**kw_ent), lease(**kw_lease), 1)
    assert d.eligible is ok
    if not ok:
        assert d.amount == D("0.00")


@pytest.mark.clause("hq:2.2", "hq:3.2")
def test_hq32_no_investment_per_mu_for_rent() -> None:
    """「申请房屋租赁补贴政策的企业不受此款限制」: a rent applicant needs no land deal."""
    # a rent applicant has no land deal at all: eligibility must not need 第二条(二)
    assert headquarters.rent_subsidy(ent(), lease(), 1).eligible


@pytest.mark.clause("hq:3.2.1")
def test_hq32_rate_outside_range_warns() -> None:
    """An agreed rate outside the 参考标准 of the district (万达片区 1—1.5元) is used, with a warning."""
    d = headquarters.rent_subsidy(ent(), lease(agreed_rate=D("0.9"), floor_area_m2=D("10000")), 1)
    assert d.amount == D("3285000.00").min(D("3000000.00"))
    assert d.warnings


@pytest.mark.clause("hq:3.2.1")
def test_hq32_rate_outside_range_used() -> None:
    """「具体以协议为准」: the agreed rate is used even outside the reference range."""
    d = headquarters.rent_subsidy(ent(), lease(agreed_rate=D("0.5"), floor_area_m2=D("10000")), 4)
    assert d.amount == D("912500.00")  # 10000 * 0.5 * 365 * 50%


# 第四条 procedure


@pytest.mark.clause("hq:4.2", "hq:4.3")
def test_hq4_procedure() -> None:
    """79号 counts the refusal notice in working days but the publicity in 「7个自然日」, holidays included."""
    p = headquarters.procedure(review_concluded_on=date(2024, 9, 27), approved_on=date(2024, 9, 30))
    assert p.notify_refusal_by == date(2024, 10, 8)
    assert p.publicity == (date(2024, 10, 1), date(2024, 10, 7))  # 7 natural days


# =========================================================================== 4号


def names(departments: Iterable[ebike.Department]) -> list[str]:
    """The departments' names as the plan writes them."""
    return [d.value for d in departments]


def days(milestones: Iterable[ebike.Milestone]) -> list[date]:
    """The days of ``milestones``."""
    return [m.day for m in milestones]


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12",
    "ebike:2.3.14", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.5.19", "ebike:2.6.20",
)  # fmt: skip
@pytest.mark.parametrize(
    ("n", "lead", "support", "deadlines", "ongoing"),
    [
        (1, ["区工信局", "区市场监管局"], ["区公安分局", "区消防救援大队"], [], False),
        (2, ["区市场监管局"], [], [date(2024, 12, 31)], True),
        (3, ["区工信局"], ["区市场监管局"], [date(2024, 12, 31)], True),
        (9, ["区市场监管局", "区消防救援大队"], ["区住建局"], [date(2025, 12, 31)], False),
        (10, ["区市场监管局"], ["区公安分局"], [date(2024, 8, 31)], True),
        (11, ["区市场监管局"], ["区公安分局", "区商投局"], [date(2024, 8, 31)], True),
        (12, ["区公安分局"], [], [date(2024, 12, 31)], False),
        (14, ["区市场监管局"], ["区公安分局"], [date(2024, 8, 31)], False),
        (16, ["区市场监管局"], ["区工信局"], [date(2024, 10, 31), date(2024, 12, 31)], True),
        (17, ["区市场监管局"], [], [date(2024, 8, 31), date(2024, 12, 31)], True),
        (19, ["区工信局", "区生态环境分局"], ["区发改委", "区市场监管局"], [date(2025, 5, 31)], True),
        (20, ["区应急局", "区消防救援大队", "区公安分局", "区市场监管局", "区工信局"], ["区商投局"], [], False),
    ],
)
def test_ebike_tasks(n: int, lead: list[str], support: list[str], deadlines: list[date], ongoing: bool) -> None:
    """Each task's lead and supporting departments, dated deadlines and 「长期坚持」 are as the plan writes them."""
    t = next(t for t in ebike.TASKS if t.number == n)
    assert names(t.lead) == lead
    assert names(t.support) == support
    assert days(t.deadlines) == deadlines
    assert t.ongoing is ongoing


@pytest.mark.clause("ebike:2", "ebike:2.1", "ebike:2.1.1")
def test_ebike_tasks_count_and_titles() -> None:
    """The plan has tasks 1 to 21 in order; task 1 is 「加强标准运用」 under its 「着力解决」 heading."""
    assert [t.number for t in ebike.TASKS] == list(range(1, 22))
    assert ebike.TASKS[0].title == "加强标准运用"
    assert ebike.TASKS[0].focus is not None


@pytest.mark.clause("ebike:2.1.1", "ebike:3.2")
def test_ebike_undated_task_runs_to_rectification_end() -> None:
    """A task with no date of its own runs to the end of 整治攻坚阶段, 2025-11-30."""
    t = next(t for t in ebike.TASKS if t.number == 1)
    assert days(t.effective_deadlines) == [date(2025, 11, 30)]


@pytest.mark.clause("ebike:3.1", "ebike:3.2", "ebike:3.3")
@pytest.mark.parametrize(
    ("day", "phase"),
    [
        (date(2024, 6, 19), 1),
        (date(2024, 6, 20), 2),  # documented reading: the later phase
        (date(2024, 6, 21), 2),
        (date(2025, 11, 30), 2),
        (date(2025, 12, 1), 3),
        (date(2025, 12, 31), 3),
    ],
)
def test_ebike_phase_on(day: date, phase: int) -> None:
    """动员部署 before 2024-06-20, 整治攻坚 2024-06-20 to 2025-11-30, 验收评估 to 2025-12-31."""
    assert ebike.phase_on(day).number == phase


@pytest.mark.clause(
    "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7", "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.11",
    "ebike:2.5.19", "ebike:2.6.20",
)  # fmt: skip
@pytest.mark.parametrize(
    ("dept", "role", "numbers"),
    [
        ("区商投局", "support", [11, 20]),
        ("区商投局", "lead", []),
        ("区生态环境分局", "lead", [19]),
        ("区发改委", "any", [7, 19]),
        ("区住建局", "lead", [5]),
        ("区住建局", "support", [6, 8, 9]),
        ("区自然资源分局", "any", [4]),
        ("区应急局", "any", [20]),
    ],
)
def test_ebike_tasks_for(dept: str, role: str, numbers: list[int]) -> None:
    """The tasks a department leads (牵头) or supports (配合) are those the plan assigns to it."""
    assert [t.number for t in ebike.tasks_for(dept, role=role)] == numbers


@pytest.mark.clause("ebike:2")
def test_ebike_misspelt_department() -> None:
    """A department the plan does not name is refused, suggesting the closest one."""
    with pytest.raises(
        UnknownDepartmentError, match="department: 「区市场监督局」不是本方案列明的部门,是否指「区市场监管局」"
    ):
        ebike.tasks_for("区市场监督局")


@pytest.mark.clause("ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.14", "ebike:2.4.17")
def test_ebike_overdue_on_deadline_empty() -> None:
    """「2024年8月底前」 includes 2024-08-31: nothing is overdue on that day."""
    assert not ebike.overdue(date(2024, 8, 31))


@pytest.mark.clause("ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.14", "ebike:2.4.17")
def test_ebike_overdue_day_after() -> None:
    """After 2024-08-31 tasks 10, 11, 14 and 17 are overdue for their lead and supporting departments."""
    od = ebike.overdue(date(2024, 9, 2))
    by = {k.value: v for k, v in od.items()}
    assert set(by) == {"区市场监管局", "区公安分局", "区商投局"}
    ms = by["区市场监管局"]
    tasks = sorted({o.task.number for o in ms})
    assert tasks == [10, 11, 14, 17]
    assert all(o.days == 2 and o.working_days == 1 for o in ms)


@pytest.mark.clause("ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.14", "ebike:2.4.17")
def test_ebike_overdue_done() -> None:
    """Tasks marked done are not overdue."""
    assert not ebike.overdue(date(2024, 9, 2), done={10, 11, 14, 17})


@pytest.mark.clause("ebike:2.5.19")
@pytest.mark.parametrize(
    ("produced", "required"), [(date(2019, 6, 1), date(2024, 6, 2)), (date(2020, 2, 29), date(2025, 3, 1))]
)
def test_ebike_battery_five_years(produced: date, required: date) -> None:
    """A battery in use 「超过5年」 needs a safety assessment from the day after its fifth anniversary."""
    assert ebike.assessment_required_from(produced) == required


def _vehicle(produced: date) -> ebike.Vehicle:
    """A national-standard e-bike with a lead-acid battery produced on ``produced`` and an off-board charger."""
    return ebike.Vehicle(
        frame_number="HS0001",
        identification_code="V1",
        meets_national_standard=True,
        battery=ebike.Battery(chemistry="铅酸蓄电池", produced_on=produced, identification_code="B1"),
        charger=ebike.Charger(on_board=False, identification_code="C1"),
    )


@pytest.mark.clause("ebike:2.5.19")
@pytest.mark.parametrize(("produced", "ok"), [(date(2019, 7, 1), True), (date(2019, 6, 30), False)])
def test_ebike_inspect_battery_age(produced: date, ok: bool) -> None:
    """On 2024-07-01 a battery produced on 2019-07-01 is not yet over 5 years; one produced on 2019-06-30 is.

    Over 5 years and unassessed is a follow-up for the administration (task 19 obliges it to assess), never
    the owner's violation.
    """
    d = ebike.inspect_vehicle(_vehicle(produced), date(2024, 7, 1))
    assert "ebike:2.5.19" not in violated_clauses(d)
    assert ("ebike:2.5.19" in followed_clauses(d)) is (not ok)


@pytest.mark.clause("ebike:2.1.1")
def test_ebike_on_board_charger() -> None:
    """「全面禁止车载充电器」: an on-board charger fails the inspection."""
    v = _vehicle(date(2023, 1, 1)).model_copy(
        update={"charger": ebike.Charger(on_board=True, identification_code="C1")}
    )
    d = ebike.inspect_vehicle(v, date(2024, 7, 1))
    assert not d.compliant
    assert "ebike:2.1.1" in violated_clauses(d)


@pytest.mark.clause("ebike:4")
def test_ebike_work_team() -> None:
    """The 召集人单位, 副召集人单位 and the office (工作专班办公室) of the work team are those the plan names."""
    wt = ebike.WORK_TEAM
    assert names(wt.convenors) == ["区应急局", "区消防救援大队"]
    assert names(wt.deputy_convenors) == ["区工信局", "区公安分局", "区住建局", "区市场监管局"]
    assert wt.office.value == "区消防救援大队"


# =========================================================================== second batch: finer edges


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
def test_amount_format_two_places() -> None:
    """Rewards are amounts in yuan to the fen, two decimal places even when zero."""
    assert str(used_car.growth_reward(dealer(), revenue_2024=D("30000000")).amount) == "210000.00"
    assert str(used_car.growth_reward(dealer(), revenue_2024=D("10000000")).amount) == "0.00"
    assert str(used_car.scale_reward(dealer(), revenue_jan_to_jul=D("1"), applied_on=date(2024, 8, 1)).amount) == "0.00"


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
def test_uc_assess_from_dict() -> None:
    """An application given as plain data gets both rewards: 5万 + 21万."""
    app = {
        "dealer": {
            "name": "x",
            "credit_code": CODE,
            "registered_on": "2024-01-05",
            "registered_in_hongshan": True,
            "independent_legal_person": True,
            "independent_accounting": True,
            "key_monitored": True,
        },
        "revenue_jan_to_jul": "5000000",
        "applied_on": "2024-08-31",
        "revenue_2024": "30000000",
    }
    a = used_car.assess(app)
    assert a.total == D("260000.00")


@pytest.mark.clause("used-car:3.1")
@pytest.mark.parametrize(
    ("bad", "phrase"),
    [
        (D("-1"), "不能为负数"),
        (D("NaN"), "不能是NaN或无穷大"),
        (D("Infinity"), "不能是NaN或无穷大"),
        (D("5000000.001"), "最多允许2位小数"),
    ],
    ids=["negative", "nan", "infinity", "three-places"],
)
def test_uc_bad_revenue(bad: D, phrase: str) -> None:
    """A revenue that is negative, not finite or finer than the fen is refused, naming the field."""
    with pytest.raises(ValidationError, match=rf"revenue_jan_to_jul\s+Value error, .*{phrase}"):
        used_car.Application(dealer=dealer(), revenue_jan_to_jul=bad, applied_on=date(2024, 8, 1))


@pytest.mark.clause("used-car:2")
def test_uc_bad_credit_code() -> None:
    """A 统一社会信用代码 with a wrong check character is refused."""
    body = "91150402MA0N00001"
    good = credit(body)
    wrong = body + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError, match=r"credit_code\s+Value error, 统一社会信用代码校验码错误"):
        dealer(credit_code=wrong)


@pytest.mark.clause("used-car:2")
def test_uc_unknown_field() -> None:
    """A field the dealer record does not have is refused, not ignored."""
    with pytest.raises(ValidationError, match=r"foo\s+Extra inputs are not permitted"):
        dealer(foo=1)


@pytest.mark.clause("used-car:2", "used-car:3.1")
def test_uc_applied_before_registration() -> None:
    """An application dated before the dealer was registered is impossible input."""
    with pytest.raises(
        ValidationError, match=r"applied_on\s+Value error, 申请日期2024-07-01早于登记注册日期2024-08-01"
    ):
        used_car.Application(
            dealer=dealer(registered_on=date(2024, 8, 1)), revenue_jan_to_jul=D("6000000"), applied_on=date(2024, 7, 1)
        )


@pytest.mark.clause("used-car:3.2")
def test_uc_float_exact() -> None:
    """A float revenue is refused (issue 9: pass a string or a Decimal); written as "20000000.5" it gives 120000.00."""
    with pytest.raises(InvalidInputError, match="revenue_2024"):
        used_car.growth_reward(dealer(), revenue_2024=20000000.5)  # type: ignore[arg-type]
    d = used_car.growth_reward(dealer(), revenue_2024=D("20000000.5"))
    assert d.amount == D("120000.00")  # 120000.003


@pytest.mark.clause("used-car:3.2")
def test_uc_decision_json_roundtrip() -> None:
    """12345678.90 × 0.6% = 74074.0734 gives 74074.07, and the decision survives a JSON round trip."""
    d = used_car.growth_reward(dealer(), revenue_2024=D("12345678.90"))
    assert d.amount == D("74074.07")  # 74074.0734
    assert Decision.from_json(d.to_json()) == d


@pytest.mark.clause("used-car:5.3", "used-car:5.4")
def test_uc5_approved_on_workday_before_holiday() -> None:
    """Approved on 2024-09-30: publicity runs 10-08 to 10-15 and payment may follow from 10-16."""
    p = used_car.procedure(approved_on=date(2024, 9, 30))
    assert p.publicity == (date(2024, 10, 8), date(2024, 10, 15))
    assert p.payable_from == date(2024, 10, 16)


@pytest.mark.clause("used-car:5.3")
def test_working_day_window_start_on_makeup() -> None:
    """A 7-working-day window may start on a make-up Sunday (2024-09-29) and ends on 2024-10-12."""
    assert workdays.working_day_window(date(2024, 9, 29), 7) == (date(2024, 9, 29), date(2024, 10, 12))


@pytest.mark.clause("ebike:2.3.12")
def test_working_days_between_jan_2025() -> None:
    """From task 12's deadline 2024-12-31 to 2025-02-05 there are 20 working days."""
    # working days d with 2024-12-31 < d <= 2025-02-05: Jan 2,3; 6-10; 13-17; 20-24; 26(Sun); 27; Feb 5 = 20
    assert workdays.working_days_between(date(2024, 12, 31), date(2025, 2, 5)) == 20


@pytest.mark.clause("used-car:5.2", "used-car:5.3")
def test_schedule_makeup_must_be_weekend() -> None:
    """A supplied holiday schedule whose make-up working day is a weekday is refused."""
    with pytest.raises(ValidationError, match=r"workdays\s+Value error, workdays: 调休上班日 2027-01-04 是星期一"):
        workdays.Schedule(
            year=2027, holidays={date(2027, 1, 1): "元旦"}, workdays={date(2027, 1, 4): "元旦"}, source="x"
        )


@pytest.mark.clause("used-car:5.2")
def test_supplied_schedule_used() -> None:
    """A supplied schedule for an uncovered year is used for working-day deadlines."""
    cal = workdays.DEFAULT_CALENDAR.with_schedule(
        workdays.Schedule(
            year=2027,
            holidays={date(2027, 10, 1): "国庆节", date(2027, 10, 4): "国庆节"},
            workdays={date(2027, 9, 26): "国庆节"},
            source="test",
        )
    )
    # 2027-09-30 Thu; 10-01 Fri off; 10-02/03 weekend; 10-04 Mon off; 10-05 Tue
    assert workdays.add_working_days(date(2027, 9, 30), 1, calendar=cal) == date(2027, 10, 5)
    assert workdays.add_working_days(date(2027, 9, 25), 1, calendar=cal) == date(2027, 9, 26)


# 79号 extra


@pytest.mark.clause("hq:3.1")
def test_hq31_half_up() -> None:
    """25% × 12345678.90 = 3086419.725 rounds half up to 3086419.73."""
    d = headquarters.land_subsidy(ent(), deal(reserve_price=D("12345678.90"), winning_price=D("60000000")), project())
    assert d.amount == D("3086419.73")  # 3,086,419.725


@pytest.mark.clause("hq:3.1")
def test_hq31_apartments_third() -> None:
    """A third of the floor area in commercial apartments leaves two thirds of 1000万: 6666666.67."""
    d = headquarters.land_subsidy(
        ent(),
        deal(
            above_ground_floor_area=D("90000"),
            self_held_floor_area=D("45000"),
            commercial_apartment_floor_area=D("30000"),
        ),
        project(),
    )
    assert d.amount == D("6666666.67")


@pytest.mark.clause("hq:3.1")
def test_hq31_remainder_equal_amount() -> None:
    """「不得超过」 the remainder allows a subsidy equal to it (5000万 − 4000万 = 1000万)."""
    d = headquarters.land_subsidy(ent(), deal(winning_price=D("50000000"), comprehensive_cost=D("40000000")), project())
    assert d.eligible
    assert d.amount == D("10000000.00")


@pytest.mark.clause("hq:3.1")
def test_hq31_remainder_zero() -> None:
    """No remainder after the comprehensive cost leaves nothing to subsidise."""
    d = headquarters.land_subsidy(ent(), deal(winning_price=D("40000000"), comprehensive_cost=D("40000000")), project())
    assert not d.eligible
    assert d.amount == D("0.00")


@pytest.mark.clause("hq:3.1")
def test_hq31_larger_reading_param() -> None:
    """Under the 'larger remainder' reading of 「或」 the larger remainder (800万) binds."""
    p = headquarters.HQParameters(land_cap_reading="larger")
    d = headquarters.land_subsidy(
        ent(), deal(comprehensive_cost=D("55000000"), benchmark_price=D("52000000")), project(), params=p
    )
    assert d.amount == D("8000000.00")


@pytest.mark.clause("hq:3.1")
def test_hq31_winning_below_reserve_error() -> None:
    """A winning price below the reserve price is impossible input."""
    with pytest.raises(ValidationError, match=r"winning_price: 拍得价款39999999\.99元低于出让底价40000000元"):
        deal(winning_price=D("39999999.99"))


@pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
def test_hq31_tranche_names_milestone() -> None:
    """Each tranche has its share (40%, 30%, 25%, 5%) and the milestone that releases it."""
    tr = headquarters.land_subsidy_tranches(D("1000000"))
    assert [t.share for t in tr] == [D("0.40"), D("0.30"), D("0.25"), D("0.05")]
    assert all(t.milestone for t in tr)


@pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
def test_hq31_payable_so_far() -> None:
    """After 基础正负零 and 主体建成, 40% + 30% of a 1000万 subsidy (700万) may be paid."""
    milestone = headquarters.Milestone
    p = headquarters.land_subsidy_payable(
        D("10000000"), {milestone.FOUNDATION: date(2025, 1, 1), milestone.MAIN_STRUCTURE: date(2025, 6, 1)}
    )
    assert p.amount == D("7000000.00")


@pytest.mark.clause("hq:4.5")
def test_hq_land_clawback() -> None:
    """「验收不合格的……启动奖补资金追回程序」: all that was paid is recovered; nothing when it passes."""
    assert headquarters.land_clawback(D("7000000"), evaluation_passed=False).amount == D("7000000.00")
    assert headquarters.land_clawback(D("7000000"), evaluation_passed=True).amount == D("0.00")


@pytest.mark.clause("hq:3.2.2")
@pytest.mark.parametrize(
    ("received", "tax", "left", "performed", "due"),
    [
        (D("3000000"), D("1000000"), False, True, D("2000000.00")),
        (D("3000000"), D("3000000"), False, True, D("0.00")),
        (D("3000000"), D("3500000"), False, True, D("0.00")),
        (D("3000000"), D("1000000"), True, False, D("2000000.00")),
    ],
)
def test_hq32_rent_clawback(received: D, tax: D, left: bool, performed: bool, due: D) -> None:
    """「对区本级税收贡献少于所享受租房补贴的……补齐差额」: the shortfall of tax below the subsidy is repaid."""
    d = headquarters.rent_clawback(received, tax, left_or_deregistered=left, agreement_fully_performed=performed)
    assert d.amount == due


@pytest.mark.clause("hq:2.1")
@pytest.mark.parametrize(("code", "norm"), [("j6621", "J6621"), (" I65 ", "I65")])
def test_hq2_industry_normalised(code: str, norm: str) -> None:
    """An industry code in lower case or with spaces is read as the GB/T 4754-2017 code."""
    assert ent(industry_code=code).industry_code == norm


@pytest.mark.clause("hq:2.1")
@pytest.mark.parametrize("code", ["L73", "J70", "D43", "I62"])
def test_hq2_division_not_in_section(code: str) -> None:
    """A division (大类) outside its section's range (e.g. L73) is refused, naming the field."""
    with pytest.raises(
        ValidationError, match=rf"industry_code\s+Value error, 行业代码{code}的大类{code[1:]}不属于门类{code[0]}"
    ):
        ent(industry_code=code)


@pytest.mark.clause("hq:2.1")
def test_hq2_section_only_L_not_qualifying() -> None:
    """Section L alone is not enough (only 商务服务业 72 of it qualifies); section J (金融业) is."""
    assert not headquarters.hq_eligibility(ent(industry_code="L")).eligible
    assert headquarters.hq_eligibility(ent(industry_code="J")).eligible


@pytest.mark.clause("hq:2.2")
def test_hq2_investment_per_mu_with_deal() -> None:
    """「亩均固定资产投资在1000万元以上」 includes exactly 1000万元/亩; one fen less fails."""
    assert headquarters.hq_eligibility(ent(), deal()).eligible
    assert not headquarters.hq_eligibility(ent(), deal(fixed_asset_investment=D("99999999.99"))).eligible


@pytest.mark.clause("hq:3.2.1")
def test_hq32_rate_warning_only_outside_range() -> None:
    """1.0元 in 万达片区 (1—1.5元) draws no rate warning; 0.9元 draws exactly one more."""
    inside = headquarters.rent_subsidy(ent(), lease(agreed_rate=D("1.0")), 1)
    outside = headquarters.rent_subsidy(ent(), lease(agreed_rate=D("0.9")), 1)
    assert len(outside.warnings) == len(inside.warnings) + 1


@pytest.mark.clause("hq:3.2.1")
def test_hq32_fractional_area_rounding() -> None:
    """10000.03 m² × 0.5元 × 365 × 50% = 912502.7375 rounds half up to 912502.74."""
    d = headquarters.rent_subsidy(
        ent(), lease(floor_area_m2=D("10000.03"), district="东城片区", agreed_rate=D("0.5")), 4
    )
    assert d.amount == D("912502.74")  # 912,502.7375


@pytest.mark.clause("hq:3.2.1")
def test_hq32_lease_end_inside_year() -> None:
    """A lease ending inside a lease year is subsidised for its days only, and not after it ends."""
    contract = lease(end=date(2026, 8, 31), floor_area_m2=D("10000"), district="东城片区", agreed_rate=D("0.5"))
    # year 2: 2026-03-01..2026-08-31 = 184 days
    assert headquarters.rent_subsidy(ent(), contract, 2).amount == D("920000.00")
    assert headquarters.rent_subsidy(ent(), contract, 3).amount == D("0.00")


@pytest.mark.clause("hq:4.5")
def test_hq_procedure_evaluation() -> None:
    """The evaluation is due 12 months after completion or 工商注册; from 2024-02-29 that is 2025-02-28."""
    p = headquarters.procedure(completed_on=date(2025, 12, 1))
    assert p.evaluation_by == date(2026, 12, 1)
    p2 = headquarters.procedure(registered_on=date(2024, 2, 29))
    assert p2.evaluation_by == date(2025, 2, 28)


@pytest.mark.clause("hq:5.2")
def test_hq_hq_params_validity() -> None:
    """「自发布之日起执行,有效期2年」: from 2024-06-12 to 2026-06-11."""
    p = headquarters.DEFAULTS
    assert (p.valid_from, p.valid_until) == (date(2024, 6, 12), date(2026, 6, 11))


# 4号 extra


@pytest.mark.clause("ebike:2.3.12")
def test_ebike_overdue_working_days_over_spring_festival() -> None:
    """On 2025-02-05 task 12 (due 2024-12-31) is 36 days and 20 working days overdue for 区公安分局."""
    od = ebike.overdue(date(2025, 2, 5))
    items = [o for o in od[ebike.department("区公安分局")] if o.task.number == 12]
    assert len(items) == 1
    assert items[0].days == 36
    assert items[0].working_days == 20


@pytest.mark.clause("ebike:2.1.1", "ebike:3.2")
def test_ebike_overdue_undated_after_rectification() -> None:
    """An undated task (1) is listed only when asked for, and then only after 整治攻坚 ends on 2025-11-30."""
    asked = {"include_undated": True}
    assert not any(o.task.number == 1 for v in ebike.overdue(date(2025, 11, 30), **asked).values() for o in v)
    od = ebike.overdue(date(2025, 12, 1), working_days=False, **asked)
    assert any(o.task.number == 1 for o in od[ebike.department("区工信局")])
    default = ebike.overdue(date(2025, 12, 1), working_days=False)
    assert not any(o.task.number == 1 for v in default.values() for o in v)


@pytest.mark.clause("ebike:2.4.16")
def test_ebike_due_between() -> None:
    """The only milestone in October 2024 is task 16's 「2024年10月底前」."""
    got = ebike.due_between(date(2024, 10, 1), date(2024, 10, 31))
    assert [x.task.number for x in got] == [16]


@pytest.mark.clause("ebike:3.1", "ebike:3.3")
def test_ebike_phase_before_notice_error() -> None:
    """Days before the plan's notice or after 验收评估 (2025年12月底) belong to no phase: an error."""
    with pytest.raises(OutsideValidityError, match="day: 2024年6月16日不在本方案工作步骤覆盖的期间"):
        ebike.phase_on(date(2024, 6, 16))
    with pytest.raises(OutsideValidityError, match="day: 2026年1月1日不在本方案工作步骤覆盖的期间"):
        ebike.phase_on(date(2026, 1, 1))


@pytest.mark.clause("ebike:2.4.18")
def test_ebike_task18_text_has_no_page_number() -> None:
    """Task 18's text is read whole across the page break (「各部门要加大」); its departments are as written."""
    t = next(t for t in ebike.TASKS if t.number == 18)
    assert "各部门要加大" in t.text
    assert names(t.lead) == ["区公安分局", "区工信局", "区市场监管局"]
    assert names(t.support) == ["区消防救援大队"]


@pytest.mark.clause(
    "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7", "ebike:2.2.8", "ebike:2.3.13", "ebike:2.4.15",
    "ebike:2.6.21",
)  # fmt: skip
def test_ebike_tasks_all_departments_table() -> None:
    """Tasks 4-8, 13, 15 and 21 have the lead and supporting departments the plan writes."""
    expected = {
        4: (["区自然资源分局"], []),
        5: (["区住建局"], ["区消防救援大队"]),
        6: (["区消防救援大队"], ["区住建局"]),
        7: (["区发改委"], ["区市场监管局"]),
        8: (["区消防救援大队"], ["区住建局", "区公安分局"]),
        13: (["区公安分局"], []),
        15: (["区工信局"], ["区市场监管局"]),
        21: (["区市场监管局", "区消防救援大队"], ["区工信局", "区公安分局"]),
    }
    for n, (lead, sup) in expected.items():
        t = next(t for t in ebike.TASKS if t.number == n)
        assert (names(t.lead), names(t.support)) == (lead, sup), n


@pytest.mark.clause(
    "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7", "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.13",
    "ebike:2.4.15", "ebike:2.4.18", "ebike:2.6.21",
)  # fmt: skip
def test_ebike_deadlines_other_tasks() -> None:
    """Tasks 9, 13, 15 and 18 have the dated deadlines the plan writes; tasks 4-8 and 21 have none."""
    expected = {
        9: [date(2025, 12, 31)],
        13: [date(2025, 12, 31)],
        15: [date(2024, 12, 31)],
        18: [date(2024, 12, 31)],
        4: [],
        5: [],
        6: [],
        7: [],
        8: [],
        21: [],
    }
    for n, dl in expected.items():
        t = next(t for t in ebike.TASKS if t.number == n)
        assert days(t.deadlines) == dl, n


@pytest.mark.clause("ebike:2.5.19")
def test_ebike_battery_on_exact_day() -> None:
    """A battery produced 2019-06-01 is 5 years old on 2024-06-01 and over 5 years the next day.

    Not flagged on 2024-06-02, before the plan was issued (2024-06-17); a follow-up for the administration
    from the notice date; never the owner's violation.
    """
    v = _vehicle(date(2019, 6, 1))
    for day in (date(2024, 6, 1), date(2024, 6, 2)):
        inspection = ebike.inspect_vehicle(v, day)
        assert "ebike:2.5.19" not in violated_clauses(inspection) | followed_clauses(inspection)
    assert "ebike:2.5.19" in followed_clauses(ebike.inspect_vehicle(v, date(2024, 6, 17)))
    assert "ebike:2.5.19" not in violated_clauses(ebike.inspect_vehicle(v, date(2024, 6, 17)))


@pytest.mark.clause("ebike:2.5.19")
def test_ebike_battery_assessed_ok() -> None:
    """An old battery assessed safe may stay in use; one the assessment finds fit for scrap may not."""
    v = _vehicle(date(2019, 6, 1))
    b = v.battery.model_copy(
        update={"safety_assessment": ebike.SafetyAssessment(assessed_on=date(2024, 7, 1), scrap_conditions_met=False)}
    )
    v2 = v.model_copy(update={"battery": b})
    assert "ebike:2.5.19" not in violated_clauses(ebike.inspect_vehicle(v2, date(2024, 8, 1)))
    b3 = v.battery.model_copy(
        update={"safety_assessment": ebike.SafetyAssessment(assessed_on=date(2024, 7, 1), scrap_conditions_met=True)}
    )
    assert "ebike:2.5.19" in violated_clauses(
        ebike.inspect_vehicle(v.model_copy(update={"battery": b3}), date(2024, 8, 1))
    )


@pytest.mark.clause("ebike:2.3.12")
def test_ebike_non_standard_vehicle() -> None:
    """A non-standard e-bike is a follow-up until the transition the district sets ends; a violation after it.

    「由区政府合理设定过渡期」: the plan sets no end, and 「2024年12月底前完成」 dates the task, so without
    a supplied end it stays a follow-up for 区公安分局 (on 2025-01-01 too).
    """
    v = _vehicle(date(2023, 1, 1)).model_copy(update={"meets_national_standard": False})
    for day in (date(2024, 12, 31), date(2025, 1, 1)):
        inspection = ebike.inspect_vehicle(v, day)
        assert "ebike:2.3.12" not in violated_clauses(inspection)
        assert "ebike:2.3.12" in followed_clauses(inspection)
    params = ebike.EbikeParameters(nonstandard_transition_ends=date(2024, 12, 31))
    assert "ebike:2.3.12" not in violated_clauses(ebike.inspect_vehicle(v, date(2024, 12, 31), params=params))
    assert "ebike:2.3.12" in violated_clauses(ebike.inspect_vehicle(v, date(2025, 1, 1), params=params))


@pytest.mark.clause("ebike:2.3.14")
def test_ebike_delivery_speed() -> None:
    """Delivery times set 「按照最高速度25公里/小时」 pass; a basis of 25.1 km/h does not."""
    ok = ebike.DeliveryFleet(name="x", delivery_vehicles=10, vehicles_with_gps=10, speed_basis_kmh=D("25"))
    bad = ebike.DeliveryFleet(name="x", delivery_vehicles=10, vehicles_with_gps=10, speed_basis_kmh=D("25.1"))
    assert ebike.inspect_delivery_fleet(ok, date(2024, 9, 1)).compliant
    assert not ebike.inspect_delivery_fleet(bad, date(2024, 9, 1)).compliant


@pytest.mark.clause("ebike:2.4.17")
def test_ebike_dealer_split_sale() -> None:
    """「严禁电动自行车整车与蓄电池拆分销售」: a shop selling bike and battery separately fails the inspection."""
    s = ebike.Shop(name="x", incoming_inspection_records=True, sells_bike_and_battery_separately=True)
    assert not ebike.inspect_dealer(s, date(2024, 7, 1)).compliant


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.7", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11",
    "ebike:2.3.14", "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20",
    "ebike:2.6.21",
)  # fmt: skip
def test_ebike_ics_parses() -> None:
    """区市场监管局's agenda is a valid iCalendar file with at least one event."""
    cal = Calendar.from_ical(ebike.agenda_ics("区市场监管局"))
    assert len(cal.walk("VEVENT")) >= 1


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7", "ebike:2.2.8",
    "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14", "ebike:2.4.15",
    "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
)  # fmt: skip
@pytest.mark.parametrize(
    ("dept", "role", "numbers"),
    [
        ("区市场监管局", "lead", [1, 2, 9, 10, 11, 14, 16, 17, 18, 20, 21]),
        ("区市场监管局", "support", [3, 7, 15, 19]),
        ("区消防救援大队", "lead", [6, 8, 9, 20, 21]),
        ("区消防救援大队", "support", [1, 5, 18]),
        ("区公安分局", "lead", [12, 13, 18, 20]),
        ("区公安分局", "support", [1, 8, 10, 11, 14, 21]),
        ("区工信局", "lead", [1, 3, 15, 18, 19, 20]),
        ("区工信局", "support", [16, 21]),
        ("工信局", "any", [1, 3, 15, 16, 18, 19, 20, 21]),
    ],
)
def test_ebike_tasks_for_more(dept: str, role: str, numbers: list[int]) -> None:
    """The four busiest departments lead and support the tasks the plan assigns them; short names are accepted."""
    assert [t.number for t in ebike.tasks_for(dept, role=role)] == numbers


@pytest.mark.clause("hq:5.1", "hq:5.2")
@pytest.mark.parametrize(
    ("signed", "ok"), [(date(2026, 6, 11), True), (date(2026, 6, 12), False), (date(2024, 6, 12), True)]
)
def test_hq32_lease_signed_validity(signed: date, ok: bool) -> None:
    """A lease signed in the validity (2024-06-12 to 2026-06-11) qualifies; one signed after it does not."""
    contract = lease(signed_on=signed, start=date(2026, 7, 1))
    assert headquarters.rent_subsidy(ent(), contract, 1).eligible is ok


@pytest.mark.clause("hq:3.1")
def test_hq31_statistics_leap_completion() -> None:
    """「竣工12个月内完成入统」 from 2027-02-28 ends on 2028-02-28, not on the leap day after it."""
    pr = project(completed_on=date(2027, 2, 28), statistics_registered_on=date(2028, 2, 28))
    d = headquarters.land_subsidy(ent(), deal(contract_signed_on=date(2025, 1, 1)), pr)
    assert d.eligible
    pr2 = project(completed_on=date(2027, 2, 28), statistics_registered_on=date(2028, 2, 29))
    assert not headquarters.land_subsidy(ent(), deal(contract_signed_on=date(2025, 1, 1)), pr2).eligible


@pytest.mark.clause("hq:3.2.1")
def test_hq_rent_schedule_leap_start_days() -> None:
    """Five lease years from 2024-02-29 cover every day up to 2029-02-28 with no gap or overlap."""
    contract = lease(
        signed_on=date(2024, 6, 12),
        start=date(2024, 2, 29),
        floor_area_m2=D("10000"),
        district="东城片区",
        agreed_rate=D("0.5"),
    )
    sched = headquarters.rent_subsidy_schedule(ent(), contract)
    assert sum(y.days for y in sched) == (date(2029, 2, 28) - date(2024, 2, 29)).days


@pytest.mark.clause("ebike:2.4.16")
def test_ebike_overdue_task16_first_milestone() -> None:
    """On 2024-11-01 task 16's first milestone (2024-10-31) is 1 day and 1 working day overdue for 区工信局."""
    od = ebike.overdue(date(2024, 11, 1))
    items = [o for o in od[ebike.department("区工信局")] if o.task.number == 16]
    assert len(items) == 1
    assert items[0].days == 1
    assert items[0].working_days == 1


@pytest.mark.clause("used-car:8")
def test_uc_growth_applied_before_validity() -> None:
    """「自发布之日起实施」: a growth application dated 2024-06-22, before issue, is refused."""
    assert not used_car.growth_reward(dealer(), revenue_2024=D("20000000"), applied_on=date(2024, 6, 22)).eligible
