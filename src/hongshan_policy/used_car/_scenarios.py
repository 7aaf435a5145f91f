"""87号 in :mod:`hongshan_policy.scenarios`: how a compared register of used-car dealers is read.

The registry's ``used-car.assess`` decision reaches this through its ``scenario``
hook (:func:`adapter`). Budget years (``docs/scenarios.md``): the scale reward of
第三条(一) in the year of its application (2024); the growth reward of 第三条(二)
in :data:`GROWTH_BUDGET_YEAR`, the first year in which 2024's annual revenue is
known, or the year of its application if later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._scenario_parts import Outcome, Part, Register, ScenarioAdapter, column, decimal, flags, years

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from numpy.typing import NDArray

    from ..parameters import Parameters

__all__ = ["GROWTH_BUDGET_YEAR", "adapter"]

GROWTH_BUDGET_YEAR = 2025
"""The first budget year of 87号 第三条(二)'s growth reward: 2024's annual revenue is known only after the year ends."""

_PARTS = (Part("scale", "scale_amount"), Part("growth", "growth_amount"))


def _read(table: pa.Table, params: Parameters) -> Outcome:
    """Both rewards of each row: total, eligible for either, the first failed clause of each not granted."""
    import pyarrow.compute as pc

    eligible = flags(column(table, "scale_eligible")) | flags(column(table, "growth_eligible"))
    scale, growth = (column(table, f"{part.reward}_first_failed_clause") for part in _PARTS)
    both = pc.binary_join_element_wise(scale, growth, ", ")
    one = pc.if_else(pc.is_null(scale), growth, scale)
    failed = pc.if_else(pc.fill_null(pc.equal(scale, growth), True), one, both)
    return Outcome(decimal(column(table, "total")), eligible, failed, _PARTS)


def _budget_years(register: Register, part: Part, needed: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The scale reward in its application's year; the growth reward not before :data:`GROWTH_BUDGET_YEAR`."""
    import numpy as np

    if part.reward == "scale":
        days, present = register.days(register.field("applied_on"), needed)
        return np.where(present, years(days), -1)
    days, present = register.days(register.field("growth_applied_on"), needed)
    return np.where(present, np.maximum(years(days), GROWTH_BUDGET_YEAR), GROWTH_BUDGET_YEAR)


def _example(rows: int, seed: int) -> Any:
    from ..batch._synthetic import synthetic_register

    return synthetic_register(rows, seed=seed)


_ADAPTER = ScenarioAdapter(
    policy="used-car",
    title="87号 二手车奖励",
    rewards={"scale": "规模奖励", "growth": "做大做强奖励"},
    read=_read,
    budget_years=_budget_years,
    example=("register-used-car.csv", 400, 87),
    make_example=_example,
)


def adapter() -> ScenarioAdapter:
    """The scenario adapter of the ``used-car`` register (the registry's hook on ``used-car.assess``)."""
    return _ADAPTER
