"""Issue 9, files in and out: one regression test per item found (quoted in each docstring).

Every outcome is either a correct answer (exit 0) or a typed error naming the field or the file (exit 2),
never a traceback, a silent wrong answer or an overwritten file.
"""

from __future__ import annotations

import csv
import errno
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from hongshan_policy import _files, _jsonio, cli
from hongshan_policy.batch import _io
from hongshan_policy.cli import main
from hongshan_policy.errors import DetectedEncodingWarning, InputFileError, OutputFileError
from hongshan_policy.workdays import Schedule

ROOT = Path(__file__).parents[1]
DEALER = ROOT / "examples" / "used-car" / "dealer.json"
REGISTER = ROOT / "examples" / "batch" / "used-car-register.csv"
SCHEDULE = ROOT / "examples" / "calendar" / "2027.example.json"
SRC = str(ROOT / "src")


def run(*argv: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """The command in a separate interpreter (this worktree's sources first), bytes out."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.update(kwargs.pop("env", {}))  # type: ignore[call-overload]
    return subprocess.run(
        [sys.executable, "-m", "hongshan_policy.cli", *argv],
        capture_output="stdout" not in kwargs,
        env=env,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[call-overload]
    )


def dealer_with(tmp_path: Path, text_for_revenue: str) -> Path:
    """The example application with ``revenue_2024`` replaced by a raw JSON number."""
    text = DEALER.read_text(encoding="utf-8").replace(
        '"revenue_2024": "30000000"', f'"revenue_2024": {text_for_revenue}'
    )
    path = tmp_path / "dealer.json"
    path.write_text(text, encoding="utf-8")
    return path


def no_traceback(err: str) -> None:
    assert "Traceback" not in err
    assert err.startswith("错误 error:")


# --------------------------------------------------------------------------- silent wrong answers


class TestSilentWrongAnswers:
    def test_item_4_json_numbers_are_never_floats(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Item 4: "The CLI reads JSON numbers as floats: 10000000.00000000001 is taken as 10,000,000.00 …
        90071992547409.93 becomes …409.94."""
        data = cli.load_applications(str(dealer_with(tmp_path, "90071992547409.93")))
        assert data["revenue_2024"] == Decimal("90071992547409.93")
        assert isinstance(data["revenue_2024"], _jsonio.JsonFloat)
        assert main(["assess", str(dealer_with(tmp_path, "10000000.00000000001"))]) == 2
        err = capsys.readouterr().err
        assert "revenue_2024" in err
        no_traceback(err)

    def test_item_4_duplicate_keys_are_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Item 4: "Duplicate keys: the last wins silently."""
        path = tmp_path / "dup.json"
        path.write_text('{"policy": "used-car", "revenue_2024": "1", "revenue_2024": "30000000"}', encoding="utf-8")
        assert main(["assess", str(path)]) == 2
        err = capsys.readouterr().err
        assert "'revenue_2024'" in err
        assert "appears twice" in err
        assert "重复" in err

    def test_item_7_formula_cells_are_neutralised(self, tmp_path: Path) -> None:
        """Item 7: "text cells such as =HYPERLINK(…), +cmd|…, @SUM(…) are written as-is to result CSVs, and as live
        formulas to XLSX. A \\r inside a cell is written unquoted: the CSV reads back as 5 rows for 4."""
        import pandas as pd
        from openpyxl import load_workbook

        hostile = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\tx", "a\rb"]
        frame = pd.DataFrame(
            {
                "text": hostile,
                "amount": [Decimal("-5.00"), Decimal(1), Decimal(2), Decimal(3), Decimal(4), Decimal(5)],
                "plain": ["-5", "+1,000.50", "ok", "", None, "c\nd"],
            }
        )
        out = tmp_path / "out.csv"
        _io.write_table(frame, out)
        with open(out, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) == 1 + len(hostile)
        assert [row[0] for row in rows[1:]] == ["'" + cell for cell in hostile[:5]] + ["a\rb"]
        assert [row[1] for row in rows[1:]] == ["-5.00", "1", "2", "3", "4", "5"]
        assert [row[2] for row in rows[1:]] == ["-5", "+1,000.50", "ok", "", "", "c\nd"]
        book = tmp_path / "out.xlsx"
        _io.write_table(frame, book)
        sheet = load_workbook(book).active
        assert sheet is not None
        cells = [sheet.cell(row=r, column=1) for r in range(2, 8)]
        assert all(cell.data_type == "s" for cell in cells)
        assert [cell.value for cell in cells][:3] == ["'" + cell for cell in hostile[:3]]
        assert sheet.cell(row=2, column=2).value == -5
        assert sheet.cell(row=2, column=2).data_type == "n"

    def test_item_8_outputs_are_never_overwritten_by_surprise(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Item 8: "batch in.csv -o in.csv and -o existing.csv overwrite without asking, exit 0"."""
        given = tmp_path / "in.csv"
        given.write_bytes(REGISTER.read_bytes())
        assert main(["batch", str(given), "-o", str(given)]) == 2
        assert "input" in capsys.readouterr().err
        assert main(["batch", str(given), "-o", str(given), "--overwrite"]) == 2
        assert given.read_bytes() == REGISTER.read_bytes()
        existing = tmp_path / "existing.csv"
        existing.write_text("keep me", encoding="utf-8")
        assert main(["batch", str(given), "-o", str(existing)]) == 2
        assert "--overwrite" in capsys.readouterr().err
        assert existing.read_text(encoding="utf-8") == "keep me"
        assert main(["batch", str(given), "-o", str(existing), "--overwrite"]) == 0
        assert existing.read_text(encoding="utf-8-sig").startswith("序号,")

    def test_item_8_a_full_disk_leaves_the_old_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Item 8: "writes go straight onto the target, so a full disk replaced an existing results file with a
        truncated one (XLSX: 0 bytes)."""
        existing = tmp_path / "results.xlsx"
        existing.write_bytes(b"the previous results")

        def full_disk(frame: object, target: Path, lang: str) -> None:
            target.write_bytes(b"PK\x03\x04 half")
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(_io, "_write_xlsx", full_disk)
        assert main(["batch", str(REGISTER), "-o", str(existing), "--overwrite"]) == 2
        err = capsys.readouterr().err
        assert "No space left on device" in err
        no_traceback(err)
        assert existing.read_bytes() == b"the previous results"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["results.xlsx"]  # no temporary file left behind

    def test_item_9_a_trailing_comma_is_a_named_error(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Item 9: "a trailing comma on the first data row shifts every column (all rows error, the first input
        column vanishes from the output)."""
        lines = REGISTER.read_text(encoding="utf-8-sig").splitlines()
        lines[1] += ","
        given = tmp_path / "ragged.csv"
        given.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(["batch", str(given), "-o", str(tmp_path / "out.csv")]) == 2
        err = capsys.readouterr().err
        assert "line 2 has 14" in err
        assert "第2行" in err
        assert not (tmp_path / "out.csv").exists()

    def test_item_9_a_duplicated_header_is_a_named_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Item 9: "a duplicated header is renamed X.1 and ignored"."""
        lines = REGISTER.read_text(encoding="utf-8-sig").splitlines()
        lines = [line + "," + line.split(",")[-1] for line in lines]  # the last column twice
        given = tmp_path / "twice.csv"
        given.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(["batch", str(given), "-o", str(tmp_path / "out.csv")]) == 2
        err = capsys.readouterr().err
        header = REGISTER.read_text(encoding="utf-8-sig").splitlines()[0].split(",")[-1]
        assert f"{header!r}" in err
        assert "appears twice" in err

    def test_item_9_a_header_in_wan_yuan_is_converted(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Item 9: "a header such as 2024年前7个月营业收入(万元) — the unit 附件1's own form uses (金额单位:万元) —
        is ignored without a warning, and the rewards silently disappear."""
        from hongshan_policy import batch

        yuan = batch.read_table(REGISTER)
        wan = yuan.copy()
        for header in ("2024年前7个月累计营业收入(元)", "2024年度累计营业收入(元)"):
            wan[header] = [None if v is None else str(Decimal(v.replace(",", "")) / 10000) for v in wan[header]]
        wan = wan.rename(
            columns={
                "2024年前7个月累计营业收入(元)": "2024年前7个月营业收入(万元)",
                "2024年度累计营业收入(元)": "2024年度累计营业收入（万元）",
            }
        )
        expected = batch.evaluate(yuan, "used-car", keep_input=False)
        got = batch.evaluate(wan, "used-car", keep_input=False)
        assert got["total"].tolist() == expected["total"].tolist()
        assert sum(v for v in got["total"].dropna().tolist()) == Decimal("1795000.00")

    def test_item_9_unrecognised_headers_are_reported(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Item 9 (and "a header the reader does not recognise is reported as a warning listing it … --strict makes it
        an error")."""
        lines = REGISTER.read_text(encoding="utf-8-sig").splitlines()
        lines = [line + (",营收合计" if i == 0 else ",1") for i, line in enumerate(lines)]
        given = tmp_path / "extra.csv"
        given.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert main(["batch", str(given), "-o", str(tmp_path / "out.csv")]) == 0
        err = capsys.readouterr().err
        assert "注意 notice:" in err
        assert "'营收合计'" in err
        assert "序号" not in err  # a bookkeeping column passes without a notice
        assert main(["batch", str(given), "-o", str(tmp_path / "strict.csv"), "--strict"]) == 2
        assert "'营收合计'" in capsys.readouterr().err
        assert not (tmp_path / "strict.csv").exists()


# --------------------------------------------------------------------------- tracebacks


class TestTracebacks:
    @pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
    def test_assess_reads_gbk_and_utf16(
        self, tmp_path: Path, encoding: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """ "CLI assess on GBK, UTF-16 or binary JSON" (GBK and UTF-16 with its byte-order mark are read)."""
        path = tmp_path / "dealer.json"
        path.write_bytes(DEALER.read_text(encoding="utf-8").encode(encoding))
        assert main(["assess", str(path), "--json"]) == 0
        printed = capsys.readouterr()
        assert json.loads(printed.out)["total"] == "260000.00"
        assert ("GB18030" in printed.err) == (encoding == "gbk")

    def test_assess_refuses_binary(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ "CLI assess on GBK, UTF-16 or binary JSON" (binary is refused, naming --encoding)."""
        path = tmp_path / "binary.json"
        path.write_bytes(bytes(range(256)) * 8)
        assert main(["assess", str(path)]) == 2
        err = capsys.readouterr().err
        assert "--encoding" in err
        no_traceback(err)

    def test_assess_on_an_empty_list(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ "CLI assess … on [] (IndexError at cli.py)": [] gives [], a list of one gives a list of one."""
        empty = tmp_path / "empty.json"
        empty.write_text("[]", encoding="utf-8")
        assert main(["assess", str(empty), "--json"]) == 0
        assert json.loads(capsys.readouterr().out) == []
        one = tmp_path / "one.json"
        one.write_text("[" + DEALER.read_text(encoding="utf-8") + "]", encoding="utf-8")
        assert main(["assess", str(one), "--json"]) == 0
        out = capsys.readouterr().out
        assert isinstance(json.loads(out), list)
        assert out == cli.assess_json(json.loads(one.read_text(encoding="utf-8")))

    def test_assess_on_deep_nesting(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ "CLI assess … on 100,000-level nesting (RecursionError)"."""
        path = tmp_path / "deep.json"
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        assert main(["assess", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"nested deeper than {_jsonio.MAX_DEPTH} levels" in err
        no_traceback(err)

    def test_assess_on_a_5000_digit_integer(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ "CLI assess … on a 5,000-digit integer"."""
        assert main(["assess", str(dealer_with(tmp_path, "9" * 5000))]) == 2
        err = capsys.readouterr().err
        assert "number too long (5000 characters" in err
        no_traceback(err)

    def test_batch_with_an_unknown_encoding(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ "batch --encoding nosuch (LookupError)"."""
        assert main(["batch", str(REGISTER), "-o", str(tmp_path / "out.csv"), "--encoding", "nosuch"]) == 2
        err = capsys.readouterr().err
        assert "--encoding" in err
        assert "'nosuch'" in err
        no_traceback(err)

    def test_a_text_file_named_xlsx(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ "a text file named .xlsx (BadZipFile)"."""
        fake = tmp_path / "register.xlsx"
        fake.write_bytes(REGISTER.read_bytes())
        assert main(["batch", str(fake), "-o", str(tmp_path / "out.csv")]) == 2
        err = capsys.readouterr().err
        assert "register.xlsx" in err
        assert ".xlsx" in err
        no_traceback(err)

    @pytest.mark.parametrize(
        "argv",
        [
            ("batch", str(REGISTER), "-o", "{out}"),
            ("clauses",),
            ("assess", str(DEALER)),
            ("assess", str(DEALER), "--json"),
        ],
    )
    def test_a_closed_pipe(self, tmp_path: Path, argv: tuple[str, ...]) -> None:
        """ "batch … | head (BrokenPipeError)": every subcommand ends quietly when its reader has gone."""
        read, write = os.pipe()
        os.close(read)  # the reader is gone before the first byte
        with os.fdopen(write, "wb") as closed:
            done = run(*(a.format(out=tmp_path / "out.csv") for a in argv), stdout=closed, stderr=subprocess.PIPE)
        assert done.stderr == b""
        assert done.returncode == 0

    def test_stdout_on_a_full_device(self) -> None:
        """ "stdout to a full device"."""
        with open("/dev/full", "wb") as full:
            done = run("clauses", stdout=full, stderr=subprocess.PIPE)
        err = done.stderr.decode("utf-8")
        assert done.returncode == 2
        assert "No space left on device" in err
        no_traceback(err)

    def test_a_gbk_console(self) -> None:
        """ "output to a GBK console (PYTHONIOENCODING=gbk: the half-width ¥ cannot be encoded — with --json too)"."""
        text = run("assess", str(DEALER), env={"PYTHONIOENCODING": "gbk"})
        assert text.returncode == 0, text.stderr
        assert "合计 total ￥260,000.00" in text.stdout.decode("gbk")
        as_json = run("assess", str(DEALER), "--json", env={"PYTHONIOENCODING": "gbk"})
        assert as_json.returncode == 0
        assert json.loads(as_json.stdout.decode("utf-8"))["total"] == "260000.00"  # JSON is always UTF-8
        failing = run("assess", "/nonexistent.json", env={"PYTHONIOENCODING": "gbk"})
        assert failing.returncode == 2
        assert "找不到文件" in failing.stderr.decode("gbk")

    @pytest.mark.parametrize(
        ("name", "content", "words"),
        [
            ("test_gbk.py", "def test_x():\n    '''中文'''\n".encode("gbk"), "test_gbk.py"),
            ("cases.toml", b"[[case]\nid = ", "cases.toml"),
            ("cases.toml", "id = '中文'".encode("gbk"), "not UTF-8"),
        ],
    )
    def test_clauses_over_a_bad_tests_folder(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, words: str
    ) -> None:
        """ "clauses --tests over a test folder with a non-UTF-8 file or a malformed TOML case"."""
        (tmp_path / name).write_bytes(content)
        assert main(["clauses", "--tests", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert words in err
        no_traceback(err)

    def test_a_schedule_file_in_gbk(self, tmp_path: Path) -> None:
        """ "a schedule file in GBK"."""
        path = tmp_path / "2027.json"
        path.write_bytes(SCHEDULE.read_text(encoding="utf-8").encode("gbk"))
        with pytest.warns(DetectedEncodingWarning, match="GB18030"):
            schedule = Schedule.from_file(path)
        assert schedule == Schedule.from_file(SCHEDULE)
        assert Schedule.from_file(path, encoding="gbk") == schedule
        path.write_bytes(bytes(range(256)))
        with pytest.raises(InputFileError, match="--encoding"):
            Schedule.from_file(path)

    def test_a_file_over_the_assess_limit(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """ "A 200 MB JSON file made assess grow to 22 GB and be killed": refused from its size, before it is read."""
        big = tmp_path / "big.json"
        with open(big, "wb") as handle:
            handle.truncate(cli.ASSESS_MAX_BYTES + 1)  # sparse: no disk used
        reads: list[int] = []
        real_open = open

        class Spy:
            """A file whose reads are counted."""

            def __init__(self, *args: object) -> None:
                self.handle = real_open(*args)  # type: ignore[call-overload]

            def __enter__(self) -> Spy:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()

            def fileno(self) -> int:
                return int(self.handle.fileno())

            def read(self, size: int = -1) -> bytes:
                reads.append(size)
                return bytes(self.handle.read(size))

        monkeypatch.setattr(_files, "open", Spy, raising=False)
        assert main(["assess", str(big)]) == 2
        err = capsys.readouterr().err
        assert "too large" in err
        assert "batch" in err
        assert reads == []  # refused from its size alone
        monkeypatch.undo()
        with pytest.raises(InputFileError, match="too large"):
            _files.read_bytes(big, limit=100)


def test_an_unexpected_error_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "an unexpected one exits 70 with one bilingual line and a --debug flag that shows the trace"."""

    def broken(data: object) -> object:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(cli, "_assess_all", broken)
    assert main(["assess", str(DEALER)]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "内部错误 internal error: ZeroDivisionError: boom" in err
    assert "--debug" in err
    assert main(["--debug", "assess", str(DEALER)]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_output_checks_refuse_a_missing_folder(tmp_path: Path) -> None:
    """An output in a folder that does not exist is refused before anything is evaluated."""
    with pytest.raises(OutputFileError, match="does not exist"):
        _files.check_output(tmp_path / "nowhere" / "out.csv")


def test_an_unwritable_folder_is_a_named_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder where no file can be created is an ``OutputFileError`` naming it, not a bare ``PermissionError``."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(_files.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputFileError, match="Permission denied") as refused:
        _files.write_text(tmp_path / "agenda.ics", "BEGIN:VCALENDAR")
    assert str(tmp_path) in str(refused.value)
    assert not (tmp_path / "agenda.ics").exists()
