"""Side by side in one run: OpenFisca 46, a fused compiled loop (the floor) and hongshan_policy. Not a test.

The same three rules (87号's used-car scale reward and growth reward, 79号's rent subsidy of one
lease year) on the same deterministic population, each result checked to the fen against an
exact ``Decimal`` reference computed row by row::

    pip install -e '.[analysis,bench]'                 # openfisca-core 46, numba, dask
    python benchmarks/compare.py                        # 1M rows; the figures of docs/performance.md
    python benchmarks/compare.py --quick                # small sizes, to check the script
    python benchmarks/compare.py --dask-rows 10000000   # adds Dask on 10M rows from Parquet
    python benchmarks/compare.py --dask-only            # only Dask (10M rows unless --dask-rows)
    python benchmarks/compare.py --openfisca-python /work/bench-venv/bin/python   # OpenFisca in its own venv

Without ``openfisca-core`` in this interpreter, ``--openfisca-python`` runs the OpenFisca part in a
subprocess of another interpreter (same population, same run); without numba the floor is a C
loop compiled with ``cc`` at run time. Prints absolute times *and* ratios.

Measures (medians of ``--repeat`` runs, after a warm-up):

- OpenFisca: the bare computation (``simulation.calculate`` of the outputs on a simulation whose
  inputs are already set; a fresh simulation for each run, since OpenFisca caches), and one
  application built from a ``dict`` (``SimulationBuilder.build_from_entities``) and calculated;
- the floor: one fused loop over the rows, all three rules, the same outputs as the kernels;
- hongshan_policy: the kernels (numeric columns to result columns) on 1 and 2 threads; the whole
  used-car frame path (``batch.used_car_frame`` on a polars frame of typed columns, validation
  included); ``used_car.assess(dict)``; optionally ``batch.summarize_partitions`` on Dask.

Ends with issue 12's targets, each with this run's figure and whether it is met, read against OpenFisca computing
the three rules (the comparator of the issue's own figures), with the stricter like-for-like ratios (OpenFisca
computing only the two used-car rewards) beside them (docs/performance.md, round 5).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench

from hongshan_policy import batch, headquarters, used_car
from hongshan_policy.batch import _kernels
from hongshan_policy.headquarters import _rent_kernels
from hongshan_policy.used_car import _kernels as uc_kernels

FEN = Decimal("0.01")


def _median(run: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    """(median, min, max) seconds of ``repeat`` timed runs after one warm-up run."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def _spread(timing: tuple[float, float, float]) -> str:
    median, low, high = timing
    return f"{median * 1e3:8.1f} ms (min {low * 1e3:.1f}, max {high * 1e3:.1f})"


# ---------------------------------------------------------------------------- the exact reference


def reference(c: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Scale, growth and rent amounts in fen, row by row in ``Decimal`` from the parameters (no kernel code)."""
    p, hq = used_car.DEFAULTS, headquarters.DEFAULTS
    day = bench.day
    rows = len(c["registered_on"])
    scale = np.zeros(rows, dtype=np.int64)
    growth = np.zeros(rows, dtype=np.int64)
    rent = np.zeros(rows, dtype=np.int64)
    columns = {name: c[name].tolist() for name in c}
    for i in range(rows):
        dealer = (
            day(columns["registered_on"][i]) >= p.registered_from
            and columns["registered_in_hongshan"][i]
            and columns["independent_legal_person"][i]
            and columns["independent_accounting"][i]
            and columns["key_monitored"][i]
        )
        applied = day(columns["applied_on"][i])
        if (
            dealer
            and Decimal(columns["revenue_jan_to_jul"][i]) / 100 >= p.scale_revenue_min
            and applied <= p.scale_apply_by
            and p.valid_from <= applied <= p.valid_until
        ):
            scale[i] = int(p.scale_reward_amount * 100)
        revenue = Decimal(columns["revenue_2024"][i]) / 100
        growth_on = day(columns["growth_applied_on"][i])
        valid = not columns["growth_dated"][i] or p.valid_from <= growth_on <= p.valid_until
        if dealer and revenue > p.growth_revenue_min and valid:
            rate = p.growth_upper_rate if revenue >= p.growth_upper_from else p.growth_rate
            growth[i] = int(min((revenue * rate).quantize(FEN, ROUND_HALF_UP), p.growth_cap) * 100)
        if columns["rent_conditions"][i]:
            year = columns["lease_year"][i]
            start = day(columns["lease_start"][i])
            from hongshan_policy.dates import months_after

            days = (months_after(start, 12 * year) - months_after(start, 12 * (year - 1))).days
            share = (
                hq.rent_full_share
                if year <= hq.rent_full_years
                else hq.rent_half_share
                if year <= hq.rent_full_years + hq.rent_half_years
                else Decimal(0)
            )
            amount = Decimal(columns["floor_area"][i]) / 100 * Decimal(columns["agreed_rate"][i]) / 100 * days * share
            rent[i] = int(min(amount.quantize(FEN, ROUND_HALF_UP), hq.rent_annual_cap) * 100)
    return {"scale": scale, "growth": growth, "rent": rent}


def mismatches(got: dict[str, np.ndarray], ref: dict[str, np.ndarray]) -> tuple[str, int]:
    """Rows whose amount differs from the reference by at least one fen, per rule (text), and their total."""
    counts = {name: int((values != ref[name]).sum()) for name, values in got.items()}
    return ", ".join(f"{name} {count:,}" for name, count in counts.items()), sum(counts.values())


# ---------------------------------------------------------------------------- OpenFisca


def openfisca_inputs(c: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The population in OpenFisca's units: yuan and m² (as floats), day numbers, flags."""
    import openfisca_rules as rules

    inputs = {name: c[name] for name in rules.INPUTS if name in c}
    for name in ("revenue_jan_to_jul", "revenue_2024", "floor_area", "agreed_rate"):
        inputs[name] = c[name] / 100
    return inputs


def openfisca_part(c: dict[str, np.ndarray], repeat: int, calls: int) -> dict[str, Any]:
    """OpenFisca's figures and fen amounts (run here or in the subprocess of ``--openfisca-python``)."""
    from importlib import metadata

    import openfisca_rules as rules

    tbs = rules.system()
    inputs = openfisca_inputs(c)
    built: list[Any] = []

    def build() -> None:
        built.append(rules.simulation(tbs, inputs))

    build_time = _median(build, 1)
    prepared = iter([rules.simulation(tbs, inputs) for _ in range(repeat + 1)])
    amounts: dict[str, np.ndarray] = {}

    def compute_all() -> None:
        amounts.update(rules.calculate(next(prepared)))

    all_time = _median(compute_all, repeat)
    prepared_used_car = iter([rules.simulation(tbs, inputs) for _ in range(repeat + 1)])

    def compute_used_car() -> None:
        sim = next(prepared_used_car)
        sim.calculate("scale_reward", rules.PERIOD)
        sim.calculate("growth_reward", rules.PERIOD)

    used_car_time = _median(compute_used_car, repeat)
    used_car_inputs = [name for name in rules.INPUTS if not name.startswith(("lease", "floor", "agreed", "rent"))]
    record = {name: inputs[name][0].item() for name in used_car_inputs}
    everything = {name: values[0].item() for name, values in inputs.items()}
    per_call = {}
    for key, (data, outputs) in {
        "one_us": (record, ("scale_reward", "growth_reward")),
        "one_all_us": (everything, rules.OUTPUTS),
    }.items():
        for _ in range(20):
            rules.one(tbs, data, outputs)
        times = []
        for _ in range(calls):
            start = time.perf_counter_ns()
            rules.one(tbs, data, outputs)
            times.append(time.perf_counter_ns() - start)
        per_call[key] = statistics.median(times) / 1000
    fen = {
        "scale": np.rint(amounts["scale_reward"].astype(np.float64) * 100).astype(np.int64),
        "growth": np.rint(amounts["growth_reward"].astype(np.float64) * 100).astype(np.int64),
        "rent": np.rint(amounts["rent_subsidy"].astype(np.float64) * 100).astype(np.int64),
    }
    return {
        "version": metadata.version("openfisca-core"),
        "dtype": str(amounts["growth_reward"].dtype),
        "build": build_time,
        "all": all_time,
        "used_car": used_car_time,
        **per_call,
        "fen": fen,
    }


def openfisca(c: dict[str, np.ndarray], repeat: int, calls: int, python: str | None) -> dict[str, Any] | None:
    """OpenFisca's part in this interpreter, or in a subprocess of ``python`` (the same population)."""
    if python is None:
        try:
            import openfisca_core  # noqa: F401
        except ImportError:
            print("openfisca-core is not installed here: pip install -e '.[bench]' or give --openfisca-python")
            return None
        return openfisca_part(c, repeat, calls)
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.pickle", Path(folder) / "out.pickle"
        source.write_bytes(pickle.dumps((c, repeat, calls)))
        code = (
            "import pickle, sys; sys.path.insert(0, sys.argv[3]); import compare; "
            "c, r, n = pickle.loads(open(sys.argv[1], 'rb').read()); "
            "open(sys.argv[2], 'wb').write(pickle.dumps(compare.openfisca_part(c, r, n)))"
        )
        here = str(Path(__file__).resolve().parent)
        subprocess.run([python, "-c", code, str(source), str(target), here], check=True)
        result: dict[str, Any] = pickle.loads(target.read_bytes())
        return result


# ---------------------------------------------------------------------------- the floor


def _tables(years: int) -> tuple[np.ndarray, int]:
    """Days from each start day (1900–2199) to the first day of each lease year (``_kernels.add_months``)."""
    first = _kernels.day_number(datetime(1900, 1, 1).date())
    starts = np.arange(first, _kernels.day_number(datetime(2199, 12, 31).date()) + 1, dtype=np.int64)
    table = np.stack([_kernels.add_months(starts, 12 * n) - starts for n in range(years + 1)]).astype(np.int32)
    return table, first


_C_LOOP = r"""
#include <stdint.h>
void fused(int64_t n, const int32_t *reg, const uint8_t *hs, const uint8_t *lp, const uint8_t *ac,
           const uint8_t *km, const int64_t *rev7, const int32_t *app, const int64_t *rev24,
           const int32_t *gapp, const uint8_t *dated, const int32_t *lstart, const int8_t *lyear,
           const int64_t *area, const int64_t *rate, const uint8_t *cond, const int32_t *table, int64_t width,
           int64_t first, const int64_t *k, uint8_t *se, int64_t *sa, int8_t *sf, uint8_t *ge, int64_t *ga,
           int8_t *gf, int64_t *ra) {
  for (int64_t i = 0; i < n; i++) {
    int dealer = reg[i] >= k[0] && hs[i] && lp[i] && ac[i] && km[i];
    int own = rev7[i] >= k[1] && app[i] <= k[2];
    int valid = app[i] >= k[3] && app[i] <= k[4];
    int ok = dealer && own && valid;
    se[i] = ok; sa[i] = ok ? k[5] : 0; sf[i] = !dealer ? 1 : !own ? 2 : !valid ? 4 : 0;
    int64_t r = rev24[i];
    int above = r > k[6];
    int gvalid = !dated[i] || (gapp[i] >= k[3] && gapp[i] <= k[4]);
    int64_t clipped = r < k[11] ? r : k[11];
    int64_t g = (clipped * (r >= k[7] ? k[9] : k[8]) + k[10] / 2) / k[10];
    if (g > k[12]) g = k[12];
    int gok = dealer && above && gvalid;
    ge[i] = gok; ga[i] = gok ? g : 0; gf[i] = !dealer ? 1 : !above ? 3 : !gvalid ? 4 : 0;
    int64_t y = lyear[i], s = lstart[i] - first;
    int64_t days = table[y * width + s] - table[(y - 1) * width + s];
    int64_t share = y <= k[13] ? k[15] : y <= k[13] + k[14] ? k[16] : 0;
    int64_t product = area[i] * rate[i];
    if (product > k[18]) product = k[18];
    int64_t amount = (product * days * share + 50 * k[17]) / (100 * k[17]);
    if (amount > k[19]) amount = k[19];
    ra[i] = cond[i] ? amount : 0;
  }
}
"""


def _constants() -> np.ndarray:
    k = uc_kernels.UsedCarIntegers.from_parameters()
    r = _rent_kernels.RentIntegers.from_parameters()
    return np.array(
        [
            k.registered_from, k.scale_revenue_min, k.scale_apply_by, k.valid_from, k.valid_until,
            k.scale_amount, k.growth_revenue_min, k.growth_upper_from, k.growth_rate, k.growth_upper_rate,
            k.rate_denominator, k.revenue_clip, k.growth_cap, r.full_years, r.half_years, r.full_share,
            r.half_share, r.share_denominator, r.product_clip, r.annual_cap,
        ],
        dtype=np.int64,
    )  # fmt: skip


def _literal(source: str, k: np.ndarray) -> str:
    """The parameters written into the loop as literals: the compiler turns divisions by them into multiplications,
    as numpy's ``//`` by a scalar does (libdivide); the floor must not be slower for want of it."""
    return re.sub(r"k\[(\d+)\]", lambda match: f"{int(k[int(match.group(1))])}", source)


def floor(c: dict[str, np.ndarray]) -> tuple[str, Callable[[dict[str, np.ndarray]], None]]:
    """The fused loop, compiled: numba if it is installed, else C through ctypes (compiled with cc now)."""
    table, first = _tables(int(c["lease_year"].max()))
    k = _constants()
    names = [
        "registered_on",
        "registered_in_hongshan",
        "independent_legal_person",
        "independent_accounting",
        "key_monitored",
        "revenue_jan_to_jul",
        "applied_on",
        "revenue_2024",
        "growth_applied_on",
        "growth_dated",
        "lease_start",
        "lease_year",
        "floor_area",
        "agreed_rate",
        "rent_conditions",
    ]
    outs = ("scale_eligible", "scale_amount", "scale_failed", "growth_eligible", "growth_amount")
    try:
        import numba
    except ImportError:
        numba = None
    if numba is not None:
        namespace: dict[str, Any] = {}
        exec(_literal(_NUMBA_LOOP, k), namespace)  # the loop of _C_LOOP, in Python for numba
        kernel = numba.njit(cache=False, nogil=True)(namespace["fused"])

        def run(out: dict[str, np.ndarray]) -> None:
            kernel(
                *(c[name] for name in names),
                table,
                first,
                k,
                *(out[name] for name in outs),
                out["growth_failed"],
                out["rent_amount"],
            )

        return f"numba {numba.__version__}", run
    import ctypes

    folder = Path(tempfile.mkdtemp())
    (folder / "fused.c").write_text(_literal(_C_LOOP, k))
    compiler = shutil.which("cc") or shutil.which("gcc") or "cc"
    subprocess.run([compiler, "-O3", "-march=native", "-shared", "-fPIC", "-o", str(folder / "fused.so"),
                    str(folder / "fused.c")], check=True)  # fmt: skip
    library = ctypes.CDLL(str(folder / "fused.so"))

    def pointer(array: np.ndarray) -> ctypes.c_void_p:
        return ctypes.c_void_p(array.ctypes.data)

    def run_c(out: dict[str, np.ndarray]) -> None:
        library.fused(
            ctypes.c_int64(len(c["registered_on"])),
            *(pointer(c[name]) for name in names),
            pointer(table),
            ctypes.c_int64(table.shape[1]),
            ctypes.c_int64(first),
            pointer(k),
            *(pointer(out[name]) for name in outs),
            pointer(out["growth_failed"]),
            pointer(out["rent_amount"]),
        )

    return f"C ({compiler} -O3)", run_c


_NUMBA_LOOP = """
def fused(reg, hs, lp, ac, km, rev7, app, rev24, gapp, dated, lstart, lyear, area, rate, cond, table, first, k,
          se, sa, sf, ge, ga, gf, ra):
    for i in range(len(reg)):
        dealer = reg[i] >= k[0] and hs[i] and lp[i] and ac[i] and km[i]
        own = rev7[i] >= k[1] and app[i] <= k[2]
        valid = app[i] >= k[3] and app[i] <= k[4]
        ok = dealer and own and valid
        se[i] = ok
        sa[i] = k[5] if ok else 0
        sf[i] = 1 if not dealer else 2 if not own else 4 if not valid else 0
        r = rev24[i]
        above = r > k[6]
        gvalid = (not dated[i]) or (gapp[i] >= k[3] and gapp[i] <= k[4])
        clipped = min(r, k[11])
        g = (clipped * (k[9] if r >= k[7] else k[8]) + k[10] // 2) // k[10]
        g = min(g, k[12])
        gok = dealer and above and gvalid
        ge[i] = gok
        ga[i] = g if gok else 0
        gf[i] = 1 if not dealer else 3 if not above else 4 if not gvalid else 0
        y = np.int64(lyear[i])
        s = np.int64(lstart[i]) - first
        days = np.int64(table[y, s]) - np.int64(table[y - 1, s])
        share = k[15] if y <= k[13] else k[16] if y <= k[13] + k[14] else 0
        product = min(area[i] * rate[i], k[18])
        amount = min((product * days * share + 50 * k[17]) // (100 * k[17]), k[19])
        ra[i] = amount if cond[i] else 0
"""
_NUMBA_LOOP = "import numpy as np\n" + _NUMBA_LOOP


# ---------------------------------------------------------------------------- hongshan_policy


def frame_mismatches(result: Any, ref: dict[str, np.ndarray]) -> tuple[str, int]:
    """Fen mismatches of the frame path's amounts against the reference, on the rows that applied (text, total)."""
    from hongshan_policy.batch._results import fen_values

    parts, total = [], 0
    for name in ("scale", "growth"):
        fen, applied = fen_values(result[f"{name}_amount"].to_arrow())
        count = int((fen[applied] != ref[name][applied]).sum())
        parts.append(f"{name} {count:,} (of {int(applied.sum()):,} applied)")
        total += count
    return ", ".join(parts), total


# ---------------------------------------------------------------------------- Dask


def _dask_register(folder: Path, rows: int, part_rows: int) -> None:
    """``rows`` synthetic rows as Parquet files of ``part_rows`` rows, credit codes distinct across the files
    (so that 「一次性」 has no repeat across partitions and every mode decides the same rows alike)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from hongshan_policy.credit_code import ALPHABET, WEIGHTS

    alphabet = np.array(list(ALPHABET))
    for number, start in enumerate(range(0, rows, part_rows)):
        n = min(part_rows, rows - start)
        table = batch.synthetic_register(n, seed=100 + number, backend="pyarrow")
        values = np.zeros((n, 17), dtype=np.int64)
        values[:, :8] = [9, 1, 1, 5, 0, 4, 0, 2]
        rest = np.arange(start, start + n, dtype=np.int64) + 31**6
        for position in range(16, 7, -1):
            values[:, position] = rest % 31
            rest //= 31
        check = (31 - (values @ np.array(WEIGHTS)) % 31) % 31
        codes = alphabet[np.concatenate([values, check[:, None]], axis=1)].view("U18").reshape(n)
        table = table.set_column(table.schema.get_field_index("credit_code"), "credit_code", pa.array(codes))
        pq.write_table(table, folder / f"part-{number:03d}.parquet")


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of this process and of ``pids`` (Linux ``/proc``; 0 for a process gone)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    total = own.ru_utime + own.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def dask_part(rows: int, repeat: int) -> float:
    """``batch.summarize_partitions`` over ``rows`` rows in Parquet files: one process, 2 threads, 2 processes.

    The same tasks in every mode (each reads its own file with one thread, evaluates it, returns a dozen
    counts; a tree of additions); "one process" runs them one after the other on the calling thread (Dask's
    synchronous scheduler). The process pool is persistent: the first call starts it (reported with start-up),
    the timed calls reuse it. Also the Dask-frame path (``dd.read_parquet``, ``map_partitions``) for comparison.
    Returns the speed-up of 2 processes over one process (medians).
    """
    import pickle

    import dask
    import dask.dataframe as dd

    from hongshan_policy.batch import _summary

    def say(line: str) -> None:  # printed at once: the measure takes minutes
        print(line, flush=True)

    folder = Path(tempfile.mkdtemp(prefix="hongshan-dask-"))
    part_rows = min(1_000_000, max(rows // 10, 10_000))
    start = time.perf_counter()
    _dask_register(folder, rows, part_rows)
    parts = _summary.parquet_parts(folder)
    say(
        f"{rows:,} rows in {len(parts)} Parquet files of up to {part_rows:,} rows, written in "
        f"{time.perf_counter() - start:.1f} s; dask {dask.__version__}"
    )
    task = (_summary._parquet_counts, *parts[0], "used-car", None)
    additions, level = 0, len(parts)
    while level > 1:
        level = -(-level // _summary.SPLIT_EVERY)
        additions += level
    counts = _summary._parquet_counts(*parts[0], "used-car", None)
    say(
        f"  per task: {len(pickle.dumps(task)):,} bytes to the worker (file name, row groups, policy), "
        f"{len(pickle.dumps(counts)):,} bytes back ({len(counts)} integers); "
        f"{len(parts)} read+evaluate tasks and {additions} addition task(s) a run"
    )
    workers: list[int] = []
    summaries = set()

    def summarize(**options: Any) -> Callable[[], None]:
        return lambda: summaries.add(str(batch.summarize_partitions(folder, "used-car", **options)))

    begin = time.perf_counter()
    pool = _summary.process_pool(2)
    summarize(scheduler="processes", num_workers=2)()
    cold = time.perf_counter() - begin
    workers.extend(pool._processes)
    say(f"  {'2 processes, first call (pool start)':<36}{cold * 1e3:8.1f} ms (start-up included)")
    modes = {
        "one process (sync), 1 thread": summarize(scheduler="sync"),
        "2 processes (persistent pool)": summarize(scheduler="processes", num_workers=2),
        "2 threads": summarize(scheduler="threads", num_workers=2),
        "2 processes, check_repeats=True": summarize(scheduler="processes", num_workers=2, check_repeats=True),
    }
    times: dict[str, list[float]] = {label: [] for label in modes}
    cpu = dict.fromkeys(modes, 0.0)
    for call in modes.values():  # warm-up
        call()
    for _ in range(repeat):  # interleaved, so that a change of the machine's load touches every mode alike
        for label, call in modes.items():
            before, start = _cpu_seconds(workers), time.perf_counter()
            call()
            times[label].append(time.perf_counter() - start)
            cpu[label] += (_cpu_seconds(workers) - before) / repeat
    results = {label: (statistics.median(t), min(t), max(t)) for label, t in times.items()}
    for label, timing in results.items():
        say(f"  {label:<36}{_spread(timing)}; CPU {cpu[label]:.2f} s a run (all processes)")
    for label, options in {
        "Dask frame (dd.read_parquet), sync": {"scheduler": "sync"},
        "Dask frame, 2 processes": {"scheduler": "processes", "num_workers": 2},
    }.items():
        before = _cpu_seconds(workers)
        results[label] = _median(
            lambda options=options: batch.summarize_partitions(dd.read_parquet(str(folder)), "used-car", **options), 1
        )
        say(f"  {label:<36}{_spread(results[label])}; CPU {(_cpu_seconds(workers) - before) / 2:.2f} s a run")
    one_label, two_label = "one process (sync), 1 thread", "2 processes (persistent pool)"
    base, processes = results[one_label][0], results[two_label][0]
    rounds = [one / two for one, two in zip(times[one_label], times[two_label], strict=True)]
    say(
        f"  speed-up over one process: 2 processes {base / processes:.2f}× (round by round "
        f"{', '.join(f'{r:.2f}' for r in rounds)}), first call with the pool's start-up {base / cold:.2f}×; "
        f"2 threads {base / results['2 threads'][0]:.2f}×; "
        f"Dask frame, 2 processes {base / results['Dask frame, 2 processes'][0]:.2f}×; "
        f"CPU of 2 processes / one process {cpu[two_label] / cpu[one_label]:.2f}; "
        f"check_repeats costs {results['2 processes, check_repeats=True'][0] / processes - 1:+.0%}"
    )
    say(f"  summaries identical in every mode: {len(summaries) == 1}")
    say(f"  {next(iter(summaries))}")
    shutil.rmtree(folder)
    return base / processes


def dask_section(rows: int, repeat: int) -> float:
    """The Dask measure (3 rounds at most); returns the speed-up of 2 processes over one process."""
    print(f"\n== Dask: batch.summarize_partitions over Parquet files, used-car, {rows:,} rows ==")
    return dask_part(rows, max(1, min(repeat, 3)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each bulk measure (median reported)")
    parser.add_argument("--calls", type=int, default=2_000, help="calls of the per-application measures")
    parser.add_argument("--dask-rows", type=int, default=0, help="rows of the Dask measure (0: skip it)")
    parser.add_argument("--openfisca-python", default=None, help="run OpenFisca in a subprocess of this Python")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the script")
    parser.add_argument("--dask-only", action="store_true", help="only the Dask measure (with --dask-rows)")
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.repeat, args.calls = 20_000, 2, 100
        args.dask_rows = min(args.dask_rows, 200_000)
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    bench.machine()
    print(f"date          {started:%Y-%m-%d %H:%M} UTC; load average before {load_before[0]:.2f}")
    if args.dask_only:
        dask_section(args.dask_rows or 10_000_000, args.repeat)
        print(f"\nload average after {os.getloadavg()[0]:.2f} (1 min), {os.getloadavg()[1]:.2f} (5 min)")
        return 0
    rows = args.rows
    c = bench.columnar_inputs(rows, seed=3)
    start = time.perf_counter()
    ref = reference(c)
    print(f"\n== population: {rows:,} rows (seed 3); exact Decimal reference in {time.perf_counter() - start:.1f} s ==")
    figures: dict[str, Any] = {"rows": rows, "date": started.isoformat()}

    of = openfisca(c, args.repeat, args.calls, args.openfisca_python)
    if of is not None:
        print(f"\n== OpenFisca {of['version']} (money as {of['dtype']}) ==")
        print(f"simulation built, inputs set   {_spread(of['build'])}")
        print(f"bare computation, three rules  {_spread(of['all'])}")
        print(f"bare computation, used-car two {_spread(of['used_car'])}")
        print(f"one used-car application, dict {of['one_us']:8.1f} µs (median of {args.calls:,}; both rewards)")
        print(f"one application, three rules  {of['one_all_us']:8.1f} µs (median of {args.calls:,})")
        print(f"fen mismatches vs Decimal      {mismatches(of['fen'], ref)[0]}")
        figures["openfisca"] = {key: value for key, value in of.items() if key != "fen"}

    out = bench.outputs(rows)
    label, run_floor = floor(c)
    floor_time = _median(lambda: run_floor(out), args.repeat)
    print(f"\n== the floor: one fused loop, {label}, 1 thread ==")
    print(f"three rules                    {_spread(floor_time)}")
    got = {"scale": out["scale_amount"].copy(), "growth": out["growth_amount"].copy(), "rent": out["rent_amount"]}
    text, wrong = mismatches(got, ref)
    print(f"fen mismatches vs Decimal      {text}")
    floor_out = {name: values.copy() for name, values in out.items()}

    print("\n== hongshan_policy ==")
    kernels = {}
    for threads in (1, 2):
        out = bench.outputs(rows)
        timing = _median(
            lambda out=out, threads=threads: bench.evaluate_columns(c, out, workers=threads, chunk_rows=1 << 17),
            args.repeat,
        )
        kernels[threads] = timing
        got = {"scale": out["scale_amount"], "growth": out["growth_amount"], "rent": out["rent_amount"]}
        same = all(np.array_equal(out[name], floor_out[name]) for name in out)
        print(f"kernels, {threads} thread{'s' if threads > 1 else ' '}             {_spread(timing)}")
        text, count = mismatches(got, ref)
        wrong += count
        print(f"  fen mismatches vs Decimal    {text}; every output equal to the floor's: {same}")
    frame = batch.synthetic_register(rows, seed=3, backend="polars")
    batch.used_car_frame(frame.head(1000))
    result: dict[str, Any] = {}

    def whole() -> None:
        result["frame"] = batch.used_car_frame(frame)

    frame_time = _median(whole, args.repeat)
    print(f"frame path, used-car, polars   {_spread(frame_time)}  (validation included)")
    text, count = frame_mismatches(result["frame"], ref)
    wrong += count
    print(f"  fen mismatches vs Decimal    {text}")
    print(f"  {batch.summarize(result['frame'])}")
    del result["frame"]
    record = bench.application(c, 0)
    for _ in range(1000):
        used_car.assess(record)
    times = []
    for _ in range(max(args.calls, 10_000) if not args.quick else args.calls):
        begin = time.perf_counter_ns()
        used_car.assess(record)
        times.append(time.perf_counter_ns() - begin)
    assess_us = statistics.median(times) / 1000
    print(f"assess(dict), used-car         {assess_us:8.1f} µs (median)")

    print("\n== ratios (median against median; the targets' ratios follow in their table) ==")
    floor_ratio = kernels[1][0] / floor_time[0]
    print(f"kernels 2 threads / floor                        {kernels[2][0] / floor_time[0]:6.2f}×")
    targets: list[tuple[str, str, bool]] = [
        ("kernels, 1 thread, ≤ 1.5× the floor", f"{floor_ratio:.2f}×", floor_ratio <= 1.5)
    ]
    if of is not None:
        frame_all, frame_two = frame_time[0] / of["all"][0], frame_time[0] / of["used_car"][0]
        one_all, one_two = of["one_all_us"] / assess_us, of["one_us"] / assess_us
        print(f"kernels 1 thread / OpenFisca bare, three rules   {kernels[1][0] / of['all'][0]:6.2f}")
        targets += [
            ("frame path ≤ OpenFisca bare, three rules", f"{frame_all:.2f}", frame_all <= 1),
            ("  like for like: the two used-car rules only", f"{frame_two:.2f}", frame_two <= 1),
            ("assess(dict) ≤ 1/40 of OpenFisca one, three rules", f"1/{one_all:.0f}", one_all >= 40),
            ("  like for like: both used-car rewards only", f"1/{one_two:.0f}", one_two >= 40),
        ]
    if args.dask_rows:
        speed_up = dask_section(args.dask_rows, args.repeat)
        targets.append(("Dask, 2 processes ≥ 1.6× one process", f"{speed_up:.2f}×", speed_up >= 1.6))
    targets.append(("0 fen mismatches (kernels, floor, frame path)", f"{wrong:,}", wrong == 0))
    # The comparator is OpenFisca computing the three rules: its table's 188 ms (bare, 1M rows) and 946 µs
    # (one application) are those figures (0.66 s / 188 ms = its "3.5× slower"; 946 / 33.4 µs ≈ its "1/29"). The
    # like-for-like lines hold each path to OpenFisca computing only what that path computes: stricter, reported.
    print("\n== issue 12's targets (this run; indented: stricter like-for-like readings, reported, not the target) ==")
    if args.quick:
        print("(--quick: sizes too small for the targets, which are set for 1M rows and 10M for Dask)")
    for label, figure, met in targets:
        print(f"{label:<52}{figure:>9}   {'met' if met else 'NOT met'}")
    load_after = os.getloadavg()
    print(f"\nload average after {load_after[0]:.2f} (1 min), {load_after[1]:.2f} (5 min)")
    figures |= {
        "floor": floor_time,
        "kernels": kernels,
        "frame": frame_time,
        "assess_us": assess_us,
        "targets": targets,
        "load": [load_before, load_after],
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
