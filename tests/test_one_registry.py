"""One registry (issue 10, item 3): no module outside it names a document.

``hongshan_policy.DOCUMENTS`` is the one list of documents; the CLI, batch,
scenarios, explain, charts, testing and the docs read it. A module outside
``registry.py`` and the documents' own packages (``used_car/``, ``headquarters/``,
``ebike/``) that writes a document id as a string constant (``"used-car"``), or a
clause id or reason key of a document (``"hq:2.2"``, ``"hq:2.2/investment-per-mu"``),
fails this test, which names each file and line. Docstrings are prose and are not read; nor are the
values of a ``Literal[...]`` type (the JSON models' ``policy`` fields), which the type system requires
to be written out (PEP 586: a ``Literal`` cannot take a variable).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import hongshan_policy
from hongshan_policy import DOCUMENTS

PACKAGE = Path(hongshan_policy.__file__).resolve().parent
DOCUMENT_PACKAGES = {"used_car", "headquarters", "ebike"}
"""The documents' own packages, where their ids and clause ids belong."""


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _literal_types(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and (
            (isinstance(node.value, ast.Name) and node.value.id == "Literal")
            or (isinstance(node.value, ast.Attribute) and node.value.attr == "Literal")
        ):
            found.update(id(inner) for inner in ast.walk(node.slice))
    return found


def naming_a_document(source: str, ids: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line, value) of every string constant of ``source`` equal to an id or starting ``<id>:``, docstrings and
    ``Literal`` types aside."""
    tree = ast.parse(source)
    skip = _docstrings(tree) | _literal_types(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and any(node.value == i or node.value.startswith(f"{i}:") for i in ids)
    )


def _modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in DOCUMENT_PACKAGES
        and path.relative_to(PACKAGE) != Path("registry.py")
    )


def test_the_registry_holds_the_three_documents() -> None:
    """The ids scanned for are the registry's, and the excluded packages are the documents' packages."""
    assert set(DOCUMENTS) == {"used-car", "hq", "ebike"}
    assert all((PACKAGE / name / "__init__.py").exists() for name in DOCUMENT_PACKAGES)
    assert len(_modules()) > 30


def test_no_module_outside_the_registry_names_a_document() -> None:
    """Every module outside registry.py and the documents' packages reads the registry instead of naming ids."""
    ids = tuple(DOCUMENTS)
    offences = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {value!r}"
        for path in _modules()
        for line, value in naming_a_document(path.read_text(encoding="utf-8"), ids)
    ]
    assert not offences, "document ids written outside the registry:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('x = "used-car"', [(1, "used-car")]),
        ('x = {"hq-rent": 1, "hq": 2}', [(1, "hq")]),
        ('key = "hq:2.2/investment-per-mu"', [(1, "hq:2.2/investment-per-mu")]),
        ('def f():\n    """Reads ``used-car`` and "hq:2"."""\n    return "ebike:1"', [(3, "ebike:1")]),
        ('x = "hq-land"; y = "used-cars"; z = "ebikes"', []),
        ('x = f"{doc}:2"', []),
        ('policy: Literal["used-car"]\nother: typing.Literal["hq", "x"] = "hq"', [(2, "hq")]),
    ],
)
def test_the_scan_itself(source: str, expected: list[tuple[int, str]]) -> None:
    """The scan finds ids and clause ids in code, not in docstrings, and not policies that merely start alike."""
    assert naming_a_document(source, ("used-car", "hq", "ebike")) == expected
