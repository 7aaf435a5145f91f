"""The worked cases of ``tests/spec/<document>.toml``, one test each.

Policy staff add a case by adding a ``[[case]]`` table to a spec file: no Python
(``tests/spec/README.md`` and ``docs/spec.md`` describe the shape). Each case
becomes a test whose id is ``<document>:<n>-<clause>`` (``n`` counts the cases
of the file from 1; several clauses are joined by ``+``) and which carries the
``clause`` mark(s) of its ``clause`` key, so clause coverage counts it.

A case that cannot be run as written (unknown function or argument, unknown
key, no ``expected``, a clause id the text does not have) fails with a message
saying what is wrong; nothing is skipped. Loading, running and comparing are
``hongshan_policy.casefile``, the code ``hongshan-policy test`` runs too.
"""

from __future__ import annotations

import math
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hongshan_policy import sources
from hongshan_policy.casefile import Case, MalformedCaseError, check, load_file, run

SPEC_DIR = Path(__file__).resolve().parent / "spec"
SpecError = MalformedCaseError


def load_cases(spec_dir: Path = SPEC_DIR) -> list[Case]:
    """Every case of every ``*.toml`` spec file, file by file, in file order."""
    return [case for path in sorted(spec_dir.glob("*.toml")) for case in load_file(path)]


def _params() -> list[Any]:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.clause(*case.clauses)] if case.clauses else [])
        for case in load_cases()
    ]


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", _params())
def test_case(case: Case) -> None:
    """One worked case of a spec file: the function called with the input gives what is expected."""
    run(case)


def test_every_document_has_a_spec_file() -> None:
    """There is one spec file per source document, each with cases."""
    found = {path.stem for path in SPEC_DIR.glob("*.toml")}
    assert found == {d.id for d in sources.documents()}
    for path in SPEC_DIR.glob("*.toml"):
        assert load_file(path), path.name


class TestEncodings:
    """A case file is read like a JSON or CSV input (``_files.decode``): UTF-8, UTF-16 with a BOM, GBK."""

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "gb18030"])
    def test_the_same_cases_in_any_encoding(self, tmp_path: Path, encoding: str) -> None:
        """hq.toml saved as UTF-8 with a BOM, UTF-16 or GB18030 (GBK) gives the same cases as the original."""
        original = SPEC_DIR / "hq.toml"
        copy = tmp_path / "hq.toml"
        copy.write_text(original.read_text(encoding="utf-8"), encoding=encoding)
        if encoding == "gb18030":
            with pytest.warns(UserWarning, match="GB18030"):
                cases = load_file(copy)
        else:
            cases = load_file(copy)
        assert [repr((c.id, c.data, c.base)) for c in cases] == [
            repr((c.id, c.data, c.base)) for c in load_file(original)
        ]  # repr: a NaN input equals itself

    def test_a_binary_file_is_malformed(self, tmp_path: Path) -> None:
        """Bytes that are no text are a MalformedCaseError naming the file, not a UnicodeDecodeError."""
        path = tmp_path / "hq.toml"
        path.write_bytes(b"name = \x00\xff\xfe\x00")
        with pytest.raises(MalformedCaseError, match=r"hq\.toml .*not text"):
            load_file(path)


# --------------------------------------------------------------------------- the collector's own checks


def _write(tmp_path: Path, text: str) -> Case:
    path = tmp_path / "used-car.toml"
    path.write_text(text, encoding="utf-8")
    (case,) = load_cases(tmp_path)
    return case


GOOD_CASE = """
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
description = "收入恰为3000万元"
function = "used_car.growth_reward"
input = {{ revenue_2024 = "30000000" }}
expected = {expected}
"""


def _good(tmp_path: Path, expected: str = '{ eligible = true, amount = "210000.00" }') -> Case:
    return _write(tmp_path, GOOD_CASE.format(expected=expected))


class TestCollector:
    """The collector fails loudly on a malformed case and never passes a wrong one."""

    def test_a_good_case_passes(self, tmp_path: Path) -> None:
        """A well-formed case with the right answer passes; its id and marks come from the file."""
        case = _good(tmp_path)
        run(case)
        assert case.id == "used-car:1-used-car:3.2"

    @pytest.mark.parametrize(
        "expected",
        [
            '{ amount = "210000" }',  # an amount must be written with its fen
            '{ amount = "210000.01" }',
            "{ eligible = false }",
            '{ failed = ["used-car:3.2"] }',
            '{ warnings = ["used-car:2"] }',  # the used-car:8 warning is missing
            '{ mentions = ["0.6%"] }',
            '{ error = "InvalidInputError" }',
        ],
    )
    def test_a_wrong_expectation_fails(self, tmp_path: Path, expected: str) -> None:
        """Each wrong expectation is caught."""
        with pytest.raises(AssertionError) as raised:
            run(_good(tmp_path, expected))
        assert not isinstance(raised.value, SpecError), raised.value

    @pytest.mark.parametrize(
        ("change", "words"),
        [
            (("used_car.growth_reward", "used_car.growth_rewards"), "not a public name"),
            (("used_car.growth_reward", "used_cars.growth_reward"), "no module"),
            (("used_car.growth_reward", "used_car._growth_reward"), "not a public name"),
            (('revenue_2024 = "30000000"', 'revenue = "30000000"'), "no argument"),
            (('clause = "used-car:3.2"', 'clause = "used-car:3.9"'), "not a clause"),
            (('clause = "used-car:3.2"', 'clause = "hq:3.1"'), "not a clause of 'used-car'"),
            (('clause = "used-car:3.2"', "clause = []"), "clause must be"),
            (("description = ", "descriptio = "), "unknown key"),
            (('expected = { eligible = true, amount = "210000.00" }', ""), "missing key"),
            (('expected = { eligible = true, amount = "210000.00" }', "expected = {}"), "non-empty"),
            (('amount = "210000.00"', "amount = 210000"), "write amounts as strings"),
            (('amount = "210000.00"', "amount = 210000.0"), "as strings"),
            (('amount = "210000.00"', 'colour = "red"'), "no attribute"),
            (('eligible = true, amount = "210000.00"', 'error = "NoSuchError"'), "unknown error"),
            (('eligible = true, amount = "210000.00"', 'returns = "x", eligible = true'), "stands alone"),
        ],
    )
    def test_a_malformed_case_fails_loudly(self, tmp_path: Path, change: tuple[str, str], words: str) -> None:
        """A malformed case fails with a message saying what is wrong, rather than being skipped."""
        text = GOOD_CASE.format(expected='{ eligible = true, amount = "210000.00" }').replace(*change)
        with pytest.raises(SpecError, match=words):
            run(_write(tmp_path, text))

    def test_unknown_top_level_key(self, tmp_path: Path) -> None:
        """A misspelt top-level table is refused at collection."""
        text = GOOD_CASE.format(expected="{ eligible = true }").replace("[base.dealer]", "[bases.dealer]")
        with pytest.raises(SpecError, match="unknown top-level"):
            _write(tmp_path, text)

    def test_null_and_base_merge(self, tmp_path: Path) -> None:
        """A table named like a base starts from it; "null" stands for None in input and expected."""
        text = GOOD_CASE.format(expected="{}").replace(
            'input = { revenue_2024 = "30000000" }\nexpected = {}',
            'input = { revenue_2024 = "20000000", dealer = { registered_on = 2023-10-30 }, applied_on = "null" }\n'
            'expected = { eligible = false, failed = ["used-car:2"], failed_mentions = ["2023年10月30日"] }',
        )
        run(_write(tmp_path, text))

    def test_a_nan_expected_value_is_refused(self) -> None:
        """A float in expected is refused: figures are written as strings."""
        with pytest.raises(SpecError):
            check("x", Decimal("1"), math.nan)

    def test_a_value_of_another_kind_is_refused(self) -> None:
        """The comparison refuses a value it cannot compare rather than passing it."""
        with pytest.raises(SpecError):
            check("x", types.SimpleNamespace(), "text")
