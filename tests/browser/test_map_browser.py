"""The map SVG in a real browser: opens from disk with every other request aborted, no console
error, hostile names shown as text. Screenshot: tests/screenshots/map.png (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest
from drawing.test_map import HOSTILE, tiny
from harness import FilePage

import graphmodel as gm
from graphmodel.drawing.map import map_view
from graphmodel.drawing.map_svg import map_svg

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _page(svg: str, title: str) -> str:
    return ("<!doctype html><html><head><meta charset='utf-8'>"
            f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            f"<title>{title}</title></head><body style='margin:0'>{svg}</body></html>")


def _visit(chromium, path: Path, shot: str):
    """Open ``path`` offline, wait for the map, take a screenshot: (page, requests, console
    messages as (type, text), page errors)."""
    visit = FilePage(chromium, path, (1200, 860))
    visit.page.wait_for_selector("svg.gm-map")
    visit.screenshot(shot, full_page=False)
    return visit.page, visit.requests, visit.console, visit.errors


def test_nordic_map_offline(chromium, tmp_path):
    model = gm.load(REPO / "data" / "nordic")
    mv = map_view(model, color_by="fragmentation")
    path = tmp_path / "map.html"
    path.write_text(_page(map_svg(mv, width=1180, height=840, title="Nordic agreements"),
                          "map"), encoding="utf-8")
    page, requests, console, errors = _visit(chromium, path, "map.png")
    assert requests == [] and errors == []
    assert [c for c in console if c[0] in ("error", "warning")] == []
    # every municipality of the data is drawn as a shape with its hover text
    assert page.locator("svg.gm-map path[data-id]").count() == 58
    box = page.locator("svg.gm-map").bounding_box()
    assert box["width"] > 1000 and box["height"] > 700
    page.close()


def test_focus_map_and_hostile_names(chromium, tmp_path):
    mv = map_view(tiny(names=(*HOSTILE, "Upplands Väsby", "Vallentuna", "Nowhere")),
                  collaboration="s1", focus="a")
    path = tmp_path / "hostile.html"
    path.write_text(_page(map_svg(mv, width=900, height=600, title=HOSTILE[0]), "hostile"),
                    encoding="utf-8")
    page, requests, console, errors = _visit(chromium, path, "map-hostile.png")
    assert requests == [] and errors == []
    assert [c for c in console if c[0] == "error"] == []
    assert page.locator("script").count() == 0 and page.locator("img").count() == 0
    titles = page.locator("svg.gm-map title").all_text_contents()
    assert HOSTILE[0] in titles  # shown as text
    assert any(HOSTILE[1] in t for t in titles)
    # c has no place: it is listed under the legend, as text
    assert "Not on the map" in page.locator("svg.gm-map").text_content()
    assert HOSTILE[2] in page.locator("svg.gm-map").text_content()
    assert page.evaluate("window.__pwned === undefined")
    page.close()


def test_focused_map_screenshot(chromium, tmp_path):
    model = gm.load(REPO / "data" / "nordic")
    mv = map_view(model, color_by="home_council", collaboration="tbrt", focus=["no-5035"])
    path = tmp_path / "focus.html"
    path.write_text(_page(map_svg(mv, width=1180, height=840, title="Stjørdal"), "focus"),
                    encoding="utf-8")
    page, requests, console, errors = _visit(chromium, path, "map-focus.png")
    assert requests == [] and errors == [] and not [c for c in console if c[0] == "error"]
    assert page.locator("svg.gm-map line").count() > 10
    page.close()
