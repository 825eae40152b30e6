"""``graphmodel diff``: what changed between two dates, two versions, or the data and a what-if."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import graphmodel as gm
from graphmodel.change import DIFF_TABLES
from graphmodel.i18n import use_language

from .options import EXIT_OK, add_command, date_argument, filters_from, load_data

if TYPE_CHECKING:
    from graphmodel.change import Comparison

__all__ = ["register", "run"]

#: the output formats ``-o`` writes, by the file's suffix
FORMATS = (".csv", ".xlsx")


def _comparison(args, filters: dict) -> Comparison:
    """The pair to compare, from the one mode the command line names."""
    from graphmodel.change import Comparison

    dated = args.date_from is not None or args.date_to is not None
    modes = [m for m, on in (("--from/--to", dated), ("NEW", args.new is not None),
                             ("--scenario", args.scenario is not None)) if on]
    if len(modes) != 1:
        raise gm.SpecError(
            "give one comparison: DATA --from D1 --to D2 (two dates), OLD NEW (two "
            "versions) or DATA --scenario S.json (a what-if)"
            + (f"; not {' and '.join(modes)} together" if modes else ""))
    model = load_data(args.data)
    if dated:
        if args.date_from is None or args.date_to is None:
            raise gm.SpecError("two dates need both --from and --to")
        if "as_of" in filters:
            raise gm.SpecError("--from and --to are the dates: leave --as-of out")
        return Comparison.from_dates(model, args.date_from, args.date_to, **filters)
    as_of = filters.pop("as_of", None)
    if args.new is not None:
        return Comparison.from_models(model, load_data(args.new), as_of=as_of, **filters)
    scenario = gm.read_scenario(Path(args.scenario))
    return Comparison.from_scenario(model, scenario, as_of=as_of, **filters)



def _write(table, output: str | None, name: str) -> None:
    if output is None:
        sys.stdout.write(gm.safe_csv(table))
        return
    path = Path(output)
    if path.suffix.lower() not in FORMATS:
        raise gm.SpecError(f"-o {output}: write a .csv or an .xlsx file")
    if path.suffix.lower() == ".xlsx":
        from graphmodel.data import metrics_xlsx

        metrics_xlsx({name: table}, path)
    else:
        path.write_text(gm.safe_csv(table), encoding="utf-8", newline="")
    print(f"wrote {len(table)} rows to {output}", file=sys.stderr)


def run(args) -> int:
    with use_language(args.lang):
        filters = dict(filters_from(args))
        comparison = _comparison(args, filters)
        table = comparison.table(args.table)
        _write(table, args.output, args.table)
    return EXIT_OK


def register(subparsers) -> None:
    p = add_command(
        subparsers, "diff", run,
        help="what changed: two dates, two versions, or a what-if",
        description="What changed between two states of the data, as CSV (stdout unless -o): "
                    "the same data on two dates (--from, --to), two versions of a register "
                    "(OLD NEW), or the data and a what-if scenario (--scenario). The "
                    "changes table lists agreements formed and ended and memberships "
                    "joined and left (every kind of collaboration and actor unless a "
                    "filter is given); actors and councils list each metric that differs "
                    "(id, name, metric, before, after; community labels and sampled "
                    "betweenness are left out as noise).",
        example="""
            graphmodel diff data/nordic --from 2008 --to 2016-01-01
            graphmodel diff register-2024 register-2025 --table councils
            graphmodel diff data/nordic --scenario malvik-leaves.json --table actors -o d.csv
        """,
    )
    p.add_argument("new", metavar="NEW", nargs="?",
                   help="a second version of the data (folder or zip) to compare DATA with")
    p.add_argument("--from", dest="date_from", metavar="D1", type=date_argument,
                   help="the earlier date (YYYY-MM-DD, DD.MM.YYYY or a year)")
    p.add_argument("--to", dest="date_to", metavar="D2", type=date_argument,
                   help="the later date")
    p.add_argument("--scenario", metavar="S.json",
                   help="a what-if scenario file (DESIGN.md: leave, join, add, end, merge)")
    p.add_argument("--table", choices=DIFF_TABLES, default="changes",
                   help="changes (default), actors or councils")
    p.add_argument("-o", "--output", metavar="FILE.csv",
                   help="write here instead of stdout (.csv, or .xlsx for Excel)")
