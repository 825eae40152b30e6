"""The network drawing in the app: cached views, places kept across reruns, the iframe.

The Network page draws a :class:`graphmodel.View` made from the app's state
(:func:`graphmodel.explorer.view_state.view_from_state`) with
``gm.view_graph(model, positions=…, **view.view_graph_kwargs())``: the same call as the
command line's and the Share page's snapshots, so one view gives one picture.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel.i18n import current_language, integer, ntr, role_label, sector_label, tr

from .cache import freeze
from .page_tables import membership_frame
from .sidebar import Filters
from .ui import legend_html, md_escape

__all__ = [
    "IFRAME_HEIGHT",
    "NETWORK_HEIGHT",
    "depth_labels",
    "draw_network",
    "drawing",
    "focus_options",
    "focus_table",
    "observer_links",
    "observer_note",
]

NETWORK_HEIGHT = 620  # px of the drawing itself
IFRAME_HEIGHT = NETWORK_HEIGHT + 44  # + the small toolbar under it


def _kind_word(kind: str) -> str:
    words = {"council": tr("council"), "network": tr("network"),
             "service": tr("service agreement")}
    return words.get(kind, kind)


@st.cache_data(show_spinner=False, max_entries=16)
def _focus_options(data_hash: str, lang: str, _model: gm.Model) -> dict[str, str]:
    a = _model.actors.copy()
    a["order"] = (a["kind"] != "municipality").astype(int)
    a = a.sort_values(["order", "name", "id"], kind="stable")
    c = _model.collaborations.sort_values(["name", "id"], kind="stable")
    out = dict(zip(a["id"], a["name"]))
    for cid, name, kind in zip(c["id"], c["name"], c["kind"]):
        out[cid] = f"{name} ({_kind_word(kind)})"
    return out


def focus_options(model: gm.Model) -> dict[str, str]:
    """id → label of everything one can focus on: municipalities, other actors, collaborations
    (labels as plain text: show them in widgets that take plain text, or escaped)."""
    return _focus_options(model.content_hash(), current_language(), model)


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
def _drawing(data_hash: str, arguments: tuple, lang: str, _model: gm.Model,
             _view: gm.View) -> dict:
    # ``arguments`` (the view's drawing arguments) and ``lang`` stand for ``_view`` in the
    # cache key: the legend, tooltips and messages are written in the language in use.
    kwargs = _view.view_graph_kwargs()
    places = _base_places(data_hash, kwargs["view"], tuple(kwargs["focus"]), kwargs["depth"],
                          _model)
    vg = gm.view_graph(_model, positions=places, **kwargs)
    page = gm.network_html(vg, height=f"{NETWORK_HEIGHT}px")
    return {
        "html": page,
        "legend": list(vg.legend),
        "message": vg.message,
        "n_nodes": len(vg.nodes),
        "n_edges": len(vg.edges),
        "n_observer_links": observer_links(vg),
        "n_total": vg.n_total_nodes,
        "ids": set(vg.nodes["id"]),
    }


def observer_links(vg) -> int:
    """How many drawn links are an observer's (dashed): a council's observers drawn with
    the group, for example."""
    edges = vg.edges
    return int((edges["relation"] == "observer").sum()) if "relation" in edges else 0


def observer_note() -> str:
    """The legend's words for the dashed observer links."""
    return tr("dashed line: observer (not counted as a member)")


def drawing(model: gm.Model, view: gm.View) -> dict:
    """The cached drawing of ``view``: html, legend, message, node and edge counts, ids."""
    key = tuple(sorted((k, freeze(v)) for k, v in view.view_graph_kwargs().items()))
    return _drawing(model.content_hash(), key, current_language(), model, view)


def draw_network(model: gm.Model, view: gm.View, filters: Filters, *,
                 present: bool = False) -> dict | None:
    """Draw the network of ``view`` (legend, notes, the interactive picture); return the
    drawing, or ``None`` when the view cannot be drawn (a message says why)."""
    focus = view.focus[0] if view.focus else None
    try:
        with st.spinner(tr("Drawing the network…")):
            result = drawing(model, view)
    except gm.UnknownIdError as exc:
        st.warning(tr("Cannot focus there: {problem}. Showing nothing until you pick another "
                      "one.", problem=md_escape(exc)))
        return None
    except gm.GraphModelError as exc:
        st.warning(tr("This view cannot be drawn: {problem}", problem=md_escape(exc)))
        return None

    names = model.names()
    if result["n_nodes"] == 0:
        st.info(tr("Nothing matches these filters. Widen them in the sidebar (sector, status, "
                   "date, region)."))
        return result
    if focus and result["n_edges"] == 0:
        st.info(tr("**{name}** has no ties that match the filters (sector, kind, status, "
                   "date). Try another sector, or see the Municipality profile for suggested "
                   "partners.", name=md_escape(names.get(focus, focus))))
    if result["n_total"] and result["n_total"] != result["n_nodes"]:
        counts = tr("{n} shown of {total}", n=integer(result["n_nodes"]),
                    total=integer(result["n_total"]))
    else:
        counts = tr("{n} shown", n=integer(result["n_nodes"]))
    extra = f"· {counts} · " + ntr("{n} link", "{n} links", result["n_edges"])
    if result.get("n_observer_links"):
        extra += " · " + observer_note()
    if result["message"]:
        extra += f" · {result['message']}"
    st.html(legend_html(result["legend"], extra=extra))  # legend_html escapes for HTML
    st.iframe(result["html"], height=IFRAME_HEIGHT,
              alt=tr("Network of municipalities and their collaborations"))
    if not present:
        st.caption(tr("Showing: {filters}.", filters=md_escape(filters.describe(model))))
    return result


def depth_labels(view: str, on_collaboration: bool = False) -> dict[int, str]:
    """What one and two steps out mean in this picture, in plain words."""
    if view == "actors":
        return {1: tr("Direct partners"), 2: tr("Partners of partners")}
    if on_collaboration:
        return {1: tr("Its members"), 2: tr("+ their agreements")}
    return {1: tr("Agreements only"), 2: tr("With partners")}


def focus_table(model: gm.Model, filters: Filters, focus: str) -> None:
    """The focus in words under the drawing: its agreements and partners (or its members)."""
    names = model.names()
    name = md_escape(names.get(focus, focus))
    mem = membership_frame(model, filters)
    if focus in set(model.collaborations["id"]):
        inside = mem[mem["collaboration"] == focus]
        if inside.empty:
            return
        st.markdown(tr("**Members of {name}** under these filters:", name=name))
        inside = inside.sort_values("actor_name")
        _text_table({tr("Municipality"): inside["actor_name"],
                     tr("Role"): inside["role"].map(role_label)})
        return
    mine = mem[mem["actor"] == focus]
    if mine.empty:
        return
    others = mem[mem["collaboration"].isin(set(mine["collaboration"])) & (mem["actor"] != focus)]
    partners = others.groupby("collaboration")["actor_name"].agg(lambda s: ", ".join(sorted(s)))
    table = mine.assign(
        sector=mine["sector"].map(sector_label),
        host_name=mine["host"].map(lambda h: names.get(h, h) if h else ""),
        partners=mine["collaboration"].map(partners).fillna(tr("(no partner)")),
    ).sort_values(["sector", "collaboration_name"])
    n = others["actor"].nunique()
    st.markdown(ntr("**{name}** cooperates with **{n}** municipality through these "
                    "agreements (sidebar filters apply):",
                    "**{name}** cooperates with **{n}** municipalities through these "
                    "agreements (sidebar filters apply):", n, name=name))
    _text_table({tr("Sector"): table["sector"], tr("Agreement"): table["collaboration_name"],
                 tr("Host"): table["host_name"], tr("With"): table["partners"]})


def _text_table(columns: dict) -> None:
    """A small table whose long texts wrap (``st.table``), every cell escaped as text."""
    frame = pd.DataFrame({k: v.reset_index(drop=True) for k, v in columns.items()})
    st.table(frame.apply(lambda col: col.map(md_escape)), hide_index=True)

