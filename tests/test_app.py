"""The Streamlit explorer, run headless with AppTest on the bundled data (data/nordic)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

import graphmodel as gm

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"
PAGES = ["network", "overlap", "fragmentation", "profile", "data", "share"]

pytestmark = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")


def run(query=None, page=None, timeout=120) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if query:
        at.query_params.update(query)
    at.run()
    if page and page != "network":
        at.switch_page(f"explorer/pages/{page}.py").run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def srcdoc(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


@pytest.fixture(scope="module")
def bundled():
    return gm.load(DATA)


def test_opens_on_network_with_bundled_data(bundled):
    at = run()
    ok(at)
    assert at.title[0].value == "Network"
    html = srcdoc(at)
    assert html.startswith("<!DOCTYPE html>")
    assert "Selbu" in html and "Værnesregionen" in html
    assert at.session_state["data_in_use"].content_hash() == bundled.content_hash()
    assert at.query_params == {}  # defaults keep the link clean


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(page):
    at = run(page=page)
    ok(at)
    assert at.title[0].value.startswith(
        {"profile": "Municipality", "network": "Network"}.get(page, page.capitalize()))


def test_focus_from_link_and_back_into_link():
    at = run({"focus": "no-5032", "depth": "2", "sector": "ict"})
    ok(at)
    assert not at.warning
    assert at.selectbox(key="focus").value == "no-5032"
    assert at.selectbox(key="depth").value == 2
    assert at.multiselect(key="sector").value == ["ict"]
    html = srcdoc(at)
    assert "Selbu" in html and "IKT-plattform Værnesregionen" in html
    assert "Lister" not in html  # Agder is not within two steps of Selbu on ICT
    assert at.query_params["focus"] == "no-5032"
    assert at.query_params["sector"] == "ict"


def test_focus_by_name_is_accepted():
    at = run({"focus": "selbu"})
    ok(at)
    assert not at.warning
    assert at.selectbox(key="focus").value == "no-5032"


def test_unknown_ids_in_link_warn_and_are_dropped():
    at = run({"focus": "no-9999", "sector": ["ppt", "basket_weaving"], "council": "atlantis",
              "view": "galaxy", "date": "31.02.2024", "depth": "7"})
    ok(at)
    warnings = " ".join(w.value for w in at.warning)
    for bad in ("no-9999", "basket_weaving", "atlantis", "galaxy", "31.02.2024", "7"):
        assert bad in warnings
    assert at.selectbox(key="focus").value is None
    assert at.multiselect(key="sector").value == ["ppt"]
    assert at.query_params.get("sector") == "ppt"
    assert "focus" not in at.query_params and "council" not in at.query_params
    assert srcdoc(at)  # the network is still drawn


def test_changing_a_filter_updates_the_link_and_the_drawing():
    at = run()
    before = srcdoc(at)
    at.multiselect(key="sector").set_value(["child_welfare"]).run()
    ok(at)
    assert at.query_params["sector"] == "child_welfare"
    after = srcdoc(at)
    assert after != before
    assert "Barnevern Værnesregionen" in after and "IKT-plattform" not in after
    at.multiselect(key="status").set_value([]).run()  # any status: differs from the default
    assert at.query_params["status"] == ""
    reopened = run(dict(at.query_params))
    assert reopened.multiselect(key="status").value == []
    assert reopened.multiselect(key="sector").value == ["child_welfare"]


def test_selbu_child_welfare_question():
    """“Who does Selbu cooperate with on child welfare?” — answered, even when it is nobody."""
    at = run({"focus": "no-5032", "sector": "child_welfare"})
    ok(at)
    infos = " ".join(i.value for i in at.info)
    members = {m.actor for m in gm.load(DATA).memberships.itertuples()
               if m.collaboration == "vr-barnevern"}
    if "no-5032" not in members:
        assert "Selbu" in infos and "no ties" in infos
    at = run({"actor": "no-5032", "sector": "child_welfare"}, page="profile")
    ok(at)
    assert at.selectbox(key="actor").value == "no-5032"
    assert at.dataframe  # agreements / suggestions tables are shown


def test_council_detail_lists_dual_members():
    """“How fragmented is Værnesregionen, and which members also sit in Trondheimsregionen?”"""
    model = gm.load(DATA)
    duals = gm.dual_members(model)
    vr = set(model.memberships.loc[model.memberships["collaboration"] == "vr-rad", "actor"])
    expected = set(duals.loc[duals["actor"].isin(vr), "name"])
    at = run({"detail": "vr-rad"}, page="fragmentation")
    ok(at)
    assert at.selectbox(key="detail").value == "vr-rad"
    shown = [d for d in at.dataframe if "Also in" in d.value.columns]
    if expected:
        assert shown and set(shown[0].value["Municipality"]) == expected
    assert any(m.label == "Fragmentation" for m in at.metric)


def test_group_suggestions_for_a_council():
    at = run({"council": "ostfold5", "sector": "ppt"}, page="profile")
    ok(at)
    assert any("The whole group" in s.value for s in at.subheader)


def _bad_files():
    return [
        ("actors.csv", b"id,name,kind\nno-1,Alpha,town\nno-2,Beta,municipality\n", "text/csv"),
        ("collaborations.csv", b"id,name,kind\ns1,Shared,service\n", "text/csv"),
        ("memberships.csv", b"actor,collaboration\nno-1,s1\nno-3,s1\n", "text/csv"),
    ]


def test_bad_upload_shows_every_problem_and_keeps_the_data(bundled):
    at = run(page="data")
    at.file_uploader(key="upload").set_value(_bad_files()).run()
    assert not at.exception
    assert "has not changed" in at.error[0].value
    problems = next(d.value for d in at.dataframe if "What to do" in d.value.columns)
    assert {"File", "Line", "Column", "Value"} <= set(problems.columns)
    rows = {(r.File, int(r.Line), r.Column, r.Value) for r in problems.itertuples()}
    assert ("actors.csv", 2, "kind", "town") in rows
    assert ("memberships.csv", 3, "actor", "no-3") in rows
    assert at.session_state["data_in_use"].content_hash() == bundled.content_hash()
    at.switch_page("explorer/pages/network.py").run()
    ok(at)
    assert "Selbu" in srcdoc(at)  # still the bundled data


def test_garbage_upload_never_crashes(bundled):
    at = run(page="data")
    at.file_uploader(key="upload").set_value([("data.zip", b"not a zip", "application/zip")])
    at.run()
    assert not at.exception
    assert "has not changed" in at.error[0].value
    assert at.session_state["data_in_use"].content_hash() == bundled.content_hash()


def test_good_zip_upload_becomes_the_data_in_use():
    files = {
        "actors.csv": "id;name;kind\nx-1;Ås;municipality\nx-2;Ski;municipality\n",
        "collaborations.csv": "id;name;kind;sector\nc-1;Felles IKT;service;ict\n",
        "memberships.csv": "actor;collaboration\nx-1;c-1\nx-2;c-1\n",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    at = run(page="data")
    at.file_uploader(key="upload").set_value(("follo.zip", buf.getvalue(), "application/zip"))
    at.run()
    ok(at)
    model = at.session_state["data_in_use"]
    assert model.name == "follo" and len(model.actors) == 2
    assert any("follo" in s.value for s in at.success)
    at.switch_page("explorer/pages/network.py").run()
    ok(at)
    assert "Felles IKT" in srcdoc(at) and "Selbu" not in srcdoc(at)


def test_presentation_mode_hides_controls():
    at = run({"present": "1", "focus": "no-5035", "title": "Stjørdal", "note": "For the board"})
    ok(at)
    assert not at.selectbox  # no controls on the page
    assert at.subheader[0].value == "Stjørdal"
    assert "Stjørdal" in srcdoc(at)
    assert at.query_params["present"] == "1"


def test_share_page_offers_files_and_a_link_that_reopens_the_view():
    at = run({"focus": "no-5035", "sector": "ict", "view": "actors"}, page="share")
    ok(at)
    at.text_input(key="title").input("ICT in Værnes").run()
    ok(at)
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Web page (HTML)", "Picture (PNG)", "Document (PDF)", "View file (JSON)"} <= labels
    link = at.code[0].value
    assert "focus=no-5035" in link and "sectors=ict" in link and "view=actors" in link
    query = dict(p.split("=", 1) for p in link.split("?", 1)[1].split("&"))
    from urllib.parse import unquote_plus
    query = {k: unquote_plus(v) for k, v in query.items()}
    again = run(query)
    ok(again)
    assert again.selectbox(key="focus").value == "no-5035"
    assert again.multiselect(key="sector").value == ["ict"]
    assert again.selectbox(key="view").value == "actors"


def test_view_link_with_unknown_focus_warns():
    view = gm.View(focus=("nowhere",))
    at = run(view.to_query_params())
    ok(at)
    assert any("nowhere" in w.value for w in at.warning)
    assert srcdoc(at)


def test_uploaded_view_file_reopens_the_view(bundled):
    view = gm.View.for_model(bundled, focus=("no-5031",), depth=2, color_by="sector",
                             filters={"sectors": ["fire"]}, title="Brann")
    at = run(page="share")
    at.file_uploader(key="view_upload").set_value(
        ("brann.view.json", view.to_json().encode(), "application/json")).run()
    ok(at)
    at.button(key="btn_open_view").click().run()
    ok(at)
    assert at.title[0].value == "Network"
    assert at.selectbox(key="focus").value == "no-5031"
    assert at.selectbox(key="depth").value == 2
    assert at.selectbox(key="color").value == "sector"
    assert at.multiselect(key="sector").value == ["fire"]


def test_bad_view_file_is_refused_politely():
    at = run(page="share")
    at.file_uploader(key="view_upload").set_value(
        ("x.json", json.dumps({"schema_version": 99}).encode(), "application/json")).run()
    assert not at.exception
    assert "cannot be opened" in at.error[0].value
