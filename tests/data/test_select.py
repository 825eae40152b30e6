"""select(): memoised selections that a caller cannot corrupt, restrict(), the filter bundle."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.data.model import Model
from graphmodel.data.select import FILTER_NAMES, check_filters, effective_status, select

NORDIC = Path(__file__).resolve().parents[2] / "data" / "nordic"


@pytest.fixture
def model() -> Model:
    return Model.from_frames(
        pd.DataFrame({"id": list("abcde"), "name": list("ABCDE"), "kind": "municipality"}),
        pd.DataFrame({"id": ["r", "s", "t"], "name": ["R", "S", "T"],
                      "kind": ["council", "service", "service"]}),
        pd.DataFrame({"actor": list("abcabcde"), "collaboration": list("rrrsstte")}),
    )


def _state(sel) -> tuple:
    return (sel.actors.to_csv(), sel.collaborations.to_csv(), sel.memberships.to_csv(),
            sel.B.toarray().tolist(), list(sel.actor_ids), dict(sel.filters))


def test_select_is_memoised(model):
    assert select(model) is select(model)
    assert select(model, sectors=None) is select(model)  # the same filters, read the same way
    assert select(model, kinds=None) is not select(model)


@pytest.mark.parametrize("frame", ["actors", "collaborations", "memberships"])
def test_dropping_rows_in_place_changes_only_the_callers_copy(model, frame):
    s = select(model)
    before = _state(s)
    mine = getattr(s, frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas 3.1 deprecates inplace=True: still works
        mine.drop(mine.index[:1], inplace=True)
        getattr(s, frame).drop(getattr(s, frame).index[:1], inplace=True)
    assert len(mine) == len(getattr(s, frame)) - 1
    assert _state(select(model)) == before


@pytest.mark.parametrize("frame", ["actors", "collaborations", "memberships"])
def test_assigning_a_column_changes_only_the_callers_copy(model, frame):
    s = select(model)
    before = _state(s)
    column = getattr(s, frame).columns[0]
    mine = getattr(s, frame)
    mine[column] = "x"
    mine.loc[0, column] = "y"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas warns that this sets a temporary copy: it does
        getattr(s, frame)["added"] = 1
    assert mine[column].iloc[0] == "y"
    assert _state(select(model)) == before
    assert "added" not in getattr(select(model), frame).columns


def test_arrays_matrix_and_attributes_are_read_only(model):
    s = select(model)
    with pytest.raises(ValueError, match="read-only"):
        s.actor_ids[0] = "x"
    with pytest.raises(ValueError, match="read-only"):
        s.collaboration_ids[0] = "x"
    with pytest.raises(ValueError, match="read-only"):
        s.B.data[0] = 7
    with pytest.raises(ValueError, match="read-only"):
        s.B.indices[0] = 0
    with pytest.raises(AttributeError, match="read-only"):
        s.model = None
    with pytest.raises(AttributeError, match="read-only"):
        del s.as_of
    s.filters["as_of"] = "2099-01-01"
    assert select(model).filters["as_of"] is None


def test_the_metrics_survive_a_caller_that_tries_to_corrupt_them(model):
    before = gm.actor_metrics(model).to_csv()
    s = select(model)
    s.actors.drop(columns=["name"])
    frame = s.memberships
    frame["actor"] = "a"
    assert gm.actor_metrics(model).to_csv() == before


def test_restrict_slices_the_matrix_and_keeps_the_actors(model):
    everything = select(model, kinds=None)
    services = everything.restrict(
        (everything.collaborations["kind"] == "service").to_numpy(), "services")
    direct = select(model)
    assert list(services.actor_ids) == list(direct.actor_ids)
    assert list(services.collaboration_ids) == list(direct.collaboration_ids) == ["s", "t"]
    assert (services.B != direct.B).nnz == 0
    assert services.memberships.to_csv(index=False) == direct.memberships.to_csv(index=False)
    assert services.key == everything.key + (("restrict", "services"),)
    with pytest.raises(ValueError, match="one bool per kept collaboration"):
        everything.restrict([True], "wrong length")


@pytest.mark.skipif(not NORDIC.is_dir(), reason="data/nordic is not in this checkout")
def test_a_corrupted_copy_leaves_the_bundled_data_selection_whole():
    m = gm.load(NORDIC)
    n = len(gm.select(m).actors)
    s = gm.select(m)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s.actors.drop(s.actors.index[:3], inplace=True)
        s.actors["name"] = "x"
    assert len(gm.select(m).actors) == n
    assert "x" not in set(gm.select(m).actors["name"])


def test_check_filters_refuses_a_name_that_is_not_a_filter():
    assert check_filters({}) == {}
    assert check_filters({"status": None}, defaults={"kinds": None, "status": ("active",)}) == {
        "kinds": None, "status": None}
    with pytest.raises(TypeError, match="unknown filter 'sector'.*sectors"):
        check_filters({"sector": "ict"})
    with pytest.raises(TypeError, match="unknown filter 'sector'"):
        gm.actor_pairs(Model.from_frames(
            pd.DataFrame({"id": ["a"], "name": ["A"], "kind": "municipality"}),
            pd.DataFrame({"id": ["s"], "name": ["S"], "kind": "service"}),
            pd.DataFrame({"actor": ["a"], "collaboration": ["s"]})), sector="ict")
    assert FILTER_NAMES == ("as_of", "sectors", "kinds", "actor_kinds", "status", "countries",
                            "regions", "members_of")


def test_effective_status_follows_the_dates():
    c = pd.DataFrame({
        "status": ["ended", "ended", "planned", "active", "ended"],
        "start": pd.to_datetime(["2004-01-01", None, "2030-01-01", None, None]),
        "end": pd.to_datetime(["2017-12-31", None, None, None, "2009-05-01"]),
    })
    assert effective_status(c, "2010-06-01").tolist() == [
        "active", "ended", "planned", "active", "active"]
    assert effective_status(c, None).tolist() == c["status"].tolist()
    assert np.array_equal(effective_status(c, "2010"), effective_status(c, "2010-01-01"))
