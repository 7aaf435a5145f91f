"""79号 in :mod:`hongshan_policy.scenarios`: how compared registers of headquarters enterprises are read.

The registry's ``hq.rent_subsidy_schedule`` and ``hq.land_subsidy`` decisions reach
this through their ``scenario`` hooks (:func:`rent_adapter`, :func:`land_adapter`).
Budget years (``docs/scenarios.md``): each lease year of 第三条(二)'s rent subsidy
in the year in which that lease year ends (「先租后补」: the rent is paid first, the
subsidy after); each tranche of 第三条(一)'s land subsidy in the year of its
milestone date where the register gives one (:data:`MILESTONE_COLUMNS`), else undated.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .._scenario_parts import Outcome, Part, Register, ScenarioAdapter, column, decimal, flags, years
from ._models import District
from ._parameters import DEFAULTS, HQParameters

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from numpy.typing import NDArray

    from ..parameters import Parameters

__all__ = ["MILESTONE_COLUMNS", "land_adapter", "rent_adapter"]

MILESTONE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("foundation_on", "基础正负零日期", "hq:3.1.1"),
    ("main_structure_on", "主体建成日期", "hq:3.1.2"),
    ("completion_on", "竣工验收备案并投入使用日期", "hq:3.1.3"),
    ("evaluation_on", "绩效评价和履约验收合格日期", "hq:3.1.4"),
)
"""Optional columns of an ``hq-land`` register dating the milestones that release tranches 1–4 (name, header, clause).

The frame functions of :mod:`hongshan_policy.batch` ignore them;
:func:`hongshan_policy.scenarios.compare` reads them to place each tranche in a budget year.
"""


def _rent_parts(params: Parameters) -> tuple[Part, ...]:
    """One part per lease year of the schedule, the columns ``batch.hq_rent_frame`` declares for ``params``."""
    from ._columnar import hq_rent_results

    assert isinstance(params, HQParameters)
    lease_years = [name for name in hq_rent_results(params) if name.startswith("rent_year_")]
    return tuple(Part("rent", name, number) for number, name in enumerate(lease_years, start=1))


def _read_rent(table: pa.Table, params: Parameters) -> Outcome:
    return Outcome(
        decimal(column(table, "rent_total")),
        flags(column(table, "rent_eligible")),
        column(table, "rent_first_failed_clause"),
        _rent_parts(params),
    )


def _rent_years(register: Register, part: Part, needed: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The year of the last day of lease year ``part.number`` (the lease's end if earlier)."""
    import numpy as np

    from ._rent_kernels import lease_year_bounds

    start, _ = register.days(register.field("start"), needed)
    end, has_end = register.days(register.field("end"), needed)
    ends = np.where(has_end, end, np.iinfo(np.int64).max // 2)
    last = lease_year_bounds(start, part.number, ends).last
    return np.where(needed, years(last), -1)


def _land_parts(params: Parameters) -> tuple[Part, ...]:
    """One part per tranche (第三条(一)1–4), the columns ``batch.hq_land_frame`` declares."""
    from ._columnar import hq_land_results

    assert isinstance(params, HQParameters)
    tranches = [name for name in hq_land_results(params) if name.startswith("land_tranche_")]
    return tuple(Part("land", name, number) for number, name in enumerate(tranches, start=1))


def _read_land(table: pa.Table, params: Parameters) -> Outcome:
    return Outcome(
        decimal(column(table, "land_amount")),
        flags(column(table, "land_eligible")),
        column(table, "land_first_failed_clause"),
        _land_parts(params),
    )


def _land_years(register: Register, part: Part, needed: NDArray[np.bool_]) -> NDArray[np.int64]:
    """The year of the tranche's milestone date (:data:`MILESTONE_COLUMNS`), else undated (-1)."""
    import numpy as np

    name, header, _ = MILESTONE_COLUMNS[part.number - 1]
    days, present = register.days(register.find((name, header, header.removesuffix("日期"))), needed)
    return np.where(present, years(days), -1)


_INDUSTRIES = ("I6510", "I6420", "J6621", "L7262", "L7212", "D4411", "M7320", "F5191")
_INDUSTRY_WEIGHTS = (0.32, 0.15, 0.15, 0.15, 0.1, 0.08, 0.03, 0.02)
_FORMS = ("数字经济", "金融服务", "人力资源", "现代文旅", "能源管理", "其他")
_FORM_WEIGHTS = (0.42, 0.2, 0.17, 0.15, 0.03, 0.03)


def _rent_register(n: int, *, seed: int) -> Any:
    """A made-up register of ``n`` headquarters enterprises asking for the rent subsidy (field names as headers).

    Most meet 第二条 and 第三条(二); floor areas are log-normal around 15,000 m²
    (whole hundredths), agreed rates inside their district's reference range in
    steps of 0.1 yuan, leases signed over the policy's two years, a third with an
    end date. The floats only draw random figures; every value written is exact.
    """
    import numpy as np
    import pandas as pd

    from ..credit_code import check_character

    rng = np.random.default_rng(seed)

    def day(first: date, span: int) -> list[date]:
        return [first + timedelta(days=int(d)) for d in rng.integers(0, span + 1, n)]

    registered = day(date(2024, 6, 12), 540)
    signed = [r + timedelta(days=int(d)) for r, d in zip(registered, rng.integers(0, 120, n), strict=True)]
    start = [s + timedelta(days=int(d)) for s, d in zip(signed, rng.integers(0, 60, n), strict=True)]
    lengths = rng.choice([3, 4, 5, 6], n)
    has_end = rng.random(n) < 0.35
    end = [
        date(s.year + int(years), s.month, min(s.day, 28)) - timedelta(days=1) if dated else None
        for s, years, dated in zip(start, lengths, has_end, strict=True)
    ]
    statistics = [
        r + timedelta(days=int(d)) if rng.random() < 0.95 else None
        for r, d in zip(registered, rng.integers(20, 400, n), strict=True)
    ]
    districts = rng.choice(list(District), n)
    rates = []
    for district in districts:
        low, high = DEFAULTS.rate_range(District(district))
        steps = int((high - low) / Decimal("0.1"))
        rates.append(low + Decimal("0.1") * int(rng.integers(0, steps + 1)))
    area = np.maximum(np.rint(rng.lognormal(np.log(16_000), 0.3, n) * 100), 500_000).astype(np.int64)
    capital = (np.rint(rng.lognormal(np.log(25_000_000), 0.5, n) / 10_000) * 10_000).astype(np.int64)
    codes = []
    for i in range(n):
        body = "91150402MA0R" + "".join("0123456789ABCDEFGHJKLMNPQRTUWXY"[(i // 31**k) % 31] for k in range(4, -1, -1))
        codes.append(body + check_character(body))
    flags = {name: rng.random(n) < p for name, p in (("in", 0.98), ("legal", 0.99), ("acct", 0.99))}
    return pd.DataFrame(
        {
            "name": [f"赤峰红山第{i + 1}号总部企业有限公司" for i in range(n)],
            "credit_code": codes,
            "registered_on": registered,
            "registered_in_hongshan": flags["in"],
            "independent_legal_person": flags["legal"],
            "independent_accounting": flags["acct"],
            "serious_dishonesty_record": rng.random(n) < 0.02,
            "hq_functions": rng.random(n) < 0.97,
            "registered_capital": [Decimal(int(c)) for c in capital],
            "industry_code": rng.choice(_INDUSTRIES, n, p=_INDUSTRY_WEIGHTS),
            "business_form": rng.choice(_FORMS, n, p=_FORM_WEIGHTS),
            "conforms_to_industrial_policy": rng.random(n) < 0.98,
            "statistics_registered_on": statistics,
            "signed_on": signed,
            "start": start,
            "end": end,
            "floor_area_m2": [Decimal(int(a)).scaleb(-2) for a in area],
            "district": [str(d) for d in districts],
            "agreed_rate": rates,
            "specialised_ratio": [Decimal(int(r)).scaleb(-2) for r in rng.integers(68, 100, n)],
        }
    )


_RENT = ScenarioAdapter(
    policy="hq-rent",
    title="79号 房屋租赁补贴",
    rewards={"rent": "房屋租赁补贴"},
    read=_read_rent,
    budget_years=_rent_years,
    example=("register-hq-rent.csv", 150, 79),
    make_example=lambda rows, seed: _rent_register(rows, seed=seed),
)
_LAND = ScenarioAdapter(
    policy="hq-land",
    title="79号 土地出让奖补",
    rewards={"land": "土地出让奖补"},
    read=_read_land,
    budget_years=_land_years,
    own_columns=tuple((name, header) for name, header, _ in MILESTONE_COLUMNS),
)


def rent_adapter() -> ScenarioAdapter:
    """The scenario adapter of the ``hq-rent`` register (the registry's hook on ``hq.rent_subsidy_schedule``)."""
    return _RENT


def land_adapter() -> ScenarioAdapter:
    """The scenario adapter of the ``hq-land`` register (the registry's hook on ``hq.land_subsidy``)."""
    return _LAND
