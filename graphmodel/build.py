"""The networkx graph of a model: typed nodes, membership and part-of edges, filters."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .model import Model
from .select import select

__all__ = ["to_graph"]


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


def to_graph(
    model: Model,
    *,
    as_of=None,
    sectors=None,
    kinds=None,
    actor_kinds=None,
    status=("active",),
    countries=None,
    regions=None,
    include_observers: bool = True,
) -> nx.DiGraph:
    """The model as a directed graph (DESIGN.md, "The graph").

    One node per actor and per kept collaboration (attributes: every column, plus
    ``layer`` = ``"actor"`` or ``"collaboration"``); an edge actor → collaboration per
    membership (``relation="member"``, ``role``, ``start``, ``end``, ``share``); an edge
    collaboration → parent (``relation="part_of"``) when both are kept. The filters are
    those of :func:`graphmodel.select`, but by default every kind is kept and
    observers are drawn. Actors the filters keep appear even when they are in nothing.

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["r", "s"], "name": ["R", "S"], "kind": ["council", "service"],
    ...                   "parent": ["", "r"]}),
    ...     pd.DataFrame({"actor": ["a", "b", "a"], "collaboration": ["r", "r", "s"],
    ...                   "role": ["member", "observer", "host"]}),
    ... )
    >>> g = to_graph(m)
    >>> sorted(g.edges(data="relation"))
    [('a', 'r', 'member'), ('a', 's', 'member'), ('b', 'r', 'member'), ('s', 'r', 'part_of')]
    >>> g.nodes["s"]["layer"], g.edges["a", "s"]["role"]
    ('collaboration', 'host')
    """
    sel = select(
        model, as_of=as_of, sectors=sectors, kinds=kinds, actor_kinds=actor_kinds,
        status=status, countries=countries, regions=regions,
        include_observers=include_observers,
    )
    g = nx.DiGraph(name=model.name, as_of=sel.filters["as_of"])
    for layer, frame in (("actor", sel.actors), ("collaboration", sel.collaborations)):
        for rec in frame.to_dict("records"):
            attrs = {k: _clean(v) for k, v in rec.items()}
            node = attrs.pop("id")
            g.add_node(node, layer=layer, **attrs)
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
