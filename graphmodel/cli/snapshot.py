"""``graphmodel snapshot DATA -o OUT``: a shareable view as .html, .png, .pdf, .pptx or .json."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import graphmodel as gm

from .options import EXIT_OK, add_command, date_argument, filters_from, load_data

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
        from graphmodel.share import DEFAULT_DEPTH  # here: the drawing stack only when drawing

        changes["depth"] = args.depth or DEFAULT_DEPTH[args.view or view.view]
    elif args.depth:
        changes["depth"] = args.depth
    if args.view:
        changes["view"] = args.view
    picture = args.picture or view.picture
    if args.color_by in _NETWORK_COLORS:
        changes["color_by"] = args.color_by
    elif args.color_by and picture != "map":
        raise gm.SpecError(f"--color-by {args.color_by} colours the map: add --picture map "
                           f"(the network takes {', '.join(_NETWORK_COLORS)})")
    elif args.color_by:
        changes["map_color"] = args.color_by
    if args.picture:
        changes["picture"] = args.picture
    if args.agreement:
        changes["agreement"] = args.agreement
    if args.scenario and args.compare_as_of:
        raise gm.SpecError("give --scenario or --compare-as-of, not both")
    if args.scenario:
        changes["scenario"] = gm.read_scenario(args.scenario).to_dict()
        changes["compare_as_of"] = None
    if args.compare_as_of:
        changes["compare_as_of"] = args.compare_as_of
        changes["scenario"] = None
    if getattr(args, "lang", None) and (not args.spec or args.lang != "en"):
        changes["lang"] = args.lang  # a --spec keeps its own language unless one is given
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


_NETWORK_COLORS = ("kind", "sector", "community")



def register(subparsers) -> None:
    p = add_command(
        subparsers, "snapshot", run,
        help="a shareable view: .html, .png, .pdf, .pptx or .json",
        description="A shareable view: one self-contained HTML page that opens offline, a "
                    "picture (.png), a document (.pdf), a 16:9 slide (.pptx: picture, title, "
                    "key figures, the note in the speaker notes) or the view file (.json) that "
                    "the app and this command both read. Options given here override --spec's.",
        example="""
            graphmodel snapshot data/nordic --focus no-5032 --title "Selbu" -o selbu.html
            graphmodel snapshot data/nordic --spec selbu.json -o selbu.pdf
            graphmodel snapshot data/nordic --focus no-5032 --lang nb -o selbu.pptx
            graphmodel snapshot data/nordic --picture map --color-by strategy -o map.html
            graphmodel snapshot data/nordic --scenario malvik.json --focus no-5031 -o plan.html
            graphmodel snapshot data/nordic --as-of 2008 --compare-as-of 2016 -o change.pdf
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
    p.add_argument("--picture", choices=("network", "map"),
                   help="network (default) or map: municipalities where they are")
    p.add_argument("--color-by", choices=("kind", "sector", "community", "fragmentation",
                                          "agreements", "home_council", "strategy"),
                   help="network: kind, sector, community; map: fragmentation (default), "
                        "agreements, home_council, strategy, community")
    p.add_argument("--agreement", metavar="ID",
                   help="map: link this agreement's members to its host")
    p.add_argument("--scenario", metavar="S.json",
                   help="show a what-if: the data before and after this scenario, side by side")
    p.add_argument("--compare-as-of", metavar="DATE", type=date_argument,
                   help="show the change from --as-of (before) to DATE (after), side by side")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="OUT.html, OUT.png, OUT.pdf, OUT.pptx or OUT.json")
