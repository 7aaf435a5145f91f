"""Which frame function evaluates which policy (the names of ``hongshan-policy batch --policy``).

The policies and their frame functions are those of the registry
(:data:`hongshan_policy.registry.POLICIES`: each policy's decision and its
``columnar`` evaluator); this module only resolves them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import InvalidInputError
from ..headquarters._columnar import HQ_LAND_FIELDS, HQ_RENT_FIELDS, hq_land_frame, hq_rent_frame
from ..inputs import in_context
from ..registry import POLICIES as _REGISTERED
from ..used_car._columnar import USED_CAR_FIELDS, used_car_frame
from ._frames import InputField

__all__ = ["POLICIES", "evaluate", "input_fields"]

_FIELDS: dict[Callable[..., Any], tuple[InputField, ...]] = {
    used_car_frame: USED_CAR_FIELDS,
    hq_rent_frame: HQ_RENT_FIELDS,
    hq_land_frame: HQ_LAND_FIELDS,
}
"""Frame function -> the input fields it reads (the columns of a register)."""


def _frame_function(columnar: Any) -> Callable[..., Any]:
    resolve = getattr(columnar, "resolve", None)
    function: Callable[..., Any] = resolve() if resolve is not None else columnar
    return function


POLICIES: dict[str, Callable[..., Any]] = {
    policy: _frame_function(spec.columnar) for policy, spec in _REGISTERED.items() if spec.columnar is not None
}
"""Policy name -> frame function ``f(frame, *, params=..., keep_input=...)``."""


def _unknown(policy: str) -> InvalidInputError:
    known = "、".join(POLICIES)
    return InvalidInputError(
        f"未知的政策 {policy!r}(可用:{known})",
        f"unknown policy {policy!r} (known: {', '.join(POLICIES)})",
        field="policy",
        expected=sorted(POLICIES),
        got=policy,
    )


def input_fields(policy: str) -> tuple[InputField, ...]:
    """The input fields of ``policy``'s register (name, accepted headers, kind), in order."""
    try:
        return _FIELDS[POLICIES[policy]]
    except KeyError:
        raise _unknown(policy) from None


@in_context
def evaluate(frame: Any, policy: str, *, params: Any = None, keep_input: bool = True) -> Any:
    """Evaluate ``frame`` under ``policy`` (e.g. ``"hq-rent"``) with its default or the given parameters."""
    try:
        function = POLICIES[policy]
    except KeyError:
        raise _unknown(policy) from None
    if params is None:
        return function(frame, keep_input=keep_input)
    return function(frame, params=params, keep_input=keep_input)
