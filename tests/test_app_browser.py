"""The explorer in a real browser: the network draws, a filter redraws it, nothing breaks.

Starts ``streamlit run app.py`` on a free port and drives the system Chromium
(``/usr/bin/chromium``, never a downloaded browser) with Playwright. Screenshots go to
``tests/screenshots/`` (git-ignored) for a person to look at. Skipped, with the reason,
when Chromium or Playwright is missing.
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
NETWORK_FRAME = 'iframe[title="Network of municipalities and their collaborations"]'

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
        try:
            yield b
        finally:
            b.close()


def _wait_drawn(page, timeout: float = 30) -> float:
    """Wait until the network canvas inside the iframe is painted; seconds waited."""
    start = time.perf_counter()
    canvas = page.frame_locator(NETWORK_FRAME).locator("canvas").first
    canvas.wait_for(state="attached", timeout=timeout * 1000)
    while time.perf_counter() - start < timeout:
        with contextlib.suppress(Exception):  # the frame may be replaced by a rerun
            if canvas.evaluate(PAINTED) > 200:
                return time.perf_counter() - start
        time.sleep(0.05)
    raise TimeoutError("the network was not drawn")


def _assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert "This app has encountered an error" not in body


def _settle(page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30000)


def test_network_draws_and_redraws(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1440, "height": 1300})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        t0 = time.perf_counter()
        page.goto(f"{server}/", wait_until="domcontentloaded")
        _wait_drawn(page, timeout=60)
        cold = time.perf_counter() - t0
        _settle(page)
        _assert_no_exception(page)
        page.screenshot(path=str(SHOTS / "network.png"), full_page=True)

        t0 = time.perf_counter()
        page.reload(wait_until="domcontentloaded")
        _wait_drawn(page)
        warm = time.perf_counter() - t0
        _settle(page)

        # change a filter: sector = child welfare
        sector = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
            has_text="Sector")
        sector.locator("input").click()
        page.keyboard.type("Child welfare")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.wait_for_url("**sector=child_welfare**", timeout=30000)
        _settle(page)
        redraw = _wait_drawn(page)
        _assert_no_exception(page)
        page.screenshot(path=str(SHOTS / "network-child-welfare.png"), full_page=True)

        # focus on one municipality, two steps out
        page.goto(f"{server}/?focus=no-5035&depth=2&color=sector",
                  wait_until="domcontentloaded")
        _wait_drawn(page, timeout=60)
        _settle(page)
        _assert_no_exception(page)
        page.screenshot(path=str(SHOTS / "network-focus.png"), full_page=True)

        print(f"\nnetwork drawn: cold {cold:.2f} s (first request after server start), "
              f"warm {warm:.2f} s (page reload), after a filter change {redraw:.2f} s")
        assert not errors, f"console errors: {errors}"
    finally:
        page.close()


@pytest.mark.parametrize("path", ["overlap", "fragmentation", "profile?actor=no-5032",
                                  "data", "share", "?present=1&title=Selbu&focus=no-5032"])
def test_other_pages_render(server, browser, path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1440, "height": 1300})
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server}/{path}", wait_until="domcontentloaded")
        page.locator("h1").first.wait_for(timeout=60000)
        _settle(page)
        page.wait_for_timeout(800)  # charts finish their first paint
        _assert_no_exception(page)
        name = (path.split("?")[0] or "network") + ("-present" if "present" in path else "")
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        assert not errors, f"page errors: {errors}"
    finally:
        page.close()
