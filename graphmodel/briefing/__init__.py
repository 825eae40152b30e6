"""Briefing packs: one page per municipality or council, its data, narrative and pictures,
written as offline HTML pages with an index.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .data import (
        ActorBriefing as ActorBriefing,
        BriefingData as BriefingData,
        CouncilBriefing as CouncilBriefing,
        Figure as Figure,
        actor_briefing as actor_briefing,
        briefing_data as briefing_data,
        council_briefing as council_briefing,
        figure_format as figure_format,
        format_figure as format_figure,
        strategy_label as strategy_label,
    )
    from .narrative import (
        actor_narrative as actor_narrative,
        council_narrative as council_narrative,
    )
    from .pages import (
        PER as PER,
        Report as Report,
        briefing_html as briefing_html,
        briefing_page as briefing_page,
        index_html as index_html,
        page_context as page_context,
        safe_file_name as safe_file_name,
        write_report as write_report,
    )
    from .pictures import (
        focused_map as focused_map,
        not_a_number as not_a_number,
        partners_graph as partners_graph,
        partners_map as partners_map,
        partners_mapview as partners_mapview,
        partners_network as partners_network,
        quadrant_png as quadrant_png,
        quadrant_svg as quadrant_svg,
    )

_NAMES = {
    "ActorBriefing": "data",
    "BriefingData": "data",
    "CouncilBriefing": "data",
    "Figure": "data",
    "actor_briefing": "data",
    "briefing_data": "data",
    "council_briefing": "data",
    "figure_format": "data",
    "format_figure": "data",
    "strategy_label": "data",
    "actor_narrative": "narrative",
    "council_narrative": "narrative",
    "PER": "pages",
    "Report": "pages",
    "briefing_html": "pages",
    "briefing_page": "pages",
    "index_html": "pages",
    "page_context": "pages",
    "safe_file_name": "pages",
    "write_report": "pages",
    "focused_map": "pictures",
    "not_a_number": "pictures",
    "partners_graph": "pictures",
    "partners_map": "pictures",
    "partners_mapview": "pictures",
    "partners_network": "pictures",
    "quadrant_png": "pictures",
    "quadrant_svg": "pictures",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
