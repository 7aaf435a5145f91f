"""The three rules of the side-by-side benchmark as an OpenFisca tax-benefit system (openfisca-core 46).

Used-car scale reward and growth reward (87号 第二条, 第三条, 第八条) and the rent subsidy
of one lease year (79号 第三条(二)1), written the way an OpenFisca country package would
write them: one entity (the enterprise), input variables, formula variables reading dated
parameters, money as OpenFisca's ``float`` (float32). Dates are day numbers since
1970-01-01 (int), as in the library's kernels, so both sides compare integers.

Not part of the library, and not needed by its tests: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DateUnit
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

from hongshan_policy import headquarters, used_car
from hongshan_policy.batch._kernels import day_number

PERIOD = "2024"

Enterprise = build_entity(
    key="enterprise",
    plural="enterprises",
    label="企业 An enterprise applying for a reward or a subsidy",
    is_person=True,
)


def _value(value: Any) -> dict[str, Any]:
    return {"values": {"2023-01-01": {"value": value}}}


def _parameters() -> ParameterNode:
    p, hq = used_car.DEFAULTS, headquarters.DEFAULTS
    data = {
        "used_car": {
            "registered_from": _value(day_number(p.registered_from)),
            "valid_from": _value(day_number(p.valid_from)),
            "valid_until": _value(day_number(p.valid_until)),
            "scale_revenue_min": _value(float(p.scale_revenue_min)),
            "scale_apply_by": _value(day_number(p.scale_apply_by)),
            "scale_reward_amount": _value(float(p.scale_reward_amount)),
            "growth_revenue_min": _value(float(p.growth_revenue_min)),
            "growth_upper_from": _value(float(p.growth_upper_from)),
            "growth_rate": _value(float(p.growth_rate)),
            "growth_upper_rate": _value(float(p.growth_upper_rate)),
            "growth_cap": _value(float(p.growth_cap)),
        },
        "hq": {
            "rent_full_years": _value(hq.rent_full_years),
            "rent_half_years": _value(hq.rent_half_years),
            "rent_full_share": _value(float(hq.rent_full_share)),
            "rent_half_share": _value(float(hq.rent_half_share)),
            "rent_annual_cap": _value(float(hq.rent_annual_cap)),
        },
    }
    return ParameterNode("", data=data)


def _input(name: str, kind: type, label: str) -> type[Variable]:
    return type(
        name,
        (Variable,),
        {
            "value_type": kind,
            "entity": Enterprise,
            "definition_period": DateUnit.YEAR,
            "label": label,
            "__module__": __name__,
        },
    )


INPUTS: dict[str, type] = {
    "registered_on": int,
    "registered_in_hongshan": bool,
    "independent_legal_person": bool,
    "independent_accounting": bool,
    "key_monitored": bool,
    "revenue_jan_to_jul": float,
    "applied_on": int,
    "revenue_2024": float,
    "growth_applied_on": int,
    "growth_dated": bool,
    "lease_start": int,
    "lease_year": int,
    "floor_area": float,
    "agreed_rate": float,
    "rent_conditions": bool,
}


class used_car_dealer(Variable):
    value_type = bool
    entity = Enterprise
    definition_period = DateUnit.YEAR
    label = "第二条: 二手车经销企业"

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).used_car
        return (
            (enterprise("registered_on", period) >= p.registered_from)
            * enterprise("registered_in_hongshan", period)
            * enterprise("independent_legal_person", period)
            * enterprise("independent_accounting", period)
            * enterprise("key_monitored", period)
        )


def _valid(applied: Any, p: Any) -> Any:
    return (applied >= p.valid_from) * (applied <= p.valid_until)


class scale_reward(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR
    label = "第三条(一): 规模奖励"

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).used_car
        applied = enterprise("applied_on", period)
        eligible = (
            enterprise("used_car_dealer", period)
            * (enterprise("revenue_jan_to_jul", period) >= p.scale_revenue_min)
            * (applied <= p.scale_apply_by)
            * _valid(applied, p)
        )
        return eligible * p.scale_reward_amount


class growth_reward(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR
    label = "第三条(二): 做大做强奖励"

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).used_car
        revenue = enterprise("revenue_2024", period)
        dated = enterprise("growth_dated", period)
        valid = np.logical_not(dated) + _valid(enterprise("growth_applied_on", period), p)
        eligible = enterprise("used_car_dealer", period) * (revenue > p.growth_revenue_min) * valid
        rate = np.where(revenue >= p.growth_upper_from, p.growth_upper_rate, p.growth_rate)
        return eligible * np.minimum(np.round(revenue * rate, 2), p.growth_cap)


def _add_months(days: Any, months: Any) -> Any:
    month = days.astype("datetime64[D]").astype("datetime64[M]")
    day_of_month = days - month.astype("datetime64[D]").astype(np.int64)
    target = month.astype(np.int64) + months
    first = target.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    following = (target + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return first + np.minimum(day_of_month, following - first - 1)


class lease_year_days(Variable):
    value_type = int
    entity = Enterprise
    definition_period = DateUnit.YEAR
    label = "租赁年度的天数 (民法典第二百零一条)"

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        start = enterprise("lease_start", period).astype(np.int64)
        year = enterprise("lease_year", period).astype(np.int64)
        return _add_months(start, 12 * year) - _add_months(start, 12 * (year - 1))


class rent_subsidy(Variable):
    value_type = float
    entity = Enterprise
    definition_period = DateUnit.YEAR
    label = "第三条(二)1: 房屋租赁补贴(一个租赁年度)"

    def formula(enterprise, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).hq
        year = enterprise("lease_year", period)
        share = np.where(
            year <= p.rent_full_years,
            p.rent_full_share,
            np.where(year <= p.rent_full_years + p.rent_half_years, p.rent_half_share, 0),
        )
        rent = (
            enterprise("floor_area", period)
            * enterprise("agreed_rate", period)
            * enterprise("lease_year_days", period)
            * share
        )
        return enterprise("rent_conditions", period) * np.minimum(np.round(rent, 2), p.rent_annual_cap)


OUTPUTS = ("scale_reward", "growth_reward", "rent_subsidy")


def system() -> TaxBenefitSystem:
    """The tax-benefit system: the entity, the input and formula variables, the parameters."""
    tbs = TaxBenefitSystem([Enterprise])
    for name, kind in INPUTS.items():
        tbs.add_variable(_input(name, kind, name))
    for variable in (used_car_dealer, scale_reward, growth_reward, lease_year_days, rent_subsidy):
        tbs.add_variable(variable)
    tbs.parameters = _parameters()
    return tbs


def simulation(tbs: TaxBenefitSystem, inputs: dict[str, np.ndarray]) -> Any:
    """A simulation of ``len(inputs)`` enterprises with every input set (money and areas in yuan and m²)."""
    rows = len(next(iter(inputs.values())))
    sim = SimulationBuilder().build_default_simulation(tbs, rows)
    for name, values in inputs.items():
        sim.set_input(name, PERIOD, values)
    return sim


def calculate(sim: Any) -> dict[str, np.ndarray]:
    """The three outputs of a simulation."""
    return {name: sim.calculate(name, PERIOD) for name in OUTPUTS}


def one(
    tbs: TaxBenefitSystem, record: dict[str, Any], outputs: tuple[str, ...] = ("scale_reward", "growth_reward")
) -> dict[str, Any]:
    """One enterprise given as a JSON-like ``dict`` (OpenFisca's own input format); by default both used-car
    rewards, what ``used_car.assess(dict)`` decides."""
    sim = SimulationBuilder().build_from_entities(
        tbs, {"enterprises": {"e": {name: {PERIOD: value} for name, value in record.items()}}}
    )
    return {name: sim.calculate(name, PERIOD)[0] for name in outputs}
