"""Seeded synthetic datasets, from a Norwegian region to three times France, for tests and benchmarks."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..errors import SpecError
from .model import Model
from .schema import SECTORS

__all__ = ["synthesize"]

#: mean number of municipalities per council (regions of about 5–40 neighbours)
COUNCIL_SIZE = 15
#: a council smaller than this is dissolved into its neighbours
MIN_COUNCIL = 5
#: a council larger than this is split in two (as long as the count allows)
MAX_COUNCIL = 40
#: share of municipalities that sit in a second council (Stjørdal and Malvik)
DUAL_SHARE = 0.01
#: share of the non-council collaborations that are networks (the rest are services)
NETWORK_SHARE = 0.25
#: the largest service or network, in municipalities
MAX_SIZE = 400
#: km per degree of latitude
KM_PER_DEGREE = 111.2
#: centre of the synthetic country (degrees)
CENTRE = (50.0, 10.0)

_SECTOR_WEIGHTS = {
    "general": 3, "health": 12, "emergency": 6, "child_welfare": 8, "education": 6, "ppt": 5,
    "culture": 4, "outdoor_recreation": 3, "planning_business": 6, "environment": 4,
    "waste": 8, "water": 8, "roads_transport": 4, "ict": 7, "archive": 3, "finance": 3,
    "tax": 3, "hr": 2, "legal": 2, "procurement": 4, "fire": 6, "traffic_safety": 2,
}
_SERVICE_FORMS = ("vertskommune", "IKS", "kommunalt oppgavefellesskap", "avtale", "AS",
                  "kommunalförbund", "gemensam nämnd")
_SERVICE_FORM_WEIGHTS = (0.30, 0.20, 0.10, 0.25, 0.05, 0.06, 0.04)
_HOSTED_FORMS = ("vertskommune", "gemensam nämnd")
_NETWORK_FORMS = ("informal", "avtale", "kommunalt oppgavefellesskap")
_COUNCIL_FORMS = ("interkommunalt politisk råd", "informal", "kommunalförbund")

_HEADS = np.array([
    "Berg", "Dal", "Fjell", "Vik", "Lund", "Holm", "Sand", "Strand", "Ås", "Nes", "Øy",
    "Bø", "Li", "Mo", "Rød", "Skog", "Sjø", "Elv", "Hag", "Lyng", "Myr", "Stein", "Tor",
    "Vin", "Kval", "Ørn", "Hjort", "Rav", "Ek", "Al", "Bjørk", "Gran", "Furu", "Lind",
    "Åker", "Eng", "Hov", "Sol", "Nord", "Sør", "Øst", "Vest", "Stor", "Lille",
])
_TAILS = np.array([
    "berg", "dal", "fjord", "vik", "by", "stad", "heim", "land", "nes", "sund", "holm",
    "ås", "rud", "set", "vang", "øy", "å", "køping", "torp", "hult", "bo", "fors", "mark",
    "ved", "strand", "lia", "haug", "bakken", "myra", "åsen",
])


def _names(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` place-like names (Bergvik, Ørnstad, …); duplicates are allowed, as in life."""
    heads = _HEADS[rng.integers(0, len(_HEADS), n)]
    tails = _TAILS[rng.integers(0, len(_TAILS), n)]
    return np.char.add(heads, tails).astype(object)


def _ids(prefix: str, n: int) -> np.ndarray:
    width = max(4, len(str(n)))
    return np.array([f"{prefix}{i:0{width}d}" for i in range(1, n + 1)], dtype=object)


def _place(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (km, planar) in clustered regions, and the region of each municipality."""
    n_regions = int(np.clip(round(np.sqrt(n) / 1.8), 1, 999))
    side = 200.0 + 4.5 * np.sqrt(n)  # Norway-sized: ~285 km, France-sized: ~1,040 km
    centres = rng.uniform(0.0, side, size=(n_regions, 2))
    weights = rng.gamma(2.0, 1.0, n_regions)
    region = rng.choice(n_regions, size=n, p=weights / weights.sum())
    region = np.unique(np.sort(region), return_inverse=True)[1]  # no empty region; numbers
    # run region by region, as official municipality codes do
    spread = 0.35 * side / np.sqrt(n_regions) * rng.uniform(0.6, 1.4, n_regions)
    xy = centres[region] + rng.normal(size=(n, 2)) * spread[region, None]
    return xy, region


def _councils(xy: np.ndarray, rng: np.random.Generator, n_councils: int):
    """Every municipality in exactly one council: Voronoi cells around random seed towns.

    Cells with fewer than ``MIN_COUNCIL`` members are dissolved into their neighbours
    (while more than one council is left). Returns the council of each municipality,
    the seed town of each council and the second-nearest council of each municipality
    with the distance ratio (near 1 on a border).
    """
    n = len(xy)
    seeds = np.sort(rng.choice(n, size=n_councils, replace=False))
    for step in range(20):
        tree = cKDTree(xy[seeds])
        k = min(2, len(seeds))
        dist, idx = tree.query(xy, k=k)
        if k == 1:
            dist, idx = dist[:, None], idx[:, None]
        sizes = np.bincount(idx[:, 0], minlength=len(seeds))
        small = sizes < min(MIN_COUNCIL, n)
        big = sizes > MAX_COUNCIL
        if step == 19 or len(seeds) == 1 or not (small.any() or big.any()):
            break
        # dissolve the smallest half of the small cells, never all of them...
        keep = np.ones(len(seeds), dtype=bool)
        if small.any():
            keep[np.argsort(sizes, kind="stable")[: max(1, int(small.sum() + 1) // 2)]] = False
            keep[np.argmax(sizes)] = True
        # ...and split each big cell by a second seed at the member farthest from its seed
        if big.any() and len(seeds) < n_councils * 1.5:
            far = np.zeros(len(seeds), dtype=np.int64)
            d = np.full(len(seeds), -1.0)
            np.maximum.at(d, idx[:, 0], dist[:, 0])
            hit = np.flatnonzero(dist[:, 0] == d[idx[:, 0]])
            far[idx[hit, 0]] = hit
            seeds = np.union1d(seeds[keep], far[big & keep])
        else:
            seeds = seeds[keep]
    council = idx[:, 0]
    if idx.shape[1] > 1:
        second, ratio = idx[:, 1], dist[:, 0] / np.maximum(dist[:, 1], 1e-9)
    else:
        second, ratio = idx[:, 0], np.zeros(n)
    return council, seeds, second, ratio


def _sizes(rng: np.random.Generator, m: int, n: int) -> np.ndarray:
    """Member counts: mostly 2–8, some 9–40, a heavy tail up to a few hundred."""
    u = rng.random(m)
    small = 2 + np.minimum(rng.geometric(0.33, m) - 1, 6)  # 2..8, most often 2–4
    medium = rng.integers(9, 41, m)
    cap = max(41, min(MAX_SIZE, n // 4))  # no "national" agreements in a small country
    large = np.minimum(40 + (rng.pareto(1.2, m) * 60).astype(np.int64), cap)
    sizes = np.where(u < 0.76, small, np.where(u < 0.915, medium, large))
    return np.minimum(sizes, max(2, n))


def _frame(columns: dict) -> pd.DataFrame:
    """A frame whose text columns stay ``object`` (no round trip through pandas' str dtype)."""
    out = {}
    for key, value in columns.items():
        if isinstance(value, str):
            value = np.full(len(next(iter(columns.values()))), value, dtype=object)
        if isinstance(value, np.ndarray) and value.dtype == object:
            value = pd.Series(value, dtype=object, copy=False)
        out[key] = value
    return pd.DataFrame(out)


def _dates(rng: np.random.Generator, years_lo: int, years_hi: int, m: int) -> np.ndarray:
    """``m`` random days between 1 January ``years_lo`` and 31 December ``years_hi``."""
    lo = np.datetime64(f"{years_lo}-01-01")
    span = (np.datetime64(f"{years_hi}-12-31") - lo).astype(np.int64)
    return lo + rng.integers(0, span + 1, m).astype("timedelta64[D]")


def synthesize(
    n_municipalities: int,
    n_collaborations: int,
    *,
    seed: int = 0,
    country: str = "XX",
) -> Model:
    """A realistic synthetic dataset: municipalities, councils, networks and services.

    Municipalities lie in clustered regions (counties) with heavy-tailed populations (a few
    very large towns). Every municipality is in exactly one ``council`` (a region of about
    5–40 neighbours), about one in a hundred on a border sits in a second council (as
    Stjørdal and Malvik sit in both Værnesregionen and Trondheimsregionen). The other
    collaborations are ``service`` agreements (three in four) and ``network`` s over
    *neighbouring* municipalities: mostly 2–8 members, some 9–40, a few up to a few hundred;
    a third are drawn inside one council (some the whole council), the rest around a town.
    Each has a sector from :data:`graphmodel.data.schema.SECTORS` and a legal form; about 5 % are
    ``planned`` and 8 % ``ended`` (with dates), host-municipality services name a ``host``
    that is a member with role ``host``. Each region also has a ``county`` actor that sits in
    its councils as an ``observer`` (drawn, never counted).

    The same arguments always give the same data (byte-identical
    :func:`graphmodel.data.model.to_csv_bytes`), and the data passes every rule of the loader
    without a warning. A France-sized set (35,000 municipalities, 10,000 collaborations,
    about 150,000 memberships) takes a few seconds.

    Parameters
    ----------
    n_municipalities : int
        Number of municipalities, at least 2 (the actors also hold one county per region).
    n_collaborations : int
        Number of collaborations of every kind, at least 1. Councils come first (about one
        per 15 municipalities, fewer when ``n_collaborations`` is small); the rest are
        networks and services.
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    country : str
        Country code written in ``actors.country`` and used (lower case) as id prefix.

    Returns
    -------
    Model
        Ids are ``xx-m00001`` (municipalities), ``xx-f0001`` (counties), ``xx-r0001``
        (councils), ``xx-n0001`` (networks) and ``xx-s00001`` (services).

    Raises
    ------
    SpecError
        When a count is too small or ``country`` is empty.

    Examples
    --------
    >>> m = synthesize(40, 12, seed=1)
    >>> m
    <Model 'synthetic-40x12-seed1': 44 actors, 12 collaborations, 141 memberships>
    >>> sorted(m.collaborations["kind"].unique())
    ['council', 'network', 'service']
    >>> councils = m.collaborations.loc[m.collaborations["kind"] == "council", "id"]
    >>> in_council = m.memberships[m.memberships["collaboration"].isin(councils)
    ...                            & (m.memberships["role"] != "observer")]
    >>> municipalities = m.actors.loc[m.actors["kind"] == "municipality", "id"]
    >>> bool(municipalities.isin(in_council["actor"]).all())
    True

    References
    ----------
    Sizes follow shared/DESIGN.md, "Scale" (France: ≈ 35,000 communes, ≈ 10,000 groupings,
    ≈ 150,000 memberships).
    """
    for name, value, least in (("n_municipalities", n_municipalities, 2),
                               ("n_collaborations", n_collaborations, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
            raise SpecError(f"{name} must be a whole number of at least {least}, not {value!r}")
    country = str(country).strip()
    if not country:
        raise SpecError("country must be a non-empty code such as 'NO' or 'XX'")
    n, n_collab = int(n_municipalities), int(n_collaborations)
    rng = np.random.default_rng(seed)
    prefix = country.lower() + "-"
    source = f"synthetic (graphmodel.data.synth, seed={seed})"

    # --- municipalities and counties ------------------------------------------------
    xy, region = _place(rng, n)
    n_regions = int(region.max()) + 1
    lat0, lon0 = CENTRE
    lat = np.clip(lat0 + (xy[:, 1] - xy[:, 1].mean()) / KM_PER_DEGREE, -89.0, 89.0)
    lon = lon0 + (xy[:, 0] - xy[:, 0].mean()) / (KM_PER_DEGREE * np.cos(np.radians(lat)))
    lon = (lon + 180.0) % 360.0 - 180.0
    population = np.minimum(
        (rng.lognormal(8.3, 1.0, n) * (1.0 + rng.pareto(1.5, n) * (rng.random(n) < 0.02)))
        .astype(np.int64) + 50,
        3_000_000,
    )
    muni_ids = _ids(prefix + "m", n)
    county_ids = _ids(prefix + "f", n_regions)
    region_names = np.array([f"Region {r + 1:02d}" for r in range(n_regions)], dtype=object)
    width = max(4, len(str(n)))
    actors = _frame({
        "id": np.concatenate([muni_ids, county_ids]),
        "name": np.concatenate([_names(rng, n), np.char.add("County ", region_names.astype(str))
                                .astype(object)]),
        "kind": np.array(["municipality"] * n + ["county"] * n_regions, dtype=object),
        "country": country,
        "region": np.concatenate([region_names[region], region_names]),
        "code": np.concatenate([np.array([f"{i:0{width}d}" for i in range(1, n + 1)],
                                         dtype=object), np.full(n_regions, "", dtype=object)]),
        "population": pd.arrays.IntegerArray(
            np.concatenate([population, np.zeros(n_regions, dtype=np.int64)]),
            np.concatenate([np.zeros(n, dtype=bool), np.ones(n_regions, dtype=bool)])),
        "lat": np.concatenate([lat, np.full(n_regions, np.nan)]),
        "lon": np.concatenate([lon, np.full(n_regions, np.nan)]),
        "source": source,
    })

    # --- councils -----------------------------------------------------------------
    n_councils = int(max(1, min(round(n / COUNCIL_SIZE), n_collab)))
    council, seeds, second, ratio = _councils(xy, rng, n_councils)
    n_councils = len(seeds)
    council_ids = _ids(prefix + "r", n_councils)
    rows_a = [np.arange(n)]
    rows_c = [council_ids[council]]
    rows_role = [np.full(n, "member", dtype=object)]
    border = np.flatnonzero((ratio > 0.85) & (second != council))
    n_dual = min(len(border), max(1, round(DUAL_SHARE * n))) if n_councils > 1 else 0
    dual = np.sort(rng.choice(border, size=n_dual, replace=False)) if n_dual else border[:0]
    rows_a.append(dual)
    rows_c.append(council_ids[second[dual]])
    rows_role.append(np.full(len(dual), "member", dtype=object))
    by_council = np.argsort(council, kind="stable")
    members_of = np.split(by_council, np.cumsum(np.bincount(council, minlength=n_councils))[:-1])
    # each council is observed by the county where most of its members lie, and each
    # county observes at least the council of its first municipality
    pairs, counts = np.unique(council * n_regions + region, return_counts=True)
    order = np.lexsort((-counts, pairs // n_regions))
    pairs = pairs[order]
    first = np.r_[True, pairs[1:] // n_regions != pairs[:-1] // n_regions]
    obs = pairs[first]
    covered = np.zeros(n_regions, dtype=bool)
    covered[obs % n_regions] = True
    lonely = np.flatnonzero(~covered)
    first_town = np.searchsorted(region, lonely)  # municipalities run region by region
    obs = np.concatenate([obs, council[first_town] * n_regions + lonely])
    rows_a.append(n + obs % n_regions)
    rows_c.append(council_ids[obs // n_regions])
    rows_role.append(np.full(len(obs), "observer", dtype=object))
    council_names = np.char.add(_names(rng, n_councils).astype(str), "regionen").astype(object)

    # --- networks and services ----------------------------------------------------
    m = n_collab - n_councils
    sizes = _sizes(rng, m, n)
    is_network = rng.random(m) < NETWORK_SHARE
    w = np.sqrt(population.astype(float))
    anchors = rng.choice(n, size=m, p=w / w.sum())  # larger towns anchor more agreements
    inside = rng.random(m) < 1 / 3  # drawn inside the anchor's council
    whole = inside & (rng.random(m) < 0.2)  # ...and of those, a fifth is the whole council
    bias = rng.random(m)  # how strictly the nearest neighbours are taken
    tree = cKDTree(xy)
    k_small = min(n, 13)
    _, near_small = tree.query(xy[anchors], k=k_small)
    near_small = np.asarray(near_small).reshape(m, k_small)
    collab_members = []
    for j in range(m):
        a, s = anchors[j], int(sizes[j])
        if inside[j]:
            pool = members_of[council[a]]
            if whole[j] or s >= len(pool):
                chosen = pool
            else:
                others = pool[pool != a]
                chosen = np.append(rng.choice(others, size=s - 1, replace=False), a)
        else:
            if 2 * s <= k_small:
                pool = near_small[j]
            else:
                pool = np.asarray(tree.query(xy[a], k=min(n, 2 * s))[1])
            pool = pool[pool != a]
            # prefer nearer neighbours, with some slack (agreements are not perfect discs)
            keys = np.arange(len(pool)) + rng.random(len(pool)) * len(pool) * bias[j]
            chosen = np.append(pool[np.argsort(keys, kind="stable")[: s - 1]], a)
        collab_members.append(np.sort(chosen))
    sizes = np.array([len(c) for c in collab_members], dtype=np.int64)

    kind = np.where(is_network, "network", "service").astype(object)
    net_ids = _ids(prefix + "n", int(is_network.sum()))
    svc_ids = _ids(prefix + "s", int((~is_network).sum()))
    other_ids = np.empty(m, dtype=object)
    other_ids[is_network] = net_ids
    other_ids[~is_network] = svc_ids
    sector_names = np.array(SECTORS, dtype=object)
    p_sector = np.array([_SECTOR_WEIGHTS[s] for s in SECTORS], dtype=float)
    sector = rng.choice(sector_names, size=m, p=p_sector / p_sector.sum())
    service_form = rng.choice(np.array(_SERVICE_FORMS, dtype=object), size=m,
                              p=_SERVICE_FORM_WEIGHTS)
    network_form = rng.choice(np.array(_NETWORK_FORMS, dtype=object), size=m)
    legal_form = np.where(is_network, network_form, service_form)
    parent = np.where(inside & (rng.random(m) < 0.5), council_ids[council[anchors]], "")
    hosted = ~is_network & np.isin(legal_form, _HOSTED_FORMS)
    host_idx = np.array([c[np.argmax(population[c])] for c in collab_members] or [], dtype=int)
    host = np.where(hosted, muni_ids[host_idx] if m else "", "")
    sector_label = np.array([s.replace("_", " ") for s in sector], dtype=object)
    other_names = np.char.add(np.char.add(_names(rng, m).astype(str), " "),
                              sector_label.astype(str)).astype(object)
    for j, a in enumerate(collab_members):
        rows_a.append(a)
        rows_c.append(np.full(len(a), other_ids[j], dtype=object))
        role = np.full(len(a), "member", dtype=object)
        if hosted[j]:
            role[a == host_idx[j]] = "host"
        rows_role.append(role)

    # --- status and dates ---------------------------------------------------------
    n_all = n_councils + m
    u = rng.random(n_all)
    status = np.where(u < 0.05, "planned", np.where(u < 0.13, "ended", "active")).astype(object)
    status[:n_councils] = "active"
    start = np.full(n_all, np.datetime64("NaT"), dtype="datetime64[D]")
    end = start.copy()
    dated = (rng.random(n_all) < 0.6) | (status != "active")
    start[dated] = _dates(rng, 1990, 2024, n_all)[dated]
    planned = status == "planned"
    start[planned] = _dates(rng, 2027, 2028, n_all)[planned]
    ended = status == "ended"
    start[ended] = _dates(rng, 1985, 2010, n_all)[ended]
    end[ended] = _dates(rng, 2011, 2024, n_all)[ended]
    collaborations = _frame({
        "id": np.concatenate([council_ids, other_ids]),
        "name": np.concatenate([council_names, other_names]),
        "kind": np.concatenate([np.full(n_councils, "council", dtype=object), kind]),
        "sector": np.concatenate([np.full(n_councils, "general", dtype=object), sector]),
        "legal_form": np.concatenate([rng.choice(np.array(_COUNCIL_FORMS, dtype=object),
                                                 size=n_councils), legal_form]),
        "parent": np.concatenate([np.full(n_councils, "", dtype=object), parent]),
        "host": np.concatenate([np.full(n_councils, "", dtype=object), host]),
        "status": status,
        "start": start,
        "end": end,
        "source": source,
    })

    # --- memberships ----------------------------------------------------------------
    actor_all = actors["id"].to_numpy()
    member_idx = np.concatenate(rows_a)
    memberships = _frame({
        "actor": actor_all[member_idx],
        "collaboration": np.concatenate(rows_c),
        "role": np.concatenate(rows_role),
    })
    # some members joined an active, dated collaboration later than it started
    collab_start = pd.Series(start, index=collaborations["id"].to_numpy())
    c_start = collab_start.reindex(memberships["collaboration"]).to_numpy()
    joined = (rng.random(len(memberships)) < 0.03) & ~np.isnat(c_start)
    joined &= memberships["collaboration"].map(
        dict(zip(collaborations["id"], collaborations["status"]))).eq("active").to_numpy()
    later = c_start + rng.integers(30, 3000, len(memberships)).astype("timedelta64[D]")
    later = np.minimum(later, np.datetime64("2025-12-31"))
    m_start = np.full(len(memberships), np.datetime64("NaT"), dtype="datetime64[D]")
    m_start[joined] = later[joined]
    memberships["start"] = m_start
    memberships["source"] = pd.Series(np.full(len(memberships), source, dtype=object))
    memberships = memberships.sort_values(["collaboration", "actor"], kind="stable")

    return Model.from_frames(actors, collaborations, memberships,
                             name=f"synthetic-{n}x{n_collab}-seed{seed}")
