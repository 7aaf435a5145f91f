"""赤红政办发〔2024〕4号: each department's milestones as an iCalendar file, parsed with a real parser."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from hongshan_policy.ebike import Department, agenda_ics, tasks_for
from hongshan_policy.ebike._calendar import escape_text, fold

STAMP = datetime(2024, 6, 17, 8, 0, tzinfo=UTC)


def _events(department: Department, *, include_undated: bool = True) -> list[object]:
    calendar = Calendar.from_ical(agenda_ics(department, dtstamp=STAMP, include_undated=include_undated))
    return list(calendar.walk("VEVENT"))


def _expected(department: Department, *, include_undated: bool = True) -> list[tuple[int, date]]:
    return sorted(
        (t.number, m.day)
        for t in tasks_for(department)
        for m in (t.effective_deadlines if include_undated else t.deadlines)
    )


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7",
    "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14",
    "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
)  # fmt: skip
class TestAgendaIcs:
    @pytest.mark.parametrize("include_undated", [False, True])
    @pytest.mark.parametrize("department", list(Department))
    def test_one_event_per_milestone(self, department: Department, include_undated: bool) -> None:
        """The file parses; one VEVENT per dated milestone (and per undated task when asked), on its all-day date."""
        events = _events(department, include_undated=include_undated)
        found = sorted(
            (int(str(e["SUMMARY"]).split(" ")[0].removeprefix("任务")), e.decoded("DTSTART"))  # type: ignore[attr-defined,index]
            for e in events
        )
        assert found == _expected(department, include_undated=include_undated)
        for event in events:
            start = event.decoded("DTSTART")  # type: ignore[attr-defined]
            assert type(start) is date  # all-day: VALUE=DATE, not a datetime
            assert (event.decoded("DTEND") - start).days == 1  # type: ignore[attr-defined]

    def test_summary_and_description(self) -> None:
        """SUMMARY is Chinese with the task number and title; DESCRIPTION has role, departments and clause id."""
        events = {str(e["SUMMARY"]): e for e in _events(Department.PUBLIC_SECURITY)}  # type: ignore[index]
        event = events["任务11 规范线上经营:2024年8月底前完成并持续推进"]
        description = str(event["DESCRIPTION"])  # type: ignore[index]
        assert "本单位角色: 配合" in description
        assert "牵头单位: 区市场监管局" in description
        assert "配合单位: 区公安分局、区商投局" in description
        assert "条款: ebike:2.3.11" in description
        assert "持续推进: 是" in description
        implied = events["任务1 加强标准运用:未写明时限,随整治攻坚阶段结束"]
        assert implied.decoded("DTSTART") == date(2025, 11, 30)  # type: ignore[attr-defined]
        assert "[ebike:3.2]" in str(implied["DESCRIPTION"])  # type: ignore[index]

    def test_ascii_commas_survive_escaping(self) -> None:
        """The text's ASCII commas and semicolons are escaped and read back intact."""
        (event,) = [e for e in _events(Department.INDUSTRY_IT) if "任务16" in str(e["SUMMARY"])][:1]  # type: ignore[index]
        assert str(event["SUMMARY"]).startswith("任务16 强化生产企业质量管控:2024年10月底前摸清电动自行车、蓄电池")  # type: ignore[index]
        raw = agenda_ics(Department.INDUSTRY_IT, dtstamp=STAMP, include_undated=True)
        assert "\\," in raw

    @pytest.mark.parametrize("department", list(Department))
    def test_rfc5545_shape(self, department: Department) -> None:
        """CRLF line ends, lines of at most 75 octets, unique stable UIDs, DTSTAMP in UTC."""
        raw = agenda_ics(department, dtstamp=STAMP, include_undated=True)
        assert raw.endswith("\r\n")
        assert "\n" not in raw.replace("\r\n", "")
        lines = raw.split("\r\n")[:-1]
        assert all(len(line.encode("utf-8")) <= 75 for line in lines)
        assert lines[0] == "BEGIN:VCALENDAR"
        assert lines[-1] == "END:VCALENDAR"
        uids = [str(e["UID"]) for e in _events(department)]  # type: ignore[index]
        assert len(set(uids)) == len(uids)
        again = agenda_ics(department, include_undated=True)
        assert uids == [str(e["UID"]) for e in Calendar.from_ical(again).walk("VEVENT")]
        assert "DTSTAMP:20240617T080000Z" in raw

    def test_work_team_role_in_calendar_description(self) -> None:
        """The calendar of 区消防救援大队 names its roles in the work team (四、保障措施)."""
        calendar = Calendar.from_ical(agenda_ics("消防救援大队", dtstamp=STAMP))
        assert "召集人单位、工作专班办公室" in str(calendar["X-WR-CALDESC"])

    def test_short_name_accepted(self) -> None:
        """A department may be given by its short name."""
        assert agenda_ics("住建局", dtstamp=STAMP) == agenda_ics(Department.HOUSING, dtstamp=STAMP)


@pytest.mark.clause(
    "ebike:2.1.1", "ebike:2.1.2", "ebike:2.1.3", "ebike:2.2.4", "ebike:2.2.5", "ebike:2.2.6", "ebike:2.2.7",
    "ebike:2.2.8", "ebike:2.2.9", "ebike:2.3.10", "ebike:2.3.11", "ebike:2.3.12", "ebike:2.3.13", "ebike:2.3.14",
    "ebike:2.4.15", "ebike:2.4.16", "ebike:2.4.17", "ebike:2.4.18", "ebike:2.5.19", "ebike:2.6.20", "ebike:2.6.21",
)  # fmt: skip
class TestFolding:
    @given(st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r\n"), max_size=400))
    def test_fold_round_trips(self, value: str) -> None:
        """Folding never splits a UTF-8 character, keeps lines within 75 octets, and unfolds to the original."""
        line = "SUMMARY:" + value
        folded = fold(line)
        assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
        assert folded.replace("\r\n ", "") == line

    @given(st.text(max_size=200))
    def test_escaped_text_parses_back(self, value: str) -> None:
        """Any text escaped for a TEXT property is read back unchanged by icalendar (CR read as a line break)."""
        raw = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20240101T000000Z\r\n"
            + fold("SUMMARY:" + escape_text(value))
            + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        (event,) = Calendar.from_ical(raw).walk("VEVENT")
        expected = value.replace("\r\n", "\n").replace("\r", "\n")
        assert str(event["SUMMARY"]) == expected
