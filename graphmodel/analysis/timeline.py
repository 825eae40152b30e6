"""The timeline: collaborations formed, ended and in force per year."""

from __future__ import annotations

from typing import Unpack

import numpy as np
import pandas as pd

from ..data.model import Model
from ..data.select import (
    Filters,
    as_tuple,
    check_filters,
    filters_keep_actors,
    in_force,
    parse_date,
    select,
)
from ..errors import SpecError

__all__ = ["TIMELINE_COLUMNS", "timeline"]

TIMELINE_COLUMNS = ["year", "formed", "ended", "active"]
#: the statuses a timeline counts: a ``planned`` collaboration was never formed
FORMED_STATUSES = ("active", "ended")


def timeline(model: Model, *, until: int | None = None,
             **filters: Unpack[Filters]) -> pd.DataFrame:
    """Collaborations formed, ended and in force, year by year (the ``timeline`` table).

    Over the collaborations kept by the ``kinds`` and ``sectors`` filters whose status is
    ``active`` or ``ended`` (a ``planned`` one was never formed), one row per year from
    the earliest ``start`` to the latest ``start`` or ``end``:

    - ``formed``: those whose ``start`` falls in that year;
    - ``ended``: those whose ``end`` falls in that year (whatever their status says);
    - ``active``: those in force on 31 December of that year by the one time rule
      (:func:`graphmodel.data.select.in_force`): an ``ended`` one counts inside its dates, an
      undated ``active`` one every year, an undated ``ended`` one never.

    The actor filters (``countries``, ``regions``, ``members_of``, ``actor_kinds``; none by
    default here) keep the collaborations with at least one counted member (not an
    observer, at any date) among the actors they keep
    (:meth:`graphmodel.data.select.Selection.with_members`). ``status`` narrows the two statuses counted
    (``status=("active",)`` leaves out those recorded as ended). A timeline spans every
    year, so it takes no ``as_of``. Where an end comes before every start (an undated
    start), the rows begin at that end, so that no formed or ended collaboration is left
    out.

    Parameters
    ----------
    model : Model
    until : int, optional
        Run the rows on to this year (nothing formed or ended, ``active`` as in the last
        year with an event): a timeline read today ends today, not at the last event.
    **filters : Unpack[Filters]
        ``kinds`` (default ``("service",)``), ``sectors``, ``status``, ``actor_kinds``,
        ``countries``, ``regions``, ``members_of``; see :func:`graphmodel.data.select`.

    Returns
    -------
    pandas.DataFrame
        ``year, formed, ended, active`` (all integers), sorted by year; no rows when no
        kept collaboration has a date.

    Raises
    ------
    SpecError
        When ``as_of`` is given.

    References
    ----------
    shared/DESIGN.md, "Command line" (the ``timeline`` table) and "Time". The MSL
    network's evaluation counts the agreements formed over five years: the sum of
    ``formed`` over five rows.

    Examples
    --------
    ``s`` runs 2008–2010, ``t`` (ended) 2009-06-30 to 2011-12-31, ``u`` from 2010 with
    no end, ``p`` is planned (never counted).

    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a"], "name": ["A"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s", "t", "u", "p"], "name": list("STUP"), "kind": "service",
    ...                   "status": ["active", "ended", "active", "planned"],
    ...                   "start": ["2008-03-01", "2009-06-30", "2010", "2007"],
    ...                   "end": ["2010-05-01", "2011-12-31", None, None]}),
    ...     pd.DataFrame({"actor": ["a"], "collaboration": ["s"]}),
    ... )
    >>> timeline(m)
       year  formed  ended  active
    0  2008       1      0       1
    1  2009       1      0       2
    2  2010       1      1       2
    3  2011       0      1       2
    >>> timeline(m, until=2013).tail(2).values.tolist()
    [[2012, 0, 0, 1], [2013, 0, 0, 1]]
    """
    filters = check_filters(filters, defaults={"actor_kinds": None})
    if parse_date(filters.get("as_of")) is not None:
        raise SpecError("the timeline spans every year, so it takes no as-of date: leave it out")
    statuses = as_tuple(filters.get("status", FORMED_STATUSES))
    statuses = tuple(s for s in (statuses or FORMED_STATUSES) if s in FORMED_STATUSES)
    sel = select(model, **{**filters, "as_of": None, "status": statuses or ("active",)})
    c = sel.collaborations
    if not statuses:
        c = c.iloc[:0]
    elif filters_keep_actors(filters):
        c = sel.with_members().collaborations
    start_year = c["start"].dt.year.to_numpy(dtype=float, na_value=np.nan)
    end_year = c["end"].dt.year.to_numpy(dtype=float, na_value=np.nan)
    dated = np.concatenate([start_year, end_year])
    dated = dated[~np.isnan(dated)]
    if len(dated) == 0:
        return pd.DataFrame({col: np.array([], dtype=np.int64) for col in TIMELINE_COLUMNS})
    first_start = np.nanmin(start_year) if (~np.isnan(start_year)).any() else np.inf
    first = int(min(first_start, dated.min()))
    last = int(dated.max()) if until is None else max(int(dated.max()), int(until))
    years = np.arange(first, last + 1, dtype=np.int64)

    def per_year(values: np.ndarray) -> np.ndarray:
        known = values[~np.isnan(values)].astype(np.int64) - first
        return np.bincount(known, minlength=len(years)).astype(np.int64)

    active = np.array([
        int(in_force(c, pd.Timestamp(year=int(y), month=12, day=31), ("active",)).sum())
        for y in years
    ], dtype=np.int64)
    return pd.DataFrame({
        "year": years, "formed": per_year(start_year), "ended": per_year(end_year),
        "active": active,
    }, columns=TIMELINE_COLUMNS)
