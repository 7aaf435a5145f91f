"""The worked cases of ``tests/spec/<document>.toml``, one test each.

Policy staff add a case by adding a ``[[case]]`` table to a spec file: no Python
(``tests/spec/README.md`` and ``docs/spec.md`` describe the shape). Each case
becomes a test whose id is ``<document>:<n>-<clause>`` (``n`` counts the cases
of the file from 1; several clauses are joined by ``+``) and which carries the
``clause`` mark(s) of its ``clause`` key, so clause coverage counts it.

A case that cannot be run as written (unknown function or argument, unknown
key, no ``expected``, a clause id the text does not have) fails with a message
saying what is wrong; nothing is skipped.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import math
import operator
import re
import tomllib
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from hongshan_policy import errors, sources
from hongshan_policy.decisions import Decision, Note, Reason

SPEC_DIR = Path(__file__).resolve().parent / "spec"
PACKAGE = "hongshan_policy"

FILE_KEYS = frozenset({"document", "title", "base", "case"})
CASE_KEYS = frozenset({"clause", "description", "function", "input", "expected", "note"})
REQUIRED_CASE_KEYS = ("clause", "description", "function", "expected")
DECISION_TEXT_KEYS = frozenset({"mentions", "failed_mentions"})
ERROR_KEYS = frozenset({"error", "field", "mentions"})
NULL = "null"
"""TOML has no null: the string ``"null"`` stands for Python ``None``, in ``input`` and in ``expected``."""


class SpecError(AssertionError):
    """A case is malformed: it cannot be run as written."""


@dataclasses.dataclass(frozen=True)
class Case:
    """One ``[[case]]`` of a spec file, with the file's ``[base]`` tables."""

    path: Path
    document: str
    number: int
    data: dict[str, Any]
    base: dict[str, Any]

    @property
    def where(self) -> str:
        return f"{self.path.name} case {self.number} ({self.data.get('description', '?')})"

    @property
    def clauses(self) -> tuple[str, ...]:
        """The clause ids of the case, as written (validated when the case runs)."""
        ids = self.data.get("clause")
        if isinstance(ids, str):
            return (ids,)
        if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
            return tuple(ids)
        return ()

    @property
    def id(self) -> str:
        return f"{self.document}:{self.number}-{'+'.join(self.clauses) or 'no-clause'}"


# --------------------------------------------------------------------------- loading


def _load(path: Path) -> Iterator[Case]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:  # fails collection, loudly, naming the file and the line
        raise SpecError(f"{path.name} is not valid TOML: {error}") from None
    document = path.stem
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise SpecError(f"{path.name}: unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(FILE_KEYS)}")
    if data.get("document", document) != document:
        raise SpecError(f"{path.name}: document = {data['document']!r} but the file is named for {document!r}")
    base = data.get("base", {})
    if not isinstance(base, dict) or not all(isinstance(v, dict) for v in base.values()):
        raise SpecError(f"{path.name}: [base] must hold tables only, one per argument name ([base.dealer] …)")
    cases = data.get("case", [])
    if not isinstance(cases, list):
        raise SpecError(f"{path.name}: cases are written [[case]] (an array of tables)")
    for number, row in enumerate(cases, start=1):
        yield Case(path, document, number, row if isinstance(row, dict) else {"_not_a_table": row}, base)


def load_cases(spec_dir: Path = SPEC_DIR) -> list[Case]:
    """Every case of every ``*.toml`` spec file, file by file, in file order."""
    return [case for path in sorted(spec_dir.glob("*.toml")) for case in _load(path)]


def _params() -> list[Any]:
    return [
        pytest.param(case, id=case.id, marks=[pytest.mark.clause(*case.clauses)] if case.clauses else [])
        for case in load_cases()
    ]


# --------------------------------------------------------------------------- checking the shape


def _check_shape(case: Case) -> None:
    data = case.data
    unknown = set(data) - CASE_KEYS
    if unknown:
        raise SpecError(f"{case.where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(CASE_KEYS)}")
    missing = [key for key in REQUIRED_CASE_KEYS if key not in data]
    if missing:
        raise SpecError(f"{case.where}: missing key(s) {missing}")
    if not case.clauses:
        raise SpecError(f"{case.where}: clause must be a clause id or a non-empty list of ids, got {data['clause']!r}")
    for clause_id in case.clauses:
        if not sources.exists(clause_id):
            raise SpecError(f"{case.where}: {clause_id!r} is not a clause of the text")
        if not clause_id.startswith(f"{case.document}:"):
            raise SpecError(f"{case.where}: {clause_id!r} is not a clause of {case.document!r}")
    description = data["description"]
    if not isinstance(description, str) or not description.strip() or "\n" in description:
        raise SpecError(f"{case.where}: description must be one non-empty line")
    if "note" in data and not isinstance(data["note"], str):
        raise SpecError(f"{case.where}: note must be a string")
    if not isinstance(data.get("input", {}), dict):
        raise SpecError(f"{case.where}: input must be a table of arguments")
    expected = data["expected"]
    if not isinstance(expected, dict) or not expected:
        raise SpecError(f"{case.where}: expected must be a non-empty table saying what must come out")
    if "error" in expected:
        extra = set(expected) - ERROR_KEYS
        if extra:
            raise SpecError(f"{case.where}: with expected.error only {sorted(ERROR_KEYS)} may be given, not {extra}")
    elif "returns" in expected and len(expected) > 1:
        raise SpecError(f"{case.where}: expected.returns stands alone (the whole value the function returns)")


def _function(case: Case) -> Callable[..., Any]:
    name = case.data["function"]
    if not isinstance(name, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*\.[A-Za-z_]\w*", name):
        raise SpecError(f"{case.where}: function must be a dotted public name like 'used_car.growth_reward'")
    module_name, _, attribute = name.rpartition(".")
    try:
        module = importlib.import_module(f"{PACKAGE}.{module_name}")
    except ModuleNotFoundError:
        raise SpecError(f"{case.where}: there is no module {PACKAGE}.{module_name}") from None
    public = getattr(module, "__all__", ())
    if attribute not in public:
        raise SpecError(f"{case.where}: {name} is not a public name of {PACKAGE}.{module_name} (see its __all__)")
    function = getattr(module, attribute)
    if not callable(function) or isinstance(function, type):
        raise SpecError(f"{case.where}: {name} is not a function")
    return function  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- building the inputs


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _with_bases(key: str | None, value: Any, bases: Mapping[str, Any]) -> Any:
    """A table named like a ``[base.<name>]`` starts from it, at any depth; ``"null"`` becomes None."""
    if isinstance(value, dict):
        table = _merge(bases[key], value) if key is not None and key in bases else value
        return {k: _with_bases(k, v, bases) for k, v in table.items()}
    if isinstance(value, list):
        return [_with_bases(None, v, bases) for v in value]
    if value == NULL:
        return None
    return value


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation names (through unions, Optional and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models(arg))
    return found


def _arguments(case: Case, function: Callable[..., Any]) -> dict[str, Any]:
    signature = inspect.signature(function)
    hints = typing.get_type_hints(function)
    given = dict(case.data.get("input", {}))
    accepts_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    unknown = [name for name in given if name not in signature.parameters and not accepts_any]
    if unknown:
        raise SpecError(
            f"{case.where}: {case.data['function']} has no argument(s) {unknown}; it takes {list(signature.parameters)}"
        )
    for name, parameter in signature.parameters.items():
        if name not in given and parameter.default is parameter.empty and name in case.base:
            given[name] = {}  # a required record left out: the file's [base.<name>] as it is
    arguments = {}
    for name, raw in given.items():
        value = _with_bases(name, raw, case.base)
        models = _models(hints.get(name))
        if isinstance(value, dict) and models:
            target: Any = functools.reduce(operator.or_, models)
            value = TypeAdapter(target).validate_python(value)
        arguments[name] = value
    return arguments


# --------------------------------------------------------------------------- comparing


def _shown(value: Any) -> str:
    if isinstance(value, Decision):
        return f"Decision(eligible={value.eligible}, amount={value.amount}, failed={_clauses(value.failed)})"
    text = repr(value)
    return text if len(text) < 300 else text[:300] + "…"


def _clauses(items: Any) -> list[str]:
    return [item.clause for item in items]


def _is_notes(value: Any) -> bool:
    return isinstance(value, tuple | list) and all(isinstance(v, Reason | Note) for v in value)


def _texts(items: Any) -> Iterator[str]:
    for item in items:
        yield item.zh
        yield item.en


def _check_mentions(where: str, texts: list[str], wanted: Any) -> None:
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        raise SpecError(f"{where}: must be a list of strings")
    for phrase in wanted:
        assert any(phrase in text for text in texts), f"{where}: no text says {phrase!r}; the texts are {texts}"


def _check_scalar(where: str, actual: Any, expected: Any) -> None:
    if isinstance(expected, bool):
        assert actual is expected, f"{where}: expected {expected}, got {_shown(actual)}"
    elif isinstance(expected, str):
        if isinstance(actual, Decimal):
            assert str(actual) == expected, f"{where}: expected {expected}, got {actual}"
        elif isinstance(actual, Enum):
            assert actual.value == expected, f"{where}: expected {expected!r}, got {actual.value!r}"
        elif isinstance(actual, str):
            assert actual == expected, f"{where}: expected {expected!r}, got {actual!r}"
        else:
            raise SpecError(f"{where}: expected the text {expected!r}, but the value is {_shown(actual)}")
    elif isinstance(expected, int):
        if isinstance(actual, Decimal):
            raise SpecError(f'{where}: write amounts as strings with their fen, e.g. "{actual}"')
        same = type(actual) is int and actual == expected
        assert same, f"{where}: expected {expected}, got {_shown(actual)}"
    elif isinstance(expected, float):
        raise SpecError(f'{where}: write decimal figures as strings ("0.25"), not TOML floats')
    elif isinstance(expected, datetime) or not isinstance(expected, date):
        raise SpecError(f"{where}: cannot compare with {expected!r} (use a TOML date, a string, a number or a bool)")
    else:
        same = type(actual) is date and actual == expected
        assert same, f"{where}: expected {expected}, got {_shown(actual)}"


def check(where: str, actual: Any, expected: Any) -> None:
    """Compare what a function returned with what the case expects (see ``tests/spec/README.md``)."""
    if expected == NULL:
        assert actual is None, f"{where}: expected null (None), got {_shown(actual)}"
        return
    if isinstance(expected, dict):
        for key, wanted in expected.items():
            here = f"{where}.{key}"
            if key in DECISION_TEXT_KEYS:
                if not isinstance(actual, Decision):
                    raise SpecError(f"{here}: {key} applies to a decision only, this is {_shown(actual)}")
                items = actual.failed if key == "failed_mentions" else (*actual.reasons, *actual.warnings)
                _check_mentions(here, list(_texts(items)), wanted)
                continue
            if isinstance(actual, Mapping):
                if key not in actual:
                    raise SpecError(f"{here}: there is no {key!r} among {sorted(actual)}")
                value = actual[key]
            elif key.startswith("_") or not hasattr(actual, key):
                raise SpecError(f"{here}: {type(actual).__name__} has no attribute {key!r}")
            else:
                value = getattr(actual, key)
            check(here, value, wanted)
        return
    if isinstance(expected, list):
        if _is_notes(actual) and all(isinstance(e, str) for e in expected):
            got = sorted(_clauses(actual))
            assert got == sorted(expected), f"{where}: expected clauses {sorted(expected)}, got {got}"
            return
        if isinstance(actual, str | bytes) or not isinstance(actual, tuple | list):
            raise SpecError(f"{where}: expected a list, but the value is {_shown(actual)}")
        assert len(actual) == len(expected), f"{where}: expected {len(expected)} items, got {len(actual)}: {actual}"
        for index, (item, wanted) in enumerate(zip(actual, expected, strict=True)):
            check(f"{where}[{index}]", item, wanted)
        return
    _check_scalar(where, actual, expected)


def _error_class(case: Case, name: Any) -> type[Exception]:
    if name == "ValidationError":
        return ValidationError
    if isinstance(name, str) and name in errors.__all__:
        cls = getattr(errors, name)
        assert isinstance(cls, type)
        return cls
    raise SpecError(f"{case.where}: unknown error {name!r}; one of ValidationError, {', '.join(errors.__all__)}")


def _check_error(case: Case, error: Exception, expected: Mapping[str, Any]) -> None:
    cls = _error_class(case, expected["error"])
    assert isinstance(error, cls), f"{case.where}: expected {cls.__name__}, got {type(error).__name__}: {error}"
    field = expected.get("field")
    if isinstance(error, ValidationError):
        if field is None and "mentions" not in expected:
            raise SpecError(f"{case.where}: a ValidationError case must name its field (or what it mentions)")
        if field is not None:
            locations = [".".join(str(part) for part in e["loc"]) for e in error.errors()]
            assert any(loc == field or loc.endswith(f".{field}") for loc in locations) or field in str(error), (
                f"{case.where}: the error is not about {field!r}: {error}"
            )
    elif field is not None:
        assert isinstance(error, errors.PolicyError)
        assert error.field == field, f"{case.where}: expected the error about {field!r}, got {error.field!r}"
    if "mentions" in expected:
        _check_mentions(f"{case.where} error", [str(error)], expected["mentions"])


def run(case: Case) -> None:
    """Check a case's shape, build its arguments, call its function, compare."""
    _check_shape(case)
    function = _function(case)
    expected = case.data["expected"]
    if "error" in expected:
        _error_class(case, expected["error"])  # a typo in the error name fails before anything runs
        try:
            result = function(**_arguments(case, function))
        except (ValidationError, errors.PolicyError) as error:
            _check_error(case, error, expected)
            return
        raise AssertionError(f"{case.where}: expected {expected['error']}, got {_shown(result)}")
    result = function(**_arguments(case, function))
    if "returns" in expected:
        check(f"{case.where}: returns", result, expected["returns"])
    else:
        check(f"{case.where}: result", result, expected)


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
        assert list(_load(path)), path.name


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
