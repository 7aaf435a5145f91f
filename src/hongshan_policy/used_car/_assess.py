"""One application (either reward or both) in, one assessment out; and a run of them (「一次性」 per run)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .._gc import fewer_collections
from .._json import used_car_assessment_dict
from .._progress import progress as _progress
from ..conditions import compiled
from ..decisions import Decision, render_html, render_text
from ..inputs import checked, in_context, model_arg
from ..money import ZERO, fmt_wan, fmt_yuan, sum_money
from . import _eligibility, _parameters
from ._eligibility import _conditions, _pledge
from ._models import Application
from ._parameters import UsedCarParameters
from ._rewards import _Earlier, _growth_reward, _received_amount, _scale_reward

__all__ = ["Assessment", "assess", "assess_many"]


@dataclass(frozen=True, slots=True)
class Assessment:
    """Both rewards of one application and their total."""

    dealer: str
    scale: Decision | None
    growth: Decision | None

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """The decisions made (a reward not applied for has none)."""
        return tuple(d for d in (self.scale, self.growth) if d is not None)

    @property
    def total(self) -> Decimal:
        """The sum of both rewards."""
        return sum_money(d.amount for d in self.decisions)

    def __str__(self) -> str:
        head = f"{self.dealer}: 合计 total {fmt_yuan(self.total)} ({fmt_wan(self.total)})"
        skipped = [
            f"  (未申请 not applied for: {name})"
            for name, d in (("规模奖励 scale", self.scale), ("做大做强奖励 growth", self.growth))
            if d is None
        ]
        return "\n".join([head, render_text(self.decisions), *skipped])

    def _repr_html_(self) -> str:
        return f"<h4>{self.dealer}: 合计 total {fmt_yuan(self.total)}</h4>" + render_html(self.decisions)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict`` with both decisions and the total, carrying ``schema_version``."""
        return used_car_assessment_dict(self)


_set_dealer, _set_scale, _set_growth = (Assessment.__dict__[name].__set__ for name in ("dealer", "scale", "growth"))


def _assessment(dealer: str, scale: Decision | None, growth: Decision | None) -> Assessment:
    """``Assessment(dealer, scale, growth)`` through the slots' own setters (the scalar hot path)."""
    made = object.__new__(Assessment)
    _set_dealer(made, dealer)
    _set_scale(made, scale)
    _set_growth(made, growth)
    return made


@in_context
def assess(application: Application | dict[str, Any], *, params: UsedCarParameters | None = None) -> Assessment:
    """Assess one application for both rewards (a ``dict`` is validated first) and total them.

    With ``cap_includes_scale_reward`` the 35万 cap is one for the dealer's two
    rewards: the scale reward is counted first (granted here, or received
    before as the dealer's facts say) and the growth reward takes at most what
    remains; the growth decision's reasons show the split.

    Without ``params`` each reward is decided with the parameters in force on
    its own application date (:data:`TIMELINE`); ``params`` overrides both.
    """
    if type(application) is Application:
        app = application
    elif isinstance(application, dict):
        app = Application.__pydantic_validator__.validate_python(application)  # model_validate without its wrapper
    else:
        app = model_arg(application, Application, "application")
    if params is not None and type(params) is not UsedCarParameters:
        params = model_arg(params, UsedCarParameters, "params")
    return _assess(app, params, None)


def _counted(
    app: Application, scale: Decision | None, earlier: _Earlier | None, params: UsedCarParameters
) -> Decimal | None:
    """The scale reward the joint cap counts before the growth reward (None: not known)."""
    received = app.dealer.scale_reward_received
    if received:
        return _received_amount(params)
    if scale is not None and scale.eligible:
        return scale.amount
    if earlier is not None:
        return earlier.granted
    if scale is not None or received is False:
        return ZERO
    return None


def _assess(app: Application, params: UsedCarParameters | None, earlier: _Earlier | None) -> Assessment:
    if params is None:  # each reward under the set in force on its own application date
        scale_params, growth_params = (
            _parameters.TIMELINE.on(app.applied_on),
            _parameters.TIMELINE.on(app.growth_applied_on),
        )
    else:
        scale_params = growth_params = params
    # the dealer validated by the model: its conditions checked once for both rewards
    conditions = compiled(_eligibility.DEALER_CONDITIONS)(app.dealer, scale_params)
    pledge = _pledge(app.dealer)
    scale = None
    if app.revenue_jan_to_jul is not None:
        assert app.applied_on is not None  # checked by the model
        scale = _scale_reward(
            conditions, pledge, app.dealer, app.revenue_jan_to_jul, app.applied_on, scale_params, earlier
        )
    growth = None
    if app.revenue_2024 is not None:
        if growth_params is not scale_params:
            conditions = _conditions(app.dealer, growth_params)
        counted = _counted(app, scale, earlier, growth_params)
        growth = _growth_reward(conditions, pledge, app.revenue_2024, app.growth_applied_on, growth_params, counted)
    return _assessment(app.dealer.name, scale, growth)


@checked
def assess_many(
    applications: Iterable[Application | dict[str, Any]],
    *,
    params: UsedCarParameters | None = None,
    progress: bool | None = None,
) -> list[Assessment]:
    """Assess each application in order; a progress bar shows in a terminal or notebook (``progress=False``: never).

    「一次性奖励」: the scale reward is paid once per dealer. The first
    application for it of a credit code in the run is decided as usual; a later
    one of the same code is refused, its reason naming the first (and, with
    ``cap_includes_scale_reward``, the growth reward of a later application
    counts what the first was granted).

    While the list grows, Python's cyclic garbage collector runs less often
    (higher thresholds, restored after; it is never switched off, so other
    threads keep a working collector) and the results built so far are kept
    out of its young collections (``gc.freeze``, undone at the end): otherwise
    it walks the growing heap again and again and a run of 100,000 costs four
    times as much (docs/performance.md).
    """
    items = list(applications)
    with fewer_collections() as settle:
        first: dict[str, _Earlier] = {}
        results: list[Assessment] = []
        for position, item in enumerate(_progress(items, total=len(items), desc="used-car", show=progress), start=1):
            app = item if isinstance(item, Application) else Application.model_validate(item)
            code = str(app.dealer.credit_code)
            earlier = first.get(code)
            result = _assess(app, params, earlier)
            if earlier is None and result.scale is not None:
                first[code] = _Earlier(position, code, result.scale.amount)
            results.append(result)
            settle()
        return results
