"""Run the Python-API fuzz suite (issue 9) at a higher example count and print what it found.

    python scripts/fuzz.py                 # 1,000 examples per property
    python scripts/fuzz.py --examples 5000 --cli

Every case ends in a correct answer (checked against its oracle) or a typed error naming the field;
anything else fails the run. The outcome counts per category are printed (and written as JSON with
``--report FILE``); ``docs/reliability.md`` quotes a run. ``--cli`` also runs ``tests/fuzz/test_cli.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="examples per property (default 1000)")
    parser.add_argument("--cli", action="store_true", help="also run the command-line fuzz suite")
    parser.add_argument("--report", type=Path, help="write the outcome counts as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        env = {
            **os.environ,
            "HONGSHAN_FUZZ_EXAMPLES": str(args.examples),
            "HONGSHAN_FUZZ_REPORT": str(report),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
        }
        targets = ["tests/fuzz/test_python_api.py", *(["tests/fuzz/test_cli.py"] if args.cli else [])]
        started = time.perf_counter()
        status = subprocess.call(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *targets], cwd=ROOT, env=env
        )
        elapsed = time.perf_counter() - started
        rows = json.loads(report.read_text(encoding="utf-8")) if report.exists() else []
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[row["category"]][row["outcome"]] = row["cases"]
    print(f"\n{'category':44} {'correct answer':>15} {'typed error':>12}")
    totals = [0, 0]
    for category in sorted(table):
        answer, error = table[category].get("correct answer", 0), table[category].get("typed error", 0)
        totals[0] += answer
        totals[1] += error
        print(f"{category:44} {answer:>15,} {error:>12,}")
    print(f"{'total':44} {totals[0]:>15,} {totals[1]:>12,}")
    print(f"\n{args.examples:,} examples per property, {elapsed:.0f} s; pytest exit status {status}")
    if args.report:
        args.report.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
