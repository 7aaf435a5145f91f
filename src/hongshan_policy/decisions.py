"""Decisions: what a rule decided, with every condition it checked and the clause of each.

A :class:`Decision` is immutable. ``eligible`` is true exactly when every
reason held; ``amount`` is whole fen, and ``0.00`` when not eligible. Each
:class:`Reason` names its clause id and states the figures in Chinese and in
English. Warnings (:class:`Note`) flag what a reviewer should look at without
changing the outcome. Decisions print readably in a terminal (``str``), render
as an HTML table in a notebook (``_repr_html_``) and round-trip through JSON.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Self

from pydantic import TypeAdapter

from .money import ZERO, fmt_wan, fmt_yuan, round_fen

__all__ = ["Decision", "Note", "Reason", "render_html", "render_text"]


@dataclass(frozen=True, slots=True)
class Reason:
    """One condition checked: its clause, whether it held, and what was found (Chinese, English)."""

    clause: str
    held: bool
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Note:
    """A warning: something a reviewer should see that does not change the outcome."""

    clause: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of one rule for one applicant."""

    rule: str
    """The function that decided, e.g. ``used_car.scale_reward``."""
    title_zh: str
    title_en: str
    eligible: bool
    amount: Decimal
    reasons: tuple[Reason, ...]
    warnings: tuple[Note, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.eligible != all(reason.held for reason in self.reasons):
            raise ValueError("a decision is eligible exactly when every reason held")
        if self.amount != round_fen(self.amount):
            raise ValueError(f"amount must be whole fen, got {self.amount}")
        if self.amount < 0 or (not self.eligible and self.amount != 0):
            raise ValueError(f"amount must be >= 0, and 0 when not eligible (got {self.amount})")

    @classmethod
    def decide(
        cls,
        rule: str,
        title_zh: str,
        title_en: str,
        reasons: Iterable[Reason],
        amount: Decimal,
        warnings: Iterable[Note] = (),
    ) -> Self:
        """Build a decision: eligible when every reason held; then ``amount`` (rounded to the fen), else 0.00."""
        checked = tuple(reasons)
        eligible = all(reason.held for reason in checked)
        return cls(
            rule, title_zh, title_en, eligible, round_fen(amount) if eligible else ZERO, checked, tuple(warnings)
        )

    @property
    def failed(self) -> tuple[Reason, ...]:
        """The reasons that did not hold."""
        return tuple(reason for reason in self.reasons if not reason.held)

    @property
    def first_failed_clause(self) -> str | None:
        """The clause id of the first reason that did not hold, if any."""
        return next((reason.clause for reason in self.reasons if not reason.held), None)

    @property
    def clauses(self) -> tuple[str, ...]:
        """Every clause id cited by a reason or a warning, in order, without repeats."""
        return tuple(dict.fromkeys([r.clause for r in self.reasons] + [w.clause for w in self.warnings]))

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise to JSON (amounts as strings, exact)."""
        return _adapter().dump_json(self, indent=indent).decode()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict``."""
        result: dict[str, Any] = _adapter().dump_python(self, mode="json")
        return result

    @classmethod
    def from_json(cls, text: str | bytes) -> Decision:
        """Read a decision written by :meth:`to_json` (the invariants are checked again)."""
        return _adapter().validate_json(text)

    def __str__(self) -> str:
        return render_text([self])

    def _repr_html_(self) -> str:
        return render_html([self])


@cache
def _adapter() -> TypeAdapter[Decision]:
    return TypeAdapter(Decision)


def _verdict(decision: Decision) -> tuple[str, str]:
    if decision.eligible:
        return "符合", "eligible"
    return "不符合", "not eligible"


def render_text(decisions: Iterable[Decision]) -> str:
    """Decisions as plain text for a terminal: a headline each, then ✓/✗ per reason and ! per warning."""
    lines: list[str] = []
    for decision in decisions:
        zh, en = _verdict(decision)
        lines.append(
            f"{decision.title_zh} / {decision.title_en}: {zh} / {en}, "
            f"{fmt_yuan(decision.amount)} ({fmt_wan(decision.amount)})"
        )
        lines.extend(f"  {'✓' if r.held else '✗'} [{r.clause}] {r.zh}\n      {r.en}" for r in decision.reasons)
        lines.extend(f"  ! [{w.clause}] {w.zh}\n      {w.en}" for w in decision.warnings)
    return "\n".join(lines)


def render_html(decisions: Iterable[Decision]) -> str:
    """Decisions as HTML tables for a notebook (every string escaped)."""
    esc = html.escape
    parts: list[str] = []
    for decision in decisions:
        zh, en = _verdict(decision)
        colour = "#1a7f37" if decision.eligible else "#cf222e"
        rows = "".join(
            f"<tr><td>{'✓' if r.held else '✗'}</td><td><code>{esc(r.clause)}</code></td>"
            f"<td>{esc(r.zh)}<br><small>{esc(r.en)}</small></td></tr>"
            for r in decision.reasons
        )
        rows += "".join(
            f"<tr><td>!</td><td><code>{esc(w.clause)}</code></td>"
            f"<td><em>{esc(w.zh)}</em><br><small>{esc(w.en)}</small></td></tr>"
            for w in decision.warnings
        )
        parts.append(
            f"<div class='hongshan-decision'><p><strong>{esc(decision.title_zh)}</strong> / {esc(decision.title_en)}: "
            f"<span style='color:{colour}'><strong>{zh}</strong> / {en}</span>, "
            f"<strong>{esc(fmt_yuan(decision.amount))}</strong> ({esc(fmt_wan(decision.amount))})</p>"
            f"<table><thead><tr><th></th><th>条款 clause</th><th>条件 condition</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )
    return "\n".join(parts)
