"""Clause coverage as a CI gate: every rule or procedure clause is implemented and tested; every cited id exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hongshan_policy import coverage, sources
from hongshan_policy.citations import CLAUSE_ID
from hongshan_policy.cli import main

ROOT = Path(__file__).parents[1]
TESTS = ROOT / "tests"
SPEC_MODULES = ("test_used_car.py", "test_headquarters", "test_ebike")


def test_every_rule_and_procedure_clause_is_implemented_and_tested() -> None:
    """No rule or procedure clause lacks a function or a test, and no code or test cites an id the text lacks."""
    assert coverage.problems(TESTS, (ROOT / "src" / "hongshan_policy",)) == []


def test_every_registered_implementation_cites_a_real_clause() -> None:
    """The @implements registry names only clauses of the text."""
    for clause_id in coverage.load_rules():
        assert CLAUSE_ID.match(clause_id)
        assert sources.exists(clause_id), clause_id


def test_static_count_sees_every_collected_mark() -> None:
    """Every clause a collected test is marked with exists in the text and is seen by the static count."""
    from conftest import CLAUSE_TESTS

    static = coverage.count_tests(TESTS)
    for clause_id in CLAUSE_TESTS:
        assert sources.exists(clause_id), f"a test cites {clause_id}, which is not a clause of the text"
        assert clause_id in static, f"{clause_id} is marked in a way the static count does not read"


def test_spec_tests_name_their_clause() -> None:
    """Every test in a policy spec module carries a clause mark (on itself or its class)."""
    import ast

    unmarked: list[str] = []
    for path in sorted(TESTS.glob("test_*.py")):
        if not path.name.startswith(SPEC_MODULES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(body: list[ast.stmt], marked: bool, where: str) -> None:
            for node in body:
                if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                    visit(node.body, marked or bool(coverage.clause_marks(node.decorator_list)), f"{where}{node.name}.")
                elif (
                    isinstance(node, ast.FunctionDef)
                    and node.name.startswith("test")
                    and not (marked or coverage.clause_marks(node.decorator_list))
                ):
                    unmarked.append(f"{where}{node.name}")

        visit(tree.body, False, f"{path.name}::")
    assert unmarked == []


def test_clauses_command_lists_every_clause(capsys: pytest.CaptureFixture[str]) -> None:
    """`hongshan-policy clauses --json` lists every clause of the three documents with a status."""
    assert main(["clauses", "--json", "--tests", str(TESTS)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == [c.id for c in sources.clauses()]
    assert all(row["status"] in sources.STATUSES for row in rows)
    growth = next(row for row in rows if row["id"] == "used-car:3.2")
    assert "hongshan_policy.used_car.growth_reward" in growth["functions"]
    assert growth["tests"] > 0


def test_clauses_command_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The plain table for one document shows ids, statuses and implementing functions."""
    assert main(["clauses", "--document", "used-car", "--tests", str(TESTS)]) == 0
    out = capsys.readouterr().out
    assert "used-car:3.2" in out
    assert "used_car.growth_reward" in out
    assert "hq:3.1" not in out
