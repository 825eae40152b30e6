"""Map page: where the municipalities are, how fragmented, which council, which agreement."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import graphmodel as gm
from graphmodel.explorer import params, sidebar, ui
from graphmodel.explorer.mapping import (
    COLOR_KEY,
    COLOR_PARAM,
    MapPicture,
    agreement_options,
    clicked,
    color_labels,
    draw_map,
    map_picture,
    seed_color,
    unplaced_frame,
)
from graphmodel.explorer.network_panel import focus_options
from graphmodel.explorer.view_state import (
    PICTURE_HINT,
    file_stem,
    map_gpkg,
    map_view_from_state,
    snapshot_downloads,
)
from graphmodel.i18n import integer, tr


def seed_choices(targets: dict, agreements: dict) -> None:
    """Take the focus, colour and agreement from the address (or hold them across pages)."""
    params.seed("focus", what="municipality or collaboration", options=targets)
    params.hold("focus", None)
    seed_color()
    params.seed("agreement", what="agreement", options=agreements)
    params.hold("agreement", None)
    st.session_state[PICTURE_HINT] = "map"  # the Share page, opened next, shares this map


def on_click(targets: dict) -> Callable[[], None]:
    """The map's click callback: focus the municipality clicked, or let the focus go."""
    def _clicked() -> None:
        state = st.session_state
        got = clicked()
        if got and got in targets:
            state["focus"] = None if state.get("focus") == got else got
    return _clicked


def pick_choices(targets: dict, agreements: dict, present: bool) -> tuple:
    """The row of boxes above the map (none when presenting): (focus, colour, agreement)."""
    state = st.session_state
    if present:
        focus, color_by, agreement = state["focus"], state[COLOR_KEY], state["agreement"]
    else:
        colors = color_labels()
        row = st.columns([2.4, 1.6, 3.0], vertical_alignment="bottom")
        focus = row[0].selectbox(
            tr("Focus on"), list(targets), key="focus", format_func=lambda i: targets.get(i, i),
            placeholder=tr("Whole map"), persist_state="session",
            help=tr("Highlight one municipality (or one collaboration) and its partners; the "
                    "same focus applies on every page. Clicking the map does the same."),
        )
        color_by = row[1].selectbox(
            tr("Colour by"), list(colors), key=COLOR_KEY, format_func=colors.get,
            help=tr("Fragmentation: 0 when every agreement has the same partners, 1 when each "
                    "has a different set. Home council: the council most of its agreements "
                    "sit in. Community: groups found from the data."),
        )
        agreement = row[2].selectbox(
            tr("Show an agreement"), list(agreements), key="agreement",
            format_func=lambda i: agreements.get(i, i),
            placeholder=tr("None – pick one"),
            help=tr("Its members are linked to the host municipality; the agreements that "
                    "cross it (share members, neither holding the other) are drawn dashed."),
        )
    params.publish("focus", focus)
    params.publish(COLOR_PARAM, color_by, "fragmentation")
    params.publish("agreement", agreement)
    return focus, color_by, agreement


def focus_off_map(model: gm.Model, picture: MapPicture, focus: str | None) -> bool:
    """Whether the focus is a municipality the map does not place (an agreement never is)."""
    return bool(focus) and (focus not in picture.placed
                            and focus not in set(model.collaborations["id"]))


def show_map(model: gm.Model, filters, targets: dict, focus, color_by: str, agreement,
             present: bool) -> MapPicture:
    """The clickable map and what it shows (the page stops when it cannot be drawn)."""
    try:
        with st.spinner(tr("Drawing the map…")):
            picture = map_picture(model, filters, color_by=color_by, agreement=agreement,
                                  focus=focus)
    except gm.GraphModelError as exc:
        st.warning(tr("Cannot draw this map: {problem}", problem=str(exc)))
        st.stop()
    draw_map(picture, on_click=on_click(targets))
    if picture.message:
        st.info(picture.message)
    if focus_off_map(model, picture, focus):
        st.info(tr("{name} is not on the map under these filters.",
                   name=targets.get(focus, focus)))
    if not present:
        st.caption(tr("{shapes} municipalities drawn as outlines, {points} as dots · {filters} · "
                      "Hover for details; click a municipality to focus on it, click it again "
                      "to let go.", shapes=integer(picture.n_shapes),
                      points=integer(picture.n_points), filters=filters.describe(model)))
    return picture


def snapshot_section(model: gm.Model, filters, targets: dict, focus) -> None:
    """"Snapshot of this map": the offline page or picture, and the layers for QGIS."""
    st.subheader(tr("Snapshot of this map"))
    st.caption(tr("This map with its legend and key figures as one file that opens offline, "
                  "or as a picture for slides and case papers."))
    try:
        view = map_view_from_state(model, filters)
        view.check(model)
    except gm.GraphModelError as exc:
        st.warning(tr("The snapshot cannot be made: {problem}", problem=ui.md_escape(exc)))
    else:
        name = targets.get(focus, focus) if focus else model.name
        snapshot_downloads(model, view, key="map_snapshot", label=tr("Make the snapshot"),
                           stem=file_stem(tr("Map") + " " + str(name), "map"))
    st.download_button(
        tr("Map layers for QGIS (GeoPackage)"),
        data=lambda: map_gpkg(model, **filters.analysis()),
        file_name=file_stem(model.name, "map") + ".gpkg",
        mime="application/geopackage+sqlite3", key="dl_map_gpkg", icon=":material/layers:",
        help=tr("Municipality outlines with every measure, council territories, agreement "
                "lines and points, in EPSG:4326, for QGIS or any GIS."))


def show_unplaced(picture: MapPicture) -> None:
    """"Not on the map": who takes part but has neither outline nor coordinates."""
    unplaced = unplaced_frame(picture)
    if not len(unplaced):
        return
    st.subheader(tr("Not on the map ({n})", n=integer(len(unplaced))))
    st.caption(tr("These take part but have neither a municipality outline (country and "
                  "code) nor coordinates (lat, lon). Add them in the data to place them."))
    st.dataframe(unplaced, hide_index=True, key="tbl_map_unplaced")


# ------------------------------------------------------------------ the page

ui.header(tr("Map"), tr("Where are the municipalities, and whose agreements criss-cross? "
                        "Click a municipality to focus on it."))
model = ui.require_model()
filters = sidebar.current()
present = ui.is_present()
targets = focus_options(model)
agreements = agreement_options(model)
seed_choices(targets, agreements)
focus, color_by, agreement = pick_choices(targets, agreements, present)
picture = show_map(model, filters, targets, focus, color_by, agreement, present)
if not present:
    snapshot_section(model, filters, targets, focus)
show_unplaced(picture)
