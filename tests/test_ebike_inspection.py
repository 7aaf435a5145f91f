"""赤红政办发〔2024〕4号: the inspections of a vehicle, a dealer, a delivery fleet, premises and an online listing.

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
from hongshan_policy.ebike import (
    BatteryChemistry,
    DeliveryFleet,
    FindingKind,
    FleetMeasure,
    Inspection,
    Modification,
    ModifiedVehicle,
    Vehicle,
    assessment_required_from,
    inspect_dealer,
    inspect_delivery_fleet,
    inspect_online_listing,
    inspect_premises,
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


def failed(inspection: Inspection) -> list[str]:
    """The clause of each violation, in order."""
    return [f.clause for f in inspection.violations]


def followed(inspection: Inspection) -> list[str]:
    """The key of each follow-up, in order."""
    return [f.key for f in inspection.follow_ups]


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
        inspection = inspect_vehicle(vehicle(modifications=list(Modification)), DAY)
        assert failed(inspection) == ["ebike:2.3.10"] * 6
        assert [f.key for f in inspection.violations] == [ebike.modification_key(m) for m in Modification]
        assert ebike.modification_key(Modification.SPEED_LIMIT_REMOVED) == "ebike:task10/tamper-speed-limit"


@pytest.mark.clause("ebike:2.5.19")
class TestTask19OldBatteries:
    @given(st.dates(date(2015, 1, 1), date(2025, 12, 31)), st.dates(date(2024, 6, 17), date(2025, 12, 31)))
    def test_rule_agrees_with_required_from(self, produced: date, day: date) -> None:
        """An unassessed battery is a follow-up exactly from assessment_required_from(production) on, never more."""
        if produced > day:
            return
        battery = {"produced_on": produced, "chemistry": BatteryChemistry.LEAD_ACID}
        inspection = inspect_vehicle(vehicle(battery=battery), day)
        assert "ebike:2.5.19" not in failed(inspection)
        due = "ebike:task19/old-battery-unassessed" in followed(inspection)
        assert due == (day >= assessment_required_from(produced))

    def test_follow_up_names_department_task_and_milestone(self) -> None:
        """The follow-up names 区工信局 and 区生态环境分局, task 19 and 「2025年5月底前取得阶段性成效并持续推进」."""
        battery = {"produced_on": date(2019, 6, 1), "chemistry": BatteryChemistry.LEAD_ACID}
        (item,) = inspect_vehicle(vehicle(battery=battery), date(2024, 6, 17)).follow_ups
        assert item.departments == (ebike.Department.INDUSTRY_IT, ebike.Department.ECOLOGY_ENVIRONMENT)
        assert item.department is ebike.Department.INDUSTRY_IT
        assert (item.task, item.milestone.day if item.milestone else None) == (19, date(2025, 5, 31))

    def test_not_flagged_before_the_plan(self) -> None:
        """2024-06-02 (over five years, before the plan of 2024-06-17): information only, nothing flagged."""
        battery = {"produced_on": date(2019, 6, 1), "chemistry": BatteryChemistry.LEAD_ACID}
        inspection = inspect_vehicle(vehicle(battery=battery), date(2024, 6, 2))
        assert inspection.compliant
        assert inspection.follow_ups == ()
        assert "ebike:task19/old-battery-unassessed" in [f.key for f in inspection.information]


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
        inspection = inspect_delivery_fleet(untreated, date(2024, 9, 1))
        assert failed(inspection) == ["ebike:2.3.14"]
        assert "A1" in inspection.violations[0].zh
        treated = fleet(modified_vehicles=[ModifiedVehicle(vehicle_id="A1", measures=frozenset(FleetMeasure))])
        assert inspect_delivery_fleet(treated, date(2024, 9, 1)).compliant


@pytest.mark.clause("ebike:2.1.1", "ebike:2.4.17", "ebike:2.3.14")
class TestExamples:
    def test_example_vehicle(self) -> None:
        """examples/ebike/vehicle.json validates and is inspected as the docs say."""
        record = json.loads((EXAMPLES / "vehicle.json").read_text(encoding="utf-8"))
        inspection = inspect_vehicle(record, date(2025, 3, 1))
        assert [f.key for f in inspection.violations] == ["ebike:task1/on-board-charger", "ebike:task10/unlock-speed"]
        assert followed(inspection) == ["ebike:task19/old-battery-unassessed"]

    def test_example_dealer(self) -> None:
        """examples/ebike/dealer.json validates and is inspected as the docs say."""
        record = json.loads((EXAMPLES / "dealer.json").read_text(encoding="utf-8"))
        inspection = inspect_dealer(record, date(2024, 9, 10))
        assert failed(inspection) == ["ebike:2.4.16", "ebike:2.4.17"]

    def test_example_delivery_fleet(self) -> None:
        """examples/ebike/delivery_fleet.json: three follow-ups on 2024-08-20, three violations on 2024-09-01."""
        record = json.loads((EXAMPLES / "delivery_fleet.json").read_text(encoding="utf-8"))
        before = inspect_delivery_fleet(record, date(2024, 8, 20))
        assert before.compliant
        assert [f.clause for f in before.follow_ups] == ["ebike:2.3.14"] * 3
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
        """Compliant exactly when no violation; every clause cited is a task of the plan; JSON round-trips."""
        v = vehicle(
            charger={"on_board": on_board},
            battery={"second_life": second_life, "produced_on": produced},
            modifications=mods,
            meets_national_standard=standard,
        )
        inspection = inspect_vehicle(v, day)
        assert inspection.compliant == (not inspection.violations)
        assert set(inspection.clauses) <= {t.clause for t in ebike.TASKS}
        assert failed(inspection).count("ebike:2.3.10") == len(mods)
        assert ("ebike:2.3.12" in failed(inspection)) is False  # no transition end supplied: never a violation
        assert all(f.departments and f.task for f in inspection.follow_ups)
        assert Inspection.from_json(inspection.to_json()) == inspection


@pytest.mark.clause("ebike:2.1.3", "ebike:2.3.12")
class TestUserSuppliedDates:
    def test_code_date_and_transition_end(self) -> None:
        """code_required_from counts from its day; nonstandard_transition_ends is the last day of the transition."""
        v = vehicle(identification_code=None, meets_national_standard=False)
        params = ebike.EbikeParameters(
            code_required_from=date(2025, 3, 1), nonstandard_transition_ends=date(2025, 3, 1)
        )
        on = inspect_vehicle(v, date(2025, 3, 1), params=params)
        assert [f.key for f in on.violations] == ["ebike:task3/no-code-frame"]
        assert followed(on) == ["ebike:task12/nonstandard-vehicle"]
        after = inspect_vehicle(v, date(2025, 3, 2), params=params)
        assert [f.key for f in after.violations] == ["ebike:task3/no-code-frame", "ebike:task12/nonstandard-vehicle"]
        before = inspect_vehicle(v, date(2025, 2, 28), params=params)
        assert before.compliant
        assert followed(before) == ["ebike:task3/no-code-frame", "ebike:task12/nonstandard-vehicle"]


@pytest.mark.clause("ebike:2.1.1", "ebike:2.3.10")
class TestRendering:
    def test_text_html_json(self) -> None:
        """An inspection prints each finding with its kind, renders escaped HTML, and round-trips through JSON."""
        v = vehicle(charger={"on_board": True}, identification_code=None)
        inspection = inspect_vehicle(v, DAY)
        text = str(inspection)
        assert "不合规 not compliant" in text
        assert "✗ 违规 violation [ebike:2.1.1] ebike:task1/on-board-charger" in text
        assert "→ 区工信局 牵头 lead · 任务3 task 3 · 2024-12-31" in text
        page = inspection._repr_html_()
        assert "<table>" in page
        assert "ebike:task3/no-code-frame" in page
        data = json.loads(inspection.to_json())
        assert data["findings"][0]["kind"] in {k.value for k in FindingKind}
        assert Inspection.from_json(inspection.to_json()) == inspection
        assert inspection.by_department()[ebike.Department.INDUSTRY_IT][0].key == "ebike:task3/no-code-frame"


def premises(**changes: Any) -> ebike.Premises:
    """A compliant residential compound with a permitted undercroft and a residential-tariff charging service."""
    undercroft: dict[str, Any] = {
        "used_for_parking": True,
        "used_for_charging": True,
        "procedures_completed": True,
        "safety_design": True,
        "fire_separation": True,
        "fire_equipment_working": True,
        "video_working": True,
        "grouped_parking": True,
        "dedicated_charging": True,
        "safety_patrols": True,
    }
    undercroft.update(changes.pop("undercroft", {}))
    service: dict[str, Any] = {"tariff": "居民电价", "prices_published": True, "procedures_completed": True}
    service.update(changes.pop("charging_service", {}))
    record: dict[str, Any] = {
        "name": "某小区",
        "residential": True,
        "undercroft": undercroft,
        "charging_service": service,
    }
    record.update(changes)
    return ebike.Premises.model_validate(record)


@pytest.mark.clause("ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7", "ebike:2.2.8")
class TestPremises:
    def test_compliant(self) -> None:
        """Everything recorded and in order: compliant, nothing for a department."""
        inspection = inspect_premises(premises(), DAY)
        assert inspection.compliant
        assert inspection.follow_ups == ()
        assert inspection.rule == "ebike.inspect_premises"

    @pytest.mark.parametrize(
        ("field", "key"),
        [
            ("procedures_completed", "private-conversion"),
            ("safety_design", "no-safety-design"),
            ("fire_separation", "no-fire-separation"),
            ("fire_equipment_working", "fire-equipment-faulty"),
            ("video_working", "video-faulty"),
            ("grouped_parking", "not-grouped"),
            ("dedicated_charging", "no-dedicated-charging"),
            ("safety_patrols", "no-patrols"),
        ],
    )
    def test_each_undercroft_condition(self, field: str, key: str) -> None:
        """Each condition of task 6: False is one violation, None is information (not a pass, not a violation)."""
        broken = inspect_premises(premises(undercroft={field: False}), DAY)
        assert [f.key for f in broken.violations] == [f"ebike:task6/{key}"]
        unknown = inspect_premises(premises(undercroft={field: None}), DAY)
        assert unknown.compliant
        assert any(f.clause == "ebike:2.2.6" and "未记录" in f.zh for f in unknown.information)

    def test_undercroft_must_be_used(self) -> None:
        """An undercroft record used for neither parking nor charging is refused."""
        with pytest.raises(ValidationError):
            premises(undercroft={"used_for_parking": False, "used_for_charging": False})

    @pytest.mark.parametrize(
        ("field", "key"),
        [
            ("parked_or_charged_indoors", "indoors"),
            ("flying_lead_charging", "flying-lead"),
            ("ground_floor_window_charging", "ground-floor-window"),
            ("evacuation_blocked", "blocking-exits"),
        ],
    )
    def test_task8_behaviours(self, field: str, key: str) -> None:
        """Each behaviour task 8 names is one violation."""
        inspection = inspect_premises(premises(**{field: True}), DAY)
        assert [f.key for f in inspection.violations] == [f"ebike:task8/{key}"]

    def test_tariff(self) -> None:
        """「居民住宅小区充电电价一律按居民电价执行」: another tariff in a residential compound; not elsewhere."""
        other = {"tariff": "其他电价"}
        assert [f.key for f in inspect_premises(premises(charging_service=other), DAY).violations] == [
            "ebike:task7/non-residential-tariff"
        ]
        assert inspect_premises(premises(charging_service=other, residential=False), DAY).compliant


@pytest.mark.clause("ebike:2.3.11")
class TestOnlineListing:
    def test_listing_constraints(self) -> None:
        """Uncertified products must be among the products sold; selling e-bike products makes it an e-bike page."""
        with pytest.raises(ValidationError):
            ebike.OnlineListing(platform="p", title="t", ebike_goods=True, uncertified_products=frozenset({"蓄电池"}))  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            ebike.OnlineListing(platform="p", title="t", ebike_goods=False, products=frozenset({"蓄电池"}))  # type: ignore[arg-type]

    @pytest.mark.parametrize("advert", list(ebike.ModificationAdvert))
    def test_each_advert(self, advert: ebike.ModificationAdvert) -> None:
        """Each kind of modification advert is one violation."""
        record = {"platform": "p", "title": "t", "ebike_goods": True, "modification_notice_shown": True}
        inspection = inspect_online_listing({**record, "adverts": [advert.value]}, DAY)
        assert len(inspection.violations) == 1
        assert inspection.violations[0].key.startswith("ebike:task11/advert-")


@pytest.mark.clause("ebike:2.4.16", "ebike:2.4.18")
class TestProducer:
    def test_each_finding(self) -> None:
        """Uncertified shipments and imports, a refused recall and counterfeit production are violations."""
        record = {
            "name": "某厂",
            "uncertified_shipped": ["电动自行车"],
            "uncertified_imported": ["蓄电池"],
            "defect_confirmed": True,
            "recall_refused": True,
            "counterfeit_or_shoddy": True,
        }
        inspection = ebike.inspect_producer(record, DAY)
        assert [f.key for f in inspection.violations] == [
            "ebike:task16/uncertified-leaves-factory-ebike",
            "ebike:task16/uncertified-import-battery",
            "ebike:task16/recall-refused",
            "ebike:task18/counterfeit-production",
        ]

    def test_defect_before_the_plan_is_information(self) -> None:
        """A confirmed defect found before the notice date gives no department a duty under the plan yet."""
        inspection = ebike.inspect_producer({"name": "某厂", "defect_confirmed": True}, date(2024, 6, 16))
        assert inspection.follow_ups == ()
        assert "ebike:task16/defect-recall-pending" in [f.key for f in inspection.information]


@pytest.mark.clause("ebike:2.3.13")
class TestRoadStop:
    @given(st.decimals("0.1", "60", places=1), st.decimals("5", "40", places=1))
    def test_speeding_is_strictly_above_the_limit(self, speed: Any, limit: Any) -> None:
        """「超速」: a violation exactly when the speed is above the recorded limit."""
        stop = {"registered": True, "speed_kmh": str(speed), "speed_limit_kmh": str(limit)}
        inspection = ebike.inspect_road_stop(stop, DAY)
        assert (not inspection.compliant) is (speed > limit)


@pytest.mark.clause("ebike:2.2.6", "ebike:2.2.7", "ebike:2.2.8", "ebike:2.3.11")
class TestNewExamples:
    def test_example_premises(self) -> None:
        """examples/ebike/premises.json: private conversion, no safety design, video faulty, tariff, flying lead."""
        record = json.loads((EXAMPLES / "premises.json").read_text(encoding="utf-8"))
        inspection = inspect_premises(record, date(2025, 3, 1))
        assert [f.key for f in inspection.violations] == [
            "ebike:task6/private-conversion",
            "ebike:task6/no-safety-design",
            "ebike:task6/video-faulty",
            "ebike:task7/non-residential-tariff",
            "ebike:task8/flying-lead",
        ]
        assert "ebike:task6/not-recorded-safety-patrols" in [f.key for f in inspection.information]

    def test_example_online_listing(self) -> None:
        """examples/ebike/online_listing.json: two adverts, an uncertified battery, no notice, sent by courier."""
        record = json.loads((EXAMPLES / "online_listing.json").read_text(encoding="utf-8"))
        inspection = inspect_online_listing(record, date(2025, 3, 1))
        assert [f.key for f in inspection.violations] == [
            "ebike:task11/advert-unlock-speed",
            "ebike:task11/advert-increase-capacity",
            "ebike:task11/uncertified-sale-battery",
            "ebike:task11/no-modification-notice",
            "ebike:task11/courier-battery",
        ]


_UNDERCROFT_FIELDS = (
    "procedures_completed",
    "safety_design",
    "fire_separation",
    "fire_equipment_working",
    "video_working",
    "grouped_parking",
    "dedicated_charging",
    "safety_patrols",
)
_BEHAVIOURS = (
    "parked_or_charged_indoors",
    "flying_lead_charging",
    "ground_floor_window_charging",
    "evacuation_blocked",
)


@pytest.mark.clause("ebike:2.2.6", "ebike:2.2.8")
class TestPremisesProperties:
    @given(
        conditions=st.fixed_dictionaries({name: st.none() | st.booleans() for name in _UNDERCROFT_FIELDS}),
        behaviours=st.fixed_dictionaries({name: st.booleans() for name in _BEHAVIOURS}),
        day=st.dates(date(2024, 6, 17), date(2025, 12, 31)),
    )
    def test_one_violation_per_false_condition_and_per_behaviour(
        self, conditions: dict[str, bool | None], behaviours: dict[str, bool], day: date
    ) -> None:
        """Each condition recorded False and each behaviour seen is one violation; None is never one; no follow-up."""
        inspection = inspect_premises(premises(undercroft=conditions, **behaviours), day)
        expected = sum(v is False for v in conditions.values()) + sum(behaviours.values())
        assert len(inspection.violations) == expected
        assert inspection.compliant == (expected == 0)
        assert inspection.follow_ups == ()
        assert Inspection.from_json(inspection.to_json()) == inspection


@pytest.mark.clause("ebike:2.3.11")
class TestListingProperties:
    @given(
        adverts=st.frozensets(st.sampled_from(list(ebike.ModificationAdvert))),
        uncertified=st.frozensets(st.sampled_from(list(ebike.Product))),
        notice=st.none() | st.booleans(),
        courier=st.booleans(),
    )
    def test_violations_add_up(
        self,
        adverts: frozenset[ebike.ModificationAdvert],
        uncertified: frozenset[ebike.Product],
        notice: bool | None,
        courier: bool,
    ) -> None:
        """One violation per advert, per uncertified product, for a missing notice and for courier batteries."""
        listing = ebike.OnlineListing(
            platform="p",
            title="t",
            adverts=adverts,
            products=frozenset(ebike.Product),
            uncertified_products=uncertified,
            ebike_goods=True,
            modification_notice_shown=notice,
            batteries_sent_by_courier=courier,
        )
        inspection = inspect_online_listing(listing, DAY)
        assert len(inspection.violations) == len(adverts) + len(uncertified) + (notice is False) + courier
        assert {f.clause for f in inspection.findings} == {"ebike:2.3.11"}


@pytest.mark.clause("ebike:2.1.3", "ebike:2.3.12", "ebike:2.5.19")
class TestNoOverReading:
    @given(
        frame=st.none() | st.just("F-1"),
        battery_code=st.none() | st.just("B-1"),
        charger_code=st.none() | st.just("C-1"),
        standard=st.booleans(),
        produced=st.dates(date(2010, 1, 1), date(2024, 6, 17)),
        day=st.dates(date(2024, 6, 17), date(2026, 12, 31)),
    )
    def test_programme_targets_are_never_the_owners_violation_by_default(
        self,
        frame: str | None,
        battery_code: str | None,
        charger_code: str | None,
        standard: bool,
        produced: date,
        day: date,
    ) -> None:
        """Without user-supplied dates, codes (task 3), standard (task 12) and battery age (task 19) only follow up."""
        v = vehicle(
            identification_code=frame,
            meets_national_standard=standard,
            battery={"identification_code": battery_code, "produced_on": produced, "chemistry": "铅酸蓄电池"},
            charger={"identification_code": charger_code},
        )
        inspection = inspect_vehicle(v, day)
        assert inspection.compliant
        missing = [frame, battery_code, charger_code].count(None)
        old = day >= assessment_required_from(produced)
        assert len(inspection.follow_ups) == missing + (not standard) + old
