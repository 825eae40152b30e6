"""The graph as files for Gephi and other tools: GEXF and GraphML with typed attributes.

Both files hold the graph of :func:`graphmodel.to_graph` (one node per actor and per
collaboration, membership and part-of edges), written by networkx's own writers. By default
*everything* is exported (every collaboration kind, actor kind and status); pass any filter
of :class:`graphmodel.data.select.Filters` to narrow it.

Attributes keep their types: integers (``population``) as integers, decimals (``lat``,
``lon``, ``share``) as doubles, dates as ISO text (``YYYY-MM-DD``), text as text; empty cells
(NaN, NaT, ``None``) are left out rather than written as ``"nan"``. An attribute whose
values mix types across nodes is written as text throughout. Characters XML cannot hold
(control characters, lone surrogates) become U+FFFD, so any Unicode gives a valid file.

In GEXF each node's ``label`` is its name, and ``start``/``end`` become the node's and
edge's time spells (``timeformat="date"``), which Gephi's timeline reads. Extra columns
whose names GEXF reserves (``label``, ``pid``, ``viz``, …) are written with a trailing
``_`` (``label_``).

Examples
--------
>>> import io, networkx as nx, pandas as pd
>>> from graphmodel.data import Model
>>> m = Model.from_frames(
...     pd.DataFrame({"id": ["a", "b"], "name": ["Å", "B"], "kind": "municipality",
...                   "population": [1200, None]}),
...     pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service", "start": ["2010-05-01"]}),
...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]}),
... )
>>> g = nx.read_gexf(io.BytesIO(gexf_bytes(m)))
>>> sorted(g.nodes), g.nodes["a"]["population"], "population" in g.nodes["b"]
(['a', 'b', 'c'], 1200, False)
>>> g.nodes["a"]["label"], g.nodes["c"]["start"]
('Å', '2010-05-01')
>>> h = nx.read_graphml(io.BytesIO(graphml_bytes(m)))
>>> h.nodes["a"]["population"], h.nodes["c"]["layer"], h.number_of_edges()
(1200, 'collaboration', 2)
"""

from __future__ import annotations

import io
import math
import re
from datetime import date, datetime
from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import SpecError
from .graph import to_graph
from .model import Model
from .select import Filters, check_filters

__all__ = [
    "EXPORT_FILTERS",
    "GRAPH_FORMATS",
    "export_graph",
    "gexf_bytes",
    "graphml_bytes",
    "to_gexf",
    "to_graphml",
    "write_graph",
]

#: the filters an export uses unless told otherwise: everything in the data
EXPORT_FILTERS: Filters = {"kinds": None, "actor_kinds": None, "status": None}
#: file suffix -> format name, for :func:`write_graph`
GRAPH_FORMATS = {".gexf": "gexf", ".graphml": "graphml"}

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates, U+FFFE, U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# names networkx's GEXF writer takes as structure, not as attributes
_GEXF_NODE_RESERVED = {"id", "label", "pid", "viz", "parents", "spells", "slices"}
_GEXF_EDGE_RESERVED = {"id", "label", "weight", "type", "key", "viz", "spells", "slices"}


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _value(value):
    """An attribute value as int, float, bool or XML-safe str; ``None`` when empty."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalar
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    try:
        if pd.isna(value):  # NaT, NA
            return None
    except (TypeError, ValueError):  # not a scalar
        pass
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _text(str(value))


def _attributes(data: dict) -> dict:
    out = {}
    for key, value in data.items():
        value = _value(value)
        if value is not None:
            out[_text(str(key))] = value
    return out


def _unify(records) -> None:
    """Give each attribute one type across ``records`` (in place): int+float -> float, else str."""
    kinds: dict[str, set[type]] = {}
    for data in records:
        for key, value in data.items():
            kinds.setdefault(key, set()).add(type(value))
    for key, seen in kinds.items():
        if len(seen) < 2:
            continue
        cast = float if seen == {int, float} else str
        for data in records:
            if key in data:
                data[key] = cast(data[key])


def _rename_reserved(data: dict, reserved: set[str]) -> dict:
    out = {}
    for key, value in data.items():
        if key in reserved:
            new = key + "_"
            while new in data or new in out:
                new += "_"
            key = new
        out[key] = value
    return out


def export_graph(model: Model, **filters) -> nx.DiGraph:
    """The graph to write: :func:`graphmodel.to_graph` of everything (unless filtered), with
    typed, XML-safe attributes and empty values left out.

    Parameters
    ----------
    model : Model
    **filters
        Any of :data:`graphmodel.data.select.FILTER_NAMES`; ``kinds``, ``actor_kinds`` and
        ``status`` default to ``None`` (everything), see :data:`EXPORT_FILTERS`.

    Raises
    ------
    SpecError
        For a keyword that is not a filter.
    """
    check_filters({k: v for k, v in filters.items() if k != "include_observers"})
    g = to_graph(model, **{**EXPORT_FILTERS, **filters})
    out = nx.DiGraph()
    out.graph.update(_attributes(g.graph))
    nodes = [(_text(str(n)), _attributes(d)) for n, d in g.nodes(data=True)]
    edges = [(_text(str(u)), _text(str(v)), _attributes(d)) for u, v, d in g.edges(data=True)]
    _unify([d for _, d in nodes])
    _unify([d for _, _, d in edges])
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


def _gexf_graph(model: Model, filters) -> nx.DiGraph:
    g = export_graph(model, **filters)
    out = nx.DiGraph()
    out.graph.update(g.graph)
    for node, data in g.nodes(data=True):
        data = _rename_reserved(data, _GEXF_NODE_RESERVED)
        data["label"] = data.get("name") or node
        out.add_node(node, **data)
    for u, v, data in g.edges(data=True):
        out.add_edge(u, v, **_rename_reserved(data, _GEXF_EDGE_RESERVED))
    return out


def gexf_bytes(model: Model, **filters) -> bytes:
    """The graph as a GEXF 1.2 file (UTF-8 bytes), for Gephi; see :func:`export_graph`."""
    buf = io.BytesIO()
    nx.write_gexf(_gexf_graph(model, filters), buf)
    return buf.getvalue()


def graphml_bytes(model: Model, **filters) -> bytes:
    """The graph as a GraphML file (UTF-8 bytes); see :func:`export_graph`."""
    buf = io.BytesIO()
    nx.write_graphml(export_graph(model, **filters), buf)
    return buf.getvalue()


def to_gexf(model: Model, path, **filters) -> Path:
    """Write the graph as GEXF to ``path`` (for Gephi) and return the path."""
    path = Path(path)
    path.write_bytes(gexf_bytes(model, **filters))
    return path


def to_graphml(model: Model, path, **filters) -> Path:
    """Write the graph as GraphML to ``path`` and return the path."""
    path = Path(path)
    path.write_bytes(graphml_bytes(model, **filters))
    return path


def write_graph(model: Model, path, **filters) -> Path:
    """Write the graph in the format its suffix names (``.gexf`` or ``.graphml``).

    Raises
    ------
    SpecError
        For any other suffix.
    """
    path = Path(path)
    kind = GRAPH_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SpecError(f"cannot write a graph as {path.suffix or 'a file without a suffix'!r}:"
                        f" use {' or '.join(GRAPH_FORMATS)}")
    return (to_gexf if kind == "gexf" else to_graphml)(model, path, **filters)
