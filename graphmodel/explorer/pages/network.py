"""Network page: who takes part in what, or who works with whom, around one municipality."""

from __future__ import annotations

import streamlit as st

from graphmodel.explorer import params, sidebar, ui
from graphmodel.explorer.network import DEFAULT_DEPTH, depth_labels, draw_network, focus_options, focus_table

ui.header("Network", "Who cooperates with whom? Pick a municipality to see its partners.")
model = ui.require_model()
if model is None:
    st.stop()

filters = sidebar.current()
state = st.session_state
present = ui.is_present()

VIEWS = {"bipartite": "Who takes part in what", "actors": "Who works with whom"}
COLORS = {"kind": "Kind", "sector": "Sector", "community": "Detected groups"}
SIZES = {"population": "Population", "strength": "Number of ties", "none": "Same size"}


def _depth(text: str) -> int:
    if text not in ("1", "2"):
        raise ValueError(f"The link asks for “{text}” steps out, but only 1 or 2 are possible")
    return int(text)


targets = focus_options(model)
model_collaborations = set(model.collaborations["id"])
params.seed("focus", what="municipality or collaboration", options=targets)
params.seed("view", what="kind of picture", options=VIEWS, default="bipartite")
params.seed("color", what="colouring", options=COLORS, default="kind")
params.seed("size", what="sizing", options=SIZES, default="population")
for key, default in (("focus", None), ("view", "bipartite"), ("color", "kind"),
                     ("size", "population")):
    params.hold(key, default)
# How far out: in "who takes part in what" partners are two steps away (Selbu → its
# agreement → the other members), so that picture opens at two steps.
params.seed("depth", what="number of steps", parse=_depth, options=[1, 2],
            default=DEFAULT_DEPTH[state["view"]])
params.hold("depth", DEFAULT_DEPTH[state["view"]])


def _view_changed() -> None:
    """A new picture starts at its own natural distance (see DEFAULT_DEPTH)."""
    state["depth"] = DEFAULT_DEPTH.get(state["view"], 1)


if not present:
    row = st.columns([2.3, 1.7, 2.4, 1.8, 1.8], vertical_alignment="bottom")
    focus = row[0].selectbox(
        "Focus on", list(targets), key="focus", format_func=lambda i: targets.get(i, i),
        placeholder="Whole network – type a name", persist_state="session",
        help="Show one municipality (or one collaboration) and what lies around it.",
    )
    steps = depth_labels(state["view"], focus is not None and focus in model_collaborations)
    depth = row[1].selectbox(
        "How far out", [1, 2], key="depth", format_func=steps.get,
        persist_state="session", disabled=focus is None,
        help="Who takes part in what: one step is the agreements themselves, two steps "
             "adds the partners in them. Who works with whom: direct partners, or their "
             "partners too.",
    )
    view = row[2].selectbox(
        "Picture", list(VIEWS), key="view", format_func=VIEWS.get, persist_state="session",
        on_change=_view_changed,
        help="Who takes part in what: municipalities (dots) linked to their collaborations "
             "(squares, triangles, diamonds). Who works with whom: municipalities linked when "
             "they share service agreements; thicker line, more shared.",
    )
    color_by = row[3].selectbox(
        "Colour by", list(COLORS), key="color", format_func=COLORS.get, persist_state="session",
        help="Detected groups: municipalities that share the most agreements, found from "
             "the data (they need not match the formal councils).",
    )
    size_by = row[4].selectbox(
        "Size by", list(SIZES), key="size", format_func=SIZES.get, persist_state="session",
        help="Number of ties: how many shared agreements a municipality has in total.",
    )
else:
    focus, depth, view = state["focus"], state["depth"], state["view"]
    color_by, size_by = state["color"], state["size"]

params.publish("focus", focus)
params.publish("depth", depth, DEFAULT_DEPTH[view])
params.publish("view", view, "bipartite")
params.publish("color", color_by, "kind")
params.publish("size", size_by, "population")

if present:
    # The title and note of a shared view travel in the link (?title=…&note=…).
    for key in ("title", "note"):
        params.seed(key, what=key, parse=str)
        params.publish(key, state.get(key) or None)
    if state.get("title"):
        st.subheader(state["title"])
    if state.get("note"):
        st.text(state["note"])

drawn = draw_network(model, filters, view=view, focus=focus, depth=depth, color_by=color_by,
                     size_by=size_by, present=present)
if focus and drawn is not None and not present:
    focus_table(model, filters, focus)
