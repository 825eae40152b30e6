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
        REMOVED_COLOR as REMOVED_COLOR,
        VIEW_OPTIONS as VIEW_OPTIONS,
        comparison_graphs as comparison_graphs,
        mark_changes as mark_changes,
    )
    from .comparison_image import (
        comparison_figure as comparison_figure,
        render_comparison as render_comparison,
    )
    from .geo import (
        ASSET as ASSET,
        LAT0 as LAT0,
        LON0 as LON0,
        UNIT_M as UNIT_M,
        Outline as Outline,
        find_outline as find_outline,
        outlines as outlines,
        project as project,
        ring_area as ring_area,
        simplify as simplify,
        to_units as to_units,
        union_boundary as union_boundary,
        unproject as unproject,
    )
    from .image import (
        FORMATS as FORMATS,
        GREY as GREY,
        INK as INK,
        LIGHT as LIGHT,
        MAX_LABELS as MAX_LABELS,
        MAX_RADIUS as MAX_RADIUS,
        RC as RC,
        draw_network as draw_network,
        draw_side as draw_side,
        fit_view as fit_view,
        fit_width as fit_width,
        made_at_text as made_at_text,
        save_figure as save_figure,
        subtitle_with_date as subtitle_with_date,
        text_of as text_of,
    )
    from .map import (
        COLOR_BY as COLOR_BY,
        MapView as MapView,
        map_view as map_view,
        tint as tint,
    )
    from .map_image import (
        map_figure as map_figure,
        render_map as render_map,
    )
    from .map_svg import (
        safe_text as safe_text,
    )
    from .network import (
        MAX_EDGES as MAX_EDGES,
        NODE_COLUMNS as NODE_COLUMNS,
        NODE_EXTRA as NODE_EXTRA,
        SIZE_BY as SIZE_BY,
        VIEWS as VIEWS,
        ViewGraph as ViewGraph,
        view_graph as view_graph,
    )
    from .network_html import (
        CSP as CSP,
        NetworkFragment as NetworkFragment,
        json_for_script as json_for_script,
        network_fragment as network_fragment,
        vis_data as vis_data,
    )
    from .network_image import (
        render_image as render_image,
        render_pdf as render_pdf,
        render_png as render_png,
        view_figure as view_figure,
    )
    from .network_svg import (
        shared_frame as shared_frame,
    )
    from .positions import (
        declutter as declutter,
        layout as layout,
        place as place,
    )
    from .quadrant import (
        MARK_COLUMNS as MARK_COLUMNS,
        place_labels as place_labels,
        quadrant_box as quadrant_box,
        stated_marks as stated_marks,
    )
    from .style import (
        ACTOR_SHAPE as ACTOR_SHAPE,
        EDGE_COLORS as EDGE_COLORS,
        EDGE_COLUMNS as EDGE_COLUMNS,
        KIND_COLORS as KIND_COLORS,
        KIND_SHAPES as KIND_SHAPES,
        LABEL_MAX as LABEL_MAX,
        NEUTRAL_ACTOR as NEUTRAL_ACTOR,
        OTHER_COLOR as OTHER_COLOR,
        PALETTE as PALETTE,
        actor_tooltip as actor_tooltip,
        collaboration_tooltip as collaboration_tooltip,
        colour_by_community as colour_by_community,
        colour_by_kind as colour_by_kind,
        colour_by_sector as colour_by_sector,
        count_text as count_text,
        kind_word as kind_word,
        legend as legend,
        node_colours as node_colours,
        node_sizes as node_sizes,
        scaled_sizes as scaled_sizes,
        short_label as short_label,
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
    "unproject": "geo",
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
    "MARK_COLUMNS": "quadrant",
    "place_labels": "quadrant",
    "quadrant_box": "quadrant",
    "stated_marks": "quadrant",
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
