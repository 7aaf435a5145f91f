"""hongshan_policy.testing: every strategy draws valid models, and its constraints mean what they say."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from hongshan_policy import ebike, headquarters, testing, used_car
from hongshan_policy.credit_code import validate_credit_code
from hongshan_policy.errors import MissingFactError

PLAN_DAYS = st.dates(date(2024, 6, 17), date(2025, 12, 31))

MODEL_STRATEGIES: list[tuple[str, Callable[[], st.SearchStrategy[Any]]]] = [
    ("dealers", testing.dealers),
    ("used_car_applications", testing.used_car_applications),
    ("enterprises", testing.enterprises),
    ("land_deals", testing.land_deals),
    ("land_projects", testing.land_projects),
    ("leases", testing.leases),
    ("leases(eligible=False, rate_in_range=False)", lambda: testing.leases(eligible=False, rate_in_range=False)),
    ("hq_applications", testing.hq_applications),
    ("vehicles", testing.vehicles),
    ("batteries", testing.batteries),
    ("chargers", testing.chargers),
    ("shops", testing.shops),
    ("delivery_fleets", testing.delivery_fleets),
]


class TestEveryStrategyDrawsValidModels:
    """Each strategy, unconstrained; the constrained ones are drawn by the tests of their meaning below."""

    @pytest.mark.parametrize("make", [make for _, make in MODEL_STRATEGIES], ids=[n for n, _ in MODEL_STRATEGIES])
    @given(data=st.data())
    def test_draws_validate(self, make: Callable[[], st.SearchStrategy[Any]], data: st.DataObject) -> None:
        """What is drawn is a pydantic model that validates again from its own dump (JSON mode too)."""
        model = data.draw(make())
        assert isinstance(model, BaseModel)
        assert type(model).model_validate(model.model_dump()) == model
        assert type(model).model_validate_json(model.model_dump_json()) == model

    def test_every_public_strategy_is_listed(self) -> None:
        """The module exports exactly the documented strategies."""
        assert sorted(testing.__all__) == testing.__all__
        assert {"credit_codes", "money", "dates_around", "amounts_around"} <= set(testing.__all__)
        for name in testing.__all__:
            assert getattr(testing, name).__doc__, name


class TestFiguresAndCodes:
    @given(testing.credit_codes())
    def test_credit_codes_are_valid(self, code: str) -> None:
        """Every drawn credit code passes the GB 32100-2015 check."""
        assert validate_credit_code(code) == code

    @given(testing.credit_codes("1504", kinds=["91"]))
    def test_credit_codes_region_and_kind(self, code: str) -> None:
        """A region prefix and a kind are kept."""
        assert code.startswith("911504")
        assert validate_credit_code(code) == code

    @pytest.mark.parametrize("region", ["1504021", "15A4"])
    def test_credit_codes_bad_region(self, region: str) -> None:
        """A region that is not up to 6 digits is refused."""
        with pytest.raises(ValueError, match="region"):
            testing.credit_codes(region)

    @given(testing.money("0.01", "5000000"))
    def test_money_whole_fen_within_bounds(self, amount: Decimal) -> None:
        """Amounts have exactly two decimals and stay within the bounds."""
        assert amount.as_tuple().exponent == -2
        assert Decimal("0.01") <= amount <= Decimal(5_000_000)

    def test_money_empty_range(self) -> None:
        """Bounds with no whole fen between them are refused."""
        with pytest.raises(ValueError, match="no whole-fen"):
            testing.money("0.001", "0.009")

    @given(testing.amounts_around(10_000_000))
    def test_amounts_around(self, amount: Decimal) -> None:
        """Amounts near a threshold are whole fen within ±1 yuan of it."""
        assert amount.as_tuple().exponent == -2
        assert abs(amount - 10_000_000) <= 1

    def test_amounts_around_reaches_both_sides(self) -> None:
        """One fen below, at and one fen above are among what is drawn."""
        seen: set[Decimal] = set()

        @given(testing.amounts_around("5000000"))
        def collect(amount: Decimal) -> None:
            seen.add(amount)

        collect()
        assert {Decimal("4999999.99"), Decimal("5000000.00"), Decimal("5000000.01")} <= seen

    @given(testing.amounts_around(0, spread="0.05"))
    def test_amounts_around_never_below_the_floor(self, amount: Decimal) -> None:
        """Amounts below min_value (0) are not drawn."""
        assert Decimal(0) <= amount <= Decimal("0.05")

    @given(testing.dates_around(date(2024, 8, 31), days=3))
    def test_dates_around(self, day: date) -> None:
        """Dates near a threshold day stay within the window."""
        assert abs((day - date(2024, 8, 31)).days) <= 3

    @given(testing.industry_codes(qualifying=True))
    def test_qualifying_industry_codes(self, code: str) -> None:
        """Qualifying codes are within I, J, L72 or D44."""
        assert headquarters.validate_industry_code(code) == code
        assert code.startswith(("I", "J", "L72", "D44"))

    @given(testing.industry_codes(qualifying=False))
    def test_other_industry_codes(self, code: str) -> None:
        """Other codes are well formed and outside the qualifying scope."""
        assert headquarters.validate_industry_code(code) == code
        assert not code.startswith(("I", "J", "L72", "D44"))


@pytest.mark.clause("used-car:2", "used-car:3.1", "used-car:3.2", "used-car:8")
class TestUsedCar:
    @given(testing.dealers(eligible=True))
    def test_eligible_dealers_meet_article_2(self, dealer: used_car.Dealer) -> None:
        """Every reason of dealer_conditions holds for an eligible dealer."""
        assert all(reason.held for reason in used_car.dealer_conditions(dealer))

    @given(testing.dealers(eligible=False))
    def test_ineligible_dealers_fail_article_2(self, dealer: used_car.Dealer) -> None:
        """At least one reason of dealer_conditions fails for an ineligible dealer."""
        assert not all(reason.held for reason in used_car.dealer_conditions(dealer))

    @given(testing.used_car_applications())
    def test_assess_never_raises(self, application: used_car.Application) -> None:
        """used_car.assess answers every drawn application, with a total that is the sum of its decisions."""
        result = used_car.assess(application)
        assert result.total == sum((d.amount for d in result.decisions), Decimal("0.00"))
        assert all(d.eligible == (not d.failed) for d in result.decisions)

    @given(testing.used_car_applications(eligible=True))
    def test_eligible_applications_earn_every_reward(self, application: used_car.Application) -> None:
        """Every reward applied for by an eligible application is granted."""
        result = used_car.assess(application)
        assert result.decisions
        assert all(d.eligible for d in result.decisions), [d.failed for d in result.decisions]

    @given(testing.used_car_applications(eligible=False, rewards="both"))
    def test_ineligible_applications_earn_nothing(self, application: used_car.Application) -> None:
        """An ineligible dealer gets neither reward."""
        assert used_car.assess(application).total == 0


@pytest.mark.clause("hq:2", "hq:2.1", "hq:2.2", "hq:3.1", "hq:3.2")
class TestHeadquarters:
    @given(testing.enterprises(eligible=True))
    def test_eligible_enterprises_meet_article_2(self, enterprise: headquarters.Enterprise) -> None:
        """Every reason of hq_conditions holds for an eligible enterprise."""
        assert all(reason.held for reason in headquarters.hq_conditions(enterprise))

    @given(testing.enterprises(eligible=False))
    def test_ineligible_enterprises_fail_article_2(self, enterprise: headquarters.Enterprise) -> None:
        """At least one reason of hq_conditions fails for an ineligible enterprise."""
        assert not all(reason.held for reason in headquarters.hq_conditions(enterprise))

    @given(st.data())
    def test_eligible_land_is_granted(self, data: st.DataObject) -> None:
        """An eligible enterprise, deal and project (completed after the contract) get the land subsidy."""
        deal = data.draw(testing.land_deals(eligible=True))
        project = data.draw(testing.land_projects(eligible=True, completed_from=deal.contract_signed_on))
        decision = headquarters.land_subsidy(data.draw(testing.enterprises(eligible=True)), deal, project)
        assert decision.eligible, decision.failed

    @given(st.data())
    def test_ineligible_deal_or_project_is_refused(self, data: st.DataObject) -> None:
        """One failing condition of the deal, or of the project, refuses the land subsidy."""
        enterprise = data.draw(testing.enterprises(eligible=True))
        deal = data.draw(testing.land_deals(eligible=False))
        project = data.draw(testing.land_projects(eligible=True, completed_from=deal.contract_signed_on))
        assert not headquarters.land_subsidy(enterprise, deal, project).eligible
        good = data.draw(testing.land_deals(eligible=True))
        late = data.draw(testing.land_projects(eligible=False, completed_from=good.contract_signed_on))
        assert not headquarters.land_subsidy(enterprise, good, late).eligible

    @given(testing.enterprises(eligible=True, for_rent=True), testing.leases(eligible=True))
    def test_eligible_rent(self, enterprise: headquarters.Enterprise, lease: headquarters.Lease) -> None:
        """An eligible rent enterprise with an eligible lease meets every rent condition."""
        decision = headquarters.rent_eligibility(enterprise, lease)
        assert decision.eligible, decision.failed

    @given(testing.enterprises(eligible=True, for_rent=True), testing.leases(eligible=False))
    def test_ineligible_lease(self, enterprise: headquarters.Enterprise, lease: headquarters.Lease) -> None:
        """An ineligible lease fails the rent conditions."""
        assert not headquarters.rent_eligibility(enterprise, lease).eligible

    @given(testing.leases(rate_in_range=True))
    def test_rate_in_range_is_not_flagged(self, lease: headquarters.Lease) -> None:
        """rate_in_range=True keeps the agreed rate within its district's reference range."""
        low, high = headquarters.DEFAULTS.rate_range(lease.district)
        assert low <= lease.agreed_rate <= high

    @given(testing.hq_applications())
    def test_assess_never_raises_but_for_a_missing_fact(
        self, application: headquarters.LandApplication | headquarters.RentApplication
    ) -> None:
        """headquarters.assess answers every drawn application; its only error is the documented MissingFactError."""
        try:
            result = headquarters.assess(application)
        except MissingFactError:
            assert isinstance(application, headquarters.LandApplication)
            assert application.deal.comprehensive_cost is None
            assert application.deal.benchmark_price is None
            return
        assert result.total >= 0
        assert all(d.eligible == (not d.failed) for d in result.decisions)

    @given(testing.hq_applications(eligible=True))
    def test_eligible_applications(
        self, application: headquarters.LandApplication | headquarters.RentApplication
    ) -> None:
        """An eligible land application is granted; an eligible rent application meets every condition."""
        result = headquarters.assess(application)
        if isinstance(application, headquarters.LandApplication):
            assert result.decisions[0].eligible, result.decisions[0].failed
        else:
            assert result.eligibility is not None
            assert result.eligibility.eligible, result.eligibility.failed
            assert result.decisions[0].eligible, result.decisions[0].failed

    @given(testing.hq_applications(eligible=False))
    def test_ineligible_applications(
        self, application: headquarters.LandApplication | headquarters.RentApplication
    ) -> None:
        """An application by an ineligible enterprise gets nothing."""
        assert headquarters.assess(application).total == 0


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.3", "ebike:2.3.10", "ebike:2.3.12", "ebike:2.5.19", "ebike:2.3.14", "ebike:2.4.17"
)
class TestEbike:
    @given(testing.vehicles(compliant=True), PLAN_DAYS)
    def test_compliant_vehicles(self, vehicle: ebike.Vehicle, day: date) -> None:
        """A compliant vehicle passes inspection on every day of the plan."""
        inspection = ebike.inspect_vehicle(vehicle, day)
        assert inspection.compliant, inspection.violations
        assert inspection.follow_ups == ()

    @given(testing.vehicles(compliant=False), PLAN_DAYS)
    def test_non_compliant_vehicles(self, vehicle: ebike.Vehicle, day: date) -> None:
        """A non-compliant vehicle fails inspection on every day of the plan."""
        assert not ebike.inspect_vehicle(vehicle, day).compliant

    @given(testing.vehicles(), PLAN_DAYS)
    def test_any_vehicle_can_be_inspected(self, vehicle: ebike.Vehicle, day: date) -> None:
        """Any drawn vehicle can be inspected on any day of the plan (nothing is dated after it)."""
        inspection = ebike.inspect_vehicle(vehicle, day)
        assert inspection.compliant == (not inspection.violations)

    @given(testing.batteries(compliant=True, chemistry=ebike.BatteryChemistry.LITHIUM_ION))
    def test_batteries_constraints(self, battery: ebike.Battery) -> None:
        """chemistry= and compliant= are kept: a compliant lithium battery is first-life and coded."""
        assert battery.chemistry is ebike.BatteryChemistry.LITHIUM_ION
        assert not battery.second_life
        assert battery.identification_code is not None

    @given(testing.chargers(on_board=True, coded=False))
    def test_chargers_constraints(self, charger: ebike.Charger) -> None:
        """on_board= and coded= are kept."""
        assert charger.on_board
        assert charger.identification_code is None

    @given(testing.shops(compliant=True), PLAN_DAYS)
    def test_compliant_shops(self, shop: ebike.Shop, day: date) -> None:
        """A compliant shop passes on every day of the plan."""
        assert ebike.inspect_dealer(shop, day).compliant

    @given(testing.shops(compliant=False), PLAN_DAYS)
    def test_non_compliant_shops(self, shop: ebike.Shop, day: date) -> None:
        """A non-compliant shop fails on every day of the plan."""
        assert not ebike.inspect_dealer(shop, day).compliant

    @given(testing.delivery_fleets(compliant=True), PLAN_DAYS)
    def test_compliant_fleets(self, fleet: ebike.DeliveryFleet, day: date) -> None:
        """A compliant fleet passes, with nothing to follow up, on every day of the plan."""
        inspection = ebike.inspect_delivery_fleet(fleet, day)
        assert inspection.compliant
        assert inspection.follow_ups == ()

    @given(testing.delivery_fleets(compliant=False), PLAN_DAYS)
    def test_non_compliant_fleets(self, fleet: ebike.DeliveryFleet, day: date) -> None:
        """A fleet with a shortfall is a follow-up up to 2024-08-31 and not compliant after it."""
        inspection = ebike.inspect_delivery_fleet(fleet, day)
        if day <= date(2024, 8, 31):
            assert inspection.follow_ups
        else:
            assert not inspection.compliant


@pytest.mark.clause("used-car:3.2")
def test_the_module_docstring_example_runs() -> None:
    """The downstream example of the module docstring runs as written (with a stand-in ledger)."""
    source = testing.__doc__ or ""
    code = source.split("```python\n", 1)[1].split("```", 1)[0]

    class Ledger:
        def payable(self, credit_code: str, decision: Any) -> Decimal:
            assert validate_credit_code(credit_code) == credit_code
            return Decimal(decision.amount)

    namespace: dict[str, Any] = {"my_ledger": Ledger()}
    exec(compile(code, "hongshan_policy.testing docstring", "exec"), namespace)
    namespace["test_we_pay_what_the_rule_grants"]()


def test_without_hypothesis_the_import_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hypothesis is not a runtime dependency: importing the module without it names the extra to install."""
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    monkeypatch.delitem(sys.modules, "hongshan_policy.testing")
    with pytest.raises(ImportError, match=r"hongshan-policy\[test\]"):
        importlib.import_module("hongshan_policy.testing")


def test_dates_around_needs_a_window() -> None:
    """A window of less than one day is refused."""
    with pytest.raises(ValueError, match="days"):
        testing.dates_around(date(2024, 8, 31), days=0)
