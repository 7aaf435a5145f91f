"""Clause coverage: what the library does with each clause of the three documents.

Every clause of :mod:`hongshan_policy.sources` carries a status: ``rule`` and
``procedure`` clauses must be implemented by functions declared with
:func:`hongshan_policy.citations.implements` and checked by tests marked
``@pytest.mark.clause(...)`` (or spec cases in ``tests/spec/*.toml``);
``informative`` and ``out-of-scope`` clauses carry a one-line reason. The table
is printed by ``hongshan-policy clauses`` and enforced by ``tests/test_coverage.py``.
"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import sources
from .citations import IMPLEMENTATIONS
from .errors import InputFileError

__all__ = ["POLICY_MODULES", "ClauseRow", "clause_marks", "count_tests", "load_rules", "problems", "table"]

POLICY_MODULES = ("hongshan_policy.used_car", "hongshan_policy.headquarters", "hongshan_policy.ebike")
"""The modules whose ``@implements`` declarations fill the registry."""


def load_rules() -> dict[str, list[tuple[str, str]]]:
    """Import every policy module and return the registry: clause id -> [(function, kind)]."""
    for name in POLICY_MODULES:
        importlib.import_module(name)
    return {key: list(value) for key, value in IMPLEMENTATIONS.items()}


@dataclass(frozen=True, slots=True)
class ClauseRow:
    """One line of the clause table."""

    id: str
    label: str
    excerpt: str
    status: str
    note: str
    functions: tuple[str, ...]
    tests: int | None
    """Tests naming the clause; None when the tests folder is not available (an installed package)."""


def clause_marks(decorators: list[ast.expr]) -> list[str]:
    """The clause ids named by ``@pytest.mark.clause(...)`` among ``decorators``."""
    ids: list[str] = []
    for node in decorators:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "clause"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "mark"
        ):
            ids.extend(arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
    return ids


def _count_python(tree: ast.Module, counts: Counter[str]) -> None:
    def visit(body: list[ast.stmt], inherited: list[str]) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                visit(node.body, inherited + clause_marks(node.decorator_list))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                for clause_id in set(inherited + clause_marks(node.decorator_list)):
                    counts[clause_id] += 1

    visit(tree.body, [])


def _unreadable(path: Path, zh: str, en: str) -> InputFileError:
    return InputFileError(zh, en, field=str(path), expected="a UTF-8 test file", got=str(path))


def count_tests(tests_dir: Path) -> Counter[str]:
    """Count, per clause id, the test functions marked with it and the spec cases naming it.

    Read statically (``ast`` and ``tomllib``), without running pytest; a
    parametrised test counts once. A test file that is not valid Python (or not in
    its declared encoding) or a case file that is not UTF-8 TOML raises
    :class:`~hongshan_policy.errors.InputFileError` naming the file.
    """
    counts: Counter[str] = Counter()
    for path in sorted(tests_dir.rglob("test_*.py")):
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))  # bytes: PEP 263 coding cookies apply
        except (SyntaxError, ValueError) as error:
            reason = getattr(error, "msg", None) or str(error)
            line = getattr(error, "lineno", None)
            where = f"(第{line}行 line {line})" if line else ""
            zh, en = f"无法解析测试文件{where}:{reason}", f"cannot parse the test file{where}: {reason}"
            raise _unreadable(path, zh, en) from None
        except OSError as error:
            raise _unreadable(path, f"无法读取:{error.strerror}", f"cannot read: {error.strerror}") from None
        _count_python(tree, counts)
    for path in sorted(tests_dir.rglob("*.toml")):
        try:
            data = tomllib.loads(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError as error:
            zh, en = f"案例文件不是UTF-8编码(第 {error.start} 字节)", f"the case file is not UTF-8 (byte {error.start})"
            raise _unreadable(path, zh, en) from None
        except tomllib.TOMLDecodeError as error:
            zh, en = f"案例文件不是有效的TOML:{error}", f"the case file is not valid TOML: {error}"
            raise _unreadable(path, zh, en) from None
        except OSError as error:
            raise _unreadable(path, f"无法读取:{error.strerror}", f"cannot read: {error.strerror}") from None
        cases = data.get("case", [])
        for case in cases if isinstance(cases, list) else []:
            ids = case.get("clause", []) if isinstance(case, dict) else []
            for clause_id in [ids] if isinstance(ids, str) else ids if isinstance(ids, list) else []:
                if isinstance(clause_id, str):
                    counts[clause_id] += 1
    return counts


def table(document: str | None = None, *, tests_dir: Path | None = None) -> list[ClauseRow]:
    """Every clause (of ``document``, or all) with its status, implementing functions and test count."""
    registry = load_rules()
    counts = count_tests(tests_dir) if tests_dir is not None and tests_dir.is_dir() else None
    return [
        ClauseRow(
            c.id,
            c.label,
            c.excerpt,
            c.status,
            c.status_note,
            tuple(name for name, _ in registry.get(c.id, [])),
            None if counts is None else counts.get(c.id, 0),
        )
        for c in sources.clauses(document)
    ]


_CITED = re.compile(r"""["']((?:hq|used-car|ebike):[0-9a-z.]+)["']""")


def problems(tests_dir: Path, source_dirs: tuple[Path, ...] = ()) -> list[str]:
    """What breaks coverage: rule/procedure clauses without implementation or test, and ids cited but not in the text.

    ``source_dirs`` (the package, not the tests, whose negative examples cite
    ids that do not exist on purpose) are scanned for every quoted string that
    looks like a clause id (``"hq:3.1"``), so a reason citing a clause that does
    not exist is found. Test marks are checked through :func:`count_tests`.
    """
    found: list[str] = []
    for row in table(tests_dir=tests_dir):
        if row.status in ("rule", "procedure"):
            if not row.functions:
                found.append(f"{row.id} ({row.status}) has no implementing function")
            if not row.tests:
                found.append(f"{row.id} ({row.status}) has no test")
        elif not row.note:
            found.append(f"{row.id} ({row.status}) has no reason given")
    cited = set(load_rules()) | set(count_tests(tests_dir))
    for folder in source_dirs:
        for path in sorted(folder.rglob("*.py")):
            cited.update(_CITED.findall(path.read_text(encoding="utf-8")))
    found.extend(f"{c} is cited but is not a clause of the text" for c in sorted(cited) if not sources.exists(c))
    return found
