"""Bytes to cells: decoding, CSV parsing, and the limits that bound every read.

This is the loader's first half, with :mod:`graphmodel.data.sources` (which gathers each
table's bytes from a folder, zip, workbook or upload); :func:`graphmodel.data.load` applies
the rules to what they return. Per table, the result is a grid of trimmed text cells
with their spreadsheet row numbers, or problems. Every read is bounded: nothing here
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

Encodings and dialects (which are tried, how the delimiter is sniffed, how lines are
counted): see docs/data-format.md, "How values are read".
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import Problem
from ..i18n import integer, tr

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FIELD_CHARS",
    "MAX_PROBLEMS",
    "MAX_RATIO",
    "MAX_ROWS",
    "MAX_TOTAL_BYTES",
    "RATIO_FLOOR",
    "ZIP_MAGIC",
    "Cells",
    "ProblemList",
    "cell_grid",
    "decode",
    "finish_cells",
    "limit_problem",
    "parse_csv",
    "row_text",
    "short_text",
]

MAX_TOTAL_BYTES = 128 * 2**20
MAX_RATIO = 100
RATIO_FLOOR = 2**20
MAX_COLUMNS = 256
MAX_ROWS = 1_000_000
MAX_CELLS = 5_000_000
MAX_FIELD_CHARS = 32_767
MAX_PROBLEMS = 1_000

#: The first bytes of a zip file (an .xlsx workbook is a zip).
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_MOJIBAKE = re.compile("[ÃÂ][\u00a0-\u00bf\u0152-\u2122]")
_SEP_LINE = re.compile(r'[ \t]*"?sep=([^"\r\n])"?[ \t]*(?:\r\n|\r|\n|$)', re.IGNORECASE)
_LEADING_BLANK = re.compile(r"(?:[ \t]*(?:\r\n|\r|\n))*")


def row_text(n) -> str:
    """A line or column number as a spreadsheet shows it: digits only, no separators."""
    return str(int(n))


def short_text(value, n: int = 60) -> str:
    """``value`` as text, cut after ``n`` characters (with "…"): a value quoted in a problem."""
    text = str(value)
    return text if len(text) <= n else text[:n] + "…"


class ProblemList(list):
    """Problems as they are found; ``flag`` builds one per flagged row (the only row loop).

    At most :data:`MAX_PROBLEMS` rows are listed per call (one rule on one file); the
    rest are counted in one more problem, so a hostile file cannot make the list itself
    the cost.
    """

    def add(self, file, line, column, value, message, severity="error"):
        self.append(Problem(file, line, column, short_text(value, 200), message, severity))

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
            self.append(Problem(file, int(line), column, short_text(value, 200), text, severity))
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
                "on text line {line}: remove it", file=file, code=code, line=row_text(line)))
            return None
        return text
    if data[:4] in ZIP_MAGIC:
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


def limit_problem(file: str, what: str) -> str:
    """The message for a table beyond a limit: ``what`` says which (a translated phrase)."""
    return tr("{file} has {what}, more than graphmodel reads (see graphmodel.data.read): check "
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
        problems.add(file, lead + 1, "", "", limit_problem(file, tr(
            "more than {limit} columns in its header (at least {n})",
            limit=integer(MAX_COLUMNS), n=integer(width))))
        return None
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if breaks > MAX_ROWS or breaks * max(width, 1) > MAX_CELLS:
        rows = _count_records(text, delimiter, MAX_ROWS)
        if rows > MAX_ROWS or rows * max(width, 1) > MAX_CELLS:
            problems.add(file, None, "", "", limit_problem(file, tr(
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
            problems.add(file, lead + 1, "", "", limit_problem(file, tr(
                "more than {limit} columns", limit=integer(MAX_COLUMNS))))
            return None
    if frame is None:
        rows = []
        cells = 0
        try:
            for i, row in enumerate(_records(text, delimiter)):
                if len(row) > MAX_COLUMNS:
                    problems.add(file, lead + i + 1, "", "", limit_problem(file, tr(
                        "{n} values on this row (at most {limit} columns)",
                        n=integer(len(row)), limit=integer(MAX_COLUMNS))))
                    return None
                cells += len(row)
                if cells > MAX_CELLS:
                    problems.add(file, None, "", "", limit_problem(file, tr(
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
        frame = cell_grid(rows)
        if unclosed and len(rows) > 1:
            problems.add(file, lead + len(rows), "", "", tr(
                "a quoted value opened on this line is never closed, so the rest of the file "
                'reads as one value: add the closing quote (")'))
            frame = frame.iloc[:-1]
    return finish_cells(file, frame, lead, problems)


def _empty(label: str) -> str:
    return tr("{file} is empty: it needs a header line naming its columns, then one row per "
              "record", file=label)


def _unreadable_csv(file: str, exc: BaseException) -> str:
    return tr("{file} cannot be read as CSV ({reason}): save it again from the spreadsheet as "
              "CSV", file=file, reason=str(exc))


def cell_grid(rows: list[list]) -> pd.DataFrame:
    """Rows of text as a frame of positional columns, short rows padded with ``""``."""
    width = max((len(r) for r in rows), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows],
                        columns=range(width), dtype=str)


def finish_cells(label: str, frame: pd.DataFrame, lead: int, problems: ProblemList,
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
                number=row_text(col + 1), n=integer(len(v)), limit=integer(MAX_FIELD_CHARS)))
            s = s.where(~long, "")
        frame[col] = s
    keep = (frame != "").any(axis=1).to_numpy()
    frame, lines = frame[keep].reset_index(drop=True), lines[keep]
    if len(frame) == 0:
        problems.add(label, None, "", "", _empty(label))
        return None
    return Cells(label, frame, lines)

