"""Change: one comparison of two models (two dates, two versions, or the data and a what-if).

Three tables answer "what changed?" (shared/DESIGN.md, "Change: two dates, two versions, a
what-if"):

- :func:`changes`: one row per structural change (an agreement formed or ended, an actor
  that joined or left one);
- :func:`actor_changes` / :func:`council_changes`: one row per entity and metric whose value
  differs (long form: ``id, name, metric, before, after``).

:func:`diff_table` picks one of them by name (``graphmodel diff --table``), and
:class:`Comparison` bundles a pair of models with their dates and filters for a page or a
snapshot that shows both states.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..data.model import Model
from ..data.select import filters_keep_actors, select
from ..errors import SpecError
from .tables import DIFF_TABLES

__all__ = [
    "CHANGE_COLUMNS",
    "CHANGE_KINDS",
    "DIFF_COLUMNS",
    "DIFF_TABLES",
    "LABEL_COLUMNS",
    "Comparison",
    "actor_changes",
    "changes",
    "compare_dates",
    "council_changes",
    "diff_table",
]

#: the kinds of structural change, in the order the table lists them
CHANGE_KINDS = ("formed", "ended", "joined", "left")
#: the columns of :func:`changes`
CHANGE_COLUMNS = ["change", "collaboration", "collaboration_name", "actor", "actor_name"]
#: the columns of :func:`actor_changes` and :func:`council_changes`
DIFF_COLUMNS = ["id", "name", "metric", "before", "after"]
#: metric values are compared after rounding to this many decimals (DESIGN.md)
DECIMALS = 9
#: actor columns :func:`actor_changes` leaves out unless ``metrics=`` asks for them: a
#: detected label (Louvain's community number) is not comparable across two runs
LABEL_COLUMNS = ("community",)

_CHANGE_FILTERS = {
    "sectors": None, "kinds": None, "actor_kinds": None, "status": ("active",),
    "countries": None, "regions": None,
}


def _dates(as_of, as_of_before, as_of_after):
    """The date of each side: ``as_of_before`` / ``as_of_after`` where given, else ``as_of``."""
    return (as_of if as_of_before is None else as_of_before,
            as_of if as_of_after is None else as_of_after)


def _counted(model: Model, day, filters: dict) -> tuple[pd.Index, pd.DataFrame]:
    """The collaborations that count on ``day`` and their counted (actor, collaboration) pairs;
    where the actor filters apply, only collaborations with a kept member count
    (:func:`graphmodel.data.select.filters_keep_actors`)."""
    sel = select(model, as_of=day, **filters)
    if filters_keep_actors(filters):
        sel = sel.with_members()
    pairs = sel.memberships[["actor", "collaboration"]].drop_duplicates()
    return pd.Index(sel.collaboration_ids), pairs.reset_index(drop=True)


def changes(
    before: Model,
    after: Model,
    *,
    as_of=None,
    as_of_before=None,
    as_of_after=None,
    sectors=None,
    kinds=None,
    actor_kinds=None,
    status=("active",),
    countries=None,
    regions=None,
    members_of=None,
) -> pd.DataFrame:
    """The structural changes from ``before`` to ``after``: formed, ended, joined, left.

    A collaboration *counts* on a side when :func:`graphmodel.data.select` keeps it there: the
    time rule of DESIGN.md "Time" (:func:`graphmodel.data.select.in_force`) on that side's date,
    and the filters. Then

    - ``formed``: counts after, not before; ``ended``: counts before, not after (one
      collaboration-level row each, ``actor`` empty);
    - ``joined`` / ``left``: for a collaboration that counts on both sides, an actor whose
      membership counts after but not before / before but not after (kept actors,
      membership in force on that side's date, observers never count).

    The members of a formed or ended collaboration are not listed as joined or left: the
    collaboration-level row says it.

    Parameters
    ----------
    before, after : Model
        The two states: the same model (two dates), two versions of a register, or the
        data and :func:`graphmodel.change.scenario.apply_scenario` of it.
    as_of : date-like, optional
        The date of both sides (``None``: status alone decides).
    as_of_before, as_of_after : date-like, optional
        The date of one side, where it differs from ``as_of``.
    sectors, kinds, actor_kinds, status, countries, regions, members_of
        The filters of :func:`graphmodel.data.select`. Unlike the metrics, the defaults here
        keep **every** collaboration kind (councils and networks change too) and every
        actor kind (a county that joins an agreement is a change); ``status`` is
        ``("active",)`` as everywhere. Where an actor filter is given (kind, country,
        region, members of), a collaboration counts on a side only with a kept member
        there: under "Country: SE" a Norwegian agreement is never formed or ended.

    Returns
    -------
    pandas.DataFrame
        ``change, collaboration, collaboration_name, actor, actor_name`` (text, ``""`` for
        an empty actor), sorted by change (in the order of :data:`CHANGE_KINDS`), then
        collaboration, then actor. Names come from ``after`` where the id is there, else
        from ``before``.

    See Also
    --------
    actor_changes, council_changes, compare_dates, Comparison

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": list("abc"), "name": ["Aby", "Bes", "Cel"],
    ...                   "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s", "t", "u"], "name": ["S", "T", "U"], "kind": "service",
    ...                   "start": [None, "2012-01-01", None],
    ...                   "end": [None, None, "2009-12-31"], "status": "active"}),
    ...     pd.DataFrame({"actor": ["a", "b", "c", "a", "a", "b"],
    ...                   "collaboration": ["s", "s", "s", "t", "u", "u"],
    ...                   "start": [None, None, "2011-03-01", None, None, None],
    ...                   "end": [None, "2010-06-30", None, None, None, None]}),
    ... )
    >>> for row in changes(m, m, as_of_before="2008", as_of_after="2016").values.tolist():
    ...     print(row)
    ['formed', 't', 'T', '', '']
    ['ended', 'u', 'U', '', '']
    ['joined', 's', 'S', 'c', 'Cel']
    ['left', 's', 'S', 'b', 'Bes']
    """
    day_b, day_a = _dates(as_of, as_of_before, as_of_after)
    filters = {"sectors": sectors, "kinds": kinds, "actor_kinds": actor_kinds,
               "status": status, "countries": countries, "regions": regions,
               "members_of": members_of}
    coll_b, pairs_b = _counted(before, day_b, filters)
    coll_a, pairs_a = _counted(after, day_a, filters)

    formed = coll_a.difference(coll_b)
    ended = coll_b.difference(coll_a)
    both = coll_a.intersection(coll_b)
    pairs_b = pairs_b[both.get_indexer(pairs_b["collaboration"]) >= 0]
    pairs_a = pairs_a[both.get_indexer(pairs_a["collaboration"]) >= 0]
    merged = pairs_b.merge(pairs_a, on=["actor", "collaboration"], how="outer", indicator=True)
    joined = merged[merged["_merge"] == "right_only"]
    left = merged[merged["_merge"] == "left_only"]

    parts = [
        pd.DataFrame({"change": "formed", "collaboration": formed.to_numpy(dtype=object),
                      "actor": ""}),
        pd.DataFrame({"change": "ended", "collaboration": ended.to_numpy(dtype=object),
                      "actor": ""}),
        pd.DataFrame({"change": "joined", "collaboration": joined["collaboration"].to_numpy(
            dtype=object), "actor": joined["actor"].to_numpy(dtype=object)}),
        pd.DataFrame({"change": "left", "collaboration": left["collaboration"].to_numpy(
            dtype=object), "actor": left["actor"].to_numpy(dtype=object)}),
    ]
    out = pd.concat(parts, ignore_index=True).astype(object)
    names = _names(before, after)
    out["collaboration_name"] = out["collaboration"].map(names).fillna("")
    out["actor_name"] = out["actor"].map(names).fillna("")
    out.loc[out["actor"] == "", "actor_name"] = ""
    rank = out["change"].map({c: i for i, c in enumerate(CHANGE_KINDS)})
    out = out.assign(_rank=rank).sort_values(
        ["_rank", "collaboration", "actor"], kind="stable").drop(columns="_rank")
    return out[CHANGE_COLUMNS].reset_index(drop=True).astype(object)


def _names(before: Model, after: Model) -> pd.Series:
    """id -> display name, ``after``'s where an id is on both sides."""
    names = dict(before.names())
    names.update(after.names())
    return pd.Series(names, dtype=object)


def _normalised(series: pd.Series, integer: bool = False) -> np.ndarray:
    """Values as comparable Python objects: floats rounded to :data:`DECIMALS`, ``None``
    for missing (NaN, NA, ``""``); ``integer``: the column was whole numbers before an
    outer merge made it float (an id on one side only), so its values are ints again."""
    if integer and pd.api.types.is_float_dtype(series.dtype):
        series = series.astype("Int64")
    if pd.api.types.is_float_dtype(series.dtype):
        values = series.round(DECIMALS).astype(object)
    else:
        values = series.astype(object)
    arr = values.to_numpy(dtype=object, copy=True)
    missing = pd.isna(values).to_numpy() | np.fromiter(
        (isinstance(v, str) and v == "" for v in arr), dtype=bool, count=len(arr))
    arr[missing] = None
    # numpy scalars -> Python scalars, so that CSV, JSON and equality behave the same
    for i in np.flatnonzero(~missing):
        v = arr[i]
        if isinstance(v, np.generic):
            arr[i] = v.item()
    return arr


def _metric_diff(before_t: pd.DataFrame, after_t: pd.DataFrame, metrics,
                 leave_out=()) -> pd.DataFrame:
    """Long-form differences between two metric tables keyed by ``id`` (the columns
    ``metrics``, else every column but those in ``leave_out``)."""
    cols_a = [c for c in after_t.columns if c not in ("id", "name")]
    cols = cols_a + [c for c in before_t.columns if c not in ("id", "name") and c not in cols_a]
    if metrics is None:
        cols = [c for c in cols if c not in leave_out]
    else:
        wanted = [metrics] if isinstance(metrics, str) else list(metrics)
        unknown = [m for m in wanted if m not in cols]
        if unknown:
            raise SpecError(f"unknown metric {unknown[0]!r}: use one of {', '.join(cols)}")
        cols = [c for c in cols if c in wanted]
    merged = before_t.merge(after_t, on="id", how="outer", suffixes=("@b", "@a"), sort=True)
    name = merged["name@a"].where(merged["name@a"].notna(), merged["name@b"]).fillna("")
    ids = merged["id"].to_numpy(dtype=object)
    parts = []
    def side(table: pd.DataFrame, col: str, tag: str) -> np.ndarray:
        if col not in table:
            return np.full(len(merged), None, dtype=object)
        whole = pd.api.types.is_integer_dtype(table[col].dtype)
        name = f"{col}@{tag}" if f"{col}@{tag}" in merged else col  # on one side only
        return _normalised(merged[name], integer=whole)

    for order, col in enumerate(cols):  # a loop over the ~16 columns, never over rows
        b = side(before_t, col, "b")
        a = side(after_t, col, "a")
        b_none = np.equal(b, None)
        a_none = np.equal(a, None)
        same = (b_none & a_none) | (~b_none & ~a_none & (b == a))
        hit = np.flatnonzero(~same)
        if len(hit):
            parts.append(pd.DataFrame({
                "id": ids[hit], "name": name.to_numpy(dtype=object)[hit], "metric": col,
                "before": b[hit], "after": a[hit], "_order": order,
            }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in DIFF_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["id", "_order"], kind="stable").drop(columns="_order")
    return out[DIFF_COLUMNS].reset_index(drop=True).astype(object)


def _betweenness_sampled(model: Model, day, options: dict) -> bool:
    """Whether :func:`graphmodel.centrality` estimates betweenness from sampled sources on
    this side (more twin classes than its exact limit), as ``actor_metrics`` computes it."""
    from ..analysis.incidence import twin_quotient
    from ..analysis.structure import EXACT_LIMIT, SAMPLES
    from ..data.select import DEFAULT_FILTERS

    filters = {k: v for k, v in options.items() if k in DEFAULT_FILTERS and k != "as_of"}
    quotient = twin_quotient(select(model, as_of=day, **filters))
    n_active = int((quotient.codes >= 0).sum())
    return len(quotient.first) > EXACT_LIMIT and SAMPLES < n_active


def _table_changes(table, before, after, as_of, as_of_before, as_of_after, metrics, options):
    from ..analysis.metrics import ACTOR_COLUMNS, metrics_table

    day_b, day_a = _dates(as_of, as_of_before, as_of_after)
    wanted = [metrics] if isinstance(metrics, str) else metrics
    if table == "actors" and wanted is not None and set(wanted) <= set(ACTOR_COLUMNS):
        options = {**options, "columns": wanted}  # only what is asked for is computed
    before_t = metrics_table(before, table, as_of=day_b, **options)
    after_t = metrics_table(after, table, as_of=day_a, **options)
    leave_out = ()
    if table == "actors" and metrics is None:
        leave_out = LABEL_COLUMNS
        if (_betweenness_sampled(before, day_b, options)
                or _betweenness_sampled(after, day_a, options)):
            leave_out += ("betweenness",)
    return _metric_diff(before_t, after_t, metrics, leave_out)


def actor_changes(
    before: Model,
    after: Model,
    *,
    as_of=None,
    as_of_before=None,
    as_of_after=None,
    metrics=None,
    **options,
) -> pd.DataFrame:
    """The per-actor metrics that differ between ``before`` and ``after`` (long form).

    Both sides are the ``actors`` table of :func:`graphmodel.metrics_table` under the same
    ``options`` (the filters, with the metrics' defaults: service agreements among
    municipalities; and the table's own options such as ``breadth_threshold``), each on its
    own date. For every actor and every column but ``id`` and ``name``, a row is written
    when the values differ after rounding floats to 9 decimals; empty (NaN, ``""``) equals
    empty. A strategy move is a row with ``metric == "strategy"``. An actor kept on one
    side only has ``before`` (or ``after``) empty on each of its rows.

    Two columns are left out unless ``metrics`` names them, because their differences
    are noise, not change:

    - ``community`` (:data:`LABEL_COLUMNS`): a label that Louvain detects afresh on each
      side; the same groups can come back with other numbers, and one small edit can
      renumber most actors (12,895 rows on the French data for one edit). Compare
      communities with :func:`graphmodel.community_council_match` instead.
    - ``betweenness`` when either side has more twin classes than the exact limit of
      :func:`graphmodel.centrality` (``EXACT_LIMIT``, 1,000): there it is an estimate
      from sampled sources, and the sample differs between two states (11,470 rows on
      the French data for one edit). On smaller data it is exact and compared.

    Parameters
    ----------
    before, after : Model
    as_of, as_of_before, as_of_after
        As in :func:`changes`.
    metrics : str or list of str, optional
        The columns to compare (``None``: every column but those left out above).
    **options
        The filters and the options of the ``actors`` table of
        :func:`graphmodel.metrics_table`.

    Returns
    -------
    pandas.DataFrame
        ``id, name, metric, before, after``, sorted by id, then the table's column order;
        ``before`` and ``after`` hold Python values (``None`` when empty).

    See Also
    --------
    council_changes, changes

    Examples
    --------
    >>> actor_changes(example, example, as_of_before="2010", as_of_after="2020",
    ...               metrics=["n_collaborations", "n_partners"])  # s2 starts in 2015
      id name            metric before after
    0  a  Aby  n_collaborations      1     2
    1  a  Aby        n_partners      1     2
    2  b  Bes  n_collaborations      1     2
    3  b  Bes        n_partners      1     2
    4  c  Cel  n_collaborations      1     2
    5  c  Cel        n_partners      1     3
    """
    return _table_changes("actors", before, after, as_of, as_of_before, as_of_after, metrics,
                          options)


def council_changes(
    before: Model,
    after: Model,
    *,
    as_of=None,
    as_of_before=None,
    as_of_after=None,
    metrics=None,
    **options,
) -> pd.DataFrame:
    """The per-council metrics that differ between ``before`` and ``after`` (long form).

    As :func:`actor_changes`, over the ``councils`` table of :func:`graphmodel.metrics_table`
    (``n_members``, ``aligned``, ``within``, ``spanning``, ``region_fragmentation``,
    ``n_dual_members``, …). A council that counts on one side only has ``before`` (or
    ``after``) empty.

    Examples
    --------
    >>> council_changes(example, example, as_of_before="2010", as_of_after="2020",
    ...                 metrics=["n_members", "n_collaborations"])
      id         name            metric before after
    0  R  Region East  n_collaborations      2     3
    """
    return _table_changes("councils", before, after, as_of, as_of_before, as_of_after,
                          metrics, options)


def diff_table(before: Model, after: Model, table: str = "changes", **options) -> pd.DataFrame:
    """One comparison table by name, as ``graphmodel diff --table TABLE`` writes it.

    ``table`` is ``changes`` (:func:`changes`), ``actors`` (:func:`actor_changes`) or
    ``councils`` (:func:`council_changes`); ``options`` are that function's keywords.

    >>> diff_table(None, None, "people")
    Traceback (most recent call last):
    ...
    graphmodel.errors.SpecError: unknown table 'people': use one of changes, actors, councils
    """
    if table not in DIFF_TABLES:
        raise SpecError(f"unknown table {table!r}: use one of {', '.join(DIFF_TABLES)}")
    function = {"changes": changes, "actors": actor_changes, "councils": council_changes}[table]
    try:
        return function(before, after, **options)
    except TypeError as err:  # an option the table does not take
        raise SpecError(f"the {table} comparison: {err}") from None


def compare_dates(model: Model, d1, d2, *, table: str = "changes", **options) -> pd.DataFrame:
    """The same model at two dates: :func:`diff_table` with ``as_of_before=d1, as_of_after=d2``.

    >>> compare_dates(example, "2010", "2020")[["change", "collaboration"]].to_dict("records")
    [{'change': 'formed', 'collaboration': 's2'}]
    """
    return diff_table(model, model, table, as_of_before=d1, as_of_after=d2, **options)


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two states to set side by side: the same data at two dates, two versions, or a what-if.

    Holds what a page or a snapshot needs to show before and after: the two models, the
    date of each side, the filters, and a label per side. The tables are computed on
    demand (:meth:`table`) and :meth:`highlights` names what to mark in a drawing.

    Examples
    --------
    >>> c = Comparison.from_dates(example, "2010", "2020")  # s2 starts in 2015
    >>> c.labels, c.counts()
    (('2010-01-01', '2020-01-01'), {'formed': 1, 'ended': 0, 'joined': 0, 'left': 0})
    >>> sorted(c.highlights()["formed"])
    ['s2']
    """

    before: Model
    after: Model
    as_of_before: object = None
    as_of_after: object = None
    filters: dict = field(default_factory=dict)
    labels: tuple[str, str] = ("before", "after")
    scenario: object = None

    @classmethod
    def from_dates(cls, model: Model, d1, d2, **filters) -> Comparison:
        """The same model on ``d1`` and on ``d2`` (labels: the two dates)."""
        from ..data.select import parse_date

        labels = tuple("no date" if parse_date(d) is None else parse_date(d).date().isoformat()
                       for d in (d1, d2))
        return cls(model, model, d1, d2, dict(filters), labels)

    @classmethod
    def from_models(cls, before: Model, after: Model, *, as_of=None, **filters) -> Comparison:
        """Two versions of a register on the same date (labels: the models' names)."""
        return cls(before, after, as_of, as_of, dict(filters), (before.name, after.name))

    @classmethod
    def from_scenario(cls, model: Model, scenario, *, as_of=None, **filters) -> Comparison:
        """The data and the what-if ``scenario`` (a :class:`graphmodel.change.scenario.Scenario`)
        applied to it, on the same date (labels: ``"data"`` and the scenario's title)."""
        from .scenario import apply_scenario

        after = apply_scenario(model, scenario)
        title = scenario.title or "scenario"
        return cls(model, after, as_of, as_of, dict(filters), (model.name, title), scenario)

    @cached_property
    def _changes(self) -> pd.DataFrame:
        options = {k: v for k, v in self.filters.items() if k != "as_of"}
        return changes(self.before, self.after, as_of_before=self.as_of_before,
                       as_of_after=self.as_of_after, **options)

    def table(self, name: str = "changes", **options) -> pd.DataFrame:
        """One comparison table (:data:`DIFF_TABLES`) under the comparison's filters; for
        ``changes`` the filters default as in :func:`changes`, for ``actors`` and
        ``councils`` as in the metrics. ``options`` add to or override the filters."""
        if name == "changes" and not options:
            return self._changes.copy()
        merged = {k: v for k, v in self.filters.items() if k != "as_of"}
        merged.update(options)
        return diff_table(self.before, self.after, name, as_of_before=self.as_of_before,
                          as_of_after=self.as_of_after, **merged)

    def counts(self) -> dict[str, int]:
        """How many rows of each change kind (for a headline: "3 formed, 1 ended, …")."""
        counts = self._changes["change"].value_counts()
        return {k: int(counts.get(k, 0)) for k in CHANGE_KINDS}

    def highlights(self) -> dict[str, frozenset]:
        """What to mark in a drawing: ``formed`` / ``ended`` collaboration ids, ``joined`` /
        ``left`` (actor, collaboration) pairs, and ``touched``: every id in a change."""
        t = self._changes
        out = {}
        for kind in CHANGE_KINDS:
            rows = t[t["change"] == kind]
            if kind in ("formed", "ended"):
                out[kind] = frozenset(rows["collaboration"])
            else:
                out[kind] = frozenset(zip(rows["actor"], rows["collaboration"]))
        out["touched"] = frozenset(t["collaboration"]) | frozenset(t.loc[t["actor"] != "",
                                                                         "actor"])
        return out
