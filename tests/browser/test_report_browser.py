"""Briefing pages in a real browser: `graphmodel report` output opens offline, asks for nothing.

Drives the system Chromium (/usr/bin/chromium) through Playwright; skipped where there is
none. Every request other than the file itself is aborted and recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from briefing.test_briefing import hostile
from harness import FilePage

from graphmodel.briefing.pages import write_report
from graphmodel.cli import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NORDIC = ROOT / "data" / "nordic"
SAMPLE = ["no-5033", "no-5001", "no-5035", "no-5031", "se-0180"]  # Tydal, Trondheim, …


def visit(chromium, path: Path) -> FilePage:
    """Open ``path`` with every other request aborted and recorded."""
    return FilePage(chromium, path, (1200, 900))


def noise(visit: FilePage) -> dict[str, list]:
    """The requests made, every console message (of any kind) and the page errors."""
    return {"requests": visit.requests, "console": visit.console, "errors": visit.errors}


QUIET = {"requests": [], "console": [], "errors": []}


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
def test_pages_open_offline(chromium, nordic_report, item):
    opened = visit(chromium, nordic_report / f"{item}.html")
    page = opened.page
    try:
        assert noise(opened) == QUIET
        assert page.locator("h1").inner_text()
        assert page.locator("section.brief p").count() >= 3
        assert page.locator("svg.gm-map").count() == 1 and page.locator("svg.gm-net").count() == 1
        assert page.locator("script").count() == 0
    finally:
        page.close()


def test_index_searches_and_sorts(chromium, nordic_report):
    opened = visit(chromium, nordic_report / "index.html")
    page = opened.page
    try:
        assert noise(opened) == QUIET
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
        assert noise(opened) == QUIET
    finally:
        page.close()


def test_hostile_names_are_text_in_the_browser(chromium, tmp_path):
    report = write_report(hostile(), tmp_path / "h", lang="en", since="2000")
    dialogs = []
    for _, path in list(report.pages) + [(None, report.index)]:
        opened = visit(chromium, path)
        page = opened.page
        try:
            assert noise(opened) == QUIET
            assert page.locator("img, iframe, a[href^='//'], b:text('src')").count() == 0
            text = page.locator("body").inner_text()
            assert "<script>alert(1)</script>" in text or "<img src=x" in text \
                or "{n} {__class__}" in text
        finally:
            dialogs += opened.dialogs
            page.close()
    assert dialogs == []
