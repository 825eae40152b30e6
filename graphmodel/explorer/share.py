"""The app's state as a shareable :class:`graphmodel.View`, and a View back into the app's state."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

import graphmodel as gm
from graphmodel.i18n import current_language, tr
from graphmodel.schema import COLLABORATION_KINDS
from graphmodel.view import DEFAULT_DEPTH, DEFAULT_KINDS

from . import params
from . import state as app_state
from .sidebar import Filters

__all__ = [
    "app_root",
    "convert_view_link",
    "link_for",
    "open_view",
    "params_from_view",
    "render_file",
    "version_id",
    "view_from_state",
]

#: The URL path names of the app's pages other than the default one (see app.py).
PAGE_PATHS = {"overlap", "fragmentation", "profile", "data", "share", "network", "home"}

VIEW_DEFAULTS = {"depth": 1, "view": "bipartite", "color": "kind", "size": "population"}
#: Parameters of the opening link that a view link carries on unchanged (the dataset
#: version and the language are the shell's, not the view's).
KEPT_PARAMS = ("data", "lang")


def view_from_state(model: gm.Model, filters: Filters, *, title: str = "",
                    note: str = "") -> gm.View:
    """The current network view (sidebar filters + Network page choices) as a View.

    The one way from the app's state to a drawing: the Network page draws
    ``gm.view_graph(model, **view.view_graph_kwargs())`` of this view, and the Share page
    writes the same view to its files. "All kinds" (an empty choice) is stored as every
    kind (:data:`graphmodel.schema.COLLABORATION_KINDS`), never as ``None`` (which a view
    reads as its default, service agreements only). The language is the one in use.
    """
    state = st.session_state
    focus = state.get("focus")
    view = state.get("view") or "bipartite"
    kinds = tuple(filters.kinds) if filters.kinds else tuple(COLLABORATION_KINDS)
    return gm.View.for_model(
        model,
        as_of=filters.as_of,
        view=view,
        filters={"sectors": filters.sectors, "kinds": kinds, "status": filters.status,
                 "countries": filters.countries, "regions": filters.regions,
                 "councils": filters.councils or None},
        focus=(focus,) if focus else (),
        depth=int(state.get("depth") or DEFAULT_DEPTH.get(view, 1)),
        color_by=state.get("color") or "kind",
        size_by=state.get("size") or "population",
        title=title.strip(),
        note=note.strip(),
        lang=current_language(),
    )


def version_id() -> str | None:
    """The id of the dataset version in use (the shell's workspace), or ``None``."""
    version_in_use = getattr(app_state, "version_in_use", None)
    if version_in_use is None:
        return None
    try:
        version = version_in_use()
    except gm.GraphModelError:
        return None
    if version is None:
        return None
    return str(getattr(version, "id", version)) or None


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
    kinds = f["kinds"] or DEFAULT_KINDS  # unset: the view's default kinds
    if set(kinds) >= set(COLLABORATION_KINDS):
        out["kind"] = [""]  # every kind: the sidebar's empty choice ("All kinds")
    else:
        put("kind", sorted(kinds), sorted(DEFAULT_KINDS))
    put("status", f["status"], ["active"])
    put("country", f["countries"], None)
    put("region", f["regions"], None)
    put("council", f["councils"], None)
    if view.focus:
        out["focus"] = [view.focus[0]]
        if len(view.focus) > 1:
            params.note(tr("The view focuses on several places; the app shows the first "
                           "one."))
    for key, value in (("view", view.view), ("color", view.color_by), ("size", view.size_by)):
        if value != VIEW_DEFAULTS[key]:
            out[key] = [str(value)]
    # The app opens each picture at its own distance (graphmodel.view.DEFAULT_DEPTH); a
    # View's default is 1.
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
    kept = {k: start[k] for k in ("present", *KEPT_PARAMS) if start.get(k)}
    try:
        view = gm.View.from_query_params({k: v[-1] for k, v in start.items() if v})
        warnings = view.check(model) if model is not None else ()
    except gm.GraphModelError as exc:
        params.note(tr("This link's view cannot be opened: {problem}. Showing the default "
                       "view.", problem=str(exc)))
        params.open_link(kept)
        return
    converted = params_from_view(view)
    converted.update(kept)
    params.open_link(converted)
    for w in warnings:
        params.note(w)


def open_view(view: gm.View) -> None:
    """Reopen ``view`` in this session (from a callback, before the widgets are drawn),
    on the data and in the language in use (the view file's own are not forced on the
    person opening it)."""
    converted = params_from_view(view)
    data = version_id()
    if data:
        converted["data"] = [data]
    converted["lang"] = [current_language()]
    params.open_link(converted)


def link_for(view: gm.View, *, present: bool = False, data: str | None = None) -> str:
    """A link to this app that reopens ``view`` (on the Network page).

    It names the dataset version (``?data=ID``, default :func:`version_id`) so that it
    opens the same data for anyone using this server, and the view's language
    (``lang``).
    """
    data = data if data is not None else version_id()
    query = {"data": data} if data else {}
    query.update(view.to_query_params())
    query["lang"] = view.lang
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
