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


def count_tests(tests_dir: Path) -> Counter[str]:
    """Count, per clause id, the test functions marked with it and the spec cases naming it.

    Read statically (``ast`` and ``tomllib``), without running pytest; a
    parametrised test counts once.
    """
    counts: Counter[str] = Counter()
    for path in sorted(tests_dir.rglob("test_*.py")):
        _count_python(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), counts)
    for path in sorted(tests_dir.rglob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get("case", []):
            ids = case.get("clause", [])
            for clause_id in [ids] if isinstance(ids, str) else ids:
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
