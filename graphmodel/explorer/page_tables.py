"""Tables the pages need that are plain joins of the library's results (cached), and
tables made readable for people: downloads with names beside ids and sensible rounding,
problem lists that wrap."""

from __future__ import annotations

import csv
import hashlib
import io

import pandas as pd
import streamlit as st

import graphmodel as gm
from graphmodel import select
from graphmodel.data import COLLABORATION_KINDS
from graphmodel.i18n import ntr, sector_label, tr

from .cache import freeze
from .sidebar import Filters
from .ui import DECIMALS, download_csv, md_escape

__all__ = [
    "DECIMALS",
    "EDIT_FILES",
    "check_files",
    "csv_bytes",
    "digest",
    "edited_files",
    "membership_frame",
    "metrics_workbook",
    "problem_table",
    "readable",
    "show_problems",
    "text_tables",
]

#: Rows of a problem list shown on the page (every row is in the download).
SHOWN_PROBLEMS = 300


@st.cache_data(show_spinner=False, max_entries=64)
def _membership_frame(data_hash: str, arguments: tuple, _model: gm.Model) -> pd.DataFrame:
    sel = select(_model, **dict(arguments))
    m = sel.memberships[["actor", "collaboration", "role"]].drop_duplicates(
        ["actor", "collaboration"])
    a = sel.actors[["id", "name"]].rename(columns={"id": "actor", "name": "actor_name"})
    c = sel.collaborations[["id", "name", "kind", "sector", "legal_form", "host"]].rename(
        columns={"id": "collaboration", "name": "collaboration_name"})
    out = m.merge(a, on="actor").merge(c, on="collaboration")
    return out.sort_values(["actor", "collaboration"]).reset_index(drop=True)


def membership_frame(model: gm.Model, filters: Filters) -> pd.DataFrame:
    """Who is in what under the filters: actor, collaboration, role, names, kind, sector, …

    ``sector_label`` is the sector in the language in use (added outside the cache, so
    that one session's language never shows in another's). "All kinds" counts every kind.
    """
    arguments = dict(filters.analysis())
    if not arguments.get("kinds"):
        arguments["kinds"] = tuple(COLLABORATION_KINDS)
    key = tuple(sorted((k, freeze(v)) for k, v in arguments.items()))
    out = _membership_frame(model.content_hash(), key, model)
    return out.assign(sector_label=out["sector"].map(sector_label))


def _is_text(series: pd.Series) -> bool:
    return (series.dtype == object or isinstance(series.dtype, pd.CategoricalDtype)
            or pd.api.types.is_string_dtype(series.dtype))


def readable(model: gm.Model, frame: pd.DataFrame, decimals: int = DECIMALS) -> pd.DataFrame:
    """``frame`` for a download: floats rounded to ``decimals``, and beside every column of
    ids (actors or collaborations of ``model``) a column ``<name>_name`` with their names,
    unless the table has it already (``id`` beside ``name`` counts as named).

    Examples
    --------
    >>> t = pd.DataFrame({"id": ["a"], "name": ["Aby"], "home_council": ["R"],
    ...                   "fragmentation": [2 / 3]})
    >>> r = readable(example, t)
    >>> list(r.columns), float(r.loc[0, "fragmentation"]), r.loc[0, "home_council_name"]
    (['id', 'name', 'home_council', 'home_council_name', 'fragmentation'], 0.666667, 'Region East')
    """
    names = model.names()
    out = frame.copy()
    for column in list(frame.columns):
        series = frame[column]
        if pd.api.types.is_float_dtype(series.dtype):
            out[column] = series.round(decimals)
            continue
        if (not _is_text(series) or str(column).endswith("_name") or column == "name"
                or f"{column}_name" in frame.columns
                or (column == "id" and "name" in frame.columns)):
            continue
        values = [v for v in series.dropna().astype(str).unique() if v]
        if values and all(v in names for v in values):
            position = list(out.columns).index(column) + 1
            out.insert(position, f"{column}_name",
                       series.map(lambda v: names.get(str(v), "") if pd.notna(v) else ""))
    return out


def problem_table(problems: pd.DataFrame) -> pd.DataFrame:
    """A problem list (severity, file, line, column, value, message) as people read it:
    translated headers and severities, empty cells blank, every cell escaped for Markdown
    (``st.table`` reads Markdown) so that a value from the data stays text."""
    severity = {"error": tr("Error"), "warning": tr("Warning")}
    frame = problems.reindex(columns=["severity", "file", "line", "column", "value", "message"])
    line = frame["line"].map(lambda v: "" if pd.isna(v) else str(int(v)))
    shown = pd.DataFrame({
        tr("Kind"): frame["severity"].map(lambda s: severity.get(s, s)),
        tr("File"): frame["file"], tr("Line"): line, tr("Column"): frame["column"],
        tr("Value"): frame["value"], tr("What to do"): frame["message"],
    })
    return shown.apply(lambda col: col.map(md_escape)).reset_index(drop=True)


def show_problems(problems: pd.DataFrame, *, key: str) -> None:
    """Show a problem list in full width with wrapped text (no cut-off "What to do"); long
    lists show their first rows and say how many more the download holds."""
    if problems is None or problems.empty:
        return
    st.table(problem_table(problems.head(SHOWN_PROBLEMS)), hide_index=True)
    if len(problems) > SHOWN_PROBLEMS:
        st.caption(tr("The first {shown} of {n} rows; the download below has them all.",
                      shown=SHOWN_PROBLEMS, n=len(problems)))
    st.download_button(
        tr("Download the problem list (CSV)"),
        data=download_csv(problems), file_name="problems.csv", mime="text/csv", key=key, icon=":material/download:",
    )


# --------------------------------------------------------------------------- downloads

def metrics_workbook(model: gm.Model) -> bytes:
    """Every metric table (:data:`graphmodel.analysis.metrics.METRIC_TABLES`, as ``graphmodel
    metrics`` computes them) as the sheets of one formula-safe workbook, made
    :func:`readable` (names beside ids, six decimals)."""
    from graphmodel.analysis import DYAD_TABLES, METRIC_TABLES
    from graphmodel.data import metrics_xlsx

    tables = {table: readable(model, gm.metrics_table(model, table)) for table in METRIC_TABLES
              if table not in DYAD_TABLES}  # the dyad model is fitted on its own, not in bulk
    return metrics_xlsx(tables)


# --------------------------------------------------------------------------- editing

#: The files an edit is checked as, in the loader's order.
EDIT_FILES = ("actors.csv", "collaborations.csv", "memberships.csv")


def text_tables(model: gm.Model) -> dict[str, pd.DataFrame]:
    """The three tables as text, exactly as their canonical CSV files hold them
    (:func:`graphmodel.to_csv_bytes`): what the Data page lets a person edit.

    Every cell is a string (empty for a missing value), so an edit loses nothing and the
    loader checks it as it checks an upload.
    """
    out = {}
    for file, data in gm.to_csv_bytes(model).items():
        out[file] = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False,
                                na_filter=False, encoding="utf-8")
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    r"""``frame`` (cells as text) as UTF-8 CSV bytes, every cell quoted (CR, LF, commas and
    quotes survive); rows left wholly empty (a row added and never filled) are dropped.

    >>> csv_bytes(pd.DataFrame({"id": ["a", None, ""], "name": ["x,y", None, ""]}))
    b'"id","name"\n"a","x,y"\n'
    """
    cells = frame.astype(object).where(frame.notna(), "").astype(str)
    cells = cells[(cells != "").any(axis=1)] if len(cells.columns) else cells
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow([str(c) for c in cells.columns])
    writer.writerows(cells.itertuples(index=False, name=None))
    return buf.getvalue().encode("utf-8")


def edited_files(frames: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """The edited tables as the CSV files the loader reads: the three edited ones, then any
    other file of the data (the optional ``stated.csv``) as it was, so that nothing is lost."""
    order = [f for f in EDIT_FILES if f in frames] + [f for f in frames if f not in EDIT_FILES]
    return {file: csv_bytes(frames[file]) for file in order}


def check_files(files: dict[str, bytes], name: str) -> dict:
    """Run the loader's checks on ``files``: ``{"model": Model}`` when they pass, else
    ``{"problems": DataFrame | None, "message": str}`` (every problem, in the language in
    use). Never raises for any bytes."""
    try:
        return {"model": gm.load(dict(files), name=name)}
    except gm.ValidationError as err:
        return {"problems": err.to_frame(), "message": ntr(
            "{n} problem found.", "{n} problems found.", len(err.errors))}
    except gm.GraphModelError as err:
        return {"problems": None, "message": str(err)}
    except Exception as err:  # noqa: BLE001 - data from a person must never crash the page
        return {"problems": None, "message": tr(
            "These files could not be read ({what}).", what=type(err).__name__)}


def digest(files: dict[str, bytes]) -> str:
    """A short fingerprint of a set of files (to check an edit once, not on every rerun)."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + files[name] + b"\0")
    return h.hexdigest()
