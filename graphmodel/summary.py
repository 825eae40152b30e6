"""Counts of a dataset by kind, sector, status and role, as a table or a short text."""

from __future__ import annotations

import pandas as pd

from .model import Model
from .select import parse_date, select

__all__ = ["summary", "summary_counts"]

#: (table, field) pairs counted, in output order
GROUPS = (
    ("actors", "kind"),
    ("collaborations", "kind"),
    ("collaborations", "sector"),
    ("collaborations", "status"),
    ("memberships", "role"),
)
COLUMNS = ["table", "field", "value", "count"]


def _tables(model: Model, as_of) -> dict[str, pd.DataFrame]:
    if as_of is None:
        return {"actors": model.actors, "collaborations": model.collaborations,
                "memberships": model.memberships}
    sel = select(model, as_of=as_of, kinds=None, actor_kinds=None, status=None,
                 include_observers=True)
    return {"actors": sel.actors, "collaborations": sel.collaborations,
            "memberships": sel.memberships}


def summary_counts(model: Model, as_of=None) -> pd.DataFrame:
    """How many actors, collaborations and memberships there are of each kind.

    Parameters
    ----------
    model : Model
    as_of : date-like, optional
        Count only what is active on that day, as ``select(model, as_of=as_of,
        kinds=None, actor_kinds=None, status=None, include_observers=True)`` keeps it:
        collaborations whose dates cover the day (of any status; a row without dates
        counts as active), memberships active that day in a kept collaboration
        (observers included), and every actor (actors have no dates).

    Returns
    -------
    pandas.DataFrame
        Columns ``table, field, value, count``: actors by ``kind``; collaborations by
        ``kind``, ``sector`` and ``status``; memberships by ``role``. ``value`` is ``""``
        for an empty cell (no sector). Only values that occur are listed; rows are
        sorted by table, field and value.

    Examples
    --------
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["c", "d"], "name": ["C", "D"], "kind": "service",
    ...                   "sector": ["health", ""], "end": ["2010-12-31", ""]}),
    ...     pd.DataFrame({"actor": ["a", "b", "a"], "collaboration": ["c", "c", "d"]}),
    ... )
    >>> summary_counts(m)
                table   field         value  count
    0          actors    kind  municipality      2
    1  collaborations    kind       service      2
    2  collaborations  sector                    1
    3  collaborations  sector        health      1
    4  collaborations  status        active      2
    5     memberships    role        member      3
    >>> summary_counts(m, as_of="2020-01-01")["count"].tolist()
    [2, 1, 1, 1, 1]
    """
    tables = _tables(model, as_of)
    parts = []
    for table, field in GROUPS:
        counts = tables[table][field].astype(object).value_counts(sort=False)
        parts.append(pd.DataFrame({
            "table": table, "field": field,
            "value": counts.index.to_numpy(dtype=object),
            "count": counts.to_numpy(dtype="int64"),
        }))
    out = pd.concat(parts, ignore_index=True)
    out = out.astype({"table": object, "field": object, "value": object, "count": "int64"})
    out = out.sort_values(["table", "field", "value"], kind="stable").reset_index(drop=True)
    return out[COLUMNS]


def summary(model: Model, as_of=None) -> str:
    """A short plain-text account of the dataset: name, counts and number of warnings.

    The text depends only on the data (not on the CSV dialect it was read from), so
    the same data gives the same text. ``as_of`` filters as in :func:`summary_counts`.

    Examples
    --------
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["c"], "name": ["C"], "kind": "service", "sector": "health"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["c", "c"]}),
    ...     name="demo",
    ... )
    >>> print(summary(m))
    Dataset: demo
    Actors: 2
      kind: municipality 2
    Collaborations: 1
      kind: service 1
      sector: health 1
      status: active 1
    Memberships: 2
      role: member 2
    Warnings: 0
    """
    tables = _tables(model, as_of)
    counts = summary_counts(model, as_of=as_of)
    lines = [f"Dataset: {model.name}"]
    if as_of is not None:
        lines.append(f"As of: {parse_date(as_of):%Y-%m-%d}")
    for table in ("actors", "collaborations", "memberships"):
        lines.append(f"{table.capitalize()}: {len(tables[table])}")
        mine = counts[counts["table"] == table]
        for field in dict.fromkeys(mine["field"]):
            rows = mine[mine["field"] == field]
            items = ", ".join(f"{v or '(none)'} {n}" for v, n in zip(rows["value"], rows["count"]))
            lines.append(f"  {field}: {items}")
    lines.append(f"Warnings: {len(model.warnings)}")
    return "\n".join(lines)
