"""The explorer's Map page: AppTest on the bundled data, then a real browser (marked browser).

AppTest runs the page headless; the map itself is the library's SVG, carried in the page's
map component (``graphmodel.map``) as ``{"svg", "key"}``, which the tests read back. The
browser test starts ``streamlit run app.py`` and drives the system Chromium.
"""

from __future__ import annotations

import io
import json
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest
from harness import ROOT, SHOTS, collect_errors, streamlit_app

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from graphmodel.drawing.map import COLOR_BY

APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"
MAP = "graphmodel/explorer/pages/map.py"
HOSTILE = '<script>alert("x")</script>'
HOSTILE_AGREEMENT = '<img src=x onerror=alert(1)> Brann'

pytestmark = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")


def run_map(query=None, timeout=120) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if query:
        at.query_params.update(query)
    at.run()
    at.switch_page(MAP).run()
    return at


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def map_data(at: AppTest) -> dict:
    found = [e for e in at.get("bidi_component") if e.proto.component_name == "graphmodel.map"]
    assert len(found) == 1
    return json.loads(found[0].proto.json)


def data_ids(svg: str) -> set[str]:
    return set(re.findall(r'data-id="([^"]*)"', svg))


def test_map_page_runs_on_the_bundled_data():
    at = run_map()
    ok(at)
    assert at.title[0].value == "Map"
    svg = map_data(at)["svg"]
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    ids = data_ids(svg)
    assert {"no-5035", "no-5032", "se-0114"} <= ids  # Stjørdal, Selbu, Upplands Väsby
    assert any(i.startswith("no-") for i in ids) and any(i.startswith("se-") for i in ids)
    assert "<script" not in svg.lower()
    # The defaults keep the link clean: only the data in use and the language lead it.
    assert set(at.query_params) <= {"data", "lang"}, dict(at.query_params)
    assert any("drawn as outlines" in c.value for c in at.caption)


@pytest.mark.parametrize("color", COLOR_BY)
def test_every_colouring_draws_and_goes_into_the_link(color):
    at = run_map()
    at.selectbox(key="map_color").set_value(color).run()
    ok(at)
    svg = map_data(at)["svg"]
    titles = {"fragmentation": "Fragmentation", "agreements": "Agreements",
              "home_council": "Home council", "strategy": "Strategy",
              "community": "Community", "ba_region": "BA-region (TØI 1713/2019)"}
    assert f'font-size="12">{titles[color]}</text>' in svg  # the legend's title
    assert at.query_params.get("color") == (None if color == "fragmentation" else color)


def test_colouring_and_agreement_from_the_link():
    at = run_map({"color": "strategy", "agreement": "lister-barnevern"})
    ok(at)
    assert at.selectbox(key="map_color").value == "strategy"
    assert at.selectbox(key="agreement").value == "lister-barnevern"
    svg = map_data(at)["svg"]
    # Farsund hosts it: one solid line to each of the other members, crossing ones dashed
    assert svg.count('stroke="#1f2328" stroke-width="1.8" stroke-linecap="round"') >= 2
    assert 'stroke-dasharray="6 4"' in svg
    assert "members → host" in svg
    assert at.query_params["color"] == "strategy"
    assert at.query_params["agreement"] == "lister-barnevern"


def test_a_bad_colour_in_the_link_warns_and_falls_back():
    at = run_map({"color": "rainbow"})
    assert not at.exception
    assert any("rainbow" in w.value for w in at.warning)
    assert at.selectbox(key="map_color").value == "fragmentation"


def test_focus_from_the_link_is_shared_with_the_network_page():
    at = run_map({"focus": "no-5035"})
    ok(at)
    svg = map_data(at)["svg"]
    assert re.search(r'font-weight="bold"[^>]*>Stjørdal</text>', svg)  # the focus, named
    assert at.query_params["focus"] == "no-5035"
    at.switch_page("graphmodel/explorer/pages/network.py").run()
    ok(at)
    assert at.selectbox(key="focus").value == "no-5035"
    at.selectbox(key="focus").set_value("no-5032").run()  # Selbu, chosen on the network
    at.switch_page(MAP).run()
    ok(at)
    assert re.search(r'font-weight="bold"[^>]*>Selbu</text>', map_data(at)["svg"])


def test_presentation_mode_shows_the_map_without_controls():
    at = run_map({"present": "1", "color": "agreements", "focus": "no-5032"})
    ok(at)
    assert not at.selectbox
    svg = map_data(at)["svg"]
    assert 'font-size="12">Agreements</text>' in svg
    assert re.search(r'font-weight="bold"[^>]*>Selbu</text>', svg)
    assert at.query_params["present"] == "1" and at.query_params["color"] == "agreements"


def test_members_of_keeps_only_the_members():
    at = run_map({"council": "storsthlm"})
    ok(at)
    ids = data_ids(map_data(at)["svg"])
    assert ids and all(i.startswith("se-") for i in ids)


def _hostile_zip() -> bytes:
    files = {
        "actors.csv": ("id;name;kind;country;code;lat;lon\n"
                       'x-1;"<script>alert(""x"")</script>";municipality;NO;5035;;\n'
                       "x-2;Selbu;municipality;NO;5032;;\n"
                       "x-3;\"[evil](http://evil.example) **bold**\";municipality;NO;;;\n"),
        "collaborations.csv": ("id;name;kind;sector;host\n"
                               f"c-1;{HOSTILE_AGREEMENT};service;fire;x-1\n"),
        "memberships.csv": "actor;collaboration\nx-1;c-1\nx-2;c-1\nx-3;c-1\n",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def test_hostile_names_appear_only_escaped():
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("graphmodel/explorer/pages/data.py").run()
    at.file_uploader(key="upload").set_value(("hostile.zip", _hostile_zip(),
                                              "application/zip")).run()
    assert at.session_state["data_in_use"].actor("x-1")["name"] == HOSTILE
    at.switch_page(MAP).run()
    at.selectbox(key="agreement").set_value("c-1").run()
    ok(at)
    svg = map_data(at)["svg"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg
    assert "&lt;img src=x onerror=alert(1)&gt; Brann" in svg
    assert "<script" not in svg and "<img" not in svg
    tree = ET.fromstring(svg)  # well-formed: nothing from data broke out of its text
    tags = {e.tag.rsplit("}", 1)[-1] for e in tree.iter()}
    assert tags <= {"svg", "title", "rect", "clipPath", "g", "path", "line", "circle", "text"}
    assert not [a for e in tree.iter() for a in e.attrib if a.lower().startswith("on")]
    texts = "".join(tree.itertext())
    assert HOSTILE in texts and HOSTILE_AGREEMENT in texts  # shown as text, never as markup
    assert data_ids(svg) == {"x-1", "x-2"}
    # the actor with neither code nor coordinates is listed under the map, as plain text
    table = next(d.value for d in at.dataframe if "Why it is not on the map" in d.value.columns)
    assert list(table["Name"]) == ["[evil](http://evil.example) **bold**"]
    for element in list(at.markdown) + list(at.caption) + list(at.subheader):
        assert "<script" not in element.value and "evil.example" not in element.value


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    with streamlit_app(tmp_path_factory.mktemp("map-ws")) as url:
        yield url


def _wait(predicate, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError("waited in vain")


def _query(page) -> dict:
    # the address bar as the page sees it (Playwright's page.url lags behind replaceState)
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


@pytest.mark.browser
def test_map_in_a_browser_focus_by_click_and_no_request_leaves(server, chromium):
    requests: list[str] = []
    page = chromium.new_page(viewport={"width": 1440, "height": 1000})
    page.on("request", lambda r: requests.append(r.url))
    errors = collect_errors(page, console=False)
    try:
        page.goto(f"{server}/map?color=home_council", wait_until="domcontentloaded")
        svg = page.locator("div.gm-map-root svg.gm-map")  # CSS pierces the shadow root
        svg.wait_for(timeout=90_000)
        assert page.locator('svg.gm-map path[data-id^="no-"]').count() >= 20
        assert page.locator('svg.gm-map path[data-id^="se-"]').count() >= 10
        assert page.locator("svg.gm-map title").first.text_content()

        key = page.locator("div.gm-map-root").get_attribute("data-key")
        page.locator('svg.gm-map path[data-id="no-5035"]').click()  # Stjørdal
        _wait(lambda: _query(page).get("focus") == ["no-5035"])
        assert _query(page)["color"] == ["home_council"]
        _wait(lambda: page.locator("div.gm-map-root").get_attribute("data-key") != key)
        focus = page.locator('[data-testid="stSelectbox"]').filter(has_text="Focus on")
        _wait(lambda: focus.locator("input").input_value() == "Stjørdal")
        time.sleep(0.5)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "app-map.png"))

        # the focus holds on the other pages
        page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Network").click()
        _wait(lambda: urlsplit(page.evaluate("location.href")).path == "/")
        _wait(lambda: _query(page).get("focus") == ["no-5035"])
    finally:
        page.close()
    assert not errors, errors
    host = urlsplit(server).netloc
    away = [u for u in requests
            if urlsplit(u.removeprefix("blob:")).netloc != host and not u.startswith("data:")]
    assert not away, away
