"""A summary of a result frame: rows, errors, beneficiaries and outlay per reward, exactly."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa

from ..inputs import in_context
from ..money import ZERO, fmt_wan, fmt_yuan
from ._frames import eager
from ._results import fen_values
from ._typing import ArrowArray

__all__ = ["TITLES", "RewardSummary", "Summary", "summarize", "summarize_partitions"]

TITLES = {"scale": "规模奖励", "growth": "做大做强奖励", "rent": "房屋租赁补贴", "land": "土地出让奖补"}
"""Chinese names of the rewards, by the prefix of their result columns."""


@dataclass(frozen=True, slots=True)
class RewardSummary:
    """One reward over the frame: rows that applied for it, rows eligible, total amount (yuan)."""

    name: str
    assessed: int
    eligible: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Summary:
    """What a batch decided: ``rows`` in, ``errors`` rows refused, ``eligible`` rows with any reward, the totals."""

    rows: int
    errors: int
    eligible: int
    total: Decimal
    rewards: tuple[RewardSummary, ...] = field(default=())

    def __str__(self) -> str:
        parts_zh = ", ".join(f"{TITLES.get(r.name, '')} {r.name} {r.eligible}".strip() for r in self.rewards)
        return (
            f"行数 rows {self.rows}; 符合 eligible {self.eligible}"
            + (f" ({parts_zh})" if parts_zh else "")
            + f"; 错误 errors {self.errors}; 合计 total {fmt_yuan(self.total)} ({fmt_wan(self.total, figure=True)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready ``dict`` (amounts as strings)."""
        return {
            "rows": self.rows,
            "errors": self.errors,
            "eligible": self.eligible,
            "total": str(self.total),
            "rewards": [
                {"name": r.name, "assessed": r.assessed, "eligible": r.eligible, "amount": str(r.amount)}
                for r in self.rewards
            ],
        }


def _arrow(frame: Any, column: str) -> ArrowArray:
    array = eager(frame).get_column(column).to_arrow()
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array


def _yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(ZERO)


def _counts(result: Any) -> dict[str, int]:
    """The additive figures of a summary: rows, errors, rows with any reward, total fen, and per reward
    ``<name>:assessed``, ``<name>:eligible``, ``<name>:fen`` (in column order)."""
    frame = eager(result)
    columns = frame.columns
    rows = len(frame)
    counts = {"rows": rows, "errors": rows - int(_arrow(result, "error").null_count) if "error" in columns else 0}
    any_eligible = np.zeros(rows, dtype=np.bool_)
    total_fen = 0
    rewards: dict[str, int] = {}
    for column in columns:
        name = column.removesuffix("_eligible")
        amount_column = next((f"{name}_{s}" for s in ("amount", "total") if f"{name}_{s}" in columns), None)
        if name == column or amount_column is None:
            continue
        flags = _arrow(result, column)
        held = flags.fill_null(False).to_numpy(zero_copy_only=False).astype(np.bool_)
        any_eligible |= held
        fen, valid = fen_values(_arrow(result, amount_column))
        amount = int(fen.sum(dtype=np.int64))
        total_fen += amount
        rewards |= {f"{name}:assessed": int(valid.sum()), f"{name}:eligible": int(held.sum()), f"{name}:fen": amount}
    if "total" in columns:
        fen, _ = fen_values(_arrow(result, "total"))
        total_fen = int(fen.sum(dtype=np.int64))
    return counts | {"eligible": int(any_eligible.sum()), "total": total_fen} | rewards


def _from_counts(counts: dict[str, int]) -> Summary:
    names = [key.removesuffix(":fen") for key in counts if key.endswith(":fen")]
    rewards = tuple(
        RewardSummary(name, counts[f"{name}:assessed"], counts[f"{name}:eligible"], _yuan(counts[f"{name}:fen"]))
        for name in names
    )
    return Summary(counts["rows"], counts["errors"], counts["eligible"], _yuan(counts["total"]), rewards)


@in_context
def summarize(result: Any) -> Summary:
    """Summarise a frame returned by a batch function (each ``<name>_eligible`` with ``<name>_amount`` or ``_total``).

    Counts rows, rows with an ``error``, rows eligible for at least one reward,
    and per reward the rows assessed (not null), eligible and the sum of amounts;
    ``total`` is the sum of the ``total`` column when there is one.
    """
    return _from_counts(_counts(result))


def _partition_counts(partition: Any, policy: str, params: Any) -> Any:
    """One partition evaluated and reduced to one row of integer counts (what travels back to the parent)."""
    import pandas as pd

    from ._policies import evaluate

    if isinstance(partition, pd.DataFrame) and not any(map(pd.api.types.is_object_dtype, partition.dtypes)):
        # Typed (e.g. Arrow-backed) columns pass to Arrow without a copy and the results stay Arrow: no pandas
        # result frame is built. Object columns keep the pandas path (no inference of a type over their values).
        partition = pa.Table.from_pandas(partition, preserve_index=False)
    counts = _counts(evaluate(partition, policy, params=params, keep_input=False))
    return pd.DataFrame({key: [value] for key, value in counts.items()}, dtype=np.int64)


@in_context
def summarize_partitions(
    frame: Any, policy: str, *, params: Any = None, scheduler: str | None = None, **compute: Any
) -> Summary:
    """The :func:`summarize` of :func:`evaluate` over a Dask frame, partition by partition, without the results.

    Each partition is evaluated where it is read and reduced to a row of integer counts (rows, errors,
    beneficiaries, fen per reward); only those rows travel back and are added up, exactly. Equal to
    ``summarize(evaluate(frame.compute(), policy))`` when no credit code repeats across partitions (「一次性」
    is checked within one partition, as with ``map_partitions``). ``scheduler`` and ``compute`` are passed to
    ``dask.compute`` (``scheduler="processes", num_workers=2``: see ``docs/batch.md`` for which to use when).
    """
    import pandas as pd

    probe = _counts(evaluate_empty(frame, policy, params))
    meta = pd.DataFrame({key: pd.Series([], dtype=np.int64) for key in probe})
    parts = frame.map_partitions(_partition_counts, policy, params, meta=meta)
    totals = parts.sum().compute(scheduler=scheduler, **compute)
    return _from_counts({key: int(totals[key]) for key in probe})


def evaluate_empty(frame: Any, policy: str, params: Any) -> Any:
    """The result of ``policy`` on the (empty) meta of a Dask frame: which counts its partitions give."""
    from ._policies import evaluate

    return evaluate(frame._meta, policy, params=params, keep_input=False)
