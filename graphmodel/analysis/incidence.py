"""The membership matrix: councils beside a selection, twin classes, pairs, sums, Louvain.

The machinery that ``overlap``, ``fragmentation``, ``structure`` and ``metrics`` share,
with plain names: what counts as a regional council (:func:`council_selection`), the
twin classes of a selection and the compressed co-membership matrix between them
(:func:`twin_quotient`, memoised once per selection on its model), the upper-triangle
entries of a symmetric matrix (:func:`upper_pairs`), row and column sums, and the
seeded Louvain labelling of the co-membership graph (:func:`louvain_labels`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..data.model import Model
from ..data.select import Filters, Selection, check_filters, isin, select

__all__ = [
    "TwinQuotient",
    "column_sums",
    "council_selection",
    "louvain_labels",
    "number_communities",
    "regional_councils",
    "row_sums",
    "shared_matrix",
    "twin_classes",
    "twin_quotient",
    "upper_pairs",
]


# --------------------------------------------------------------------------- councils


def regional_councils(model: Model, collaborations: pd.DataFrame) -> np.ndarray:
    """Which rows of ``collaborations`` are regional councils.

    A regional council is a collaboration of kind ``council`` that is not organised under
    another council: a council whose ``parent`` names a council (an executive committee
    such as Værnesregionen's Arbeidsutvalget under Værnesregionrådet) is an organ of that
    council, not a region of its own; otherwise every member would count as a "dual
    member" of its own region.

    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a"], "name": ["A"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["r", "au", "s"], "name": ["R", "AU", "S"],
    ...                   "kind": ["council", "council", "service"], "parent": ["", "r", "r"]}),
    ...     pd.DataFrame({"actor": ["a"], "collaboration": ["r"]}),
    ... )
    >>> regional_councils(m, m.collaborations).tolist()
    [True, False, False]
    """
    all_c = model.collaborations
    council_ids = all_c.loc[all_c["kind"] == "council", "id"]
    is_council = (collaborations["kind"] == "council").to_numpy()
    under_council = isin(collaborations["parent"], council_ids)
    return is_council & ~under_council


def council_selection(model: Model, **filters: Unpack[Filters]) -> Selection:
    """The regional councils (see :func:`regional_councils`) beside a selection.

    The same date, status and actor filters as ``select(model, **filters)``, so the
    rows (actors) are the same and ``B`` (actors × councils) sits beside that
    selection's ``B``; but never the kind or sector filter: councils are usually
    recorded with sector ``general``, and filtering them by the sector of the service
    agreements would lose them. Observers never count. Memoised on the model.

    >>> c = council_selection(example, sectors=["fire"])  # R (general) stays
    >>> list(c.actor_ids), list(c.collaboration_ids), c.B.toarray().tolist()
    (['a', 'b', 'c', 'd'], ['R'], [[1], [1], [1], [0]])
    """
    filters = check_filters(filters)
    councils = select(model, **{**filters, "kinds": ("council",), "sectors": None})
    key = ("council_selection",) + councils.key
    return model.memo(key, lambda: councils.restrict(
        regional_councils(model, councils.collaborations), "regional councils"))


# --------------------------------------------------------------------------- sums and pairs


def column_sums(m: sp.spmatrix) -> np.ndarray:
    """Column sums of a sparse matrix as int64 (collaboration sizes of ``B``)."""
    return np.asarray(m.sum(axis=0), dtype=np.int64).ravel()


def row_sums(m: sp.spmatrix) -> np.ndarray:
    """Row sums of a sparse matrix as int64 (``|S(a)|`` for ``B``)."""
    return np.asarray(m.sum(axis=1), dtype=np.int64).ravel()


def upper_pairs(gram: sp.spmatrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nonzero entries ``(i, j, value)`` of a symmetric matrix with ``i < j``, sorted by
    ``i`` then ``j``.

    Converting to CSC sorts the indices in linear time; as the matrix is symmetric,
    its CSC arrays are also its CSR arrays, row by row in column order.

    >>> i, j, v = upper_pairs(sp.csr_matrix([[2, 1, 0], [1, 2, 3], [0, 3, 1]]))
    >>> i.tolist(), j.tolist(), v.tolist()
    ([0, 1], [1, 2], [1, 3])
    """
    # a new matrix (tocsc copies, a CSR input is converted anyway): the input is never changed
    g = gram.tocsc(copy=True) if sp.issparse(gram) else sp.csc_matrix(gram)
    if not g.has_sorted_indices:
        g = g.sorted_indices()
    g.eliminate_zeros()
    rows = np.repeat(np.arange(g.shape[1], dtype=g.indices.dtype), np.diff(g.indptr))
    keep = g.indices > rows
    return rows[keep], g.indices[keep], g.data[keep].astype(np.int64)


def shared_matrix(B: sp.spmatrix) -> sp.csr_matrix:
    """``shared(a, b)`` for every pair as a sparse matrix (``B @ B.T``, zero diagonal).

    >>> shared_matrix(sp.csr_matrix([[1, 1], [1, 0]])).toarray().tolist()
    [[0, 1], [1, 0]]
    """
    return _without_diagonal((B @ B.T).tocsr())


def _without_diagonal(gram: sp.csr_matrix) -> sp.csr_matrix:
    W = gram.copy()
    W.setdiag(0)
    W.eliminate_zeros()
    W.sort_indices()
    return W


# --------------------------------------------------------------------------- twins


def twin_classes(B: sp.spmatrix) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group the rows (actors) with identical membership sets: "twins".

    Returns ``codes`` (class of each actor, ``-1`` for an actor in nothing), ``first``
    (lowest actor index of each class) and ``size`` (members per class). Classes are
    numbered by their first actor, so the order follows the actor ids.

    >>> codes, first, size = twin_classes(sp.csr_matrix([[1, 0], [0, 0], [1, 0], [1, 1]]))
    >>> codes.tolist(), first.tolist(), size.tolist()
    ([0, -1, 0, 1], [0, 3], [2, 1])
    """
    B = sp.csr_matrix(B, copy=True)
    B.sort_indices()
    rows = np.flatnonzero(np.diff(B.indptr) > 0)
    keys = pd.Series([B.indices[B.indptr[i]: B.indptr[i + 1]].tobytes() for i in rows],
                     dtype=object)
    found, _ = pd.factorize(keys, sort=False)  # numbered in order of first appearance
    codes = np.full(B.shape[0], -1, dtype=np.int64)
    codes[rows] = found
    size = np.bincount(found, minlength=found.max(initial=-1) + 1).astype(np.int64)
    first = np.full(len(size), -1, dtype=np.int64)
    first[found[::-1]] = rows[::-1]
    return codes, first, size


@dataclass(frozen=True, eq=False)
class TwinQuotient:
    """A selection compressed to its twin classes (actors with the same memberships).

    ``codes``, ``first``, ``size`` are those of :func:`twin_classes`; ``B`` holds one
    row per class (that of its first actor); ``gram = B @ B.T`` between classes, whose
    diagonal is ``|S|`` of the class; ``W`` is ``gram`` without its diagonal, indices
    sorted: the co-membership graph between classes. France (BANATIC 2021) has 29,405
    communes but 4,090 classes, and 157,015 class pairs instead of 6.3 million actor
    pairs. Every array is read-only: the quotient is shared.
    """

    codes: np.ndarray
    first: np.ndarray
    size: np.ndarray
    B: sp.csr_matrix
    gram: sp.csr_matrix

    @cached_property
    def W(self) -> sp.csr_matrix:
        return _read_only_matrix(_without_diagonal(self.gram))


def twin_quotient(selection: Selection) -> TwinQuotient:
    """The :class:`TwinQuotient` of a selection, computed once per selection (memoised on
    its model under the selection's ``key``).

    >>> q = twin_quotient(select(example))  # a and b are twins: both in {s1, s2}
    >>> q.codes.tolist(), q.size.tolist(), q.gram.toarray().tolist()
    ([0, 0, 1, 2], [2, 1, 1], [[2, 1, 0], [1, 2, 1], [0, 1, 1]])
    >>> twin_quotient(select(example)) is q
    True
    """
    def compute() -> TwinQuotient:
        B = selection.B
        codes, first, size = twin_classes(B)
        Bq = B[first] if len(first) else B[:0]
        gram = (Bq @ Bq.T).tocsr()
        for array in (codes, first, size):
            array.flags.writeable = False
        return TwinQuotient(codes, first, size, _read_only_matrix(Bq),
                            _read_only_matrix(gram))

    return selection.model.memo(("twin_quotient",) + selection.key, compute)


def _read_only_matrix(m: sp.csr_matrix) -> sp.csr_matrix:
    for array in (m.data, m.indices, m.indptr):
        array.flags.writeable = False
    return m


# --------------------------------------------------------------------------- Louvain


def louvain_labels(selection: Selection, *, seed: int = 42, resolution: float = 1.0) -> np.ndarray:
    """Louvain community label of each actor of a selection (``-1`` for an actor in nothing).

    Twins are merged into one node before Louvain runs: the edge between two twin
    classes weighs ``n_V * n_W * shared``, and a self-loop carries the weight inside a
    class, ``n_V (n_V - 1) / 2 * |S|``. The modularity of any partition that keeps twins
    together is the same on this graph as on the full one. Labels are igraph's, in no
    meaningful order: :func:`number_communities` numbers them. Memoised; read-only.

    >>> number_communities(select(example).actor_ids, louvain_labels(select(example))).tolist()
    [1, 1, 2, 2]
    """
    def compute() -> np.ndarray:
        q = twin_quotient(selection)
        labels = np.full(selection.B.shape[0], -1, dtype=np.int64)
        k = len(q.first)
        if k:
            upper = sp.triu(q.W, k=1, format="coo")
            size = q.size
            weights = (upper.data * size[upper.row] * size[upper.col]).astype(np.float64)
            inside = (size * (size - 1) // 2 * np.diff(q.B.indptr)).astype(np.float64)
            loops = np.flatnonzero(inside > 0)
            class_label = _multilevel(
                k, np.concatenate([upper.row, loops]), np.concatenate([upper.col, loops]),
                np.concatenate([weights, inside[loops]]), seed=seed, resolution=resolution)
            has = q.codes >= 0
            labels[has] = class_label[q.codes[has]]
        labels.flags.writeable = False
        return labels

    key = ("louvain_labels", seed, resolution) + selection.key
    return selection.model.memo(key, compute)


def _igraph():
    """``import igraph`` without its plotting side: igraph imports matplotlib when it can
    (0.4 s of a command-line run); graphmodel never draws with igraph, so matplotlib is
    hidden from it while it loads (where nothing has imported matplotlib yet)."""
    import sys

    if "igraph" in sys.modules:
        return sys.modules["igraph"]
    hide = "matplotlib" not in sys.modules
    if hide:
        sys.modules["matplotlib"] = None  # makes `import matplotlib` fail inside igraph
    try:
        import igraph
    finally:
        if hide:
            del sys.modules["matplotlib"]
    return igraph


def _multilevel(n: int, source: np.ndarray, target: np.ndarray, weights: np.ndarray, *,
                seed: int, resolution: float) -> np.ndarray:
    """Louvain (multilevel modularity optimisation) in igraph's C core, seeded: the
    community label of each of the ``n`` nodes, edges ``source[i] – target[i]`` in that order.

    networkx's pure-Python ``louvain_communities`` takes about 2 s on the French quotient
    graph (4,090 nodes, 157,015 edges); igraph's ``community_multilevel`` takes 0.06 s. The
    random number generator is swapped for a seeded one for the call and put back after,
    so the result is the same on every run.

    The arrays go to igraph the cheapest way its Python layer offers: its wheels use the
    limited C API, which reads an edge list item by item whatever it is given (a numpy array
    becomes a memoryview, then nested lists: 2.6 s for the 1.9 million edges of 3 × France,
    against 0.5 s here). So the edges are a ``zip`` of two lists of Python ints, consumed
    as it goes (zip reuses its one pair tuple: no list of millions of tuples), and the weights
    one list of floats given to the call (no edge attribute); the cyclic garbage collector,
    which would scan the growing lists again and again, is paused meanwhile. The same edges,
    in the same order, with the same weights: the same communities.
    """
    import gc
    import random

    igraph = _igraph()
    paused = gc.isenabled()
    gc.disable()
    try:
        g = igraph.Graph(n=n, edges=zip(source.tolist(), target.tolist()), directed=False)
        w = weights.tolist()
    finally:
        if paused:
            gc.enable()
    igraph.set_random_number_generator(random.Random(seed))
    try:
        clustering = g.community_multilevel(weights=w, resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)
    return np.asarray(clustering.membership, dtype=np.int64)


def number_communities(ids: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Number communities 1, 2, … by size (largest first), then by smallest member id.

    An actor with label ``-1`` (in nothing) is a community of its own.

    >>> number_communities(np.array(["a", "b", "c", "d"]), np.array([5, 7, 7, -1])).tolist()
    [2, 1, 1, 3]
    """
    labels = np.array(labels, dtype=np.int64, copy=True)
    alone = np.flatnonzero(labels < 0)
    labels[alone] = labels.max(initial=-1) + 1 + np.arange(len(alone))
    frame = pd.DataFrame({"id": ids, "label": labels})
    stats = frame.groupby("label").agg(n=("id", "size"), first=("id", "min"))
    stats = stats.sort_values(["n", "first"], ascending=[False, True], kind="stable")
    number = pd.Series(np.arange(1, len(stats) + 1), index=stats.index)
    return number.loc[labels].to_numpy(dtype=np.int64)
