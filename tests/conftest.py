"""Shared fixtures: a tiny hand-checkable dataset, a CSV writer and an Excel-dialect re-encoder.

The tiny dataset (``TINY``; ``tiny_model`` fixture, ``write_dataset`` helper) is the
library's example, drawn and explained in :mod:`graphmodel.data.example`: five actors, a
council R and four services s1–s4, with answers you can check on paper.

Use the helpers with ``from conftest import write_dataset, excel_dialect, TINY``.

Every test session works in its own workspace folder (``$GRAPHMODEL_WORKSPACE``, set for
the whole session so AppTests, module-scoped app servers and their subprocesses inherit
it): no test writes into the per-user workspace (``~/.local/share/graphmodel``).

Browser tests take the ``chromium`` fixture (the system Chromium, one for a test module;
skipped with the reason where it or Playwright is missing) and the rest of their harness
from ``tests/harness.py``.
"""

from __future__ import annotations

import csv
import io
import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

from graphmodel.data.example import EXAMPLE_FILES

# Property tests are bounded by their number of examples, never by a time per example: speed
# is measured in benchmarks/, and a busy machine must not fail a test (hypothesis's default
# 200 ms deadline did, once, under load). Each test's own @settings still applies on top.
settings.register_profile("graphmodel", deadline=None)
settings.load_profile("graphmodel")

#: the tiny dataset: the library's example (graphmodel/data/example.py), one home for both
TINY = dict(EXAMPLE_FILES)

#: columns re-written by excel_dialect: dates as DD.MM.YYYY, numbers with a decimal comma
DATE_COLUMNS = {"start", "end"}
DECIMAL_COLUMNS = {"lat", "lon", "share"}


def _text(value: str) -> str:
    return textwrap.dedent(value)


def write_dataset(folder, actors=None, collaborations=None, memberships=None, *,
                  encoding="utf-8") -> Path:
    """Write the three CSV files into ``folder`` and return it.

    Each argument is CSV text (indented text is dedented); ``None`` writes the tiny
    dataset's file, ``False`` writes no file at all. Line endings are written as given.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    given = {"actors.csv": actors, "collaborations.csv": collaborations,
             "memberships.csv": memberships}
    for file, text in given.items():
        if text is False:
            continue
        text = TINY[file] if text is None else text
        (folder / file).write_bytes(_text(text).encode(encoding))
    return folder


def tiny_files() -> dict[str, str]:
    """The tiny dataset as {file name: CSV text}."""
    return {file: _text(text) for file, text in TINY.items()}


def tiny_sheets() -> dict[str, list[list]]:
    """The tiny dataset's tables as rows of text (as a CSV-to-Excel paste gives), by sheet."""
    return {file[:-4]: [line.split(",") for line in text.strip().splitlines()]
            for file, text in tiny_files().items()}


def workbook_of(sheets: dict[str, list[list]], *, epoch=None) -> bytes:
    """An ``.xlsx`` workbook (openpyxl) with one sheet per item, its rows as given; ``epoch``
    sets the day its dates count from (openpyxl's, e.g. ``CALENDAR_MAC_1904``)."""
    import openpyxl

    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def excel_dialect(files: dict[str, bytes], *, sep=";", encoding="cp1252", dates=True,
                  decimal_comma=True, crlf=True, sep_line=False, bom=False) -> dict[str, bytes]:
    """Re-encode canonical CSV files (UTF-8, comma, ISO dates) the way Excel might save them.

    ``dates`` writes ``start``/``end`` as DD.MM.YYYY; ``decimal_comma`` writes lat, lon and
    share with a comma; ``sep_line`` adds Excel's ``sep=;`` first line; ``bom`` writes
    UTF-8 with a byte-order mark (``encoding`` is then ignored). A file whose text the
    encoding cannot hold (a Sami name in cp1252) is written as UTF-8 with BOM instead,
    as Excel's "CSV UTF-8" would.
    """
    out = {}
    for file, data in files.items():
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        header = [h.strip().lower() for h in rows[0]]
        for row in rows[1:]:
            for i, name in enumerate(header):
                if i >= len(row) or not row[i]:
                    continue
                if dates and name in DATE_COLUMNS:
                    y, m, d = row[i].split("-")
                    row[i] = f"{d}.{m}.{y}"
                elif decimal_comma and name in DECIMAL_COLUMNS:
                    row[i] = row[i].replace(".", ",")
        buf = io.StringIO()
        if sep_line:
            buf.write(f"sep={sep}" + ("\r\n" if crlf else "\n"))
        csv.writer(buf, delimiter=sep, lineterminator="\r\n" if crlf else "\n").writerows(rows)
        text = buf.getvalue()
        if bom:
            out[file] = text.encode("utf-8-sig")
            continue
        try:
            out[file] = text.encode(encoding)
        except UnicodeEncodeError:
            out[file] = text.encode("utf-8-sig")
    return out


@pytest.fixture(scope="session", autouse=True)
def _session_workspace(tmp_path_factory):
    """``$GRAPHMODEL_WORKSPACE`` → a temporary folder for the whole test session.

    Session scope (set before any module-scoped fixture starts an app server) and
    ``os.environ`` itself (so every ``subprocess`` inherits it). A test that needs a fresh
    workspace of its own still sets the variable with ``monkeypatch``.
    """
    folder = tmp_path_factory.mktemp("workspace")
    before = os.environ.get("GRAPHMODEL_WORKSPACE")
    os.environ["GRAPHMODEL_WORKSPACE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("GRAPHMODEL_WORKSPACE", None)
    else:
        os.environ["GRAPHMODEL_WORKSPACE"] = before


@pytest.fixture(scope="module")
def chromium():
    """Headless ``/usr/bin/chromium`` driven by Playwright, for the whole test module
    (``browser.launch_chromium``); skipped with the reason where either is missing."""
    from harness import launch_chromium

    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def tiny_folder(tmp_path) -> Path:
    """A folder ``tiny`` holding the tiny dataset's three CSV files."""
    return write_dataset(tmp_path / "tiny")


@pytest.fixture
def tiny_model():
    """The tiny dataset (see the module docstring) loaded as a Model named ``tiny``."""
    from graphmodel.data.load import load

    return load(tiny_files(), name="tiny")


_EXPLORER_TESTS = Path(__file__).resolve().parent / "explorer"


def pytest_collection_modifyitems(config, items):
    """Every test in ``tests/explorer`` runs the explorer (Streamlit's ``AppTest``, or a
    server): it is marked ``app``, so that ``make check`` (the quick working loop) leaves it
    to ``make test``."""
    for item in items:
        if _EXPLORER_TESTS in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.app)
