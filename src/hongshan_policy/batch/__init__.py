"""Columnar evaluation: whole registers of applications at once, exact to the fen.

- :func:`evaluate` (``"used-car"``, ``"hq-rent"``, ``"hq-land"``), :func:`used_car_frame`,
  :func:`hq_rent_frame`, :func:`hq_land_frame`: a pandas, polars or pyarrow frame of
  applications in, the same kind of frame out, one result row per input row;
  a row that fails validation has its message in ``error`` (``docs/batch.md``).
- :func:`summarize`: rows, errors, beneficiaries and outlay of a result frame.
- The integer kernels (:func:`dealer_kernel`, :func:`scale_kernel`, :func:`rent_year_kernel`,
  :func:`growth_kernel`) over numpy arrays in fen and day numbers, with the
  parameters converted exactly by :class:`UsedCarIntegers`.
- :func:`read_table`, :func:`write_table` (CSV, Excel, Parquet, JSON Lines; :data:`RESULT_HEADERS`), and the
  ``hongshan-policy batch``
  command (:func:`add_batch_parser`, :func:`run_batch`).

Needs the ``analysis`` extra (numpy, pyarrow, narwhals, pandas; polars optional). Names are
imported on first use, so ``import hongshan_policy.batch`` (and the command line) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._cli import add_batch_parser, run_batch
    from ._frames import PASS_THROUGH, InputField, find_column
    from ._headquarters import (
        HQ_LAND_FIELDS,
        HQ_RENT_FIELDS,
        hq_land_frame,
        hq_land_results,
        hq_rent_frame,
        hq_rent_results,
        land_amount_fen,
        land_tranches_fen,
    )
    from ._io import RESULT_HEADERS, read_table, write_table
    from ._kernels import (
        CLAUSES,
        MAX_FEN,
        KernelResult,
        UsedCarIntegers,
        day_number,
        dealer_kernel,
        growth_kernel,
        run_chunked,
        scale_kernel,
    )
    from ._policies import POLICIES, evaluate
    from ._rent_kernels import (
        MAX_AREA_CENTI,
        MAX_RATE_FEN,
        RentIntegers,
        RentYear,
        add_months,
        lease_year_bounds,
        lease_year_days,
        rent_year_amounts,
        rent_year_kernel,
    )
    from ._summary import RewardSummary, Summary, summarize, summarize_partitions
    from ._synthetic import synthetic_columns, synthetic_register
    from ._used_car import USED_CAR_FIELDS, USED_CAR_RESULTS, render_notes, used_car_frame

__all__ = [
    "CLAUSES",
    "HQ_LAND_FIELDS",
    "HQ_RENT_FIELDS",
    "MAX_AREA_CENTI",
    "MAX_FEN",
    "MAX_RATE_FEN",
    "PASS_THROUGH",
    "POLICIES",
    "RESULT_HEADERS",
    "USED_CAR_FIELDS",
    "USED_CAR_RESULTS",
    "InputField",
    "KernelResult",
    "RentIntegers",
    "RentYear",
    "RewardSummary",
    "Summary",
    "UsedCarIntegers",
    "add_batch_parser",
    "add_months",
    "day_number",
    "dealer_kernel",
    "evaluate",
    "find_column",
    "growth_kernel",
    "hq_land_frame",
    "hq_land_results",
    "hq_rent_frame",
    "hq_rent_results",
    "land_amount_fen",
    "land_tranches_fen",
    "lease_year_bounds",
    "lease_year_days",
    "read_table",
    "render_notes",
    "rent_year_amounts",
    "rent_year_kernel",
    "run_batch",
    "run_chunked",
    "scale_kernel",
    "summarize",
    "summarize_partitions",
    "synthetic_columns",
    "synthetic_register",
    "used_car_frame",
    "write_table",
]

_MODULES: dict[str, str] = {
    "CLAUSES": "._kernels",
    "HQ_LAND_FIELDS": "._headquarters",
    "HQ_RENT_FIELDS": "._headquarters",
    "MAX_AREA_CENTI": "._rent_kernels",
    "MAX_FEN": "._kernels",
    "MAX_RATE_FEN": "._rent_kernels",
    "PASS_THROUGH": "._frames",
    "POLICIES": "._policies",
    "RESULT_HEADERS": "._io",
    "USED_CAR_FIELDS": "._used_car",
    "USED_CAR_RESULTS": "._used_car",
    "InputField": "._frames",
    "KernelResult": "._kernels",
    "RentIntegers": "._rent_kernels",
    "RentYear": "._rent_kernels",
    "RewardSummary": "._summary",
    "Summary": "._summary",
    "UsedCarIntegers": "._kernels",
    "add_batch_parser": "._cli",
    "add_months": "._rent_kernels",
    "day_number": "._kernels",
    "dealer_kernel": "._kernels",
    "evaluate": "._policies",
    "find_column": "._frames",
    "growth_kernel": "._kernels",
    "hq_land_frame": "._headquarters",
    "hq_land_results": "._headquarters",
    "hq_rent_frame": "._headquarters",
    "hq_rent_results": "._headquarters",
    "land_amount_fen": "._headquarters",
    "land_tranches_fen": "._headquarters",
    "lease_year_bounds": "._rent_kernels",
    "lease_year_days": "._rent_kernels",
    "rent_year_amounts": "._rent_kernels",
    "read_table": "._io",
    "render_notes": "._used_car",
    "rent_year_kernel": "._rent_kernels",
    "run_batch": "._cli",
    "run_chunked": "._kernels",
    "scale_kernel": "._kernels",
    "summarize": "._summary",
    "summarize_partitions": "._summary",
    "synthetic_columns": "._synthetic",
    "synthetic_register": "._synthetic",
    "used_car_frame": "._used_car",
    "write_table": "._io",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its private module the first time it is used."""
    try:
        module = _MODULES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
