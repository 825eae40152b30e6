"""Tests for graphmodel.data.summary: hand-counted tiny data, date filtering, dialect independence."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import excel_dialect, tiny_files

from graphmodel.data.load import load
from graphmodel.data.model import to_csv_bytes
from graphmodel.data.summary import summary, summary_counts
from graphmodel.errors import SpecError


def counts(frame: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    return {(t, f, v): n for t, f, v, n in frame.itertuples(index=False)}


def test_counts_of_the_tiny_dataset(tiny_model):
    frame = summary_counts(tiny_model)
    assert list(frame.columns) == ["table", "field", "value", "count"]
    assert counts(frame) == {
        ("actors", "kind", "county"): 1,
        ("actors", "kind", "municipality"): 4,
        ("collaborations", "kind", "council"): 1,
        ("collaborations", "kind", "service"): 4,
        ("collaborations", "sector", "archive"): 1,
        ("collaborations", "sector", "fire"): 1,
        ("collaborations", "sector", "general"): 1,
        ("collaborations", "sector", "health"): 1,
        ("collaborations", "sector", "water"): 1,
        ("collaborations", "status", "active"): 4,
        ("collaborations", "status", "ended"): 1,
        ("memberships", "role", "host"): 4,
        ("memberships", "role", "member"): 8,
        ("memberships", "role", "observer"): 1,
    }
    keys = list(zip(frame["table"], frame["field"], frame["value"]))
    assert keys == sorted(keys)
    assert frame["count"].dtype == "int64"


@pytest.mark.parametrize(("as_of", "expected"), [
    # 2005: R (from 2010) and s2 (from 2015) not yet; s4 (2000-2009) still runs, and as
    # status follows the dates (DESIGN.md "Time") it counts as active then, not ended
    ("2005-06-01", {"service": 3, "council": 0, "ended": 0, "memberships": 6}),
    # 2012: R runs, s4 is over, s2 not yet
    ("2012-06-01", {"service": 2, "council": 1, "ended": 0, "memberships": 8}),
    # 2020: R, s1, s2, s3
    ("2020-01-01", {"service": 3, "council": 1, "ended": 0, "memberships": 11}),
])
def test_as_of_counts_what_the_date_filter_keeps(tiny_model, as_of, expected):
    got = counts(summary_counts(tiny_model, as_of=as_of))
    assert got.get(("collaborations", "kind", "service"), 0) == expected["service"]
    assert got.get(("collaborations", "kind", "council"), 0) == expected["council"]
    assert got.get(("collaborations", "status", "ended"), 0) == expected["ended"]
    n_members = sum(n for (t, _, _), n in got.items() if t == "memberships")
    assert n_members == expected["memberships"]
    assert got[("actors", "kind", "municipality")] == 4  # actors have no dates


def test_empty_sector_is_counted_as_empty_value_and_shown_as_none():
    files = tiny_files()
    files["collaborations.csv"] = files["collaborations.csv"].replace(
        "s3,Water,service,water,", "s3,Water,service,,")
    model = load(files)
    assert counts(summary_counts(model))[("collaborations", "sector", "")] == 1
    assert "sector: (none) 1, archive 1," in summary(model)


def test_summary_text(tiny_model):
    assert summary(tiny_model).splitlines() == [
        "Dataset: tiny",
        "Actors: 5",
        "  kind: county 1, municipality 4",
        "Collaborations: 5",
        "  kind: council 1, service 4",
        "  sector: archive 1, fire 1, general 1, health 1, water 1",
        "  status: active 4, ended 1",
        "Memberships: 13",
        "  role: host 4, member 8, observer 1",
        "Warnings: 0",
    ]
    dated = summary(tiny_model, as_of="31.12.2012")
    assert dated.splitlines()[1] == "As of: 2012-12-31"
    assert "Collaborations: 3" in dated


def test_summary_counts_warnings():
    files = tiny_files()
    files["actors.csv"] += "g,Gol,municipality,NO,West,,,,\n"
    assert summary(load(files)).endswith("Warnings: 1")


def test_summary_is_the_same_in_every_dialect(tiny_model):
    variant = excel_dialect(to_csv_bytes(tiny_model), sep_line=True)
    again = load(variant, name="tiny")
    assert summary(again) == summary(tiny_model)
    assert summary(again, as_of="2012-01-01") == summary(tiny_model, as_of="2012-01-01")


def test_bad_date_is_a_spec_error(tiny_model):
    with pytest.raises(SpecError, match="cannot read the date"):
        summary_counts(tiny_model, as_of="next year")
