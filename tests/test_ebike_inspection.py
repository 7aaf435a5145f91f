"""赤红政办发〔2024〕4号: the inspections of a vehicle, a dealer and a delivery fleet.

Each inspection rule on both sides of its limit is a worked case in
``tests/spec/ebike.toml`` (run by ``tests/test_spec.py``). This module keeps
what a spec file cannot say: dict records, model strictness, the bundled
examples and the hypothesis properties.
"""

from __future__ import annotations

import json
from datetime import date
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
    Vehicle,
    assessment_required_from,
    inspect_dealer,
    inspect_delivery_fleet,
    inspect_vehicle,
)

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
    def test_dict_record(self) -> None:
        """A plain dict (e.g. read from JSON) is validated into a Vehicle first."""
        assert inspect_vehicle(vehicle().model_dump(mode="json"), DAY) == inspect_vehicle(vehicle(), DAY)

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


@pytest.mark.clause("ebike:2.3.10")
class TestTask10Modifications:
    def test_modifications_listed_in_text_order(self) -> None:
        """The six modifications keep the text's wording and order; several are several violations."""
        assert [m.value for m in Modification] == [
            "擅自改装原厂电气配件", "拆改限速", "解码提速", "外设蓄电池托架", "改造蓄电池槽盒", "更换大容量蓄电池",
        ]  # fmt: skip
        assert all(m.value in ebike.task(10).text for m in Modification)
        decision = inspect_vehicle(vehicle(modifications=list(Modification)), DAY)
        assert failed(decision) == ["ebike:2.3.10"] * 6


@pytest.mark.clause("ebike:2.5.19")
class TestTask19OldBatteries:
    @given(st.dates(date(2015, 1, 1), date(2025, 12, 31)), st.dates(date(2024, 6, 17), date(2025, 12, 31)))
    def test_rule_agrees_with_required_from(self, produced: date, day: date) -> None:
        """An unassessed battery fails task 19 exactly from assessment_required_from(production) on."""
        if produced > day:
            return
        battery = {"produced_on": produced, "chemistry": BatteryChemistry.LEAD_ACID}
        decision = inspect_vehicle(vehicle(battery=battery), day)
        assert ("ebike:2.5.19" in failed(decision)) == (day >= assessment_required_from(produced))


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
    def test_modified_vehicles(self) -> None:
        """A modified vehicle with no measure is a violation; one restored, banned or restricted is not."""
        untreated = fleet(modified_vehicles=[{"vehicle_id": "A1"}, {"vehicle_id": "A2", "measures": ["禁止使用"]}])
        decision = inspect_delivery_fleet(untreated, date(2024, 9, 1))
        assert failed(decision) == ["ebike:2.3.14"]
        assert "A1" in decision.failed[0].zh
        treated = fleet(modified_vehicles=[ModifiedVehicle(vehicle_id="A1", measures=frozenset(FleetMeasure))])
        assert inspect_delivery_fleet(treated, date(2024, 9, 1)).eligible


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
