"""Filters (date, sector, kind, status, country, region, members of) and the sparse membership
matrix."""

from __future__ import annotations

import datetime as _dt
import difflib
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import FilterError, SpecError, UnknownIdError
from .filters import (
    ACTOR_FILTERS,
    DEFAULT_ACTOR_KINDS,
    DEFAULT_FILTERS,
    DEFAULT_KINDS,
    DEFAULT_STATUS,
    FILTER_NAMES,
    Filters,
)
from .model import Model
from .schema import ACTOR_KINDS, COLLABORATION_KINDS, COUNTED_ROLES, ROLES, STATUSES

__all__ = [
    "ACTOR_FILTERS",
    "DEFAULT_ACTOR_KINDS",
    "DEFAULT_FILTERS",
    "DEFAULT_KINDS",
    "DEFAULT_STATUS",
    "FILTER_NAMES",
    "Filters",
    "Selection",
    "as_tuple",
    "check_filters",
    "council_members",
    "effective_status",
    "filter_kwargs",
    "filters_keep_actors",
    "in_force",
    "isin",
    "parse_date",
    "select",
    "unknown_id",
]

#: a date as the filters take it: ``YYYY-MM-DD``, ``DD.MM.YYYY``, a bare year, a date
DateLike = str | _dt.date | pd.Timestamp
#: one name or several: ``"ict"`` or ``["ict", "fire"]``
Names = str | Iterable[str]




def parse_date(value: DateLike | None) -> pd.Timestamp | None:
    """A date given as ``date``, ``Timestamp``, ``YYYY-MM-DD``, ``DD.MM.YYYY``, a bare year
    (1 January of it, DESIGN.md "Time") or ``None``.

    >>> parse_date("31.12.2020")
    Timestamp('2020-12-31 00:00:00')
    >>> parse_date("2010")
    Timestamp('2010-01-01 00:00:00')
    >>> parse_date(None) is None
    True
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (pd.Timestamp, _dt.date)):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()[:40]
    try:
        if len(text) == 4 and text.isascii() and text.isdigit() and text[0] != "0":
            return pd.Timestamp(_dt.date(int(text), 1, 1))
        if "." in text:
            return pd.Timestamp(_dt.datetime.strptime(text, "%d.%m.%Y"))
        return pd.Timestamp(_dt.date.fromisoformat(text))
    except ValueError:
        raise SpecError(
            f"cannot read the date {text!r}: write it as YYYY-MM-DD (2024-01-31), "
            "DD.MM.YYYY or a year (2024)"
        ) from None


def as_tuple(value: Names | None, allowed: Iterable[str] | None = None,
             what: str = "value") -> tuple[str, ...] | None:
    """``None`` stays ``None`` (no filter); a string or an iterable becomes a sorted tuple."""
    if value is None:
        return None
    items = (value,) if isinstance(value, str) else tuple(value)
    items = tuple(sorted({str(v).strip() for v in items if str(v).strip()}))
    if allowed is not None:
        bad = [v for v in items if v not in allowed]
        if bad:
            raise SpecError(f"unknown {what} {bad[0]!r}: use one of {', '.join(allowed)}")
    return items


def filter_kwargs(as_of, sectors, kinds, actor_kinds, status, countries, regions,
                  members_of=None) -> dict:
    """The filter keywords of :func:`select` as a dict (analysis functions take them one by
    one, so their signatures document the defaults, and pass them on with this)."""
    return {
        "as_of": as_of, "sectors": sectors, "kinds": kinds, "actor_kinds": actor_kinds,
        "status": status, "countries": countries, "regions": regions, "members_of": members_of,
    }


def filters_keep_actors(filters: Mapping, *, defaults: Mapping | None = None) -> bool:
    """Whether ``filters`` (over ``defaults``) narrow the actors by kind, country, region or
    council membership (:data:`ACTOR_FILTERS`): then a collaboration counts only with at
    least one kept member (:meth:`Selection.with_members`), so that "Country: SE" never
    counts a Norwegian agreement.

    >>> filters_keep_actors({"countries": ["SE"]}), filters_keep_actors({"sectors": ["ict"]})
    (True, False)
    >>> filters_keep_actors({}, defaults={"actor_kinds": ("municipality",)})
    True
    """
    merged = {**(defaults or {}), **filters}
    return any(merged.get(name) is not None for name in ACTOR_FILTERS)


def check_filters(filters: Mapping, *, defaults: Mapping | None = None) -> dict:
    """The filter keywords a function was given, checked by name, over ``defaults``.

    Analysis functions take the filters as one typed bundle, ``**filters:
    Unpack[Filters]``; this refuses a name that is not a filter (as Python refuses an
    unknown keyword) and fills what is absent from ``defaults`` (none: absent stays
    absent, so that :func:`select` applies its own defaults).

    >>> check_filters({"as_of": "2010"}, defaults={"kinds": None})
    {'kinds': None, 'as_of': '2010'}
    >>> check_filters({"sector": "ict"})
    Traceback (most recent call last):
    ...
    graphmodel.errors.FilterError: unknown filter 'sector': use one of as_of, sectors, kinds, actor_kinds, status, countries, regions, members_of
    """
    unknown = [k for k in filters if k not in DEFAULT_FILTERS]
    if unknown:
        raise FilterError(
            f"unknown filter {unknown[0]!r}: use one of {', '.join(FILTER_NAMES)}"
        )
    return {**(defaults or {}), **filters}


def isin(series: pd.Series, values: Iterable) -> np.ndarray:
    """``series.isin(values)`` as a bool array; a hash lookup, far faster than ``isin`` on
    the Arrow-backed text columns of pandas 3 (0.01 s instead of 0.17 s for 80,000 rows).

    >>> isin(pd.Series(["a", "b", "c"]), ["c", "a"]).tolist()
    [True, False, True]
    """
    index = pd.Index(pd.unique(np.asarray(list(values), dtype=object)))
    return index.get_indexer(series) >= 0


def _active(start: pd.Series, end: pd.Series, day: pd.Timestamp) -> np.ndarray:
    return ((start.isna() | (start <= day)) & (end.isna() | (end >= day))).to_numpy()


def in_force(collaborations: pd.DataFrame, day: DateLike | None,
             status: Names | None = DEFAULT_STATUS) -> np.ndarray:
    """Which collaborations count under ``status`` on ``day``: the one time rule (DESIGN.md "Time").

    Without a day, ``status`` alone decides. With a day, a row counts when its dates
    (where given) contain the day, and **status follows the dates**: an ``ended``
    collaboration with a start or an end counts as ``active`` inside its dates; an
    ``ended`` one with no dates stays ``ended``; a ``planned`` one stays ``planned``.
    ``status=None`` keeps every status.

    >>> c = pd.DataFrame({"status": ["ended", "ended", "planned", "active"],
    ...                   "start": pd.to_datetime(["2004-01-01", None, None, "2012-01-01"]),
    ...                   "end": pd.to_datetime(["2017-12-31", None, None, None])})
    >>> in_force(c, "2010-06-01").tolist()
    [True, False, False, False]
    >>> in_force(c, "2020").tolist(), in_force(c, None).tolist()
    ([False, False, False, True], [False, False, False, True])
    >>> in_force(c, "2020", status=("planned",)).tolist()
    [False, False, True, False]
    """
    day = parse_date(day)
    status_t = as_tuple(status, STATUSES, "status")
    given = collaborations["status"]
    if day is None:
        return np.ones(len(given), dtype=bool) if status_t is None else isin(given, status_t)
    keep = _active(collaborations["start"], collaborations["end"], day).copy()
    if status_t is not None:
        keep &= np.isin(effective_status(collaborations, day), status_t)
    return keep


def effective_status(collaborations: pd.DataFrame, day: DateLike | None) -> np.ndarray:
    """The status of each collaboration as the time rule reads it on ``day`` (DESIGN.md "Time").

    Without a day, the ``status`` column as given. With a day, **status follows the
    dates**: an ``ended`` collaboration with a start or an end reads ``active`` (it is
    in force inside its dates, :func:`in_force` decides whether the day is inside);
    an undated ``ended`` one and every ``planned`` one keep their status.

    >>> c = pd.DataFrame({"status": ["ended", "ended", "planned"],
    ...                   "start": pd.to_datetime(["2004-01-01", None, None]),
    ...                   "end": pd.to_datetime(["2017-12-31", None, None])})
    >>> effective_status(c, "2010").tolist(), effective_status(c, None).tolist()
    (['active', 'ended', 'planned'], ['ended', 'ended', 'planned'])
    """
    given = collaborations["status"].to_numpy(dtype=object)
    if parse_date(day) is None:
        return given
    dated = (collaborations["start"].notna() | collaborations["end"].notna()).to_numpy()
    return np.where((given == "ended") & dated, "active", given).astype(object)


class Selection:
    """The part of a model that the filters keep, with its membership matrix.

    ``actors``, ``collaborations`` and ``memberships`` are the kept rows, sorted by id
    (memberships by actor, then collaboration). ``memberships`` holds only memberships
    that *count* (both ends kept, active at ``as_of``, role not ``observer`` unless
    ``include_observers``). ``B`` is the 0/1 matrix actors × collaborations in the
    order of ``actor_ids`` and ``collaboration_ids``.

    The same filters on the same model give the same (shared, memoised) Selection, so it
    cannot be changed: each of ``actors``, ``collaborations``, ``memberships`` and
    ``filters`` hands out a new shallow copy (cheap: the column arrays are shared and
    read-only; pandas copies on write), and ``B`` and the id arrays are read-only.
    ``key`` identifies the selection among those memoised on its model.

    Examples
    --------
    >>> s = select(example)
    >>> mine = s.actors
    >>> mine["name"] = "x"  # changes this copy only
    >>> select(example).actors["name"].tolist(), select(example) is s
    (['Aby', 'Bes', 'Cel', 'Dal'], True)
    """

    def __init__(self, model: Model, actors: pd.DataFrame, collaborations: pd.DataFrame,
                 memberships: pd.DataFrame, as_of: pd.Timestamp | None, filters: dict,
                 key: tuple = ()) -> None:
        for frame in (actors, collaborations, memberships):
            _read_only(frame)
        put = object.__setattr__
        put(self, "model", model)
        put(self, "as_of", as_of)
        put(self, "key", key)
        put(self, "_frames", (actors, collaborations, memberships))
        put(self, "_filters", dict(filters))

    def __setattr__(self, name, value):
        raise AttributeError(f"a Selection is read-only: cannot set {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"a Selection is read-only: cannot delete {name!r}")

    def __repr__(self) -> str:
        return (f"<Selection of {self.model.name!r}: {len(self._frames[0])} actors, "
                f"{len(self._frames[1])} collaborations, {len(self._frames[2])} memberships>")

    @property
    def actors(self) -> pd.DataFrame:
        """The kept actors, sorted by id (a shallow copy: change it freely)."""
        return self._frames[0].copy(deep=False)

    @property
    def collaborations(self) -> pd.DataFrame:
        """The kept collaborations, sorted by id (a shallow copy)."""
        return self._frames[1].copy(deep=False)

    @property
    def memberships(self) -> pd.DataFrame:
        """The memberships that count, sorted by actor, collaboration (a shallow copy)."""
        return self._frames[2].copy(deep=False)

    @property
    def filters(self) -> dict:
        """The filters as :func:`select` read them (a copy)."""
        return dict(self._filters)

    @cached_property
    def actor_ids(self) -> np.ndarray:
        return _frozen(self._frames[0]["id"].to_numpy(dtype=object, copy=True))

    @cached_property
    def collaboration_ids(self) -> np.ndarray:
        return _frozen(self._frames[1]["id"].to_numpy(dtype=object, copy=True))

    @cached_property
    def actor_index(self) -> dict[str, int]:
        return {a: i for i, a in enumerate(self.actor_ids)}

    @cached_property
    def collaboration_index(self) -> dict[str, int]:
        return {c: j for j, c in enumerate(self.collaboration_ids)}

    @cached_property
    def B(self) -> sp.csr_matrix:
        """Membership matrix (actors × collaborations), int32 0/1, CSR, read-only."""
        mem = self._frames[2]
        rows = pd.Index(self.actor_ids).get_indexer(mem["actor"])
        cols = pd.Index(self.collaboration_ids).get_indexer(mem["collaboration"])
        data = np.ones(len(rows), dtype=np.int32)
        shape = (len(self.actor_ids), len(self.collaboration_ids))
        m = sp.csr_matrix((data, (rows, cols)), shape=shape)
        m.data[:] = 1  # an actor listed twice (other periods) counts once
        return _frozen_matrix(m)

    def members(self, collaboration_id: str) -> frozenset[str]:
        """m(c): the counted members of a kept collaboration."""
        j = self.collaboration_index[collaboration_id]
        col = self.B.tocsc()[:, j]
        return frozenset(self.actor_ids[col.indices])

    def collaborations_of(self, actor_id: str) -> frozenset[str]:
        """S(a): the kept collaborations an actor counts in."""
        i = self.actor_index[actor_id]
        return frozenset(self.collaboration_ids[self.B[i].indices])

    def restrict(self, keep, label: str) -> Selection:
        """The same actors with only the collaborations where ``keep`` (a bool array in the
        order of ``collaboration_ids``) is true, and their memberships.

        ``label`` names the restriction: it extends ``key`` and is recorded in
        ``filters["restricted"]``. The matrix is sliced from ``B``, not rebuilt.

        >>> r = select(example).restrict([False, False, True], "only s3")
        >>> list(r.collaboration_ids), r.B.toarray().tolist(), r.filters["restricted"]
        (['s3'], [[0], [0], [1], [1]], 'only s3')
        """
        keep = np.asarray(keep, dtype=bool)
        if keep.shape != (len(self.collaboration_ids),):
            raise ValueError("keep must hold one bool per kept collaboration")
        cols = np.flatnonzero(keep)
        collabs = self._frames[1].iloc[cols].reset_index(drop=True)
        mem = self._frames[2]
        members = mem[isin(mem["collaboration"], collabs["id"])].reset_index(drop=True)
        out = Selection(self.model, self._frames[0], collabs, members, self.as_of,
                        {**self._filters, "restricted": label}, self.key + (("restrict", label),))
        out.__dict__["B"] = _frozen_matrix(self.B.tocsc()[:, cols].tocsr())
        for name in ("actor_ids", "actor_index"):
            if name in self.__dict__:
                out.__dict__[name] = self.__dict__[name]
        return out

    def with_members(self) -> Selection:
        """The same actors with only the collaborations that have at least one counted
        member among them (the rule where the actor filters apply: :func:`filters_keep_actors`).

        >>> s = select(example, regions=["West"])  # Dal only
        >>> list(s.collaboration_ids), list(s.with_members().collaboration_ids)
        (['s1', 's2', 's3'], ['s3'])
        """
        has_member = np.diff(self.B.tocsc().indptr) > 0
        if has_member.all():
            return self
        return self.restrict(has_member, "with members")


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


def _frozen_matrix(m: sp.csr_matrix) -> sp.csr_matrix:
    for array in (m.data, m.indices, m.indptr):
        array.flags.writeable = False
    return m


def select(
    model: Model,
    *,
    as_of: DateLike | None = None,
    sectors: Names | None = None,
    kinds: Names | None = DEFAULT_KINDS,
    actor_kinds: Names | None = DEFAULT_ACTOR_KINDS,
    status: Names | None = DEFAULT_STATUS,
    countries: Names | None = None,
    regions: Names | None = None,
    members_of: Names | None = None,
    include_observers: bool = False,
) -> Selection:
    """Keep what the filters allow (DESIGN.md, "The graph" and "Metrics").

    Parameters
    ----------
    model : Model
    as_of : date-like, optional
        Keep only rows active at that date; a row with no dates counts as active,
        a membership with no dates lasts as long as its collaboration.
    sectors : str or iterable, optional
        Collaboration sectors to keep (``None``: all, including no sector).
    kinds : str or iterable, optional
        Collaboration kinds; default ``("service",)`` as the metrics are defined.
        ``None`` keeps every kind.
    actor_kinds : str or iterable, optional
        Actor kinds; default ``("municipality",)``. ``None`` keeps every kind.
    status : str or iterable, optional
        Collaboration statuses; default ``("active",)`` (planned and ended drop out
        unless asked for). ``None`` keeps every status.
    countries, regions : str or iterable, optional
        Actor country codes / region names to keep.
    members_of : str or iterable, optional
        Council or network ids: keep only the actors that are their members on ``as_of``
        (:func:`council_members`; with ``include_observers`` their observers too). Like
        the country and region filters it narrows the actors: partners outside the group
        are not counted.
    include_observers : bool
        Count ``observer`` memberships too (the drawing does; the metrics do not).

    Examples
    --------
    >>> sel = select(example)  # municipalities in active collaborations: not f, not s4
    >>> list(sel.actor_ids), list(sel.collaboration_ids), sel.B.toarray().tolist()
    (['a', 'b', 'c', 'd'], ['s1', 's2', 's3'], [[1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 0, 1]])
    >>> select(example, status=None).B.shape
    (4, 4)
    >>> list(select(example, members_of="R").actor_ids)  # d is no member of R
    ['a', 'b', 'c']
    """
    day = parse_date(as_of)
    sectors_t = as_tuple(sectors)
    kinds_t = as_tuple(kinds, COLLABORATION_KINDS, "collaboration kind")
    actor_kinds_t = as_tuple(actor_kinds, ACTOR_KINDS, "actor kind")
    status_t = as_tuple(status, STATUSES, "status")
    countries_t = as_tuple(countries)
    regions_t = as_tuple(regions)
    members_of_t = as_tuple(members_of)

    # A model never changes, so the same filters give the same selection: it is kept on
    # the model (metrics tables ask for the same selection several times).
    key = ("select", day, sectors_t, kinds_t, actor_kinds_t, status_t, countries_t,
           regions_t, bool(include_observers))
    if members_of_t is not None:  # keys without it stay as they were
        key += (("members_of", members_of_t),)
    return model.memo(key, lambda: _select(
        model, key, day, sectors_t, kinds_t, actor_kinds_t, status_t, countries_t, regions_t,
        include_observers, members_of_t))


class _Ordered(NamedTuple):
    """The model's frames in selection order, with each membership's actor and
    collaboration as row numbers in them (-1: none) and its role checked once."""

    actors: pd.DataFrame
    collaborations: pd.DataFrame
    memberships: pd.DataFrame
    actor_row: np.ndarray | None  # None where ids repeat (a model that was never checked)
    collaboration_row: np.ndarray | None
    counted: np.ndarray  # the role is counted (COUNTED_ROLES)
    any_role: np.ndarray  # the role is known (ROLES: observers too)


def _codes(ids: pd.Series, values: pd.Series) -> np.ndarray | None:
    index = pd.Index(ids.to_numpy(dtype=object))
    if not index.is_unique:
        return None
    return index.get_indexer(values.to_numpy(dtype=object))


def _in_selection_order(model) -> _Ordered:
    """The model's actors, collaborations and memberships sorted as a selection keeps them
    (by id; memberships by actor, then collaboration), once per model: a selection takes
    its rows from these in order, so it never sorts (a stable sort of a subset is the
    subset of the stable sort), and keeps memberships by their actor's and collaboration's
    row numbers, turned from ids once."""
    def compute() -> _Ordered:
        a = model.actors.sort_values("id", kind="stable")
        c = model.collaborations.sort_values("id", kind="stable")
        m = model.memberships.sort_values(["actor", "collaboration"], kind="stable")
        return _Ordered(a, c, m, _codes(a["id"], m["actor"]),
                        _codes(c["id"], m["collaboration"]),
                        isin(m["role"], COUNTED_ROLES), isin(m["role"], ROLES))
    found = model.__dict__.get("_selection_order")
    if found is None:  # two threads may both compute: both get an equal value
        found = model.__dict__.setdefault("_selection_order", compute())
    return found


def _kept(rows: np.ndarray | None, keep: np.ndarray, ids: pd.Series,
          values: pd.Series) -> np.ndarray:
    """For each membership, whether its actor (or collaboration) is kept: by row number
    (-1, no such row, is never kept), or by id where ids repeat."""
    if rows is None:
        return isin(values, ids[keep])
    return np.append(keep, False)[rows]


def _select(model, key, day, sectors_t, kinds_t, actor_kinds_t, status_t, countries_t,
            regions_t, include_observers, members_of_t=None) -> Selection:
    ordered = _in_selection_order(model)
    a, c, m = ordered.actors, ordered.collaborations, ordered.memberships
    keep_a = np.ones(len(a), dtype=bool)
    if actor_kinds_t is not None:
        keep_a &= isin(a["kind"], actor_kinds_t)
    if countries_t is not None:
        keep_a &= isin(a["country"], countries_t)
    if regions_t is not None:
        keep_a &= isin(a["region"], regions_t)
    if members_of_t is not None:
        known = set(model.collaborations["id"])
        for council in members_of_t:
            if council not in known:
                raise unknown_id(model, council, "council or network")
        keep_a &= isin(a["id"], council_members(model, members_of_t, as_of=day,
                                                include_observers=include_observers))
    actors = a[keep_a].reset_index(drop=True)

    keep_c = np.ones(len(c), dtype=bool)
    if kinds_t is not None:
        keep_c &= isin(c["kind"], kinds_t)
    if sectors_t is not None:
        keep_c &= isin(c["sector"], sectors_t)
    keep_c &= in_force(c, day, status_t)
    collabs = c[keep_c].reset_index(drop=True)

    keep_m = (_kept(ordered.actor_row, keep_a, a["id"], m["actor"])
              & _kept(ordered.collaboration_row, keep_c, c["id"], m["collaboration"]))
    keep_m &= ordered.any_role if include_observers else ordered.counted
    if day is not None:
        keep_m &= _active(m["start"], m["end"], day)
    members = m[keep_m].reset_index(drop=True)

    filters = {
        "as_of": None if day is None else day.date().isoformat(),
        "sectors": sectors_t, "kinds": kinds_t, "actor_kinds": actor_kinds_t,
        "status": status_t, "countries": countries_t, "regions": regions_t,
        "members_of": members_of_t, "include_observers": include_observers,
    }
    return Selection(model, actors, collabs, members, day, filters, key)


def _read_only(frame: pd.DataFrame) -> None:
    """Mark a shared frame's arrays read-only, so that a caller cannot corrupt a memoised
    selection in place (pandas then copies on write; assigning to a column fails)."""
    for col in frame.columns:
        values = frame[col].array
        arr = getattr(values, "_ndarray", None)
        if arr is None and isinstance(values, np.ndarray):
            arr = values
        if isinstance(arr, np.ndarray):
            arr.flags.writeable = False


def unknown_id(model: Model, any_id: str, what: str = "actor or collaboration") -> UnknownIdError:
    """A friendly error for an id that is not in the data, with a guess when one is close
    (its name typed instead of its id, or a near miss).

    >>> str(unknown_id(example, "Region East", "council"))
    "no council with id 'Region East' in the data (ids are case-sensitive); 'Region East' is the name of id 'R': use the id"
    """
    hint = ""
    names = pd.concat([model.actors[["id", "name"]], model.collaborations[["id", "name"]]])
    by_name = names[names["name"].str.casefold() == str(any_id).strip().casefold()]
    if len(by_name):
        hint = f"; {any_id!r} is the name of id {by_name['id'].iloc[0]!r}: use the id"
    else:
        close = difflib.get_close_matches(str(any_id), names["id"].tolist(), n=3, cutoff=0.75)
        if close:
            hint = "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    return UnknownIdError(
        f"no {what} with id {any_id!r} in the data (ids are case-sensitive){hint}"
    )


def council_members(model: Model, councils: Names | None, *, as_of: DateLike | None = None,
                    status: Names | None = DEFAULT_STATUS,
                    include_observers: bool = False) -> frozenset[str]:
    """Who is a member of any of ``councils`` on ``as_of``: the one rule for council membership.

    Observers never count (unless ``include_observers``: the drawing shows a council's
    observers beside its members); a membership counts when its dates (and its council's, by
    :func:`in_force`) contain the day. Used by the drawing, the key figures and every page
    of the explorer so that they agree. ``councils`` empty or ``None`` gives an empty set.

    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b", "f"], "name": ["A", "B", "F"],
    ...                   "kind": ["municipality", "municipality", "county"]}),
    ...     pd.DataFrame({"id": ["r"], "name": ["R"], "kind": "council"}),
    ...     pd.DataFrame({"actor": ["a", "b", "f"], "collaboration": "r",
    ...                   "role": ["member", "member", "observer"],
    ...                   "end": [None, "2015-12-31", None]}),
    ... )
    >>> sorted(council_members(m, ["r"], as_of="2024"))
    ['a']
    >>> sorted(council_members(m, ["r"], as_of="2010"))
    ['a', 'b']
    >>> sorted(council_members(m, ["r"], as_of="2024", include_observers=True))
    ['a', 'f']
    """
    wanted = as_tuple(councils) or ()
    if not wanted:
        return frozenset()
    sel = select(model, as_of=as_of, kinds=None, actor_kinds=None, status=status,
                 include_observers=include_observers)
    mem = sel.memberships
    return frozenset(mem.loc[isin(mem["collaboration"], wanted), "actor"])
