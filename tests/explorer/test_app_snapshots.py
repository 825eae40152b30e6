"""Snapshots made in the explorer: the Change page's comparison, the Map page's map and the
Share page's saved view (AppTest), and one comparison opened offline in Chromium (browser).

The bytes handed to a download are caught where Streamlit stores them (its in-memory media
storage). The view file of each snapshot is re-rendered by the library, as the command line
would, and must give the same page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

import graphmodel as gm
from graphmodel.workspace.store import Workspace

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"
CHANGE = "graphmodel/explorer/pages/change.py"
MAP = "graphmodel/explorer/pages/map.py"
SHARE = "graphmodel/explorer/pages/share.py"
HOSTILE = '<img src=x onerror=alert(1)> Brann & "redning"'

needs_data = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")


@pytest.fixture
def stored(monkeypatch) -> dict:
    """Every file Streamlit stores for a download, by file name: (bytes, mimetype)."""
    got = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            got[filename] = (path_or_data, mimetype)
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return got


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("GRAPHMODEL_DATA", raising=False)
    monkeypatch.delenv("GRAPHMODEL_LANG", raising=False)
    return tmp_path / "ws"


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=240)
    at.query_params.update(query or {})
    at.run()
    at.switch_page(page).run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def one(stored: dict, suffix: str) -> tuple[str, bytes]:
    found = [(name, data) for name, (data, _m) in stored.items() if name.endswith(suffix)]
    assert len(found) == 1, sorted(stored)
    return found[0]


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def whatif_malvik(at: AppTest) -> None:
    at.session_state["change_mode"] = "whatif"
    at.run()
    at.radio(key="change_op").set_value("leave").run()
    at.selectbox(key="change_actor").set_value("no-5031").run()
    at.selectbox(key="change_coll_leave").set_value("trondheimsregionen").run()
    at.button(key="change_add_member").click().run()
    ok(at)


# --------------------------------------------------------------------------- Change page

@needs_data
def test_what_if_snapshot_shows_both_states_the_left_row_and_the_title(fresh, stored, tmp_path):
    at = open_page(CHANGE)
    whatif_malvik(at)
    assert "Web page (HTML)" not in buttons(at)  # made only when asked
    assert not any(n.endswith(".html") for n in stored)
    at.button(key="change_snapshot_make").click().run()
    ok(at)
    assert {"Web page (HTML)", "Picture (PNG)", "Document (PDF)",
            "View file (JSON)"} <= set(buttons(at))
    name, page = one(stored, ".html")
    assert name == "Proposal-Malvik-leaves-Trondheimsregionen.html"
    text = page.decode("utf-8")
    assert "Proposal: Malvik leaves Trondheimsregionen" in text
    # two drawings, before and after, each an inline SVG
    assert len(re.findall(r"<svg\b", text)) >= 2
    assert 'gm-net gm-before' in text and 'gm-net gm-after' in text
    left = re.search(r'class="change-left"[^>]*>[^<]*</td>\s*<td[^>]*>([^<]*)</td>\s*'
                     r'<td[^>]*>([^<]*)</td>', text)
    assert left and left.groups() == ("Trondheimsregionen", "Malvik"), left
    # the view file carries the what-if and re-renders to the same drawings (the CLI's way)
    _, spec = one(stored, ".view.json")
    view = gm.View.from_json(spec)
    assert view.scenario["title"] == "Malvik leaves Trondheimsregionen"
    assert view.scenario["edits"] == [{"op": "leave", "actor": "no-5031",
                                       "collaboration": "trondheimsregionen"}]
    assert view.compare_as_of is None and view.lang == "en"
    again = gm.snapshot_html(gm.load(DATA), view, made_at="2026-01-01")
    assert re.findall(r'data-id="[^"]*"', again) == re.findall(r'data-id="[^"]*"', text)
    (tmp_path / "snap").mkdir()
    (tmp_path / "snap" / name).write_bytes(page)
    # pressed once, kept while nothing changes; a change of the what-if takes it away
    at.text_input(key="change_title").set_value("Malvik går ut").run()
    ok(at)
    assert "Web page (HTML)" not in buttons(at)


@needs_data
def test_two_dates_snapshot_view_holds_both_dates_and_the_filters(fresh, stored):
    at = open_page(CHANGE, {"sector": "ppt"})
    at.text_input(key="change_from").set_value("2008").run()
    at.text_input(key="change_to").set_value("2024-01-01").run()
    at.button(key="change_snapshot_make").click().run()
    ok(at)
    _, spec = one(stored, ".view.json")
    view = gm.View.from_json(spec)
    assert (view.as_of, view.compare_as_of) == ("2008-01-01", "2024-01-01")
    assert view.scenario is None and view.filters["sectors"] == ("ppt",)
    name, page = one(stored, ".html")
    assert name == "change-2008-01-01-2024-01-01.html"
    text = page.decode("utf-8")
    assert "Change from 2008-01-01 to 2024-01-01" in text or "Change from" in text
    assert len(re.findall(r"<svg\b", text)) >= 2


@needs_data
def test_the_snapshot_is_in_the_language_in_use(fresh, stored):
    at = open_page(CHANGE, {"lang": "nb"})
    whatif_malvik(at)
    at.button(key="change_snapshot_make").click().run()
    ok(at)
    _, spec = one(stored, ".view.json")
    assert gm.View.from_json(spec).lang == "nb"
    _, page = one(stored, ".html")
    assert 'lang="nb"' in page.decode("utf-8")


# --------------------------------------------------------------------------- Map page

@needs_data
def test_map_snapshot_draws_the_municipalities_with_the_page_choices(fresh, stored):
    at = open_page(MAP)
    at.selectbox(key="map_color").set_value("home_council").run()
    at.selectbox(key="agreement").set_value("vr-barnevern").run()
    at.button(key="map_snapshot_make").click().run()
    ok(at)
    _, spec = one(stored, ".view.json")
    view = gm.View.from_json(spec)
    assert view.picture == "map" and view.map_color == "home_council"
    assert view.agreement == "vr-barnevern"
    _, page = one(stored, ".html")
    text = page.decode("utf-8")
    assert "<svg" in text
    ids = set(re.findall(r'data-id="([^"]*)"', text))
    assert {"no-5035", "no-5032", "se-0114"} <= ids
    assert "Stjørdal" in text
    again = gm.snapshot_html(gm.load(DATA), view, made_at="2026-01-01")
    assert set(re.findall(r'data-id="([^"]*)"', again)) == ids


def _hostile_version(folder: Path):
    quoted = '"' + HOSTILE.replace('"', '""') + '"'  # one CSV field
    files = {
        "actors.csv": "id,name,kind,country,code\n"
                      "a,Malvik,municipality,NO,5031\nb,Stjørdal,municipality,NO,5035\n"
                      "c,Selbu,municipality,NO,5032\n",
        "collaborations.csv": "id,name,kind,sector,host\n"
                              "x," + quoted + ",service,fire,a\n"
                              "y,Værnes IKT,service,ict,b\n",
        "memberships.csv": "actor,collaboration\na,x\nb,x\nc,x\nb,y\nc,y\n",
    }
    model = gm.load(files, name="hostile")
    assert model.collaborations.set_index("id").loc["x", "name"] == HOSTILE
    return Workspace(folder).add_dataset(model, "Hostile")


def _only_escaped(text: str) -> None:
    assert HOSTILE not in text and "<img" not in text
    assert "onerror=alert(1)&gt;" in text or "onerror=alert(1)&#62;" in text


def test_a_hostile_agreement_name_is_only_escaped_in_the_downloads(fresh, stored):
    version = _hostile_version(fresh)
    at = open_page(MAP, {"data": version.id})
    at.selectbox(key="agreement").set_value("x").run()
    at.button(key="map_snapshot_make").click().run()
    ok(at)
    _, page = one(stored, ".html")
    _only_escaped(page.decode("utf-8"))
    stored.clear()
    at.switch_page(CHANGE).run()
    at.session_state["change_mode"] = "whatif"
    at.run()
    at.radio(key="change_op").set_value("leave").run()
    at.selectbox(key="change_actor").set_value("c").run()
    at.selectbox(key="change_coll_leave").set_value("x").run()
    at.button(key="change_add_member").click().run()
    at.button(key="change_snapshot_make").click().run()
    ok(at)
    name, page = one(stored, ".html")
    assert "<" not in name and "/" not in name
    text = page.decode("utf-8")
    _only_escaped(text)
    assert "Selbu" in text
    _, spec = one(stored, ".view.json")
    assert json.loads(spec)["scenario"]["title"].startswith("Selbu leaves <img")  # data, as is


# --------------------------------------------------------------------------- Share page

@needs_data
def test_share_page_shares_the_map_when_coming_from_the_map_page(fresh, stored):
    at = open_page(MAP)
    at.selectbox(key="map_color").set_value("strategy").run()
    at.switch_page(SHARE).run()
    ok(at)
    assert at.session_state["share_picture"] == "map"
    assert any("map" in c.value for c in at.code)  # the link opens the Map page
    # the page's own JSON download is the map view
    _, spec = one(stored, ".view.json")
    view = gm.View.from_json(spec)
    assert view.picture == "map" and view.map_color == "strategy"


@needs_data
@pytest.mark.parametrize("kind", ["map", "scenario"])
def test_an_uploaded_view_renders_its_own_kind_of_snapshot(fresh, stored, kind):
    model = gm.load(DATA)
    if kind == "map":
        view = gm.View.for_model(model, picture="map", map_color="agreements",
                                 title="Kart <b>x</b>")
    else:
        view = gm.View.for_model(model, title="Forslag", scenario={
            "schema_version": 1, "title": "Malvik leaves Trondheimsregionen",
            "edits": [{"op": "leave", "actor": "no-5031",
                       "collaboration": "trondheimsregionen"}]})
    at = open_page(SHARE)
    stored.clear()
    at.file_uploader(key="view_upload").set_value(
        ("v.view.json", view.to_json().encode("utf-8"), "application/json")).run()
    ok(at)
    at.button(key="share_saved_make").click().run()
    ok(at)
    name, page = one(stored, ".html")
    text = page.decode("utf-8")
    expected = gm.snapshot_html(model, view, made_at="2026-01-01")
    assert re.findall(r'data-id="[^"]*"', text) == re.findall(r'data-id="[^"]*"', expected)
    if kind == "map":
        assert name == "Kart-b-x-b.html" and "Kart &lt;b&gt;x&lt;/b&gt;" in text
        assert "gm-map" in text
    else:
        assert 'gm-net gm-before' in text and 'gm-net gm-after' in text
        assert any("compares two states" in c.value for c in at.caption)


# --------------------------------------------------------------------------- a real browser

@needs_data
@pytest.mark.browser
@pytest.mark.slow
def test_comparison_snapshot_opens_offline_in_chromium(fresh, stored, tmp_path):
    from harness import FilePage, launch_chromium, need_chromium

    need_chromium()  # skipped before the app runs where there is no browser
    at = open_page(CHANGE)
    whatif_malvik(at)
    at.button(key="change_snapshot_make").click().run()
    ok(at)
    name, page = one(stored, ".html")
    path = tmp_path / name
    path.write_bytes(page)
    with launch_chromium() as browser:
        opened = FilePage(browser, path, (1400, 1000), files=True)
        tab = opened.page
        assert tab.locator("svg.gm-before").count() >= 1
        assert tab.locator("svg.gm-after").count() >= 1
        assert "Malvik leaves Trondheimsregionen" in tab.inner_text("body")
        opened.screenshot("app-change-snapshot.png")
    assert not opened.requests, opened.requests
    errors = [text for kind, text in opened.console if kind == "error"] + opened.errors
    assert not errors, errors
