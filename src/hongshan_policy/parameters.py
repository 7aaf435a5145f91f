"""Parameters: every number of a policy declared once, with its unit and clause.

Each policy has one frozen model of parameters whose defaults are read from
the text. Every rule function takes ``params=`` so an analyst can ask "what
if" without touching code: ``used_car.growth_reward(d, r, params=P(growth_cap=300_000))``
or ``P().replace(growth_cap=300_000)``.

Parameters are dated (OpenFisca's ``values: {2015-12-01: …}``): each document
keeps a :class:`Timeline` of its text's values (``DEFAULTS``) and every
:class:`Dated` value a later amendment adds, each with the clause or document
that sets it. A decision function called without ``params=`` uses the set in
force on its governing date (the application date for 87号, the contract's
date for 79号: docs/interpretations.md); :func:`digest` names a set in a
decision's provenance. docs/amending.md walks through adding a dated value.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Any, Generic, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .errors import InvalidInputError

__all__ = ["Dated", "Parameters", "PolicyModel", "Timeline", "digest", "param"]


class PolicyModel(BaseModel):
    """Base of every input model: frozen, unknown fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def param(default: Any, *, clause: str, zh: str, unit: str = "", reading: str = "") -> Any:
    """Declare one parameter: its default from the text, the clause that sets it, its unit.

    ``reading`` names the interpretation taken where the text is open (see
    ``docs/interpretations.md``).
    """
    extra: dict[str, str] = {"clause": clause, "unit": unit}
    if reading:
        extra["reading"] = reading
    return Field(default=default, description=f"{zh} [{clause}]", json_schema_extra=extra)  # type: ignore[arg-type]


class Parameters(PolicyModel):
    """Base of the per-policy parameter models."""

    @classmethod
    def clause_of(cls, name: str) -> str:
        """The clause id that sets parameter ``name``."""
        extra = cls.model_fields[name].json_schema_extra
        assert isinstance(extra, dict)
        return str(extra["clause"])

    def replace(self, **overrides: Any) -> Self:
        """A copy with ``overrides`` applied and validated (unknown names refused)."""
        return self.model_validate({**dict(self), **overrides})

    def table(self) -> list[dict[str, str]]:
        """Every parameter as a row: name, value, unit, clause, description."""
        rows = []
        for name, info in type(self).model_fields.items():
            extra = info.json_schema_extra
            assert isinstance(extra, dict)
            rows.append(
                {
                    "name": name,
                    "value": str(getattr(self, name)),
                    "unit": str(extra.get("unit", "")),
                    "clause": str(extra["clause"]),
                    "description": info.description or "",
                    "reading": str(extra.get("reading", "")),
                }
            )
        return rows


P = TypeVar("P", bound=Parameters)


@dataclass(frozen=True, slots=True)
class Dated:
    """One dated value of a parameter: in force from ``since`` (that day included), set by ``source``.

    ``source`` names the clause or document that sets the value, e.g.
    ``"赤红政字〔2025〕12号 第二条"``. An amendment adds a :class:`Dated`; it never
    overwrites the text's value, which stays in force before ``since``.
    """

    since: date
    value: Any
    source: str


class Timeline(Generic[P]):
    """A document's parameters through time: the text's values and every dated value added later.

    ``Timeline(DEFAULTS, {"growth_cap": (Dated(date(2025, 1, 1), Decimal(300_000), "…"),)})``.
    :meth:`on` returns the set in force on a day: the text's values (``base``,
    equal to the module's ``DEFAULTS``) with every dated value whose ``since``
    is on or before that day. The sets are built once, when the timeline is
    made; :meth:`on` is a binary search (and returns ``base`` at once when
    nothing was amended), so deciding with dated parameters costs nothing
    measurable. A timeline is immutable: :meth:`amend` returns a new one.
    """

    __slots__ = ("_points", "_sets", "amendments", "base")

    base: P
    amendments: Mapping[str, tuple[Dated, ...]]
    _points: tuple[date, ...]
    _sets: tuple[P, ...]

    def __init__(self, base: P, amendments: Mapping[str, Iterable[Dated]] | None = None) -> None:
        table: dict[str, tuple[Dated, ...]] = {}
        for name, values in (amendments or {}).items():
            if name not in type(base).model_fields:
                raise InvalidInputError(
                    f"没有名为 {name} 的参数",
                    f"no parameter named {name!r}",
                    field="amendments",
                    expected=sorted(type(base).model_fields),
                    got=name,
                )
            ordered = tuple(sorted(values, key=lambda d: d.since))
            days = [d.since for d in ordered]
            if len(set(days)) != len(days):
                raise InvalidInputError(
                    f"参数 {name} 在同一日有两个取值:修订只能新增日期,不能覆盖",
                    f"parameter {name!r} has two values from one day: an amendment adds a date, it never overwrites",
                    field="amendments",
                    expected="one value per day",
                    got=days,
                )
            if ordered:
                table[name] = ordered
        points = tuple(sorted({d.since for values in table.values() for d in values}))
        sets: list[P] = [base]
        for point in points:
            in_force = {name: [d.value for d in values if d.since <= point] for name, values in table.items()}
            sets.append(base.replace(**{name: found[-1] for name, found in in_force.items() if found}))
        _set = object.__setattr__
        _set(self, "base", base)
        _set(self, "amendments", MappingProxyType(table))
        _set(self, "_points", points)
        _set(self, "_sets", tuple(sets))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Timeline is immutable; use amend()")

    def __repr__(self) -> str:
        return f"Timeline({type(self.base).__name__}, changes={[d.isoformat() for d in self._points]})"

    @property
    def changes(self) -> tuple[date, ...]:
        """The days on which a dated value takes effect, in order (empty: the text's values throughout)."""
        return self._points

    @property
    def sets(self) -> tuple[P, ...]:
        """Every distinct set: ``sets[0]`` is the text's, ``sets[i]`` the one in force from ``changes[i - 1]``."""
        return self._sets

    def index_on(self, day: date) -> int:
        """The position in :attr:`sets` of the set in force on ``day``."""
        return bisect_right(self._points, day)

    def on(self, day: date | None) -> P:
        """The set in force on ``day``; ``None`` (no governing date known): the text's values."""
        if day is None or not self._points:
            return self.base
        return self._sets[bisect_right(self._points, day)]

    def amend(self, name: str, since: date, value: Any, source: str) -> Timeline[P]:
        """A new timeline with ``name`` taking ``value`` from ``since`` (refused if ``name`` has a value that day)."""
        table = {key: list(values) for key, values in self.amendments.items()}
        table.setdefault(name, []).append(Dated(since, value, source))
        return Timeline(self.base, table)

    def sources_on(self, day: date | None) -> dict[str, str]:
        """For each amended parameter in force on ``day``, the source of its value (the text's clause otherwise)."""
        base = type(self.base)
        found = {name: base.clause_of(name) for name in base.model_fields}
        if day is not None:
            for name, values in self.amendments.items():
                for dated in values:
                    if dated.since <= day:
                        found[name] = dated.source
        return found


_DIGESTS: dict[int, tuple[Parameters, str]] = {}


def digest(params: Parameters) -> str:
    """``sha256:<hex>`` of a parameter set's canonical JSON (class name, every name and value), cached per set."""
    cached = _DIGESTS.get(id(params))
    if cached is not None and cached[0] is params:
        return cached[1]
    body = {"class": type(params).__name__, "values": params.model_dump(mode="json")}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    value = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    if len(_DIGESTS) >= 1024:
        _DIGESTS.clear()
    _DIGESTS[id(params)] = (params, value)
    return value
