"""graphmodel: map, measure and share inter-municipal collaboration.

The public names are loaded on first use, so ``import graphmodel`` stays light and never
pulls in the drawing or app libraries.

>>> import graphmodel as gm
>>> gm.Model.__name__
'Model'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import compat
from .lazy import attach

__version__ = "0.3.0"

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .analysis.columns import (
        METRIC_TABLES as METRIC_TABLES,
    )
    from .analysis.councils import (
        council_agreements as council_agreements,
    )
    from .analysis.fragmentation import (
        actor_fragmentation as actor_fragmentation,
        council_metrics as council_metrics,
        stated_positions as stated_positions,
        strategy_profile as strategy_profile,
    )
    from .analysis.metrics import (
        LEADING_COLUMNS as LEADING_COLUMNS,
        actor_metrics as actor_metrics,
        metrics_table as metrics_table,
    )
    from .analysis.overlap import (
        actor_pairs as actor_pairs,
        collaboration_pairs as collaboration_pairs,
        crossing_by_council as crossing_by_council,
        dual_members as dual_members,
    )
    from .analysis.structure import (
        centrality as centrality,
        comembership_graph as comembership_graph,
        communities as communities,
        community_council_match as community_council_match,
        hosting as hosting,
    )
    from .analysis.suggest import (
        coverage as coverage,
        gaps as gaps,
        suggestions as suggestions,
    )
    from .analysis.timeline import (
        timeline as timeline,
    )
    from .briefing.data import (
        briefing_data as briefing_data,
    )
    from .briefing.pages import (
        briefing_html as briefing_html,
        write_report as write_report,
    )
    from .change.compare import (
        Comparison as Comparison,
        actor_changes as actor_changes,
        changes as changes,
        compare_dates as compare_dates,
        council_changes as council_changes,
        diff_table as diff_table,
    )
    from .change.scenario import (
        Scenario as Scenario,
        ScenarioEditError as ScenarioEditError,
        ScenarioError as ScenarioError,
        apply_scenario as apply_scenario,
        read_scenario as read_scenario,
        scenario_problems as scenario_problems,
        write_scenario as write_scenario,
    )
    from .change.tables import (
        DIFF_TABLES as DIFF_TABLES,
    )
    from .data.example import (
        example_model as example_model,
    )
    from .data.export import (
        neutralise as neutralise,
        safe_csv as safe_csv,
        safe_frame as safe_frame,
    )
    from .data.graph import (
        to_graph as to_graph,
    )
    from .data.graph_files import (
        to_gexf as to_gexf,
        to_graphml as to_graphml,
        write_graph as write_graph,
    )
    from .data.load import (
        load as load,
        save as save,
    )
    from .data.model import (
        Model as Model,
        to_csv_bytes as to_csv_bytes,
    )
    from .data.schema import (
        ACTOR_KINDS as ACTOR_KINDS,
        COLLABORATION_KINDS as COLLABORATION_KINDS,
        ROLES as ROLES,
        SECTORS as SECTORS,
        STATUSES as STATUSES,
        TABLES as TABLES,
    )
    from .data.select import (
        Selection as Selection,
        parse_date as parse_date,
        select as select,
    )
    from .data.summary import (
        summary as summary,
        summary_counts as summary_counts,
    )
    from .data.synth import (
        synthesize as synthesize,
    )
    from .drawing.comparison import (
        comparison_graphs as comparison_graphs,
    )
    from .drawing.comparison_image import (
        render_comparison as render_comparison,
    )
    from .drawing.map import (
        MapView as MapView,
        map_view as map_view,
    )
    from .drawing.map_image import (
        render_map as render_map,
    )
    from .drawing.map_svg import (
        map_svg as map_svg,
    )
    from .drawing.network import (
        ViewGraph as ViewGraph,
        view_graph as view_graph,
    )
    from .drawing.network_html import (
        network_html as network_html,
    )
    from .drawing.network_image import (
        render_image as render_image,
        render_pdf as render_pdf,
        render_png as render_png,
    )
    from .drawing.positions import (
        layout as layout,
    )
    from .errors import (
        FilterError as FilterError,
        GraphModelError as GraphModelError,
        NotFoundError as NotFoundError,
        PermissionDenied as PermissionDenied,
        Problem as Problem,
        SpecError as SpecError,
        UnknownIdError as UnknownIdError,
        ValidationError as ValidationError,
        WorkspaceError as WorkspaceError,
        problems_frame as problems_frame,
    )
    from .office import (
        briefing_docx as briefing_docx,
        snapshot_pptx as snapshot_pptx,
        write_docx_report as write_docx_report,
        write_gpkg as write_gpkg,
        write_snapshot as write_snapshot,
    )
    from .registers import (
        RegisterError as RegisterError,
        fill_actors as fill_actors,
        import_iks as import_iks,
        merge_register as merge_register,
        municipality_model as municipality_model,
    )
    from .share.comparison_snapshot import (
        comparison_of as comparison_of,
        comparison_pictures as comparison_pictures,
    )
    from .share.key_figures import (
        key_figures as key_figures,
    )
    from .share.snapshot import (
        snapshot_html as snapshot_html,
        snapshot_pdf as snapshot_pdf,
        snapshot_png as snapshot_png,
    )
    from .share.view import (
        View as View,
        read_view as read_view,
        write_view as write_view,
    )
    from .workspace.session import (
        open_dataset as open_dataset,
        session_datasets as session_datasets,
    )
    from .workspace.store import (
        Workspace as Workspace,
        open_workspace as open_workspace,
    )

_NAMES = {
    # errors and schema
    "FilterError": "errors",
    "GraphModelError": "errors",
    "ValidationError": "errors",
    "Problem": "errors",
    "UnknownIdError": "errors",
    "SpecError": "errors",
    "problems_frame": "errors",
    "WorkspaceError": "errors",
    "NotFoundError": "errors",
    "PermissionDenied": "errors",
    "TABLES": "data.schema",
    "SECTORS": "data.schema",
    "ACTOR_KINDS": "data.schema",
    "COLLABORATION_KINDS": "data.schema",
    "ROLES": "data.schema",
    "STATUSES": "data.schema",
    # model, io, graph
    "Model": "data.model",
    "to_csv_bytes": "data.model",
    "load": "data.load",
    "save": "data.load",
    "summary": "data.summary",
    "summary_counts": "data.summary",
    "select": "data.select",
    "Selection": "data.select",
    "parse_date": "data.select",
    "to_graph": "data.graph",
    "to_gexf": "data.graph_files",
    "to_graphml": "data.graph_files",
    "Workspace": "workspace.store",
    "open_workspace": "workspace.store",
    "open_dataset": "workspace.session",
    "session_datasets": "workspace.session",
    "write_graph": "data.graph_files",
    # analysis
    "actor_pairs": "analysis.overlap",
    "collaboration_pairs": "analysis.overlap",
    "crossing_by_council": "analysis.overlap",
    "dual_members": "analysis.overlap",
    "actor_fragmentation": "analysis.fragmentation",
    "council_metrics": "analysis.fragmentation",
    "stated_positions": "analysis.fragmentation",
    "strategy_profile": "analysis.fragmentation",
    "comembership_graph": "analysis.structure",
    "communities": "analysis.structure",
    "centrality": "analysis.structure",
    "council_agreements": "analysis.councils",
    "coverage": "analysis.suggest",
    "gaps": "analysis.suggest",
    "suggestions": "analysis.suggest",
    "community_council_match": "analysis.structure",
    "hosting": "analysis.structure",
    "timeline": "analysis.timeline",
    "actor_metrics": "analysis.metrics",
    "metrics_table": "analysis.metrics",
    "METRIC_TABLES": "analysis.columns",
    "LEADING_COLUMNS": "analysis.metrics",
    "synthesize": "data.synth",
    "example_model": "data.example",
    # change and what-if
    "changes": "change.compare",
    "actor_changes": "change.compare",
    "council_changes": "change.compare",
    "compare_dates": "change.compare",
    "diff_table": "change.compare",
    "Comparison": "change.compare",
    "DIFF_TABLES": "change.tables",
    "comparison_graphs": "drawing.comparison",
    "Scenario": "change.scenario",
    "read_scenario": "change.scenario",
    "write_scenario": "change.scenario",
    "apply_scenario": "change.scenario",
    "scenario_problems": "change.scenario",
    "ScenarioError": "change.scenario",
    "ScenarioEditError": "change.scenario",
    # sharing
    "safe_csv": "data.export",
    "safe_frame": "data.export",
    "neutralise": "data.export",
    "render_png": "drawing.network_image",
    "render_pdf": "drawing.network_image",
    "render_image": "drawing.network_image",
    "render_comparison": "drawing.comparison_image",
    "comparison_of": "share.comparison_snapshot",
    "comparison_pictures": "share.comparison_snapshot",
    "View": "share.view",
    "read_view": "share.view",
    "write_view": "share.view",
    "snapshot_html": "share.snapshot",
    "snapshot_png": "share.snapshot",
    "snapshot_pdf": "share.snapshot",
    "write_snapshot": "office.pptx",
    "key_figures": "share.key_figures",
    "network_html": "drawing.network_html",
    "layout": "drawing.positions",
    "view_graph": "drawing.network",
    "ViewGraph": "drawing.network",
    "map_view": "drawing.map",
    "map_svg": "drawing.map_svg",
    "MapView": "drawing.map",
    "render_map": "drawing.map_image",
    "briefing_data": "briefing.data",
    "briefing_html": "briefing.pages",
    "write_report": "briefing.pages",
    # registers (DESIGN.md "Registers")
    "import_iks": "registers",
    "municipality_model": "registers",
    "merge_register": "registers",
    "fill_actors": "registers",
    "RegisterError": "registers",
    # office formats (DESIGN.md "Office formats")
    "briefing_docx": "office",
    "write_docx_report": "office",
    "snapshot_pptx": "office",
    "write_gpkg": "office",
}

__getattr__, __dir__, _public = attach(__name__, _NAMES)
__all__ = [*_public, "__version__"]  # noqa: PLE0604 (built from the table above)
compat.install(__name__)
