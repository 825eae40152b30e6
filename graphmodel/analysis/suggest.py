"""Gaps and partner suggestions: where an actor could cooperate next, with whom, and which
agreement it could join."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..data.model import Model
from ..data.select import (
    DEFAULT_ACTOR_KINDS,
    DEFAULT_KINDS,
    DEFAULT_STATUS,
    Selection,
    as_tuple,
    filter_kwargs,
    select,
)
from ..errors import SpecError, UnknownIdError

__all__ = [
    "COVERAGE_COLUMNS",
    "COVERAGE_STATES",
    "DEFAULT_MAX_KM",
    "GAP_COLUMNS",
    "SUGGESTION_COLUMNS",
    "coverage",
    "coverage_summary",
    "gaps",
    "haversine_km",
    "suggestions",
]

#: how far away (great-circle km) a partner with no shared agreement may be (DESIGN.md)
DEFAULT_MAX_KM = 150.0
GAP_COLUMNS = ["actor", "sector", "n_candidates"]
#: where an actor stands in a sector, best first (see :func:`coverage`)
COVERAGE_STATES = ("in_force", "planned", "within_reach", "none")
COVERAGE_COLUMNS = ["actor", "sector", "state", "in_force", "planned", "n_candidates"]
SUGGESTION_COLUMNS = [
    "actor", "sector", "candidate", "rank", "reason", "shared", "distance_km",
    "population_ratio", "candidate_name", "collaboration", "collaboration_name",
]
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
_LISTED = 3  # shared agreements named in a reason
_MEMBERS_LISTED = 6  # members named in a reason
_TIE_BUDGET = 3_000_000  # tie pairs (actor, partner) held at once
_DTYPES = {
    "actor": object, "sector": object, "candidate": object, "rank": np.int64,
    "reason": object, "shared": np.int64, "distance_km": float, "population_ratio": float,
    "candidate_name": object, "collaboration": object, "collaboration_name": object,
}


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


# ---------------------------------------------------------------------------- the space


@dataclass(frozen=True, eq=False)
class _Space:
    """What both :func:`gaps` and :func:`suggestions` look at, for one set of filters.

    ``sel`` is the filtered selection (every sector): who has which agreement, the
    agreements one could join. ``ties`` is the selection that ``shared(a, b)`` counts:
    every collaboration a and b share, whatever its kind or sector, planned ones included
    (DESIGN.md). Both keep the same actors, in the same order.
    """

    model: Model
    sel: Selection
    ties: Selection
    sectors: list[str]  # sectors present among the filtered collaborations, sorted
    Z: sp.csr_matrix  # filtered collaborations × sectors, 0/1
    per_sector: np.ndarray  # actors × sectors: how many filtered collaborations in each
    lat: np.ndarray
    lon: np.ndarray
    country: np.ndarray  # "" where unknown
    pop: np.ndarray  # NaN where unknown


def _tie_status(status):
    """The statuses ties count: those asked for, and ``planned`` too."""
    wanted = as_tuple(status)
    return None if wanted is None else tuple(sorted(set(wanted) | {"planned"}))


def _space(model: Model, filters: dict, wanted_sectors) -> _Space:
    sel = select(model, **{**filters, "sectors": None})
    ties = select(model, **{**filters, "sectors": None, "kinds": None,
                            "status": _tie_status(filters["status"])})
    # same actor filters on both, so the same actors in the same (id) order
    if not np.array_equal(sel.actor_ids, ties.actor_ids):  # pragma: no cover
        raise AssertionError("the tie selection keeps other actors than the selection")
    sector = sel.collaborations["sector"].to_numpy(dtype=object)
    present = sorted({s for s in sector if s})
    if wanted_sectors is not None:
        present = [s for s in present if s in wanted_sectors]
    index = {s: k for k, s in enumerate(present)}
    rows = np.array([j for j, s in enumerate(sector) if s in index], dtype=np.int64)
    cols = np.array([index[sector[j]] for j in rows], dtype=np.int64)
    Z = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                      shape=(len(sector), len(present)))
    per_sector = (sel.B.astype(np.int64) @ Z).toarray()
    a = sel.actors
    return _Space(
        model=model, sel=sel, ties=ties, sectors=present, Z=Z, per_sector=per_sector,
        lat=a["lat"].to_numpy(dtype=float), lon=a["lon"].to_numpy(dtype=float),
        country=np.array([str(c).strip().upper() for c in a["country"]], dtype=object),
        pop=a["population"].astype("Float64").to_numpy(dtype=float, na_value=np.nan),
    )


def _check(top, max_km) -> float:
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise SpecError(f"top must be a whole number of 1 or more, not {top!r}")
    try:
        km = float(max_km)
    except (TypeError, ValueError):
        km = math.nan
    if isinstance(max_km, bool) or math.isnan(km) or km < 0:
        raise SpecError(f"max_km must be a distance in km of 0 or more, not {max_km!r}")
    return km


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


def _same_country(ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """A candidate's country rule: the same country, where both have one."""
    return (ca == "") | (cb == "") | (ca == cb)


# ---------------------------------------------------------------------------- gaps


def gaps(
    model: Model,
    actor: str,
    *,
    max_km: float = DEFAULT_MAX_KM,
    as_of=None,
    sectors=None,
    kinds=DEFAULT_KINDS,
    actor_kinds=DEFAULT_ACTOR_KINDS,
    status=DEFAULT_STATUS,
    countries=None,
    regions=None,
) -> pd.DataFrame:
    """The sectors where ``actor`` has no collaboration yet (DESIGN.md, "Gaps").

    The sectors looked at are those present among the kept collaborations (any
    non-empty ``sector`` value, also one outside the vocabulary), restricted to
    ``sectors`` when given. The other filters are those of :func:`graphmodel.data.select`.

    Returns
    -------
    DataFrame
        One row per gap sector, sorted by sector: ``actor``, ``sector``,
        ``n_candidates``: how many other kept actors have a collaboration in it and are
        realistic partners by the rule of :func:`suggestions` (same country where both
        have one; within ``max_km``, or already sharing a collaboration with ``actor``).

    Raises
    ------
    UnknownIdError
        ``actor`` is not in the data, or the filters leave it out.
    SpecError
        ``max_km`` is not a distance of 0 or more.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("abc"), "name": list("ABC"), "kind": "municipality",
    ...                   "lat": [60.0, 60.1, 63.0], "lon": 10.0}),
    ...     pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service",
    ...                   "sector": ["waste", "ict"]}),
    ...     pd.DataFrame({"actor": list("abbc"), "collaboration": list("sstt")}),
    ... )
    >>> gaps(m, "a").to_dict("list")  # c (334 km away, nothing shared) does not count
    {'actor': ['a'], 'sector': ['ict'], 'n_candidates': [1]}
    """
    km = _check(1, max_km)
    filters = filter_kwargs(as_of, None, kinds, actor_kinds, status, countries, regions)
    space = _space(model, filters, as_tuple(sectors))
    row = _actor_row(model, space.sel, actor)
    has = space.per_sector > 0  # actors × sectors
    missing = np.flatnonzero(~has[row])
    ok = _eligible(space, row, km)
    n_with = (has & ok[:, None]).sum(axis=0)
    return pd.DataFrame({
        "actor": pd.Series([actor] * len(missing), dtype=object),
        "sector": pd.Series([space.sectors[k] for k in missing], dtype=object),
        "n_candidates": n_with[missing].astype(np.int64),
    }, columns=GAP_COLUMNS)


def coverage(
    model: Model,
    actors,
    *,
    sectors=None,
    max_km: float = DEFAULT_MAX_KM,
    as_of=None,
    kinds=DEFAULT_KINDS,
    actor_kinds=DEFAULT_ACTOR_KINDS,
    status=DEFAULT_STATUS,
    countries=None,
    regions=None,
) -> pd.DataFrame:
    """Where each of ``actors`` stands in each sector: in force, planned, or what is in reach.

    The gaps told as they are, one rule for the profile of one municipality and of a
    group. For an actor and a sector, ``state`` is the first that holds of

    1. ``in_force``: it is a counted member (not an observer) of an agreement of that
       sector kept by the filters (``status`` without ``planned``; default ``active``);
    2. ``planned``: it is a counted member of a ``planned`` agreement of that sector
       (same kind, date and area filters);
    3. ``within_reach``: it has neither, but some realistic partner runs one in force:
       ``n_candidates`` > 0, by the rule of :func:`gaps` (same country; within ``max_km``
       or already sharing an agreement);
    4. ``none``: nothing in force or planned, and nobody within reach runs one.

    ``n_candidates`` is counted for every state, so a planned sector still says whether
    an agreement in force is within reach. The sectors are those of the kept agreements,
    planned ones included, restricted to ``sectors`` when given.

    Parameters
    ----------
    actors : str or iterable of str
        Actor ids. An id not in the data raises; one the filters leave out (another
        country, say) gives no rows.
    sectors, max_km, as_of, kinds, actor_kinds, status, countries, regions
        As for :func:`gaps`.

    Returns
    -------
    DataFrame
        Sorted by actor id and sector: ``actor``, ``sector``,
        ``state`` (one of :data:`COVERAGE_STATES`), ``in_force`` and ``planned`` (the names
        of those agreements, sorted, joined by "; "; empty when none), ``n_candidates``.

    Raises
    ------
    UnknownIdError
        An id of ``actors`` is not in the data.
    SpecError
        ``max_km`` is not a distance of 0 or more.

    Examples
    --------
    ``a`` and ``b`` plan a legal service ``p``; ``b`` runs waste with ``c`` (11 km from
    ``a``); nobody runs a legal service in force:

    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("abc"), "name": list("ABC"), "kind": "municipality",
    ...                   "lat": [60.0, 60.1, 60.05], "lon": 10.0}),
    ...     pd.DataFrame({"id": ["p", "w"], "name": ["Legal (planned)", "Waste"],
    ...                   "kind": "service", "sector": ["legal", "waste"],
    ...                   "status": ["planned", "active"]}),
    ...     pd.DataFrame({"actor": list("abbc"), "collaboration": list("ppww")}),
    ... )
    >>> coverage(m, ["a", "b"])[["actor", "sector", "state", "n_candidates"]].values.tolist()
    [['a', 'legal', 'planned', 0], ['a', 'waste', 'within_reach', 2], ['b', 'legal', 'planned', 0], ['b', 'waste', 'in_force', 1]]
    """
    km = _check(1, max_km)
    wanted = as_tuple(actors) or ()
    known = set(model.actors["id"])
    for a in wanted:
        if a not in known:
            raise UnknownIdError(f"no actor with id {a!r} in the data: check the spelling")
    filters = filter_kwargs(as_of, None, kinds, actor_kinds, status, countries, regions)
    asked = as_tuple(status)
    in_force_status = (("active",) if asked is None
                       else tuple(x for x in asked if x != "planned"))
    space = _space(model, {**filters, "status": in_force_status or ("active",)},
                   as_tuple(sectors))
    plan = select(model, **{**filters, "sectors": None, "status": ("planned",)})
    wanted_sectors = as_tuple(sectors)
    planned_sectors = {s for s in plan.collaborations["sector"] if s}
    all_sectors = sorted((set(space.sectors) | planned_sectors)
                         & (set(wanted_sectors) if wanted_sectors is not None
                            else set(space.sectors) | planned_sectors))
    names = model.names()

    def names_by_sector(sel: Selection) -> dict:
        """(actor, sector) -> sorted agreement names."""
        mem = sel.memberships
        sector_of = dict(zip(sel.collaborations["id"], sel.collaborations["sector"]))
        out: dict = {}
        for a, c in zip(mem["actor"], mem["collaboration"]):
            out.setdefault((a, sector_of.get(c, "")), set()).add(str(names.get(c, c)))
        return {k: "; ".join(sorted(v, key=str.casefold)) for k, v in out.items()}

    now = names_by_sector(space.sel) if in_force_status else {}
    planned = names_by_sector(plan)
    column = {s: k for k, s in enumerate(space.sectors)}
    has = space.per_sector > 0
    rows = []
    for a in sorted(set(wanted)):
        if a not in space.sel.actor_index:
            continue  # left out by the filters
        ok = _eligible(space, space.sel.actor_index[a], km)
        for sector in all_sectors:
            k = column.get(sector)
            n = int((has[:, k] & ok).sum()) if k is not None else 0
            in_force, plans = now.get((a, sector), ""), planned.get((a, sector), "")
            state = ("in_force" if in_force else "planned" if plans
                     else "within_reach" if n else "none")
            rows.append((a, sector, state, in_force, plans, n))
    out = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
    return out.astype({"actor": object, "sector": object, "state": object,
                       "in_force": object, "planned": object, "n_candidates": np.int64})


def coverage_summary(cov: pd.DataFrame) -> pd.DataFrame:
    """The group's view of :func:`coverage`: per sector, how many actors stand where.

    Returns one row per sector (sorted): ``sector``, ``n`` (actors), one count per state
    of :data:`COVERAGE_STATES`, ``planned_names`` (the planned agreements, "; "-joined)
    and ``reach``: how many of those with none in force have one in force within reach
    (``n_candidates`` > 0; planned ones too).

    >>> cov = pd.DataFrame({"actor": list("aab"), "sector": ["legal", "ppt", "legal"],
    ...                     "state": ["planned", "in_force", "none"],
    ...                     "in_force": ["", "PPT", ""], "planned": ["Legal", "", ""],
    ...                     "n_candidates": [0, 0, 0]})
    >>> coverage_summary(cov).values.tolist()
    [['legal', 2, 0, 1, 0, 1, 'Legal', 0], ['ppt', 1, 1, 0, 0, 0, '', 0]]
    """
    rows = []
    for sector, part in cov.groupby("sector", sort=True):
        counts = part["state"].value_counts()
        plans = sorted({n for cell in part["planned"] for n in str(cell).split("; ") if n},
                       key=str.casefold)
        reach = int(((part["state"] != "in_force") & (part["n_candidates"] > 0)).sum())
        rows.append((sector, len(part), *(int(counts.get(s, 0)) for s in COVERAGE_STATES),
                     "; ".join(plans), reach))
    return pd.DataFrame(rows, columns=["sector", "n", *COVERAGE_STATES, "planned_names",
                                       "reach"])


def _eligible(space: _Space, row: int, km: float) -> np.ndarray:
    """Which actors may be suggested to actor ``row`` (in any sector), as a bool array."""
    Bt = space.ties.B.astype(np.int64)
    shared = np.asarray((Bt[row] @ Bt.T).todense()).ravel()
    dist = haversine_km(space.lat[row], space.lon[row], space.lat, space.lon)
    with np.errstate(invalid="ignore"):
        near = dist <= km
    ok = _same_country(space.country[row], space.country) & ((shared > 0) | near)
    ok[row] = False
    return ok


# ---------------------------------------------------------------------------- suggestions


def suggestions(
    model: Model,
    actor: str | None = None,
    *,
    sectors=None,
    top: int = 5,
    max_km: float = DEFAULT_MAX_KM,
    as_of=None,
    kinds=DEFAULT_KINDS,
    actor_kinds=DEFAULT_ACTOR_KINDS,
    status=DEFAULT_STATUS,
    countries=None,
    regions=None,
) -> pd.DataFrame:
    """Realistic partners for each gap sector, ranked, with the agreement one could join.

    For an actor ``a`` and a sector ``g`` where ``a`` has no collaboration (see
    :func:`gaps`), the candidates are the other kept actors ``b`` that *do* have a
    collaboration in ``g`` (they already run that service and could take ``a`` in), and

    * are in ``a``'s country, where both have a ``country`` (always: no suggestion
      crosses a border);
    * are within ``max_km`` (great-circle between ``lat``/``lon``), **unless** ``b``
      already shares a collaboration with ``a``, which keeps ``b`` whatever the
      distance. Where ``a`` or ``b`` has no coordinates, ``b`` is kept only if it shares
      a collaboration with ``a``, and the reason says the distance is unknown.

    ``shared(a, b)`` counts every collaboration ``a`` and ``b`` share after the date,
    country and region filters: any kind and any sector, ``planned`` ones too (a mapping
    network and its planned areas are ties). Observers do not count. The candidates are
    ranked by

    1. ``shared(a, b)``, most first;
    2. the distance, nearest first (unknown last);
    3. population similarity, ``min(pop_a, pop_b) / max(pop_a, pop_b)``, most
       similar first (unknown last);
    4. the candidate id.

    Each row names the concrete option: ``collaboration``, the one of ``b``'s agreements
    in ``g`` that ``a`` could join, the one whose host is nearest to ``a`` first (no host
    or a host without coordinates last, then by id).

    Parameters
    ----------
    actor : str, optional
        One actor id; ``None`` gives suggestions for every kept actor.
    sectors : str or iterable, optional
        Suggest only for these gap sectors. Unlike elsewhere this does not narrow
        the collaborations counted in ``shared``: those are always all sectors.
    top : int
        Candidates kept per (actor, sector).
    max_km : float
        How far a candidate that shares nothing with the actor may be, in km
        (default 150; ``float("inf")`` for no limit, but coordinates are still needed).
    as_of, kinds, actor_kinds, status, countries, regions
        The filters of :func:`graphmodel.data.select`. ``kinds`` and ``status`` say which
        agreements count as having the sector and can be joined; ties count every kind
        and add ``planned`` to ``status``.

    Returns
    -------
    DataFrame
        Sorted by actor, sector, rank: ``actor``, ``sector``, ``candidate``, ``rank``
        (1 = best), ``reason`` (e.g. "shares 3 agreements with Råde (Juss, Mosseregionen,
        Østfold-fem); 22 km away; similar size (4,216 vs 7,800); could join Avfall
        (host Fredrikstad; 4 members: Fredrikstad, Halden, Moss, Råde)" — populations
        are the actor's, then the candidate's), ``shared``, ``distance_km`` (NaN when
        unknown), ``population_ratio`` (NaN when unknown), ``candidate_name``,
        ``collaboration``, ``collaboration_name``.

    Raises
    ------
    UnknownIdError
        ``actor`` is not in the data, or the filters leave it out.
    SpecError
        ``top`` is not a positive whole number, or ``max_km`` not a distance ≥ 0.

    References
    ----------
    shared/DESIGN.md, "Gaps and partner suggestions"; the Østfold mapping in
    shared/seeds.

    Examples
    --------
    Hvaler (``a``) lacks waste. Råde (``b``, 11 km, shares IKT with Hvaler) runs it with
    Moss (``m``, 44 km), Halden (``c``, 33 km) alone, Strömstad (``d``, 6 km) across the
    border in Sweden:

    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("abcdm"), "name": ["Hvaler", "Råde", "Halden",
    ...                   "Strömstad", "Moss"], "kind": "municipality",
    ...                   "country": ["NO", "NO", "NO", "SE", "NO"],
    ...                   "lat": [59.0, 59.1, 59.3, 59.05, 59.4], "lon": 11.0}),
    ...     pd.DataFrame({"id": ["s", "t", "u", "v"], "name": ["IKT", "Avfall", "Renovasjon",
    ...                   "Avfall SE"], "kind": "service",
    ...                   "sector": ["ict", "waste", "waste", "waste"], "host": ["", "m", "", ""]}),
    ...     pd.DataFrame({"actor": list("abbmcd"), "collaboration": list("ssttuv")}),
    ... )
    >>> s = suggestions(m, "a")
    >>> s[["candidate", "rank", "shared", "collaboration"]].to_dict("list")
    {'candidate': ['b', 'c', 'm'], 'rank': [1, 2, 3], 'shared': [1, 0, 0], 'collaboration': ['t', 'u', 't']}
    >>> s["reason"].iloc[0]
    'shares 1 agreement with Råde (IKT); 11 km away; could join Avfall (host Moss; 2 members: Moss, Råde)'
    >>> suggestions(m, "a", max_km=20)["candidate"].tolist()  # Halden and Moss too far
    ['b']
    """
    km = _check(top, max_km)
    filters = filter_kwargs(as_of, None, kinds, actor_kinds, status, countries, regions)
    space = _space(model, filters, as_tuple(sectors))
    sel = space.sel
    only = None if actor is None else _actor_row(model, sel, actor)
    n = len(sel.actor_ids)
    if not space.sectors or n < 2:
        return _empty()

    Bt = space.ties.B.astype(np.int32).tocsr()
    BtT = Bt.T.tocsr()
    xyz = _unit_vectors(space.lat, space.lon)
    trees: dict = {}  # (sector, country) -> k-d tree of the sector's actors, reused by blocks
    pieces = []
    for query in _blocks(Bt, np.arange(n) if only is None else np.array([only])):
        T = (Bt[query] @ BtT).tocsr()  # query actors × all actors: shared(a, b)
        for k in range(len(space.sectors)):
            has = space.per_sector[:, k] > 0
            local = np.flatnonzero(~has[query])  # positions in ``query`` with a gap in k
            if len(local) == 0 or not has.any():
                continue
            pieces.append(_rank_sector(space, T, query, local, has, k, top, km, xyz, trees))
    pieces = [p for p in pieces if len(p[0])]
    if not pieces:
        return _empty()
    a_idx, b_idx, sec, shared = (np.concatenate(p) for p in zip(*pieces))
    order = np.lexsort((b_idx, *_rank_keys(space, a_idx, b_idx, shared)[::-1], sec, a_idx))
    a_idx, b_idx, sec, shared = a_idx[order], b_idx[order], sec[order], shared[order]
    rank = _rank_within(a_idx * len(space.sectors) + sec)
    dist = haversine_km(space.lat[a_idx], space.lon[a_idx], space.lat[b_idx], space.lon[b_idx])
    ratio = _ratio(space.pop[a_idx], space.pop[b_idx])
    join = _agreement_to_join(space, a_idx, b_idx, sec)
    names = model.names()
    actor_names = sel.actors["name"].to_numpy(dtype=object)
    collab_ids = sel.collaboration_ids[join]
    return pd.DataFrame({
        "actor": pd.Series(sel.actor_ids[a_idx], dtype=object),
        "sector": pd.Series(np.asarray(space.sectors, dtype=object)[sec], dtype=object),
        "candidate": pd.Series(sel.actor_ids[b_idx], dtype=object),
        "rank": rank.astype(np.int64),
        "reason": _reasons(space, a_idx, b_idx, sec, shared, dist, join, names),
        "shared": shared.astype(np.int64),
        "distance_km": dist.astype(float),
        "population_ratio": ratio.astype(float),
        "candidate_name": pd.Series(actor_names[b_idx], dtype=object),
        "collaboration": pd.Series(collab_ids, dtype=object),
        "collaboration_name": pd.Series([names.get(c, c) for c in collab_ids], dtype=object),
    }, columns=SUGGESTION_COLUMNS)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in SUGGESTION_COLUMNS}).astype(_DTYPES)


def _unit_vectors(lat, lon) -> np.ndarray:
    """Points on the unit sphere (NaN rows where a coordinate is missing)."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def _ratio(pa, pb) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.minimum(pa, pb) / np.maximum(pa, pb)
    return np.where(np.maximum(pa, pb) > 0, ratio, np.nan)


def _rank_keys(space: _Space, a_idx, b_idx, shared):
    """Sort keys of the ranking, most significant first (NaN sorts last)."""
    dist = haversine_km(space.lat[a_idx], space.lon[a_idx], space.lat[b_idx], space.lon[b_idx])
    ratio = _ratio(space.pop[a_idx], space.pop[b_idx])
    return (-shared, np.nan_to_num(dist, nan=np.inf), np.nan_to_num(-ratio, nan=np.inf))


def _rank_within(group: np.ndarray) -> np.ndarray:
    """1, 2, 3, … within runs of equal ``group`` values (``group`` sorted)."""
    if len(group) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[True, group[1:] != group[:-1]]
    first = np.maximum.accumulate(np.where(starts, np.arange(len(group)), 0))
    return np.arange(len(group)) - first + 1


def _blocks(Bt: sp.csr_matrix, rows: np.ndarray):
    """``rows`` in blocks whose tie rows hold about :data:`_TIE_BUDGET` entries at most,
    so that memory stays bounded on national data (France: 12.7 million tie pairs)."""
    size = np.diff(Bt.tocsc().indptr).astype(np.int64)  # members per collaboration
    cost = np.asarray(Bt[rows] @ size).ravel() + 1  # bound on a row's partners
    cut = np.searchsorted(np.cumsum(cost), np.arange(1, cost.sum() // _TIE_BUDGET + 1)
                          * _TIE_BUDGET)
    yield from (b for b in np.split(rows, np.unique(cut)) if len(b))


def _rank_sector(space, T, query, local, has, k, top, km, xyz, trees):
    """The best ``top`` candidates in sector ``k`` for each query actor with a gap there.

    Candidates that share a collaboration come from the sparse tie matrix; the others
    from a k-d tree of the sector's actors (nearest first), so the cost follows the
    number of suggestions, not actors × candidates.
    """
    cand = np.flatnonzero(has)
    rows_a = query[local]
    # ties: every candidate sharing a collaboration, whatever the distance
    Tk = T[local][:, cand].tocoo()
    ta, tb, ts = rows_a[Tk.row], cand[Tk.col], Tk.data.astype(np.int64)
    keep = _same_country(space.country[ta], space.country[tb])
    ta, tb, ts = ta[keep], tb[keep], ts[keep]
    ta, tb, ts = _best(space, ta, tb, ts, top)
    n_ties = np.bincount(ta, minlength=len(space.country))

    # the rest: nearest candidates within max_km that share nothing
    need = rows_a[(n_ties[rows_a] < top) & ~np.isnan(xyz[rows_a]).any(axis=1)]
    na, nb = _nearest(space, need, cand, top, km, xyz, T, query, n_ties, trees, k)
    a_all = np.concatenate([ta, na])
    b_all = np.concatenate([tb, nb])
    s_all = np.concatenate([ts, np.zeros(len(na), dtype=np.int64)])
    a_all, b_all, s_all = _best(space, a_all, b_all, s_all, top)
    return a_all, b_all, np.full(len(a_all), k, dtype=np.int64), s_all


def _best(space, a, b, shared, top):
    """Keep the first ``top`` pairs of each ``a`` by the ranking."""
    if len(a) == 0:
        return a, b, shared
    if len(a) > 4 * top * len(np.unique(a)):
        # prune first by shared alone: only pairs at least as strong as each a's top-th
        order = np.lexsort((-shared, a))
        pos = _rank_within(a[order])
        cut = np.full(len(space.country), np.iinfo(np.int64).min)
        at_top = order[pos == top]
        cut[a[at_top]] = shared[at_top]
        keep = shared >= cut[a]
        a, b, shared = a[keep], b[keep], shared[keep]
    order = np.lexsort((b, *_rank_keys(space, a, b, shared)[::-1], a))
    a, b, shared = a[order], b[order], shared[order]
    keep = _rank_within(a) <= top
    return a[keep], b[keep], shared[keep]


def _chord(km: float) -> float:
    """The straight-line distance on the unit sphere of a great-circle distance in km."""
    angle = min(km / EARTH_RADIUS_KM, math.pi)
    return 2 * math.sin(angle / 2) * (1 + 1e-9) + 1e-12


def _nearest(space, need, cand, top, km, xyz, T, query, n_ties, trees, k):
    """For each actor in ``need``, its nearest candidates within ``km`` in its country that
    share nothing with it, enough of them to fill ``top`` places after its ties: pairs."""
    from scipy.spatial import cKDTree  # ~0.1 s to import: only where used

    empty = np.zeros(0, dtype=np.int64)
    cand = cand[~np.isnan(xyz[cand]).any(axis=1)]
    if len(need) == 0 or len(cand) == 0:
        return empty, empty
    position = np.full(len(space.country), -1, dtype=np.int64)
    position[query] = np.arange(len(query))
    out_a, out_b = [], []
    for country in sorted(set(space.country[need])):
        group = need[space.country[need] == country]
        if (k, country) not in trees:
            pool = cand if country == "" else cand[_same_country(country, space.country[cand])]
            trees[k, country] = (cKDTree(xyz[pool]) if len(pool) else None, pool)
        tree, pool = trees[k, country]
        if tree is None:
            continue
        # at most n_ties(a) < top of the nearest share something with a: top + 1 nearest
        # hold at least one more non-tie than the places left to fill
        K = min(top + 1, len(pool))
        _, idx = tree.query(xyz[group], k=list(range(1, K + 1)),
                            distance_upper_bound=_chord(km))
        full = (idx < len(pool)).all(axis=1) & (K < len(pool))
        rows, cols = np.nonzero(idx < len(pool))
        a, b = group[rows], pool[idx[rows, cols]]
        d = haversine_km(space.lat[a], space.lon[a], space.lat[b], space.lon[b])
        farthest = np.zeros(len(space.country))
        np.maximum.at(farthest, a, d)
        a, b, d = _without_ties(a, b, d, T, position, km)
        # where the list was cut, a run of equal distances may go on past it: then take
        # every candidate up to the farthest one seen (rare; exact ranking)
        order = np.lexsort((d, a))
        a, b, d = a[order], b[order], d[order]
        pos = _rank_within(a)
        left = top - n_ties[a]
        at_last = pos == left
        redo = set()
        for x, dx in zip(a[at_last], d[at_last]):
            if full[np.searchsorted(group, x)] and dx >= farthest[x] - 1e-9:
                redo.add(int(x))
        if redo:
            keep = ~np.isin(a, list(redo))
            a, b = a[keep], b[keep]
            for x in sorted(redo):
                r = min(_chord(farthest[x]), _chord(km))
                found = np.asarray(tree.query_ball_point(xyz[x], r), dtype=np.int64)
                bx = pool[found]
                ax = np.full(len(bx), x, dtype=np.int64)
                dx = haversine_km(space.lat[x], space.lon[x], space.lat[bx], space.lon[bx])
                ax, bx, _ = _without_ties(ax, bx, dx, T, position, km)
                a, b = np.concatenate([a, ax]), np.concatenate([b, bx])
        out_a.append(a.astype(np.int64))
        out_b.append(b.astype(np.int64))
    if not out_a:
        return empty, empty
    return np.concatenate(out_a), np.concatenate(out_b)


def _without_ties(a, b, d, T, position, km):
    """Drop pairs that share a collaboration (they are ranked as ties) or lie beyond km."""
    if len(a) == 0:
        return a, b, d
    shared = np.asarray(T[position[a], b]).ravel()
    keep = (shared == 0) & (d <= km)
    return a[keep], b[keep], d[keep]


def _agreement_to_join(space: _Space, a_idx, b_idx, sec) -> np.ndarray:
    """For each suggestion, the column (in ``sel``) of the candidate's agreement in the
    sector that the actor could join: the nearest host first, then by id."""
    sel, model = space.sel, space.model
    host = sel.collaborations["host"].to_numpy(dtype=object)
    where = model.actors.set_index("id")[["lat", "lon"]]
    host_lat = where["lat"].reindex(host).to_numpy(dtype=float)
    host_lon = where["lon"].reindex(host).to_numpy(dtype=float)
    B = sel.B.tocsc()
    Zc = space.Z.tocsc()
    out = np.full(len(a_idx), -1, dtype=np.int64)
    for k in np.unique(sec):
        rows = np.flatnonzero(sec == k)
        cols = Zc.indices[Zc.indptr[k]: Zc.indptr[k + 1]]  # the sector's collaborations
        M = B[:, np.sort(cols)].tocsr()[b_idx[rows]].tocoo()
        r, j = rows[M.row], np.sort(cols)[M.col]
        d = haversine_km(space.lat[a_idx[r]], space.lon[a_idx[r]], host_lat[j], host_lon[j])
        order = np.lexsort((j, np.nan_to_num(d, nan=np.inf), r))
        r, j = r[order], j[order]
        first = np.r_[True, r[1:] != r[:-1]]
        out[r[first]] = j[first]
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _listed(names, limit: int) -> str:
    names = list(names)
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {len(names) - limit} more"


def _reasons(space, a_idx, b_idx, sec, shared, dist, join, names):
    """One plain sentence per suggestion: shared agreements, km, sizes, the agreement."""
    sel, ties = space.sel, space.ties
    actor_names = sel.actors["name"].to_numpy(dtype=object)
    # the agreements each pair shares, in name order
    tie_names = np.array([names.get(c, c) for c in ties.collaboration_ids], dtype=object)
    by_name = np.empty(len(tie_names), dtype=np.int64)
    by_name[sorted(range(len(tie_names)), key=lambda j: (tie_names[j].lower(), j))] = \
        np.arange(len(tie_names))
    Bt = ties.B.astype(np.int32).tocsr()
    both = Bt[a_idx].multiply(Bt[b_idx]).tocoo()
    order = np.lexsort((by_name[both.col], both.row))
    row, col = both.row[order], both.col[order]
    starts = np.searchsorted(row, np.arange(len(a_idx) + 1)).tolist()
    listed = tie_names[col].tolist()

    agreement = {}  # column -> "Name (host H; n members: …)"
    Bc = sel.B.tocsc()
    host = sel.collaborations["host"].to_numpy(dtype=object)
    for j in np.unique(join).tolist():
        members = sorted(actor_names[Bc.indices[Bc.indptr[j]: Bc.indptr[j + 1]]], key=str.lower)
        h = host[j]
        where = f"host {names.get(h, h)}" if h else "no host recorded"
        cid = sel.collaboration_ids[j]
        agreement[j] = (f"{names.get(cid, cid)} ({where}; {_plural(len(members), 'member')}: "
                        f"{_listed(members, _MEMBERS_LISTED)})")

    no_xy = (np.isnan(space.lat) | np.isnan(space.lon)).tolist()
    names_l = actor_names.tolist()
    pop = [None if np.isnan(p) else int(p) for p in space.pop]
    n_in = space.per_sector[b_idx, sec].tolist()
    sector_names = [space.sectors[k] for k in sec.tolist()]
    out = []
    for i, (a, b, n_shared, d, j) in enumerate(zip(
            a_idx.tolist(), b_idx.tolist(), shared.tolist(), dist.tolist(), join.tolist())):
        name = names_l[b]
        if n_shared > 0:
            mine = listed[starts[i]: starts[i + 1]]
            parts = [(f"shares {_plural(n_shared, 'agreement')} with {name} "
                      f"({_listed(mine, _LISTED)})")]
        else:
            parts = [f"no shared agreement yet with {name}"]
        if math.isnan(d):
            lacking = " and ".join(names_l[x] for x in (a, b) if no_xy[x])
            parts.append(f"distance unknown (no coordinates for {lacking})")
        else:
            parts.append(f"{d:,.0f} km away")
        pa, pb = pop[a], pop[b]
        if pa is not None and pb is not None:
            ratio = min(pa, pb) / max(pa, pb) if max(pa, pb) > 0 else 1.0
            label = "similar size" if ratio >= 0.5 else "different size"
            parts.append(f"{label} ({pa:,} vs {pb:,})")
        if n_in[i] > 1:
            parts.append(f"{name} has {_plural(n_in[i], sector_names[i] + ' agreement')}")
        parts.append(f"could join {agreement[j]}")
        out.append("; ".join(parts))
    return pd.Series(out, dtype=object)
