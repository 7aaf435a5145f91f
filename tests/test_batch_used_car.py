"""Columnar evaluation of 87号 against the scalar rules, which are the specification.

Populations are dense around every threshold of the text (±0.01 yuan around
500万, 1000万, 3000万 and the revenue at which the 35万 cap starts to bind; ±1
day around 2023-10-31, 2024-06-23, 2024-08-31 and 2025-03-31; the fen at which
half-up rounding turns) and every row of the frame result must equal the
scalar decision: validation (error or not, naming the same fields), eligibility,
amount, first failed clause, warnings.
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import narwhals
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from hongshan_policy import batch, used_car
from hongshan_policy.batch import _columns, _kernels, _synthetic
from hongshan_policy.credit_code import check_character
from hongshan_policy.errors import InvalidInputError
from hongshan_policy.inputs import check_text
from hongshan_policy.used_car import _columnar
from hongshan_policy.used_car import _kernels as uc_kernels

D = Decimal
P = used_car.DEFAULTS
FIELDS = [f.name for f in batch.USED_CAR_FIELDS]
DEALER_FIELDS = FIELDS[:12]
CONDITION_FLAGS = FIELDS[3:7]
"""第二条's four yes/no conditions."""
STATED_FACTS = FIELDS[7:12]
"""附件2's four facts and the scale reward received: optional (None: not stated)."""
GOOD_CODE = "91150402MA0QUC015R"
OTHER_CODE = "91150402MA0QUC025T"

CODES = [f"91150402MA{i:07d}" + check_character(f"91150402MA{i:07d}") for i in range(5_000)]
"""Valid credit codes: a population repeats some (「一次性」), most once."""

# ---------------------------------------------------------------------------
# Populations dense around the thresholds of 87号
# ---------------------------------------------------------------------------

MONEY_EDGES = [
    P.scale_revenue_min,  # 500万 以上
    P.growth_revenue_min,  # 1000万(不含)
    P.growth_upper_from,  # 3000万 以上
    P.growth_cap / P.growth_upper_rate,  # 5000万: the cap binds from here at 0.7%
    (P.growth_cap / P.growth_rate).quantize(D("0.01")),  # 58,333,333.33 (cap at 0.6%, if the tier allowed it)
]
DATE_EDGES = [P.registered_from, P.valid_from, P.scale_apply_by, P.valid_until]


def _fen_near(points: list[Decimal]) -> st.SearchStrategy[int]:
    return st.sampled_from([int(p * 100) for p in points]).flatmap(lambda fen: st.integers(fen - 3, fen + 3))


half_up_06 = st.integers(0, 39_000).map(lambda m: 1_000_000_000 + 250 + 500 * m)
"""Revenue (fen) in the 0.6% tier where revenue × 0.6% ends in exactly half a fen."""
half_up_07 = st.integers(0, 19_000).map(lambda m: 3_000_000_000 + 500 + 1000 * m)
"""Revenue (fen) in the 0.7% tier where revenue × 0.7% ends in exactly half a fen."""
revenue_fen = st.one_of(_fen_near(MONEY_EDGES), half_up_06, half_up_07, st.integers(0, 8_000_000_000))
revenues = revenue_fen.map(lambda fen: D(fen) / 100)


def _days_near(points: list[date]) -> st.SearchStrategy[date]:
    return st.sampled_from(points).flatmap(lambda d: st.integers(-1, 1).map(lambda k: d + timedelta(days=k)))


dates = st.one_of(_days_near(DATE_EDGES), st.dates(date(2023, 6, 1), date(2025, 6, 30)))
registration_dates = st.one_of(_days_near([P.registered_from]), st.dates(date(2023, 1, 1), date(2024, 12, 31)))
flags = st.booleans()


@st.composite
def applications(draw: st.DrawFn) -> dict[str, Any]:
    """One application as canonical Python values (Decimal yuan, dates, bools), some fields missing."""
    row: dict[str, Any] = {
        "name": draw(st.sampled_from(["赤峰甲二手车有限公司", "乙", "  丙商贸  "])),
        "credit_code": draw(st.sampled_from([GOOD_CODE, OTHER_CODE, GOOD_CODE.lower(), f" {OTHER_CODE} "])),
        "registered_on": draw(registration_dates),
        **{name: draw(st.booleans() | st.just(True)) for name in CONDITION_FLAGS},
        **{name: draw(st.none() | st.booleans()) for name in STATED_FACTS},
        "revenue_jan_to_jul": draw(st.none() | revenues),
        "applied_on": draw(st.none() | dates),
        "revenue_2024": draw(st.none() | revenues),
        "growth_applied_on": draw(st.none() | dates),
    }
    return row


TYPED_CORRUPTIONS: dict[str, list[Any]] = {
    "name": ["", "   "],
    "credit_code": ["91150402MA0QUC015X", "123", "91150402MA0QUCO15R"],
    "revenue_jan_to_jul": [D("5000000.001"), D("-0.01")],
    "revenue_2024": [D("10000000.005"), D("-5")],
}
"""Bad values a typed column can hold."""
LOOSE_CORRUPTIONS: dict[str, list[Any]] = {
    **TYPED_CORRUPTIONS,
    "name": ["", 123],
    "registered_on": ["2024-02-30", "2024/01/05", None],
    "registered_in_hongshan": ["maybe", 2, None],
    "key_monitored": [None, "是的"],
    "revenue_2024": ["abc", "1.234", D("-5"), True],
    "applied_on": ["2024-13-01", "20240101", "明天"],
    "credit_code": [None, 91150402],
}
"""Bad values of any type (object and text columns)."""


def corrupted(table: dict[str, list[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        row = draw(applications())
        if draw(st.integers(0, 3)) == 0:
            name = draw(st.sampled_from(sorted(table)))
            row[name] = draw(st.sampled_from(table[name]))
        return row

    return build()


# ---------------------------------------------------------------------------
# Encodings: the same population as different frames
# ---------------------------------------------------------------------------


def as_text(value: Any) -> Any:
    """How a CSV cell would carry the value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal) and value >= 1000 and value == value.quantize(D("0.01")):
        return f"{value:,}"  # thousands separators
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def encode_text(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: as_text(v) for k, v in row.items()} for row in rows]


def encode_float(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Money as float64, as a spreadsheet would hold it."""
    return [{k: float(v) if isinstance(v, Decimal) else v for k, v in row.items()} for row in rows]


ARROW_TYPES = {
    "name": pa.string(),
    "credit_code": pa.string(),
    "registered_on": pa.date32(),
    **{name: pa.bool_() for name in DEALER_FIELDS[3:]},  # the stated facts may be null
    "revenue_jan_to_jul": pa.float64(),
    "applied_on": pa.date32(),
    "revenue_2024": pa.float64(),
    "growth_applied_on": pa.date32(),
}


def typed_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.table({name: pa.array([row[name] for row in rows], ARROW_TYPES[name]) for name in FIELDS})


def frames(rows: list[dict[str, Any]], typed: bool) -> list[tuple[Any, list[dict[str, Any]]]]:
    """(frame, records the scalar model gets) for each encoding."""
    text = encode_text(rows)
    result: list[tuple[Any, list[dict[str, Any]]]] = [
        (pd.DataFrame(rows, columns=FIELDS, dtype=object), rows),
        (pd.DataFrame(text, columns=FIELDS, dtype=str), text),
        (pl.DataFrame(text, schema=dict.fromkeys(FIELDS, pl.String)), text),
    ]
    if typed:
        floats = encode_float(rows)
        table = typed_table(floats)
        result += [
            (table.to_pandas(types_mapper=pd.ArrowDtype), floats),
            (pl.from_arrow(table), floats),
            (table, floats),
        ]
    return result


# ---------------------------------------------------------------------------
# The scalar reference
# ---------------------------------------------------------------------------


def _frame_value(value: Any) -> Any:
    """A float cell as the model reads a frame's float64 column: through its shortest repr (NaN is missing)."""
    if isinstance(value, float):
        return None if value != value else repr(value)
    return value


def model_record(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "dealer": {name: _frame_value(row[name]) for name in DEALER_FIELDS},
        **{name: _frame_value(row[name]) for name in FIELDS[12:]},
    }


LABEL = re.compile(r"(?:^|; )([^\s:;]+)(?: \((\w+)\))?: ")


def error_fields(message: str) -> set[str]:
    """The fields an ``error`` cell names (``field: …`` or ``header (field): …``)."""
    return {m.group(2) or m.group(1) for m in LABEL.finditer(message)} & set(FIELDS)


def results(frame: Any) -> list[dict[str, Any]]:
    if isinstance(frame, pd.DataFrame):
        table = pa.Table.from_pandas(frame[list(batch.USED_CAR_RESULTS)], preserve_index=False)
    else:
        table = frame if isinstance(frame, pa.Table) else frame.to_arrow()
    return table.select(list(batch.USED_CAR_RESULTS)).to_pylist()


def expected_notes(assessment: used_car.Assessment) -> str:
    notes = tuple(w for d in (assessment.scale, assessment.growth) if d is not None for w in d.warnings)
    return _columnar.render_notes(notes)


def scalar_run(records: list[dict[str, Any]], params: Any = P) -> dict[int, used_car.Assessment]:
    """The rows the model accepts, assessed together by ``assess_many`` (「一次性」 spans the run), by row."""
    valid: dict[int, used_car.Application] = {}
    for index, record in enumerate(records):
        try:
            valid[index] = used_car.Application.model_validate(model_record(record))
        except ValidationError:
            continue
    assessed = used_car.assess_many(valid.values(), params=params, progress=False)
    return dict(zip(valid, assessed, strict=True))


def check_against_scalar(got: list[dict[str, Any]], records: list[dict[str, Any]], params: Any = P) -> None:
    assert len(got) == len(records)
    run = scalar_run(records, params)
    for index, (row, record) in enumerate(zip(got, records, strict=True)):
        where = f"row {index}: {record}\n got {row}"
        try:
            used_car.Application.model_validate(model_record(record))
        except ValidationError as error:
            assert row["error"] is not None, where
            named = set()
            for item in error.errors():
                named |= (
                    {str(item["loc"][-1])} if item["loc"] else error_fields(item["msg"].removeprefix("Value error, "))
                )
            assert error_fields(row["error"]) == named, where
            assert {k: v for k, v in row.items() if k != "error"} == dict.fromkeys(row.keys() - {"error"}), where
            continue
        assert row["error"] is None, where
        assessment = run[index]
        for prefix, decision in (("scale", assessment.scale), ("growth", assessment.growth)):
            if decision is None:
                assert row[f"{prefix}_eligible"] is None, where
                assert row[f"{prefix}_amount"] is None, where
                assert row[f"{prefix}_first_failed_clause"] is None, where
            else:
                assert row[f"{prefix}_eligible"] == decision.eligible, where
                assert row[f"{prefix}_amount"] == decision.amount, where
                assert row[f"{prefix}_first_failed_clause"] == decision.first_failed_clause, where
        assert row["total"] == assessment.total, where
        assert row["warnings"] == expected_notes(assessment), where


def check_rows(rows: list[dict[str, Any]], typed: bool, params: Any = P) -> None:
    for frame, records in frames(rows, typed):
        out = batch.used_car_frame(frame, params=params)
        assert type(out) is type(frame)
        check_against_scalar(results(out), records, params)


# ---------------------------------------------------------------------------
# Differential tests
# ---------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=int(os.environ.get("BATCH_EXAMPLES", "40")),  # e.g. BATCH_EXAMPLES=400 for a long run
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.clause("used-car:2", "used-car:3.1", "used-car:3.2", "used-car:8")
class TestColumnarEqualsScalar:
    """Every row of a frame decides exactly as the scalar rules decide it."""

    @SETTINGS
    @given(st.lists(corrupted(TYPED_CORRUPTIONS), min_size=1, max_size=25))
    def test_typed_text_and_object_frames(self, rows: list[dict[str, Any]]) -> None:
        """pandas (object, text, Arrow), polars (text, typed) and pyarrow frames all match the scalar decisions."""
        check_rows(rows, typed=True)

    @SETTINGS
    @given(st.lists(corrupted(LOOSE_CORRUPTIONS), min_size=1, max_size=25))
    def test_loose_values_are_validated_as_the_model_does(self, rows: list[dict[str, Any]]) -> None:
        """Values of the wrong type or form are row errors exactly where the model refuses them, naming the field."""
        check_rows(rows, typed=False)

    @SETTINGS
    @given(
        st.lists(applications(), min_size=1, max_size=25),
        st.sampled_from(
            [
                P.replace(cap_includes_scale_reward=True),
                P.replace(refuse_growth_before_year_end=True),
                P.replace(cap_includes_scale_reward=True, refuse_growth_before_year_end=True),
            ]
        ),
    )
    def test_the_other_readings(self, rows: list[dict[str, Any]], params: used_car.UsedCarParameters) -> None:
        """The joint 35万 cap and the refusal before the year ends decide in frames as in ``assess_many``."""
        check_rows(rows, typed=True, params=params)

    @pytest.mark.clause("used-car:3.1")
    def test_a_repeated_credit_code_names_the_first_row(self) -> None:
        """Rows 0 and 2 share a code (2 written in lower case): row 2's scale reward is refused and points at row 0."""
        row = {
            "name": "甲",
            "registered_on": date(2024, 1, 5),
            **dict.fromkeys(CONDITION_FLAGS, True),
            "revenue_jan_to_jul": D(6_000_000),
            "applied_on": date(2024, 8, 1),
        }
        frame = pd.DataFrame(
            [
                {**row, "credit_code": GOOD_CODE},
                {**row, "credit_code": OTHER_CODE},
                {**row, "credit_code": GOOD_CODE.lower()},
            ]
        )
        out = batch.used_car_frame(frame, keep_input=False)
        assert out["scale_eligible"].tolist() == [True, True, False]
        assert out["scale_first_failed_clause"].tolist()[2] == "used-car:3.1"
        assert out["scale_first_applied_row"].isna().tolist() == [True, True, False]
        assert out["scale_first_applied_row"].tolist()[2] == 0
        assert out["total"].tolist() == [D(50_000), D(50_000), D(0)]

    @pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow"])
    def test_a_full_width_code_repeats_its_half_width_form(self, backend: str) -> None:
        """As ``used_car.assess_many`` (which compares validated, NFKC-normalised codes): a code in full-width
        characters, or with blanks around it, is the same code; the later rows are refused and point at row 0."""
        row = {
            "name": "甲",
            "registered_on": date(2024, 1, 5),
            **dict.fromkeys(CONDITION_FLAGS, True),
            "revenue_jan_to_jul": "6000000",
            "applied_on": date(2024, 8, 1),
        }
        full_width = unicodedata.normalize("NFKC", GOOD_CODE).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
        codes = [GOOD_CODE, full_width, f" {GOOD_CODE.lower()} ", OTHER_CODE]
        rows = [{**row, "credit_code": code} for code in codes]
        frame = {
            "pandas": pd.DataFrame(rows),
            "polars": pl.DataFrame(rows),
            "pyarrow": pa.Table.from_pylist(rows),
        }[backend]
        out = narwhals.from_native(batch.used_car_frame(frame, keep_input=False), eager_only=True)
        first = [None if pd.isna(v) else int(v) for v in out.get_column("scale_first_applied_row").to_list()]
        assert first == [None, 0, 0, None]
        assert out.get_column("scale_eligible").to_list() == [True, False, False, True]

    def test_a_dense_population_of_20000_rows(self) -> None:
        """20,000 seeded rows around every threshold, through the Arrow fast paths, equal the scalar rules."""
        rows = population(20_000, seed=87)
        floats = encode_float(rows)
        out = batch.used_car_frame(pl.from_arrow(typed_table(floats)))
        check_against_scalar(out.select(batch.USED_CAR_RESULTS).to_dicts(), floats)


def population(n: int, *, seed: int) -> list[dict[str, Any]]:
    """A seeded population: revenues and dates within a few units of the edges, or anywhere."""
    rng = np.random.default_rng(seed)
    edges = np.array([int(p * 100) for p in MONEY_EDGES])

    def money() -> list[Decimal | None]:
        near = edges[rng.integers(0, len(edges), n)] + rng.integers(-2, 3, n)
        wide = rng.integers(0, 8_000_000_000, n)
        fen = np.where(rng.random(n) < 0.6, near, wide)
        return [None if r < 0.1 else D(int(f)) / 100 for f, r in zip(fen, rng.random(n), strict=True)]

    def days(points: list[date]) -> list[date | None]:
        base = np.array([p.toordinal() for p in points])
        near = base[rng.integers(0, len(base), n)] + rng.integers(-1, 2, n)
        wide = rng.integers(date(2023, 6, 1).toordinal(), date(2025, 6, 30).toordinal(), n)
        chosen = np.where(rng.random(n) < 0.6, near, wide)
        return [None if r < 0.1 else date.fromordinal(int(o)) for o, r in zip(chosen, rng.random(n), strict=True)]

    registered = days([P.registered_from])
    columns: dict[str, list[Any]] = {
        "name": [f"经销企业{i}" for i in range(n)],
        "credit_code": [CODES[i] for i in rng.integers(0, len(CODES), n)],
        "registered_on": [d or P.registered_from for d in registered],
        **{name: (rng.random(n) < 0.95).tolist() for name in CONDITION_FLAGS},
        **{name: [None if r < 0.5 else r < 0.52 for r in rng.random(n)] for name in STATED_FACTS},
        "revenue_jan_to_jul": money(),
        "applied_on": days(DATE_EDGES),
        "revenue_2024": money(),
        "growth_applied_on": days(DATE_EDGES),
    }
    return [{name: columns[name][i] for name in FIELDS} for i in range(n)]


# ---------------------------------------------------------------------------
# The integer kernels and their parameters
# ---------------------------------------------------------------------------

scenarios = st.builds(
    lambda cap, upper, low_rate, high_rate, both: P.replace(
        growth_cap=cap,
        growth_upper_from=upper,
        growth_rate=low_rate,
        growth_upper_rate=high_rate,
        cap_includes_scale_reward=both,
    ),
    st.sampled_from([D(350_000), D(300_000), D("40000.01"), D("0.01")]),
    st.sampled_from([D(30_000_000), D(25_000_000), D(10_000_000)]),
    st.sampled_from([D("0.006"), D("0.0065"), D("0.00625"), D(0)]),
    st.sampled_from([D("0.007"), D("0.0075"), D("0.012345"), D(1)]),
    st.booleans(),
)


@pytest.mark.clause("used-car:3.1", "used-car:3.2")
class TestKernels:
    """The numpy kernels with any parameters the model allows, against the scalar rules with the same parameters."""

    @settings(max_examples=30, deadline=None)
    @given(scenarios, st.lists(st.tuples(revenue_fen, dates, flags), min_size=1, max_size=40))
    def test_scenario_parameters(self, params: used_car.UsedCarParameters, rows: list[tuple[int, date, bool]]) -> None:
        """Other caps, tiers and rates (incl. 0.0065 and 0.012345) are converted exactly and decide as the scalars."""
        k = uc_kernels.UsedCarIntegers.from_parameters(params)
        fen = np.array([r[0] for r in rows], dtype=np.int64)
        days = np.array([_kernels.day_number(r[1]) for r in rows], dtype=np.int32)
        dealer_ok = np.array([r[2] for r in rows])
        scale = uc_kernels.scale_kernel(k, dealer_ok, fen, days)
        growth = uc_kernels.growth_kernel(k, dealer_ok, fen, days)
        for i, (f, day, ok) in enumerate(rows):
            dealer = used_car.Dealer(
                name="甲",
                credit_code=GOOD_CODE,
                registered_on=params.registered_from if ok else date(2020, 1, 1),
                registered_in_hongshan=True,
                independent_legal_person=True,
                independent_accounting=True,
                key_monitored=True,
            )
            revenue = D(f) / 100
            if day < dealer.registered_on:  # an application before registration is an input error (issue 9)
                with pytest.raises(InvalidInputError, match="applied_on"):
                    used_car.scale_reward(dealer, revenue, day, params=params)
                continue
            for result, decision in (
                (scale, used_car.scale_reward(dealer, revenue, day, params=params)),
                (growth, used_car.growth_reward(dealer, revenue, applied_on=day, params=params)),
            ):
                assert bool(result.eligible[i]) == decision.eligible
                assert int(result.amount[i]) == int(decision.amount * 100)
                assert uc_kernels.CLAUSES[result.failed[i]] == decision.first_failed_clause

    def test_the_default_parameters_in_integers(self) -> None:
        """87号 in fen and days: 500万, 5万, 1000万, 3000万, 6‰ and 7‰, 35万, 2023-10-31 … 2025-03-31."""
        k = uc_kernels.UsedCarIntegers.from_parameters()
        assert (k.scale_revenue_min, k.scale_amount, k.growth_revenue_min, k.growth_upper_from) == (
            500_000_000,
            5_000_000,
            1_000_000_000,
            3_000_000_000,
        )
        assert (k.rate_denominator, k.growth_rate, k.growth_upper_rate, k.growth_cap) == (1000, 6, 7, 35_000_000)
        assert k.registered_from == _kernels.day_number(date(2023, 10, 31))
        assert k.valid_until == _kernels.day_number(date(2025, 3, 31))

    def test_half_a_fen_rounds_up(self) -> None:
        """10,000,002.50 × 0.6% = 60,000.015 → 60,000.02; 30,000,005 × 0.7% = 210,000.035 → 210,000.04."""
        k = uc_kernels.UsedCarIntegers.from_parameters()
        ok = np.array([True, True])
        result = uc_kernels.growth_kernel(k, ok, np.array([1_000_000_250, 3_000_000_500], dtype=np.int64))
        assert result.amount.tolist() == [6_000_002, 21_000_004]

    def test_revenue_up_to_the_largest_amount_does_not_overflow(self) -> None:
        """At MAX_FEN revenue the growth reward is the cap, not an overflowed number."""
        k = uc_kernels.UsedCarIntegers.from_parameters()
        result = uc_kernels.growth_kernel(k, np.array([True]), np.array([_kernels.MAX_FEN], dtype=np.int64))
        assert result.amount.tolist() == [35_000_000]

    def test_a_rate_that_would_overflow_is_refused(self) -> None:
        """A rate with so many digits that fen × numerator could overflow int64 is refused, naming the parameter."""
        params = P.replace(growth_rate=D("0.00600000000001"), growth_upper_from=D(30_000_000))
        with pytest.raises(InvalidInputError) as caught:
            uc_kernels.UsedCarIntegers.from_parameters(params)
        assert caught.value.field == "growth_rate"
        assert "精确" in str(caught.value)

    def test_a_parameter_that_is_not_whole_fen_is_refused(self) -> None:
        """A cap of 0.005 yuan (built around validation) cannot be held in fen: refused rather than rounded."""
        params = P.model_construct(**{**dict(P), "growth_cap": D("0.005")})
        with pytest.raises(InvalidInputError) as caught:
            uc_kernels.UsedCarIntegers.from_parameters(params)
        assert caught.value.field == "growth_cap"


# ---------------------------------------------------------------------------
# Reading values: exact or refused
# ---------------------------------------------------------------------------

BASE = {
    "name": "赤峰甲二手车有限公司",
    "credit_code": GOOD_CODE,
    "registered_on": date(2024, 1, 5),
    "registered_in_hongshan": True,
    "independent_legal_person": True,
    "independent_accounting": True,
    "key_monitored": True,
    "revenue_jan_to_jul": None,
    "applied_on": None,
    "revenue_2024": D("20000000"),
    "growth_applied_on": date(2025, 1, 10),
}


def one(frame: Any) -> dict[str, Any]:
    rows = results(batch.used_car_frame(frame))
    assert len(rows) == 1
    return rows[0]


class TestReadingValues:
    """How cells are read: exactly, or as a row error naming the column; never rounded, never dropped."""

    def test_thousands_separators(self) -> None:
        """「20,000,000.01」 is read as 20,000,000.01 yuan."""
        row = one(pd.DataFrame([{**BASE, "revenue_2024": "20,000,000.01"}], dtype=str))
        assert row["growth_amount"] == D("120000.00")

    def test_a_float_with_more_than_two_decimals_is_a_row_error(self) -> None:
        """0.1 + 0.2 is 0.30000000000000004 exactly: more than 2 decimals, refused, not rounded."""
        frame = pd.DataFrame([{**BASE, "revenue_2024": 0.1 + 0.2}, {**BASE, "revenue_2024": 20_000_070.07}])
        assert frame["revenue_2024"].dtype == np.float64
        first, second = results(batch.used_car_frame(frame))
        assert "revenue_2024" in first["error"]
        assert "2位小数" in first["error"]
        assert second["growth_amount"] == D("120000.42")  # 20,000,070.07 × 0.6% = 120,000.42042

    def test_float32_money_is_refused(self) -> None:
        """A float32 cannot hold 10,000,000.01 (it stores 10,000,000): every such cell is a row error."""
        table = pa.table({**{k: [v] for k, v in BASE.items()}, "revenue_2024": pa.array([10_000_000.01], pa.float32())})
        row = one(table)
        assert "float32" in row["error"]
        assert row["growth_amount"] is None

    def test_decimal_columns(self) -> None:
        """A decimal(20, 3) column is read by value: 20,000,000.000 is fine, 20,000,000.005 is an error."""
        values = pa.array([D("20000000.000"), D("20000000.005")], pa.decimal128(20, 3))
        table = pa.table({**{k: [v, v] for k, v in BASE.items()}, "revenue_2024": values})
        first, second = results(batch.used_car_frame(table))
        assert first["growth_amount"] == D("120000.00")
        assert "2位小数" in second["error"]

    def test_integer_columns(self) -> None:
        """An int64 column is whole yuan."""
        assert one(pl.DataFrame([{**BASE, "revenue_2024": 30_000_000}]))["growth_amount"] == D("210000.00")

    def test_nan_and_none_in_a_required_column(self) -> None:
        """A missing flag (NaN in pandas, null in polars) is a row error naming the column."""
        frame = pd.DataFrame([{**BASE, "key_monitored": np.nan}, BASE])
        first, second = results(batch.used_car_frame(frame))
        assert first["error"] == "key_monitored: 缺少必填值 / a value is required"
        assert second["error"] is None

    def test_nan_in_an_optional_revenue_means_not_applied_for(self) -> None:
        """A blank revenue is a reward not applied for: nulls for it, the other reward decided."""
        row = one(pd.DataFrame([{**BASE, "revenue_jan_to_jul": np.nan}]))
        assert row["scale_eligible"] is None
        assert row["growth_eligible"] is True

    def test_infinity_is_a_row_error(self) -> None:
        """An infinite revenue is refused."""
        assert "revenue_2024" in one(pd.DataFrame([{**BASE, "revenue_2024": float("inf")}]))["error"]

    def test_datetimes_at_midnight_are_dates(self) -> None:
        """A datetime column (as Excel gives) at midnight is read as its date."""
        frame = pd.DataFrame(
            [{**BASE, "registered_on": datetime(2024, 1, 5), "growth_applied_on": datetime(2025, 1, 10)}]
        )
        assert frame["registered_on"].dtype.kind == "M"
        assert one(frame)["growth_eligible"] is True

    def test_a_time_of_day_is_a_row_error(self) -> None:
        """2025-01-10 09:30 is not a date: the row is refused (which day was meant is not for us to guess)."""
        row = one(pd.DataFrame([{**BASE, "growth_applied_on": datetime(2025, 1, 10, 9, 30)}]))
        assert row["error"].startswith("growth_applied_on: 日期不应含具体时间")

    def test_a_time_zone_is_a_row_error(self) -> None:
        """A time-zone-aware timestamp is refused even at midnight."""
        stamp = pd.Timestamp(datetime(2025, 1, 10, tzinfo=UTC))
        assert "时区" in one(pd.DataFrame([{**BASE, "growth_applied_on": stamp}]))["error"]

    def test_chinese_yes_and_no(self) -> None:
        """「是」/「否」 are read as flags, as are true/false, 1/0, Y/N (and nothing else: "yes" is an error)."""
        frame = pd.DataFrame([{**BASE, "key_monitored": v} for v in ("是", "否", "TRUE", "0", " y ")], dtype=str)
        assert [r["growth_eligible"] for r in results(batch.used_car_frame(frame))] == [True, False, True, False, True]

    def test_scalar_readers_cover_the_fast_paths(self) -> None:
        """The Python reader and the Arrow fast path read the same strings the same way."""
        texts = ["1,234.5", "7", "0.30", "5.", "1_000", " 12 ", "1e3", "-1", "1.234", "", None]
        fast = _columns.read_arrow(pa.array(texts), "money")
        slow = _columns.read_python(list(texts), "money")
        assert fast.present.tolist() == slow.present.tolist()
        assert fast.values[fast.present].tolist() == slow.values[slow.present].tolist()
        assert fast.errors == slow.errors


# ---------------------------------------------------------------------------
# Frames: headers, order, kinds
# ---------------------------------------------------------------------------

ZH = {f.name: f.zh for f in batch.USED_CAR_FIELDS}


class TestFrames:
    """Frames in, the same kind of frame out, one row per row, in order."""

    def test_chinese_headers_are_aliases(self) -> None:
        """A register with the form's Chinese headers (and 「(元)」 units) decides as one with field names."""
        english = pd.DataFrame([BASE, {**BASE, "revenue_2024": D("30000000")}])
        chinese = english.rename(columns=ZH).rename(columns={"2024年度累计营业收入": "2024年度累计营业收入(元)"})
        left = batch.used_car_frame(english)[list(batch.USED_CAR_RESULTS)]
        right = batch.used_car_frame(chinese)
        assert list(right.columns[:11]) == list(chinese.columns)
        pd.testing.assert_frame_equal(left, right[list(batch.USED_CAR_RESULTS)])

    def test_an_error_names_the_chinese_header_and_the_field(self) -> None:
        """A bad cell under a Chinese header is reported as 「header (field)」."""
        frame = pd.DataFrame([{**BASE, "revenue_2024": "abc"}]).rename(columns=ZH)
        assert one(frame)["error"].startswith("2024年度累计营业收入 (revenue_2024): 不是规范的数值")

    def test_two_columns_for_one_field_are_refused(self) -> None:
        """「企业名称」 and ``name`` together are ambiguous: the frame is refused."""
        frame = pd.DataFrame([{**BASE, "企业名称": "甲"}])
        with pytest.raises(InvalidInputError, match="name"):
            batch.used_car_frame(frame)

    def test_a_missing_required_column_is_refused(self) -> None:
        """Without a credit-code column nothing can be decided: the message lists the column and its header."""
        frame = pd.DataFrame([BASE]).drop(columns="credit_code")
        with pytest.raises(InvalidInputError, match="统一社会信用代码"):
            batch.used_car_frame(frame)

    def test_optional_columns_may_be_absent_and_extra_columns_pass_through(self) -> None:
        """A growth-only register with a 序号 column: the scale columns are null, 序号 is kept."""
        frame = pd.DataFrame(
            [{"序号": 1, **{k: v for k, v in BASE.items() if k not in ("revenue_jan_to_jul", "applied_on")}}]
        )
        out = batch.used_car_frame(frame)
        assert out["序号"].tolist() == [1]
        assert out["scale_eligible"].isna().all()
        assert out["growth_amount"].tolist() == [D("120000.00")]

    def test_order_and_index_are_kept(self) -> None:
        """Every input row gives one output row, in order, on the input's own index; bad rows are not dropped."""
        rows = [
            {**BASE, "name": f"企业{i}", "revenue_2024": "x" if i % 3 == 0 else D(20_000_000 + i)} for i in range(9)
        ]
        frame = pd.DataFrame(rows, index=[90, 10, 80, 20, 70, 30, 60, 40, 50])
        out = batch.used_car_frame(frame)
        assert out.index.tolist() == frame.index.tolist()
        assert out["name"].tolist() == [f"企业{i}" for i in range(9)]
        assert [e is not pd.NA for e in out["error"]] == [i % 3 == 0 for i in range(9)]

    def test_keep_input_false_returns_only_results(self) -> None:
        """With keep_input=False the result has exactly the result columns."""
        out = batch.used_car_frame(pl.DataFrame([BASE]), keep_input=False)
        assert tuple(out.columns) == batch.USED_CAR_RESULTS

    def test_an_empty_frame(self) -> None:
        """No rows in, no rows out, with every result column."""
        out = batch.used_car_frame(pd.DataFrame(columns=FIELDS))
        assert len(out) == 0
        assert tuple(out.columns[-len(batch.USED_CAR_RESULTS) :]) == batch.USED_CAR_RESULTS

    def test_result_columns_already_present_are_refused(self) -> None:
        """Feeding an output back in is refused unless keep_input=False."""
        out = batch.used_car_frame(pd.DataFrame([BASE]))
        with pytest.raises(InvalidInputError, match="keep_input"):
            batch.used_car_frame(out)
        assert len(batch.used_car_frame(out, keep_input=False)) == 1

    def test_amounts_are_exact_decimals(self) -> None:
        """pandas gets decimal128(18, 2) amounts (Decimal values), polars Decimal(18, 2)."""
        assert str(batch.used_car_frame(pd.DataFrame([BASE]))["growth_amount"].dtype) == "decimal128(18, 2)[pyarrow]"
        assert batch.used_car_frame(pl.DataFrame([BASE]))["growth_amount"].dtype == pl.Decimal(18, 2)

    def test_a_lazy_frame_is_refused_with_a_hint(self) -> None:
        """A polars LazyFrame is not evaluated silently: collect it first."""
        with pytest.raises(TypeError, match="collect"):
            batch.used_car_frame(pl.DataFrame([BASE]).lazy())

    def test_evaluate_by_policy_name(self) -> None:
        """``evaluate(frame, "used-car")`` is the used-car frame function; an unknown policy is refused."""
        assert batch.evaluate(pd.DataFrame([BASE]), "used-car")["total"].tolist() == [D("120000.00")]
        with pytest.raises(InvalidInputError, match="unknown policy"):
            batch.evaluate(pd.DataFrame([BASE]), "used-cars")


class TestSummary:
    """The summary counts rows, errors and beneficiaries and adds the amounts exactly."""

    def test_summary(self) -> None:
        """Two rows with rewards, one error: 12万 + 26万 in total."""
        rows = [
            BASE,
            {**BASE, "revenue_jan_to_jul": D(5_000_000), "applied_on": date(2024, 8, 1), "revenue_2024": D(30_000_000)},
            {**BASE, "credit_code": "x"},
        ]
        summary = batch.summarize(batch.used_car_frame(pl.DataFrame(rows, schema_overrides={"credit_code": pl.String})))
        assert (summary.rows, summary.errors, summary.eligible) == (3, 1, 2)
        assert summary.total == D("380000.00")
        assert [(r.name, r.assessed, r.eligible, r.amount) for r in summary.rewards] == [
            ("scale", 1, 1, D("50000.00")),
            ("growth", 2, 2, D("330000.00")),
        ]
        assert "错误 errors 1" in str(summary)
        assert summary.to_dict()["total"] == "380000.00"


class TestHelpers:
    """The pieces the frame readers rely on."""

    def test_kernels_write_into_out_as_they_return(self) -> None:
        """``scale_kernel`` and ``growth_kernel`` with ``out=`` write exactly what they return without it."""
        k = uc_kernels.UsedCarIntegers.from_parameters()
        c = _synthetic.synthetic_columns(20_000, seed=13)
        dealer = uc_kernels.dealer_kernel(
            k, c["registered_on"], *(c[n] for n in ("registered_in_hongshan", "independent_legal_person",
            "independent_accounting", "key_monitored"))
        )  # fmt: skip
        rows = len(dealer)

        def empty() -> _kernels.KernelResult:
            return _kernels.KernelResult(
                np.ones(rows, np.bool_), np.full(rows, -1, np.int64), np.full(rows, 9, np.int8)
            )

        pledge = c["scale_applied"]
        calls = [
            (uc_kernels.scale_kernel, (k, dealer, c["revenue_jan_to_jul"], c["applied_on"]), {"signed": pledge}),
            (uc_kernels.scale_kernel, (k, dealer, c["revenue_jan_to_jul"], c["applied_on"]), {}),
            (uc_kernels.growth_kernel, (k, dealer, c["revenue_2024"], c["growth_applied_on"], c["growth_dated"]), {}),
            (uc_kernels.growth_kernel, (k, dealer, c["revenue_2024"]), {"pledge": pledge}),
        ]
        for kernel, args, options in calls:
            plain = kernel(*args, **options)
            out = empty()
            written = kernel(*args, **options, out=out)
            for got, expected, target in zip(written, plain, out, strict=True):
                assert got is target
                assert np.array_equal(got, expected)
            assert plain.failed.any()
            assert plain.eligible.any()

    def test_plain_characters_are_what_the_text_fast_path_assumes(self) -> None:
        """Every character whose UTF-8 bytes are all plain is printable ASCII or U+4000–U+9FFF, left alone by NFKC,
        accepted by ``check_text``, and blank only if it is the ASCII space; every other character has a byte
        that is not plain."""
        table = _columns._PLAIN_BYTES
        for code in range(0x110000):
            if 0xD800 <= code <= 0xDFFF:
                continue
            character = chr(code)
            plain = not any(table[byte] & _columns._NOT_PLAIN for byte in character.encode("utf-8"))
            assert plain == (0x20 <= code <= 0x7E or 0x4000 <= code <= 0x9FFF), hex(code)
            if plain:
                assert unicodedata.normalize("NFKC", character) == character, hex(code)
                assert check_text(f"x{character}x") == f"x{character}x", hex(code)
                assert character.isspace() == (code == 0x20), hex(code)
                assert bool(table[character.encode("utf-8")[0]] & _columns._NOT_BLANK) == (code != 0x20)

    @given(
        st.lists(
            st.text(alphabet=st.sampled_from(" \t\u3000\u00a0\u200bAb9-（）·赤峰红山𠀀\ufeffé\u0301"), max_size=6),
            min_size=1,
            max_size=30,
        )
    )
    @settings(max_examples=int(os.environ.get("BATCH_EXAMPLES", "40")), deadline=None)
    def test_text_and_code_readers_accept_what_the_scalar_readers_accept(self, values: list[str]) -> None:
        """A text or credit-code column (Arrow) accepts a value exactly when the scalar reader does."""
        codes = [v + "91150402MA0QUC015R"[len(v) :] for v in values] + ["91150402ma0quc015r", " 91150402MA0QUC015R"]
        for kind, column in (("text", values), ("credit_code", codes)):
            read = _columns.read_column(pa.array(column, pa.string()), kind)
            reader = _columns._scalar_reader(kind)
            for row, value in enumerate(column):
                try:
                    reader(value)
                    expected = True
                except (ValueError, _columns._Missing):
                    expected = False
                assert bool(read.present[row]) == expected, (kind, value)

    def test_the_synthetic_register_is_valid(self) -> None:
        """The seeded synthetic register has no bad rows and the same outcome from pandas and polars."""
        pandas_summary = batch.summarize(batch.used_car_frame(batch.synthetic_register(2_000, seed=9)))
        polars_frame = batch.synthetic_register(2_000, seed=9, backend="polars", headers="zh")
        assert pandas_summary.errors == 0
        assert batch.summarize(batch.used_car_frame(polars_frame)) == pandas_summary
