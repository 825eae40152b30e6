"""The app's state as a shareable :class:`graphmodel.View`, and a View back into the app's state."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

import graphmodel as gm

from . import params
from .network import DEFAULT_DEPTH
from .sidebar import Filters

__all__ = [
    "app_root",
    "convert_view_link",
    "link_for",
    "params_from_view",
    "render_file",
    "view_from_state",
]

#: The URL path names of the app's pages other than the default one (see app.py).
PAGE_PATHS = {"overlap", "fragmentation", "profile", "data", "share", "network", "home"}

VIEW_DEFAULTS = {"depth": 1, "view": "bipartite", "color": "kind", "size": "population"}


def view_from_state(model: gm.Model, filters: Filters, *, title: str = "",
                    note: str = "") -> gm.View:
    """The current network view (sidebar filters + Network page choices) as a View."""
    state = st.session_state
    focus = state.get("focus")
    return gm.View.for_model(
        model,
        as_of=filters.as_of,
        view=state.get("view") or "bipartite",
        filters={"sectors": filters.sectors, "kinds": filters.kinds, "status": filters.status,
                 "countries": filters.countries, "regions": filters.regions,
                 "councils": filters.councils or None},
        focus=(focus,) if focus else (),
        depth=int(state.get("depth") or 1),
        color_by=state.get("color") or "kind",
        size_by=state.get("size") or "population",
        title=title.strip(),
        note=note.strip(),
    )


def params_from_view(view: gm.View) -> dict[str, list[str]]:
    """The app's query parameters that reopen ``view`` (see :mod:`explorer.params`)."""
    f = view.filters
    out: dict[str, list[str]] = {}

    def put(key, values, default):
        values = None if values is None else list(values)
        if values == default:
            return
        out[key] = values if values else [""]  # "" = nothing chosen = no filter

    if view.as_of:
        out["date"] = [view.as_of]
    put("sector", f["sectors"], None)
    put("kind", f["kinds"], ["service"])
    put("status", f["status"], ["active"])
    put("country", f["countries"], None)
    put("region", f["regions"], None)
    put("council", f["councils"], None)
    if view.focus:
        out["focus"] = [view.focus[0]]
        if len(view.focus) > 1:
            params.note("The view focuses on several places; the app shows the first one.")
    for key, value in (("view", view.view), ("color", view.color_by), ("size", view.size_by)):
        if value != VIEW_DEFAULTS[key]:
            out[key] = [str(value)]
    # The app opens each picture at its own distance (DEFAULT_DEPTH); a View's default is 1.
    if view.focus and view.depth != DEFAULT_DEPTH.get(view.view, 1):
        out["depth"] = [str(view.depth)]
    if view.title:
        out["title"] = [view.title]
    if view.note:
        out["note"] = [view.note]
    return out


def convert_view_link(model: gm.Model | None) -> None:
    """A link in the View format (``?v=1&…``, :meth:`View.to_query_params`) opens that view.

    Called once per session from ``app.py``; a malformed link becomes a note.
    """
    state = st.session_state
    start = state.get(params.START, {})
    if "v" not in start or state.get("_view_link_done"):
        return
    state["_view_link_done"] = True
    present = start.get("present")
    try:
        view = gm.View.from_query_params({k: v[-1] for k, v in start.items() if v})
        warnings = view.check(model) if model is not None else ()
    except gm.GraphModelError as exc:
        params.note(f"This link's view cannot be opened: {exc}. Showing the default view.")
        params.open_link({"present": present} if present else {})
        return
    converted = params_from_view(view)
    if present:
        converted["present"] = present
    params.open_link(converted)
    for w in warnings:
        params.note(w)


def link_for(view: gm.View, *, present: bool = False) -> str:
    """A link to this app that reopens ``view`` (on the Network page)."""
    query = dict(view.to_query_params())
    if present:
        query["present"] = "1"
    try:
        url = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (tests, scripts)
        url = ""
    return app_root(url) + "?" + urlencode(query)


def app_root(url: str) -> str:
    """The app's own address (where the Network page lives) from the address of any page.

    Keeps a base path the app may be served under (``server.baseUrlPath``).

    Examples
    --------
    >>> app_root("http://localhost:8501/share?focus=x")
    'http://localhost:8501/'
    >>> app_root("https://example.org/tools/graphmodel/share")
    'https://example.org/tools/graphmodel/'
    >>> app_root("")
    '/'
    """
    parts = urlsplit(url or "")
    if not (parts.scheme and parts.netloc):
        return "/"
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1] in PAGE_PATHS:
        segments.pop()
    path = "/" + "".join(f"{s}/" for s in segments)
    return f"{parts.scheme}://{parts.netloc}{path}"


def render_file(model: gm.Model, view: gm.View, suffix: str) -> bytes:
    """The view drawn as a PNG or PDF file, as bytes."""
    writer = {".png": gm.snapshot_png, ".pdf": gm.snapshot_pdf}[suffix]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"view{suffix}"
        writer(model, view, path)
        return path.read_bytes()
