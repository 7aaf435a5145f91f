"""The optional compiled kernels (numba) agree with the numpy kernels on every output (issue 12).

``batch._accelerated`` runs each rule as one fused loop when numba is installed; the numpy kernels are the
reference. Both are run here on the same populations, dense around every threshold and date of 87号 and 79号,
with every combination of optional inputs and parameter switches (refusing before the year's end, the joint
cap, another share and so another denominator), and must give
the same eligibility, amount (to the fen) and first failed clause on every row. The loops' agreement with the
scalar rules follows: ``tests/test_batch_*.py`` compare the default kernels (the loops, with numba installed) with
the scalar rules.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hongshan_policy import headquarters, used_car
from hongshan_policy.batch import _accelerated, _kernels, _synthetic
from hongshan_policy.headquarters import _rent_kernels
from hongshan_policy.used_car import _kernels as uc_kernels

P = used_car.DEFAULTS
K = uc_kernels.UsedCarIntegers.from_parameters()
VARIANTS = {
    "text": P,
    "refuse early": P.model_copy(update={"refuse_growth_before_year_end": True}),
    "joint cap": P.model_copy(update={"cap_includes_scale_reward": True}),
    "finer rate": P.model_copy(update={"growth_rate": Decimal("0.0065")}),  # another denominator: 10,000
}
FEN_EDGES = [K.scale_revenue_min, K.growth_revenue_min, K.growth_upper_from, K.revenue_clip, 0]
DAY_EDGES = [K.registered_from, K.scale_apply_by, K.valid_from, K.valid_until, K.growth_year_end]


def _numpy(function: Any, *args: Any, **kwargs: Any) -> Any:
    with mock.patch.dict(os.environ, {_accelerated.ENVIRONMENT: "numpy"}):
        return function(*args, **kwargs)


def _loops(function: Any, *args: Any, **kwargs: Any) -> Any:
    """The compiled loops, whatever the number of rows (by default they start at ``LOOPS_FROM`` rows)."""
    with mock.patch.dict(os.environ, {_accelerated.ENVIRONMENT: "numba"}):
        return function(*args, **kwargs)


def _same(first: Any, second: Any) -> None:
    for mine, theirs in zip(first, second, strict=True):
        assert mine.dtype == theirs.dtype
        assert np.array_equal(mine, theirs)


def test_the_loops_are_in_use_here() -> None:
    """The test environment installs numba (the ``fast`` extra through ``test``): the loops are compiled, from
    ``LOOPS_FROM`` rows on unless switched on or off."""
    with mock.patch.dict(os.environ, {_accelerated.ENVIRONMENT: ""}):
        assert _accelerated.loops(_accelerated.LOOPS_FROM) is not None
        assert _accelerated.loops(_accelerated.LOOPS_FROM - 1) is None
    with mock.patch.dict(os.environ, {_accelerated.ENVIRONMENT: "numba"}):
        assert _accelerated.loops(1) is not None
    with mock.patch.dict(os.environ, {_accelerated.ENVIRONMENT: "numpy"}):
        assert _accelerated.loops(10**7) is None


fen = st.one_of(
    st.sampled_from(FEN_EDGES).flatmap(lambda e: st.integers(max(e - 2, 0), e + 2)),
    st.sampled_from(FEN_EDGES).flatmap(lambda e: st.integers(max(e - 2, 0), e + 2)),
    st.integers(0, 10**11),
)
day = st.one_of(
    st.sampled_from(DAY_EDGES).flatmap(lambda e: st.integers(e - 2, e + 2)),
    st.integers(K.valid_from, K.valid_until),
    st.integers(19_000, 21_000),
)
mostly_true = st.sampled_from([True, True, True, False])


@st.composite
def populations(draw: st.DrawFn) -> dict[str, Any]:
    rows = draw(st.integers(0, 40))

    def column(values: st.SearchStrategy[Any], dtype: Any) -> np.ndarray:
        return np.array(draw(st.lists(values, min_size=rows, max_size=rows)), dtype=dtype)

    def maybe(values: st.SearchStrategy[Any], dtype: Any) -> np.ndarray | None:
        return column(values, dtype) if draw(st.booleans()) else None

    return {
        "dealer": column(mostly_true, np.bool_),
        "revenue": column(fen, np.int64),
        "applied": column(day, draw(st.sampled_from([np.int32, np.int64]))),
        "pledge": maybe(mostly_true, np.bool_),
        "signed": maybe(mostly_true, np.bool_),
        "once": maybe(mostly_true, np.bool_),
        "dated": maybe(mostly_true, np.bool_),
        "counted": maybe(st.sampled_from([0, 5_000_000, 30_000_000, 35_000_000, 40_000_000]), np.int64),
        "undated_call": draw(st.booleans()),
        "variant": draw(st.sampled_from(sorted(VARIANTS))),
        "out": draw(st.booleans()),
    }


@pytest.mark.slow  # compiles the loops for both day dtypes and every parameter variant
@settings(max_examples=120, deadline=None)
@given(populations())
def test_scale_and_growth_loops_equal_the_numpy_kernels(p: dict[str, Any]) -> None:
    k = uc_kernels.UsedCarIntegers.from_parameters(VARIANTS[p["variant"]])
    rows = len(p["dealer"])

    def results() -> _kernels.KernelResult | None:
        if not p["out"]:
            return None
        return _kernels.KernelResult(np.empty(rows, np.bool_), np.empty(rows, np.int64), np.empty(rows, np.int8))

    scale = {"pledge": p["pledge"], "signed": p["signed"], "once": p["once"]}
    compiled = _loops(uc_kernels.scale_kernel, k, p["dealer"], p["revenue"], p["applied"], **scale, out=results())
    _same(compiled, _numpy(uc_kernels.scale_kernel, k, p["dealer"], p["revenue"], p["applied"], **scale, out=results()))
    dates = () if p["undated_call"] else (p["applied"], p["dated"])
    growth = {"pledge": p["pledge"], "signed": p["signed"], "counted": p["counted"]}
    compiled = _loops(uc_kernels.growth_kernel, k, p["dealer"], p["revenue"], *dates, **growth, out=results())
    _same(compiled, _numpy(uc_kernels.growth_kernel, k, p["dealer"], p["revenue"], *dates, **growth, out=results()))


HQ = headquarters.DEFAULTS
FIRST, LAST = _kernels.day_number(date(1900, 1, 1)), _kernels.day_number(date(2199, 12, 31))
LEAP_DAYS = [_kernels.day_number(date(year, 2, 29)) for year in (1904, 2000, 2024, 2196)]


@st.composite
def leases(draw: st.DrawFn) -> dict[str, Any]:
    rows = draw(st.integers(0, 40))
    starts = st.one_of(
        st.sampled_from([FIRST, LAST, *LEAP_DAYS]).flatmap(lambda e: st.integers(max(e - 1, FIRST), min(e + 1, LAST))),
        st.integers(FIRST, LAST),
    )
    lists = lambda values: st.lists(values, min_size=rows, max_size=rows)  # noqa: E731
    year: Any = draw(st.one_of(st.integers(1, 7), lists(st.integers(1, 7)).map(lambda v: np.array(v, np.int8))))
    return {
        "area": np.array(draw(lists(st.integers(0, _rent_kernels.MAX_AREA_CENTI))), np.int64),
        "rate": np.array(draw(lists(st.integers(0, _rent_kernels.MAX_RATE_FEN))), np.int64),
        "start": np.array(draw(lists(starts)), draw(st.sampled_from([np.int32, np.int64]))),
        "year": year,
        "half": draw(st.booleans()),
    }


@pytest.mark.slow  # compiles the rent loop for both start dtypes and both year forms
@settings(max_examples=120, deadline=None)
@given(leases())
def test_the_rent_loop_equals_the_numpy_kernel(p: dict[str, Any]) -> None:
    params = HQ.model_copy(update={"rent_half_share": HQ.rent_half_share / 2}) if p["half"] else HQ
    r = _rent_kernels.RentIntegers.from_parameters(params)
    compiled = _loops(_rent_kernels.rent_year_amounts, r, p["area"], p["rate"], p["start"], p["year"])
    expected = _numpy(_rent_kernels.rent_year_amounts, r, p["area"], p["rate"], p["start"], p["year"])
    assert compiled.dtype == expected.dtype
    assert np.array_equal(compiled, expected)


def test_chunked_on_two_threads_the_loops_equal_the_numpy_kernels() -> None:
    """Slices of a larger population through ``run_chunked`` (the loops release the GIL)."""
    columns = _synthetic.synthetic_columns(50_000, seed=5)
    rows = len(columns["revenue_2024"])

    def run() -> _kernels.KernelResult:
        out = _kernels.KernelResult(np.empty(rows, np.bool_), np.empty(rows, np.int64), np.empty(rows, np.int8))

        def work(part: slice) -> None:
            dealer = uc_kernels.dealer_kernel(
                K, columns["registered_on"][part], columns["registered_in_hongshan"][part],
                columns["independent_legal_person"][part], columns["independent_accounting"][part],
                columns["key_monitored"][part],
            )  # fmt: skip
            piece = _kernels.KernelResult(out.eligible[part], out.amount[part], out.failed[part])
            uc_kernels.growth_kernel(
                K, dealer, columns["revenue_2024"][part], columns["growth_applied_on"][part],
                columns["growth_dated"][part], out=piece,
            )  # fmt: skip

        _kernels.run_chunked(work, rows, chunk_rows=4096, workers=2)
        return out

    _same(_loops(run), _numpy(run))
