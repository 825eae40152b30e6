"""Tests for graphmodel.data.export: formula-safe CSV (OWASP CSV injection advice)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from graphmodel.data.export import FORMULA_TRIGGERS, metrics_xlsx, neutralise, safe_csv, safe_frame
from graphmodel.errors import SpecError

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_every_trigger_character_gets_an_apostrophe(first):
    value = first + "cmd|' /C calc'!A0"
    assert neutralise(value) == "'" + value


def test_trigger_list_is_the_owasp_list():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r", "\0"}


@pytest.mark.parametrize(
    "value",
    [
        "Værnesregionen", "Åre", "Öckerö", "", " =1+1", "a=b", "'=already", "x-y",
        "Trøndelag IKS", "100 % share", "\n=next line",
    ],
)
def test_harmless_text_is_unchanged(value):
    assert neutralise(value) == value


@pytest.mark.parametrize("value", ["-12", "+3.5", "-1,5", "-0.25", "2e-3", "-.5", "+7"])
def test_plain_number_text_is_left_alone(value):
    assert neutralise(value) == value


@pytest.mark.parametrize(
    "value", ["-2+3", "+47 22 33 44 55", "-1e5+cmd", "-", "+", "-1\t", "-1\n", "@1", "=1"]
)
def test_text_that_only_starts_like_a_number_is_neutralised(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", [-3, -3.5, 0, None, np.nan, True, np.int64(-4),
                                   pd.Timestamp("2024-01-01"), b"=bytes"])
def test_non_text_values_come_back_as_they_are(value):
    out = neutralise(value)
    assert out is value


@given(st.text())
def test_neutralise_is_idempotent_and_only_prefixes(value):
    once = neutralise(value)
    assert neutralise(once) == once
    assert once in (value, "'" + value)
    assert not once.startswith(FORMULA_TRIGGERS) or once == value


def test_safe_frame_touches_only_text_columns_and_copies():
    df = pd.DataFrame(
        {
            "name": ["Stjørdal", HOSTILE, "-x"],
            "population": pd.array([24_000, None, 3], dtype="Int64"),
            "balance": [-1.5, -2.0, 0.0],
            "count": [-1, 2, -3],
            "start": pd.to_datetime(["2020-01-01", None, "2021-06-30"]),
            "flag": [True, False, True],
        }
    )
    before = df.copy()
    out = safe_frame(df)
    pd.testing.assert_frame_equal(df, before)  # input untouched
    assert out["name"].tolist() == ["Stjørdal", "'" + HOSTILE, "'-x"]
    for col in ["population", "balance", "count", "start", "flag"]:
        pd.testing.assert_series_equal(out[col], df[col])
    assert out["name"].dtype == df["name"].dtype


def test_safe_frame_object_and_categorical_columns():
    df = pd.DataFrame(
        {
            "mixed": pd.Series(["=a", -5, None, "ok"], dtype=object),
            "cat": pd.Categorical(["@x", "y", "@x", "-1"]),
        }
    )
    out = safe_frame(df)
    assert out["mixed"].tolist() == ["'=a", -5, None, "ok"]
    assert out["cat"].tolist() == ["'@x", "y", "'@x", "-1"]


def test_safe_frame_neutralises_column_names_and_text_index():
    df = pd.DataFrame({"=evil()": ["a"], "ok": [1]}, index=pd.Index(["+idx"], name="id"))
    out = safe_frame(df)
    assert list(out.columns) == ["'=evil()", "ok"]
    assert list(out.index) == ["'+idx"]
    assert out.index.name == "id"


def test_safe_frame_keeps_numeric_index_and_multiindex_columns():
    df = pd.DataFrame([[1, "=x"]], columns=pd.MultiIndex.from_tuples([("a", "-b"), ("c", "d")]))
    out = safe_frame(df)
    assert list(out.columns) == [("a", "'-b"), ("c", "d")]
    assert list(out.index) == [0]
    assert out.iloc[0, 1] == "'=x"


def test_safe_frame_refuses_non_frames():
    with pytest.raises(TypeError, match="needs a pandas DataFrame"):
        safe_frame(["=1"])


def _rows(text: str, sep: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=sep))


def test_hostile_hyperlink_is_written_starting_with_apostrophe():
    df = pd.DataFrame({"id": ["a", "b"], "name": ["Meråker", HOSTILE]})
    text = safe_csv(df)
    rows = _rows(text)
    assert rows == [["id", "name"], ["a", "Meråker"], ["b", "'" + HOSTILE]]
    # the raw line: quoted by CSV rules, and the field's first character is the apostrophe
    assert text.splitlines()[2] == 'b,"\'=HYPERLINK(""http://x"",""y"")"'


def test_harmless_text_round_trips_unchanged():
    df = pd.DataFrame(
        {
            "id": ["no-5035", "se-2321", "x"],
            "name": ["Stjørdal", "Åre", 'Quote "and", comma'],
            "notes": ["line\nbreak", "Öckerö; semicolon", ""],
        }
    )
    back = pd.read_csv(io.StringIO(safe_csv(df)), dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(back, df, check_dtype=False)


def test_numbers_are_written_as_numbers():
    df = pd.DataFrame({"id": ["a"], "x": [-1.5], "n": [-3]})
    assert safe_csv(df) == "id,x,n\na,-1.5,-3\n"


def test_excel_nordic_dialect():
    df = pd.DataFrame({"name": ["Tydal", "=2*3"], "share": [0.5, -1.25]})
    text = safe_csv(df, dialect="excel-nordic")
    assert text == "\ufeffname;share\r\nTydal;0,5\r\n'=2*3;-1,25\r\n"


def test_writes_utf8_to_path_with_bom_for_excel(tmp_path):
    df = pd.DataFrame({"name": ["Frosta", "@SUM(A1)"]})
    p = tmp_path / "out.csv"
    assert safe_csv(df, p, dialect="excel-nordic") is None
    raw = p.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == "name\r\nFrosta\r\n'@SUM(A1)\r\n"
    plain = tmp_path / "plain.csv"
    safe_csv(df, str(plain))
    assert plain.read_bytes() == b"name\nFrosta\n'@SUM(A1)\n"


def test_writes_to_binary_and_text_buffers():
    df = pd.DataFrame({"name": ["Selbu", "-cmd"]})
    b = io.BytesIO()
    safe_csv(df, b)
    assert b.getvalue() == b"name\nSelbu\n'-cmd\n"
    t = io.StringIO()
    safe_csv(df, t)
    assert t.getvalue() == "name\nSelbu\n'-cmd\n"


def test_to_csv_kwargs_pass_through():
    df = pd.DataFrame({"a": ["=x"], "b": [1.23456]})
    assert safe_csv(df, float_format="%.2f", sep="\t") == "a\tb\n'=x\t1.23\n"
    assert safe_csv(df, index=True).splitlines()[1].startswith("0,")


def test_unknown_dialect_and_encoding_are_refused():
    df = pd.DataFrame({"a": [1]})
    with pytest.raises(SpecError, match="unknown CSV dialect 'excel-us'"):
        safe_csv(df, dialect="excel-us")
    with pytest.raises(SpecError, match="always writes UTF-8"):
        safe_csv(df, encoding="cp1252")


# ----------------------------------------------------------------------------- metrics_xlsx


def test_metrics_xlsx_writes_each_table_as_a_formula_safe_sheet(tmp_path):
    import openpyxl

    tables = {
        "actors": pd.DataFrame({"id": ["a", "b"], "name": ['=HYPERLINK("http://x","y")', "-3"],
                                "fragmentation": [0.5, np.nan], "n": [3, 4]}),
        "collaboration-pairs": pd.DataFrame({"a": ["@SUM(A1)"], "b": ["c"],
                                             "jaccard": [0.25]}),
        "x" * 40: pd.DataFrame({"v": [1]}),
        "a/b": pd.DataFrame({"v": [2]}),
    }
    out = metrics_xlsx(tables, tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["actors", "collaboration-pairs", "x" * 31, "a_b"]
    ws = wb["actors"]
    assert [c.value for c in ws[1]] == ["id", "name", "fragmentation", "n"]
    assert [(c.value, c.data_type) for c in ws[2]] == [
        ("a", "s"), ('=HYPERLINK("http://x","y")', "s"), (0.5, "n"), (3, "n")]
    assert ws["B2"].quotePrefix and not ws["A2"].quotePrefix
    assert ws["C3"].value is None and ws["B3"].value == "-3" and ws["B3"].data_type == "s"
    assert wb["collaboration-pairs"]["A2"].data_type == "s"
    assert isinstance(metrics_xlsx({"t": pd.DataFrame({"a": [1]})}), bytes)
    with pytest.raises(TypeError, match="not a DataFrame"):
        metrics_xlsx({"t": [1, 2]})


# --------------------------------------------------------------------------- the fast writer


def _pandas_csv(frame: pd.DataFrame) -> str:
    """What safe_csv wrote before the fast writer: pandas' to_csv of the safe frame."""
    return safe_frame(frame).to_csv(None, index=False, lineterminator="\n")


def test_the_fast_writer_writes_what_is_expected():
    from graphmodel.data.export import _plain_csv

    frame = pd.DataFrame({"name": ["Malvik", "=1+1", None, "a,b"], "share": [0.5, -0.0, np.nan, 1e16],
                          "n": [3, -1, 0, 12], "ok": [True, False, True, False],
                          "id": pd.Categorical(["@x", "b", "b", None]),
                          "k": pd.array([1, None, 3, 4], dtype="Int64")})
    expected = ("name,share,n,ok,id,k\nMalvik,0.5,3,True,'@x,1\n'=1+1,-0.0,-1,False,b,\n"
                ',,0,True,b,3\n"a,b",1e+16,12,False,,4\n')
    assert _plain_csv(frame) == expected
    assert safe_csv(frame) == expected == _pandas_csv(frame)


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"only": ["", "x"]}),  # one column: an empty cell alone is quoted
    pd.DataFrame({"a": ["x", "y"], "day": pd.to_datetime(["2020-01-01", "2021-05-06"])}),
    pd.DataFrame({"a": ["x", "y"], "k": pd.Categorical([1.5, 2.5])}),
    pd.DataFrame({"a": ["x", "y"], "n": pd.array([1.5, None], dtype="Float64")}),
    pd.DataFrame({"a": ["x", "y"], "f": np.array([0.1, 2.5], dtype=np.float32)}),
    pd.DataFrame({"a": ["x", "y"], "mixed": pd.Series([1, "=b"], dtype=object)}),
    pd.DataFrame({1: ["x", "y"], 2: ["z", "w"]}),  # labels that are not text
])
def test_what_the_fast_writer_leaves_to_pandas_is_written_as_before(frame):
    from graphmodel.data.export import _plain_csv

    assert _plain_csv(frame) is None
    assert safe_csv(frame) == _pandas_csv(frame)


_CELL_TEXT = st.text(alphabet=st.sampled_from(list("ab ,;\"'\n\r\t=+-@0.9æ\0")), max_size=6)


@st.composite
def _frames(draw):
    n = draw(st.integers(0, 6))
    kinds = draw(st.lists(st.sampled_from(["str", "object", "category", "float", "int",
                                           "bool", "Int64", "boolean"]),
                          min_size=2, max_size=5))
    data = {}
    for i, kind in enumerate(kinds):
        if kind in ("str", "object", "category"):
            cells = draw(st.lists(st.none() | _CELL_TEXT, min_size=n, max_size=n))
            data[f"c{i}"] = pd.Series(cells, dtype={"str": str}.get(kind, kind))
        elif kind in ("Int64", "boolean"):
            value = st.integers(-2**63, 2**63 - 1) if kind == "Int64" else st.booleans()
            cells = draw(st.lists(st.none() | value, min_size=n, max_size=n))
            data[f"c{i}"] = pd.Series(cells, dtype=kind)
        elif kind == "float":
            cells = draw(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=n,
                                  max_size=n))
            data[f"c{i}"] = pd.Series(cells, dtype=np.float64)
        elif kind == "int":
            cells = draw(st.lists(st.integers(-2**63, 2**63 - 1), min_size=n, max_size=n))
            data[f"c{i}"] = pd.Series(cells, dtype=np.int64)
        else:
            data[f"c{i}"] = pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)),
                                      dtype=bool)
    return pd.DataFrame(data)


@given(_frames())
def test_the_fast_writer_is_byte_identical_to_pandas(frame):
    from graphmodel.data.export import _plain_csv

    fast = _plain_csv(frame)
    assert fast is not None  # these types are the fast writer's own
    assert fast == _pandas_csv(frame)
