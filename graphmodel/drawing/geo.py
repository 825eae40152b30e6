"""Municipality outlines shipped with the package, the map projection and line simplification.

The outlines (Norway, Sweden) are a package asset made by ``scripts/make_outlines.py`` from
the shared reference polygons; see ``graphmodel/assets/outlines/README.md`` for their
sources and licences. Coordinates are kept as integers in a projected plane (one unit =
:data:`UNIT_M` metres), so that neighbouring municipalities share their border points
exactly and a union of territories can be found by counting edges.

The projection is a spherical Lambert azimuthal equal-area projection centred on 63°N 15°E
(the middle of Norway and Sweden): areas are true, which a choropleth needs (a big
northern municipality is not inflated as on Web Mercator), and shapes are close to the
national maps of both countries across the whole peninsula.
"""

from __future__ import annotations

import gzip
import itertools
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = [
    "ASSET",
    "LAT0",
    "LON0",
    "UNIT_M",
    "Outline",
    "find_outline",
    "outlines",
    "project",
    "ring_area",
    "simplify",
    "to_units",
    "union_boundary",
    "unproject",
]

#: The asset file inside ``graphmodel/assets/outlines/``.
ASSET = "municipalities.json.gz"
#: Projection centre (degrees).
LAT0, LON0 = 63.0, 15.0
#: Metres per unit of the stored integer coordinates.
UNIT_M = 50.0
_R = 6_371_008.8  # mean Earth radius (m)


def project(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Lambert azimuthal equal-area (sphere) centred on 63°N 15°E: metres east and north.

    Parameters
    ----------
    lon, lat : float or array-like
        Degrees.

    Returns
    -------
    x, y : numpy arrays
        Metres from the centre (``y`` grows northwards).

    Examples
    --------
    >>> x, y = project([15.0, 10.75], [63.0, 59.91])  # the centre, and Oslo
    >>> [round(float(v)) for v in (x[0], y[0])]
    [0, 0]
    >>> round(float(x[1]) / 1000), round(float(y[1]) / 1000)  # km west and south
    (-237, -336)
    >>> project(-165.0, -63.0)  # the antipode has no place
    (array(nan), array(nan))
    """
    lam = np.radians(np.asarray(lon, dtype=float) - LON0)
    phi = np.radians(np.asarray(lat, dtype=float))
    phi0 = np.radians(LAT0)
    cos_c = np.sin(phi0) * np.sin(phi) + np.cos(phi0) * np.cos(phi) * np.cos(lam)
    # The antipode (63° S 165° W) has no place: NaN there, and for latitudes beyond ±90°
    # (clamping 1 + cos c at a tiny value put such points in the middle of the map).
    ok = (1.0 + cos_c > 1e-9) & (np.abs(phi) <= np.pi / 2)
    k = np.sqrt(2.0 / np.where(ok, 1.0 + cos_c, 1.0))
    x = np.where(ok, _R * k * np.cos(phi) * np.sin(lam), np.nan)
    y = np.where(ok, _R * k * (np.cos(phi0) * np.sin(phi)
                               - np.sin(phi0) * np.cos(phi) * np.cos(lam)), np.nan)
    return x, y


def unproject(x, y) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of :func:`project`: metres east and north of the centre -> lon, lat.

    >>> lon, lat = unproject(*project([10.75, 24.0], [59.91, 68.5]))
    >>> [round(float(v), 9) for v in (*lon, *lat)]
    [10.75, 24.0, 59.91, 68.5]
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    phi0, lam0 = np.radians(LAT0), np.radians(LON0)
    rho = np.hypot(x, y)
    c = 2.0 * np.arcsin(np.clip(rho / (2.0 * _R), -1.0, 1.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(rho > 0, y * np.sin(c) * np.cos(phi0) / np.where(rho > 0, rho, 1), 0.0)
    phi = np.arcsin(np.clip(np.cos(c) * np.sin(phi0) + ratio, -1.0, 1.0))
    lam = lam0 + np.arctan2(x * np.sin(c),
                            rho * np.cos(phi0) * np.cos(c) - y * np.sin(phi0) * np.sin(c))
    return np.degrees(lam), np.degrees(phi)


def to_units(lon, lat) -> np.ndarray:
    """Projected integer coordinates (``UNIT_M`` metres), shape ``(n, 2)``, as the outlines.

    >>> to_units([15.0], [63.0]).tolist()
    [[0, 0]]
    """
    x, y = project(lon, lat)
    return np.column_stack([np.rint(np.atleast_1d(x) / UNIT_M),
                            np.rint(np.atleast_1d(y) / UNIT_M)]).astype(np.int64)


def simplify(points, tolerance: float) -> np.ndarray:
    """Douglas–Peucker: keep the points of a polyline that lie farther than ``tolerance``.

    The first and last points are always kept (a closed ring, first point = last, keeps
    its first point and the point farthest from it). Distances are to the segment, not
    the infinite line, so a spike is never lost.

    Parameters
    ----------
    points : array-like, shape (n, 2)
    tolerance : float
        In the units of ``points``.

    Returns
    -------
    numpy.ndarray
        The kept points, in order (a copy).

    References
    ----------
    Douglas & Peucker (1973), Algorithms for the reduction of the number of points
    required to represent a digitized line or its caricature.

    Examples
    --------
    >>> simplify([[0, 0], [1, 0.1], [2, -0.1], [3, 5], [4, 6], [5, 7]], 0.5).tolist()
    [[0.0, 0.0], [2.0, -0.1], [3.0, 5.0], [5.0, 7.0]]
    """
    pts = np.asarray(points, dtype=float)
    n = len(pts)
    if n <= 2:
        return pts.copy()
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b, seg = pts[i], pts[j], pts[i + 1:j]
        d = b - a
        length2 = float(d @ d)
        if length2 == 0.0:
            dist = np.hypot(*(seg - a).T)
        else:
            t = np.clip(((seg - a) @ d) / length2, 0.0, 1.0)
            dist = np.hypot(*(seg - (a + t[:, None] * d)).T)
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[i + 1 + k] = True
            stack.append((i, i + 1 + k))
            stack.append((i + 1 + k, j))
    return pts[keep]


def ring_area(ring) -> float:
    """Signed area of a closed ring (shoelace): positive when counter-clockwise.

    >>> ring_area([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]])
    2.0
    """
    r = np.asarray(ring, dtype=float)
    x, y = r[:, 0], r[:, 1]
    return float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1])) / 2.0


@dataclass(frozen=True, eq=False)
class Outline:
    """One municipality: ``polygons`` is a tuple of polygons, each a tuple of closed rings
    (integer arrays ``(n, 2)`` in units of :data:`UNIT_M` metres, first point repeated at
    the end); the first ring of a polygon is its outer edge (counter-clockwise), the
    others its holes (clockwise)."""

    country: str
    code: str
    name: str
    polygons: tuple

    @property
    def bbox(self) -> tuple[int, int, int, int]:
        """``(xmin, ymin, xmax, ymax)`` in units."""
        allpts = np.concatenate([p[0] for p in self.polygons])
        lo, hi = allpts.min(axis=0), allpts.max(axis=0)
        return int(lo[0]), int(lo[1]), int(hi[0]), int(hi[1])

    @property
    def label_point(self) -> tuple[float, float]:
        """A point for a label or a link: the area-weighted centre of the largest polygon,
        moved to the polygon's nearest vertex when it falls outside (a crescent)."""
        outer = max((p[0] for p in self.polygons), key=lambda r: abs(ring_area(r)))
        r = outer.astype(float)
        x, y = r[:-1, 0], r[:-1, 1]
        x1, y1 = r[1:, 0], r[1:, 1]
        cross = x * y1 - x1 * y
        a = cross.sum() / 2.0
        if a == 0:
            return float(x.mean()), float(y.mean())
        cx = float(((x + x1) * cross).sum() / (6 * a))
        cy = float(((y + y1) * cross).sum() / (6 * a))
        if not _inside(cx, cy, r):
            k = int(np.argmin(np.hypot(x - cx, y - cy)))
            return float(x[k]), float(y[k])
        return cx, cy


def _inside(px: float, py: float, ring: np.ndarray) -> bool:
    x, y = ring[:, 0], ring[:, 1]
    x0, y0, x1, y1 = x[:-1], y[:-1], x[1:], y[1:]
    crosses = (y0 > py) != (y1 > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xs = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
    return bool(np.count_nonzero(crosses & (px < xs)) % 2)


def _decode_ring(flat: list) -> np.ndarray:
    a = np.asarray(flat, dtype=np.int64).reshape(-1, 2)
    return np.cumsum(a, axis=0)


@lru_cache(maxsize=1)
def _load() -> dict[tuple[str, str], Outline]:
    raw = resources.files("graphmodel").joinpath("assets", "outlines", ASSET).read_bytes()
    data = json.loads(gzip.decompress(raw))
    if data.get("format") != "graphmodel-outlines" or data.get("unit_m") != UNIT_M:
        raise RuntimeError(f"{ASSET} is not an outlines file of this version: regenerate it "
                           "with scripts/make_outlines.py")
    out = {}
    for country, table in data["countries"].items():
        for code, rec in table.items():
            polys = []
            for poly in rec["polygons"]:
                rings = []
                for flat in poly:
                    ring = _decode_ring(flat)
                    ring.flags.writeable = False
                    rings.append(ring)
                polys.append(tuple(rings))
            out[(country, code)] = Outline(country, code, rec["name"], tuple(polys))
    return out


def outlines(country: str | None = None) -> dict[tuple[str, str], Outline]:
    """The shipped municipality outlines, keyed by ``(country, code)`` (codes as text with
    their leading zeros: ``("SE", "0114")``). ``country`` (``"NO"``, ``"SE"``) keeps one.

    >>> o = outlines()
    >>> o[("NO", "0301")].name, o[("SE", "0114")].name
    ('Oslo', 'Upplands Väsby')
    >>> len(outlines("NO")) > 300
    True
    """
    table = _load()
    if country is None:
        return dict(table)
    return {k: v for k, v in table.items() if k[0] == country}


def find_outline(country: str, code: str) -> Outline | None:
    """The outline of municipality ``code`` in ``country``; when ``country`` is empty, the
    one country that has the code. ``None`` when there is none.

    >>> find_outline("SE", "0114").name
    'Upplands Väsby'
    >>> find_outline("NO", "9999") is None
    True
    """
    code = str(code).strip()
    if not code:
        return None
    table = _load()
    country = str(country or "").strip().upper()
    if country:
        return table.get((country, code))
    hits = [v for (c, k), v in table.items() if k == code]
    return hits[0] if len(hits) == 1 else None


def union_boundary(shapes) -> list[np.ndarray]:
    """The outer edge of a set of outlines: every ring edge that is not shared by two of
    them, chained into polylines. Neighbours share their border points exactly (the
    asset is simplified along shared borders once), so this is the territory's outline.

    Parameters
    ----------
    shapes : iterable of Outline

    Returns
    -------
    list of numpy.ndarray
        Polylines ``(n, 2)`` in units (closed ones repeat their first point).

    Examples
    --------
    >>> sq = lambda x: np.array([[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]])
    >>> a, b = Outline("NO", "1", "A", ((sq(0),),)), Outline("NO", "2", "B", ((sq(1),),))
    >>> [len(p) for p in union_boundary([a, b])]  # one ring of the 2 × 1 rectangle
    [7]
    """
    count: dict[tuple, int] = {}
    directed: list[tuple] = []
    for shape in shapes:
        for poly in shape.polygons:
            for ring in poly:
                pts = [tuple(p) for p in ring.tolist()]
                for p, q in itertools.pairwise(pts):
                    if p == q:
                        continue
                    key = (p, q) if p < q else (q, p)
                    count[key] = count.get(key, 0) + 1
                    directed.append((p, q))
    nxt: dict[tuple, list] = {}
    for p, q in directed:
        if count[(p, q) if p < q else (q, p)] == 1:
            nxt.setdefault(p, []).append(q)
    lines = []
    while nxt:
        start = next(iter(nxt))
        line = [start]
        cur = start
        while cur in nxt:
            q = nxt[cur].pop()
            if not nxt[cur]:
                del nxt[cur]
            line.append(q)
            cur = q
            if cur == start:
                break
        lines.append(np.asarray(line, dtype=np.int64))
    return lines
