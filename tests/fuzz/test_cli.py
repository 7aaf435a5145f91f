"""Fuzzing the command line with hostile files and paths (issue 9): every run ends in a correct answer or a named error.

Each generated case runs ``cli.main([...])`` in-process (fast), under a time limit, and its outcome is
classified:

- exit 0 with a correct answer: ``assess --json`` prints JSON of the input's shape (an object for an
  object, a list of the same length for a list); ``batch`` writes an output with one row per input row,
  whose text cells a spreadsheet cannot run as formulas;
- exit 2 with ``错误 error:`` on standard error naming the field, the file or the option (with ``--json``:
  one JSON error object, the last line of standard error);
- anything else fails the test: exit 70 (an internal error), another status, an exception escaping,
  ``Traceback`` in the output, a run longer than the time limit (a hang), an existing file replaced
  without ``--overwrite``, an input overwritten.

A few cases run as real processes (closed pipes, a full device). The number of examples per property is
``HONGSHAN_FUZZ_EXAMPLES`` (default 40; e.g. ``HONGSHAN_FUZZ_EXAMPLES=2000 pytest tests/fuzz``).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hongshan_policy import cli

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples"
REGISTER = EXAMPLES / "batch" / "used-car-register.csv"
APPLICATIONS = [
    EXAMPLES / "used-car" / "dealer.json",
    EXAMPLES / "hq" / "rent.json",
    EXAMPLES / "hq" / "land.json",
]
TIME_LIMIT = 20.0
"""Seconds one in-process run may take before it counts as a hang."""

FUZZ = settings(
    max_examples=int(os.environ.get("HONGSHAN_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Hang(Exception):
    """A run took longer than :data:`TIME_LIMIT`."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    status: int
    out: str
    err: str


def run_cli(*argv: str) -> Outcome:
    """``cli.main(argv)`` in-process with captured streams; an exception escaping fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with time_limit(TIME_LIMIT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(argv))
        except SystemExit as leaving:  # argparse: a bad option or a file name that looks like one
            status = leaving.code if isinstance(leaving.code, int) else 2
    return Outcome(status, out.getvalue(), err.getvalue())


def assert_named_error(outcome: Outcome, *names: str) -> None:
    """Exit 2 with one bilingual error naming something (a field, a file, an option), no traceback."""
    assert outcome.status == 2, outcome
    assert "Traceback" not in outcome.err
    assert "internal error" not in outcome.err
    if outcome.err.startswith("usage:"):  # argparse names the option itself
        assert "error:" in outcome.err
        return
    last = outcome.err.rstrip("\n").rsplit("\n", 1)[-1]
    if last.startswith("{"):  # --json: the error is one JSON object, the last line (after any notices)
        error = json.loads(last)
        assert error["exit_code"] == 2
        assert error["zh"]
        assert error["en"]
        assert error["errors"]
        if names:
            assert any(name in last for name in names), (names, outcome.err)
        return
    assert outcome.err.startswith(("错误 error:", "注意 notice:")), outcome.err
    assert "错误 error:" in outcome.err
    if names:
        assert any(name in outcome.err for name in names), (names, outcome.err)


def classify_assess(outcome: Outcome, data: Any) -> str:
    """``assess --json``: a correct answer of the input's shape, or a named error."""
    assert "Traceback" not in outcome.out + outcome.err
    assert outcome.status in (0, 2), outcome
    if outcome.status == 2:
        assert_named_error(outcome)
        return "error"
    printed = json.loads(outcome.out)
    if isinstance(data, list):
        assert isinstance(printed, list)
        assert len(printed) == len(data)
    else:
        assert isinstance(printed, dict)
    return "answer"


# --------------------------------------------------------------------------- hostile JSON files


def _application() -> st.SearchStrategy[Any]:
    return st.sampled_from(APPLICATIONS).map(lambda p: json.loads(p.read_text(encoding="utf-8")))


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=30),
    st.sampled_from(["1e40", "1e999999999", "NaN", "３０００００００", "30,000,000.50", "3,0", "", "是", "2024/6/12"]),
)


@st.composite
def mutated_application(draw: st.DrawFn) -> str:
    """A valid application with one field replaced by a hostile value, as JSON text (numbers written raw)."""
    record = draw(_application())
    keys = [k for k in record if k != "policy"]
    key = draw(st.sampled_from(keys))
    kind = draw(st.sampled_from(["leaf", "raw-number", "duplicate", "drop", "extra"]))
    if kind == "leaf":
        record[key] = draw(JSON_LEAVES)
        return json.dumps(record, ensure_ascii=draw(st.booleans()))
    if kind == "drop":
        del record[key]
        return json.dumps(record, ensure_ascii=False)
    if kind == "extra":
        record[draw(st.text(min_size=1, max_size=10))] = draw(JSON_LEAVES)
        return json.dumps(record, ensure_ascii=False)
    if kind == "duplicate":
        text = json.dumps(record, ensure_ascii=False)
        return text[:-1] + f', "{key}": {json.dumps(draw(JSON_LEAVES))}}}'
    number = draw(
        st.one_of(
            st.decimals(allow_nan=False, allow_infinity=False, places=draw(st.integers(0, 12))).map(str),
            st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
            st.sampled_from(["10000000.00000000001", "90071992547409.93", "1e3", "-0.0", "1E+400"]),
        )
    )
    record[key] = "__RAW__"
    return json.dumps(record, ensure_ascii=False).replace('"__RAW__"', number, 1)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-32", "latin-1"])


@st.composite
def hostile_json_file(draw: st.DrawFn) -> tuple[bytes, Any]:
    """Bytes of a hostile ``assess`` input and, when it is valid JSON, its parsed value (for the shape check)."""
    kind = draw(st.sampled_from(["mutated", "list", "encoded", "bytes", "nested", "scalar"]))
    if kind == "bytes":
        return draw(st.binary(max_size=400)), None
    if kind == "nested":
        depth = draw(st.sampled_from([1, 10, 63, 64, 65, 1000, 100_000]))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        return (opener * depth + "1" + closer * depth).encode(), None
    if kind == "scalar":
        text = draw(st.sampled_from(["1", '"x"', "null", "true", "", "   ", "[]", "{}", "[1]", "[[]]"]))
        return text.encode(), None
    text = draw(mutated_application())
    if kind == "list":
        items = draw(st.lists(mutated_application(), max_size=3))
        text = "[" + ",".join(items) + "]"
    encoding = draw(ENCODINGS) if kind == "encoded" else "utf-8"
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    return data, None


@FUZZ
@given(case=hostile_json_file())
def test_assess_on_hostile_files(case: tuple[bytes, Any]) -> None:
    """Any bytes given to ``assess --json``: a correct answer of the input's shape, or exit 2 naming the problem."""
    content, _ = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_bytes(content)
        outcome = run_cli("assess", str(path), "--json")
        try:
            text = content.decode("utf-8")
            data = json.loads(text) if outcome.status == 0 else None
        except (UnicodeDecodeError, ValueError, RecursionError):
            data = None
        if outcome.status == 0 and data is None:  # read in a detected encoding: the answer has some shape
            data = json.loads(outcome.out)
        event(f"assess: {classify_assess(outcome, data)}")


@FUZZ
@given(name=st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s and "/" not in s))
def test_assess_on_hostile_paths(name: str) -> None:
    """Odd file names, a folder, a missing file: a named error (or an answer), never a traceback."""
    with tempfile.TemporaryDirectory() as folder:
        for target in (Path(folder) / name, Path(folder), Path(folder) / "missing" / name):
            outcome = run_cli("assess", str(target))
            assert outcome.status == 2 or target.is_file(), outcome
            assert "Traceback" not in outcome.err
            if outcome.status == 2:
                assert_named_error(outcome)


# --------------------------------------------------------------------------- hostile registers

INJECTIONS = st.sampled_from(
    [
        '=HYPERLINK("http://evil","click")',
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "a\rb",
        "a\nb",
        'quote"inside',
        "comma,inside",
        "-5",
        "+1,000.50",
    ]
)


def _register() -> tuple[list[str], list[list[str]]]:
    with open(REGISTER, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    return buffer.getvalue()


@st.composite
def hostile_register(draw: st.DrawFn) -> tuple[bytes, int | None, str]:
    """The bytes of a hostile register, its number of data rows when its shape is sound, and its suffix."""
    header, rows = _register()
    rows = draw(st.lists(st.sampled_from(rows), min_size=0, max_size=6))
    rows = [list(row) for row in rows]
    sound = True
    for row in rows:
        for _ in range(draw(st.integers(0, 2))):
            row[draw(st.integers(0, len(row) - 1))] = draw(st.one_of(INJECTIONS, st.text(max_size=12)))
    kind = draw(st.sampled_from(["cells", "ragged", "dup-header", "unknown-header", "wan-header", "bytes", "jsonl"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300)), None, draw(st.sampled_from([".csv", ".xlsx", ".jsonl", ".parquet"]))
    if kind == "jsonl":
        lines = []
        for row in rows:
            record: dict[str, Any] = dict(zip(header, row, strict=True))
            if draw(st.booleans()):
                record[draw(st.sampled_from(header))] = draw(
                    st.one_of(JSON_LEAVES, st.just("\x01ctrl"), st.just([1]), st.just({"a": 1}))
                )
            lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
        if lines and draw(st.booleans()):
            lines[0] = lines[0][:-1] + ', "序号": "dup"}'  # a duplicate key
        return "\n".join(lines).encode("utf-8"), None, ".jsonl"
    if kind == "ragged" and rows:
        row = draw(st.sampled_from(rows))
        if draw(st.booleans()):
            row.append("")
        else:
            row.pop()
        sound = False
    if kind == "dup-header":
        position = draw(st.integers(0, len(header) - 1))
        header = [*header, header[position]]
        rows = [[*row, row[position]] for row in rows]
        sound = False
    if kind == "unknown-header":
        header = [*header, draw(st.sampled_from(["营收合计", "=cmd", "", "Unnamed: 3", "x"]))]
        rows = [[*row, draw(INJECTIONS)] for row in rows]
    if kind == "wan-header":
        header = [h.replace("(元)", "(万元)") for h in header]
    text = _csv_text(header, rows)
    encoding = draw(ENCODINGS)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    return data, (len(rows) if sound else None), ".csv"


def _read_back(path: Path) -> list[list[Any]]:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [[]] + [list(json.loads(line).values()) for line in lines]
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # never a live formula
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@FUZZ
@given(
    case=hostile_register(),
    suffix=st.sampled_from([".csv", ".xlsx", ".jsonl"]),
    target=st.sampled_from(["new", "existing", "existing-overwrite", "input"]),
    strict=st.booleans(),
)
def test_batch_on_hostile_registers(
    case: tuple[bytes, int | None, str], suffix: str, target: str, strict: bool
) -> None:
    """Any CSV given to ``batch``: one output row per input row with no live formula, or exit 2 naming the problem;
    an existing output is kept without --overwrite, the input never overwritten."""
    content, rows, source = case
    with tempfile.TemporaryDirectory() as folder:
        given_path = Path(folder) / f"register{source}"
        given_path.write_bytes(content)
        out = Path(folder) / f"result{suffix}"
        extra = ["--strict"] if strict else []
        if target.startswith("existing"):
            out.write_bytes(b"previous")
            if target.endswith("overwrite"):
                extra.append("--overwrite")
        if target == "input":
            out = given_path
        outcome = run_cli("batch", str(given_path), "-o", str(out), *extra)
        assert "Traceback" not in outcome.out + outcome.err
        assert outcome.status in (0, 2), outcome
        assert given_path.read_bytes() == content  # the input is never touched
        if target == "input" or target == "existing":
            assert_named_error(outcome, "--output", "--overwrite", str(out))
            if target == "existing":
                assert out.read_bytes() == b"previous"
            event("batch: output refused (exists or is the input)")
            return
        if outcome.status == 2:
            assert_named_error(outcome)
            assert not out.exists() or out.read_bytes() == b"previous"
            event("batch: error")
            return
        event("batch: answer")
        table = _read_back(out)
        if rows is not None:
            assert len(table) - 1 == rows
        for row in table:
            for cell in row:
                if isinstance(cell, str) and suffix != ".jsonl":
                    assert not cell.startswith(FORMULA_STARTS) or _plain_number(cell), cell
        assert sorted(p.name for p in Path(folder).iterdir()) == sorted({given_path.name, out.name})


PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+")
"""A signed number written as text: a spreadsheet reads it as that number, not as a formula."""


def _plain_number(text: str) -> bool:
    return PLAIN_NUMBER.fullmatch(text) is not None


# --------------------------------------------------------------------------- real processes

SUBCOMMANDS = [
    ("assess", str(APPLICATIONS[0])),
    ("assess", str(APPLICATIONS[0]), "--json"),
    ("clauses",),
    ("clauses", "--json"),
    ("batch", str(REGISTER), "-o", "{out}"),
    ("ebike", "tasks"),
    ("ebike", "agenda", "区工信局", "--ics"),
    ("schema", "--list"),
    ("schema", "assess-input"),
    ("test", str(ROOT / "tests" / "spec" / "used-car.toml")),
]


def _process(argv: tuple[str, ...], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.update(kwargs.pop("env", {}))
    return subprocess.run(
        [sys.executable, "-m", "hongshan_policy.cli", *argv], env=env, timeout=120, check=False, **kwargs
    )


@pytest.mark.parametrize("argv", SUBCOMMANDS, ids=lambda a: " ".join(a[:2]))
def test_every_subcommand_survives_a_closed_pipe_and_a_full_device(tmp_path: Path, argv: tuple[str, ...]) -> None:
    """`… | head` ends quietly with status 0; standard output on /dev/full is a named error (status 2)."""
    argv = tuple(a.format(out=tmp_path / "out.csv") for a in argv)
    read, write = os.pipe()
    os.close(read)
    with os.fdopen(write, "wb") as closed:
        done = _process(argv, stdout=closed, stderr=subprocess.PIPE)
    assert done.stderr == b"", done.stderr.decode("utf-8", "replace")
    assert done.returncode == 0
    shutil.rmtree(tmp_path)
    tmp_path.mkdir()
    with open("/dev/full", "wb") as full:
        done = _process(argv, stdout=full, stderr=subprocess.PIPE)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert "No space left on device" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", SUBCOMMANDS[:5], ids=lambda a: " ".join(a[:2]))
def test_every_subcommand_on_a_gbk_console(tmp_path: Path, argv: tuple[str, ...]) -> None:
    """PYTHONIOENCODING=gbk: status 0, the output decodes as GBK (JSON as UTF-8), no traceback."""
    argv = tuple(a.format(out=tmp_path / "out.csv") for a in argv)
    done = _process(argv, capture_output=True, env={"PYTHONIOENCODING": "gbk"})
    assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    if "--json" in argv:
        json.loads(done.stdout.decode("utf-8"))
    else:
        done.stdout.decode("gbk")
    assert b"Traceback" not in done.stderr


# --------------------------------------------------------------------------- values in files, read by the boundary


def _json_text(value: Any) -> str | None:
    """``value`` as JSON text written by a clerk's tool, or None when JSON cannot hold it as such."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if type(value) is int:  # 10**5000 as written: Python's str() stops at 4,300 digits
        return str(value) if value.bit_length() < 10_000 else "1" + "0" * 5000
    if type(value) is float:
        return {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}.get(repr(value), repr(value))
    if value is None:
        return "null"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return json.dumps(value, ensure_ascii=False)
    return None


def _with(field: tuple[str, ...], raw: str) -> str:
    record = json.loads(APPLICATIONS[0].read_text(encoding="utf-8"))
    target = record
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = "__RAW__"
    return json.dumps(record, ensure_ascii=False, indent=1).replace('"__RAW__"', raw, 1)


@FUZZ
@given(data=st.data(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]))
def test_assess_reads_each_value_as_the_boundary_does(data: st.DataObject, encoding: str) -> None:
    """A hostile money or flag value in an ``assess`` file, in any encoding: the answer for the value the input
    boundary reads (the strategies' oracle), or exit 2 naming the field when it must refuse it."""
    from hongshan_policy.inputs import parse_flag  # noqa: F401  (the boundary the strategies describe)

    from .strategies import REFUSED, field_flags, money

    kind = data.draw(st.sampled_from(["money", "flag"]))
    if kind == "money":
        field, (value, expected) = ("revenue_2024",), data.draw(money())
        if value is None:  # null: the growth reward not applied for (an optional field)
            return
    else:
        field, (value, expected) = ("dealer", "key_monitored"), data.draw(field_flags())
    raw = _json_text(value)
    if raw is None or (isinstance(value, str) and kind == "money" and expected is not REFUSED and "e" in raw):
        return
    text = _with(field, raw)
    try:
        content = text.encode(encoding)
    except UnicodeEncodeError:
        content = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "application.json"
        path.write_bytes(content)
        outcome = run_cli("assess", str(path), "--json")
    assert "Traceback" not in outcome.err
    if expected is REFUSED:
        assert_named_error(outcome, field[-1])
        event(f"value: {kind} refused")
        return
    assert outcome.status == 0, (value, outcome.err)
    canonical = json.dumps(expected) if isinstance(expected, bool) else json.dumps(str(expected))
    assert outcome.out == cli.assess_json(json.loads(_with(field, canonical)))
    event(f"value: {kind} read")
