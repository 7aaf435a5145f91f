"""The parts a document gives :mod:`hongshan_policy.scenarios`: its adapter, and the Arrow helpers it reads with.

A decision with a columnar evaluator that scenarios can compare has, in the
registry, a ``scenario`` hook returning a :class:`ScenarioAdapter` (written in the
document's package, e.g. ``used_car/_scenarios.py``): the policy's title and
rewards, how to read its result frame (:class:`Outcome`), the budget year of
each amount (reading the register through :class:`Register`), the register
columns only scenarios read, and the bundled example register. The engine
(:mod:`hongshan_policy.scenarios`) knows no document.

Nothing here imports numpy or pyarrow until a function runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .errors import InvalidInputError
from .parameters import Parameters

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa
    from numpy.typing import NDArray

__all__ = [
    "Outcome",
    "Part",
    "Register",
    "ScenarioAdapter",
    "column",
    "day_numbers",
    "decimal",
    "flags",
    "positive",
    "to_date",
    "valid",
    "years",
]


@dataclass(frozen=True, slots=True)
class Part:
    """One amount column of a result frame: the reward it belongs to and, for a numbered part, its number."""

    reward: str
    column: str
    number: int = 0
    """The lease year (``rent_year_<n>``) or tranche (``land_tranche_<n>``) the column holds; 0 when not numbered."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the engine needs of one result frame: per-row totals, eligibility, failed clauses and the parts."""

    amount: Any
    """A decimal Arrow array: the row's total over every reward."""
    eligible: NDArray[np.bool_]
    """Eligible for any reward (rows in error are cleared by the engine)."""
    failed: Any
    """A string Arrow array: the first failed clause of each reward not granted, ``", "``-joined."""
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Register:
    """A register (a narwhals frame) with the input fields of its policy: dates read where they are needed."""

    data: Any
    fields: tuple[Any, ...]
    """The policy's ``batch`` input fields (``InputField``: ``name`` and ``headers``)."""

    def find(self, headers: tuple[str, ...]) -> str | None:
        """The register's column with one of ``headers``, or ``None``."""
        from .batch._frames import find_column

        return find_column(list(self.data.columns), headers)

    def field(self, name: str) -> str | None:
        """The register's column of the input field ``name``, or ``None``."""
        return self.find(next(f.headers for f in self.fields if f.name == name))

    def days(self, column: str | None, needed: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """Day numbers of ``column`` where ``needed``, and where a date is present (see :func:`day_numbers`)."""
        return day_numbers(self.data, column, needed)


@dataclass(frozen=True, slots=True)
class ScenarioAdapter:
    """How :func:`hongshan_policy.scenarios.compare` reads one register policy (the registry's ``scenario`` hook)."""

    policy: str
    """The register policy, e.g. ``hq-rent`` (a key of ``hongshan_policy.registry.POLICIES``)."""
    title: str
    """The policy's Chinese title, for summaries."""
    rewards: Mapping[str, str]
    """Reward -> its Chinese name, in order (the prefixes of the result columns)."""
    read: Callable[[pa.Table, Parameters], Outcome]
    """The result table (evaluated with the given parameters) -> its :class:`Outcome`."""
    budget_years: Callable[[Register, Part, NDArray[np.bool_]], NDArray[np.int64]]
    """The budget year of each row's amount in a part, where needed (-1: undated)."""
    own_columns: tuple[tuple[str, ...], ...] = ()
    """Headers of register columns only scenarios read (the batch function would call them unrecognised)."""
    example: tuple[str, int, int] | None = None
    """The bundled example register: (file under ``hongshan_policy/data``, rows, seed), or ``None``."""
    make_example: Callable[[int, int], Any] | None = None
    """``(rows, seed) -> frame``: the generator of the example register."""


def to_date(value: Any) -> date | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        return date.fromisoformat(text) if text else None
    if hasattr(value, "astype"):  # numpy.datetime64
        return to_date(value.astype("datetime64[D]").item())
    raise ValueError(f"not a date: {value!r}")


def day_numbers(
    data: Any, column: str | None, needed: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Day numbers (from 1970-01-01) of a date column where ``needed``, and where a date is present.

    The batch functions have validated these columns for every row that has an
    amount, so a value that is not a date here is a bug in the caller's frame
    (a milestone column of :data:`MILESTONE_COLUMNS`): an ``InvalidInputError``
    naming the column and row.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = len(needed)
    days = np.zeros(rows, dtype=np.int64)
    present = np.zeros(rows, dtype=np.bool_)
    if column is None:
        return days, present
    series = data.get_column(column)
    try:
        array = series.to_arrow()
    except (pa.ArrowException, TypeError, ValueError):
        array = None
    if array is not None and (pa.types.is_date(array.type) or pa.types.is_timestamp(array.type)):
        as_days = pc.cast(pc.cast(array, pa.date32(), safe=False), pa.int32())
        present = as_days.is_valid().to_numpy(zero_copy_only=False).astype(np.bool_)
        days = as_days.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        return days, present & needed
    values = series.to_list()
    epoch = date(1970, 1, 1).toordinal()
    for row in np.flatnonzero(needed).tolist():
        try:
            day = to_date(values[row])
        except ValueError:
            raise InvalidInputError(
                f"列 {column} 第{row + 1}行不是日期(YYYY-MM-DD):{values[row]!r}",
                f"column {column}, row {row + 1}: not a date (YYYY-MM-DD): {values[row]!r}",
                field=column,
                expected="YYYY-MM-DD",
                got=values[row],
            ) from None
        if day is not None:
            days[row] = day.toordinal() - epoch
            present[row] = True
    return days, present


def years(days: NDArray[np.int64]) -> NDArray[np.int64]:
    """Calendar years of day numbers."""
    import numpy as np

    years: NDArray[np.int64] = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return years


def column(table: pa.Table, name: str) -> Any:
    import pyarrow as pa

    array = table.column(name).combine_chunks()
    if isinstance(array, pa.DictionaryArray):
        array = array.dictionary_decode()
    if pa.types.is_large_string(array.type):
        array = array.cast(pa.string())
    return array


def decimal(array: Any) -> Any:
    import pyarrow as pa

    return array.cast(pa.decimal128(18, 2))


def flags(array: Any) -> NDArray[np.bool_]:
    import numpy as np

    flags: NDArray[np.bool_] = array.fill_null(False).to_numpy(zero_copy_only=False).astype(np.bool_)
    return flags


def valid(array: Any) -> NDArray[np.bool_]:
    import numpy as np

    valid: NDArray[np.bool_] = array.is_valid().to_numpy(zero_copy_only=False).astype(np.bool_)
    return valid


def positive(array: Any) -> NDArray[np.bool_]:
    """True where a decimal array holds an amount above 0 (False where null)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return flags(pc.greater(array, pa.scalar(Decimal(0), array.type)))
