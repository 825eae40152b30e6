"""The offline HTML snapshot of a view and its PNG/PDF and JSON siblings: the network page,
and the one door (:func:`write_snapshot`) to every page and format.

The map page lives in :mod:`graphmodel.share.map_snapshot`, the comparison page in
:mod:`graphmodel.share.comparison_snapshot`, and what every page shares (template, CSS, CSP, the
view in words) in :mod:`graphmodel.share.page`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from ..data.model import Model
from ..drawing.network import view_graph
from ..drawing.network_html import CSP, network_fragment
from ..errors import SpecError
from ..i18n import dataset_label, tr, use_language
from .comparison_snapshot import (
    comparison_html,
    comparison_image,
    comparison_kinds,
    comparison_of,
    comparison_pictures,
)
from .key_figures import KeyFigures, key_figures
from .map_snapshot import map_html, map_image
from .page import (
    base_context,
    figures_context,
    filter_rows,
    filters_in_words,
    legend_lines,
    list_text,
    made_text,
    safe_color,
    strict_csp,
    template,
)
from .view import View, write_view

__all__ = [
    "comparison_kinds",
    "comparison_of",
    "comparison_pictures",
    "filters_in_words",
    "snapshot_html",
    "snapshot_image",
    "snapshot_pdf",
    "snapshot_png",
    "snapshot_title",
    "strict_csp",
    "write_snapshot",
]


def snapshot_html(model: Model, view: View, *, made_at=None,
                  figures: KeyFigures | None = None) -> str:
    """One self-contained HTML file: the view's network, legend, key figures, provenance.

    It opens from disk with no network and no server: vis-network is inlined,
    no ``http:``/``https:`` resource is referenced, and a Content-Security-Policy
    forbids every request. The page comes from the Jinja2 template
    ``graphmodel/assets/snapshot.html.j2`` with autoescape on, so every text taken from
    the data (names, title, note, sources) is escaped; its CSS
    (``assets/snapshot.css``) is inlined. The drawing gets its data as escaped JSON
    (:func:`graphmodel.drawing.network_html.json_for_script`) and shows tooltips as plain text.
    The positions are those :func:`graphmodel.drawing.view_graph` gives the app for the
    same view. ``made_at`` (datetime or text; default now) is printed in the footer.
    Raises :class:`UnknownIdError` when the view's focus or councils are not in the data.
    Every word is in the view's language (``view.lang``), numbers and dates as that
    language writes them (:mod:`graphmodel.i18n`).

    Examples
    --------
    >>> import pandas as pd
    >>> m = Model.from_frames(
    ...     pd.DataFrame({"id": ["a", "b"], "name": ["Ås", "<b>B</b>"], "kind": "municipality"}),
    ...     pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
    ...     pd.DataFrame({"actor": ["a", "b"], "collaboration": ["s", "s"]}),
    ... )
    >>> page = snapshot_html(m, View.for_model(m, title="Test"), made_at="2024-05-01 10:00")
    >>> "<b>B</b>" in page, "&lt;b&gt;B&lt;/b&gt;" in page, "https://" in page.split("<script")[0]
    (False, True, False)
    """
    with use_language(view.lang):
        return _snapshot_html(model, view, made_at, figures)


def _default_title(model: Model, view: View) -> str:
    """The title of a view without one: the places in focus, else the dataset."""
    if view.focus:
        names = model.names()
        return tr("Collaboration around {names}", names=list_text(view.focus, names, limit=3))
    return tr("Collaboration in {name}", name=dataset_label(model.name))


def _snapshot_html(model: Model, view: View, made_at, figures) -> str:
    if view.comparison:
        return comparison_html(model, view, made_at)
    if view.picture == "map":
        return map_html(model, view, made_at, figures)
    warnings = view.check(model)
    vg = view_graph(model, **view.view_graph_kwargs())
    figs = figures if figures is not None else key_figures(model, view, vg)
    made_at = made_text(made_at)
    frag = network_fragment(vg, height="620px", width="100%")
    context = {
        **base_context(model, view, made_at, view.title or _default_title(model, view),
                       warnings),
        "csp": Markup(CSP),  # our constant: no double quote, so safe in the attribute
        # built by graphmodel: markup of its own, data only inside escaped JSON
        "network_head": Markup(frag.head),
        "network_body": Markup(frag.body),
        "legend_nodes": [(label, safe_color(color), shape) for label, color, shape in vg.legend],
        "legend_lines": legend_lines(vg),
        "message": vg.message,
        "picture": "network",
        **figures_context(figs),
    }
    return template().render(context)


def snapshot_title(model: Model, view: View) -> str:
    """The title a view is shown under: its own, else one that says what it shows (the
    places in focus or the dataset; for a map, "Map of …"; for a comparison, what it
    compares). Call it in the view's language."""
    from .comparison_snapshot import comparison_title
    from .map_snapshot import map_title

    if view.title:
        return view.title
    if view.comparison:
        return comparison_title(view)
    if view.picture == "map":
        return map_title(model, view)
    return _default_title(model, view)


def snapshot_image(model: Model, view: View, path_or_file=None, fmt: str = "png", *,
                   title: str | None = None, size: tuple[float, float] | None = None):
    """The view as a PNG picture or a one-page PDF (:func:`graphmodel.drawing.network_image.render_image`).

    Checks the view against the data, draws it as :func:`snapshot_html` does, and titles it
    with the view's title and its date, sectors, focus and councils. A map view is drawn
    by :func:`graphmodel.share.map_snapshot.map_image`, a comparison by
    :func:`graphmodel.share.comparison_snapshot.comparison_image`. ``title`` replaces the view's
    (``""``: no title, for a slide that has its own); ``size`` is in inches. Returns the
    path (a path given), ``None`` (a file object given) or the bytes (``None`` given).
    """
    with use_language(view.lang):
        view.check(model)
        if view.picture == "map":
            out = map_image(model, view, path_or_file, fmt, title=title, size=size)
        elif view.comparison:
            out = comparison_image(model, view, path_or_file, fmt, title=title, size=size)
        else:
            from ..drawing.network_image import render_image  # matplotlib only when asked for

            vg = view_graph(model, **view.view_graph_kwargs())
            subtitle = " · ".join(f"{label}: {text}" for key, label, text
                                  in filter_rows(model, view)
                                  if key in ("date", "kinds", "sectors", "focus", "councils"))
            out = render_image(vg, path_or_file, fmt,
                               title=(view.title or _default_title(model, view))
                               if title is None else title,
                               subtitle=subtitle, note=view.note, legend=True, size=size)
    return Path(path_or_file) if isinstance(path_or_file, (str, Path)) else out


def snapshot_png(model: Model, view: View, path) -> Path:
    """The view as a PNG picture (:func:`snapshot_image` with ``fmt="png"``)."""
    return snapshot_image(model, view, path, "png")


def snapshot_pdf(model: Model, view: View, path) -> Path:
    """The view as a one-page PDF (:func:`snapshot_image` with ``fmt="pdf"``)."""
    return snapshot_image(model, view, path, "pdf")


def write_snapshot(model: Model, view: View, path, *, made_at=None) -> Path:
    """Write the view to ``path``, the format chosen by its suffix: .html, .png, .pdf, .json.

    The slide (.pptx) is an office format, one layer up: :func:`graphmodel.write_snapshot`
    (:func:`graphmodel.office.pptx.write_snapshot`) writes it and hands every other suffix
    here."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        # "replace": a lone surrogate in a name from the data becomes "?", never a crash
        path.write_bytes(snapshot_html(model, view, made_at=made_at).encode("utf-8", "replace"))
        return path
    if suffix in (".png", ".pdf"):
        return snapshot_image(model, view, path, suffix[1:])
    if suffix == ".json":
        view.check(model)
        if not view.data_hash:
            view = replace(view, data_hash=model.content_hash())
        if not view.dataset:
            view = replace(view, dataset=model.name)
        return write_view(view, path)
    raise SpecError(f"cannot write {path.name!r}: use a name ending in .html, .png, .pdf, "
                    ".pptx or .json")
