"""The drawing: what to draw for a view (network, map, comparison), where, in which style,
and each picture's formats (vis-network HTML, SVG, PNG/PDF).

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .comparison import (
        ADDED_COLOR as ADDED_COLOR,
    )
    from .comparison import (
        REMOVED_COLOR as REMOVED_COLOR,
    )
    from .comparison import (
        VIEW_OPTIONS as VIEW_OPTIONS,
    )
    from .comparison import (
        comparison_graphs as comparison_graphs,
    )
    from .comparison import (
        mark_changes as mark_changes,
    )
    from .comparison_image import (
        comparison_figure as comparison_figure,
    )
    from .comparison_image import (
        render_comparison as render_comparison,
    )
    from .geo import (
        ASSET as ASSET,
    )
    from .geo import (
        LAT0 as LAT0,
    )
    from .geo import (
        LON0 as LON0,
    )
    from .geo import (
        UNIT_M as UNIT_M,
    )
    from .geo import (
        Outline as Outline,
    )
    from .geo import (
        find_outline as find_outline,
    )
    from .geo import (
        outlines as outlines,
    )
    from .geo import (
        project as project,
    )
    from .geo import (
        ring_area as ring_area,
    )
    from .geo import (
        simplify as simplify,
    )
    from .geo import (
        to_units as to_units,
    )
    from .geo import (
        union_boundary as union_boundary,
    )
    from .image import (
        FORMATS as FORMATS,
    )
    from .image import (
        GREY as GREY,
    )
    from .image import (
        INK as INK,
    )
    from .image import (
        LIGHT as LIGHT,
    )
    from .image import (
        MAX_LABELS as MAX_LABELS,
    )
    from .image import (
        MAX_RADIUS as MAX_RADIUS,
    )
    from .image import (
        RC as RC,
    )
    from .image import (
        draw_network as draw_network,
    )
    from .image import (
        draw_side as draw_side,
    )
    from .image import (
        fit_view as fit_view,
    )
    from .image import (
        fit_width as fit_width,
    )
    from .image import (
        made_at_text as made_at_text,
    )
    from .image import (
        save_figure as save_figure,
    )
    from .image import (
        subtitle_with_date as subtitle_with_date,
    )
    from .image import (
        text_of as text_of,
    )
    from .map import (
        COLOR_BY as COLOR_BY,
    )
    from .map import (
        MapView as MapView,
    )
    from .map import (
        map_view as map_view,
    )
    from .map import (
        tint as tint,
    )
    from .map_image import (
        map_figure as map_figure,
    )
    from .map_image import (
        render_map as render_map,
    )
    from .map_svg import (
        safe_text as safe_text,
    )
    from .network import (
        MAX_EDGES as MAX_EDGES,
    )
    from .network import (
        NODE_COLUMNS as NODE_COLUMNS,
    )
    from .network import (
        NODE_EXTRA as NODE_EXTRA,
    )
    from .network import (
        SIZE_BY as SIZE_BY,
    )
    from .network import (
        VIEWS as VIEWS,
    )
    from .network import (
        ViewGraph as ViewGraph,
    )
    from .network import (
        view_graph as view_graph,
    )
    from .network_html import (
        CSP as CSP,
    )
    from .network_html import (
        NetworkFragment as NetworkFragment,
    )
    from .network_html import (
        json_for_script as json_for_script,
    )
    from .network_html import (
        network_fragment as network_fragment,
    )
    from .network_html import (
        vis_data as vis_data,
    )
    from .network_image import (
        render_image as render_image,
    )
    from .network_image import (
        render_pdf as render_pdf,
    )
    from .network_image import (
        render_png as render_png,
    )
    from .network_image import (
        view_figure as view_figure,
    )
    from .network_svg import (
        shared_frame as shared_frame,
    )
    from .positions import (
        declutter as declutter,
    )
    from .positions import (
        layout as layout,
    )
    from .positions import (
        place as place,
    )
    from .style import (
        ACTOR_SHAPE as ACTOR_SHAPE,
    )
    from .style import (
        EDGE_COLORS as EDGE_COLORS,
    )
    from .style import (
        EDGE_COLUMNS as EDGE_COLUMNS,
    )
    from .style import (
        KIND_COLORS as KIND_COLORS,
    )
    from .style import (
        KIND_SHAPES as KIND_SHAPES,
    )
    from .style import (
        LABEL_MAX as LABEL_MAX,
    )
    from .style import (
        NEUTRAL_ACTOR as NEUTRAL_ACTOR,
    )
    from .style import (
        OTHER_COLOR as OTHER_COLOR,
    )
    from .style import (
        PALETTE as PALETTE,
    )
    from .style import (
        actor_tooltip as actor_tooltip,
    )
    from .style import (
        collaboration_tooltip as collaboration_tooltip,
    )
    from .style import (
        colour_by_community as colour_by_community,
    )
    from .style import (
        colour_by_kind as colour_by_kind,
    )
    from .style import (
        colour_by_sector as colour_by_sector,
    )
    from .style import (
        count_text as count_text,
    )
    from .style import (
        kind_word as kind_word,
    )
    from .style import (
        legend as legend,
    )
    from .style import (
        node_colours as node_colours,
    )
    from .style import (
        node_sizes as node_sizes,
    )
    from .style import (
        scaled_sizes as scaled_sizes,
    )
    from .style import (
        short_label as short_label,
    )
    from .style import (
        style_edges as style_edges,
    )

_NAMES = {
    "ADDED_COLOR": "comparison",
    "REMOVED_COLOR": "comparison",
    "VIEW_OPTIONS": "comparison",
    "comparison_graphs": "comparison",
    "mark_changes": "comparison",
    "comparison_figure": "comparison_image",
    "render_comparison": "comparison_image",
    "ASSET": "geo",
    "LAT0": "geo",
    "LON0": "geo",
    "Outline": "geo",
    "UNIT_M": "geo",
    "find_outline": "geo",
    "outlines": "geo",
    "project": "geo",
    "ring_area": "geo",
    "simplify": "geo",
    "to_units": "geo",
    "union_boundary": "geo",
    "FORMATS": "image",
    "GREY": "image",
    "INK": "image",
    "LIGHT": "image",
    "MAX_LABELS": "image",
    "MAX_RADIUS": "image",
    "RC": "image",
    "draw_network": "image",
    "draw_side": "image",
    "fit_view": "image",
    "fit_width": "image",
    "made_at_text": "image",
    "save_figure": "image",
    "subtitle_with_date": "image",
    "text_of": "image",
    "COLOR_BY": "map",
    "MapView": "map",
    "map_view": "map",
    "tint": "map",
    "map_figure": "map_image",
    "render_map": "map_image",
    "safe_text": "map_svg",
    "MAX_EDGES": "network",
    "NODE_COLUMNS": "network",
    "NODE_EXTRA": "network",
    "SIZE_BY": "network",
    "VIEWS": "network",
    "ViewGraph": "network",
    "view_graph": "network",
    "CSP": "network_html",
    "NetworkFragment": "network_html",
    "json_for_script": "network_html",
    "network_fragment": "network_html",
    "vis_data": "network_html",
    "render_image": "network_image",
    "render_pdf": "network_image",
    "render_png": "network_image",
    "view_figure": "network_image",
    "shared_frame": "network_svg",
    "declutter": "positions",
    "layout": "positions",
    "place": "positions",
    "ACTOR_SHAPE": "style",
    "EDGE_COLORS": "style",
    "EDGE_COLUMNS": "style",
    "KIND_COLORS": "style",
    "KIND_SHAPES": "style",
    "LABEL_MAX": "style",
    "NEUTRAL_ACTOR": "style",
    "OTHER_COLOR": "style",
    "PALETTE": "style",
    "actor_tooltip": "style",
    "collaboration_tooltip": "style",
    "colour_by_community": "style",
    "colour_by_kind": "style",
    "colour_by_sector": "style",
    "count_text": "style",
    "kind_word": "style",
    "legend": "style",
    "node_colours": "style",
    "node_sizes": "style",
    "scaled_sizes": "style",
    "short_label": "style",
    "style_edges": "style",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
