"""Functional regions and NIVI's indicators: BA-region fit, county crossing, host concentration.

NIVI's reports on regional councils (2018:3 *Regionråd i Norge*) ask whether cooperation
follows the functional region (where people live and work: the *bo- og
arbeidsmarkedsregion*, BA-region, TØI 1713/2019), whether it crosses county lines, and who
the "motor" is. The figures here answer that per collaboration, per actor and per council,
over the same selection (filters and time rule) as every other table.

An actor's functional region is its own ``ba_region`` column when given, else looked up by
country and code (:func:`graphmodel.reference.ba_regions`); its county is its ``region``.
A member whose BA-region (or county) is unknown never makes a collaboration count as lying
inside one region.
"""

from __future__ import annotations

from typing import Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

# absolute imports: graphmodel.analysis is a namespace package until its door is made
from graphmodel.analysis.incidence import column_sums, council_selection, row_sums
from graphmodel.data.model import Model
from graphmodel.data.select import Filters, Selection, check_filters, select
from graphmodel.reference import ba_regions

__all__ = [
    "ACTOR_REGION_COLUMNS",
    "COLLABORATION_COLUMNS",
    "COUNCIL_REGION_COLUMNS",
    "actor_regions",
    "collaboration_metrics",
    "council_regions",
]

#: the columns the actors table gains (after its own), DESIGN.md "Command line"
ACTOR_REGION_COLUMNS = ["ba_region", "ba_share", "cross_county_share"]
#: the columns the councils table gains (after its own)
COUNCIL_REGION_COLUMNS = ["n_ba_regions", "ba_fit", "crosses_county", "host_concentration"]
#: the columns of the collaborations table
COLLABORATION_COLUMNS = [
    "id", "name", "sector", "host", "n_members", "inside_ba", "inside_council",
    "inside_county", "n_ba_regions", "n_counties",
]


# --------------------------------------------------------------------------- helpers


def _codes(labels: pd.Series) -> np.ndarray:
    """Integer codes of text labels, ``-1`` for ``""`` (unknown)."""
    codes, _ = pd.factorize(labels.to_numpy(dtype=object))
    codes = codes.astype(np.int64)
    codes[(labels.to_numpy(dtype=object) == "")] = -1
    return codes


def _labels(sel: Selection) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The kept actors' BA-region names, and BA-region and county codes (``-1``: unknown)."""
    actors = sel.actors
    ba = ba_regions(actors).reset_index(drop=True)
    county = actors["region"].astype(object).fillna("").astype(str).str.strip()
    return ba, _codes(ba), _codes(county.reset_index(drop=True))


def _distinct_known(groups: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group, the number of distinct known codes (``>= 0``) among its entries."""
    known = codes >= 0
    if not known.any():
        return np.zeros(n_groups, dtype=np.int64)
    width = int(codes.max()) + 1
    keys = np.unique(groups[known].astype(np.int64) * width + codes[known])
    return np.bincount(keys // width, minlength=n_groups).astype(np.int64)


def _largest_known(groups: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group, how many of its entries share its most frequent known code."""
    out = np.zeros(n_groups, dtype=np.int64)
    known = codes >= 0
    if known.any():
        width = int(codes.max()) + 1
        keys, counts = np.unique(groups[known].astype(np.int64) * width + codes[known],
                                 return_counts=True)
        np.maximum.at(out, keys // width, counts)
    return out


def _has_unknown(groups: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    return np.bincount(groups[codes < 0], minlength=n_groups) > 0


def _inside_one(n_distinct: np.ndarray, unknown: np.ndarray, size: np.ndarray) -> pd.array:
    """True: every member in one region; False: members in two or more; NA: cannot tell
    (no member, or some member's region unknown and the known ones in one region)."""
    out = pd.array(n_distinct == 1, dtype="boolean")
    out[(n_distinct <= 1) & (unknown | (size == 0))] = pd.NA
    return out


def _share(count: np.ndarray, total: np.ndarray, defined: np.ndarray) -> np.ndarray:
    out = np.full(len(total), np.nan)
    ok = defined & (total > 0)
    out[ok] = count[ok] / total[ok]
    return out


def _per_collaboration(sel: Selection, ba: np.ndarray, county: np.ndarray) -> dict:
    """Per kept collaboration: size, distinct BA-regions and counties, and inside flags."""
    B = sp.csc_matrix(sel.B)
    coo = B.tocoo()
    n = B.shape[1]
    size = column_sums(B)
    n_ba = _distinct_known(coo.col, ba[coo.row], n)
    n_county = _distinct_known(coo.col, county[coo.row], n)
    return {
        "size": size,
        "n_ba_regions": n_ba,
        "n_counties": n_county,
        "inside_ba": _inside_one(n_ba, _has_unknown(coo.col, ba[coo.row], n), size),
        "inside_county": _inside_one(n_county, _has_unknown(coo.col, county[coo.row], n), size),
    }


# --------------------------------------------------------------------------- tables


def collaboration_metrics(model: Model, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Each kept collaboration against the functional regions, councils and counties.

    - ``inside_ba``: every member in one BA-region; ``inside_county``: every member in
      one county (``region``). Empty (NA) when that cannot be told: no counted member, or
      a member whose BA-region (county) is unknown while the known ones share one;
    - ``inside_council``: every member inside the members of one regional council (False
      for a collaboration without members);
    - ``n_ba_regions``, ``n_counties``: the distinct known BA-regions and counties of its
      members.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`; councils as in
        :func:`graphmodel.council_metrics` (same date and actors, never the sector filter).

    Returns
    -------
    pandas.DataFrame
        ``id, name, sector, host, n_members, inside_ba, inside_council, inside_county,
        n_ba_regions, n_counties``: one row per kept collaboration, sorted by id.

    References
    ----------
    shared/DESIGN.md, "Functional regions and NIVI's indicators"; NIVI 2018:3
    *Regionråd i Norge*; TØI 1713/2019 (BA-regions).

    Examples
    --------
    Selbu and Malvik lie in the Trondheim BA-region, Tydal is a BA-region of its own:

    >>> from graphmodel import Model
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["selbu", "tydal", "malvik"], "name": ["Selbu", "Tydal", "Malvik"],
    ...                   "kind": "municipality", "country": "NO", "region": "Trøndelag",
    ...                   "code": ["5032", "5033", "5031"]}),
    ...     pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["selbu", "malvik", "selbu", "tydal"],
    ...                   "collaboration": ["s", "s", "t", "t"]}),
    ... )
    >>> collaboration_metrics(m)[["id", "inside_ba", "inside_county", "n_ba_regions"]]
      id  inside_ba  inside_county  n_ba_regions
    0  s       True           True             1
    1  t      False           True             2
    """
    filters = check_filters(filters)
    sel = select(model, **filters)
    councils = council_selection(model, **filters)
    _, ba, county = _labels(sel)
    per = _per_collaboration(sel, ba, county)
    size = per["size"]

    inter = (sp.csr_matrix(councils.B).T @ sel.B).tocoo()  # |m(R) ∩ m(c)|
    within = (inter.data == size[inter.col]) & (inter.data > 0)
    inside_council = np.zeros(len(size), dtype=bool)
    inside_council[inter.col[within]] = True

    collabs = sel.collaborations
    return pd.DataFrame({
        "id": sel.collaboration_ids,
        "name": collabs["name"].to_numpy(dtype=object),
        "sector": collabs["sector"].to_numpy(dtype=object),
        "host": collabs["host"].to_numpy(dtype=object),
        "n_members": size,
        "inside_ba": per["inside_ba"],
        "inside_council": inside_council,
        "inside_county": per["inside_county"],
        "n_ba_regions": per["n_ba_regions"],
        "n_counties": per["n_counties"],
    }, columns=COLLABORATION_COLUMNS)


def actor_regions(model: Model, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Each kept actor's functional region and how much of its cooperation stays in it.

    - ``ba_region``: its own ``ba_region`` when given, else looked up by country and code
      (``""`` when unknown: Swedish municipalities, actors without a code);
    - ``ba_share``: the share of ``S(a)`` lying wholly inside a's BA-region (a member of
      unknown BA-region makes a collaboration not count as inside); empty when a has no
      BA-region or no collaboration;
    - ``cross_county_share``: the share of ``S(a)`` with a member in another county;
      empty when a has no county (``region``) or no collaboration.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`.

    Returns
    -------
    pandas.DataFrame
        ``id, ba_region, ba_share, cross_county_share``: one row per kept actor, sorted by id.

    Examples
    --------
    >>> from graphmodel import Model
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["selbu", "tydal", "malvik"], "name": ["Selbu", "Tydal", "Malvik"],
    ...                   "kind": "municipality", "country": "NO", "region": "Trøndelag",
    ...                   "code": ["5032", "5033", "5031"]}),
    ...     pd.DataFrame({"id": ["s", "t"], "name": ["S", "T"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["selbu", "malvik", "selbu", "tydal"],
    ...                   "collaboration": ["s", "s", "t", "t"]}),
    ... )
    >>> actor_regions(m)
           id  ba_region  ba_share  cross_county_share
    0  malvik  Trondheim       1.0                 0.0
    1   selbu  Trondheim       0.5                 0.0
    2   tydal      Tydal       0.0                 0.0
    """
    sel = select(model, **check_filters(filters))
    names, ba, county = _labels(sel)
    per = _per_collaboration(sel, ba, county)
    B = sp.csr_matrix(sel.B)
    n_collab = row_sums(B)
    inside = per["inside_ba"].fillna(False).to_numpy(dtype=np.int64)
    crossing = (per["n_counties"] >= 2).astype(np.int64)  # a's own county is among them
    return pd.DataFrame({
        "id": pd.Series(sel.actor_ids, dtype=object),
        "ba_region": names.to_numpy(dtype=object),
        "ba_share": _share(B @ inside, n_collab, ba >= 0),
        "cross_county_share": _share(B @ crossing, n_collab, county >= 0),
    })


def council_regions(model: Model, **filters: Unpack[Filters]) -> pd.DataFrame:
    """Each regional council against the functional regions, the counties and its hosts.

    - ``n_ba_regions``: the distinct known BA-regions among its members;
    - ``ba_fit``: the largest share of its members in one BA-region (members of unknown
      BA-region count in the denominator); empty when no member has a known BA-region;
    - ``crosses_county``: members in more than one county;
    - ``host_concentration``: of the filtered collaborations with a member in the council
      (those of ``n_collaborations`` in :func:`graphmodel.council_metrics`), the share
      hosted by the busiest host, the "motor" as a figure; empty when none of them
      records a host.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        As for :func:`graphmodel.council_metrics`.

    Returns
    -------
    pandas.DataFrame
        ``id, n_ba_regions, ba_fit, crosses_county, host_concentration``: one row per kept
        council, sorted by id (the rows of :func:`graphmodel.council_metrics`).

    Examples
    --------
    >>> from graphmodel import Model
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["selbu", "tydal", "malvik"], "name": ["Selbu", "Tydal", "Malvik"],
    ...                   "kind": "municipality", "country": "NO", "region": "Trøndelag",
    ...                   "code": ["5032", "5033", "5031"]}),
    ...     pd.DataFrame({"id": ["r", "s", "t"], "name": ["R", "S", "T"],
    ...                   "kind": ["council", "service", "service"], "host": ["", "selbu", ""]}),
    ...     pd.DataFrame({"actor": ["selbu", "tydal", "malvik", "selbu", "malvik", "tydal"],
    ...                   "collaboration": ["r", "r", "r", "s", "s", "t"]}),
    ... )
    >>> council_regions(m).round(3).to_dict("records")
    [{'id': 'r', 'n_ba_regions': 2, 'ba_fit': 0.667, 'crosses_county': False, 'host_concentration': 0.5}]
    """
    filters = check_filters(filters)
    sel = select(model, **filters)
    councils = council_selection(model, **filters)
    _, ba, county = _labels(councils)
    Bc = sp.csc_matrix(councils.B)
    mem = Bc.tocoo()
    n = Bc.shape[1]
    n_members = column_sums(Bc)
    largest = _largest_known(mem.col, ba[mem.row], n)
    known_ba = np.bincount(mem.col[ba[mem.row] >= 0], minlength=n)

    inter = (Bc.T @ sel.B).tocoo()  # councils × collaborations: |m(R) ∩ m(c)|
    touch = inter.data > 0
    r, c = inter.row[touch], inter.col[touch]
    host = _codes(sel.collaborations["host"].astype(object).fillna("").astype(str).str.strip())
    n_touching = np.bincount(r, minlength=n)
    busiest = _largest_known(r, host[c], n)
    hosted_known = np.bincount(r[host[c] >= 0], minlength=n)
    return pd.DataFrame({
        "id": councils.collaboration_ids,
        "n_ba_regions": _distinct_known(mem.col, ba[mem.row], n),
        "ba_fit": _share(largest, n_members, known_ba > 0),
        "crosses_county": _distinct_known(mem.col, county[mem.row], n) >= 2,
        "host_concentration": _share(busiest, n_touching, hosted_known > 0),
    })
