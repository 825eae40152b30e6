"""Structure: the weighted co-membership graph, its communities, brokers and motors."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..data.model import Model
from ..data.select import Filters, check_filters, select
from .fragmentation import actor_fragmentation
from .incidence import (
    council_selection,
    louvain_labels,
    number_communities,
    row_sums,
    twin_quotient,
)

if TYPE_CHECKING:  # networkx is imported where a graph is built, not by the metric tables
    import networkx as nx

__all__ = [
    "centrality", "comembership_graph", "communities", "community_council_match", "hosting",
]

#: betweenness is exact while the compressed graph has at most this many nodes
EXACT_LIMIT = 1000
#: source actors sampled above :data:`EXACT_LIMIT`
SAMPLES = 64
_BATCH = 32  # sources per call of scipy's Dijkstra
_RTOL = 1e-9  # two path lengths this close are equally short


def comembership_graph(
    model: Model,
    **filters: Unpack[Filters],
) -> nx.Graph:
    """The weighted co-membership graph among actors (DESIGN.md, "Structure").

    Every actor the filters keep is a node (attributes ``name``, ``kind``, ``region``),
    also when it is in nothing. Two actors are joined when they share at least one
    collaboration; the edge carries ``shared`` = |S(a) ∩ S(b)|, ``jaccard`` =
    |S(a) ∩ S(b)| / |S(a) ∪ S(b)| and ``distance`` = 1 / ``shared`` (the length used
    for betweenness: actors that share more are closer). The counts come from the
    sparse product ``B @ B.T``.

    This is the weighted projection of the bipartite membership graph
    (``networkx.bipartite.weighted_projected_graph``); on France-sized data it has
    millions of edges (BANATIC: 29,405 communes, 6.3 million edges), so
    :func:`communities` and :func:`centrality` work on sparse matrices instead.

    Examples
    --------
    >>> g = comembership_graph(example)
    >>> sorted(g.edges(data="shared"))
    [('a', 'b', 2), ('a', 'c', 1), ('b', 'c', 1), ('c', 'd', 1)]
    >>> g.edges["a", "c"]["jaccard"], g.edges["a", "c"]["distance"]
    (0.3333333333333333, 1.0)
    """
    import networkx as nx

    sel = select(model, **check_filters(filters))
    B = sel.B
    ids = sel.actor_ids
    size = np.diff(B.indptr)
    upper = sp.triu(B @ B.T, k=1, format="coo")
    keep = upper.data != 0
    i, j, s = upper.row[keep], upper.col[keep], upper.data[keep].astype(np.int64)
    order = np.lexsort((j, i))
    i, j, s = i[order], j[order], s[order]
    jac = s / (size[i] + size[j] - s)

    g = nx.Graph(name=model.name, as_of=sel.filters["as_of"])
    actors = sel.actors
    for node, name, kind, region in zip(ids, actors["name"], actors["kind"], actors["region"]):
        g.add_node(node, name=name, kind=kind, region=region)
    g.add_edges_from(
        (ids[a], ids[b], {"shared": int(w), "jaccard": float(x), "distance": 1.0 / float(w)})
        for a, b, w, x in zip(i.tolist(), j.tolist(), s.tolist(), jac.tolist())
    )
    return g


# --------------------------------------------------------------------------- communities


def communities(
    model: Model,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Communities of the co-membership graph (Louvain), beside the formal councils.

    Louvain (igraph's ``community_multilevel``, weight ``shared``, fixed ``seed``; the
    tests compare its modularity with :func:`networkx.community.louvain_communities`)
    on the co-membership graph of :func:`comembership_graph`. Actors with the
    same membership set cannot be told apart by the graph; they are merged before
    Louvain runs (which keeps every modularity value), so they always land in the
    same community. On France (BANATIC 2021: 29,405 communes, 4,090 twin classes)
    Louvain then runs on 157,015 edges instead of 6.3 million: about 0.1 seconds.

    Returns
    -------
    DataFrame
        One row per actor, sorted by id: ``id``; ``community``, numbered 1, 2, …
        by size (largest first), ties by smallest member id, an actor in nothing
        forming a community of its own; ``council``, the actor's home council
        (``home_council`` of :func:`graphmodel.actor_fragmentation`; ``""`` when
        none).

    References
    ----------
    Blondel et al. (2008), Fast unfolding of communities in large networks.
    shared/DESIGN.md, "Structure".

    Examples
    --------
    >>> communities(example).to_dict("list")
    {'id': ['a', 'b', 'c', 'd'], 'community': [1, 1, 2, 2], 'council': ['R', 'R', 'R', '']}
    """
    filters = check_filters(filters)
    sel = select(model, **filters)
    labels = louvain_labels(sel, seed=seed, resolution=resolution)
    frag = actor_fragmentation(model, **filters)
    home = frag.set_index("id")["home_council"].reindex(sel.actor_ids).fillna("")
    return pd.DataFrame({
        "id": pd.Series(sel.actor_ids, dtype=object),
        "community": number_communities(sel.actor_ids, labels),
        "council": home.to_numpy(dtype=object),
    })


def community_council_match(
    model: Model,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Which formal council each detected community matches best.

    The communities are those of :func:`communities`. For each, the council (a
    collaboration of kind ``council``, not organised under another council, kept by
    the date, status and actor filters, never by the sector filter) whose member set has the highest Jaccard index with
    the community; ties go to the smaller council id.

    Returns
    -------
    DataFrame
        One row per community, sorted by ``community``: ``community``,
        ``n_members``, ``council`` (``""`` when no council shares a member),
        ``overlap`` (members in both), ``jaccard`` (overlap / union; 0 with no council).

    Examples
    --------
    >>> community_council_match(example).round(3).to_dict("list")
    {'community': [1, 2], 'n_members': [2, 2], 'council': ['R', 'R'], 'overlap': [2, 1], 'jaccard': [0.667, 0.25]}
    """
    filters = check_filters(filters)
    sel = select(model, **filters)
    numbers = number_communities(
        sel.actor_ids, louvain_labels(sel, seed=seed, resolution=resolution))
    n_comm = int(numbers.max(initial=0))
    C = sp.csr_matrix(
        (np.ones(len(numbers), dtype=np.int64), (np.arange(len(numbers)), numbers - 1)),
        shape=(len(numbers), n_comm),
    )
    councils = council_selection(model, **filters)  # the one rule for what counts as a council
    R = councils.B.astype(np.int64)  # same actor filters, so the same rows
    overlap = (C.T @ R).toarray()
    c_size = np.asarray(C.sum(axis=0)).ravel()
    r_size = np.asarray(R.sum(axis=0)).ravel()
    union = c_size[:, None] + r_size[None, :] - overlap
    with np.errstate(invalid="ignore", divide="ignore"):
        jac = np.where(union > 0, overlap / np.maximum(union, 1), 0.0)
    council_ids = councils.collaboration_ids
    if len(council_ids):
        best = np.argmax(jac, axis=1)  # first maximum: council ids are sorted
        best_jac = jac[np.arange(n_comm), best]
        best_overlap = overlap[np.arange(n_comm), best]
        best_id = np.where(best_overlap > 0, council_ids[best], "")
    else:
        best_jac = np.zeros(n_comm)
        best_overlap = np.zeros(n_comm, dtype=np.int64)
        best_id = np.full(n_comm, "", dtype=object)
    return pd.DataFrame({
        "community": np.arange(1, n_comm + 1, dtype=np.int64),
        "n_members": c_size.astype(np.int64),
        "council": pd.Series(best_id, dtype=object),
        "overlap": np.where(best_overlap > 0, best_overlap, 0).astype(np.int64),
        "jaccard": np.where(best_overlap > 0, best_jac, 0.0).astype(float),
    })


# --------------------------------------------------------------------------- centrality


def _class_dependencies(
    dist: sp.csr_matrix, size: np.ndarray, sources: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """Brandes' dependency accumulation on the twin-compressed graph.

    ``dist`` is the symmetric distance matrix between twin classes, ``size`` the
    number of actors per class. For each source class ``s`` (one actor of it taken
    as the source) the shortest-path DAG is found from scipy's Dijkstra distances,
    then path counts and dependencies are propagated level by level with sparse
    products. A class standing as an intermediate node counts each of its actors
    (any twin can carry the path); a path never passes through two twins. Returns
    ``Σ_s weights[s] · Δ_s[v]``, the dependency summed over the actors of each class.

    This is the reference (numpy) version; :func:`_compiled_dependencies` does the same
    arithmetic in the same order, source by source, and gives the same bits.
    """
    from scipy.sparse import csgraph

    k = dist.shape[0]
    total = np.zeros(k)
    coo = dist.tocoo()
    u, v, w = coo.row, coo.col, coo.data
    sizef = size.astype(float)
    for start in range(0, len(sources), _BATCH):
        batch = sources[start: start + _BATCH]
        d = csgraph.dijkstra(dist, directed=True, indices=batch)
        for row, s in enumerate(batch):
            ds = d[row]
            du, dv = ds[u], ds[v]
            with np.errstate(invalid="ignore"):  # inf - inf where nothing is reached
                gap = np.abs(du + w - dv)
            tight = np.isfinite(du) & (dv > du) & (gap <= _RTOL * np.maximum(1, dv))
            A = sp.csr_matrix(
                (np.ones(int(tight.sum())), (u[tight], v[tight])), shape=(k, k)
            )
            AT = A.T.tocsr()
            mult = sizef.copy()
            mult[s] = 1.0  # only the source itself, never its twins, starts a path
            seed_vec = np.zeros(k)
            seed_vec[s] = 1.0
            sigma = seed_vec
            for _ in range(k + 1):
                nxt = seed_vec + AT @ (sigma * mult)
                if np.array_equal(nxt, sigma):
                    break
                sigma = nxt
            reach = sigma > 0
            inv = np.zeros(k)
            inv[reach] = 1.0 / sigma[reach]
            delta = np.zeros(k)
            for _ in range(k + 1):
                nxt = mult * sigma * (A @ ((sizef + delta) * inv))
                if np.array_equal(nxt, delta):
                    break
                delta = nxt
            delta[s] = 0.0
            total += weights[start + row] * delta
    return total


#: sources × class edges above which the compiled kernel runs (where numba is installed):
#: below it, numba's import (0.2 s) costs more than it saves
_COMPILED_WORK = 50_000_000


def _dependencies(
    dist: sp.csr_matrix, size: np.ndarray, sources: np.ndarray, weights: np.ndarray
) -> np.ndarray:
    """:func:`_class_dependencies`, in compiled code when the work is large and numba is
    installed, or whatever the work once this process has loaded the compiled kernel (the
    same bits either way; ``tests/analysis/test_structure.py`` compares them).

    On the French register (64 sources, 314,030 class edges: 20 million) the kernel runs in
    0.2 s against 0.5 s for the numpy version, but a fresh process first pays 0.2 s to import
    numba and 0.4 s to load the cached machine code: so a one-off command stays on the numpy
    path there, and a long-lived process (the explorer) takes the kernel once it has it.
    """
    if len(sources) * dist.nnz >= _COMPILED_WORK or _loaded_kernel() is not None:
        kernel = _compiled_kernel()
        if kernel is not None:
            return kernel(
                dist.indptr.astype(np.int64), dist.indices.astype(np.int64),
                np.ascontiguousarray(dist.data, dtype=np.float64),
                size.astype(np.float64), np.asarray(sources, dtype=np.int64),
                np.asarray(weights, dtype=np.float64), _RTOL,
            )
    return _class_dependencies(dist, size, sources, weights)


def _loaded_kernel():
    """The compiled kernel if this process has already run it (so it costs nothing to load),
    else None; never imports numba."""
    if _compiled_kernel.cache_info().currsize == 0:
        return None
    kernel = _compiled_kernel()
    return kernel if kernel is not None and kernel.signatures else None


@functools.cache
def _compiled_kernel():
    """:func:`_brandes_classes` compiled by numba (cached on disk), or None without numba."""
    try:
        import numba
    except ImportError:
        return None
    return numba.njit(cache=True, nogil=True)(_brandes_classes)


def _brandes_classes(indptr, indices, length, size, sources, weights, rtol):  # pragma: no cover
    """Brandes on the twin classes, one source at a time: the arithmetic of
    :func:`_class_dependencies` in the same order (written for numba; slow as Python).

    Dijkstra (binary heap) gives the distances, which do not depend on the implementation:
    each is the smallest ``d[u] + length`` over the neighbours, as in scipy. Path counts
    are then summed over the tight parents in ascending index order, nodes by increasing
    distance, and dependencies over the tight children in ascending index order, nodes by
    decreasing distance: the sums the sparse products of the numpy version make, once.
    """
    k = len(indptr) - 1
    total = np.zeros(k)
    dist = np.empty(k)
    sigma = np.empty(k)
    delta = np.empty(k)
    order = np.empty(k, dtype=np.int64)
    heap_d = np.empty(len(indices) + 1)
    heap_v = np.empty(len(indices) + 1, dtype=np.int64)
    for i in range(len(sources)):
        s = sources[i]
        dist[:] = np.inf
        sigma[:] = 0.0
        delta[:] = 0.0
        dist[s] = 0.0
        n_heap = 1
        heap_d[0] = 0.0
        heap_v[0] = s
        n_done = 0
        while n_heap > 0:
            d = heap_d[0]
            u = heap_v[0]
            n_heap -= 1
            if n_heap > 0:  # move the last entry down from the root
                last_d = heap_d[n_heap]
                last_v = heap_v[n_heap]
                pos = 0
                while True:
                    c = 2 * pos + 1
                    if c >= n_heap:
                        break
                    if c + 1 < n_heap and heap_d[c + 1] < heap_d[c]:
                        c += 1
                    if heap_d[c] < last_d:
                        heap_d[pos] = heap_d[c]
                        heap_v[pos] = heap_v[c]
                        pos = c
                    else:
                        break
                heap_d[pos] = last_d
                heap_v[pos] = last_v
            if d > dist[u]:  # a stale entry: u was reached by a shorter path since
                continue
            order[n_done] = u
            n_done += 1
            for e in range(indptr[u], indptr[u + 1]):
                v = indices[e]
                nd = d + length[e]
                if nd < dist[v]:
                    dist[v] = nd
                    pos = n_heap
                    n_heap += 1
                    while pos > 0:
                        p = (pos - 1) // 2
                        if heap_d[p] > nd:
                            heap_d[pos] = heap_d[p]
                            heap_v[pos] = heap_v[p]
                            pos = p
                        else:
                            break
                    heap_d[pos] = nd
                    heap_v[pos] = v
        for j in range(n_done):  # path counts; parents are strictly closer
            v = order[j]
            dv = dist[v]
            tol = rtol * max(1.0, dv)
            acc = 0.0
            for e in range(indptr[v], indptr[v + 1]):
                u = indices[e]
                du = dist[u]
                if du < dv and abs(du + length[e] - dv) <= tol:
                    acc += sigma[u] * (1.0 if u == s else size[u])
            sigma[v] = 1.0 + acc if v == s else acc
        for j in range(n_done - 1, -1, -1):  # dependencies; children are strictly farther
            v = order[j]
            dv = dist[v]
            acc = 0.0
            for e in range(indptr[v], indptr[v + 1]):
                x = indices[e]
                dx = dist[x]
                if dx > dv and abs(dv + length[e] - dx) <= rtol * max(1.0, dx):
                    acc += (size[x] + delta[x]) * (1.0 / sigma[x])
            delta[v] = ((1.0 if v == s else size[v]) * sigma[v]) * acc
        delta[s] = 0.0
        w = weights[i]
        for v in range(k):
            total[v] += w * delta[v]
    return total


def centrality(
    model: Model,
    *,
    seed: int = 42,
    exact_limit: int = EXACT_LIMIT,
    samples: int = SAMPLES,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Strength (the motors) and betweenness (the brokers) on the co-membership graph.

    ``strength`` = Σ_b shared(a, b), the weighted degree of :func:`comembership_graph`.
    ``betweenness`` is the normalised shortest-path betweenness of that graph with
    edge length ``distance = 1 / shared`` (actors that share more are closer), i.e.
    ``networkx.betweenness_centrality(g, weight="distance")``: the share of shortest
    paths between other actors that pass through a.

    Actors with the same membership set ("twins") are interchangeable, so the
    computation runs on the graph of twin classes, counting each class with its
    multiplicity; this gives exactly the same values. It is exact (every actor a
    source) when there are at most ``exact_limit`` twin classes. Above that,
    ``samples`` source actors are drawn at random (``seed``) among the actors in at
    least one collaboration and the result is scaled up (Brandes & Pich 2007), as
    ``networkx.betweenness_centrality(g, k=...)`` does: an estimate, good for telling
    brokers from the rest, not for the fourth decimal. France (BANATIC 2021: 29,405
    communes, 4,090 twin classes, 157,015 class edges) takes this path: 0.4 s with
    64 samples, against 29 s exact; there the 20 top brokers are the exact ones (20 of
    20), the largest error is 0.011 and Spearman's rank correlation over all actors is
    0.94 (with 128 samples: 0.8 s, 20 of 20, 0.013, 0.96; with 16: 16 of 20).

    Returns
    -------
    DataFrame
        One row per actor, sorted by id: ``id``, ``strength`` (int), ``betweenness``
        (float, 0–1).

    References
    ----------
    Brandes (2001), A faster algorithm for betweenness centrality.
    Brandes & Pich (2007), Centrality estimation in large networks.
    shared/DESIGN.md, "Structure".

    Examples
    --------
    A chain a – b – c: b stands on the only path between a and c.

    >>> centrality(example).round(3).to_dict("list")
    {'id': ['a', 'b', 'c', 'd'], 'strength': [3, 3, 3, 1], 'betweenness': [0.0, 0.0, 0.667, 0.0]}
    """
    sel = select(model, **check_filters(filters))
    B = sel.B
    n = B.shape[0]
    # Σ_b shared(a, b) = Σ_{c ∈ S(a)} (|m(c)| - 1): no need to form B @ B.T
    col_size = np.asarray(B.sum(axis=0), dtype=np.int64).ravel()
    strength = np.asarray(B @ (col_size - 1), dtype=np.int64).ravel()

    quotient = twin_quotient(sel)
    codes, size, Wq = quotient.codes, quotient.size, quotient.W
    k = len(quotient.first)
    betweenness = np.zeros(n)
    if k > 0 and n > 2:
        dist = Wq.astype(float)
        dist.data = 1.0 / dist.data
        active = np.flatnonzero(codes >= 0)
        if k <= exact_limit or samples >= len(active):
            sources = np.arange(k)
            weights = size.astype(float)
            scale = 1.0
        else:
            rng = np.random.default_rng(seed)
            picked = rng.choice(active, size=samples, replace=False)
            sources, counts = np.unique(codes[picked], return_counts=True)
            weights = counts.astype(float)
            scale = len(active) / samples
        per_class = _dependencies(dist, size, sources, weights)
        has = codes >= 0
        betweenness[has] = per_class[codes[has]] / size[codes[has]]
        betweenness *= scale / ((n - 1) * (n - 2))
    return pd.DataFrame({
        "id": pd.Series(sel.actor_ids, dtype=object),
        "strength": strength,
        "betweenness": betweenness,
    })


# --------------------------------------------------------------------------- hosting


def hosting(model: Model, **filters: Unpack[Filters]) -> pd.DataFrame:
    """The hosts, the "motor" of a region (Stjørdal in Værnesregionen): who runs the services.

    - ``hosted(a)``: the number of filtered collaborations whose ``host`` is ``a``;
    - ``hosted_members(a)``: the distinct other actors (counted members among the kept
      actors, never observers) in those collaborations.

    A host need not be a member of what it hosts (the loader warns about it); a host the
    actor filters leave out is in no row.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`.

    Returns
    -------
    DataFrame
        One row per kept actor, sorted by id: ``id``, ``hosted``, ``hosted_members``.

    References
    ----------
    shared/DESIGN.md, "Structure" — hosting.

    Examples
    --------
    ``a`` hosts ``s`` = {a, b} and ``t`` = {b, c} (a not a member of t): 2 collaborations,
    other members {b, c}. ``b`` hosts ``u`` = {b}: 1 collaboration, nobody else.

    >>> hosting(example).to_dict("list")  # a hosts s1, b s2, d s3; s4 has ended
    {'id': ['a', 'b', 'c', 'd'], 'hosted': [1, 1, 0, 1], 'hosted_members': [1, 2, 0, 1]}
    """
    sel = select(model, **check_filters(filters))
    n = len(sel.actor_ids)
    host = pd.Index(sel.actor_ids).get_indexer(sel.collaborations["host"])
    has = np.flatnonzero(host >= 0)
    H = sp.csr_matrix(
        (np.ones(len(has), dtype=np.int64), (host[has], has)),
        shape=(n, len(sel.collaboration_ids)),
    )
    reach = (H @ sel.B.T).tocsr()  # actors × actors: a hosts something b is in
    reach.eliminate_zeros()
    itself = np.asarray(reach.diagonal() > 0, dtype=np.int64)
    return pd.DataFrame({
        "id": pd.Series(sel.actor_ids, dtype=object),
        "hosted": row_sums(H),
        "hosted_members": (reach.getnnz(axis=1) - itself).astype(np.int64),
    })
