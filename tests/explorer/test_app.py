"""The Streamlit explorer, run headless with AppTest on the bundled data (data/nordic)."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

import graphmodel as gm
from graphmodel.explorer.charts import PLOT_MAX, cell_size, heatmap, unique_labels
from graphmodel.explorer.view_state import app_root

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"
PAGES = ["network", "overlap", "fragmentation", "profile", "data", "share"]

pytestmark = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")


@pytest.fixture(autouse=True, scope="module")
def _workspace(tmp_path_factory):
    """A workspace of this module's own (the app opens one at start), never the user's."""
    mp = pytest.MonkeyPatch()
    mp.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path_factory.mktemp("workspace")))
    mp.delenv("GRAPHMODEL_DATA", raising=False)
    mp.delenv("GRAPHMODEL_LANG", raising=False)
    yield
    mp.undo()


def run(query=None, page=None, timeout=120) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if query:
        at.query_params.update(query)
    at.run()
    if page and page != "network":
        at.switch_page(f"graphmodel/explorer/pages/{page}.py").run()
    return at


def plain(markdown: str) -> str:
    """Escaped Markdown as the reader sees it (backslashes before punctuation dropped)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def srcdoc(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return frames[0].proto.srcdoc


def unescape(text: str) -> str:
    """Text as shown, from its Markdown-escaped form (``ui.md_escape``)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", str(text)))


def table_with(at: AppTest, column: str):
    """The one table on the page that has ``column``."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, f"{len(found)} tables with a column {column!r}"
    return found[0]


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
    # defaults keep the link clean: only the data (a workspace version) and the language
    assert set(at.query_params) == {"data", "lang"} and at.query_params["lang"] == "en"


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
    warnings = plain(" ".join(w.value for w in at.warning))
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


def _child_welfare_partners(model, actor):
    """Hand-rolled answer: names of the actors sharing an active child-welfare service."""
    m, c, a = model.memberships, model.collaborations, model.actors
    cw = set(c.loc[(c["sector"] == "child_welfare") & (c["kind"] == "service")
                   & (c["status"] == "active"), "id"])
    mine = set(m.loc[(m["actor"] == actor) & m["collaboration"].isin(cw), "collaboration"])
    others = set(m.loc[m["collaboration"].isin(mine) & (m["actor"] != actor), "actor"])
    municipalities = set(a.loc[a["kind"] == "municipality", "id"])
    return mine, {n for i, n in zip(a["id"], a["name"]) if i in others & municipalities}


def test_selbu_child_welfare_question(bundled):
    """“Who does Selbu cooperate with on child welfare?” — focus + sector shows the partners."""
    agreements, partners = _child_welfare_partners(bundled, "no-5032")
    at = run({"focus": "no-5032", "sector": "child_welfare"})
    ok(at)
    assert at.selectbox(key="depth").value == 2  # "who takes part in what" opens with partners
    assert "depth" not in at.query_params  # the picture's own default stays out of the link
    html = srcdoc(at)
    if not agreements:
        infos = " ".join(i.value for i in at.info)
        assert "Selbu" in infos and "no ties" in infos
    else:
        for name in partners:
            assert f'"label": "{name}"' in html, name
        table = next(t.value for t in at.table if "With" in t.value.columns)  # wraps
        assert set(table["With"].map(unescape).str.split(", ").explode()) == partners
        assert f"cooperates with **{len(partners)}**" in " ".join(m.value for m in at.markdown)
    at = run({"actor": "no-5032", "sector": "child_welfare"}, page="profile")
    ok(at)
    assert at.selectbox(key="actor").value == "no-5032"
    assert at.dataframe  # agreements / suggestions tables are shown


def test_view_change_resets_the_distance_and_places_stay():
    at = run({"focus": "no-5035"})
    assert at.selectbox(key="depth").value == 2
    at.selectbox(key="view").set_value("actors").run()
    ok(at)
    assert at.selectbox(key="depth").value == 1  # direct partners in "who works with whom"
    assert at.query_params["view"] == "actors" and "depth" not in at.query_params
    at.selectbox(key="depth").set_value(2).run()
    assert at.query_params["depth"] == "2"


def test_widgets_send_their_values_on_every_run():
    """A run cut short (a page click during the slow first run) must not leave the browser
    showing empty filters: every run sends each widget's value along (``params.hold``)."""
    at = run({"focus": "no-5035"})
    at.run()  # a later run: the values now come from the session, not from the link
    ok(at)
    for key, shown in (("kind", ["Service agreements"]), ("status", ["In force"])):
        proto = at.multiselect(key=key).proto
        assert proto.set_value and list(proto.raw_values) == shown, key
    for key in ("focus", "depth", "view", "color", "size"):
        assert at.selectbox(key=key).proto.set_value, key


def _places(html: str) -> dict[str, tuple[float, float]]:
    found = re.findall(r'\{"id": "([^"]+)", "label": .*?"x": ([-\d.e]+), "y": ([-\d.e]+)', html)
    return {i: (float(x), float(y)) for i, x, y in found}


def test_nodes_keep_their_places_when_a_filter_changes():
    at = run()
    before = _places(srcdoc(at))
    assert len(before) > 50
    at.run()  # a rerun with nothing changed sends the very same page: no redraw
    assert _places(srcdoc(at)) == before
    at.multiselect(key="sector").set_value(["child_welfare"]).run()
    after = _places(srcdoc(at))
    assert 3 < len(after) < len(before)
    assert all(after[i] == before[i] for i in after if i in before)
    assert sum(i in before for i in after) >= len(after) - 1


def test_council_detail_lists_dual_members():
    """“How fragmented is Værnesregionen, and which members also sit in Trondheimsregionen?”"""
    model = gm.load(DATA)
    duals = gm.dual_members(model)
    vr = set(model.memberships.loc[model.memberships["collaboration"] == "vr-rad", "actor"])
    expected = set(duals.loc[duals["actor"].isin(vr), "name"])
    at = run({"detail": "vr-rad"}, page="fragmentation")
    ok(at)
    assert at.selectbox(key="detail").value == "vr-rad"
    shown = [d for d in at.dataframe if "other" in d.value.columns]  # shown as "Also in"
    if expected:
        assert shown and set(shown[0].value["name"]) == expected
    assert any(m.label == "Fragmentation" for m in at.metric)


def test_council_detail_lists_its_agreements_with_hosts_and_counts(bundled):
    """Værnesregionen's slide 5: its services with host and member counts."""
    at = run({"detail": "vr-rad"}, page="fragmentation")
    ok(at)
    t = next(d.value for d in at.dataframe if "fit_words" in d.value.columns)
    expected = gm.council_agreements(bundled, "vr-rad")
    assert t["name"].tolist() == expected["name"].tolist()
    row = t.set_index("name").loc["IKT-plattform Værnesregionen"]
    assert (row["host_name"], int(row["n_members"]), row["sector_name"],
            row["fit_words"]) == ("Stjørdal", 6, "ICT", "all of them")
    legevakt = t.set_index("name").loc["Legevakten i Trondheim (interkommunal)"]
    assert legevakt["fit_words"] == "1 + members outside"


def test_group_suggestions_for_a_council(bundled):
    """“Where could the Østfold five cooperate on PPT, and with whom?” — the group comes first."""
    at = run({"council": "ostfold5", "sector": "ppt"}, page="profile")
    ok(at)
    assert at.subheader[0].value.startswith("The whole group")
    m = bundled.memberships
    five = set(m.loc[m["collaboration"] == "ostfold5", "actor"])
    now = table_with(at, "actor_name").rename(columns={"actor_name": "Members in it"})
    assert set(now["sector"]) == {"PPT (pupil support)"}
    names = dict(zip(bundled.actors["id"], bundled.actors["name"]))
    in_now = set(now["Members in it"].str.split(", ").explode())
    assert in_now <= {names[a] for a in five}
    sugg = table_with(at, "inside")  # shown as "In the group"
    without = {names[a] for a in five} - in_now  # members with no PPT agreement yet
    assert without and set(sugg["municipality"]) == without
    assert (sugg["rank"] >= 1).all()


def test_ostfold_five_legal_gaps_told_as_they_are(bundled):
    """“Where do the Østfold five stand on legal services?” (seed 001): none has one in
    force, the joint service is planned, and the single municipality stays in the group."""
    at = run({"council": "ostfold5", "sector": "legal"}, page="profile")
    ok(at)
    assert not any("already cooperates" in s.value for s in at.success)
    info = unescape(" ".join(i.value for i in at.info))
    assert "**Legal services**: none of the 5 has one in force" in info
    assert "planned for 5 of 5: Felles juridisk tjeneste (Østfold-fem)" in info
    assert "no agreement in force within 150 km to join" in info
    each = next(d.value for d in at.dataframe if "municipality" in d.value.columns
                and "standing" in d.value.columns)
    assert len(each) == 5 and each["standing"].str.startswith("planned").all()
    m = bundled.memberships
    five = set(m.loc[m["collaboration"] == "ostfold5", "actor"])
    assert at.selectbox(key="actor").value in five  # not Aremark, outside the group
    assert set(at.selectbox(key="actor").options) == {
        n for a, n in zip(bundled.actors["id"], bundled.actors["name"]) if a in five}


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
    problems = next(t.value for t in at.table if "What to do" in t.value.columns)
    assert {"File", "Line", "Column", "Value"} <= set(problems.columns)
    problems = problems.map(unescape)  # cells are escaped for Markdown (st.table reads it)
    rows = {(r.File, int(r.Line), r.Column, r.Value) for r in problems.itertuples()}
    assert ("actors.csv", 2, "kind", "town") in rows
    assert ("memberships.csv", 3, "actor", "no-3") in rows
    assert at.session_state["data_in_use"].content_hash() == bundled.content_hash()
    at.switch_page("graphmodel/explorer/pages/network.py").run()
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
    at.switch_page("graphmodel/explorer/pages/network.py").run()
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
    assert link.startswith("/?") and "/network" not in link  # the Network page lives at /
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


def test_view_file_with_one_step_keeps_one_step(bundled):
    view = gm.View.for_model(bundled, focus=("no-5035",), depth=1)
    at = run(view.to_query_params())
    ok(at)
    assert at.selectbox(key="depth").value == 1
    assert at.query_params["depth"] == "1"


def test_nothing_links_to_the_network_path():
    """The Network page is served at "/"; "/network" is only a redirect for old links."""
    app = (ROOT / "graphmodel" / "explorer" / "app.py").read_text(encoding="utf-8")
    assert app.count('url_path="network"') == 1
    assert 'url_path="network", visibility="hidden"' in app  # the redirect, hidden
    files = [*sorted((ROOT / "graphmodel" / "explorer").rglob("*.py")), ROOT / "README.md",
             *sorted((ROOT / "docs").glob("*.md"))]
    for path in files:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"/network(?![\w.-])", text), path


def test_overlap_heatmap_fits_the_main_column(bundled):
    at = run(page="overlap")
    ok(at)
    heat, matrix = (json.loads(c.proto.spec) for c in at.get("vega_lite_chart"))
    # one layered view (Streamlit squeezes concatenated charts), sized by the app itself
    assert "hconcat" not in heat and heat["autosize"]["type"] == "pad"
    assert heat["width"] == heat["height"] <= PLOT_MAX
    marks = heat["layer"]
    domain = marks[1]["encoding"]["y"]["scale"]["domain"]
    frag = gm.actor_fragmentation(bundled)
    assert len(domain) == int((frag["n_collaborations"] > 0).sum())  # every active municipality
    assert marks[1]["encoding"]["x"]["scale"]["domain"] == domain
    strip = marks[2]["encoding"]
    assert strip["x"]["value"] < 0 < strip["x2"]["value"] + 3  # just left of the squares
    assert strip["y"]["scale"]["domain"] == domain
    assert matrix["autosize"]["type"] == "pad" and matrix["width"] <= PLOT_MAX


def test_council_bars_keep_their_height():
    at = run(page="fragmentation")
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["autosize"]["type"] == "fit-x"  # not "fit": the legend must not squeeze bars


def test_cell_size_and_heatmap_on_tiny_data():
    assert cell_size(3) == 22 and cell_size(60) == PLOT_MAX // 60 and cell_size(500) == 9
    people = pd.DataFrame({"id": ["a", "b", "c"], "label": ["Aby", "Bes", "Cel"],
                           "group": ["R", "R", "(no council)"]})
    pairs = pd.DataFrame({"a": ["a", "b"], "b": ["b", "c"], "shared": [2, 1],
                          "jaccard": [1.0, 0.5]})
    spec = heatmap(people, pairs, measure="jaccard", measure_title="In common",
                   group_title="Council").to_dict()
    data = {name: rows for name, rows in spec["datasets"].items()}
    squares = next(rows for rows in data.values() if rows and "value" in rows[0])
    got = sorted((r["row"], r["col"], r["value"]) for r in squares)
    assert got == [("Aby", "Bes", 1.0), ("Bes", "Aby", 1.0), ("Bes", "Cel", 0.5),
                   ("Cel", "Bes", 0.5)]
    assert spec["width"] == spec["height"] == 3 * 22
    assert unique_labels(["x", "y"], ["Våler", "Våler"]) == ["Våler (x)", "Våler (y)"]


def test_app_root_keeps_a_base_path():
    assert app_root("http://h:8501/share") == "http://h:8501/"
    assert app_root("http://h/apps/gm/share?x=1") == "http://h/apps/gm/"
    assert app_root("http://h/apps/gm/") == "http://h/apps/gm/"


def test_bad_view_file_is_refused_politely():
    at = run(page="share")
    at.file_uploader(key="view_upload").set_value(
        ("x.json", json.dumps({"schema_version": 99}).encode(), "application/json")).run()
    assert not at.exception
    assert "cannot be opened" in at.error[0].value


# ---------------------------------------------------------------- one council rule everywhere

@pytest.fixture
def council_data(tmp_path, monkeypatch):
    """Council R: Aby and Bes members, Xan a member who left in 2015, Obs an observer.
    Service agreements: s1 {Aby, Bes, Xan, Obs}, s2 {Aby, Cel}, s3 {Bes, Xan}.
    On 2024-01-01 the members of R are Aby and Bes (hand-checked), whatever the page."""
    folder = tmp_path / "council"
    folder.mkdir()
    (folder / "actors.csv").write_text(
        "id,name,kind\na,Aby,municipality\nb,Bes,municipality\nc,Cel,municipality\n"
        "x,Xan,municipality\no,Obs,municipality\n", encoding="utf-8")
    (folder / "collaborations.csv").write_text(
        "id,name,kind,sector,start\nr,Rådet,council,general,2000\n"
        "s1,Felles IKT,service,ict,2001\ns2,Felles PPT,service,ppt,2002\n"
        "s3,Felles brann,service,fire,2003\n", encoding="utf-8")
    (folder / "memberships.csv").write_text(
        "actor,collaboration,role,end\na,r,member,\nb,r,member,\nx,r,member,2015-12-31\n"
        "o,r,observer,\na,s1,,\nb,s1,,\nx,s1,,\no,s1,,\na,s2,,\nc,s2,,\nb,s3,,\nx,s3,,\n",
        encoding="utf-8")
    monkeypatch.setenv("GRAPHMODEL_DATA", str(folder))
    return folder


def test_council_members_are_the_same_on_every_page(council_data):
    query = {"council": "r", "date": "2024-01-01"}
    expected = {"Aby", "Bes"}
    names = {"a": "Aby", "b": "Bes", "c": "Cel", "x": "Xan", "o": "Obs"}

    at = run(query)
    ok(at)
    assert at.session_state["data_in_use"].name == "council"
    drawn = set(re.findall(r'"id": "([a-z])"', srcdoc(at)))
    assert {names[i] for i in drawn if i in names} == expected

    at = run(query, page="overlap")
    ok(at)
    heat = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert set(heat["layer"][1]["encoding"]["y"]["scale"]["domain"]) == expected

    at = run(query, page="fragmentation")
    ok(at)
    assert set(table_with(at, "effective_partners")["name"]) == expected

    # before Xan left (2010) Xan counts too; the observer never does
    at = run({"council": "r", "date": "2010"}, page="fragmentation")
    ok(at)
    assert set(table_with(at, "effective_partners")["name"]) == expected | {"Xan"}


# ---------------------------------------------------------------- the date control

def test_date_control_spans_the_data_and_today(bundled):
    import datetime as dt

    at = run()
    ok(at)
    picker = at.date_input(key="date")
    low, high = picker.min, picker.max
    starts = pd.concat([bundled.collaborations["start"], bundled.memberships["start"]]).dropna()
    ends = pd.concat([bundled.collaborations["end"], bundled.memberships["end"]]).dropna()
    assert low == starts.min().date() <= dt.date(2005, 1, 1)
    assert high >= max(dt.date.today(), ends.max().date())


@pytest.mark.parametrize("typed, day", [("2005", "2005-01-01"), ("15.06.2005", "2005-06-15"),
                                        ("2005-06-15", "2005-06-15")])
def test_a_typed_date_applies_at_once(typed, day):
    at = run()
    before = srcdoc(at)
    at.text_input(key="date_text").input(typed).run()  # Enter: nothing else changes
    ok(at)
    assert str(at.date_input(key="date").value) == day
    assert at.query_params["date"] == day  # in the link at once
    assert srcdoc(at) != before  # the drawing follows (agreements started after 2005 go)
    assert at.text_input(key="date_text").value == typed
    reopened = run({"date": day})
    assert at.text_input(key="date_text").value == typed
    assert reopened.text_input(key="date_text").value == day
    assert srcdoc(reopened) == srcdoc(at)


def test_a_picked_date_in_2005_applies_and_shows_as_text():
    import datetime as dt

    at = run()
    at.date_input(key="date").set_value(dt.date(2005, 3, 1)).run()
    ok(at)
    assert at.query_params["date"] == "2005-03-01"
    assert at.text_input(key="date_text").value == "2005-03-01"
    at.text_input(key="date_text").input("").run()  # empty: any date again
    assert at.date_input(key="date").value is None and "date" not in at.query_params


def test_an_unreadable_typed_date_is_explained_and_changes_nothing():
    at = run({"date": "2010-01-01"})
    at.text_input(key="date_text").input("31.02.2005").run()
    ok(at)
    assert any("cannot read the date" in w.value for w in at.warning)
    assert at.query_params["date"] == "2010-01-01"
