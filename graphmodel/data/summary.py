"""Counts of a dataset by kind, sector, status and role, as a table or a short text."""

from __future__ import annotations

from typing import Unpack

import pandas as pd

from ..i18n import (
    current_language,
    date,
    integer,
    kind_label,
    role_label,
    sector_label,
    status_label,
    tr,
)
from .model import Model
from .select import Filters, check_filters, effective_status, parse_date, select

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


def _tables(model: Model, filters: dict) -> dict[str, pd.DataFrame]:
    """What the summary counts: every kind, and every status without a date; with a date,
    what was in force (``status`` active by default), its status as the dates read it."""
    defaults = {"kinds": None, "actor_kinds": None, "status": None}
    if parse_date(filters.get("as_of")) is not None:
        defaults["status"] = ("active",)
    filters = check_filters(filters, defaults=defaults)
    sel = select(model, include_observers=True, **filters)
    collaborations = sel.collaborations
    collaborations["status"] = effective_status(collaborations, sel.as_of)
    return {"actors": sel.actors, "collaborations": collaborations,
            "memberships": sel.memberships}


def summary_counts(model: Model, **filters: Unpack[Filters]) -> pd.DataFrame:
    """How many actors, collaborations and memberships there are of each kind.

    Parameters
    ----------
    model : Model
    **filters : Unpack[Filters]
        The filters of :func:`graphmodel.data.select`, with other defaults: every kind of
        actor and collaboration, and every status when there is no date. With a date
        (``as_of``, a bare year means 1 January) the one time rule of DESIGN.md
        "Time" decides (:func:`graphmodel.data.select.in_force`), as for every metric
        table: only what was in force on that day counts, status ``active`` by
        default (an ``ended`` collaboration counts as ``active`` inside its dates;
        ``planned`` ones only when asked for, ``status=("active", "planned")``), and
        statuses are counted as the dates read them; memberships in force that day in
        a kept collaboration (observers included), and every kept actor (actors have
        no dates).

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
    >>> summary_counts(m, as_of="2010")["count"].tolist()
    [2, 2, 1, 1, 2, 3]
    """
    tables = _tables(model, filters)
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


def summary(model: Model, **filters: Unpack[Filters]) -> str:
    """A short plain-text account of the dataset: name, counts and number of warnings.

    The text depends only on the data (not on the CSV dialect it was read from), so
    the same data gives the same text. The filters work as in :func:`summary_counts`.
    It is written in the language in use (:mod:`graphmodel.i18n`): in English the values
    are the data's own codes (``municipality``), in Norwegian and Swedish their plain
    words (:func:`~graphmodel.i18n.kind_label` and the like); numbers and dates as the
    language writes them.

    Examples
    --------
    >>> print(summary(example))
    Dataset: example
    Actors: 5
      kind: county 1, municipality 4
    Collaborations: 5
      kind: council 1, service 4
      sector: archive 1, fire 1, general 1, health 1, water 1
      status: active 4, ended 1
    Memberships: 13
      role: host 4, member 8, observer 1
    Warnings: 0
    >>> from graphmodel.i18n import use_language
    >>> with use_language("nb"):  # s4 ended in 2009
    ...     print(summary(example, as_of="2020"))
    Datasett: example
    Per dato: 01.01.2020
    Aktører: 5
      type: Fylkeskommuner 1, Kommuner 4
    Samarbeid: 4
      type: Regionråd 1, Tjenestesamarbeid 3
      sektor: Brann og redning 1, Generelt / politisk 1, Helse 1, Vann og avløp 1
      status: I kraft 4
    Medlemskap: 11
      rolle: medlem 6, observatør 1, vertskommune 4
    Advarsler: 0
    """
    tables = _tables(model, filters)
    counts = summary_counts(model, **filters)
    words = current_language() != "en"
    lines = [tr("Dataset: {name}", name=model.name)]
    day = parse_date(filters.get("as_of"))
    if day is not None:
        lines.append(tr("As of: {date}", date=date(day)))
    for table in ("actors", "collaborations", "memberships"):
        lines.append(_HEADINGS[table](integer(len(tables[table]))))
        mine = counts[counts["table"] == table]
        for field in dict.fromkeys(mine["field"]):
            rows = mine[mine["field"] == field]
            pairs = [(_value_word(field, v, words), integer(n))
                     for v, n in zip(rows["value"], rows["count"])]
            if words:  # in the order of the words shown, not of the codes
                pairs.sort(key=lambda pair: pair[0].casefold())
            items = ", ".join(f"{word} {n}" for word, n in pairs)
            lines.append(f"  {_FIELDS[field]()}: {items}")
    lines.append(tr("Warnings: {n}", n=integer(len(model.warnings))))
    return "\n".join(lines)


#: the heading of each table's counts (written out so that the extraction finds them)
_HEADINGS = {
    "actors": lambda n: tr("Actors: {n}", n=n),
    "collaborations": lambda n: tr("Collaborations: {n}", n=n),
    "memberships": lambda n: tr("Memberships: {n}", n=n),
}
#: the word for each counted field, in lower case as the text shows it
_FIELDS = {
    "kind": lambda: tr("kind"),
    "sector": lambda: tr("sector"),
    "status": lambda: tr("status"),
    "role": lambda: tr("role"),
}
_LABELS = {"kind": kind_label, "sector": sector_label, "status": status_label,
           "role": role_label}


def _value_word(field: str, value, words: bool) -> str:
    """A counted value: its plain words (``words``), else the code; no value is "(none)"."""
    if words:
        return _LABELS[field](value or "")
    return str(value) if value else tr("(none)")
