"""The metric tables of the command line: one DataFrame per table name, columns as specified."""

from __future__ import annotations

import inspect
from typing import Unpack

import numpy as np
import pandas as pd

from ..data.model import Model
from ..data.select import FILTER_NAMES, Filters, check_filters
from ..errors import SpecError
from .columns import DYAD_TABLES, METRIC_TABLES, TABLES

__all__ = [
    "DYAD_TABLES", "LEADING_COLUMNS", "METRIC_TABLES", "MORE_COLUMNS", "STATED", "actor_metrics",
    "council_table", "metrics_table",
]


#: the columns each table starts with, in this order (more may follow); DESIGN.md
LEADING_COLUMNS = {name: list(table.columns) for name, table in TABLES.items()}


#: the columns added with the functional regions (DESIGN.md, "Command line": actors (more),
#: councils (more)); they follow the leading columns (and ``stated_strategy``), in this order
MORE_COLUMNS = {name: list(table.more) for name, table in TABLES.items() if table.more}
#: an optional column that follows the leading columns of the actors table where the data has it
STATED = "stated_strategy"


def actor_metrics(
    model: Model,
    *,
    breadth_threshold: float = 0.5,
    alignment_threshold: float = 0.5,
    seed: int = 42,
    resolution: float = 1.0,
    columns=None,
    **filters: Unpack[Filters],
) -> pd.DataFrame:
    """Every per-actor metric in one table: the ``actors`` table of ``graphmodel metrics``.

    Joins :func:`graphmodel.actor_fragmentation` (partners, configurations,
    fragmentation, home council), :func:`graphmodel.strategy_profile` (breadth against
    the regional menu, strategy, and ``stated_strategy`` where the data has it),
    :func:`graphmodel.centrality` (strength, betweenness; sampled on large data, see
    there), :func:`graphmodel.hosting` (hosted, hosted_members: the motor) and
    :func:`graphmodel.communities` (Louvain community number) and
    :func:`graphmodel.analysis.regions.actor_regions` (BA-region, ba_share,
    cross_county_share: the functional region).

    Parameters
    ----------
    model : Model
    breadth_threshold, alignment_threshold : float
        The strategy quadrant's thresholds (see :func:`graphmodel.strategy_profile`).
    seed, resolution
        Louvain's seed and resolution (see :func:`graphmodel.communities`); ``seed``
        also draws betweenness's sampled sources on large data.
    columns : str or sequence of str, optional
        Only these columns (after ``id`` and ``name``, in the table's order): the parts
        they do not need are not computed, e.g. ``["strategy", "fragmentation"]`` leaves
        out betweenness and Louvain. The values are those of the whole table. Default:
        every column.
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`.

    Returns
    -------
    DataFrame
        One row per kept actor, sorted by id, with the columns ``id, name,
        n_collaborations, n_partners, n_configurations, fragmentation,
        effective_partners, home_council, home_alignment, breadth, strategy,
        strength, hosted, hosted_members, betweenness, community``
        (shared/DESIGN.md, "Command line"), then ``stated_strategy`` where the actors
        table has that column, then ``ba_region, ba_share, cross_county_share``.

    Examples
    --------
    >>> t = actor_metrics(example).round(3)
    >>> t[["id", "n_partners", "breadth", "strength", "betweenness", "community"]]
      id  n_partners  breadth  strength  betweenness  community
    0  a           2    0.667         3        0.000          1
    1  b           2    0.667         3        0.000          1
    2  c           3    0.667         3        0.667          2
    3  d           1    0.333         1        0.000          2
    >>> actor_metrics(example, columns=["strategy", "n_partners"]).columns.tolist()
    ['id', 'name', 'n_partners', 'strategy']
    >>> actor_metrics(example, columns=["wealth"])
    Traceback (most recent call last):
    ...
    graphmodel.errors.SpecError: unknown actors column 'wealth': use one of n_collaborations, ...
    """
    from ..data.select import select
    from .fragmentation import actor_fragmentation, strategy_profile
    from .incidence import louvain_labels, number_communities
    from .regions import actor_regions
    from .structure import centrality, hosting

    filters = check_filters(filters)
    wanted = _wanted_columns(columns)
    def needs(*names: str) -> bool:
        return wanted is None or not wanted.isdisjoint(names)

    frag = actor_fragmentation(model, **filters)
    ids = frag["id"].to_numpy(dtype=object)
    out = frag.copy()
    parts = {}
    if needs("breadth", "strategy", STATED):
        parts["strategy_profile"] = strat = strategy_profile(
            model, breadth_threshold=breadth_threshold,
            alignment_threshold=alignment_threshold, **filters)
    if needs("strength", "betweenness"):
        parts["centrality"] = cent = centrality(model, seed=seed, **filters)
    if needs("hosted", "hosted_members"):
        parts["hosting"] = host = hosting(model, **filters)
    if needs(*MORE_COLUMNS["actors"]):
        parts["actor_regions"] = regions = actor_regions(model, **filters)
    for name, other in parts.items():
        if not np.array_equal(other["id"].to_numpy(dtype=object), ids):  # pragma: no cover
            raise AssertionError(f"{name} returned other actors than actor_fragmentation")
    if "strategy_profile" in parts:
        out["breadth"] = strat["breadth"].to_numpy()
        out["strategy"] = strat["strategy"].to_numpy(dtype=object)
        if STATED in strat.columns:
            out[STATED] = strat[STATED].to_numpy(dtype=object)
    if "centrality" in parts:
        out["strength"] = cent["strength"].to_numpy()
    if "hosting" in parts:
        out["hosted"] = host["hosted"].to_numpy()
        out["hosted_members"] = host["hosted_members"].to_numpy()
    if "centrality" in parts:
        out["betweenness"] = cent["betweenness"].to_numpy()
    if needs("community"):
        sel = select(model, **filters)
        out["community"] = number_communities(
            sel.actor_ids, louvain_labels(sel, seed=seed, resolution=resolution))
    if "actor_regions" in parts:
        for column in MORE_COLUMNS["actors"]:
            out[column] = regions[column].to_numpy()
    if wanted is not None:
        return out[[c for c in _leading("actors", out.columns)
                    if c in out.columns and (c in ("id", "name") or c in wanted)]]
    return out[_leading("actors", out.columns)]


#: Every column :func:`actor_metrics` can give (``stated_strategy`` only where the data has it)
ACTOR_COLUMNS = (*LEADING_COLUMNS["actors"], STATED, *MORE_COLUMNS["actors"])


def _wanted_columns(columns) -> set[str] | None:
    """``columns`` of :func:`actor_metrics` as a set (``None``: all), each one checked."""
    if columns is None:
        return None
    wanted = {columns} if isinstance(columns, str) else set(columns)
    known = [c for c in ACTOR_COLUMNS if c not in ("id", "name")]
    for name in sorted(wanted):
        if name not in known and name not in ("id", "name"):
            raise SpecError(f"unknown actors column {name!r}: use one of {', '.join(known)}")
    return wanted


def council_table(model: Model, **filters: Unpack[Filters]) -> pd.DataFrame:
    """The ``councils`` table of ``graphmodel metrics``: fragmentation, then functional regions.

    :func:`graphmodel.council_metrics` followed by the columns of
    :func:`graphmodel.analysis.regions.council_regions` (``n_ba_regions, ba_fit,
    crosses_county, host_concentration``), one row per kept council, sorted by id.

    Examples
    --------
    >>> council_table(example)[["id", "n_members", "crosses_county"]].to_dict("records")
    [{'id': 'R', 'n_members': 3, 'crosses_county': False}]
    """
    from .fragmentation import council_metrics
    from .regions import council_regions

    filters = check_filters(filters)
    out = council_metrics(model, **filters)
    regions = council_regions(model, **filters)
    if not np.array_equal(regions["id"].to_numpy(dtype=object),
                          out["id"].to_numpy(dtype=object)):  # pragma: no cover
        raise AssertionError("council_regions returned other councils than council_metrics")
    for column in MORE_COLUMNS["councils"]:
        out[column] = regions[column].to_numpy()
    return out


def _leading(table: str, columns) -> list[str]:
    """The columns of a table in order: :data:`LEADING_COLUMNS` first (the contract of
    DESIGN.md: these columns lead, more may follow), then ``stated_strategy`` where present
    (the first column after them, so stated and practised stay easy to set side by side),
    then :data:`MORE_COLUMNS` where present, the rest as they come."""
    lead = list(LEADING_COLUMNS[table])
    if table == "actors" and STATED in columns:
        lead.append(STATED)
    lead += [c for c in MORE_COLUMNS.get(table, ()) if c in columns]
    return lead + [c for c in columns if c not in lead]


def _table_function(table: str):
    """The function behind a table, from its record (``module:name`` in this package)."""
    import importlib

    module, name = TABLES[table].function.split(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


def metrics_table(model: Model, table: str, **options) -> pd.DataFrame:
    """One metric table by name, as ``graphmodel metrics --table TABLE`` writes it.

    ``table`` is one of :data:`METRIC_TABLES`; ``options`` are the keyword arguments
    of the function behind it (the filters ``as_of``, ``sectors``, … and its own,
    e.g. ``seed`` or ``top``):

    =======================  ==========================================
    table                    function
    =======================  ==========================================
    ``actors``               :func:`actor_metrics`
    ``pairs``                :func:`graphmodel.actor_pairs`
    ``collaboration-pairs``  :func:`graphmodel.collaboration_pairs`
    ``councils``             :func:`council_table`
    ``communities``          :func:`graphmodel.communities`
    ``suggestions``          :func:`graphmodel.suggestions` (every actor)
    ``timeline``             :func:`graphmodel.analysis.timeline`
    ``collaborations``       :func:`graphmodel.analysis.regions.collaboration_metrics`
    ``drivers``              :func:`graphmodel.analysis.dyads.drivers`
    ``expected-pairs``       :func:`graphmodel.analysis.dyads.expected_pairs`
    =======================  ==========================================

    The columns of :data:`LEADING_COLUMNS` come first, in that order.

    Raises
    ------
    SpecError
        Unknown table, or an option the table does not take.

    Examples
    --------
    >>> metrics_table(example, "pairs")[["a", "b", "shared", "jaccard"]].to_dict("records")[0]
    {'a': 'a', 'b': 'b', 'shared': 2, 'jaccard': 1.0}
    >>> metrics_table(example, "people")
    Traceback (most recent call last):
    ...
    graphmodel.errors.SpecError: unknown table 'people': use one of actors, pairs, collaboration-pairs, councils, communities, suggestions, timeline, collaborations, drivers, expected-pairs
    """
    if table not in METRIC_TABLES:
        raise SpecError(f"unknown table {table!r}: use one of {', '.join(METRIC_TABLES)}")
    function = _table_function(table)
    parameters = inspect.signature(function).parameters.values()
    accepted = [
        p.name for p in parameters
        if p.kind is inspect.Parameter.KEYWORD_ONLY
        or (p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p.name not in ("model",))
    ]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        accepted += FILTER_NAMES  # ``**filters: Unpack[Filters]``
    if table == "suggestions":
        accepted = [p for p in accepted if p != "actor"]  # the table covers every actor
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise SpecError(
            f"the {table} table does not take {', '.join(unknown)}: "
            f"use {', '.join(sorted(accepted))}"
        )
    frame = function(model, **options)
    if options.get("columns") is not None:  # some columns of the actors table only
        return frame
    return frame[_leading(table, frame.columns)]
