"""The optional stated.csv: positions an actor states at dates (loader, model, analysis)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.data.export import to_xlsx
from graphmodel.data.load import load, save
from graphmodel.data.model import to_csv_bytes
from graphmodel.errors import ValidationError

BASE = {
    "actors.csv": "id,name,kind,stated_strategy\na,A,municipality,service-centre\n"
                  "b,B,municipality,\n",
    "collaborations.csv": "id,name,kind\nc,C,service\n",
    "memberships.csv": "actor,collaboration\na,c\nb,c\n",
}


def _load(stated: str | None, **more):
    files = dict(BASE, **more)
    if stated is not None:
        files["stated.csv"] = stated
    return load(files)


def _errors(stated: str) -> list[str]:
    with pytest.raises(ValidationError) as err:
        _load(stated)
    return [str(p) for p in err.value.errors]


def test_without_stated_csv_the_model_has_an_empty_stated_table():
    m = _load(None)
    assert list(m.stated.columns) == ["actor", "strategy", "date", "source"]
    assert len(m.stated) == 0
    assert sorted(to_csv_bytes(m)) == ["actors.csv", "collaborations.csv", "memberships.csv"]


def test_stated_csv_is_read_typed_and_lower_cased():
    m = _load("actor;strategy;date;source\na;Specialisation;2008;slide 9\n"
              "b;regional partner;11.06.2009;slide 10\n")
    assert m.stated["strategy"].tolist() == ["specialisation", "regional partner"]
    assert m.stated["date"].tolist() == [pd.Timestamp("2008-01-01"), pd.Timestamp("2009-06-11")]
    assert m.stated["source"].tolist() == ["slide 9", "slide 10"]


def test_errors_name_file_line_and_column():
    got = _errors("actor,strategy,date\nzz,specialisation,2008\na,bogus,2009\n"
                  "a,specialisation,20x8\nb,,\nc,specialisation,\n")
    assert got == [
        ("stated.csv:2: actor: actor 'zz' is not in actors.csv: use an id from actors.csv, "
        "or add it there"),
        ("stated.csv:3: strategy: unknown strategy 'bogus': use one of: self-sufficiency, "
        "specialisation, service-centre, regional partner"),
        ("stated.csv:4: date: cannot read the date '20x8': write it as YYYY-MM-DD "
        "(2007-01-31), DD.MM.YYYY (31.01.2007) or a year (2007)"),
        "stated.csv:5: strategy: strategy is empty: every stated position needs a strategy",
        ("stated.csv:6: actor: actor 'c' is a collaboration, not an actor: use an id from "
        "actors.csv"),
    ]


def test_missing_required_column_and_the_same_date_twice():
    with pytest.raises(ValidationError, match="required column 'strategy' is missing"):
        _load("actor,date\na,2008\n")
    got = _errors("actor,strategy,date\na,specialisation,2008\nb,specialisation,2008\n"
                  "a,service-centre,2008\n")
    assert got == [("stated.csv:4: date: 'a' already states a position on this date "
                   "(line 2): keep one row per actor and date")]


def test_unknown_name_in_the_actor_column_is_a_warning_and_kept():
    m = _load(None, **{"actors.csv": "id,name,kind,stated_strategy\na,A,municipality,shop\n"
                                     "b,B,municipality,\n"})
    assert [str(w) for w in m.warnings] == [
        ("actors.csv:2: stated_strategy: unknown stated_strategy 'shop' (kept as given): use "
        "one of: self-sufficiency, specialisation, service-centre, regional partner")]


def test_save_and_load_keep_stated_in_a_folder_and_a_zip(tmp_path: Path):
    m = _load("actor,strategy,date,source\na,specialisation,2008,x\n")
    again = load(save(m, tmp_path / "copy"))
    assert again.stated.equals(m.stated)
    assert again.content_hash() == m.content_hash() != _load(None).content_hash()
    z = save(m, tmp_path / "copy.zip")
    with zipfile.ZipFile(z) as zf:
        assert "stated.csv" in zf.namelist()
    assert load(io.BytesIO(z.read_bytes())).stated["strategy"].tolist() == ["specialisation"]


def test_positions_by_date_with_the_actor_column_as_undated():
    m = _load("actor,strategy,date\na,self-sufficiency,2008\na,regional partner,2009-06-11\n")
    now = gm.stated_positions(m, "2010")
    assert now[["id", "stated_strategy", "earlier_strategy"]].values.tolist() == [
        ["a", "regional partner", "self-sufficiency"]]
    assert now["stated_date"].tolist() == [pd.Timestamp("2009-06-11")]
    assert now["earlier_date"].tolist() == [pd.Timestamp("2008-01-01")]
    mid = gm.stated_positions(m, "2008-12-31")
    assert mid[["stated_strategy", "earlier_strategy"]].values.tolist() == [
        ["self-sufficiency", ""]]
    # before any dated position, the undated one of the actor column applies
    assert gm.stated_positions(m, "2007")["stated_strategy"].tolist() == ["service-centre"]
    profile = gm.strategy_profile(m, as_of="2008-06-01")
    assert dict(zip(profile["id"], profile["stated_strategy"])) == {
        "a": "self-sufficiency", "b": ""}


def test_the_nordic_data_holds_vaernes_slides_9_and_10():
    m = load(Path(__file__).resolve().parents[2] / "data" / "nordic")
    assert len(m.stated) == 12
    assert set(m.stated["date"]) == {pd.Timestamp("2008-01-01"), pd.Timestamp("2009-06-11")}
    assert m.stated["source"].str.contains("illustrative").all()
    now = gm.stated_positions(m).set_index("id")
    # slide 10 equals the actors' stated_strategy column
    actors = m.actors.set_index("id")
    for actor, row in now.iterrows():
        assert row["stated_strategy"] == actors.loc[actor, "stated_strategy"]
    moved = now[now["stated_strategy"] != now["earlier_strategy"]].index.tolist()
    assert moved == ["no-5031", "no-5033", "no-5034"]


def test_a_workbook_keeps_the_stated_sheet():
    m = _load("actor,strategy,date,source\na,specialisation,2008,x\n")
    back = load(to_xlsx(m))
    assert back.stated["strategy"].tolist() == ["specialisation"]
    assert back.stated["date"].tolist() == [pd.Timestamp("2008-01-01")]
    assert back.content_hash() == m.content_hash()
