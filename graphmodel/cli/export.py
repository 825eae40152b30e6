"""``graphmodel export DATA -o FILE``: the data as .xlsx or .zip, the graph as .gexf or .graphml,
the map as .gpkg."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import graphmodel as gm
from graphmodel.analysis import DYAD_TABLES, METRIC_TABLES
from graphmodel.workspace import is_id

from .options import EXIT_OK, FILTER_OPTIONS, add_command, filters_from, load_data

__all__ = ["FORMATS", "register", "run", "write_export"]

#: the suffixes ``-o`` may end in, and what each holds
FORMATS = {
    ".xlsx": "the three tables as sheets (with --metrics, every metric table too)",
    ".gexf": "the graph for Gephi, typed attributes, dates as time spells",
    ".graphml": "the graph, typed attributes",
    ".zip": "the three canonical CSV files",
    ".gpkg": "the map for QGIS/GDAL: outlines with every actor metric, council territories, "
             "agreement lines, points (EPSG:4326)",
}


def _data_zip(model: gm.Model) -> bytes:
    """The canonical CSV files in a zip (fixed times, so the same data gives the same bytes)."""
    from graphmodel.data import to_csv_bytes

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(to_csv_bytes(model).items()):
            zf.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _refuse_filters(filters: dict, what: str) -> None:
    if filters:
        flags = ", ".join(FILTER_OPTIONS[k][0] for k in filters)
        raise gm.SpecError(
            f"{what} holds the data whole, so {flags} would not narrow it: leave "
            f"{'it' if len(filters) == 1 else 'them'} out (the filters narrow a .gexf or "
            ".graphml graph and the metric sheets of --metrics)")


def write_export(model: gm.Model, path, *, metrics: bool = False, **filters) -> Path:
    """Write ``model`` to ``path`` in the format its suffix names (see :data:`FORMATS`).

    ``.xlsx`` and ``.zip`` hold the whole dataset (a workbook or zip that
    :func:`graphmodel.data.load` reads back as the same data); with ``metrics`` the workbook
    also holds every table of :data:`graphmodel.analysis.METRIC_TABLES` but the dyad
    model's (:data:`graphmodel.analysis.DYAD_TABLES`: a fitted model with permutations, run
    on its own) as a sheet ``metrics TABLE``, computed under ``filters`` (the timeline, which
    covers every year, without ``as_of``). ``.gexf`` and ``.graphml`` hold the graph, narrowed
    by ``filters``; ``.gpkg`` the map (:func:`graphmodel.office.gpkg.write_gpkg`), under
    ``filters``.
    """
    from graphmodel.data import GRAPH_FORMATS, write_graph

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise gm.SpecError(f"cannot export to {path.suffix or 'a file without a suffix'!r}: "
                           f"end the file name in {', '.join(FORMATS)}")
    if metrics and suffix != ".xlsx":
        raise gm.SpecError("--metrics adds the metric tables to an .xlsx workbook; "
                           "write to FILE.xlsx (or use `graphmodel metrics` for a CSV)")
    if suffix in GRAPH_FORMATS:
        return write_graph(model, path, **filters)
    if suffix == ".gpkg":
        from graphmodel.office import write_gpkg

        return write_gpkg(model, path, **filters)
    if suffix == ".zip":
        _refuse_filters(filters, "a .zip")
        path.write_bytes(_data_zip(model))
        return path
    from graphmodel.data import metrics_xlsx, to_xlsx

    if not metrics:
        _refuse_filters(filters, "an .xlsx without --metrics")
        to_xlsx(model, path)
        return path
    # the three data sheets first, under the names graphmodel.data.load reads, as to_xlsx writes
    tables = {"actors": model.actors, "collaborations": model.collaborations,
              "memberships": model.memberships}
    for table in (t for t in METRIC_TABLES if t not in DYAD_TABLES):  # a model: on its own
        # the timeline runs over every year: an as-of date narrows the other tables only
        options = {k: v for k, v in filters.items() if not (table == "timeline" and k == "as_of")}
        tables[f"metrics {table}"] = gm.metrics_table(model, table, **options)
    metrics_xlsx(tables, path)
    return path


def _model(args) -> gm.Model:
    """DATA as a path; with --workspace, DATA may also be a dataset's or a version's id."""
    if args.workspace and is_id(args.data) and not Path(args.data).exists():
        from graphmodel.workspace import open_workspace

        ws = open_workspace(args.workspace)
        return ws.load_version(ws.resolve(args.data).id)
    return load_data(args.data)


def run(args) -> int:
    model = _model(args)
    path = write_export(model, args.output, metrics=args.metrics, **filters_from(args))
    print(f"wrote {path}", file=sys.stderr)
    return EXIT_OK


def register(subparsers) -> None:
    p = add_command(
        subparsers, "export", run,
        help="the data as .xlsx or .zip, the graph as .gexf or .graphml, the map as .gpkg",
        description="Export DATA in the format the output's suffix names: "
                    + "; ".join(f"{s} {what}" for s, what in FORMATS.items())
                    + ". Every text in a workbook is a text cell, never a formula. The data "
                    "files are always whole (graphmodel validate and load read them back); "
                    "the filters narrow the graph, the metric sheets and the map.",
        example="""
            graphmodel export data/nordic -o nordic.xlsx
            graphmodel export data/nordic -o nordic-metrics.xlsx --metrics --as-of 2015
            graphmodel export data/nordic -o nordic.gexf --sector child_welfare
            graphmodel export data/nordic -o nordic.gpkg
            graphmodel export ID --workspace team-ws -o nordic.zip
        """,
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the file to write: " + ", ".join(f"FILE{s}" for s in FORMATS))
    p.add_argument("--metrics", action="store_true",
                   help="with .xlsx: add every metric table as a sheet")
    p.add_argument("--workspace", metavar="DIR",
                   help="a workspace folder: DATA may then be a dataset's or version's id")
