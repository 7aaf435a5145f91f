"""The command line: the bundled examples run, bad input names the field and exits 2 without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hongshan_policy.cli import main

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "used-car" / "dealer.json"


def test_assess_the_bundled_example(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's example prints both rewards and the total."""
    assert main(["assess", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "合计 total ¥260,000.00" in out
    assert "[used-car:3.2]" in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints machine-readable output with exact amounts as strings."""
    assert main(["assess", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == "260000.00"
    assert data["scale"]["amount"] == "50000.00"


def test_a_list_of_applications(capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON array is assessed record by record."""
    assert main(["assess", str(ROOT / "examples" / "used-car" / "batch.json"), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ("{not json", "不是有效的JSON"),
        ('{"policy": "used-car", "revenue_2024": NaN}', "NaN"),
        ('{"policy": "tax"}', "未知的政策"),
        ("[1]", "JSON对象"),
    ],
)
def test_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], payload: str, words: str) -> None:
    """Malformed JSON, NaN, an unknown policy or a non-object record: a clear message and status 2."""
    path = tmp_path / "bad.json"
    path.write_text(payload, encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    assert words in capsys.readouterr().err


def test_bad_fields_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong credit code, a negative revenue and an unknown field are each named."""
    record = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    record["dealer"]["credit_code"] = "91150402MA0QUC015X"
    record["revenue_2024"] = "-5"
    record["revenu"] = 1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert main(["assess", str(path)]) == 2
    err = capsys.readouterr().err
    assert "dealer.credit_code" in err
    assert "revenue_2024" in err
    assert "revenu:" in err
    assert "Traceback" not in err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is reported, not a traceback."""
    assert main(["assess", "/nonexistent/x.json"]) == 2
    assert "无法读取" in capsys.readouterr().err


def test_installed_console_script_runs() -> None:
    """The installed entry point runs as a separate process."""
    done = subprocess.run(
        [sys.executable, "-m", "hongshan_policy.cli", "assess", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "¥260,000.00" in done.stdout


def test_batch_is_handed_to_the_batch_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`hongshan-policy batch IN -o OUT` runs through the top-level command and prints the summary line."""
    out = tmp_path / "results.csv"
    status = main(["batch", str(ROOT / "examples" / "batch" / "used-car-register.csv"), "-o", str(out)])
    assert status == 0
    assert "行数 rows 22" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM for Excel


def test_batch_help() -> None:
    """`hongshan-policy batch --help` shows the batch command's own options."""
    with pytest.raises(SystemExit) as leaving:
        main(["batch", "--help"])
    assert leaving.value.code == 0
