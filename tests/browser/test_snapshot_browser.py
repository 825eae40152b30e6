"""The snapshot in a real browser: opens from disk offline, draws, runs no data as code.

Drives the system Chromium (/usr/bin/chromium) through Playwright; skipped where there is
none. Screenshots go to tests/screenshots/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from drawing.test_render import HOSTILE_IMG, HOSTILE_SCRIPT, tiny
from harness import CLEAN, SHOTS, FilePage

from graphmodel.drawing.network import view_graph
from graphmodel.drawing.network_html import network_html
from graphmodel.share.snapshot import snapshot_html
from graphmodel.share.view import View

pytestmark = pytest.mark.browser


class Visit(FilePage):
    """A snapshot opened offline (:class:`browser.FilePage`), once its network is drawn."""

    def __init__(self, chromium, path: Path, viewport=(1366, 900)):
        super().__init__(chromium, path, viewport)
        self.page.wait_for_selector(".gm-network[data-ready='1']", timeout=15_000)

    def node_count(self) -> int:
        return self.page.evaluate("window.gmNetwork.body.data.nodes.length")


def hover_node(page, node_id: str) -> str:
    """Move the mouse over a node; return the tooltip's text (and check it holds no markup)."""
    box = page.evaluate(
        """(id) => {
            const net = window.gmNetwork;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const r = document.querySelector('.gm-network canvas').getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""", node_id)
    page.mouse.move(box["x"], box["y"])
    tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    # the tooltip is built of DIVs holding text nodes, one per line; nothing else may appear
    tags = page.evaluate(
        "Array.from(document.querySelector('div.vis-tooltip').querySelectorAll('*'))"
        ".map(e => e.tagName)")
    assert set(tags) <= {"DIV"}
    return tip.inner_text()


def test_snapshot_in_chromium(chromium, tmp_path):
    m = tiny({"a": HOSTILE_IMG, "b": HOSTILE_SCRIPT, "R": "Værnes <b>råd</b>",
              "s2": "Brann og redning – Ålesund"})
    view = View.for_model(m, title="Snapshot: " + HOSTILE_SCRIPT,
                          note="Til formannskapet.\n\nØ, æ og å skal vises riktig.",
                          filters={"kinds": ["council", "network", "service"]})
    vg = view_graph(m, **view.view_graph_kwargs())
    path = tmp_path / "snapshot.html"
    path.write_text(snapshot_html(m, view, made_at="2024-05-01 10:00"), encoding="utf-8")
    visit = Visit(chromium, path)
    page = visit.page
    visit.screenshot("snapshot_tiny.png")

    assert visit.node_count() == len(vg.nodes) == 9
    assert page.title() == "Snapshot: " + HOSTILE_SCRIPT
    assert page.locator("h1").inner_text() == "Snapshot: " + HOSTILE_SCRIPT
    body = page.locator("body").inner_text()
    assert HOSTILE_IMG in body and "Værnes <b>råd</b>" in body
    assert "Ø, æ og å skal vises riktig." in body
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelectorAll('b').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert visit.problems() == CLEAN

    # tooltips are plain text, even for hostile names
    assert hover_node(page, "a").startswith(HOSTILE_IMG)
    assert visit.problems() == CLEAN

    # clicking a node fades the rest; "Show all" brings it back
    page.click("#network-fit")
    assert visit.problems() == CLEAN
    page.close()


def test_network_html_in_chromium(chromium, tmp_path):
    m = tiny({"b": HOSTILE_SCRIPT})
    vg = view_graph(m, view="actors")
    path = tmp_path / "network.html"
    path.write_text(network_html(vg, title="Nettverk"), encoding="utf-8")
    visit = Visit(chromium, path, viewport=(900, 700))
    assert visit.node_count() == len(vg.nodes) == 4
    assert visit.page.title() == "Nettverk"
    assert visit.page.evaluate("window.gmNetwork.body.data.edges.length") == len(vg.edges)
    assert HOSTILE_SCRIPT in hover_node(visit.page, "b")
    assert visit.problems() == CLEAN
    visit.page.close()


def test_nordic_snapshot_in_chromium(chromium, tmp_path):
    data = Path(__file__).resolve().parents[2] / "data" / "nordic"
    if not (data / "actors.csv").exists():
        pytest.skip("data/nordic is not there yet")
    from graphmodel.data.load import load

    m = load(data)
    view = View.for_model(m, title="Værnesregionen og naboene",
                          note="Stjørdal og Malvik er med i både Værnesregionen og "
                               "Trondheimsregionen.", focus=["vr-rad"], depth=2,
                          filters={"kinds": ["council", "network", "service"]})
    vg = view_graph(m, **view.view_graph_kwargs())
    path = tmp_path / "nordic.html"
    path.write_text(snapshot_html(m, view, made_at="2024-05-01 10:00"), encoding="utf-8")
    visit = Visit(chromium, path)
    visit.screenshot("snapshot_nordic.png")
    visit.page.locator(".figure").screenshot(path=str(SHOTS / "snapshot_nordic_network.png"))
    if os.environ.get("GM_PRINT_PDF"):  # optional: how it prints
        visit.page.pdf(path=str(SHOTS / "snapshot_nordic.pdf"), format="A4")
    assert visit.node_count() == len(vg.nodes)
    assert "Stjørdal" in visit.page.locator("body").inner_text()
    assert visit.problems() == CLEAN
    visit.page.close()


HOSTILE_TEXTS = {
    "a": "<script>alert(1)</script>",
    "b": '"><img src=x onerror=alert(2)>',
    "c": "![q](http://127.0.0.1:8999/x.png)",
    "d": "[link](javascript:alert(3))",
    "R": '=HYPERLINK("http://127.0.0.1:8999/h","klikk")',
    "s1": "<a href=http://127.0.0.1:8999/a>a</a>",
    "s2": "**fet** <iframe src=http://127.0.0.1:8999/f>",
}


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_hostile_snapshot_sends_nothing_and_shows_text_only(chromium, tmp_path, lang):
    """Names, title and note that try HTML, Markdown and formulas: shown as text, no request
    leaves, no img/a/iframe element is made from them, no console error."""
    m = tiny(HOSTILE_TEXTS)
    view = View.for_model(m, title=HOSTILE_TEXTS["c"], note=HOSTILE_TEXTS["d"] + "\n\n"
                          + HOSTILE_TEXTS["b"], lang=lang,
                          filters={"kinds": ["council", "network", "service"]})
    path = tmp_path / f"hostile_{lang}.html"
    path.write_text(snapshot_html(m, view, made_at="2024-05-01 10:00"), encoding="utf-8")
    visit = Visit(chromium, path)
    page = visit.page
    assert page.evaluate("document.querySelectorAll('img, a, iframe, object, embed').length") == 0
    body = page.locator("body").inner_text()
    for key in ("a", "b", "c", "d"):  # municipalities: in the tables as well
        assert HOSTILE_TEXTS[key] in body, key
    for node in ("a", "b", "c", "d", "s2"):
        assert hover_node(page, node).startswith(HOSTILE_TEXTS[node])
    page.mouse.click(10, 10)
    assert page.evaluate("document.querySelectorAll('img, a, iframe, object, embed').length") == 0
    assert visit.problems() == CLEAN
    page.close()


def test_selbu_in_norwegian_in_chromium(chromium, tmp_path):
    """The Selbu snapshot in nb: a screenshot for a human (tests/screenshots/)."""
    data = Path(__file__).resolve().parents[2] / "data" / "nordic"
    if not (data / "actors.csv").exists():
        pytest.skip("data/nordic is not there yet")
    from graphmodel.data.load import load

    m = load(data)
    view = View.for_model(m, focus=["no-5032"], depth=2, lang="nb")
    path = tmp_path / "selbu.html"
    path.write_text(snapshot_html(m, view, made_at="2026-11-29 10:00"), encoding="utf-8")
    visit = Visit(chromium, path)
    visit.screenshot("snapshot_selbu_nb.png")
    body = visit.page.locator("body").inner_text()
    assert "Nøkkeltall" in body and "Tegnforklaring" in body and "0,67" in body
    assert visit.problems() == CLEAN
    visit.page.close()
