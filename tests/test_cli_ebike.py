"""The command line for the e-bike plan (``hongshan-policy ebike …``), ``--version`` and ``--calendar FILE``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import pytest

from hongshan_policy import __version__, _json, workdays
from hongshan_policy.cli import main
from hongshan_policy.errors import CalendarCoverageError

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
CALENDAR_2027 = EXAMPLES / "calendar" / "2027.example.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`hongshan-policy --version` prints the package's version and exits 0."""
    with pytest.raises(SystemExit) as leaving:
        main(["--version"])
    assert leaving.value.code == 0
    assert capsys.readouterr().out == f"hongshan-policy {__version__}\n"


class TestTasks:
    """`ebike tasks`: the 21 tasks, or one department's by role."""

    def test_all_tasks(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a department, the 21 tasks in text order, one line each with its clause."""
        status, out, _ = _run(capsys, "ebike", "tasks")
        assert status == 0
        lines = out.splitlines()
        assert len(lines) == 21
        assert lines[0].startswith("1. 加强标准运用 [ebike:2.1.1]")
        assert lines[20].startswith("21. ")

    def test_a_department_by_short_name_and_role(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The tasks 区公安分局 leads (short name accepted): 12, 13, 18, 20."""
        status, out, _ = _run(capsys, "ebike", "tasks", "--department", "公安分局", "--role", "lead")
        assert status == 0
        assert [line.split(".")[0] for line in out.splitlines()] == ["12", "13", "18", "20"]

    def test_an_unknown_department_names_the_closest(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A misspelt department is an error (exit 2) suggesting the closest name, never an empty list."""
        status, out, err = _run(capsys, "ebike", "tasks", "--department", "市场监督局")
        assert status == 2
        assert out == ""
        assert "区市场监管局" in err

    def test_role_without_department_is_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--role alone would be silently ignored: it is refused."""
        status, _, err = _run(capsys, "ebike", "tasks", "--role", "lead")
        assert status == 2
        assert "--department" in err


class TestDue:
    """`ebike due START END`: the milestones between two days, both included."""

    def test_the_end_of_august_2024(self, capsys: pytest.CaptureFixture[str]) -> None:
        """2024-08-31 (「2024年8月底前」) is included when END is that day, with lead and support."""
        status, out, _ = _run(capsys, "ebike", "due", "2024-08-31", "2024-08-31")
        assert status == 0
        assert "2024-08-31  任务14 落实即时配送企业安全责任 [ebike:2.3.14] 「2024年8月底前完成」" in out
        assert "牵头 lead: 区市场监管局;配合 support: 区公安分局" in out

    def test_the_day_before_is_empty(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A window ending the day before a milestone does not show it."""
        status, out, _ = _run(capsys, "ebike", "due", "2024-08-01", "2024-08-30")
        assert status == 0
        assert "无时间节点" in out

    def test_undated_tasks_only_when_asked(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The end of 整治攻坚 (2025-11-30) given to undated tasks is shown only with --include-undated."""
        assert "无时间节点" in _run(capsys, "ebike", "due", "2025-11-30", "2025-11-30")[1]
        assert "无时间节点" in _run(capsys, "ebike", "due", "2025-11-30", "2025-11-30", "--written-only")[1]
        asked = _run(capsys, "ebike", "due", "2025-11-30", "2025-11-30", "--include-undated")[1]
        assert asked.count("任务") == 8
        assert "未写明时限" in asked

    @pytest.mark.parametrize(
        ("start", "end", "field"), [("2024-8-1", "2024-08-31", "start"), ("2024-09-01", "x", "end")]
    )
    def test_a_bad_date_names_its_argument(
        self, capsys: pytest.CaptureFixture[str], start: str, end: str, field: str
    ) -> None:
        """A date not written YYYY-MM-DD is refused, naming the argument."""
        status, _, err = _run(capsys, "ebike", "due", start, end)
        assert status == 2
        assert f"{field}:" in err
        assert "YYYY-MM-DD" in err

    def test_end_before_start(self, capsys: pytest.CaptureFixture[str]) -> None:
        """END before START is an error naming `end`."""
        status, _, err = _run(capsys, "ebike", "due", "2024-09-01", "2024-08-01")
        assert (status, "end" in err) == (2, True)


class TestOverdue:
    """`ebike overdue`: milestones past due and not done, by department, with working days."""

    def test_the_day_after_a_milestone(self, capsys: pytest.CaptureFixture[str]) -> None:
        """On 2024-11-01 task 16 (「2024年10月底前」) is 1 day and 1 working day overdue for 区工信局."""
        status, out, _ = _run(capsys, "ebike", "overdue", "--on", "2024-11-01", "--department", "工信局")
        assert status == 0
        assert "区工信局 District Bureau of Industry and Information Technology (1)" in out
        assert "任务16「强化生产企业质量管控」 [ebike:2.4.16] 2024-10-31 逾期1天 days overdue,1个工作日" in out

    def test_on_the_milestone_nothing_is_overdue(self, capsys: pytest.CaptureFixture[str]) -> None:
        """On the milestone's own day (「底前」 includes it) nothing of it is overdue."""
        status, out, _ = _run(capsys, "ebike", "overdue", "--on", "2024-08-31")
        assert status == 0
        assert "无 none" in out

    def test_done_marks_a_task_or_one_milestone(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--done 16 or --done 16:2024-10-31 takes task 16 off the list."""
        for done in ("16", "16:2024-10-31", "3,16"):
            out = _run(capsys, "ebike", "overdue", "--on", "2024-11-01", "--done", done)[1]
            assert "任务16" not in out, done

    def test_a_bad_done_item(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A milestone the task does not have is refused, naming `done`."""
        status, _, err = _run(capsys, "ebike", "overdue", "--on", "2024-11-01", "--done", "16:2024-10-30")
        assert status == 2
        assert "done" in err

    def test_no_working_days(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--no-working-days counts natural days only."""
        out = _run(capsys, "ebike", "overdue", "--on", "2024-11-01", "--no-working-days")[1]
        assert "逾期1天 days overdue" in out
        assert "工作日" not in out


class TestCalendar:
    """`--calendar FILE` supplies a year's schedule to the commands that count working days, for that run only."""

    def test_a_year_without_a_schedule_is_an_error_with_a_hint(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Counting working days into 2027 without a schedule: exit 2, the year named, --calendar suggested."""
        status, _, err = _run(capsys, "ebike", "overdue", "--on", "2027-03-01")
        assert status == 2
        assert "2027" in err
        assert "--calendar FILE" in err

    def test_overdue_with_a_supplied_year(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With the example 2027 schedule the count goes through; the default calendar is unchanged afterwards."""
        status, out, err = _run(
            capsys, "ebike", "overdue", "--on", "2027-01-05", "--department", "工信局", "--calendar", str(CALENDAR_2027)
        )
        assert status == 0, err
        # 2026-12-31 (Thu) to 2027-01-05 in the example schedule: 01-01..03 off, so 01-04 and 01-05.
        assert "[ebike:2.4.15] 2026-12-31" not in out
        assert "个工作日 working days" in out
        with pytest.raises(CalendarCoverageError):
            workdays.add_working_days(date(2026, 12, 31), 1)

    def test_test_command_takes_a_calendar(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A case whose deadline runs into 2027 errors without the year's schedule and passes with it."""
        cases = tmp_path / "procedure.toml"
        cases.write_text(
            'document = "used-car"\n\n[[case]]\nclause = "used-car:5.2"\n'
            'description = "审核于2026年12月30日结束 / review concluded 2026-12-30"\n'
            'function = "used_car.procedure"\ninput = { review_concluded_on = 2026-12-30 }\n'
            "expected = { notify_refusal_by = 2027-01-05 }\n",
            encoding="utf-8",
        )
        status, out, _ = _run(capsys, "test", str(cases))
        assert status == 1
        assert "CalendarCoverageError" in out
        assert _run(capsys, "test", str(cases), "--calendar", str(CALENDAR_2027))[0] == 0

    def test_assess_takes_a_calendar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`assess --calendar` is accepted and the example still assesses."""
        status, out, _ = _run(
            capsys, "assess", str(EXAMPLES / "used-car" / "dealer.json"), "--calendar", str(CALENDAR_2027)
        )
        assert status == 0
        assert "¥260,000.00" in out

    @pytest.mark.parametrize(
        ("content", "name", "words"),
        [
            ('{"year": 2027}', "bad.json", "source"),
            ("{", "bad.json", "无法解析"),
            ("year = 2027", "bad.txt", ".json or .toml"),
        ],
    )
    def test_a_bad_calendar_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, name: str, words: str
    ) -> None:
        """A schedule file that is malformed is an error (exit 2) saying what is wrong."""
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        status, _, err = _run(capsys, "ebike", "overdue", "--on", "2024-11-01", "--calendar", str(path))
        assert status == 2
        assert words in err

    def test_a_missing_calendar_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A schedule file that is not there: exit 2 naming it."""
        status, _, err = _run(capsys, "ebike", "overdue", "--calendar", "/nonexistent/2027.json")
        assert status == 2
        assert "/nonexistent/2027.json" in err


class TestAgenda:
    """`ebike agenda DEPARTMENT`: text, or iCalendar with --ics or -o FILE.ics."""

    def test_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text agenda names the department and its lead tasks."""
        status, out, _ = _run(capsys, "ebike", "agenda", "市场监管局")
        assert status == 0
        assert out.startswith("区市场监管局 District Administration for Market Regulation\n")
        assert "牵头任务 lead: 1 加强标准运用" in out

    def test_ics_to_stdout_parses(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--ics prints an iCalendar that icalendar parses, one event per milestone of the department."""
        status, out, _ = _run(capsys, "ebike", "agenda", "工信局", "--ics")
        assert status == 0
        calendar = icalendar.Calendar.from_ical(out)
        events = calendar.walk("VEVENT")
        assert events
        assert all("UID" in event for event in events)

    def test_ics_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o agenda.ics writes the iCalendar file with CRLF line ends (RFC 5545)."""
        path = tmp_path / "agenda.ics"
        status, out, _ = _run(capsys, "ebike", "agenda", "区工信局", "-o", str(path))
        assert status == 0
        assert str(path) in out
        data = path.read_bytes()
        assert data.startswith(b"BEGIN:VCALENDAR\r\n")
        assert icalendar.Calendar.from_ical(data).walk("VEVENT")

    def test_text_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-o agenda.txt writes the text agenda."""
        path = tmp_path / "agenda.txt"
        assert _run(capsys, "ebike", "agenda", "区工信局", "-o", str(path))[0] == 0
        assert path.read_text(encoding="utf-8").startswith("区工信局")


class TestInspect:
    """`ebike inspect FILE`: each example record, its kind told by its fields or by --kind."""

    @pytest.mark.parametrize(
        ("name", "kind", "clause"),
        [
            ("vehicle.json", "vehicle", "ebike:2.3.10"),
            ("dealer.json", "dealer", "ebike:2.4.17"),
            ("delivery_fleet.json", "delivery-fleet", "ebike:2.3.14"),
            ("premises.json", "premises", "ebike:2.2.6"),
            ("online_listing.json", "online-listing", "ebike:2.3.11"),
        ],
    )
    def test_examples(self, capsys: pytest.CaptureFixture[str], name: str, kind: str, clause: str) -> None:
        """The bundled example is recognised and inspected; its violations cite their clause."""
        status, out, _ = _run(capsys, "ebike", "inspect", str(EXAMPLES / "ebike" / name), "--on", "2024-09-01")
        assert status == 0
        assert out.startswith(f"{kind} · 检查日期 inspected on 2024-09-01\n")
        assert f"✗ 违规 violation [{clause}]" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--json prints the inspection as JSON: its findings with kind, key and clause."""
        status, out, _ = _run(
            capsys, "ebike", "inspect", str(EXAMPLES / "ebike" / "dealer.json"), "--on", "2024-09-01", "--json"
        )
        assert status == 0
        data = json.loads(out)
        assert data["rule"] == "ebike.inspect_dealer"
        assert any(f["clause"] == "ebike:2.4.17" and f["kind"] == "违规" for f in data["findings"])

    def test_a_list_of_records_with_a_kind(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A JSON array is inspected record by record; --kind says what they are."""
        record = json.loads((EXAMPLES / "ebike" / "dealer.json").read_text(encoding="utf-8"))
        path = tmp_path / "shops.json"
        path.write_text(json.dumps([record, {**record, "uncertified_products": []}]), encoding="utf-8")
        status, out, _ = _run(capsys, "ebike", "inspect", str(path), "--kind", "dealer", "--on", "2024-08-01", "--json")
        assert status == 0
        assert len(json.loads(out)) == 2

    def test_a_record_of_no_known_kind(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A record no inspection reads is an error asking for --kind."""
        path = tmp_path / "x.json"
        path.write_text('{"colour": "red"}', encoding="utf-8")
        status, _, err = _run(capsys, "ebike", "inspect", str(path), "--on", "2024-09-01")
        assert status == 2
        assert "--kind" in err

    def test_an_invalid_record_names_the_field(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A record that fails validation is an error naming the field, not a traceback."""
        record = json.loads((EXAMPLES / "ebike" / "delivery_fleet.json").read_text(encoding="utf-8"))
        path = tmp_path / "fleet.json"
        path.write_text(json.dumps({**record, "speed_basis_kmh": "-5"}), encoding="utf-8")
        status, _, err = _run(capsys, "ebike", "inspect", str(path), "--kind", "delivery-fleet", "--on", "2024-09-01")
        assert status == 2
        assert "speed_basis_kmh" in err


class TestJSON:
    """`--json`: the versioned JSON shapes of the queries and inspections, and errors as one JSON object."""

    def test_queries_print_their_published_shapes(self, capsys: pytest.CaptureFixture[str]) -> None:
        """tasks, due and overdue --json print JSON that validates against their shapes, with schema_version."""
        for argv, shape in (
            (("ebike", "tasks", "--department", "工信局", "--json"), _json.TasksJSON),
            (("ebike", "due", "2024-08-31", "2024-12-31", "--json"), _json.DueListJSON),
            (("ebike", "overdue", "--on", "2024-11-01", "--json"), _json.OverdueJSON),
        ):
            status, out, _ = _run(capsys, *argv)
            assert status == 0, argv
            data = json.loads(out)
            shape.model_validate(data)
            assert data["schema_version"] == _json.SCHEMA_VERSION

    def test_due_and_overdue_json_carry_provenance(self, capsys: pytest.CaptureFixture[str]) -> None:
        """due and overdue --json carry the provenance of the plan's answer (document, parameters, text), the
        same object the registry's answer gives; overdue also names the calendar data of its working days."""
        from hongshan_policy import DOCUMENTS, ebike, sources
        from hongshan_policy.parameters import digest

        expected = {
            "library": __version__,
            "document": ebike.DOCUMENT,
            "parameters": digest(ebike.TIMELINE.on(None)),
            "source": sources.text_digest(ebike.DOCUMENT),
        }
        due = json.loads(_run(capsys, "ebike", "due", "2024-08-31", "2024-12-31", "--json")[1])
        assert {k: v for k, v in due["provenance"].items() if k != "calendar"} == expected
        assert due["provenance"]["calendar"] is None
        assert set(due) == {"schema_version", "milestones", "provenance"}
        spec = DOCUMENTS[ebike.DOCUMENT].decisions["due_between"]
        answer = spec.answer(spec.input_model(start=date(2024, 8, 31), end=date(2024, 12, 31)))
        assert due == json.loads(json.dumps(answer, ensure_ascii=False, default=str))

        argv = ("ebike", "overdue", "--on", "2024-11-01", "--department", "工信局", "--json")
        overdue = json.loads(_run(capsys, *argv)[1])
        assert {k: v for k, v in overdue["provenance"].items() if k != "calendar"} == expected
        assert overdue["provenance"]["calendar"] == _json.calendar_dict(workdays.calendar_data())
        assert set(overdue) == {"schema_version", "as_of", "departments", "provenance"}
        uncounted = json.loads(_run(capsys, *argv, "--no-working-days")[1])
        assert uncounted["provenance"]["calendar"] is None

    def test_tasks_json_carries_provenance(self, capsys: pytest.CaptureFixture[str]) -> None:
        """tasks --json, of the whole plan or of one department, carries the plan's provenance (as tasks_for's
        answer in the registry), with no calendar: no working day is counted."""
        from hongshan_policy import DOCUMENTS, ebike, sources
        from hongshan_policy.parameters import digest

        expected = {
            "library": __version__,
            "document": ebike.DOCUMENT,
            "parameters": digest(ebike.TIMELINE.on(None)),
            "source": sources.text_digest(ebike.DOCUMENT),
            "calendar": None,
        }
        whole = json.loads(_run(capsys, "ebike", "tasks", "--json")[1])
        assert whole["provenance"] == expected
        assert len(whole["tasks"]) == 21
        one = json.loads(_run(capsys, "ebike", "tasks", "--department", "工信局", "--role", "lead", "--json")[1])
        assert one["provenance"] == expected
        spec = DOCUMENTS[ebike.DOCUMENT].decisions["tasks_for"]
        answer = spec.answer(spec.input_model(department=ebike.department("工信局"), role="lead"))
        assert one == json.loads(json.dumps(answer, ensure_ascii=False, default=str))

    def test_overdue_json_names_a_supplied_calendar(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --calendar FILE, the provenance of overdue --json names the schedule supplied for that run."""
        argv = ("ebike", "overdue", "--on", "2027-01-05", "--department", "工信局", "--json")
        status, out, err = _run(capsys, *argv, "--calendar", str(CALENDAR_2027))
        assert status == 0, err
        schedules = json.loads(out)["provenance"]["calendar"]["schedules"]
        assert len(schedules) == 1
        assert schedules[0]["digest"].startswith("sha256:")

    def test_overdue_json_counts(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON of overdue carries the day asked about and the counts of each item."""
        data = json.loads(_run(capsys, "ebike", "overdue", "--on", "2024-11-01", "--department", "工信局", "--json")[1])
        assert data["as_of"] == "2024-11-01"
        (department,) = data["departments"]
        assert department["department"] == "区工信局"
        assert [(i["task"], i["days"], i["working_days"]) for i in department["items"]] == [(16, 1, 1)]

    def test_overdue_undated_only_when_asked(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Task 4 has no date: not overdue by default; with --include-undated, from 2025-12-01, marked unwritten."""
        argv = ("ebike", "overdue", "--on", "2025-12-01", "--department", "自然资源分局", "--json")
        assert json.loads(_run(capsys, *argv)[1])["departments"] == []
        (department,) = json.loads(_run(capsys, *argv, "--include-undated")[1])["departments"]
        assert [(i["task"], i["days"], i["written"]) for i in department["items"]] == [(4, 1, False)]

    def test_inspect_json_is_the_registry_shape(self, capsys: pytest.CaptureFixture[str]) -> None:
        """inspect --json prints the inspection's versioned JSON, as the service answers it."""
        out = _run(
            capsys, "ebike", "inspect", str(EXAMPLES / "ebike" / "vehicle.json"), "--on", "2024-09-01", "--json"
        )[1]
        data = json.loads(out)
        _json.InspectionJSON.model_validate(data)
        assert data["schema_version"] == _json.SCHEMA_VERSION
        assert data["compliant"] is False

    @pytest.mark.parametrize(
        ("argv", "field", "zh"),
        [
            (("ebike", "overdue", "--on", "2024-13-01", "--json"), "on", "应为日期"),
            (("ebike", "tasks", "--department", "市场监督局", "--json"), "department", "区市场监管局"),
            (("ebike", "overdue", "--on", "2027-03-01", "--json"), "end", "2027年"),
            (("ebike", "overdue", "--on", "2024-11-01", "--calendar", "x.txt", "--json"), "calendar", ".json 或 .toml"),
        ],
    )
    def test_errors_are_one_json_object_on_stderr(
        self, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], field: str, zh: str
    ) -> None:
        """With --json an error is one JSON object on standard error: the field, Chinese, English, exit code."""
        status, out, err = _run(capsys, *argv)
        assert status == 2
        assert out == ""
        error = json.loads(err)
        assert error["field"] == field
        assert zh in error["zh"]
        assert error["en"]
        assert error["exit_code"] == 2
        assert error["errors"][0]["field"] == field

    def test_assess_errors_as_json_name_each_record(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """assess --json with two bad records reports both, each with its index and field."""
        record = json.loads((EXAMPLES / "used-car" / "dealer.json").read_text(encoding="utf-8"))
        bad_code = {**record, "dealer": {**record["dealer"], "credit_code": "91150402MA0QUC015X"}}
        path = tmp_path / "two.json"
        path.write_text(json.dumps([record, bad_code, 7], ensure_ascii=False), encoding="utf-8")
        status, out, err = _run(capsys, "assess", str(path), "--json")
        assert (status, out) == (2, "")
        error = json.loads(err)
        assert error["exit_code"] == 2
        assert [(e["record"], e["field"]) for e in error["errors"]] == [(1, "dealer.credit_code"), (2, "[2]")]
        assert error["field"] == "dealer.credit_code"

    def test_without_json_errors_stay_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --json the same error is a bilingual line of text."""
        err = _run(capsys, "ebike", "overdue", "--on", "2024-13-01")[2]
        assert err.startswith("错误 error: on: 应为日期")
