"""Application materials: the documents a policy asks for, as a checklist of what was filed.

A policy's list of materials (87号 第四条, 79号 第四条(一)) is data: each
:class:`Material` has a stable ``key``, the clause that asks for it and its name
in Chinese and English. :func:`checklist` marks each as present or missing
against the keys of what was submitted; without a submission it is the plain
list (``present`` is ``None``: not checked).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from .decisions import Reason
from .errors import InvalidInputError

__all__ = ["Checklist", "Material", "checklist"]


@dataclass(frozen=True, slots=True)
class Material:
    """One document asked for: its key, its clause, its name, and whether it was filed."""

    key: str
    """Stable English key, e.g. ``"pledge"``."""
    clause: str
    """The clause id that asks for it, e.g. ``"used-car:4.2"``."""
    zh: str
    en: str
    present: bool | None = None
    """True: filed; False: missing; None: not checked (no submission given)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``."""
        return {"key": self.key, "clause": self.clause, "zh": self.zh, "en": self.en, "present": self.present}


@dataclass(frozen=True, slots=True)
class Checklist:
    """The materials of one application, in the order of the text, each marked present or missing."""

    policy: str
    items: tuple[Material, ...]

    def __iter__(self) -> Iterator[Material]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def checked(self) -> bool:
        """Whether a submission was given (otherwise the list is only the documents asked for)."""
        return any(item.present is not None for item in self.items)

    @property
    def present(self) -> tuple[Material, ...]:
        """The materials filed."""
        return tuple(item for item in self.items if item.present is True)

    @property
    def missing(self) -> tuple[Material, ...]:
        """The materials not filed (empty when no submission was given)."""
        return tuple(item for item in self.items if item.present is False)

    @property
    def complete(self) -> bool | None:
        """True when every material was filed, False when one is missing, None when not checked."""
        return None if not self.checked else not self.missing

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """One reason per material, citing its clause (empty when no submission was given)."""
        if not self.checked:
            return ()
        return tuple(
            Reason(
                item.clause,
                bool(item.present),
                f"{'已提交' if item.present else '未提交'}{item.zh}",
                f"{item.en}: {'filed' if item.present else 'missing'}",
                f"{item.clause}/material-{item.key.replace('_', '-')}",
            )
            for item in self.items
        )

    def __str__(self) -> str:
        marks = {True: "✓ 已提交 filed", False: "✗ 缺少 missing", None: "· 应提交 to file"}
        return "\n".join(f"{marks[item.present]}  [{item.clause}] {item.zh} / {item.en}" for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``: every item, then the keys present and missing."""
        return {
            "policy": self.policy,
            "items": [item.to_dict() for item in self.items],
            "present": [item.key for item in self.present],
            "missing": [item.key for item in self.missing],
            "complete": self.complete,
        }


def checklist(policy: str, materials: tuple[Material, ...], submitted: Iterable[str] | None) -> Checklist:
    """Mark each of ``materials`` present or missing against the keys ``submitted`` (None: not checked).

    An unknown key is an ``InvalidInputError`` naming the keys accepted.
    """
    if submitted is None:
        return Checklist(policy, materials)
    if isinstance(submitted, str):
        submitted = (submitted,)
    given = list(submitted)
    known = {item.key for item in materials}
    unknown = [key for key in given if key not in known]
    if unknown:
        raise InvalidInputError(
            f"未知的申请材料{'、'.join(map(str, unknown))}",
            f"unknown application material(s) {', '.join(map(repr, unknown))}",
            field="submitted",
            expected=", ".join(item.key for item in materials),
            got=unknown,
        )
    filed = set(given)
    return Checklist(policy, tuple(replace(item, present=item.key in filed) for item in materials))
