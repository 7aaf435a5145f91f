"""Write a synthetic register of used-car dealers (seeded, made-up figures) for ``hongshan-policy batch``.

    python benchmarks/make_register.py 100000 -o register.csv            # field names as headers
    python benchmarks/make_register.py 1000 -o 名册.xlsx --headers zh     # the form's Chinese headers
    python benchmarks/make_register.py 1000000 -o register.parquet --seed 7

The figures are invented (see ``hongshan_policy.batch.synthetic_register``).
"""

from __future__ import annotations

import argparse
import sys

from hongshan_policy.batch import synthetic_register, write_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=int, help="number of dealers")
    parser.add_argument("-o", "--output", required=True, help="output file (.csv, .xlsx or .parquet)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--headers", choices=("fields", "zh"), default="fields", help="field names or Chinese headers")
    args = parser.parse_args(argv)
    write_table(synthetic_register(args.rows, seed=args.seed, headers=args.headers), args.output)
    print(f"{args.rows:,} rows -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
