"""What to draw for a view: nodes, edges, legend and message (ViewGraph, view_graph)."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..data.model import Model
from ..data.select import (
    DEFAULT_ACTOR_KINDS,
    DEFAULT_KINDS,
    as_tuple,
    council_members,
    select,
    unknown_id,
)
from ..errors import SpecError
from ..i18n import ntr, tr
from .positions import layout, place
from .style import (
    ACTOR_SHAPE,
    KIND_SHAPES,
    actor_tooltip,
    collaboration_tooltip,
    count_text,
    legend,
    node_colours,
    node_sizes,
    short_label,
    style_edges,
)

__all__ = [
    "COLOR_BY",
    "MAX_EDGES",
    "NODE_COLUMNS",
    "NODE_EXTRA",
    "SIZE_BY",
    "VIEWS",
    "ViewGraph",
    "view_graph",
]

VIEWS = ("bipartite", "actors")
COLOR_BY = ("kind", "sector", "community")
SIZE_BY = ("population", "strength", "none")

NODE_COLUMNS = ["id", "label", "layer", "kind", "group", "color", "shape", "size", "x", "y",
                "title"]
#: Columns after NODE_COLUMNS: the full name, and whether the node is one the view focuses on.
NODE_EXTRA = ["name", "focus"]

#: Views that hold more links than this keep the strongest ones (actors view only).
MAX_EDGES = 4000


@dataclass(frozen=True, eq=False)
class ViewGraph:
    """What to draw: nodes with colour, shape, size and place; edges; legend; a message.

    ``nodes`` has the columns ``id, label, layer, kind, group, color, shape, size, x, y,
    title``: ``layer`` is ``"actor"`` or ``"collaboration"``, ``group`` the legend label
    the colour stands for, ``shape`` a vis-network shape (``dot`` for actors; ``diamond``
    council, ``triangle`` network, ``square`` service), ``size`` the radius in pixels,
    ``x, y`` the place in pixels (screen convention: ``y`` grows downwards) and
    ``title`` a plain-text tooltip (newlines separate lines); then ``name`` (the full
    name; ``label`` is wrapped to two lines of 24 characters, cut after) and ``focus`` (True for a node the
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
    #: ``(x0, y0, x1, y1)`` the drawing shows (pixels of ``x, y``); None: fit its nodes.
    #: Two drawings with the same frame share scale and places (a comparison's two sides).
    frame: tuple | None = None

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


# --------------------------------------------------------------------------- view_graph


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

    The steps, each a function of its own: check the arguments; take the selection
    and its membership matrix (:func:`graphmodel.data.select`, ``Selection.B``), kept to the
    members of ``councils``; the drawable graph; distances from the focus; the cut to
    ``max_nodes``; the edges among the kept nodes; the messages; the places
    (:func:`graphmodel.drawing.positions.layout`); the node frame (:mod:`graphmodel.drawing.style`).

    Parameters
    ----------
    model : Model
    view : {"bipartite", "actors"}
        ``bipartite``: actors and collaborations, an edge per membership (observers
        dashed) and per part-of link, as :func:`graphmodel.to_graph`. ``actors``: the
        co-membership network of actors, edge width = ``shared(a, b)`` (capped at 10).
    focus : iterable of str
        Actor or collaboration ids; keep what lies within ``depth`` steps (1 or 2) of
        them. In the actors view a collaboration stands for its members on ``as_of``
        (:func:`graphmodel.data.select.council_members` under the view's ``status``; one
        step). An id not in the data raises :class:`~graphmodel.errors.UnknownIdError`;
        an id in the data that the filters leave out is named in ``message``.
    color_by : {"kind", "sector", "community"}
        ``community``: :func:`graphmodel.analysis.structure.communities` (Louvain, seeded) on
        the co-membership graph of service collaborations and municipalities under the
        view's date and area filters. Collaborations take the most common community of
        their members.
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
        The filters of :func:`graphmodel.data.select`.
    kinds, actor_kinds : optional
        ``None`` means the view's default: every kind in the bipartite view; in the
        actors view ``("service",)`` and ``("municipality",)``, the defaults of the
        metrics (DESIGN.md), so edge widths equal ``shared`` of the pairs table.
    councils : iterable of str
        Keep only the actors that are members of these collaborations on ``as_of``
        (:func:`graphmodel.data.select.council_members`: observers never count, dates
        honoured), and the collaborations they are in. In the bipartite view the
        councils' observers are drawn as well, linked (dashed, as observers) to the
        council and to the kept collaborations they take part in; they are not counted
        as members.
    max_edges : int
        Actors view: keep the strongest links when there are more.

    Returns
    -------
    ViewGraph

    Examples
    --------
    >>> vg = view_graph(example)
    >>> sorted(vg.nodes["id"]), len(vg.edges)
    (['R', 'a', 'b', 'c', 'd', 'f', 's1', 's2', 's3'], 13)
    >>> vg = view_graph(example, view="actors")
    >>> vg.edges[["source", "target", "width"]].values.tolist()
    [['a', 'b', 2], ['a', 'c', 1], ['b', 'c', 1], ['c', 'd', 1]]
    >>> sorted(view_graph(example, focus=["d"], depth=2).nodes["id"])
    ['c', 'd', 's3']
    """
    focus_t, councils_t = _check_arguments(model, view, color_by, size_by, depth, max_nodes,
                                           focus, councils)
    area = {"as_of": as_of, "sectors": sectors, "status": status, "countries": countries,
            "regions": regions}
    scene, filters = _scene(model, view, kinds, actor_kinds, area, councils_t)
    graph = _drawable(scene)
    dist, is_focus, focus_notes = _focus_distances(model, scene, graph, focus_t, depth, as_of,
                                                   status)
    candidates = np.isfinite(dist)
    n_candidates = int(candidates.sum())
    cut = n_candidates > max_nodes
    keep = (_cut(scene, graph, candidates, dist, is_focus, max_nodes) if cut
            else candidates.copy())
    edges, edge_notes = _edges_among(scene, graph, np.flatnonzero(keep), max_edges)
    if cut:
        keep = _without_lonely(keep, graph.ids, edges, is_focus)
    kept_idx = np.flatnonzero(keep)
    notes = _messages(view, cut, len(kept_idx), n_candidates, bool(focus_t),
                      graph.n_isolated_actors, focus_notes + edge_notes)
    pos = _places(graph.ids[kept_idx], edges, positions, seed)
    nodes = _node_frame(model, scene, kept_idx, graph.ids, color_by, size_by, area, pos,
                        focus_t)
    names = _names(model)
    filters["councils"] = councils_t or None
    return ViewGraph(
        nodes=nodes, edges=style_edges(edges, names, view), legend=legend(nodes, view, color_by),
        message=" ".join(notes), n_total_nodes=graph.n_total, as_of=filters["as_of"],
        filters=filters, color_by=color_by, size_by=size_by, view=view,
    )


# --------------------------------------------------------------------------- the steps


def _names(model: Model) -> dict[str, str]:
    """``model.names()``, computed once per model (the model never changes)."""
    return model.memo(("names",), model.names)


def _check_choice(value, allowed, what):
    if value not in allowed:
        raise SpecError(f"unknown {what} {value!r}: use one of {', '.join(allowed)}")


def _check_arguments(model, view, color_by, size_by, depth, max_nodes, focus, councils):
    """Step 1: refuse bad choices and unknown ids; return (focus, councils) as tuples."""
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
            raise unknown_id(model, f)
    collab_ids = set(model.collaborations["id"])
    for c in councils_t:
        if c not in collab_ids:
            raise unknown_id(model, c, "collaboration (council)")
    return focus_t, councils_t


@dataclass(eq=False)
class _Scene:
    """The kept rows, the memberships drawn, and the counted membership matrix ``B``."""

    view: str
    actors: pd.DataFrame
    collaborations: pd.DataFrame
    memberships: pd.DataFrame  # drawn: one row per (actor, collaboration), observers too
    B: sp.csr_matrix  # counted memberships, actors × collaborations, float 0/1
    collab_ids: frozenset  # every collaboration id of the model

    def __post_init__(self):
        self.a_ids = self.actors["id"].to_numpy(dtype=object)
        self.c_ids = self.collaborations["id"].to_numpy(dtype=object)
        self.a_index = pd.Index(self.a_ids)
        self.c_index = pd.Index(self.c_ids)
        self.size_c = np.asarray(self.B.sum(axis=0)).ravel()  # counted members per collab.
        self.strength = self.B @ np.maximum(self.size_c - 1, 0)  # Σ_b shared(a, b)
        self.n_coll_a = np.asarray(self.B.sum(axis=1)).ravel()


def _dedupe_memberships(m: pd.DataFrame) -> pd.DataFrame:
    """One row per (actor, collaboration): a counted role wins over ``observer``."""
    rank = {"host": 0, "lead": 1, "owner": 2, "member": 3, "observer": 4}
    m = m.assign(_r=m["role"].map(rank).fillna(5))
    m = m.sort_values(["actor", "collaboration", "_r"], kind="stable")
    return m.drop_duplicates(["actor", "collaboration"]).drop(columns="_r").reset_index(drop=True)


def _scene(model, view, kinds, actor_kinds, area, councils_t) -> tuple[_Scene, dict]:
    """Step 2: the selection (observers drawn in the bipartite view) and its matrix ``B``.

    ``B`` is the counted selection's ``Selection.B`` (the same rows and columns: observers
    change only which memberships are kept), restricted to the members of ``councils_t``.
    """
    if view == "actors":
        kinds = DEFAULT_KINDS if kinds is None else kinds
        actor_kinds = DEFAULT_ACTOR_KINDS if actor_kinds is None else actor_kinds
    drawn = select(model, kinds=kinds, actor_kinds=actor_kinds,
                   include_observers=(view == "bipartite"), **area)
    counted = select(model, kinds=kinds, actor_kinds=actor_kinds, **area)
    actors, collabs = drawn.actors, drawn.collaborations
    mem = _dedupe_memberships(drawn.memberships)
    B = counted.B
    if councils_t:
        inside = council_members(model, councils_t, as_of=area["as_of"])
        by_members = mem["actor"].isin(inside)
        reached = set(mem.loc[by_members, "collaboration"])
        # the councils' observers are drawn too (bipartite view), as observers: with
        # their links to what the members are in, never counted as members
        watching = set(mem.loc[(mem["role"] == "observer")
                               & mem["collaboration"].isin(councils_t)
                               & mem["collaboration"].isin(reached), "actor"]) - inside
        mem = mem[by_members | (mem["actor"].isin(watching)
                                & mem["collaboration"].isin(reached))].reset_index(drop=True)
        keep_a = actors["id"].isin(inside | watching).to_numpy()
        keep_c = collabs["id"].isin(set(mem["collaboration"])).to_numpy()
        actors = actors[keep_a].reset_index(drop=True)
        collabs = collabs[keep_c].reset_index(drop=True)
        B = B[np.flatnonzero(keep_a)][:, np.flatnonzero(keep_c)]
    filters = dict(drawn.filters)
    filters.pop("include_observers", None)
    scene = _Scene(view, actors, collabs, mem, B.astype(np.float64).tocsr(),
                   frozenset(model.collaborations["id"]))
    return scene, filters


@dataclass(eq=False)
class _Drawable:
    """The full drawable graph as index arrays: node ids, links, and a neighbour step."""

    ids: np.ndarray  # actors, then (bipartite) collaborations
    linked: np.ndarray  # nodes with at least one link
    A: sp.csr_matrix | None  # bipartite: the symmetric adjacency matrix
    parent_pairs: list  # bipartite: (collaboration, parent) both kept
    n_actors: int

    @property
    def n_total(self) -> int:
        return int(self.linked.sum())

    @property
    def n_isolated_actors(self) -> int:
        return int((~self.linked[: self.n_actors]).sum())


def _drawable(scene: _Scene) -> _Drawable:
    """Step 3: every node the view could draw, and which of them have a link."""
    n_a = len(scene.a_ids)
    if scene.view == "actors":
        return _Drawable(scene.a_ids, scene.strength > 0, None, [], n_a)
    mem, c_index = scene.memberships, scene.c_index
    rows = scene.a_index.get_indexer(mem["actor"])
    cols = c_index.get_indexer(mem["collaboration"])
    parent_pairs = [(c, p) for c, p in zip(scene.collaborations["id"],
                                           scene.collaborations["parent"])
                    if p and p in c_index]
    ids = np.concatenate([scene.a_ids, scene.c_ids])
    eu = np.concatenate([rows, [n_a + c_index.get_loc(c) for c, _ in parent_pairs]])
    ev = np.concatenate([n_a + cols, [n_a + c_index.get_loc(p) for _, p in parent_pairs]])
    eu, ev = eu.astype(int), ev.astype(int)
    A = sp.coo_matrix((np.ones(len(eu)), (eu, ev)), shape=(len(ids), len(ids))).tocsr()
    A = ((A + A.T) > 0).astype(np.float64).tocsr()
    linked = np.asarray(A.sum(axis=1)).ravel() > 0
    return _Drawable(ids, linked, A, parent_pairs, n_a)


def _neighbours(scene: _Scene, graph: _Drawable, v: np.ndarray) -> np.ndarray:
    """Which nodes are one step from the nodes marked in ``v`` (a float 0/1 vector)."""
    if graph.A is not None:
        return (graph.A @ v) > 0
    return (scene.B @ (scene.B.T @ v)) > 0


def _focus_distances(model, scene, graph, focus_t, depth, as_of, status):
    """Step 4: distance (0, 1, 2; inf beyond) from the focus; which nodes are in focus.

    Without a focus every linked node is at distance 0. In the actors view a focused
    collaboration stands for its members (:func:`council_members` on ``as_of``), who
    start one step in.
    """
    ids = graph.ids
    dist = np.where(graph.linked, 0.0, np.inf)
    is_focus = np.zeros(len(ids), dtype=bool)
    if not focus_t:
        return dist, is_focus, []
    index = pd.Index(ids)
    seeds = np.zeros(len(ids), dtype=bool)  # start at distance 0
    via = np.zeros(len(ids), dtype=bool)  # actors view: members of a focused collaboration
    missing = []
    for f in focus_t:
        if f in index:
            seeds[index.get_loc(f)] = True
        elif scene.view == "actors" and f in scene.collab_ids:
            hit = index.isin(council_members(model, [f], as_of=as_of, status=status))
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
            new = _neighbours(scene, graph, frontier) & ~np.isfinite(d)
            d[new] = step
            frontier = new.astype(np.float64)
        return d

    # a collaboration is one step from its members, so they start one step in
    dist = np.minimum(reach(seeds, depth), reach(via, depth - 1))
    notes = []
    if missing:
        names = _names(model)
        listed = ", ".join(names.get(f, f) for f in missing)
        notes.append(tr("Not in this view (left out by the filters): {names}.", names=listed))
    return dist, seeds | via, notes


def _cut(scene, graph, candidates, dist, is_focus, budget):
    """Step 5: boolean mask of at most ``budget`` nodes: focus, then nearest and strongest."""
    ids, n_a, B = graph.ids, graph.n_actors, scene.B
    if scene.view == "bipartite":
        score = np.concatenate([scene.strength, scene.size_c]).astype(float)
    else:
        score = scene.strength.astype(float)
    n = len(ids)
    order_key = np.where(candidates, dist, np.inf)
    if scene.view == "actors":
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


def _edges_among(scene, graph, kept_idx, max_edges) -> tuple[pd.DataFrame, list[str]]:
    """Step 6: the edges among the kept nodes (``source, target, role, weight``), sorted.

    Bipartite: one per membership and per part-of link. Actors view: one per pair that
    shares a collaboration, weight = ``shared``; the strongest ``max_edges`` when more.
    """
    kept_ids = graph.ids[kept_idx]
    notes = []
    if scene.view == "bipartite":
        kept_set = set(kept_ids)
        mem = scene.memberships
        e = mem[mem["actor"].isin(kept_set) & mem["collaboration"].isin(kept_set)]
        edges = pd.DataFrame({"source": e["actor"].to_numpy(dtype=object),
                              "target": e["collaboration"].to_numpy(dtype=object),
                              "role": e["role"].to_numpy(dtype=object)})
        pp = [(c, p) for c, p in graph.parent_pairs if c in kept_set and p in kept_set]
        if pp:
            edges = pd.concat([edges, pd.DataFrame({
                "source": [c for c, _ in pp], "target": [p for _, p in pp],
                "role": "part_of"})], ignore_index=True)
        edges["weight"] = 1.0
    else:
        sub = scene.B[kept_idx]
        C = sp.triu(sub @ sub.T, k=1).tocoo()
        edges = pd.DataFrame({"source": kept_ids[C.row], "target": kept_ids[C.col],
                              "weight": C.data.astype(float)})
        edges = edges[edges["weight"] > 0]
        if len(edges) > max_edges:
            notes.append(tr("Only the {n} strongest of {total} links are drawn.",
                            n=count_text(max_edges), total=count_text(len(edges))))
            edges = edges.sort_values(["weight", "source", "target"],
                                      ascending=[False, True, True]).head(max_edges)
        edges["role"] = "shared"
    edges = edges.sort_values(["source", "target"], kind="stable").reset_index(drop=True)
    return edges, notes


def _without_lonely(keep, ids, edges, is_focus) -> np.ndarray:
    """Step 7: after a cut a node may hang alone: drop it unless it is in focus."""
    touched = set(edges["source"]) | set(edges["target"])
    lonely = [i for i in np.flatnonzero(keep) if ids[i] not in touched and not is_focus[i]]
    keep = keep.copy()
    keep[lonely] = False
    return keep


def _messages(view, cut, n_kept, n_candidates, has_focus, n_isolated, notes) -> list[str]:
    """Step 8: what was left out, in words (the cut first, isolated actors last)."""
    out = []
    if cut:
        n, total = count_text(n_kept), count_text(n_candidates)
        if view == "bipartite" and has_focus:
            text = tr("Showing the {n} most connected of {total} actors and collaborations "
                      "around the focus; narrow the focus or the filters to see the rest.",
                      n=n, total=total)
        elif view == "bipartite":
            text = tr("Showing the {n} most connected of {total} actors and collaborations; "
                      "focus on a municipality or choose a sector to see the rest.",
                      n=n, total=total)
        elif has_focus:
            text = tr("Showing the {n} most connected of {total} actors around the focus; "
                      "narrow the focus or the filters to see the rest.", n=n, total=total)
        else:
            text = tr("Showing the {n} most connected of {total} actors; focus on a "
                      "municipality or choose a sector to see the rest.", n=n, total=total)
        out.append(text)
    out += notes
    if n_isolated and not has_focus:
        out.append(ntr("{n} actor with no link in this view not drawn.",
                       "{n} actors with no link in this view not drawn.", n_isolated))
    return out


def _places(kept_ids, edges, positions, seed) -> dict:
    """Step 9: the places of the drawn graph (earlier ``positions`` kept where given)."""
    g = nx.Graph()
    g.add_nodes_from(kept_ids)
    g.add_weighted_edges_from(edges[["source", "target", "weight"]].itertuples(index=False))
    if positions:
        return place(g, positions, seed=seed, scale=1000)
    return layout(g, seed=seed)


# --------------------------------------------------------------------------- the node frame


def _node_frame(model, scene, kept_idx, ids, color_by, size_by, area, pos, focus_ids):
    """Step 10: one row per drawn node (:data:`NODE_COLUMNS` + :data:`NODE_EXTRA`)."""
    n_a = len(scene.a_ids)
    if scene.view == "bipartite":
        a_sel = [i for i in kept_idx if i < n_a]
        c_sel = [i - n_a for i in kept_idx if i >= n_a]
    else:
        a_sel, c_sel = list(kept_idx), []
    A = scene.actors.iloc[a_sel].reset_index(drop=True)
    Cf = scene.collaborations.iloc[c_sel].reset_index(drop=True)
    a_titles, c_titles = _tooltips(model, scene, A, Cf, a_sel, c_sel)
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
    a_frame["size"], c_frame["size"] = node_sizes(
        size_by, A["population"], scene.strength[a_sel], scene.size_c[c_sel])
    comm = _community_numbers(model, area) if color_by == "community" else None
    (a_frame["group"], a_frame["color"]), (c_frame["group"], c_frame["color"]) = node_colours(
        color_by, scene.view, A, Cf, scene.collaborations, scene.memberships, comm)

    nodes = pd.concat([a_frame, c_frame], ignore_index=True)
    # names on two lines rather than cut ("Innkjøpssamarbeid / Værnesregionen")
    nodes["label"] = [short_label(s, lines=2) for s in nodes["name"]]
    nodes["x"] = [pos[i][0] for i in nodes["id"]]
    nodes["y"] = [pos[i][1] for i in nodes["id"]]
    nodes = nodes.sort_values("id", kind="stable").reset_index(drop=True)
    nodes["focus"] = nodes["id"].isin(set(focus_ids))
    return nodes[NODE_COLUMNS + NODE_EXTRA]


def _tooltips(model, scene, A, Cf, a_sel, c_sel) -> tuple[list[str], list[str]]:
    """Plain-text tooltips: actors with their partners in view, collaborations with members."""
    B = scene.B
    # partners in view: |∪ m(c) \ {a}| for kept actors
    partners = (np.asarray(((B[a_sel] @ B.T) > 0).sum(axis=1)).ravel()
                - (scene.n_coll_a[a_sel] > 0))
    mem = scene.memberships
    names = _names(model)
    watched = mem[mem["role"] == "observer"].groupby("actor")["collaboration"].agg(
        lambda s: tuple(sorted(names.get(c, c) for c in s)))
    a_titles = [actor_tooltip(rec, scene.n_coll_a[i], partners[k], scene.strength[i],
                              watched.get(rec["id"], ()))
                for k, (rec, i) in enumerate(zip(A.to_dict("records"), a_sel))]
    observers = mem[mem["role"] == "observer"].groupby("collaboration").size()
    c_titles = [collaboration_tooltip(rec, scene.size_c[j], int(observers.get(rec["id"], 0)),
                                      names)
                for rec, j in zip(Cf.to_dict("records"), c_sel)]
    return a_titles, c_titles


def _community_numbers(model: Model, area: dict) -> dict[str, int]:
    """actor id -> community number (1 = largest), from :func:`graphmodel.analysis.structure.communities`.

    Its default seed and kinds: the same numbers as its table under the view's date and
    area filters.
    """
    from ..analysis.structure import communities  # igraph and networkx only when colouring by it

    frame = communities(model, **area)
    return {a: int(c) for a, c in zip(frame["id"], frame["community"])
            if pd.notna(c) and str(c) != ""}
