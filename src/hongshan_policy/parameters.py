"""Parameters: every number of a policy declared once, with its unit and clause.

Each policy has one frozen model of parameters whose defaults are read from
the text. Every rule function takes ``params=`` so an analyst can ask "what
if" without touching code: ``used_car.growth_reward(d, r, params=P(growth_cap=300_000))``
or ``P().replace(growth_cap=300_000)``.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Parameters", "PolicyModel", "param"]


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
