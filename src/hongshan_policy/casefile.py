"""Worked cases written as TOML (``tests/spec/*.toml``), loaded, run and checked.

A case file holds ``[[case]]`` tables: a clause, a one-line description, a
public function of this package, its ``input`` and the ``expected`` result.
Staff write them without Python; ``hongshan-policy test FILE.toml`` runs them
against the installed library (exit status 0 when every case passes, 1
otherwise, ``--junit-xml`` for CI), and the project's own test suite runs its
spec files through this same module (``tests/test_spec.py``). The format is
described in ``docs/cases.md`` (for staff, Chinese first) and in full in
``tests/spec/README.md``.

```python
from pathlib import Path

from hongshan_policy import casefile

outcomes = casefile.run_file(Path("tests/spec/used-car.toml"))
assert all(outcome.passed for outcome in outcomes)
```

A case that cannot be run as written (unknown function, argument or key, no
``expected``, a clause id the text does not have) raises
:class:`MalformedCaseError`; a case whose result differs from what it expects
raises :class:`CaseMismatchError`. Both subclass :class:`AssertionError`, so a
test that calls :func:`run` fails with the message. Nothing is skipped.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import operator
import re
import time
import tomllib
import traceback
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import _files, errors, sources
from .decisions import Decision, Note, Reason, Repayment
from .ebike import Finding, Inspection

__all__ = [
    "CASE_KEYS",
    "FILE_KEYS",
    "NULL",
    "Case",
    "CaseMismatchError",
    "MalformedCaseError",
    "Outcome",
    "check",
    "junit_xml",
    "load_file",
    "run",
    "run_case",
    "run_file",
]

PACKAGE = "hongshan_policy"

FILE_KEYS = frozenset({"document", "title", "base", "case"})
"""The top-level keys a case file may have."""
CASE_KEYS = frozenset({"clause", "description", "function", "input", "expected", "note"})
"""The keys a ``[[case]]`` may have."""
REQUIRED_CASE_KEYS = ("clause", "description", "function", "expected")
DECISION_TEXT_KEYS = frozenset({"mentions", "failed_mentions"})
ERROR_KEYS = frozenset({"error", "field", "mentions"})
NULL = "null"
"""TOML has no null: the string ``"null"`` stands for Python ``None``, in ``input`` and in ``expected``."""


class CaseMismatchError(AssertionError):
    """A case ran, and its result differs from what the case expects."""


class MalformedCaseError(AssertionError):
    """A case (or its file) cannot be run as written: the message says what is wrong."""


@dataclasses.dataclass(frozen=True)
class Case:
    """One ``[[case]]`` of a case file, with the file's ``[base]`` tables."""

    path: Path
    document: str
    number: int
    data: dict[str, Any]
    base: dict[str, Any]

    @property
    def where(self) -> str:
        """Where the case is, for messages: ``used-car.toml case 3 (its description)``."""
        return f"{self.path.name} case {self.number} ({self.data.get('description', '?')})"

    @property
    def description(self) -> str:
        """The case's one-line description (``?`` when it has none)."""
        return str(self.data.get("description", "?"))

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
        """``<document>:<n>-<clause>``: ``n`` counts the cases of the file from 1; several clauses joined by ``+``."""
        return f"{self.document}:{self.number}-{'+'.join(self.clauses) or 'no-clause'}"


# --------------------------------------------------------------------------- loading


def _document_ids() -> list[str]:
    return [doc.id for doc in sources.documents()]


def load_file(path: Path) -> list[Case]:
    """The cases of one file, in file order.

    The document is the file's ``document`` key, or else the file's name
    (``used-car.toml``). Raises :class:`MalformedCaseError` when the file is not
    valid TOML (naming the line), is not text (:func:`hongshan_policy._files.decode`: UTF-8 with or without a
    byte-order mark, UTF-16 with one, or GBK, as for JSON and CSV inputs), has an unknown top-level key or names
    no document; :class:`OSError` when it cannot be read.
    """
    try:
        data = tomllib.loads(_files.decode(path.read_bytes(), name=path.name).text)
    except tomllib.TOMLDecodeError as error:
        raise MalformedCaseError(f"{path.name} 不是有效的TOML is not valid TOML: {error}") from None
    except errors.InputFileError as error:
        raise MalformedCaseError(f"{path.name} 不是文本 is not text: {error}") from None
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise MalformedCaseError(
            f"{path.name}: unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(FILE_KEYS)}"
        )
    known = _document_ids()
    document = data.get("document", path.stem)
    if "document" in data and path.stem in known and document != path.stem:
        raise MalformedCaseError(f"{path.name}: document = {document!r} but the file is named for {path.stem!r}")
    if document not in known:
        raise MalformedCaseError(
            f"{path.name}: 请写明文件 say which document the cases are for: "
            f"name the file after it or write document = one of {known} (got {document!r})"
        )
    base = data.get("base", {})
    if not isinstance(base, dict) or not all(isinstance(v, dict) for v in base.values()):
        raise MalformedCaseError(f"{path.name}: [base] must hold tables only, one per argument name ([base.dealer] …)")
    cases = data.get("case", [])
    if not isinstance(cases, list):
        raise MalformedCaseError(f"{path.name}: cases are written [[case]] (an array of tables)")
    return [
        Case(path, document, number, row if isinstance(row, dict) else {"_not_a_table": row}, base)
        for number, row in enumerate(cases, start=1)
    ]


# --------------------------------------------------------------------------- checking the shape


def _check_shape(case: Case) -> None:
    data = case.data
    unknown = set(data) - CASE_KEYS
    if unknown:
        raise MalformedCaseError(f"{case.where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(CASE_KEYS)}")
    missing = [key for key in REQUIRED_CASE_KEYS if key not in data]
    if missing:
        raise MalformedCaseError(f"{case.where}: missing key(s) {missing}")
    if not case.clauses:
        raise MalformedCaseError(
            f"{case.where}: clause must be a clause id or a non-empty list of ids, got {data['clause']!r}"
        )
    for clause_id in case.clauses:
        if not sources.exists(clause_id):
            raise MalformedCaseError(f"{case.where}: {clause_id!r} is not a clause of the text")
        if not clause_id.startswith(f"{case.document}:"):
            raise MalformedCaseError(f"{case.where}: {clause_id!r} is not a clause of {case.document!r}")
    description = data["description"]
    if not isinstance(description, str) or not description.strip() or "\n" in description:
        raise MalformedCaseError(f"{case.where}: description must be one non-empty line")
    if "note" in data and not isinstance(data["note"], str):
        raise MalformedCaseError(f"{case.where}: note must be a string")
    if not isinstance(data.get("input", {}), dict):
        raise MalformedCaseError(f"{case.where}: input must be a table of arguments")
    expected = data["expected"]
    if not isinstance(expected, dict) or not expected:
        raise MalformedCaseError(f"{case.where}: expected must be a non-empty table saying what must come out")
    if "error" in expected:
        extra = set(expected) - ERROR_KEYS
        if extra:
            raise MalformedCaseError(
                f"{case.where}: with expected.error only {sorted(ERROR_KEYS)} may be given, not {extra}"
            )
    elif "returns" in expected and len(expected) > 1:
        raise MalformedCaseError(f"{case.where}: expected.returns stands alone (the whole value the function returns)")


def _function(case: Case) -> Callable[..., Any]:
    name = case.data["function"]
    if not isinstance(name, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*\.[A-Za-z_]\w*", name):
        raise MalformedCaseError(f"{case.where}: function must be a dotted public name like 'used_car.growth_reward'")
    module_name, _, attribute = name.rpartition(".")
    try:
        module = importlib.import_module(f"{PACKAGE}.{module_name}")
    except ModuleNotFoundError:
        raise MalformedCaseError(f"{case.where}: there is no module {PACKAGE}.{module_name}") from None
    public = getattr(module, "__all__", ())
    if attribute not in public:
        raise MalformedCaseError(
            f"{case.where}: {name} is not a public name of {PACKAGE}.{module_name} (see its __all__)"
        )
    function = getattr(module, attribute)
    if not callable(function) or isinstance(function, type):
        raise MalformedCaseError(f"{case.where}: {name} is not a function")
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
        raise MalformedCaseError(
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
    if isinstance(value, Repayment):
        return f"Repayment(due={value.due}, amount={value.amount}, failed={_clauses(value.failed)})"
    if isinstance(value, Inspection):
        return f"Inspection(violations={_clauses(value.violations)}, follow_ups={_clauses(value.follow_ups)})"
    text = repr(value)
    return text if len(text) < 300 else text[:300] + "…"


def _clauses(items: Any) -> list[str]:
    """The clause ids of reasons or warnings; the keys of inspection findings."""
    return [item.key if isinstance(item, Finding) else item.clause for item in items]


def _is_notes(value: Any) -> bool:
    return isinstance(value, tuple | list) and all(isinstance(v, Reason | Note | Finding) for v in value)


def _texts(items: Any) -> Iterator[str]:
    for item in items:
        yield item.zh
        yield item.en


def _expect(holds: bool, message: str) -> None:
    if not holds:
        raise CaseMismatchError(message)


def _check_mentions(where: str, texts: list[str], wanted: Any) -> None:
    if not isinstance(wanted, list) or not all(isinstance(w, str) for w in wanted):
        raise MalformedCaseError(f"{where}: must be a list of strings")
    for phrase in wanted:
        _expect(any(phrase in text for text in texts), f"{where}: no text says {phrase!r}; the texts are {texts}")


def _check_scalar(where: str, actual: Any, expected: Any) -> None:
    if isinstance(expected, bool):
        _expect(actual is expected, f"{where}: expected {expected}, got {_shown(actual)}")
    elif isinstance(expected, str):
        if isinstance(actual, Decimal):
            _expect(str(actual) == expected, f"{where}: expected {expected}, got {actual}")
        elif isinstance(actual, Enum):
            _expect(actual.value == expected, f"{where}: expected {expected!r}, got {actual.value!r}")
        elif isinstance(actual, str):
            _expect(actual == expected, f"{where}: expected {expected!r}, got {actual!r}")
        else:
            raise MalformedCaseError(f"{where}: expected the text {expected!r}, but the value is {_shown(actual)}")
    elif isinstance(expected, int):
        if isinstance(actual, Decimal):
            raise MalformedCaseError(f'{where}: write amounts as strings with their fen, e.g. "{actual}"')
        _expect(type(actual) is int and actual == expected, f"{where}: expected {expected}, got {_shown(actual)}")
    elif isinstance(expected, float):
        raise MalformedCaseError(f'{where}: write decimal figures as strings ("0.25"), not TOML floats')
    elif isinstance(expected, datetime) or not isinstance(expected, date):
        raise MalformedCaseError(
            f"{where}: cannot compare with {expected!r} (use a TOML date, a string, a number or a bool)"
        )
    else:
        _expect(type(actual) is date and actual == expected, f"{where}: expected {expected}, got {_shown(actual)}")


def check(where: str, actual: Any, expected: Any) -> None:
    """Compare what a function returned with what a case expects (the rules of ``tests/spec/README.md``).

    Raises :class:`CaseMismatchError` when they differ and :class:`MalformedCaseError`
    when ``expected`` cannot be compared with the value (a float, a missing attribute …).
    """
    if expected == NULL:
        _expect(actual is None, f"{where}: expected null (None), got {_shown(actual)}")
        return
    if isinstance(expected, dict):
        for key, wanted in expected.items():
            here = f"{where}.{key}"
            if key in DECISION_TEXT_KEYS:
                items: tuple[Any, ...]
                if isinstance(actual, Inspection):
                    items = actual.violations if key == "failed_mentions" else actual.findings
                elif isinstance(actual, Decision | Repayment):
                    items = actual.failed if key == "failed_mentions" else (*actual.reasons, *actual.warnings)
                else:
                    raise MalformedCaseError(
                        f"{here}: {key} applies to a decision, a repayment or an inspection only, "
                        f"this is {_shown(actual)}"
                    )
                _check_mentions(here, list(_texts(items)), wanted)
                continue
            if isinstance(actual, Mapping):
                if key not in actual:
                    raise MalformedCaseError(f"{here}: there is no {key!r} among {sorted(actual)}")
                value = actual[key]
            elif key == "eligible" and isinstance(actual, Repayment):
                raise MalformedCaseError(f"{here}: a repayment says whether it is due: write `due`, not `eligible`")
            elif key.startswith("_") or not hasattr(actual, key):
                raise MalformedCaseError(f"{here}: {type(actual).__name__} has no attribute {key!r}")
            else:
                value = getattr(actual, key)
            check(here, value, wanted)
        return
    if isinstance(expected, list):
        if _is_notes(actual) and all(isinstance(e, str) for e in expected):
            got = sorted(_clauses(actual))
            _expect(got == sorted(expected), f"{where}: expected clauses {sorted(expected)}, got {got}")
            return
        if isinstance(actual, str | bytes) or not isinstance(actual, tuple | list):
            raise MalformedCaseError(f"{where}: expected a list, but the value is {_shown(actual)}")
        _expect(len(actual) == len(expected), f"{where}: expected {len(expected)} items, got {len(actual)}: {actual}")
        for index, (item, wanted) in enumerate(zip(actual, expected, strict=True)):
            check(f"{where}[{index}]", item, wanted)
        return
    _check_scalar(where, actual, expected)


def _error_class(case: Case, name: Any) -> type[Exception]:
    if name == "ValidationError":
        return ValidationError
    if isinstance(name, str) and name in errors.__all__:
        cls = getattr(errors, name)
        if isinstance(cls, type) and issubclass(cls, Exception):
            return cls
    raise MalformedCaseError(
        f"{case.where}: unknown error {name!r}; one of ValidationError, {', '.join(errors.__all__)}"
    )


def _check_error(case: Case, error: Exception, expected: Mapping[str, Any]) -> None:
    cls = _error_class(case, expected["error"])
    _expect(isinstance(error, cls), f"{case.where}: expected {cls.__name__}, got {type(error).__name__}: {error}")
    field = expected.get("field")
    if isinstance(error, ValidationError):
        if field is None and "mentions" not in expected:
            raise MalformedCaseError(f"{case.where}: a ValidationError case must name its field (or what it mentions)")
        if field is not None:
            locations = [".".join(str(part) for part in e["loc"]) for e in error.errors()]
            _expect(
                any(loc == field or loc.endswith(f".{field}") for loc in locations) or field in str(error),
                f"{case.where}: the error is not about {field!r}: {error}",
            )
    elif field is not None:
        got = error.field if isinstance(error, errors.PolicyError) else None
        _expect(got == field, f"{case.where}: expected the error about {field!r}, got {got!r}")
    if "mentions" in expected:
        _check_mentions(f"{case.where} error", [str(error)], expected["mentions"])


def run(case: Case) -> None:
    """Check a case's shape, build its arguments, call its function, compare.

    Returns quietly when the case passes; raises :class:`CaseMismatchError`,
    :class:`MalformedCaseError`, or whatever the function raised unexpectedly.
    """
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
        raise CaseMismatchError(f"{case.where}: expected {expected['error']}, got {_shown(result)}")
    result = function(**_arguments(case, function))
    if "returns" in expected:
        check(f"{case.where}: returns", result, expected["returns"])
    else:
        check(f"{case.where}: result", result, expected)


# --------------------------------------------------------------------------- running files


Status = Literal["passed", "failed", "error"]


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What became of one case: ``passed``; ``failed`` (a wrong result); ``error`` (malformed, or it raised)."""

    file: Path
    id: str
    description: str
    status: Status
    message: str = ""
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """Whether the case passed."""
        return self.status == "passed"


def run_case(case: Case) -> Outcome:
    """Run one case and say what became of it (never raises for a failing case)."""
    started = time.perf_counter()
    status: Status = "passed"
    message = ""
    try:
        run(case)
    except MalformedCaseError as error:
        status, message = "error", str(error)
    except CaseMismatchError as error:
        status, message = "failed", str(error)
    except Exception as error:  # the function raised: report it with its place, keep running the others
        where = traceback.extract_tb(error.__traceback__)[-1]
        status = "error"
        message = (
            f"{case.where}: raised {type(error).__name__}: {error} "
            f"({Path(where.filename).name}:{where.lineno}, in {where.name})"
        )
    return Outcome(case.path, case.id, case.description, status, message, time.perf_counter() - started)


def run_file(path: Path) -> list[Outcome]:
    """Run every case of a file. A file that cannot be loaded raises (see :func:`load_file`)."""
    return [run_case(case) for case in load_file(path)]


def junit_xml(outcomes: Iterable[Outcome], name: str = "hongshan-policy test") -> str:
    """The outcomes as JUnit XML (one ``<testsuite>`` per file), the report format CI systems read."""
    by_file: dict[Path, list[Outcome]] = {}
    for outcome in outcomes:
        by_file.setdefault(outcome.file, []).append(outcome)
    root = ElementTree.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for file, items in by_file.items():
        failures = sum(o.status == "failed" for o in items)
        errs = sum(o.status == "error" for o in items)
        suite_time = sum(o.seconds for o in items)
        suite = ElementTree.SubElement(
            root,
            "testsuite",
            name=file.stem,
            file=str(file),
            tests=str(len(items)),
            failures=str(failures),
            errors=str(errs),
            skipped="0",
            time=f"{suite_time:.3f}",
        )
        for outcome in items:
            element = ElementTree.SubElement(
                suite,
                "testcase",
                classname=file.stem,
                name=f"{outcome.id} {outcome.description}",
                file=str(file),
                time=f"{outcome.seconds:.3f}",
            )
            if outcome.status != "passed":
                tag = "failure" if outcome.status == "failed" else "error"
                detail = ElementTree.SubElement(element, tag, message=(outcome.message.splitlines() or [""])[0][:500])
                detail.text = outcome.message
        totals["tests"] += len(items)
        totals["failures"] += failures
        totals["errors"] += errs
        seconds += suite_time
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{seconds:.3f}")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
