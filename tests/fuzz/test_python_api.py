"""Fuzzing the Python API with hostile values (issue 9): every call ends in a correct answer or a typed error.

Each property draws hostile values (:mod:`tests.fuzz.strategies`: full-width digits and letters, commas in
wrong groups, floats, numpy scalars, strings for flags and dates, datetimes, huge, NaN, infinite, negative
and exponent numbers, years 1 and 9999, zero-width and control characters, hostile decimal contexts),
hands them to a public entry point (every model's ``model_validate``, the rule functions, the
``workdays`` functions, the e-bike queries and inspections, batch frames from pandas, polars and
pyarrow) and classifies the outcome:

- a **correct answer**: equal to the oracle, the same call with the canonical value the boundary must
  read (or, for a frame, the scalar path row by row; under a hostile decimal context, the same call
  under the default context);
- a **typed error naming the field**: :class:`~hongshan_policy.errors.PolicyError` with ``field`` set to
  the argument, or :class:`pydantic.ValidationError` whose locations name the field.

Anything else fails: another exception (``TypeError``, ``decimal.InvalidOperation`` ...), an answer
where the oracle refuses, a refusal where the oracle answers, an answer that differs from the oracle.

The number of examples per property is ``HONGSHAN_FUZZ_EXAMPLES`` (default 40); ``scripts/fuzz.py``
runs more and prints the outcome counts (``HONGSHAN_FUZZ_REPORT=FILE`` writes them as JSON).
"""

from __future__ import annotations

import decimal
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import builders
from hongshan_policy import batch, ebike, headquarters, used_car, workdays
from hongshan_policy.errors import PolicyError
from hongshan_policy.inputs import MAX_YEARS

from .strategies import (
    REFUSED,
    argument_dates,
    argument_flags,
    contexts,
    counts,
    field_dates,
    field_flags,
    full_width,
    money,
    ratios,
    texts,
)

FUZZ = settings(
    max_examples=int(os.environ.get("HONGSHAN_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

OUTCOMES: Counter[tuple[str, str]] = Counter()
"""(category, outcome) -> cases; written to ``HONGSHAN_FUZZ_REPORT`` at the end of the module."""


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    target = os.environ.get("HONGSHAN_FUZZ_REPORT")
    if target:
        rows = [{"category": c, "outcome": o, "cases": n} for (c, o), n in sorted(OUTCOMES.items())]
        with open(target, "w", encoding="utf-8") as out:
            json.dump(rows, out, ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- classifying an outcome


class Refused:
    """A typed refusal, with the fields it names."""

    def __init__(self, fields: set[str]) -> None:
        self.fields = fields

    def __repr__(self) -> str:
        return f"Refused({sorted(self.fields)})"


def outcome(call: Callable[[], Any]) -> Any:
    """The answer of ``call()``, or :class:`Refused` for a typed error naming a field; anything else propagates."""
    try:
        return call()
    except PolicyError as error:
        named = {error.field} if error.field else set()
        _must_name(named, error)
        return Refused(named)
    except ValidationError as error:
        fields = {str(part) for item in error.errors() for part in item["loc"]}
        for item in error.errors():
            message = str(item.get("msg", ""))
            fields |= {word.rstrip(":") for word in message.replace("Value error, ", "").split() if word.endswith(":")}
            if not item["loc"]:  # a check across fields: the message names them (applied_on, revenue_2024 ...)
                fields |= set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", message))
        _must_name(fields, error)
        return Refused(fields)


def _must_name(fields: set[str], error: Exception) -> None:
    if not fields:
        pytest.fail(f"a typed error must name its field: {error!r}")


def check(category: str, got: Any, expected: Any, refused_fields: set[str], also: Any = None) -> None:
    """``got`` (an outcome) against the oracle: refused naming one of ``refused_fields``, or equal to ``expected``.

    ``also`` is the outcome with valid stand-ins for the refused values: when it is itself a refusal (another
    argument is wrong too), the error may name that argument instead.
    """
    if refused_fields:
        allowed = refused_fields | (also.fields if isinstance(also, Refused) else set())
        assert isinstance(got, Refused), f"{category}: expected a typed error naming {refused_fields}, got {got!r}"
        assert got.fields & allowed, f"{category}: the error names {got.fields}, not {allowed}"
        OUTCOMES[category, "typed error"] += 1
        return
    if isinstance(expected, Refused):
        assert isinstance(got, Refused), f"{category}: the oracle refuses ({expected!r}), the call answered {got!r}"
        OUTCOMES[category, "typed error"] += 1
        return
    assert not isinstance(got, Refused), f"{category}: the oracle answers {expected!r}, the call refused {got!r}"
    assert _comparable(got) == _comparable(expected), f"{category}: {got!r} != oracle {expected!r}"
    OUTCOMES[category, "correct answer"] += 1


def _comparable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


def pick(case: tuple[Any, Any], standin: Any) -> Any:
    """The canonical reading of a drawn case, or ``standin`` (a valid value) when it must be refused."""
    return standin if case[1] is REFUSED else case[1]


def refused_names(**cases: tuple[Any, Any]) -> set[str]:
    """The names whose drawn case must be refused."""
    return {name for name, (_, expected) in cases.items() if expected is REFUSED}


# --------------------------------------------------------------------------- valid records

DEALER: dict[str, Any] = {**builders.DEALER, "registered_on": date(2023, 11, 5)}
ENTERPRISE, DEAL, PROJECT, LEASE = builders.ENTERPRISE, builders.DEAL, builders.PROJECT, builders.LEASE
BATTERY: dict[str, Any] = {
    "chemistry": "锂离子蓄电池",
    "produced_on": "2023-03-01",
    "identification_code": "B-001",
    "safe_service_life_years": 6,
}
VEHICLE: dict[str, Any] = {
    "frame_number": "HS2023000001",
    "identification_code": "F-001",
    "meets_national_standard": True,
    "battery": BATTERY,
    "charger": {"on_board": False, "identification_code": "C-001"},
}
FLEET: dict[str, Any] = {"name": "赤峰快送有限公司", "delivery_vehicles": 120, "vehicles_with_gps": 100}
SHOP: dict[str, Any] = {
    "name": "赤峰电动车行",
    "incoming_inspection_records": True,
    "sells_bike_and_battery_separately": False,
}

_MONEY = money()
_SIGNED = money(negative_ok=True)
_TEXT = texts()
_CODE = st.sampled_from(
    [
        ("91150402MA0QUC015R", "91150402MA0QUC015R"),
        (full_width("91150402MA0QUC015R"), "91150402MA0QUC015R"),
        ("91150402ma0quc015r", "91150402MA0QUC015R"),
        (" 91150402MA0QUC015R\u3000", "91150402MA0QUC015R"),
        ("91150402MA0QUC015\u200bR", REFUSED),
        ("91150402MA0QUC0150", REFUSED),
        ("91150402MA0QUC015", REFUSED),
        (91150402, REFUSED),
    ]
)
_IDS = st.sampled_from(
    [
        ("HS-2023-001", "HS-2023-001"),
        (full_width("HS-2023-001"), "HS-2023-001"),
        ("\u3000HS2023001 ", "HS2023001"),
        ("HS2023\u200b001", REFUSED),
        ("HS2023\x00001", REFUSED),
        ("HS 2023", REFUSED),
        ("", REFUSED),
        (2023001, REFUSED),
    ]
)
_INDUSTRY = st.sampled_from(
    [
        ("I6510", "I6510"),
        ("L７２62", "L7262"),
        ("ｉ６５", "I65"),
        ("I65\u200d10", REFUSED),
        ("I6510\x00", REFUSED),
        ("Z99", REFUSED),
        ("I 65", REFUSED),
        (6510, REFUSED),
    ]
)

MODEL_FIELDS: list[tuple[type[BaseModel], dict[str, Any], str, st.SearchStrategy[tuple[Any, Any]]]] = [
    (used_car.Dealer, DEALER, "name", _TEXT),
    (used_car.Dealer, DEALER, "credit_code", _CODE),
    (used_car.Dealer, DEALER, "registered_on", field_dates()),
    (used_car.Dealer, DEALER, "key_monitored", field_flags()),
    (used_car.Dealer, DEALER, "registered_in_hongshan", field_flags()),
    (headquarters.Enterprise, ENTERPRISE, "registered_capital", _MONEY),
    (headquarters.Enterprise, ENTERPRISE, "industry_code", _INDUSTRY),
    (headquarters.Enterprise, ENTERPRISE, "hq_functions", field_flags()),
    (headquarters.Enterprise, ENTERPRISE, "statistics_registered_on", field_dates()),
    (headquarters.LandDeal, DEAL, "reserve_price", _MONEY),
    (headquarters.LandDeal, DEAL, "area_mu", _MONEY),
    (headquarters.LandDeal, DEAL, "self_held_floor_area", _MONEY),
    (headquarters.LandDeal, DEAL, "contract_signed_on", field_dates()),
    (headquarters.LandDeal, DEAL, "same_entity", field_flags()),
    (headquarters.LandProject, PROJECT, "direct_jobs", counts()),
    (headquarters.LandProject, PROJECT, "completed_on", field_dates()),
    (headquarters.Lease, LEASE, "start", field_dates()),
    (headquarters.Lease, LEASE, "end", field_dates()),
    (headquarters.Lease, LEASE, "floor_area_m2", _MONEY),
    (headquarters.Lease, LEASE, "agreed_rate", _MONEY),
    (headquarters.Lease, LEASE, "specialised_ratio", ratios()),
    (headquarters.Lease, LEASE, "state_owned", field_flags()),
    (ebike.Battery, BATTERY, "produced_on", field_dates()),
    (ebike.Battery, BATTERY, "safe_service_life_years", counts(limit=MAX_YEARS)),
    (ebike.Battery, BATTERY, "identification_code", _IDS),
    (ebike.Vehicle, VEHICLE, "frame_number", _IDS),
    (ebike.Vehicle, VEHICLE, "meets_national_standard", field_flags()),
    (ebike.DeliveryFleet, FLEET, "delivery_vehicles", counts()),
    (ebike.DeliveryFleet, FLEET, "speed_basis_kmh", _MONEY),
    (ebike.Shop, SHOP, "name", _TEXT),
    (ebike.Shop, SHOP, "incoming_inspection_records", field_flags()),
    (used_car.UsedCarParameters, {}, "growth_cap", _MONEY),
    (used_car.UsedCarParameters, {}, "growth_rate", ratios()),
    (used_car.UsedCarParameters, {}, "valid_until", field_dates()),
    (headquarters.HQParameters, {}, "rent_annual_cap", _MONEY),
]


@FUZZ
@given(st.data())
def test_every_model_field(data: st.DataObject) -> None:
    """Each model field given a hostile value reads as the canonical value would, or is refused naming the field."""
    model, base, field, strategy = data.draw(st.sampled_from(MODEL_FIELDS), label="field")
    value, expected = data.draw(strategy, label="value")
    info = model.model_fields[field]
    if value is None and not info.is_required() and info.default is None:
        expected = None  # an optional field: None means not known
    got = outcome(lambda: model.model_validate({**base, field: value}))
    if expected is REFUSED:
        check(f"model {model.__name__}", got, None, {field})
        return
    oracle = outcome(lambda: model.model_validate({**base, field: expected}))
    check(f"model {model.__name__}", got, oracle, set())
    if not isinstance(got, Refused):
        assert getattr(got, field) == expected


def _optional(case: tuple[Any, Any]) -> tuple[Any, Any]:
    """An optional field of an application: ``None`` is an answer (that reward not applied for, or its date not
    given), not a refusal; what it leads to (an answer, or the model's cross-field refusal) is the oracle's."""
    return (None, None) if case[0] is None else case


_SIX = ("6000000", Decimal(6_000_000))
_AUG_1 = ("2024-08-01", date(2024, 8, 1))


@FUZZ
@given(_MONEY.map(_optional), _MONEY.map(_optional), field_dates().map(_optional), field_dates().map(_optional))
@example(_SIX, (None, None), _AUG_1, (None, None))  # the growth reward not applied for: an answer
@example((None, None), _SIX, (None, None), (None, None))  # the growth reward without its date: an answer, warned
@example(_SIX, _SIX, (None, None), _AUG_1)  # the scale reward without its date: refused, naming applied_on
def test_used_car_assess(
    scale: tuple[Any, Any], growth: tuple[Any, Any], applied: tuple[Any, Any], growth_applied: tuple[Any, Any]
) -> None:
    """``used_car.assess(dict)`` with hostile figures and dates decides as with the canonical ones."""
    record = {
        "dealer": DEALER,
        "revenue_jan_to_jul": scale[0],
        "applied_on": applied[0],
        "revenue_2024": growth[0],
        "growth_applied_on": growth_applied[0],
    }
    cases = {
        "revenue_jan_to_jul": scale,
        "applied_on": applied,
        "revenue_2024": growth,
        "growth_applied_on": growth_applied,
    }
    refused = refused_names(**cases)
    standins = {"revenue_jan_to_jul": Decimal(6_000_000), "revenue_2024": Decimal(20_000_000)}
    standins |= {"applied_on": date(2024, 8, 1), "growth_applied_on": date(2025, 1, 5)}
    got = outcome(lambda: used_car.assess(record))
    oracle = outcome(lambda: used_car.assess({**record, **{k: pick(v, standins[k]) for k, v in cases.items()}}))
    check("used_car.assess", got, oracle, refused, also=oracle)


# --------------------------------------------------------------------------- rule functions' arguments

GOOD_DEALER = used_car.Dealer.model_validate(DEALER)
GOOD_ENTERPRISE = headquarters.Enterprise.model_validate(ENTERPRISE)
GOOD_DEAL = headquarters.LandDeal.model_validate(DEAL)
GOOD_PROJECT = headquarters.LandProject.model_validate(PROJECT)
GOOD_LEASE = headquarters.Lease.model_validate(LEASE)

_ARG_DATES = argument_dates(lo=date(2023, 1, 1), hi=date(2026, 12, 31))
_OPTIONAL_DATES = _ARG_DATES.map(lambda case: (None, None) if case[0] is None else case)
"""An optional date argument: ``None`` is an answer (not given), not a refusal."""


@FUZZ
@given(_MONEY, _ARG_DATES)
def test_scale_reward(revenue: tuple[Any, Any], applied: tuple[Any, Any]) -> None:
    """``scale_reward`` with a hostile revenue and application date."""
    refused = refused_names(revenue_jan_to_jul=revenue, applied_on=applied)
    got = outcome(lambda: used_car.scale_reward(GOOD_DEALER, revenue[0], applied[0]))
    oracle = None if refused else outcome(lambda: used_car.scale_reward(GOOD_DEALER, revenue[1], applied[1]))
    check("used_car.scale_reward", got, oracle, refused)


@FUZZ
@given(_MONEY, _OPTIONAL_DATES)
def test_growth_reward(revenue: tuple[Any, Any], applied: tuple[Any, Any]) -> None:
    """``growth_reward`` with a hostile revenue and an optional application date."""
    refused = refused_names(revenue_2024=revenue, applied_on=applied)
    got = outcome(lambda: used_car.growth_reward(GOOD_DEALER, revenue[0], applied_on=applied[0]))
    oracle = (
        None if refused else outcome(lambda: used_car.growth_reward(GOOD_DEALER, revenue[1], applied_on=applied[1]))
    )
    check("used_car.growth_reward", got, oracle, refused)


@FUZZ
@given(_MONEY, argument_flags(), _MONEY, argument_flags())
def test_repayments_and_clawbacks(
    received: tuple[Any, Any], fraud: tuple[Any, Any], paid: tuple[Any, Any], passed: tuple[Any, Any]
) -> None:
    """``fraud_repayment`` and ``land_clawback``: money and flags (only True/False as arguments)."""
    refused = refused_names(received=received, fraud_found=fraud)
    got = outcome(lambda: used_car.fraud_repayment(received[0], fraud_found=fraud[0]))
    oracle = None if refused else outcome(lambda: used_car.fraud_repayment(received[1], fraud_found=fraud[1]))
    check("used_car.fraud_repayment", got, oracle, refused)
    refused = refused_names(paid=paid, evaluation_passed=passed)
    got = outcome(lambda: headquarters.land_clawback(paid[0], evaluation_passed=passed[0]))
    oracle = None if refused else outcome(lambda: headquarters.land_clawback(paid[1], evaluation_passed=passed[1]))
    check("headquarters.land_clawback", got, oracle, refused)


@FUZZ
@given(_MONEY, _ARG_DATES, _OPTIONAL_DATES)
def test_relocation_repayment(received: tuple[Any, Any], paid: tuple[Any, Any], moved: tuple[Any, Any]) -> None:
    """``relocation_repayment`` with hostile money and dates."""
    refused = refused_names(received=received, paid_on=paid, relocated_on=moved)
    got = outcome(lambda: used_car.relocation_repayment(received[0], paid[0], moved[0]))
    oracle = None if refused else outcome(lambda: used_car.relocation_repayment(received[1], paid[1], moved[1]))
    check("used_car.relocation_repayment", got, oracle, refused)


@FUZZ
@given(
    argument_dates().map(lambda c: (None, None) if c[0] is None else c),
    argument_flags(),
    argument_dates().map(lambda c: (None, None) if c[0] is None else c),
)
def test_procedures(approved: tuple[Any, Any], objection: tuple[Any, Any], completed: tuple[Any, Any]) -> None:
    """The procedure deadlines with hostile dates (years 1 and 9999 included) and flags."""
    refused = refused_names(approved_on=approved, objection_raised=objection)
    got = outcome(lambda: used_car.procedure(approved_on=approved[0], objection_raised=objection[0]))
    oracle = None if refused else outcome(lambda: used_car.procedure(approved_on=approved[1], objection_raised=False))
    if not refused:
        oracle = outcome(lambda: used_car.procedure(approved_on=approved[1], objection_raised=objection[1]))
    check("used_car.procedure", got, oracle, refused)
    refused = refused_names(completed_on=completed)
    got = outcome(lambda: headquarters.procedure(completed_on=completed[0]))
    oracle = None if refused else outcome(lambda: headquarters.procedure(completed_on=completed[1]))
    check("headquarters.procedure", got, oracle, refused)


@FUZZ
@given(_MONEY, ratios())
def test_land_subsidy(amount: tuple[Any, Any], rate: tuple[Any, Any]) -> None:
    """``land_subsidy_tranches`` and ``land_subsidy`` with a hostile amount and rate."""
    refused = refused_names(amount=amount)
    got = outcome(lambda: headquarters.land_subsidy_tranches(amount[0]))
    oracle = None if refused else outcome(lambda: headquarters.land_subsidy_tranches(amount[1]))
    check("headquarters.land_subsidy_tranches", got, oracle, refused)
    refused = refused_names(rate=rate)
    got = outcome(lambda: headquarters.land_subsidy(GOOD_ENTERPRISE, GOOD_DEAL, GOOD_PROJECT, rate=rate[0]))
    oracle = (
        None
        if refused
        else outcome(lambda: headquarters.land_subsidy(GOOD_ENTERPRISE, GOOD_DEAL, GOOD_PROJECT, rate=rate[1]))
    )
    check("headquarters.land_subsidy", got, oracle, refused)


@FUZZ
@given(st.sampled_from([1, 2, 3, 4, 5, 0, 6, -1, True, "1", 1.0, None, 10**100]))
def test_rent_subsidy_year(year: Any) -> None:
    """``rent_subsidy`` with a hostile lease year: a whole number from 1 answers (after year 5: not eligible),
    anything else is a typed error naming ``year``."""
    got = outcome(lambda: headquarters.rent_subsidy(GOOD_ENTERPRISE, GOOD_LEASE, year))
    if type(year) is int and year >= 1:
        check("headquarters.rent_subsidy", got, headquarters.rent_subsidy(GOOD_ENTERPRISE, GOOD_LEASE, year), set())
    else:
        check("headquarters.rent_subsidy", got, None, {"year"})


@FUZZ
@given(st.sampled_from([DEALER, "dealer", None, 1, [DEALER], GOOD_ENTERPRISE]), st.sampled_from(["dealer", "params"]))
def test_wrong_argument_types(value: Any, where: str) -> None:
    """A dict, a string or another model where a model is expected: a typed error naming the argument."""
    if where == "dealer":
        got = outcome(lambda: used_car.dealer_conditions(value))
    else:
        got = outcome(lambda: used_car.dealer_conditions(GOOD_DEALER, params=value))
    if where == "params" and value is None:  # params=None: the parameters in force (the text's without a date)
        check("wrong argument types", got, used_car.dealer_conditions(GOOD_DEALER, params=used_car.DEFAULTS), set())
        return
    check("wrong argument types", got, None, {where})


# --------------------------------------------------------------------------- e-bike and workdays


@FUZZ
@given(field_dates(), counts(limit=MAX_YEARS), argument_dates(lo=date(2024, 1, 1), hi=date(2026, 12, 31)))
def test_inspect_vehicle(produced: tuple[Any, Any], life: tuple[Any, Any], day: tuple[Any, Any]) -> None:
    """``inspect_vehicle`` of a record with hostile battery facts, on a hostile day."""

    def record(p: Any, y: Any) -> dict[str, Any]:
        return {**VEHICLE, "battery": {**BATTERY, "produced_on": p, "safe_service_life_years": y}}

    refused = refused_names(produced_on=produced, safe_service_life_years=life, inspected_on=day)
    got = outcome(lambda: ebike.inspect_vehicle(record(produced[0], life[0]), day[0]))
    oracle = outcome(
        lambda: ebike.inspect_vehicle(
            record(pick(produced, date(2023, 3, 1)), pick(life, 6)), pick(day, date(2024, 9, 1))
        )
    )
    check("ebike.inspect_vehicle", got, oracle, refused, also=oracle)


@FUZZ
@given(
    counts(),
    counts(),
    _MONEY.map(lambda case: (None, None) if case[0] is None else case),  # optional: None is "not set"
    argument_dates(lo=date(2024, 1, 1), hi=date(2026, 12, 31)),
)
def test_inspect_fleet(
    vehicles: tuple[Any, Any], gps: tuple[Any, Any], speed: tuple[Any, Any], day: tuple[Any, Any]
) -> None:
    """``inspect_delivery_fleet`` with hostile counts and speed."""

    def record(v: Any, g: Any, s: Any) -> dict[str, Any]:
        return {**FLEET, "delivery_vehicles": v, "vehicles_with_gps": g, "speed_basis_kmh": s}

    refused = refused_names(delivery_vehicles=vehicles, vehicles_with_gps=gps, speed_basis_kmh=speed, inspected_on=day)
    got = outcome(lambda: ebike.inspect_delivery_fleet(record(vehicles[0], gps[0], speed[0]), day[0]))
    oracle = outcome(
        lambda: ebike.inspect_delivery_fleet(
            record(pick(vehicles, 10), pick(gps, 0), pick(speed, 25)), pick(day, date(2024, 9, 1))
        )
    )
    check("ebike.inspect_delivery_fleet", got, oracle, refused, also=oracle)


_DEPARTMENTS = st.sampled_from(
    [
        ("区市场监管局", "区市场监管局"),
        ("市场监管局", "市场监管局"),
        ("\u3000区市场监管局 ", "区市场监管局"),
        ("区市场\u200b监管局", REFUSED),
        ("区市场监管局\x00", REFUSED),
        ("没有这个部门", REFUSED),
        (42, REFUSED),
        (None, REFUSED),
    ]
)


@FUZZ
@given(argument_dates(), argument_dates(), _DEPARTMENTS, st.sampled_from([1, 21, 0, 22, "3", 3.0, True, None]))
def test_ebike_queries(start: tuple[Any, Any], end: tuple[Any, Any], department: tuple[Any, Any], number: Any) -> None:
    """``due_between``, ``phase_on``, ``overdue``, ``tasks_for``, ``agenda`` and ``task`` with hostile arguments."""
    refused = refused_names(start=start, end=end)
    got = outcome(lambda: ebike.due_between(start[0], end[0]))
    oracle = None if refused else outcome(lambda: ebike.due_between(start[1], end[1]))
    check("ebike.due_between", got, oracle, refused)
    got = outcome(lambda: ebike.phase_on(start[0]))
    oracle = None if start[1] is REFUSED else outcome(lambda: ebike.phase_on(start[1]))
    check("ebike.phase_on", got, oracle, refused_names(day=start))
    got = outcome(lambda: ebike.overdue(end[0]))
    oracle = None if end[1] is REFUSED else outcome(lambda: ebike.overdue(end[1]))
    check("ebike.overdue", got, oracle, refused_names(as_of=end))
    for name, call in (("tasks_for", ebike.tasks_for), ("agenda", ebike.agenda)):
        got = outcome(lambda call=call: call(department[0]))  # type: ignore[misc]
        oracle = None if department[1] is REFUSED else outcome(lambda call=call: call(department[1]))  # type: ignore[misc]
        check(f"ebike.{name}", got, oracle, {"department", "name"} if department[1] is REFUSED else set())
    got = outcome(lambda: ebike.task(number))
    ok = type(number) is int and 1 <= number <= 21
    check("ebike.task", got, ebike.task(number) if ok else None, set() if ok else {"number"})


@FUZZ
@given(argument_dates(), st.sampled_from([1, 3, 7, 250, 0, -1, 10**9, True, 3.0, "3", None]), argument_dates())
def test_workdays(start: tuple[Any, Any], n: Any, end: tuple[Any, Any]) -> None:
    """The working-day functions with hostile dates (years 1 and 9999) and counts."""
    bad_n = not (type(n) is int and 1 <= n <= 36_600)
    refused = refused_names(start=start) | ({"n"} if bad_n else set())
    got = outcome(lambda: workdays.add_working_days(start[0], n))
    oracle = None if refused else outcome(lambda: workdays.add_working_days(start[1], n))
    check("workdays.add_working_days", got, oracle, refused)
    refused = refused_names(start=start, end=end)
    got = outcome(lambda: workdays.working_days_between(start[0], end[0]))
    oracle = None if refused else outcome(lambda: workdays.working_days_between(start[1], end[1]))
    check("workdays.working_days_between", got, oracle, refused)
    got = outcome(lambda: workdays.is_working_day(start[0]))
    oracle = None if start[1] is REFUSED else outcome(lambda: workdays.is_working_day(start[1]))
    check("workdays.is_working_day", got, oracle, refused_names(day=start))


# --------------------------------------------------------------------------- hostile decimal contexts

_RENT_APPLICATION = {"policy": "hq-rent", "enterprise": ENTERPRISE, "lease": LEASE}
_GROWTH = st.integers(0, 10**11).map(lambda fen: Decimal(fen).scaleb(-2))


@FUZZ
@given(contexts(), _GROWTH, _GROWTH)
def test_hostile_decimal_context(context: decimal.Context, revenue: Decimal, amount: Decimal) -> None:
    """Under any caller context the answers and their texts equal those under the default; the context is kept."""
    calls: list[tuple[str, Callable[[], Any]]] = [
        ("used_car.growth_reward", lambda: used_car.growth_reward(GOOD_DEALER, revenue)),
        ("used_car.assess", lambda: used_car.assess({"dealer": DEALER, "revenue_2024": str(revenue)})),
        ("headquarters.land_subsidy_tranches", lambda: headquarters.land_subsidy_tranches(amount)),
        ("headquarters.rent_subsidy_schedule", lambda: headquarters.rent_subsidy_schedule(GOOD_ENTERPRISE, GOOD_LEASE)),
        ("headquarters.land_subsidy", lambda: headquarters.land_subsidy(GOOD_ENTERPRISE, GOOD_DEAL, GOOD_PROJECT)),
        ("headquarters.assess", lambda: headquarters.assess(_RENT_APPLICATION)),
        (
            "headquarters.land_subsidy_payable",
            lambda: headquarters.land_subsidy_payable(amount, {m: date(2025, 1, 1) for m in headquarters.Milestone}),
        ),
    ]
    for name, call in calls:
        expected = outcome(call)
        expected_text = str(expected)
        with decimal.localcontext(context) as caller:
            before = (caller.prec, caller.rounding, caller.Emax, caller.Emin, dict(caller.traps))
            got = outcome(call)
            text = str(got)  # lazy reason texts render here, in the caller's context
            after = (caller.prec, caller.rounding, caller.Emax, caller.Emin, dict(caller.traps))
        assert before == after, f"{name} changed the caller's context"
        assert text == expected_text, f"{name}: texts differ under {context}"
        check(f"context {name}", got, expected, set())


# --------------------------------------------------------------------------- batch frames

_BATCH_COLUMNS: dict[str, st.SearchStrategy[tuple[Any, Any]]] = {
    "revenue_2024": _MONEY,
    "revenue_jan_to_jul": _MONEY,
    "registered_on": field_dates(),
    "key_monitored": field_flags(),
    "name": _TEXT,
    "credit_code": _CODE,
}
BASE_ROW: dict[str, Any] = {**DEALER, "revenue_2024": "20000000", "revenue_jan_to_jul": None, "applied_on": None}


_FLAG_COLUMNS = {"registered_in_hongshan", "independent_legal_person", "independent_accounting", "key_monitored"}


def _as_cell(value: Any, column: str) -> Any:
    """How the scalar model reads a frame cell: a float through its repr (a whole float in a flag column as that
    number: pandas makes a 0/1 column with gaps float64); NaN, None and blank text are missing."""
    if isinstance(value, float):
        if value != value:
            return None
        return int(value) if column in _FLAG_COLUMNS and value.is_integer() else repr(float(value))
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _scalar_row(row: dict[str, Any]) -> Any:
    record = {k: _as_cell(v, k) for k, v in row.items()}
    application = {
        "dealer": {k: record[k] for k in DEALER},
        "revenue_jan_to_jul": record["revenue_jan_to_jul"],
        "applied_on": record["applied_on"],
        "revenue_2024": record["revenue_2024"],
    }
    try:
        result = used_car.assess(application)
    except (ValidationError, PolicyError):
        return None
    growth = result.growth
    return None if growth is None else (growth.eligible, growth.amount)


def _text(value: Any) -> str | None:
    """A cell as a text column holds it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and value.bit_length() > 10_000:
        return "1" + "0" * 5000  # str() of such an int is refused by Python itself
    return str(value)


def _frame_rows(frame: Any) -> list[dict[str, Any]]:
    if isinstance(frame, pd.DataFrame):
        table = pa.Table.from_pandas(frame[list(batch.USED_CAR_RESULTS)], preserve_index=False)
    else:
        table = frame if isinstance(frame, pa.Table) else frame.to_arrow()
    rows: list[dict[str, Any]] = table.select(list(batch.USED_CAR_RESULTS)).to_pylist()
    return rows


@FUZZ
@given(st.data())
def test_batch_frames_agree_with_the_scalar_path(data: st.DataObject) -> None:
    """A register with a column of hostile values: each row is a row error exactly when the scalar path refuses,
    and otherwise decides the same, whether the frame is pandas (objects), polars or pyarrow (text)."""
    column = data.draw(st.sampled_from(sorted(_BATCH_COLUMNS)), label="column")
    cases = data.draw(st.lists(_BATCH_COLUMNS[column], min_size=1, max_size=6), label="cells")
    library = data.draw(st.sampled_from(["pandas", "polars", "pyarrow"]), label="library")
    rows = [{**BASE_ROW, column: value} for value, _ in cases]
    if library == "pandas":
        frame: Any = pd.DataFrame(rows, dtype=object)
    else:
        as_text = [{k: _text(v) for k, v in r.items()} for r in rows]
        rows = as_text
        table = pa.Table.from_pylist(as_text, schema=pa.schema([(k, pa.string()) for k in as_text[0]]))
        frame = table if library == "pyarrow" else pl.from_arrow(table)
    try:
        out = batch.used_car_frame(frame)
    except PolicyError as error:  # a whole-frame refusal (e.g. a column of an unreadable type) names its column
        _must_name({error.field} if error.field else set(), error)
        OUTCOMES["batch frame " + library, "typed error"] += 1
        return
    got = _frame_rows(out)
    assert len(got) == len(rows)
    for row, result in zip(rows, got, strict=True):
        expected = _scalar_row(row)
        if expected is None:
            assert result["error"] is not None or result["growth_eligible"] is None, (row, result)
            OUTCOMES["batch frame " + library, "typed error"] += 1
        else:
            assert result["error"] is None, (row, result)
            assert (result["growth_eligible"], result["growth_amount"]) == expected, (row, result)
            OUTCOMES["batch frame " + library, "correct answer"] += 1
