"""Sharing: the View spec (JSON file, link), the key figures, and the offline snapshot pages
and pictures of a network, a map or a comparison.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .comparison_snapshot import (
        change_cards as change_cards,
        comparison_html as comparison_html,
        comparison_image as comparison_image,
        comparison_kinds as comparison_kinds,
        comparison_of as comparison_of,
        comparison_pictures as comparison_pictures,
        comparison_title as comparison_title,
    )
    from .key_figures import (
        KeyFigures as KeyFigures,
        metric_filters as metric_filters,
    )
    from .map_snapshot import (
        map_html as map_html,
        map_image as map_image,
        map_key_figures as map_key_figures,
        map_of as map_of,
        map_title as map_title,
    )
    from .page import (
        asset as asset,
        base_context as base_context,
        cell_text as cell_text,
        csp_hash as csp_hash,
        figures_context as figures_context,
        filter_rows as filter_rows,
        filters_in_words as filters_in_words,
        legend_lines as legend_lines,
        list_text as list_text,
        made_text as made_text,
        num as num,
        page_css as page_css,
        render_strict as render_strict,
        safe_color as safe_color,
        size_explained as size_explained,
        strict_csp as strict_csp,
        template as template,
    )
    from .snapshot import (
        snapshot_html as snapshot_html,
        snapshot_image as snapshot_image,
        snapshot_pdf as snapshot_pdf,
        snapshot_png as snapshot_png,
        snapshot_title as snapshot_title,
        write_snapshot as write_snapshot,
    )
    from .view import (
        DEFAULT_DEPTH as DEFAULT_DEPTH,
        DEFAULT_KINDS as DEFAULT_KINDS,
        FILTER_KEYS as FILTER_KEYS,
        MAP_COLORS as MAP_COLORS,
        MAX_SCENARIO as MAX_SCENARIO,
        PICTURES as PICTURES,
        SCHEMA_VERSION as SCHEMA_VERSION,
        View as View,
        read_view as read_view,
        write_view as write_view,
    )

_NAMES = {
    "change_cards": "comparison_snapshot",
    "comparison_html": "comparison_snapshot",
    "comparison_image": "comparison_snapshot",
    "comparison_kinds": "comparison_snapshot",
    "comparison_of": "comparison_snapshot",
    "comparison_pictures": "comparison_snapshot",
    "comparison_title": "comparison_snapshot",
    "KeyFigures": "key_figures",
    "metric_filters": "key_figures",
    "map_html": "map_snapshot",
    "map_image": "map_snapshot",
    "map_key_figures": "map_snapshot",
    "map_of": "map_snapshot",
    "map_title": "map_snapshot",
    "asset": "page",
    "base_context": "page",
    "cell_text": "page",
    "csp_hash": "page",
    "figures_context": "page",
    "filter_rows": "page",
    "filters_in_words": "page",
    "legend_lines": "page",
    "list_text": "page",
    "made_text": "page",
    "num": "page",
    "page_css": "page",
    "render_strict": "page",
    "safe_color": "page",
    "size_explained": "page",
    "strict_csp": "page",
    "template": "page",
    "snapshot_html": "snapshot",
    "snapshot_image": "snapshot",
    "snapshot_pdf": "snapshot",
    "snapshot_png": "snapshot",
    "snapshot_title": "snapshot",
    "write_snapshot": "snapshot",
    "DEFAULT_DEPTH": "view",
    "DEFAULT_KINDS": "view",
    "FILTER_KEYS": "view",
    "MAP_COLORS": "view",
    "MAX_SCENARIO": "view",
    "PICTURES": "view",
    "SCHEMA_VERSION": "view",
    "View": "view",
    "read_view": "view",
    "write_view": "view",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
