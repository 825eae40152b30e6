"""Where to draw: deterministic positions in pixels (layout, declutter, place)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["declutter", "layout", "place"]


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
    if hasattr(graph, "to_networkx"):  # a ViewGraph
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
    arr = declutter(arr)
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(g.nodes, arr)}


def declutter(arr: np.ndarray, *, width: float = 160.0, height: float = 64.0,
               rounds: int = 80) -> np.ndarray:
    """Push apart nodes whose labels would overlap (a box of ``width`` × ``height`` px).

    ``arr`` is an (n, 2) array of pixel positions; a new array is returned.

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


def place(g: nx.Graph, known: dict, *, seed: int, scale: float) -> dict:
    """Keep the places in ``known``; put new nodes near their placed neighbours.

    Nodes of ``g`` found in ``known`` keep their place; a new node goes beside the mean of
    its placed neighbours (siblings spread by the golden angle), breadth-first; parts
    with no placed node at all are laid out by :func:`layout` to the right.

    Examples
    --------
    >>> import networkx as nx
    >>> pos = place(nx.path_graph(["a", "b"]), {"a": (0.0, 0.0)}, seed=7, scale=1000)
    >>> pos["a"], pos["b"] != pos["a"]
    ((0.0, 0.0), True)
    """
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
