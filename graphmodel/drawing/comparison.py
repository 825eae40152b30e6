"""Before and after side by side: two drawings of a comparison, same places, changes marked.

:func:`comparison_graphs` is the one rule for drawing a :class:`graphmodel.change.compare.Comparison`
(the explorer's Change page and a comparison snapshot both call it): the ``before`` view
is laid out first and the ``after`` view keeps those places (new nodes go beside their
neighbours), so an agreement or a municipality sits at the same spot in both pictures.
What formed or joined is green in ``after``; what ended or left is red in ``before``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..change.compare import Comparison
from ..data.select import FILTER_NAMES, as_tuple
from ..i18n import tr
from .network import ViewGraph, view_graph

__all__ = ["ADDED_COLOR", "REMOVED_COLOR", "VIEW_OPTIONS", "comparison_graphs", "mark_changes"]

#: what formed or joined (drawn in the ``after`` picture)
ADDED_COLOR = "#1A9850"
#: what ended or left (drawn in the ``before`` picture)
REMOVED_COLOR = "#D73027"
#: the view options :func:`comparison_graphs` passes on to :func:`graphmodel.view_graph`
VIEW_OPTIONS = ("view", "focus", "depth", "color_by", "size_by", "max_nodes", "seed",
                "councils", "max_edges")
_GROW = 1.35  # a marked node is drawn this much larger
_EDGE_WIDTH = 3.5


def comparison_graphs(comparison: Comparison, **options) -> tuple[ViewGraph, ViewGraph]:
    """The two drawings of ``comparison``: same places, changes coloured.

    Parameters
    ----------
    comparison : Comparison
        Two models with their dates and filters (:class:`graphmodel.change.compare.Comparison`).
    **options
        The options of :func:`graphmodel.view_graph` (``view``, ``focus``, ``depth``,
        ``color_by``, ``size_by``, ``max_nodes``, ``seed``, ``councils``, ``max_edges``)
        and filters (``sectors``, ``kinds``, …) that override the comparison's. Each side
        is drawn on its own date (``as_of_before`` / ``as_of_after``).

    Returns
    -------
    (ViewGraph, ViewGraph)
        ``before`` and ``after``. Every node drawn in both has the same ``x, y``. In
        ``before``, ended collaborations and the memberships that left are red
        (:data:`REMOVED_COLOR`); in ``after``, formed collaborations and the memberships
        that joined are green (:data:`ADDED_COLOR`): node colour and size, edge colour
        and width (in the actors view, where no membership edge is drawn, the actor
        that joined or left is coloured). The legend gains the two marks that are used,
        named in the language in use.

    See Also
    --------
    mark_changes, graphmodel.change.compare.Comparison.highlights

    Examples
    --------
    >>> before, after = comparison_graphs(Comparison.from_dates(example, "2010", "2020"))
    >>> sorted(after.nodes["id"])  # s2 starts in 2015: not there before
    ['R', 'a', 'b', 'c', 'd', 'f', 's1', 's2', 's3']
    >>> after.nodes.set_index("id").loc["s2", "color"] == ADDED_COLOR
    True
    >>> before.positions()["s1"] == after.positions()["s1"]
    True
    """
    unknown = [k for k in options if k not in VIEW_OPTIONS and k not in FILTER_NAMES]
    if unknown:
        raise TypeError(f"comparison_graphs got an unexpected option {unknown[0]!r}")
    filters = {k: v for k, v in comparison.filters.items() if k in FILTER_NAMES}
    filters.update({k: v for k, v in options.items() if k in FILTER_NAMES})
    filters.pop("as_of", None)
    view = {k: v for k, v in options.items() if k in VIEW_OPTIONS}
    # "Members of" (the filter ``members_of``) is what the drawing calls ``councils``
    view["councils"] = tuple(sorted(set(as_tuple(view.get("councils")) or ())
                                    | set(as_tuple(filters.pop("members_of", None)) or ())))
    # the focus may be on one side only (a formed agreement, a merged municipality)
    focus = tuple(view.pop("focus", ()) or ())
    focus_b = tuple(f for f in focus if f in _ids(comparison.before))
    focus_a = tuple(f for f in focus if f in _ids(comparison.after))
    before = view_graph(comparison.before, as_of=comparison.as_of_before, focus=focus_b,
                        **filters, **view)
    after = view_graph(comparison.after, as_of=comparison.as_of_after, focus=focus_a,
                       positions=before.positions() or None, **filters, **view)
    before, after = shared_places(before, after)
    marks = comparison.highlights()
    return (mark_changes(before, marks["ended"], marks["left"], REMOVED_COLOR,
                         tr("ended or left")),
            mark_changes(after, marks["formed"], marks["joined"], ADDED_COLOR,
                         tr("formed or joined")))


#: the width of a comparison's side on screen (px; half a page at 1400 px) the places are
#: spread for: labels keep about 13 px on screen however far the drawing is zoomed out
SIDE_PX = 430.0
#: the height of a side's drawing (px; the explorer's network panel)
SIDE_HEIGHT = 620.0
#: more nodes than this: the drawing shows the actors' names only (network.js), and the
#: places are kept as laid out
CROWDED = 40


def shared_places(before: ViewGraph, after: ViewGraph, *, side_px: float = SIDE_PX,
                  side_height: float = SIDE_HEIGHT) -> tuple[ViewGraph, ViewGraph]:
    """Both sides on one set of places and one frame: the union of their nodes, pushed
    apart until the names do not overlap at the scale the shared frame is drawn at (a
    wide, flat drawing also spread up and down to fill a ``side_px`` × ``side_height``
    panel), and the box around them all as each side's ``frame`` (so the two are drawn
    alike).

    >>> import pandas as pd
    >>> def vg(ids, xs):
    ...     return ViewGraph(nodes=pd.DataFrame({"id": ids, "label": ids, "x": xs,
    ...                                          "y": [0.0] * len(ids)}),
    ...                      edges=pd.DataFrame())
    >>> b, a = shared_places(vg(["p", "q"], [0.0, 500.0]), vg(["p", "r"], [0.0, 2000.0]))
    >>> b.frame == a.frame, b.positions()["p"] == a.positions()["p"]
    (True, True)
    >>> b.frame[0] <= 0.0 and b.frame[2] >= 2000.0
    True
    """
    from .positions import declutter

    pos = {**before.positions(), **after.positions()}
    if not pos:
        return before, after
    ids = list(pos)
    labels = {**dict(zip(before.nodes["id"], before.nodes["label"])),
              **dict(zip(after.nodes["id"], after.nodes["label"]))}
    arr = np.array([pos[i] for i in ids], dtype=float)
    longest = max((min(len(str(labels.get(i, ""))), 24) for i in ids), default=8)
    if len(ids) <= CROWDED:  # a crowded drawing names the actors only: no room anyway
        extent = max(np.ptp(arr[:, 0]), np.ptp(arr[:, 1]) * 1.3, 1.0)
        per_px = extent / side_px  # layout units per screen pixel at the frame's scale
        arr = declutter(arr, width=(longest * 6.0 + 8) * per_px, height=26 * per_px,
                        rounds=40)
    # a wide, flat drawing in a tall panel: spread it up and down (up to 2.5 times) so that it
    # fills the panel and its names have room
    wide, tall = np.ptp(arr[:, 0]), np.ptp(arr[:, 1])
    if len(ids) > 2 and tall > 0 and wide / tall > side_px / side_height:
        stretch = min(2.5, (wide / tall) / (side_px / side_height))
        mid = (arr[:, 1].max() + arr[:, 1].min()) / 2
        arr[:, 1] = mid + (arr[:, 1] - mid) * stretch
    place = {i: (float(x), float(y)) for i, (x, y) in zip(ids, arr)}
    pad = 40.0 * max(np.ptp(arr[:, 0]), np.ptp(arr[:, 1]), 1.0) / side_px
    frame = (float(arr[:, 0].min() - pad), float(arr[:, 1].min() - pad),
             float(arr[:, 0].max() + pad), float(arr[:, 1].max() + pad))

    def moved(vg: ViewGraph) -> ViewGraph:
        nodes = vg.nodes.copy()
        if len(nodes):
            nodes["x"] = [place[i][0] for i in nodes["id"]]
            nodes["y"] = [place[i][1] for i in nodes["id"]]
        return replace(vg, nodes=nodes, frame=frame)

    return moved(before), moved(after)


def _ids(model) -> set:
    return set(model.actors["id"]) | set(model.collaborations["id"])


def mark_changes(vg: ViewGraph, collaborations, memberships, color: str,
                 label: str) -> ViewGraph:
    """A copy of ``vg`` with ``collaborations`` (ids) and ``memberships`` ((actor,
    collaboration) pairs) drawn in ``color``; ``label`` names the mark in the legend.

    A marked collaboration node and a marked membership edge take ``color``, a larger
    size or width, and a tooltip line saying ``label``. In the actors view (no
    membership edges) the actors of the marked memberships are coloured instead.

    >>> import pandas as pd
    >>> vg = ViewGraph(
    ...     nodes=pd.DataFrame({"id": ["a", "s"], "label": ["A", "S"],
    ...                         "layer": ["actor", "collaboration"], "kind": "k", "group": "g",
    ...                         "color": "#999", "shape": "dot", "size": 10.0, "x": 0.0,
    ...                         "y": 0.0, "title": ["A", "S"]}),
    ...     edges=pd.DataFrame({"source": ["a"], "target": ["s"], "width": [1.0],
    ...                         "color": ["#999"], "title": ["A — S"], "dashes": [False],
    ...                         "relation": ["member"]}))
    >>> out = mark_changes(vg, {"s"}, {("a", "s")}, "#f00", "ended or left")
    >>> out.nodes["color"].tolist(), out.edges["color"].tolist(), out.legend
    (['#999', '#f00'], ['#f00'], [('ended or left', '#f00', 'dot')])
    """
    collaborations = set(collaborations)
    pairs = set(memberships)
    nodes = vg.nodes.copy()
    edges = vg.edges.copy()
    # a copy: pandas may hand out a read-only array, and this one is marked in place
    hit_nodes = nodes["id"].isin(collaborations).to_numpy(dtype=bool, copy=True)
    if vg.view == "actors" or edges.empty:
        hit_nodes |= nodes["id"].isin({a for a, _ in pairs}).to_numpy(dtype=bool)
        hit_edges = np.zeros(len(edges), dtype=bool)
    else:
        src, tgt = edges["source"].to_numpy(dtype=object), edges["target"].to_numpy(dtype=object)
        hit_edges = np.fromiter(((s, t) in pairs or (t, s) in pairs for s, t in zip(src, tgt)),
                                dtype=bool, count=len(edges))
    if hit_nodes.any():
        nodes.loc[hit_nodes, "color"] = color
        nodes.loc[hit_nodes, "size"] = nodes.loc[hit_nodes, "size"].astype(float) * _GROW
        nodes.loc[hit_nodes, "title"] = nodes.loc[hit_nodes, "title"].astype(str) + f"\n{label}"
    if hit_edges.any():
        edges["width"] = edges["width"].astype(float)
        edges.loc[hit_edges, "color"] = color
        edges.loc[hit_edges, "width"] = _EDGE_WIDTH
        edges.loc[hit_edges, "title"] = edges.loc[hit_edges, "title"].astype(str) + f"\n{label}"
    legend = list(vg.legend)
    if hit_nodes.any() or hit_edges.any():
        legend.append((label, color, "dot"))
    return replace(vg, nodes=nodes.reset_index(drop=True), edges=edges.reset_index(drop=True),
                   legend=legend)

