"""Briefing pages in a real browser: `graphmodel report` output opens offline, asks for nothing.

Drives the system Chromium (/usr/bin/chromium) through Playwright; skipped where there is
none. Every request other than the file itself is aborted and recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_briefing import hostile

from graphmodel.cli import main
from graphmodel.report import write_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NORDIC = ROOT / "data" / "nordic"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SAMPLE = ["no-5033", "no-5001", "no-5035", "no-5031", "se-0180"]  # Tydal, Trondheim, …


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (install it with apt; no browser is downloaded)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def visit(browser, path: Path):
    """Open ``path``; return (page, requests made, console messages and page errors)."""
    url = path.resolve().as_uri()
    requests, console = [], []
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: console.append(("pageerror", str(e))))

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url)
    page.wait_for_load_state("load")
    return page, requests, console


@pytest.fixture(scope="module")
def nordic_report(tmp_path_factory):
    if not NORDIC.exists():
        pytest.skip("data/nordic is missing")
    out = tmp_path_factory.mktemp("report")
    code = main(["report", str(NORDIC), "--per", "municipality", "--lang", "nb",
                 "--since", "2015", "-o", str(out)])
    assert code == 0
    return out


def test_one_page_per_municipality_and_an_index(nordic_report):
    import graphmodel as gm

    kept = gm.metrics_table(gm.load(NORDIC), "actors")["id"]
    files = {p.name for p in nordic_report.iterdir()}
    assert files == {f"{i}.html" for i in kept} | {"index.html"}


@pytest.mark.parametrize("item", SAMPLE)
def test_pages_open_offline(browser, nordic_report, item):
    page, requests, console = visit(browser, nordic_report / f"{item}.html")
    try:
        assert requests == [] and console == []
        assert page.locator("h1").inner_text()
        assert page.locator("section.brief p").count() >= 3
        assert page.locator("svg.gm-map").count() == 1 and page.locator("svg.gm-net").count() == 1
        assert page.locator("script").count() == 0
    finally:
        page.close()


def test_index_searches_and_sorts(browser, nordic_report):
    page, requests, console = visit(browser, nordic_report / "index.html")
    try:
        assert requests == [] and console == []
        rows = page.locator("#gm-index tbody tr")
        assert rows.count() == 58
        page.fill("#gm-search", "stjørdal")
        assert page.locator("#gm-index tbody tr:not([hidden])").count() == 1
        page.fill("#gm-search", "")
        page.click("#gm-index thead th:nth-child(3) button")  # agreements, most first
        first = page.locator("#gm-index tbody tr").first.locator("td").nth(2).inner_text()
        values = [int(t) for t in page.locator("#gm-index tbody tr td:nth-child(3)")
                  .all_inner_texts()]
        assert int(first) == max(values) and values == sorted(values, reverse=True)
        assert requests == [] and console == []
    finally:
        page.close()


def test_hostile_names_are_text_in_the_browser(browser, tmp_path):
    report = write_report(hostile(), tmp_path / "h", lang="en", since="2000")
    dialogs = []
    for _, path in list(report.pages) + [(None, report.index)]:
        page, requests, console = visit(browser, path)
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            assert requests == [] and console == []
            assert page.locator("img, iframe, a[href^='//'], b:text('src')").count() == 0
            text = page.locator("body").inner_text()
            assert "<script>alert(1)</script>" in text or "<img src=x" in text \
                or "{n} {__class__}" in text
        finally:
            page.close()
    assert dialogs == []
