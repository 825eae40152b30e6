"""Where the tables come from: folders, zips (read by bounded reads), workbooks and uploads.

:func:`collect` is the loader's first step: it gathers, per table, the bytes of a CSV
file (decoded and parsed by :mod:`graphmodel.data.read`) or the cells of a workbook's sheet,
and the problems found on the way. Zip members and workbook parts are read with a bounded
read, checked against the limits of :mod:`graphmodel.data.read` (the total expanded size and
the compression ratio) as they expand; the sizes a zip header claims are never trusted.

Which sources are accepted and how workbook cells are read: see docs/data-format.md,
"Where the tables come from" and "Excel workbooks".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import logging
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from ..errors import Problem, ValidationError
from ..i18n import integer, number, tr
from . import read
from .read import (
    ZIP_MAGIC,
    Cells,
    ProblemList,
    cell_grid,
    finish_cells,
    limit_problem,
    short_text,
)
from .schema import FILES, OPTIONAL_FILES

__all__ = ["collect"]

_CHUNK = 1 << 16


def _mib(n: int) -> str:
    return f"{number(n / 2**20)}\u00a0MB"


class _Budget:
    """Bytes still allowed for this dataset (all files together)."""

    def __init__(self):
        self.left = read.MAX_TOTAL_BYTES

    def refuse(self, size: int) -> bool:
        return size > self.left

    def spend(self, size: int) -> None:
        self.left -= size


def _too_big(file: str) -> str:
    return tr("{file} is too large: a dataset may hold at most {size} of text in all (after "
              "unzipping): split or shrink it", file=file, size=_mib(read.MAX_TOTAL_BYTES))


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
    return isinstance(data, bytes) and data[:4] in ZIP_MAGIC


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str, label: str,
                 problems: ProblemList, budget: _Budget, keep: bool = True):
    """A member's bytes by a bounded read (total and ratio checked as it expands)."""
    out: list[bytes] | None = [] if keep else None
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
            if n > read.RATIO_FLOOR and n > read.MAX_RATIO * packed:
                problems.add(label, None, "", "", tr(
                    "{member} in {zip} expands more than {ratio} times its packed size "
                    "({packed} bytes): this looks like a zip bomb, so it was not read; zip "
                    "the files again with ordinary settings", member=info.filename,
                    zip=zip_name, ratio=integer(read.MAX_RATIO), packed=integer(packed)))
                return None
            if out is not None:
                out.append(chunk)
    budget.spend(n)
    return b"".join(out) if out is not None else b""


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
            "give them one by one", zip=zip_name, reason=short_text(exc, 120)))
    return found


def collect(source) -> tuple[dict[str, object], str, ProblemList]:
    """Table name -> bytes, str or :class:`Cells`; the default dataset name; problems.

    Raises :class:`ValidationError` only for a path that does not exist, and
    :class:`TypeError` for a ``source`` of no supported type.
    """
    problems = ProblemList()
    budget = _Budget()
    items, name = _gather(source)
    required = set(FILES.values())
    wanted = required | set(OPTIONAL_FILES.values())
    table_of = {file: table for table, file in {**FILES, **OPTIONAL_FILES}.items()}
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
    for zip_name, data in zips if missing & required else ():
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
    for file in [*FILES.values(), *OPTIONAL_FILES.values()]:
        if file in OPTIONAL_FILES.values() and file not in blobs:
            continue  # an optional table may be absent
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
    """The three sheets of an .xlsx workbook as :class:`Cells` (keyed by CSV file name).

    Plain sheets are read by calamine (compiled; over 10 times openpyxl's speed: through
    fastexcel straight into Arrow columns when their types allow, else python-calamine's
    rows), sheets holding formulas or error cells, or written in a way the pre-scan does
    not vouch for, by openpyxl (their text, as before). All read in time proportional to
    the cells the sheet really holds: the size its ``<dimension>`` claims is never used.
    """
    kept: dict[str, bytes] = {}  # the sheets' XML, read once (the pre-scan reads it)
    for info in zf.infolist():  # the zip limits, before anything expands the workbook
        sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        content = _read_member(zf, info, book_name, book_name, problems, budget, keep=sheet)
        if content is None:
            return {}
        if sheet:
            kept[info.filename] = content
    parts = _sheet_parts(zf)
    fast = _calamine_book(data) if parts is not None else None
    found: dict[str, object] = {}
    slow = _Openpyxl(data)  # opened only for a sheet calamine cannot vouch for
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                titles = list(parts) if fast is not None else slow.book().sheetnames
                sheets = {t.strip().lower(): t for t in titles}  # the last of a name wins
                for table, file in {**FILES, **OPTIONAL_FILES}.items():
                    label = f"{book_name}[{table}]"
                    title = sheets.get(table) or sheets.get(file)
                    if title is None and table in OPTIONAL_FILES:
                        continue  # an optional sheet may be absent
                    if title is None:
                        have = ", ".join(repr(t) for t in titles) or tr("no sheets")
                        problems.add(label, None, "", "", tr(
                            "{book} has no sheet named '{sheet}' (it has: {have}): name the "
                            "sheets actors, collaborations and memberships", book=book_name,
                            sheet=table, have=have))
                        continue
                    with _gc_paused():  # millions of new objects, none of them cyclic
                        cells, calamine = _calamine_cells(label, fast, title, zf,
                                                          (parts or {}).get(title), kept,
                                                          problems)
                    if not calamine:
                        ws = slow.book()[title]
                        ws.reset_dimensions()  # the rows as they are, not as claimed
                        cells = _sheet_cells(label, ws.iter_rows(values_only=True), problems)
                    if cells is not None:
                        found[file] = cells
            finally:
                slow.close()
    except Exception as exc:  # noqa: BLE001 - a damaged workbook raises many types
        reason = f"{type(exc).__name__}: {short_text(exc, 120)}"
        problems.add(book_name, None, "", "", tr(
            "cannot read {book} as an Excel workbook ({reason}): save it again from Excel as "
            ".xlsx, or save each sheet as CSV", book=book_name, reason=reason))
        return {}
    return found


@contextlib.contextmanager
def _gc_paused():
    """The cyclic garbage collector held off (it would walk every row list calamine makes,
    again and again, for a third of the reading time); restored as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _Openpyxl:
    """openpyxl's read-only workbook, opened on first use (it parses every sheet that
    has no ``<dimension>`` when it opens, so it is opened only when needed)."""

    def __init__(self, data: bytes):
        self.data, self.wb = data, None

    def book(self):
        if self.wb is None:
            import openpyxl
            self.wb = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True,
                                             data_only=False)
        return self.wb

    def close(self) -> None:
        if self.wb is not None:
            self.wb.close()


_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


# What makes openpyxl read a sheet instead of calamine (calamine gives a formula's cached
# value, or nothing for an error cell): a formula (``<f>``), an error cell (``t="e"``), a
# namespace prefix on the sheet's elements, or a cell whose reference is missing, out of
# shape or beyond the extent found. Each is one scan of the part in C (regex or substring
# search), never a loop in Python over cells.
_FORMULA = re.compile(rb"<f[\s>/]")
_PREFIXED_PART = re.compile(rb":(?:c|row|f)[\s>/]")
_ERROR_CELL = re.compile(rb' t="e"')  # (a regex: faster here than a substring test)
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:worksheet\b")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_CELL_TAG = re.compile(rb"<c[\s>/]")
_LAST_REF = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_EDGE = 1 << 16  # bytes at each end of a part whose cells give the extent to check


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str] | None:
    """Sheet title -> its part in the zip, from the workbook's own index (None if odd)."""
    try:
        book, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
        if b"<!DOCTYPE" in book.upper() or b"<!DOCTYPE" in rels.upper():
            return None  # entities: left to openpyxl, which refuses them
        targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(rels)}
        out = {}
        for sheet in ElementTree.fromstring(book).iter():
            if sheet.tag.endswith("}sheet") and sheet.get("name") is not None:
                target = targets.get(sheet.get(_REL), "")
                out[sheet.get("name")] = (target.lstrip("/") if target.startswith("/")
                                          else f"xl/{target}")
        return out
    except Exception:  # noqa: BLE001 - any doubt: the sheet is read by openpyxl
        return None


def _calamine_book(data: bytes) -> _Calamine:
    return _Calamine(data)


_UNOPENED = object()


class _Calamine:
    """A workbook's compiled readers, each opened on first use: fastexcel, which gives a
    sheet as typed Arrow columns (no Python object per cell), and python-calamine, which
    gives rows of Python values (for a sheet fastexcel cannot vouch for). Either one not
    installed, or not able to open the workbook, leaves the sheet to the next reader."""

    def __init__(self, data: bytes):
        self.data = data
        self._rows_book = self._columns_book = _UNOPENED

    def rows(self, title: str) -> list | None:
        """The sheet's rows from A1 (``None``: openpyxl must read it)."""
        if self._rows_book is _UNOPENED:
            try:
                import python_calamine
                self._rows_book = python_calamine.CalamineWorkbook.from_filelike(
                    io.BytesIO(self.data))
            except Exception:  # noqa: BLE001 - not installed or not readable: openpyxl
                self._rows_book = None
        if self._rows_book is None:
            return None
        try:
            return self._rows_book.get_sheet_by_name(title).to_python(skip_empty_area=False)
        except Exception:  # noqa: BLE001 - openpyxl reads it and says what is wrong
            return None

    def columns(self, title: str, width: int, height: int) -> list | None:
        """The sheet's columns as Arrow text (:func:`_fastexcel_columns`), or ``None``."""
        if self._columns_book is _UNOPENED:
            self._columns_book = None
            modules = _fastexcel()
            if modules is not None:
                try:
                    self._columns_book = modules[0].read_excel(self.data)
                except BaseException as exc:  # not readable (a Rust panic is a BaseException)
                    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                        raise
        if self._columns_book is None:
            return None
        return _fastexcel_columns(self._columns_book, title, width, height)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _column_letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _up_to(n: int) -> str:
    """A regex for the numbers 1..n written without leading zeros, each ending in ``"``
    (the alternatives of n's own length first: they are the common case)."""
    s, alts = str(n), []
    for i, d in enumerate(map(int, s)):
        low = 1 if i == 0 else 0
        if d > low:
            rest = len(s) - i - 1
            alts.append(f"{s[:i]}[{low}-{d - 1}]" + (f"[0-9]{{{rest}}}" if rest else "") + '"')
    alts.append(s + '"')
    if len(s) > 1:
        alts.append(f'[1-9][0-9]{{0,{len(s) - 2}}}"')
    return "(?:" + "|".join(alts) + ")"


def _columns_up_to(n: int) -> str:
    """A regex for the column letters A..(column n), n at most 702 (ZZ)."""
    letters = _column_letters(n)
    if len(letters) == 1:
        return f"[A-{letters}]"
    first, second = letters
    alts = ["[A-Z]", f"{first}[A-{second}]"]
    if first > "A":
        alts.append(f"[A-{chr(ord(first) - 1)}][A-Z]")
    return "(?:" + "|".join(alts) + ")"


def _quick_extent(xml: bytes) -> tuple[int, int] | None:
    """Width and height of the cells, vouched for by one scan: every cell tag is
    ``<c r="..."`` with a reference inside the extent that the cells at both ends of the
    part suggest (the last cell's row; the widest column near either end). None when any
    cell breaks that (then :func:`_exact_extent` decides)."""
    end = xml.rfind(b'<c r="')
    last = _LAST_REF.match(xml, end) if end >= 0 else None
    if last is None:
        return None
    height = int(last.group(1))
    edges = _CELL_REF.findall(xml, 0, _EDGE) + _CELL_REF.findall(xml, max(len(xml) - _EDGE, 0))
    width = max((_column_number(c) for c in {c for c, _ in edges}), default=0)
    if not 1 <= height <= read.MAX_ROWS or not 1 <= width <= read.MAX_COLUMNS:
        return None
    inside = _columns_up_to(width) + _up_to(height)
    odd = re.compile(rf'<c(?!\sr="{inside})[\s>/]'.encode())  # a cell tag not so
    return None if odd.search(xml) else (width, height)


def _exact_extent(xml: bytes) -> tuple[int, int] | None:
    """Width and height from every cell's reference (None if a cell has none)."""
    refs = _CELL_REF.findall(xml)
    if len(refs) != len(_CELL_TAG.findall(xml)):
        return None  # a cell without a reference: its place is not known here
    width = max((_column_number(c) for c in {c for c, _ in refs}), default=0)
    height = max((int(r) for r in {r for _, r in refs}), default=0)
    return width, height


def _plain_sheet(zf: zipfile.ZipFile, part: str,
                 parts: dict[str, bytes] | None = None) -> tuple[int, int, bool] | None:
    """The pre-scan of a sheet's XML: ``(width, height, text_header)``, or None when
    openpyxl must read it.

    The extent is that of the cells the sheet really holds (calamine allocates the whole
    rectangle from A1 to the last cell): a sheet wider than the column limit or whose
    rectangle exceeds the cell limit goes to openpyxl, which names the row at fault.
    ``text_header``: every cell of row 1 is text (a shared or inline string), so that the
    column names fastexcel reads from it are the cells' text. ``parts`` holds the parts'
    bytes already read by the zip limits' pass.
    """
    xml = parts.pop(part, None) if parts else None  # (dropped once read: less memory)
    if xml is None:
        try:
            xml = zf.read(part)
        except KeyError:
            return None
    if (_ERROR_CELL.search(xml) or _FORMULA.search(xml) or _PREFIXED_PART.search(xml)
            or _PREFIXED.search(xml[:4096])):
        return None
    extent = _quick_extent(xml) or _exact_extent(xml)
    if extent is None:
        return None
    width, height = extent
    if width > read.MAX_COLUMNS or height > read.MAX_ROWS or width * height > read.MAX_CELLS:
        return None
    return width, height, _text_header(xml, width)


def _text_header(xml: bytes, width: int) -> bool:
    """Whether row 1 holds a text cell (``t="s"`` or ``t="inlineStr"``) in every column up
    to ``width`` (a cell tag is found by its reference: row 1 comes first, so this reads
    only the start of the part)."""
    for j in range(1, width + 1):
        start = xml.find(b'<c r="' + _column_letters(j).encode() + b'1"')
        end = xml.find(b">", start)
        if start < 0 or end < 0:
            return False
        tag = xml[start:end]
        if b' t="s"' not in tag and b' t="inlineStr"' not in tag:
            return False
    return True


def _calamine_rows(book, title: str, zf: zipfile.ZipFile, part: str | None,
                   parts: dict[str, bytes] | None = None) -> list | None:
    """A plain sheet's rows by python-calamine, or None when openpyxl must read it (see
    :func:`_plain_sheet`; the loader itself goes through :func:`_calamine_cells`)."""
    if book is None or part is None or _plain_sheet(zf, part, parts) is None:
        return None
    return book.rows(title)


def _calamine_cells(label: str, book, title: str, zf: zipfile.ZipFile, part: str | None,
                    parts: dict[str, bytes] | None,
                    problems: ProblemList) -> tuple[Cells | None, bool]:
    """A plain sheet's cells by the compiled readers, and True; ``(None, False)`` when
    openpyxl must read it. fastexcel's Arrow columns when it vouches for every column,
    else python-calamine's rows (:func:`_grid_cells`); both give the same text."""
    if book is None or part is None:
        return None, False
    scan = _plain_sheet(zf, part, parts)
    if scan is None:
        return None, False
    width, height, text_header = scan
    columns = book.columns(title, width, height) if text_header else None
    if columns is not None:
        return _text_cells(label, columns, problems), True
    rows = book.rows(title)
    if rows is None:
        return None, False
    return _grid_cells(label, rows, problems), True


def _fastexcel():
    """``(fastexcel, pyarrow)`` when both can be imported and pandas keeps text in Arrow
    (the columns go to pandas as they are), else None."""
    try:
        import fastexcel
    except ImportError:
        return None
    pa = _arrow_text()
    if pa is None:
        return None
    logging.getLogger("fastexcel.types.dtype").addFilter(_quiet_fastexcel)
    return fastexcel, pa


def _quiet_fastexcel(record: logging.LogRecord) -> bool:
    """fastexcel logs a warning for every column with no value below its header (it reads
    it as text, which is right): not a word for the user. (A filter is added once.)"""
    return not record.getMessage().startswith("Could not determine dtype")


_DEDUPED = re.compile(r"_[0-9]+\Z")  # fastexcel's suffix for a repeated column name
_FIRST_MS, _END_MS = -2_208_988_800_000, 253_402_300_800_000  # 1900-01-01, 10000-01-01
_DAY_MS = 86_400_000


def _fastexcel_columns(reader, title: str, width: int, height: int) -> list | None:
    """A sheet as Arrow ``large_string`` columns, header first, by :func:`_cell_text`'s
    rule, from fastexcel's typed columns; None when it cannot be vouched for.

    fastexcel reads row 1 as the column names (the caller has checked that they are text
    cells) and types every column from all the rows below, refusing a column of mixed
    types (``dtype_coercion="strict"``). But it takes text such as ``N/A``, ``NULL`` or
    ``NaN`` (its list of null words) for an empty cell in any column: in a column of
    numbers, dates or booleans such a cell is one of the errors it reports (None), or a
    NaN (None: Excel stores no NaN). It starts at the first cell it finds, so a table of
    another width or height than the pre-scan's extent may not start at A1: None. So are
    a name it made up or changed (an empty cell, a repeated name), a type the rule is not
    written for here (durations, times), and dates before 1900 or after 9999, which
    python-calamine gives as times or numbers.
    """
    import pyarrow.compute as pc

    pa = _arrow_text()
    try:
        sheet = reader.load_sheet(title, header_row=0, schema_sample_rows=None,
                                  dtype_coercion="strict")
        info = sheet.available_columns()
        if (len(info) != width or any(c.column_name_from != "looked_up" for c in info)
                or any(_DEDUPED.search(c.name) for c in info)):
            return None
        batch, errors = sheet.to_arrow_with_errors()
        if (errors is not None and errors.errors) or batch.num_columns != width \
                or batch.num_rows + 1 != height:
            return None
        out = []
        for c, column in zip(info, batch.columns, strict=True):
            if pa.types.is_floating(column.type) and pc.any(pc.is_nan(column)).as_py():
                return None  # (the text "NaN" in a column of numbers: read as a number)
            text = _arrow_column_text(column, pa)
            if text is None:
                return None
            out.append(pa.concat_arrays([pa.array([c.name], type=pa.large_string()), text]))
        return out
    except BaseException as exc:  # any doubt: python-calamine (a Rust panic is a
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):  # BaseException)
            raise
        return None


def _arrow_column_text(column, pa):
    """A typed Arrow column as ``large_string`` by :func:`_cell_text`'s rule, computed on
    the whole column (only fractional numbers are written one by one, by ``repr``); None
    for a type or value range the rule is not written for here."""
    import pyarrow.compute as pc

    kind, n = column.type, len(column)
    if pa.types.is_null(kind):
        text = pa.nulls(n, type=pa.large_string())
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = column.cast(pa.large_string())
    elif pa.types.is_boolean(kind):
        text = pc.if_else(column, "TRUE", "FALSE")
    elif pa.types.is_integer(kind):
        text = column.cast(pa.large_string())
    elif pa.types.is_floating(kind):
        values = column.cast(pa.float64()).to_numpy(zero_copy_only=False)  # null: NaN
        valid = column.is_valid().to_numpy(zero_copy_only=False)
        with np.errstate(invalid="ignore"):
            whole = valid & (np.abs(values) < 1e15) & (values == np.floor(values))
        text = pc.if_else(pa.array(whole), pa.array(np.where(whole, values, 0).astype(
            np.int64)).cast(pa.large_string()), pa.nulls(n, type=pa.large_string()))
        rest = valid & ~whole
        if rest.any():
            text = pc.replace_with_mask(text, pa.array(rest), pa.array(
                list(map(repr, values[rest].tolist())), type=pa.large_string()))
    elif pa.types.is_timestamp(kind) and kind.unit == "ms" and kind.tz is None:
        ms = column.cast(pa.int64())
        bounds = pc.min_max(ms)
        if bounds["min"].is_valid and (bounds["min"].as_py() < _FIRST_MS
                                       or bounds["max"].as_py() >= _END_MS):
            return None
        ms = ms.fill_null(0).to_numpy()
        seconds = pc.cast(column.cast(pa.timestamp("s"), safe=False), pa.large_string())
        text = pc.if_else(pa.array(ms % 1000 == 0), seconds, pc.binary_join_element_wise(
            column.cast(pa.large_string()), *[pa.scalar(t, pa.large_string()) for t in (
                "000", "")]))  # .123 -> .123000, as Python prints it
        text = pc.if_else(pa.array(ms % _DAY_MS == 0), column.cast(pa.date32()).cast(
            pa.large_string()), text)
    else:
        return None
    return text.cast(pa.large_string()).fill_null("")


def _arrow_text():
    """pyarrow when pandas keeps text in Arrow by default (pandas 3), else None."""
    try:
        import pyarrow
    except ImportError:
        return None
    return pyarrow if getattr(pd.Series(["a"]).dtype, "storage", None) == "pyarrow" else None


def _column_text(col: np.ndarray) -> np.ndarray:
    """A column of calamine's cells as text (:func:`_cell_text`): its numbers all at once,
    any other cell that is not text one by one."""
    kinds = np.fromiter(map(type, col), dtype=object, count=len(col))
    out = col.copy()
    floats = kinds == float
    if floats.any():
        values = col[floats].astype(np.float64)
        whole = (np.abs(values) < 1e15) & (values == np.floor(values))
        text = np.empty(len(values), dtype=object)
        text[whole] = values[whole].astype(np.int64).astype(str).tolist()
        text[~whole] = list(map(repr, values[~whole].tolist()))
        out[floats] = text
    for i in np.flatnonzero((kinds != str) & ~floats):
        out[i] = _cell_text(col[i])
    return out


def _grid_cells(label: str, rows: list[list], problems: ProblemList) -> Cells | None:
    """Calamine's rows (a rectangle from A1 that the pre-scan found within the limits),
    turned into text column by column: a column of text is taken as it is, and only the
    other cells (numbers, dates, booleans) are written out one by one."""
    grid = np.array(rows, dtype=object) if rows else np.empty((0, 0), dtype=object)
    if grid.ndim != 2:  # ragged rows (not what calamine gives): padded with empty cells
        grid = np.full((len(rows), max(len(r) for r in rows)), "", dtype=object)
        for i, row in enumerate(rows):
            grid[i, :len(row)] = row
    arrow = _arrow_text()
    columns = {}
    for j in range(grid.shape[1]):
        col = grid[:, j]
        if pd.api.types.infer_dtype(col, skipna=False) != "string":
            col = _column_text(col)
        columns[j] = (pd.Series(arrow.array(col, type=arrow.large_string()), dtype="str")
                      if arrow is not None else pd.Series(col, dtype=object))
    return _text_cells(label, list(columns.values()), problems)


def _text_cells(label: str, columns: list, problems: ProblemList) -> Cells | None:
    """A sheet's columns of text from A1 (pandas Series or Arrow arrays), as :class:`Cells`
    numbered from line 1; None (and a problem) when no cell holds anything."""
    columns = {j: col if isinstance(col, pd.Series) else pd.Series(col, dtype="str")
               for j, col in enumerate(columns)}
    filled = any(bool((col != "").any()) for col in columns.values())
    if not filled:  # no cell at all, or only empty ones
        problems.add(label, None, "", "", tr(
            "{sheet} is empty: it needs a header row naming its columns, then one row per "
            "record", sheet=label))
        return None
    frame = pd.DataFrame(columns)
    return finish_cells(label, frame, 0, problems, np.arange(1, len(frame) + 1, dtype=np.int64))


def _sheet_cells(label: str, sheet_rows, problems: ProblemList) -> Cells | None:
    rows: list[list[str]] = []
    lines: list[int] = []
    cells = 0
    for i, row in enumerate(sheet_rows):
        if i >= read.MAX_ROWS:
            problems.add(label, None, "", "", limit_problem(label, tr(
                "more than {limit} rows", limit=integer(read.MAX_ROWS))))
            return None
        values = list(row)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if len(values) > read.MAX_COLUMNS:
            problems.add(label, i + 1, "", "", limit_problem(label, tr(
                "{n} columns on this row (at most {limit} are read)", n=integer(len(values)),
                limit=integer(read.MAX_COLUMNS))))
            return None
        cells += len(values)
        if cells > read.MAX_CELLS:
            problems.add(label, None, "", "", limit_problem(label, tr(
                "more than {limit} cells", limit=integer(read.MAX_CELLS))))
            return None
        if values:  # a blank row costs nothing (finish_cells would drop it)
            rows.append([v if v.__class__ is str else _cell_text(v) for v in values])
            lines.append(i + 1)
    if not rows:
        problems.add(label, None, "", "", tr(
            "{sheet} is empty: it needs a header row naming its columns, then one row per "
            "record", sheet=label))
        return None
    return finish_cells(label, cell_grid(rows), 0, problems, np.asarray(lines, dtype=np.int64))
