"""Provenance complete: calendar data behind working-day figures, procedures, e-bike queries and inspections."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from hongshan_policy import _json as J
from hongshan_policy import ebike, workdays
from hongshan_policy.decisions import CalendarData
from hongshan_policy.ebike import _parameters as ebike_parameters
from hongshan_policy.parameters import digest
from hongshan_policy.registry import DOCUMENTS, DecisionSpec

REQUESTS = Path(__file__).resolve().parents[1] / "examples" / "requests"
SCHEDULE_2027 = Path(__file__).resolve().parents[1] / "examples" / "calendar" / "2027.example.json"


def _answer(document: str, name: str, **changes: Any) -> dict[str, Any]:
    spec: DecisionSpec = DOCUMENTS[document].decisions[name]
    data = json.loads((REQUESTS / f"{spec.qualified_name}.json").read_text(encoding="utf-8")) | changes
    answer: dict[str, Any] = spec.answer(spec.input_model.model_validate(data))
    assert spec.output_model is not None
    spec.output_model.model_validate(answer)  # the answer, provenance included, has its published shape
    return answer


@pytest.fixture
def schedule_2027(monkeypatch: pytest.MonkeyPatch) -> workdays.Schedule:
    """The default calendar with the example 2027 schedule supplied (restored afterwards)."""
    schedule = workdays.Schedule.from_file(SCHEDULE_2027)
    monkeypatch.setattr(workdays, "DEFAULT_CALENDAR", workdays.WorkCalendar([schedule]))
    return schedule


class TestCalendarData:
    def test_package_version_and_no_schedule(self) -> None:
        """The installed chinese-calendar version; no schedule when none was supplied."""
        data = workdays.calendar_data(workdays.WorkCalendar())
        assert data == CalendarData(chinese_calendar.__version__, ())

    def test_computed_once_per_calendar(self) -> None:
        """A calendar's data is made once (the digests are not recomputed per result)."""
        calendar = workdays.WorkCalendar([workdays.Schedule.from_file(SCHEDULE_2027)])
        assert calendar.data() is calendar.data()

    def test_schedule_name_and_digest(self) -> None:
        """A supplied schedule is named by its year and source; its digest follows its data, nothing else."""
        schedule = workdays.Schedule.from_file(SCHEDULE_2027)
        data = workdays.WorkCalendar([schedule]).data()
        assert data.schedules == ((f"2027 {schedule.source}", schedule.digest()),)
        assert schedule.digest().startswith("sha256:")
        same = workdays.Schedule.model_validate(schedule.model_dump())
        assert same.digest() == schedule.digest()
        other = schedule.model_copy(update={"note": schedule.note + " (corrected)"})
        assert other.digest() != schedule.digest()


class TestProcedures:
    @pytest.mark.clause("used-car:5.2", "used-car:5.3")
    def test_used_car_procedure_records_the_calendar(self) -> None:
        """87号 第五条 counts working days: its answer names the calendar data and the parameters in force."""
        answer = _answer("used-car", "procedure")
        provenance = answer["provenance"]
        assert provenance["document"] == "used-car"
        assert provenance["calendar"] == {"chinese_calendar": chinese_calendar.__version__, "schedules": []}
        in_force = DOCUMENTS["used-car"].parameters_on(date(2024, 9, 13))
        assert provenance["parameters"] == digest(in_force)

    @pytest.mark.clause("used-car:5.2")
    def test_a_supplied_schedule_is_named(self, schedule_2027: workdays.Schedule) -> None:
        """With a 2027 schedule supplied, the answer names it and its digest."""
        answer = _answer("used-car", "procedure")
        schedules = answer["provenance"]["calendar"]["schedules"]
        assert schedules == [{"name": schedule_2027.name, "digest": schedule_2027.digest()}]

    @pytest.mark.clause("used-car:5.2")
    def test_no_date_no_working_day_figure(self) -> None:
        """With no date given nothing is counted: provenance without calendar data."""
        answer = _answer("used-car", "procedure", review_concluded_on=None, approved_on=None)
        assert answer["notify_refusal_by"] is None
        assert answer["provenance"]["calendar"] is None

    @pytest.mark.clause("hq:4.2")
    def test_hq_procedure_calendar_only_with_the_working_day_notice(self) -> None:
        """79号 第四条: the 3-working-day notice brings calendar data; publicity in natural days alone does not."""
        counted = _answer("hq", "procedure")
        assert counted["provenance"]["document"] == "hq"
        assert counted["provenance"]["calendar"]["chinese_calendar"] == chinese_calendar.__version__
        natural = _answer("hq", "procedure", review_concluded_on=None)
        assert natural["provenance"]["calendar"] is None


class TestEbikeQueries:
    @pytest.mark.clause("ebike:3.2")
    def test_overdue_names_the_calendar_when_it_counts_working_days(self) -> None:
        """overdue counts working days overdue by default (calendar data); working_days=false records none."""
        counted = _answer("ebike", "overdue")
        assert counted["provenance"]["document"] == "ebike"
        assert counted["provenance"]["calendar"]["chinese_calendar"] == chinese_calendar.__version__
        plain = _answer("ebike", "overdue", working_days=False)
        assert plain["provenance"]["calendar"] is None

    @pytest.mark.parametrize("name", ["tasks_for", "task", "due_between", "phase_on", "assessment_required_from"])
    def test_every_query_answer_has_provenance(self, name: str) -> None:
        """Every e-bike query answers with the provenance of 4号's parameters (no calendar: no working days)."""
        provenance = _answer("ebike", name)["provenance"]
        assert provenance["document"] == "ebike"
        assert provenance["parameters"] == digest(ebike.DEFAULTS)
        assert provenance["calendar"] is None


class TestInspections:
    @pytest.mark.clause("ebike:2.3.12")
    def test_an_inspection_carries_provenance_in_python_and_json(self) -> None:
        """An inspection records the parameters in force on its day; its JSON carries it and reads back equal."""
        inspection = ebike.inspect_road_stop({"registered": True}, date(2024, 9, 1))
        assert inspection.provenance is not None
        assert inspection.provenance.document == "ebike"
        assert inspection.provenance.parameters == digest(ebike.DEFAULTS)
        data = inspection.to_dict()
        J.InspectionJSON.model_validate(data)
        assert data["provenance"]["document"] == "ebike"
        assert ebike.Inspection.from_json(inspection.to_json()) == inspection

    def test_every_inspection_through_the_registry(self) -> None:
        """All seven inspections answer with provenance of 4号."""
        names = [n for n in DOCUMENTS["ebike"].decisions if n.startswith("inspect_")]
        assert len(names) == 7
        for name in names:
            assert _answer("ebike", name)["provenance"]["document"] == "ebike", name


class TestDatedEbikeParameters:
    def test_parameters_on_reads_the_timeline(self) -> None:
        """DOCUMENTS["ebike"].parameters_on(day) is the timeline's set (the text's values: no amendment yet)."""
        doc = DOCUMENTS["ebike"]
        assert doc.timeline is not None
        assert doc.timeline() is ebike_parameters.TIMELINE
        assert doc.parameters_on(date(2024, 6, 17)) is ebike.DEFAULTS
        assert doc.parameters_on(date(2025, 12, 31)) is ebike.DEFAULTS

    @pytest.mark.clause("ebike:2.3.12")
    def test_an_amendment_applies_from_its_day(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A transition end set from 2025-01-01: an inspection before it follows up, one after finds a violation."""
        amended = ebike_parameters.TIMELINE.amend(
            "nonstandard_transition_ends", date(2025, 1, 1), date(2025, 1, 31), "test-only notice"
        )
        monkeypatch.setattr(ebike_parameters, "TIMELINE", amended)
        record = {
            "frame_number": "HS2023000001",
            "identification_code": "F-001",
            "meets_national_standard": False,
            "battery": {
                "chemistry": "锂离子蓄电池",
                "produced_on": "2023-03-01",
                "identification_code": "B-001",
                "safe_service_life_years": 6,
            },
            "charger": {"on_board": False, "identification_code": "C-001"},
        }
        key = "ebike:task12/nonstandard-vehicle"
        before = ebike.inspect_vehicle(record, date(2024, 12, 31))
        after = ebike.inspect_vehicle(record, date(2025, 2, 1))
        assert [f.key for f in before.follow_ups] == [key]
        assert before.compliant
        assert [f.key for f in after.violations] == [key]
        assert after.provenance is not None
        assert before.provenance is not None
        assert after.provenance.parameters != before.provenance.parameters
        assert DOCUMENTS["ebike"].parameters_on(date(2025, 2, 1)).nonstandard_transition_ends == date(2025, 1, 31)
        explicit = ebike.inspect_vehicle(record, date(2025, 2, 1), params=ebike.DEFAULTS)
        assert explicit.compliant  # params= still overrides the dated set
