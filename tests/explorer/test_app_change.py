"""The Change page, run headless with AppTest on the bundled data (data/nordic)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import graphmodel as gm

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"
PAGE = "graphmodel/explorer/pages/change.py"

pytestmark = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")


def change_page(timeout=180) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    at.switch_page(PAGE).run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def table_with(at: AppTest, column: str):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, f"{len(found)} tables with a column {column!r}"
    return found[0]


def test_two_dates_show_counts_table_drawings_and_timeline():
    at = change_page()
    ok(at)
    assert at.title[0].value == "Change"
    at.text_input(key="change_from").set_value("2008").run()
    at.text_input(key="change_to").set_value("2024-01-01").run()
    ok(at)
    expected = gm.Comparison.from_dates(gm.load(DATA), "2008", "2024-01-01").table()
    got = table_with(at, "collaboration_name")
    assert got.values.tolist() == expected[["change", "collaboration_name",
                                            "actor_name"]].values.tolist()
    counts = {m.label: m.value for m in at.metric}
    assert int(counts["Agreements formed"]) == (expected["change"] == "formed").sum()
    assert len(at.get("iframe")) == 2  # before and after side by side
    timeline = table_with(at, "year")
    assert list(timeline.columns) == ["year", "formed", "ended", "formed_5y"]


def test_a_bad_date_is_a_warning_not_an_exception():
    at = change_page()
    at.text_input(key="change_from").set_value("someday").run()
    ok(at)
    assert any("From" in w.value for w in at.warning)
    assert not at.get("iframe")


def test_what_if_malvik_leaves_trondheimsregionen_shows_a_left_row():
    at = change_page()
    at.session_state["change_mode"] = "whatif"
    at.run()
    ok(at)
    at.radio(key="change_op").set_value("leave").run()
    at.selectbox(key="change_actor").set_value("no-5031").run()
    at.selectbox(key="change_coll_leave").set_value("trondheimsregionen").run()
    at.button(key="change_add_member").click().run()
    ok(at)
    changes = table_with(at, "collaboration_name")
    assert changes.values.tolist() == [["left", "Trondheimsregionen", "Malvik"]]
    assert any("What-if in use" in w.value for w in at.warning)  # the banner
    assert [t.value for t in at.text if t.value.startswith("1.")] == [
        "1. Malvik leaves Trondheimsregionen"]
    assert len(at.get("iframe")) == 2
    # removable: the list empties and the comparison goes away
    at.button(key="change_remove_0").click().run()
    ok(at)
    assert at.session_state["change_edits"] == []
    assert not at.get("iframe")


def test_what_if_merge_and_new_agreement():
    at = change_page()
    at.session_state["change_mode"] = "whatif"
    at.run()
    at.radio(key="change_op").set_value("merge").run()
    at.multiselect(key="change_merge").set_value(["no-5031", "no-5035"]).run()
    at.text_input(key="change_merge_name").set_value("Malvik og Stjørdal").run()
    at.button(key="change_add_merge").click().run()
    ok(at)
    at.radio(key="change_op").set_value("add").run()
    at.text_input(key="change_new_name").set_value("=Joint *fire* service").run()
    at.multiselect(key="change_new_members").set_value(["no-5001"]).run()
    at.button(key="change_add_new").click().run()
    ok(at)
    edits = at.session_state["change_edits"]
    assert [e["op"] for e in edits] == ["merge", "add"]
    assert edits[0]["into"]["name"] == "Malvik og Stjørdal"
    changes = table_with(at, "collaboration_name")
    assert ["formed", "=Joint *fire* service", ""] in changes.values.tolist()
    assert any(b.label.startswith("Download this what-if") for b in at.get("download_button"))


TWO_VERSIONS = {
    "actors.csv": "id,name,kind,country,region\n"
                  "a,Alfa,municipality,NO,East\nb,Bravo,municipality,NO,East\n"
                  "c,Charlie,municipality,NO,East\n",
    "collaborations.csv": "id,name,kind,sector\nx,Xray IT,service,ict\ny,Yankee PPT,service,ppt\n",
    "memberships.csv": "actor,collaboration\na,x\nb,x\nb,y\nc,y\n",
}


def test_two_versions_of_a_dataset_compare_with_a_left_and_a_joined_row(tmp_path, monkeypatch):
    from graphmodel.workspace.store import Workspace

    folder = tmp_path / "ws"
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(folder))
    monkeypatch.delenv("GRAPHMODEL_DATA", raising=False)
    ws = Workspace(folder)
    older = gm.load(TWO_VERSIONS, name="tiny")
    # The newer register: Bravo left Xray IT, Charlie joined it.
    newer = gm.load(dict(TWO_VERSIONS, **{
        "memberships.csv": "actor,collaboration\na,x\nb,y\nc,y\nc,x\n"}), name="tiny")
    v1 = ws.add_dataset(older, "Tiny register", "first")
    v2 = ws.add_version(v1.dataset_id, newer, "second", parent=v1.id)

    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params["data"] = v2.id  # the newer version is the data in use
    at.run()
    at.switch_page(PAGE).run()
    at.session_state["change_mode"] = "versions"
    at.run()
    ok(at)
    assert at.selectbox(key="change_version").value == v1.id  # the only other version
    got = table_with(at, "collaboration_name")
    rows = {tuple(r) for r in got[["change", "collaboration_name", "actor_name"]].values}
    assert ("left", "Xray IT", "Bravo") in rows
    assert ("joined", "Xray IT", "Charlie") in rows
    assert not any(r[2] == "Alfa" for r in rows)  # Alfa's memberships did not change


def test_an_empty_side_says_why_instead_of_an_empty_frame():
    """Sweden from 2016: the three agreements formed later are not there before, so the left
    side says so (no blank drawing); the right side draws them."""
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.query_params.update({"country": "SE"})
    at.run()
    at.switch_page(PAGE).run()
    ok(at)
    assert int({m.label: m.value for m in at.metric}["Agreements formed"]) == 3
    assert len(at.get("iframe")) == 1
    assert any("Not in this view" in str(i.value) for i in at.info)
