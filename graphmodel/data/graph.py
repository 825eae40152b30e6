"""The networkx graph of a model: typed nodes, membership and part-of edges, filters."""

from __future__ import annotations

from typing import Unpack

import networkx as nx
import pandas as pd

from .model import Model
from .select import Filters, check_filters, select

__all__ = ["GRAPH_ATTRIBUTES", "to_graph"]

#: node attributes the graph sets itself (DESIGN.md "The graph"); a data column of the same
#: name is kept as ``column:<name>`` (``column:layer``)
GRAPH_ATTRIBUTES = ("layer",)
#: the filters' defaults for the graph: every kind of collaboration and of actor
GRAPH_FILTERS = {"kinds": None, "actor_kinds": None}


def _clean(value):
    """NaN/NaT become None, Timestamps ISO strings: attributes that JSON and pyvis accept."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date().isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _node(record: dict, layer: str) -> tuple[str, dict]:
    """``(id, attributes)`` of one row: ``layer``, then every other column."""
    attrs = {"layer": layer}
    for key, value in record.items():
        if key != "id":
            attrs[f"column:{key}" if key in GRAPH_ATTRIBUTES else key] = _clean(value)
    return record["id"], attrs


def to_graph(
    model: Model,
    *,
    include_observers: bool = True,
    **filters: Unpack[Filters],
) -> nx.DiGraph:
    """The model as a directed graph (DESIGN.md, "The graph").

    One node per actor and per kept collaboration (attributes: every column, plus
    ``layer`` = ``"actor"`` or ``"collaboration"``); an edge actor → collaboration per
    membership (``relation="member"``, ``role``, ``start``, ``end``, ``share``); an edge
    collaboration → parent (``relation="part_of"``) when both are kept. The filters are
    those of :func:`graphmodel.data.select`, but by default every kind is kept and
    observers are drawn. Actors the filters keep appear even when they are in nothing.

    Extra columns become attributes too, whatever their name: attributes are passed as
    a dict, so a column called ``node_for_adding`` or ``self`` cannot clash with
    networkx's arguments; a column named like an attribute the graph sets itself
    (:data:`GRAPH_ATTRIBUTES`: ``layer``) is kept as ``column:layer``.

    Parameters
    ----------
    model : Model
    include_observers : bool
        Draw ``observer`` memberships (default ``True``).
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`; here ``kinds`` and ``actor_kinds``
        default to ``None`` (every kind).

    Examples
    --------
    >>> g = to_graph(example)  # 5 actors and R, s1, s2, s3 (s4 has ended)
    >>> g.number_of_nodes(), g.number_of_edges()
    (9, 13)
    >>> g.edges["f", "R"]["relation"], g.edges["f", "R"]["role"], g.edges["s1", "R"]["relation"]
    ('member', 'observer', 'part_of')
    >>> g.nodes["s1"]["layer"], g.edges["a", "s1"]["role"]
    ('collaboration', 'host')
    """
    filters = check_filters(filters, defaults=GRAPH_FILTERS)
    sel = select(model, include_observers=include_observers, **filters)
    g = nx.DiGraph(name=model.name, as_of=sel.filters["as_of"])
    for layer, frame in (("actor", sel.actors), ("collaboration", sel.collaborations)):
        g.add_nodes_from(_node(rec, layer) for rec in frame.to_dict("records"))
    for rec in sel.memberships.to_dict("records"):
        g.add_edge(
            rec["actor"], rec["collaboration"], relation="member", role=rec["role"],
            start=_clean(rec["start"]), end=_clean(rec["end"]), share=_clean(rec["share"]),
        )
    kept = set(sel.collaboration_ids)
    for child, parent in zip(sel.collaborations["id"], sel.collaborations["parent"]):
        if parent and parent in kept:
            g.add_edge(child, parent, relation="part_of")
    return g
