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
    from .export import (
        CSV_DIALECTS as CSV_DIALECTS,
    )
    from .export import (
        FORMULA_TRIGGERS as FORMULA_TRIGGERS,
    )
    from .export import (
        metrics_xlsx as metrics_xlsx,
    )
    from .export import (
        neutralise as neutralise,
    )
    from .export import (
        safe_csv as safe_csv,
    )
    from .export import (
        safe_frame as safe_frame,
    )
    from .export import (
        to_xlsx as to_xlsx,
    )
    from .graph import (
        GRAPH_ATTRIBUTES as GRAPH_ATTRIBUTES,
    )
    from .graph import (
        to_graph as to_graph,
    )
    from .graph_files import (
        EXPORT_FILTERS as EXPORT_FILTERS,
    )
    from .graph_files import (
        GRAPH_FORMATS as GRAPH_FORMATS,
    )
    from .graph_files import (
        export_graph as export_graph,
    )
    from .graph_files import (
        gexf_bytes as gexf_bytes,
    )
    from .graph_files import (
        graphml_bytes as graphml_bytes,
    )
    from .graph_files import (
        to_gexf as to_gexf,
    )
    from .graph_files import (
        to_graphml as to_graphml,
    )
    from .graph_files import (
        write_graph as write_graph,
    )
    from .load import (
        save as save,
    )
    from .model import (
        Model as Model,
    )
    from .model import (
        normalise_frame as normalise_frame,
    )
    from .model import (
        to_csv_bytes as to_csv_bytes,
    )
    from .read import (
        MAX_CELLS as MAX_CELLS,
    )
    from .read import (
        MAX_COLUMNS as MAX_COLUMNS,
    )
    from .read import (
        MAX_FIELD_CHARS as MAX_FIELD_CHARS,
    )
    from .read import (
        MAX_PROBLEMS as MAX_PROBLEMS,
    )
    from .read import (
        MAX_RATIO as MAX_RATIO,
    )
    from .read import (
        MAX_ROWS as MAX_ROWS,
    )
    from .read import (
        MAX_TOTAL_BYTES as MAX_TOTAL_BYTES,
    )
    from .read import (
        RATIO_FLOOR as RATIO_FLOOR,
    )
    from .read import (
        ZIP_MAGIC as ZIP_MAGIC,
    )
    from .read import (
        Cells as Cells,
    )
    from .read import (
        ProblemList as ProblemList,
    )
    from .read import (
        cell_grid as cell_grid,
    )
    from .read import (
        decode as decode,
    )
    from .read import (
        finish_cells as finish_cells,
    )
    from .read import (
        limit_problem as limit_problem,
    )
    from .read import (
        parse_csv as parse_csv,
    )
    from .read import (
        row_text as row_text,
    )
    from .read import (
        short_text as short_text,
    )
    from .schema import (
        ACTOR_KINDS as ACTOR_KINDS,
    )
    from .schema import (
        COLLABORATION_KINDS as COLLABORATION_KINDS,
    )
    from .schema import (
        COUNTED_ROLES as COUNTED_ROLES,
    )
    from .schema import (
        FILES as FILES,
    )
    from .schema import (
        ROLES as ROLES,
    )
    from .schema import (
        SECTORS as SECTORS,
    )
    from .schema import (
        STATUSES as STATUSES,
    )
    from .schema import (
        TABLES as TABLES,
    )
    from .schema import (
        Column as Column,
    )
    from .select import (
        DEFAULT_FILTERS as DEFAULT_FILTERS,
    )
    from .select import (
        FILTER_NAMES as FILTER_NAMES,
    )
    from .select import (
        Filters as Filters,
    )
    from .select import (
        Selection as Selection,
    )
    from .select import (
        as_tuple as as_tuple,
    )
    from .select import (
        check_filters as check_filters,
    )
    from .select import (
        council_members as council_members,
    )
    from .select import (
        effective_status as effective_status,
    )
    from .select import (
        filter_kwargs as filter_kwargs,
    )
    from .select import (
        in_force as in_force,
    )
    from .select import (
        isin as isin,
    )
    from .select import (
        parse_date as parse_date,
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
    "CSV_DIALECTS": "export",
    "FORMULA_TRIGGERS": "export",
    "metrics_xlsx": "export",
    "neutralise": "export",
    "safe_csv": "export",
    "safe_frame": "export",
    "to_xlsx": "export",
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
    "DEFAULT_FILTERS": "select",
    "FILTER_NAMES": "select",
    "Filters": "select",
    "Selection": "select",
    "as_tuple": "select",
    "check_filters": "select",
    "council_members": "select",
    "effective_status": "select",
    "filter_kwargs": "select",
    "in_force": "select",
    "isin": "select",
    "parse_date": "select",
    "collect": "sources",
    "summary_counts": "summary",
    "synthesize": "synth",
}

__getattr__, __dir__, __all__ = attach(__name__, _NAMES)
