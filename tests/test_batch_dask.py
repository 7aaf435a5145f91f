"""The frame function runs unchanged on Dask, partition by partition, and gives the result of one call."""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import dask.dataframe as dd
import narwhals  # noqa: F401  (required: the analysis extra)
import pandas as pd
import pyarrow  # noqa: F401  (required: the analysis extra)
import pytest

from hongshan_policy import batch
from hongshan_policy.batch import _summary
from hongshan_policy.credit_code import check_character
from hongshan_policy.errors import InvalidInputError


def code(i: int) -> str:
    """A distinct valid credit code per row: 「一次性」 is checked within one call, so no code repeats here."""
    body = f"91150402MA{i:07d}"
    return body + check_character(body)


def register(rows: int) -> pd.DataFrame:
    """A register with every outcome: eligible, ineligible at each clause, not applied for, bad rows."""
    records = []
    for i in range(rows):
        records.append(
            {
                "name": f"经销企业{i}",
                "credit_code": code(i) if i % 11 else "91150402MA0QUC015X",
                "registered_on": date(2023, 10, 30 + i % 2),
                "registered_in_hongshan": i % 13 != 0,
                "independent_legal_person": True,
                "independent_accounting": True,
                "key_monitored": True,
                "revenue_jan_to_jul": None if i % 3 == 0 else f"{4_999_999 + i % 3:,}.{i % 100:02d}",
                "applied_on": date(2024, 8, 30) + timedelta(days=i % 3),
                "revenue_2024": "bad" if i % 17 == 0 else str(9_999_000 + i * 12_345),
                "growth_applied_on": None if i % 5 == 0 else date(2025, 3, 31) + timedelta(days=i % 2),
            }
        )
    return pd.DataFrame(records)


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_map_partitions_equals_one_call(scheduler: str) -> None:
    """Seven partitions through ``map_partitions`` on the local scheduler equal one call on the whole frame."""
    frame = register(1_000)
    whole = batch.used_car_frame(frame)
    parts = dd.from_pandas(frame, npartitions=7).map_partitions(batch.used_car_frame)
    assert parts.npartitions == 7
    result = parts.compute(scheduler=scheduler)
    assert result.index.tolist() == whole.index.tolist()
    assert result["name"].tolist() == whole["name"].tolist()
    pd.testing.assert_frame_equal(result[list(batch.USED_CAR_RESULTS)], whole[list(batch.USED_CAR_RESULTS)])
    assert whole["error"].notna().sum() > 0
    assert whole["growth_eligible"].fillna(False).sum() > 0


def test_the_summary_of_the_partitions_adds_up() -> None:
    """Summaries are exact: the partitions' totals add up to the whole's."""
    frame = register(300)
    parts = [batch.summarize(batch.used_car_frame(frame.iloc[i : i + 100])) for i in range(0, 300, 100)]
    whole = batch.summarize(batch.used_car_frame(frame))
    assert sum(p.total for p in parts) == whole.total
    assert sum(p.errors for p in parts) == whole.errors


@pytest.mark.parametrize("scheduler", ["sync", "threads", "processes"])
def test_the_partition_wise_summary_equals_the_eager_summary(scheduler: str) -> None:
    """``summarize_partitions`` (each partition reduced to counts, then added up) equals the summary of one call."""
    frame = register(600)
    whole = batch.summarize(batch.used_car_frame(frame))
    ddf = dd.from_pandas(frame, npartitions=4)
    options = {"num_workers": 2} if scheduler == "processes" else {}
    parts = batch.summarize_partitions(ddf, "used-car", scheduler=scheduler, **options)
    assert parts == whole
    assert whole.errors > 0
    assert whole.eligible > 0


def test_the_partition_wise_summary_of_a_parquet_register(tmp_path: Path) -> None:
    """Read from Parquet in partitions, the summary equals the eager summary of the whole register."""
    frame = batch.synthetic_register(3_000, seed=11)
    frame.to_parquet(tmp_path / "register.parquet")
    ddf = dd.read_parquet(tmp_path / "register.parquet").repartition(npartitions=3)
    assert batch.summarize_partitions(ddf, "used-car") == batch.summarize(batch.used_car_frame(frame))


def parquet_register(folder: Path, sizes: list[int], *, row_group_size: int | None = None) -> pd.DataFrame:
    """Parquet files of ``sizes`` rows (distinct credit codes across files), and the whole register in memory."""
    frames = []
    start = 0
    for number, size in enumerate(sizes):
        frame = batch.synthetic_register(size, seed=40 + number)
        frame["credit_code"] = [code(start + i) for i in range(size)]
        frame.index = range(start, start + size)
        frame.to_parquet(folder / f"part-{number:02d}.parquet", index=False, row_group_size=row_group_size)
        frames.append(frame)
        start += size
    return pd.concat(frames)


def test_the_parts_of_a_parquet_source(tmp_path: Path) -> None:
    """Files in path order, consecutive row groups grouped up to ``partition_rows``, a row group never split."""
    parquet_register(tmp_path, [250, 100], row_group_size=60)
    (tmp_path / "_metadata").write_bytes(b"not a data file")
    parts = _summary.parquet_parts(tmp_path, partition_rows=125)
    names = [Path(path).name for path, _ in parts]
    assert names == ["part-00.parquet"] * 3 + ["part-01.parquet"]
    assert [groups for _, groups in parts] == [(0, 1), (2, 3), (4,), (0, 1)]
    assert _summary.parquet_parts(tmp_path, partition_rows=60)[0][1] == (0,)
    assert len(_summary.parquet_parts(tmp_path / "part-01.parquet")) == 1


def test_an_empty_parquet_source_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no Parquet files"):
        batch.summarize_partitions(tmp_path, "used-car", scheduler="sync")


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_the_summary_of_parquet_files_equals_the_in_memory_evaluation(tmp_path: Path, scheduler: str) -> None:
    """Each task reads its own row groups; the counts added up equal ``summarize(evaluate(whole))``."""
    whole = parquet_register(tmp_path, [700, 0, 500, 300], row_group_size=200)
    expected = batch.summarize(batch.evaluate(whole, "used-car"))
    files = sorted(tmp_path.glob("*.parquet"))
    assert batch.summarize_partitions(tmp_path, "used-car", scheduler=scheduler, partition_rows=250) == expected
    assert batch.summarize_partitions(files, "used-car", scheduler=scheduler) == expected
    assert expected.eligible > 0
    assert expected.rows == 1_500


@pytest.mark.slow
def test_the_summary_of_parquet_files_in_worker_processes(tmp_path: Path) -> None:
    """Real worker processes (the persistent pool, started once) give the in-memory evaluation's summary."""
    whole = parquet_register(tmp_path, [1_200], row_group_size=150)
    whole.loc[whole.index[::37], ["revenue_2024", "revenue_jan_to_jul"]] = None  # neither revenue: errors
    for number, start in enumerate(range(0, 1_200, 300)):
        whole.iloc[start : start + 300].to_parquet(tmp_path / f"part-{number:02d}.parquet", row_group_size=150)
    expected = batch.summarize(batch.evaluate(whole, "used-car"))
    assert expected.errors > 0
    got = batch.summarize_partitions(
        str(tmp_path), "used-car", scheduler="processes", num_workers=2, check_repeats=True
    )
    assert got == expected
    pool = _summary.process_pool(2)
    again = batch.summarize_partitions(tmp_path, "used-car", scheduler="processes", num_workers=2, partition_rows=150)
    assert again == expected
    assert _summary.process_pool(2) is pool  # reused, not started again
    os.kill(next(iter(pool._processes)), signal.SIGKILL)  # a worker dies (killed, out of memory)
    with pytest.raises(BrokenProcessPool):
        pool.submit(time.sleep, 30).result(timeout=120)
    assert batch.summarize_partitions(tmp_path, "used-car", scheduler="processes", num_workers=2) == expected
    assert _summary.process_pool(2) is not pool  # a broken pool is replaced


def test_a_repeat_across_files_is_decided_afresh(tmp_path: Path) -> None:
    """「一次性」 is checked within a partition: the documented limit, shown (one file gives the whole's answer)."""
    first = batch.synthetic_register(50, seed=5)
    first["credit_code"] = [code(i) for i in range(50)]
    first.to_parquet(tmp_path / "a.parquet", index=False)
    first.to_parquet(tmp_path / "b.parquet", index=False)  # the same dealers apply again
    whole = pd.concat([first, first], ignore_index=True)
    in_memory = batch.summarize(batch.evaluate(whole, "used-car"))
    per_file = batch.summarize_partitions(tmp_path, "used-car", scheduler="sync")
    scale = {r.name: r for r in per_file.rewards}["scale"]
    assert scale.eligible == 2 * {r.name: r for r in in_memory.rewards}["scale"].eligible > 0
    one_file = tmp_path / "one"
    one_file.mkdir()
    whole.to_parquet(one_file / "whole.parquet", index=False)
    assert batch.summarize_partitions(one_file, "used-car", scheduler="sync") == in_memory


def two_files(folder: Path, first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    first.to_parquet(folder / "a.parquet", index=False)
    second.to_parquet(folder / "b.parquet", index=False)
    return pd.concat([first, second], ignore_index=True)


def dealers(rows: int, start: int = 0, seed: int = 5) -> pd.DataFrame:
    frame = batch.synthetic_register(rows, seed=seed)
    frame["credit_code"] = [code(start + i) for i in range(rows)]
    frame["revenue_jan_to_jul"] = Decimal("6000000.00")  # every row applies for the scale reward
    frame["applied_on"] = date(2024, 8, 1)
    return frame


@pytest.mark.clause("used-car:3.1")
def test_check_repeats_refuses_a_code_applied_for_in_an_earlier_file(tmp_path: Path) -> None:
    """With ``check_repeats``, the repeat across files is found instead of being counted twice."""
    first = dealers(30)
    second = dealers(30, start=100, seed=6)
    second.loc[7, "credit_code"] = code(3)  # applied for the scale reward in a.parquet
    two_files(tmp_path, first, second)
    with pytest.raises(InvalidInputError, match="1 found"):
        batch.summarize_partitions(tmp_path, "used-car", scheduler="sync", check_repeats=True)


@pytest.mark.clause("used-car:3.1")
def test_check_repeats_finds_a_full_width_code_applying_only_for_growth(tmp_path: Path) -> None:
    """The code as validated (NFKC): its full-width form repeats it; a later growth-only row is a repeat too
    (the joint cap reads the scale reward granted to the code)."""
    first = dealers(20)
    second = dealers(20, start=100, seed=6)
    second.loc[4, "credit_code"] = " " + code(2).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)}) + " "
    second.loc[4, "revenue_jan_to_jul"] = None
    whole = two_files(tmp_path, first, second)
    assert batch.evaluate(whole, "used-car")["scale_first_applied_row"].notna().sum() == 0  # growth only
    with pytest.raises(InvalidInputError, match="credit code"):
        batch.summarize_partitions(tmp_path, "used-car", scheduler="sync", check_repeats=True)


@pytest.mark.clause("used-car:3.1")
def test_check_repeats_lets_through_what_one_evaluation_decides_alike(tmp_path: Path) -> None:
    """Repeats within one file, and a code first seen without a scale application, give one evaluation's summary."""
    first = dealers(20)
    first.loc[9, "credit_code"] = code(1)  # a repeat within a.parquet: decided there
    first.loc[5, "revenue_jan_to_jul"] = None  # code(5) applies for growth only in a.parquet ...
    second = dealers(20, start=100, seed=6)
    second.loc[3, "credit_code"] = code(5)  # ... and for the scale reward in b.parquet: not a repeat
    whole = two_files(tmp_path, first, second)
    expected = batch.summarize(batch.evaluate(whole, "used-car"))
    got = batch.summarize_partitions(tmp_path, "used-car", scheduler="sync", check_repeats=True)
    assert got == expected
    assert batch.evaluate(whole, "used-car")["scale_first_applied_row"].notna().sum() == 1


def test_processes_get_one_task_per_dispatch_unless_told() -> None:
    """Dask hands ready tasks to worker processes 6 at a time by default: ten partitions on two workers would run
    as 6 + 4. The library asks for one at a time, keeps a caller's ``chunksize`` and pool, and leaves threads alone."""
    options = _summary._scheduler_options("processes", {"num_workers": 2})
    assert options["chunksize"] == 1
    assert options["pool"] is _summary.process_pool(2)
    assert "num_workers" not in options
    mine = object()
    assert _summary._scheduler_options("processes", {"pool": mine, "chunksize": 3}) == {"pool": mine, "chunksize": 3}
    assert _summary._scheduler_options("threads", {"num_workers": 2}) == {"num_workers": 2}
    assert _summary._scheduler_options("sync", {}) == {}


_HEAP_OF_A_PARTITION = """
import ctypes
import numpy as np
from hongshan_policy.batch import _summary

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
if {keep}:
    _summary._keep_heap()
array = np.ones(20_000_000)  # 160 MB: a partition's column
mapped = libc.mallinfo2().hblkhd  # bytes in blocks of their own (mmap), given back on free
del array
print(mapped, libc.mallinfo2().arena)  # and the heap kept after the free
"""


def test_a_worker_keeps_its_heap_where_the_c_library_is_glibc() -> None:
    """The workers' allocator settings (``_keep_heap``): a partition-sized array comes from the heap, not from an
    ``mmap`` of its own, and its memory stays with the worker after it is freed, so the next partition reuses pages
    already faulted in. Elsewhere than glibc nothing changes and nothing fails."""
    import platform
    import subprocess
    import sys

    def heap(keep: bool) -> tuple[int, int]:
        run = subprocess.run(
            [sys.executable, "-c", _HEAP_OF_A_PARTITION.format(keep=keep)], capture_output=True, text=True, check=True
        )
        mapped, arena = run.stdout.split()
        return int(mapped), int(arena)

    if platform.libc_ver()[0] != "glibc":
        _summary._keep_heap()  # a no-op there
        return
    size = 160_000_000
    mapped, arena = heap(False)
    assert mapped >= size > arena  # by default: an mmap of its own, returned on free
    mapped, arena = heap(True)
    assert mapped < size <= arena  # kept: from the heap, and still there after the free
