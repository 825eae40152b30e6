"""Fragmentation: partner sets per actor, alignment with councils, strategy profiles."""

from __future__ import annotations

import numbers
from typing import Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..data.model import Model
from ..data.schema import STRATEGIES as SCHEMA_STRATEGIES
from ..data.select import Filters, Selection, check_filters, parse_date, select
from ..errors import SpecError
from .incidence import column_sums, council_selection, row_sums, twin_quotient

__all__ = ["STRATEGIES", "actor_fragmentation", "council_metrics", "stated_positions",
           "strategy_profile"]

#: strategy names, as (low, low), (low, high), (high, low), (high, high) of
#: (breadth, home_alignment) — the four alternatives of the Værnesregionen slides
STRATEGIES = SCHEMA_STRATEGIES

ACTOR_COLUMNS = [
    "id", "name", "n_collaborations", "n_partners", "n_configurations", "fragmentation",
    "effective_partners", "home_council", "home_alignment",
]
COUNCIL_COLUMNS = [
    "id", "name", "n_members", "n_collaborations", "aligned", "within", "spanning",
    "n_configurations", "region_fragmentation", "n_dual_members",
]
STRATEGY_COLUMNS = ["id", "name", "breadth", "home_alignment", "strategy"]
#: the optional actor column with the strategy an actor states (one of :data:`STRATEGIES`)
STATED = "stated_strategy"


# --------------------------------------------------------------------------- helpers


def _configuration_labels(B: sp.spmatrix) -> np.ndarray:
    """One integer per column of ``B``: equal labels exactly when the member sets are equal.

    The key of a column is the bytes of its sorted row indices (exact, no collision).
    """
    csc = sp.csc_matrix(B, copy=True)
    csc.sum_duplicates()
    csc.sort_indices()
    ind, ptr = csc.indices, csc.indptr
    keys = np.empty(csc.shape[1], dtype=object)
    for k in range(csc.shape[1]):
        keys[k] = ind[ptr[k]:ptr[k + 1]].tobytes()
    labels, _ = pd.factorize(keys)
    return labels.astype(np.int64)


def _distinct_per_row(rows: np.ndarray, labels: np.ndarray, n_rows: int) -> np.ndarray:
    """For each row, the number of distinct labels among its entries."""
    if len(rows) == 0:
        return np.zeros(n_rows, dtype=np.int64)
    width = int(labels.max()) + 1
    keys = np.unique(rows.astype(np.int64) * width + labels)
    return np.bincount(keys // width, minlength=n_rows).astype(np.int64)


def _row_sums_float(m: sp.spmatrix) -> np.ndarray:
    return np.asarray(m.sum(axis=1), dtype=np.float64).ravel()


def _names(frame: pd.DataFrame) -> np.ndarray:
    return frame["name"].to_numpy(dtype=object)


def _ratio_minus_one(configurations: np.ndarray, collaborations: np.ndarray) -> np.ndarray:
    """(configurations − 1) / (collaborations − 1), 0 when fewer than two collaborations."""
    out = np.zeros(len(collaborations), dtype=np.float64)
    many = collaborations >= 2
    out[many] = (configurations[many] - 1) / (collaborations[many] - 1)
    return out


def _actor_frame(sel: Selection, councils: Selection) -> pd.DataFrame:
    """The actor fragmentation table (see :func:`actor_fragmentation`)."""
    B = sel.B.tocsr()
    n_actors = B.shape[0]
    n_collab = row_sums(B)
    size = column_sums(B)

    # configurations: a's partner sets m(c)\{a} are equal iff the member sets are
    coo = B.tocoo()
    labels = _configuration_labels(B)
    n_config = _distinct_per_row(coo.row, labels[coo.col], n_actors)

    # partners and their weights shared(a, b), b != a, from the co-membership matrix,
    # computed between *twin classes* (actors with the same membership set, see
    # graphmodel.analysis.incidence.twin_quotient): France has 29,405 communes but 4,090 classes,
    # and 157,015 class pairs instead of 6.3 million actor pairs. For a in class V, every
    # actor of a class W with shared(V, W) = w > 0 is a partner with weight w; a's twins
    # (the rest of V) share all |S(a)| collaborations with it.
    quotient = twin_quotient(sel)
    codes, class_size = quotient.codes, quotient.size
    gram = quotient.gram  # classes × classes; diagonal = |S| of the class (> 0)
    w = gram.data
    # weights are small integers: look w·log w up instead of taking 10⁷ logarithms
    k = np.arange(int(w.max(initial=0)) + 1, dtype=np.float64)
    klogk = k * np.log(np.maximum(k, 1.0))
    n_members_w = class_size[gram.indices].astype(np.float64)
    reach_q = _row_sums_float(sp.csr_matrix((n_members_w, gram.indices, gram.indptr),
                                            shape=gram.shape))
    wlogw_q = _row_sums_float(sp.csr_matrix((n_members_w * klogk[w], gram.indices,
                                             gram.indptr), shape=gram.shape))
    in_some = codes >= 0
    n_partners = np.zeros(n_actors, dtype=np.int64)
    n_partners[in_some] = np.rint(reach_q[codes[in_some]]).astype(np.int64) - 1
    sum_wlogw = np.zeros(n_actors)
    sum_wlogw[in_some] = wlogw_q[codes[in_some]] - klogk[n_collab[in_some]]
    total = (B @ (size - 1)).astype(np.float64)  # Σ_b shared(a, b) = Σ_{c ∈ S(a)} (|m(c)| − 1)
    # H = −Σ p log p with p = w / T  ⇔  H = log T − Σ w log w / T
    entropy = np.zeros(n_actors)
    has = n_partners > 0
    entropy[has] = np.log(total[has]) - sum_wlogw[has] / total[has]
    effective = np.where(has, np.exp(entropy), 0.0)

    # home council: among a's councils, max Σ_{b ∈ m(R), b ≠ a} shared(a, b); ties → smaller id.
    # (B @ (B.T @ Bc))[a, R] = Σ_{b ∈ m(R)} shared(a, b) including b = a, which adds the
    # same n_collaborations(a) to every council of a and so leaves the ranking unchanged.
    Bc = councils.B.tocsr()
    if Bc.shape[0] != n_actors:  # pragma: no cover - both selections keep the same actors
        raise RuntimeError("council and collaboration selections disagree on the actors")
    n_councils = Bc.shape[1]
    home = np.full(n_actors, -1, dtype=np.int64)
    mem = Bc.tocoo()
    if mem.nnz:
        reach = (B @ (B.T @ Bc)).tocsr()
        score = np.asarray(reach[mem.row, mem.col], dtype=np.int64).ravel()
        order = np.lexsort((mem.col, -score, mem.row))
        rows_sorted = mem.row[order]
        first = np.unique(rows_sorted, return_index=True)[1]
        home[rows_sorted[first]] = mem.col[order][first]

    # home alignment: share of S(a) with m(c) ⊆ m(home(a))
    inter = (Bc.T @ B).tocoo()  # councils × collaborations: |m(R) ∩ m(c)|
    inside = (inter.data == size[inter.col]) & (inter.data > 0)
    subset = sp.csr_matrix(
        (np.ones(int(inside.sum()), dtype=np.int64), (inter.row[inside], inter.col[inside])),
        shape=(n_councils, B.shape[1]),
    )
    has_home = np.flatnonzero(home >= 0)
    H = sp.csr_matrix(
        (np.ones(len(has_home), dtype=np.int64), (has_home, home[has_home])),
        shape=(n_actors, n_councils),
    )
    n_inside = row_sums(B.multiply(H @ subset))
    alignment = np.full(n_actors, np.nan)
    ok = (home >= 0) & (n_collab > 0)
    alignment[ok] = n_inside[ok] / n_collab[ok]

    council_ids = np.append(councils.collaboration_ids, "").astype(object)
    return pd.DataFrame({
        "id": sel.actor_ids,
        "name": _names(sel.actors),
        "n_collaborations": n_collab,
        "n_partners": n_partners,
        "n_configurations": n_config,
        "fragmentation": _ratio_minus_one(n_config, n_collab),
        "effective_partners": effective,
        "home_council": council_ids[home],  # index -1 is the appended ""
        "home_alignment": alignment,
    }, columns=ACTOR_COLUMNS)


def _shared_actor_frame(model: Model, filters: dict):
    """The selections and the per-actor frame, computed once per model and filters
    (:func:`actor_fragmentation` and :func:`strategy_profile` both need them). Read-only."""
    sel = select(model, **filters)
    councils = council_selection(model, **filters)
    table = model.memo(("actor_frame",) + sel.key, lambda: _actor_frame(sel, councils))
    return (sel, councils), table


def _check_share(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise SpecError(f"{what} must be a number from 0 to 1, not {value!r}")
    return float(value)


# --------------------------------------------------------------------------- public


def actor_fragmentation(
    model: Model,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """How fragmented each actor's partnerships are, and how well they fit its council.

    For an actor ``a`` with collaborations ``S(a)`` (after the filters):

    - ``n_collaborations = |S(a)|``; ``n_partners = |∪ m(c) \\ {a}|``;
    - ``n_configurations``: distinct partner sets ``m(c) \\ {a}`` over ``S(a)``. As
      ``a`` is in every ``m(c)``, two partner sets are equal exactly when the member
      sets are, so member sets are compared once for all actors;
    - ``fragmentation = (n_configurations − 1) / (n_collaborations − 1)``, 0 when
      ``n_collaborations < 2`` (0: always the same partners, 1: a new set every time);
    - ``effective_partners = exp(H)``, ``H`` the Shannon entropy (natural log) of
      ``shared(a, b) / Σ_b shared(a, b)``; 0 when ``a`` has no partner;
    - ``home_council``: of ``a``'s councils, the ``R`` maximising
      ``Σ_{b ∈ m(R), b ≠ a} shared(a, b)``, ties to the smaller id; ``""`` when ``a``
      is in no council;
    - ``home_alignment``: share of ``S(a)`` whose members all lie in
      ``m(home_council)``; NaN when ``a`` has no home council or no collaboration.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`, for ``S(a)``. Councils are the
        collaborations of kind ``council`` under the same date, status and actor
        filters but never the sector filter (councils are usually ``general``).
        Members of a council count only among the kept actors; observers never count.

    Returns
    -------
    pandas.DataFrame
        ``id, name, n_collaborations, n_partners, n_configurations, fragmentation,
        effective_partners, home_council, home_alignment``: one row per kept actor
        (also those in nothing), sorted by ``id``.

    Examples
    --------
    >>> t = actor_fragmentation(example)
    >>> t[["id", "n_collaborations", "n_partners", "n_configurations", "fragmentation"]]
      id  n_collaborations  n_partners  n_configurations  fragmentation
    0  a                 2           2                 2            1.0
    1  b                 2           2                 2            1.0
    2  c                 2           3                 2            1.0
    3  d                 1           1                 1            0.0
    >>> t[["id", "effective_partners", "home_council", "home_alignment"]].round(3)
      id  effective_partners home_council  home_alignment
    0  a                1.89            R             1.0
    1  b                1.89            R             1.0
    2  c                3.00            R             0.5
    3  d                1.00                          NaN

    References
    ----------
    shared/DESIGN.md, "Metrics" — fragmentation of an actor.
    """
    filters = check_filters(filters)
    return _shared_actor_frame(model, filters)[1].copy()


def council_metrics(
    model: Model,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Fragmentation of each council (region) ``R`` over the collaborations touching it.

    Over the filtered collaborations ``c`` with at least one member in ``m(R)``:

    - ``aligned``: ``m(c) = m(R)``; ``within``: ``m(c)`` strictly inside ``m(R)``;
      ``spanning``: ``m(c)`` reaches outside ``m(R)``
      (``aligned + within + spanning = n_collaborations``);
    - ``n_configurations``: distinct member sets among them (whole sets, including
      members outside ``R``);
    - ``region_fragmentation = (n_configurations − 1) / (n_collaborations − 1)``, 0
      when fewer than two collaborations;
    - ``n_members = |m(R)|``; ``n_dual_members``: members of ``R`` that are also in
      another council.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`, for the collaborations measured.
        Councils are the collaborations of kind ``council`` under the same date,
        status and actor filters but never the sector filter (councils are usually
        ``general``). Members are counted among the kept actors only (municipalities
        by default), never observers.

    Returns
    -------
    pandas.DataFrame
        ``id, name, n_members, n_collaborations, aligned, within, spanning,
        n_configurations, region_fragmentation, n_dual_members``: one row per kept
        council, sorted by ``id``.

    Examples
    --------
    >>> council_metrics(example).iloc[0]
    id                                R
    name                    Region East
    n_members                         3
    n_collaborations                  3
    aligned                           1
    within                            1
    spanning                          1
    n_configurations                  3
    region_fragmentation            1.0
    n_dual_members                    0
    Name: 0, dtype: object

    References
    ----------
    shared/DESIGN.md, "Metrics" — fragmentation of a council (region).
    """
    filters = check_filters(filters)
    sel = select(model, **filters)
    councils = council_selection(model, **filters)
    B = sel.B.tocsr()
    Bc = councils.B.tocsr()
    n_councils = Bc.shape[1]
    size = column_sums(B)
    n_members = column_sums(Bc)

    inter = (Bc.T @ B).tocoo()  # |m(R) ∩ m(c)|
    hit = inter.data > 0
    r, c, k = inter.row[hit], inter.col[hit], inter.data[hit]
    inside = k == size[c]
    same = inside & (size[c] == n_members[r])

    def count(mask):
        return np.bincount(r[mask], minlength=n_councils).astype(np.int64)

    n_collab = count(np.ones(len(r), dtype=bool))
    labels = _configuration_labels(B)
    n_config = _distinct_per_row(r, labels[c], n_councils)

    dual = (row_sums(Bc) >= 2).astype(np.int64)
    n_dual = np.asarray(Bc.T @ dual, dtype=np.int64).ravel()

    return pd.DataFrame({
        "id": councils.collaboration_ids,
        "name": _names(councils.collaborations),
        "n_members": n_members,
        "n_collaborations": n_collab,
        "aligned": count(same),
        "within": count(inside & ~same),
        "spanning": count(~inside),
        "n_configurations": n_config,
        "region_fragmentation": _ratio_minus_one(n_config, n_collab),
        "n_dual_members": n_dual,
    }, columns=COUNCIL_COLUMNS)


def strategy_profile(
    model: Model,
    *,
    breadth_threshold: float = 0.5,
    alignment_threshold: float = 0.5,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Place each actor among the four strategies: breadth × home alignment.

    ``breadth`` is measured against the actor's own region, not the whole file. The
    *regional menu* ``M(R)`` of a council ``R`` is the set of sectors of the filtered
    collaborations with at least one member in ``m(R)``;

    .. math:: \\mathrm{breadth}(a) = |\\mathrm{sectors}(S(a))| / |M(\\mathrm{home\\_council}(a))|

    (every sector of ``S(a)`` lies in ``M``, as ``a`` is in ``m(R)``). An actor with no
    home council is measured against the sectors of all filtered collaborations.
    Collaborations without a sector count for nothing; ``breadth`` is NaN when the menu
    is empty, and 0 for an actor in nothing. ``home_alignment`` is that of
    :func:`actor_fragmentation`. A value at or above its threshold is *high*:

    ================  ===============  ======================
    breadth           home_alignment   strategy
    ================  ===============  ======================
    low               low              ``self-sufficiency``
    low               high             ``specialisation``
    high              low              ``service-centre``
    high              high             ``regional partner``
    ================  ===============  ======================

    ``strategy`` is ``""`` when breadth or home_alignment is NaN (no sector recorded,
    no home council, or no collaboration). Where the actors table has a
    ``stated_strategy`` column (what an actor *says* its strategy is), it follows
    ``strategy``: stated beside practised.

    Parameters
    ----------
    model : Model
    breadth_threshold, alignment_threshold : float
        From 0 to 1; 0.5 by default.
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select` (councils as in
        :func:`actor_fragmentation`).

    Returns
    -------
    pandas.DataFrame
        ``id, name, breadth, home_alignment, strategy`` (then ``stated_strategy`` where
        the data has it): one row per kept actor, sorted by ``id``.

    Raises
    ------
    SpecError
        When a threshold is not a number from 0 to 1.

    Examples
    --------
    Council ``R`` = {a, b, c} touches health, fire and water, so its menu is all three
    sectors, as is that of ``d``, in no council.

    >>> print(strategy_profile(example).round(3).to_csv(index=False), end="")
    id,name,breadth,home_alignment,strategy
    a,Aby,0.667,1.0,regional partner
    b,Bes,0.667,1.0,regional partner
    c,Cel,0.667,0.5,regional partner
    d,Dal,0.333,,
    >>> strategy_profile(example, breadth_threshold=0.75)["strategy"].tolist()
    ['specialisation', 'specialisation', 'specialisation', '']

    References
    ----------
    shared/DESIGN.md, "Metrics" — strategy profile (Værnesregionen, slide 8).
    """
    b_cut = _check_share(breadth_threshold, "breadth_threshold")
    a_cut = _check_share(alignment_threshold, "alignment_threshold")
    filters = check_filters(filters)
    (sel, councils), table = _shared_actor_frame(model, filters)
    breadth = _breadth(sel, councils, table["home_council"].to_numpy(dtype=object))

    alignment = table["home_alignment"].to_numpy(dtype=np.float64)
    high_b = breadth >= b_cut
    high_a = alignment >= a_cut
    strategy = np.select(
        [~high_b & ~high_a, ~high_b & high_a, high_b & ~high_a, high_b & high_a],
        list(STRATEGIES),
        default="",
    ).astype(object)
    strategy[np.isnan(breadth) | np.isnan(alignment)] = ""
    out = pd.DataFrame({
        "id": table["id"].to_numpy(dtype=object),
        "name": table["name"].to_numpy(dtype=object),
        "breadth": np.asarray(breadth, dtype=np.float64),
        "home_alignment": alignment,
        "strategy": strategy,
    }, columns=STRATEGY_COLUMNS)
    actors = sel.actors
    if STATED in actors.columns or len(model.stated):
        now = stated_positions(model, filters.get("as_of"))
        said = dict(zip(now["id"], now["stated_strategy"]))
        out[STATED] = [said.get(i, "") for i in out["id"]]
    return out


STATED_POSITION_COLUMNS = ["id", "stated_strategy", "stated_date", "earlier_strategy",
                           "earlier_date"]


def stated_positions(model: Model, as_of=None) -> pd.DataFrame:
    """What each actor states its strategy is on ``as_of``, and what it stated before.

    Positions come from the optional ``stated.csv`` (actor, strategy, date, source) and
    the actors' ``stated_strategy`` column (an undated position). A dated position
    applies from its date on; the latest one on or before ``as_of`` is the actor's
    position, and the dated one before it (if any) is its *earlier* position — the
    movement a quadrant draws. An undated position applies only when no dated one does
    (``stated.csv``'s undated row before the actor column's).

    Parameters
    ----------
    model : Model
    as_of : date-like, optional
        The day (``YYYY-MM-DD``, ``DD.MM.YYYY`` or a year); ``None``: today.

    Returns
    -------
    pandas.DataFrame
        ``id, stated_strategy, stated_date, earlier_strategy, earlier_date``: one row per
        actor with a position (dates ``NaT`` when undated, ``earlier_strategy`` ``""``
        when there is none), sorted by ``id``.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality",
    ...                   "stated_strategy": ["specialisation", "service-centre"]}),
    ...     pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]}),
    ...     stated=pd.DataFrame({"actor": ["a", "a"], "date": ["2008-01-01", "2009-06-11"],
    ...                          "strategy": ["self-sufficiency", "regional partner"]}))
    >>> p = stated_positions(m, "2010")
    >>> p[["id", "stated_strategy", "earlier_strategy"]].values.tolist()
    [['a', 'regional partner', 'self-sufficiency'], ['b', 'service-centre', '']]
    >>> stated_positions(m, "2008")[["stated_strategy", "earlier_strategy"]].values.tolist()[0]
    ['self-sufficiency', '']
    >>> stated_positions(m, "2007")["stated_strategy"].tolist()
    ['specialisation', 'service-centre']
    """
    day = parse_date(as_of) or pd.Timestamp.today().normalize()
    frames = []
    st = model.stated
    if len(st):
        frames.append(pd.DataFrame({"id": st["actor"].to_numpy(dtype=object),
                                    "strategy": st["strategy"].to_numpy(dtype=object),
                                    "date": st["date"].to_numpy(), "rank": 1}))
    a = model.actors
    if STATED in a.columns:
        said = a[STATED].astype(object).fillna("").to_numpy(dtype=object)
        keep = said != ""
        frames.append(pd.DataFrame({"id": a["id"].to_numpy(dtype=object)[keep],
                                    "strategy": said[keep],
                                    "date": pd.NaT, "rank": 2}))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in STATED_POSITION_COLUMNS})
    every = pd.concat(frames, ignore_index=True)
    every["date"] = pd.to_datetime(every["date"])
    dated = every[every["date"].notna() & (every["date"] <= day)].sort_values(["id", "date"])
    undated = (every[every["date"].isna()].sort_values(["id", "rank"])
               .drop_duplicates("id"))
    last = dated.groupby("id", sort=False).tail(1)
    before = dated.groupby("id", sort=False).nth(-2)
    rows = pd.concat([last, undated[~undated["id"].isin(last["id"])]])
    was = dict(zip(before["id"], before["strategy"]))
    was_on = dict(zip(before["id"], before["date"]))
    out = pd.DataFrame({
        "id": rows["id"].to_numpy(dtype=object),
        "stated_strategy": rows["strategy"].to_numpy(dtype=object),
        "stated_date": rows["date"].to_numpy(dtype="datetime64[ns]"),
    })
    out["earlier_strategy"] = [was.get(i, "") for i in out["id"]]
    out["earlier_date"] = pd.to_datetime(pd.Series([was_on.get(i, pd.NaT) for i in out["id"]],
                                                   dtype=object)).astype("datetime64[ns]")
    return out.sort_values("id").reset_index(drop=True)[STATED_POSITION_COLUMNS]


def _breadth(sel: Selection, councils: Selection, home: np.ndarray) -> np.ndarray:
    """|sectors of S(a)| / |M(home_council(a))|, the menu of all kept sectors without a home
    council; NaN where the menu is empty (see :func:`strategy_profile`)."""
    n_actors = len(sel.actor_ids)
    sector_of = sel.collaborations["sector"].to_numpy(dtype=object)
    recorded = sector_of != ""
    present, codes = np.unique(sector_of[recorded], return_inverse=True)
    if len(present) == 0:
        return np.full(n_actors, np.nan)
    S = sp.csr_matrix(
        (np.ones(len(codes), dtype=np.int64), (np.flatnonzero(recorded), codes)),
        shape=(len(sector_of), len(present)),
    )
    B = sel.B
    reached = (B @ S).tocsr()
    reached.eliminate_zeros()
    n_sectors = reached.getnnz(axis=1)
    # M(R): sectors of the collaborations with a member in m(R): (Bc.T @ B) @ S, nonzero
    menu = ((councils.B.T @ B) @ S).tocsr()
    menu.eliminate_zeros()
    menu_size = np.append(menu.getnnz(axis=1), len(present))  # index -1: no home council
    council_index = {c: j for j, c in enumerate(councils.collaboration_ids)}
    home_index = np.array([council_index.get(h, -1) for h in home], dtype=np.int64)
    denominator = menu_size[home_index]
    breadth = np.full(n_actors, np.nan)
    ok = denominator > 0
    breadth[ok] = n_sectors[ok] / denominator[ok]
    return breadth
