"""The network drawing in the app: cached views, places kept across reruns, the iframe."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import graphmodel as gm

from .sidebar import Filters, sector_label
from .state import freeze
from .tables import membership_frame
from .ui import legend_html

__all__ = [
    "DEFAULT_DEPTH",
    "IFRAME_HEIGHT",
    "depth_labels",
    "draw_network",
    "drawing",
    "focus_options",
    "focus_table",
]

NETWORK_HEIGHT = 620  # px of the drawing itself
IFRAME_HEIGHT = NETWORK_HEIGHT + 44  # + the small toolbar under it
#: Steps out from the focus that each picture opens with. In "who takes part in what" a
#: partner is two steps away (municipality → agreement → municipality).
DEFAULT_DEPTH = {"bipartite": 2, "actors": 1}
KIND_WORDS = {"council": "council", "network": "network", "service": "service agreement"}


@st.cache_data(show_spinner=False, max_entries=16)
def _focus_options(data_hash: str, _model: gm.Model) -> dict[str, str]:
    a = _model.actors.copy()
    a["order"] = (a["kind"] != "municipality").astype(int)
    a = a.sort_values(["order", "name", "id"], kind="stable")
    c = _model.collaborations.sort_values(["name", "id"], kind="stable")
    out = dict(zip(a["id"], a["name"]))
    for cid, name, kind in zip(c["id"], c["name"], c["kind"]):
        out[cid] = f"{name} ({KIND_WORDS.get(kind, kind)})"
    return out


def focus_options(model: gm.Model) -> dict[str, str]:
    """id → label of everything one can focus on: municipalities, other actors, collaborations."""
    return _focus_options(model.content_hash(), model)


@st.cache_data(show_spinner=False, max_entries=64)
def _base_places(data_hash: str, view: str, focus: tuple, depth: int,
                 _model: gm.Model) -> dict[str, tuple[float, float]]:
    """Places of the nodes in the widest version of a view (every status, sector and kind).

    Filtered versions of the same view reuse these places, so a node stays where it was
    when a filter changes.
    """
    vg = gm.view_graph(_model, view=view, focus=focus, depth=depth, status=None, kinds=None,
                    color_by="kind", size_by="none")
    return vg.positions()


@st.cache_data(show_spinner=False, max_entries=128)
def _drawing(data_hash: str, arguments: tuple, _model: gm.Model) -> dict:
    args = dict(arguments)
    places = _base_places(data_hash, args["view"], args["focus"], args["depth"], _model)
    vg = gm.view_graph(_model, positions=places, **args)
    page = gm.network_html(vg, height=f"{NETWORK_HEIGHT}px", title="Network")
    return {
        "html": page,
        "legend": list(vg.legend),
        "message": vg.message,
        "n_nodes": len(vg.nodes),
        "n_edges": len(vg.edges),
        "n_total": vg.n_total_nodes,
        "ids": set(vg.nodes["id"]),
    }


def drawing(model: gm.Model, filters: Filters, *, view: str = "bipartite", focus=None,
            depth: int = 1, color_by: str = "kind", size_by: str = "population") -> dict:
    """The cached drawing for these choices: html, legend, message, node and edge counts."""
    args = dict(filters.drawing(), view=view, focus=(focus,) if focus else (), depth=depth,
                color_by=color_by, size_by=size_by)
    key = tuple(sorted((k, freeze(v)) for k, v in args.items()))
    return _drawing(model.content_hash(), key, model)


def draw_network(model: gm.Model, filters: Filters, *, view: str, focus: str | None,
                 depth: int, color_by: str, size_by: str, present: bool = False) -> dict | None:
    """Draw the network (legend, notes, the interactive picture); return the drawing."""
    try:
        with st.spinner("Drawing the network…"):
            result = drawing(model, filters, view=view, focus=focus, depth=depth,
                             color_by=color_by, size_by=size_by)
    except gm.UnknownIdError as exc:
        st.warning(f"Cannot focus there: {exc}. Showing nothing until you pick another one.")
        return None
    except gm.GraphModelError as exc:
        st.warning(f"This view cannot be drawn: {exc}")
        return None

    names = model.names()
    if result["n_nodes"] == 0:
        st.info("Nothing matches these filters. Widen them in the sidebar (sector, status, "
                "date, region).")
        return result
    if focus and result["n_edges"] == 0:
        st.info(f"**{names.get(focus, focus)}** has no ties that match the filters "
                "(sector, kind, status, date). Try another sector, or see the "
                "Municipality profile for suggested partners.")
    counts = (f"{result['n_nodes']} shown of {result['n_total']}"
              if result["n_total"] and result["n_total"] != result["n_nodes"]
              else f"{result['n_nodes']} shown")
    extra = f"· {counts} · {result['n_edges']} links"
    if result["message"]:
        extra += f" · {result['message']}"
    st.html(legend_html(result["legend"], extra=extra))
    st.iframe(result["html"], height=IFRAME_HEIGHT,
              alt="Network of municipalities and their collaborations")
    if not present:
        st.caption(f"Showing: {filters.describe(model)}.")
    return result


def depth_labels(view: str, on_collaboration: bool = False) -> dict[int, str]:
    """What one and two steps out mean in this picture, in plain words."""
    if view == "actors":
        return {1: "Direct partners", 2: "Partners of partners"}
    if on_collaboration:
        return {1: "Its members", 2: "+ their agreements"}
    return {1: "Agreements only", 2: "With partners"}


def focus_table(model: gm.Model, filters: Filters, focus: str) -> None:
    """The focus in words under the drawing: its agreements and partners (or its members)."""
    names = model.names()
    name = names.get(focus, focus)
    mem = membership_frame(model, filters)
    if focus in set(model.collaborations["id"]):
        inside = mem[mem["collaboration"] == focus]
        if inside.empty:
            return
        st.markdown(f"**Members of {name}** under these filters:")
        st.dataframe(inside[["actor_name", "role"]].sort_values("actor_name"),
                     hide_index=True, key="tbl_focus_members",
                     column_config={"actor_name": "Municipality", "role": "Role"})
        return
    mine = mem[mem["actor"] == focus]
    if mine.empty:
        return
    others = mem[mem["collaboration"].isin(set(mine["collaboration"])) & (mem["actor"] != focus)]
    partners = others.groupby("collaboration")["actor_name"].agg(lambda s: ", ".join(sorted(s)))
    table = mine.assign(
        sector=mine["sector"].map(sector_label),
        host_name=mine["host"].map(lambda h: names.get(h, h) if h else ""),
        partners=mine["collaboration"].map(partners).fillna("(no partner)"),
    ).sort_values(["sector", "collaboration_name"])
    n = others["actor"].nunique()
    st.markdown(f"**{name}** cooperates with **{n}** municipalit{'y' if n == 1 else 'ies'} "
                "through these agreements (sidebar filters apply):")
    st.dataframe(table[["sector", "collaboration_name", "host_name", "partners"]],
                 hide_index=True, key="tbl_focus_agreements",
                 column_config={"sector": "Sector", "collaboration_name": "Agreement",
                                "host_name": "Host",
                                "partners": st.column_config.TextColumn("With", width="large")})


def members_table(model: gm.Model, ids) -> pd.DataFrame:
    """Names and kinds of the given ids (actors and collaborations)."""
    a = model.actors[["id", "name", "kind"]]
    c = model.collaborations[["id", "name", "kind"]]
    both = pd.concat([a, c], ignore_index=True)
    return both[both["id"].isin(list(ids))].sort_values("name").reset_index(drop=True)
