"""Check the three tables (CSV files, a zip or an Excel workbook) into a Model, and write them back.

The reading itself is :mod:`graphmodel.data.sources` (folders, zips, workbooks, uploads)
and :mod:`graphmodel.data.read` (encodings, dialects and the size limits); the rules across
rows and files (ids, references, parent cycles, overlapping memberships) are
:mod:`graphmodel.data.checks`. What it accepts and how it reads each value: see
docs/data-format.md, "What the loader checks".

Any bytes end in either a :class:`~graphmodel.data.model.Model` or a
:class:`~graphmodel.errors.ValidationError` listing every error (and the warnings).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ValidationError
from ..i18n import number, tr
from . import read
from .checks import check_stated, cross_check
from .model import Model, to_csv_bytes
from .read import MAX_TOTAL_BYTES, Cells, ProblemList, row_text
from .schema import FILES, OPTIONAL_FILES, OPTIONAL_TABLES, TABLES
from .sources import collect

__all__ = ["load", "save"]

#: kept for callers of earlier versions: the limit is now on all files together
MAX_FILE_BYTES = MAX_TOTAL_BYTES

#: the three tables and the optional ones (``stated``)
_ALL_TABLES = {**TABLES, **OPTIONAL_TABLES}
_SCHEMA_NAMES = {table: {c.name for c in cols} for table, cols in _ALL_TABLES.items()}
_RANGES = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)}
_SPACES = "[ \u00a0\u202f\u2009]"
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_MIN_YEAR, _MAX_YEAR = 1678, 2261
_Problems = ProblemList


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _table(table: str, file: str, cells: pd.DataFrame, lines: np.ndarray,
           problems: _Problems):
    """Name the columns from the header row; report unnamed, duplicate and missing columns."""
    header_line = int(lines[0])
    body, body_lines = cells.iloc[1:].reset_index(drop=True), lines[1:]
    columns, seen = {}, {}
    for i, raw in enumerate(cells.iloc[0].tolist()):
        values = body[i]
        if raw == "":
            filled = (values != "").to_numpy()
            problems.flag(file, body_lines, filled, "", values, tr(
                "this value is in column {number}, which has no name in the header: name the "
                "column, or remove the value (a value that holds the delimiter must be "
                "quoted)", number=row_text(i + 1)))
            continue
        key = _header_key(raw)
        name = key if key in _SCHEMA_NAMES[table] else raw
        if name in seen:
            problems.add(file, header_line, name, raw, tr(
                "column '{column}' appears twice in the header (columns {first} and {second}): "
                "keep one", column=name, first=row_text(seen[name] + 1), second=row_text(i + 1)))
            continue
        seen[name] = i
        columns[name] = values
    for col in _ALL_TABLES[table]:
        if col.required and col.name not in columns:
            have = ", ".join(columns) or tr("nothing")
            problems.add(file, header_line, col.name, "", tr(
                "required column '{column}' is missing from the header (it has: {have}): add it",
                column=col.name, have=have))
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(body)))
    return frame, body_lines


# --------------------------------------------------------------------------- values


def _per_value(read, text: pd.Series, *args) -> tuple[np.ndarray, ...]:
    """``read(text, *args)`` computed once per distinct value and spread back over the rows.

    ``read`` maps each value on its own (arrays aligned with ``text``), so this gives the
    same arrays; a column of dates or shares holds few distinct values, and a regex run
    row by row in Python was the loader's hottest loop. ``text`` has no missing values.
    """
    codes, uniques = pd.factorize(text)
    if len(uniques) == len(text):
        return read(text, *args)
    got = read(pd.Series(np.asarray(uniques, dtype=object), dtype=text.dtype), *args)
    return tuple(np.asarray(a)[codes] for a in got)


def _numbers(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Floats from non-empty text (decimal comma, space thousands) and a readable mask."""
    u = text.str.replace(_SPACES, "", regex=True).str.replace("\u2212", "-", regex=False)
    comma = (u.str.contains(",", regex=False) & ~u.str.contains(".", regex=False)).to_numpy()
    if comma.any():
        u = u.where(~comma, u.str.replace(",", ".", regex=False))
    ok = u.str.fullmatch(_NUMBER).to_numpy(dtype=bool, na_value=False)
    values = np.full(len(text), np.nan)
    if ok.any():
        values[ok] = pd.to_numeric(u[ok], errors="coerce").to_numpy(dtype="float64")
    ok = ok & np.isfinite(values)
    return values, ok


_DATE = re.compile(
    r"^(?:(?P<y1>[0-9]{4})-(?P<m1>[0-9]{1,2})-(?P<d1>[0-9]{1,2})(?:[ T]00:00(?::00)?)?"
    r"|(?P<d2>[0-9]{1,2})\.(?P<m2>[0-9]{1,2})\.(?P<y2>[0-9]{4})"
    r"|(?P<y3>[0-9]{4}))$"
)

#: the common form of :data:`_DATE` (ASCII digits only), read without a per-row regex
_ISO_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def _dates(t: pd.Series, end: bool):
    """Dates from non-empty text: values, and masks unreadable, no such day, year out of range."""
    iso = t.str.fullmatch(_ISO_DAY).to_numpy(dtype=bool, na_value=False)
    if iso.any():  # the common YYYY-MM-DD read from its digits: the groups extract finds
        parts = pd.DataFrame(np.nan, index=t.index, columns=list(_DATE.groupindex))
        if not iso.all():
            parts.loc[~iso] = t[~iso].str.extract(_DATE).astype(float).to_numpy()
        digits = (np.array(t[iso].to_numpy(dtype=object), dtype="S10").view(np.uint8)
                  .reshape(-1, 10).astype(np.int64) - ord("0"))
        for group, cols in (("y1", (0, 1, 2, 3)), ("m1", (5, 6)), ("d1", (8, 9))):
            value = np.zeros(len(digits), dtype=np.int64)
            for c in cols:
                value = value * 10 + digits[:, c]
            parts.loc[iso, group] = value.astype(float)
    else:
        parts = t.str.extract(_DATE).astype(float)
    is_year = parts["y3"].notna().to_numpy()
    year = parts["y1"].fillna(parts["y2"]).fillna(parts["y3"]).to_numpy()
    month = np.where(is_year, 12.0 if end else 1.0, parts["m1"].fillna(parts["m2"]).to_numpy())
    day = np.where(is_year, 31.0 if end else 1.0, parts["d1"].fillna(parts["d2"]).to_numpy())
    matched = ~np.isnan(year)
    in_range = matched & (year >= _MIN_YEAR) & (year <= _MAX_YEAR)
    values = np.full(len(t), np.datetime64("NaT"), dtype="datetime64[ns]")
    if in_range.any():
        y, m, d = (a[in_range].astype(np.int64) for a in (year, month, day))
        ok = (m >= 1) & (m <= 12) & (d >= 1)
        first = (y - 1970).astype("datetime64[Y]").astype("datetime64[M]")
        first = first + np.where(ok, m - 1, 0).astype("timedelta64[M]")
        last_day = ((first + np.timedelta64(1, "M")).astype("datetime64[D]")
                    - first.astype("datetime64[D]")).astype(np.int64)
        ok = ok & (d <= last_day)
        days = first.astype("datetime64[D]") + (d - 1).astype("timedelta64[D]")
        got = np.where(ok, days.astype("datetime64[ns]"), np.datetime64("NaT", "ns"))
        values[in_range] = got
    impossible = in_range & np.isnat(values)
    return values, ~matched, impossible, matched & ~in_range


def _convert(file: str, table: str, frame: pd.DataFrame, lines, problems: _Problems) -> dict:
    """Check and convert every schema column present; returns typed columns by name."""
    typed = {}
    n = len(frame)
    for col in _ALL_TABLES[table]:
        name = col.name
        if name not in frame.columns:
            continue
        s = frame[name]
        empty = (s == "").to_numpy()
        filled = ~empty
        if col.required:
            problems.flag(file, lines, empty, name, s, _EMPTY[table](name))
        if col.type == "enum":
            low = s.str.lower()
            if col.default and empty.any():
                low = low.where(filled, col.default)
            unknown = filled & ~low.isin(col.choices).to_numpy()
            choices = ", ".join(col.choices)
            problems.flag(file, lines, unknown, name, s,
                          lambda v, name=name, choices=choices: tr(
                              "unknown {column} '{value}': use one of: {choices}",
                              column=name, value=v, choices=choices))
            typed[name] = low
        elif not filled.any():
            continue  # an empty optional column: normalise_frame types it
        elif col.type == "int":
            t = s[filled].str.replace(_SPACES, "", regex=True).str.replace("\u2212", "-")
            ok = t.str.fullmatch(r"-?[0-9]{1,18}").to_numpy(dtype=bool, na_value=False)
            numbers = np.zeros(len(t), dtype=np.int64)
            if ok.any():
                numbers[ok] = pd.to_numeric(t[ok]).to_numpy(dtype=np.int64)
            values = pd.array(np.zeros(n, dtype=np.int64), dtype="Int64")
            values[filled] = pd.array(numbers, dtype="Int64")
            values[~_spread(filled, ok)] = pd.NA
            negative = _spread(filled, ok & (numbers < 0))
            problems.flag(file, lines, _spread(filled, ~ok), name, s,
                          lambda v, name=name: tr(
                              "{column} '{value}' is not a whole number: write it with the "
                              "digits 0–9 only, such as 4787 or 4 787", column=name, value=v))
            problems.flag(file, lines, negative, name, s, lambda v, name=name: tr(
                "{column} '{value}' cannot be negative: give a number of 0 or more",
                column=name, value=v))
            values[negative] = pd.NA
            typed[name] = values
        elif col.type in ("float", "share"):
            t = s[filled]
            pct = np.zeros(len(t), dtype=bool)
            if col.type == "share":
                pct = t.str.endswith("%").to_numpy(dtype=bool, na_value=False)
                if pct.any():
                    t = t.str.removesuffix("%").str.strip()
            v, ok = _per_value(_numbers, t)
            if col.type == "share":
                out = ok & ((v < 0) | (v > 100))
                v = np.where(pct | (v > 1), v / 100.0, v)

                def unreadable(x, name=name):
                    return tr("{column} '{value}' is not a number: write it with the digits "
                              "0–9, like 0.25, 0,25 or 25 %", column=name, value=x)

                def out_of_range(x, name=name):
                    return tr("{column} '{value}' is out of range: give a fraction 0–1 (0.25) "
                              "or a percent 0–100 (25 %)", column=name, value=x)
            else:
                low, high = _RANGES.get(name, (-np.inf, np.inf))
                out = ok & ((v < low) | (v > high))

                def unreadable(x, name=name):
                    return tr("{column} '{value}' is not a number: write it with the digits "
                              "0–9, like 59.12 or 59,12", column=name, value=x)

                def out_of_range(x, name=name, low=low, high=high):
                    return tr("{column} '{value}' is out of range: it must lie between {low} "
                              "and {high}", column=name, value=x, low=number(low),
                              high=number(high))
            problems.flag(file, lines, _spread(filled, ~ok), name, s, unreadable)
            problems.flag(file, lines, _spread(filled, out), name, s, out_of_range)
            values = np.full(n, np.nan)
            values[filled] = np.where(ok & ~out, v, np.nan)
            typed[name] = values
        elif col.type == "date":
            values = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
            got, bad, impossible, year_out = _per_value(_dates, s[filled], name == "end")
            values[filled] = got
            problems.flag(file, lines, _spread(filled, bad), name, s, lambda v: tr(
                "cannot read the date '{value}': write it as YYYY-MM-DD (2007-01-31), "
                "DD.MM.YYYY (31.01.2007) or a year (2007)", value=v))
            problems.flag(file, lines, _spread(filled, impossible), name, s, lambda v: tr(
                "there is no such day as '{value}': correct it", value=v))
            problems.flag(file, lines, _spread(filled, year_out), name, s, lambda v: tr(
                "the year of '{value}' is outside {first}–{last}: correct it", value=v,
                first=str(_MIN_YEAR), last=str(_MAX_YEAR)))
            typed[name] = values
    if "start" in typed and "end" in typed:
        start, end = typed["start"], typed["end"]
        before = end < start  # NaT compares False
        problems.flag(file, lines, before, "end", frame["end"], lambda e, b: tr(
            "end {end} is before start {start}: correct one of them (or swap them)",
            end=e, start=b), extra=frame["start"])
    return typed


#: table -> the message for an empty required cell (one sentence per table, for translators)
_EMPTY = {
    "actors": lambda column: tr("{column} is empty: every actor needs a {column}",
                                column=column),
    "collaborations": lambda column: tr("{column} is empty: every collaboration needs a "
                                        "{column}", column=column),
    "memberships": lambda column: tr("{column} is empty: every membership needs a {column}",
                                     column=column),
    "stated": lambda column: tr("{column} is empty: every stated position needs a {column}",
                                column=column),
}


def _spread(where: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A mask over the filled rows, spread back over all rows."""
    out = np.zeros(len(where), dtype=bool)
    out[where] = mask
    return out


# --------------------------------------------------------------------------- public


def load(source, *, name: str | None = None) -> Model:
    """Read and check the three CSV files; a :class:`Model`, or every problem at once.

    Parameters
    ----------
    source : path, bytes, binary file, mapping or list of uploads
        A folder holding ``actors.csv``, ``collaborations.csv`` and ``memberships.csv``;
        a ``.zip`` of them or an ``.xlsx`` workbook with sheets ``actors``,
        ``collaborations`` and ``memberships`` (path, bytes or binary file object); a
        mapping ``{file name: bytes | str | binary file}``; or a list of uploaded files
        (objects with ``.name`` and ``.getvalue()``) holding the three CSVs, one zip or
        one workbook.
    name : str, optional
        The dataset's name; default the folder's or zip's name (``"data"`` otherwise).

    Returns
    -------
    Model
        Normalised frames (:func:`graphmodel.data.model.normalise_frame`); the warnings
        found are in ``model.warnings``.

    Raises
    ------
    ValidationError
        When any rule of shared/DESIGN.md is broken. ``problems`` lists every error and
        warning as ``Problem(file, line, column, value, message, severity)``; lines are
        spreadsheet rows (header = 1). How dialects, dates, numbers and shares are read
        is described in the module docstring.
    TypeError
        When ``source`` is none of the above (a programming error, not a data error).

    Examples
    --------
    >>> m = load({
    ...     "actors.csv": "id;name;kind\\nno-5035;Stjørdal;municipality\\nno-5031;Malvik;Municipality",
    ...     "collaborations.csv": b"id,name,kind,start\\nvr,V\\xe6rnesregionen,council,01.01.2007",
    ...     "memberships.csv": "actor,collaboration,share\\nno-5035,vr,60 %\\nno-5031,vr,\\"0,4\\"",
    ... }, name="demo")
    >>> m
    <Model 'demo': 2 actors, 1 collaborations, 2 memberships>
    >>> m.collaborations.loc[0, ["name", "start"]].tolist()
    ['Værnesregionen', Timestamp('2007-01-01 00:00:00')]
    >>> m.memberships["share"].tolist(), m.actors["kind"].tolist()
    ([0.6, 0.4], ['municipality', 'municipality'])
    >>> try:
    ...     load({"actors.csv": "id,name,kind\\na,A,town", "collaborations.csv": "id,name,kind",
    ...           "memberships.csv": "actor,collaboration\\na,x"})
    ... except ValidationError as err:
    ...     for p in err.errors:
    ...         print(p)
    actors.csv:2: kind: unknown kind 'town': use one of: municipality, county, state, health_trust, other
    memberships.csv:2: collaboration: collaboration 'x' is not in collaborations.csv: use an id from collaborations.csv, or add it there
    """
    blobs, default_name, problems = collect(source)
    tables, lines, typed = {}, {}, {}
    labels = dict(FILES)
    for table, file in {**FILES, **OPTIONAL_FILES}.items():
        if table not in blobs:
            continue
        cells = blobs[table]
        if not isinstance(cells, Cells):
            text = read.decode(file, cells, problems)
            cells = None if text is None else read.parse_csv(file, text, problems)
        if cells is None:
            continue
        labels[table] = cells.label
        frame, row_lines = _table(table, cells.label, cells.frame, cells.lines, problems)
        tables[table], lines[table] = frame, row_lines
        typed[table] = _convert(cells.label, table, frame, row_lines, problems)
    cross_check(tables, lines, typed, problems, pd.Timestamp.today().normalize(), labels)
    check_stated(tables, lines, problems, labels)
    order = {label: i for i, label in enumerate(labels.values())}
    problems.sort(key=lambda p: (order.get(p.file, -1), _line_key(p)))
    if any(p.severity == "error" for p in problems) or len(set(tables) & set(FILES)) < len(FILES):
        raise ValidationError(problems)
    frames = {}
    for table, frame in tables.items():
        out = dict(frame.items())
        out.update(typed[table])
        frames[table] = pd.DataFrame({k: out[k] for k in frame.columns}, index=frame.index)
    return Model.from_frames(frames["actors"], frames["collaborations"], frames["memberships"],
                             name=name or default_name, warnings=problems,
                             stated=frames.get("stated"))


def _line_key(p) -> float:
    """Whole-file problems first, then by line; "… and N more" counts after the rows."""
    if p.line is not None:
        return p.line
    return float("inf") if p.message.startswith("…") else 0


def save(model: Model, folder) -> Path:
    """Write the model's canonical CSV form (UTF-8, comma, ISO dates) into ``folder``.

    ``folder`` is created when needed; a path ending in ``.zip`` writes a zip of the
    three files instead, and one ending in ``.xlsx`` a workbook
    (:func:`graphmodel.data.export.to_xlsx`). Loading what was saved gives equal tables.

    Examples
    --------
    >>> import tempfile
    >>> m = load({"actors.csv": "id,name,kind\\na,A,municipality\\nb,B,municipality",
    ...           "collaborations.csv": "id,name,kind\\nc,C,service",
    ...           "memberships.csv": "actor,collaboration\\na,c\\nb,c"})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = save(m, Path(tmp) / "copy")
    ...     sorted(p.name for p in out.iterdir()), load(out).content_hash() == m.content_hash()
    (['actors.csv', 'collaborations.csv', 'memberships.csv'], True)
    """
    path = Path(folder)
    if path.suffix.lower() == ".xlsx":
        from .export import to_xlsx

        path.parent.mkdir(parents=True, exist_ok=True)
        return to_xlsx(model, path)
    files = to_csv_bytes(model)
    if path.suffix.lower() == ".zip":
        path.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for file, data in files.items():
                zf.writestr(file, data)
        return path
    path.mkdir(parents=True, exist_ok=True)
    for file, data in files.items():
        (path / file).write_bytes(data)
    return path
