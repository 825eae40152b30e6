"""The command line: validate, summary, metrics, snapshot, synth (a thin front on the library)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import GraphModelError, ValidationError

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

#: the tables of `graphmodel metrics` (kept equal to graphmodel.metrics.METRIC_TABLES by a test;
#: listed here so that `graphmodel --help` does not import the analysis stack)
METRIC_TABLES = ("actors", "pairs", "collaboration-pairs", "councils", "communities", "suggestions")


def _load(data: str):
    from .load import load

    path = Path(data)
    if not path.exists():
        raise GraphModelError(
            f"{data}: no such folder or file. Give a folder holding actors.csv, "
            "collaborations.csv and memberships.csv, or a .zip of them."
        )
    return load(path)


def _print_problems(problems, out) -> None:
    for p in problems:
        where = p.file if p.line is None else f"{p.file}:{p.line}"
        col = f" {p.column}:" if p.column else ""
        tag = " warning:" if p.severity == "warning" else ""
        print(f"{where}:{col}{tag} {p.message}", file=out)


def cmd_validate(args) -> int:
    try:
        model = _load(args.data)
    except ValidationError as err:
        _print_problems(err.errors, sys.stdout)
        n = len(err.errors)
        print(f"{args.data}: refused, {n} problem{'s' if n != 1 else ''}.", file=sys.stderr)
        return EXIT_PROBLEMS
    _print_problems(model.warnings, sys.stdout)
    w = len(model.warnings)
    print(
        f"{args.data}: OK, {len(model.actors)} actors, {len(model.collaborations)} "
        f"collaborations, {len(model.memberships)} memberships"
        + (f"; {w} warning{'s' if w != 1 else ''}" if w else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def cmd_summary(args) -> int:
    from .summary import summary

    model = _load(args.data)
    text = summary(model, as_of=args.as_of)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _filters(args) -> dict:
    f = {}
    if getattr(args, "as_of", None):
        f["as_of"] = args.as_of
    if getattr(args, "sector", None):
        f["sectors"] = args.sector
    if getattr(args, "kind", None):
        f["kinds"] = args.kind
    if getattr(args, "status", None):
        f["status"] = args.status
    return f


def cmd_metrics(args) -> int:
    from .export import safe_csv
    from .metrics import metrics_table

    model = _load(args.data)
    table = metrics_table(model, args.table, **_filters(args))
    text = safe_csv(table)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {len(table)} rows to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_snapshot(args) -> int:
    from .snapshot import View, read_view, write_snapshot

    model = _load(args.data)
    if args.spec:
        view = read_view(args.spec)
    else:
        view = View(dataset=model.name, data_hash=model.content_hash())
    changes = {}
    if args.title is not None:
        changes["title"] = args.title
    if args.note is not None:
        changes["note"] = args.note
    if args.focus:
        changes["focus"] = tuple(args.focus)
        # one step out from a municipality shows only its agreements; two show its partners
        changes["depth"] = args.depth if args.depth else 2
    elif args.depth:
        changes["depth"] = args.depth
    if args.view:
        changes["view"] = args.view
    if args.color_by:
        changes["color_by"] = args.color_by
    if args.as_of:
        changes["as_of"] = args.as_of
    if args.sector:
        changes["filters"] = {**view.filters, "sectors": tuple(args.sector)}
    if changes:
        import dataclasses

        view = dataclasses.replace(view, **changes)
    view.check(model)
    out = Path(args.output)
    write_snapshot(model, view, out)
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_synth(args) -> int:
    from .load import save
    from .synth import synthesize

    model = synthesize(args.municipalities, args.collaborations, seed=args.seed)
    save(model, args.output)
    print(f"wrote {model!r} to {args.output}", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="graphmodel",
        description="Map, measure and share inter-municipal collaboration. "
        "DATA is a folder holding actors.csv, collaborations.csv and memberships.csv, or a zip.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("validate", help="check a dataset; one line per problem")
    s.add_argument("data", metavar="DATA")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("summary", help="counts by kind, sector and status")
    s.add_argument("data", metavar="DATA")
    s.add_argument("--as-of", metavar="DATE", help="count only what is active at DATE")
    s.set_defaults(func=cmd_summary)

    s = sub.add_parser("metrics", help="a metrics table as CSV")
    s.add_argument("data", metavar="DATA")
    s.add_argument("--table", required=True, choices=METRIC_TABLES)
    s.add_argument("--sector", action="append", metavar="S", help="keep this sector (repeatable)")
    s.add_argument("--kind", action="append", metavar="K",
                   help="collaboration kind to count (repeatable; default: service)")
    s.add_argument("--status", action="append", metavar="S",
                   help="status to count (repeatable; default: active)")
    s.add_argument("--as-of", metavar="DATE", help="only what is active at DATE")
    s.add_argument("-o", "--output", metavar="FILE.csv", help="write here instead of stdout")
    s.set_defaults(func=cmd_metrics)

    s = sub.add_parser("snapshot", help="a shareable view: .html, .png, .pdf or .json")
    s.add_argument("data", metavar="DATA")
    s.add_argument("--spec", metavar="VIEW.json", help="start from a saved view")
    s.add_argument("--title")
    s.add_argument("--note")
    s.add_argument("--focus", action="append", metavar="ID", help="focus on this id (repeatable)")
    s.add_argument("--depth", type=int, choices=(1, 2),
                   help="steps out from the focus (default 2: its agreements and partners)")
    s.add_argument("--view", choices=("bipartite", "actors"),
                   help="bipartite: who takes part in what; actors: who shares with whom")
    s.add_argument("--color-by", choices=("kind", "sector", "community"))
    s.add_argument("--sector", action="append", metavar="S")
    s.add_argument("--as-of", metavar="DATE")
    s.add_argument("-o", "--output", required=True, metavar="OUT")
    s.set_defaults(func=cmd_snapshot)

    s = sub.add_parser("synth", help="write a seeded synthetic dataset")
    s.add_argument("--municipalities", type=int, required=True, metavar="N")
    s.add_argument("--collaborations", type=int, required=True, metavar="M")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("-o", "--output", required=True, metavar="DIR")
    s.set_defaults(func=cmd_synth)
    return p


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ValidationError as err:
        _print_problems(err.errors, sys.stderr)
        return EXIT_PROBLEMS
    except GraphModelError as err:
        print(f"graphmodel {args.command}: {err}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `graphmodel metrics … | head`
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
