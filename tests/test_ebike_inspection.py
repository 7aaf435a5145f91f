"""赤红政办发〔2024〕4号: the inspections of a vehicle, a dealer and a delivery fleet, each rule on both sides."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from hongshan_policy import ebike
from hongshan_policy.decisions import Decision
from hongshan_policy.ebike import (
    BatteryChemistry,
    DeliveryFleet,
    FleetMeasure,
    Modification,
    ModifiedVehicle,
    Product,
    SalesChannel,
    Shop,
    Vehicle,
    assessment_required_from,
    inspect_dealer,
    inspect_delivery_fleet,
    inspect_vehicle,
)
from hongshan_policy.errors import InvalidInputError, OutsideValidityError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "ebike"
DAY = date(2025, 3, 1)


def vehicle(**changes: Any) -> Vehicle:
    """A compliant vehicle: a 2023 lithium battery with a 6-year safe life, all codes, no charger on board."""
    battery = {
        "chemistry": BatteryChemistry.LITHIUM_ION,
        "produced_on": date(2023, 3, 1),
        "identification_code": "B-001",
        "safe_service_life_years": 6,
    }
    battery.update(changes.pop("battery", {}))
    charger = {"on_board": False, "identification_code": "C-001"}
    charger.update(changes.pop("charger", {}))
    record: dict[str, Any] = {
        "frame_number": "HS2023000001",
        "identification_code": "F-001",
        "meets_national_standard": True,
        "battery": battery,
        "charger": charger,
    }
    record.update(changes)
    return Vehicle.model_validate(record)


def failed(decision: Decision) -> list[str]:
    return [r.clause for r in decision.failed]


def warned(decision: Decision) -> list[str]:
    return [w.clause for w in decision.warnings]


@pytest.mark.clause("ebike:2.1.1", "ebike:2.1.3", "ebike:2.3.10", "ebike:2.3.12", "ebike:2.5.19")
class TestVehicleBaseline:
    def test_compliant_vehicle(self) -> None:
        """A vehicle with codes, a young lithium battery and no built-in charger is compliant, amount 0, no warning."""
        decision = inspect_vehicle(vehicle(), DAY)
        assert decision.eligible
        assert decision.amount == 0
        assert decision.warnings == ()
        assert set(decision.clauses) == {"ebike:2.1.1", "ebike:2.1.3", "ebike:2.3.10", "ebike:2.3.12", "ebike:2.5.19"}
        assert decision.rule == "ebike.inspect_vehicle"

    def test_dict_record(self) -> None:
        """A plain dict (e.g. read from JSON) is validated into a Vehicle first."""
        assert inspect_vehicle(vehicle().model_dump(mode="json"), DAY) == inspect_vehicle(vehicle(), DAY)

    @pytest.mark.parametrize("day", [date(2024, 6, 16), date(2026, 1, 1)])
    def test_outside_the_plan(self, day: date) -> None:
        """An inspection before the notice (2024-06-17) or after 2025-12-31 is outside the plan: an error."""
        with pytest.raises(OutsideValidityError):
            inspect_vehicle(vehicle(), day)

    @pytest.mark.parametrize("day", [date(2024, 6, 17), date(2025, 12, 31)])
    def test_first_and_last_day(self, day: date) -> None:
        """The notice date and 2025-12-31 are covered."""
        assert inspect_vehicle(vehicle(battery={"produced_on": date(2024, 1, 1)}), day).eligible

    def test_record_dated_after_inspection(self) -> None:
        """A battery produced, or assessed, after the inspection day is an impossible input."""
        with pytest.raises(InvalidInputError) as info:
            inspect_vehicle(vehicle(battery={"produced_on": date(2025, 3, 2)}), DAY)
        assert info.value.field == "battery.produced_on"
        late = {"assessed_on": date(2025, 3, 2), "scrap_conditions_met": False}
        with pytest.raises(InvalidInputError):
            inspect_vehicle(vehicle(battery={"safety_assessment": late}), DAY)

    def test_models_are_strict(self) -> None:
        """Unknown fields, empty codes and an assessment before production are refused; records are frozen."""
        with pytest.raises(ValidationError):
            vehicle(colour="red")
        with pytest.raises(ValidationError):
            vehicle(identification_code="")
        with pytest.raises(ValidationError):
            vehicle(battery={"safety_assessment": {"assessed_on": date(2020, 1, 1), "scrap_conditions_met": False}})
        with pytest.raises(ValidationError):
            vehicle().frame_number = "x"  # type: ignore[misc]


@pytest.mark.clause("ebike:2.1.1")
class TestTask1Standards:
    def test_built_in_charger(self) -> None:
        """「全面禁止车载充电器」: a charger built into the vehicle is a violation of task 1."""
        assert failed(inspect_vehicle(vehicle(charger={"on_board": True}), DAY)) == ["ebike:2.1.1"]
        assert failed(inspect_vehicle(vehicle(charger={"on_board": False}), DAY)) == []

    def test_lithium_past_safe_life(self) -> None:
        """A lithium battery made 2020-03-01 with a 5-year safe life is fine on 2025-03-01, past it on 2025-03-02."""
        battery = {"produced_on": date(2020, 3, 1), "safe_service_life_years": 5}
        on_day = inspect_vehicle(vehicle(battery=battery), date(2025, 3, 1))
        after = inspect_vehicle(vehicle(battery=battery), date(2025, 3, 2))
        assert "ebike:2.1.1" not in failed(on_day)
        assert "ebike:2.1.1" in failed(after)
        assert any("超安全期限使用" in r.zh for r in after.failed)

    def test_unknown_safe_life_is_a_warning(self) -> None:
        """The plan sets no safe life: without one on the record the check is not made, and a warning says so."""
        decision = inspect_vehicle(vehicle(battery={"safe_service_life_years": None}), DAY)
        assert decision.eligible
        assert warned(decision) == ["ebike:2.1.1"]

    def test_second_life_lithium(self) -> None:
        """A second-life (梯次利用) lithium battery is a violation; a first-life one is not."""
        assert failed(inspect_vehicle(vehicle(battery={"second_life": True}), DAY)) == ["ebike:2.1.1"]
        assert failed(inspect_vehicle(vehicle(battery={"second_life": False}), DAY)) == []

    def test_lithium_checks_do_not_apply_to_lead_acid(self) -> None:
        """Task 1 names lithium batteries: a second-life lead-acid battery with no safe life recorded is not flagged."""
        lead_acid = {"chemistry": BatteryChemistry.LEAD_ACID, "second_life": True, "safe_service_life_years": None}
        decision = inspect_vehicle(vehicle(battery=lead_acid), DAY)
        assert decision.eligible
        assert decision.warnings == ()


@pytest.mark.clause("ebike:2.1.3")
class TestTask3Codes:
    @pytest.mark.parametrize("where", ["frame", "battery", "charger"])
    def test_missing_code_warning_then_violation(self, where: str) -> None:
        """A missing 「一车一池一充一码」 code is a warning up to 2024-12-31 and a violation from 2025-01-01."""
        changes: dict[str, Any] = {"battery": {"produced_on": date(2024, 1, 1)}}
        if where == "frame":
            changes["identification_code"] = None
        else:
            changes.setdefault(where, {})["identification_code"] = None
        before = inspect_vehicle(vehicle(**changes), date(2024, 12, 31))
        after = inspect_vehicle(vehicle(**changes), date(2025, 1, 1))
        assert before.eligible
        assert warned(before) == ["ebike:2.1.3"]
        assert failed(after) == ["ebike:2.1.3"]
        assert after.warnings == ()

    def test_each_missing_code_is_one_violation(self) -> None:
        """Three missing codes are three violations."""
        none = vehicle(
            identification_code=None, battery={"identification_code": None}, charger={"identification_code": None}
        )
        assert failed(inspect_vehicle(none, DAY)) == ["ebike:2.1.3"] * 3


@pytest.mark.clause("ebike:2.3.10")
class TestTask10Modifications:
    @pytest.mark.parametrize("modification", list(Modification))
    def test_each_modification_is_a_violation(self, modification: Modification) -> None:
        """Every modification task 10 lists is a violation citing task 10."""
        decision = inspect_vehicle(vehicle(modifications=[modification.value]), DAY)
        assert failed(decision) == ["ebike:2.3.10"]
        assert modification.value in decision.failed[0].zh

    def test_modifications_listed_in_text_order(self) -> None:
        """The six modifications keep the text's wording and order; several are several violations."""
        assert [m.value for m in Modification] == [
            "擅自改装原厂电气配件", "拆改限速", "解码提速", "外设蓄电池托架", "改造蓄电池槽盒", "更换大容量蓄电池",
        ]  # fmt: skip
        assert all(m.value in ebike.task(10).text for m in Modification)
        decision = inspect_vehicle(vehicle(modifications=list(Modification)), DAY)
        assert failed(decision) == ["ebike:2.3.10"] * 6

    def test_no_modification(self) -> None:
        """No modification: the check holds."""
        assert any(r.clause == "ebike:2.3.10" and r.held for r in inspect_vehicle(vehicle(), DAY).reasons)


@pytest.mark.clause("ebike:2.3.12")
class TestTask12NationalStandard:
    def test_transition_then_violation(self) -> None:
        """A non-standard vehicle is a warning up to 2024-12-31 (transition) and a violation from 2025-01-01."""
        old = vehicle(meets_national_standard=False, battery={"produced_on": date(2024, 1, 1)})
        before = inspect_vehicle(old, date(2024, 12, 31))
        after = inspect_vehicle(old, date(2025, 1, 1))
        assert before.eligible
        assert warned(before) == ["ebike:2.3.12"]
        assert failed(after) == ["ebike:2.3.12"]

    def test_transition_end_is_a_parameter(self) -> None:
        """The district may set an earlier transition end (a parameter)."""
        old = vehicle(meets_national_standard=False, battery={"produced_on": date(2024, 1, 1)})
        params = ebike.DEFAULTS.replace(non_standard_transition_end=date(2024, 9, 30))
        assert failed(inspect_vehicle(old, date(2024, 10, 1), params=params)) == ["ebike:2.3.12"]

    def test_standard_vehicle(self) -> None:
        """A vehicle meeting the standard passes on any day."""
        assert inspect_vehicle(vehicle(), date(2025, 6, 1)).eligible


@pytest.mark.clause("ebike:2.5.19")
class TestTask19OldBatteries:
    def test_issue_example(self) -> None:
        """A battery produced on 2019-06-01 needs assessment from 2024-06-02 (more than five years)."""
        assert assessment_required_from(date(2019, 6, 1)) == date(2024, 6, 2)
        assert assessment_required_from(date(2020, 2, 29)) == date(2025, 3, 1)

    def test_boundary_through_an_inspection(self) -> None:
        """Produced 2019-07-01 without assessment: compliant on 2024-07-01, a violation on 2024-07-02."""
        battery = {"produced_on": date(2019, 7, 1), "chemistry": BatteryChemistry.LEAD_ACID}
        assert inspect_vehicle(vehicle(battery=battery), date(2024, 7, 1)).eligible
        assert failed(inspect_vehicle(vehicle(battery=battery), date(2024, 7, 2))) == ["ebike:2.5.19"]

    def test_assessed_after_five_years(self) -> None:
        """An assessment made once the battery was past five years, not failed, satisfies the rule."""
        assessed = {"assessed_on": date(2024, 7, 2), "scrap_conditions_met": False}
        battery = {
            "produced_on": date(2019, 7, 1),
            "chemistry": BatteryChemistry.LEAD_ACID,
            "safety_assessment": assessed,
        }
        assert inspect_vehicle(vehicle(battery=battery), date(2024, 8, 1)).eligible

    def test_assessment_before_five_years_does_not_count(self) -> None:
        """An assessment made on the 5-year day itself (not yet 「超过」) does not count."""
        assessed = {"assessed_on": date(2024, 7, 1), "scrap_conditions_met": False}
        battery = {
            "produced_on": date(2019, 7, 1),
            "chemistry": BatteryChemistry.LEAD_ACID,
            "safety_assessment": assessed,
        }
        assert failed(inspect_vehicle(vehicle(battery=battery), date(2024, 8, 1))) == ["ebike:2.5.19"]

    def test_failed_assessment_means_scrap(self) -> None:
        """「达到报废条件的一律强制报废」: a battery found fit for scrap and still in use is a violation."""
        assessed = {"assessed_on": date(2024, 7, 2), "scrap_conditions_met": True}
        battery = {
            "produced_on": date(2019, 7, 1),
            "chemistry": BatteryChemistry.LEAD_ACID,
            "safety_assessment": assessed,
        }
        decision = inspect_vehicle(vehicle(battery=battery), date(2024, 8, 1))
        assert failed(decision) == ["ebike:2.5.19"]
        assert "强制报废" in decision.failed[0].zh

    def test_years_is_a_parameter(self) -> None:
        """battery_assessment_years moves the threshold."""
        params = ebike.DEFAULTS.replace(battery_assessment_years=4)
        assert assessment_required_from(date(2019, 6, 1), params=params) == date(2023, 6, 2)

    @given(st.dates(date(2015, 1, 1), date(2025, 12, 31)), st.dates(date(2024, 6, 17), date(2025, 12, 31)))
    def test_rule_agrees_with_required_from(self, produced: date, day: date) -> None:
        """An unassessed battery fails task 19 exactly from assessment_required_from(production) on."""
        if produced > day:
            return
        battery = {"produced_on": produced, "chemistry": BatteryChemistry.LEAD_ACID}
        decision = inspect_vehicle(vehicle(battery=battery), day)
        assert ("ebike:2.5.19" in failed(decision)) == (day >= assessment_required_from(produced))


def shop(**changes: Any) -> Shop:
    record: dict[str, Any] = {
        "name": "红山区某电动车行",
        "incoming_inspection_records": True,
        "sells_bike_and_battery_separately": False,
    }
    record.update(changes)
    return Shop.model_validate(record)


@pytest.mark.clause("ebike:2.4.17", "ebike:2.4.16", "ebike:2.3.11")
class TestDealer:
    def test_compliant_shop(self) -> None:
        """A shop with records, selling whole bikes, nothing uncertified, is compliant."""
        decision = inspect_dealer(shop(), DAY)
        assert decision.eligible
        assert decision.warnings == ()
        assert decision.amount == 0

    def test_missing_records(self) -> None:
        """Missing incoming-inspection records: a warning up to 2024-08-31, a violation from 2024-09-01 (task 17)."""
        before = inspect_dealer(shop(incoming_inspection_records=False), date(2024, 8, 31))
        after = inspect_dealer(shop(incoming_inspection_records=False), date(2024, 9, 1))
        assert before.eligible
        assert warned(before) == ["ebike:2.4.17"]
        assert failed(after) == ["ebike:2.4.17"]

    def test_separate_sale(self) -> None:
        """「严禁电动自行车整车与蓄电池拆分销售」 applies from the notice date."""
        assert failed(inspect_dealer(shop(sells_bike_and_battery_separately=True), date(2024, 6, 17))) == [
            "ebike:2.4.17"
        ]

    @pytest.mark.parametrize("product", list(Product))
    def test_uncertified_in_a_shop(self, product: Product) -> None:
        """Selling a product without CCC in a shop is a violation of task 16 (未经强制性产品认证…销售)."""
        decision = inspect_dealer(shop(uncertified_products=[product]), date(2024, 6, 17))
        assert failed(decision) == ["ebike:2.4.16"]

    def test_uncertified_online(self) -> None:
        """Online, the same sale is a violation of task 11 (严禁销售未依法经强制性产品认证的…产品)."""
        decision = inspect_dealer(shop(channel=SalesChannel.ONLINE, uncertified_products=["蓄电池", "充电器"]), DAY)
        assert failed(decision) == ["ebike:2.3.11", "ebike:2.3.11"]

    def test_outside_the_plan(self) -> None:
        """An inspection outside 2024-06-17..2025-12-31 is an error."""
        with pytest.raises(OutsideValidityError):
            inspect_dealer(shop(), date(2026, 1, 1))


def fleet(**changes: Any) -> DeliveryFleet:
    record: dict[str, Any] = {
        "name": "某即时配送站",
        "delivery_vehicles": 10,
        "vehicles_with_gps": 10,
        "speed_basis_kmh": "25",
    }
    record.update(changes)
    return DeliveryFleet.model_validate(record)


@pytest.mark.clause("ebike:2.3.14")
class TestDeliveryFleet:
    def test_compliant_fleet(self) -> None:
        """GPS on every vehicle, times set for 25 km/h, no modified vehicle: compliant."""
        decision = inspect_delivery_fleet(fleet(), DAY)
        assert decision.eligible
        assert decision.warnings == ()

    def test_gps(self) -> None:
        """A vehicle without GPS: a warning up to 2024-08-31, a violation from 2024-09-01."""
        assert warned(inspect_delivery_fleet(fleet(vehicles_with_gps=9), date(2024, 8, 31))) == ["ebike:2.3.14"]
        assert failed(inspect_delivery_fleet(fleet(vehicles_with_gps=9), date(2024, 9, 1))) == ["ebike:2.3.14"]

    @pytest.mark.parametrize(("speed", "ok"), [("20", True), ("25", True), ("25.1", False), ("30", False)])
    def test_speed_basis(self, speed: str, ok: bool) -> None:
        """Delivery times must assume a top speed of 25 km/h: exactly 25 complies, above does not."""
        decision = inspect_delivery_fleet(fleet(speed_basis_kmh=speed), date(2024, 9, 1))
        assert decision.eligible is ok

    def test_speed_basis_not_set(self) -> None:
        """No delivery-time standard set at all is a violation after 2024-08-31."""
        assert failed(inspect_delivery_fleet(fleet(speed_basis_kmh=None), date(2024, 9, 1))) == ["ebike:2.3.14"]

    def test_speed_is_a_parameter(self) -> None:
        """delivery_top_speed_kmh moves the limit."""
        params = ebike.DEFAULTS.replace(delivery_top_speed_kmh=Decimal(20))
        assert not inspect_delivery_fleet(fleet(), DAY, params=params).eligible

    def test_modified_vehicles(self) -> None:
        """A modified vehicle with no measure is a violation; one restored, banned or restricted is not."""
        untreated = fleet(modified_vehicles=[{"vehicle_id": "A1"}, {"vehicle_id": "A2", "measures": ["禁止使用"]}])
        decision = inspect_delivery_fleet(untreated, date(2024, 9, 1))
        assert failed(decision) == ["ebike:2.3.14"]
        assert "A1" in decision.failed[0].zh
        treated = fleet(modified_vehicles=[ModifiedVehicle(vehicle_id="A1", measures=frozenset(FleetMeasure))])
        assert inspect_delivery_fleet(treated, date(2024, 9, 1)).eligible

    def test_more_gps_than_vehicles_is_refused(self) -> None:
        """vehicles_with_gps cannot exceed delivery_vehicles."""
        with pytest.raises(ValidationError):
            fleet(vehicles_with_gps=11)


@pytest.mark.clause("ebike:2.1.1", "ebike:2.4.17", "ebike:2.3.14")
class TestExamples:
    def test_example_vehicle(self) -> None:
        """examples/ebike/vehicle.json validates and is inspected as the docs say."""
        record = json.loads((EXAMPLES / "vehicle.json").read_text(encoding="utf-8"))
        decision = inspect_vehicle(record, date(2025, 3, 1))
        assert failed(decision) == ["ebike:2.1.1", "ebike:2.3.10", "ebike:2.5.19"]

    def test_example_dealer(self) -> None:
        """examples/ebike/dealer.json validates and is inspected as the docs say."""
        record = json.loads((EXAMPLES / "dealer.json").read_text(encoding="utf-8"))
        decision = inspect_dealer(record, date(2024, 9, 10))
        assert failed(decision) == ["ebike:2.4.17", "ebike:2.4.16"]

    def test_example_delivery_fleet(self) -> None:
        """examples/ebike/delivery_fleet.json: three warnings on 2024-08-20, three violations on 2024-09-01."""
        record = json.loads((EXAMPLES / "delivery_fleet.json").read_text(encoding="utf-8"))
        before = inspect_delivery_fleet(record, date(2024, 8, 20))
        assert before.eligible
        assert warned(before) == ["ebike:2.3.14"] * 3
        assert failed(inspect_delivery_fleet(record, date(2024, 9, 1))) == ["ebike:2.3.14"] * 3

    def test_example_calendar_is_current(self) -> None:
        """examples/ebike/market-regulation.ics is what agenda_ics produces today (regenerate it if not)."""
        from datetime import UTC, datetime

        path = EXAMPLES / "market-regulation.ics"
        expected = ebike.agenda_ics("区市场监管局", dtstamp=datetime(2024, 6, 17, tzinfo=UTC))
        # compared without line ends, in case a checkout rewrites CRLF (the generator's CRLF is tested elsewhere)
        assert path.read_bytes().replace(b"\r\n", b"\n") == expected.replace("\r\n", "\n").encode("utf-8")


@pytest.mark.clause("ebike:2.1.1", "ebike:2.1.3", "ebike:2.3.10", "ebike:2.3.12", "ebike:2.5.19")
class TestProperties:
    @given(
        on_board=st.booleans(),
        second_life=st.booleans(),
        mods=st.frozensets(st.sampled_from(list(Modification))),
        standard=st.booleans(),
        produced=st.dates(date(2012, 1, 1), date(2024, 6, 17)),
        day=st.dates(date(2024, 6, 17), date(2025, 12, 31)),
    )
    def test_every_violation_cites_a_task_clause(
        self,
        on_board: bool,
        second_life: bool,
        mods: frozenset[Modification],
        standard: bool,
        produced: date,
        day: date,
    ) -> None:
        """Compliant exactly when nothing failed; amount always 0; every clause cited is a task of the plan."""
        v = vehicle(
            charger={"on_board": on_board},
            battery={"second_life": second_life, "produced_on": produced},
            modifications=mods,
            meets_national_standard=standard,
        )
        decision = inspect_vehicle(v, day)
        assert decision.amount == 0
        assert decision.eligible == (not decision.failed)
        assert set(decision.clauses) <= {t.clause for t in ebike.TASKS}
        assert failed(decision).count("ebike:2.3.10") == len(mods)
