"""The data: the CSV schema, reading and checking the three tables into a Model, selections
by the filters and the time rule, counts, exports, the networkx graph and its files.

The names below are this package's public door; each is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:  # editors and type checkers resolve the lazy names
    from .checks import (
        cross_check as cross_check,
    )
    from .example import (
        EXAMPLE_FILES as EXAMPLE_FILES,
        example_model as example_model,
    )
    from .export import (
        CSV_DIALECTS as CSV_DIALECTS,
        FORMULA_TRIGGERS as FORMULA_TRIGGERS,
        metrics_xlsx as metrics_xlsx,
        neutralise as neutralise,
        safe_csv as safe_csv,
        safe_frame as safe_frame,
        to_xlsx as to_xlsx,
    )
    from .filters import (
        ACTOR_FILTERS as ACTOR_FILTERS,
        DEFAULT_ACTOR_KINDS as DEFAULT_ACTOR_KINDS,
        DEFAULT_FILTERS as DEFAULT_FILTERS,
        DEFAULT_KINDS as DEFAULT_KINDS,
        DEFAULT_STATUS as DEFAULT_STATUS,
        FILTER_NAMES as FILTER_NAMES,
        Filters as Filters,
    )
    from .graph import (
        GRAPH_ATTRIBUTES as GRAPH_ATTRIBUTES,
        to_graph as to_graph,
    )
    from .graph_files import (
        EXPORT_FILTERS as EXPORT_FILTERS,
        GRAPH_FORMATS as GRAPH_FORMATS,
        export_graph as export_graph,
        gexf_bytes as gexf_bytes,
        graphml_bytes as graphml_bytes,
        to_gexf as to_gexf,
        to_graphml as to_graphml,
        write_graph as write_graph,
    )
    from .load import (
        save as save,
    )
    from .model import (
        Model as Model,
        normalise_frame as normalise_frame,
        to_csv_bytes as to_csv_bytes,
    )
    from .read import (
        MAX_CELLS as MAX_CELLS,
        MAX_COLUMNS as MAX_COLUMNS,
        MAX_FIELD_CHARS as MAX_FIELD_CHARS,
        MAX_PROBLEMS as MAX_PROBLEMS,
        MAX_RATIO as MAX_RATIO,
        MAX_ROWS as MAX_ROWS,
        MAX_TOTAL_BYTES as MAX_TOTAL_BYTES,
        RATIO_FLOOR as RATIO_FLOOR,
        ZIP_MAGIC as ZIP_MAGIC,
        Cells as Cells,
        ProblemList as ProblemList,
        cell_grid as cell_grid,
        decode as decode,
        finish_cells as finish_cells,
        limit_problem as limit_problem,
        parse_csv as parse_csv,
        row_text as row_text,
        short_text as short_text,
    )
    from .schema import (
        ACTOR_KINDS as ACTOR_KINDS,
        COLLABORATION_KINDS as COLLABORATION_KINDS,
        COUNTED_ROLES as COUNTED_ROLES,
        FILES as FILES,
        ROLES as ROLES,
        SECTORS as SECTORS,
        STATUSES as STATUSES,
        TABLES as TABLES,
        Column as Column,
    )
    from .select import (
        Selection as Selection,
        as_tuple as as_tuple,
        check_filters as check_filters,
        council_members as council_members,
        effective_status as effective_status,
        filter_kwargs as filter_kwargs,
        filters_keep_actors as filters_keep_actors,
        in_force as in_force,
        isin as isin,
        parse_date as parse_date,
        unknown_id as unknown_id,
    )
    from .sources import (
        collect as collect,
    )
    from .summary import (
        summary_counts as summary_counts,
    )
    from .synth import (
        synthesize as synthesize,
    )

_NAMES = {
    "cross_check": "checks",
    "EXAMPLE_FILES": "example",
    "example_model": "example",
    "CSV_DIALECTS": "export",
    "FORMULA_TRIGGERS": "export",
    "metrics_xlsx": "export",
    "neutralise": "export",
    "safe_csv": "export",
    "safe_frame": "export",
    "to_xlsx": "export",
    "ACTOR_FILTERS": "filters",
    "DEFAULT_ACTOR_KINDS": "filters",
    "DEFAULT_FILTERS": "filters",
    "DEFAULT_KINDS": "filters",
    "DEFAULT_STATUS": "filters",
    "FILTER_NAMES": "filters",
    "Filters": "filters",
    "GRAPH_ATTRIBUTES": "graph",
    "to_graph": "graph",
    "EXPORT_FILTERS": "graph_files",
    "GRAPH_FORMATS": "graph_files",
    "export_graph": "graph_files",
    "gexf_bytes": "graph_files",
    "graphml_bytes": "graph_files",
    "to_gexf": "graph_files",
    "to_graphml": "graph_files",
    "write_graph": "graph_files",
    "save": "load",
    "Model": "model",
    "normalise_frame": "model",
    "to_csv_bytes": "model",
    "Cells": "read",
    "MAX_CELLS": "read",
    "MAX_COLUMNS": "read",
    "MAX_FIELD_CHARS": "read",
    "MAX_PROBLEMS": "read",
    "MAX_RATIO": "read",
    "MAX_ROWS": "read",
    "MAX_TOTAL_BYTES": "read",
    "ProblemList": "read",
    "RATIO_FLOOR": "read",
    "ZIP_MAGIC": "read",
    "cell_grid": "read",
    "decode": "read",
    "finish_cells": "read",
    "limit_problem": "read",
    "parse_csv": "read",
    "row_text": "read",
    "short_text": "read",
    "ACTOR_KINDS": "schema",
    "COLLABORATION_KINDS": "schema",
    "COUNTED_ROLES": "schema",
    "Column": "schema",
    "FILES": "schema",
    "ROLES": "schema",
    "SECTORS": "schema",
    "STATUSES": "schema",
    "TABLES": "schema",
    "Selection": "select",
    "as_tuple": "select",
    "check_filters": "select",
    "council_members": "select",
    "effective_status": "select",
    "filter_kwargs": "select",
    "filters_keep_actors": "select",
    "unknown_id": "select",
    "in_force": "select",
    "isin": "select",
    "parse_date": "select",
    "collect": "sources",
    "summary_counts": "summary",
    "synthesize": "synth",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
