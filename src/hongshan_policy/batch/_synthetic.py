"""A synthetic register of used-car dealers, seeded: for benchmarks, examples and notebooks.

The figures are invented, not data of any real enterprise. Shapes are plausible:
most dealers registered after 2023-10-31 and meet 第二条; revenues are
log-normal with whole fen; application dates spread around the deadlines;
some dealers apply for one reward only. Credit codes are well-formed (GB 32100
check character) but made up.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..credit_code import ALPHABET, WEIGHTS
from ..used_car._columnar import USED_CAR_FIELDS
from ._kernels import day_number
from ._results import fen_column
from ._typing import ArrowArray

__all__ = ["synthetic_columns", "synthetic_register"]


def _days(rng: np.random.Generator, first: date, last: date, n: int) -> NDArray[np.int32]:
    return rng.integers(day_number(first), day_number(last) + 1, n).astype(np.int32)


def _fen(rng: np.random.Generator, median_yuan: float, sigma: float, n: int) -> NDArray[np.int64]:
    """Log-normal revenues in whole fen (the float only draws a random figure; it decides nothing)."""
    yuan = rng.lognormal(np.log(median_yuan), sigma, n)
    return np.minimum(np.rint(yuan * 100), 10**13).astype(np.int64)


def synthetic_columns(n: int, *, seed: int = 0) -> dict[str, NDArray[Any]]:
    """The kernel inputs of ``n`` dealers: fen (int64), day numbers (int32), flags and "applied for" masks."""
    rng = np.random.default_rng(seed)
    return {
        "registered_on": _days(rng, date(2023, 6, 1), date(2024, 6, 10), n),
        "registered_in_hongshan": rng.random(n) < 0.97,
        "independent_legal_person": rng.random(n) < 0.97,
        "independent_accounting": rng.random(n) < 0.97,
        "key_monitored": rng.random(n) < 0.9,
        "revenue_jan_to_jul": _fen(rng, 4_500_000, 0.6, n),
        "applied_on": _days(rng, date(2024, 6, 15), date(2024, 9, 15), n),
        "revenue_2024": _fen(rng, 15_000_000, 0.8, n),
        "growth_applied_on": _days(rng, date(2024, 12, 1), date(2025, 4, 15), n),
        "scale_applied": rng.random(n) < 0.7,
        "growth_applied": rng.random(n) < 0.85,
        "growth_dated": rng.random(n) < 0.9,
    }


def _credit_codes(n: int) -> list[str]:
    """Well-formed made-up codes: 91150402 (红山区) + 9 characters from the row number + the check character."""
    values = np.zeros((n, 17), dtype=np.int64)
    values[:, :8] = [9, 1, 1, 5, 0, 4, 0, 2]
    rest = np.arange(n, dtype=np.int64) + 31**6
    for position in range(16, 7, -1):
        values[:, position] = rest % 31
        rest //= 31
    check = (31 - (values @ np.array(WEIGHTS)) % 31) % 31
    alphabet = np.array(list(ALPHABET))
    characters = alphabet[np.concatenate([values, check[:, None]], axis=1)]
    return ["".join(row) for row in characters.tolist()]


def synthetic_register(
    n: int,
    *,
    seed: int = 0,
    headers: Literal["fields", "zh"] = "fields",
    backend: Literal["pandas", "polars", "pyarrow"] = "pandas",
) -> Any:
    """A frame of ``n`` made-up applications (Decimal yuan, dates, flags; blank where a reward is not applied for).

    ``headers="zh"`` uses the Chinese headers of the form (企业名称, 统一社会信用代码 …).
    """
    columns = synthetic_columns(n, seed=seed)
    arrays: dict[str, ArrowArray] = {
        "name": pa.array([f"赤峰红山第{i + 1}号二手车经销有限公司" for i in range(n)], pa.string()),
        "credit_code": pa.array(_credit_codes(n), pa.string()),
        "registered_on": pa.array(columns["registered_on"], pa.int32()).cast(pa.date32()),
    }
    for name in ("registered_in_hongshan", "independent_legal_person", "independent_accounting", "key_monitored"):
        arrays[name] = pa.array(columns[name], pa.bool_())
    scale, growth = columns["scale_applied"], columns["growth_applied"] | ~columns["scale_applied"]
    dated = growth & columns["growth_dated"]
    arrays["revenue_jan_to_jul"] = fen_column(columns["revenue_jan_to_jul"], scale)
    arrays["applied_on"] = pa.array(columns["applied_on"], pa.int32(), mask=~scale).cast(pa.date32())
    arrays["revenue_2024"] = fen_column(columns["revenue_2024"], growth)
    arrays["growth_applied_on"] = pa.array(columns["growth_applied_on"], pa.int32(), mask=~dated).cast(pa.date32())
    if headers == "zh":
        arrays = {field.zh: arrays[field.name] for field in USED_CAR_FIELDS if field.name in arrays}
    table = pa.table(arrays)
    if backend == "pyarrow":
        return table
    if backend == "polars":
        import polars as pl

        return pl.from_arrow(table)
    import pandas as pd

    return table.to_pandas(types_mapper=pd.ArrowDtype)
