"""The fast workbook readers (fastexcel and python-calamine behind a one-pass pre-scan)
against openpyxl.

Issue 22, item 2: plain sheets are read by calamine when one scan of their XML vouches for
them; anything it cannot vouch for goes to openpyxl. fastexcel gives typed Arrow columns,
written out by the same rule; a sheet it cannot vouch for is read from python-calamine's
rows. These tests pin the scan's pieces (the extent regexes, the patterns that force
openpyxl), the conversion rule on hand-computed texts, every fall-back, and check that the
readers give the same cells on generated workbooks.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import logging
import re
import sys
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


_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is>(<t[^>]*>.*?</t>)</is></c>',
                     re.DOTALL)


def shared_strings(book: bytes) -> bytes:
    """The workbook with its inline strings moved to a shared-strings part (as Excel
    writes text: ``t="s"`` cells pointing into ``xl/sharedStrings.xml``)."""
    table: dict[bytes, int] = {}

    def share(m):
        i = table.setdefault(m.group(2), len(table))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (m.group(1), i)

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = _INLINE.sub(share, data)
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rId99"/>'
                    b"</Relationships>"))
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))
            dst.writestr(info.filename, data)
        dst.writestr("xl/sharedStrings.xml", (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="%d" uniqueCount="%d">' % (len(table), len(table))
            + b"".join(b"<si>%s</si>" % t for t in table) + b"</sst>"))
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
    with mock.patch.object(sources, "_text_cells", wraps=sources._text_cells) as fast_path:
        fast = collected(book, fast=True)
    assert fast_path.call_count == 3  # every sheet was read by fastexcel or python-calamine
    assert fast == collected(book, fast=False)


# ----------------------------------------------------------------------------- fastexcel

def fastexcel_read(book: bytes) -> list[bool]:
    """collect()'s tables, and for each sheet read whether fastexcel's columns were used."""
    used = []

    def spy(*args):
        out = real(*args)
        used.append(out is not None)
        return out

    real = sources._fastexcel_columns
    with mock.patch.object(sources, "_fastexcel_columns", spy):
        tables = collected(book, fast=True)
    return tables, used


def rows_read(book: bytes):
    """collect()'s tables with fastexcel left out (python-calamine's rows, as before)."""
    with mock.patch.object(sources, "_fastexcel", lambda: None), \
            mock.patch.object(sources, "_fastexcel_columns") as never:
        tables = collected(book, fast=True)
    assert not never.called
    return tables


# one kind of value per column (fastexcel types each column; a mixed one goes to calamine)
# (fastexcel's null words: text, but empty cells to it)
NULL_WORDS = ["#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
              "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"]
_KINDS = {
    "text": st.one_of(_TEXT.filter(lambda s: not s.startswith("=") and s not in ERROR_CODES),
                      st.sampled_from(NULL_WORDS)),
    "whole": st.integers(-10**15 + 1, 10**15 - 1).map(float),
    "number": st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                        st.sampled_from([0.5, -0.0, 1e15, -1e15, 1e16, 1e20, 1e-05, 59.12,
                                         999999999999999.0, 1234567890123456.8])),
    "date": st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
    "datetime": st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31)),
    "bool": st.booleans(),
}


# a header fastexcel keeps as it is: text, not empty, not ending in _<digits> (its mark for
# a repeated name)
_HEADER = st.one_of(_TEXT, st.sampled_from(NULL_WORDS)).filter(
    lambda s: s != "" and not s.startswith("=") and s not in ERROR_CODES
    and not re.search(r"_[0-9]+\Z", s))


@st.composite
def typed_sheet(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(_KINDS)), min_size=1, max_size=6))
    height = draw(st.integers(0, 8))
    header = draw(st.lists(_HEADER, min_size=len(kinds), max_size=len(kinds), unique=True))
    rows = [[draw(st.one_of(st.none(), _KINDS[kind])) for kind in kinds]
            for _ in range(height)]
    if rows:
        # the last cell holds a value (calamine's table ends at the last cell with one)
        rows[-1][-1] = draw(_KINDS[kinds[-1]].filter(lambda v: v != ""))
    return [header, *rows]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(typed_sheet(), typed_sheet(), st.booleans())
def test_fastexcel_reads_typed_columns_as_python_calamine_does(actors, memberships, shared):
    # text (inline or shared strings), whole/fractional/huge/negative numbers, dates from
    # 1900 to 9999, datetimes to the microsecond (both round to the millisecond), booleans,
    # empty cells
    sheets = tiny_sheets()
    sheets["actors"], sheets["memberships"] = actors, memberships
    book = workbook_of(sheets)
    if shared:
        book = shared_strings(book)
        assert b' t="s"' in zipfile.ZipFile(io.BytesIO(book)).read(SHEET1)
    fast, used = fastexcel_read(book)
    assert used == [True, True, True]  # every sheet was read by fastexcel
    assert fast == rows_read(book)


_IN_BOTH = {**_KINDS, "number": st.floats(-1e15, 1e15, exclude_min=True, exclude_max=True),
            "datetime": _KINDS["datetime"].map(lambda d: d.replace(microsecond=0))}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(_IN_BOTH)), min_size=1, max_size=5), st.data())
def test_fastexcel_and_openpyxl_give_the_same_cells(kinds, data):
    # what openpyxl reads as calamine does (see _CELL: no whole numbers from 10**15 up)
    rows = data.draw(st.lists(st.tuples(*[st.one_of(st.none(), _IN_BOTH[k]) for k in kinds]),
                              max_size=6))
    sheets = tiny_sheets()
    sheets["memberships"] = [[f"h{j}" for j in range(len(kinds))], *map(list, rows),
                             [data.draw(_IN_BOTH[k].filter(lambda v: v != "")) for k in kinds]]
    book = workbook_of(sheets)
    fast, used = fastexcel_read(book)
    assert used == [True, True, True]
    assert fast == collected(book, fast=False)


def test_a_workbook_of_shared_strings_is_read_by_fastexcel():
    book = shared_strings(workbook_of(tiny_sheets()))
    fast, used = fastexcel_read(book)
    assert used == [True, True, True]
    assert fast == rows_read(book) == collected(book, fast=False)
    assert fast == collected(workbook_of(tiny_sheets()), fast=False)


def test_a_workbook_counting_days_from_1904_reads_the_same_dates():
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    sheets = tiny_sheets()
    sheets["memberships"] = [["when", "day"], [dt.datetime(1904, 1, 2), dt.date(2020, 1, 1)],
                             [dt.datetime(1904, 2, 8, 0, 16, 17), dt.date(2020, 1, 2)]]
    # (Excel for Mac's old calendar: day 0 is 1904-01-01)
    book = workbook_of(sheets, epoch=CALENDAR_MAC_1904)
    assert b"date1904" in zipfile.ZipFile(io.BytesIO(book)).read("xl/workbook.xml")
    fast, used = fastexcel_read(book)
    assert used == [True, True, True]
    assert fast[0]["memberships"][0] == [["when", "day"], ["1904-01-02", "2020-01-01"],
                                         ["1904-02-08 00:16:17", "2020-01-02"]]
    assert fast == rows_read(book) == collected(book, fast=False)


def test_each_type_is_written_out_as_the_rule_says():
    # hand-computed: whole numbers below 10**15 as integers, others as Python writes them;
    # a datetime at midnight as its date, else with a space and Python's microseconds
    sheets = tiny_sheets()
    sheets["memberships"] = [
        ["n", "when", "flag", "text"],
        [1200.0, dt.datetime(2020, 1, 2), True, "Aby"],
        [-3, dt.datetime(2020, 1, 2, 3, 4, 5), False, " Bø "],
        [0.5, dt.datetime(2020, 1, 2, 3, 4, 5, 120000), None, None],
        [1e15, dt.date(1999, 12, 31), True, "1,5"],
        [999999999999999.0, dt.datetime(1900, 3, 1, 23, 59, 59), None, "x"],
        [1e20, None, None, "y"],
        [59.12, None, None, "z"],
        [-0.0, None, None, "w"],
        [None, None, None, "v"],
    ]
    fast, used = fastexcel_read(workbook_of(sheets))
    assert used == [True, True, True]
    assert fast[0]["memberships"] == ([
        ["n", "when", "flag", "text"],
        ["1200", "2020-01-02", "TRUE", "Aby"],
        ["-3", "2020-01-02 03:04:05", "FALSE", "Bø"],
        ["0.5", "2020-01-02 03:04:05.120000", "", ""],
        ["1000000000000000.0", "1999-12-31", "TRUE", "1,5"],
        ["999999999999999", "1900-03-01 23:59:59", "", "x"],
        ["1e+20", "", "", "y"],
        ["59.12", "", "", "z"],
        ["0", "", "", "w"],
        ["", "", "", "v"],
    ], list(range(1, 11)))


def test_an_arrow_column_is_written_out_as_the_rule_says():
    import pyarrow as pa

    def text(values, kind=None):
        out = sources._arrow_column_text(pa.array(values, type=kind), pa)
        return None if out is None else out.to_pylist()

    floats = [1200.0, 0.5, -0.0, 1e15, 999999999999999.0, -3.0, 1e20, 59.12, 1e-05,
              float("nan"), float("inf"), -1234567890123456.8, None]
    assert text(floats) == ["1200", "0.5", "0", "1000000000000000.0", "999999999999999", "-3", "1e+20",
                            "59.12", "1e-05", "nan", "inf", "-1234567890123456.8", ""]
    assert text(floats) == [sources._cell_text(v) for v in floats]  # the one rule
    assert text([5, -7, 10**16, None], pa.int64()) == ["5", "-7", "10000000000000000", ""]
    assert text([True, False, None]) == ["TRUE", "FALSE", ""]
    assert text(["a", None, " ", ""]) == ["a", "", " ", ""]
    assert text([None, None], pa.null()) == ["", ""]
    moments = [dt.datetime(2020, 1, 2), dt.datetime(2020, 1, 2, 3, 4, 5),
               dt.datetime(2020, 1, 2, 3, 4, 5, 120000), dt.datetime(1969, 12, 31, 23, 59, 59,
                                                                   500000),
               dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999000), None]
    ms = pa.timestamp("ms")
    assert text(moments, ms) == [
        "2020-01-02", "2020-01-02 03:04:05", "2020-01-02 03:04:05.120000",
        "1969-12-31 23:59:59.500000", "1900-01-01", "9999-12-31 23:59:59.999000", ""]
    assert text(moments, ms) == [sources._cell_text(v) for v in moments]
    # what python-calamine gives as a time or a number, and types the rule is not written
    # for here: not vouched for
    assert text([dt.datetime(1899, 12, 31, 12)], ms) is None
    assert text([dt.datetime(2020, 1, 1), dt.datetime(1899, 12, 30)], ms) is None
    assert text([dt.timedelta(hours=30)], pa.duration("ms")) is None
    assert text([dt.date(2020, 1, 2)], pa.date32()) is None
    assert text([dt.datetime(2020, 1, 2)], pa.timestamp("ms", tz="UTC")) is None
    assert text([dt.datetime(2020, 1, 2)], pa.timestamp("us")) is None


def sheet_with(rows) -> bytes:
    sheets = tiny_sheets()
    sheets["memberships"] = rows
    return workbook_of(sheets)


@pytest.mark.parametrize("rows", [
    [["n", "m"], [1.0, "x"], ["y", 2.0]],  # a column of numbers and text
    [["id", "id"], ["a", "b"]],  # a repeated name (fastexcel renames it id_1)
    [["id", None, "c"], ["a", "b", "c"]],  # an empty header cell (fastexcel names it)
    [["id", 2020], ["a", "b"]],  # a number as a header (fastexcel writes it its way)
    [["id", True], ["a", "b"]],
    [["id", dt.date(2020, 1, 2)], ["a", "b"]],
    [[None, None], ["id", "n"], ["a", 1.0]],  # an empty first row (fastexcel skips it)
    [[None, "id"], [None, "a"]],  # an empty first column
    [["t"], [dt.time(3, 4)], [dt.time(5, 6)]],  # times of day (calamine: datetime.time)
    [["t"], [dt.timedelta(hours=30)]],  # a duration
    [["d"], [dt.datetime(1899, 12, 31, 12)], [dt.datetime(2020, 1, 2)]],  # before 1900
    # fastexcel's null words in a column of another type: an empty cell or NaN to it
    [["n"], [1.0], ["N/A"], [2.0]],
    [["n"], [1.0], ["NaN"]],
    [["n"], ["-nan"], [1.0]],
    [["b"], [True], ["null"]],
    [["d"], [dt.datetime(2020, 1, 2)], ["None"], [dt.datetime(2020, 1, 3)]],
])
def test_what_fastexcel_cannot_vouch_for_is_read_from_calamines_rows(rows):
    book = sheet_with(rows)
    fast, used = fastexcel_read(book)
    # memberships: not tried (row 1 is not all text) or not vouched for
    assert used in ([True, True], [True, True, False])
    assert fast == rows_read(book) == collected(book, fast=False)


def test_fastexcels_null_words_in_a_column_of_text_are_read_as_text():
    book = sheet_with([["id", "note"], *[[f"a{i}", word] for i, word in enumerate(NULL_WORDS)]])
    fast, used = fastexcel_read(book)
    assert used == [True, True, True]
    assert fast[0]["memberships"][0][1:] == [[f"a{i}", w] for i, w in enumerate(NULL_WORDS)]
    assert fast == collected(book, fast=False)


def test_an_empty_cell_below_the_last_value_leaves_the_sheet_to_calamine():
    # a styled cell with no value widens the extent; fastexcel's table stops before it
    book = edit_sheet(sheet_with([["id", "n"], ["a", 1.0]]), lambda xml: xml.replace(
        b"</sheetData>", b'<row r="9"><c r="B9" s="0"/></row></sheetData>', 1),
        part="xl/worksheets/sheet3.xml")
    fast, used = fastexcel_read(book)
    assert used == [True, True, False]
    assert fast == rows_read(book) == collected(book, fast=False)
    assert fast[0]["memberships"] == ([["id", "n"], ["a", "1"]], [1, 2])


def test_without_fastexcel_or_arrow_text_calamines_rows_are_read(monkeypatch):
    book = workbook_of(tiny_sheets())
    expected = collected(book, fast=False)
    with mock.patch.dict(sys.modules, {"fastexcel": None}):  # import fastexcel fails
        assert sources._fastexcel() is None
        with mock.patch.object(sources, "_grid_cells", wraps=sources._grid_cells) as rows:
            assert collected(book, fast=True) == expected
        assert rows.call_count == 3
    with mock.patch.object(sources, "_arrow_text", lambda: None):  # no pyarrow (or pandas
        assert sources._fastexcel() is None  # keeps text otherwise)
        assert collected(book, fast=True) == expected
    assert sources._fastexcel() is not None


class Panic(BaseException):
    """What a Rust panic raises through PyO3 (not an Exception)."""


@pytest.mark.parametrize("error", [RuntimeError("boom"), Panic("boom")])
@pytest.mark.parametrize("where", ["read_excel", "load_sheet"])
def test_a_failing_fastexcel_leaves_the_sheet_to_calamine(error, where):
    import fastexcel

    book = workbook_of(tiny_sheets())

    class Broken:
        def load_sheet(self, *args, **kwargs):
            raise error

    def read_excel(data):
        if where == "read_excel":
            raise error
        return Broken()

    with mock.patch.object(fastexcel, "read_excel", read_excel), \
            mock.patch.object(sources, "_grid_cells", wraps=sources._grid_cells) as rows:
        assert collected(book, fast=True) == collected(book, fast=False)
    assert rows.call_count == 3


def test_fastexcels_word_about_an_empty_column_is_not_passed_on(caplog):
    book = sheet_with([["id", "empty", "n"], ["a", None, 1.0], ["b", None, 2.0]])
    with caplog.at_level(logging.WARNING):
        fast, used = fastexcel_read(book)
    assert used == [True, True, True]
    assert fast[0]["memberships"][0] == [["id", "empty", "n"], ["a", "", "1"], ["b", "", "2"]]
    assert not [r for r in caplog.records if r.name.startswith("fastexcel")]
    # the control: fastexcel does say it, to its own logger
    import fastexcel

    quiet = logging.getLogger("fastexcel.types.dtype")
    quiet.removeFilter(sources._quiet_fastexcel)
    try:
        with caplog.at_level(logging.WARNING):
            fastexcel.read_excel(book).load_sheet("memberships", schema_sample_rows=None)
        assert any("Could not determine dtype" in r.getMessage() for r in caplog.records)
    finally:
        quiet.addFilter(sources._quiet_fastexcel)


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
    fast, used = fastexcel_read(book)
    assert len(used) == len(fast[0]) >= 3 and all(used)  # every sheet by fastexcel
    assert fast == rows_read(book) == collected(book, fast=False)
    assert len(fast[0]["memberships"][0]) == len(model.memberships) + 1  # and the header
    assert load(book).content_hash() == model.content_hash()
