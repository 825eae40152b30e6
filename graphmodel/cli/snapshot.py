"""``graphmodel snapshot DATA -o OUT``: a shareable view as .html, .png, .pdf or .json."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import graphmodel as gm
from graphmodel.view import DEFAULT_DEPTH

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
        changes["depth"] = args.depth or DEFAULT_DEPTH[args.view or view.view]
    elif args.depth:
        changes["depth"] = args.depth
    if args.view:
        changes["view"] = args.view
    picture = args.picture or getattr(view, "picture", "network")
    if args.color_by in _NETWORK_COLORS:
        changes["color_by"] = args.color_by
    elif args.color_by and picture != "map":
        raise gm.SpecError(f"--color-by {args.color_by} colours the map: add --picture map "
                           f"(the network takes {', '.join(_NETWORK_COLORS)})")
    if args.picture and _VIEW_HAS_PICTURE:
        changes["picture"] = args.picture
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
    if picture == "map" and out.suffix.lower() in (".png", ".pdf"):
        _write_map(model, view, out, args)
    elif picture == "map" and not _VIEW_HAS_PICTURE:
        raise gm.SpecError("--picture map is not yet available for .html and .json: "
                           "write .png or .pdf")
    else:
        gm.write_snapshot(model, view, out)
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK


_NETWORK_COLORS = ("kind", "sector", "community")
_VIEW_HAS_PICTURE = any(f.name == "picture" for f in dataclasses.fields(gm.View))


def _write_map(model, view, out: Path, args) -> None:
    """The map of ``view`` as PNG or PDF (:func:`graphmodel.render_map`)."""
    from graphmodel.i18n import use_language
    from graphmodel.mapview import COLOR_BY

    kw = view.view_graph_kwargs()  # the view's filters, defaults resolved
    color = args.color_by if args.color_by in COLOR_BY else (
        view.color_by if view.color_by in COLOR_BY else "fragmentation")
    with use_language(view.lang or "en"):
        mv = gm.map_view(
            model, color_by=color, collaboration=args.agreement or None, focus=view.focus,
            members_of=kw["councils"] or None,
            **{k: kw[k] for k in ("as_of", "sectors", "kinds", "actor_kinds", "status",
                                  "countries", "regions")})
        gm.render_map(mv, out, out.suffix.lower()[1:], title=view.title)


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
    p.add_argument("--picture", choices=("network", "map"),
                   help="network (default) or map: municipalities where they are")
    p.add_argument("--color-by", choices=("kind", "sector", "community", "fragmentation",
                                          "agreements", "home_council", "strategy"),
                   help="network: kind, sector, community; map: fragmentation (default), "
                        "agreements, home_council, strategy, community")
    p.add_argument("--agreement", metavar="ID",
                   help="map: link this agreement's members to its host")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="OUT.html, OUT.png, OUT.pdf or OUT.json")
