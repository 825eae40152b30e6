"""Gaps and partner suggestions: where an actor could cooperate next, and with whom."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .errors import SpecError, UnknownIdError
from .model import Model
from .select import Selection, as_tuple, select

__all__ = ["gaps", "haversine_km", "suggestions"]

GAP_COLUMNS = ["actor", "sector", "n_candidates"]
SUGGESTION_COLUMNS = [
    "actor", "sector", "candidate", "rank", "reason", "shared", "distance_km",
    "population_ratio", "candidate_name",
]
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
_BLOCK = 2_000_000  # scores held at once (gap actors × candidates)


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km between WGS84 points (NaN where a coordinate is missing).

    >>> round(float(haversine_km(59.91, 10.75, 63.43, 10.39)))  # Oslo - Trondheim
    392
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat = p2 - p1
    dlon = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    h = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _base(model: Model, filters: dict) -> Selection:
    """Every kept collaboration, whatever its sector: shared(a, b) counts them all."""
    return select(model, **{**filters, "sectors": None})


def _sector_matrix(sel: Selection, wanted) -> tuple[list[str], sp.csr_matrix]:
    """The sectors present in the selection (restricted to ``wanted``) and the 0/1 matrix
    collaborations × sectors."""
    sector = sel.collaborations["sector"].to_numpy(dtype=object)
    present = sorted({s for s in sector if s})
    if wanted is not None:
        present = [s for s in present if s in wanted]
    index = {s: k for k, s in enumerate(present)}
    rows = [j for j, s in enumerate(sector) if s in index]
    cols = [index[sector[j]] for j in rows]
    Z = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(sector), len(present))
    )
    return present, Z


def _actor_row(model: Model, sel: Selection, actor: str) -> int:
    if actor in sel.actor_index:
        return sel.actor_index[actor]
    hit = model.actors.loc[model.actors["id"] == actor]
    if hit.empty:
        raise UnknownIdError(f"no actor with id {actor!r} in the data: check the spelling")
    kind = hit["kind"].iloc[0]
    raise UnknownIdError(
        f"actor {actor!r} (kind {kind!r}) is left out by the filters: widen actor_kinds, "
        "countries or regions to include it"
    )


def gaps(
    model: Model,
    actor: str,
    *,
    as_of=None,
    sectors=None,
    kinds=("service",),
    actor_kinds=("municipality",),
    status=("active",),
    countries=None,
    regions=None,
) -> pd.DataFrame:
    """The sectors where ``actor`` has no collaboration yet (DESIGN.md, "Gaps").

    The sectors looked at are those present among the kept collaborations (any
    non-empty ``sector`` value, also one outside the vocabulary), restricted to
    ``sectors`` when given. The other filters are those of :func:`graphmodel.select`.

    Returns
    -------
    DataFrame
        One row per gap sector, sorted by sector: ``actor``, ``sector``,
        ``n_candidates`` (how many other kept actors do have a collaboration in it).

    Raises
    ------
    UnknownIdError
        ``actor`` is not in the data, or the filters leave it out.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("abc"), "name": list("ABC"), "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service",
    ...                   "sector": ["waste", "ict"]}),
    ...     pd.DataFrame({"actor": list("abbc"), "collaboration": list("sstt")}),
    ... )
    >>> gaps(m, "a").to_dict("list")
    {'actor': ['a'], 'sector': ['ict'], 'n_candidates': [2]}
    """
    filters = {
        "as_of": as_of, "kinds": kinds, "actor_kinds": actor_kinds, "status": status,
        "countries": countries, "regions": regions,
    }
    sel = _base(model, filters)
    row = _actor_row(model, sel, actor)
    present, Z = _sector_matrix(sel, as_tuple(sectors))
    has = (sel.B @ Z).toarray() > 0  # actors × sectors
    missing = np.flatnonzero(~has[row])
    n_with = has.sum(axis=0)
    return pd.DataFrame({
        "actor": pd.Series([actor] * len(missing), dtype=object),
        "sector": pd.Series([present[k] for k in missing], dtype=object),
        "n_candidates": n_with[missing].astype(np.int64),
    }, columns=GAP_COLUMNS)


def suggestions(
    model: Model,
    actor: str | None = None,
    *,
    sectors=None,
    top: int = 5,
    as_of=None,
    kinds=("service",),
    actor_kinds=("municipality",),
    status=("active",),
    countries=None,
    regions=None,
) -> pd.DataFrame:
    """Natural partners for each gap sector, ranked, with the reason in plain words.

    For an actor ``a`` and a sector ``g`` where ``a`` has no collaboration (see
    :func:`gaps`), the candidates are the other kept actors that *do* have a
    collaboration in ``g``: they already run that service and could take ``a`` in.
    They are ranked by

    1. ``shared(a, b)``, the collaborations ``a`` and ``b`` already share (all of
       them are in other sectors, since ``a`` has none in ``g``), most first;
    2. the great-circle distance between their ``lat``/``lon``, nearest first
       (unknown distances last);
    3. population similarity, ``min(pop_a, pop_b) / max(pop_a, pop_b)``, most
       similar first (unknown last);
    4. the candidate id.

    Parameters
    ----------
    actor : str, optional
        One actor id; ``None`` gives suggestions for every kept actor.
    sectors : str or iterable, optional
        Suggest only for these gap sectors. Unlike elsewhere this does not narrow
        the collaborations counted in ``shared``: those are always all sectors.
    top : int
        Candidates kept per (actor, sector).
    as_of, kinds, actor_kinds, status, countries, regions
        The filters of :func:`graphmodel.select`.

    Returns
    -------
    DataFrame
        Sorted by actor, sector, rank: ``actor``, ``sector``, ``candidate``, ``rank``
        (1 = best), ``reason`` (e.g. "shares 3 agreements with Råde (ict, legal,
        waste); 24 km away; similar size (4,216 vs 3,919); Råde has 2 waste
        agreements" — populations are the actor's, then the candidate's),
        ``shared``, ``distance_km`` (NaN when unknown), ``population_ratio`` (NaN
        when unknown), ``candidate_name``.

    Raises
    ------
    UnknownIdError
        ``actor`` is not in the data, or the filters leave it out.
    SpecError
        ``top`` is not a positive whole number.

    References
    ----------
    shared/DESIGN.md, "Gaps and partner suggestions"; the Østfold mapping in
    shared/seeds.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("abc"), "name": ["A", "B", "C"], "kind": "municipality",
    ...                   "lat": [59.0, 59.1, 60.0], "lon": [10.0, 10.0, 10.0]}),
    ...     pd.DataFrame({"id": ["s", "t", "u"], "name": list("STU"), "kind": "service",
    ...                   "sector": ["ict", "waste", "waste"]}),
    ...     pd.DataFrame({"actor": list("abbc"), "collaboration": list("sstu")}),
    ... )
    >>> s = suggestions(m, "a")
    >>> s[["actor", "sector", "candidate", "rank", "shared"]].to_dict("list")
    {'actor': ['a', 'a'], 'sector': ['waste', 'waste'], 'candidate': ['b', 'c'], 'rank': [1, 2], 'shared': [1, 0]}
    >>> s["reason"].iloc[0]
    'shares 1 agreement with B (ict); 11 km away; B has 1 waste agreement'
    """
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise SpecError(f"top must be a whole number of 1 or more, not {top!r}")
    filters = {
        "as_of": as_of, "kinds": kinds, "actor_kinds": actor_kinds, "status": status,
        "countries": countries, "regions": regions,
    }
    sel = _base(model, filters)
    only = None if actor is None else _actor_row(model, sel, actor)
    present, Z = _sector_matrix(sel, as_tuple(sectors))
    if not present or sel.B.shape[0] < 2:
        return pd.DataFrame({c: [] for c in SUGGESTION_COLUMNS}).astype(_DTYPES)

    B = sel.B.astype(np.int64)
    W = (B @ B.T).tocsr()
    per_sector = (B @ Z).toarray()  # actors × sectors: collaborations in each
    lat = sel.actors["lat"].to_numpy(dtype=float)
    lon = sel.actors["lon"].to_numpy(dtype=float)
    pop = sel.actors["population"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)

    pieces = []
    for k in range(len(present)):
        has = per_sector[:, k] > 0
        cand = np.flatnonzero(has)
        gap = np.flatnonzero(~has)
        if only is not None:
            gap = gap[gap == only]
        if len(cand) == 0 or len(gap) == 0:
            continue
        step = max(1, _BLOCK // len(cand))
        for start in range(0, len(gap), step):
            rows = gap[start: start + step]
            pieces.append(_rank_block(rows, cand, k, top, W, lat, lon, pop))
    if not pieces:
        return pd.DataFrame({c: [] for c in SUGGESTION_COLUMNS}).astype(_DTYPES)
    a_idx, b_idx, sec, rank, shared, dist, ratio = (np.concatenate(p) for p in zip(*pieces))
    ids = sel.actor_ids
    names = sel.actors["name"].to_numpy(dtype=object)
    out = pd.DataFrame({
        "actor": pd.Series(ids[a_idx], dtype=object),
        "sector": pd.Series(np.asarray(present, dtype=object)[sec], dtype=object),
        "candidate": pd.Series(ids[b_idx], dtype=object),
        "rank": rank.astype(np.int64),
        "reason": _reasons(sel, present, a_idx, b_idx, sec, shared, dist, pop,
                           per_sector, names),
        "shared": shared.astype(np.int64),
        "distance_km": dist.astype(float),
        "population_ratio": ratio.astype(float),
        "candidate_name": pd.Series(names[b_idx], dtype=object),
    })
    out = out.sort_values(["actor", "sector", "rank"], kind="stable").reset_index(drop=True)
    return out


_DTYPES = {
    "actor": object, "sector": object, "candidate": object, "rank": np.int64,
    "reason": object, "shared": np.int64, "distance_km": float, "population_ratio": float,
    "candidate_name": object,
}


def _rank_block(rows, cand, k, top, W, lat, lon, pop):
    """The best ``top`` candidates of each actor in ``rows`` for sector ``k``."""
    shared = W[rows][:, cand].toarray()  # rows × candidates
    dist = haversine_km(lat[rows][:, None], lon[rows][:, None], lat[cand][None, :],
                        lon[cand][None, :])
    pa, pb = pop[rows][:, None], pop[cand][None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.minimum(pa, pb) / np.maximum(pa, pb)
    ratio = np.where(np.maximum(pa, pb) > 0, ratio, np.nan)
    shape = shared.shape
    cand_order = np.broadcast_to(np.arange(len(cand)), shape)  # candidate ids are sorted
    # np.lexsort: the last key is the primary one; NaN sorts last in each
    order = np.lexsort(
        (cand_order, np.nan_to_num(-ratio, nan=np.inf), np.nan_to_num(dist, nan=np.inf),
         -shared),
        axis=-1,
    )[:, :top]
    n = order.shape[1]
    r = np.repeat(np.arange(len(rows)), n)
    c = order.ravel()
    return (
        rows[r], cand[c], np.full(len(r), k), np.tile(np.arange(1, n + 1), len(rows)),
        shared[r, c], dist[r, c], ratio[r, c],
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _reasons(sel, present, a_idx, b_idx, sec, shared, dist, pop, per_sector, names):
    """One plain sentence per suggestion saying why the candidate comes up."""
    B = sel.B.astype(np.int64)
    every, Z_all = _sector_matrix(sel, None)  # list every sector shared, not just the gaps
    both = (B[a_idx].multiply(B[b_idx]).tocsr() @ Z_all).tocsr()
    every = np.asarray(every, dtype=object)
    sector_names = np.asarray(present, dtype=object)
    out = []
    for i in range(len(a_idx)):
        name = names[b_idx[i]]
        parts = []
        if shared[i] > 0:
            listed = every[both.indices[both.indptr[i]: both.indptr[i + 1]]]
            text = f"shares {_plural(int(shared[i]), 'agreement')} with {name}"
            if len(listed):
                text += f" ({', '.join(sorted(listed))})"
            parts.append(text)
        else:
            parts.append(f"no shared agreement yet with {name}")
        if not np.isnan(dist[i]):
            parts.append(f"{dist[i]:,.0f} km away")
        pa, pb = pop[a_idx[i]], pop[b_idx[i]]
        if not (np.isnan(pa) or np.isnan(pb)):
            ratio = min(pa, pb) / max(pa, pb) if max(pa, pb) > 0 else 1.0
            label = "similar size" if ratio >= 0.5 else "different size"
            parts.append(f"{label} ({int(pa):,} vs {int(pb):,})")
        n_in = int(per_sector[b_idx[i], sec[i]])
        parts.append(f"{name} has {_plural(n_in, sector_names[sec[i]] + ' agreement')}")
        out.append("; ".join(parts))
    return pd.Series(out, dtype=object)
