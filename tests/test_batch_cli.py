"""``hongshan-policy batch``: registers from file to file (CSV, Excel, Parquet), a summary line, clear failures."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import Any

import narwhals  # noqa: F401  (required: the analysis extra)
import openpyxl  # noqa: F401  (required: the analysis extra)
import pandas as pd
import pyarrow  # noqa: F401  (required: the analysis extra)
import pytest
import tqdm  # noqa: F401  (required: the analysis extra)

from hongshan_policy import batch
from hongshan_policy.batch import _cli

REGISTER = Path(__file__).parents[1] / "examples" / "batch" / "used-car-register.csv"
FORMATS = ("csv", "xlsx", "parquet")
EXPECTED_TOTALS = {
    1: "260000.00",
    4: "60000.00",
    5: "180000.00",
    6: "210000.00",
    7: "350000.00",
    11: "90000.00",
    19: "245000.00",
    22: "400000.00",
}
"""序号 -> total of the rows of the example register that get money."""
ERROR_ROWS = {13, 14, 15, 16, 17, 18, 20}


def register_as(path: Path) -> Path:
    """The example register saved in the format of ``path``."""
    frame = batch.read_table(REGISTER)
    if path.suffix == ".csv":
        path.write_bytes(REGISTER.read_bytes())
    else:
        batch.write_table(frame, path)
    return path


def read_back(path: Path) -> Any:
    frame = batch.read_table(path)
    return frame.set_index(frame["序号"].astype(str).astype(int))


def decimal(value: Any) -> Decimal | None:
    """An amount read back from any format (text, float from Excel, Decimal from Parquet) as exact yuan."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(Decimal("0.01"))


class TestRoundTrips:
    """Each input format to each output format gives the same decisions."""

    @pytest.mark.parametrize("source", FORMATS)
    @pytest.mark.parametrize("target", FORMATS)
    def test_formats(self, tmp_path: Path, source: str, target: str, capsys: pytest.CaptureFixture[str]) -> None:
        """The example register through every pair of formats: same totals, same error rows, same row order."""
        given = register_as(tmp_path / f"in.{source}")
        out = tmp_path / f"out.{target}"
        assert _cli.run_batch(input=given, output=out, lang="en") == 0
        result = read_back(out)
        assert result.index.tolist() == list(range(1, 23))
        totals = {i: decimal(v) for i, v in result["total"].items()}
        assert {i: str(v) for i, v in totals.items() if v} == EXPECTED_TOTALS
        errors = {i for i, v in result["error"].items() if isinstance(v, str) and v}
        assert errors == ERROR_ROWS
        printed = capsys.readouterr()
        assert printed.out.strip() == (
            "行数 rows 22; 符合 eligible 8 (规模奖励 scale 2, 做大做强奖励 growth 8); 错误 errors 7; "
            "合计 total ¥1,795,000.00 (179.50万元)"
        )
        assert printed.err == ""  # no progress bar when standard error is not a terminal

    def test_csv_is_written_with_a_bom(self, tmp_path: Path) -> None:
        """The CSV starts with the UTF-8 byte-order mark so Excel shows Chinese; the Chinese headers are kept."""
        out = tmp_path / "out.csv"
        _cli.run_batch(input=REGISTER, output=out)
        data = out.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8-sig").splitlines()[0].startswith("序号,企业名称,统一社会信用代码")

    def test_excel_amounts_are_numbers_with_two_decimals(self, tmp_path: Path) -> None:
        """In the .xlsx, amounts are numeric cells formatted #,##0.00."""
        from openpyxl import load_workbook

        out = tmp_path / "out.xlsx"
        _cli.run_batch(input=REGISTER, output=out, lang="en")
        sheet = load_workbook(out).active
        assert sheet is not None
        header = [cell.value for cell in sheet[1]]
        cell = sheet.cell(row=2, column=header.index("total") + 1)
        assert cell.value == 260000
        assert cell.number_format == "#,##0.00"

    def test_parquet_keeps_exact_decimals(self, tmp_path: Path) -> None:
        """In Parquet, amounts stay decimal128(18, 2)."""
        import pyarrow.parquet as pq

        out = tmp_path / "out.parquet"
        _cli.run_batch(input=REGISTER, output=out)
        assert str(pq.read_schema(out).field("growth_amount").type) == "decimal128(18, 2)"

    def test_chunks_give_the_same_result(self, tmp_path: Path) -> None:
        """Evaluated 5 rows at a time (for the progress bar), the output is the same as in one piece."""
        whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
        _cli.run_batch(input=REGISTER, output=whole)
        _cli.run_batch(input=REGISTER, output=chunked, chunk_rows=5)
        assert whole.read_bytes() == chunked.read_bytes()


class TestCommandLine:
    """The sub-command as the ``hongshan-policy`` parser will carry it."""

    def parser(self) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(prog="hongshan-policy")
        _cli.add_batch_parser(parser.add_subparsers(dest="command", required=True))
        return parser

    def run(self, *argv: str) -> int:
        args = self.parser().parse_args(list(argv))
        status: int = args.run(args)
        return status

    def test_the_command(self, tmp_path: Path) -> None:
        """``batch IN -o OUT --policy used-car`` writes OUT and exits 0."""
        out = tmp_path / "out.xlsx"
        assert self.run("batch", str(REGISTER), "-o", str(out), "--policy", "used-car") == 0
        assert out.exists()

    def test_fail_on_row_errors(self, tmp_path: Path) -> None:
        """With --fail-on-row-errors a register with bad rows still gets its output, and the status is 1."""
        out = tmp_path / "out.csv"
        assert self.run("batch", str(REGISTER), "-o", str(out), "--fail-on-row-errors") == 1
        assert out.exists()

    def test_an_unknown_policy_is_refused_by_the_parser(self) -> None:
        """Only the policies batch knows are accepted."""
        with pytest.raises(SystemExit):
            self.parser().parse_args(["batch", "in.csv", "-o", "out.csv", "--policy", "used-cars"])

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("missing.csv", None, "找不到文件"),
            ("in.txt", "a,b\n", "unsupported file type"),
            ("in.csv", "企业名称,统一社会信用代码\n甲,x\n", "required columns are missing"),
        ],
    )
    def test_unusable_input(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None, message: str
    ) -> None:
        """A file that is missing, of an unknown type or without the required columns: status 2 and a message."""
        given = tmp_path / name
        if content is not None:
            given.write_text(content, encoding="utf-8")
        assert self.run("batch", str(given), "-o", str(tmp_path / "out.csv")) == 2
        err = capsys.readouterr().err
        assert err.startswith("错误 error:")
        assert message in err
        assert "Traceback" not in err

    def test_a_gbk_csv_is_detected(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A CSV saved by Chinese Excel (GBK) is read with a notice naming the encoding; --encoding gbk is silent."""
        given = tmp_path / "gbk.csv"
        given.write_bytes(REGISTER.read_text(encoding="utf-8-sig").encode("gbk"))
        out = tmp_path / "out.csv"
        assert self.run("batch", str(given), "-o", str(out)) == 0
        assert "GB18030" in capsys.readouterr().err
        assert self.run("batch", str(given), "-o", str(out), "--encoding", "gbk", "--overwrite") == 0
        assert "GB18030" not in capsys.readouterr().err


class TestHeadquartersRegister:
    """The rent register of 79号 through the command line."""

    HQ_REGISTER = REGISTER.with_name("hq-rent-register.csv")

    def test_rent_schedule(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Six enterprises: three with a schedule, two refused at a clause, one bad row; chunks change nothing."""
        whole, chunked = tmp_path / "whole.csv", tmp_path / "chunked.csv"
        assert _cli.run_batch(input=self.HQ_REGISTER, output=whole, policy="hq-rent", lang="en") == 0
        assert capsys.readouterr().out.strip() == (
            "行数 rows 6; 符合 eligible 3 (房屋租赁补贴 rent 3); 错误 errors 1; "
            "合计 total ¥37,871,200.00 (3,787.12万元)"
        )
        assert _cli.run_batch(input=self.HQ_REGISTER, output=chunked, policy="hq-rent", chunk_rows=2, lang="en") == 0
        assert whole.read_bytes() == chunked.read_bytes()
        result = batch.read_table(whole)
        assert result["rent_total"].tolist()[:5] == ["14263200.00", "8760000.00", "0.00", "0.00", "14848000.00"]
        assert result["rent_first_failed_clause"].tolist()[2:4] == ["hq:3.2", "hq:2.1"]
        assert "某市级房租补贴" in result["warnings"][4]


def test_the_documented_column_tables() -> None:
    """docs/batch.md lists every input column of every policy with its Chinese header and aliases."""
    text = (Path(__file__).parents[1] / "docs" / "batch.md").read_text(encoding="utf-8")
    for fields in (batch.USED_CAR_FIELDS, batch.HQ_RENT_FIELDS, batch.HQ_LAND_FIELDS):
        for field in fields:
            assert f"| `{field.name}` | {field.zh} | {'、'.join(field.aliases) or '—'} |" in text, field.name


def test_the_parser_knows_every_policy() -> None:
    """The command's --policy choices are the policies ``evaluate`` knows (kept apart so the parser is light)."""
    from hongshan_policy.batch import _cli

    assert tuple(batch.POLICIES) == _cli.POLICY_NAMES
