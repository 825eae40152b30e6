"""Network page: who takes part in what, or who works with whom, around one municipality."""

from __future__ import annotations

import streamlit as st

import graphmodel as gm
from graphmodel.explorer import params, sidebar, ui
from graphmodel.explorer.network_panel import depth_labels, draw_network, focus_options, focus_table
from graphmodel.explorer.view_state import PICTURE_HINT, view_from_state
from graphmodel.i18n import tr
from graphmodel.share import DEFAULT_DEPTH

VIEWS = {"bipartite": tr("Who takes part in what"), "actors": tr("Who works with whom")}
COLORS = {"kind": tr("Kind"), "sector": tr("Sector"), "community": tr("Detected groups")}
SIZES = {"population": tr("Population"), "strength": tr("Number of ties"),
         "none": tr("Same size")}


def _depth(text: str) -> int:
    if text not in ("1", "2"):
        raise ValueError(tr("The link asks for “{text}” steps out, but only 1 or 2 are possible",
                            text=text[:40]))
    return int(text)


def _view_changed() -> None:
    """A new picture starts at its own natural distance (see DEFAULT_DEPTH)."""
    st.session_state["depth"] = DEFAULT_DEPTH.get(st.session_state["view"], 1)


def seed_from_link(targets: dict) -> None:
    """Reads the link's focus, picture, colouring, sizing and steps out into the session."""
    state = st.session_state
    params.seed("focus", what=tr("municipality or collaboration"), options=targets)
    params.seed("view", what=tr("kind of picture"), options=VIEWS, default="bipartite")
    params.seed("color", what=tr("colouring"), options=COLORS, default="kind")
    params.seed("size", what=tr("sizing"), options=SIZES, default="population")
    for key, default in (("focus", None), ("view", "bipartite"), ("color", "kind"),
                         ("size", "population")):
        params.hold(key, default)
    # How far out: in "who takes part in what" partners are two steps away (Selbu → its
    # agreement → the other members), so that picture opens at two steps (the library's
    # graphmodel.share.view.DEFAULT_DEPTH, which the command line uses too).
    params.seed("depth", what=tr("number of steps"), parse=_depth, options=[1, 2],
                default=DEFAULT_DEPTH[state["view"]])
    params.hold("depth", DEFAULT_DEPTH[state["view"]])


def picture_controls(model: gm.Model, targets: dict, present: bool) -> tuple:
    """The row of choices above the picture (focus, how far out, picture, colour, size);
    returns them as (focus, depth, view, color_by, size_by)."""
    state = st.session_state
    if present:
        return state["focus"], state["depth"], state["view"], state["color"], state["size"]
    model_collaborations = set(model.collaborations["id"])
    row = st.columns([2.3, 1.7, 2.4, 1.8, 1.8], vertical_alignment="bottom")
    focus = row[0].selectbox(
        tr("Focus on"), list(targets), key="focus", format_func=lambda i: targets.get(i, i),
        placeholder=tr("Whole network"), persist_state="session",
        help=tr("Show one municipality (or one collaboration) and what lies around it."),
    )
    steps = depth_labels(state["view"], focus is not None and focus in model_collaborations)
    depth = row[1].selectbox(
        tr("How far out"), [1, 2], key="depth", format_func=steps.get,
        persist_state="session", disabled=focus is None,
        help=tr("Who takes part in what: one step is the agreements themselves, two steps "
                "adds the partners in them. Who works with whom: direct partners, or their "
                "partners too."),
    )
    view = row[2].selectbox(
        tr("Picture"), list(VIEWS), key="view", format_func=VIEWS.get, persist_state="session",
        on_change=_view_changed,
        help=tr("Who takes part in what: municipalities (dots) linked to their collaborations "
                "(squares, triangles, diamonds). Who works with whom: municipalities linked "
                "when they share service agreements; thicker line, more shared."),
    )
    color_by = row[3].selectbox(
        tr("Colour by"), list(COLORS), key="color", format_func=COLORS.get,
        persist_state="session",
        help=tr("Detected groups: municipalities that share the most agreements, found from "
                "the data (they need not match the formal councils)."),
    )
    size_by = row[4].selectbox(
        tr("Size by"), list(SIZES), key="size", format_func=SIZES.get, persist_state="session",
        help=tr("Number of ties: how many shared agreements a municipality has in total."),
    )
    return focus, depth, view, color_by, size_by


def publish_to_link(focus, depth, view: str, color_by: str, size_by: str) -> None:
    """Writes the choices into the link (only those that differ from the defaults)."""
    params.publish("focus", focus)
    params.publish("depth", depth, DEFAULT_DEPTH[view])
    params.publish("view", view, "bipartite")
    params.publish("color", color_by, "kind")
    params.publish("size", size_by, "population")


def shared_title_and_note() -> None:
    """The title and note of a shared view, which travel in the link (?title=…&note=…)."""
    state = st.session_state
    for key in ("title", "note"):
        params.seed(key, what=key, parse=str)
        params.publish(key, state.get(key) or None)
    if state.get("title"):
        st.subheader(ui.md_escape(state["title"]))
    if state.get("note"):
        st.text(state["note"])


def network_picture(model: gm.Model, filters, focus, present: bool) -> None:
    """The drawing, and under it the table of what lies around the focus."""
    # One view, one picture: the same View the Share page writes and the command line draws.
    try:
        shown = view_from_state(model, filters)
    except gm.GraphModelError as exc:
        st.warning(tr("This view cannot be drawn: {problem}", problem=ui.md_escape(exc)))
        st.stop()
    drawn = draw_network(model, shown, filters, present=present)
    if focus and drawn is not None and not present:
        focus_table(model, filters, focus)


ui.header(tr("Network"), tr("Who cooperates with whom? Pick a municipality to see its partners."))
model = ui.require_model()
filters = sidebar.current()
# the Share page, opened next, shares this network (not a map)
st.session_state.pop(PICTURE_HINT, None)
present = ui.is_present()
targets = focus_options(model)
seed_from_link(targets)
focus, depth, view, color_by, size_by = picture_controls(model, targets, present)
publish_to_link(focus, depth, view, color_by, size_by)
if present:
    shared_title_and_note()
network_picture(model, filters, focus, present)
