"""Hypothesis properties of hongshan_policy.headquarters: exact tranches, caps, monotonicity, ineligible means 0."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import ENTERPRISE
from hongshan_policy import headquarters as hq
from hongshan_policy.citations import CLAUSE_ID
from hongshan_policy.decisions import Decision, Repayment
from hongshan_policy.money import round_fen

fen = st.integers(min_value=0, max_value=10**12).map(lambda n: Decimal(n) / 100)
positive_area = st.integers(min_value=1, max_value=10**8).map(lambda n: Decimal(n) / 100)
ratio = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 10_000)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def enterprises(draw: st.DrawFn) -> hq.Enterprise:
    registered = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 6, 1)))
    counted = draw(st.none() | st.integers(min_value=0, max_value=800).map(lambda n: registered + timedelta(days=n)))
    return hq.Enterprise.model_validate(
        {
            **ENTERPRISE,
            "registered_on": registered,
            "statistics_registered_on": counted,
            "registered_capital": draw(fen),
            "registered_in_hongshan": draw(st.booleans()),
            "serious_dishonesty_record": draw(st.booleans()),
            "industry_code": draw(st.sampled_from(["I", "J6621", "L7212", "L7111", "D4411", "D4511", "L", "C13"])),
            "business_form": draw(st.sampled_from(list(hq.BusinessForm))),
        }
    )


@st.composite
def deals(draw: st.DrawFn) -> hq.LandDeal:
    above = draw(positive_area)
    reserve = draw(fen)
    return hq.LandDeal(
        contract_signed_on=draw(days),
        new_project_in_hongshan=draw(st.booleans()),
        reserve_price=reserve,
        winning_price=reserve + draw(fen),
        comprehensive_cost=draw(st.none() | fen),
        benchmark_price=draw(fen),
        area_mu=draw(positive_area),
        fixed_asset_investment=draw(fen),
        same_entity=draw(st.booleans()),
        land_use_changed=draw(st.booleans()),
        above_ground_floor_area=above,
        self_held_floor_area=min(above, draw(positive_area)),
        commercial_apartment_floor_area=min(above, draw(fen)),
    )


@st.composite
def projects(draw: st.DrawFn, signed: date) -> hq.LandProject:
    completed = draw(st.none() | st.integers(min_value=0, max_value=2000).map(lambda n: signed + timedelta(days=n)))
    counted = draw(st.none() | st.integers(min_value=-100, max_value=800).map(lambda n: signed + timedelta(days=n)))
    return hq.LandProject(
        completed_on=completed, statistics_registered_on=counted, direct_jobs=draw(st.integers(0, 1000))
    )


@st.composite
def leases(draw: st.DrawFn) -> hq.Lease:
    signed = draw(days)
    return hq.Lease(
        signed_on=signed,
        start=signed + timedelta(days=draw(st.integers(min_value=-60, max_value=400))),
        floor_area_m2=draw(positive_area),
        district=draw(st.sampled_from(list(hq.District))),
        agreed_rate=draw(st.integers(min_value=0, max_value=300).map(lambda n: Decimal(n) / 100)),
        specialised_ratio=draw(ratio),
    )


def assert_well_formed(decision: Decision | Repayment) -> None:
    assert decision.amount == round_fen(decision.amount)
    assert decision.amount >= 0
    if not (decision.due if isinstance(decision, Repayment) else decision.eligible):
        assert decision.amount == 0
    for clause in decision.clauses:
        assert CLAUSE_ID.match(clause), clause


@pytest.mark.clause("hq:3.1.1", "hq:3.1.2", "hq:3.1.3", "hq:3.1.4")
@given(fen)
def test_tranches_sum_exactly(amount: Decimal) -> None:
    """The four tranches are whole fen, never negative, and add up to the amount exactly."""
    tranches = hq.land_subsidy_tranches(amount)
    assert sum(t.amount for t in tranches) == amount
    assert all(t.amount >= 0 and t.amount == round_fen(t.amount) for t in tranches)


@pytest.mark.clause("hq:3.1.1")
@given(fen, st.sets(st.sampled_from(list(hq.Milestone))))
def test_payable_never_above_the_amount(amount: Decimal, reached: set[hq.Milestone]) -> None:
    """What is payable so far is the sum of the reached tranches, never above the amount."""
    payable = hq.land_subsidy_payable(amount, reached)
    tranches = hq.land_subsidy_tranches(amount)
    assert payable.amount == sum((t.amount for t in tranches if t.milestone in reached), Decimal(0))
    assert 0 <= payable.amount <= amount


@pytest.mark.clause("hq:3.1")
@given(st.data())
def test_land_amount_within_caps(data: st.DataObject) -> None:
    """The land subsidy is whole fen, never negative, never above rate × reserve nor the remainder; 0 if ineligible."""
    deal = data.draw(deals())
    project = data.draw(projects(deal.contract_signed_on))
    rate = data.draw(st.integers(min_value=0, max_value=2500).map(lambda n: Decimal(n) / 10_000))
    decision = hq.land_subsidy(data.draw(enterprises()), deal, project, rate=rate)
    assert_well_formed(decision)
    assert decision.amount <= round_fen(rate * deal.reserve_price)
    remainders = [deal.winning_price - c for c in (deal.comprehensive_cost, deal.benchmark_price) if c is not None]
    assert decision.amount <= max(min(remainders), Decimal(0))


@pytest.mark.clause("hq:3.2.1")
@given(enterprises(), leases(), st.integers(min_value=1, max_value=8))
def test_rent_never_above_the_cap(enterprise: hq.Enterprise, lease: hq.Lease, year: int) -> None:
    """A lease year's rent subsidy is whole fen, never negative, never above 300万; 0 if ineligible or after year 5."""
    decision = hq.rent_subsidy(enterprise, lease, year)
    assert_well_formed(decision)
    assert decision.amount <= Decimal(3_000_000)
    if year > 5:
        assert decision.amount == 0


@pytest.mark.clause("hq:3.2.1")
@given(enterprises(), leases())
def test_rent_never_increases_from_year_3_to_4(enterprise: hq.Enterprise, lease: hq.Lease) -> None:
    """Halving after year 3 never raises the subsidy, even when year 4 has a leap day."""
    schedule = hq.rent_subsidy_schedule(enterprise, lease)
    assert schedule[3].decision.amount <= schedule[2].decision.amount
    assert schedule[4].decision.amount <= schedule[2].decision.amount
    assert all(y.days in (365, 366) for y in schedule)


@pytest.mark.clause("hq:3.2.2")
@given(fen, fen, st.booleans(), st.booleans(), st.sampled_from(["difference", "full-on-leaving"]))
def test_rent_clawback_never_above_received(
    received: Decimal, tax: Decimal, left: bool, performed: bool, reading: str
) -> None:
    """A rent repayment is never negative and never more than what was received."""
    params = hq.HQParameters(rent_clawback_reading=reading)
    decision = hq.rent_clawback(
        received, tax, left_or_deregistered=left, agreement_fully_performed=performed, params=params
    )
    assert_well_formed(decision)
    assert decision.amount <= received


@pytest.mark.clause("hq:2")
@given(enterprises())
def test_eligibility_decisions_well_formed(enterprise: hq.Enterprise) -> None:
    """Eligibility decisions cite well-formed clause ids and carry no amount."""
    decision = hq.hq_eligibility(enterprise)
    assert_well_formed(decision)
    assert decision.amount == 0


@pytest.mark.clause("hq:3.1")
@given(fen, fen, st.none() | fen, fen, positive_area, st.data())
def test_land_amount_formula(
    reserve: Decimal, premium: Decimal, cost: Decimal | None, benchmark: Decimal, above: Decimal, data: st.DataObject
) -> None:
    """For an eligible project the amount is min(rate × reserve × non-apartment share, remainder), rounded once."""
    apartments = min(above, data.draw(fen))
    rate = data.draw(st.integers(min_value=0, max_value=2500).map(lambda n: Decimal(n) / 10_000))
    deal = hq.LandDeal(
        contract_signed_on=date(2024, 9, 1),
        new_project_in_hongshan=True,
        reserve_price=reserve,
        winning_price=reserve + premium,
        comprehensive_cost=cost,
        benchmark_price=benchmark,
        area_mu=Decimal(1),
        fixed_asset_investment=Decimal(10_000_000),
        same_entity=True,
        land_use_changed=False,
        above_ground_floor_area=above,
        self_held_floor_area=above,
        commercial_apartment_floor_area=apartments,
    )
    project = hq.LandProject(completed_on=date(2025, 9, 1), statistics_registered_on=date(2026, 9, 1), direct_jobs=300)
    decision = hq.land_subsidy(hq.Enterprise.model_validate(ENTERPRISE), deal, project, rate=rate)
    assert_well_formed(decision)
    remainders = [deal.winning_price - c for c in (cost, benchmark) if c is not None]
    cap = min(remainders)
    computed = rate * reserve * (1 - apartments / above)
    if cap <= 0 or apartments == above:  # nothing remains, or nothing above ground may be subsidised
        assert not decision.eligible
    else:
        assert decision.eligible
        assert decision.amount == round_fen(min(computed, cap))
