"""Option lists for the pickers (municipalities, councils, dates) and the "Members of" filter."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.data import council_members

__all__ = ["actor_options", "council_filter", "council_options", "date_span", "only_members"]


@st.cache_data(show_spinner=False, max_entries=32)
def _actor_options(data_hash: str, _model: gm.Model) -> dict[str, str]:
    a = _model.actors.sort_values(["name", "id"], kind="stable")
    a = a[a["kind"] == "municipality"] if (a["kind"] == "municipality").any() else a
    return dict(zip(a["id"], a["name"]))


def actor_options(model: gm.Model) -> dict[str, str]:
    """id → name of the municipalities (every actor when there are none), sorted by name."""
    return _actor_options(model.content_hash(), model)


@st.cache_data(show_spinner=False, max_entries=32)
def _council_options(data_hash: str, _model: gm.Model) -> dict[str, str]:
    c = _model.collaborations
    c = c[c["kind"].isin(["council", "network"])].copy()
    c["order"] = (c["kind"] != "council").astype(int)  # councils first, then networks
    c = c.sort_values(["order", "name", "id"], kind="stable")
    return dict(zip(c["id"], c["name"]))


def council_options(model: gm.Model) -> dict[str, str]:
    """id → name of the councils, then the networks (groups a planner filters by), by name."""
    return _council_options(model.content_hash(), model)


def council_filter(model: gm.Model, councils, as_of=None) -> frozenset[str] | None:
    """The sidebar's "Members of" filter: the members of ``councils`` on ``as_of`` by the
    library's one rule (:func:`graphmodel.data.select.council_members`: observers never count,
    memberships and councils by their dates); ``None`` when no council is chosen."""
    if not councils:
        return None
    return council_members(model, councils, as_of=as_of)


@st.cache_data(show_spinner=False, max_entries=32)
def _date_span(data_hash: str, _model: gm.Model) -> tuple[dt.date, dt.date]:
    days = [dt.date.today()]
    for frame in (_model.collaborations, _model.memberships):
        for column in ("start", "end"):
            values = frame[column].dropna()
            if len(values):
                days += [values.min().date(), values.max().date()]
    return min(days), max(days)


def date_span(model: gm.Model) -> tuple[dt.date, dt.date]:
    """The dates the data speaks of: earliest start to latest start or end, and today."""
    return _date_span(model.content_hash(), model)


def only_members(frame: pd.DataFrame, members: set[str] | None, *columns: str) -> pd.DataFrame:
    """Rows of ``frame`` whose ``columns`` (any of them) name a member; all rows for ``None``."""
    if members is None or frame.empty:
        return frame
    keep = pd.Series(False, index=frame.index)
    for col in columns:
        keep |= frame[col].isin(members)
    return frame[keep]
