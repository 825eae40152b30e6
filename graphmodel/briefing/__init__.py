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
    )
    from .data import (
        BriefingData as BriefingData,
    )
    from .data import (
        CouncilBriefing as CouncilBriefing,
    )
    from .data import (
        Figure as Figure,
    )
    from .data import (
        actor_briefing as actor_briefing,
    )
    from .data import (
        briefing_data as briefing_data,
    )
    from .data import (
        council_briefing as council_briefing,
    )
    from .data import (
        format_figure as format_figure,
    )
    from .data import (
        strategy_label as strategy_label,
    )
    from .narrative import (
        actor_narrative as actor_narrative,
    )
    from .narrative import (
        council_narrative as council_narrative,
    )
    from .pages import (
        PER as PER,
    )
    from .pages import (
        Report as Report,
    )
    from .pages import (
        briefing_html as briefing_html,
    )
    from .pages import (
        briefing_page as briefing_page,
    )
    from .pages import (
        index_html as index_html,
    )
    from .pages import (
        safe_file_name as safe_file_name,
    )
    from .pages import (
        write_report as write_report,
    )
    from .pictures import (
        focused_map as focused_map,
    )
    from .pictures import (
        not_a_number as not_a_number,
    )
    from .pictures import (
        partners_map as partners_map,
    )
    from .pictures import (
        partners_network as partners_network,
    )
    from .pictures import (
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
    "format_figure": "data",
    "strategy_label": "data",
    "actor_narrative": "narrative",
    "council_narrative": "narrative",
    "PER": "pages",
    "Report": "pages",
    "briefing_html": "pages",
    "briefing_page": "pages",
    "index_html": "pages",
    "safe_file_name": "pages",
    "write_report": "pages",
    "focused_map": "pictures",
    "not_a_number": "pictures",
    "partners_map": "pictures",
    "partners_network": "pictures",
    "quadrant_svg": "pictures",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
