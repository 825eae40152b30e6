"""Tests for graphmodel.data.load: every loader rule with its file/line/column, dialects, sources."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import excel_dialect, tiny_files, write_dataset
from hypothesis import HealthCheck, given, settings, strategies as st

from graphmodel.data.load import load, save
from graphmodel.data.model import Model, to_csv_bytes
from graphmodel.data.summary import summary
from graphmodel.errors import Problem, ValidationError

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
A, C, M = "actors.csv", "collaborations.csv", "memberships.csv"

ACTORS_HEAD = "id,name,kind,population,lat,lon\n"
COLLABS_HEAD = "id,name,kind,sector,parent,host,status,start,end\n"
MEMBERS_HEAD = "actor,collaboration,role,start,end,share\n"


def files(**texts) -> dict[str, str]:
    """The tiny dataset's files with some replaced (keyword = table name)."""
    out = tiny_files()
    for table, text in texts.items():
        out[f"{table}.csv"] = text
    return out


def problems_of(source, severity="error") -> list[Problem]:
    with pytest.raises(ValidationError) as info:
        load(source)
    return [p for p in info.value.problems if p.severity == severity]


def where(problems) -> set[tuple]:
    return {(p.file, p.line, p.column) for p in problems}


def warnings_of(source) -> list[Problem]:
    return list(load(source).warnings)


# ----------------------------------------------------------------------------- the good case


def test_tiny_dataset_loads_typed_and_without_warnings(tiny_model):
    m = tiny_model
    assert (len(m.actors), len(m.collaborations), len(m.memberships)) == (5, 5, 13)
    assert m.warnings == ()
    assert m.actors["code"].tolist()[:2] == ["0101", "0102"]  # leading zeros kept
    assert str(m.actors["population"].dtype) == "Int64"
    assert m.actors["population"].isna().tolist() == [False] * 4 + [True]
    assert m.collaborations.loc[4, "end"] == pd.Timestamp("2009-12-31")
    assert m.memberships["share"].tolist()[4:6] == [0.5, 0.5]
    assert m.memberships["role"].tolist()[:4] == ["host", "member", "member", "observer"]


def test_name_defaults_to_folder_and_zip_stem(tiny_folder, tmp_path):
    assert load(tiny_folder).name == "tiny"
    assert load(tiny_folder, name="Østfold").name == "Østfold"
    z = save(load(tiny_folder), tmp_path / "region.zip")
    assert load(z).name == "region"
    assert load(tiny_files()).name == "data"


# ----------------------------------------------------------------------------- errors, one per rule


@pytest.mark.parametrize(("table", "column"), [
    ("actors", "id"), ("actors", "name"), ("actors", "kind"),
    ("collaborations", "id"), ("collaborations", "name"), ("collaborations", "kind"),
    ("memberships", "actor"), ("memberships", "collaboration"),
])
def test_missing_required_column(table, column):
    text = tiny_files()[f"{table}.csv"]
    header, rest = text.split("\n", 1)
    names = header.split(",")
    i = names.index(column)
    drop = "\n".join(",".join(c for j, c in enumerate(row.split(",")) if j != i)
                     for row in text.splitlines())
    errors = problems_of(files(**{table: drop + "\n"}))
    hit = [p for p in errors if p.column == column and p.line == 1]
    assert [(p.file, p.line, p.column) for p in hit] == [(f"{table}.csv", 1, column)]
    assert "missing from the header" in hit[0].message
    assert rest  # the test removed a column from a table that has rows


@pytest.mark.parametrize(("table", "text", "line", "column"), [
    ("actors", ACTORS_HEAD + "a,Aby,municipality,,,\nb,,municipality,,,\n", 3, "name"),
    ("actors", ACTORS_HEAD + "a,Aby,municipality,,,\n,Bes,municipality,,,\n", 3, "id"),
    ("actors", ACTORS_HEAD + "a,Aby,,,,\n", 2, "kind"),
    ("memberships", MEMBERS_HEAD + "a,R,,,,\n,R,,,,\n", 3, "actor"),
    ("memberships", MEMBERS_HEAD + "a,,,,,\n", 2, "collaboration"),
])
def test_missing_required_value(table, text, line, column):
    errors = problems_of(files(**{table: text}))
    assert (f"{table}.csv", line, column) in where(errors)
    assert any("is empty" in p.message for p in errors if p.line == line)


def test_duplicate_actor_id_reports_the_second_row():
    text = ACTORS_HEAD + "a,Aby,municipality,,,\nb,Bes,municipality,,,\na,Again,county,,,\n"
    errors = problems_of(files(actors=text))
    dup = [p for p in errors if "duplicate" in p.message]
    assert where(dup) == {(A, 4, "id")}
    assert "line 2" in dup[0].message


def test_duplicate_collaboration_id():
    text = tiny_files()[C] + "s1,Health again,service,health,,,,active,,\n"
    errors = problems_of(files(collaborations=text))
    assert where(errors) == {(C, 7, "id")}


def test_id_used_by_actor_and_collaboration_is_reported_in_collaborations():
    text = tiny_files()[C] + "a,Clash,service,health,,,,active,,\n"
    errors = problems_of(files(collaborations=text))
    assert where(errors) == {(C, 7, "id")}
    assert "also an actor id (actors.csv line 2)" in errors[0].message


@pytest.mark.parametrize(("row", "column", "phrase"), [
    ("zz,s1,member,,,", "actor", "not in actors.csv"),
    ("s2,s1,member,,,", "actor", "is a collaboration, not an actor"),
    ("a,zz,member,,,", "collaboration", "not in collaborations.csv"),
    ("a,b,member,,,", "collaboration", "is an actor, not a collaboration"),
])
def test_membership_naming_unknown_id_is_reported_in_memberships(row, column, phrase):
    text = tiny_files()[M] + row + "\n"
    errors = problems_of(files(memberships=text))
    assert where(errors) == {(M, 15, column)}
    assert phrase in errors[0].message


@pytest.mark.parametrize(("row", "column", "phrase"), [
    ("t,T,service,health,,nowhere,,active,,", "parent", "not a collaboration id"),
    ("t,T,service,health,,a,,active,,", "parent", "an actor, not a collaboration"),
    ("t,T,service,health,,,nobody,active,,", "host", "not an actor id"),
])
def test_parent_or_host_naming_unknown_id(row, column, phrase):
    text = tiny_files()[C] + row + "\n"
    mem = tiny_files()[M] + "a,t,member,,,\nb,t,member,,,\n"
    errors = problems_of(files(collaborations=text, memberships=mem))
    assert where(errors) == {(C, 7, column)}
    assert phrase in errors[0].message


def test_parent_cycle_reports_each_collaboration_in_the_cycle_and_not_the_tail():
    text = COLLABS_HEAD + (
        "p,P,council,,q,,,,\n"   # line 2: p -> q
        "q,Q,council,,r,,,,\n"   # line 3: q -> r
        "r,R,council,,p,,,,\n"   # line 4: r -> p (cycle p q r)
        "t,T,service,,p,,,,\n"   # line 5: tail into the cycle: not reported
        "u,U,service,,u,,,,\n"   # line 6: under itself
        "v,V,service,,,,,,\n"    # line 7: a root
    )
    actors = ACTORS_HEAD + "a,A,municipality,,,\nb,B,municipality,,,\n"
    mem = MEMBERS_HEAD + "".join(f"a,{c},,,,\nb,{c},,,,\n" for c in "pqrtuv")
    errors = problems_of({A: actors, C: text, M: mem})
    assert where(errors) == {(C, 2, "parent"), (C, 3, "parent"), (C, 4, "parent"),
                             (C, 6, "parent")}
    assert "p → q → r → p" in errors[0].message


@pytest.mark.parametrize(("table", "row", "line", "column"), [
    ("actors", "x,X,kommune,NO,,,,,", 7, "kind"),
    ("collaborations", "x,X,committee,,,,,active,,", 7, "kind"),
    ("collaborations", "x,X,service,,,,,closed,,", 7, "status"),
    ("memberships", "d,s1,chair,,,", 15, "role"),
])
def test_unknown_vocabulary(table, row, line, column):
    text = tiny_files()[f"{table}.csv"] + row + "\n"
    errors = problems_of(files(**{table: text}))
    hit = [p for p in errors if p.column == column]
    assert where(hit) == {(f"{table}.csv", line, column)}
    assert "use one of:" in hit[0].message


def test_unknown_status_message_lists_the_choices():
    text = tiny_files()[C] + "x,X,service,,,,,closed,,\n"
    mem = tiny_files()[M] + "a,x,,,,\nb,x,,,,\n"
    (err,) = problems_of(files(collaborations=text, memberships=mem))
    assert err.message == "unknown status 'closed': use one of: active, planned, ended"
    assert err.value == "closed"


@pytest.mark.parametrize(("value", "phrase"), [
    ("2007/01/31", "cannot read the date"),
    ("31.02.2007", "no such day"),
    ("2007-13-01", "no such day"),
    ("1.1.07", "cannot read the date"),
    ("0001-01-01", "outside 1678–2261"),
    ("soon", "cannot read the date"),
])
def test_unreadable_date(value, phrase):
    text = COLLABS_HEAD + f"R,R,council,,,,,{value},\n"
    errors = problems_of(files(collaborations=text, memberships=MEMBERS_HEAD))
    hit = [p for p in errors if p.column == "start"]
    assert where(hit) == {(C, 2, "start")}
    assert phrase in hit[0].message and hit[0].value == value


@pytest.mark.parametrize(("table", "row", "line"), [
    ("collaborations", "x,X,service,,,,,active,2010,2009", 7),
    ("memberships", "d,s1,member,01.06.2012,31.05.2012,", 15),
])
def test_end_before_start(table, row, line):
    text = tiny_files()[f"{table}.csv"] + row + "\n"
    extra = {}
    if table == "collaborations":
        extra["memberships"] = tiny_files()[M] + "a,x,,,,\nb,x,,,,\n"
    errors = problems_of(files(**{table: text}, **extra))
    assert where(errors) == {(f"{table}.csv", line, "end")}
    assert "is before start" in errors[0].message


@pytest.mark.parametrize(("column", "value", "phrase"), [
    ("population", "-5", "cannot be negative"),
    ("population", "12.5", "not a whole number"),
    ("population", "4.787", "not a whole number"),
    ("population", "4,787", "not a whole number"),
    ("population", "many", "not a whole number"),
    ("lat", "95", "out of range"),
    ("lat", "-90,5", "out of range"),
    ("lon", "181", "out of range"),
    ("lon", "east", "not a number"),
    ("lat", "1.234,5", "not a number"),
    ("lat", "inf", "not a number"),
])
def test_actor_numbers_out_of_range_or_unreadable(column, value, phrase):
    cells = {"population": "", "lat": "", "lon": ""} | {column: value}
    row = f'a,A,municipality,"{cells["population"]}","{cells["lat"]}","{cells["lon"]}"'
    text = ACTORS_HEAD + row + "\n"
    errors = problems_of(files(actors=text, collaborations=COLLABS_HEAD,
                               memberships=MEMBERS_HEAD))
    assert where(errors) == {(A, 2, column)}
    assert phrase in errors[0].message and errors[0].value == value


@pytest.mark.parametrize(("value", "phrase"), [
    ("-0.1", "out of range"), ("140", "out of range"), ("120 %", "out of range"),
    ("a quarter", "not a number"), ("%", "not a number"),
])
def test_share_out_of_range_or_unreadable(value, phrase):
    text = tiny_files()[M] + f'd,s1,member,,,"{value}"\n'
    errors = problems_of(files(memberships=text))
    assert where(errors) == {(M, 15, "share")}
    assert phrase in errors[0].message


def test_same_actor_twice_in_overlapping_periods_reports_the_second_row():
    text = MEMBERS_HEAD + (
        "a,s,member,2000,2005,\n"       # line 2
        "b,s,member,,,\n"               # line 3
        "a,s,member,2006,2010,\n"       # line 4: after line 2 ends: fine
        "a,s,member,01.01.2010,,\n"     # line 5: overlaps line 4 (2010) -> error
        "b,s,host,,,\n"                 # line 6: overlaps line 3 (no dates) -> error
    )
    coll = COLLABS_HEAD + "s,S,service,,,,,,\n"
    actors = ACTORS_HEAD + "a,A,municipality,,,\nb,B,municipality,,,\n"
    errors = problems_of({A: actors, C: coll, M: text})
    assert where(errors) == {(M, 5, "actor"), (M, 6, "actor")}
    assert "on line 4" in errors[0].message and "on line 3" in errors[1].message


def test_missing_files_are_problems_not_exceptions(tmp_path):
    folder = write_dataset(tmp_path / "d", collaborations=False)
    errors = problems_of(folder)
    assert where(errors) == {(C, None, "")}
    assert "collaborations.csv is missing" in errors[0].message
    # nothing can be checked against the missing file, so no flood of unknown ids
    assert not any(p.file == M for p in errors)


def test_empty_file_and_header_only_file():
    errors = problems_of(files(actors=""))
    assert where(errors) == {(A, None, "")}
    assert "empty" in errors[0].message
    model = load(files(collaborations=COLLABS_HEAD, memberships=MEMBERS_HEAD))
    assert len(model.collaborations) == 0 and len(model.memberships) == 0


def test_every_error_is_reported_at_once_with_the_warnings():
    actors = ACTORS_HEAD + "a,A,town,,,\nb,B,municipality,,,\nq,Q,municipality,,,\n"
    coll = COLLABS_HEAD + "s,S,service,helse,,,,,\n"
    mem = MEMBERS_HEAD + "a,s,,,,\nb,s,,,,\nzz,s,,,,\n"
    with pytest.raises(ValidationError, match="2 problems in the data") as info:
        load({A: actors, C: coll, M: mem})
    err = info.value
    assert where(err.errors) == {(A, 2, "kind"), (M, 4, "actor")}
    assert where(p for p in err.problems if p.severity == "warning") == {
        (A, 4, ""), (C, 2, "sector")}
    frame = err.to_frame()
    assert list(frame.columns) == ["severity", "file", "line", "column", "value", "message"]
    assert frame["line"].tolist() == [2, 4, 2, 4]  # sorted by file, then line


# ----------------------------------------------------------------------------- warnings


def test_warning_unknown_sector_kept_as_given_known_sector_in_any_case():
    text = COLLABS_HEAD + "s,S,service,Helse,,,,,\nt,T,service,HEALTH,,,,,\n"
    mem = MEMBERS_HEAD + "a,s,,,,\nb,s,,,,\na,t,,,,\nb,t,,,,\nc,s,,,,\nd,s,,,,\n"
    m = load(files(collaborations=text, memberships=mem + "f,s,,,,\n"))
    assert m.collaborations["sector"].tolist() == ["Helse", "health"]
    assert where(m.warnings) == {(C, 2, "sector")}
    assert m.warnings[0].severity == "warning"
    assert "kept as given" in m.warnings[0].message


def test_warning_host_not_a_member():
    text = tiny_files()[C].replace("s3,Water,service,water,,,d,", "s3,Water,service,water,,,a,")
    (w,) = warnings_of(files(collaborations=text))
    assert (w.file, w.line, w.column, w.value) == (C, 5, "host", "a")


def test_warning_fewer_than_two_members_observers_not_counted():
    text = tiny_files()[C] + "x,X,network,,,,,,\n"
    mem = tiny_files()[M] + "a,x,member,,,\nb,x,observer,,,\n"
    (w,) = warnings_of(files(collaborations=text, memberships=mem))
    assert (w.file, w.line, w.column, w.value) == (C, 7, "", "x")
    assert "has 1 member" in w.message


def test_warning_active_collaboration_whose_end_has_passed():
    text = tiny_files()[C].replace("ended,2000-01-01", "active,2000-01-01")
    (w,) = warnings_of(files(collaborations=text))
    assert (w.file, w.line, w.column) == (C, 6, "end")
    future = tiny_files()[C].replace("ended,2000-01-01,2009-12-31", "active,2000,2200")
    assert warnings_of(files(collaborations=future)) == []


def test_warning_actor_in_nothing():
    text = tiny_files()[A] + "g,Gol,municipality,NO,West,,,,\n"
    (w,) = warnings_of(files(actors=text))
    assert (w.file, w.line, w.column, w.value) == (A, 7, "", "g")


# ----------------------------------------------------------------------------- reading values


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2007-01-31", "2008-02-29", ("2007-01-31", "2008-02-29")),
    ("31.01.2007", "29.02.2008", ("2007-01-31", "2008-02-29")),
    ("1.2.2007", "3.4.2008", ("2007-02-01", "2008-04-03")),
    ("2007", "2008", ("2007-01-01", "2008-12-31")),
    ("2007-1-5", "2008-01-31 00:00:00", ("2007-01-05", "2008-01-31")),
])
def test_date_forms(start, end, expected):
    text = tiny_files()[C] + f"x,X,service,,,,,active,{start},{end}\n"
    mem = tiny_files()[M] + "a,x,,,,\nb,x,,,,\n"
    m = load(files(collaborations=text, memberships=mem))
    got = m.collaborations.loc[5, ["start", "end"]].tolist()
    assert got == [pd.Timestamp(expected[0]), pd.Timestamp(expected[1])]


@pytest.mark.parametrize(("value", "expected"), [
    ("0.25", 0.25), ("0,25", 0.25), ("25 %", 0.25), ("25%", 0.25), ("25", 0.25),
    ("12,5 %", 0.125), ("1", 1.0), ("100", 1.0), ("0", 0.0), ("0.5 %", 0.005),
])
def test_share_forms(value, expected):
    text = MEMBERS_HEAD + f'a,s1,,,,"{value}"\nb,s1,,,,\n'
    m = load(files(memberships=text + "".join(
        f"{a},{c},,,,\n" for a, c in [("a", "R"), ("b", "R"), ("c", "s2"), ("d", "s2"),
                                      ("f", "s2")])))
    assert m.memberships.loc[0, "share"] == pytest.approx(expected)


@pytest.mark.parametrize(("value", "expected"), [
    ("4787", 4787), ("4 787", 4787), ("4\u00a0787", 4787), ("1\u202f234\u202f567", 1234567),
    ("0", 0),
])
def test_population_forms(value, expected):
    text = tiny_files()[A].replace("a,Aby,municipality,NO,East,0101,1000",
                                   f'a,Aby,municipality,NO,East,0101,"{value}"')
    assert load(files(actors=text)).actors.loc[0, "population"] == expected


def test_decimal_comma_and_unicode_minus_in_coordinates():
    text = tiny_files()[A].replace("59.1,10.1", '"59,12","\u221210,5"')
    m = load(files(actors=text))
    assert m.actors.loc[0, ["lat", "lon"]].tolist() == [59.12, -10.5]


def test_headers_and_vocabulary_in_any_case_and_extra_columns_kept_in_order():
    actors = (" ID ;Name;KIND;Website; Code ;Notes\n"
              " a ; Aby ;Municipality; https://a.no ;007;  n  \n"
              "b;Bes;county;;;\n")
    coll = "Id,Name,Kind,Legal Form,Contact,Status\ns,S,Service,IKS,Per,Active\n"
    mem = "ACTOR,Collaboration,Role\na,s,HOST\nb,s,\n"
    m = load({A: actors, C: coll, M: mem})
    assert list(m.actors.columns)[-2:] == ["Website", "Notes"]
    assert m.actors.loc[0, ["id", "name", "kind", "code", "Website", "Notes"]].tolist() == [
        "a", "Aby", "municipality", "007", "https://a.no", "n"]
    assert m.collaborations.loc[0, ["kind", "legal_form", "status", "Contact"]].tolist() == [
        "service", "IKS", "active", "Per"]
    assert m.memberships["role"].tolist() == ["host", "member"]


def test_duplicate_and_unnamed_columns():
    text = "id,name,kind,ID,,\na,A,municipality,a,,\nb,B,municipality,b,oops,\n"
    errors = problems_of(files(actors=text, collaborations=COLLABS_HEAD,
                               memberships=MEMBERS_HEAD))
    assert where(errors) == {(A, 1, "id"), (A, 3, "")}
    assert "appears twice" in errors[0].message and "no name in the header" in errors[1].message


def test_row_with_too_many_values_is_reported_at_its_line():
    text = "id;name;kind\na;A;municipality\nb;B;municipality;extra\nc;C;county;;\n"
    errors = problems_of(files(actors=text, collaborations=COLLABS_HEAD,
                               memberships=MEMBERS_HEAD))
    assert where(errors) == {(A, 3, "")}
    assert errors[0].value == "extra"


def test_unclosed_quote():
    text = 'id,name,kind\na,A,municipality\nb,"B,municipality\nc,C,county\n'
    errors = problems_of(files(actors=text, collaborations=COLLABS_HEAD,
                               memberships=MEMBERS_HEAD))
    assert where(errors) == {(A, 3, "")}
    assert "never closed" in errors[0].message


def test_line_numbers_count_blank_rows_and_multiline_cells_as_a_spreadsheet_does():
    text = ("sep=;\r\n"                                  # hidden by Excel: not counted
            "id;name;kind;notes\r\n"                      # line 1
            "a;A;municipality;\"two\r\nlines; here\"\r\n"  # line 2 (one spreadsheet row)
            "\r\n"                                        # line 3, blank
            ";;;\r\n"                                     # line 4, blank
            "b;B;town;\r\n"                               # line 5
            "\r\n\r\n")                                   # empty trailing rows
    errors = problems_of(files(actors=text, collaborations=COLLABS_HEAD,
                               memberships=MEMBERS_HEAD))
    assert where(errors) == {(A, 5, "kind")}


def test_quoted_fields_with_delimiters_and_newlines_are_kept():
    text = 'id,name,kind,notes\na,"Aby, the town",municipality,"line 1\nline 2"\n'
    m = load(files(actors=text, collaborations=COLLABS_HEAD, memberships=MEMBERS_HEAD))
    assert m.actors.loc[0, ["name", "notes"]].tolist() == ["Aby, the town", "line 1\nline 2"]


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"),
    lambda t: t.encode("utf-8-sig"),
    lambda t: t.encode("cp1252"),
    lambda t: t.encode("utf-16"),
], ids=["utf8", "utf8-bom", "cp1252", "utf16"])
def test_encodings(encode):
    text = "id,name,kind\nno-5401,Tromsø,municipality\nse-0180,Malmö Ærø,municipality\n"
    m = load(files(actors=encode(text), collaborations=COLLABS_HEAD, memberships=MEMBERS_HEAD))
    assert m.actors["name"].tolist() == ["Tromsø", "Malmö Ærø"]
    assert m.actors.columns[0] == "id"  # no BOM left in the first header


def test_mixed_encoding_warns_about_mojibake():
    data = "id,name,kind\na,Tromsø,municipality\n".encode() + "b,Bø,municipality\n".encode(
        "cp1252")
    m = load(files(actors=data, collaborations=COLLABS_HEAD, memberships=MEMBERS_HEAD))
    assert any(p.file == A and "Windows-1252" in p.message for p in m.warnings)


# ----------------------------------------------------------------------------- sources


def _zip(files_: dict[str, str | bytes], prefix="") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("__MACOSX/._actors.csv", b"\x00\x05junk")
        for name, text in files_.items():
            zf.writestr(prefix + name, text)
    return buf.getvalue()


class Upload:
    """Like Streamlit's UploadedFile: a name and getvalue()."""

    def __init__(self, name, data):
        self.name, self._data = name, data

    def getvalue(self):
        return self._data


def test_sources_all_give_the_same_model(tiny_folder, tmp_path):
    reference = load(tiny_folder).content_hash()
    raw = {f: (tiny_folder / f).read_bytes() for f in (A, C, M)}
    zipped = _zip(raw, prefix="export/")
    (tmp_path / "tiny.zip").write_bytes(zipped)
    sources = [
        tmp_path / "tiny.zip", str(tmp_path / "tiny.zip"), zipped, io.BytesIO(zipped), raw,
        {f.upper(): io.BytesIO(b) for f, b in raw.items()},
        [Upload(f, b) for f, b in raw.items()], [Upload("tiny.zip", zipped)],
        [tiny_folder / f for f in (A, C, M)],
    ]
    for source in sources:
        assert load(source).content_hash() == reference, source


def test_folder_with_csvs_and_a_zip_uses_the_csvs(tiny_folder):
    (tiny_folder / "old.zip").write_bytes(_zip({A: "id,name,kind\n"}))
    assert len(load(tiny_folder).actors) == 5


@pytest.mark.parametrize(("source", "file", "phrase"), [
    (b"not a zip at all", "data.zip", "cannot read data.zip as a zip"),
    (_zip({A: "id,name,kind\n", "x/actors.csv": "id\n", C: "id\n"}), M, "is missing"),
    (_zip({"a/actors.csv": "id\n", "b/actors.csv": "id\n", C: "", M: ""}), A, "several"),
    ({A: b"PK\x03\x04 workbook", C: "", M: ""}, A, "Excel workbook"),
    ({A: "id,name,kind\n", "actors": "id,name,kind\n", C: "", M: ""}, A, "given twice"),
    ([Upload("actors (1).csv", b"")], A, "got: actors (1).csv"),
    ({A: "a,b\x00c", C: "", M: ""}, A, "binary data"),
])
def test_bad_sources_are_problems(source, file, phrase):
    with pytest.raises(ValidationError) as info:
        load(source)
    assert any(p.file == file and phrase in p.message for p in info.value.problems), \
        info.value.problems


def test_nonexistent_path_and_wrong_type(tmp_path):
    with pytest.raises(ValidationError, match="no such folder or zip file"):
        load(tmp_path / "nowhere")
    with pytest.raises(TypeError, match="not int"):
        load(42)


# ----------------------------------------------------------------------------- the fixtures


def test_eight_mistakes():
    with pytest.raises(ValidationError, match="8 problems") as info:
        load(FIXTURES / "eight_mistakes")
    assert [(p.file, p.line, p.column, p.value) for p in info.value.errors] == [
        (A, 3, "kind", "kommune"),
        (A, 4, "name", ""),
        (A, 5, "population", "-5"),
        (A, 6, "lat", "95.0"),
        (C, 3, "parent", "s9"),
        (C, 4, "status", "closed"),
        (C, 5, "start", "31.02.2007"),
        (M, 4, "actor", "x"),
    ]
    # every message names the problem, then says what to do after a colon
    assert all(": " in p.message and p.message[-1] != ":" for p in info.value.errors)


def assert_models_equal(left: Model, right: Model) -> None:
    for table in ("actors", "collaborations", "memberships"):
        pd.testing.assert_frame_equal(getattr(left, table), getattr(right, table))


def test_round_trip(tiny_model, tmp_path):
    for target in (tmp_path / "copy", tmp_path / "copy.zip"):
        again = load(save(tiny_model, target), name="tiny")
        assert_models_equal(again, tiny_model)
        assert to_csv_bytes(again) == to_csv_bytes(tiny_model)


def test_round_trip_keeps_extras_text_and_unknown_sectors(tmp_path):
    actors = "ID;Name;Kind;Code;Note\na;Ålesund;Municipality;01507;\"x;y\nz\"\nb;B;county;;\n"
    coll = "id,name,kind,sector,end\ns,S,service,Helse,2200\n"
    mem = "actor,collaboration,share\na,s,25 %\nb,s,\"0,75\"\n"
    m = load({A: actors, C: coll, M: mem})
    again = load(save(m, tmp_path / "out"), name="data")
    assert_models_equal(again, m)
    assert again.actors.loc[0, "Note"] == "x;y\nz"


@pytest.mark.parametrize("dialect", [
    {},  # ; cp1252 DD.MM.YYYY decimal comma CRLF
    {"sep_line": True},
    {"bom": True, "sep_line": True},
    {"sep": ",", "crlf": False},
    {"sep": "\t", "dates": False, "decimal_comma": False},
], ids=["excel-nordic", "sep-line", "bom", "comma-with-decimal-comma", "tab"])
def test_dialect_variants_give_equal_frames(dialect):
    clean = {A: ("id,name,kind,code,population,lat,lon,notes\n"
                 'a,Tromsø,municipality,0301,4787,69.65,18.96,"Nord; ""Paris"",\nnew"\n'
                 "b,Ærø,municipality,,,55.85,10.42,\n"),
             C: ("id,name,kind,sector,start,end\n"
                 "s,Fellestjenester,service,ict,2007-02-01,2020-12-31\n"),
             M: "actor,collaboration,share\na,s,0.6\nb,s,0.4\n"}
    reference = load(clean, name="x")
    variant = excel_dialect({f: t.encode() for f, t in clean.items()}, **dialect)
    assert variant[A] != clean[A].encode()
    assert_models_equal(load(variant, name="x"), reference)


# ----------------------------------------------------------------------------- the bundled data


def nordic_or_skip() -> Path:
    folder = REPO / "data" / "nordic"
    if not all((folder / f).is_file() for f in (A, C, M)):
        pytest.skip("data/nordic is not there yet (being written): nothing to load")
    return folder


def test_bundled_nordic_data_loads():
    model = load(nordic_or_skip())
    assert model.name == "nordic"
    assert len(model.actors) > 0 and len(model.memberships) > 0
    assert not [p for p in model.warnings if p.severity == "error"]


def test_nordic_excel_re_encoding_gives_equal_frames_and_summary(tmp_path):
    model = load(nordic_or_skip())
    variant = excel_dialect(to_csv_bytes(model), sep_line=False)
    folder = tmp_path / "nordic"
    folder.mkdir()
    for file, data in variant.items():
        (folder / file).write_bytes(data)
    assert b";" in variant[A].split(b"\r\n")[0]
    again = load(folder)
    assert_models_equal(again, model)
    assert summary(again) == summary(model)


@pytest.mark.slow
def test_france_reference_data_loads():
    folder = SHARED / "reference" / "france_banatic"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent (the shared reference data sits beside the repo)")
    model = load(folder)
    assert (len(model.actors), len(model.collaborations), len(model.memberships)) == (
        30129, 1333, 79865)
    assert model.actors["id"].is_unique


# ----------------------------------------------------------------------------- any bytes


def _ends_well(source) -> None:
    try:
        model = load(source)
    except ValidationError as err:
        assert err.errors or any(p.severity == "error" for p in err.problems)
        return
    assert isinstance(model, Model)


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CSVISH = st.text(alphabet=st.sampled_from(list(
    'abcø,;"\t\r\n %.-0123456789:=sep\u00a0\ufeffidnamekindactorcollaboration')), max_size=120)
HEADERS = {A: "id,name,kind,population,lat,lon\n", C: "id,name,kind,parent,host,start,end\n",
           M: "actor,collaboration,role,start,end,share\n"}


@FUZZ
@given(st.binary(max_size=200), st.binary(max_size=200), st.binary(max_size=200))
def test_any_bytes_give_a_model_or_a_validation_error(a, c, m):
    _ends_well({A: a, C: c, M: m})


@FUZZ
@given(st.text(max_size=200), st.text(max_size=200), st.text(max_size=200))
def test_any_text_gives_a_model_or_a_validation_error(a, c, m):
    _ends_well({A: a.encode("utf-8", "surrogatepass"), C: c, M: m})


@FUZZ
@given(CSVISH, CSVISH, CSVISH)
def test_csv_like_text_under_a_real_header(a, c, m):
    _ends_well({A: HEADERS[A] + a, C: HEADERS[C] + c, M: HEADERS[M] + m})


@FUZZ
@given(st.binary(max_size=300))
def test_any_zip_bytes(data):
    _ends_well(data)
    _ends_well(b"PK\x03\x04" + data)


@FUZZ
@given(st.lists(st.sampled_from(["a", "b", "s", "t", "x", ""]), min_size=0, max_size=12),
       st.lists(st.sampled_from(["", "s", "t", "a"]), min_size=2, max_size=2))
def test_random_references_and_parents(actor_refs, parents):
    actors = ACTORS_HEAD + "a,A,municipality,,,\nb,B,municipality,,,\n"
    coll = COLLABS_HEAD + f"s,S,service,,{parents[0]},,,,\nt,T,service,,{parents[1]},,,,\n"
    mem = MEMBERS_HEAD + "".join(f"{r},s,,,,\n" for r in actor_refs)
    _ends_well({A: actors, C: coll, M: mem})


def test_parsed_numbers_are_plain_floats():
    m = load(files())
    assert m.actors["lat"].dtype == np.float64 and m.memberships["share"].dtype == np.float64


# --------------------------------------------------------------------------- fast paths


_DATE_CASES = ["2020-01-31", "2020-1-31", "31.01.2020", "2019", "2020-02-30", "2020-13-01",
               "1500-01-01", "2019-05-05 00:00", "x", "2000-02-29", "1900-02-29",
               "2020-01-31", "2020-01-31"]


@pytest.mark.parametrize("end", [False, True])
def test_dates_read_from_digits_and_per_value_equal_the_regex_row_by_row(monkeypatch, end):
    from graphmodel.data import load as loader

    text = pd.Series(_DATE_CASES, dtype="str", index=np.arange(len(_DATE_CASES)) * 2 + 1)
    fast = loader._per_value(loader._dates, text, end)
    monkeypatch.setattr(loader, "_ISO_DAY", "(?!)")  # never matches: extract reads every row
    slow = loader._dates(text, end)
    for a, b in zip(fast, slow):
        np.testing.assert_array_equal(a, b)
    values, bad, impossible, year_out = fast
    assert values[0] == np.datetime64("2020-01-31") and values[2] == values[0]
    assert values[3] == np.datetime64("2019-12-31" if end else "2019-01-01")
    assert bad.tolist() == [False] * 8 + [True] + [False] * 4
    assert np.flatnonzero(impossible).tolist() == [4, 5, 10]
    assert np.flatnonzero(year_out).tolist() == [6]


def test_a_loaded_model_normalised_again_keeps_its_dtypes_and_content():
    m = load({"actors.csv": "id,name,kind,population\na,A,municipality,1 200\nb,B,county,",
              "collaborations.csv": "id,name,kind,start\nc,C,service,2007",
              "memberships.csv": "actor,collaboration,share\na,c,60 %\nb,c,"})
    assert m.actors["population"].tolist()[0] == 1200 and m.actors["lat"].isna().all()
    assert m.memberships["role"].tolist() == ["member", "member"]
    again = Model.from_frames(m.actors, m.collaborations, m.memberships)
    for table in ("actors", "collaborations", "memberships"):
        pd.testing.assert_frame_equal(getattr(again, table), getattr(m, table))
    assert again.content_hash() == m.content_hash()
