"""Sharing: the View spec (JSON file, link), the key figures, and the offline snapshot pages
and pictures of a network, a map or a comparison.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .comparison_snapshot import (
        comparison_html as comparison_html,
    )
    from .comparison_snapshot import (
        comparison_image as comparison_image,
    )
    from .comparison_snapshot import (
        comparison_kinds as comparison_kinds,
    )
    from .comparison_snapshot import (
        comparison_of as comparison_of,
    )
    from .comparison_snapshot import (
        comparison_pictures as comparison_pictures,
    )
    from .key_figures import (
        KeyFigures as KeyFigures,
    )
    from .key_figures import (
        metric_filters as metric_filters,
    )
    from .map_snapshot import (
        map_html as map_html,
    )
    from .map_snapshot import (
        map_image as map_image,
    )
    from .map_snapshot import (
        map_of as map_of,
    )
    from .map_snapshot import (
        map_title as map_title,
    )
    from .page import (
        asset as asset,
    )
    from .page import (
        base_context as base_context,
    )
    from .page import (
        cell_text as cell_text,
    )
    from .page import (
        csp_hash as csp_hash,
    )
    from .page import (
        figures_context as figures_context,
    )
    from .page import (
        filter_rows as filter_rows,
    )
    from .page import (
        filters_in_words as filters_in_words,
    )
    from .page import (
        legend_lines as legend_lines,
    )
    from .page import (
        list_text as list_text,
    )
    from .page import (
        made_text as made_text,
    )
    from .page import (
        num as num,
    )
    from .page import (
        page_css as page_css,
    )
    from .page import (
        render_strict as render_strict,
    )
    from .page import (
        safe_color as safe_color,
    )
    from .page import (
        size_explained as size_explained,
    )
    from .page import (
        strict_csp as strict_csp,
    )
    from .page import (
        template as template,
    )
    from .snapshot import (
        snapshot_html as snapshot_html,
    )
    from .snapshot import (
        snapshot_image as snapshot_image,
    )
    from .snapshot import (
        snapshot_pdf as snapshot_pdf,
    )
    from .snapshot import (
        snapshot_png as snapshot_png,
    )
    from .snapshot import (
        write_snapshot as write_snapshot,
    )
    from .view import (
        DEFAULT_DEPTH as DEFAULT_DEPTH,
    )
    from .view import (
        DEFAULT_KINDS as DEFAULT_KINDS,
    )
    from .view import (
        FILTER_KEYS as FILTER_KEYS,
    )
    from .view import (
        MAP_COLORS as MAP_COLORS,
    )
    from .view import (
        MAX_SCENARIO as MAX_SCENARIO,
    )
    from .view import (
        PICTURES as PICTURES,
    )
    from .view import (
        SCHEMA_VERSION as SCHEMA_VERSION,
    )
    from .view import (
        View as View,
    )
    from .view import (
        read_view as read_view,
    )
    from .view import (
        write_view as write_view,
    )

_NAMES = {
    "comparison_html": "comparison_snapshot",
    "comparison_image": "comparison_snapshot",
    "comparison_kinds": "comparison_snapshot",
    "comparison_of": "comparison_snapshot",
    "comparison_pictures": "comparison_snapshot",
    "KeyFigures": "key_figures",
    "metric_filters": "key_figures",
    "map_html": "map_snapshot",
    "map_image": "map_snapshot",
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
