"""What "assess" means for 4号: inspect one record (a vehicle, a shop, a fleet …) on a day.

4号 grants nothing: it is a plan of tasks and the rules inspectors apply. Its
``assess`` is therefore an inspection: an :class:`Application` names the kind
of record, the record and the inspection day, and :func:`assess` returns the
:class:`~hongshan_policy.ebike.Inspection` of the matching ``inspect_<kind>``
(violations, follow-ups, information; never an amount). :func:`assess_many`
inspects a list in order, as ``used_car.assess_many`` assesses applications.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from pydantic import Field

from ..inputs import Day, Text, checked
from ..parameters import PolicyModel
from ._findings import Inspection
from ._inspection import inspect_dealer, inspect_delivery_fleet, inspect_vehicle
from ._online import inspect_online_listing
from ._parameters import EbikeParameters
from ._premises import inspect_premises
from ._producers import inspect_producer, inspect_road_stop

__all__ = ["Application", "assess", "assess_many"]

Kind = Literal["vehicle", "dealer", "delivery-fleet", "premises", "online-listing", "producer", "road-stop"]

_INSPECT: dict[str, Callable[..., Inspection]] = {
    "vehicle": inspect_vehicle,
    "dealer": inspect_dealer,
    "delivery-fleet": inspect_delivery_fleet,
    "premises": inspect_premises,
    "online-listing": inspect_online_listing,
    "producer": inspect_producer,
    "road-stop": inspect_road_stop,
}


class Application(PolicyModel):
    """One record to inspect: its kind, the record (validated by the inspection's own model) and the day."""

    kind: Kind = Field(description="种类 what the record is: vehicle, dealer, delivery-fleet, premises …")
    record: dict[Text, Any] = Field(description="记录 the record, as the kind's model takes it (ebike.Vehicle …)")
    inspected_on: Day = Field(description="检查日期 the day of the inspection")


@checked
def assess(application: Application | dict[str, Any], *, params: EbikeParameters | None = None) -> Inspection:
    """Inspect one record: ``inspect_<kind>(record, inspected_on)`` (a ``dict`` is validated first).

    ``params`` is passed to the inspections that take parameters (vehicles); the
    others read the text's values.
    """
    app = application if isinstance(application, Application) else Application.model_validate(application)
    inspect = _INSPECT[app.kind]
    if params is not None and inspect is inspect_vehicle:
        return inspect_vehicle(app.record, app.inspected_on, params=params)
    result: Inspection = inspect(app.record, app.inspected_on)
    return result


def assess_many(
    applications: Iterable[Application | dict[str, Any]], *, params: EbikeParameters | None = None
) -> list[Inspection]:
    """Inspect each record in order (see :func:`assess`)."""
    return [assess(item, params=params) for item in applications]
