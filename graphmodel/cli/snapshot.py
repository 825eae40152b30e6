"""``graphmodel snapshot DATA -o OUT``: a shareable view as .html, .png, .pdf or .json."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import graphmodel as gm

from .options import EXIT_OK, add_command, filters_from, load_data

__all__ = ["register", "run"]


def run(args) -> int:
    model = load_data(args.data)
    if args.spec:
        view = gm.read_view(args.spec)
    else:
        view = gm.View(dataset=model.name, data_hash=model.content_hash())
    changes: dict = {}
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
    filters = dict(filters_from(args))
    if "as_of" in filters:
        changes["as_of"] = filters.pop("as_of")
    if filters:
        changes["filters"] = {**view.filters, **filters}
    if changes:
        view = dataclasses.replace(view, **changes)
    view.check(model)
    out = Path(args.output)
    gm.write_snapshot(model, view, out)
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


def register(subparsers) -> None:
    p = add_command(
        subparsers, "snapshot", run,
        help="a shareable view: .html, .png, .pdf or .json",
        description="A shareable view: one self-contained HTML page that opens offline, a "
                    "picture (.png), a document (.pdf) or the view file (.json) that the app "
                    "and this command both read. Options given here override --spec's.",
        example="""
            graphmodel snapshot data/nordic --focus no-5032 --title "Selbu" -o selbu.html
            graphmodel snapshot data/nordic --spec selbu.json -o selbu.pdf
        """,
    )
    p.add_argument("--spec", metavar="VIEW.json", help="start from a saved view")
    p.add_argument("--title")
    p.add_argument("--note")
    p.add_argument("--focus", action="append", metavar="ID", help="focus on this id (repeatable)")
    p.add_argument("--depth", type=int, choices=(1, 2),
                   help="steps out from the focus (default 2: its agreements and partners)")
    p.add_argument("--view", choices=("bipartite", "actors"),
                   help="bipartite: who takes part in what; actors: who shares with whom")
    p.add_argument("--color-by", choices=("kind", "sector", "community"))
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="OUT.html, OUT.png, OUT.pdf or OUT.json")
