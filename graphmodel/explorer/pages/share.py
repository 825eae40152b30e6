"""Share page: the current network view, or the map, as a file for politicians, a link, or a
presentation; a saved view file opened and re-rendered.

Which picture is shared: the map when the person comes here from the Map page (the Map
page leaves :data:`PICTURE_HINT` in the session) or the link asks for ``picture=map``,
else the network; the "Picture" switch at the top changes it."""

from __future__ import annotations

import streamlit as st

import graphmodel as gm
from graphmodel.explorer import params, sidebar, ui
from graphmodel.explorer.app import page_path
from graphmodel.explorer.network_panel import focus_options
from graphmodel.explorer.view_state import (
    PICTURE_HINT,
    file_stem,
    link_for,
    map_view_from_state,
    open_view,
    render_file,
    snapshot_downloads,
    view_from_state,
)
from graphmodel.i18n import tr

esc = ui.md_escape
state = st.session_state


def picture_names() -> dict[str, str]:
    """The pictures one can share, by code, in words."""
    return {"network": tr("Network"), "map": tr("Map")}


def choose_picture(pictures: dict[str, str]) -> str:
    """The "Picture" switch (the map when one comes from the Map page or the link says so)."""
    if state.pop(PICTURE_HINT, None) == "map" or (
            (params.link_values("picture") or [""])[-1] == "map"
            and not state.get("_share_picture_seeded")):
        state["share_picture"] = "map"
    state["_share_picture_seeded"] = True
    if state.get("share_picture") not in pictures:
        state["share_picture"] = "network"
    picture = st.segmented_control(
        tr("Picture"), list(pictures), format_func=pictures.get, key="share_picture",
        help=tr("The network (who takes part in what) or the map (where they are); the map "
                "is chosen when you come here from the Map page.")) or "network"
    params.publish("picture", picture, "network")
    return picture


def describe_view(model: gm.Model, filters, picture: str, page_name: str,
                  targets: dict) -> None:
    """"The view:" what is shared (around whom, which filters) and where to change it."""
    focus = state.get("focus")
    around = (tr("around **{name}**", name=esc(targets.get(focus, focus))) if focus
              else tr("the whole network") if picture == "network" else tr("the whole map"))
    st.markdown(tr("**The view:** {around} — {filters}. Change it on the **{page}** page and "
                   "with the filters in the sidebar.", around=around, page=page_name,
                   filters=esc(filters.describe(model))))


def title_and_note() -> tuple[str, str]:
    """The title and note boxes, kept in the link; ``(title, note)``."""
    title = st.text_input(tr("Title"), key="title", max_chars=200, persist_state="session",
                          placeholder=tr("e.g. Child welfare in Værnesregionen, 2024"))
    note = st.text_area(tr("Note"), key="note", max_chars=5000, persist_state="session",
                        placeholder=tr("A few lines for the reader: what to look at, what is "
                                       "proposed."))
    params.publish("title", title.strip() or None)
    params.publish("note", note.strip() or None)
    return title, note


def shared_view(model: gm.Model, filters, picture: str, title: str,
                note: str) -> gm.View | None:
    """The view on screen, checked; ``None`` (with the reason on the page) if it cannot be."""
    try:
        make_view = map_view_from_state if picture == "map" else view_from_state
        view = make_view(model, filters, title=title, note=note)
        view.check(model)
    except gm.GraphModelError as exc:
        st.warning(tr("This view cannot be shared as it is: {problem}", problem=esc(exc)))
        return None
    return view


def downloads_section(model: gm.Model, view: gm.View, stem: str) -> None:
    """"Download": the view as a web page, picture, PDF, slide and view file."""
    st.subheader(tr("Download"))
    c1, c2, c3, c4, c5 = st.columns(5)
    c1.download_button(
        tr("Web page (HTML)"), data=lambda: gm.snapshot_html(model, view).encode("utf-8"),
        file_name=f"{stem}.html", mime="text/html", key="dl_share_html", type="primary",
        icon=":material/language:",
        help=tr("One file with the interactive network, legend and key figures. Opens from "
                "disk, offline, in any browser."),
    )
    c2.download_button(
        tr("Picture (PNG)"), data=lambda: render_file(model, view, ".png"),
        file_name=f"{stem}.png", mime="image/png", key="dl_share_png", icon=":material/image:",
        help=tr("For slides and e-mails."),
    )
    c3.download_button(
        tr("Document (PDF)"), data=lambda: render_file(model, view, ".pdf"),
        file_name=f"{stem}.pdf", mime="application/pdf", key="dl_share_pdf",
        icon=":material/picture_as_pdf:", help=tr("One page, for printing and case papers."),
    )
    c4.download_button(
        tr("PowerPoint"), data=lambda: render_file(model, view, ".pptx"),
        file_name=f"{stem}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="dl_share_pptx", icon=":material/slideshow:",
        help=tr("One 16:9 slide: the picture, the title, the key figures, and the note in the "
                "speaker notes."),
    )
    c5.download_button(
        tr("View file (JSON)"), data=view.to_json().encode("utf-8"),
        file_name=f"{stem}.view.json", mime="application/json", key="dl_share_json",
        icon=":material/data_object:",
        help=tr("A small file that reopens this view here (upload it below) or with the "
                "command line: graphmodel snapshot DATA --spec FILE."),
    )


def link_section(view: gm.View) -> None:
    """"Link": the app's link to this view, and the same in presentation mode."""
    st.subheader(tr("Link"))
    st.caption(tr("Copy the link (button at the right of the box). It opens this view, on "
                  "this version of the data, in the app for anyone who can reach it."))
    st.code(link_for(view), language=None, wrap_lines=True)
    st.caption(tr("Presentation mode: the same view, full screen, without the menu and "
                  "controls."))
    st.code(link_for(view, present=True), language=None, wrap_lines=True)


def read_view_file(data: bytes, model: gm.Model) -> tuple[gm.View | None, str | None, list]:
    """A view file read and checked against ``model``: ``(view, problem, warnings)``."""
    saved, problem, warnings = None, None, ()
    try:
        saved = gm.View.from_json(data)
        warnings = saved.check(model)
    except gm.GraphModelError as exc:
        problem = str(exc)
    except Exception as exc:  # noqa: BLE001 - a file from anyone must never crash the page
        problem = type(exc).__name__
    return saved, problem, warnings


def _open(v: gm.View) -> None:
    open_view(v)
    st.session_state["_go_page"] = "map" if v.picture == "map" else "network"


def open_saved_section(model: gm.Model, targets: dict) -> None:
    """"Open a saved view": a view file uploaded, described, its snapshot, and opened."""
    st.subheader(tr("Open a saved view"))
    upload = st.file_uploader(tr("View file (.json)"), type=["json"], key="view_upload",
                              help=tr("A view saved from this page or by the command line."))
    if upload is None:
        return
    saved, problem, warnings = read_view_file(upload.getvalue(), model)
    if problem is not None:
        st.error(tr("This file cannot be opened as a view: {problem}", problem=esc(problem)))
        return
    for w in warnings:
        st.warning(esc(w))
    where = ""
    if saved.focus:
        where = tr(", focus {names}", names=", ".join(
            esc(targets.get(f, f)) for f in saved.focus))
    st.markdown(tr("**{title}** — saved for “{dataset}”{where}",
                   title=esc(saved.title) or tr("Untitled view"),
                   dataset=esc(saved.dataset) or "?", where=where))
    if saved.note:
        st.text(saved.note)

    if saved.comparison:
        st.caption(tr("This view compares two states (two dates or a what-if): its "
                      "snapshot shows both. Opened here, the app shows its first state; "
                      "the Change page compares."))
    snapshot_downloads(model, saved, key="share_saved", label=tr("Make its snapshot"),
                       stem=file_stem(saved.title or (saved.scenario or {}).get("title", ""),
                                      "graphmodel-view"))
    st.button(tr("Open this view"), key="btn_open_view", type="primary", on_click=_open,
              args=(saved,))


def go_to_opened_view() -> None:
    """After "Open this view": to the Map or Network page, where it shows."""
    go = state.pop("_go_page", None)
    if go in ("map", "network"):
        st.switch_page(page_path(go))


# ------------------------------------------------------------------ the page

ui.header(tr("Share"), tr("Send the view to politicians: one file that opens on any laptop, "
                          "offline, with no Python and no account."))
model = ui.require_model()
filters = sidebar.current()
for key in ("title", "note"):
    params.seed(key, what=key, parse=str)
    params.hold(key, "")

PICTURES = picture_names()
picture = choose_picture(PICTURES)
targets = focus_options(model)
describe_view(model, filters, picture, PICTURES[picture], targets)
title, note = title_and_note()
view = shared_view(model, filters, picture, title, note)
if view is None:
    st.stop()
downloads_section(model, view, file_stem(title))
link_section(view)
open_saved_section(model, targets)
go_to_opened_view()
