"""The map in a snapshot: the View's ``picture``, the HTML page with its inline SVG under a
strict Content-Security-Policy, PNG and PDF, the command line, and a real browser (issue 13)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from harness import CLEAN, FilePage

import graphmodel as gm
from graphmodel import cli
from graphmodel.errors import SpecError, UnknownIdError
from graphmodel.share.snapshot import snapshot_html, snapshot_image, strict_csp, write_snapshot
from graphmodel.share.view import View

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "</script><script>alert(1)</script>"


def hostile() -> gm.Model:
    """Malvik (NO 5031) and Stockholm (SE 0180) under hostile names, one shared agreement,
    and a third municipality with no code and no coordinates (listed, never dropped)."""
    return gm.Model.from_frames(
        pd.DataFrame({"id": ["m", "s", "u"], "name": [HOSTILE_IMG, HOSTILE_SCRIPT, "Utopia"],
                      "kind": "municipality", "country": ["NO", "SE", "NO"],
                      "code": ["5031", "0180", ""]}),
        pd.DataFrame({"id": ["x"], "name": ['"><svg onload=alert(2)>'], "kind": "service",
                      "host": ["m"]}),
        pd.DataFrame({"actor": ["m", "s", "u"], "collaboration": "x"}),
        name="hostile",
    )


def attributes(page: str) -> set[str]:
    """Every attribute name in the page's elements (escaped text is not an element)."""
    from html.parser import HTMLParser

    seen: set[str] = set()

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.update(name for name, _ in attrs)

    Parser().feed(page)
    return seen


# --------------------------------------------------------------------------- the view


def test_a_network_view_writes_the_same_json_as_before_the_map():
    v = View(dataset="nordic", data_hash="1" * 64)
    assert "picture" not in v.to_json() and "map_color" not in v.to_json()
    assert list(json.loads(v.to_json())) == [
        "schema_version", "dataset", "data_hash", "as_of", "view", "filters", "focus",
        "depth", "color_by", "size_by", "title", "note"]


def test_the_map_is_recorded_in_json_and_in_the_link():
    v = View(picture="map", map_color="strategy", agreement="x", focus=("m",))
    d = json.loads(v.to_json())
    assert (d["picture"], d["map_color"], d["agreement"]) == ("map", "strategy", "x")
    q = v.to_query_params()
    assert (q["picture"], q["color"], q["agreement"]) == ("map", "strategy", "x")
    assert View.from_query_params(q) == v == View.from_json(v.to_json())
    assert v.map_view_kwargs()["color_by"] == "strategy"
    assert v.map_view_kwargs()["collaboration"] == "x"
    assert v.map_view_kwargs()["actor_kinds"] == ("municipality",)


@pytest.mark.parametrize("values, message", [
    ({"picture": "globe"}, "unknown picture 'globe'"),
    ({"map_color": "kind"}, "unknown map_color 'kind'"),
    ({"agreement": ["a", "b"]}, "agreement must be text"),
    ({"agreement": "x" * 201}, "at most 200"),
    ({"picture": "map", "compare_as_of": "2016"}, "two networks side by side"),
])
def test_bad_map_fields_are_refused(values, message):
    with pytest.raises(SpecError, match=re.escape(message)):
        View(**values)


def test_the_map_colours_are_the_libraries():
    from graphmodel.drawing.map import COLOR_BY

    assert gm.View.__dataclass_fields__["map_color"].default in COLOR_BY
    from graphmodel.share.view import MAP_COLORS
    assert MAP_COLORS == COLOR_BY


def test_an_unknown_agreement_is_an_unknown_id():
    with pytest.raises(UnknownIdError, match="nope"):
        snapshot_html(hostile(), View(picture="map", agreement="nope"))


# --------------------------------------------------------------------------- the page


def test_the_map_page_is_inline_svg_escaped_and_requests_nothing():
    page = snapshot_html(hostile(), View(picture="map", title="<b>T</b>"),
                         made_at="2026-01-01 10:00")
    assert page.count("<svg") >= 1 and 'class="gm-map"' in page
    for bad in (HOSTILE_IMG, HOSTILE_SCRIPT, "<svg onload", "<b>T</b>"):
        assert bad not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    # no script runs, no request: no src/href attribute, no url(), CSP without unsafe-inline
    assert not re.search(r"<script(?![^>]*application/json)", page)
    assert not ({"src", "href", "xlink:href", "srcset", "action"} & attributes(page))
    assert "url(" not in page.replace("url(#gm-map-clip)", "")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "script-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    # two municipalities drawn as shapes, the third listed as not placed
    assert len(re.findall(r'<path d="[^"]+" fill="#[0-9a-f]{6}"[^>]* data-id="[ms]"', page)) == 2
    assert "Utopia" in page


def test_the_csp_allows_exactly_the_page_style_and_the_svg_style_attributes():
    import base64
    import hashlib

    def h(text):
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    csp = strict_csp("p{}", '<svg style="a:1"><g style="b:&amp;2"></g></svg>')
    assert f"style-src {h(chr(10) + 'p{}' + chr(10))}' 'unsafe-hashes' " in csp
    assert h("a:1") + "'" in csp and h("b:&2") + "'" in csp
    assert "unsafe-hashes" not in strict_csp("p{}", "<svg></svg>")


def test_the_page_style_hash_matches_the_rendered_style_element():
    import base64
    import hashlib

    page = snapshot_html(hostile(), View(picture="map"))
    css = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in page


@pytest.mark.parametrize("lang, words", [("nb", "Kart over samarbeid"),
                                         ("sv", "Karta över samverkan")])
def test_the_map_page_speaks_the_views_language(lang, words):
    page = snapshot_html(hostile(), View(picture="map", lang=lang))
    assert f'<html lang="{lang}">' in page and words in page


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF-")])
def test_png_and_pdf_of_the_map(tmp_path, fmt, magic):
    out = write_snapshot(hostile(), View(picture="map", title=HOSTILE_SCRIPT),
                         tmp_path / f"m.{fmt}")
    assert out.read_bytes().startswith(magic)
    assert snapshot_image(hostile(), View(picture="map"), None, fmt).startswith(magic)


def test_the_json_of_a_map_view_reads_back(tmp_path):
    out = write_snapshot(hostile(), View(picture="map", map_color="agreements"),
                         tmp_path / "m.json")
    v = gm.read_view(out)
    assert (v.picture, v.map_color, v.dataset) == ("map", "agreements", "hostile")


# --------------------------------------------------------------------------- the CLI


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_map_html(tmp_path, capsys):
    out = tmp_path / "m.html"
    code, _, err = run(capsys, "snapshot", NORDIC, "--picture", "map", "--color-by",
                       "home_council", "--agreement", "lister-barnevern", "-o", out)
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert 'class="gm-map"' in page and "script-src 'none'" in page
    view = json.loads(re.search(r'id="gm-view">(.*?)</script>', page, re.DOTALL).group(1))
    assert (view["picture"], view["map_color"], view["agreement"]) == (
        "map", "home_council", "lister-barnevern")


# --------------------------------------------------------------------------- a browser


def visit(chromium, path: Path, shot: str):
    """Open ``path`` with every other request aborted; a screenshot ``shot`` once it has
    loaded; return (page, what went wrong: :meth:`browser.FilePage.problems`)."""
    opened = FilePage(chromium, path, (1366, 900))
    opened.page.wait_for_timeout(300)
    opened.screenshot(shot)
    return opened.page, opened.problems()


@pytest.mark.browser
def test_nordic_map_offline_in_chromium(chromium, tmp_path, capsys):
    out = tmp_path / "m.html"
    code, _, err = run(capsys, "snapshot", NORDIC, "--picture", "map", "-o", out)
    assert code == 0, err
    model = gm.load(NORDIC)
    mv = gm.map_view(model, **View(picture="map").map_view_kwargs())
    assert set(mv.shapes["country"]) == {"NO", "SE"}
    page, problems = visit(chromium, out, "snapshot-map-nordic.png")
    try:
        assert problems == CLEAN
        drawn = page.evaluate("""() => Array.from(
            document.querySelectorAll('svg.gm-map path[data-id]')).map(p => {
                const b = p.getBBox(); return [p.getAttribute('data-id'), b.width, b.height];
            })""")
        ids = {i for i, w, h in drawn if w > 1 and h > 1}  # real shapes, not specks
        assert ids == set(mv.shapes["id"])
        for country in ("NO", "SE"):
            assert ids & set(mv.shapes.loc[mv.shapes["country"] == country, "id"])
        assert page.evaluate("document.querySelectorAll('script:not([type])').length") == 0
    finally:
        page.close()


@pytest.mark.browser
def test_hostile_names_on_the_map_are_text(chromium, tmp_path):
    out = write_snapshot(hostile(), View(picture="map", title=HOSTILE_IMG, agreement="x",
                                         focus=("m",)), tmp_path / "h.html")
    page, problems = visit(chromium, out, "snapshot-map-hostile.png")
    try:
        assert problems == CLEAN
        assert page.evaluate("document.querySelectorAll('img, iframe, object').length") == 0
        assert page.evaluate("document.querySelectorAll('script:not([type])').length") == 0
        assert page.title() == HOSTILE_IMG
        titles = page.evaluate("""() => Array.from(document.querySelectorAll(
            'svg.gm-map path[data-id] > title')).map(t => t.textContent)""")
        assert any(t.startswith(HOSTILE_IMG) for t in titles)
        assert any(t.startswith(HOSTILE_SCRIPT) for t in titles)
        assert HOSTILE_IMG in page.inner_text("h1")
    finally:
        page.close()
