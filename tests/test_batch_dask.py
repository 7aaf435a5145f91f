"""The frame function runs unchanged on Dask, partition by partition, and gives the result of one call."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import dask.dataframe as dd
import narwhals  # noqa: F401  (required: the analysis extra)
import pandas as pd
import pyarrow  # noqa: F401  (required: the analysis extra)
import pytest

from hongshan_policy import batch
from hongshan_policy.credit_code import check_character


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
