"""The map page and picture of a snapshot: municipalities where they are, coloured by a measure."""

from __future__ import annotations

from markupsafe import Markup

from ..data.model import Model
from ..i18n import dataset_label, tr
from .key_figures import key_figures
from .page import base_context, figures_context, list_text, made_text, render_strict
from .view import View

__all__ = ["map_html", "map_image", "map_key_figures", "map_of", "map_title"]


def map_title(model: Model, view: View) -> str:
    """The title of a map without one: the places in focus, else the dataset."""
    if view.focus:
        return tr("Map of collaboration around {names}",
                  names=list_text(view.focus, model.names(), limit=3))
    return tr("Map of collaboration in {name}", name=dataset_label(model.name))


def map_of(model: Model, view: View):
    """The :class:`graphmodel.drawing.map.MapView` of a view (its filters, colour, agreement)."""
    from ..drawing.map import map_view

    return map_view(model, **view.map_view_kwargs())


def map_key_figures(model: Model, view: View, mv=None):
    """The :func:`graphmodel.share.key_figures.key_figures` of a map view: the municipalities on the
    map (placed or listed as unplaced) and the collaborations among them stand for the
    drawing. ``mv`` is the view's map (:func:`map_of`), made when not given."""
    from ..data.select import select

    mv = map_of(model, view) if mv is None else mv
    placed = mv.placed_ids() | set(mv.unplaced["id"])
    mf = {k: v for k, v in view.map_view_kwargs().items()
          if k in ("as_of", "sectors", "kinds", "actor_kinds", "status", "countries", "regions")}
    mem = select(model, **mf).memberships
    in_view = set(mem.loc[mem["actor"].isin(placed), "collaboration"])
    return key_figures(model, view, drawn=(placed, in_view))


def map_html(model: Model, view: View, made_at=None, figures=None) -> str:
    """The map page of a view: the inline SVG map (no script), its legend, the key figures
    of the municipalities on it, under a CSP that allows only the page's own styles.
    Call it in the view's language (:func:`graphmodel.share.snapshot.snapshot_html` does)."""
    from ..drawing.map_svg import map_svg

    warnings = view.check(model)
    mv = map_of(model, view)
    made_at = made_text(made_at)
    figs = figures if figures is not None else map_key_figures(model, view, mv)
    svg = map_svg(mv, width=1120, height=720, title="", lang=view.lang, id_prefix="gm-map")
    context = {
        **base_context(model, view, made_at, view.title or map_title(model, view),
                      warnings),
        "picture": "map",
        "map_svg": Markup(svg),  # map_svg escapes every text from the data
        "message": mv.message,
        **figures_context(figs),
    }
    return render_strict(context, svg)


def map_image(model: Model, view: View, path_or_file=None, fmt: str = "png", *,
              title: str | None = None, size=None):
    """The view's map as a PNG slide or a one-page PDF (:func:`graphmodel.drawing.map_image.render_map`),
    titled with ``title``, else the view's title or :func:`map_title` (``""``: no title, as
    on a slide that has its own). Call it in the view's language."""
    from ..drawing.map_image import render_map  # matplotlib only when asked for

    if title is None:
        title = view.title or map_title(model, view)
    return render_map(map_of(model, view), path_or_file, fmt, title=title, size=size)
