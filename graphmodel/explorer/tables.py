"""Tables the pages need that are plain joins of the library's results (cached)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.select import select

from .sidebar import Filters, sector_label
from .state import freeze

__all__ = ["membership_frame"]


@st.cache_data(show_spinner=False, max_entries=64)
def _membership_frame(data_hash: str, arguments: tuple, _model: gm.Model) -> pd.DataFrame:
    sel = select(_model, **dict(arguments))
    m = sel.memberships[["actor", "collaboration", "role"]].drop_duplicates(
        ["actor", "collaboration"])
    a = sel.actors[["id", "name"]].rename(columns={"id": "actor", "name": "actor_name"})
    c = sel.collaborations[["id", "name", "kind", "sector", "legal_form", "host"]].rename(
        columns={"id": "collaboration", "name": "collaboration_name"})
    out = m.merge(a, on="actor").merge(c, on="collaboration")
    out["sector_label"] = out["sector"].map(sector_label)
    return out.sort_values(["actor", "collaboration"]).reset_index(drop=True)


def membership_frame(model: gm.Model, filters: Filters) -> pd.DataFrame:
    """Who is in what under the filters: actor, collaboration, role, names, kind, sector, …"""
    key = tuple(sorted((k, freeze(v)) for k, v in filters.analysis().items()))
    return _membership_frame(model.content_hash(), key, model)
