"""Decisions: what a rule decided, with every condition it checked and the clause of each.

A :class:`Decision` is immutable. ``eligible`` is true exactly when every
reason held, and means one thing only: the applicant is eligible (for a reward,
a subsidy or a status such as 总部企业); ``amount`` is whole fen, and ``0.00``
when not eligible. What a recipient must pay back is a :class:`Repayment`
instead: ``due`` is true exactly when every reason held (the repayment
obligation arises) and ``amount`` is what is repaid, ``0.00`` when not due.
(An e-bike inspection is an :class:`~hongshan_policy.ebike.Inspection`, whose
``compliant`` means no violation.) Each
:class:`Reason` names its clause id and states the figures in Chinese and in
English. Warnings (:class:`Note`) flag what a reviewer should look at without
changing the outcome. Decisions print readably in a terminal (``str``), render
as an HTML table in a notebook (``_repr_html_``) and round-trip through JSON.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any, Self

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from ._json import SCHEMA_VERSION, DecisionJSON, RepaymentJSON, decision_dict, repayment_dict
from .inputs import run_in_context
from .money import ZERO, fmt_wan, fmt_yuan, round_fen

__all__ = [
    "CalendarData",
    "Decision",
    "Note",
    "Provenance",
    "Reason",
    "Repayment",
    "provenance",
    "read_provenance",
    "render_html",
    "render_text",
]


class Reason:
    """One condition checked: its clause, whether it held, and what was found (Chinese, English).

    ``Reason(clause, held, zh, en)`` with the texts, or ``Reason.lazy(clause,
    held, render)`` where ``render()`` returns ``(zh, en)`` and is called only
    when a text is first read: bulk evaluation that only needs ``eligible`` and
    ``amount`` never pays for formatting. Either way the reason is immutable and
    compares by ``(key, clause, held, zh, en)``.

    ``key`` names the condition checked, stably across releases and uniquely
    within its decision: ``<clause>/<condition>``, e.g.
    ``used-car:3.2/revenue-above-minimum``. Whatever refers to a check (explain,
    batch, the test strategies) finds it by its key (:meth:`Decision.reason`),
    never by its position.
    """

    __slots__ = ("_texts", "clause", "held", "key")
    clause: str
    held: bool
    key: str
    _texts: tuple[str, str] | Callable[[], tuple[str, str]]

    def __init__(self, clause: str, held: bool, zh: str, en: str, key: str = "") -> None:
        _set_clause(self, clause)
        _set_held(self, held)
        _set_texts(self, (zh, en))
        _set_key(self, key)

    @classmethod
    def lazy(cls, clause: str, held: bool, render: Callable[[], tuple[str, str]], key: str = "") -> Reason:
        """A reason whose texts are made by ``render()`` the first time they are read."""
        reason = object.__new__(cls)
        _set_clause(reason, clause)  # the slots' own setters: the scalar path makes a dozen reasons per call
        _set_held(reason, held)
        _set_texts(reason, render)
        _set_key(reason, key)
        return reason

    def _resolved(self) -> tuple[str, str]:
        texts = self._texts
        if callable(texts):
            texts = run_in_context(texts)  # rendered after the call: in the library's decimal context again
            object.__setattr__(self, "_texts", texts)
        return texts

    @property
    def zh(self) -> str:
        """What was found, in Chinese, with the figures."""
        return self._resolved()[0]

    @property
    def en(self) -> str:
        """What was found, in English, with the figures."""
        return self._resolved()[1]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Reason is immutable: cannot set {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return (self.key, self.clause, self.held, self._resolved()) == (
            other.key,
            other.clause,
            other.held,
            other._resolved(),
        )

    def __hash__(self) -> int:
        return hash((self.key, self.clause, self.held, self._resolved()))

    def __repr__(self) -> str:
        return f"Reason(clause={self.clause!r}, held={self.held!r}, zh={self.zh!r}, en={self.en!r}, key={self.key!r})"

    def __reduce__(self) -> tuple[type[Reason], tuple[str, bool, str, str, str]]:
        return (Reason, (self.clause, self.held, self.zh, self.en, self.key))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        fields = core_schema.typed_dict_schema(
            {
                "clause": core_schema.typed_dict_field(core_schema.str_schema()),
                "held": core_schema.typed_dict_field(core_schema.bool_schema()),
                "zh": core_schema.typed_dict_field(core_schema.str_schema()),
                "en": core_schema.typed_dict_field(core_schema.str_schema()),
                "key": core_schema.typed_dict_field(core_schema.str_schema(), required=False),
            }
        )
        return core_schema.no_info_after_validator_function(
            lambda data: (
                data
                if isinstance(data, Reason)
                else Reason(data["clause"], data["held"], data["zh"], data["en"], data.get("key", ""))
            ),
            core_schema.union_schema([core_schema.is_instance_schema(Reason), fields]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda r: {"key": r.key, "clause": r.clause, "held": r.held, "zh": r.zh, "en": r.en}
            ),
        )


_set_clause = Reason.__dict__["clause"].__set__
_set_held = Reason.__dict__["held"].__set__
_set_texts = Reason.__dict__["_texts"].__set__
_set_key = Reason.__dict__["key"].__set__


@dataclass(frozen=True, slots=True)
class Note:
    """A warning: something a reviewer should see that does not change the outcome."""

    clause: str
    zh: str
    en: str


@dataclass(frozen=True, slots=True)
class CalendarData:
    """The calendar data behind a working-day figure: the package's version and each schedule supplied."""

    chinese_calendar: str
    """The version of the ``chinese-calendar`` package."""
    schedules: tuple[tuple[str, str], ...] = ()
    """Each user-supplied schedule (``workdays.Schedule``) as ``(name, digest)``, by year."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced a decision, so it can be made again exactly: library, document, parameters, text, calendar."""

    library: str
    """The version of ``hongshan_policy``."""
    document: str
    """The document id, e.g. ``used-car``."""
    parameters: str
    """``sha256:<hex>`` of the parameter set used (:func:`hongshan_policy.parameters.digest`)."""
    source: str
    """``sha256:<hex>`` of the document's text as held (:func:`hongshan_policy.sources.text_digest`)."""
    calendar: CalendarData | None = None
    """The calendar data of any working-day figure in the decision; ``None`` when it has none."""


_PROVENANCE: dict[int, tuple[object, Provenance]] = {}


def provenance(document: str, params: Any, calendar: CalendarData | None = None) -> Provenance:
    """The provenance of a decision of ``document`` made with ``params`` (cached per parameter set)."""
    key = id(params)
    cached = _PROVENANCE.get(key)
    if cached is not None and cached[0] is params and calendar is None and cached[1].document == document:
        return cached[1]
    from . import __version__
    from .parameters import digest
    from .sources import text_digest

    made = Provenance(__version__, document, digest(params), text_digest(document), calendar)
    if calendar is None:
        if len(_PROVENANCE) >= 1024:
            _PROVENANCE.clear()
        _PROVENANCE[key] = (params, made)
    return made


class _Checked:
    """What a decision and a repayment share: reasons found by key, the failed ones, the clauses cited."""

    __slots__ = ()
    rule: str
    reasons: tuple[Reason, ...]
    warnings: tuple[Note, ...]

    def reason(self, key: str) -> Reason:
        """The reason whose :attr:`Reason.key` is ``key`` (``KeyError`` naming the keys there are, if none)."""
        for reason in self.reasons:
            if reason.key == key:
                return reason
        raise KeyError(f"{self.rule} has no reason {key!r} (it has {', '.join(r.key for r in self.reasons)})")

    def has(self, key: str) -> bool:
        """Whether a reason with this key was checked."""
        return any(reason.key == key for reason in self.reasons)

    def held(self, *keys: str) -> bool:
        """Whether every reason named by ``keys`` held (each must be present)."""
        return all(self.reason(key).held for key in keys)

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


def _check_outcome(kind: str, state: str, settled: bool, reasons: tuple[Reason, ...], amount: Decimal) -> None:
    """The invariants of a hand-built :class:`Decision` or :class:`Repayment` (``state``: eligible / due)."""
    if settled != all(reason.held for reason in reasons):
        raise ValueError(f"a {kind} is {state} exactly when every reason held")
    if amount != round_fen(amount):
        raise ValueError(f"amount must be whole fen, got {amount}")
    if amount < 0 or (not settled and amount != 0):
        raise ValueError(f"amount must be >= 0, and 0 when not {state} (got {amount})")


@dataclass(frozen=True, slots=True)
class Decision(_Checked):
    """The outcome of one rule for one applicant: whether it is eligible, and the amount it is granted."""

    rule: str
    """The function that decided, e.g. ``used_car.scale_reward``."""
    title_zh: str
    title_en: str
    eligible: bool
    amount: Decimal
    reasons: tuple[Reason, ...]
    warnings: tuple[Note, ...] = field(default=())
    provenance: Provenance | None = None
    """What produced the decision (library, document, parameters, text, calendar); ``None`` only when built by hand."""

    def __post_init__(self) -> None:
        _check_outcome("decision", "eligible", self.eligible, self.reasons, self.amount)

    @classmethod
    def decide(
        cls,
        rule: str,
        title_zh: str,
        title_en: str,
        reasons: Iterable[Reason],
        amount: Decimal,
        warnings: Iterable[Note] = (),
        provenance: Provenance | None = None,
    ) -> Self:
        """Build a decision: eligible when every reason held; then ``amount`` (rounded to the fen), else 0.00."""
        checked = reasons if type(reasons) is tuple else tuple(reasons)
        eligible = all(map(_HELD, checked))
        paid = round_fen(amount) if eligible else ZERO
        if paid < 0:
            raise ValueError(f"amount must be >= 0 (got {paid})")
        decision = _new(cls)  # the invariants hold by construction: skip __post_init__ (the slots' own setters)
        _set_rule(decision, rule)
        _set_title_zh(decision, title_zh)
        _set_title_en(decision, title_en)
        _set_eligible(decision, eligible)
        _set_amount(decision, paid)
        _set_reasons(decision, checked)
        _set_warnings(decision, warnings if type(warnings) is tuple else tuple(warnings))
        _set_provenance(decision, provenance)
        return decision

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise to the versioned JSON of :mod:`hongshan_policy._json` (amounts as exact strings)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict`` carrying ``schema_version`` (the shape ``DecisionJSON``)."""
        return decision_dict(self)

    @classmethod
    def from_json(cls, text: str | bytes) -> Decision:
        """Read a decision written by :meth:`to_json` (same major ``schema_version``; invariants checked again)."""
        data = DecisionJSON.model_validate_json(text)
        return cls(data.rule, data.title_zh, data.title_en, data.eligible, *_read_outcome(data))

    def __str__(self) -> str:
        return render_text([self])

    def _repr_html_(self) -> str:
        return render_html([self])


@dataclass(frozen=True, slots=True)
class Repayment(_Checked):
    """What a recipient must pay back: whether the repayment is due, and how much (87号 第六条、第七条, 79号 返还).

    ``due`` is true exactly when every reason held (the obligation arises);
    ``amount`` is whole fen, the sum repaid, and ``0.00`` when not due. It is
    not a :class:`Decision`: its ``due`` never means "eligible".
    """

    rule: str
    """The function that decided, e.g. ``used_car.relocation_repayment``."""
    title_zh: str
    title_en: str
    due: bool
    """应返还: true exactly when every reason held (the repayment obligation arises)."""
    amount: Decimal
    """应返还金额: what is repaid, whole fen; ``0.00`` when not due."""
    reasons: tuple[Reason, ...]
    warnings: tuple[Note, ...] = field(default=())
    provenance: Provenance | None = None
    """What produced the result (library, document, parameters, text); ``None`` only when built by hand."""

    def __post_init__(self) -> None:
        _check_outcome("repayment", "due", self.due, self.reasons, self.amount)

    @classmethod
    def decide(
        cls,
        rule: str,
        title_zh: str,
        title_en: str,
        reasons: Iterable[Reason],
        amount: Decimal,
        warnings: Iterable[Note] = (),
        provenance: Provenance | None = None,
    ) -> Self:
        """Build a repayment: due when every reason held; then ``amount`` (rounded to the fen), else 0.00."""
        checked = tuple(reasons)
        due = all(map(_HELD, checked))
        return cls(
            rule, title_zh, title_en, due, round_fen(amount) if due else ZERO, checked, tuple(warnings), provenance
        )

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise to the versioned JSON of :mod:`hongshan_policy._json` (``RepaymentJSON``)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict`` carrying ``schema_version`` (the shape ``RepaymentJSON``)."""
        return repayment_dict(self)

    @classmethod
    def from_json(cls, text: str | bytes) -> Repayment:
        """Read a repayment written by :meth:`to_json` (same major ``schema_version``; invariants checked again)."""
        data = RepaymentJSON.model_validate_json(text)
        return cls(data.rule, data.title_zh, data.title_en, data.due, *_read_outcome(data))

    def __str__(self) -> str:
        return render_text([self])

    def _repr_html_(self) -> str:
        return render_html([self])


_HELD = attrgetter("held")
_new = object.__new__
(
    _set_rule,
    _set_title_zh,
    _set_title_en,
    _set_eligible,
    _set_amount,
    _set_reasons,
    _set_warnings,
    _set_provenance,
) = (
    Decision.__dict__[name].__set__
    for name in ("rule", "title_zh", "title_en", "eligible", "amount", "reasons", "warnings", "provenance")
)


def _check_major(version: str) -> None:
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"cannot read schema_version {version} (this library writes {SCHEMA_VERSION})")


def _read_outcome(data: Any) -> tuple[Decimal, tuple[Reason, ...], tuple[Note, ...], Provenance | None]:
    """The amount, reasons, warnings and provenance of a decision's or repayment's JSON model (its major
    ``schema_version`` checked), in the order of both classes' fields."""
    _check_major(data.schema_version)
    return (
        Decimal(data.amount),
        tuple(Reason(r.clause, r.held, r.zh, r.en, r.key) for r in data.reasons),
        tuple(Note(w.clause, w.zh, w.en) for w in data.warnings),
        None if data.provenance is None else read_provenance(data.provenance),
    )


def read_provenance(data: Any) -> Provenance:
    """A :class:`Provenance` from its JSON model (``ProvenanceJSON``), as ``from_json`` reads it."""
    calendar = data.calendar
    return Provenance(
        data.library,
        data.document,
        data.parameters,
        data.source,
        None
        if calendar is None
        else CalendarData(calendar.chinese_calendar, tuple((s.name, s.digest) for s in calendar.schedules)),
    )


def _verdict(decision: Decision | Repayment, conditions: bool = False) -> tuple[str, str]:
    if isinstance(decision, Repayment):
        return ("应返还", "repayment due") if decision.due else ("无需返还", "nothing to repay")
    if conditions:
        return ("条件均满足", "conditions met") if decision.eligible else ("条件不满足", "conditions not met")
    if decision.eligible:
        return "符合", "eligible"
    return "不符合", "not eligible"


def key_suffix(reason: Reason) -> str:
    """The reason's key as text output shows it after the English line (empty for a reason without a key)."""
    return f"  ({reason.key})" if reason.key else ""


def render_text(decisions: Iterable[Decision | Repayment], *, conditions: bool = False) -> str:
    """Decisions (or repayments) as plain text for a terminal: a headline each, then ✓/✗ per reason, ! per warning.

    ``conditions=True``: the decisions only check conditions (no amount is decided): the headline says whether
    the conditions are met and shows no amount.
    """
    lines: list[str] = []
    for decision in decisions:
        zh, en = _verdict(decision, conditions)
        amount = "" if conditions else f", {fmt_yuan(decision.amount)} ({fmt_wan(decision.amount)})"
        lines.append(f"{decision.title_zh} / {decision.title_en}: {zh} / {en}{amount}")
        lines.extend(
            f"  {'✓' if r.held else '✗'} [{r.clause}] {r.zh}\n      {r.en}{key_suffix(r)}" for r in decision.reasons
        )
        lines.extend(f"  ! [{w.clause}] {w.zh}\n      {w.en}" for w in decision.warnings)
    return "\n".join(lines)


def render_html(decisions: Iterable[Decision | Repayment], *, conditions: bool = False) -> str:
    """Decisions as HTML tables for a notebook (every string escaped); ``conditions`` as in :func:`render_text`."""
    esc = html.escape
    parts: list[str] = []
    for decision in decisions:
        zh, en = _verdict(decision, conditions)
        amount = (
            ""
            if conditions
            else f", <strong>{esc(fmt_yuan(decision.amount))}</strong> ({esc(fmt_wan(decision.amount))})"
        )
        favourable = (not decision.due) if isinstance(decision, Repayment) else decision.eligible
        colour = "#1a7f37" if favourable else "#cf222e"
        rows = "".join(
            f"<tr><td>{'✓' if r.held else '✗'}</td><td><code>{esc(r.clause)}</code>"
            f"{f'<br><small><code>{esc(r.key)}</code></small>' if r.key else ''}</td>"
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
            f"<span style='color:{colour}'><strong>{zh}</strong> / {en}</span>{amount}</p>"
            f"<table><thead><tr><th></th><th>条款 clause</th><th>条件 condition</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )
    return "\n".join(parts)
