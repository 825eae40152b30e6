"""The shipped municipality tables and the BA-region lookup (graphmodel.reference)."""

from pathlib import Path

import pandas as pd
import pytest

from graphmodel.errors import GraphModelError, SpecError
from graphmodel.reference import COLUMNS, ba_region_of, ba_regions, municipality_table

REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"


def reference(file: str) -> pd.DataFrame:
    path = REFERENCE / file
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared reference data sits beside the repo")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("country, file, code_col, region_col, n", [
    ("NO", "norway_municipalities.csv", "kommunenummer", "fylke", 357),
    ("SE", "sweden_municipalities.csv", "kommunkod", "lan", 290),
])
def test_tables_equal_the_reference(country, file, code_col, region_col, n):
    ref = reference(file).set_index(code_col).sort_index()
    table = municipality_table(country)
    assert list(table.columns) == COLUMNS
    assert len(table) == n
    assert table["code"].tolist() == ref.index.tolist()
    assert table["name"].tolist() == ref["name"].tolist()
    assert table["region"].tolist() == ref[region_col].tolist()
    assert table["population"].tolist() == ref["population"].astype(int).tolist()
    assert table["lat"].tolist() == ref["lat"].astype(float).tolist()


def test_every_norwegian_municipality_has_its_ba_region():
    ba = reference("norway_ba_regions.csv").set_index("kommunenummer")
    table = municipality_table("NO").set_index("code")
    assert (table["ba_region"] != "").all()
    # the names as the source spells them, less the surrounding spaces the loader trims
    assert table["ba_region"].to_dict() == ba["ba_name"].str.strip().to_dict()
    # 159 regions (TØI 1713/2019); the source writes Oslo/Bærum's number both as 5 and 05
    assert table["ba_region"].nunique() == ba["ba_nr"].astype(int).nunique() == 159


def test_shipped_tables_without_the_reference():
    no, se = municipality_table("NO"), municipality_table("SE")
    assert (len(no), len(se)) == (357, 290)
    assert no["code"].str.fullmatch(r"\d{4}").all() and se["code"].str.fullmatch(r"\d{4}").all()
    assert (no["ba_region"] != "").all()
    assert (se["ba_region"] == "").all()  # Sweden's functional regions are not shipped
    assert no["code"].is_monotonic_increasing
    assert no.loc[no["code"] == "0301", "name"].item() == "Oslo"


def test_table_is_a_fresh_copy():
    first = municipality_table("NO")
    first.loc[0, "name"] = "changed"
    assert municipality_table("no").loc[0, "name"] == "Oslo"


@pytest.mark.parametrize("country", ["DK", "", "norway"])
def test_unknown_country_is_a_clear_error(country):
    with pytest.raises(SpecError, match="known countries are NO, SE"):
        municipality_table(country)
    with pytest.raises(GraphModelError, match=repr(country)):
        ba_region_of(country, "0301")


@pytest.mark.parametrize("country, code, expected", [
    ("NO", "5032", "Trondheim"),      # Selbu
    ("no", "5035", "Trondheim"),      # Stjørdal
    ("NO", "1508", "Ålesund"),
    ("NO", "9999", None),
    ("NO", "", None),
    ("SE", "0114", None),
])
def test_ba_region_of(country, code, expected):
    assert ba_region_of(country, code) == expected


def test_ba_regions_own_column_wins_else_lookup():
    actors = pd.DataFrame({
        "id": ["a", "b", "c", "d", "e"],
        "country": ["NO", "no", "SE", "", "NO"],
        "code": ["5032", "1507", "0114", "5032", ""],
        "ba_region": ["", "Mine", "Stockholm", "", ""],
    }, index=[10, 11, 12, 13, 14])
    out = ba_regions(actors)
    assert out.name == "ba_region"
    assert out.index.tolist() == [10, 11, 12, 13, 14]
    assert out.tolist() == ["Trondheim", "Mine", "Stockholm", "", ""]


def test_ba_regions_without_the_columns():
    assert ba_regions(pd.DataFrame({"id": ["x"]})).tolist() == [""]
    frame = pd.DataFrame({"country": ["NO"], "code": ["5032"]})
    assert ba_regions(frame).tolist() == ["Trondheim"]


# --------------------------------------------------------------------------- data/nordic

ROOT = Path(__file__).resolve().parents[2]


def test_nordic_ba_regions_come_from_the_lookup():
    actors = pd.read_csv(ROOT / "data" / "nordic" / "actors.csv", dtype=str,
                         keep_default_na=False)
    norwegian = (actors["kind"] == "municipality") & (actors["country"] == "NO")
    assert norwegian.sum() == 31
    for row in actors[norwegian].itertuples():
        assert row.ba_region == ba_region_of("NO", row.code), row.id
    assert (actors.loc[~norwegian, "ba_region"] == "").all()
    stjordal = actors.set_index("id").loc["no-5035", "ba_region"]
    assert stjordal == "Trondheim"


def test_add_ba_regions_script_keeps_every_other_byte():
    import importlib.util

    spec = importlib.util.spec_from_file_location("add_ba_regions",
                                                  ROOT / "scripts" / "add_ba_regions.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    text = ('id,name,kind,country,code,notes\r\n'
            'no-5032,Selbu,municipality,NO,5032,"a, b"\r\n'
            'se-0114,Upplands Väsby,municipality,SE,0114,\r\n'
            'x,X,other,NO,,\r\n')
    out, filled = script.with_ba_regions(text)
    assert filled == 1
    assert out == ('id,name,kind,country,code,notes,ba_region\r\n'
                   'no-5032,Selbu,municipality,NO,5032,"a, b",Trondheim\r\n'
                   'se-0114,Upplands Väsby,municipality,SE,0114,,\r\n'
                   'x,X,other,NO,,,\r\n')
    assert script.with_ba_regions(out) == (out, 1)  # a rerun changes nothing
    stale = out.replace("Trondheim", "Wrong")
    assert script.with_ba_regions(stale)[0] == out  # refreshed from the lookup
    nordic = (ROOT / "data" / "nordic" / "actors.csv").read_text(encoding="utf-8")
    assert script.with_ba_regions(nordic)[0] == nordic
