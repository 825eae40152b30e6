"""The Map page's helpers: the cached map picture, its controls' options and the clickable map.

The picture is the library's own inline SVG (:func:`graphmodel.drawing.map.map_svg`), the same
one the snapshots carry, so the app and a shared file show the same map. It is mounted with
a small Streamlit component (``st.components.v2``) rather than ``st.html``: ``st.html``
sanitises with DOMPurify's HTML profile only, which removes every SVG element (and any
``target`` but ``_blank``), and a plain link would reload the page into a new session,
losing an uploaded dataset. The component puts the SVG into the page (in a shadow root, so
no style leaks either way) and reports a click on a municipality (its ``data-id``) back to
Python in the same session. Every text from data is escaped by ``map_svg``; the component's
script is the constant :data:`MAP_JS`, never built from data, and it fetches nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel import map_svg
from graphmodel.drawing import COLOR_BY, map_view
from graphmodel.i18n import current_language, kind_label, tr

from . import params
from .cache import freeze
from .sidebar import Filters

__all__ = [
    "COLOR_KEY",
    "COLOR_PARAM",
    "MAP_JS",
    "MapPicture",
    "agreement_options",
    "clicked",
    "color_labels",
    "draw_map",
    "map_picture",
    "seed_color",
    "unplaced_frame",
]

#: The link's parameter for the colouring (``?color=``) and the widget key it feeds. The key
#: differs from the Network page's ``color`` (which takes other values), so that moving
#: between the pages keeps each page's choice.
COLOR_PARAM = "color"
COLOR_KEY = "map_color"
_SEEDED = "map:color"  # marks the opening link's ``color`` as applied to the map

#: The component's script: put the SVG in, report clicks on shapes that carry a data-id.
MAP_JS = """
export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  let root = parentElement.querySelector("div.gm-map-root");
  if (!root) {
    root = document.createElement("div");
    root.className = "gm-map-root";
    parentElement.appendChild(root);
  }
  if (data && root.getAttribute("data-key") !== data.key) {
    root.innerHTML = data.svg;
    root.setAttribute("data-key", data.key);
  }
  root.onclick = (event) => {
    const shape = event.target.closest("[data-id]");
    if (shape) {
      setTriggerValue("clicked", shape.getAttribute("data-id"));
    }
  };
}
"""
MAP_CSS = """
.gm-map-root svg { display: block; width: 100%; height: auto; }
.gm-map-root [data-id] { cursor: pointer; }
.gm-map-root path[data-id]:hover { stroke: #1f2328; stroke-width: 1.6; }
.gm-map-root circle[data-id]:hover { stroke: #1f2328; stroke-width: 2.5; }
"""
_COMPONENT = st.components.v2.component("graphmodel.map", css=MAP_CSS, js=MAP_JS)


def color_labels() -> dict[str, str]:
    """colour key → its name in the language in use (the legend's title)."""
    return {"fragmentation": tr("Fragmentation"), "agreements": tr("Agreements"),
            "home_council": tr("Home council"), "strategy": tr("Strategy"),
            "community": tr("Community"), "ba_region": tr("BA-region (commuting region)")}


def seed_color(default: str = "fragmentation") -> None:
    """Give the colour widget the opening link's ``?color=`` (once), like
    :func:`graphmodel.explorer.params.seed` does for a widget keyed by its parameter."""
    state = st.session_state
    used = state.setdefault(params.USED, set())
    values = params.link_values(COLOR_PARAM)
    if values and _SEEDED not in used:
        used.add(_SEEDED)
        labels = {v.casefold(): k for k, v in color_labels().items()}
        text = values[-1]
        value = text if text in COLOR_BY else labels.get(text.casefold())
        if value is None:
            params.note(tr("The link asks for the colouring “{text}”, which the map does not "
                           "have: it was left out. Pick one from the list instead.", text=text))
        else:
            state[COLOR_KEY] = value
    if state.get(COLOR_KEY) not in COLOR_BY:
        state[COLOR_KEY] = default


@st.cache_data(show_spinner=False, max_entries=32)
def _agreements(data_hash: str, lang: str, _model: gm.Model) -> dict[str, str]:
    c = _model.collaborations.sort_values(["name", "id"], kind="stable")
    return {i: (n or i) if k == "service" else f"{n or i} ({kind_label(k).lower()})"
            for i, n, k in zip(c["id"], c["name"], c["kind"])}


def agreement_options(model: gm.Model) -> dict[str, str]:
    """id → label of the collaborations one can show on the map, by name (services bare,
    councils and networks with their kind)."""
    return _agreements(model.content_hash(), current_language(), model)


class MapPicture(dict):
    """What the page shows: ``svg``, ``key`` (a digest of the SVG), ``unplaced`` (id, name,
    kind, reason), ``message``, ``n_shapes``, ``n_points``, ``placed`` (ids on the map)."""

    __getattr__ = dict.__getitem__


@st.cache_data(show_spinner=False, max_entries=64)
def _picture(data_hash: str, arguments: tuple, width: int, height: int, lang: str,
             _model: gm.Model) -> dict:
    mv = map_view(_model, **dict(arguments))
    svg = map_svg(mv, width=width, height=height, lang=lang)
    return {"svg": svg, "key": hashlib.sha256(svg.encode("utf-8")).hexdigest()[:16],
            "unplaced": mv.unplaced.copy(), "message": mv.message,
            "n_shapes": len(mv.shapes), "n_points": len(mv.points),
            "placed": sorted(mv.placed_ids())}


def map_picture(model: gm.Model, filters: Filters, *, color_by: str = "fragmentation",
                agreement: str | None = None, focus: str | None = None,
                size: tuple[int, int] = (960, 600)) -> MapPicture:
    """The map of ``model`` under the sidebar's ``filters``, cached on the data's content
    hash, the options and the language (:func:`graphmodel.drawing.map.map_view`, then
    :func:`graphmodel.drawing.map.map_svg`).

    Raises :class:`graphmodel.GraphModelError` (an unknown id or colour) like the library.
    """
    arguments: dict[str, Any] = dict(filters.analysis(), color_by=color_by,
                                     collaboration=agreement or None,
                                     focus=(focus,) if focus else ())
    key = tuple(sorted((k, freeze(v)) for k, v in arguments.items()))
    return MapPicture(_picture(model.content_hash(), key, int(size[0]), int(size[1]),
                               current_language(), model))


def draw_map(picture: MapPicture, *, key: str = "gm_map", on_click=None):
    """Mount the clickable map; ``on_click`` runs (as a callback, before the next run)
    when a shape is clicked: read the id with :func:`clicked`."""
    return _COMPONENT(key=key, data={"svg": picture.svg, "key": picture.key},
                      on_clicked_change=on_click or (lambda: None))


def clicked(key: str = "gm_map") -> str | None:
    """The id of the shape just clicked on the map ``key`` (inside its callback)."""
    value = st.session_state.get(key)
    if value is None:
        return None
    got = value.get("clicked") if hasattr(value, "get") else getattr(value, "clicked", None)
    return str(got) if got else None


def unplaced_frame(picture: MapPicture) -> pd.DataFrame:
    """The actors the map cannot place, for the table under the map."""
    u = picture.unplaced
    return pd.DataFrame({tr("Name"): u["name"], tr("Kind"): u["kind"].map(kind_label),
                         tr("Why it is not on the map"): u["reason"]})
