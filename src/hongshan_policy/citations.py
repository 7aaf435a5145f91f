"""Which function implements which clause: one mechanism, used by every rule.

A rule function is decorated with :func:`implements` naming the clause ids it
implements (``used-car:3.1``: document ``used-car``, 第三条(一)). The registry
:data:`IMPLEMENTATIONS` maps each clause id to the qualified names of the
functions implementing it; the clause table (``hongshan-policy clauses``) and
the coverage check read it. Ids are checked against the source text by the
test suite (``tests/test_coverage.py``), not at import, so importing a rule
module never reads the text data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, TypeVar

from .inputs import checked

__all__ = ["CLAUSE_ID", "IMPLEMENTATIONS", "Kind", "clauses_of", "implements"]

_F = TypeVar("_F", bound=Callable[..., object])

CLAUSE_ID = re.compile(r"^(hq|used-car|ebike):(\d+(\.\d+){0,2}|title|notice|preamble|annex\d(\.\d+)?)$")
"""The form of a clause id: ``<document>:<article>[.<item>[.<sub-item>]]``."""

Kind = Literal["rule", "procedure"]

IMPLEMENTATIONS: dict[str, list[tuple[str, Kind]]] = {}
"""Clause id -> ``(module.function, kind)`` of each function implementing it."""


def implements(*clause_ids: str, kind: Kind = "rule") -> Callable[[_F], _F]:
    """Declare that the decorated function implements ``clause_ids`` (a rule, or a procedure helper).

    A public function's arguments are also checked at entry from their annotations, and it
    runs in the library's decimal context (:func:`hongshan_policy.inputs.checked`). A private
    helper (``_name``) is only registered: it is called by a public function, whose arguments
    are already checked and which already runs in that context.
    """
    for clause_id in clause_ids:
        if not CLAUSE_ID.match(clause_id):
            raise ValueError(f"malformed clause id {clause_id!r}")

    def register(function: _F) -> _F:
        if not function.__name__.startswith("_"):
            function = checked(function)  # arguments checked at entry; computed in the library's decimal context
        public_module = ".".join(part for part in function.__module__.split(".") if not part.startswith("_"))
        name = f"{public_module}.{function.__qualname__}"  # as re-exported: headquarters._land -> headquarters
        for clause_id in clause_ids:
            IMPLEMENTATIONS.setdefault(clause_id, []).append((name, kind))
        function.__clauses__ = clause_ids  # type: ignore[attr-defined]
        return function

    return register


def clauses_of(function: Callable[..., object]) -> tuple[str, ...]:
    """The clause ids a function declared with :func:`implements` (empty if none)."""
    clauses: tuple[str, ...] = getattr(function, "__clauses__", ())
    return clauses
