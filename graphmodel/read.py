"""Bytes to cells: sources (folder, zip, workbook, uploads), decoding, CSV and sheet parsing, limits.

This is the loader's first half (:func:`graphmodel.load` applies the rules to what it
returns). It turns whatever a user gives into, per table, a grid of trimmed text cells
with their spreadsheet row numbers, or into problems. Every read is bounded: nothing here
spends more memory or time than the limits below allow, whatever the bytes.

Limits (module constants; each refusal is a :class:`~graphmodel.errors.Problem` naming
the file, and the line and column where there is one, found *before* the work is done):

=====================  ==========================================================
``MAX_TOTAL_BYTES``    128 MiB: every file of one dataset together, as text, after
                       decompression (zip members and workbook parts are read with a
                       bounded read; the sizes a zip header claims are never trusted)
``MAX_RATIO``          100: a zip member (or workbook part) that expands more than
                       100 times its compressed size, once past ``RATIO_FLOOR`` (1 MiB),
                       is a zip bomb; ordinary CSV compresses 5–15 times
``MAX_COLUMNS``        256 columns in a row (the schema has at most 12)
``MAX_ROWS``           1,000,000 rows in a table (blank rows count; Excel's own limit
                       is 1,048,576)
``MAX_CELLS``          5,000,000 cells (rows × columns) in a table
``MAX_FIELD_CHARS``    32,767 characters in one cell (Excel's limit for a cell)
``MAX_PROBLEMS``       1,000 problems listed per rule and file; the rest are counted
=====================  ==========================================================

The French register (30,129 actors, 79,865 memberships, 6.6 MB) uses 2 % of the bytes and
2 % of the cells allowed.

Sources: a folder holding ``actors.csv``, ``collaborations.csv`` and ``memberships.csv``;
a ``.zip`` of them (the files may sit in a subfolder; the shallowest match wins;
``__MACOSX`` and hidden entries are ignored); an Excel workbook (``.xlsx``) with sheets
``actors``, ``collaborations`` and ``memberships`` (sheet names in any case); zip or
workbook bytes or a binary file object of one; a mapping ``{file name: bytes | str |
binary file}``; a list of upload objects (``.name`` and ``.getvalue()``, e.g. Streamlit's
``UploadedFile``) or paths, with three CSVs, one zip or one workbook. File names match in
any case. When a folder holds the CSVs *and* a zip, the CSVs win. A missing file is a
problem of that file, never an exception.

Encoding: a UTF-16 byte-order mark means UTF-16; otherwise strict UTF-8 (with or without
BOM) is tried first, then Windows-1252 (then Latin-1, which cannot fail). A file read as
Windows-1252 that looks like UTF-8 read wrongly ("TromsÃ¸") gets a warning. Text given as
``str`` must be valid Unicode (a lone surrogate is refused with its line); a NUL character
means binary data, and is refused.

Dialect: the delimiter is sniffed from the header line (``,``, ``;`` or tab, the most
frequent outside quotes; a tie goes to ``,``). An Excel ``sep=;`` first line sets it and
is skipped **without being counted**, because Excel hides it: line numbers are the
spreadsheet's rows (header = line 1, first record = line 2; a quoted value spanning
several text lines is one row; blank rows are skipped but counted). Cells are trimmed.

Workbooks: cells are read as text the way a CSV export would write them: numbers as
``4787`` or ``59.12``, dates as ``YYYY-MM-DD``, formulas as their text (``=A1+1``; never
evaluated), booleans as ``TRUE``/``FALSE``. Problems name the sheet as the file
(``n.xlsx[actors]``) and the spreadsheet row as the line.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from .errors import Problem, ValidationError
from .i18n import integer, number, tr
from .schema import FILES

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FIELD_CHARS",
    "MAX_PROBLEMS",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_TOTAL_BYTES",
    "RATIO_FLOOR",
    "Cells",
    "ProblemList",
    "collect",
    "decode",
    "parse_csv",
]

MAX_TOTAL_BYTES = 128 * 2**20
MAX_RATIO = 100
RATIO_FLOOR = 2**20
MAX_COLUMNS = 256
MAX_ROWS = 1_000_000
MAX_CELLS = 5_000_000
MAX_FIELD_CHARS = 32_767
MAX_PROBLEMS = 1_000

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_MOJIBAKE = re.compile("[ÃÂ][\u00a0-\u00bf\u0152-\u2122]")
_SEP_LINE = re.compile(r'[ \t]*"?sep=([^"\r\n])"?[ \t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)
_LEADING_BLANK = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))*")
_CHUNK = 1 << 16


def _mib(n: int) -> str:
    return f"{number(n / 2**20)}\u00a0MB"


def _row(n) -> str:
    """A line or column number as a spreadsheet shows it: digits only, no separators."""
    return str(int(n))


def _short(value, n: int = 60) -> str:
    text = str(value)
    return text if len(text) <= n else text[:n] + "…"


class ProblemList(list):
    """Problems as they are found; ``flag`` builds one per flagged row (the only row loop).

    At most :data:`MAX_PROBLEMS` rows are listed per call (one rule on one file); the
    rest are counted in one more problem, so a hostile file cannot make the list itself
    the cost.
    """

    def add(self, file, line, column, value, message, severity="error"):
        self.append(Problem(file, line, column, _short(value, 200), message, severity))

    def flag(self, file, lines, mask, column, values, message, *, extra=None,
             severity="error"):
        """One problem per row where ``mask`` is true.

        ``message`` is a sentence, or a function of the row's value (and of its ``extra``
        value when ``extra`` is given).
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        where = np.flatnonzero(mask)
        more = len(where) - MAX_PROBLEMS
        where = where[:MAX_PROBLEMS]
        lines = np.asarray(lines)[where]
        values = np.asarray(values, dtype=object)[where]
        extras = [None] * len(values) if extra is None else list(
            np.asarray(list(extra) if not isinstance(extra, (pd.Series, np.ndarray))
                       else extra, dtype=object)[where])
        for line, value, x in zip(lines, values, extras):
            if callable(message):
                text = message(value) if extra is None else message(value, x)
            else:
                text = message
            self.append(Problem(file, int(line), column, _short(value, 200), text, severity))
        if more > 0:
            # TRANSLATORS: keep the leading "…": it sorts this line after the rows listed
            self.append(Problem(file, None, column, "", tr(
                "… and {n} more rows with the same problem in this column (not listed)",
                n=integer(more)), severity))


@dataclass(frozen=True)
class Cells:
    """One table as trimmed text cells (positional columns) with each row's line number.

    ``label`` names the table in problems: ``actors.csv``, or ``n.xlsx[actors]`` for a
    workbook's sheet.
    """

    label: str
    frame: pd.DataFrame
    lines: np.ndarray


class _Budget:
    """Bytes still allowed for this dataset (all files together)."""

    def __init__(self):
        self.left = MAX_TOTAL_BYTES

    def refuse(self, size: int) -> bool:
        return size > self.left

    def spend(self, size: int) -> None:
        self.left -= size


def _too_big(file: str) -> str:
    return tr("{file} is too large: a dataset may hold at most {size} of text in all (after "
              "unzipping): split or shrink it", file=file, size=_mib(MAX_TOTAL_BYTES))


# --------------------------------------------------------------------------- sources


def _blob_bytes(file: str, data, problems: ProblemList, budget: _Budget):
    """bytes or str from a path, bytes, text or a (binary) file object; None if unreadable."""
    try:
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if isinstance(data, (str, bytes)):
            out = data
        elif isinstance(data, os.PathLike):
            path = Path(data)
            if budget.refuse(path.stat().st_size):
                problems.add(file, None, "", "", _too_big(file))
                return None
            out = path.read_bytes()
        elif hasattr(data, "getvalue"):
            out = data.getvalue()
        elif hasattr(data, "read"):
            out = data.read(budget.left + 1)  # a bounded read: a stream may never end
        else:
            raise TypeError(f"cannot read {type(data).__name__}")
        if isinstance(out, (bytearray, memoryview)):
            out = bytes(out)
        if not isinstance(out, (str, bytes)):
            raise TypeError(f"reading it gave {type(out).__name__}, not bytes")
    except (OSError, ValueError, TypeError) as exc:
        problems.add(file, None, "", "", tr("cannot read {file} ({reason}): check the file",
                                            file=file, reason=str(exc)))
        return None
    if budget.refuse(len(out)):
        problems.add(file, None, "", "", _too_big(file))
        return None
    budget.spend(len(out))
    return out


def _name_of(obj, default: str) -> str:
    name = getattr(obj, "name", None)
    return PurePosixPath(str(name).replace("\\", "/")).name if isinstance(name, str) else default


def _is_container(name: str) -> bool:
    return name.lower().endswith((".zip", ".xlsx", ".xlsm"))


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
            tr("no such folder or zip file: give the folder holding actors.csv, "
               "collaborations.csv and memberships.csv, a .zip of them, or an .xlsx workbook"),
        )])
    if isinstance(source, (bytes, bytearray, memoryview)):
        return [("data.zip", bytes(source))], "data"
    if isinstance(source, Mapping):
        return [(str(k), v) for k, v in source.items()], "data"
    if hasattr(source, "getvalue") or hasattr(source, "read"):
        name = _name_of(source, "data.zip")
        if not _is_container(name):
            name = "data.zip"  # a single file object is a zip (or a workbook) by contract
        return [(name, source)], PurePosixPath(name).stem
    if isinstance(source, Iterable):
        items = []
        for obj in source:
            if isinstance(obj, (str, os.PathLike)):
                items.append((Path(obj).name, Path(obj)))
            else:
                items.append((_name_of(obj, "upload"), obj))
        zips = [n for n, _ in items if _is_container(n)]
        return items, (PurePosixPath(zips[0]).stem if len(zips) == 1 else "data")
    raise TypeError(
        "load() takes a folder, zip or workbook path, zip or workbook bytes, a binary "
        "file, a mapping {file name: content} or a list of uploaded files, not "
        f"{type(source).__name__}"
    )


def _is_zip(name: str, data) -> bool:
    if _is_container(name):
        return True
    return isinstance(data, bytes) and data[:4] in _ZIP_MAGIC


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str, label: str,
                 problems: ProblemList, budget: _Budget, keep: bool = True):
    """A member's bytes by a bounded read (total and ratio checked as it expands)."""
    out = io.BytesIO() if keep else None
    n = 0
    packed = max(info.compress_size, 1)
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            n += len(chunk)
            if budget.refuse(n):
                problems.add(label, None, "", "", _too_big(
                    tr("{member} in {zip}", member=info.filename, zip=zip_name)))
                return None
            if n > RATIO_FLOOR and n > MAX_RATIO * packed:
                problems.add(label, None, "", "", tr(
                    "{member} in {zip} expands more than {ratio} times its packed size "
                    "({packed} bytes): this looks like a zip bomb, so it was not read; zip "
                    "the files again with ordinary settings", member=info.filename,
                    zip=zip_name, ratio=integer(MAX_RATIO), packed=integer(packed)))
                return None
            if out is not None:
                out.write(chunk)
    budget.spend(n)
    return out.getvalue() if out is not None else b""


def _is_workbook(zf: zipfile.ZipFile) -> bool:
    names = {i.filename for i in zf.infolist()}
    return "xl/workbook.xml" in names


def _from_zip(zip_name: str, data: bytes, wanted, problems: ProblemList,
              budget: _Budget) -> dict[str, object]:
    """The wanted CSV files inside a zip (shallowest match wins), or a workbook's sheets."""
    found: dict[str, object] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if _is_workbook(zf):
                return _read_workbook(zip_name, data, zf, problems, budget)
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
                    problems.add(file, None, "", "", tr(
                        "{zip} holds several {file} ({names}): keep one", zip=zip_name,
                        file=file, names=names))
                    continue
                content = _read_member(zf, top[0], zip_name, file, problems, budget)
                if content is not None:
                    found[file] = content
    except Exception as exc:  # noqa: BLE001 - a damaged zip raises many types; all mean the same
        problems.add(zip_name, None, "", "", tr(
            "cannot read {zip} as a zip file ({reason}): zip the three CSV files again, or "
            "give them one by one", zip=zip_name, reason=_short(exc, 120)))
    return found


def collect(source) -> tuple[dict[str, object], str, ProblemList]:
    """Table name -> bytes, str or :class:`Cells`; the default dataset name; problems.

    Raises :class:`ValidationError` only for a path that does not exist, and
    :class:`TypeError` for a ``source`` of no supported type.
    """
    problems = ProblemList()
    budget = _Budget()
    items, name = _gather(source)
    wanted = set(FILES.values())
    table_of = {file: table for table, file in FILES.items()}
    alias = {f.lower(): f for f in wanted} | {f[:-4]: f for f in wanted}
    blobs: dict[str, object] = {}
    zips, others = [], []
    for item_name, data in items:
        base = PurePosixPath(str(item_name).replace("\\", "/")).name.lower()
        if base in alias:
            file = alias[base]
            if file in blobs:
                problems.add(file, None, "", "", tr("{file} was given twice: keep one",
                                                    file=file))
                continue
            blobs[file] = data
        elif _is_zip(base, data if isinstance(data, bytes) else None):
            zips.append((item_name, data))
        else:
            others.append(str(item_name))
    missing = wanted - set(blobs)
    for zip_name, data in zips if missing else ():
        zip_name = PurePosixPath(str(zip_name).replace("\\", "/")).name
        raw = _blob_bytes(zip_name, data, problems, budget)
        if raw is None:
            continue
        if isinstance(raw, str):
            problems.add(zip_name, None, "", "", tr(
                "{zip} is text, not a zip file: give the zip's bytes", zip=zip_name))
            continue
        for file, content in _from_zip(zip_name, raw, missing, problems, budget).items():
            if file in blobs:
                problems.add(file, None, "", "", tr("{file} was given twice: keep one",
                                                    file=file))
            else:
                blobs[file] = content
    out: dict[str, object] = {}
    for file in FILES.values():
        if file in blobs:
            if isinstance(blobs[file], Cells):
                out[table_of[file]] = blobs[file]
                continue
            raw = _blob_bytes(file, blobs[file], problems, budget)
            if raw is not None:
                out[table_of[file]] = raw
        elif not any(p.file == file or p.file.endswith(f"[{table_of[file]}]")
                     for p in problems) and not _workbook_failed(problems):
            if others:
                text = tr("{file} is missing (got: {got}): the data needs actors.csv, "
                          "collaborations.csv and memberships.csv", file=file,
                          got=", ".join(sorted(others)))
            else:
                text = tr("{file} is missing: the data needs actors.csv, collaborations.csv "
                          "and memberships.csv", file=file)
            problems.add(file, None, "", "", text)
    return out, name, problems


def _workbook_failed(problems: ProblemList) -> bool:
    return any(p.severity == "error" and p.line is None and p.file.lower().endswith(
        (".zip", ".xlsx", ".xlsm")) for p in problems)


# --------------------------------------------------------------------------- text


def decode(file: str, data, problems: ProblemList) -> str | None:
    """Text from bytes: UTF-16 by BOM, else strict UTF-8 (BOM optional), then cp1252."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            line = text.count("\n", 0, exc.start) + 1
            code = f"U+{ord(text[exc.start]):04X}"
            problems.add(file, line, "", "", tr(
                "{file} holds a character that is not valid text ({code}, a lone surrogate) "
                "on text line {line}: remove it", file=file, code=code, line=_row(line)))
            return None
        return text
    if data[:4] in _ZIP_MAGIC:
        problems.add(file, None, "", "", tr(
            "{file} is a zip or an Excel workbook, not CSV: give the workbook itself (.xlsx), "
            "or in Excel use Save As > CSV", file=file))
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            problems.add(file, None, "", "", tr(
                "{file} starts like UTF-16 but cannot be read as such: save it as CSV UTF-8",
                file=file))
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
        problems.add(file, None, "", "", tr(
            "{file} is not valid UTF-8, so it was read as Windows-1252, but parts look like "
            "UTF-8 (e.g. 'Ã¸' for 'ø'): check the names and save the file as CSV UTF-8",
            file=file), "warning")
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


def _records(text: str, delimiter: str):
    """csv.reader over ``text`` (used where pandas cannot be, and to count exactly)."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _first_record_width(text: str, delimiter: str) -> int:
    """Fields in the header record (read from a bounded prefix of the text)."""
    prefix = text[: (MAX_COLUMNS + 1) * 64]
    try:
        return len(next(_records(prefix, delimiter), []))
    except csv.Error:
        return 0


def _count_records(text: str, delimiter: str, stop: int) -> int:
    n = 0
    try:
        for _ in _records(text, delimiter):
            n += 1
            if n > stop:
                break
    except csv.Error:
        pass
    return n


def _limit_problem(file: str, what: str) -> str:
    return tr("{file} has {what}, more than graphmodel reads (see graphmodel.read): check "
              "that the right file was given and that every value holding the delimiter is "
              "quoted, or split the data", file=file, what=what)


def parse_csv(file: str, text: str, problems: ProblemList) -> Cells | None:
    """Cells (positional columns, trimmed, blank rows dropped) with their spreadsheet lines."""
    if "\x00" in text:
        problems.add(file, None, "", "", tr(
            "{file} holds binary data, not CSV text: save it from the spreadsheet as CSV",
            file=file))
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
        problems.add(file, None, "", "", _empty(file))
        return None
    if delimiter is None:
        delimiter = _sniff(re.split(r"\r\n|\r|\n", text[:(MAX_COLUMNS + 1) * 64],
                                    maxsplit=1)[0])
    # limits, checked before pandas spends memory on the grid
    width = _first_record_width(text, delimiter)
    if width > MAX_COLUMNS:
        problems.add(file, lead + 1, "", "", _limit_problem(file, tr(
            "more than {limit} columns in its header (at least {n})",
            limit=integer(MAX_COLUMNS), n=integer(width))))
        return None
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if breaks > MAX_ROWS or breaks * max(width, 1) > MAX_CELLS:
        rows = _count_records(text, delimiter, MAX_ROWS)
        if rows > MAX_ROWS or rows * max(width, 1) > MAX_CELLS:
            problems.add(file, None, "", "", _limit_problem(file, tr(
                "{rows} rows of {width} columns (at most {max_rows} rows and {max_cells} "
                "cells are read)", rows=integer(rows), width=integer(width),
                max_rows=integer(MAX_ROWS), max_cells=integer(MAX_CELLS))))
            return None
    unclosed = text.count('"') % 2 == 1
    frame = None
    if not unclosed and delimiter in ",;\t":
        try:
            frame = pd.read_csv(
                io.BytesIO(text.encode("utf-8")), sep=delimiter, header=None, dtype=str,
                na_filter=False, skip_blank_lines=False, quotechar='"', engine="c",
                low_memory=False, encoding="utf-8",
            )
        except Exception:  # noqa: BLE001 - ragged rows and other oddities: csv reads them
            frame = None
        if frame is not None and frame.shape[1] > MAX_COLUMNS:  # a multi-line header
            problems.add(file, lead + 1, "", "", _limit_problem(file, tr(
                "more than {limit} columns", limit=integer(MAX_COLUMNS))))
            return None
    if frame is None:
        rows = []
        cells = 0
        try:
            for i, row in enumerate(_records(text, delimiter)):
                if len(row) > MAX_COLUMNS:
                    problems.add(file, lead + i + 1, "", "", _limit_problem(file, tr(
                        "{n} values on this row (at most {limit} columns)",
                        n=integer(len(row)), limit=integer(MAX_COLUMNS))))
                    return None
                cells += len(row)
                if cells > MAX_CELLS:
                    problems.add(file, None, "", "", _limit_problem(file, tr(
                        "more than {limit} cells", limit=integer(MAX_CELLS))))
                    return None
                rows.append(row)
        except csv.Error as exc:
            if "field limit" in str(exc):
                text = tr('{file} cannot be read as CSV ({reason}): a value is longer than '
                          '{limit} characters; perhaps a quote (") is never closed',
                          file=file, reason=str(exc), limit=integer(131_072))
            else:
                text = _unreadable_csv(file, exc)
            problems.add(file, None, "", "", text)
            return None
        except (TypeError, ValueError) as exc:
            problems.add(file, None, "", "", _unreadable_csv(file, exc))
            return None
        frame = _grid(rows)
        if unclosed and len(rows) > 1:
            problems.add(file, lead + len(rows), "", "", tr(
                "a quoted value opened on this line is never closed, so the rest of the file "
                'reads as one value: add the closing quote (")'))
            frame = frame.iloc[:-1]
    return _finish(file, frame, lead, problems)


def _empty(label: str) -> str:
    return tr("{file} is empty: it needs a header line naming its columns, then one row per "
              "record", file=label)


def _unreadable_csv(file: str, exc: BaseException) -> str:
    return tr("{file} cannot be read as CSV ({reason}): save it again from the spreadsheet as "
              "CSV", file=file, reason=str(exc))


def _grid(rows: list[list]) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows],
                        columns=range(width), dtype=str)


def _finish(label: str, frame: pd.DataFrame, lead: int, problems: ProblemList,
            line_numbers: np.ndarray | None = None) -> Cells | None:
    """Trim cells, check their length, drop blank rows, number the rows."""
    frame = frame.fillna("")
    frame.columns = range(frame.shape[1])
    lines = (np.arange(len(frame)) + lead + 1) if line_numbers is None else line_numbers
    for col in frame.columns:
        s = frame[col].astype(str).str.strip()
        long = (s.str.len() > MAX_FIELD_CHARS).to_numpy()
        if long.any():
            problems.flag(label, lines, long, "", s, lambda v, col=col: tr(
                "a value in column {number} has {n} characters, more than the {limit} a cell "
                "may hold: shorten it (or close a quote that was left open)",
                number=_row(col + 1), n=integer(len(v)), limit=integer(MAX_FIELD_CHARS)))
            s = s.where(~long, "")
        frame[col] = s
    keep = (frame != "").any(axis=1).to_numpy()
    frame, lines = frame[keep].reset_index(drop=True), lines[keep]
    if len(frame) == 0:
        problems.add(label, None, "", "", _empty(label))
        return None
    return Cells(label, frame, lines)


# --------------------------------------------------------------------------- workbooks


def _cell_text(value) -> str:
    """A workbook cell as the text a CSV export would hold (never evaluated)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _read_workbook(book_name: str, data: bytes, zf: zipfile.ZipFile, problems: ProblemList,
                   budget: _Budget) -> dict[str, object]:
    """The three sheets of an .xlsx workbook as :class:`Cells` (keyed by CSV file name)."""
    for info in zf.infolist():  # the zip limits, before openpyxl expands anything
        if _read_member(zf, info, book_name, book_name, problems, budget, keep=False) is None:
            return {}
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        problems.add(book_name, None, "", "", tr(
            "reading .xlsx needs openpyxl: pip install openpyxl, or save the sheets as CSV"))
        return {}
    found: dict[str, object] = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
                for table, file in FILES.items():
                    label = f"{book_name}[{table}]"
                    ws = sheets.get(table) or sheets.get(file)
                    if ws is None:
                        have = ", ".join(repr(t) for t in wb.sheetnames) or tr("no sheets")
                        problems.add(label, None, "", "", tr(
                            "{book} has no sheet named '{sheet}' (it has: {have}): name the "
                            "sheets actors, collaborations and memberships", book=book_name,
                            sheet=table, have=have))
                        continue
                    cells = _sheet_cells(label, ws, problems)
                    if cells is not None:
                        found[file] = cells
            finally:
                wb.close()
    except Exception as exc:  # noqa: BLE001 - a damaged workbook raises many types
        reason = f"{type(exc).__name__}: {_short(exc, 120)}"
        problems.add(book_name, None, "", "", tr(
            "cannot read {book} as an Excel workbook ({reason}): save it again from Excel as "
            ".xlsx, or save each sheet as CSV", book=book_name, reason=reason))
        return {}
    return found


def _sheet_cells(label: str, ws, problems: ProblemList) -> Cells | None:
    rows: list[list[str]] = []
    cells = 0
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i >= MAX_ROWS:
            problems.add(label, None, "", "", _limit_problem(label, tr(
                "more than {limit} rows", limit=integer(MAX_ROWS))))
            return None
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if len(values) > MAX_COLUMNS:
            problems.add(label, i + 1, "", "", _limit_problem(label, tr(
                "{n} columns on this row (at most {limit} are read)", n=integer(len(values)),
                limit=integer(MAX_COLUMNS))))
            return None
        cells += len(values)
        if cells > MAX_CELLS:
            problems.add(label, None, "", "", _limit_problem(label, tr(
                "more than {limit} cells", limit=integer(MAX_CELLS))))
            return None
        rows.append([_cell_text(v) for v in values])
    if not rows:
        problems.add(label, None, "", "", tr(
            "{sheet} is empty: it needs a header row naming its columns, then one row per "
            "record", sheet=label))
        return None
    return _finish(label, _grid(rows), 0, problems)
