"""``graphmodel import municipalities``, the register names and the sector table."""

from __future__ import annotations

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.cli import main
from graphmodel.errors import GraphModelError
from graphmodel.reference import municipality_table
from graphmodel.registers import fill_actors, guess_sector, municipality_actors, readable_name
from graphmodel.registers.sectors import read_sector_rules


@pytest.mark.parametrize("country, n", [("NO", 357), ("SE", 290)])
def test_every_municipality_with_the_reference_codes(tmp_path, country, n, capsys):
    assert main(["import", "municipalities", country.lower(), "-o", str(tmp_path)]) == 0
    m = gm.load(tmp_path)
    table = municipality_table(country)
    assert len(m.actors) == n
    assert m.actors["code"].tolist() == table["code"].tolist()
    assert m.actors["id"].tolist() == [f"{country.lower()}-{c}" for c in table["code"]]
    assert (m.actors["kind"] == "municipality").all() and (m.actors["country"] == country).all()
    assert m.actors["population"].notna().all() and m.actors["lat"].notna().all()
    if country == "NO":
        assert (m.actors["ba_region"] != "").all()
        row = m.actors.set_index("id").loc["no-5035"]
        assert (row["name"], row["region"], row["ba_region"]) == \
            ("Stjørdal", "Trøndelag", "Trondheim")
    assert main(["validate", str(tmp_path)]) == 0
    assert f"{n} municipalities of {country}" in capsys.readouterr().err


def _planner(tmp_path):
    gm.save(gm.load({
        "actors.csv": "id,name,kind,country,code,population,region\n"
                      "stj,Stjørdal,municipality,NO,5035,99,My region\n"
                      "mer,Meråker,municipality,,,,\n"
                      "trd,Trondheim,municipality,NO,,,\n"
                      "x,Somewhere,other,,5034,,\n",
        "collaborations.csv": "id,name,kind\nc,C,service\n",
        "memberships.csv": "actor,collaboration\nstj,c\nmer,c\ntrd,c\n",
    }), tmp_path / "mine")
    return tmp_path / "mine"


def test_into_fills_what_is_missing_and_never_overwrites(tmp_path, capsys):
    mine = _planner(tmp_path)
    assert main(["import", "municipalities", "NO", "--into", str(mine),
                 "-o", str(tmp_path / "out")]) == 0
    m = gm.load(tmp_path / "out").actors.set_index("id")
    assert len(m) == 4 + 357 - 3  # 3 matched (stj by code, mer and trd by name)
    assert m.loc["stj", ["population", "region"]].tolist() == [99, "My region"]  # kept
    assert m.loc["stj", "ba_region"] == "Trondheim"  # filled
    assert m.loc["mer", ["code", "country"]].tolist() == ["5034", "NO"]  # code by its name
    assert m.loc["trd", "code"] == "5001"
    assert m.loc["x", "kind"] == "other" and pd.isna(m.loc["x", "population"])  # not a match
    assert "no-5035" not in m.index and "no-5034" not in m.index and "no-0301" in m.index
    err = capsys.readouterr().err
    assert "Municipalities of NO: 354 added, 14 values filled in, 2 codes found by name" in err  # 3 + 6 + 5
    assert "code by name: mer (Meråker) code = 5034" in err


def test_fill_actors_reports_each_addition():
    m = gm.load({"actors.csv": "id,name,kind,code\na,A,municipality,0301\n",
                 "collaborations.csv": "id,name,kind\n", "memberships.csv": "actor,collaboration\n"})
    ref = municipality_actors("NO")
    out, added = fill_actors(m, ref[ref["code"] == "0301"], country="NO")
    assert len(out.actors) == 1
    assert set(added["column"]) == {"country", "region", "population", "lat", "lon",
                                    "ba_region"}  # the name "A" stays
    assert out.actors.loc[0, "name"] == "A"


def test_workspace_municipalities_as_a_dataset(tmp_path, capsys):
    ws = tmp_path / "ws"
    assert main(["import", "municipalities", "SE", "--workspace", str(ws)]) == 0
    version_id = capsys.readouterr().out.strip()
    assert gm.open_workspace(ws).version(version_id).n_actors == 290


def test_no_output_is_a_usage_problem(capsys):
    assert main(["import", "municipalities", "NO"]) == 1
    assert "give -o DIR" in capsys.readouterr().err
    assert main(["import", "municipalities", "DK", "-o", "x"]) == 2


@pytest.mark.parametrize("name, readable", [
    ("VESTFOLD VANN IKS", "Vestfold Vann IKS"),
    ("BRANN OG REDNING I ROMSDAL IKS", "Brann og Redning i Romsdal IKS"),
    ("RKR IKS", "RKR IKS"),
    ("MIDT-TELEMARK IKT IKS", "Midt-Telemark IKT IKS"),
    ("Already Mixed iks", "Already Mixed iks"),
    ("ØSTFOLD\u202e FYLKESKOMMUNE", "Østfold fylkeskommune"),
    ("  ", ""),
])
def test_readable_name(name, readable):
    assert readable_name(name) == readable


@pytest.mark.parametrize("name, nace, sector", [
    ("Trøndelag Brann- og Redningstjeneste IKS", "84.250", "fire"),
    ("Vestfold Vann IKS", "36.000", "water"),
    ("Vestfold Vann IKS", "38.110", ""),  # name and code disagree: unsure
    ("Renovasjon i Grenland IKS", "", "waste"),
    ("Distriktsrevisjon IKS", "69.201", ""),  # no rule, and "ikt" is not one of its words
    ("IKT Agder IKS", "", "ict"),
    ("Something IKS", "91.02", "culture"),
])
def test_guess_sector(name, nace, sector):
    assert guess_sector(name, nace) == sector


def test_own_sector_table(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("match,pattern,sector,why\nword,revisjon,finance,audit\n", encoding="utf-8")
    assert guess_sector("Revisjon Midt IKS", rules=read_sector_rules(path)) == "finance"
    path.write_text("match,pattern,sector\nword,x,audit\n", encoding="utf-8")
    with pytest.raises(GraphModelError, match=r"mine.csv:2: sector: 'audit' is not"):
        read_sector_rules(path)
    path.write_text("match,pattern,sector\nregex,x,fire\n", encoding="utf-8")
    with pytest.raises(GraphModelError, match=r"mine.csv:2: match: 'regex' is not one of"):
        read_sector_rules(path)
    path.write_text("pattern,sector\n", encoding="utf-8")
    with pytest.raises(GraphModelError, match="match missing"):
        read_sector_rules(path)
