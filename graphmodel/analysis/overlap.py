"""Overlap: which actors share collaborations, and how collaborations nest or cross."""

from __future__ import annotations

from typing import Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..data.model import Model
from ..data.select import Filters, Selection, check_filters, select
from ..errors import SpecError
from .incidence import column_sums, council_selection, row_sums, upper_pairs

__all__ = [
    "RELATIONS", "actor_pairs", "collaboration_pairs", "crossing_by_council", "dual_members",
]

#: the relations listed by :func:`collaboration_pairs` (disjoint pairs are left out)
RELATIONS = ("identical", "nested", "crossing")

ACTOR_PAIR_COLUMNS = ["a", "b", "shared", "jaccard", "a_name", "b_name"]
COLLABORATION_PAIR_COLUMNS = [
    "a", "b", "relation", "jaccard", "shared", "size_a", "size_b", "a_name", "b_name",
]


# --------------------------------------------------------------------------- helpers


def _labels(values: np.ndarray, *indexes: np.ndarray) -> list[pd.Categorical]:
    """``values[index]`` for each index, as categorical columns: millions of rows stay light.

    Building millions of Python strings is what would make a France-sized pair table
    slow; a categorical holds integer codes and each text once, and writes the same
    CSV. Categories are sorted, so sorting the column sorts by text.
    """
    codes, categories = pd.factorize(np.asarray(values, dtype=object), sort=True)
    categories = pd.Index(np.asarray(categories, dtype=object), dtype=object)
    return [
        pd.Categorical.from_codes(codes[index], categories=categories, validate=False)
        for index in indexes
    ]


def _relation_codes(shared: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """Index into RELATIONS (identical 0, nested 1, crossing 2) for pairs sharing a member."""
    a_in_b = shared == size_a
    b_in_a = shared == size_b
    return np.where(a_in_b & b_in_a, 0, np.where(a_in_b | b_in_a, 1, 2))


def _names(sel_frame: pd.DataFrame) -> np.ndarray:
    return sel_frame["name"].to_numpy(dtype=object)


# --------------------------------------------------------------------------- actor pairs


def _actor_pair_frame(sel: Selection, B: sp.csr_matrix) -> pd.DataFrame:
    degree = row_sums(B)
    i, j, shared = upper_pairs(B @ B.T)
    jaccard = shared / (degree[i] + degree[j] - shared)
    a, b = _labels(sel.actor_ids, i, j)
    a_name, b_name = _labels(_names(sel.actors), i, j)
    return pd.DataFrame({
        "a": a, "b": b, "shared": shared, "jaccard": jaccard.astype(np.float64, copy=False),
        "a_name": a_name, "b_name": b_name,
    }, columns=ACTOR_PAIR_COLUMNS, copy=False)


def actor_pairs(
    model: Model,
    *,
    by_sector: bool = False,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Co-membership of actors: ``shared`` and ``jaccard`` for every pair that shares.

    ``shared(a, b) = |S(a) ∩ S(b)|`` is the weighted bipartite projection;
    ``jaccard(a, b) = |S(a) ∩ S(b)| / |S(a) ∪ S(b)|``. Both come from one sparse
    product ``B @ B.T``.

    Parameters
    ----------
    model : Model
    by_sector : bool
        Compute the pairs within each sector separately (``S`` restricted to the
        collaborations of that sector). Collaborations without a sector belong to no
        sector and are left out of this table (they are counted when ``False``).
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`.

    Returns
    -------
    pandas.DataFrame
        One row per pair ``a < b`` sharing at least one collaboration, sorted by
        ``a`` then ``b``: ``a, b, shared, jaccard, a_name, b_name``. With
        ``by_sector=True`` a ``sector`` column comes first and rows are sorted by
        ``sector, a, b``. The id and name columns are categorical (a France-sized
        table holds millions of pairs); they compare and write to CSV as text.

    Examples
    --------
    >>> actor_pairs(example)[["a", "b", "shared", "jaccard"]].round(3)
       a  b  shared  jaccard
    0  a  b       2    1.000
    1  a  c       1    0.333
    2  b  c       1    0.333
    3  c  d       1    0.500
    >>> actor_pairs(example, by_sector=True)[["sector", "a", "b", "shared", "jaccard"]]
       sector  a  b  shared  jaccard
    0    fire  a  b       1      1.0
    1    fire  a  c       1      1.0
    2    fire  b  c       1      1.0
    3  health  a  b       1      1.0
    4   water  c  d       1      1.0

    References
    ----------
    shared/DESIGN.md, "Metrics" — overlap between actors.
    """
    if not isinstance(by_sector, (bool, np.bool_)):
        raise SpecError(f"by_sector must be True or False, not {by_sector!r}")
    sel = select(model, **check_filters(filters))
    B = sel.B
    if not by_sector:
        return _actor_pair_frame(sel, B)
    sector_of = sel.collaborations["sector"].to_numpy(dtype=object)
    frames = []
    for sector in sorted({s for s in sector_of if s}):
        cols = np.flatnonzero(sector_of == sector)
        frame = _actor_pair_frame(sel, B[:, cols])
        frame.insert(0, "sector", np.full(len(frame), sector, dtype=object))
        frames.append(frame)
    if not frames:
        empty = _actor_pair_frame(sel, B[:, :0])
        empty.insert(0, "sector", np.array([], dtype=object))
        return empty
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- collaboration pairs


def _collaboration_pair_arrays(sel: Selection):
    """(i, j, shared, size) for collaboration pairs sharing at least one member."""
    B = sel.B
    size = column_sums(B)
    i, j, shared = upper_pairs((B.T @ B).tocsr())
    return i, j, shared, size


def collaboration_pairs(
    model: Model,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """How collaborations overlap: identical, nested or crossing member sets.

    For collaborations ``c < d`` (by id) that share at least one counted member,
    ``relation`` is ``identical`` (``m(c) = m(d)``), ``nested`` (one strictly inside
    the other) or ``crossing`` (neither contains the other: the interlocking).
    ``jaccard = |m(c) ∩ m(d)| / |m(c) ∪ m(d)|``. Intersections come from one sparse
    product ``B.T @ B``, sizes from column sums. Disjoint pairs are not listed.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`. Member sets count only the actors
        these filters keep (municipalities by default) and never observers.

    Returns
    -------
    pandas.DataFrame
        ``a, b, relation, jaccard, shared, size_a, size_b, a_name, b_name``, one row
        per pair, sorted by ``a`` then ``b``. The text columns are categorical, as in
        :func:`actor_pairs`.

    Examples
    --------
    >>> collaboration_pairs(example)[["a", "b", "relation", "shared", "size_a", "size_b"]]
        a   b  relation  shared  size_a  size_b
    0  s1  s2    nested       2       2       3
    1  s2  s3  crossing       1       3       2

    References
    ----------
    shared/DESIGN.md, "Metrics" — overlap between collaborations.
    """
    sel = select(model, **check_filters(filters))
    i, j, shared, size = _collaboration_pair_arrays(sel)
    size_a, size_b = size[i], size[j]
    a, b = _labels(sel.collaboration_ids, i, j)
    a_name, b_name = _labels(_names(sel.collaborations), i, j)
    (relation,) = _labels(np.array(RELATIONS, dtype=object), _relation_codes(shared, size_a, size_b))
    return pd.DataFrame({
        "a": a, "b": b, "relation": relation,
        "jaccard": (shared / (size_a + size_b - shared)).astype(np.float64),
        "shared": shared, "size_a": size_a, "size_b": size_b,
        "a_name": a_name, "b_name": b_name,
    }, columns=COLLABORATION_PAIR_COLUMNS, copy=False)


# --------------------------------------------------------------------------- councils


def crossing_by_council(
    model: Model,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Crossing collaboration pairs counted per council (region).

    A crossing pair ``(c, d)`` (see :func:`collaboration_pairs`) counts for a council
    ``R`` when both ``c`` and ``d`` have at least one counted member in ``m(R)``: the
    interlocking is felt inside that region. A pair may therefore count for several
    councils, and the column does not sum to the number of crossing pairs.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`, applied to the collaborations whose
        pairs are compared. Council membership always uses collaborations of kind
        ``council`` with the same date, status and actor filters, but never the
        sector filter (councils are usually recorded as ``general``).

    Returns
    -------
    pandas.DataFrame
        ``council, name, n_crossing``: one row per kept council (0 when none),
        sorted by ``council``.

    Examples
    --------
    >>> crossing_by_council(example)  # s2 = {a, b, c} and s3 = {c, d} cross under R
      council         name  n_crossing
    0       R  Region East           1

    References
    ----------
    shared/DESIGN.md, "Metrics" — crossing pairs, counted per region.
    """
    filters = check_filters(filters)
    sel = select(model, **filters)
    councils = council_selection(model, **filters)
    i, j, shared, size = _collaboration_pair_arrays(sel)
    crossing = _relation_codes(shared, size[i], size[j]) == 2
    n_collab = len(sel.collaboration_ids)
    X = sp.csr_matrix(
        (np.ones(int(crossing.sum()), dtype=np.int64), (i[crossing], j[crossing])),
        shape=(n_collab, n_collab),
    )
    # P[R, c] = 1 when collaboration c has a member in council R
    P = (councils.B.T @ sel.B).tocsr()
    P.eliminate_zeros()
    P.data[:] = 1
    P = P.astype(np.int64)
    # Σ_{c<d crossing} P[R, c] · P[R, d]
    n_crossing = row_sums((P @ X).multiply(P))
    return pd.DataFrame({
        "council": councils.collaboration_ids,
        "name": _names(councils.collaborations),
        "n_crossing": n_crossing,
    }, columns=["council", "name", "n_crossing"])


def dual_members(
    model: Model,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Actors that belong to two or more councils at once.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`. Only the date, status and actor
        filters apply here: council membership always uses collaborations of kind
        ``council`` and never the sector filter (councils are usually ``general``);
        ``sectors`` and ``kinds`` are accepted so that every metric takes the same
        arguments. Observers do not count.

    Returns
    -------
    pandas.DataFrame
        ``actor, name, n_councils, councils`` (council ids sorted, joined by ``;``),
        one row per actor in two or more councils, sorted by ``actor``.

    Examples
    --------
    >>> import pandas as pd
    >>> from graphmodel import Model
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["malvik", "stjordal", "trondheim"],
    ...                   "name": ["Malvik", "Stjørdal", "Trondheim"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["trondheimsregionen", "varnesregionen"],
    ...                   "name": ["Trondheimsregionen", "Værnesregionen"], "kind": "council"}),
    ...     pd.DataFrame({"actor": ["malvik", "stjordal", "trondheim", "malvik", "stjordal"],
    ...                   "collaboration": ["trondheimsregionen"] * 3 + ["varnesregionen"] * 2}),
    ... )
    >>> dual_members(m)
          actor      name  n_councils                           councils
    0    malvik    Malvik           2  trondheimsregionen;varnesregionen
    1  stjordal  Stjørdal           2  trondheimsregionen;varnesregionen

    References
    ----------
    shared/DESIGN.md, "Metrics" — council overlap.
    """
    councils = council_selection(model, **check_filters(filters))
    Bc = councils.B.tocsr().sorted_indices()  # a copy: selections are shared, never mutated
    n = row_sums(Bc)
    rows = np.flatnonzero(n >= 2)
    ids = councils.collaboration_ids
    joined = [";".join(ids[Bc.indices[Bc.indptr[r]:Bc.indptr[r + 1]]]) for r in rows]
    return pd.DataFrame({
        "actor": councils.actor_ids[rows],
        "name": _names(councils.actors)[rows],
        "n_councils": n[rows],
        "councils": np.array(joined, dtype=object),
    }, columns=["actor", "name", "n_councils", "councils"])
