"""The Change page in a real browser: two dates, then a what-if built by clicking.

Starts ``streamlit run app.py`` on a free port and drives the system Chromium
(``/usr/bin/chromium``, never a downloaded browser) with Playwright. Screenshots go to
``tests/screenshots/change*.png`` (git-ignored) for a person to look at. Skipped, with
the reason, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
BEFORE_FRAME = 'iframe[title="Network before the change"]'
AFTER_FRAME = 'iframe[title="Network after the change"]'
# How many canvas pixels are painted (alpha > 0): vis-network draws on a transparent canvas.
PAINTED = """c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 16) { if (d[i] > 0) n++; }
  return n;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer on {url} within {timeout} s")


@pytest.fixture(scope="module")
def server():
    if not CHROMIUM.exists():
        print(f"SKIP reason: {CHROMIUM} is not installed")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = open(SHOTS / "server.log", "w")  # noqa: SIM115 - closed in the finally below
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
         "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if log:
            log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        # One context for the module: its HTTP cache keeps Streamlit's own scripts after the
        # first page, as a returning visitor's browser would (the first test starts empty).
        context = b.new_context()
        try:
            yield context
        finally:
            context.close()
            b.close()


def _new_page(browser, width: int, height: int):
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": height})
    return page


def _wait_painted(page, frame: str, timeout: float = 60) -> None:
    canvas = page.frame_locator(frame).locator("canvas").first
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):  # the frame may be replaced by a rerun
            if canvas.count() and canvas.evaluate(PAINTED) > 200:
                return
        time.sleep(0.05)
    raise TimeoutError(f"{frame} was not drawn")


def _assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert "This app has encountered an error" not in body


def _settle(page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(400)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=60000)


def _type_into(page, label: str, text: str) -> None:
    box = page.locator('[data-testid="stTextInput"]').filter(has_text=label).locator("input")
    box.fill(text)
    box.press("Enter")
    _settle(page)


def _choose(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    page.wait_for_timeout(800)  # the choice reruns the page
    _settle(page)


def test_change_page_two_dates_then_a_what_if(server, browser):
    errors: list[str] = []
    page = _new_page(browser, 1440, 1600)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server}/change", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Change").first.wait_for(timeout=60000)
        _settle(page)
        _type_into(page, "From", "2008")
        _type_into(page, "To", "2024-01-01")
        _assert_no_exception(page)
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30000)
        body = page.locator("body").inner_text()
        assert "Agreements formed" in body and "What changed" in body
        _wait_painted(page, BEFORE_FRAME)
        _wait_painted(page, AFTER_FRAME)
        page.screenshot(path=str(SHOTS / "change-dates.png"), full_page=True)

        # the what-if, by clicking: Malvik leaves Trondheimsregionen
        page.locator("button").filter(has_text="What if").first.click()
        _settle(page)
        _choose(page, "Municipality", "Malvik")
        _choose(page, "Agreement", "Trondheimsregionen")
        page.screenshot(path=str(SHOTS / "change-whatif-building.png"), full_page=True)
        page.locator("button").filter(has_text="Add this change").first.click()
        page.get_by_text("What-if in use").first.wait_for(timeout=60000)
        _settle(page)
        _assert_no_exception(page)
        body = page.locator("body").inner_text()
        assert "What-if in use" in body
        assert "1. Malvik leaves Trondheimsregionen" in body
        assert "Memberships left" in body
        _wait_painted(page, BEFORE_FRAME)
        _wait_painted(page, AFTER_FRAME)
        page.screenshot(path=str(SHOTS / "change-whatif.png"), full_page=True)

        page.get_by_role("tab", name="Timeline").click()
        _settle(page)
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "change-timeline.png"), full_page=True)
        _assert_no_exception(page)
        assert not errors, errors
    finally:
        page.close()
