"""graphmodel: map, measure and share inter-municipal collaboration.

The public names are loaded on first use, so ``import graphmodel`` stays light and never
pulls in the drawing or app libraries.

>>> import graphmodel as gm
>>> gm.Model.__name__
'Model'
"""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

_LAZY = {
    # errors and schema
    "GraphModelError": "errors", "ValidationError": "errors", "Problem": "errors",
    "UnknownIdError": "errors", "SpecError": "errors", "problems_frame": "errors",
    "WorkspaceError": "errors", "NotFoundError": "errors", "PermissionDenied": "errors",
    "TABLES": "schema", "SECTORS": "schema", "ACTOR_KINDS": "schema",
    "COLLABORATION_KINDS": "schema", "ROLES": "schema", "STATUSES": "schema",
    # model, io, graph
    "Model": "model", "to_csv_bytes": "model",
    "load": "load", "save": "load",
    "summary": "summary", "summary_counts": "summary",
    "select": "select", "Selection": "select", "parse_date": "select",
    "to_graph": "build",
    "to_gexf": "graphio", "to_graphml": "graphio",
    "Workspace": "workspace", "open_workspace": "workspace",
    "open_dataset": "workspace_session", "session_datasets": "workspace_session",
    "write_graph": "graphio",
    # analysis
    "actor_pairs": "overlap", "collaboration_pairs": "overlap",
    "crossing_by_council": "overlap", "dual_members": "overlap",
    "actor_fragmentation": "fragmentation", "council_metrics": "fragmentation",
    "strategy_profile": "fragmentation",
    "comembership_graph": "structure", "communities": "structure", "centrality": "structure",
    "gaps": "suggest", "suggestions": "suggest",
    "community_council_match": "structure", "hosting": "structure", "timeline": "timeline",
    "actor_metrics": "metrics", "metrics_table": "metrics", "METRIC_TABLES": "metrics",
    "LEADING_COLUMNS": "metrics",
    "synthesize": "synth",
    # change and what-if
    "changes": "compare", "actor_changes": "compare", "council_changes": "compare",
    "compare_dates": "compare", "diff_table": "compare", "Comparison": "compare",
    "DIFF_TABLES": "compare", "comparison_graphs": "comparison_view",
    "Scenario": "scenario", "read_scenario": "scenario", "write_scenario": "scenario",
    "apply_scenario": "scenario", "scenario_problems": "scenario",
    "ScenarioError": "scenario", "ScenarioEditError": "scenario",
    # sharing
    "safe_csv": "export", "safe_frame": "export", "neutralise": "export",
    "render_png": "image", "render_pdf": "image", "render_image": "image",
    "render_comparison": "image_change", "comparison_of": "snapshot_change",
    "comparison_pictures": "snapshot_change",
    "View": "view", "read_view": "view", "write_view": "view",
    "snapshot_html": "snapshot", "snapshot_png": "snapshot", "snapshot_pdf": "snapshot",
    "write_snapshot": "snapshot", "key_figures": "figures",
    "network_html": "visnetwork", "layout": "positions", "view_graph": "drawing",
    "ViewGraph": "drawing",
    "map_view": "mapview", "map_svg": "mapsvg", "MapView": "mapview", "render_map": "mapimage",
    "briefing_data": "briefing", "briefing_html": "report", "write_report": "report",
}

__all__ = sorted(_LAZY) + ["__version__"]  # noqa: PLE0605 (built from the table above)

# Modules that share their name with their main function are imported now: otherwise the first
# ``import graphmodel.load`` (or ``from graphmodel.load import …``) would leave the *module* at
# ``graphmodel.load`` in place of the function. They need only pandas, numpy and scipy.
from .load import load as load
from .load import save as save
from .select import select as select
from .summary import summary as summary
from .summary import summary_counts as summary_counts
from .timeline import timeline as timeline


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'graphmodel' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
