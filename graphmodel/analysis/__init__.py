"""The analysis: the membership matrix, overlap, fragmentation, structure, gaps and
suggestions, the timeline, and the metric tables of the command line.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .fragmentation import (
        STRATEGIES as STRATEGIES,
    )
    from .fragmentation import (
        actor_fragmentation as actor_fragmentation,
    )
    from .fragmentation import (
        council_metrics as council_metrics,
    )
    from .fragmentation import (
        strategy_profile as strategy_profile,
    )
    from .incidence import (
        TwinQuotient as TwinQuotient,
    )
    from .incidence import (
        column_sums as column_sums,
    )
    from .incidence import (
        council_selection as council_selection,
    )
    from .incidence import (
        louvain_labels as louvain_labels,
    )
    from .incidence import (
        number_communities as number_communities,
    )
    from .incidence import (
        regional_councils as regional_councils,
    )
    from .incidence import (
        row_sums as row_sums,
    )
    from .incidence import (
        shared_matrix as shared_matrix,
    )
    from .incidence import (
        twin_classes as twin_classes,
    )
    from .incidence import (
        twin_quotient as twin_quotient,
    )
    from .incidence import (
        upper_pairs as upper_pairs,
    )
    from .metrics import (
        LEADING_COLUMNS as LEADING_COLUMNS,
    )
    from .metrics import (
        METRIC_TABLES as METRIC_TABLES,
    )
    from .metrics import (
        STATED as STATED,
    )
    from .metrics import (
        actor_metrics as actor_metrics,
    )
    from .metrics import (
        metrics_table as metrics_table,
    )
    from .overlap import (
        RELATIONS as RELATIONS,
    )
    from .overlap import (
        actor_pairs as actor_pairs,
    )
    from .overlap import (
        collaboration_pairs as collaboration_pairs,
    )
    from .overlap import (
        crossing_by_council as crossing_by_council,
    )
    from .overlap import (
        dual_members as dual_members,
    )
    from .structure import (
        centrality as centrality,
    )
    from .structure import (
        comembership_graph as comembership_graph,
    )
    from .structure import (
        communities as communities,
    )
    from .structure import (
        community_council_match as community_council_match,
    )
    from .structure import (
        hosting as hosting,
    )
    from .suggest import (
        DEFAULT_MAX_KM as DEFAULT_MAX_KM,
    )
    from .suggest import (
        GAP_COLUMNS as GAP_COLUMNS,
    )
    from .suggest import (
        SUGGESTION_COLUMNS as SUGGESTION_COLUMNS,
    )
    from .suggest import (
        gaps as gaps,
    )
    from .suggest import (
        haversine_km as haversine_km,
    )
    from .suggest import (
        suggestions as suggestions,
    )
    from .timeline import (
        TIMELINE_COLUMNS as TIMELINE_COLUMNS,
    )

_NAMES = {
    "STRATEGIES": "fragmentation",
    "actor_fragmentation": "fragmentation",
    "council_metrics": "fragmentation",
    "strategy_profile": "fragmentation",
    "TwinQuotient": "incidence",
    "column_sums": "incidence",
    "council_selection": "incidence",
    "louvain_labels": "incidence",
    "number_communities": "incidence",
    "regional_councils": "incidence",
    "row_sums": "incidence",
    "shared_matrix": "incidence",
    "twin_classes": "incidence",
    "twin_quotient": "incidence",
    "upper_pairs": "incidence",
    "LEADING_COLUMNS": "metrics",
    "METRIC_TABLES": "metrics",
    "STATED": "metrics",
    "actor_metrics": "metrics",
    "metrics_table": "metrics",
    "RELATIONS": "overlap",
    "actor_pairs": "overlap",
    "collaboration_pairs": "overlap",
    "crossing_by_council": "overlap",
    "dual_members": "overlap",
    "centrality": "structure",
    "comembership_graph": "structure",
    "communities": "structure",
    "community_council_match": "structure",
    "hosting": "structure",
    "DEFAULT_MAX_KM": "suggest",
    "GAP_COLUMNS": "suggest",
    "SUGGESTION_COLUMNS": "suggest",
    "gaps": "suggest",
    "haversine_km": "suggest",
    "suggestions": "suggest",
    "TIMELINE_COLUMNS": "timeline",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
