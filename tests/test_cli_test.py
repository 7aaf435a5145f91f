"""``hongshan-policy test``: case files run against the installed library, with an exit status and JUnit XML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from hongshan_policy.cli import main

ROOT = Path(__file__).parents[1]
SPEC = ROOT / "tests" / "spec"

CASES = """
document = "used-car"

[base.dealer]
name = "赤峰某某二手车销售有限公司"
credit_code = "91150402MA0QUC015R"
registered_on = 2024-01-05
registered_in_hongshan = true
independent_legal_person = true
independent_accounting = true
key_monitored = true

[[case]]
clause = "used-car:3.2"
description = "收入恰为3000万元 / revenue exactly 30 million"
function = "used_car.growth_reward"
input = {{ revenue_2024 = "30000000" }}
expected = {{ eligible = true, amount = "210000.00" }}

[[case]]
clause = "used-car:3.2"
description = "收入1000万元,应得零 / revenue 10 million"
function = "used_car.growth_reward"
input = {{ revenue_2024 = "10000000" }}
expected = {{ eligible = {second} }}
"""


def _file(tmp_path: Path, second: str = "false", name: str = "my-cases.toml") -> Path:
    path = tmp_path / name
    path.write_text(CASES.format(second=second), encoding="utf-8")
    return path


def test_the_used_car_spec_file_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """`hongshan-policy test tests/spec/used-car.toml` passes every case and exits 0."""
    assert main(["test", str(SPEC / "used-car.toml")]) == 0
    out = capsys.readouterr().out
    assert "通过 PASS   used-car:1-used-car:2" in out
    assert "0 failed, 0 errors" in out
    assert "失败 FAIL" not in out


def test_the_project_spec_files_all_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The project's own spec files (a folder stands for its *.toml files) pass through the command."""
    files = sorted(SPEC.glob("*.toml"))
    assert {path.stem for path in files} >= {"used-car", "hq", "ebike"}
    report = tmp_path / "report.xml"
    assert main(["test", str(SPEC), "--junit-xml", str(report), "-q"]) == 0
    root = ElementTree.parse(report).getroot()
    assert {suite.get("name") for suite in root} == {path.stem for path in files}
    assert root.get("failures") == "0"
    assert root.get("errors") == "0"
    assert int(root.get("tests", "0")) == sum(1 for _ in root.iter("testcase")) > 300
    assert "通过 PASS" not in capsys.readouterr().out  # -q shows only what did not pass


def test_a_file_with_all_cases_right_exits_0(tmp_path: Path) -> None:
    """A file named freely, whose `document` key says which document it is for, runs and passes."""
    assert main(["test", str(_file(tmp_path))]) == 0


def test_one_wrong_expectation_exits_1_and_names_the_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One wrong expectation: exit 1, the case named by id and description, with what was expected and got."""
    report = tmp_path / "junit.xml"
    assert main(["test", str(_file(tmp_path, second="true")), "--junit-xml", str(report)]) == 1
    out = capsys.readouterr().out
    assert "通过 PASS   used-car:1-used-car:3.2" in out
    assert "失败 FAIL   used-car:2-used-car:3.2  收入1000万元,应得零" in out
    assert "result.eligible: expected True, got False" in out
    assert "2 cases: 1 passed, 1 failed, 0 errors" in out

    root = ElementTree.parse(report).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "my-cases"
    first, second = suite.findall("testcase")
    assert first.find("failure") is None
    assert second.get("name", "").startswith("used-car:2-used-car:3.2 收入1000万元")
    failure = second.find("failure")
    assert failure is not None
    assert "expected True, got False" in failure.get("message", "")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('function = "used_car.growth_reward"', 'function = "used_car.no_such"'), "not a public name"),
        (('document = "used-car"', 'document = "tax"'), "say which document"),
        (("[[case]]", "[[case]"), "not valid TOML"),
    ],
)
def test_a_malformed_case_or_file_is_an_error_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: tuple[str, str], words: str
) -> None:
    """A case or file that cannot be run as written is reported as an error (never skipped) and exits 1."""
    path = tmp_path / "cases.toml"
    path.write_text(CASES.format(second="false").replace(*change, 1), encoding="utf-8")
    report = tmp_path / "junit.xml"
    assert main(["test", str(path), "--junit-xml", str(report)]) == 1
    out = capsys.readouterr().out
    assert "出错 ERROR" in out
    assert words in out
    assert ElementTree.parse(report).getroot().get("errors") == "1"


def test_a_function_that_raises_is_an_error_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unexpected exception from the library is reported on the case and the other cases still run."""
    path = tmp_path / "cases.toml"
    path.write_text(
        CASES.format(second="false").replace('revenue_2024 = "30000000"', 'revenue_2024 = "-1"'), encoding="utf-8"
    )
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "出错 ERROR  used-car:1-used-car:3.2" in out
    assert "raised InvalidInputError" in out
    assert "通过 PASS   used-car:2-used-car:3.2" in out


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A path that is not there: nothing is tested, status 2 with a message."""
    assert main(["test", "/nonexistent/cases.toml"]) == 2
    assert "找不到算例文件" in capsys.readouterr().err


def test_runs_as_a_separate_process(tmp_path: Path) -> None:
    """The command runs as its own process, with the exit status a CI system reads."""
    done = subprocess.run(
        [sys.executable, "-m", "hongshan_policy.cli", "test", str(_file(tmp_path, second="true"))],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "used-car:2-used-car:3.2" in done.stdout
