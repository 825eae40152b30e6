"""Small, cached summaries the Overlap, Fragmentation and Profile pages draw from.

The library's tables are exact but some are large on national data (France: 6.3 million
actor pairs). The pages never need them whole: they need the pairs among the 70 actors on
screen, one actor's partners, each actor's total, or a group × group summary. These come
straight from the selection's sparse membership matrix ``B`` (actors × collaborations, the
same matrix :func:`graphmodel.actor_pairs` multiplies), so they agree with the library to
the definition, and each is cached (``st.cache_data``) on the data's content hash and the
options, returning only what is drawn.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
import streamlit as st

import graphmodel as gm
from graphmodel.i18n import current_language, tr

from .cache import freeze

__all__ = [
    "actor_groups",
    "decimal",
    "group_matrix",
    "group_sectors",
    "pairs_among",
    "partners",
]


def _key(filters: dict) -> tuple:
    return tuple(sorted((k, freeze(v)) for k, v in filters.items()))


def _selection(model: gm.Model, arguments: tuple):
    sel = gm.select(model, **dict(arguments))
    B = sp.csr_matrix(sel.B, dtype=np.int64)
    B.data[:] = 1  # one membership per (actor, collaboration), as the library counts
    return sel, B


# --------------------------------------------------------------------------- pairs

@st.cache_data(show_spinner=False, max_entries=64)
def _pairs_among(data_hash: str, arguments: tuple, ids: tuple, _model: gm.Model) -> pd.DataFrame:
    sel, B = _selection(_model, arguments)
    row = {a: i for i, a in enumerate(sel.actor_ids)}
    keep = sorted(row[a] for a in ids if a in row)
    degree = np.asarray(B.sum(axis=1)).ravel()
    sub = B[keep]
    shared = (sub @ sub.T).toarray()
    i, j = np.triu_indices(len(keep), k=1)
    s = shared[i, j]
    nz = s > 0
    i, j, s = i[nz], j[nz], s[nz]
    gi, gj = np.asarray(keep)[i], np.asarray(keep)[j]
    names = sel.actors["name"].astype(object).fillna("").to_numpy(dtype=object)
    ids_all = np.asarray(sel.actor_ids, dtype=object)
    return pd.DataFrame({
        "a": ids_all[gi], "b": ids_all[gj], "shared": s.astype(np.int64),
        "jaccard": s / (degree[gi] + degree[gj] - s),
        "a_name": names[gi], "b_name": names[gj],
    })


def pairs_among(model: gm.Model, filters: dict, ids) -> pd.DataFrame:
    """``a, b, shared, jaccard, a_name, b_name`` for the pairs of ``ids`` that share (``a``
    before ``b`` in id order), equal to those rows of :func:`graphmodel.actor_pairs`."""
    return _pairs_among(model.content_hash(), _key(filters), tuple(sorted(ids)), model)


@st.cache_data(show_spinner=False, max_entries=64)
def _partners(data_hash: str, arguments: tuple, actor: str, _model: gm.Model) -> pd.DataFrame:
    sel, B = _selection(_model, arguments)
    ids = list(sel.actor_ids)
    columns = ["partner", "partner_name", "shared", "jaccard"]
    if actor not in ids:
        return pd.DataFrame(columns=columns)
    r = ids.index(actor)
    degree = np.asarray(B.sum(axis=1)).ravel()
    shared = np.asarray((B @ B[r].T).todense()).ravel()
    shared[r] = 0
    k = np.flatnonzero(shared)
    names = sel.actors["name"].astype(object).fillna("").to_numpy(dtype=object)
    out = pd.DataFrame({
        "partner": np.asarray(ids, dtype=object)[k], "partner_name": names[k],
        "shared": shared[k].astype(np.int64),
        "jaccard": shared[k] / (degree[k] + degree[r] - shared[k]),
    }, columns=columns)
    return out.sort_values(["shared", "partner_name"], ascending=[False, True],
                           ignore_index=True)


def partners(model: gm.Model, filters: dict, actor: str) -> pd.DataFrame:
    """The actors ``actor`` shares at least one collaboration with: ``partner``,
    ``partner_name``, ``shared``, ``jaccard``, most shared first."""
    return _partners(model.content_hash(), _key(filters), actor, model)


# --------------------------------------------------------------------------- groups

def _numbered(labels: list[str]) -> list[str]:
    """Make labels unique by numbering repeats: ["A", "A", "B"] → ["A 1", "A 2", "B"]."""
    counts = pd.Series(labels).value_counts()
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            out.append(f"{label} {seen[label]}")
        else:
            out.append(label)
    return out


@st.cache_data(show_spinner=False, max_entries=32)
def _actor_groups(data_hash: str, arguments: tuple, order: str, members: tuple | None,
                  lang: str, _model: gm.Model) -> pd.DataFrame:
    f = dict(arguments)
    sel, B = _selection(_model, arguments)
    frag = gm.actor_fragmentation(_model, **f)[["id", "name", "n_collaborations",
                                                "home_council"]]
    # strength(a) = Σ_b≠a shared(a, b) = Σ_{c ∋ a} (|m(c)| − 1): no pair table needed
    size = np.asarray(B.sum(axis=0)).ravel()
    strength = pd.Series(B @ (size - 1), index=list(sel.actor_ids))
    people = frag[frag["n_collaborations"] > 0].copy()
    if members is not None:
        people = people[people["id"].isin(set(members))]
    people["strength"] = people["id"].map(strength).fillna(0).astype(np.int64)
    council_names = dict(zip(_model.collaborations["id"], _model.collaborations["name"]))
    home = people["home_council"].fillna("")
    if order == "council":
        people["group"] = home.map(lambda c: str(council_names.get(c, c)) if c
                                   else tr("(no council)"))
    else:
        comm = gm.communities(_model, **f)[["id", "community"]]
        people = people.merge(comm, on="id", how="left")
        labels = {}
        for number, part in people.groupby("community", sort=True):
            homes = part["home_council"].fillna("")
            homes = homes[homes != ""]
            if len(homes):  # the council most of its members call home
                top = homes.value_counts().sort_index().sort_values(
                    ascending=False, kind="stable").index[0]
                labels[number] = str(council_names.get(top, top))
            else:  # no council: name it after its most connected member
                lead = part.sort_values(["strength", "name"], ascending=[False, True])
                labels[number] = tr("Around {name}", name=str(lead["name"].iloc[0]))
        keys = sorted(labels)
        unique = dict(zip(keys, _numbered([labels[k] for k in keys])))
        people["group"] = people["community"].map(unique).fillna(tr("(none)"))
        people = people.drop(columns=["community"])
    return people.reset_index(drop=True)


def actor_groups(model: gm.Model, filters: dict, order: str,
                 members: frozenset | None) -> pd.DataFrame:
    """The actors in at least one kept collaboration: ``id, name, n_collaborations,
    home_council, strength, group``. ``group`` is the home council's name (``order ==
    "council"``) or the detected community, named after the council most of its members
    call home (numbered where two share one), else after its most connected member."""
    return _actor_groups(model.content_hash(), _key(filters), order,
                         None if members is None else tuple(sorted(members)),
                         current_language(), model)


def _indicator(people: pd.DataFrame, sel, groups: list[str]) -> sp.csr_matrix:
    row = {a: i for i, a in enumerate(sel.actor_ids)}
    col = {g: k for k, g in enumerate(groups)}
    kept = people[people["group"].isin(col)]
    r = kept["id"].map(row).to_numpy(dtype=np.int64)
    c = kept["group"].map(col).to_numpy(dtype=np.int64)
    return sp.csr_matrix((np.ones(len(r), dtype=np.int64), (r, c)),
                         shape=(len(sel.actor_ids), len(groups)))


@st.cache_data(show_spinner=False, max_entries=32)
def _group_matrix(data_hash: str, arguments: tuple, order: str, members: tuple | None,
                  lang: str, limit: int, _model: gm.Model) -> tuple[pd.DataFrame, pd.DataFrame]:
    people = _actor_groups(data_hash, arguments, order, members, lang, _model)
    sel, B = _selection(_model, arguments)
    sizes = people.groupby("group").agg(n=("id", "size"), strength=("strength", "sum"))
    sizes = sizes.sort_values(["n", "strength"], ascending=False).head(limit)
    groups = sorted(sizes.index)
    G = _indicator(people, sel, groups)
    A = (G.T @ B).tocsr()  # groups × collaborations: members of the group in it
    A.data[:] = 1
    both = (A @ A.T).toarray()
    deg = np.diag(both).copy()
    i, j = np.meshgrid(np.arange(len(groups)), np.arange(len(groups)), indexing="ij")
    union = deg[i] + deg[j] - both
    with np.errstate(invalid="ignore", divide="ignore"):
        jac = np.where(union > 0, both / np.maximum(union, 1), 0.0)
    mask = (i < j) & (both > 0)
    pairs = pd.DataFrame({
        "a": np.asarray(groups, dtype=object)[i[mask]],
        "b": np.asarray(groups, dtype=object)[j[mask]],
        "shared": both[mask].astype(np.int64), "jaccard": jac[mask],
    })
    table = pd.DataFrame({"id": groups, "label": groups, "group": groups,
                          "n_members": sizes.loc[groups, "n"].to_numpy(),
                          "n_collaborations": deg.astype(np.int64)})
    return table, pairs


def group_matrix(model: gm.Model, filters: dict, order: str, members: frozenset | None,
                 limit: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The groups of :func:`actor_groups` (the ``limit`` largest) and, for each pair of
    them, ``shared``: the kept collaborations with members in both groups, and
    ``jaccard`` of the two groups' collaboration sets."""
    return _group_matrix(model.content_hash(), _key(filters), order,
                         None if members is None else tuple(sorted(members)),
                         current_language(), limit, model)


@st.cache_data(show_spinner=False, max_entries=32)
def _group_sectors(data_hash: str, arguments: tuple, order: str, members: tuple | None,
                   lang: str, groups: tuple, _model: gm.Model) -> pd.DataFrame:
    from graphmodel.i18n import sector_label

    people = _actor_groups(data_hash, arguments, order, members, lang, _model)
    sel, B = _selection(_model, arguments)
    G = _indicator(people, sel, list(groups))
    A = (G.T @ B).tocoo()  # groups × collaborations
    sector = sel.collaborations["sector"].fillna("").to_numpy(dtype=object)
    frame = pd.DataFrame({"group": np.asarray(groups, dtype=object)[A.row],
                          "sector": sector[A.col], "members": A.data})
    out = frame.groupby(["group", "sector"]).agg(
        agreements=("members", "size"), memberships=("members", "sum")).reset_index()
    out["sector_label"] = out["sector"].map(sector_label)
    return out


def group_sectors(model: gm.Model, filters: dict, order: str, members: frozenset | None,
                  groups) -> pd.DataFrame:
    """Group × sector: ``agreements`` (kept collaborations of the sector with a member in
    the group) and ``memberships`` (the group's memberships in them)."""
    return _group_sectors(model.content_hash(), _key(filters), order,
                          None if members is None else tuple(sorted(members)),
                          current_language(), tuple(groups), model)


def decimal(values: Any, digits: int = 2) -> pd.Series:
    """Numbers as text in the language in use (``0,67`` in nb and sv), blank where missing.

    Vectorised (a France-sized column takes milliseconds); for short texts use
    :func:`graphmodel.i18n.number`.
    """
    s = pd.Series(values, dtype=float)
    text = s.round(digits).map(lambda v: "" if math.isnan(v) else f"{v:.{digits}f}")
    if current_language() in ("nb", "sv"):
        text = text.str.replace(".", ",", regex=False)
    return text
