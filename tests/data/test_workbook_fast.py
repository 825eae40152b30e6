"""The fast workbook reader (python-calamine behind a one-pass pre-scan) against openpyxl.

Issue 22, item 2: plain sheets are read by calamine when one scan of their XML vouches for
them; anything it cannot vouch for goes to openpyxl. These tests pin the scan's pieces (the
extent regexes, the patterns that force openpyxl) and check that both readers give the same
cells on generated workbooks.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from conftest import tiny_sheets, workbook_of
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl.cell.cell import ERROR_CODES

from graphmodel.data import read, sources
from graphmodel.data.load import load
from graphmodel.errors import ValidationError

SHEET1 = "xl/worksheets/sheet1.xml"




def edit_sheet(book: bytes, edit, part: str = SHEET1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, edit(data) if info.filename == part else data)
    return out.getvalue()


def calamine_rows(book: bytes, title: str = "actors", part: str = SHEET1):
    """What the fast path gives for one sheet (None: openpyxl must read it)."""
    with zipfile.ZipFile(io.BytesIO(book)) as zf:
        return sources._calamine_rows(sources._calamine_book(book), title, zf, part)


def collected(book: bytes, fast: bool):
    """collect()'s tables as lists of rows (trailing empty columns dropped) with lines."""
    with mock.patch.object(sources, "_calamine_book",
                           sources._calamine_book if fast else (lambda data: None)):
        tables, _, problems = sources.collect({"n.xlsx": book})
    out = {}
    for table, cells in tables.items():
        rows = cells.frame.to_numpy(dtype=object).tolist()
        width = max((i + 1 for r in rows for i, v in enumerate(r) if v != ""), default=0)
        out[table] = ([r[:width] for r in rows], cells.lines.tolist())
    return out, [str(p) for p in problems]


# ----------------------------------------------------------------------------- the extent


@pytest.mark.parametrize("n", [1, 7, 9, 10, 11, 99, 100, 101, 2024, 40_112, 216_611])
def test_up_to_matches_exactly_the_numbers_from_one_to_n(n):
    rx = re.compile(sources._up_to(n))
    candidates = set(range(min(3 * n, 3000))) | {n - 1, n, n + 1, 10 * n, 9 * n + 9,
                                                    read.MAX_ROWS, 9_999_999}
    for k in candidates:
        assert bool(rx.fullmatch(f'{k}"')) == (1 <= k <= n), (n, k)
    for text in ('0"', '01"', f'0{n}"', f'{n}', '"', 'A"', f'{n}0"'):
        assert not rx.fullmatch(text), (n, text)


@pytest.mark.parametrize("n", [1, 7, 26, 27, 52, 53, 256, 702])
def test_columns_up_to_matches_exactly_the_columns_from_a_to_column_n(n):
    rx = re.compile(sources._columns_up_to(n))
    for k in range(1, 800):
        letters = sources._column_letters(k)
        assert bool(rx.fullmatch(letters)) == (k <= n), (n, letters)
    assert [sources._column_letters(k) for k in (1, 26, 27, 52, 53, 256, 702, 703)] == [
        "A", "Z", "AA", "AZ", "BA", "IV", "ZZ", "AAA"]


def test_the_extent_seen_at_both_ends_is_checked_on_every_cell():
    # 3,000 rows of A:C, more than 64 KB at each end; one cell in column M in the middle
    rows = [["id", "name", "kind"]] + [[f"a{i}", f"Name {i}", "other"] for i in range(3000)]
    plain = workbook_of({"actors": rows})
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        xml = zf.read(SHEET1)
    assert len(xml) > 3 * sources._EDGE
    assert sources._quick_extent(xml) == sources._exact_extent(xml) == (3, 3001)

    def widen(xml: bytes) -> bytes:
        return xml.replace(b'</c></row><row r="1500">',
                           b'</c><c r="M1499" t="inlineStr"><is><t>note</t></is></c></row>'
                           b'<row r="1500">', 1)

    wide = edit_sheet(plain, widen)
    with zipfile.ZipFile(io.BytesIO(wide)) as zf:
        xml = zf.read(SHEET1)
    assert sources._quick_extent(xml) is None  # the ends say A:C; one cell says M
    assert sources._exact_extent(xml) == (13, 3001)
    rows_read = calamine_rows(wide)
    assert rows_read is not None and len(rows_read[0]) == 13
    assert rows_read[1498][12] == "note"


def test_a_cell_far_below_its_row_is_not_given_to_calamine():
    # <row r="2"> holding IV900000: 256 columns x 900,000 rows is a rectangle calamine
    # would allocate (230 million cells); the extent now comes from the cells' own rows
    far = edit_sheet(workbook_of(tiny_sheets()), lambda xml: xml.replace(
        b'</row><row r="3">',
        b'<c r="IV900000" t="inlineStr"><is><t>x</t></is></c></row><row r="3">', 1))
    with zipfile.ZipFile(io.BytesIO(far)) as zf:
        xml = zf.read(SHEET1)
    assert sources._quick_extent(xml) is None
    assert sources._exact_extent(xml) == (256, 900_000)
    assert calamine_rows(far) is None
    with pytest.raises(ValidationError, match=r"n\.xlsx\[actors\]:2: .*column 256"):
        load({"n.xlsx": far})  # openpyxl places it on its row and names it


# ----------------------------------------------------------------------------- fall-backs


def test_a_plain_sheet_is_read_by_calamine():
    rows = calamine_rows(workbook_of(tiny_sheets()))
    assert rows is not None and rows[0][:3] == ["id", "name", "kind"]


B2 = b'<c r="B2" t="inlineStr"><is><t>Aby</t></is></c>'
NS = b' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize("cell", [
    B2,  # the control: the cell as openpyxl wrote it
    b'<c r="B2"><f t="shared" si="0"/><v>1</v></c>',  # a shared formula's follower
    b'<c r="B2" t="e"><v>#N/A</v></c>',  # an error cell
    b'<c t="inlineStr"><is><t>Aby</t></is></c>',  # no reference
    b'<c t="inlineStr" r="B2"><is><t>Aby</t></is></c>',  # the reference not first
    b'<c r="b2" t="inlineStr"><is><t>Aby</t></is></c>',  # a reference out of shape
    b'<c r="$B$2" t="inlineStr"><is><t>Aby</t></is></c>',
    b'<c\n  r="B2" t="inlineStr"><is><t>Aby</t></is></c>',  # broken over a line, indented
    b'<x:c r="B2" t="inlineStr"' + NS + b'><x:is><x:t>Aby</x:t></x:is></x:c>',  # a prefix
])
def test_what_the_scan_cannot_vouch_for_goes_to_openpyxl(cell):
    book = workbook_of(tiny_sheets())
    assert B2 in zipfile.ZipFile(io.BytesIO(book)).read(SHEET1)
    edited = edit_sheet(book, lambda xml: xml.replace(B2, cell, 1))
    assert (calamine_rows(edited) is None) == (cell != B2)


def test_formulas_read_as_their_text_through_the_fall_back():
    sheets = tiny_sheets()
    sheets["actors"][1][1] = "=1+1"  # openpyxl writes a formula
    book = workbook_of(sheets)
    assert calamine_rows(book) is None
    assert load({"n.xlsx": book}).actors["name"].tolist()[0] == "=1+1"


def test_the_garbage_collector_is_restored_as_it_was():
    book = workbook_of(tiny_sheets())
    assert gc.isenabled()
    load({"n.xlsx": book})
    assert gc.isenabled()
    gc.disable()
    try:
        load({"n.xlsx": book})
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_rows_without_a_reference_are_placed_by_their_cells():
    book = workbook_of(tiny_sheets())
    bare = edit_sheet(book, lambda xml: re.sub(rb'<row r="[0-9]+"', b"<row", xml))
    assert b'<row r="' not in zipfile.ZipFile(io.BytesIO(bare)).read(SHEET1)
    assert calamine_rows(bare) is not None
    assert collected(bare, fast=True) == collected(bare, fast=False)
    assert load({"n.xlsx": bare}).content_hash() == load({"n.xlsx": book}).content_hash()


# ----------------------------------------------------------------------------- same cells

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
_CELL = st.one_of(
    st.none(), st.just(""), st.sampled_from([" ", "  x ", "Ålesund", "N/A", "1,5", "TRUE"]),
    # openpyxl writes "=..." as a formula and "#N/A" as an error cell (both go to openpyxl)
    _TEXT.filter(lambda s: not s.startswith("=") and s not in ERROR_CODES),
    st.integers(-10**15 + 1, 10**15 - 1),  # (openpyxl keeps larger ints exact, Excel not)
    # (a whole number from 10**15 up reads as an int in openpyxl, a float in calamine)
    st.floats(-1e15, 1e15, exclude_min=True, exclude_max=True), st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)).map(
        lambda d: d.replace(microsecond=0)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_CELL, max_size=8), max_size=12),
       st.lists(st.lists(_CELL, max_size=4), max_size=6))
def test_calamine_and_openpyxl_give_the_same_cells(actors, memberships):
    sheets = tiny_sheets()
    sheets["actors"] = sheets["actors"][:1] + actors
    sheets["memberships"] = memberships
    book = workbook_of(sheets)
    with mock.patch.object(sources, "_grid_cells", wraps=sources._grid_cells) as fast_path:
        fast = collected(book, fast=True)
    assert fast_path.call_count == 3  # every sheet was read by calamine
    assert fast == collected(book, fast=False)


def test_ragged_rows_are_padded_and_numbers_written_as_a_csv_would():
    # calamine gives a rectangle; should a row come shorter, it is padded, never misread
    problems = read.ProblemList()
    cells = sources._grid_cells("n.xlsx[actors]", [
        ["id", "name", "population"], [], ["a", "Aby", 1200.0], ["b", " Bø ", 0.5, True],
        ["c"]], problems)
    assert cells.frame.to_numpy().tolist() == [
        ["id", "name", "population", ""], ["a", "Aby", "1200", ""], ["b", "Bø", "0.5", "TRUE"],
        ["c", "", "", ""]]
    assert cells.lines.tolist() == [1, 3, 4, 5]
    assert not problems


@pytest.mark.parametrize("rows", [[], [[]], [["", ""], ["", ""]]])
def test_a_sheet_of_empty_cells_is_empty(rows):
    problems = read.ProblemList()
    assert sources._grid_cells("n.xlsx[actors]", rows, problems) is None
    assert [p.message for p in problems] == [
        ("n.xlsx[actors] is empty: it needs a header row naming its columns, then one row "
        "per record")]


def test_no_cell_near_either_end_leaves_the_extent_to_every_reference():
    # 70 KB of merged-cell ranges after the cells: the end of the part shows no cell
    merges = b"".join(b'<mergeCell ref="K%d:L%d"/>' % (i, i) for i in range(2, 2500))
    tail = edit_sheet(workbook_of(tiny_sheets()), lambda xml: xml.replace(
        b"</sheetData>", b"</sheetData><mergeCells>" + merges + b"</mergeCells>", 1))
    with zipfile.ZipFile(io.BytesIO(tail)) as zf:
        xml = zf.read(SHEET1)
    assert len(merges) > sources._EDGE and b'<c r="' not in xml[-sources._EDGE:]
    lone = b" " * 70_000 + b'<c r="A1" t="n"><v>1</v></c>' + b" " * 70_000
    assert sources._quick_extent(lone) is None  # no cell near either end to go by
    assert sources._exact_extent(lone) == (1, 1)
    assert sources._exact_extent(xml) == (9, 6)
    assert calamine_rows(tail) is not None


def test_the_bundled_data_exported_reads_the_same_by_both_readers(tmp_path):
    from graphmodel.data.export import to_xlsx

    model = load(Path(__file__).resolve().parents[2] / "data" / "nordic")
    to_xlsx(model, tmp_path / "n.xlsx")
    book = (tmp_path / "n.xlsx").read_bytes()
    fast = collected(book, fast=True)
    assert fast == collected(book, fast=False)
    assert len(fast[0]["memberships"][0]) == len(model.memberships) + 1  # and the header
    assert load(book).content_hash() == model.content_hash()
