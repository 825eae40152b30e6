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

import datetime as dt
import io
import os
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

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
from .schema import FILES

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
            if n > read.RATIO_FLOOR and n > read.MAX_RATIO * packed:
                problems.add(label, None, "", "", tr(
                    "{member} in {zip} expands more than {ratio} times its packed size "
                    "({packed} bytes): this looks like a zip bomb, so it was not read; zip "
                    "the files again with ordinary settings", member=info.filename,
                    zip=zip_name, ratio=integer(read.MAX_RATIO), packed=integer(packed)))
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
        reason = f"{type(exc).__name__}: {short_text(exc, 120)}"
        problems.add(book_name, None, "", "", tr(
            "cannot read {book} as an Excel workbook ({reason}): save it again from Excel as "
            ".xlsx, or save each sheet as CSV", book=book_name, reason=reason))
        return {}
    return found


def _sheet_cells(label: str, ws, problems: ProblemList) -> Cells | None:
    rows: list[list[str]] = []
    cells = 0
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i >= read.MAX_ROWS:
            problems.add(label, None, "", "", limit_problem(label, tr(
                "more than {limit} rows", limit=integer(read.MAX_ROWS))))
            return None
        values = list(row)
        while values and values[-1] is None:
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
        rows.append([_cell_text(v) for v in values])
    if not rows:
        problems.add(label, None, "", "", tr(
            "{sheet} is empty: it needs a header row naming its columns, then one row per "
            "record", sheet=label))
        return None
    return finish_cells(label, cell_grid(rows), 0, problems)
