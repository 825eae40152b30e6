"""One time rule everywhere (DESIGN.md "Time"): summary, select and every metric table agree
on what existed on a date; the timeline counts formed, ended and in force per year."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.analysis.incidence import regional_councils
from graphmodel.analysis.metrics import metrics_table
from graphmodel.analysis.timeline import timeline
from graphmodel.data.model import Model
from graphmodel.data.select import select
from graphmodel.data.summary import summary, summary_counts

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"
TABLES = ("actors", "pairs", "collaboration-pairs", "councils", "communities")


@pytest.fixture(scope="module")
def dated() -> Model:
    """a, b (NO), c (SE) municipalities; f a county (observer in r).

    sk  council, ended, 2004-01-01 – 2017-12-31 (a samkommune): a, b
    r   council, active, undated: a, b, c, f (observer)
    vr  service, ended, 2007-01-01 – 2020-12-31 (like vr-skatt): a, b
    s1  service, active, from 2012-01-01: b, c (c's membership ends 2015-12-31)
    p   service, planned, undated: a, c
    x   service, ended, undated (never in force on a date): a, b
    """
    return Model.from_frames(
        pd.DataFrame({"id": ["a", "b", "c", "f"], "name": ["A", "B", "C", "F"],
                      "kind": ["municipality"] * 3 + ["county"],
                      "country": ["NO", "NO", "SE", "NO"]}),
        pd.DataFrame({
            "id": ["sk", "r", "vr", "s1", "p", "x"],
            "name": ["SK", "R", "VR", "S1", "P", "X"],
            "kind": ["council", "council", "service", "service", "service", "service"],
            "sector": ["general", "general", "tax", "ict", "ppt", "fire"],
            "status": ["ended", "active", "ended", "active", "planned", "ended"],
            "start": ["2004-01-01", None, "2007-01-01", "2012-01-01", None, None],
            "end": ["2017-12-31", None, "2020-12-31", None, None, None],
        }),
        pd.DataFrame({
            "actor": ["a", "b", "a", "b", "c", "f", "a", "b", "b", "c", "a", "c", "a", "b"],
            "collaboration": ["sk", "sk", "r", "r", "r", "r", "vr", "vr", "s1", "s1", "p", "p",
                              "x", "x"],
            "role": ["member"] * 5 + ["observer"] + ["member"] * 8,
            "end": [None] * 9 + ["2015-12-31"] + [None] * 4,
        }),
    )


# What existed, worked out on paper from the fixture's dates (any kind, status active as
# the dates read it), and the memberships in force then (observer f included):
#   2003-06-01  r                 r 4                              = 4
#   2010-06-01  r sk vr           r 4 + sk 2 + vr 2                = 8
#   2014-01-01  r sk vr s1        + s1 2                           = 10
#   2016-06-01  r sk vr s1        c has left s1: s1 1              = 9
#   2020-01-01  r vr s1           sk is over (2017)                = 7
#   2021-06-01  r s1              vr is over (2020)                = 5
EXISTED = {
    "2003-06-01": ({"r"}, 4),
    "2010-06-01": ({"r", "sk", "vr"}, 8),
    "2014-01-01": ({"r", "sk", "vr", "s1"}, 10),
    "2016-06-01": ({"r", "sk", "vr", "s1"}, 9),
    "2020-01-01": ({"r", "vr", "s1"}, 7),
    "2021-06-01": ({"r", "s1"}, 5),
}


def _counts(frame: pd.DataFrame) -> dict:
    return {(t, f, v): n for t, f, v, n in frame.itertuples(index=False)}


@pytest.mark.parametrize("day", list(EXISTED))
def test_summary_and_select_agree_with_the_paper(dated, day):
    existed, n_memberships = EXISTED[day]
    sel = select(dated, as_of=day, kinds=None, actor_kinds=None)
    assert set(sel.collaboration_ids) == existed
    got = _counts(summary_counts(dated, as_of=day))
    kinds = {v: n for (t, f, v), n in got.items() if (t, f) == ("collaborations", "kind")}
    assert sum(kinds.values()) == len(existed)
    assert kinds.get("council", 0) == len(existed & {"r", "sk"})
    # status follows the dates: whatever existed was active then, nothing "ended"
    statuses = {v: n for (t, f, v), n in got.items() if (t, f) == ("collaborations", "status")}
    assert statuses == {"active": len(existed)}
    assert sum(n for (t, _, _), n in got.items() if t == "memberships") == n_memberships
    assert got[("actors", "kind", "municipality")] == 3  # actors have no dates


@pytest.mark.parametrize("day", list(EXISTED))
def test_every_metric_table_agrees_with_select(dated, day):
    _check_tables_agree(dated, day)


def test_the_ended_council_is_in_the_councils_table_only_inside_its_dates(dated):
    assert "sk" in set(metrics_table(dated, "councils", as_of="2010-06-01")["id"])
    assert "sk" not in set(metrics_table(dated, "councils", as_of="2020-01-01")["id"])
    # without a date, status alone decides: sk is ended
    assert "sk" not in set(metrics_table(dated, "councils")["id"])


def test_a_bare_year_is_the_first_of_january(dated):
    assert summary_counts(dated, as_of="2010").equals(summary_counts(dated, as_of="2010-01-01"))
    assert "As of: 2010-01-01" in summary(dated, as_of="2010")


def test_planned_and_undated_ended_never_existed_on_a_date(dated):
    for day in EXISTED:
        assert {"p", "x"}.isdisjoint(select(dated, as_of=day, kinds=None).collaboration_ids)
    # asked for, planned ones are counted as planned
    got = _counts(summary_counts(dated, as_of="2010", status=("active", "planned")))
    assert got[("collaborations", "status", "planned")] == 1
    # without a date, summary describes the whole file, every status as given
    got = _counts(summary_counts(dated))
    assert got[("collaborations", "status", "ended")] == 3
    assert got[("collaborations", "status", "planned")] == 1


def test_summary_takes_every_filter(dated):
    got = _counts(summary_counts(dated, countries="SE", kinds="service"))
    assert got[("actors", "kind", "municipality")] == 1
    assert sum(n for (t, f, _), n in got.items() if (t, f) == ("collaborations", "kind")) == 4
    with pytest.raises(TypeError, match="unknown filter"):
        summary_counts(dated, date="2010")


# --------------------------------------------------------------------------- timeline


def test_timeline_of_the_services_by_hand(dated):
    # services with status active or ended: vr (2007-2020), s1 (2012-); x is ended but
    # undated (formed and ended in no year, in force on no date); p is planned: left out.
    # Years 2007 (first start) to 2020 (last end). On 31 December 2020 vr is still in
    # force (its end is that very day).
    t = timeline(dated)
    assert t["year"].tolist() == list(range(2007, 2021))
    assert t.set_index("year")["formed"].to_dict() == {
        y: (1 if y in (2007, 2012) else 0) for y in range(2007, 2021)}
    assert t.set_index("year")["ended"].to_dict() == {
        y: (1 if y == 2020 else 0) for y in range(2007, 2021)}
    assert t["active"].tolist() == [1] * 5 + [2] * 9


def test_timeline_of_every_kind_by_hand(dated):
    # + councils sk (2004-2017, ended) and r (undated, active: in force every year).
    # 2004-06: r sk = 2; 2007-11: + vr = 3; 2012-17: + s1 = 4 (sk in force on 31 Dec 2017);
    # 2018-20: r vr s1 = 3
    t = timeline(dated, kinds=None)
    assert t["year"].tolist() == list(range(2004, 2021))
    assert t["formed"].sum() == 3 and t["ended"].sum() == 2
    assert t.set_index("year").loc[[2004, 2007, 2012, 2017, 2020], "ended"].tolist() == [
        0, 0, 0, 1, 1]
    assert t["active"].tolist() == [2] * 3 + [3] * 5 + [4] * 6 + [3] * 3


def test_timeline_filters(dated):
    # only s1 has a counted member in SE (c); r does too but is a council
    t = timeline(dated, countries="SE")
    assert t.to_dict("list") == {"year": [2012], "formed": [1], "ended": [0], "active": [1]}
    # status narrows what is counted: without the ended ones only s1 remains
    assert timeline(dated, status="active")["formed"].sum() == 1
    assert timeline(dated, status="planned").empty
    assert timeline(dated, sectors="tax")["formed"].tolist()[0] == 1
    with pytest.raises(gm.SpecError, match="takes no as-of date"):
        timeline(dated, as_of="2010")


def test_timeline_active_agrees_with_select_on_each_31_december(dated):
    for kinds in (("service",), None):
        t = timeline(dated, kinds=kinds)
        for year, active in zip(t["year"], t["active"]):
            sel = select(dated, as_of=f"{year}-12-31", kinds=kinds, actor_kinds=None)
            assert active == len(sel.collaboration_ids), (kinds, year)


# --------------------------------------------------------------------------- bundled data


def _check_tables_agree(model: Model, day: str) -> None:
    """summary, select and every metric table name the same things on ``day``."""
    everything = select(model, as_of=day, kinds=None, actor_kinds=None)
    got = _counts(summary_counts(model, as_of=day))
    n_collabs = sum(n for (t, f, _), n in got.items() if (t, f) == ("collaborations", "kind"))
    assert n_collabs == len(everything.collaboration_ids)
    n_members = sum(n for (t, _, _), n in got.items() if t == "memberships")
    assert n_members == len(select(model, as_of=day, kinds=None, actor_kinds=None,
                                   include_observers=True).memberships)

    sel = select(model, as_of=day)  # the metrics' defaults
    councils = select(model, as_of=day, kinds="council")
    regional = set(councils.collaboration_ids[
        regional_councils(model, councils.collaborations)])
    tables = {name: metrics_table(model, name, as_of=day) for name in TABLES}
    actors = tables["actors"]
    assert actors["id"].tolist() == list(sel.actor_ids)
    assert int(actors["n_collaborations"].sum()) == sel.B.nnz
    assert set(tables["councils"]["id"]) == regional
    assert tables["communities"]["id"].tolist() == list(sel.actor_ids)
    sizes = np.asarray(sel.B.sum(axis=0)).ravel()
    assert int(tables["pairs"]["shared"].sum()) == int((sizes * (sizes - 1) // 2).sum())
    kept = set(sel.collaboration_ids)
    pairs = tables["collaboration-pairs"]
    assert set(pairs["a"].astype(str)) | set(pairs["b"].astype(str)) <= kept
    homes = set(actors["home_council"]) - {""}
    assert homes <= regional


NORDIC_DAYS = ["2005", "2010-06-01", "2016-01-01", "2020-12-31", "2024-06-01"]


@pytest.fixture(scope="module")
def nordic() -> Model:
    if not NORDIC.is_dir():
        pytest.skip("data/nordic is not in this checkout")
    return gm.load(NORDIC)


@pytest.mark.parametrize("day", NORDIC_DAYS)
def test_bundled_data_agrees_at_every_date(nordic, day):
    _check_tables_agree(nordic, day)


def test_bundled_data_ended_services_count_as_active_inside_their_dates(nordic):
    c = nordic.collaborations
    for row in c[(c["status"] == "ended") & (c["start"].notna() | c["end"].notna())].itertuples():
        inside = (row.end if pd.notna(row.end) else row.start).date().isoformat()
        assert row.id in select(nordic, as_of=inside, kinds=None).collaboration_ids
        got = _counts(summary_counts(nordic, as_of=inside))
        assert ("collaborations", "status", "ended") not in got
    assert "As of: 2010-01-01" in summary(nordic, as_of="2010")


def test_bundled_timeline_agrees_with_select(nordic):
    t = timeline(nordic)
    assert len(t) > 0 and (t[["formed", "ended", "active"]] >= 0).all().all()
    for year, active in zip(t["year"], t["active"]):
        assert active == len(select(nordic, as_of=f"{year}-12-31").collaboration_ids), year
