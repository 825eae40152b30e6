"""Read the three CSV files (folder, zip or uploads) into a checked Model, and write them back.

How the loader reads what people actually give it (shared/DESIGN.md, "Rules the loader
enforces" and "Input realities to accept"):

* **Sources**: a folder holding ``actors.csv``, ``collaborations.csv`` and
  ``memberships.csv``; a ``.zip`` of them (the files may sit in a subfolder; the shallowest
  match wins; ``__MACOSX`` and hidden entries are ignored); zip bytes or a binary file
  object of a zip; a mapping ``{file name: bytes | str | binary file}``; a list of upload
  objects (``.name`` and ``.getvalue()``, e.g. Streamlit's ``UploadedFile``) or paths, with
  three CSVs or one zip. File names match in any case. When a folder holds the CSVs *and*
  a zip, the CSVs win. A missing file is a problem of that file, never an exception.
* **Encoding**: a UTF-16 byte-order mark means UTF-16; otherwise strict UTF-8 (with or
  without BOM) is tried first, then Windows-1252 (then Latin-1, which cannot fail). A file
  read as Windows-1252 that looks like UTF-8 read wrongly ("TromsÃ¸") gets a warning.
* **Dialect**: the delimiter is sniffed from the header line (``,``, ``;`` or tab, the most
  frequent outside quotes; a tie goes to ``,``). An Excel ``sep=;`` first line sets it and
  is skipped **without being counted**, because Excel hides it: line numbers are the
  spreadsheet's rows (header = line 1, first record = line 2; a quoted value spanning
  several text lines is one row; blank rows are skipped but counted). Cells and header
  names are trimmed; header names match in any case, and spaces or hyphens in them read as
  ``_`` (``Legal form`` is ``legal_form``). Extra columns are kept as text, in order, with
  the header spelling given. Every cell is read as text, so codes keep leading zeros.
* **Vocabulary**: ``kind``, ``role`` and ``status`` are read in any case and stored in
  lower case; a sector that matches the vocabulary in another case is stored in lower
  case, an unknown sector is kept as given (with a warning).
* **Dates**: ``YYYY-MM-DD`` (a midnight time part, as Excel may add, is accepted),
  ``DD.MM.YYYY`` (day first, one- or two-digit day and month) or a bare year: as a
  ``start`` it means 1 January, as an ``end`` 31 December. Years 1678–2261 (the range
  pandas stores). ``end`` is the last day, inclusive.
* **Numbers**: a decimal comma is read as a decimal point (``59,12``) when the value holds
  no point; spaces, no-break spaces and thin spaces inside a number are thousands
  separators and are dropped (``4 787``); a Unicode minus is a minus. ``population`` must
  be a whole number ≥ 0 written with digits only (``4787`` or ``4 787``; ``4.787`` and
  ``4,787`` are refused as ambiguous). ``lat`` is −90…90, ``lon`` −180…180.
* **Share**: a fraction 0–1, or a percent: ``25 %``/``25%``, or a bare number above 1 and
  at most 100 (``25`` is 25 %). So ``1`` means 100 %, never 1 %. Stored as 0–1.

Any bytes end in either a :class:`~graphmodel.model.Model` or a
:class:`~graphmodel.errors.ValidationError` listing every error (and the warnings).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .errors import Problem, ValidationError
from .model import Model, to_csv_bytes
from .schema import FILES, SECTORS, TABLES

__all__ = ["load", "save"]

#: a file bigger than this (inside a zip or on disk) is refused rather than read
MAX_FILE_BYTES = 512 * 2**20

_FILE_ORDER = {file: i for i, file in enumerate(FILES.values())}
_TABLE_OF = {file: table for table, file in FILES.items()}
_SCHEMA_NAMES = {table: {c.name for c in cols} for table, cols in TABLES.items()}
_RANGES = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)}
_DATE_HINT = "write it as YYYY-MM-DD (2007-01-31), DD.MM.YYYY (31.01.2007) or a year (2007)"
_SPACES = "[ \u00a0\u202f\u2009]"
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_MOJIBAKE = re.compile("[ÃÂ][\u00a0-\u00bf\u0152-\u2122]")
_SEP_LINE = re.compile(r'[ \t]*"?sep=([^"\r\n])"?[ \t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)
_LEADING_BLANK = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))*")
_MIN_YEAR, _MAX_YEAR = 1678, 2261


class _Problems(list):
    """Problems as they are found; ``flag`` builds one per flagged row (the only row loop)."""

    def add(self, file, line, column, value, message, severity="error"):
        self.append(Problem(file, line, column, str(value), message, severity))

    def flag(self, file, lines, mask, column, values, message, *, extra=None,
             severity="error"):
        """One problem per row where ``mask`` is true.

        ``message`` is a sentence, or a function of the row's value (and of its ``extra``
        value when ``extra`` is given).
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        lines = np.asarray(lines)[mask]
        values = np.asarray(values, dtype=object)[mask]
        extras = [None] * len(values) if extra is None else [
            x for x, keep in zip(extra, mask) if keep]
        for line, value, x in zip(lines, values, extras):
            if callable(message):
                text = message(value) if extra is None else message(value, x)
            else:
                text = message
            self.append(Problem(file, int(line), column, str(value), text, severity))


# --------------------------------------------------------------------------- sources


def _blob_bytes(file: str, data, problems: _Problems):
    """bytes or str from a path, bytes, text or a (binary) file object; None if unreadable."""
    try:
        if isinstance(data, (str, bytes)):
            return data
        if isinstance(data, (bytearray, memoryview)):
            return bytes(data)
        if isinstance(data, os.PathLike):
            path = Path(data)
            if path.stat().st_size > MAX_FILE_BYTES:
                problems.add(file, None, "", "", f"{file} is larger than "
                             f"{MAX_FILE_BYTES // 2**20} MB: split or shrink it")
                return None
            return path.read_bytes()
        if hasattr(data, "getvalue"):
            out = data.getvalue()
        elif hasattr(data, "read"):
            out = data.read()
        else:
            raise TypeError(f"cannot read {type(data).__name__}")
        return bytes(out) if isinstance(out, (bytearray, memoryview)) else out
    except (OSError, ValueError, TypeError) as exc:
        problems.add(file, None, "", "", f"cannot read {file} ({exc}): check the file")
        return None


def _name_of(obj, default: str) -> str:
    name = getattr(obj, "name", None)
    return PurePosixPath(str(name).replace("\\", "/")).name if isinstance(name, str) else default


def _gather(source) -> tuple[list[tuple[str, object]], str]:
    """The named items a source holds (name, data) and the dataset's default name."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            items = [(p.name, p) for p in sorted(path.iterdir()) if p.is_file()]
            return items, path.resolve().name or "data"
        if path.is_file():
            return [(path.name, path)], path.stem
        raise ValidationError([Problem(
            str(source), None, "", str(source),
            "no such folder or zip file: give the folder holding actors.csv, "
            "collaborations.csv and memberships.csv, or a .zip of them",
        )])
    if isinstance(source, (bytes, bytearray, memoryview)):
        return [("data.zip", bytes(source))], "data"
    if isinstance(source, Mapping):
        return [(str(k), v) for k, v in source.items()], "data"
    if hasattr(source, "getvalue") or hasattr(source, "read"):
        name = _name_of(source, "data.zip")
        if not name.lower().endswith(".zip"):
            name = "data.zip"  # a single file object is a zip by contract
        return [(name, source)], PurePosixPath(name).stem
    if isinstance(source, Iterable):
        items = []
        for obj in source:
            if isinstance(obj, (str, os.PathLike)):
                items.append((Path(obj).name, Path(obj)))
            else:
                items.append((_name_of(obj, "upload"), obj))
        zips = [n for n, _ in items if n.lower().endswith(".zip")]
        return items, (PurePosixPath(zips[0]).stem if len(zips) == 1 else "data")
    raise TypeError(
        "load() takes a folder or zip path, zip bytes, a binary file, a mapping "
        f"{{file name: content}} or a list of uploaded files, not {type(source).__name__}"
    )


def _is_zip(name: str, data) -> bool:
    if name.lower().endswith(".zip"):
        return True
    return isinstance(data, bytes) and data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _from_zip(zip_name: str, data: bytes, wanted, problems: _Problems) -> dict[str, bytes]:
    """The wanted CSV files inside a zip (shallowest match wins)."""
    found: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            candidates: dict[str, list[zipfile.ZipInfo]] = {}
            for info in zf.infolist():
                parts = PurePosixPath(info.filename.replace("\\", "/")).parts
                if info.is_dir() or not parts or parts[0] == "__MACOSX":
                    continue
                if any(p.startswith(".") for p in parts):
                    continue
                base = parts[-1].lower()
                if base in wanted:
                    candidates.setdefault(base, []).append(info)
            for file, infos in candidates.items():
                depth = min(len(PurePosixPath(i.filename).parts) for i in infos)
                top = [i for i in infos if len(PurePosixPath(i.filename).parts) == depth]
                if len(top) > 1:
                    names = ", ".join(sorted(i.filename for i in top))
                    problems.add(file, None, "", "", f"{zip_name} holds several {file} "
                                 f"({names}): keep one")
                    continue
                if top[0].file_size > MAX_FILE_BYTES:
                    problems.add(file, None, "", "", f"{file} in {zip_name} is larger than "
                                 f"{MAX_FILE_BYTES // 2**20} MB: split or shrink it")
                    continue
                found[file] = zf.read(top[0])
    except Exception as exc:  # noqa: BLE001 - a damaged zip raises many types; all mean the same
        problems.add(zip_name, None, "", "", f"cannot read {zip_name} as a zip file ({exc}): "
                     "zip the three CSV files again, or give them one by one")
    return found


def _collect(source) -> tuple[dict[str, object], str, _Problems]:
    """file name -> bytes or str for the three files, the default name, and problems."""
    problems = _Problems()
    items, name = _gather(source)
    wanted = set(FILES.values())
    alias = {f.lower(): f for f in wanted} | {f[:-4]: f for f in wanted}
    blobs: dict[str, object] = {}
    zips, others = [], []
    for item_name, data in items:
        base = PurePosixPath(str(item_name).replace("\\", "/")).name.lower()
        if base in alias:
            file = alias[base]
            if file in blobs:
                problems.add(file, None, "", "", f"{file} was given twice: keep one")
                continue
            blobs[file] = data
        elif _is_zip(base, data if isinstance(data, bytes) else None):
            zips.append((item_name, data))
        else:
            others.append(str(item_name))
    missing = wanted - set(blobs)
    for zip_name, data in zips if missing else ():
        raw = _blob_bytes(zip_name, data, problems)
        if raw is None:
            continue
        if isinstance(raw, str):
            problems.add(zip_name, None, "", "", f"{zip_name} is text, not a zip file: "
                         "give the zip's bytes")
            continue
        for file, content in _from_zip(zip_name, raw, missing, problems).items():
            if file in blobs:
                problems.add(file, None, "", "", f"{file} was given twice: keep one")
            else:
                blobs[file] = content
    out: dict[str, object] = {}
    for file in FILES.values():
        if file in blobs:
            raw = _blob_bytes(file, blobs[file], problems)
            if raw is not None:
                out[file] = raw
        elif not any(p.file == file for p in problems):
            got = f" (got: {', '.join(sorted(others))})" if others else ""
            problems.add(file, None, "", "", f"{file} is missing{got}: the data needs "
                         "actors.csv, collaborations.csv and memberships.csv")
    return out, name, problems


# --------------------------------------------------------------------------- text


def _decode(file: str, data, problems: _Problems) -> str | None:
    """Text from bytes: UTF-16 by BOM, else strict UTF-8 (BOM optional), then cp1252."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        problems.add(file, None, "", "", f"{file} is a zip or an Excel workbook, not CSV: "
                     "in Excel use Save As > CSV")
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            problems.add(file, None, "", "", f"{file} starts like UTF-16 but cannot be read "
                         "as such: save it as CSV UTF-8")
            return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if _MOJIBAKE.search(text):
        problems.add(file, None, "", "", f"{file} is not valid UTF-8, so it was read as "
                     "Windows-1252, but parts look like UTF-8 (e.g. 'Ã¸' for 'ø'): check "
                     "the names and save the file as CSV UTF-8", "warning")
    return text


def _sniff(header: str) -> str:
    """The delimiter used most often in the header line outside quotes (',' on a tie)."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts.values())
    return "," if best == counts[","] else max(counts, key=counts.get)


def _parse(file: str, text: str, problems: _Problems):
    """Cells (positional columns, trimmed, blank rows dropped) with their spreadsheet lines."""
    if "\x00" in text:
        problems.add(file, None, "", "", f"{file} holds binary data, not CSV text: "
                     "save it from the spreadsheet as CSV")
        return None
    delimiter = None
    m = _SEP_LINE.match(text)
    if m:  # Excel's "sep=;" line: hidden by Excel, so it is not counted
        delimiter = m.group(1)
        text = text[m.end():]
    m = _LEADING_BLANK.match(text)
    lead = m.group(0).count("\n") + m.group(0).replace("\r\n", "").count("\r")
    text = text[m.end():]
    if not text.strip():
        problems.add(file, None, "", "", f"{file} is empty: it needs a header line naming "
                     "its columns, then one row per record")
        return None
    if delimiter is None:
        delimiter = _sniff(re.split(r"\r\n|\r|\n", text, maxsplit=1)[0])
    unclosed = text.count('"') % 2 == 1
    frame = None
    if not unclosed and delimiter in ",;\t":
        try:
            frame = pd.read_csv(
                io.StringIO(text), sep=delimiter, header=None, dtype=str, na_filter=False,
                skip_blank_lines=False, quotechar='"', engine="c", low_memory=False,
            )
        except Exception:  # noqa: BLE001 - ragged rows and other oddities: csv reads them
            frame = None
    if frame is None:
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except (csv.Error, TypeError, ValueError) as exc:
            problems.add(file, None, "", "", f"{file} cannot be read as CSV ({exc})")
            return None
        width = max((len(r) for r in rows), default=0)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows],
                             columns=range(width), dtype=str)
        if unclosed and len(rows) > 1:
            problems.add(file, lead + len(rows), "", "", "a quoted value opened on this line "
                         "is never closed, so the rest of the file reads as one value: add "
                         'the closing quote (")')
            frame = frame.iloc[:-1]
    frame = frame.fillna("")
    frame.columns = range(frame.shape[1])
    for col in frame.columns:
        frame[col] = frame[col].astype(str).str.strip()
    lines = np.arange(len(frame)) + lead + 1
    keep = (frame != "").any(axis=1).to_numpy()
    frame, lines = frame[keep].reset_index(drop=True), lines[keep]
    if len(frame) == 0:
        problems.add(file, None, "", "", f"{file} is empty: it needs a header line naming "
                     "its columns, then one row per record")
        return None
    return frame, lines


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _table(file: str, cells: pd.DataFrame, lines: np.ndarray, problems: _Problems):
    """Name the columns from the header row; report unnamed, duplicate and missing columns."""
    table = _TABLE_OF[file]
    header_line = int(lines[0])
    body, body_lines = cells.iloc[1:].reset_index(drop=True), lines[1:]
    columns, seen = {}, {}
    for i, raw in enumerate(cells.iloc[0].tolist()):
        values = body[i]
        if raw == "":
            filled = (values != "").to_numpy()
            problems.flag(file, body_lines, filled, "", values,
                          f"this value is in column {i + 1}, which has no name in the "
                          "header: name the column, or remove the value (a value that "
                          "holds the delimiter must be quoted)")
            continue
        key = _header_key(raw)
        name = key if key in _SCHEMA_NAMES[table] else raw
        if name in seen:
            problems.add(file, header_line, name, raw, f"column '{name}' appears twice in the "
                         f"header (columns {seen[name] + 1} and {i + 1}): keep one")
            continue
        seen[name] = i
        columns[name] = values
    for col in TABLES[table]:
        if col.required and col.name not in columns:
            have = ", ".join(columns) or "nothing"
            problems.add(file, header_line, col.name, "", f"required column '{col.name}' is "
                         f"missing from the header (it has: {have}): add it")
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(body)))
    return frame, body_lines


# --------------------------------------------------------------------------- values


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
    r"^(?:(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2})(?:[ T]00:00(?::00)?)?"
    r"|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4})"
    r"|(?P<y3>\d{4}))$"
)


def _dates(t: pd.Series, end: bool):
    """Dates from non-empty text: values, and masks unreadable, no such day, year out of range."""
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
    what = table[:-1]
    for col in TABLES[table]:
        name = col.name
        if name not in frame.columns:
            continue
        s = frame[name]
        empty = (s == "").to_numpy()
        filled = ~empty
        if col.required:
            problems.flag(file, lines, empty, name, s, f"{name} is empty: every {what} needs "
                          f"a {name}")
        if col.type == "enum":
            low = s.str.lower()
            if col.default and empty.any():
                low = low.where(filled, col.default)
            unknown = filled & ~low.isin(col.choices).to_numpy()
            choices = ", ".join(col.choices)
            problems.flag(file, lines, unknown, name, s,
                          lambda v, name=name, choices=choices:
                          f"unknown {name} '{v}': use one of: {choices}")
            typed[name] = low
        elif not filled.any():
            continue  # an empty optional column: normalise_frame types it
        elif col.type == "int":
            t = s[filled].str.replace(_SPACES, "", regex=True).str.replace("\u2212", "-")
            ok = t.str.fullmatch(r"-?\d{1,18}").to_numpy(dtype=bool, na_value=False)
            numbers = np.zeros(len(t), dtype=np.int64)
            if ok.any():
                numbers[ok] = pd.to_numeric(t[ok]).to_numpy(dtype=np.int64)
            values = pd.array(np.zeros(n, dtype=np.int64), dtype="Int64")
            values[filled] = pd.array(numbers, dtype="Int64")
            values[~_spread(filled, ok)] = pd.NA
            negative = _spread(filled, ok & (numbers < 0))
            problems.flag(file, lines, _spread(filled, ~ok), name, s,
                          lambda v, name=name: f"{name} '{v}' is not a whole number: write "
                          "digits only, such as 4787 or 4 787")
            problems.flag(file, lines, negative, name, s, lambda v, name=name:
                          f"{name} '{v}' cannot be negative: give a number of 0 or more")
            values[negative] = pd.NA
            typed[name] = values
        elif col.type in ("float", "share"):
            t = s[filled]
            pct = np.zeros(len(t), dtype=bool)
            if col.type == "share":
                pct = t.str.endswith("%").to_numpy(dtype=bool, na_value=False)
                if pct.any():
                    t = t.str.removesuffix("%").str.strip()
            v, ok = _numbers(t)
            if col.type == "share":
                out = ok & ((v < 0) | (v > 100))
                v = np.where(pct | (v > 1), v / 100.0, v)
                hint = "give a fraction 0–1 (0.25) or a percent 0–100 (25 %)"
                example = "0.25, 0,25 or 25 %"
            else:
                low, high = _RANGES.get(name, (-np.inf, np.inf))
                out = ok & ((v < low) | (v > high))
                hint = f"it must lie between {low:g} and {high:g}"
                example = "59.12 or 59,12"
            problems.flag(file, lines, _spread(filled, ~ok), name, s,
                          lambda x, name=name, example=example:
                          f"{name} '{x}' is not a number: write it like {example}")
            problems.flag(file, lines, _spread(filled, out), name, s,
                          lambda x, name=name, hint=hint: f"{name} '{x}' is out of range: {hint}")
            values = np.full(n, np.nan)
            values[filled] = np.where(ok & ~out, v, np.nan)
            typed[name] = values
        elif col.type == "date":
            values = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
            got, bad, impossible, year_out = _dates(s[filled], end=(name == "end"))
            values[filled] = got
            problems.flag(file, lines, _spread(filled, bad), name, s,
                          lambda v: f"cannot read the date '{v}': {_DATE_HINT}")
            problems.flag(file, lines, _spread(filled, impossible), name, s,
                          lambda v: f"there is no such day as '{v}': correct it")
            problems.flag(file, lines, _spread(filled, year_out), name, s,
                          lambda v: f"the year of '{v}' is outside {_MIN_YEAR}–{_MAX_YEAR}: "
                          "correct it")
            typed[name] = values
    if "start" in typed and "end" in typed:
        start, end = typed["start"], typed["end"]
        before = end < start  # NaT compares False
        problems.flag(file, lines, before, "end", frame["end"], lambda e, b: (
            f"end {e} is before start {b}: correct one of them (or swap them)"),
            extra=frame["start"])
    return typed


def _spread(where: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A mask over the filled rows, spread back over all rows."""
    out = np.zeros(len(where), dtype=bool)
    out[where] = mask
    return out


# --------------------------------------------------------------------------- cross-checks


def _isin(s: pd.Series, values) -> np.ndarray:
    """``s.isin(values)`` for text as a bool array, fast for large id lists."""
    if len(s) == 0:
        return np.zeros(0, dtype=bool)
    values = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        hit = pc.is_in(pa.array(s, type=pa.string()),
                       value_set=pa.array(values, type=pa.string()))
        return hit.to_numpy(zero_copy_only=False).astype(bool)
    except ImportError:  # pragma: no cover - pandas without pyarrow
        lookup = set(values.to_numpy(dtype=object))
        return np.fromiter(map(lookup.__contains__, s.to_numpy(dtype=object)), bool, len(s))


def _duplicate_ids(file, ids, lines, what, problems):
    dup = ids.duplicated(keep="first").to_numpy() & (ids != "").to_numpy()
    if dup.any():
        firsts = ~ids.duplicated(keep="first").to_numpy()
        first = dict(zip(ids[firsts], lines[firsts]))
        problems.flag(file, lines, dup, "id", ids, lambda v: (
            f"duplicate id '{v}' (already on line {first[v]}): give each {what} its own id"))


def _cycles(ids: pd.Series, parents: pd.Series) -> np.ndarray:
    """Mask of the collaborations that lie on a parent cycle (pointer doubling)."""
    index = pd.Index(ids.drop_duplicates())
    p = index.get_indexer(parents)  # -1 for no parent / unknown
    pos = index.get_indexer(ids)
    m = len(index)
    nxt = np.full(m + 1, m)  # node m is the sink every root points to
    has = p >= 0
    nxt[pos[has]] = p[has]
    jump = nxt
    for _ in range(int(np.ceil(np.log2(m + 2))) + 1):  # nxt^(2^k), 2^k > m + 1
        jump = jump[jump]
    on_cycle = np.zeros(m + 1, dtype=bool)
    on_cycle[jump[jump != m]] = True  # after m steps every walk that loops is on its loop
    return on_cycle[pos] & has


def _cycle_text(start: str, parent_of: dict) -> str:
    path, node = [start], parent_of.get(start)
    while node is not None and node != start and len(path) < 50:
        path.append(node)
        node = parent_of.get(node)
    return " → ".join([*path, start])


def _cross_check(tables, lines, typed, problems: _Problems, today: pd.Timestamp) -> None:
    """Rules across rows and files: ids, references, cycles, overlaps, and the warnings."""
    fa, fc, fm = FILES["actors"], FILES["collaborations"], FILES["memberships"]
    a, c, m = tables.get("actors"), tables.get("collaborations"), tables.get("memberships")
    la, lc, lm = lines.get("actors"), lines.get("collaborations"), lines.get("memberships")
    a_ids = a["id"] if a is not None and "id" in a else None
    c_ids = c["id"] if c is not None and "id" in c else None
    actor_ids = collab_ids = None
    actor_set: set = set()
    collab_set: set = set()
    if a_ids is not None:
        _duplicate_ids(fa, a_ids, la, "actor", problems)
        actor_ids = a_ids[a_ids != ""]
        actor_set = set(actor_ids.to_numpy(dtype=object))
    if c_ids is not None:
        _duplicate_ids(fc, c_ids, lc, "collaboration", problems)
        collab_ids = c_ids[c_ids != ""]
        collab_set = set(collab_ids.to_numpy(dtype=object))

    if c_ids is not None and actor_ids is not None:
        clash = _isin(c_ids, actor_ids)
        if clash.any():
            firsts = ~a_ids.duplicated(keep="first").to_numpy()
            first = dict(zip(a_ids[firsts], la[firsts]))
            problems.flag(fc, lc, clash, "id", c_ids, lambda v: (
                f"id '{v}' is also an actor id (actors.csv line {first[v]}): give the "
                "collaboration an id of its own"))

    if c_ids is not None:
        tc = typed["collaborations"]
        if "parent" in c:
            parent = c["parent"]
            has = (parent != "").to_numpy()
            unknown = has & ~_isin(parent, collab_ids)
            problems.flag(fc, lc, unknown, "parent", parent, lambda v: (
                f"parent '{v}' is "
                + ("an actor, not a collaboration" if v in actor_set
                   else "not a collaboration id in collaborations.csv")
                + ": name the collaboration this one is organised under, or leave it empty"))
            if (has & ~unknown).any():
                cyc = _cycles(c_ids, parent.where(~unknown, ""))
                if cyc.any():
                    parent_of = dict(zip(c_ids, parent))
                    problems.flag(fc, lc, cyc, "parent", parent, lambda v, i: (
                        f"parent cycle {_cycle_text(i, parent_of)}: a collaboration cannot "
                        "be organised under itself; clear one of these parents"), extra=c_ids)
        if "host" in c and actor_ids is not None:
            host = c["host"]
            unknown = (host != "").to_numpy() & ~_isin(host, actor_ids)
            problems.flag(fc, lc, unknown, "host", host, lambda v: (
                f"host '{v}' is not an actor id in actors.csv: name the host municipality by "
                "its actor id, or leave it empty"))
        if "sector" in c:
            sector = c["sector"]
            low = sector.str.lower()
            known = low.isin(SECTORS).to_numpy()
            tc["sector"] = sector.where(~known, low)
            odd = (sector != "").to_numpy() & ~known
            known_list = ", ".join(SECTORS)
            problems.flag(fc, lc, odd, "sector", sector, lambda v: (
                f"unknown sector '{v}' (kept as given): the known sectors are {known_list}"),
                severity="warning")
        if "end" in tc:
            status = tc["status"].to_numpy() if "status" in tc else np.full(len(c), "active")
            passed = (status == "active") & (tc["end"] < today.to_datetime64())
            problems.flag(fc, lc, passed, "end", c["end"], "the collaboration is active but "
                          "its end date has passed: set status to ended, or correct the end "
                          "date", severity="warning")

    if m is None or actor_ids is None or collab_ids is None:
        return
    if "actor" not in m or "collaboration" not in m:
        return
    tm = typed["memberships"]
    valid = np.ones(len(m), dtype=bool)
    for column, ids, other, source, other_what in (
        ("actor", actor_ids, collab_set, "actors.csv", "a collaboration"),
        ("collaboration", collab_ids, actor_set, "collaborations.csv", "an actor"),
    ):
        s = m[column]
        has = (s != "").to_numpy()
        unknown = has & ~_isin(s, ids)
        valid &= has & ~unknown
        article = "an" if column == "actor" else "a"
        problems.flag(fm, lm, unknown, column, s, lambda v, column=column, other=other,
                      source=source, other_what=other_what, article=article: (
            f"{column} '{v}' is {other_what}, not {article} {column}: use an id from {source}"
            if v in other else
            f"{column} '{v}' is not in {source}: use an id from {source}, or add it there"))
    if not valid.any():
        return
    mv = m[valid]
    lmv = lm[valid]

    # the same actor twice in one collaboration for overlapping periods
    twice = mv.duplicated(["actor", "collaboration"], keep=False).to_numpy()
    if twice.any():
        nat = np.full(len(c), np.datetime64("NaT"), dtype="datetime64[ns]")
        cinfo = pd.DataFrame({"collaboration": c_ids, "c_start": tc.get("start", nat),
                              "c_end": tc.get("end", nat)}).drop_duplicates("collaboration")
        nat = np.full(len(m), np.datetime64("NaT"), dtype="datetime64[ns]")
        d = pd.DataFrame({"actor": mv["actor"].to_numpy()[twice],
                          "collaboration": mv["collaboration"].to_numpy()[twice],
                          "line": lmv[twice],
                          "start": tm.get("start", nat)[valid][twice],
                          "end": tm.get("end", nat)[valid][twice]})
        d = d.merge(cinfo, on="collaboration", how="left")
        d["s"] = d["start"].fillna(d["c_start"]).fillna(pd.Timestamp.min)
        d["e"] = d["end"].fillna(d["c_end"]).fillna(pd.Timestamp.max)
        pairs = d.merge(d, on=["actor", "collaboration"], suffixes=("_1", "_2"))
        pairs = pairs[(pairs["line_1"] < pairs["line_2"])
                      & (pairs["s_1"] <= pairs["e_2"]) & (pairs["s_2"] <= pairs["e_1"])]
        pairs = pairs.sort_values(["line_2", "line_1"]).drop_duplicates("line_2")
        problems.flag(fm, pairs["line_2"], np.ones(len(pairs), dtype=bool), "actor",
                      pairs["actor"], lambda ac, row: (
            f"'{ac}' is already in '{row[0]}' on line {row[1]} for an overlapping period: "
            "merge the two rows, or give them periods that do not overlap (end is the "
            "last day)"), extra=list(zip(pairs["collaboration"], pairs["line_1"])))

    # warnings
    counted = (tm["role"].to_numpy()[valid] != "observer") if "role" in tm else slice(None)
    members = mv[counted].drop_duplicates(["actor", "collaboration"])["collaboration"]
    n_members = members.value_counts().reindex(c_ids, fill_value=0).to_numpy()
    few = (n_members < 2) & (c_ids != "").to_numpy()
    problems.flag(fc, lc, few, "", c_ids, lambda v, k: (
        f"'{v}' has {k} member{'s' if k != 1 else ''} in memberships.csv (observers not "
        "counted): a collaboration needs at least two"), extra=n_members, severity="warning")
    if "host" in c:
        host = c["host"]
        named = (host != "").to_numpy() & _isin(host, actor_ids)
        if named.any():
            pairs = pd.MultiIndex.from_arrays([mv["actor"], mv["collaboration"]])
            ask = pd.MultiIndex.from_arrays([host, c_ids])
            lonely = named & ~ask.isin(pairs)
            problems.flag(fc, lc, lonely, "host", host, lambda h, i: (
                f"host '{h}' is not a member of '{i}': add a row for it in memberships.csv "
                "(role host)"), extra=c_ids, severity="warning")
    idle = (a_ids != "").to_numpy() & ~_isin(a_ids, mv["actor"])
    problems.flag(fa, la, idle, "", a_ids, "this actor takes part in nothing: add its "
                  "memberships, or remove it", severity="warning")


# --------------------------------------------------------------------------- public


def load(source, *, name: str | None = None) -> Model:
    """Read and check the three CSV files; a :class:`Model`, or every problem at once.

    Parameters
    ----------
    source : path, bytes, binary file, mapping or list of uploads
        A folder holding ``actors.csv``, ``collaborations.csv`` and ``memberships.csv``;
        a ``.zip`` of them (path, bytes or binary file object); a mapping
        ``{file name: bytes | str | binary file}``; or a list of uploaded files
        (objects with ``.name`` and ``.getvalue()``) holding the three CSVs or one zip.
    name : str, optional
        The dataset's name; default the folder's or zip's name (``"data"`` otherwise).

    Returns
    -------
    Model
        Normalised frames (:func:`graphmodel.model.normalise_frame`); the warnings
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
    blobs, default_name, problems = _collect(source)
    tables, lines, typed = {}, {}, {}
    for table, file in FILES.items():
        if file not in blobs:
            continue
        text = _decode(file, blobs[file], problems)
        parsed = None if text is None else _parse(file, text, problems)
        if parsed is None:
            continue
        frame, row_lines = _table(file, *parsed, problems)
        tables[table], lines[table] = frame, row_lines
        typed[table] = _convert(file, table, frame, row_lines, problems)
    _cross_check(tables, lines, typed, problems, pd.Timestamp.today().normalize())
    problems.sort(key=lambda p: (_FILE_ORDER.get(p.file, -1), p.line or 0))
    if any(p.severity == "error" for p in problems) or len(tables) < len(FILES):
        raise ValidationError(problems)
    frames = {}
    for table, frame in tables.items():
        out = dict(frame.items())
        out.update(typed[table])
        frames[table] = pd.DataFrame({k: out[k] for k in frame.columns}, index=frame.index)
    return Model.from_frames(frames["actors"], frames["collaborations"], frames["memberships"],
                             name=name or default_name, warnings=problems)


def save(model: Model, folder) -> Path:
    """Write the model's canonical CSV form (UTF-8, comma, ISO dates) into ``folder``.

    ``folder`` is created when needed; a path ending in ``.zip`` writes a zip of the
    three files instead. Loading what was saved gives equal tables.

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
    files = to_csv_bytes(model)
    path = Path(folder)
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
