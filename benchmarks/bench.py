"""Benchmark of hongshan_policy: one application, the scalar path in bulk, the columnar kernels. Not a test.

Run from the repository root, with the ``analysis`` extra installed::

    python benchmarks/bench.py            # the figures of docs/performance.md
    python benchmarks/bench.py --quick    # a smaller run to check the script
    python benchmarks/bench.py --only a   # one section (a, b, c or d; repeatable)
    python benchmarks/bench.py --only a --compare ../before/src   # (a) here and on another checkout, alternating

Prints the machine, Python and package versions, then

(a) ``used_car.assess`` of one application given as a JSON-like ``dict``,
    validation included: median over 10,000 calls;
(b) the scalar path over 100,000 dealers (``assess`` of each ``dict``);
(c) the columnar path at 1,000,000 rows: the scale reward, the growth reward
    and the rent subsidy of one lease year together, from numeric columns
    (int64 fen, day numbers, flags) to result columns; rows/s, the rows that
    differ from the scalar path (all rows against an independent integer
    re-derivation, and a sample through the scalar rule functions themselves:
    both must be 0), and peak memory;
(d) for information, the frame path: a 1,000,000-row polars frame of typed
    columns, validated and evaluated by ``batch.used_car_frame``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from hongshan_policy import batch, headquarters, used_car
from hongshan_policy.batch import _kernels
from hongshan_policy.batch._synthetic import synthetic_columns
from hongshan_policy.credit_code import check_character

try:  # the documents' columnar modules; ``--compare`` also runs this script on checkouts from before they moved
    from hongshan_policy.headquarters import _rent_kernels
    from hongshan_policy.used_car import _kernels as uc_kernels
except ImportError:
    from hongshan_policy.batch import _kernels as uc_kernels  # type: ignore[no-redef]
    from hongshan_policy.batch import _rent_kernels  # type: ignore[attr-defined,no-redef]

EPOCH = date(1970, 1, 1)
D = Decimal


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine() -> None:
    """Print the machine, Python and the versions of the packages involved."""
    print("== machine ==")
    print(f"platform      {platform.platform()}")
    print(f"cpu           {_cpu_model()} ({os.cpu_count()} logical CPUs)")
    print(f"python        {sys.version.split()[0]} ({platform.python_implementation()})")
    packages = ["hongshan-policy", "pydantic", "numpy", "pyarrow", "narwhals", "pandas", "polars"]
    versions = []
    for name in packages:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    print(f"packages      {', '.join(versions)}")


def day(number: int) -> date:
    return date.fromordinal(EPOCH.toordinal() + int(number))


def _code(i: int) -> str:
    """A distinct, well-formed 统一社会信用代码 for dealer ``i``."""
    first17 = f"91150402MA{i:07d}"
    return first17 + check_character(first17)


def application(columns: dict[str, np.ndarray], i: int) -> dict[str, Any]:
    """Row ``i`` of the synthetic register as the JSON-like ``dict`` the command line and the API take."""
    record: dict[str, Any] = {
        "policy": "used-car",
        "dealer": {
            "name": f"赤峰红山第{i + 1}号二手车经销有限公司",
            "credit_code": _code(i),  # one code per dealer: 「一次性奖励」 is paid once per code (assess_many)
            "registered_on": day(columns["registered_on"][i]).isoformat(),
            "registered_in_hongshan": bool(columns["registered_in_hongshan"][i]),
            "independent_legal_person": bool(columns["independent_legal_person"][i]),
            "independent_accounting": bool(columns["independent_accounting"][i]),
            "key_monitored": bool(columns["key_monitored"][i]),
        },
        "revenue_jan_to_jul": str(D(int(columns["revenue_jan_to_jul"][i])) / 100),
        "applied_on": day(columns["applied_on"][i]).isoformat(),
        "revenue_2024": str(D(int(columns["revenue_2024"][i])) / 100),
        "growth_applied_on": day(columns["growth_applied_on"][i]).isoformat(),
    }
    return record


# ---------------------------------------------------------------------------
# (a) and (b): the scalar path
# ---------------------------------------------------------------------------


HQ_EXAMPLES = ("rent", "land")
"""The 79号 applications of examples/hq/ that (a) also times through ``headquarters.assess``."""


def _median_us(call: Any, argument: Any, calls: int) -> tuple[float, float, float]:
    """(median, p10, p90) in µs of ``call(argument)`` over ``calls`` calls, after 1,000 warm-up calls."""
    for _ in range(1000):
        call(argument)
    times = []
    clock = time.perf_counter_ns
    for _ in range(calls):
        start = clock()
        call(argument)
        times.append(clock() - start)
    times.sort()
    return statistics.median(times) / 1000, times[len(times) // 10] / 1000, times[9 * len(times) // 10] / 1000


def bench_one(calls: int) -> None:
    columns = synthetic_columns(1, seed=1)
    record = application(columns, 0)
    median, p10, p90 = _median_us(used_car.assess, record, calls)
    print(f"\n== (a) one application: used_car.assess(dict), validation included, {calls:,} calls ==")
    print(f"median {median:.1f} µs; p10 {p10:.1f} µs; p90 {p90:.1f} µs")
    examples = Path(__file__).resolve().parent.parent / "examples" / "hq"
    for name in HQ_EXAMPLES:
        hq_record = json.loads((examples / f"{name}.json").read_text(encoding="utf-8"))
        median, p10, p90 = _median_us(headquarters.assess, hq_record, calls)
        print(f"headquarters.assess(dict) of examples/hq/{name}.json: median {median:.1f} µs; p10 {p10:.1f} µs")


_MEDIAN = re.compile(r"(?:^median|\.json: median) ([0-9.]+) µs", re.MULTILINE)


def compare_one(other_src: str, calls: int, rounds: int) -> int:
    """Section (a) on this checkout and on ``other_src``, in alternating child processes, then the ratios."""
    here = str(Path(__file__).resolve().parent.parent / "src")
    other = str(Path(other_src).resolve())
    labels = ["used_car.assess", *(f"hq {name}" for name in HQ_EXAMPLES)]
    medians: dict[str, list[list[float]]] = {here: [], other: []}
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for round_ in range(rounds):
        for src in (other, here) if round_ % 2 else (here, other):
            env = {**os.environ, "PYTHONPATH": src}
            output = subprocess.run(
                [sys.executable, __file__, "--only", "a", "--calls", str(calls)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            medians[src].append([float(m) for m in _MEDIAN.findall(output)])
    print(f"load average at end:   {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"medians of {calls:,} calls in µs, {rounds} alternating rounds (this checkout {here} / other {other}):")
    for column, label in enumerate(labels):
        mine = [row[column] for row in medians[here] if len(row) > column]
        theirs = [row[column] for row in medians[other] if len(row) > column]
        if not mine or not theirs:
            print(f"{label:>16}: not measured on both")
            continue
        best_mine, best_theirs = min(mine), min(theirs)
        print(
            f"{label:>16}: this {' '.join(f'{x:.1f}' for x in mine)} (best {best_mine:.1f}); "
            f"other {' '.join(f'{x:.1f}' for x in theirs)} (best {best_theirs:.1f}); "
            f"ratio of medians {statistics.median(mine) / statistics.median(theirs):.2f}, "
            f"of bests {best_mine / best_theirs:.2f}"
        )
    return 0


def bench_scalar(rows: int) -> None:
    columns = synthetic_columns(rows, seed=2)
    records = [application(columns, i) for i in range(rows)]
    gc.collect()
    start = time.perf_counter()
    streamed = sum((used_car.assess(record).total for record in records), D(0))
    streaming = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    results = [used_car.assess(record) for record in records]
    keeping = time.perf_counter() - start
    assert sum((r.total for r in results), D(0)) == streamed
    del results
    gc.collect()
    start = time.perf_counter()
    batch_results = used_car.assess_many(records, progress=False)
    many = time.perf_counter() - start
    assert sum((r.total for r in batch_results), D(0)) == streamed
    print(f"\n== (b) scalar path: used_car.assess over {rows:,} dealers (dicts, validation included) ==")
    print(
        f"streaming (each assessment dropped after use): {streaming:.2f} s; {streaming / rows * 1e6:.1f} µs per dealer"
    )
    print(
        f"keeping all {rows:,} assessments in a list: {keeping:.2f} s; {keeping / rows * 1e6:.1f} µs per dealer "
        "(the difference is Python's cyclic garbage collector walking the growing heap)"
    )
    print(
        f"used_car.assess_many over all {rows:,} (keeps them; fewer collections, collector on): {many:.2f} s; "
        f"{many / rows * 1e6:.1f} µs per dealer"
    )
    print(f"total rewarded {streamed:,} yuan")


# ---------------------------------------------------------------------------
# (c): the columnar kernels
# ---------------------------------------------------------------------------

HQ = headquarters.DEFAULTS
HQ_FIRST = HQ.valid_from
HQ_LAST = HQ.valid_until


def columnar_inputs(rows: int, seed: int) -> dict[str, np.ndarray]:
    """Numeric input columns: the used-car register plus one lease year per row."""
    columns = synthetic_columns(rows, seed=seed)
    rng = np.random.default_rng(seed + 1)
    first, last = _kernels.day_number(HQ_FIRST), _kernels.day_number(HQ_LAST)
    columns["lease_start"] = rng.integers(first, last + 1, rows).astype(np.int32)
    columns["lease_year"] = rng.integers(1, 7, rows).astype(np.int8)
    columns["floor_area"] = rng.integers(1_000_000, 3_000_001, rows)  # 10,000.00–30,000.00 m², in centi-m²
    columns["agreed_rate"] = rng.integers(50, 151, rows)  # 0.50–1.50 yuan per m² per day, in fen
    columns["rent_conditions"] = rng.random(rows) < 0.8
    return columns


def outputs(rows: int) -> dict[str, np.ndarray]:
    return {
        "scale_eligible": np.empty(rows, dtype=np.bool_),
        "scale_amount": np.empty(rows, dtype=np.int64),
        "scale_failed": np.empty(rows, dtype=np.int8),
        "growth_eligible": np.empty(rows, dtype=np.bool_),
        "growth_amount": np.empty(rows, dtype=np.int64),
        "growth_failed": np.empty(rows, dtype=np.int8),
        "rent_amount": np.empty(rows, dtype=np.int64),
    }


def evaluate_columns(
    c: dict[str, np.ndarray], out: dict[str, np.ndarray], *, workers: int | None, chunk_rows: int
) -> None:
    """The three rules over all rows, chunk by chunk, written into ``out``."""
    k = uc_kernels.UsedCarIntegers.from_parameters()
    r = _rent_kernels.RentIntegers.from_parameters()

    def work(s: slice) -> None:
        dealer = uc_kernels.dealer_kernel(
            k,
            c["registered_on"][s],
            c["registered_in_hongshan"][s],
            c["independent_legal_person"][s],
            c["independent_accounting"][s],
            c["key_monitored"][s],
        )
        scale = _kernels.KernelResult(out["scale_eligible"][s], out["scale_amount"][s], out["scale_failed"][s])
        uc_kernels.scale_kernel(k, dealer, c["revenue_jan_to_jul"][s], c["applied_on"][s], out=scale)
        growth = _kernels.KernelResult(out["growth_eligible"][s], out["growth_amount"][s], out["growth_failed"][s])
        uc_kernels.growth_kernel(
            k, dealer, c["revenue_2024"][s], c["growth_applied_on"][s], c["growth_dated"][s], out=growth
        )
        rent = _rent_kernels.rent_year_amounts(
            r, c["floor_area"][s], c["agreed_rate"][s], c["lease_start"][s], c["lease_year"][s],
            out=out["rent_amount"][s],
        )  # fmt: skip
        rent *= c["rent_conditions"][s]

    _kernels.run_chunked(work, len(c["registered_on"]), workers=workers, chunk_rows=chunk_rows)


def rederive(c: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """An independent integer re-derivation of scale and growth, written out from the text, without the kernels."""
    p = used_car.DEFAULTS
    fen = {
        name: int(getattr(p, name) * 100) for name in ("scale_revenue_min", "growth_revenue_min", "growth_upper_from")
    }
    days = {name: _kernels.day_number(getattr(p, name)) for name in ("registered_from", "scale_apply_by", "valid_from")}
    until = _kernels.day_number(p.valid_until)
    dealer = (
        (c["registered_on"] >= days["registered_from"])  # 「2023年10月31日以后」
        & c["registered_in_hongshan"]
        & c["independent_legal_person"]
        & c["independent_accounting"]
        & c["key_monitored"]
    )
    scale_date = c["applied_on"]
    valid_scale = (scale_date >= days["valid_from"]) & (scale_date <= until)
    scale_ok = dealer & (c["revenue_jan_to_jul"] >= fen["scale_revenue_min"]) & (scale_date <= days["scale_apply_by"])
    scale_ok &= valid_scale
    revenue = c["revenue_2024"]
    growth_date = c["growth_applied_on"]
    valid_growth = ~c["growth_dated"] | ((growth_date >= days["valid_from"]) & (growth_date <= until))
    growth_ok = dealer & (revenue > fen["growth_revenue_min"]) & valid_growth
    per_mille = np.where(revenue >= fen["growth_upper_from"], 7, 6)
    quotient, remainder = np.divmod(revenue * per_mille, 1000)
    amount = np.minimum(quotient + (2 * remainder >= 1000), int(p.growth_cap * 100))
    return {
        "scale_eligible": scale_ok,
        "scale_amount": np.where(scale_ok, int(p.scale_reward_amount * 100), 0),
        "growth_eligible": growth_ok,
        "growth_amount": np.where(growth_ok, amount, 0),
    }


def _dealer(c: dict[str, np.ndarray], i: int) -> used_car.Dealer:
    return used_car.Dealer(
        name="甲",
        credit_code="91150402MA0QUC015R",
        registered_on=day(c["registered_on"][i]),
        registered_in_hongshan=bool(c["registered_in_hongshan"][i]),
        independent_legal_person=bool(c["independent_legal_person"][i]),
        independent_accounting=bool(c["independent_accounting"][i]),
        key_monitored=bool(c["key_monitored"][i]),
    )


def _enterprise(eligible: bool, registered: date) -> headquarters.Enterprise:
    return headquarters.Enterprise(
        name="乙",
        credit_code="91150402MA0QUC015R",
        registered_on=registered,
        registered_in_hongshan=True,
        independent_legal_person=True,
        independent_accounting=True,
        serious_dishonesty_record=False,
        hq_functions=eligible,
        registered_capital=D(20_000_000),
        industry_code="I65",
        business_form=headquarters.BusinessForm.DIGITAL_ECONOMY,
        conforms_to_industrial_policy=True,
        statistics_registered_on=registered + timedelta(days=30),
    )


def scalar_differences(c: dict[str, np.ndarray], out: dict[str, np.ndarray], sample: np.ndarray) -> int:
    """Rows of ``sample`` where any of the three results differs from the scalar rule functions."""
    differing = 0
    enterprises = {flag: _enterprise(flag, HQ_FIRST) for flag in (True, False)}
    for i in sample.tolist():
        dealer = _dealer(c, i)
        scale = used_car.scale_reward(dealer, D(int(c["revenue_jan_to_jul"][i])) / 100, day(c["applied_on"][i]))
        growth = used_car.growth_reward(
            dealer,
            D(int(c["revenue_2024"][i])) / 100,
            applied_on=day(c["growth_applied_on"][i]) if c["growth_dated"][i] else None,
        )
        start = day(c["lease_start"][i])
        lease = headquarters.Lease(
            signed_on=start,
            start=start,
            floor_area_m2=D(int(c["floor_area"][i])) / 100,
            district=headquarters.District.WANDA,
            agreed_rate=D(int(c["agreed_rate"][i])) / 100,
            specialised_ratio=D("0.8"),
        )
        rent = headquarters.rent_subsidy(enterprises[bool(c["rent_conditions"][i])], lease, int(c["lease_year"][i]))
        same = (
            out["scale_eligible"][i] == scale.eligible
            and out["scale_amount"][i] == int(scale.amount * 100)
            and uc_kernels.CLAUSES[out["scale_failed"][i]] == scale.first_failed_clause
            and out["growth_eligible"][i] == growth.eligible
            and out["growth_amount"][i] == int(growth.amount * 100)
            and uc_kernels.CLAUSES[out["growth_failed"][i]] == growth.first_failed_clause
            and out["rent_amount"][i] == int(rent.amount * 100)
        )
        differing += not same
    return differing


def bench_columnar(rows: int, sample_rows: int, repeat: int, workers: int | None, chunk_rows: int) -> str:
    c = columnar_inputs(rows, seed=3)
    out = outputs(rows)
    evaluate_columns(c, out, workers=workers, chunk_rows=chunk_rows)  # warm-up: builds the lease-year table
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        evaluate_columns(c, out, workers=workers, chunk_rows=chunk_rows)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    reference = rederive(c)
    full = ~(
        (out["scale_eligible"] == reference["scale_eligible"])
        & (out["scale_amount"] == reference["scale_amount"])
        & (out["growth_eligible"] == reference["growth_eligible"])
        & (out["growth_amount"] == reference["growth_amount"])
    )
    sample = np.random.default_rng(4).choice(rows, size=min(sample_rows, rows), replace=False)
    start = time.perf_counter()
    differing = scalar_differences(c, out, np.sort(sample))
    sample_seconds = time.perf_counter() - start
    inputs_mb = sum(a.nbytes for a in c.values()) / 2**20
    outputs_mb = sum(a.nbytes for a in out.values()) / 2**20
    del c, out, reference
    gc.collect()
    tracemalloc.start()
    traced = columnar_inputs(rows, seed=3)
    traced_out = outputs(rows)
    evaluate_columns(traced, traced_out, workers=workers, chunk_rows=chunk_rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced, traced_out
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    threads = workers or os.cpu_count()
    return "\n".join(
        [
            f"\n== (c) columnar path: scale + growth + rent year over {rows:,} rows, "
            f"numeric columns to result columns ({threads} threads, chunks of {chunk_rows:,} rows) ==",
            f"median {median * 1e3:.1f} ms (best {min(times) * 1e3:.1f} ms of {repeat}) "
            f"= {rows / median / 1e6:.1f} million rows/s for the three rules together",
            f"rows differing from an independent integer re-derivation (scale, growth; all {rows:,} rows): "
            f"{int(full.sum())}",
            f"rows differing from the scalar rule functions (scale_reward, growth_reward, rent_subsidy; "
            f"{len(sample):,} sampled rows, checked in {sample_seconds:.1f} s): {differing}",
            f"memory: inputs {inputs_mb:.0f} MiB, results {outputs_mb:.0f} MiB; tracemalloc peak (inputs, results "
            f"and temporaries) {peak / 2**20:.0f} MiB; process max RSS so far {maxrss_mb:.0f} MiB",
        ]
    )


def bench_frame(rows: int) -> str:
    frame = batch.synthetic_register(rows, seed=5, backend="polars")
    batch.used_car_frame(frame.head(1000))
    start = time.perf_counter()
    result = batch.used_car_frame(frame)
    seconds = time.perf_counter() - start
    summary = batch.summarize(result)
    return (
        f"\n== (d) frame path: batch.used_car_frame on a {rows:,}-row polars frame (typed columns, validation, "
        f"both rewards, result frame) ==\n{seconds:.2f} s = {rows / seconds / 1e6:.2f} million rows/s; {summary}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the columnar benchmark (c)")
    parser.add_argument("--scalar-rows", type=int, default=100_000, help="dealers of the scalar benchmark (b)")
    parser.add_argument("--calls", type=int, default=10_000, help="calls of the one-application benchmark (a)")
    parser.add_argument("--sample", type=int, default=100_000, help="rows of (c) checked by the scalar functions")
    parser.add_argument("--repeat", type=int, default=15, help="timed repetitions of (c)")
    parser.add_argument("--threads", type=int, default=None, help="threads for (c) (default: the CPUs)")
    parser.add_argument("--chunk-rows", type=int, default=1 << 17, help="rows per chunk of (c)")
    parser.add_argument("--frame-rows", type=int, default=1_000_000, help="rows of the frame benchmark (d)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the script")
    parser.add_argument(
        "--only", action="append", choices="abcd", help="run only this section (repeatable; default: all)"
    )
    parser.add_argument(
        "--compare",
        metavar="SRC",
        help="(a) only: time this checkout and the one whose src directory is SRC in alternating child processes",
    )
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of --compare")
    args = parser.parse_args(argv)
    if args.compare:
        return compare_one(args.compare, args.calls, args.rounds)
    sections = set(args.only or "abcd")
    if args.quick:
        args.rows, args.scalar_rows, args.calls, args.sample, args.frame_rows, args.repeat = (
            100_000,
            2_000,
            1_000,
            2_000,
            100_000,
            3,
        )
    machine()
    columnar = ""
    if "c" in sections:  # first: fresh RSS
        columnar = bench_columnar(args.rows, args.sample, args.repeat, args.threads, args.chunk_rows)
    if "a" in sections:
        bench_one(args.calls)
    if "b" in sections:
        bench_scalar(args.scalar_rows)
    if columnar:
        print(columnar)
    if "d" in sections:
        print(bench_frame(args.frame_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
