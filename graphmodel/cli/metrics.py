"""``graphmodel metrics DATA --table TABLE``: a metrics table as CSV."""

from __future__ import annotations

import sys
from pathlib import Path

import graphmodel as gm

from .options import EXIT_OK, add_command, filters_from, load_data

__all__ = ["register", "run"]


def run(args) -> int:
    model = load_data(args.data)
    table = gm.metrics_table(model, args.table, **filters_from(args))
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
                    "columns are defined in the README's Metrics section.",
        example="""
            graphmodel metrics data/nordic --table actors --sector child_welfare
            graphmodel metrics data/nordic --table councils --as-of 2010 -o councils.csv
        """,
    )
    p.add_argument("--table", required=True, choices=tuple(gm.METRIC_TABLES))
    p.add_argument("-o", "--output", metavar="FILE.csv", help="write here instead of stdout")
