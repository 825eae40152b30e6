"""The network drawing: what to draw (ViewGraph), where (layout), and offline vis-network HTML."""

from __future__ import annotations

import difflib
import html
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from .errors import SpecError, UnknownIdError
from .model import Model
from .schema import COUNTED_ROLES
from .select import as_tuple, parse_date, select

__all__ = [
    "COLOR_BY",
    "PALETTE",
    "SIZE_BY",
    "VIEWS",
    "NetworkFragment",
    "ViewGraph",
    "json_for_script",
    "layout",
    "network_fragment",
    "network_html",
    "view_graph",
]

VIEWS = ("bipartite", "actors")
COLOR_BY = ("kind", "sector", "community")
SIZE_BY = ("population", "strength", "none")

#: Colour-blind-friendly palette: Okabe & Ito (2008) without black, then Paul Tol's "muted".
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77",
    "#88CCEE", "#CC6677",
)
OTHER_COLOR = "#BBBBBB"
NEUTRAL_ACTOR = "#5F6B7A"

KIND_COLORS = {
    "municipality": "#0072B2", "county": "#56B4E9", "state": "#332288",
    "health_trust": "#CC79A7", "other": "#999999",
    "council": "#D55E00", "network": "#E69F00", "service": "#009E73",
}
KIND_SHAPES = {"council": "diamond", "network": "triangle", "service": "square"}
ACTOR_SHAPE = "dot"

EDGE_COLORS = {"member": "#9AA5B1", "lead": "#6B7785", "observer": "#B8C0C8",
               "part_of": "#7F7F7F", "shared": "#8C96A3"}

NODE_COLUMNS = ["id", "label", "layer", "kind", "group", "color", "shape", "size", "x", "y",
                "title"]
#: Columns after NODE_COLUMNS: the full name, and whether the node is one the view focuses on.
NODE_EXTRA = ["name", "focus"]
EDGE_COLUMNS = ["source", "target", "width", "color", "title", "dashes", "relation"]

#: Views that hold more links than this keep the strongest ones (actors view only).
MAX_EDGES = 4000
_LABEL_MAX = 24
_CSS_LENGTH = re.compile(r"^\d{1,5}(\.\d{1,3})?(px|%|vh|vw|em|rem)$")


# --------------------------------------------------------------------------- ViewGraph


@dataclass(frozen=True, eq=False)
class ViewGraph:
    """What to draw: nodes with colour, shape, size and place; edges; legend; a message.

    ``nodes`` has the columns ``id, label, layer, kind, group, color, shape, size, x, y,
    title``: ``layer`` is ``"actor"`` or ``"collaboration"``, ``group`` the legend label
    the colour stands for, ``shape`` a vis-network shape (``dot`` for actors; ``diamond``
    council, ``triangle`` network, ``square`` service), ``size`` the radius in pixels,
    ``x, y`` the place in pixels (screen convention: ``y`` grows downwards) and
    ``title`` a plain-text tooltip (newlines separate lines); then ``name`` (the full
    name; ``label`` is shortened to 24 characters) and ``focus`` (True for a node the
    view focuses on). ``edges`` has
    ``source, target, width, color, title, dashes, relation``; ``relation`` is
    ``member``, ``lead`` (host, lead or owner), ``observer`` (drawn dashed),
    ``part_of`` (collaboration → parent, dashed) or ``shared`` (actors view: ``width``
    is the number of shared collaborations, at most 10). ``legend`` lists
    ``(label, colour, shape)``. ``message`` says what was left out ("" when nothing was);
    ``n_total_nodes`` counts the nodes the filters keep that have a link, before focus
    and cut.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    legend: list = field(default_factory=list)
    message: str = ""
    n_total_nodes: int = 0
    as_of: str | None = None
    filters: dict = field(default_factory=dict)
    color_by: str = "kind"
    size_by: str = "population"
    view: str = "bipartite"

    def positions(self) -> dict[str, tuple[float, float]]:
        """id -> (x, y): pass to :func:`view_graph` (``positions=``) to keep places."""
        return {i: (float(x), float(y))
                for i, x, y in zip(self.nodes["id"], self.nodes["x"], self.nodes["y"])}

    def to_networkx(self) -> nx.Graph:
        """The drawn graph (undirected, node and edge attributes as in the frames)."""
        g = nx.Graph()
        for rec in self.nodes.to_dict("records"):
            g.add_node(rec.pop("id"), **rec)
        for rec in self.edges.to_dict("records"):
            g.add_edge(rec.pop("source"), rec.pop("target"), **rec)
        return g

    def __repr__(self) -> str:
        return (f"<ViewGraph {self.view}: {len(self.nodes)} nodes, {len(self.edges)} edges"
                f" of {self.n_total_nodes}>")


# --------------------------------------------------------------------------- helpers


def _check_choice(value, allowed, what):
    if value not in allowed:
        raise SpecError(f"unknown {what} {value!r}: use one of {', '.join(allowed)}")


def _fmt(n) -> str:
    return f"{int(n):,}"


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unknown(model: Model, any_id: str, what: str = "actor or collaboration") -> UnknownIdError:
    """A friendly error for an id that is not in the data, with a guess when one is close."""
    hint = ""
    names = pd.concat([model.actors[["id", "name"]], model.collaborations[["id", "name"]]])
    by_name = names[names["name"].str.casefold() == str(any_id).strip().casefold()]
    if len(by_name):
        hint = f"; {any_id!r} is the name of id {by_name['id'].iloc[0]!r}: use the id"
    else:
        close = difflib.get_close_matches(str(any_id), names["id"].tolist(), n=3, cutoff=0.75)
        if close:
            hint = "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    return UnknownIdError(
        f"no {what} with id {any_id!r} in the data (ids are case-sensitive){hint}"
    )


def _names_of(model: Model, ids) -> dict[str, str]:
    """id -> display name for just these ids (``model.names()`` is slow on big data)."""
    wanted = pd.Index(pd.unique(pd.Series(list(ids), dtype=object)))
    out = {}
    for frame in (model.actors, model.collaborations):
        hit = frame[frame["id"].isin(wanted)]
        out.update(zip(hit["id"].tolist(), hit["name"].tolist()))
    return out


def _spread(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Sizes between lo and hi by the square root of values (area ∝ value); NaN -> lo."""
    v = np.asarray(values, dtype=float)
    v = np.where(np.isfinite(v) & (v > 0), v, 0.0)
    top = v.max() if len(v) else 0.0
    if top <= 0:
        return np.full(len(v), lo)
    return lo + (hi - lo) * np.sqrt(v / top)


# --------------------------------------------------------------------------- layout


def _unit(pos: dict) -> dict:
    """Centre a component's positions; scale 90 % of them into the unit disc."""
    if not pos:
        return {}
    arr = np.array(list(pos.values()), dtype=float)
    arr -= np.median(arr, axis=0)
    radii = np.sqrt((arr**2).sum(axis=1))
    # scale by the bulk, not by the odd outlying leaf (it may spill into the gap)
    r = float(np.quantile(radii, 0.9)) if len(radii) > 10 else float(radii.max())
    if r > 0:
        arr /= r
    return dict(zip(pos.keys(), map(tuple, arr)))


def layout(graph, *, seed: int = 7, scale: float = 1000) -> dict[str, tuple[float, float]]:
    """Deterministic positions in pixels for a graph (or a :class:`ViewGraph`).

    Each connected component is laid out on its own (a seeded, weighted
    Fruchterman–Reingold spring layout) and the components are packed in
    rows (about 16:10 overall), largest first, single nodes last. The picture spans
    about ``scale`` pixels either side of the centre for 150 nodes and grows with the
    square root of the node count (never under 300), so the spacing between nodes
    stays about the same whatever the size; then nodes whose labels would overlap
    are pushed apart. ``y`` grows downwards, as on a screen. The same graph
    and seed give the same positions.

    Parameters
    ----------
    graph : networkx.Graph, networkx.DiGraph or ViewGraph
        Edge attribute ``weight`` (if any) pulls nodes together.
    seed : int
    scale : float

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.path_graph(["a", "b", "c"])
    >>> pos = layout(g)
    >>> sorted(pos) == ["a", "b", "c"], pos == layout(g)
    (True, True)
    >>> abs(pos["a"][0] - pos["b"][0]) + abs(pos["a"][1] - pos["b"][1]) > 50
    True
    """
    if isinstance(graph, ViewGraph):
        graph = graph.to_networkx()
    g = nx.Graph()
    g.add_nodes_from(sorted(graph.nodes, key=str))
    for u, v, d in graph.edges(data=True):
        w = d.get("weight", d.get("width", 1.0)) if isinstance(d, dict) else 1.0
        try:
            w = float(w)
        except (TypeError, ValueError):
            w = 1.0
        g.add_edge(u, v, weight=w if w > 0 else 1.0)
    n = g.number_of_nodes()
    if n == 0:
        return {}
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(g)),
                   key=lambda c: (-len(c), str(c[0])))
    blocks = []  # (nodes, unit positions, radius)
    singles = []
    for comp in comps:
        if len(comp) == 1:
            singles.append(comp[0])
            continue
        sub = g.subgraph(comp)
        h = nx.Graph()
        h.add_nodes_from(comp)
        h.add_edges_from(sorted(sub.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))))
        if len(comp) == 2:
            pos = {comp[0]: (-1.0, 0.0), comp[1]: (1.0, 0.0)}
        else:  # Kamada-Kawai looks alike but is 30 times slower (scipy's L-BFGS-B)
            pos = nx.spring_layout(h, seed=seed, weight="weight",
                                   iterations=200 if len(comp) <= 100 else 100)
        blocks.append((comp, _unit(pos), math.sqrt(len(comp))))
    # single nodes: a tight grid block at the end
    if singles:
        cols = math.ceil(math.sqrt(len(singles)))
        rows = math.ceil(len(singles) / cols)
        grid = {s: ((i % cols) - (cols - 1) / 2, (i // cols) - (rows - 1) / 2)
                for i, s in enumerate(singles)}
        half = max(cols, rows) / 2
        grid = {k: (x / half, y / half) for k, (x, y) in grid.items()} if half else grid
        blocks.append((singles, grid, 0.55 * max(cols, rows)))
    # shelf packing: rows of blocks (squares of side 2r + gap), about 16:10 overall
    total = sum((2 * r + 1) ** 2 for _, _, r in blocks)
    width = max(max(2 * r + 1 for _, _, r in blocks), math.sqrt(total * 1.6))
    placed = {}
    x0 = y0 = row_h = 0.0
    for nodes, pos, r in blocks:
        side = 2 * r + 1
        if x0 > 0 and x0 + side > width:
            x0, y0, row_h = 0.0, y0 + row_h, 0.0
        cx, cy = x0 + side / 2, y0 + side / 2
        for node in nodes:
            px, py = pos[node]
            placed[node] = (cx + px * r, cy + py * r)
        x0 += side
        row_h = max(row_h, side)
    arr = np.array([placed[k] for k in g.nodes], dtype=float)
    arr -= (arr.max(axis=0) + arr.min(axis=0)) / 2
    extent = np.abs(arr).max()
    half_width = max(300.0, float(scale) * math.sqrt(n / 150))
    if extent > 0:
        arr *= half_width / extent
    arr = _declutter(arr)
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(g.nodes, arr)}


def _declutter(arr: np.ndarray, *, width: float = 160.0, height: float = 64.0,
               rounds: int = 80) -> np.ndarray:
    """Push apart nodes whose labels would overlap (a box of ``width`` × ``height`` px).

    A few rounds of pairwise separation on the elliptic distance
    ``(dx / width)² + (dy / height)²`` < 1, the close pairs found with a k-d tree:
    deterministic, and fast for any drawing a browser can hold.
    """
    from scipy.spatial import cKDTree

    n = len(arr)
    if n < 2:
        return arr
    scale = np.array([width, height])
    # a fixed, tiny tilt so that coincident points separate the same way every time
    tilt = np.stack([np.cos(np.arange(n)), np.sin(np.arange(n))], axis=1) * 1e-3
    pts = arr.astype(float) / scale + tilt
    for _ in range(rounds):
        pairs = cKDTree(pts).query_pairs(1.0, output_type="ndarray")
        if len(pairs) == 0:
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = pts[i] - pts[j]
        dist = np.maximum(np.sqrt((delta**2).sum(axis=1)), 1e-6)
        push = (delta * ((1.0 - dist) / dist / 2)[:, None]) * 0.5
        move = np.zeros_like(pts)
        np.add.at(move, i, push)
        np.add.at(move, j, -push)
        pts += np.clip(move, -1.0, 1.0)
    return pts * scale


def _place(g: nx.Graph, known: dict, *, seed: int, scale: float) -> dict:
    """Keep the places in ``known``; put new nodes near their placed neighbours."""
    pos = {k: tuple(map(float, known[k])) for k in g.nodes if k in known}
    if len(pos) == 0:
        return layout(g, seed=seed, scale=scale)
    todo = [k for k in sorted(g.nodes, key=str) if k not in pos]
    if not todo:
        return pos
    arr = np.array(list(pos.values()))[:1500]
    if len(arr) > 1:  # the usual distance to the nearest neighbour
        d = np.sqrt(((arr[:, None, :] - arr[None, :, :]) ** 2).sum(-1))
        np.fill_diagonal(d, np.inf)
        spacing = float(np.clip(np.median(d.min(axis=1)) * 0.8, 30.0, 200.0))
    else:
        spacing = 80.0
    changed = True
    while todo and changed:  # breadth-first from placed nodes
        changed = False
        still = []
        for k in todo:
            near = [pos[v] for v in sorted(g.neighbors(k), key=str) if v in pos]
            if near:
                mx, my = np.mean(near, axis=0)
                i = sum(1 for v in pos if abs(pos[v][0] - mx) + abs(pos[v][1] - my) < spacing)
                angle = 2.399963 * (i + 1)  # golden angle: spread siblings around
                pos[k] = (round(mx + spacing * math.cos(angle), 1),
                          round(my + spacing * math.sin(angle), 1))
                changed = True
            else:
                still.append(k)
        todo = still
    rest = todo
    if rest:  # parts with no placed node: lay out apart, to the right
        sub = layout(g.subgraph(rest), seed=seed, scale=scale)
        sx = np.array(list(sub.values()))
        arr = np.array(list(pos.values()))
        dx = arr[:, 0].max() + spacing * 2 - sx[:, 0].min()
        for k, (x, y) in sub.items():
            pos[k] = (round(x + dx, 1), y)
    return pos


# --------------------------------------------------------------------------- view_graph


def _communities(model, sel_kwargs) -> dict[str, int]:
    """actor id -> community number (1 = largest), Louvain on the co-membership graph."""
    try:
        from . import structure  # written alongside; used when present
        fn = getattr(structure, "communities", None)
    except ImportError:
        fn = None
    if fn is not None:
        frame = fn(model, **sel_kwargs)  # its default seed: the same numbers as its table
        return {a: int(c) for a, c in zip(frame["id"], frame["community"])
                if pd.notna(c) and str(c) != ""}
    sel = select(model, **sel_kwargs)
    B = sel.B.astype(np.float64)
    C = sp.triu(B @ B.T, k=1).tocoo()
    g = nx.Graph()
    g.add_nodes_from(sel.actor_ids)
    ids = sel.actor_ids
    g.add_weighted_edges_from(zip(ids[C.row], ids[C.col], C.data))
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    comms = nx.community.louvain_communities(g, weight="weight", seed=42)
    comms = sorted(comms, key=lambda c: (-len(c), min(c)))
    return {a: i + 1 for i, c in enumerate(comms) for a in c}


def _members(model: Model, collaboration_ids, as_of) -> set[str]:
    """Counted members at ``as_of`` of these collaborations, whatever their kind or status."""
    ids = as_tuple(collaboration_ids)
    m = model.memberships
    m = m[m["collaboration"].isin(ids) & m["role"].isin(COUNTED_ROLES)]
    day = parse_date(as_of)
    if day is not None:
        m = m[(m["start"].isna() | (m["start"] <= day)) & (m["end"].isna() | (m["end"] >= day))]
    return set(m["actor"])


def _dedupe_memberships(m: pd.DataFrame) -> pd.DataFrame:
    """One row per (actor, collaboration): a counted role wins over ``observer``."""
    rank = {"host": 0, "lead": 1, "owner": 2, "member": 3, "observer": 4}
    m = m.assign(_r=m["role"].map(rank).fillna(5))
    m = m.sort_values(["actor", "collaboration", "_r"], kind="stable")
    return m.drop_duplicates(["actor", "collaboration"]).drop(columns="_r").reset_index(drop=True)


def view_graph(
    model: Model,
    *,
    view: str = "bipartite",
    focus=(),
    depth: int = 1,
    color_by: str = "kind",
    size_by: str = "population",
    max_nodes: int = 400,
    seed: int = 7,
    positions: dict | None = None,
    as_of=None,
    sectors=None,
    kinds=None,
    actor_kinds=None,
    status=("active",),
    countries=None,
    regions=None,
    councils=(),
    max_edges: int = MAX_EDGES,
) -> ViewGraph:
    """What to draw for a view of the data, small enough for a browser.

    Parameters
    ----------
    model : Model
    view : {"bipartite", "actors"}
        ``bipartite``: actors and collaborations, an edge per membership (observers
        dashed) and per part-of link, as :func:`graphmodel.to_graph`. ``actors``: the
        co-membership network of actors, edge width = ``shared(a, b)`` (capped at 10).
    focus : iterable of str
        Actor or collaboration ids; keep what lies within ``depth`` steps (1 or 2) of
        them. In the actors view a collaboration stands for its members (one step).
        An id not in the data raises :class:`~graphmodel.errors.UnknownIdError`; an id
        in the data that the filters leave out is named in ``message``.
    color_by : {"kind", "sector", "community"}
        ``community``: Louvain (seeded) on the co-membership graph of service
        collaborations and municipalities under the view's date and area filters.
        Collaborations take the most common community of their members.
    size_by : {"population", "strength", "none"}
        Actors by population or strength (sum of ``shared``); collaborations by
        their number of members.
    max_nodes : int
        Above this, the view keeps the focus, then the strongest actors (by
        strength) and the collaborations that tie at least two of them, and
        ``message`` says so. 29,000 actors give a 400-node view in about a second.
    seed : int
    positions : dict, optional
        id -> (x, y) from an earlier view (:meth:`ViewGraph.positions`): nodes found
        there keep their places, new ones are put near their neighbours.
    as_of, sectors, status, countries, regions
        The filters of :func:`graphmodel.select`.
    kinds, actor_kinds : optional
        ``None`` means the view's default: every kind in the bipartite view; in the
        actors view ``("service",)`` and ``("municipality",)``, the defaults of the
        metrics (DESIGN.md), so edge widths equal ``shared`` of the pairs table.
    councils : iterable of str
        Keep only the actors that are members of these collaborations (at ``as_of``),
        and the collaborations they are in.
    max_edges : int
        Actors view: keep the strongest links when there are more.

    Returns
    -------
    ViewGraph

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b", "c"], "name": ["A", "B", "C"],
    ...                   "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b", "b", "c"], "collaboration": ["s", "s", "t", "t"]}),
    ... )
    >>> vg = view_graph(m)
    >>> sorted(vg.nodes["id"]), len(vg.edges)
    (['a', 'b', 'c', 's', 't'], 4)
    >>> vg = view_graph(m, view="actors")
    >>> vg.edges[["source", "target", "width"]].values.tolist()
    [['a', 'b', 1], ['b', 'c', 1]]
    >>> sorted(view_graph(m, focus=["a"], depth=2).nodes["id"])
    ['a', 'b', 's']
    """
    _check_choice(view, VIEWS, "view")
    _check_choice(color_by, COLOR_BY, "color_by")
    _check_choice(size_by, SIZE_BY, "size_by")
    if depth not in (1, 2):
        raise SpecError(f"depth must be 1 or 2, not {depth!r}")
    if not isinstance(max_nodes, (int, np.integer)) or max_nodes < 1:
        raise SpecError(f"max_nodes must be a positive whole number, not {max_nodes!r}")
    focus_t = as_tuple(focus) or ()
    councils_t = as_tuple(councils) or ()
    for f in focus_t:
        if not model.has_id(f):
            raise _unknown(model, f)
    collab_ids = set(model.collaborations["id"])
    for c in councils_t:
        if c not in collab_ids:
            raise _unknown(model, c, "collaboration (council)")

    if view == "actors":
        kinds_eff = ("service",) if kinds is None else kinds
        actor_kinds_eff = ("municipality",) if actor_kinds is None else actor_kinds
    else:
        kinds_eff, actor_kinds_eff = kinds, actor_kinds
    area = {"as_of": as_of, "sectors": sectors, "status": status, "countries": countries,
                "regions": regions}
    sel = select(model, kinds=kinds_eff, actor_kinds=actor_kinds_eff,
                 include_observers=(view == "bipartite"), **area)
    actors, collabs = sel.actors, sel.collaborations
    mem = _dedupe_memberships(sel.memberships)
    notes = []

    if councils_t:
        inside = _members(model, councils_t, as_of)
        actors = actors[actors["id"].isin(inside)].reset_index(drop=True)
        mem = mem[mem["actor"].isin(inside)].reset_index(drop=True)
        collabs = collabs[collabs["id"].isin(set(mem["collaboration"]))].reset_index(drop=True)

    a_ids = actors["id"].to_numpy(dtype=object)
    c_ids = collabs["id"].to_numpy(dtype=object)
    a_index = pd.Index(a_ids)
    c_index = pd.Index(c_ids)
    counted = mem[mem["role"].isin(COUNTED_ROLES)]
    rows = a_index.get_indexer(counted["actor"])
    cols = c_index.get_indexer(counted["collaboration"])
    B = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(a_ids), len(c_ids)))
    size_c = np.asarray(B.sum(axis=0)).ravel()  # counted members per collaboration
    strength = B @ np.maximum(size_c - 1, 0)  # Σ_b shared(a, b)
    n_coll_a = np.asarray(B.sum(axis=1)).ravel()

    # the full drawable graph as index arrays
    if view == "bipartite":
        all_rows = a_index.get_indexer(mem["actor"])
        all_cols = c_index.get_indexer(mem["collaboration"])
        parent_pairs = [(c, p) for c, p in zip(collabs["id"], collabs["parent"])
                        if p and p in c_index]
        n_a = len(a_ids)
        ids = np.concatenate([a_ids, c_ids])
        eu = np.concatenate([all_rows, [n_a + c_index.get_loc(c) for c, _ in parent_pairs]])
        ev = np.concatenate([n_a + all_cols, [n_a + c_index.get_loc(p) for _, p in parent_pairs]])
        eu, ev = eu.astype(int), ev.astype(int)
        A = sp.coo_matrix((np.ones(len(eu)), (eu, ev)), shape=(len(ids), len(ids))).tocsr()
        A = ((A + A.T) > 0).astype(np.float64).tocsr()
        linked = np.asarray(A.sum(axis=1)).ravel() > 0

        def neighbours(v):
            return (A @ v) > 0
    else:
        ids = a_ids
        linked = strength > 0
        Bt = B.T.tocsr()

        def neighbours(v):
            return (B @ (Bt @ v)) > 0

    n_isolated_actors = int((~linked[: len(a_ids)]).sum())
    n_total = int(linked.sum())
    index = pd.Index(ids)

    # focus: distances (0, 1, 2) from the seeds, inf elsewhere
    dist = np.where(linked, 0.0, np.inf)
    is_focus = np.zeros(len(ids), dtype=bool)
    if focus_t:
        seeds = np.zeros(len(ids), dtype=bool)  # start at distance 0
        via = np.zeros(len(ids), dtype=bool)  # actors view: members of a focused collaboration
        missing = []
        for f in focus_t:
            if f in index:
                seeds[index.get_loc(f)] = True
            elif view == "actors" and f in collab_ids:
                members = _members(model, f, as_of)
                hit = index.isin(members)
                if hit.any():
                    via |= hit
                else:
                    missing.append(f)
            else:
                missing.append(f)

        def reach(start, steps):
            d = np.full(len(ids), np.inf)
            d[start] = 0
            frontier = start.astype(np.float64)
            for step in range(1, steps + 1):
                new = neighbours(frontier) & ~np.isfinite(d)
                d[new] = step
                frontier = new.astype(np.float64)
            return d

        # a collaboration is one step from its members, so they start one step in
        dist = np.minimum(reach(seeds, depth), reach(via, depth - 1))
        is_focus = seeds | via
        if missing:
            names = _names_of(model, missing)
            listed = ", ".join(names.get(f, f) for f in missing)
            notes.append(f"Not in this view (left out by the filters): {listed}.")
    candidates = np.isfinite(dist)
    n_candidates = int(candidates.sum())

    # cut to max_nodes: focus first, then the strongest actors and what ties them
    if view == "bipartite":
        score = np.concatenate([strength, size_c]).astype(float)
    else:
        score = strength.astype(float)
    keep = candidates.copy()
    cut = False
    if n_candidates > max_nodes:
        cut = True
        keep = _cut(view, candidates, dist, score, is_focus, B, A if view == "bipartite" else None,
                    len(a_ids), ids, max_nodes)
    kept_idx = np.flatnonzero(keep)

    # edges among the kept nodes
    kept_ids = ids[kept_idx]
    kept_set = set(kept_ids)
    if view == "bipartite":
        e = mem[mem["actor"].isin(kept_set) & mem["collaboration"].isin(kept_set)]
        edges = pd.DataFrame({"source": e["actor"].to_numpy(dtype=object),
                              "target": e["collaboration"].to_numpy(dtype=object),
                              "role": e["role"].to_numpy(dtype=object)})
        pp = [(c, p) for c, p in parent_pairs if c in kept_set and p in kept_set]
        if pp:
            edges = pd.concat([edges, pd.DataFrame({
                "source": [c for c, _ in pp], "target": [p for _, p in pp],
                "role": "part_of"})], ignore_index=True)
        edges["weight"] = 1.0
    else:
        sub = B[kept_idx]
        C = sp.triu(sub @ sub.T, k=1).tocoo()
        edges = pd.DataFrame({"source": kept_ids[C.row], "target": kept_ids[C.col],
                              "weight": C.data.astype(float)})
        edges = edges[edges["weight"] > 0]
        if len(edges) > max_edges:
            notes.append(f"Only the {_fmt(max_edges)} strongest of {_fmt(len(edges))} links "
                         "are drawn.")
            edges = edges.sort_values(["weight", "source", "target"],
                                      ascending=[False, True, True]).head(max_edges)
        edges["role"] = "shared"
    # after a cut a node may hang alone: drop it unless it is in focus
    if cut:
        touched = set(edges["source"]) | set(edges["target"])
        lonely = [i for i in kept_idx if ids[i] not in touched and not is_focus[i]]
        if lonely:
            keep[lonely] = False
            kept_idx = np.flatnonzero(keep)
            kept_ids = ids[kept_idx]
    edges = edges.sort_values(["source", "target"], kind="stable").reset_index(drop=True)

    # messages
    what = "actors and collaborations" if view == "bipartite" else "actors"
    if cut:
        rest = ("narrow the focus or the filters to see the rest" if focus_t
                else "focus on a municipality or choose a sector to see the rest")
        around = " around the focus" if focus_t else ""
        notes.insert(0, f"Showing the {_fmt(len(kept_idx))} most connected of "
                        f"{_fmt(n_candidates)} {what}{around}; {rest}.")
    if n_isolated_actors and not focus_t:
        noun = "actor" if n_isolated_actors == 1 else "actors"
        notes.append(f"{_fmt(n_isolated_actors)} {noun} with no link in this view "
                     "not drawn.")

    # the drawn graph and its places
    g = nx.Graph()
    g.add_nodes_from(kept_ids)
    g.add_weighted_edges_from(edges[["source", "target", "weight"]].itertuples(index=False))
    if positions:
        pos = _place(g, positions, seed=seed, scale=1000)
    else:
        pos = layout(g, seed=seed)

    nodes = _node_frame(model, view, kept_idx, ids, actors, collabs, mem, B, a_index, c_index,
                        strength, n_coll_a, size_c, color_by, size_by, area, seed, pos,
                        focus_t)
    legend = _legend(nodes, view, color_by)
    edge_frame = _edge_frame(edges, model, view)
    filters = dict(sel.filters)
    filters.pop("include_observers", None)
    filters["councils"] = councils_t or None
    return ViewGraph(
        nodes=nodes, edges=edge_frame, legend=legend, message=" ".join(notes),
        n_total_nodes=n_total, as_of=sel.filters["as_of"], filters=filters,
        color_by=color_by, size_by=size_by, view=view,
    )


def _cut(view, candidates, dist, score, is_focus, B, A, n_a, ids, budget):
    """Boolean mask of at most ``budget`` nodes: focus, then nearest and strongest actors."""
    n = len(ids)
    order_key = np.where(candidates, dist, np.inf)
    if view == "actors":
        idx = np.flatnonzero(candidates)
        idx = idx[np.lexsort((ids[idx].astype(str), -score[idx], order_key[idx]))]
        keep = np.zeros(n, dtype=bool)
        keep[idx[:budget]] = True
        return keep
    # bipartite: kept actors K; a collaboration stays when it is in focus, next to a
    # focused actor, or ties at least two kept actors. Largest K that fits the budget.
    a_cand = np.flatnonzero(candidates[:n_a])
    a_cand = a_cand[np.lexsort((ids[a_cand].astype(str), -score[a_cand], order_key[a_cand]))]
    c_cand = candidates[n_a:]
    focus_a = is_focus[:n_a]
    focus_c = is_focus[n_a:]
    Bc = B.tocsc()
    near_focus = (np.asarray(B[focus_a].sum(axis=0)).ravel() > 0) if focus_a.any() else \
        np.zeros(B.shape[1], dtype=bool)
    must_c = c_cand & (focus_c | near_focus)
    n_focus_a = int(focus_a.sum())
    rest_a = a_cand[~focus_a[a_cand]]

    def build(k):
        ka = focus_a.copy()
        ka[rest_a[:k]] = True
        counts = Bc.T @ ka.astype(np.float64)
        kc = c_cand & (must_c | (counts >= 2))
        return ka, kc

    lo, hi = 0, len(rest_a)
    while lo < hi:  # largest k with size(k) <= budget
        mid = (lo + hi + 1) // 2
        ka, kc = build(mid)
        if n_focus_a + mid + int(kc.sum()) <= budget:
            lo = mid
        else:
            hi = mid - 1
    ka, kc = build(lo)
    if int(ka.sum() + kc.sum()) > budget:  # even the focus ring is too big: trim it
        ci = np.flatnonzero(kc)
        ci = ci[np.lexsort((ids[n_a + ci].astype(str), -score[n_a + ci], ~focus_c[ci]))]
        room = max(0, budget - int(ka.sum()))
        kc = np.zeros_like(kc)
        kc[ci[:room]] = True
    return np.concatenate([ka, kc])


def _node_frame(model, view, kept_idx, ids, actors, collabs, mem, B, a_index, c_index,
                strength, n_coll_a, size_c, color_by, size_by, area, seed, pos, focus_ids):
    n_a = len(a_index)
    a_sel = [i for i in kept_idx if i < n_a] if view == "bipartite" else list(kept_idx)
    c_sel = [i - n_a for i in kept_idx if i >= n_a] if view == "bipartite" else []
    A = actors.iloc[a_sel].reset_index(drop=True)
    Cf = collabs.iloc[c_sel].reset_index(drop=True)
    names = _names_of(model, [v for v in pd.concat([Cf["host"], Cf["parent"]]) if v])

    # partners in view: |∪ m(c) \ {a}| for kept actors
    Bk = B[a_sel]
    partners = np.asarray(((Bk @ B.T) > 0).sum(axis=1)).ravel() - (n_coll_a[a_sel] > 0)
    observers = mem[mem["role"] == "observer"].groupby("collaboration").size()
    a_titles = []
    for k, rec in enumerate(A.to_dict("records")):
        lines = [rec["name"], " · ".join(v for v in (rec["kind"].replace("_", " "),
                                                    rec.get("region", ""),
                                                    rec.get("country", "")) if v)]
        pop = rec.get("population")
        if pop is not None and not pd.isna(pop):
            lines.append(f"Population: {_fmt(pop)}")
        i = a_sel[k]
        lines.append(f"Collaborations in view: {int(n_coll_a[i])}")
        lines.append(f"Partners: {int(partners[k])} · strength: {int(strength[i])}")
        a_titles.append("\n".join(lines))
    c_titles = []
    for k, rec in enumerate(Cf.to_dict("records")):
        j = c_sel[k]
        head = " · ".join(v for v in (rec["kind"], rec.get("sector", "").replace("_", " "),
                                      rec.get("legal_form", "")) if v)
        lines = [rec["name"], head]
        n_obs = int(observers.get(rec["id"], 0))
        lines.append(f"Members: {int(size_c[j])}" + (f" (+{n_obs} observer"
                     f"{'s' if n_obs > 1 else ''})" if n_obs else ""))
        if rec.get("host"):
            lines.append(f"Host: {names.get(rec['host'], rec['host'])}")
        if rec.get("parent"):
            lines.append(f"Part of: {names.get(rec['parent'], rec['parent'])}")
        start, end = rec.get("start"), rec.get("end")
        span = ""
        if pd.notna(start) or pd.notna(end):
            span = (f" · {pd.Timestamp(start).year if pd.notna(start) else ''}–"
                    f"{pd.Timestamp(end).year if pd.notna(end) else ''}")
        lines.append(f"Status: {rec['status']}{span}")
        c_titles.append("\n".join(lines))

    a_frame = pd.DataFrame({
        "id": A["id"].to_numpy(dtype=object), "layer": "actor",
        "name": A["name"].to_numpy(dtype=object), "kind": A["kind"].to_numpy(dtype=object),
        "shape": ACTOR_SHAPE, "title": a_titles,
    })
    c_frame = pd.DataFrame({
        "id": Cf["id"].to_numpy(dtype=object), "layer": "collaboration",
        "name": Cf["name"].to_numpy(dtype=object), "kind": Cf["kind"].to_numpy(dtype=object),
        "shape": [KIND_SHAPES.get(k, "square") for k in Cf["kind"]], "title": c_titles,
    })

    # sizes
    if size_by == "population":
        a_size = _spread(pd.to_numeric(A["population"], errors="coerce").to_numpy(
            dtype=float, na_value=np.nan), 7, 24)
    elif size_by == "strength":
        a_size = _spread(strength[a_sel], 7, 24)
    else:
        a_size = np.full(len(A), 12.0)
    c_size = (np.full(len(Cf), 12.0) if size_by == "none"
              else 9 + np.minimum(1.6 * np.sqrt(size_c[c_sel]), 14))
    a_frame["size"] = np.round(a_size, 1)
    c_frame["size"] = np.round(c_size, 1)

    # colours
    if color_by == "kind":
        a_group = [k.replace("_", " ") for k in A["kind"]]
        a_color = [KIND_COLORS.get(k, OTHER_COLOR) for k in A["kind"]]
        c_group = list(Cf["kind"])
        c_color = [KIND_COLORS.get(k, OTHER_COLOR) for k in Cf["kind"]]
    elif color_by == "sector":
        counts = collabs["sector"].replace("", np.nan).dropna().value_counts()
        ranked = sorted(counts.index, key=lambda s: (-counts[s], s))
        colors = {s: PALETTE[i] for i, s in enumerate(ranked[: len(PALETTE)])}

        def label(s):
            if not s:
                return "no sector"
            return s.replace("_", " ") if s in colors else "other sectors"
        c_group = [label(s) for s in Cf["sector"]]
        c_color = [colors.get(s, OTHER_COLOR) for s in Cf["sector"]]
        if view == "actors":
            # each actor takes the sector it has most collaborations in
            m = mem[mem["actor"].isin(set(A["id"]))].merge(
                collabs[["id", "sector"]], left_on="collaboration", right_on="id")
            m = m[m["sector"] != ""]
            top = (m.groupby(["actor", "sector"]).size().reset_index(name="n")
                   .sort_values(["actor", "n", "sector"], ascending=[True, False, True])
                   .drop_duplicates("actor").set_index("actor")["sector"])
            secs = [top.get(a, "") for a in A["id"]]
            a_group = [label(s) for s in secs]
            a_color = [colors.get(s, OTHER_COLOR) for s in secs]
        else:
            a_group = ["actor"] * len(A)
            a_color = [NEUTRAL_ACTOR] * len(A)
    else:  # community
        comm = _communities(model, area)
        a_num = [comm.get(a) for a in A["id"]]
        if len(Cf):
            m = mem[mem["collaboration"].isin(set(Cf["id"])) & mem["role"].isin(COUNTED_ROLES)]
            m = m.assign(c=m["actor"].map(comm)).dropna(subset=["c"])
            top = (m.groupby(["collaboration", "c"]).size().reset_index(name="n")
                   .sort_values(["collaboration", "n", "c"], ascending=[True, False, True])
                   .drop_duplicates("collaboration").set_index("collaboration")["c"])
            c_num = [top.get(c) for c in Cf["id"]]
        else:
            c_num = []

        def label(c):
            if c is None or pd.isna(c):
                return "no community"
            c = int(c)
            return f"community {c}" if c <= len(PALETTE) else "smaller communities"

        def color(c):
            if c is None or pd.isna(c) or int(c) > len(PALETTE):
                return OTHER_COLOR
            return PALETTE[int(c) - 1]
        a_group, a_color = [label(c) for c in a_num], [color(c) for c in a_num]
        c_group, c_color = [label(c) for c in c_num], [color(c) for c in c_num]
    a_frame["group"], a_frame["color"] = a_group, a_color
    c_frame["group"], c_frame["color"] = c_group, c_color

    nodes = pd.concat([a_frame, c_frame], ignore_index=True)
    nodes["label"] = [_short(s) for s in nodes["name"]]
    nodes["x"] = [pos[i][0] for i in nodes["id"]]
    nodes["y"] = [pos[i][1] for i in nodes["id"]]
    nodes = nodes.sort_values("id", kind="stable").reset_index(drop=True)
    nodes["focus"] = nodes["id"].isin(set(focus_ids))
    return nodes[NODE_COLUMNS + NODE_EXTRA]


def _legend(nodes, view, color_by):
    if nodes.empty:
        return []
    seen = []
    order = {"actor": 0, "collaboration": 1}
    frame = nodes.assign(_o=nodes["layer"].map(order))
    if color_by == "kind":
        for (layer, group), part in frame.groupby(["_o", "group"], sort=True):
            seen.append((group, part["color"].iloc[0], part["shape"].iloc[0]))
        return seen

    def key(item):
        g = item[0]
        tail = g in ("other sectors", "no sector", "no community", "smaller communities")
        num = int(g.split()[-1]) if g.startswith("community ") else 0
        return (tail, num, g)
    groups = {}
    for g, c in zip(frame["group"], frame["color"]):
        groups.setdefault(g, c)
    if "actor" in groups:
        seen.append(("actor", groups.pop("actor"), ACTOR_SHAPE))
    shape_by_group = {}
    for g, s, layer in zip(frame["group"], frame["shape"], frame["layer"]):
        shape_by_group.setdefault(g, ACTOR_SHAPE if (view == "actors" or color_by == "community")
                                  else "square")
    for g, c in sorted(groups.items(), key=key):
        seen.append((g, c, shape_by_group.get(g, "dot")))
    if view == "bipartite":
        for kind in ("council", "network", "service"):
            if (frame["kind"] == kind).any() and (frame["layer"] == "collaboration").any():
                seen.append((kind, "#777777", KIND_SHAPES[kind]))
    return seen


def _edge_frame(edges, model, view):
    if edges.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in EDGE_COLUMNS})
    names = _names_of(model, pd.concat([edges["source"], edges["target"]]))
    out = pd.DataFrame({"source": edges["source"].astype(object),
                        "target": edges["target"].astype(object)})
    src = [names.get(s, s) for s in out["source"]]
    dst = [names.get(t, t) for t in out["target"]]
    if view == "actors":
        w = edges["weight"].to_numpy()
        out["width"] = np.minimum(w, 10).astype(int)
        out["color"] = EDGE_COLORS["shared"]
        out["title"] = [f"{a} — {b}\n{int(n)} shared collaboration{'s' if n != 1 else ''}"
                        for a, b, n in zip(src, dst, w)]
        out["dashes"] = False
        out["relation"] = "shared"
        return out[EDGE_COLUMNS]
    role = edges["role"].to_numpy(dtype=object)
    rel = np.select([role == "part_of", role == "observer",
                     np.isin(role, ["host", "lead", "owner"])],
                    ["part_of", "observer", "lead"], "member")
    out["relation"] = rel
    out["width"] = np.where(rel == "lead", 2, 1)
    out["color"] = [EDGE_COLORS[r] for r in rel]
    out["dashes"] = np.isin(rel, ["observer", "part_of"])
    out["title"] = [f"{a} is part of {b}" if r == "part_of" else f"{a} — {b}\n{ro}"
                    for a, b, r, ro in zip(src, dst, rel, role)]
    return out[EDGE_COLUMNS]


# --------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network 9.1.2 JS and CSS as shipped inside the pyvis package (read once)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # inlined code must not be able to end its own element early
    if re.search(r"</script|<!--", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError("the vis-network files in pyvis cannot be inlined safely")
    return js, css


def _own_asset(name: str) -> str:
    return (Path(__file__).parent / "assets" / name).read_text(encoding="utf-8")


def json_for_script(value) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e``, ``\\u0026`` (so ``</script>``
    in a name cannot close the element), as do U+2028 and U+2029. NaN is refused.

    Examples
    --------
    >>> json_for_script({"name": "</script><b>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for ch, rep in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, rep)
    return text


@dataclass(frozen=True)
class NetworkFragment:
    """The pieces of an interactive network to place in a page of one's own.

    ``head`` goes inside ``<head>`` (styles), ``body`` where the network should
    appear (its container and scripts).
    """

    head: str
    body: str


def _vis_data(vg: ViewGraph) -> dict:
    nodes = []
    for rec in vg.nodes.to_dict("records"):
        nodes.append({
            "id": str(rec["id"]), "label": str(rec["label"]), "title": str(rec["title"]),
            "x": float(rec["x"]), "y": float(rec["y"]), "size": float(rec["size"]),
            "shape": str(rec["shape"]), "color": str(rec["color"]),
            "focus": bool(rec.get("focus", False)), "layer": str(rec["layer"]),
        })
    edges = []
    for k, rec in enumerate(vg.edges.to_dict("records")):
        e = {"id": f"e{k}", "from": str(rec["source"]), "to": str(rec["target"]),
             "width": float(rec["width"]), "color": str(rec["color"]),
             "title": str(rec["title"])}
        if rec["relation"] == "part_of":
            e["dashes"] = [2, 4]
            e["arrows"] = "to"
        elif bool(rec["dashes"]):
            e["dashes"] = True
        edges.append(e)
    return {"nodes": nodes, "edges": edges}


def network_fragment(vg: ViewGraph, *, height: str = "640px", width: str = "100%",
                     element_id: str = "network") -> NetworkFragment:
    """The network of ``vg`` as pieces of HTML (vis-network inlined, no external URL).

    Used by :func:`network_html` and :func:`graphmodel.snapshot_html`. All data
    travels as JSON inside a script element, escaped by :func:`json_for_script`;
    vis-network shows string tooltips as text, never as HTML.
    """
    for name, value in (("height", height), ("width", width)):
        if not _CSS_LENGTH.match(str(value)):
            raise SpecError(f"{name} must be a CSS length such as 640px or 100%, not {value!r}")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,40}", element_id):
        raise SpecError(f"element_id must be a plain identifier, not {element_id!r}")
    js, css = _vis_assets()
    head = (f"<style>\n{css}\n</style>\n<style>\n{_own_asset('network.css')}\n"
            f"#{element_id} {{ height: {height}; width: {width}; }}\n</style>")
    data = json_for_script(_vis_data(vg))
    body = (
        f'<div class="gm-network-wrap"><div id="{element_id}" class="gm-network" '
        f'role="img" aria-label="Network drawing"></div>\n'
        f'<div class="gm-toolbar"><button type="button" id="{element_id}-fit">Show all'
        f'</button><span class="gm-hint">Drag to move · scroll to zoom · '
        f'click a node to highlight its links</span></div></div>\n'
        f"<script>\n{js}\n</script>\n"
        f'<script>\nvar GM_DATA = {data};\nvar GM_ELEMENT = "{element_id}";\n'
        f"{_own_asset('network.js')}\n</script>"
    )
    return NetworkFragment(head=head, body=body)


def network_html(vg: ViewGraph, *, height: str = "640px", width: str = "100%",
                 title: str = "Network") -> str:
    """A complete, standalone HTML document showing the network of ``vg``.

    Built on a small template of our own around vis-network 9.1.2 (the copy
    shipped inside pyvis, inlined), rather than pyvis' template: that one links to
    CDNs (Bootstrap, vis, tom-select) and puts its heading and menus into the page
    as raw HTML. Here every data text travels as escaped JSON, tooltips are plain
    text, positions are fixed and physics is off, and a Content-Security-Policy
    forbids any network request. Write the result with ``encoding="utf-8"``.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["Ås", "</script>"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    ... )
    >>> page = network_html(view_graph(m))
    >>> page.startswith("<!DOCTYPE html>"), "Ås" in page, "</script>\\"" in page
    (True, True, False)
    """
    frag = network_fragment(vg, height=height, width=width)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n{frag.head}\n"
        "<style>body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,"
        "'Helvetica Neue',Arial,sans-serif;}</style>\n"
        f"</head>\n<body>\n{frag.body}\n</body>\n</html>\n"
    )


#: No request of any kind leaves the page; inline scripts and styles, data: images only.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; "
       "base-uri 'none'")
