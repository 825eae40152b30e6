"""``graphmodel metrics DATA --table TABLE``: a metrics table as CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import graphmodel as gm

from .options import EXIT_OK, add_command, filters_from, load_data

__all__ = ["register", "run"]


#: Options of one table only: (table, argparse dest, the library's keyword).
_TABLE_OPTIONS = (
    ("actors", "breadth_threshold", "breadth_threshold"),
    ("actors", "alignment_threshold", "alignment_threshold"),
    ("suggestions", "max_km", "max_km"),
    ("drivers", "permutations", "permutations"),
    ("drivers", "seed", "seed"),
    ("expected-pairs", "top", "top"),
)


def _table_options(args) -> dict:
    """The table's own options that were given; one meant for another table is an error."""
    options = {}
    for table, dest, keyword in _TABLE_OPTIONS:
        value = getattr(args, dest, None)
        if value is None:
            continue
        if args.table != table:
            flag = "--" + dest.replace("_", "-")
            raise gm.SpecError(f"{flag} applies to --table {table}, not to --table {args.table}")
        options[keyword] = value
    return options


def run(args) -> int:
    model = load_data(args.data)
    options = _table_options(args)
    table = gm.metrics_table(model, args.table, **filters_from(args), **options)
    for note in table.attrs.get("notes", ()):  # the dyad model: what it left out
        print(f"note: {note}", file=sys.stderr)
    text = gm.safe_csv(table)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {len(table)} rows to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def register(subparsers) -> None:
    p = add_command(
        subparsers, "metrics", run,
        help="a metrics table as CSV",
        description="A metrics table as CSV (stdout unless -o), rows sorted by id. The "
                    "columns are defined in docs/metrics.md.",
        example="""
            graphmodel metrics data/nordic --table actors --sector child_welfare
            graphmodel metrics data/nordic --table councils --as-of 2010 -o councils.csv
            graphmodel metrics data/nordic --table actors --breadth-threshold 0.6
            graphmodel metrics data/nordic --table suggestions --max-km 100
            graphmodel metrics data/nordic --table drivers --permutations 999 --seed 7
            graphmodel metrics data/nordic --table expected-pairs --top 20
        """,
    )
    p.add_argument("--table", required=True, choices=tuple(gm.METRIC_TABLES))
    p.add_argument("-o", "--output", metavar="FILE.csv", help="write here instead of stdout")
    p.add_argument("--breadth-threshold", type=float, metavar="X",
                   help="actors: breadth at or above X counts as high (0-1, default 0.5)")
    p.add_argument("--alignment-threshold", type=float, metavar="X",
                   help="actors: home alignment at or above X counts as high (0-1, default 0.5)")
    p.add_argument("--max-km", type=float, metavar="KM",
                   help="suggestions: partners at most this far away, unless they already "
                        "share an agreement (default 150)")
    p.add_argument("--permutations", type=int, metavar="N",
                   help="drivers: MRQAP permutations per variable (default 1000)")
    p.add_argument("--seed", type=int, metavar="S",
                   help="drivers: seed of the permutations (default 42)")
    p.add_argument("--top", type=int, metavar="N",
                   help="expected-pairs: only the N most expected pairs (default: all)")
