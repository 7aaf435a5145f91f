"""Which frame function evaluates which policy (the names of ``hongshan-policy batch --policy``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import InvalidInputError
from ..inputs import in_context
from ._headquarters import hq_land_frame, hq_rent_frame
from ._used_car import used_car_frame

__all__ = ["POLICIES", "evaluate"]

POLICIES: dict[str, Callable[..., Any]] = {
    "used-car": used_car_frame,
    "hq-rent": hq_rent_frame,
    "hq-land": hq_land_frame,
}
"""Policy name -> frame function ``f(frame, *, params=..., keep_input=...)``."""


@in_context
def evaluate(frame: Any, policy: str, *, params: Any = None, keep_input: bool = True) -> Any:
    """Evaluate ``frame`` under ``policy`` (e.g. ``"used-car"``) with its default or the given parameters."""
    try:
        function = POLICIES[policy]
    except KeyError:
        known = "、".join(POLICIES)
        raise InvalidInputError(
            f"未知的政策 {policy!r}(可用:{known})",
            f"unknown policy {policy!r} (known: {', '.join(POLICIES)})",
            field="policy",
            expected=sorted(POLICIES),
            got=policy,
        ) from None
    if params is None:
        return function(frame, keep_input=keep_input)
    return function(frame, params=params, keep_input=keep_input)
