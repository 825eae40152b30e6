"""The analysis: the membership matrix, overlap, fragmentation, structure, gaps and
suggestions, the timeline, and the metric tables of the command line.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .columns import (
        COLUMNS as COLUMNS,
        DYAD_TABLES as DYAD_TABLES,
        FORMATS as FORMATS,
        METRIC_TABLES as METRIC_TABLES,
        TABLES as TABLES,
        Column as Column,
        MetricTable as MetricTable,
        cell_kind as cell_kind,
        help_text as help_text,
        label as label,
        long_label as long_label,
        metric_columns as metric_columns,
        show as show,
        table_columns as table_columns,
        word as word,
    )
    from .councils import (
        COUNCIL_AGREEMENT_COLUMNS as COUNCIL_AGREEMENT_COLUMNS,
        council_agreements as council_agreements,
    )
    from .dyads import (
        DRIVER_COLUMNS as DRIVER_COLUMNS,
        EXPECTED_COLUMNS as EXPECTED_COLUMNS,
        MAX_ACTORS as MAX_ACTORS,
        VARIABLES as VARIABLES,
        DyadModel as DyadModel,
        driver_sentences as driver_sentences,
        drivers as drivers,
        dyad_model as dyad_model,
        expected_pairs as expected_pairs,
        qap_pvalues as qap_pvalues,
        variable_label as variable_label,
    )
    from .fragmentation import (
        STRATEGIES as STRATEGIES,
        actor_fragmentation as actor_fragmentation,
        council_metrics as council_metrics,
        stated_positions as stated_positions,
        strategy_profile as strategy_profile,
    )
    from .incidence import (
        TwinQuotient as TwinQuotient,
        column_sums as column_sums,
        council_selection as council_selection,
        louvain_labels as louvain_labels,
        number_communities as number_communities,
        regional_councils as regional_councils,
        row_sums as row_sums,
        shared_matrix as shared_matrix,
        twin_classes as twin_classes,
        twin_quotient as twin_quotient,
        upper_pairs as upper_pairs,
    )
    from .metrics import (
        LEADING_COLUMNS as LEADING_COLUMNS,
        MORE_COLUMNS as MORE_COLUMNS,
        STATED as STATED,
        actor_metrics as actor_metrics,
        council_table as council_table,
        metrics_table as metrics_table,
    )
    from .overlap import (
        RELATIONS as RELATIONS,
        actor_pairs as actor_pairs,
        collaboration_pairs as collaboration_pairs,
        crossing_by_council as crossing_by_council,
        dual_members as dual_members,
    )
    from .regions import (
        ACTOR_REGION_COLUMNS as ACTOR_REGION_COLUMNS,
        COLLABORATION_COLUMNS as COLLABORATION_COLUMNS,
        COUNCIL_REGION_COLUMNS as COUNCIL_REGION_COLUMNS,
        actor_regions as actor_regions,
        collaboration_metrics as collaboration_metrics,
        council_regions as council_regions,
    )
    from .structure import (
        centrality as centrality,
        comembership_graph as comembership_graph,
        communities as communities,
        community_council_match as community_council_match,
        hosting as hosting,
    )
    from .suggest import (
        COVERAGE_COLUMNS as COVERAGE_COLUMNS,
        COVERAGE_STATES as COVERAGE_STATES,
        DEFAULT_MAX_KM as DEFAULT_MAX_KM,
        GAP_COLUMNS as GAP_COLUMNS,
        SUGGESTION_COLUMNS as SUGGESTION_COLUMNS,
        coverage as coverage,
        coverage_summary as coverage_summary,
        gaps as gaps,
        haversine_km as haversine_km,
        suggestions as suggestions,
    )
    from .timeline import (
        TIMELINE_COLUMNS as TIMELINE_COLUMNS,
    )

_NAMES = {
    "COLUMNS": "columns",
    "Column": "columns",
    "DYAD_TABLES": "columns",
    "FORMATS": "columns",
    "METRIC_TABLES": "columns",
    "MetricTable": "columns",
    "TABLES": "columns",
    "cell_kind": "columns",
    "help_text": "columns",
    "label": "columns",
    "long_label": "columns",
    "metric_columns": "columns",
    "show": "columns",
    "table_columns": "columns",
    "word": "columns",
    "DRIVER_COLUMNS": "dyads",
    "DyadModel": "dyads",
    "EXPECTED_COLUMNS": "dyads",
    "MAX_ACTORS": "dyads",
    "VARIABLES": "dyads",
    "driver_sentences": "dyads",
    "drivers": "dyads",
    "dyad_model": "dyads",
    "expected_pairs": "dyads",
    "qap_pvalues": "dyads",
    "variable_label": "dyads",
    "STRATEGIES": "fragmentation",
    "actor_fragmentation": "fragmentation",
    "council_metrics": "fragmentation",
    "stated_positions": "fragmentation",
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
    "MORE_COLUMNS": "metrics",
    "STATED": "metrics",
    "actor_metrics": "metrics",
    "council_table": "metrics",
    "metrics_table": "metrics",
    "RELATIONS": "overlap",
    "actor_pairs": "overlap",
    "collaboration_pairs": "overlap",
    "crossing_by_council": "overlap",
    "dual_members": "overlap",
    "ACTOR_REGION_COLUMNS": "regions",
    "COLLABORATION_COLUMNS": "regions",
    "COUNCIL_REGION_COLUMNS": "regions",
    "actor_regions": "regions",
    "collaboration_metrics": "regions",
    "council_regions": "regions",
    "centrality": "structure",
    "comembership_graph": "structure",
    "communities": "structure",
    "community_council_match": "structure",
    "hosting": "structure",
    "COUNCIL_AGREEMENT_COLUMNS": "councils",
    "council_agreements": "councils",
    "COVERAGE_COLUMNS": "suggest",
    "COVERAGE_STATES": "suggest",
    "coverage": "suggest",
    "coverage_summary": "suggest",
    "DEFAULT_MAX_KM": "suggest",
    "GAP_COLUMNS": "suggest",
    "SUGGESTION_COLUMNS": "suggest",
    "gaps": "suggest",
    "haversine_km": "suggest",
    "suggestions": "suggest",
    "TIMELINE_COLUMNS": "timeline",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
