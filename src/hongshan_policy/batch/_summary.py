"""A summary of a result frame: rows, errors, beneficiaries and outlay per reward, exactly."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from ..errors import InvalidInputError
from ..inputs import in_context
from ..money import ZERO, fmt_wan, fmt_yuan
from ._frames import eager
from ._results import fen_values
from ._typing import ArrowArray

__all__ = [
    "TITLES",
    "RewardSummary",
    "Summary",
    "parquet_parts",
    "process_pool",
    "summarize",
    "summarize_partitions",
]

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


PARTITION_ROWS = 1_000_000
"""Rows of one task of :func:`summarize_partitions` over Parquet files: consecutive row groups of a file are
grouped up to about this many rows (a row group is never split; a file's groups never join another file's)."""

SPLIT_EVERY = 8
"""How many partitions' counts one task of the tree reduction adds up."""

_POOLS: dict[int, Any] = {}
"""The persistent process pools of ``scheduler="processes"``, by number of workers: started once, reused."""
_POOLS_LOCK = threading.Lock()


def _one_off(policy: str) -> bool:
    """Whether ``policy``'s frame function refuses a repeated 「一次性」 scale reward (87号's, ``used_car_frame``)."""
    from ..used_car._columnar import used_car_frame
    from ._policies import POLICIES

    return POLICIES.get(policy) is used_car_frame


_KEEP_HEAP = ((-3, 1 << 30), (-1, (1 << 31) - 1), (-2, 64 << 20))
"""glibc ``mallopt`` settings of a worker process: ``M_MMAP_THRESHOLD`` 1 GiB (a partition's arrays come from the
heap, not from fresh ``mmap``s), ``M_TRIM_THRESHOLD`` at its maximum (freed memory stays in the worker for the
next partition), ``M_TOP_PAD`` 64 MiB. Each partition's arrays then reuse pages already faulted in, instead of
faulting in about a hundred megabytes anew (the kernel's page zeroing was a tenth of a partition's time, and
two workers faulting at once slowed each other). A worker keeps the memory of its largest partition."""


def _keep_heap() -> None:  # pragma: no cover - runs in the pool's processes
    """Apply :data:`_KEEP_HEAP` where the C library is glibc; elsewhere nothing changes."""
    import ctypes
    import ctypes.util

    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows): their allocators are left as they are
        return
    for option, value in _KEEP_HEAP:
        mallopt(option, value)


def _worker_start() -> None:  # pragma: no cover - runs in the pool's processes
    """Once in each worker process, before its first task: the allocator's settings (:data:`_KEEP_HEAP`), the
    imports and tables of the evaluation."""
    _keep_heap()
    from ..used_car._columnar import USED_CAR_FIELDS, used_car_frame

    empty = pa.table({field.name: pa.array([], pa.string()) for field in USED_CAR_FIELDS})
    used_car_frame(empty, keep_input=False)


def process_pool(workers: int | None = None) -> Any:
    """The persistent process pool of ``workers`` processes (default: one per CPU), started on first use.

    ``summarize_partitions(..., scheduler="processes")`` takes it when no ``pool`` is given, so the worker
    processes, their imports and tables are started once per interpreter, not once per call (``spawn``, as
    Dask's own pools; shut down at exit).
    """
    import atexit
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = workers or os.cpu_count() or 1
    with _POOLS_LOCK:  # two threads asking at once get one pool
        pool = _POOLS.get(workers)
        if pool is None or getattr(pool, "_broken", False):  # a worker died (killed, out of memory): start anew
            os.environ.setdefault("PYTHONHASHSEED", "6640")  # as Dask's pools: the same hashing in every worker
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_start)
            _POOLS[workers] = pool
            atexit.register(pool.shutdown)
    return pool


def _parquet_files(source: Any) -> list[str]:
    """The Parquet files of ``source`` in the order of their rows: a file; a folder (every file beneath it, sorted
    by path, except names starting with ``_`` or ``.`` such as ``_metadata``); or a list of files."""
    from pathlib import Path

    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if path.is_dir():
            files = sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(("_", ".")) for part in p.relative_to(path).parts)
            )
        else:
            files = [str(path)]
    else:
        files = [str(Path(p)) for p in source]
    if not files:
        raise InvalidInputError(
            f"没有Parquet文件:{source}", f"no Parquet files in {source}", field="frame", got=str(source)
        )
    return files


def parquet_parts(source: Any, partition_rows: int = PARTITION_ROWS) -> list[tuple[str, tuple[int, ...]]]:
    """The tasks of :func:`summarize_partitions` over ``source``, in the order of the rows: ``(file, row groups)``.

    Consecutive row groups of one file are grouped up to about ``partition_rows`` rows; a file without row
    groups is one (empty) task, so its columns are still checked.
    """
    import pyarrow.parquet as pq

    parts: list[tuple[str, tuple[int, ...]]] = []
    for path in _parquet_files(source):
        metadata = pq.read_metadata(path)
        group: list[int] = []
        rows = 0
        for index in range(metadata.num_row_groups):
            size = metadata.row_group(index).num_rows
            if group and rows + size > partition_rows:
                parts.append((path, tuple(group)))
                group, rows = [], 0
            group.append(index)
            rows += size
        if group or metadata.num_row_groups == 0:
            parts.append((path, tuple(group)))
    return parts


def _sorted_distinct(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """``values`` sorted, without repeats."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=np.bool_)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _found_in(values: NDArray[np.uint64], ordered: NDArray[np.uint64]) -> int:
    """How many of ``values`` are in the sorted array ``ordered``."""
    if not len(values) or not len(ordered):
        return 0
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return int((ordered[at] == values).sum())


def _code_hashes(table: Any, result: Any) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """The distinct 64-bit hashes (sorted) of the credit codes of the rows without an error, as validated
    (NFKC, stripped, upper-cased), and of those of the rows that applied for the scale reward."""
    import pyarrow.compute as pc

    from ..credit_code import validate_credit_code
    from ..used_car._columnar import USED_CAR_FIELDS
    from ._frames import resolve

    valid = _arrow(result, "error").is_null().to_numpy(zero_copy_only=False)
    scale = _arrow(result, "scale_eligible").is_valid().to_numpy(zero_copy_only=False)[valid]
    frame = eager(table)
    column: Any = frame.get_column(resolve(frame.columns, USED_CAR_FIELDS, warn=False)["credit_code"]).to_arrow()
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    codes: Any = pc.cast(column.filter(pa.array(valid)), pa.string())
    normalize: Any = pc.utf8_normalize  # type: ignore[attr-defined,unused-ignore]  # absent from the stubs
    codes = pc.utf8_upper(pc.utf8_trim_whitespace(normalize(codes, "NFKC")))
    lengths = pc.binary_length(codes)
    if len(codes) and (pc.min(lengths).as_py() != 18 or pc.max(lengths).as_py() != 18):  # not NFKC-stripped alike
        codes = pa.array([validate_credit_code(code) for code in codes.to_pylist()], pa.string())
    rows = len(codes)
    if not rows:
        empty = np.zeros(0, dtype=np.uint64)
        return empty, empty
    start = int(np.frombuffer(codes.buffers()[1], dtype=np.int32)[codes.offset])
    keys = np.frombuffer(codes.buffers()[2], dtype=np.uint8)[start : start + 18 * rows].reshape(rows, 18)
    keys = np.ascontiguousarray(keys)
    hashes = keys[:, :8].view(np.uint64)[:, 0] * np.uint64(0x9E3779B97F4A7C15)
    hashes ^= keys[:, 8:16].view(np.uint64)[:, 0]
    hashes *= np.uint64(0xC2B2AE3D27D4EB4F)
    hashes ^= keys[:, 16:].view(np.uint16)[:, 0]
    hashes *= np.uint64(0x165667B19E3779F9)
    hashes ^= hashes >> np.uint64(29)
    return _sorted_distinct(hashes), _sorted_distinct(hashes[scale])


def _parquet_counts(
    path: str, row_groups: tuple[int, ...], policy: str, params: Any, repeats: bool = False
) -> dict[str, Any]:
    """One task: read these row groups of ``path`` (one thread), evaluate them, reduce them to the counts.

    Runs where the task runs (a worker process under ``scheduler="processes"``): the rows never leave it, only
    the ``dict`` of a dozen integers does (with ``repeats``, also the hashes of its credit codes).
    """
    import pyarrow.parquet as pq

    from ._policies import evaluate

    table = pq.ParquetFile(path).read_row_groups(list(row_groups), use_threads=False)
    result = evaluate(table, policy, params=params, keep_input=False)
    counts: dict[str, Any] = _counts(result)
    if repeats:
        counts |= {"codes": _code_hashes(table, result), "repeated": 0}
    return counts


def _add_counts(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One task of the tree reduction: the counts of consecutive partitions added up (exact integers); with the
    codes' hashes, the times a code applied for the scale reward in one partition comes again in a later one."""
    total = {key: value for key, value in parts[0].items() if key != "codes"}
    for part in parts[1:]:
        for key, value in part.items():
            if key != "codes":
                total[key] = total.get(key, 0) + value
    if "codes" in parts[0]:
        seen = parts[0]["codes"][1]  # in row order: each part's codes against the earlier parts' scale codes
        for part in parts[1:]:
            total["repeated"] += _found_in(part["codes"][0], seen)
            seen = _sorted_distinct(np.concatenate([seen, part["codes"][1]]))
        total["codes"] = (_sorted_distinct(np.concatenate([part["codes"][0] for part in parts])), seen)
    return total


def _scheduler_options(scheduler: Any, compute: dict[str, Any]) -> dict[str, Any]:
    """``compute`` for processes: the persistent pool of :func:`process_pool` when no pool is given, and one task
    per dispatch unless ``chunksize`` is given (Dask's default, 6, hands ten partitions out as 6 + 4: one worker
    idles for two partitions' time while the other finishes; a partition takes far longer than a dispatch)."""
    if scheduler in ("processes", "multiprocessing"):
        compute = dict(compute)
        compute.setdefault("chunksize", 1)
        if "pool" not in compute:
            compute["pool"] = process_pool(compute.pop("num_workers", None))
    return compute


@in_context
def summarize_partitions(
    frame: Any,
    policy: str,
    *,
    params: Any = None,
    scheduler: Any = None,
    partition_rows: int = PARTITION_ROWS,
    check_repeats: bool = False,
    **compute: Any,
) -> Summary:
    """The :func:`summarize` of :func:`evaluate` over a register too large for one call, partition by partition.

    ``frame`` is a Dask frame, or a Parquet source: a file, a folder of files (every file beneath it, sorted by
    path) or a list of files. Each partition is evaluated where it is read and reduced to a dozen integer counts
    (rows, errors, beneficiaries, fen per reward); only the counts travel, and a tree of small tasks adds them
    up, exactly. From Parquet, each task reads its own file's row groups (about ``partition_rows`` rows) in the
    worker that evaluates them: nothing but file names goes to the workers, nothing but counts comes back.

    ``scheduler`` and ``compute`` go to ``dask.compute``: ``"sync"`` (one process, one thread), ``"threads"``,
    ``"processes"`` (with ``num_workers``; without a ``pool``, the persistent pool of :func:`process_pool`,
    started on first use and reused), or a ``dask.distributed`` client's; ``docs/batch.md`` says which to use
    when.

    「一次性」(a credit code's scale reward is granted once) is checked within each partition only: a code whose
    scale reward was applied for in one partition and which comes again in a later one is decided afresh
    there. The result equals ``summarize(evaluate(whole, policy))`` when no credit code repeats across
    partitions; partition the register by credit code (all rows of a code in one file) when repeats matter.
    With ``check_repeats=True`` (Parquet sources, ``"used-car"``) each task also sends back the 64-bit hashes
    of its rows' credit codes (about 8 bytes a row), a second reduction finds the codes applied for in one
    partition that come again in a later one, and any such repeat raises ``InvalidInputError`` instead of
    returning a summary that differs from one evaluation. A repeat is never missed; two different codes with
    the same hash (about one chance in 300,000 for ten million codes) would be refused as a repeat.
    """
    compute = _scheduler_options(scheduler, compute)
    if isinstance(frame, str | os.PathLike) or (isinstance(frame, list | tuple) and not hasattr(frame, "dask")):
        from dask import base
        from dask.delayed import delayed

        dask_compute: Any = base.compute
        parts = parquet_parts(frame, partition_rows)
        repeats = check_repeats and _one_off(policy)
        token = base.tokenize(parts, policy, partition_rows, repr(params), repeats)
        level = [
            delayed(_parquet_counts)(path, groups, policy, params, repeats, dask_key_name=(f"counts-{token}", i))
            for i, (path, groups) in enumerate(parts)
        ]
        depth = 0
        while len(level) > 1:
            level = [
                delayed(_add_counts)(level[start : start + SPLIT_EVERY], dask_key_name=(f"add-{depth}-{token}", start))
                for start in range(0, len(level), SPLIT_EVERY)
            ]
            depth += 1
        (counts,) = dask_compute(level[0], scheduler=scheduler, **compute)
        if counts.get("repeated"):
            raise InvalidInputError(
                f"「一次性」:统一社会信用代码在前一分区已申请规模奖励,又出现在后一分区(发现{counts['repeated']}处);"
                "分区汇总与整体评估不同。请按信用代码分区(同一代码的行放在同一文件)或整体评估",
                "「一次性」: credit codes whose scale reward was applied for in one partition come again in a later "
                f"partition ({counts['repeated']} found), where they would be decided afresh: the partition-wise "
                "summary would differ from one evaluation. Keep the rows of a credit code in one file, or evaluate "
                "the register in one call",
                field="credit_code",
                got=counts["repeated"],
            )
        return _from_counts(counts)
    import pandas as pd

    probe = _counts(evaluate_empty(frame, policy, params))
    meta = pd.DataFrame({key: pd.Series([], dtype=np.int64) for key in probe})
    partition_counts = frame.map_partitions(_partition_counts, policy, params, meta=meta)
    totals = partition_counts.sum().compute(scheduler=scheduler, **compute)
    return _from_counts({key: int(totals[key]) for key in probe})


def evaluate_empty(frame: Any, policy: str, params: Any) -> Any:
    """The result of ``policy`` on the (empty) meta of a Dask frame: which counts its partitions give."""
    from ._policies import evaluate

    return evaluate(frame._meta, policy, params=params, keep_input=False)
