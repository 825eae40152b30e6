"""The app's state as a shareable :class:`graphmodel.View`, and a View back into the app's state."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import streamlit as st

import graphmodel as gm
from graphmodel.data import COLLABORATION_KINDS
from graphmodel.files import safe_stem
from graphmodel.i18n import current_language, tr
from graphmodel.share import DEFAULT_DEPTH, DEFAULT_KINDS

from . import data_in_use, params
from .escape import md_escape
from .sidebar import Filters

__all__ = [
    "PICTURE_HINT",
    "app_root",
    "convert_view_link",
    "file_stem",
    "link_for",
    "map_gpkg",
    "map_view_from_state",
    "open_view",
    "params_from_view",
    "render_file",
    "snapshot_downloads",
    "snapshot_file",
    "version_id",
    "view_from_state",
]

#: The URL path names of the app's pages other than the default one (see app.py).
PAGE_PATHS = {"overlap", "fragmentation", "profile", "data", "share", "network", "home"}

VIEW_DEFAULTS = {"depth": 1, "view": "bipartite", "color": "kind", "size": "population"}
#: A session key the Map page sets: the Share page, opened next, shares the map (a link's
#: ``picture=map`` does the same); the Share page takes the hint once.
PICTURE_HINT = "_share_picture_hint"
#: Parameters of the opening link that a view link carries on unchanged (the dataset
#: version and the language are the shell's, not the view's).
KEPT_PARAMS = ("data", "lang")


def view_from_state(model: gm.Model, filters: Filters, *, title: str = "",
                    note: str = "") -> gm.View:
    """The current network view (sidebar filters + Network page choices) as a View.

    The one way from the app's state to a drawing: the Network page draws
    ``gm.view_graph(model, **view.view_graph_kwargs())`` of this view, and the Share page
    writes the same view to its files. "All kinds" (an empty choice) is stored as every
    kind (:data:`graphmodel.data.schema.COLLABORATION_KINDS`), never as ``None`` (which a view
    reads as its default, service agreements only). The language is the one in use.
    """
    state = st.session_state
    focus = state.get("focus")
    view = state.get("view") or "bipartite"
    return gm.View.for_model(
        model,
        as_of=filters.as_of,
        view=view,
        filters=filters.view_filters(),
        focus=(focus,) if focus else (),
        depth=int(state.get("depth") or DEFAULT_DEPTH.get(view, 1)),
        color_by=state.get("color") or "kind",
        size_by=state.get("size") or "population",
        title=title.strip(),
        note=note.strip(),
        lang=current_language(),
    )


def map_view_from_state(model: gm.Model, filters: Filters, *, title: str = "",
                        note: str = "") -> gm.View:
    """The current map (sidebar filters + the Map page's colouring, agreement and focus) as
    a View with ``picture="map"``: its snapshot draws what the Map page shows.

    As in :func:`view_from_state`, "All kinds" is stored as every kind; ``actor_kinds``
    stays open, which a map view reads as municipalities (the Map page's rule).
    """
    from .mapping import COLOR_KEY  # the Map page's colour widget

    state = st.session_state
    focus = state.get("focus")
    return gm.View.for_model(
        model,
        picture="map",
        as_of=filters.as_of,
        filters=filters.view_filters(),
        focus=(focus,) if focus else (),
        map_color=state.get(COLOR_KEY) or "fragmentation",
        agreement=state.get("agreement") or "",
        title=title.strip(),
        note=note.strip(),
        lang=current_language(),
    )


def version_id() -> str | None:
    """The id of the dataset version in use (the shell's workspace), or ``None``."""
    version_in_use = getattr(data_in_use, "version_in_use", None)
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
    if view.picture == "map":  # the Map page's own choices (its colour is ``?color=``)
        out["picture"] = ["map"]
        if view.map_color != "fragmentation":
            out["color"] = [view.map_color]
        if view.agreement:
            out["agreement"] = [view.agreement]
    # The app opens each picture at its own distance (graphmodel.share.view.DEFAULT_DEPTH); a
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
    """A link to this app that reopens ``view`` (on the Network page, a map view on the Map
    page).

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
    page = "map" if view.picture == "map" else ""
    return app_root(url) + page + "?" + urlencode(query)


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
    """The view drawn as a PNG or PDF file, or as a PowerPoint slide (.pptx), as bytes."""
    if suffix == ".pptx":
        from graphmodel.office import snapshot_pptx

        return snapshot_pptx(model, view)
    writer = {".png": gm.snapshot_png, ".pdf": gm.snapshot_pdf}[suffix]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"view{suffix}"
        writer(model, view, path)
        return path.read_bytes()


def map_gpkg(model: gm.Model, **filters) -> bytes:
    """The map of ``model`` under ``filters`` as a GeoPackage file, as bytes."""
    from graphmodel.office import write_gpkg

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.gpkg"
        write_gpkg(model, path, **filters)
        return path.read_bytes()


def file_stem(text: str, default: str = "graphmodel-view") -> str:
    """A file name stem from a title (:func:`graphmodel.files.safe_stem`).

    >>> file_stem("Malvik leaves <Trondheimsregionen>")
    'Malvik-leaves-Trondheimsregionen'
    >>> file_stem("../..", "snapshot")
    'snapshot'
    """
    return safe_stem(text, default)


@st.cache_data(show_spinner=False, max_entries=16)
def _snapshot_file(data_hash: str, view_json: str, fmt: str, _model: gm.Model) -> bytes:
    # ``_model`` is not hashed: ``data_hash`` stands for it; the view's JSON holds the rest
    # (filters, focus, picture, comparison, language).
    view = gm.View.from_json(view_json)
    if fmt == "html":
        # "replace": a lone surrogate in a name from the data becomes "?", never a crash
        return gm.snapshot_html(_model, view).encode("utf-8", "replace")
    return render_file(_model, view, f".{fmt}")


def snapshot_file(model: gm.Model, view: gm.View, fmt: str) -> bytes:
    """The snapshot of ``view`` as ``html``, ``png`` or ``pdf`` bytes, cached per (data,
    view). :func:`graphmodel.snapshot_html` and :func:`graphmodel.snapshot_image` choose
    the page: the network, the map (``picture="map"``) or a comparison (``compare_as_of``
    or ``scenario``)."""
    return _snapshot_file(model.content_hash(), view.to_json(), fmt, model)


def snapshot_downloads(model: gm.Model, view: gm.View, *, key: str, label: str, stem: str,
                       where=st) -> bool:
    """A button that makes the snapshot of ``view``; once pressed (for this very view and
    data), the downloads: the page (HTML), PNG, PDF and the view file (JSON) that the
    command line re-renders (``graphmodel snapshot DATA --spec FILE``).

    Nothing is drawn until the button is pressed; a change of the view (a filter, the
    language) takes the downloads away until it is pressed again. Returns whether the
    downloads are shown.
    """
    asked = (model.content_hash(), view.to_json())
    state = st.session_state
    asked_key = f"_snapshot_asked_{key}"
    if where.button(label, key=f"{key}_make", icon=":material/photo_camera:",
                    help=tr("Makes one file that opens offline on any laptop, with no Python "
                            "and no account, in the language in use.")):
        state[asked_key] = asked
    if state.get(asked_key) != asked:
        return False
    try:
        with st.spinner(tr("Making the snapshot…")):
            page = snapshot_file(model, view, "html")
    except gm.GraphModelError as exc:
        where.warning(tr("The snapshot cannot be made: {problem}",
                         problem=md_escape(exc)))
        return False
    c1, c2, c3, c4 = where.columns(4)
    c1.download_button(tr("Web page (HTML)"), page, file_name=f"{stem}.html", mime="text/html",
                       key=f"{key}_html", type="primary", icon=":material/language:")
    c2.download_button(tr("Picture (PNG)"), data=lambda: snapshot_file(model, view, "png"),
                       file_name=f"{stem}.png", mime="image/png", key=f"{key}_png",
                       icon=":material/image:")
    c3.download_button(tr("Document (PDF)"), data=lambda: snapshot_file(model, view, "pdf"),
                       file_name=f"{stem}.pdf", mime="application/pdf", key=f"{key}_pdf",
                       icon=":material/picture_as_pdf:")
    c4.download_button(tr("View file (JSON)"), view.to_json().encode("utf-8"),
                       file_name=f"{stem}.view.json", mime="application/json",
                       key=f"{key}_json", icon=":material/data_object:",
                       help=tr("Re-render it with the command line: graphmodel snapshot DATA "
                               "--spec FILE -o OUT.html"))
    return True
