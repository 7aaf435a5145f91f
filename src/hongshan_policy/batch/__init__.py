"""Columnar evaluation: whole registers of applications at once, exact to the fen.

The frame API (``docs/batch.md``):

- :func:`evaluate` (the registry's register policies: ``"used-car"``, ``"hq-rent"``, ``"hq-land"``;
  :data:`POLICIES`), :func:`used_car_frame`, :func:`hq_rent_frame`, :func:`hq_land_frame`: a pandas,
  polars or pyarrow frame of applications in, the same kind of frame out, one result row per input row;
  a row that fails validation has its message in ``error``.
- The columns: the input fields of each policy (:data:`USED_CAR_FIELDS`, :data:`HQ_RENT_FIELDS`,
  :data:`HQ_LAND_FIELDS`, each an :class:`InputField`; :data:`PASS_THROUGH`) and its result columns
  (:data:`USED_CAR_RESULTS`, :func:`hq_rent_results`, :func:`hq_land_results`).
- :func:`summarize`, :func:`summarize_partitions` (Dask): rows, errors, beneficiaries and outlay
  (:class:`Summary`, :class:`RewardSummary`).
- :func:`read_table`, :func:`write_table` (CSV, Excel, Parquet, JSON Lines; :data:`RESULT_HEADERS`) and
  :func:`synthetic_register`, a seeded register of made-up dealers.

This package holds the generic engines (frames, columns, files, result columns, summaries, the
integer helpers and the chunk runner of ``_kernels``, the compiled loops of ``_accelerated``); each
document's columnar part lives in its own package and is imported from here on first use:
``used_car._columnar`` and ``used_car._kernels`` (87号), ``headquarters._columnar`` and
``headquarters._rent_kernels`` (79号). All of these and the ``hongshan-policy batch`` command
(``_cli``) are private: run the command with ``hongshan_policy.cli.main(["batch", IN, "-o", OUT])``.

Needs the ``analysis`` extra (numpy, pyarrow, narwhals, pandas; polars optional). Names are
imported on first use, so ``import hongshan_policy.batch`` (and the command line) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..headquarters._columnar import (
        HQ_LAND_FIELDS,
        HQ_RENT_FIELDS,
        hq_land_frame,
        hq_land_results,
        hq_rent_frame,
        hq_rent_results,
    )
    from ..used_car._columnar import USED_CAR_FIELDS, USED_CAR_RESULTS, used_car_frame
    from ._frames import PASS_THROUGH, InputField
    from ._io import RESULT_HEADERS, read_table, write_table
    from ._policies import POLICIES, evaluate
    from ._summary import RewardSummary, Summary, summarize, summarize_partitions
    from ._synthetic import synthetic_register

__all__ = [
    "HQ_LAND_FIELDS",
    "HQ_RENT_FIELDS",
    "PASS_THROUGH",
    "POLICIES",
    "RESULT_HEADERS",
    "USED_CAR_FIELDS",
    "USED_CAR_RESULTS",
    "InputField",
    "RewardSummary",
    "Summary",
    "evaluate",
    "hq_land_frame",
    "hq_land_results",
    "hq_rent_frame",
    "hq_rent_results",
    "read_table",
    "summarize",
    "summarize_partitions",
    "synthetic_register",
    "used_car_frame",
    "write_table",
]

_MODULES: dict[str, str] = {
    "HQ_LAND_FIELDS": "..headquarters._columnar",
    "HQ_RENT_FIELDS": "..headquarters._columnar",
    "PASS_THROUGH": "._frames",
    "POLICIES": "._policies",
    "RESULT_HEADERS": "._io",
    "USED_CAR_FIELDS": "..used_car._columnar",
    "USED_CAR_RESULTS": "..used_car._columnar",
    "InputField": "._frames",
    "RewardSummary": "._summary",
    "Summary": "._summary",
    "evaluate": "._policies",
    "hq_land_frame": "..headquarters._columnar",
    "hq_land_results": "..headquarters._columnar",
    "hq_rent_frame": "..headquarters._columnar",
    "hq_rent_results": "..headquarters._columnar",
    "read_table": "._io",
    "summarize": "._summary",
    "summarize_partitions": "._summary",
    "synthetic_register": "._synthetic",
    "used_car_frame": "..used_car._columnar",
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
