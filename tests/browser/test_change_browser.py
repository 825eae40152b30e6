"""The Change page in a real browser: two dates, then a what-if built by clicking.

Starts ``streamlit run app.py`` on a free port and drives the system Chromium
(``/usr/bin/chromium``, never a downloaded browser) with Playwright. Screenshots go to
``tests/screenshots/change*.png`` (git-ignored) for a person to look at. Skipped, with
the reason, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from harness import PAINTED, SHOTS, assert_no_exception, collect_errors, settle, streamlit_app

pytestmark = pytest.mark.browser

BEFORE_FRAME = 'iframe[title="Network before the change"]'
AFTER_FRAME = 'iframe[title="Network after the change"]'


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    with streamlit_app(tmp_path_factory.mktemp("change-ws")) as url:
        yield url


def _wait_painted(page, frame: str, timeout: float = 60) -> None:
    canvas = page.frame_locator(frame).locator("canvas").first
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the frame may be replaced by a rerun
            if canvas.count() and canvas.evaluate(PAINTED) > 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"{frame} was not drawn")


def _type_into(page, label: str, text: str) -> None:
    box = page.locator('[data-testid="stTextInput"]').filter(has_text=label).locator("input")
    box.fill(text)
    box.press("Enter")
    settle(page, rerun=True)


def _choose(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    settle(page, rerun=True)  # the choice reruns the page


def test_change_page_two_dates_then_a_what_if(server, chromium):
    page = chromium.new_page(viewport={"width": 1440, "height": 1600})
    errors = collect_errors(page, console=False)
    try:
        page.goto(f"{server}/change", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Change").first.wait_for(timeout=60000)
        settle(page)
        _type_into(page, "From", "2008")
        _type_into(page, "To", "2024-01-01")
        assert_no_exception(page)
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30000)
        body = page.locator("body").inner_text()
        assert "Agreements formed" in body and "What changed" in body
        _wait_painted(page, BEFORE_FRAME)
        _wait_painted(page, AFTER_FRAME)
        page.screenshot(path=str(SHOTS / "change-dates.png"), full_page=True)

        # the what-if, by clicking: Malvik leaves Trondheimsregionen
        page.locator("button").filter(has_text="What if").first.click()
        settle(page)
        _choose(page, "Municipality", "Malvik")
        _choose(page, "Agreement", "Trondheimsregionen")
        page.screenshot(path=str(SHOTS / "change-whatif-building.png"), full_page=True)
        page.locator("button").filter(has_text="Add this change").first.click()
        page.get_by_text("What-if in use").first.wait_for(timeout=60000)
        settle(page)
        assert_no_exception(page)
        body = page.locator("body").inner_text()
        assert "What-if in use" in body
        assert "1. Malvik leaves Trondheimsregionen" in body
        assert "Memberships left" in body
        _wait_painted(page, BEFORE_FRAME)
        _wait_painted(page, AFTER_FRAME)
        page.screenshot(path=str(SHOTS / "change-whatif.png"), full_page=True)

        page.get_by_role("tab", name="Timeline").click()
        settle(page)
        page.locator('[data-testid="stVegaLiteChart"]:visible').first.locator(
            "canvas, svg").first.wait_for(timeout=30000)  # the chart is drawn
        page.screenshot(path=str(SHOTS / "change-timeline.png"), full_page=True)
        assert_no_exception(page)
        assert not errors, errors
    finally:
        page.close()
